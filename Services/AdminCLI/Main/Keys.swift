import AdminKit
import ArgumentParser
import Contracts
import Foundation
import ServiceKit

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The services' token signing keys (ES256): list them, or rotate one service's.",
        subcommands: [ListKeys.self, RotateKeys.self])
}

/// Options naming one service's key file: `--file`, else `YOUYUE_<SERVICE>_SIGNING_KEYS_FILE`, else the data folder's.
struct KeyFileOptions: ParsableArguments {
    @Option(name: .long, help: "The data folder `youyue up` uses. Default: $YOUYUE_DATA_DIR, else .youyue.")
    var data: String?

    @Option(name: .long, help: "The key file itself (a deployment's secret), instead of the data folder's.")
    var file: String?

    func path(of service: ServiceName) -> String {
        if let file { return file }
        let suite = SuiteOptions(dataDirectory: SuiteOptions.dataDirectory(option: data))
        return EnvironmentReader(suite.baseEnvironment).string(
            "\(service.environmentPrefix)_SIGNING_KEYS_FILE", default: suite.secretsFolder + "/keys/\(service.rawValue).json")
    }
}

struct RotateKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Add a new signing key to a service; the old one is kept for verifying until its tokens have expired.",
        discussion: "A running service signs with the new key within a second; the others fetch it at its first use.")

    @Argument(help: "One of: \(ServiceName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var service: String

    @OptionGroup var keys: KeyFileOptions

    func validate() throws {
        guard ServiceName(rawValue: service) != nil else {
            throw ValidationError("unknown service \(service); use one of \(ServiceName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let owner = ServiceName(rawValue: service)!
        let path = keys.path(of: owner)
        let file = try rotateSigningKeys(at: path, owner: owner)
        say("\(owner.rawValue): signing with \(file.keys.last!.kid) (\(path))")
        for retired in file.keys.dropLast() {
            say("  \(retired.kid) verifies until \(chinaTime(retired.retires ?? Date()))")
        }
    }
}

struct ListKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Each service's signing keys, with the one that signs.")

    @OptionGroup var keys: KeyFileOptions

    func run() async throws {
        for owner in ServiceName.allCases {
            let path = keys.path(of: owner)
            guard let file = try readSigningKeyFile(at: path, owner: owner) else {
                say("\(owner.rawValue): no key file at \(path) (made at the service's first start)")
                continue
            }
            say("\(owner.rawValue) (\(path)):")
            for key in file.keys {
                let state = key.kid == file.keys.last?.kid ? "signs" : "verifies until \(chinaTime(key.retires ?? Date()))"
                say("  \(key.kid)  created \(chinaTime(key.created))  \(state)")
            }
        }
    }
}
