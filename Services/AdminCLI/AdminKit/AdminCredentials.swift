import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// How the CLI gets its tokens, and where that came from, so that a suite that refuses them can be
/// named with the folder or variable that was used: the console's signing keys (on the machine
/// `youyue up` runs on, or given as a file), or a machine client of the console.
public struct AdminCredentials: Sendable {
    /// The console's signer; nil when the CLI is a machine client.
    public let signer: TokenSigner?
    public let client: MachineClientLogin?
    /// `YOUYUE_CONSOLE_SIGNING_KEYS_FILE=…`, the data folder's key file, or `YOUYUE_CLIENT_ID=…`.
    public let source: String

    public init(signer: TokenSigner, source: String) {
        self.signer = signer
        client = nil
        self.source = source
    }

    public init(client: MachineClientLogin, source: String) {
        signer = nil
        self.client = client
        self.source = source
    }

    /// A token for the CLI's own requests: a 10-minute deployment admin token signed with the
    /// console's key, or the machine client's token (its own role and district).
    public func adminToken(httpClient: HTTPClient) async throws -> String {
        if let signer {
            return try signer.mint(Principal(role: .admin, subject: "youyue-cli", district: "*", street: nil, unit: nil), lifetime: 600)
        }
        return try await client!.token(httpClient: httpClient).token
    }

    /// The console's signer, for what only it can do (a token for anyone, the demo's people).
    public func requireSigner(for purpose: String) throws -> TokenSigner {
        guard let signer else { throw SignerNeeded(purpose: purpose, source: source) }
        return signer
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
    if let clientID = env.optionalString("YOUYUE_CLIENT_ID") {
        guard let secret = try env.secret("YOUYUE_CLIENT_SECRET") else {
            throw ConfigurationError(variable: "YOUYUE_CLIENT_SECRET_FILE", value: "", expected: "the secret of client \(clientID), since YOUYUE_CLIENT_ID is set")
        }
        let login = MachineClientLogin(clientID: clientID, secret: secret, tokenURL: options.clientURL(of: .console) + "/oauth/token")
        return AdminCredentials(client: login, source: "YOUYUE_CLIENT_ID=\(clientID)")
    }
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

/// A command that needs the console's private key was run as a machine client.
public struct SignerNeeded: Error, CustomStringConvertible {
    public let purpose: String
    public let source: String

    public var description: String {
        "\(purpose) needs the console's signing key, and this command runs as a machine client (\(source)). "
            + "Run it where `youyue up` keeps its data folder, or give the key with YOUYUE_CONSOLE_SIGNING_KEYS_FILE."
    }
}

/// A service refused the CLI's token: it was signed with keys the suite does not trust.
public struct CredentialsRejected: Error, CustomStringConvertible {
    public let url: String
    public let status: Int
    public let detail: String?
    public let source: String

    public var description: String {
        let refusal = "\(url) refused the admin token (\(status)\(detail.map { " \($0)" } ?? "")): "
        if source.hasPrefix("YOUYUE_CLIENT_ID") {
            return refusal + "it is the token of the machine client \(source), whose role or district may not do this "
                + "(an admin client of the district, or `youyue clients add --role admin --district '*'`)."
        }
        return refusal + "it was signed with the console key from \(source), "
            + "which is not one this suite trusts. Point the command at the data folder `youyue up` uses, with --data FOLDER "
            + "or YOUYUE_DATA_DIR=FOLDER (or give the console's key file with YOUYUE_CONSOLE_SIGNING_KEYS_FILE)."
    }
}

/// `path` made absolute against the working folder, so messages say which folder was meant.
func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
}
