import Foundation

/// Reads a secret from a file, or creates one (random, base64) readable only by its owner. This is
/// how development secrets appear on first run; deployments point the `…_FILE` variables at their
/// own secret files instead.
public func loadOrCreateSecret(at path: String, bytes count: Int = 32) throws -> String {
    let manager = FileManager.default
    if let existing = manager.contents(atPath: path) {
        let text = String(decoding: existing, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ConfigurationError(variable: path, value: "", expected: "a non-empty secret file") }
        return text
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    try manager.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let secret = Data(randomBytes(count)).base64EncodedString()
    guard manager.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
        // Another process (a sibling service) may have won the race: use its secret.
        if let written = manager.contents(atPath: path) { return String(decoding: written, as: UTF8.self) }
        throw ConfigurationError(variable: path, value: "", expected: "a writable location for a development secret")
    }
    return secret
}

/// Reads a secret file given by path.
public func readSecretFile(_ path: String, variable: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ConfigurationError(variable: variable, value: path, expected: "a readable secret file")
    }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
