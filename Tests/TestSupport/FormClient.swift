import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A client that shows redirects instead of following them, as a browser's network panel would.
let nonFollowingClient = HTTPClient(
    eventLoopGroupProvider: .singleton,
    configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

/// Posts an HTML form (`application/x-www-form-urlencoded`, UTF-8) and returns the response
/// as is, redirects included.
public func postForm(_ url: String, fields: [(String, String)], headers: [(String, String)] = []) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: fields.map { formEncode($0) + "=" + formEncode($1) }.joined(separator: "&")))
    let response = try await nonFollowingClient.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 22)
    return (Int(response.status.code), String(buffer: body), response.headers)
}

private func formEncode(_ text: String) -> String {
    // ASCII letters and digits only: CharacterSet.alphanumerics would let Chinese through raw.
    let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
    return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
}

/// The `name=value` part of a `Set-Cookie` header, to send back as `Cookie`.
public func cookiePair(_ headers: HTTPHeaders, named name: String) -> String? {
    headers["Set-Cookie"].lazy.compactMap { $0.split(separator: ";").first.map(String.init) }.first { $0.hasPrefix(name + "=") }
}

/// The value of a hidden form field in a page.
public func hiddenField(_ html: String, named name: String) -> String? {
    guard let range = html.range(of: #"name="\#(name)" value="([^"]*)""#, options: .regularExpression) else { return nil }
    return html[range].split(separator: "\"").dropFirst(3).first.map(String.init)
}
