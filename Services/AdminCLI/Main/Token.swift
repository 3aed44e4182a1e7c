import AdminKit
import ArgumentParser
import Contracts
import Foundation
import ServiceKit

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A token for a person (signed with the console's key), or a machine client's own token.",
        discussion: """
            With the console's key (the data folder of `youyue up`, or YOUYUE_CONSOLE_SIGNING_KEYS_FILE): --role and \
            --subject say whom it is for, for 12 hours at most. As a machine client (YOUYUE_CLIENT_ID and \
            YOUYUE_CLIENT_SECRET[_FILE]): the client's own 5-minute token, with its registered role. The token goes \
            to standard output, its expiry to standard error.
            """)

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "One of: \(Role.allCases.filter { $0 != .service }.map(\.rawValue).joined(separator: ", ")).")
    var role: String?

    @Option(help: "Who the token is for (a deputy id, a unit's user).")
    var subject: String?

    @Option(help: "The district the holder acts in.")
    var district = "jianghan"

    @Option(help: "The street, for street staff.")
    var street: String?

    @Option(help: "The unit, for a handling unit's user.")
    var unit: String?

    @Option(help: "How long the token is valid, in hours (12 at most).")
    var hours = 12

    func validate() throws {
        if let role {
            guard let known = Role(rawValue: role), known != .service else {
                throw ValidationError("unknown role \(role); use one of \(Role.allCases.filter { $0 != .service }.map(\.rawValue).joined(separator: ", ")) "
                    + "(service tokens are signed by each service with its own key)")
            }
        }
        if role == Role.streetStaff.rawValue, street == nil { throw ValidationError("--street is required for streetStaff") }
        if role == Role.unit.rawValue, unit == nil { throw ValidationError("--unit is required for unit") }
        guard (1...12).contains(hours) else { throw ValidationError("--hours must be between 1 and 12: no service accepts a longer-lived token") }
    }

    func run() async throws {
        try await withHTTPClient { client in
            let credentials = try await suite.credentials(client, createIfMissing: true)
            if let login = credentials.client {
                guard role == nil, subject == nil else {
                    throw ValidationError("as machine client \(login.clientID) the token carries the client's own role: leave out --role and --subject")
                }
                let (token, expiry) = try await login.token(httpClient: client)
                say(token)
                tell("令牌有效期至 \(chinaTime(expiry))（客户端 \(login.clientID) 的令牌）")
                return
            }
            guard let role = role.flatMap(Role.init(rawValue:)), let subject else {
                throw ValidationError("--role and --subject say whom the token is for")
            }
            let principal = Principal(role: role, subject: subject, district: district, street: street, unit: unit)
            let now = Date()
            let expiry = now.addingTimeInterval(Double(hours) * 3600)
            say(try credentials.requireSigner(for: "A token for a person").mint(principal, lifetime: Double(hours) * 3600, now: now))
            // On stderr, so that `TOKEN=$(youyue token …)` still captures the token alone.
            tell("令牌有效期至 \(chinaTime(expiry))（\(hours) 小时）")
        }
    }
}
