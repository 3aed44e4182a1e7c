/// A working-day arrangements file that cannot be used, with where the problem is: a line and
/// column for broken JSON, a field path such as `years[1].holidays[0].last` for a wrong value.
public struct WorkingDayDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file path, or a name such as "built-in arrangements".
    public let source: String
    public let line: Int?
    public let column: Int?
    /// Path of the offending field from the top of the document; nil for the whole document.
    public let field: String?
    public let problem: String

    public init(source: String, line: Int? = nil, column: Int? = nil, field: String? = nil, problem: String) {
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var location = [source]
        if let line { location.append("line \(line)" + (column.map { ", column \($0)" } ?? "")) }
        if let field { location.append(field) }
        return location.joined(separator: ", ") + ": " + problem
    }
}
