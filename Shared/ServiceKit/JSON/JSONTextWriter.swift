import Foundation

/// Writes a `JSONNode` tree as compact JSON: object keys in byte order (a key written twice keeps
/// its last value) and strings escaped as `JSONEncoder` escapes them.
struct JSONTextWriter {
    let escapesSlashes: Bool
    private(set) var bytes: [UInt8] = []

    init(escapesSlashes: Bool) {
        self.escapesSlashes = escapesSlashes
        bytes.reserveCapacity(256)
    }

    mutating func write(_ node: JSONNode) {
        switch node {
        case .literal(let text):
            bytes.append(contentsOf: text.utf8)
        case .string(let text):
            writeString(text)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            writeObject(object.members)
        }
    }

    private mutating func writeObject(_ members: [(key: String, value: JSONNode)]) {
        // The order is worked out in scratch space on the stack: one allocation fewer per object.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
            for index in members.indices { order.initializeElement(at: index, to: index) }
            writeObject(members, in: order)
        }
    }

    private mutating func writeObject(_ members: [(key: String, value: JSONNode)], in order: UnsafeMutableBufferPointer<Int>) {
        // Sorted by key, then by position, so that of a key written twice the last one wins.
        func precedes(_ left: Int, _ right: Int) -> Bool {
            members[left].key == members[right].key ? left < right : members[left].key < members[right].key
        }
        if order.count <= 16 {
            // Objects are small: an insertion sort, without the closure calls of `sort`.
            for next in order.indices.dropFirst() {
                let moving = order[next]
                var slot = next
                while slot > 0, precedes(moving, order[slot - 1]) {
                    order[slot] = order[slot - 1]
                    slot -= 1
                }
                order[slot] = moving
            }
        } else {
            var order = order  // the same memory: `sort` is only declared mutating
            order.sort(by: precedes)
        }
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (position, index) in order.enumerated() {
            let member = members[index]
            if position + 1 < order.count, members[order[position + 1]].key == member.key { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            writeString(member.key)
            bytes.append(UInt8(ascii: ":"))
            write(member.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs that need no escape are copied whole.
            var start = 0
            for (index, byte) in utf8.enumerated() where needsEscape(byte) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscape(for: byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (escapesSlashes && byte == UInt8(ascii: "/"))
    }

    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// A date as `JSONEncoder`'s `.iso8601` writes it: UTC, whole seconds, `2026-12-04T18:23:42Z`.
func iso8601Text(_ date: Date) -> String {
    var seconds = time_t(floor(date.timeIntervalSince1970))
    var parts = tm()
    guard gmtime_r(&seconds, &parts) != nil, (0...9999).contains(parts.tm_year + 1900) else {
        return date.formatted(.iso8601)
    }
    func digits(_ value: Int32, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(digits(parts.tm_year + 1900, 4))-\(digits(parts.tm_mon + 1, 2))-\(digits(parts.tm_mday, 2))T"
        + "\(digits(parts.tm_hour, 2)):\(digits(parts.tm_min, 2)):\(digits(parts.tm_sec, 2))Z"
}
