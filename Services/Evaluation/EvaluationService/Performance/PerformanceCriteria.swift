import Foundation
import ServiceKit

/// 代表履职评价 criteria as data: each item counts one kind of a deputy's work in the period and
/// turns the count into points (`count × weight`, at most `cap`). The built-in set below applies
/// unless a district names its own file:
///
/// - `YOUYUE_PERFORMANCE_CRITERIA_FILE`: a JSON file of the same shape as `defaultPerformanceCriteriaJSON`;
/// - otherwise `performance-criteria.json` in the data folder (`YOUYUE_DATA_DIR`), when present.
///
/// A file that is present but unusable stops the service at start, naming what is wrong.
public struct PerformanceCriteria: Codable, Sendable, Equatable {
    public var version: String
    public var items: [PerformanceCriterion]
}

public struct PerformanceCriterion: Codable, Sendable, Equatable {
    /// Stable key in the API (`activitiesAttended`).
    public var key: String
    /// How the item reads on pages (`参加代表有约活动`).
    public var name: String
    /// What is counted: one of `PerformanceSource`.
    public var source: PerformanceSource
    public var weight: Double
    public var cap: Double
}

/// What an item can count. Fact kinds come from the other services' messages; ratings from the
/// deciding ratings of the suggestions the deputy led.
public enum PerformanceSource: String, Codable, Sendable, CaseIterable {
    /// 代表有约 activities the deputy attended (`ActivityRecorded`).
    case activityAttended
    /// Days the deputy received people at a station (opinions recorded on the reception channel).
    case receptionHeld
    /// Opinions the deputy recorded in person (`OpinionRecorded` with a deputy).
    case opinionRecorded
    /// Suggestions the deputy led (`SuggestionSubmitted`).
    case suggestionLed
    /// Suggestions the deputy co-signed.
    case suggestionCoSigned
    /// Led suggestions whose case closed with the rating 满意, decided in the period.
    case ratedSatisfied
    /// Led suggestions whose case closed with the rating 基本满意, decided in the period.
    case ratedBasicallySatisfied
}

/// The built-in criteria (a sample a district replaces with its own rules).
let defaultPerformanceCriteriaJSON = #"""
{
  "version": "默认 2026",
  "items": [
    {"key": "activitiesAttended", "name": "参加代表有约活动", "source": "activityAttended", "weight": 5, "cap": 30},
    {"key": "receptionsHeld", "name": "进站接待群众", "source": "receptionHeld", "weight": 4, "cap": 20},
    {"key": "opinionsRecorded", "name": "收集记录民意", "source": "opinionRecorded", "weight": 1, "cap": 10},
    {"key": "suggestionsLed", "name": "领衔提出建议", "source": "suggestionLed", "weight": 6, "cap": 18},
    {"key": "suggestionsCoSigned", "name": "附议建议", "source": "suggestionCoSigned", "weight": 2, "cap": 6},
    {"key": "ratedSatisfied", "name": "领衔建议办理满意", "source": "ratedSatisfied", "weight": 4, "cap": 12},
    {"key": "ratedBasicallySatisfied", "name": "领衔建议办理基本满意", "source": "ratedBasicallySatisfied", "weight": 2, "cap": 4}
  ]
}
"""#

/// The variable naming a criteria file.
let performanceCriteriaVariable = "YOUYUE_PERFORMANCE_CRITERIA_FILE"

/// Reads and checks criteria text: keys unique, weights and caps not negative.
func parsePerformanceCriteria(_ text: String, origin: String) throws -> PerformanceCriteria {
    let criteria: PerformanceCriteria
    do {
        criteria = try JSONDecoder().decode(PerformanceCriteria.self, from: Data(text.utf8))
    } catch {
        throw PerformanceCriteriaError(value: origin,
                                 expected: "JSON {\"version\", \"items\": [{\"key\", \"name\", \"source\" (\(PerformanceSource.allCases.map(\.rawValue).joined(separator: ", "))), \"weight\", \"cap\"}]}")
    }
    guard !criteria.items.isEmpty, Set(criteria.items.map(\.key)).count == criteria.items.count,
          criteria.items.allSatisfy({ !$0.key.isEmpty && $0.weight >= 0 && $0.cap >= 0 && $0.weight.isFinite && $0.cap.isFinite }) else {
        throw PerformanceCriteriaError(value: origin,
                                 expected: "at least one item, unique non-empty keys, weights and caps of zero or more")
    }
    return criteria
}

/// The criteria this service runs with: the named file, the data folder's file, or the built-in set.
func loadPerformanceCriteria(configuration: ServiceConfiguration,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PerformanceCriteria {
    let named = EnvironmentReader(environment).optionalString(performanceCriteriaVariable)
    let path = named ?? (configuration.dataDirectory + "/performance-criteria.json")
    guard FileManager.default.fileExists(atPath: path) else {
        if let named {
            throw PerformanceCriteriaError(value: named, expected: "a readable JSON file")
        }
        return try parsePerformanceCriteria(defaultPerformanceCriteriaJSON, origin: "(built in)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw PerformanceCriteriaError(value: path, expected: "a readable JSON file")
    }
    return try parsePerformanceCriteria(String(decoding: data, as: UTF8.self), origin: path)
}

/// Criteria that are present but unusable: stops the service at start, naming the variable.
public struct PerformanceCriteriaError: Error, CustomStringConvertible, Equatable {
    public let value: String
    public let expected: String

    public var description: String {
        "\(performanceCriteriaVariable)=\"\(value)\" is invalid: expected \(expected)"
    }
}
