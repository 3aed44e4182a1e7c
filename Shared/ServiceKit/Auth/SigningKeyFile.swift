import Contracts
import Crypto
import Foundation

/// One service's ES256 signing keys as kept on disk (JSON, mode 0600). The last key signs; the
/// earlier ones stay published for verification until `retires`, when every token they signed has
/// expired. Only the service itself (and, for the console, the admin CLI on the same data folder)
/// ever reads this file.
public struct SigningKeyFile: Codable, Sendable, Equatable {
    public var owner: String
    public var keys: [SigningKeyRecord]

    public init(owner: ServiceName, keys: [SigningKeyRecord]) {
        self.owner = owner.rawValue
        self.keys = keys
    }
}

public struct SigningKeyRecord: Codable, Sendable, Equatable {
    /// `<service>.<random>`: the prefix names the owner, so a verifier knows whose keys to consult.
    public var kid: String
    /// PKCS#8 PEM of a P-256 private key.
    public var privateKey: String
    public var created: Date
    /// When this key stops being published; nil for keys still in use.
    public var retires: Date?
}

/// How long a replaced key stays published: the longest a token may live, and a little more for
/// clocks that drift apart.
public let retiredKeyGracePeriod: TimeInterval = TokenVerifier.longestLifetime + 10 * 60

/// A fresh key for `owner`.
public func newSigningKey(owner: ServiceName, now: Date = Date()) -> SigningKeyRecord {
    SigningKeyRecord(kid: owner.rawValue + "." + base64URLEncode(randomBytes(9)),
                     privateKey: P256.Signing.PrivateKey().pemRepresentation, created: now, retires: nil)
}

/// The key file at `path`, or nil when there is none. A file that is there but wrong (another
/// service's keys, a broken PEM) is an error that names the file.
public func readSigningKeyFile(at path: String, owner: ServiceName) throws -> SigningKeyFile? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let file: SigningKeyFile
    do {
        file = try keyFileDecoder.decode(SigningKeyFile.self, from: data)
    } catch {
        throw ConfigurationError(variable: path, value: "(key file)", expected: "a Youyue signing key file (JSON)")
    }
    guard file.owner == owner.rawValue else {
        throw ConfigurationError(variable: path, value: file.owner, expected: "the signing keys of \(owner.rawValue)")
    }
    guard !file.keys.isEmpty, file.keys.allSatisfy({ $0.kid.hasPrefix(owner.rawValue + ".") }),
          file.keys.allSatisfy({ (try? P256.Signing.PrivateKey(pemRepresentation: $0.privateKey)) != nil }) else {
        throw ConfigurationError(variable: path, value: "(key file)", expected: "P-256 keys whose ids start with \(owner.rawValue).")
    }
    return file
}

/// Writes the key file readable by its owner only, replacing any earlier one in one step.
public func writeSigningKeyFile(_ file: SigningKeyFile, to path: String) throws {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let temporary = path + ".new-" + base64URLEncode(randomBytes(6))
    guard FileManager.default.createFile(atPath: temporary, contents: try keyFileEncoder.encode(file),
                                         attributes: [.posixPermissions: 0o600]) else {
        throw ConfigurationError(variable: path, value: "", expected: "a writable location for signing keys")
    }
    guard rename(temporary, path) == 0 else {
        try? FileManager.default.removeItem(atPath: temporary)
        throw ConfigurationError(variable: path, value: "", expected: "a writable location for signing keys")
    }
}

/// The keys at `path`, created on first use (how `youyue up` and a fresh container get theirs).
public func loadOrCreateSigningKeys(at path: String, owner: ServiceName, now: Date = Date()) throws -> SigningKeyFile {
    if let existing = try readSigningKeyFile(at: path, owner: owner) { return existing }
    let file = SigningKeyFile(owner: owner, keys: [newSigningKey(owner: owner, now: now)])
    try writeSigningKeyFile(file, to: path)
    // A sibling process may have written its own at the same moment: everyone uses what is on disk.
    return try readSigningKeyFile(at: path, owner: owner) ?? file
}

/// Adds a new signing key, retires the one that signed until now (published until its tokens have
/// expired) and drops keys whose time is over. Returns the new file.
@discardableResult
public func rotateSigningKeys(at path: String, owner: ServiceName, now: Date = Date()) throws -> SigningKeyFile {
    var file = try loadOrCreateSigningKeys(at: path, owner: owner, now: now)
    file.keys.removeAll { ($0.retires ?? .distantFuture) <= now }
    for index in file.keys.indices where file.keys[index].retires == nil {
        file.keys[index].retires = now.addingTimeInterval(retiredKeyGracePeriod)
    }
    file.keys.append(newSigningKey(owner: owner, now: now))
    try writeSigningKeyFile(file, to: path)
    return file
}

private let keyFileEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return encoder
}()

private let keyFileDecoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
}()
