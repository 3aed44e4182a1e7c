import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Deputies draft suggestions from opinions, co-signers confirm, and the lead deputy submits:
/// submission sends `SuggestionSubmitted` to routing and evaluation through the outbox, and the
/// source opinions' status and timelines follow.
func addSuggestionRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let suggestions = router.group("api/v1/suggestions")

    suggestions.post { request, context in
        let deputy = try context.requirePrincipal()
        let input = try await request.decode(as: SuggestionDraftInput.self, context: context)
        var errors = draftErrors(input)
        guard let station = try await database.queryFirst("SELECT station FROM deputies WHERE code = \(deputy.subject) AND district = \(deputy.district)"),
              let place = try await stationPlace(database, code: try station.string("station")) else {
            throw Problem.forbidden("只有本区的代表可以起草建议。")
        }
        if try await !categoryExists(database, district: deputy.district, code: input.category) { errors["category"] = "请选择有效的类别。" }
        let coSigners = Array(Set(input.coSigners ?? []).subtracting([deputy.subject])).sorted()
        for coSigner in coSigners where try await database.queryFirst("SELECT 1 AS known FROM deputies WHERE code = \(coSigner) AND district = \(deputy.district)") == nil {
            errors["coSigners"] = "代表 \(coSigner) 不存在。"
        }
        let opinions = Array(Set(input.opinions ?? [])).sorted()
        for opinion in opinions {
            let row = try await database.queryFirst("SELECT station, status FROM opinions WHERE id = \(opinion) AND district = \(deputy.district)")
            // A deputy works from the opinions of their own station.
            if try row?.string("station") != (try station.string("station")) { errors["opinions"] = "意见 \(opinion) 不存在或不属于您所在的站点。" }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }

        let id = makeID(prefix: "sg")
        let now = Date()
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO suggestions (id, district, title, body, category, street, place, lead_deputy, status, created_at, confidential)
                VALUES (\(id), \(deputy.district), \(input.title), \(input.body), \(input.category), \(place.street), \(input.place),
                        \(deputy.subject), 'draft', \(now), \(input.confidential ?? false))
                """)
            try await db.execute("INSERT INTO suggestion_signers (suggestion_id, deputy, role, confirmed_at) VALUES (\(id), \(deputy.subject), 'lead', \(now))")
            for coSigner in coSigners {
                try await db.execute("INSERT INTO suggestion_signers (suggestion_id, deputy, role) VALUES (\(id), \(coSigner), 'cosigner')")
            }
            for opinion in opinions {
                try await db.execute("INSERT INTO suggestion_opinions (suggestion_id, opinion_id) VALUES (\(id), \(opinion))")
                try await markInSuggestion(db, opinion: opinion, at: now)
            }
            try await environment.audit(db, actor: deputy.subject, action: "suggestion.draft", entity: "suggestion", entityID: id,
                                        summary: "\(opinions.count) opinions, \(coSigners.count) co-signers")
            return try .json(try await suggestionView(db, id: id), status: .created)
        }
    }

    // Other services read a suggestion with their service token (the bridge, when staff refer it).
    router.group("internal/v1/suggestions").get("{id}") { _, context in
        guard let view = try await suggestionView(database, id: try context.parameters.require("id")) else { throw Problem.notFound("没有这条建议。") }
        return try jsonResponse(view)
    }

    suggestions.get { _, context in
        try jsonResponse(try await signedSuggestions(database, deputy: try context.requirePrincipal()))
    }

    suggestions.get("{id}") { _, context in
        let deputy = try context.requirePrincipal()
        let view = try await signedSuggestion(database, id: try context.parameters.require("id"), deputy: deputy)
        return try jsonResponse(view)
    }

    suggestions.post("{id}/confirm") { _, context in
        let deputy = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let view = try await signedSuggestion(database, id: id, deputy: deputy)
        guard view.status == "draft" else { throw Problem.conflict("suggestion-not-draft", "建议已提交，不能再附议。") }
        return try await commit(database) { db in
            try await db.execute("UPDATE suggestion_signers SET confirmed_at = \(Date()) WHERE suggestion_id = \(id) AND deputy = \(deputy.subject)")
            try await environment.audit(db, actor: deputy.subject, action: "suggestion.confirm", entity: "suggestion", entityID: id)
            return try .json(try await suggestionView(db, id: id))
        }
    }

    suggestions.post("{id}/submit") { _, context in
        let deputy = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let view = try await signedSuggestion(database, id: id, deputy: deputy)
        guard view.leadDeputy == deputy.subject else { throw Problem.forbidden("只有领衔代表可以提交建议。") }
        guard view.status == "draft" else { throw Problem.conflict("suggestion-not-draft", "建议已经提交。") }
        let waiting = view.signers.filter { !$0.confirmed }.map(\.deputy)
        guard waiting.isEmpty else {
            throw Problem.conflict("cosigners-unconfirmed", "以下附议代表尚未确认：\(waiting.joined(separator: "、"))。")
        }
        let now = Date()
        let message = try OutgoingMessage(
            .suggestionSubmitted, to: [.routing, .evaluation], district: deputy.district, entity: id,
            body: SuggestionSubmittedBody(
                suggestion: id, title: view.title, body: view.body, category: view.category, street: view.street, place: view.place,
                leadDeputy: view.leadDeputy, coSigners: view.signers.filter { $0.role == "cosigner" }.map(\.deputy),
                opinions: view.opinions, submittedAt: now, confidential: view.confidential,
                deputyNames: try await deputyNames(database, codes: view.signers.map(\.deputy))))
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            // Guarded by status so a double click cannot send the message twice.
            let updated = try await db.query("""
                UPDATE suggestions SET status = 'submitted', submitted_at = \(now) WHERE id = \(id) AND status = 'draft' RETURNING id
                """)
            guard !updated.isEmpty else { throw Problem.conflict("suggestion-not-draft", "建议已经提交。") }
            try await enqueue(message, db, at: now)
            for source in view.opinions {
                for opinion in try await opinionWithMerged(db, source) {
                    try await addTimelineStep(db, opinion: opinion, kind: "suggestionSubmitted", note: "代表建议已提交，等待交办。", at: now)
                }
            }
            try await environment.audit(db, actor: deputy.subject, action: "suggestion.submit", entity: "suggestion", entityID: id)
            return try .json(try await suggestionView(db, id: id))
        }
    }
}

/// The suggestion, if `deputy` signed it (lead or co-signer) in their own district; 404 otherwise,
/// so that others cannot even learn that it exists. The district matters: a deputy code may repeat
/// across the districts one deployment serves.
func signedSuggestion(_ db: any SQLExecutor, id: String, deputy: Principal) async throws -> SuggestionView {
    guard let view = try await suggestionView(db, id: id), view.district == deputy.district,
          view.signers.contains(where: { $0.deputy == deputy.subject }) else {
        throw Problem.notFound("没有找到这条建议。")
    }
    return view
}
