import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// A deputy's rating of one reply (满意度测评).
public struct RatingInput: Codable, Sendable {
    public var satisfaction: Satisfaction
    /// Whether the unit met or talked with the deputy before replying.
    public var contacted: Bool
    public var comment: String?
}

/// One reply round as the deputies who signed the suggestion see it.
public struct EvaluationView: Codable, Sendable, Equatable {
    /// open → closed (satisfied or basically satisfied) | rehandling (first unsatisfied) |
    /// escalated (unsatisfied again after rehandling; still open to a changed rating).
    public var status: String
    public var caseID: String
    public var round: Int
    public var suggestion: String
    public var title: String
    public var unitName: String
    public var result: ReplyResult
    public var replyText: String
    public var decision: Satisfaction?
    public var ratings: [DeputyRatingView]
}

public struct DeputyRatingView: Codable, Sendable, Equatable {
    public var deputy: String
    public var satisfaction: Satisfaction
    public var contacted: Bool
    public var comment: String
}

/// Statuses in which the deputies may still rate or change their rating.
let ratableStatuses: Set<String> = ["open", "escalated"]

/// `district`: only a case of that district is found, so that nobody reads or rates another
/// district's cases (a deputy code may repeat across the districts of one deployment).
func evaluationView(_ db: any SQLExecutor, caseID: String, round: Int? = nil, district: String? = nil) async throws -> EvaluationView? {
    let roundFilter: SQL = round.map { " AND e.round = \($0)" } ?? ""
    let districtFilter: SQL = district.map { " AND e.district = \($0)" } ?? ""
    guard let row = try await db.queryFirst("""
        SELECT e.case_id, e.round, e.suggestion, s.title, e.unit_name, e.result, e.reply_text, e.status, e.decision
        FROM evaluations e LEFT JOIN suggestions s ON s.suggestion = e.suggestion
        WHERE e.case_id = \(caseID)\(roundFilter)\(districtFilter) ORDER BY e.round DESC LIMIT 1
        """) else { return nil }
    let currentRound = Int(try row.int("round"))
    let ratings = try await db.query("""
        SELECT deputy, satisfaction, contacted, comment FROM deputy_ratings WHERE case_id = \(caseID) AND round = \(currentRound) ORDER BY deputy
        """).map { rating in
        DeputyRatingView(deputy: try rating.string("deputy"), satisfaction: Satisfaction(rawValue: try rating.string("satisfaction")) ?? .satisfied,
                         contacted: try rating.int("contacted") != 0, comment: try rating.string("comment"))
    }
    return EvaluationView(
        status: try row.string("status"), caseID: caseID, round: currentRound, suggestion: try row.string("suggestion"),
        title: row.optionalString("title") ?? "", unitName: try row.string("unit_name"),
        result: ReplyResult(rawValue: try row.string("result")) ?? .A, replyText: try row.string("reply_text"),
        decision: row.optionalString("decision").flatMap(Satisfaction.init(rawValue:)), ratings: ratings)
}

/// The signers of a suggestion: the lead deputy decides, co-signers add their view.
func signers(_ db: any SQLExecutor, suggestion: String) async throws -> (lead: String, coSigners: [String])? {
    guard let row = try await db.queryFirst("SELECT lead_deputy, co_signers FROM suggestions WHERE suggestion = \(suggestion)") else { return nil }
    return (try row.string("lead_deputy"), decodeJSONList(try row.string("co_signers")))
}

/// Records a deputy's rating; the lead deputy's decides the round: `EvaluationRecorded` goes to
/// supervision, which closes the case or reopens it for rehandling. Answers with the evaluation.
func rate(_ input: RatingInput, caseID: String, by principal: Principal, environment: ServiceEnvironment) async throws -> Response {
    let database = environment.database
    guard let evaluation = try await evaluationView(database, caseID: caseID, district: principal.district),
          let (lead, coSigners) = try await signers(database, suggestion: evaluation.suggestion) else {
        throw Problem.notFound("没有待测评的答复。")
    }
    guard principal.subject == lead || coSigners.contains(principal.subject) else {
        throw Problem.forbidden("只有领衔和附议这条建议的代表可以测评。")
    }
    guard ratableStatuses.contains(evaluation.status) else {
        throw Problem.conflict("evaluation-decided", evaluation.status == "closed" ? "案件已办结销号，测评不能再更改。" : "已进入重新办理，请在新的答复后测评。")
    }
    if (input.comment?.count ?? 0) > 2000 { throw Problem.validation(["comment": "意见不能超过 2000 字。"]) }
    let now = environment.clock.now()
    let deciding = principal.subject == lead
    let status: String = switch (deciding, input.satisfaction, evaluation.round) {
    case (false, _, _): evaluation.status
    case (true, .satisfied, _), (true, .basicallySatisfied, _): "closed"
    case (true, .unsatisfied, 1): "rehandling"
    case (true, .unsatisfied, _): "escalated"
    }
    defer { environment.outboxWakeup.signal() }
    return try await commit(database) { db in
        try await db.execute("""
            INSERT INTO deputy_ratings (case_id, round, deputy, satisfaction, contacted, comment, rated_at)
            VALUES (\(caseID), \(evaluation.round), \(principal.subject), \(input.satisfaction.rawValue), \(input.contacted), \(input.comment ?? ""), \(now))
            ON CONFLICT (case_id, round, deputy) DO UPDATE SET satisfaction = excluded.satisfaction, contacted = excluded.contacted,
                comment = excluded.comment, rated_at = excluded.rated_at
            """)
        if deciding {
            try await db.execute("""
                UPDATE evaluations SET status = \(status), decision = \(input.satisfaction.rawValue), decided_at = \(now)
                WHERE case_id = \(caseID) AND round = \(evaluation.round)
                """)
            try await enqueue(try OutgoingMessage(
                .evaluationRecorded, to: [.supervision], district: principal.district, entity: caseID,
                body: EvaluationRecordedBody(caseID: caseID, suggestion: evaluation.suggestion, round: evaluation.round,
                                             satisfaction: input.satisfaction, comment: input.comment ?? "", ratedAt: now)), db, at: now)
        }
        try await environment.audit(db, actor: principal.subject, action: deciding ? "rating.decide" : "rating.add", entity: "case",
                                    entityID: caseID, summary: "round \(evaluation.round) \(input.satisfaction.rawValue)")
        return try .json(try await evaluationView(db, caseID: caseID) ?? evaluation)
    }
}
