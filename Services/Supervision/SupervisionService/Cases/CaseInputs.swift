import Contracts
import Foundation

/// A progress note; `public` ones show on the board and the receipt.
public struct ProgressInput: Codable, Sendable {
    public var note: String
    public var `public`: Bool?
}

/// A contact with the lead deputy (三见面: at assignment, while handling, before replying).
public struct ContactInput: Codable, Sendable {
    public var method: String
    /// `YYYY-MM-DD`.
    public var day: String
    public var summary: String
}

public struct ReplyInput: Codable, Sendable {
    public var result: ReplyResult
    public var text: String
    /// Required with a B-class reply: what will be done, and by when.
    public var promise: PromiseInput?
}

public struct ReturnInput: Codable, Sendable {
    public var reason: String
}

func textError(_ text: String, field: String, range: ClosedRange<Int>, what: String) -> [String: String] {
    let count = text.trimmingCharacters(in: .whitespacesAndNewlines).count
    return range.contains(count) ? [:] : [field: "\(what)须为 \(range.lowerBound) 到 \(range.upperBound) 字。"]
}
