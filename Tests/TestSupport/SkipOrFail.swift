import Foundation
import Testing

/// Skips a test whose prerequisite is missing, saying which; in CI (`CI=true`), where `.ci/run`
/// installs every prerequisite, a missing one fails the test instead of hiding it.
public func skipOrFail(_ reason: String) throws -> Never {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        throw MissingPrerequisite(reason: reason)
    }
    try Test.cancel(Comment(rawValue: reason))
}

struct MissingPrerequisite: Error, CustomStringConvertible {
    let reason: String
    var description: String { "missing in CI: " + reason }
}
