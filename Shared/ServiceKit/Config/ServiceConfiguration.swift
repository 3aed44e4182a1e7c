import Contracts
import Foundation
import Logging

/// Everything a service reads from its environment, with the defaults that let `youyue up` run
/// on a fresh clone with nothing set. Variables (SERVICE is INTAKE, ROUTING, SUPERVISION,
/// EVALUATION or PROCURATORATE_BRIDGE):
///
/// | variable | default |
/// |---|---|
/// | `YOUYUE_HOST` | `127.0.0.1` (`0.0.0.0` in containers) |
/// | `YOUYUE_SERVICE_PORT` | 8081…8085 |
/// | `YOUYUE_DATA_DIR` | `./.youyue` |
/// | `YOUYUE_SERVICE_DATABASE_URL` | `sqlite://$YOUYUE_DATA_DIR/<service>.sqlite`; PostgreSQL takes `?sslmode=require` or `verify-full` and `sslrootcert=FILE` |
/// | `YOUYUE_SERVICE_DATABASE_PASSWORD_FILE`, `YOUYUE_DATABASE_PASSWORD_FILE` | the PostgreSQL password, when the URL has none |
/// | `YOUYUE_DATABASE_MAX_CONNECTIONS` | 8 (PostgreSQL pool size) |
/// | `YOUYUE_DATABASE_CHECK_SECONDS` | 5 (how long the first connection at start may take before the service stops, saying why) |
/// | `YOUYUE_SERVICE_URL` | `http://127.0.0.1:<port>` (where the others reach it) |
/// | `YOUYUE_PUBLIC_BASE_URL` | the service's own URL (what QR codes and links point to) |
/// | `YOUYUE_SERVICE_PUBLIC_URL` | where people reach another service's pages: its `YOUYUE_SERVICE_URL` (links between the public pages) |
/// | `YOUYUE_SERVICE_SIGNING_KEYS_FILE` | `$YOUYUE_DATA_DIR/secrets/keys/<service>.json`, created on first start (ES256 keys; `youyue keys rotate`) |
/// | `YOUYUE_TRUSTED_KEYS_FILE` | none: other services' keys are fetched from `YOUYUE_SERVICE_URL/.well-known/jwks.json`; a JWKS file pins extra keys |
/// | `YOUYUE_FORM_SECRET` / `YOUYUE_FORM_SECRET_FILE` | a development secret created in the data folder (signs forms' CSRF tokens) |
/// | `YOUYUE_DATA_KEYS` / `YOUYUE_DATA_KEYS_FILE` | `id:base64key,…`; a development key in the data folder |
/// | `YOUYUE_DATA_KEY_ID` | the first key listed |
/// | `YOUYUE_CRYPTO_SUITE` | `national` (SM4/SM3) or `international` (AES-GCM/SHA-256) |
/// | `YOUYUE_OUTBOX_POLL_MS` | 500 |
/// | `YOUYUE_OUTBOX_MAX_ATTEMPTS` | 12 (then the message is a dead letter) |
/// | `YOUYUE_OUTBOX_RETRY_BASE_MS`, `YOUYUE_OUTBOX_RETRY_CAP_MS` | 500, 300000 (backoff with full jitter) |
/// | `YOUYUE_OUTBOX_TIMEOUT_MS` | 5000 (one delivery attempt) |
/// | `YOUYUE_SUBMISSIONS_PER_MINUTE` | 10 (per client address; then 429 with Retry-After) |
/// | `YOUYUE_TRUSTED_PROXIES` | none; `10.0.0.0/8,fd00::/8`: peers whose `X-Forwarded-For` / `Forwarded` names the client |
/// | `YOUYUE_OPEN311_API_KEYS` | none (intake's Open311 needs no `api_key`); `key1,key2` to require one |
/// | `YOUYUE_CALENDAR_FILE` | none: the built-in State Council arrangements (2025, 2026); a file extends them |
/// | `YOUYUE_REPLY_REQUIRES_CONTACT` | `true` (supervision refuses a reply before contact with the lead deputy is logged) |
/// | `YOUYUE_DEADLINE_SCAN_MS` | 60000 (supervision's reminder and overdue scan) |
/// | `YOUYUE_LOG_LEVEL` | `info` |
public struct ServiceConfiguration: Sendable {
    public var service: ServiceName
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var database: DatabaseURL
    public var maximumDatabaseConnections: Int
    /// How long the connection check at start may take.
    public var databaseCheckTimeout: Duration
    public var peers: [ServiceName: String]
    /// The address people reach this service at (printed in QR codes and links).
    public var publicBaseURL: String
    /// Where people reach each service's pages, this one's being `publicBaseURL`: the citizen
    /// pages of one service link to the board, results and home page of the others.
    public var publicURLs: [ServiceName: String]
    /// This service's ES256 signing keys (see `SigningKeyFile`).
    public var signingKeysFile: String
    /// A JWKS of keys trusted without fetching them.
    public var trustedKeysFile: String?
    /// Keys the CSRF tokens of forms (intake's and the console's pages).
    public var formSecret: String
    public var dataKeys: [String: [UInt8]]
    public var currentDataKeyID: String
    public var suite: CryptoSuite
    public var outboxPollInterval: Duration
    public var retry: RetryPolicy
    /// How long one delivery may take; a receiver that is down costs this much per attempt.
    public var deliveryTimeout: Duration
    public var logLevel: Logger.Level
    /// Public submissions allowed per client address per minute.
    public var submissionsPerMinute: Int
    /// The reverse proxies believed about the client's address (see `TrustedProxies.clientAddress`).
    public var trustedProxies: TrustedProxies
    /// Keys an Open311 client must send as `api_key` to file requests; empty means none needed.
    public var open311APIKeys: Set<String>
    /// A working-day arrangements file replacing the built-in one.
    public var calendarFile: String?
    /// Whether a unit must log contact with the lead deputy before replying (三见面).
    public var replyRequiresContact: Bool
    /// How often supervision scans for due reminders and overdue cases.
    public var deadlineScanInterval: Duration
    /// The districts this installation serves (`YOUYUE_DISTRICTS`, comma-separated); a message for
    /// any other is refused. Empty: every district.
    public var districts: Set<String>
    /// Where the crash test kills this process mid-write (`YOUYUE_CRASH_AT`); empty everywhere else.
    public var crashPoints: Set<CrashPoint>
    /// Every variable, for the settings one service alone reads (the console's session limits).
    public var environment: EnvironmentReader

