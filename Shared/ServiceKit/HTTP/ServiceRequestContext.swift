import Contracts
import Foundation
import Hummingbird
import NIOCore

/// The request context of every service: who is calling (once the token is checked) and from where.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The connection, kept for its peer's address: reading that takes a lock, and most
    /// requests never ask for it.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The TCP peer's IP address (read only when asked for). Behind a reverse proxy this is the
    /// proxy: per-client limits use `clientAddress(of:trusting:)`.
    public var peerAddress: String? { channel.remoteAddress?.ipAddress }

    public var requestDecoder: JSONBodyDecoder { apiBodyDecoder }
    public var responseEncoder: SortedJSONEncoder { apiEncoder }

    /// The authenticated caller; a 401 problem when there is none.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthorized("需要登录令牌。") }
        return principal
    }
}

/// API JSON: dates as ISO 8601 with offset, keys sorted so responses are stable, slashes as they are.
public let apiEncoder = SortedJSONEncoder(escapesSlashes: false)

public let apiDecoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
}()

/// Request bodies: read as `apiDecoder` reads them, faster (see `JSONBodyDecoder`).
public let apiBodyDecoder = JSONBodyDecoder(fallback: apiDecoder)
