import Contracts
import Foundation
import ServiceKit

/// What routing learns from the others: a submitted suggestion gets its proposal; a returned
/// assignment puts its suggestion back in the queue for staff to route again.
func routingHandlers() -> [MessageType: MessageHandler] {
    [
        .suggestionSubmitted: { envelope, db in
            let body = try decodeBody(SuggestionSubmittedBody.self, from: envelope)
            let proposal = try await propose(db, district: envelope.district, category: body.category, street: body.street)
            try await db.execute("""
                INSERT INTO routings (suggestion, district, title, body, category, street, lead_deputy, co_signers, submitted_at, status,
                    tier, lead_unit, co_units, complex, rule_id, rule_version, reason, updated_at, confidential)
                VALUES (\(body.suggestion), \(envelope.district), \(body.title), \(body.body), \(body.category), \(body.street),
                    \(body.leadDeputy), \(jsonList(body.coSigners)), \(body.submittedAt), 'proposed', \(proposal.tier.rawValue),
                    \(proposal.leadUnit), \(jsonList(proposal.coUnits)), \(proposal.complex), \(proposal.ruleID), \(proposal.ruleVersion),
                    \(proposal.reason), \(envelope.sentAt), \(body.confidential ?? false))
                ON CONFLICT (suggestion) DO NOTHING
                """)
        },
        .assignmentReturned: { envelope, db in
            let body = try decodeBody(AssignmentReturnedBody.self, from: envelope)
            try await db.execute("""
                UPDATE assignments SET status = 'returned', return_reason = \(body.reason), returned_at = \(body.returnedAt)
                WHERE id = \(body.assignment)
                """)
            // A co-unit's return only drops that co-unit; the lead unit's return sends the whole
            // suggestion back to the queue with its reason, for staff to route and issue anew.
            let role = try await db.queryFirst("SELECT role FROM assignments WHERE id = \(body.assignment)")
            guard try role?.string("role") == "lead" else { return }
            try await db.execute("""
                UPDATE routings SET status = 'returned', return_reason = \(body.unit + "：" + body.reason), updated_at = \(body.returnedAt)
                WHERE suggestion = \(body.suggestion) AND district = \(envelope.district)
                """)
        },
    ]
}
