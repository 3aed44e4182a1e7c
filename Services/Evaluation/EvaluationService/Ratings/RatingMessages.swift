import Contracts
import Foundation
import ServiceKit

/// What evaluation learns: the suggestion's signers (who may rate), each reply (an evaluation
/// opens for its round), and citizens' ratings of results.
func ratingHandlers() -> [MessageType: MessageHandler] {
    [
        .suggestionSubmitted: { envelope, db in
            let body = try decodeBody(SuggestionSubmittedBody.self, from: envelope)
            try await db.execute("""
                INSERT INTO suggestions (suggestion, district, title, category, street, lead_deputy, co_signers, submitted_at)
                VALUES (\(body.suggestion), \(envelope.district), \(body.confidential == true ? "（不公开）" : body.title), \(body.category),
                        \(body.street), \(body.leadDeputy), \(jsonList(body.coSigners)), \(body.submittedAt))
                ON CONFLICT (suggestion) DO NOTHING
                """)
            try await rememberDeputyNames(db, body.deputyNames ?? [:], district: envelope.district)
            try await recordFact(db, deputy: body.leadDeputy, kind: "suggestionLed", ref: body.suggestion, district: envelope.district, at: body.submittedAt)
            for coSigner in body.coSigners {
                try await recordFact(db, deputy: coSigner, kind: "suggestionCoSigned", ref: body.suggestion, district: envelope.district, at: body.submittedAt)
            }
        },
        .replySubmitted: { envelope, db in
            let body = try decodeBody(ReplySubmittedBody.self, from: envelope)
            try await db.execute("""
                INSERT INTO evaluations (case_id, round, district, suggestion, unit, unit_name, result, reply_text, lead_deputy, status, replied_at, deadline)
                VALUES (\(body.caseID), \(body.round), \(envelope.district), \(body.suggestion), \(body.unit), \(body.unitName),
                        \(body.result.rawValue), \(body.text), \(body.leadDeputy), 'open', \(body.repliedAt),
                        \(body.deadline.flatMap(CivilDay.init)?.description))
                ON CONFLICT (case_id, round) DO NOTHING
                """)
        },
        .publicRatingSubmitted: { envelope, db in
            let body = try decodeBody(PublicRatingSubmittedBody.self, from: envelope)
            try await db.execute("""
                INSERT INTO public_ratings (opinion, district, suggestion, satisfaction, rated_at)
                VALUES (\(body.opinion), \(envelope.district), \(body.suggestion), \(body.satisfaction.rawValue), \(body.ratedAt))
                ON CONFLICT (opinion) DO NOTHING
                """)
        },
        .opinionRecorded: { envelope, db in
            let body = try decodeBody(OpinionRecordedBody.self, from: envelope)
            // Only opinions a deputy recorded in person count for that deputy; citizens' own don't.
            guard let deputy = body.deputy else { return }
            if let name = body.deputyName { try await rememberDeputyNames(db, [deputy: name], district: envelope.district) }
            try await recordFact(db, deputy: deputy, kind: "opinionRecorded", ref: body.opinion, district: envelope.district, at: envelope.sentAt)
            // A reception (接待) is one day a deputy received people at a station, however many
            // opinions were heard that day.
            if body.channel == .reception {
                let day = CivilDay(envelope.sentAt)
                try await recordFact(db, deputy: deputy, kind: "receptionHeld", ref: "\(body.station)@\(day)", district: envelope.district, at: day.start)
            }
        },
        .activityRecorded: { envelope, db in
            let body = try decodeBody(ActivityRecordedBody.self, from: envelope)
            try await rememberDeputyNames(db, body.deputyNames ?? [:], district: envelope.district)
            for deputy in body.deputiesPresent {
                try await recordFact(db, deputy: deputy, kind: "activityAttended", ref: body.activity, district: envelope.district, at: body.heldAt)
            }
        },
    ]
}

func recordFact(_ db: any SQLExecutor, deputy: String, kind: String, ref: String, district: String, at: Date) async throws {
    try await db.execute("""
        INSERT INTO deputy_facts (deputy, kind, ref, district, at) VALUES (\(deputy), \(kind), \(ref), \(district), \(at))
        ON CONFLICT (deputy, kind, ref) DO NOTHING
        """)
}

