import AdminKit
import AsyncHTTPClient
import Contracts
import Foundation
import IntakeService
import Logging
import ServiceKit
import TestSupport
import Testing

/// What a new user meets running the suite with `youyue` (issue 22, "What a new user hit"):
/// the real executable, in real folders, against real services.
@Suite("youyue for a new user")
struct NewUserTests {
    @Test("`up` keeps its data in YOUYUE_DATA_DIR, private; prints how to get a token, not a token; warns of a loopback public address; starts again right after a stop; `restore` meanwhile says the suite runs")
    func upOnAFreshFolder() async throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let data = work + "/district-data"
        let ports = try await reserveSuitePorts()
        let environment = portEnvironment(ports).merging(["YOUYUE_DATA_DIR": data]) { _, own in own }
        let up = try YouyueProcess(["up"], environment: environment, in: work)
        #expect(try await up.waitForOutput("is ready"), "\(up.output)")

        // The data went where YOUYUE_DATA_DIR says, not into ./.youyue, and only its owner reads it.
        #expect(!FileManager.default.fileExists(atPath: work + "/.youyue"))
        #expect(try permissions(data) == 0o700)
        for service in ServiceName.allCases {
            for suffix in ["", "-wal", "-shm"] {
                let file = data + "/\(service.rawValue).sqlite" + suffix
                #expect(try permissions(file) == 0o600, "\(file)")
            }
        }
        // No token in what may end up in a log; how to get one instead; a warning about 127.0.0.1.
        #expect(!up.output.contains("eyJ"), "\(up.output)")
        #expect(up.output.contains("管理令牌：youyue token --role admin"))
        #expect(up.output.contains("YOUYUE_PUBLIC_BASE_URL"))
        #expect(up.output.contains("http://127.0.0.1:\(ports[.intake] ?? 0)，只有本机能打开"))

        // Restoring now would mix two states: it says the suite runs, not to pick another port.
        let restore = try await youyue(["restore", "--from", work + "/no-backup"], environment: environment, in: work)
        #expect(restore.status != 0)
        #expect(restore.output.contains("the suite is running"), "\(restore.output)")
        #expect(!restore.output.contains("to another port"))

        // Connections the services close themselves (`Connection: close`): their ends linger in TIME_WAIT.
        for service in ServiceName.allCases {
            _ = try await http(.GET, "http://127.0.0.1:\(ports[service] ?? 0)/health/live", headers: [("Connection", "close")])
        }
        let stopped = await up.interrupt()
        #expect(stopped.status == 0, "\(stopped.output)")
        let lingering = ServiceName.allCases.filter { hasTimeWaitConnection(onPort: ports[$0] ?? 0) }
        #expect(!lingering.isEmpty, "no TIME_WAIT connection to check against")

