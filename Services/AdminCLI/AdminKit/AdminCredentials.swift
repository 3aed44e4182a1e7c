import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// The console's signing keys, which the CLI signs its tokens with, and where they came from, so
/// that a suite that refuses them can be named with the folder or variable that was used.
public struct AdminCredentials: Sendable {
    public let signer: TokenSigner
    /// `YOUYUE_CONSOLE_SIGNING_KEYS_FILE=…`, or the data folder's key file.
    public let source: String

    public init(signer: TokenSigner, source: String) {
        self.signer = signer
        self.source = source
    }

    /// A 10-minute admin token for the CLI's own requests.
    public func adminToken() throws -> String {
        try signer.mint(Principal(role: .admin, subject: "youyue-cli", district: "*", street: nil, unit: nil), lifetime: 600)
    }

/// Fails with `CredentialsRejected` when the suite at `intakeURL` does not accept these
    /// credentials, before a command starts work it could not finish.
    public func verify(against intakeURL: String, httpClient: HTTPClient) async throws {
        let client = try await AdminClient(httpClient: httpClient, credentials: self)
        _ = try await client.get(intakeURL + "/internal/v1/outbox?status=dead", as: [OutboxEntry].self)
    }
}

/// Finds the console's signing keys as the console does (`YOUYUE_CONSOLE_SIGNING_KEYS_FILE`, else
/// the data folder's `secrets/keys/console.json`), without creating keys where the suite keeps
/// none: keys made up in the wrong folder only earn a bare 401 later. When the folder has none yet
/// and no suite answers, `createIfMissing` makes them, and a later `youyue up` on that folder uses them.
public func loadAdminCredentials(
    _ options: SuiteOptions, httpClient: HTTPClient, createIfMissing: Bool = false
) async throws -> AdminCredentials {
    let env = EnvironmentReader(options.baseEnvironment)
    let variable = ServiceName.console.environmentPrefix + "_SIGNING_KEYS_FILE"
    if let file = env.optionalString(variable) {
        guard FileManager.default.fileExists(atPath: file) else {
            throw ConfigurationError(variable: variable, value: file, expected: "the console's signing key file")
        }
        return AdminCredentials(signer: try TokenSigner(owner: .console, keyFile: file), source: "\(variable)=\(file)")
    }
    let path = options.secretsFolder + "/keys/console.json"
    let source = absolutePath(path)
    if !FileManager.default.fileExists(atPath: path) {
        let intake = options.clientURL(of: .intake)
        if (try? await fetchReadiness(intake, httpClient: httpClient)) != nil {
            throw NoSecretInDataFolder(dataFolder: absolutePath(options.dataDirectory), runningAt: intake)
        }
        guard createIfMissing else {
            throw NoSecretInDataFolder(dataFolder: absolutePath(options.dataDirectory), runningAt: nil)
        }
    }
    return AdminCredentials(signer: try TokenSigner(owner: .console, keyFile: path), source: source)
}

/// The data folder holds no console signing keys: the suite was started on another folder, or not at all.
public struct NoSecretInDataFolder: Error, CustomStringConvertible {
    public let dataFolder: String
    /// The suite that answered, if one did.
    public let runningAt: String?

    public var description: String {
        let why = runningAt.map { "a suite is running at \($0), but it was not started on this folder" }
            ?? "no suite answers, and `youyue up` has not been run on this folder"
        return "\(dataFolder) holds no console signing keys (secrets/keys/console.json): \(why). "
            + "Point the command at the folder `youyue up` uses, with --data FOLDER or YOUYUE_DATA_DIR=FOLDER "
            + "(or give the console's key file with YOUYUE_CONSOLE_SIGNING_KEYS_FILE)."
    }
}

/// A service refused the CLI's token: it was signed with keys the suite does not trust.
public struct CredentialsRejected: Error, CustomStringConvertible {
    public let url: String
    public let status: Int
    public let detail: String?
    public let source: String

    public var description: String {
        "\(url) refused the admin token (\(status)\(detail.map { " \($0)" } ?? "")): it was signed with the console key from \(source), "
            + "which is not the one this suite trusts. Point the command at the data folder `youyue up` uses, with --data FOLDER "
            + "or YOUYUE_DATA_DIR=FOLDER (or give the console's key file with YOUYUE_CONSOLE_SIGNING_KEYS_FILE)."
    }
}

/// `path` made absolute against the working folder, so messages say which folder was meant.
func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
}
