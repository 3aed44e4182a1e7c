import Contracts
import Foundation
import ServiceKit

/// 办理结果网上评: per suggestion and per unit, the deputies' and the public's satisfaction side by side.
public struct SuggestionResult: Codable, Sendable, Equatable {
    public var suggestion: String
    public var title: PublicText
    public var unitName: String
    public var result: ReplyResult
    /// The deciding rating of the latest round, with how many rounds it took.
    public var deputyRating: Satisfaction?
    public var rounds: Int
    public var escalated: Bool
    public var publicRatings: SatisfactionCounts
}

public struct SatisfactionCounts: Codable, Sendable, Equatable {
    public var satisfied = 0
    public var basicallySatisfied = 0
    public var unsatisfied = 0

    public init(satisfied: Int = 0, basicallySatisfied: Int = 0, unsatisfied: Int = 0) {
        self.satisfied = satisfied
        self.basicallySatisfied = basicallySatisfied
        self.unsatisfied = unsatisfied
    }

    mutating func add(_ satisfaction: Satisfaction) {
        switch satisfaction {
        case .satisfied: satisfied += 1
        case .basicallySatisfied: basicallySatisfied += 1
        case .unsatisfied: unsatisfied += 1
        }
    }
}

public struct UnitResult: Codable, Sendable, Equatable {
    public var unitName: String
    public var deputyRatings: SatisfactionCounts
    public var publicRatings: SatisfactionCounts
}

public struct Results: Codable, Sendable, Equatable {
    public var suggestions: [SuggestionResult]
    public var units: [UnitResult]
}

func results(_ db: any SQLExecutor, district: String) async throws -> Results {
    // The latest round of every lead reply; confidential suggestions carry no title and are left out.
    let rows = try await db.query("""
        SELECT e.suggestion, s.title, e.unit_name, e.result, e.decision, e.round, e.status
        FROM evaluations e JOIN suggestions s ON s.suggestion = e.suggestion
        WHERE e.district = \(district) AND s.title <> '（不公开）'
          AND e.round = (SELECT MAX(x.round) FROM evaluations x WHERE x.case_id = e.case_id)
        ORDER BY e.replied_at DESC, e.suggestion LIMIT 1000
        """)
    var publicBySuggestion: [String: SatisfactionCounts] = [:]
    for row in try await db.query("SELECT suggestion, satisfaction FROM public_ratings WHERE district = \(district)") {
        if let satisfaction = Satisfaction(rawValue: try row.string("satisfaction")) {
            publicBySuggestion[try row.string("suggestion"), default: SatisfactionCounts()].add(satisfaction)
        }
    }
    var units: [String: UnitResult] = [:]
    let suggestions = try rows.map { row in
        let suggestion = try row.string("suggestion"), unitName = try row.string("unit_name")
        let decision = row.optionalString("decision").flatMap(Satisfaction.init(rawValue:))
        let publicRatings = publicBySuggestion[suggestion] ?? SatisfactionCounts()
        var unit = units[unitName] ?? UnitResult(unitName: unitName, deputyRatings: SatisfactionCounts(), publicRatings: SatisfactionCounts())
        if let decision { unit.deputyRatings.add(decision) }
        unit.publicRatings.satisfied += publicRatings.satisfied
        unit.publicRatings.basicallySatisfied += publicRatings.basicallySatisfied
        unit.publicRatings.unsatisfied += publicRatings.unsatisfied
        units[unitName] = unit
        return SuggestionResult(
            suggestion: suggestion, title: PublicText(try row.string("title")), unitName: unitName,
            result: ReplyResult(rawValue: try row.string("result")) ?? .A, deputyRating: decision, rounds: Int(try row.int("round")),
            escalated: try row.string("status") == "escalated", publicRatings: publicRatings)
    }
    return Results(suggestions: suggestions, units: units.values.sorted { $0.unitName < $1.unitName })
}