        let again = try YouyueProcess(["up"], environment: environment, in: work)
        #expect(try await again.waitForOutput("is ready"), "\(again.output)")
        #expect(!again.output.contains("already in use"))
        #expect(await again.interrupt().status == 0)
    }

    @Test("SQLite files are created readable by their owner only, in a folder only the owner enters, -wal and -shm included")
    func privateDatabaseFiles() async throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = work + "/data/ledger.sqlite"
        let database = try SQLiteDatabase(path: path)
        try await database.execute("CREATE TABLE notes (text TEXT)")
        try await database.execute("INSERT INTO notes (text) VALUES ('x')")
        #expect(try permissions(work + "/data") == 0o700)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try permissions(file) == 0o600, "\(file)")
        }
        await database.close()
    }

    @Test("admin commands name the keys a suite refused, make up none where the suite keeps none, and seed the built-in sample from any folder")
    func adminCommandsFindTheirSuite() async throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let ports = try await reserveSuitePorts()
        let environment = portEnvironment(ports)
        let running = try await RunningSuite(SuiteOptions(dataDirectory: work + "/suite", ports: ports, baseEnvironment: environment))
        defer { Task { await running.stop() } }
        let elsewhere = work + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)

        // Run from another folder: ./.youyue holds no keys, and none are made up there.
        let lost = try await youyue(["outbox", "list"], environment: environment, in: elsewhere)
        #expect(lost.status != 0)
        #expect(lost.output.contains("\(elsewhere)/.youyue holds no console signing keys"), "\(lost.output)")
        #expect(lost.output.contains("a suite is running at http://127.0.0.1:\(ports[.intake] ?? 0)"))
        #expect(lost.output.contains("--data FOLDER or YOUYUE_DATA_DIR=FOLDER"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/.youyue/secrets/keys/console.json"))

        // A folder with other keys: the refusal names the file that signed the token.
        let stale = work + "/stale"
        _ = try loadOrCreateSigningKeys(at: stale + "/secrets/keys/console.json", owner: .console)
        let refused = try await youyue(["outbox", "list", "--data", stale], environment: environment, in: elsewhere)
        #expect(refused.status != 0)
        #expect(refused.output.contains("refused the admin token (401"), "\(refused.output)")
        #expect(refused.output.contains("signed with the console key from \(stale)/secrets/keys/console.json"))

        // YOUYUE_DATA_DIR points the commands at the suite; seed needs no file from this folder.
        let pointed = environment.merging(["YOUYUE_DATA_DIR": work + "/suite"]) { _, own in own }
        let seed = try await youyue(["seed"], environment: pointed, in: elsewhere)
        #expect(seed.status == 0, "\(seed.output)")
        #expect(seed.output.contains("Loaded the built-in sample district"))
        let stations = try await http(.GET, "http://127.0.0.1:\(ports[.intake] ?? 0)/api/v1/stations")
        #expect(stations.status == 200)
        #expect(stations.body.contains("jh-"), "no sample stations: \(stations.body.prefix(200))")

        let token = try await youyue(["token", "--role", "admin", "--subject", "staff"], environment: pointed, in: elsewhere)
        #expect(token.status == 0, "\(token.output)")
        // The token on its line; its expiry, for the person, on another (standard error).
        #expect(token.output.contains("令牌有效期至"), "\(token.output)")
        let printed = try #require(token.output.split(separator: "\n").first { $0.hasPrefix("eyJ") }, "\(token.output)")
        let outbox = try await http(.GET, "http://127.0.0.1:\(ports[.intake] ?? 0)/internal/v1/outbox",
                                    headers: [("Authorization", "Bearer " + printed)])
        #expect(outbox.status == 200)
        await running.stop()
    }

    @Test("`keys rotate` adds a signing key and keeps the old one listed until its tokens expire; `token` refuses more than 12 hours")
    func keysRotateAndTokenLimits() async throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let first = try await youyue(["keys", "rotate", "console", "--data", work], environment: [:], in: work)
        #expect(first.status == 0, "\(first.output)")
        let second = try await youyue(["keys", "rotate", "console", "--data", work], environment: [:], in: work)
        #expect(second.status == 0 && second.output.contains("verifies until"), "\(second.output)")
        let file = try #require(try readSigningKeyFile(at: work + "/secrets/keys/console.json", owner: .console))
        #expect(file.keys.count == 3 && file.keys.last?.retires == nil && file.keys.dropLast().allSatisfy { $0.retires != nil })
        #expect(try permissions(work + "/secrets/keys/console.json") == 0o600)
        let listed = try await youyue(["keys", "list", "--data", work], environment: [:], in: work)
        #expect(listed.output.contains("\(file.keys.last!.kid)") && listed.output.contains("signs"), "\(listed.output)")
        let unknown = try await youyue(["keys", "rotate", "mailroom", "--data", work], environment: [:], in: work)
        #expect(unknown.status != 0 && unknown.output.contains("unknown service mailroom"), "\(unknown.output)")
        let yearLong = try await youyue(["token", "--role", "admin", "--subject", "x", "--hours", "8760", "--data", work], environment: [:], in: work)
        #expect(yearLong.status != 0 && yearLong.output.contains("between 1 and 12"), "\(yearLong.output)")
    }

    @Test("`backup` writes private copies with the data key, refuses to overwrite without --force; `restore` puts the key back and refuses a different one")
    func backupAndRestore() async throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let ports = try await reserveSuitePorts()
        let data = work + "/suite"
        let environment = portEnvironment(ports).merging(["YOUYUE_DATA_DIR": data]) { _, own in own }
        let running = try await RunningSuite(SuiteOptions(dataDirectory: data, ports: ports, baseEnvironment: environment))
        let backups = work + "/backups/first"

        let first = try await youyue(["backup", "--to", backups], environment: environment, in: work)
        #expect(first.status == 0, "\(first.output)")
        #expect(try permissions(backups) == 0o700)
        #expect(try permissions(backups + "/intake.sqlite") == 0o600)
        let key = try #require(FileManager.default.contents(atPath: data + "/secrets/data.key"))
        #expect(FileManager.default.contents(atPath: backups + "/secrets/data.key") == key)
        #expect(first.output.contains("without it the sealed contacts cannot be opened"))

        let again = try await youyue(["backup", "--to", backups], environment: environment, in: work)
        #expect(again.status != 0)
        #expect(again.output.contains("already holds a backup"), "\(again.output)")
        #expect(again.output.contains("--force"))
        let forced = try await youyue(["backup", "--to", backups, "--force"], environment: environment, in: work)
        #expect(forced.status == 0, "\(forced.output)")
        await running.stop()

        // Into an empty folder: the databases and the key they were sealed with.
        let fresh = work + "/fresh"
        let restored = try await youyue(["restore", "--from", backups, "--data", fresh], environment: portEnvironment(ports), in: work)
        #expect(restored.status == 0, "\(restored.output)")
        #expect(FileManager.default.contents(atPath: fresh + "/secrets/data.key") == key)
        #expect(try permissions(fresh + "/routing.sqlite") == 0o600)

        let nowhere = try await youyue(["restore", "--from", work + "/no-backup", "--data", fresh], environment: portEnvironment(ports), in: work)
        #expect(nowhere.status != 0)
        #expect(nowhere.output.contains("holds no backup"), "\(nowhere.output)")

        // Into a folder with another key: nothing is restored.
        let other = work + "/other"
        _ = try loadOrCreateSecret(at: other + "/secrets/data.key")
        let mismatched = try await youyue(["restore", "--from", backups, "--data", other], environment: portEnvironment(ports), in: work)
        #expect(mismatched.status != 0)
        #expect(mismatched.output.contains("is not the one this backup was sealed with"), "\(mismatched.output)")
        #expect(!FileManager.default.fileExists(atPath: other + "/intake.sqlite"))
    }

    @Test("`backup` against a suite on PostgreSQL says to use pg_dump and fails, writing nothing")
    func backupOnPostgres() async throws {
        try await withFreshDatabaseURL(.postgres) { database in
            let work = try temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: work) }
            let ports = try await reserveSuitePorts()
            let intake = try await startService(intakeService, configuration: testConfiguration(
                .intake, database: database, port: ports[.intake] ?? 0, folder: work))
            defer { Task { await intake.stop() } }
            guard case .postgres(let server) = database else { return }
            let result = try await youyue(["backup", "--to", work + "/backup"], environment: portEnvironment(ports), in: work)
            #expect(result.status != 0)
            #expect(result.output.contains("PostgreSQL (\(server.database))"), "\(result.output)")
            #expect(result.output.contains("pg_dump -Fc -d \(server.database)"))
            #expect(!result.output.contains("no database yet"))
            #expect(!FileManager.default.fileExists(atPath: work + "/backup"))
            await intake.stop()
        }
    }

    @Test("a wrong PostgreSQL password or an unknown host stops `up` and a service in seconds, with a sentence")
    func postgresFailsFast() async throws {
        guard let server = postgresServer else {
            try skipOrFail("PostgreSQL skipped: set YOUYUE_TEST_POSTGRES_URL to run this case")
        }
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let environment = portEnvironment(try await reserveSuitePorts())
        var wrongPassword = server
        wrongPassword.password = "not-the-password"

        let clock = ContinuousClock()
        let started = clock.now
        let refused = try await youyue(["up", "--database-url", wrongPassword.urlString], environment: environment, in: work)
        #expect(clock.now - started < .seconds(15))
        #expect(refused.status != 0)
        #expect(refused.output.contains("refused the password of user \(server.user) (28P01)"), "\(refused.output)")
        #expect(!refused.output.contains("ConnectionPoolError"))

        var unknownHost = server
        unknownHost.host = "no-such-host.invalid"
        let lost = try await youyue(["up", "--database-url", unknownHost.urlString], environment: environment, in: work)
        #expect(lost.status != 0)
        #expect(lost.output.contains("the host name no-such-host.invalid is unknown"), "\(lost.output)")

        // A service started on its own (in a container, say) fails the same way.
        let serviceStart = clock.now
        await #expect {
            _ = try await buildServiceApplication(
                intakeService, configuration: testConfiguration(.intake, database: .postgres(wrongPassword), folder: work),
                httpClient: .shared, logger: testLogger)
        } throws: { error in
            "\(error)".contains("(28P01)")
        }
        #expect(clock.now - serviceStart < .seconds(15))
    }

    @Test("the loopback warning names 127.0.0.1 and localhost, and stays quiet for a public address")
    func loopbackWarning() {
        #expect(loopbackPublicAddressWarning(["YOUYUE_INTAKE_URL": "http://127.0.0.1:8081"]) != nil)
        #expect(loopbackPublicAddressWarning(["YOUYUE_PUBLIC_BASE_URL": "http://localhost:8081"]) != nil)
        #expect(loopbackPublicAddressWarning(["YOUYUE_PUBLIC_BASE_URL": "http://[::1]:8081"]) != nil)
        #expect(loopbackPublicAddressWarning(["YOUYUE_PUBLIC_BASE_URL": "https://youyue.jianghan.gov.cn",
                                              "YOUYUE_INTAKE_URL": "http://127.0.0.1:8081"]) == nil)
    }
}

/// The suite running in this process, as `youyue up` runs it, until `stop()`.
struct RunningSuite: Sendable {
    let suite: Suite
    let task: Task<Void, any Error>

    init(_ options: SuiteOptions) async throws {
        var logger = Logger(label: "new-user-test")
        logger.logLevel = .warning
        let suite = try await prepareSuite(options, httpClient: .shared, logger: logger, shutdownSignals: [])
        let (ready, continuation) = AsyncStream<Void>.makeStream()
        task = Task { try await suite.run { _ in continuation.yield() } }
        self.suite = suite
        var iterator = ready.makeAsyncIterator()
        _ = await iterator.next()
    }

    func stop() async {
        await suite.stop()
        _ = try? await task.value
    }
}
