import Hummingbird
import ServiceKit

/// The deputy's pages: `/ledger`, `/opinions/new`, `/opinions/{id}` and its triage form, and
/// `/suggestions` (list, draft, one suggestion with confirm and submit). Their
/// home (待办) is `/`, which the sign-in routes hand to `DeputyPages.home` for a deputy.
func addDeputyPages(to router: Router<ServiceRequestContext>, deputy: DeputyPages) {

    router.get("ledger") { request, _ in
        try await deputy.deputyPage(request) { _, account in try await deputy.ledger(request, account: account) }
    }

    router.get("opinions/new") { request, _ in
        try await deputy.deputyPage(request) { session, account in try await deputy.recordPage(session: session, account: account) }
    }

    router.post("opinions/new") { request, _ in
        try await deputy.deputyPage(request) { session, account in try await deputy.record(request, session: session, account: account) }
    }

    router.get("opinions/{id}") { request, context in
        let id = try context.parameters.require("id")
        return try await deputy.deputyPage(request) { session, account in
            let query = request.uri.queryParameters
            var notice = query.get("done").flatMap { DeputyPages.triageNotices[$0] }
            if let receipt = query.get("receipt").flatMap(nonEmpty), notice != nil {
                notice! += "回执码 \(receipt)，请告诉群众，凭它可以查询办理进展。"
            }
            return try await deputy.opinion(id, session: session, account: account, notice: notice)
        }
    }

    router.post("opinions/{id}/triage") { request, context in
        let id = try context.parameters.require("id")
        return try await deputy.deputyPage(request) { session, account in try await deputy.triage(request, id: id, session: session, account: account) }
    }

    router.get("suggestions") { request, _ in
        try await deputy.deputyPage(request) { _, account in try await deputy.suggestions(account: account) }
    }

    router.get("suggestions/new") { request, _ in
        try await deputy.deputyPage(request) { session, account in try await deputy.draftPage(session: session, account: account) }
    }

    router.post("suggestions/new") { request, _ in
        try await deputy.deputyPage(request) { session, account in try await deputy.draft(request, session: session, account: account) }
    }

    router.get("suggestions/{id}") { request, context in
        let id = try context.parameters.require("id")
        return try await deputy.deputyPage(request) { session, account in
            let notice = request.uri.queryParameters.get("done").flatMap { DeputyPages.suggestionNotices[$0] }
            return try await deputy.suggestion(id, session: session, account: account, notice: notice)
        }
    }

    for action in ["confirm", "submit"] {
        router.post("suggestions/{id}/\(action)") { request, context in
            let id = try context.parameters.require("id")
            return try await deputy.deputyPage(request) { session, account in
                try await deputy.suggestionAction(request, id: id, action: action, session: session, account: account)
            }
        }
    }
}
