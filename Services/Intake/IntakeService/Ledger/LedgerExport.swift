import Foundation

/// The most rows one export holds; narrow the filters for more.
let ledgerExportLimit = 100_000

/// The ledger as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF lines,
/// RFC 4180 quoting. Contact details are not columns at all; free text is masked; a cell that
/// starts like a formula is defused so a spreadsheet never runs it.
func ledgerCSV(_ entries: [LedgerEntry]) -> [UInt8] {
    var text = "编号,站点,街道,类别,渠道,状态,内容,提交时间\r\n"
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    for entry in entries {
        let cells = [entry.id, entry.station, entry.street, entry.category, entry.channel, entry.status, entry.content,
                     formatter.string(from: entry.createdAt)]
        text += cells.map(csvCell).joined(separator: ",") + "\r\n"
    }
    return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
}

func csvCell(_ value: String) -> String {
    var cell = value
    if let first = cell.first, "=+-@\t\r".contains(first) { cell = "'" + cell }
    guard cell.contains(where: { ",\"\r\n".contains($0) }) else { return cell }
    return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
