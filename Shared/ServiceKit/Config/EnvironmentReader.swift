/// Reads settings from environment variables. Every setting has a default; a value that is set
/// but unusable stops the service with an error that names the variable and what it expects.
public struct EnvironmentReader: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    public func string(_ name: String, default fallback: String) -> String {
        guard let value = values[name], !value.isEmpty else { return fallback }
        return value
    }

    public func optionalString(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A secret given in `NAME`, or in the file `NAME_FILE` names (compose and Kubernetes
    /// secrets); nil when neither is set.
    public func secret(_ name: String) throws -> String? {
        if let value = optionalString(name) { return value }
        return try optionalString(name + "_FILE").map { try readSecretFile($0, variable: name + "_FILE") }
    }

    public func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = optionalString(name) else { return fallback }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigurationError(variable: name, value: text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    public func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, default fallback: Choice) throws -> Choice where Choice.RawValue == String {
        guard let text = optionalString(name) else { return fallback }
        guard let choice = Choice(rawValue: text) else {
            throw ConfigurationError(variable: name, value: text, expected: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }
}

/// A setting that is present but unusable.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let value: String
    public let expected: String

    public init(variable: String, value: String, expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }

    public var description: String {
        "\(variable)=\"\(value)\" is invalid: expected \(expected)"
    }
}

import Foundation
