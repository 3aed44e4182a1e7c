import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// The CLI as a machine client of the console (`YOUYUE_CLIENT_ID` and `YOUYUE_CLIENT_SECRET[_FILE]`):
/// where the console's private key is not at hand, as on an operator's machine, the CLI asks
/// `POST /oauth/token` for a 5-minute token with the client's own role and scope.
public struct MachineClientLogin: Sendable {
    public let clientID: String
    let secret: String
    public let tokenURL: String

    public init(clientID: String, secret: String, tokenURL: String) {
        self.clientID = clientID
        self.secret = secret
        self.tokenURL = tokenURL
    }

    /// A token for the client, and when it expires.
    public func token(httpClient: HTTPClient, now: Date = Date()) async throws -> (token: String, expires: Date) {
        var request = HTTPClientRequest(url: tokenURL)
        request.method = .POST
        // RFC 6749 §2.3.1: id and secret form-encoded, then Basic.
        let pair = formEncoded(clientID) + ":" + formEncoded(secret)
        request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials"))
        let response = try await httpClient.execute(request, timeout: .seconds(15))
        let body = try await response.body.collect(upTo: 64 * 1024)
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(buffer: body))
        guard response.status == .ok, let answer else {
            throw MachineClientRefused(tokenURL: tokenURL, clientID: clientID, status: Int(response.status.code),
                                       error: (try? JSONDecoder().decode(TokenError.self, from: Data(buffer: body)))?.error)
        }
        return (answer.access_token, now.addingTimeInterval(TimeInterval(answer.expires_in)))
    }

    private struct TokenAnswer: Decodable {
        var access_token: String
        var expires_in: Int
    }

    private struct TokenError: Decodable {
        var error: String
    }
}

/// The console did not give the CLI's client a token.
public struct MachineClientRefused: Error, CustomStringConvertible {
    public let tokenURL: String
    public let clientID: String
    public let status: Int
    public let error: String?

    public var description: String {
        "\(tokenURL) gave client \(clientID) no token (\(status)\(error.map { " \($0)" } ?? "")): "
            + "check YOUYUE_CLIENT_ID and YOUYUE_CLIENT_SECRET[_FILE], and that the client is enabled (youyue clients list)."
    }
}

/// `application/x-www-form-urlencoded` for one value.
private func formEncoded(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._*")
    return (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value).replacingOccurrences(of: "%20", with: "+")
}
