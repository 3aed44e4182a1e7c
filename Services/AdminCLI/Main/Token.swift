import AdminKit
import ArgumentParser
import Contracts
import Foundation
import ServiceKit

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mint a signed token for a role (for tests, scripts and other agencies).")

    @OptionGroup var suite: SuiteAddressOptions

    @Option(help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
    var role: String

    @Option(help: "Who the token is for (a deputy id, a unit's user, a service name).")
    var subject: String

    @Option(help: "The district the holder acts in.")
    var district = "jianghan"

    @Option(help: "The street, for street staff.")
    var street: String?

    @Option(help: "The unit, for a handling unit's user.")
    var unit: String?

    @Option(help: "How long the token is valid, in hours (12 at most).")
    var hours = 12

    func validate() throws {
        guard Role(rawValue: role) != nil else {
            throw ValidationError("unknown role \(role); use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if role == Role.streetStaff.rawValue, street == nil { throw ValidationError("--street is required for streetStaff") }
        if role == Role.unit.rawValue, unit == nil { throw ValidationError("--unit is required for unit") }
        guard (1...12).contains(hours) else { throw ValidationError("--hours must be between 1 and 12: no service accepts a longer-lived token") }
    }

    func run() async throws {
        let principal = Principal(role: Role(rawValue: role) ?? .citizen, subject: subject, district: district, street: street, unit: unit)
        let credentials = try await withHTTPClient { client in try await suite.credentials(client, createIfMissing: true) }
        let now = Date()
        let expiry = now.addingTimeInterval(Double(hours) * 3600)
        say(try credentials.signer.mint(principal, lifetime: Double(hours) * 3600, now: now))
        // On stderr, so that `TOKEN=$(youyue token …)` still captures the token alone.
        tell("令牌有效期至 \(chinaTime(expiry))（\(hours) 小时）")
    }
}
