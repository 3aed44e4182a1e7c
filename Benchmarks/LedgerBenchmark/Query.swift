import AsyncHTTPClient
import Foundation
import ServiceKit

/// Times the ledger's reads over real HTTP, one request at a time, against the intake service
/// running in this process on the filled database, and prints a table with the targets beside.
func query(databaseURL: String, searches: Int, seed: UInt64, httpClient: HTTPClient) async throws {
    let (total, generated) = try await withDatabase(databaseURL) { database in
        let row = try await database.queryFirst("""
            SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN recorded_by = \(generatedBy) THEN 1 ELSE 0 END), 0) AS generated FROM opinions
            """)
        return (Int(try row?.int("total") ?? 0), Int(try row?.int("generated") ?? 0))
    }
    guard generated > 0 else { throw BenchmarkError("no generated opinions: run fill first") }
    let intake = try await InProcessIntake.start(databaseURL: databaseURL, httpClient: httpClient)
    do {
        let token = try await benchmarkToken(.districtStaff)
        let streets = ["minzu", "hualou", "shuita", "minquan", "manchun", "minyi", "xinhua", "wansong", "tangjiadun", "beihu",
                       "changqing", "hanxing", "kaifaqu"]
        var random = SeededRandom(state: seed)
        let ledger = intake.baseURL + "/api/v1/ledger"
        // Mostly two-character words, as people type them; some longer, some a single character.
        let searchURLs = (0..<(20 + searches)).map { _ -> String in
            let roll = Int.random(in: 0..<10, using: &random)
            let words = roll < 7 ? searchWords.two : roll < 9 ? searchWords.long : searchWords.one
            let word = words.randomElement(using: &random)!
            let street = streets.randomElement(using: &random)!
            return ledger + "?q=" + word.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)! + "&street=\(street)&limit=50"
        }
        let searchTimes = try await timed(searchURLs, warmUp: 20, httpClient: httpClient, token: token)
        let byStreet = try await timed(Array(repeating: ledger + "/stats?by=street", count: 35), warmUp: 5, httpClient: httpClient, token: token)
        let byMonth = try await timed(Array(repeating: ledger + "/stats?by=month", count: 35), warmUp: 5, httpClient: httpClient, token: token)
        await intake.stop()

        let backend = databaseURL.hasPrefix("postgres") ? "PostgreSQL" : "SQLite"
        print("ledger reads on \(backend): \(generated) generated opinions (\(total) in all), one request at a time over HTTP")
        print(row("", "requests", "p50", "p95", "max", "target", ""))
        report("search q + street", searchTimes, target: 50)
        print(String(format: "  (mean results per search page of 50: %.1f)", searchTimes.meanResults))
        report("stats ?by=street", byStreet, target: 200)
        report("stats ?by=month", byMonth, target: 200)
    } catch {
        await intake.stop()
        throw error
    }
}

struct Timings {
    var milliseconds: [Double] = []
    var results: [Int] = []

    var meanResults: Double { results.isEmpty ? 0 : Double(results.reduce(0, +)) / Double(results.count) }

    /// Nearest rank: the smallest time that at least `fraction` of the requests did not exceed.
    func percentile(_ fraction: Double) -> Double {
        let sorted = milliseconds.sorted()
        return sorted[max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)]
    }
}

/// The first `warmUp` requests fill caches and are not counted.
func timed(_ urls: [String], warmUp: Int, httpClient: HTTPClient, token: String) async throws -> Timings {
    var timings = Timings()
    for (index, url) in urls.enumerated() {
        let started = ContinuousClock.now
        let body = try await send(httpClient, url, token: token)
        let elapsed = (ContinuousClock.now - started).seconds * 1000
        guard index >= warmUp else { continue }
        timings.milliseconds.append(elapsed)
        // Search pages are {"items": […]}; statistics are a bare array.
        if let page = try? JSONDecoder().decode(Page.self, from: Data(body.readableBytesView)) { timings.results.append(page.items.count) }
    }
    return timings
}

private struct Page: Decodable {
    struct Item: Decodable {}
    let items: [Item]
}

private func report(_ name: String, _ timings: Timings, target: Double) {
    let p95 = timings.percentile(0.95)
    print(row(name, "\(timings.milliseconds.count)", milliseconds(timings.percentile(0.5)), milliseconds(p95),
              milliseconds(timings.milliseconds.max() ?? 0), "p95 < \(Int(target)) ms", p95 < target ? "PASS" : "MISS"))
}

private func milliseconds(_ value: Double) -> String { String(format: "%.1f ms", value) }

private func row(_ columns: String...) -> String {
    let widths = [20, 9, 10, 10, 10, 15, 4]
    return zip(columns, widths).map { column, width in
        column.count >= width ? column : column + String(repeating: " ", count: width - column.count)
    }.joined(separator: " ")
}
