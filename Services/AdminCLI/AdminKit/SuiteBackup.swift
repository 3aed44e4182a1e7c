import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// Backs up every service's SQLite database into `folder` (SQLite's online backup API, so the
/// suite may keep running), with the development keys the sealed contacts need. Returns a line
/// per file written. Fails, writing nothing, when the folder already holds a backup (unless
/// `force`), when the suite keeps its data in PostgreSQL (that is `pg_dump`'s job), or when a
/// database is not where this data folder says it is.
public func backupSuite(_ options: SuiteOptions, to folder: String, force: Bool, httpClient: HTTPClient) async throws -> [String] {
    let manager = FileManager.default
    if !force, let existing = try? manager.contentsOfDirectory(atPath: folder), !existing.isEmpty {
        throw BackupRefused("\(absolutePath(folder)) already holds a backup (\(existing.sorted().joined(separator: ", "))): "
            + "choose another folder with --to, or add --force to replace it.")
    }
    var files: [(ServiceName, String)] = []
    var onPostgres: [String] = []
    var missing: [String] = []
    for service in ServiceName.allCases {
        switch try await locateDatabase(service, options, httpClient: httpClient) {
        case .sqlite(let path): files.append((service, path))
        case .postgres(let database): onPostgres.append(database)
        case .missing(let explanation): missing.append(explanation)
        }
    }
    if !onPostgres.isEmpty {
        throw BackupRefused("the suite keeps its data in PostgreSQL (\(onPostgres.joined(separator: ", "))): `youyue backup` copies SQLite files only. "
            + "Back up each database with pg_dump, e.g. `pg_dump -Fc -d \(onPostgres[0]) -f \(onPostgres[0]).dump` (deploy/README.md, backups), "
            + "and keep the data keys with the dumps: " + dataKeysNote(options))
    }
    if !missing.isEmpty {
        throw BackupRefused(missing.joined(separator: "\n") + "\nNothing was written. Point the command at the data folder `youyue up` uses, "
            + "with --data FOLDER or YOUYUE_DATA_DIR=FOLDER.")
    }
    // The backups hold the ledger: only their owner may read them.
    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    var lines: [String] = []
    for (service, path) in files {
        let target = folder + "/\(service.rawValue).sqlite"
        try backupSQLite(from: path, to: target)
        lines.append("\(service.rawValue): \(path) → \(target)")
    }
    lines += try copyDevelopmentKeys(from: options.secretsFolder, to: folder + "/secrets", replacing: true)
    if let note = externalKeysNote(options) { lines.append(note) }
    return lines
}

/// Restores every service's SQLite database from a backup folder, and the development keys
/// where the data folder has none. Refuses while the suite runs, and when the data folder's key
/// differs from the backup's (the restored contacts could not be opened with it).
public func restoreSuite(_ options: SuiteOptions, from folder: String, httpClient: HTTPClient) async throws -> [String] {
    try await requireSuiteStopped(options, httpClient: httpClient)
    guard ServiceName.allCases.contains(where: { FileManager.default.fileExists(atPath: folder + "/\($0.rawValue).sqlite") }) else {
        throw BackupRefused("\(absolutePath(folder)) holds no backup (no <service>.sqlite files): name the folder `youyue backup --to` wrote.")
    }
    let backupKey = folder + "/secrets/data.key"
    let currentKey = options.secretsFolder + "/data.key"
    if externalKeysNote(options) == nil, let saved = FileManager.default.contents(atPath: backupKey),
       let current = FileManager.default.contents(atPath: currentKey), saved != current {
        throw BackupRefused("the data key in \(absolutePath(currentKey)) is not the one this backup was sealed with (\(absolutePath(backupKey))): "
            + "the restored contacts could not be opened. Nothing was restored. Restore into another data folder with --data, "
            + "or put the backup's key in place first (keep the current one if other data needs it).")
    }
    var lines: [String] = []
    for service in ServiceName.allCases {
        let source = folder + "/\(service.rawValue).sqlite"
        guard FileManager.default.fileExists(atPath: source) else { lines.append("\(service.rawValue): no backup in \(folder)"); continue }
        guard case .sqlite(let path) = try configuredDatabase(service, options) else {
            lines.append("\(service.rawValue): on PostgreSQL — use pg_restore"); continue
        }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try backupSQLite(from: source, to: path)
        lines.append("\(service.rawValue): \(source) → \(path)")
    }
    if externalKeysNote(options) == nil {
        lines += try copyDevelopmentKeys(from: folder + "/secrets", to: options.secretsFolder, replacing: false)
    }
    return lines
}