    public init(service: ServiceName, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let env = EnvironmentReader(environment)
        let prefix = service.environmentPrefix
        self.service = service
        host = env.string("YOUYUE_HOST", default: "127.0.0.1")
        port = try env.int("\(prefix)_PORT", default: service.defaultPort, in: 0...65535)
        dataDirectory = env.string("YOUYUE_DATA_DIR", default: ".youyue")
        let databaseVariable = "\(prefix)_DATABASE_URL"
        let databaseText = env.string(databaseVariable, default: "sqlite://\(dataDirectory)/\(service.rawValue).sqlite")
        do {
            database = try DatabaseURL(parsing: databaseText)
        } catch {
            throw ConfigurationError(variable: databaseVariable, value: databaseText,
                                     expected: "sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=require|verify-full&sslrootcert=PEM]")
        }
        // A password kept out of the URL, in a secret file (compose and Kubernetes secrets).
        if case .postgres(var server) = database, server.password == nil {
            for variable in ["\(prefix)_DATABASE_PASSWORD_FILE", "YOUYUE_DATABASE_PASSWORD_FILE"] {
                guard let path = env.optionalString(variable) else { continue }
                server.password = try readSecretFile(path, variable: variable)
                database = .postgres(server)
                break
            }
        }
        maximumDatabaseConnections = try env.int("YOUYUE_DATABASE_MAX_CONNECTIONS", default: 8, in: 1...200)
        databaseCheckTimeout = .seconds(try env.int("YOUYUE_DATABASE_CHECK_SECONDS", default: 5, in: 1...300))
        var peers: [ServiceName: String] = [:]
        for peer in ServiceName.allCases {
            let peerPort = try env.int("\(peer.environmentPrefix)_PORT", default: peer.defaultPort, in: 0...65535)
            peers[peer] = env.string("\(peer.environmentPrefix)_URL", default: "http://127.0.0.1:\(peerPort)")
        }
        self.peers = peers
        publicBaseURL = env.string("YOUYUE_PUBLIC_BASE_URL", default: peers[service] ?? "http://127.0.0.1:\(port)")
        var publicURLs: [ServiceName: String] = [:]
        for peer in ServiceName.allCases {
            let url = peer == service ? publicBaseURL : env.string("\(peer.environmentPrefix)_PUBLIC_URL", default: peers[peer] ?? "")
            publicURLs[peer] = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        self.publicURLs = publicURLs
        let secrets = dataDirectory + "/secrets"
        for retired in ["YOUYUE_JWT_SECRET", "YOUYUE_JWT_SECRET_FILE"] where env.optionalString(retired) != nil {
            // A deployment still configured for the shared secret must not start believing it is protected by it.
            throw ConfigurationError(variable: retired, value: "(set)", expected:
                "nothing: the shared HS256 secret is gone; each service signs with its own ES256 keys (\(prefix)_SIGNING_KEYS_FILE, see deploy/README.md)")
        }
        signingKeysFile = env.string("\(prefix)_SIGNING_KEYS_FILE", default: secrets + "/keys/\(service.rawValue).json")
        trustedKeysFile = env.optionalString("YOUYUE_TRUSTED_KEYS_FILE")
        formSecret = try env.secret("YOUYUE_FORM_SECRET") ?? loadOrCreateSecret(at: secrets + "/forms.key")
        guard formSecret.utf8.count >= 32 else {
            throw ConfigurationError(variable: "YOUYUE_FORM_SECRET", value: "(hidden)", expected: "at least 32 bytes")
        }
        let keyList = try env.secret("YOUYUE_DATA_KEYS") ?? "dev:" + loadOrCreateSecret(at: secrets + "/data.key")
        let parsedKeys = try parseDataKeys(keyList)
        dataKeys = Dictionary(parsedKeys, uniquingKeysWith: { _, last in last })
        currentDataKeyID = env.string("YOUYUE_DATA_KEY_ID", default: parsedKeys[0].0)
        guard dataKeys[currentDataKeyID] != nil else {
            throw ConfigurationError(variable: "YOUYUE_DATA_KEY_ID", value: currentDataKeyID, expected: "the id of a key in YOUYUE_DATA_KEYS")
        }
        suite = try env.choice("YOUYUE_CRYPTO_SUITE", default: CryptoSuite.national)
        outboxPollInterval = .milliseconds(try env.int("YOUYUE_OUTBOX_POLL_MS", default: 500, in: 10...60_000))
        retry = RetryPolicy(
            base: .milliseconds(try env.int("YOUYUE_OUTBOX_RETRY_BASE_MS", default: 500, in: 1...600_000)),
            cap: .milliseconds(try env.int("YOUYUE_OUTBOX_RETRY_CAP_MS", default: 300_000, in: 1...86_400_000)),
            maximumAttempts: try env.int("YOUYUE_OUTBOX_MAX_ATTEMPTS", default: 12, in: 1...1000))
        deliveryTimeout = .milliseconds(try env.int("YOUYUE_OUTBOX_TIMEOUT_MS", default: 5000, in: 100...600_000))
        submissionsPerMinute = try env.int("YOUYUE_SUBMISSIONS_PER_MINUTE", default: 10, in: 1...100_000_000)
        trustedProxies = try TrustedProxies(list: env.string("YOUYUE_TRUSTED_PROXIES", default: ""))
        replyRequiresContact = env.string("YOUYUE_REPLY_REQUIRES_CONTACT", default: "true").lowercased() != "false"
        deadlineScanInterval = .milliseconds(try env.int("YOUYUE_DEADLINE_SCAN_MS", default: 60_000, in: 10...86_400_000))
        calendarFile = env.string("YOUYUE_CALENDAR_FILE", default: "").isEmpty ? nil : env.string("YOUYUE_CALENDAR_FILE", default: "")
        open311APIKeys = Set(env.string("YOUYUE_OPEN311_API_KEYS", default: "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        logLevel = try env.choice("YOUYUE_LOG_LEVEL", default: Logger.Level.info)
        districts = Set(env.string("YOUYUE_DISTRICTS", default: "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        crashPoints = Set(try env.string("YOUYUE_CRASH_AT", default: "").split(separator: ",").map { name in
            guard let point = CrashPoint(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigurationError(variable: "YOUYUE_CRASH_AT", value: String(name),
                                         expected: CrashPoint.allCases.map(\.rawValue).joined(separator: " or "))
            }
            return point
        })
        self.environment = env
    }
}

/// `k1:BASE64,k2:BASE64` → key ids and 32-byte keys, in the order given.
func parseDataKeys(_ text: String) throws -> [(String, [UInt8])] {
    let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let keys = try entries.map { entry -> (String, [UInt8]) in
        let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let key = Data(base64Encoded: parts[1]), key.count == 32 else {
            throw ConfigurationError(variable: "YOUYUE_DATA_KEYS", value: "(hidden)", expected: "id:BASE64 pairs separated by commas, each key 32 bytes")
        }
        return (parts[0], [UInt8](key))
    }
    guard !keys.isEmpty else {
        throw ConfigurationError(variable: "YOUYUE_DATA_KEYS", value: "", expected: "at least one id:BASE64 key")
    }
    return keys
}

extension ServiceConfiguration {
    /// The citizens' home page (intake's `/`), where every public page's header leads.
    public var citizenHomeURL: String {
        service == .intake ? "/" : (publicURLs[.intake] ?? "") + "/"
    }
}

extension ServiceConfiguration {
    /// The keys `YOUYUE_TRUSTED_KEYS_FILE` pins; none when it is not set.
    public func pinnedKeys() throws -> PublicKeySet {
        guard let trustedKeysFile else { return PublicKeySet(keys: []) }
        guard let data = FileManager.default.contents(atPath: trustedKeysFile),
              let set = try? JSONDecoder().decode(PublicKeySet.self, from: data) else {
            throw ConfigurationError(variable: "YOUYUE_TRUSTED_KEYS_FILE", value: trustedKeysFile, expected: "a readable JWKS file of P-256 keys")
        }
        return set
    }
}
