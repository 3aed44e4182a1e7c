import AdminKit
import ArgumentParser
import ConsoleService
import Contracts
import Foundation
import ServiceKit

/// Machine clients (the procuratorate's case system, district IT's scripts) that get tokens from
/// the console's `/oauth/token` by OAuth 2.0 client credentials; through the console's API with an
/// admin token.
struct Clients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Machine clients of the console (OAuth 2.0 client credentials).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, RotateSecret.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a client; prints its client id, and its secret once.")
        @OptionGroup var suite: SuiteAddressOptions
        @Option(help: "The client's name as shown (for example 江汉区检察院案件系统).") var name: String
        @Option(help: "procuratorate, unit, streetStaff, districtStaff, councilMember or admin.") var role: String
        @Option(help: "District code (for example jianghan; * for a deployment-wide admin client).") var district: String
        @Option(help: "A street code (role streetStaff).") var street: String?
        @Option(help: "A unit code (role unit).") var unit: String?
        @Option(help: "A public key (JWK or PEM file, EC P-256 or RSA): the client then signs JWT assertions (private_key_jwt) and gets no secret.")
        var publicKey: String?
        @Option(help: "Also write the secret to this file (created with mode 0600; must not exist).") var secretFile: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role: not a role: \(role)") }
            let key = try publicKey.map { path in
                do { return try String(contentsOfFile: path, encoding: .utf8) } catch { throw ValidationError("--public-key: cannot read \(path)") }
            }
            if let secretFile, FileManager.default.fileExists(atPath: secretFile) {
                throw ValidationError("\(secretFile) exists already; name another with --secret-file")
            }
            let input = MachineClientInput(displayName: name, role: role, district: district, street: street, unit: unit, publicKey: key)
            try await withHTTPClient { client in
                let created = try await suite.adminClient(client).post(suite.urls()[.console]! + "/api/v1/clients", json: input, as: MachineClientWithSecret.self)
                say("added \(created.client.displayName) (\(created.client.role.rawValue), \(created.client.district))")
                say("client id: \(created.client.clientID)")
                guard let secret = created.clientSecret else {
                    say("authenticates with private_key_jwt: no secret.")
                    return
                }
                say("client secret (shown once): \(secret)")
                if let secretFile {
                    guard FileManager.default.createFile(atPath: secretFile, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                        throw ValidationError("cannot create \(secretFile); the secret above is the only copy")
                    }
                    say("secret written to \(secretFile) (mode 0600).")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List clients.")
        @OptionGroup var suite: SuiteAddressOptions

        func run() async throws {
            try await withHTTPClient { client in
                let clients = try await suite.adminClient(client).get(suite.urls()[.console]! + "/api/v1/clients", as: [MachineClientView].self)
                for client in clients {
                    let scope = client.street ?? client.unit ?? ""
                    say("\(client.clientID)  \(client.displayName)  \(client.role.rawValue)  \(client.district)  \(scope)  \(client.authentication.rawValue)  \(client.status.rawValue)")
                }
                say("\(clients.count) client(s).")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a client: it gets no new token.")
        @OptionGroup var suite: SuiteAddressOptions
        @Argument(help: "The client id.") var clientID: String
        func run() async throws { try await changeClientStatus(suite, clientID, "disable") }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled client.")
        @OptionGroup var suite: SuiteAddressOptions
        @Argument(help: "The client id.") var clientID: String
        func run() async throws { try await changeClientStatus(suite, clientID, "enable") }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-secret", abstract: "A new secret, printed once; the old one stops working at once.")
        @OptionGroup var suite: SuiteAddressOptions
        @Argument(help: "The client id.") var clientID: String
        @Option(help: "Also write the secret to this file (created with mode 0600; must not exist).") var secretFile: String?

        func run() async throws {
            if let secretFile, FileManager.default.fileExists(atPath: secretFile) {
                throw ValidationError("\(secretFile) exists already; name another with --secret-file")
            }
            try await withHTTPClient { client in
                let rotated = try await suite.adminClient(client).post(
                    suite.urls()[.console]! + "/api/v1/clients/\(clientID)/rotate-secret", body: Array("{}".utf8), as: MachineClientWithSecret.self)
                let secret = rotated.clientSecret ?? ""
                say("new client secret for \(rotated.client.clientID) (shown once): \(secret)")
                if let secretFile {
                    guard FileManager.default.createFile(atPath: secretFile, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                        throw ValidationError("cannot create \(secretFile); the secret above is the only copy")
                    }
                    say("secret written to \(secretFile) (mode 0600).")
                }
            }
        }
    }
}

private func changeClientStatus(_ suite: SuiteAddressOptions, _ clientID: String, _ action: String) async throws {
    try await withHTTPClient { client in
        let view = try await suite.adminClient(client).post(
            suite.urls()[.console]! + "/api/v1/clients/\(clientID)/\(action)", body: Array("{}".utf8), as: MachineClientView.self)
        say("\(view.clientID): \(view.status.rawValue)")
    }
}
