import AdminKit
import ArgumentParser
import ConsoleService
import Contracts
import Foundation
import ServiceKit

/// Staff accounts of the work platform, through the console's API with an admin token.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staff accounts of the console (the work platform).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, Import.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account; prints its one-time password once.")
        @OptionGroup var suite: SuiteAddressOptions
        @Option(help: "Login name (lower-case letters, digits, . - _).") var login: String
        @Option(help: "The person's name as shown.") var name: String
        @Option(help: "deputy, streetStaff, districtStaff, councilMember, unit, procuratorate or admin.") var role: String
        @Option(help: "District code (for example jianghan).") var district: String
        @Option(help: "A deputy's id (role deputy).") var deputy: String?
        @Option(help: "A street code (role streetStaff).") var street: String?
        @Option(help: "A unit code (role unit).") var unit: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role: not a role: \(role)") }
            let input = AccountInput(login: login, displayName: name, role: role, district: district, deputy: deputy, street: street, unit: unit)
            try await withHTTPClient { client in
                let created = try await suite.adminClient(client).post(suite.urls()[.console]! + "/api/v1/accounts", json: input, as: AccountWithPassword.self)
                say("added \(created.account.login) (\(created.account.role.rawValue), \(created.account.district))")
                say("one-time password (shown once; to be changed at first sign-in): \(created.oneTimePassword)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var suite: SuiteAddressOptions

        func run() async throws {
            try await withHTTPClient { client in
                let accounts = try await suite.adminClient(client).get(suite.urls()[.console]! + "/api/v1/accounts", as: [AccountView].self)
                for account in accounts {
                    let scope = account.deputy ?? account.street ?? account.unit ?? ""
                    say("\(account.login)  \(account.displayName)  \(account.role.rawValue)  \(account.district)  \(scope)  \(account.status.rawValue)\(account.secondFactor ? "  TOTP" : "")")
                }
                say("\(accounts.count) account(s).")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")
        @OptionGroup var suite: SuiteAddressOptions
        @Argument var login: String
        func run() async throws { try await changeStatus(suite, login, "disable") }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var suite: SuiteAddressOptions
        @Argument var login: String
        func run() async throws { try await changeStatus(suite, login, "enable") }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "A new one-time password; the account's sessions end.")
        @OptionGroup var suite: SuiteAddressOptions
        @Argument var login: String

        func run() async throws {
            try await withHTTPClient { client in
                let reset = try await suite.adminClient(client).post(
                    suite.urls()[.console]! + "/api/v1/accounts/\(login)/password-reset", body: Array("{}".utf8), as: AccountWithPassword.self)
                say("one-time password for \(reset.account.login) (shown once; to be changed at sign-in): \(reset.oneTimePassword)")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the accounts of a CSV file (login,displayName,role,district,deputy,street,unit); one-time passwords go to a file of mode 0600, never to the screen.")
        @OptionGroup var suite: SuiteAddressOptions
        @Option(help: "The CSV file.") var csv: String
        @Option(help: "Where the one-time passwords are written (created with mode 0600; must not exist).") var passwords = "one-time-passwords.csv"

        func run() async throws {
            let accounts: [AccountInput]
            do {
                accounts = try parseAccountsCSV(try String(contentsOfFile: csv, encoding: .utf8))
            } catch let error as AccountsFileError {
                throw ValidationError("\(csv): \(error)")
            }
            guard !FileManager.default.fileExists(atPath: passwords) else { throw ValidationError("\(passwords) exists already; name another with --passwords") }
            guard FileManager.default.createFile(atPath: passwords, contents: Data("login,oneTimePassword\n".utf8), attributes: [.posixPermissions: 0o600]),
                  let output = FileHandle(forWritingAtPath: passwords) else { throw ValidationError("cannot create \(passwords)") }
            defer { try? output.close() }
            output.seekToEndOfFile()
            try await withHTTPClient { client in
                let admin = try await suite.adminClient(client)
                var added = 0, refused = 0
                for (index, account) in accounts.enumerated() {
                    say("[\(index + 1)/\(accounts.count)] \(account.login)")
                    do {
                        let created = try await admin.post(suite.urls()[.console]! + "/api/v1/accounts", json: account, as: AccountWithPassword.self)
                        output.write(Data("\(created.account.login),\(created.oneTimePassword)\n".utf8))
                        added += 1
                    } catch let failed as AdminRequestFailed where (400..<500).contains(failed.status) {
                        say("  refused: \(failed.detail ?? String(failed.status))")
                        refused += 1
                    }
                }
                say("\(added) added, \(refused) refused; one-time passwords in \(passwords) (mode 0600).")
            }
        }
    }
}

private func changeStatus(_ suite: SuiteAddressOptions, _ login: String, _ action: String) async throws {
    try await withHTTPClient { client in
        let account = try await suite.adminClient(client).post(
            suite.urls()[.console]! + "/api/v1/accounts/\(login)/\(action)", body: Array("{}".utf8), as: AccountView.self)
        say("\(account.login): \(account.status.rawValue)")
    }
}
