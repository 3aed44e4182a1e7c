import Contracts
import Foundation
import ServiceKit

/// 优秀建议 / 优秀代表评选.
public enum SelectionKind: String, Codable, Sendable, CaseIterable {
    case excellentSuggestion, excellentDeputy

    var chineseName: String {
        switch self {
        case .excellentSuggestion: "优秀代表建议评选"
        case .excellentDeputy: "优秀代表评选"
        }
    }
}

/// draft (candidates being gathered) → open (members vote) → closed (tally final) → published.
public enum SelectionStatus: String, Codable, Sendable, CaseIterable {
    case draft, open, closed, published

    var chineseName: String {
        switch self {
        case .draft: "提名中"
        case .open: "投票中"
        case .closed: "投票已结束"
        case .published: "已公布"
        }
    }
}

public struct SelectionInput: Codable, Sendable {
    public var kind: SelectionKind
    public var title: String
    /// `2026` or `2026Q3`: the records proposals are drawn from.
    public var period: String
    /// The principal subjects who vote.
    public var members: [String]
    /// How many candidates each member may vote for.
    public var picks: Int
    /// How many are selected in the end (default: `picks`).
    public var awards: Int?
}

public struct NominationInput: Codable, Sendable {
    /// A deputy id (excellentDeputy) or a suggestion id (excellentSuggestion).
    public var candidate: String
    public var reason: String?
}

public struct ProposalInput: Codable, Sendable {
    /// How many to propose from the records (default 10, at most 50).
    public var limit: Int?
}

public struct VoteInput: Codable, Sendable {
    public var candidates: [String]
}

public struct SelectionCandidate: Codable, Sendable, Equatable {
    public var candidate: String
    /// A suggestion's title or a deputy's name, and why it was put forward: published with the
    /// results, so `PublicText`.
    public var label: PublicText
    /// nominated | proposed
    public var source: String
    public var reason: PublicText
    public var votes: Int?
    public var selected: Bool?
}

public struct SelectionRound: Codable, Sendable, Equatable {
    public var id: String
    public var kind: SelectionKind
    public var title: String
    public var period: String
    public var members: [String]
    public var picks: Int
    public var awards: Int
    public var status: SelectionStatus
    public var createdAt: Date
    public var publishedAt: Date?
    public var candidates: [SelectionCandidate]
    /// For a member asking: the candidates they voted for.
    public var myVotes: [String]?
    /// How many members have voted (staff and published results).
    public var voters: Int?
}

/// The public result of a published round: no members, only the tally.
public struct SelectionResult: Codable, Sendable, Equatable {
    public var id: String
    public var kind: SelectionKind
    public var title: String
    public var period: String
    public var publishedAt: Date?
    public var members: Int
    public var voters: Int
    public var candidates: [SelectionCandidate]
}

/// A round by id; `district` nil for public reads of published rounds.
func selectionRound(_ db: any SQLExecutor, id: String, district: String?) async throws -> SelectionRound? {
    let inDistrict: SQL = district.map { " AND district = \($0)" } ?? ""
    guard let row = try await db.queryFirst("SELECT * FROM selection_rounds WHERE id = \(id)\(inDistrict)") else { return nil }
    let candidates = try await db.query("""
        SELECT candidate, label, source, reason FROM selection_candidates WHERE round = \(id) ORDER BY added_at, candidate
        """).map { row in
        SelectionCandidate(candidate: try row.string("candidate"), label: PublicText(try row.string("label")), source: try row.string("source"),
                           reason: PublicText(try row.string("reason")))
    }
    return SelectionRound(
        id: id, kind: SelectionKind(rawValue: try row.string("kind")) ?? .excellentSuggestion, title: try row.string("title"),
        period: try row.string("period"), members: decodeJSONList(try row.string("members")), picks: Int(try row.int("picks")),
        awards: Int(try row.int("awards")), status: SelectionStatus(rawValue: try row.string("status")) ?? .draft,
        createdAt: try row.date("created_at"), publishedAt: row.optionalDate("published_at"), candidates: candidates)
}

/// Votes per candidate, most first; the first `awards` places are selected (a tie at the last
/// place selects all who share it).
func tally(_ db: any SQLExecutor, round: SelectionRound) async throws -> (candidates: [SelectionCandidate], voters: Int) {
    var votes: [String: Int] = [:]
    for row in try await db.query("SELECT candidate, COUNT(*) AS n FROM selection_votes WHERE round = \(round.id) GROUP BY candidate") {
        votes[try row.string("candidate")] = Int(try row.int("n"))
    }
    let voters = Int(try await db.queryFirst("SELECT COUNT(DISTINCT member) AS n FROM selection_votes WHERE round = \(round.id)")?.int("n") ?? 0)
    var ordered = round.candidates.enumerated().sorted {
        let (a, b) = (votes[$0.element.candidate] ?? 0, votes[$1.element.candidate] ?? 0)
        return a != b ? a > b : $0.offset < $1.offset
    }.map(\.element)
    let threshold = ordered.count >= round.awards && round.awards > 0 ? votes[ordered[round.awards - 1].candidate] ?? 0 : 0
    for index in ordered.indices {
        let count = votes[ordered[index].candidate] ?? 0
        ordered[index].votes = count
        ordered[index].selected = count > 0 && count >= threshold
    }
    return (ordered, voters)
}

/// Candidates proposed from the records: the best deputies by performance in the round's period,
/// or the suggestions whose case closed satisfied in it.
func proposedCandidates(_ db: any SQLExecutor, round: SelectionRound, district: String, criteria: PerformanceCriteria,
                        limit: Int) async throws -> [(candidate: String, label: String, reason: String)] {
    guard let period = PerformancePeriod(round.period) else { return [] }
    switch round.kind {
    case .excellentDeputy:
        let records = try await performanceRecords(db, district: district, period: period, criteria: criteria, pageBase: "")
        return records.filter { $0.total > 0 }.prefix(limit).map {
            ($0.deputy, $0.deputy, "\(period.chineseName)履职评价 \(number($0.total)) 分，排名第 \($0.rank)")
        }
    case .excellentSuggestion:
        return try await db.query("""
            SELECT e.suggestion, s.title, e.unit_name, e.decided_at FROM evaluations e JOIN suggestions s ON s.suggestion = e.suggestion
            WHERE e.district = \(district) AND e.status = 'closed' AND e.decision = 'satisfied'
              AND e.decided_at >= \(period.start) AND e.decided_at < \(period.end) AND s.title <> '（不公开）'
            ORDER BY e.decided_at, e.suggestion LIMIT \(limit)
            """).map { row in
            (try row.string("suggestion"), try row.string("title"), "\(try row.string("unit_name"))办理，代表测评满意")
        }
    }
}
