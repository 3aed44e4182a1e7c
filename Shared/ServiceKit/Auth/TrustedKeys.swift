import AsyncHTTPClient
import Contracts
import Crypto
import Foundation
import Logging
import NIOCore
import Synchronization

/// The public keys a service verifies tokens with: its own, keys pinned in a file
/// (`YOUYUE_TRUSTED_KEYS_FILE`, for tests and sites without a network between the services), and
/// every other service's published `/.well-known/jwks.json`, fetched when first needed and cached.
/// A `kid` not in the cache makes one refresh of its owner's keys, at most one per owner in
/// `refreshInterval`, so a stream of made-up ids cannot turn into a stream of requests.
public final class TrustedKeys: Sendable {
    private let own: TokenSigner
    private let pinned: [String: P256.Signing.PublicKey]
    private let sources: [ServiceName: String]
    private let fetcher: KeySetFetcher
    private let cache = Mutex<[ServiceName: FetchedKeys]>([:])

    /// How long fetched keys are used before they are asked for again (so a key withdrawn by its
    /// owner stops being accepted).
    public static let cacheLifetime: Duration = .seconds(600)
    public static let refreshInterval: Duration = .seconds(5)

    struct FetchedKeys {
        var keys: [String: P256.Signing.PublicKey]
        var fetched: ContinuousClock.Instant
    }

    /// `sources` maps each service to the URL of its key set.
    public init(own: TokenSigner, pinned: PublicKeySet = PublicKeySet(keys: []), sources: [ServiceName: String],
                httpClient: HTTPClient?, logger: Logger) {
        self.own = own
        self.pinned = Dictionary(pinned.keys.compactMap { entry in entry.publicKey.map { (entry.kid, $0) } }) { first, _ in first }
        self.sources = sources.filter { $0.key != own.owner }
        fetcher = KeySetFetcher(httpClient: httpClient, logger: logger)
    }

    /// The key `kid` names, with the service that owns it; nil when no trusted signer has it.
    func key(for kid: String) async -> (owner: ServiceName, key: P256.Signing.PublicKey)? {
        guard let dot = kid.firstIndex(of: "."), let owner = ServiceName(rawValue: String(kid[..<dot])) else { return nil }
        if owner == own.owner, let key = own.publicKey(kid: kid) { return (owner, key) }
        if let key = pinned[kid] { return (owner, key) }
        let cached = cache.withLock { $0[owner] }
        if let cached, cached.fetched.duration(to: .now) < Self.cacheLifetime {
            if let key = cached.keys[kid] { return (owner, key) }
        }
        guard let url = sources[owner] else { return nil }
        if let keys = await fetcher.fetch(url, owner: owner, notSince: Self.refreshInterval) {
            cache.withLock { $0[owner] = FetchedKeys(keys: keys, fetched: .now) }
            return keys[kid].map { (owner, $0) }
        }
        // Not refreshed (too soon, or the owner did not answer): the keys we had still count.
        return (cached?.keys[kid]).map { (owner, $0) }
    }
}

/// Fetches key sets, one request per owner at a time and not more often than asked.
actor KeySetFetcher {
    private let httpClient: HTTPClient?
    private let logger: Logger
    private var lastAttempt: [ServiceName: ContinuousClock.Instant] = [:]
    private var running: [ServiceName: Task<[String: P256.Signing.PublicKey]?, Never>] = [:]

    init(httpClient: HTTPClient?, logger: Logger) {
        self.httpClient = httpClient
        self.logger = logger
    }

    /// The owner's current keys by `kid`; nil when fetched less than `notSince` ago or on failure.
    func fetch(_ url: String, owner: ServiceName, notSince: Duration) async -> [String: P256.Signing.PublicKey]? {
        if let task = running[owner] { return await task.value }
        if let last = lastAttempt[owner], last.duration(to: .now) < notSince { return nil }
        guard let httpClient else { return nil }
        lastAttempt[owner] = .now
        let logger = logger
        let task = Task { await Self.download(url, owner: owner, httpClient: httpClient, logger: logger) }
        running[owner] = task
        let keys = await task.value
        running[owner] = nil
        return keys
    }

    private static func download(_ url: String, owner: ServiceName, httpClient: HTTPClient, logger: Logger) async -> [String: P256.Signing.PublicKey]? {
        do {
            let response = try await httpClient.execute(HTTPClientRequest(url: url), timeout: .seconds(3))
            let body = try await response.body.collect(upTo: 64 * 1024)
            guard response.status == .ok else {
                logger.warning("keys of \(owner.rawValue) at \(url): HTTP \(response.status.code)")
                return nil
            }
            let set = try JSONDecoder().decode(PublicKeySet.self, from: body)
            // Only keys named for this owner: one service cannot publish keys in another's name.
            return Dictionary(set.keys.compactMap { entry in
                entry.kid.hasPrefix(owner.rawValue + ".") ? entry.publicKey.map { (entry.kid, $0) } : nil
            }) { first, _ in first }
        } catch {
            logger.warning("keys of \(owner.rawValue) at \(url) could not be read: \(error)")
            return nil
        }
    }
}
