import AsyncHTTPClient
import Foundation
import IntakeService
import ServiceKit

/// Who the generated opinions are recorded by: how a later run tells them from submissions.
let generatedBy = "ledger-benchmark"

/// Creates the database if needed, lets the intake service migrate it and load the reference
/// data through its own admin endpoint, then imports generated opinions until `count` are there.
/// A second run with the same count does nothing; an interrupted one carries on.
func fill(databaseURL: String, count: Int, seed: UInt64, referencePath: String, httpClient: HTTPClient) async throws {
    let referenceBytes = try Data(contentsOf: URL(fileURLWithPath: referencePath))
    let reference = try JSONDecoder().decode(ReferenceDataFile.self, from: referenceBytes)
    guard reference.district.code == benchmarkDistrict else { throw BenchmarkError("\(referencePath) is not the \(benchmarkDistrict) sample") }
    try await createPostgresDatabaseIfMissing(databaseURL)

    let intake = try await InProcessIntake.start(databaseURL: databaseURL, httpClient: httpClient)
    do {
        _ = try await send(httpClient, intake.baseURL + "/api/v1/admin/reference-data", token: try await benchmarkToken(.admin), body: referenceBytes)
    } catch {
        await intake.stop()
        throw error
    }
    await intake.stop()

    try await withDatabase(databaseURL) { database in try await importGenerated(database, count: count, seed: seed, reference: reference) }
}

func importGenerated(_ database: any Database, count: Int, seed: UInt64, reference: ReferenceDataFile) async throws {
    let existing = Int(try await database.queryFirst("SELECT COUNT(*) AS n FROM opinions WHERE recorded_by = \(generatedBy)")?.int("n") ?? 0)
    guard existing < count else {
        log("\(database.location): \(existing) generated opinions already, nothing to fill")
        return
    }
    log("\(database.location): \(existing) generated opinions, filling to \(count) (seed \(seed))")
    let generator = OpinionGenerator(seed: seed, reference: reference, count: count, end: startOfTodayInChina())
    let batchSize = 500
    let started = ContinuousClock.now
    var next = existing
    var batch = (next..<min(count, next + batchSize)).map(generator.opinion)
    while !batch.isEmpty {
        // One batch is written while the next is generated; only one writes at a time, so what is
        // committed is always opinions 0..<n and an interrupted fill resumes at n.
        let writing = batch
        async let written: Void = database.transaction { db in
            try await importOpinions(writing, district: benchmarkDistrict, importedBy: generatedBy, into: db)
        }
        next += batch.count
        batch = (next..<min(count, next + batchSize)).map(generator.opinion)
        try await written
        if next % 50_000 == 0 || next == count {
            let seconds = max(0.001, (ContinuousClock.now - started).seconds)
            let rate = Double(next - existing) / seconds
            log(String(format: "%9d / %d opinions  %6.0f rows/s  %5.0f s elapsed  ETA %4.0f s", next, count, rate, seconds,
                       Double(count - next) / rate))
        }
    }
    if database.dialect == .postgres {
        // What autovacuum would do soon after a bulk load, done now so the query phase meets the
        // steady state: planner statistics, and a visibility map for index-only scans.
        log("VACUUM ANALYZE opinions …")
        try await database.execute("VACUUM ANALYZE opinions")
    }
    log(String(format: "filled in %.0f s", (ContinuousClock.now - started).seconds))
}

/// For `postgres://…/NAME`: connects to the same server's `postgres` database and creates NAME.
func createPostgresDatabaseIfMissing(_ databaseURL: String) async throws {
    guard case .postgres(let target) = try DatabaseURL(parsing: databaseURL) else { return }
    guard target.database.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
        throw BenchmarkError("database name \(target.database): letters, digits and _ only")
    }
    try await withDatabase(target.withDatabase("postgres").urlString) { server in
        if try await server.queryFirst("SELECT 1 AS found FROM pg_database WHERE datname = \(target.database)") == nil {
            try await server.execute("CREATE DATABASE \(unsafeRaw: target.database)")
            log("created database \(target.database)")
        }
    }
}

/// Midnight today in China Standard Time: the generated ledger ends there.
func startOfTodayInChina() -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    return calendar.startOfDay(for: Date())
}

/// Progress and notes go to stderr, unbuffered; results go to stdout.
func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Opens the database for `body` and closes it afterwards, also when `body` throws.
func withDatabase<Result>(_ databaseURL: String, _ body: (any Database) async throws -> Result) async throws -> Result {
    let database = try openDatabase(try DatabaseURL(parsing: databaseURL), logger: benchmarkLogger)
    do {
        let result = try await body(database)
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}
