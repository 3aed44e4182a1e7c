import Foundation

/// Building a calendar from the arrangements file format:
///
///     { "years": [ { "year": 2026, "source": "…",
///                    "holidays": [ { "name": "春节", "first": "2026-02-15", "last": "2026-02-23" } ],
///                    "makeUpWorkdays": [ "2026-02-14", "2026-02-28" ] } ] }
///
/// `source` is optional; every other field is required, and an unknown field is an error.
extension WorkingDayCalendar {
    /// The arrangements shipped with the suite: `defaultWorkingDayArrangements`.
    public init() {
        do {
            try self.init(json: Data(defaultWorkingDayArrangements.utf8), source: "built-in arrangements")
        } catch {
            // Cannot happen with the shipped text; the tests load it.
            preconditionFailure("\(error)")
        }
    }

    /// Reads an arrangements file, e.g. a district's copy extended with next year's notice.
    public init(contentsOf path: String) throws(WorkingDayDataError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkingDayDataError(source: path, problem: "there is no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkingDayDataError(source: path, problem: "the file cannot be read")
        }
        try self.init(json: data, source: path)
    }

    /// Parses and checks an arrangements document; `source` names it in error messages.
    public init(json: Data, source: String = "working-day arrangements") throws(WorkingDayDataError) {
        var bytes = [UInt8](json)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }   // byte-order mark left by Windows editors
        let document: ArrangementsDocument
        do {
            document = try JSONDecoder().decode(ArrangementsDocument.self, from: Data(bytes))
        } catch {
            throw Self.explain(error, in: bytes, source: source)
        }
        try self.init(arrangements: document.years, source: source)
    }

    /// This calendar with the years of `newer` added, replacing any year both cover: how a
    /// district's own file extends the built-in arrangements.
    public func merging(_ newer: WorkingDayCalendar) throws(WorkingDayDataError) -> WorkingDayCalendar {
        let replacedYears = Set(newer.coveredYears)
        return try WorkingDayCalendar(
            arrangements: arrangements.filter { !replacedYears.contains($0.year) } + newer.arrangements,
            source: "merged arrangements")
    }

    /// Turns a decoder failure into a message that says where: a line for broken JSON, a field
    /// path for a missing or wrong value.
    private static func explain(_ error: any Error, in bytes: [UInt8], source: String) -> WorkingDayDataError {
        if let syntax = JSONSyntaxChecker.firstProblem(in: bytes) {
            return WorkingDayDataError(source: source, line: syntax.line, column: syntax.column, problem: syntax.message)
        }
        func failure(_ path: [any CodingKey], _ problem: String) -> WorkingDayDataError {
            WorkingDayDataError(source: source, field: fieldPath(path), problem: problem)
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return failure(context.codingPath + [key], "this field is missing")
        case .typeMismatch(let type, let context)?:
            return failure(context.codingPath, "expected \(describeJSONKind(of: type))")
        case .valueNotFound(let type, let context)?:
            return failure(context.codingPath, "expected \(describeJSONKind(of: type)), found null")
        case .dataCorrupted(let context)?:
            return failure(context.codingPath, context.debugDescription)
        default:
            return WorkingDayDataError(source: source, problem: "\(error)")
        }
    }

    /// `years[1].holidays[0].last`
    private static func fieldPath(_ path: [any CodingKey]) -> String? {
        guard !path.isEmpty else { return nil }
        return path.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    private static func describeJSONKind(of type: Any.Type) -> String {
        if type == Int.self { return "a whole number" }
        if type == String.self { return "text in double quotes" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list in [ ]" }
        if name.hasPrefix("Dictionary") { return "an object in { }" }
        return name
    }
}

/// The top of an arrangements file.
private struct ArrangementsDocument: Decodable {
    let years: [HolidayArrangement]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case years
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(allowed: CodingKeys.allCases.map(\.rawValue))
        years = try decoder.container(keyedBy: CodingKeys.self).decode([HolidayArrangement].self, forKey: .years)
    }
}
/// Any field name, for checking which fields an object has.
struct CalendarFileKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension Decoder {
    /// Throws when the object being decoded has a field not in `allowed`, naming it.
    func rejectUnknownFields(allowed: [String]) throws {
        let fields = try container(keyedBy: CalendarFileKey.self).allKeys.map(\.stringValue)
        if let unknown = fields.sorted().first(where: { !allowed.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath + [CalendarFileKey(stringValue: unknown)],
                debugDescription: "unknown field; the fields here are \(allowed.joined(separator: ", "))"))
        }
    }
}
