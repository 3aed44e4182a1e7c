import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The category a procuratorial suggestion's field belongs to in the ledger.
let categoryForField: [String: String] = [
    "ecology": "environment", "foodDrug": "marketRegulation", "workSafety": "publicSafety", "minors": "education",
    "agriProducts": "marketRegulation", "accessibility": "urbanConstruction", "culturalRelics": "cultureSports",
]

/// `ProcuratorialProposalReceived`: the procuratorate's suggestion becomes a draft with the id the
/// bridge chose, waiting for a deputy to take it up.
func proposalHandlers() -> [MessageType: MessageHandler] {
    [
        .procuratorialProposalReceived: { envelope, db in
            let body = try decodeBody(ProcuratorialProposalBody.self, from: envelope)
            try await db.execute("""
                INSERT INTO suggestions (id, district, title, body, category, street, place, lead_deputy, status, created_at, procuratorial_proposal)
                VALUES (\(body.suggestion), \(envelope.district), \("关于督促落实检察建议：" + body.issue),
                        \(body.text + "\n\n（区人民检察院 \(body.issuedOn) 向\(body.organ)发出检察建议，书面回复期限 \(body.replyDue)。）"),
                        \(categoryForField[body.field] ?? "other"), '', NULL, '', 'proposal', \(envelope.sentAt), \(body.proposal))
                ON CONFLICT (id) DO NOTHING
                """)
        },
    ]
}

/// Deputies see the procuratorate's proposals and take one up as its lead deputy.
func addProposalRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let deputies = router.group("api/v1/suggestions")
    deputies.get("proposals") { _, context in
        let deputy = try context.requirePrincipal()
        let ids = try await database.query("""
            SELECT id FROM suggestions WHERE district = \(deputy.district) AND status = 'proposal' ORDER BY created_at DESC LIMIT 100
            """).map { try $0.string("id") }
        var views: [SuggestionView] = []
        for id in ids { if let view = try await suggestionView(database, id: id) { views.append(view) } }
        return try jsonResponse(views)
    }
    deputies.post("{id}/take-up") { _, context in
        let deputy = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard let station = try await database.queryFirst("SELECT station FROM deputies WHERE code = \(deputy.subject) AND district = \(deputy.district)"),
              let place = try await stationPlace(database, code: try station.string("station")) else {
            throw Problem.forbidden("只有本区的代表可以领衔。")
        }
        let now = Date()
        return try await commit(database) { db in
            let taken = try await db.query("""
                UPDATE suggestions SET lead_deputy = \(deputy.subject), status = 'draft', street = \(place.street)
                WHERE id = \(id) AND district = \(deputy.district) AND status = 'proposal' RETURNING id
                """)
            guard !taken.isEmpty else { throw Problem.conflict("not-a-proposal", "这份检察建议已有代表领衔，或不存在。") }
            try await db.execute("INSERT INTO suggestion_signers (suggestion_id, deputy, role, confirmed_at) VALUES (\(id), \(deputy.subject), 'lead', \(now))")
            try await environment.audit(db, actor: deputy.subject, action: "suggestion.take-up", entity: "suggestion", entityID: id)
            return try .json(try await suggestionView(db, id: id))
        }
    }
}
