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

