import Contracts
import Crypto
import Foundation
import Synchronization

/// Signs one service's tokens (ES256) with the newest key of its key file, and publishes the public
/// halves. The console signs people's tokens; every other service only its own service tokens,
/// which is all a verifier accepts from its keys. The file is read again when it changes, so
/// `youyue keys rotate` takes effect without a restart.
public final class TokenSigner: Sendable {
    public let owner: ServiceName
    public let issuer: String
    public let audience: String
    private let path: String?
    private let state: Mutex<State>

    private struct State {
        var keys: [LoadedKey]
        var version: FileVersion?
        var checked: ContinuousClock.Instant
    }

    struct LoadedKey {
        let kid: String
        let privateKey: P256.Signing.PrivateKey
        let retires: Date?
    }

    /// The signer of `owner`, with the keys at `path` (created there on first use).
    public init(owner: ServiceName, keyFile path: String, issuer: String = "youyue", audience: String = "youyue") throws {
        self.owner = owner
        self.issuer = issuer
        self.audience = audience
        self.path = path
        let file = try loadOrCreateSigningKeys(at: path, owner: owner)
        state = Mutex(State(keys: Self.loaded(file), version: FileVersion(path), checked: .now))
    }

    /// A signer over keys held in memory (tests, and tools that were handed a key file's contents).
    public init(owner: ServiceName, keys file: SigningKeyFile, issuer: String = "youyue", audience: String = "youyue") {
        self.owner = owner
        self.issuer = issuer
        self.audience = audience
        path = nil
        state = Mutex(State(keys: Self.loaded(file), version: nil, checked: .now))
    }

    /// A token for `principal`, valid for `lifetime` seconds from `now`: 12 hours at most.
    public func mint(_ principal: Principal, lifetime: TimeInterval, now: Date = Date()) throws -> String {
        guard lifetime > 0, lifetime <= TokenVerifier.longestLifetime else { throw TokenLifetimeOutOfRange(seconds: lifetime) }
        let key = currentKeys().last!
        let claims = TokenClaims(principal: principal, issuer: issuer, audience: audience,
                                 issuedAt: now, expiresAt: now.addingTimeInterval(lifetime))
        let header = #"{"alg":"ES256","kid":"\#(key.kid)","typ":"JWT"}"#
        let signingInput = base64URLEncode(Array(header.utf8)) + "." + base64URLEncode(Array(try claimsEncoder.encode(claims)))
        let signature = try key.privateKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + base64URLEncode(Array(signature.rawRepresentation))
    }

    public func mint(_ principal: Principal, lifetime: Duration, now: Date = Date()) throws -> String {
        try mint(principal, lifetime: lifetime.timeInterval, now: now)
    }

    /// The public keys a verifier may meet in this signer's tokens: the current one and those
    /// retired less than a token's lifetime ago.
    public func publicKeys(now: Date = Date()) -> PublicKeySet {
        PublicKeySet(keys: currentKeys()
            .filter { ($0.retires ?? .distantFuture) > now }
            .map { PublicKeyEntry(kid: $0.kid, key: $0.privateKey.publicKey) })
    }

    /// This signer's public key for `kid`, if it has one still published.
    func publicKey(kid: String, now: Date = Date()) -> P256.Signing.PublicKey? {
        currentKeys().first { $0.kid == kid && ($0.retires ?? .distantFuture) > now }?.privateKey.publicKey
    }

    /// The keys, read again from the file when it changed (looked at no more than once a second).
    private func currentKeys() -> [LoadedKey] {
        state.withLock { state in
            guard let path, state.checked.duration(to: .now) > .seconds(1) else { return state.keys }
            state.checked = .now
            let version = FileVersion(path)
            // A file being replaced or broken keeps the keys already in use; the next look retries.
            if version != state.version, let file = try? readSigningKeyFile(at: path, owner: owner) {
                state.keys = Self.loaded(file)
                state.version = version
            }
            return state.keys
        }
    }

    private static func loaded(_ file: SigningKeyFile) -> [LoadedKey] {
        file.keys.compactMap { record in
            (try? P256.Signing.PrivateKey(pemRepresentation: record.privateKey)).map {
                LoadedKey(kid: record.kid, privateKey: $0, retires: record.retires)
            }
        }
    }

}

/// Which file is at a path and when it last changed, following symbolic links: a Kubernetes Secret
/// volume replaces its files by swapping a link, and `rotate` by renaming a new file over the old.
struct FileVersion: Equatable {
    let inode: UInt64
    let seconds: Int
    let nanoseconds: Int

    init?(_ path: String) {
        var information = stat()
        guard stat(path, &information) == 0 else { return nil }
        inode = UInt64(information.st_ino)
        seconds = information.st_mtim.tv_sec
        nanoseconds = information.st_mtim.tv_nsec
    }
}

/// A token was asked to live longer than any Youyue token may.
public struct TokenLifetimeOutOfRange: Error, CustomStringConvertible {
    public let seconds: TimeInterval
    public var description: String { "a token may live between 1 second and 12 hours, not \(Int(seconds)) s" }
}

private let claimsEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return encoder
}()

extension Duration {
    /// Seconds as a `TimeInterval`, keeping the sub-second part.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
