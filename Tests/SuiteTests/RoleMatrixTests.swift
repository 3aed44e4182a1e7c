import Contracts
import Foundation
import NIOHTTP1
import ServiceKit
import TestSupport
import Testing

/// Roles are data: every operation of every service's OpenAPI document is called without a token
/// and with a token of each role its `x-roles` leaves out. An operation with roles answers 401 and
/// 403 before it reads a body or a record; an operation without roles is public and answers
/// without asking for one. What the document says is what the services do.
@Suite("Role matrix", .timeLimit(.minutes(5)))
struct RoleMatrixTests {
    @Test("every operation refuses exactly the roles its x-roles leaves out, and public ones ask for no token")
    func rolesAreWhatTheDocumentsSay() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ports = try await DemoStoryTests.freePorts()
        var running: [ServiceName: RunningService] = [:]
        for service in ServiceName.allCases {
            running[service] = try await startService(DemoStoryTests.definitions[service]!, configuration: testConfiguration(
                service, database: .sqlite(path: "\(folder)/\(service.rawValue).sqlite"), port: ports[service]!,
                peers: ports.filter { $0.key != service }, folder: folder))
        }
        do {
            var checked = 0
            for service in ServiceName.allCases {
                let base = running[service]!.baseURL
                let document = try JSONSerialization.jsonObject(with: Data(try await http(.GET, base + "/openapi.json").body.utf8)) as? [String: Any]
                let paths = try #require(document?["paths"] as? [String: [String: Any]])
                for (path, operations) in paths {
                    let concrete = path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "x-0", options: .regularExpression)
                    for (method, value) in operations {
                        guard let operation = value as? [String: Any], let roles = operation["x-roles"] as? [String] else { continue }
                        let name = "\(service.rawValue) \(method.uppercased()) \(path)"
                        let verb = HTTPMethod(rawValue: method.uppercased())
                        let body = ["POST", "PUT", "PATCH"].contains(method.uppercased()) ? "{}" : nil
                        let anonymous = try await http(verb, base + concrete, json: body)
                        if roles.isEmpty {
                            // Public: no token asked for (a form may still refuse a stale CSRF token).
                            #expect(anonymous.status != 401 && !anonymous.body.contains("需要以下角色"), "\(name) is documented as public but answered \(anonymous.status)")
                            continue
                        }
                        #expect(anonymous.status == 401, "\(name) without a token: \(anonymous.status)")
                        let scope = operation["x-scope"] as? [String: String]
                        #expect(Set(scope?.keys.map { $0 } ?? []) == Set(roles), "\(name) says which records each of its roles reaches")
                        for role in Role.allCases where !roles.contains(role.rawValue) {
                            let principal = role == .service ? serviceTokenPrincipal(.routing)
                                : Principal(role: role, subject: "someone", district: "jianghan", street: "minzu", unit: "jh-minzu-office")
                            let answer = try await http(verb, base + concrete, json: body, headers: [("Authorization", "Bearer \(try testToken(principal))")])
                            #expect(answer.status == 403, "\(name) as \(role.rawValue): \(answer.status) \(answer.body.prefix(160))")
                            checked += 1
                        }
                    }
                }
            }
            #expect(checked > 500, "walked \(checked) refusals")
        } catch {
            for service in running.values { await service.stop() }
            throw error
        }
        for service in running.values { await service.stop() }
    }
}
