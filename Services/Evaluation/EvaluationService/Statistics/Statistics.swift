import Contracts
import Foundation
import ServiceKit

/// Ratings of one group, with the satisfaction rate: (满意 + 基本满意) / all, nil when none.
public struct RatingCounts: Codable, Sendable, Equatable {
    public var satisfied = 0
    public var basicallySatisfied = 0
    public var unsatisfied = 0
    public var total = 0
    public var rate: Double?

    mutating func add(_ satisfaction: Satisfaction) {
        switch satisfaction {
        case .satisfied: satisfied += 1
        case .basicallySatisfied: basicallySatisfied += 1
        case .unsatisfied: unsatisfied += 1
        }
        total += 1
        rate = (Double(satisfied + basicallySatisfied) / Double(total) * 10_000).rounded() / 10_000
    }
}

public struct StatisticsGroup: Codable, Sendable, Equatable {
    /// The unit code, street code, category code or quarter (`2026Q3`).
    public var key: String
    public var name: String
    /// Deciding ratings of the latest round of each case.
    public var deputy: RatingCounts
    /// Citizens' ratings (办理结果网上评).
    public var `public`: RatingCounts
}

/// One unit's timeliness and satisfaction: on time means every reply round came by its due day;
/// a round whose due day evaluation was not told makes the case `unknown`, never on time.
public struct OnTimeRow: Codable, Sendable, Equatable {
    public var unit: String
    public var unitName: String
    public var cases: Int
    public var onTime: Int
    public var late: Int
    public var unknown: Int
    /// Closed with 满意 or 基本满意.
    public var satisfied: Int
    public var onTimeAndSatisfied: Int
    /// onTimeAndSatisfied / cases, nil without cases.
    public var rate: Double?
}

public enum StatisticsDimension: String, Codable, Sendable, CaseIterable {
    case unit, street, category, quarter
}

public struct Statistics: Codable, Sendable, Equatable {
    public var by: StatisticsDimension
    public var groups: [StatisticsGroup]
    /// The per-unit on-time-and-satisfied table (with `by=unit`).
    public var onTime: [OnTimeRow]?
}

func statistics(_ db: any SQLExecutor, district: String, by dimension: StatisticsDimension) async throws -> Statistics {
    var groups: [String: StatisticsGroup] = [:]
    func add(key: String, name: String, deputy: Satisfaction?, public rating: Satisfaction?) {
        var group = groups[key] ?? StatisticsGroup(key: key, name: name, deputy: RatingCounts(), public: RatingCounts())
        if let deputy { group.deputy.add(deputy) }
        if let rating { group.public.add(rating) }
        groups[key] = group
    }
    func key(unit: String?, unitName: String?, street: String?, category: String?, at: Date) -> (String, String)? {
        switch dimension {
        case .unit: return unit.map { ($0, unitName ?? $0) }
        case .street: return street.map { ($0, $0) }
        case .category: return category.map { ($0, $0) }
        case .quarter:
            let quarter = PerformancePeriod.quarter(of: at)
            return (quarter.text, quarter.chineseName)
        }
    }
    // The deciding rating of each case's latest round.
    for row in try await db.query("""
        SELECT e.unit, e.unit_name, e.decision, e.decided_at, s.street, s.category
        FROM evaluations e LEFT JOIN suggestions s ON s.suggestion = e.suggestion
        WHERE e.district = \(district) AND e.decision IS NOT NULL
          AND e.round = (SELECT MAX(x.round) FROM evaluations x WHERE x.case_id = e.case_id)
        """) {
        guard let decision = Satisfaction(rawValue: try row.string("decision")),
              let (key, name) = key(unit: row.optionalString("unit"), unitName: row.optionalString("unit_name"), street: row.optionalString("street"),
                                    category: row.optionalString("category"), at: try row.date("decided_at")) else { continue }
        add(key: key, name: name, deputy: decision, public: nil)
    }
    // Citizens' ratings, with the unit that replied to the suggestion (its lead case).
    var leadUnit: [String: (String, String)] = [:]
    for row in try await db.query("SELECT suggestion, unit, unit_name FROM evaluations WHERE district = \(district) ORDER BY round") {
        leadUnit[try row.string("suggestion")] = (try row.string("unit"), try row.string("unit_name"))
    }
    for row in try await db.query("""
        SELECT p.suggestion, p.satisfaction, p.rated_at, s.street, s.category
        FROM public_ratings p LEFT JOIN suggestions s ON s.suggestion = p.suggestion WHERE p.district = \(district)
        """) {
        let unit = leadUnit[try row.string("suggestion")]
        guard let satisfaction = Satisfaction(rawValue: try row.string("satisfaction")),
              let (key, name) = key(unit: unit?.0, unitName: unit?.1, street: row.optionalString("street"),
                                    category: row.optionalString("category"), at: try row.date("rated_at")) else { continue }
        add(key: key, name: name, deputy: nil, public: satisfaction)
    }
    return Statistics(by: dimension, groups: groups.values.sorted { $0.key < $1.key },
                      onTime: dimension == .unit ? try await onTimeTable(db, district: district) : nil)
}

/// 按时办结且满意: per unit, each case once.
func onTimeTable(_ db: any SQLExecutor, district: String) async throws -> [OnTimeRow] {
    struct CaseState { var unit = "", unitName = "", timely: Bool? = true, satisfied = false, latestRound = 0 }
    var cases: [String: CaseState] = [:]
    for row in try await db.query("""
        SELECT case_id, round, unit, unit_name, replied_at, deadline, status, decision FROM evaluations
        WHERE district = \(district) ORDER BY case_id, round
        """) {
        let id = try row.string("case_id"), round = Int(try row.int("round"))
        var state = cases[id] ?? CaseState()
        state.unit = try row.string("unit")
        state.unitName = try row.string("unit_name")
        if let due = row.optionalString("deadline").flatMap(CivilDay.init) {
            if state.timely == true, !(CivilDay(try row.date("replied_at")) <= due) { state.timely = false }
        } else if state.timely == true {
            state.timely = nil
        }
        if round >= state.latestRound {
            state.latestRound = round
            state.satisfied = try row.string("status") == "closed"
                && [Satisfaction.satisfied, .basicallySatisfied].contains(row.optionalString("decision").flatMap(Satisfaction.init(rawValue:)))
        }
        cases[id] = state
    }
    var rows: [String: OnTimeRow] = [:]
    for state in cases.values {
        var row = rows[state.unit] ?? OnTimeRow(unit: state.unit, unitName: state.unitName, cases: 0, onTime: 0, late: 0, unknown: 0,
                                                satisfied: 0, onTimeAndSatisfied: 0, rate: nil)
        row.cases += 1
        switch state.timely {
        case true?: row.onTime += 1
        case false?: row.late += 1
        case nil: row.unknown += 1
        }
        if state.satisfied { row.satisfied += 1 }
        if state.satisfied && state.timely == true { row.onTimeAndSatisfied += 1 }
        row.rate = (Double(row.onTimeAndSatisfied) / Double(row.cases) * 10_000).rounded() / 10_000
        rows[state.unit] = row
    }
    return rows.values.sorted { $0.unit < $1.unit }
}
