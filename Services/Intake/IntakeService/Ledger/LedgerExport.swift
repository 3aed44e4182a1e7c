import Contracts
import Foundation
import ServiceKit

/// The most rows one export holds; narrow the filters for more.
let ledgerExportLimit = 100_000

/// The ledger as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF lines,
/// RFC 4180 quoting. Codes are written as the names people use (station, street, category,
/// channel, status). Contact details are not columns at all; free text is masked; a cell that
/// starts like a formula is defused so a spreadsheet never runs it.
func ledgerCSV(_ entries: [LedgerEntry], names: LedgerNames) -> [UInt8] {
    var text = "编号,站点,街道,类别,渠道,状态,地点,内容,提交时间\r\n"
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    for entry in entries {
        let cells = [entry.id, names.stations[entry.station] ?? entry.station, names.streets[entry.street] ?? entry.street,
                     names.categories[entry.category] ?? entry.category,
                     OpinionChannel(rawValue: entry.channel)?.chineseName ?? entry.channel, ledgerStatusName(entry.status),
                     entry.place ?? "", entry.content, formatter.string(from: entry.createdAt)]
        text += cells.map(csvCell).joined(separator: ",") + "\r\n"
    }
    return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
}

/// The names of a district's stations, streets and categories by code.
struct LedgerNames: Sendable {
    var stations: [String: String] = [:]
    var streets: [String: String] = [:]
    var categories: [String: String] = [:]
}

func ledgerNames(_ db: any SQLExecutor, district: String) async throws -> LedgerNames {
    func names(_ table: String) async throws -> [String: String] {
        var found: [String: String] = [:]
        for row in try await db.query("SELECT code, name FROM \(unsafeRaw: table) WHERE district = \(district)") {
            found[try row.string("code")] = try row.string("name")
        }
        return found
    }
    return LedgerNames(stations: try await names("stations"), streets: try await names("streets"), categories: try await names("categories"))
}

func csvCell(_ value: String) -> String {
    var cell = value
    if let first = cell.first, "=+-@\t\r".contains(first) { cell = "'" + cell }
    guard cell.contains(where: { ",\"\r\n".contains($0) }) else { return cell }
    return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
