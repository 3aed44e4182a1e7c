import AsyncHTTPClient
import ConsoleService
import Contracts
import Foundation
import NIOCore
import NIOHTTP1
import ServiceKit
import TestSupport

/// The console on a fresh database of `backend`, with a clock the test can move.
func withConsole(_ backend: Backend, extra: [String: String] = [:], _ body: (RunningService, ServiceClock) async throws -> Void) async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await withFreshDatabaseURL(backend) { url in
        let clock = ServiceClock()
        let console = try await startService(consoleService, configuration: testConfiguration(.console, database: url, folder: folder, extra: extra), clock: clock)
        do {
            try await body(console, clock)
        } catch {
            await console.stop()
            throw error
        }
        await console.stop()
    }
}

func withConsole(_ backend: Backend, _ body: (RunningService) async throws -> Void) async throws {
    try await withConsole(backend) { console, _ in try await body(console) }
}

/// The deployment's first admin, as `youyue up` makes it: login and one-time password.
func bootstrapAdmin(_ console: RunningService) async throws -> String {
    let answer = try await http(.POST, console.baseURL + "/internal/v1/bootstrap-admin", json: "{}", headers: try await bearerIn("*", .admin))
    guard answer.status == 201 else { throw HarnessError("bootstrap-admin answered \(answer.status): \(answer.body)") }
    return try apiDecoder.decode(AccountWithPassword.self, from: Data(answer.body.utf8)).oneTimePassword
}

/// An account made through the API; its one-time password.
func addAccount(_ console: RunningService, _ json: String) async throws -> String {
    let answer = try await http(.POST, console.baseURL + "/api/v1/accounts", json: json, headers: try await bearerIn("*", .admin))
    guard answer.status == 201 else { throw HarnessError("adding an account answered \(answer.status): \(answer.body)") }
    return try apiDecoder.decode(AccountWithPassword.self, from: Data(answer.body.utf8)).oneTimePassword
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A browser as far as the console can tell: it keeps cookies, shows redirects instead of
/// following them, and posts forms.
final class Browser: @unchecked Sendable {
    let base: String
    var cookies: [String: String] = [:]
    var lastSetCookies: [String] = []

    init(_ base: String) { self.base = base }

    @discardableResult
    func get(_ path: String) async throws -> (status: Int, body: String, location: String?) {
        var request = HTTPClientRequest(url: base + path)
        request.headers.add(name: "Cookie", value: cookieHeader)
        return try await send(request)
    }

    /// Posts a form; `csrf` is added from `page` (the form's own page) unless given.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)]) async throws -> (status: Int, body: String, location: String?) {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Cookie", value: cookieHeader)
        request.body = .bytes(ByteBuffer(string: fields.map { encode($0) + "=" + encode($1) }.joined(separator: "&")))
        return try await send(request)
    }

    /// Opens `page` and posts its form with the page's CSRF token.
    @discardableResult
    func submit(_ page: String, to path: String, _ fields: [(String, String)]) async throws -> (status: Int, body: String, location: String?) {
        let form = try await get(page)
        return try await post(path, [("csrf", hiddenField(form.body, named: "csrf") ?? "")] + fields)
    }

    func signIn(_ login: String, _ password: String) async throws -> (status: Int, body: String, location: String?) {
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