/// Fails when any service of the suite answers, or holds its port: restoring under a running
/// service would mix two states.
public func requireSuiteStopped(_ options: SuiteOptions, httpClient: HTTPClient) async throws {
    for service in ServiceName.allCases {
        let url = options.clientURL(of: service)
        let answers = (try? await fetchReadiness(url, httpClient: httpClient)) != nil
        let portFree = await isPortFree(options.port(of: service), host: "127.0.0.1")
        if answers || !portFree {
            throw SuiteIsRunning(service: service, url: url, answers: answers)
        }
    }
}

/// The suite (or something on its ports) is running.
public struct SuiteIsRunning: Error, CustomStringConvertible {
    public let service: ServiceName
    public let url: String
    public let answers: Bool
    public var description: String {
        let what = answers ? "the suite is running (\(service.rawValue) answers at \(url))"
            : "the suite seems to be running, starting or stopping (\(service.rawValue)'s port at \(url) is taken)"
        return "\(what): stop it first (Ctrl-C where `youyue up` runs, or stop its containers), then restore. "
            + "Restoring under running services would mix two states."
    }
}

public struct BackupRefused: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

enum DatabaseLocation {
    case sqlite(String)
    case postgres(String)
    case missing(String)
}

/// Where `service` keeps its data: as configured, or, when the configured file is not there, as
/// the running suite reports (it may have been started on PostgreSQL or on another folder).
func locateDatabase(_ service: ServiceName, _ options: SuiteOptions, httpClient: HTTPClient) async throws -> DatabaseLocation {
    switch try configuredDatabase(service, options) {
    case .postgres(let server):
        return .postgres(server.database)
    case .sqlite(let path):
        // The running suite knows best: files left here by an earlier run on SQLite are not its data.
        let url = options.clientURL(of: service)
        let readiness = try? await fetchReadiness(url, httpClient: httpClient)
        if let readiness, readiness.database.hasPrefix("postgres") {
            return .postgres(URL(string: readiness.database)?.lastPathComponent ?? readiness.database)
        }
        if FileManager.default.fileExists(atPath: path) { return .sqlite(path) }
        guard let readiness else {
            return .missing("\(service.rawValue): no database at \(absolutePath(path)), and no suite answers at \(url).")
        }
        return .missing("\(service.rawValue): no database at \(absolutePath(path)); the suite running at \(url) keeps it at \(readiness.database) "
            + "(relative to the folder it was started in).")
    }
}

func configuredDatabase(_ service: ServiceName, _ options: SuiteOptions) throws -> DatabaseURL {
    try DatabaseURL(parsing: options.environment()["\(service.environmentPrefix)_DATABASE_URL"] ?? "")
}

/// Copies the development data key that seals contacts from `source` to `destination`, readable
/// by its owner only; a key already there is kept unless `replacing` (a backup takes the key of
/// now; a restore never drops a key). Signing keys are not kept: new ones only mean new tokens.
private func copyDevelopmentKeys(from source: String, to destination: String, replacing: Bool) throws -> [String] {
    let manager = FileManager.default
    var lines: [String] = []
    for name in ["data.key"] {
        let from = source + "/" + name
        let to = destination + "/" + name
        guard let contents = manager.contents(atPath: from), replacing || !manager.fileExists(atPath: to) else { continue }
        if replacing { try? manager.removeItem(atPath: to) }
        try manager.createDirectory(atPath: destination, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard manager.createFile(atPath: to, contents: contents, attributes: [.posixPermissions: 0o600]) else {
            throw BackupRefused("cannot write \(to)")
        }
        lines.append("\(name): \(from) → \(to)" + (name == "data.key" ? " (without it the sealed contacts cannot be opened)" : ""))
    }
    return lines
}

/// Where the data keys are when they are not a development key in the data folder.
private func externalKeysNote(_ options: SuiteOptions) -> String? {
    let env = EnvironmentReader(options.baseEnvironment)
    if env.optionalString("YOUYUE_DATA_KEYS") != nil {
        return "data keys: set in YOUYUE_DATA_KEYS, not copied. Keep them with this backup: without them the sealed contacts cannot be opened."
    }
    if let file = env.optionalString("YOUYUE_DATA_KEYS_FILE") {
        return "data keys: in \(file) (YOUYUE_DATA_KEYS_FILE), not copied. Keep them with this backup: without them the sealed contacts cannot be opened."
    }
    return nil
}

private func dataKeysNote(_ options: SuiteOptions) -> String {
    externalKeysNote(options) ?? "they are in \(absolutePath(options.secretsFolder + "/data.key")); without them the sealed contacts cannot be opened."
}
