import Crypto
import Foundation
import Hummingbird
import ServiceKit

/// How long a sign-in lasts: ended after `idle` without a request and after `absolute` in all.
public struct SessionLimits: Sendable {
    public var idle: Duration
    public var absolute: Duration

    init(_ configuration: ServiceConfiguration) throws {
        idle = .seconds(try configuration.environment.int("YOUYUE_SESSION_IDLE_MINUTES", default: 30, in: 1...1440) * 60)
        absolute = .seconds(try configuration.environment.int("YOUYUE_SESSION_HOURS", default: 12, in: 1...168) * 3600)
    }
}

/// A signed-in browser as the console sees it on each request.
struct Session: Sendable {
    let idHash: String
    let login: String
    let csrf: String
    /// The password was right; `secondFactor` once the TOTP code was too (or none is needed).
    let secondFactor: Bool
    let signedInWith: SignInMethod
}

/// How a session began.
enum SignInMethod: String, Sendable {
    case password
    /// The district's OpenID Connect provider (统一身份认证).
    case identityProvider
}

/// Server-side sessions: the cookie holds 32 random bytes; the table holds their SHA-256.
enum Sessions {
    static let cookieName = "__Host-youyue-session"

    /// A new session, always with a fresh id (so a session id planted before sign-in is worthless).
    nonisolated(nonsending) static func start(_ db: any SQLExecutor, login: String, secondFactor: Bool, signedInWith method: SignInMethod,
                                              client: String, at now: Date) async throws -> (cookieValue: String, session: Session) {
        let value = randomBytes(32).map { String(format: "%02x", $0) }.joined()
        let session = Session(idHash: hash(value), login: login, csrf: randomBytes(16).map { String(format: "%02x", $0) }.joined(),
                              secondFactor: secondFactor, signedInWith: method)
        try await db.execute("""
            INSERT INTO sessions (id_hash, login, csrf, second_factor, created_at, last_seen_at, client, signed_in_with)
            VALUES (\(session.idHash), \(login), \(session.csrf), \(secondFactor), \(now), \(now), \(client), \(method.rawValue))
            """)
        return (value, session)
    }

    /// The live session the request's cookie names, touched; nil when there is none or it ran out
    /// (an ended one is deleted on the way).
    static func current(_ request: Request, database: any Database, limits: SessionLimits, now: Date) async throws -> Session? {
        guard let value = request.cookies[cookieName]?.value, value.utf8.count == 64 else { return nil }
        let idHash = hash(value)
        guard let row = try await database.queryFirst("""
            SELECT s.login, s.csrf, s.second_factor, s.signed_in_with, s.created_at, s.last_seen_at, a.status FROM sessions s
            JOIN accounts a ON a.login = s.login WHERE s.id_hash = \(idHash)
            """) else { return nil }
        let idleEnd = try row.date("last_seen_at").addingTimeInterval(limits.idle.seconds)
        let absoluteEnd = try row.date("created_at").addingTimeInterval(limits.absolute.seconds)
        guard now < idleEnd, now < absoluteEnd, try row.string("status") == AccountStatus.active.rawValue else {
            try await database.execute("DELETE FROM sessions WHERE id_hash = \(idHash)")
            return nil
        }
        try await database.execute("UPDATE sessions SET last_seen_at = \(now) WHERE id_hash = \(idHash)")
        return Session(idHash: idHash, login: try row.string("login"), csrf: try row.string("csrf"), secondFactor: try row.bool("second_factor"),
                       signedInWith: SignInMethod(rawValue: try row.string("signed_in_with")) ?? .password)
    }

    nonisolated(nonsending) static func end(_ db: any SQLExecutor, idHash: String) async throws {
        try await db.execute("DELETE FROM sessions WHERE id_hash = \(idHash)")
    }

    /// Ends every session of an account: on disabling it and on a password reset.
    nonisolated(nonsending) static func endAll(_ db: any SQLExecutor, login: String) async throws {
        try await db.execute("DELETE FROM sessions WHERE login = \(login)")
    }

    nonisolated(nonsending) static func markSecondFactor(_ db: any SQLExecutor, idHash: String) async throws {
        try await db.execute("UPDATE sessions SET second_factor = \(true) WHERE id_hash = \(idHash)")
    }

    /// Whether session cookies are marked `Secure`: over https, and at this machine's own address
    /// (`youyue up`'s http://127.0.0.1), which browsers treat as secure though it is plain http.
    /// A `__Host-` cookie without `Secure` is dropped by every browser: sign-in would silently
    /// lead back to /login. On plain http at any other address the cookie is dropped either way.
    static func secureCookies(publicBaseURL: String) -> Bool {
        guard let url = URLComponents(string: publicBaseURL), let host = url.host?.lowercased() else { return false }
        if url.scheme?.lowercased() == "https" { return true }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return bare == "localhost" || bare.hasSuffix(".localhost") || bare.hasPrefix("127.") || bare == "::1"
    }

    /// The `Set-Cookie` for a session: `__Host-` (so Secure, path `/`, no domain), HttpOnly,
    /// SameSite=Lax; no Max-Age, so it also ends with the browser.
    static func cookie(_ value: String, secure: Bool) -> String {
        "\(cookieName)=\(value); Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    static func clearingCookie(secure: Bool) -> String {
        "\(cookieName)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "")
    }

    static func hash(_ value: String) -> String {
        SHA256.hash(data: Array(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
