import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// The secret the CLI signs its tokens with, and where it came from, so that a suite that refuses
/// them can be named with the folder or variable that was used.
public struct AdminCredentials: Sendable {
    public let secret: String
    /// `YOUYUE_JWT_SECRET`, `YOUYUE_JWT_SECRET_FILE=…`, or the data folder's key file.
    public let source: String

    public init(secret: String, source: String) {
        self.secret = secret
        self.source = source
    }

    public func authority() async -> TokenAuthority {
        await TokenAuthority(secret: secret)
    }

    /// A 10-minute admin token for the CLI's own requests.
    public func adminToken() async throws -> String {
        try await authority().mint(Principal(role: .admin, subject: "youyue-cli", district: "*", street: nil, unit: nil), lifetime: 600)
    }

    /// Fails with `CredentialsRejected` when the suite at `intakeURL` does not accept these
    /// credentials, before a command starts work it could not finish.
    public func verify(against intakeURL: String, httpClient: HTTPClient) async throws {
        let client = try await AdminClient(httpClient: httpClient, credentials: self)
        _ = try await client.get(intakeURL + "/internal/v1/outbox?status=dead", as: [OutboxEntry].self)
    }
}

/// Finds the suite's signing secret as the services do (`YOUYUE_JWT_SECRET`, `…_FILE`, else the
/// data folder's `secrets/jwt.key`), without creating one where the suite keeps none: a secret
/// made up in the wrong folder only earns a bare 401 later. When the folder has no secret yet and
/// no suite answers, `createIfMissing` makes one, which a later `youyue up` on that folder uses.
public func loadAdminCredentials(
    _ options: SuiteOptions, httpClient: HTTPClient, createIfMissing: Bool = false
) async throws -> AdminCredentials {
    let env = EnvironmentReader(options.baseEnvironment)
    if let secret = env.optionalString("YOUYUE_JWT_SECRET") {
        return AdminCredentials(secret: secret, source: "YOUYUE_JWT_SECRET")
    }
    if let file = env.optionalString("YOUYUE_JWT_SECRET_FILE") {
        return AdminCredentials(secret: try readSecretFile(file, variable: "YOUYUE_JWT_SECRET_FILE"),
                                source: "YOUYUE_JWT_SECRET_FILE=\(file)")
    }
    let path = options.secretsFolder + "/jwt.key"
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
    return AdminCredentials(secret: try loadOrCreateSecret(at: path), source: source)
}

/// The data folder holds no signing secret: the suite was started on another folder, or not at all.
public struct NoSecretInDataFolder: Error, CustomStringConvertible {
    public let dataFolder: String
    /// The suite that answered, if one did.
    public let runningAt: String?

    public var description: String {
        let why = runningAt.map { "a suite is running at \($0), but it was not started on this folder" }
            ?? "no suite answers, and `youyue up` has not been run on this folder"
        return "\(dataFolder) holds no signing secret (secrets/jwt.key): \(why). "
            + "Point the command at the folder `youyue up` uses, with --data FOLDER or YOUYUE_DATA_DIR=FOLDER "
            + "(or give the suite's secret with YOUYUE_JWT_SECRET_FILE)."
    }
}

/// A service refused the CLI's token: it was signed with a secret the suite does not use.
public struct CredentialsRejected: Error, CustomStringConvertible {
    public let url: String
    public let status: Int
    public let detail: String?
    public let source: String

    public var description: String {
        "\(url) refused the admin token (\(status)\(detail.map { " \($0)" } ?? "")): it was signed with the secret from \(source), "
            + "which is not the one this suite uses. Point the command at the data folder `youyue up` uses, with --data FOLDER "
            + "or YOUYUE_DATA_DIR=FOLDER (or give the suite's secret with YOUYUE_JWT_SECRET_FILE)."
    }
}

/// `path` made absolute against the working folder, so messages say which folder was meant.
func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
}
