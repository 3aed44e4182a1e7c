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

extension ClientsCommandTests {
    @Test("with YOUYUE_CLIENT_ID and its secret file, the CLI works as that machine client: `token` prints the client's 5-minute token, admin commands use it; a person's token needs the console's key", arguments: [Backend.sqlite])
    func cliAsMachineClient(backend: Backend) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { url in
            let console = try await startService(consoleService, configuration: testConfiguration(.console, database: url, folder: folder))
            do {
                let keyed = ["YOUYUE_CONSOLE_URL": console.baseURL, "YOUYUE_CONSOLE_SIGNING_KEYS_FILE": TestKeys.keyFile(.console), "YOUYUE_DATA_DIR": folder + "/data"]
                let added = try await youyue(["clients", "add", "--name", "区信息中心脚本", "--role", "admin", "--district", "jianghan",
                                              "--secret-file", folder + "/secret"], environment: keyed, in: folder)
                let clientID = try #require(added.output.firstMatch(of: /client id: (client-[0-9a-f]+)/).map { String($0.1) }, "\(added.output)")
                // No console key anywhere in this environment: only the client's id and secret.
                let asClient = ["YOUYUE_CONSOLE_URL": console.baseURL, "YOUYUE_CLIENT_ID": clientID, "YOUYUE_CLIENT_SECRET_FILE": folder + "/secret",
                                "YOUYUE_DATA_DIR": folder + "/empty"]
                let token = try await youyue(["token"], environment: asClient, in: folder)
                #expect(token.status == 0 && token.output.contains("客户端 \(clientID) 的令牌"), "\(token.output)")
                let printed = try #require(token.output.split(separator: "\n").first { $0.hasPrefix("eyJ") }.map(String.init), "\(token.output)")
                let principal = try await TokenVerifier(trust: TrustedKeys(own: TestKeys.signer(.intake), pinned: TestKeys.signer(.console).publicKeys(),
                                                                             sources: [:], httpClient: nil, logger: testLogger)).verify(printed)
                #expect(principal == Principal(role: .admin, subject: clientID, district: "jianghan"))
                let users = try await youyue(["users", "list"], environment: asClient, in: folder)
                #expect(users.status == 0, "an admin client of jianghan lists jianghan's accounts: \(users.output)")
                let person = try await youyue(["token", "--role", "deputy", "--subject", "dep-0001"], environment: asClient, in: folder)
                #expect(person.status != 0 && person.output.contains("--role and --subject"), "\(person.output)")
                let wrong = try await youyue(["token"], environment: asClient.merging(["YOUYUE_CLIENT_SECRET_FILE": "", "YOUYUE_CLIENT_SECRET": "not-the-secret"]) { _, new in new }, in: folder)
                #expect(wrong.status != 0 && wrong.output.contains("gave client \(clientID) no token (401 invalid_client)"), "\(wrong.output)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/empty/secrets/keys/console.json"), "no key made up for a machine client")
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
