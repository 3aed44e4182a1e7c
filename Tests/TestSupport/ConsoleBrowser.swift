import AsyncHTTPClient
import Foundation
import NIOCore

/// A browser as far as the console can tell: it keeps cookies (one client may be one person),
/// shows redirects instead of following them, and posts forms with their CSRF token.
public final class Browser: @unchecked Sendable {
    public let base: String
    public var cookies: [String: String] = [:]
    public var lastSetCookies: [String] = []

    public init(_ base: String) { self.base = base }

    @discardableResult
    public func get(_ path: String) async throws -> (status: Int, body: String, location: String?) {
        var request = HTTPClientRequest(url: base + path)
        request.headers.add(name: "Cookie", value: cookieHeader)
        return try await send(request)
    }

    /// Posts a form; `csrf` is added from `page` (the form's own page) unless given.
    @discardableResult
    public func post(_ path: String, _ fields: [(String, String)]) async throws -> (status: Int, body: String, location: String?) {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Cookie", value: cookieHeader)
        request.body = .bytes(ByteBuffer(string: fields.map { encode($0) + "=" + encode($1) }.joined(separator: "&")))
        return try await send(request)
    }

    /// Opens `page` and posts its form with the page's CSRF token.
    @discardableResult
    public func submit(_ page: String, to path: String, _ fields: [(String, String)]) async throws -> (status: Int, body: String, location: String?) {
        let form = try await get(page)
        return try await post(path, [("csrf", hiddenField(form.body, named: "csrf") ?? "")] + fields)
    }

    public func signIn(_ login: String, _ password: String) async throws -> (status: Int, body: String, location: String?) {
        try await submit("/login", to: "/login", [("login", login), ("password", password)])
    }

    private var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    private func send(_ request: HTTPClientRequest) async throws -> (status: Int, body: String, location: String?) {
        let response = try await noRedirects.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 22)
        lastSetCookies = response.headers["Set-Cookie"]
        for header in lastSetCookies {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            if header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return (Int(response.status.code), String(buffer: body), response.headers["Location"].first)
    }
}

private let noRedirects = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

private func encode(_ text: String) -> String {
    let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
