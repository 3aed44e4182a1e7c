import AsyncHTTPClient
import ConsoleService
import Contracts
import Foundation
import NIOCore
import NIOHTTP1
import ServiceKit
import TestSupport
import Testing

/// `youyue clients`, run as district IT runs it, against a console reached through
/// `YOUYUE_CONSOLE_URL`.
@Suite("youyue clients")
struct ClientsCommandTests {
    @Test("`clients add` prints the client id and its secret once and writes the secret to a file of mode 0600; list, disable, enable and rotate-secret work; the secret gets a token", arguments: [Backend.sqlite])
    func addListDisable(backend: Backend) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { url in
            let console = try await startService(consoleService, configuration: testConfiguration(.console, database: url, folder: folder))
            do {
                let environment = ["YOUYUE_CONSOLE_URL": console.baseURL, "YOUYUE_CONSOLE_SIGNING_KEYS_FILE": TestKeys.keyFile(.console), "YOUYUE_DATA_DIR": folder + "/data"]
                let added = try await youyue(["clients", "add", "--name", "江汉区检察院案件系统", "--role", "procuratorate", "--district", "jianghan",
                                              "--secret-file", folder + "/secret"], environment: environment, in: folder)
                #expect(added.status == 0, "\(added.output)")
                let clientID = try #require(added.output.firstMatch(of: /client id: (client-[0-9a-f]+)/).map { String($0.1) }, "\(added.output)")
                let secret = try #require(added.output.firstMatch(of: /client secret \(shown once\): ([A-Za-z0-9_-]{43})/).map { String($0.1) }, "\(added.output)")
                #expect(try String(contentsOfFile: folder + "/secret", encoding: .utf8) == secret + "\n")
                #expect(try permissions(folder + "/secret") == 0o600)

                let token = try await rawRequest(.POST, console.baseURL + "/oauth/token", headers: [
                    ("Content-Type", "application/x-www-form-urlencoded"),
                    ("Authorization", "Basic " + Data("\(clientID):\(secret)".utf8).base64EncodedString())], body: "grant_type=client_credentials")
                #expect(token.status == 200, "\(token.body)")

                let list = try await youyue(["clients", "list"], environment: environment, in: folder)
                #expect(list.status == 0 && list.output.contains(clientID) && list.output.contains("procuratorate") && !list.output.contains(secret), "\(list.output)")
                let disabled = try await youyue(["clients", "disable", clientID], environment: environment, in: folder)
                #expect(disabled.status == 0 && disabled.output.contains("\(clientID): disabled"), "\(disabled.output)")
                let enabled = try await youyue(["clients", "enable", clientID], environment: environment, in: folder)
                #expect(enabled.status == 0 && enabled.output.contains("\(clientID): enabled"), "\(enabled.output)")
                let rotated = try await youyue(["clients", "rotate-secret", clientID], environment: environment, in: folder)
                #expect(rotated.status == 0 && rotated.output.contains("new client secret for \(clientID)") && !rotated.output.contains(secret), "\(rotated.output)")
                let refused = try await youyue(["clients", "add", "--name", "某服务", "--role", "service", "--district", "jianghan"], environment: environment, in: folder)
                #expect(refused.status != 0, "\(refused.output)")
            } catch {
                await console.stop()
                throw error
            }
            await console.stop()
        }
    }
}

/// A POST with a raw body and headers of the test's choosing.
private func rawRequest(_ method: HTTPMethod, _ url: String, headers: [(String, String)], body: String) async throws -> (status: Int, body: String) {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
}
