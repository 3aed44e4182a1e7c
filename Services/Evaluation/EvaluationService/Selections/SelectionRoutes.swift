import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// 优秀建议 / 优秀代表评选: district staff run a round (candidates, open, close, publish); the
/// members named for it vote; everyone reads published results.
func addSelectionRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, criteria: PerformanceCriteria,
                        pages: PageRenderer) {
    let database = environment.database
    let staffRoles: Set<Role> = [.districtStaff, .admin]
    let readerRoles: Set<Role> = [.districtStaff, .councilMember, .admin]

    @Sendable func staff(_ context: ServiceRequestContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        guard staffRoles.contains(principal.role) else { throw Problem.forbidden("评选由区人大常委会工作人员组织。") }
        return principal
    }

    @Sendable func round(_ context: ServiceRequestContext, district: String) async throws -> SelectionRound {
        guard let found = try await selectionRound(database, id: try context.parameters.require("id"), district: district) else {
            throw Problem.notFound("没有找到这次评选。")
        }
        return found
    }

    /// Adds candidates to a round in draft, each addition audited; answers with the round.
    @Sendable func addCandidates(_ round: SelectionRound, _ entries: [(candidate: String, label: String, reason: String)], source: String,
                                 by principal: Principal) async throws -> Response {
        let now = environment.clock.now()
        return try await commit(database) { db in
            guard let status = try await db.queryFirst("SELECT status FROM selection_rounds WHERE id = \(round.id)")?.string("status"),
                  status == SelectionStatus.draft.rawValue else {
                throw Problem.conflict("selection-not-draft", "投票开始后不能再增加候选。")
            }
            for entry in entries {
                try await db.execute("""
                    INSERT INTO selection_candidates (round, candidate, label, source, reason, added_by, added_at)
                    VALUES (\(round.id), \(entry.candidate), \(entry.label), \(source), \(entry.reason), \(principal.subject), \(now))
                    ON CONFLICT (round, candidate) DO NOTHING
                    """)
                try await environment.audit(db, actor: principal.subject, action: source == "proposed" ? "selection.propose" : "selection.nominate", entity: "selection",
                                            entityID: round.id, summary: entry.candidate)
            }
            return try .json(try await view(round.id, district: principal.district, for: principal, in: db), status: .created)
        }
    }

    /// Moves a round from one state to the next; anything else is a 409.
    @Sendable func transition(_ context: ServiceRequestContext, from: SelectionStatus, to: SelectionStatus, action: String,
                              column: String) async throws -> Response {
        let principal = try staff(context)
        let found = try await round(context, district: principal.district)
        guard found.status == from else {
            throw Problem.conflict("selection-state", "评选当前为「\(found.status.chineseName)」，不能执行此操作。")
        }
        if to == .open, found.candidates.isEmpty { throw Problem.conflict("selection-no-candidates", "还没有候选，不能开始投票。") }
        let now = environment.clock.now()
        return try await commit(database) { db in
            let moved = try await db.query("""
                UPDATE selection_rounds SET status = \(to.rawValue), \(unsafeRaw: column) = \(now)
                WHERE id = \(found.id) AND status = \(from.rawValue) RETURNING id
                """)
            guard !moved.isEmpty else { throw Problem.conflict("selection-state", "评选状态已被他人更改，请刷新后再试。") }
            try await environment.audit(db, actor: principal.subject, action: "selection.\(action)", entity: "selection", entityID: found.id)
            return try .json(try await view(found.id, district: principal.district, for: principal, in: db))
        }
    }

    /// `db`: the database, or the request's transaction when the view answers a change.
    @Sendable func view(_ id: String, district: String, for principal: Principal, in db: any SQLExecutor = database) async throws -> SelectionRound {
        guard var found = try await selectionRound(db, id: id, district: district) else { throw Problem.notFound("没有找到这次评选。") }
        if readerRoles.contains(principal.role) {
            let counted = try await tally(db, round: found)
            found.candidates = counted.candidates
            found.voters = counted.voters
        }
        if found.members.contains(principal.subject) {
            found.myVotes = try await db.query("""
                SELECT candidate FROM selection_votes WHERE round = \(id) AND member = \(principal.subject) ORDER BY candidate
                """).map { try $0.string("candidate") }
        }
        return found
    }

    let selections = router.group("api/v1/selections")

    selections.post { request, context in
        let principal = try staff(context)
        let input = try await request.decode(as: SelectionInput.self, context: context)
        var errors: [String: String] = [:]
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 { errors["title"] = "请填写评选名称（200 字以内）。" }
        if PerformancePeriod(input.period) == nil { errors["period"] = "期间应为年份（如 2026）或季度（如 2026Q3）。" }
        let members = input.members.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if members.isEmpty || members.count > 500 || Set(members).count != members.count { errors["members"] = "请列出参加投票的成员（不重复，最多 500 人）。" }
        if !(1...100).contains(input.picks) { errors["picks"] = "每人可投票数应为 1 到 100。" }
        if let awards = input.awards, !(1...100).contains(awards) { errors["awards"] = "评出数量应为 1 到 100。" }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let id = makeID(prefix: "sel"), now = environment.clock.now()
        let period = PerformancePeriod(input.period)!.text
        return try await commit(database) { db in
            try await db.execute("""
                INSERT INTO selection_rounds (id, district, kind, title, period, members, picks, awards, status, created_by, created_at)
                VALUES (\(id), \(principal.district), \(input.kind.rawValue), \(title), \(period), \(jsonList(members)), \(input.picks),
                        \(input.awards ?? input.picks), 'draft', \(principal.subject), \(now))
                """)
            try await environment.audit(db, actor: principal.subject, action: "selection.create", entity: "selection", entityID: id,
                                        summary: "\(input.kind.rawValue) \(period) members \(members.count) picks \(input.picks)")
            return try .json(try await view(id, district: principal.district, for: principal, in: db), status: .created)
        }
    }

    selections.get { request, context in
        // Staff see every round of their district; everyone else the published ones.
        if let principal = context.principal, readerRoles.contains(principal.role) {
            let ids = try await database.query("SELECT id FROM selection_rounds WHERE district = \(principal.district) ORDER BY created_at DESC, id")
            var rounds: [SelectionRound] = []
            for row in ids { rounds.append(try await view(try row.string("id"), district: principal.district, for: principal)) }
            return try jsonResponse(rounds)
        }
        return try jsonResponse(try await publishedResults(request.uri.queryParameters.get("district")))
    }

    selections.get("{id}") { _, context in
        let principal = try context.requirePrincipal()
        let found = try await round(context, district: principal.district)
        guard readerRoles.contains(principal.role) || found.members.contains(principal.subject) else {
            throw Problem.notFound("没有找到这次评选。")
        }
        return try jsonResponse(try await view(found.id, district: principal.district, for: principal))
    }

    selections.post("{id}/candidates") { request, context in
        let principal = try staff(context)
        let found = try await round(context, district: principal.district)
        let input = try await request.decode(as: NominationInput.self, context: context)
        let candidate = input.candidate.trimmingCharacters(in: .whitespaces)
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count > 1000 { throw Problem.validation(["reason": "推荐理由不能超过 1000 字。"]) }
        let label: String
        switch found.kind {
        case .excellentSuggestion:
            guard let row = try await database.queryFirst("SELECT title FROM suggestions WHERE suggestion = \(candidate) AND district = \(principal.district)") else {
                throw Problem.validation(["candidate": "没有这条代表建议。"])
            }
            label = try row.string("title")
        case .excellentDeputy:
            guard try await database.queryFirst("SELECT 1 AS known FROM deputy_facts WHERE deputy = \(candidate) AND district = \(principal.district) LIMIT 1") != nil else {
                throw Problem.validation(["candidate": "没有这位代表的履职记录。"])
            }
            label = candidate
        }
        return try await addCandidates(found, [(candidate, label, reason)], source: "nominated", by: principal)
    }

    selections.post("{id}/candidates/proposed") { request, context in
        let principal = try staff(context)
        let found = try await round(context, district: principal.district)
        let input = try await request.decode(as: ProposalInput.self, context: context)
        let limit = input.limit ?? 10
        guard (1...50).contains(limit) else { throw Problem.validation(["limit": "一次最多推荐 50 个候选。"]) }
        guard found.status == .draft else { throw Problem.conflict("selection-not-draft", "投票开始后不能再增加候选。") }
        let proposed = try await proposedCandidates(database, round: found, district: principal.district, criteria: criteria, limit: limit)
        return try await addCandidates(found, proposed, source: "proposed", by: principal)
    }

    selections.post("{id}/open") { _, context in try await transition(context, from: .draft, to: .open, action: "open", column: "opened_at") }
    selections.post("{id}/close") { _, context in try await transition(context, from: .open, to: .closed, action: "close", column: "closed_at") }
    selections.post("{id}/publish") { _, context in try await transition(context, from: .closed, to: .published, action: "publish", column: "published_at") }

    selections.post("{id}/votes") { request, context in
        let principal = try context.requirePrincipal()
        let found = try await round(context, district: principal.district)
        guard found.members.contains(principal.subject) else { throw Problem.forbidden("只有本次评选名单内的成员可以投票。") }
        let input = try await request.decode(as: VoteInput.self, context: context)
        let chosen = input.candidates.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(found.candidates.map(\.candidate))
        guard !chosen.isEmpty, Set(chosen).count == chosen.count else {
            throw Problem.validation(["candidates": "请选择候选，每个候选只选一次。"])
        }
        if let unknown = chosen.first(where: { !known.contains($0) }) {
            throw Problem.validation(["candidates": "\(unknown) 不是本次评选的候选。"])
        }
        let now = environment.clock.now()
        return try await commit(database) { db in
            // Votes of one member are counted under the round's row lock (PostgreSQL); SQLite has one writer.
            let lock: SQL = db.dialect == .postgres ? " FOR UPDATE" : ""
            guard try await db.queryFirst("SELECT status FROM selection_rounds WHERE id = \(found.id)\(lock)")?.string("status") == SelectionStatus.open.rawValue else {
                throw Problem.conflict("selection-not-open", "评选不在投票期间，不能投票。")
            }
            let mine = try await db.query("SELECT candidate FROM selection_votes WHERE round = \(found.id) AND member = \(principal.subject)")
                .map { try $0.string("candidate") }
            if let again = chosen.first(where: mine.contains) {
                throw Problem.conflict("selection-already-voted", "已经给 \(again) 投过票，每个候选只能投一次。")
            }
            guard mine.count + chosen.count <= found.picks else {
                throw Problem.conflict("selection-too-many-votes", "每人最多投 \(found.picks) 票，已投 \(mine.count) 票。")
            }
            for candidate in chosen {
                try await db.execute("INSERT INTO selection_votes (round, member, candidate, voted_at) VALUES (\(found.id), \(principal.subject), \(candidate), \(now))")
            }
            try await environment.audit(db, actor: principal.subject, action: "selection.vote", entity: "selection", entityID: found.id,
                                        summary: "\(chosen.count) vote(s)")
            return try .json(try await view(found.id, district: principal.district, for: principal, in: db))
        }
    }

    selections.get("{id}/tally") { _, context in
        let principal = try context.requirePrincipal()
        guard readerRoles.contains(principal.role) else { throw Problem.forbidden("计票结果公布前只有工作人员可以查看。") }
        let found = try await round(context, district: principal.district)
        let counted = try await tally(database, round: found)
        return try jsonResponse(SelectionResult(id: found.id, kind: found.kind, title: found.title, period: found.period, publishedAt: found.publishedAt,
                                                members: found.members.count, voters: counted.voters, candidates: counted.candidates))
    }

    @Sendable func publishedResult(_ id: String) async throws -> SelectionResult? {
        guard let found = try await selectionRound(database, id: id, district: nil), found.status == .published else { return nil }
        let counted = try await tally(database, round: found)
        return SelectionResult(id: found.id, kind: found.kind, title: found.title, period: found.period, publishedAt: found.publishedAt,
                               members: found.members.count, voters: counted.voters, candidates: counted.candidates)
    }

    @Sendable func publishedResults(_ district: String?) async throws -> [SelectionResult] {
        let inDistrict: SQL = district.map { " AND district = \($0)" } ?? ""
        var results: [SelectionResult] = []
        for row in try await database.query("SELECT id FROM selection_rounds WHERE status = 'published'\(inDistrict) ORDER BY published_at DESC, id LIMIT 200") {
            if let result = try await publishedResult(try row.string("id")) { results.append(result) }
        }
        return results
    }

    selections.get("{id}/results") { _, context in
        guard let result = try await publishedResult(try context.parameters.require("id")) else { throw Problem.notFound("这次评选的结果尚未公布。") }
        return try jsonResponse(result)
    }

    router.get("selections") { request, _ in
        pages.page("selections", ["rounds": try await publishedResults(request.uri.queryParameters.get("district")).map(selectionPageValues)])
    }

    router.get("selections/{id}") { _, context in
        guard let result = try await publishedResult(try context.parameters.require("id")) else {
            return pages.message("评选结果尚未公布", "请在结果公布后再来查看。", status: .notFound, back: "/selections")
        }
        return pages.page("selections", ["rounds": [selectionPageValues(result)]])
    }
}

func selectionPageValues(_ result: SelectionResult) -> [String: Any] {
    [
        "id": result.id, "title": result.title, "kindName": result.kind.chineseName,
        "periodName": PerformancePeriod(result.period)?.chineseName ?? result.period,
        "publishedAt": result.publishedAt.map(chinaTime) ?? "", "members": result.members, "voters": result.voters,
        "candidates": result.candidates.map { ["label": $0.label, "votes": $0.votes ?? 0, "selected": $0.selected ?? false, "reason": $0.reason] },
    ]
}
