import Foundation
import ServiceKit

/// One Open311 answer, built once and written as JSON or XML (GeoReport v2 offers both): keys
/// keep their order, lists name their XML elements, and a missing value is `null` in JSON and an
/// empty element in XML.
indirect enum Open311Document: Sendable {
    case text(String?)
    /// A citizen's free text (description, address, status notes): masked by its type.
    case publicText(PublicText?)
    case number(Double?)
    case flag(Bool)
    /// A JSON array; in XML a `container` element holding one `item` element per entry.
    case list(container: String, item: String, [Open311Document])
    case object([(String, Open311Document)])

    var json: String {
        var out = ""
        writeJSON(into: &out)
        return out
    }

    /// The XML document, with `root` naming the outermost element of an object.
    func xml(root: String? = nil) -> String {
        var out = #"<?xml version="1.0" encoding="utf-8"?>"#
        switch self {
        case .list: writeXML(into: &out, name: nil)
        default: writeXML(into: &out, name: root)
        }
        return out
    }

    private func writeJSON(into out: inout String) {
        switch self {
        case .text(let value): out += value.map(jsonString) ?? "null"
        case .publicText(let value): out += value.map { jsonString($0.text) } ?? "null"
        case .number(let value): out += value.map(jsonNumber) ?? "null"
        case .flag(let value): out += value ? "true" : "false"
        case .list(_, _, let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.writeJSON(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, (key, value)) in fields.enumerated() {
                if index > 0 { out += "," }
                out += jsonString(key) + ":"
                value.writeJSON(into: &out)
            }
            out += "}"
        }
    }

    private func writeXML(into out: inout String, name: String?) {
        let open = name.map { "<\($0)>" } ?? ""
        let close = name.map { "</\($0)>" } ?? ""
        switch self {
        case .text(let value): out += open + (value.map(xmlEscaped) ?? "") + close
        case .publicText(let value): out += open + (value.map { xmlEscaped($0.text) } ?? "") + close
        case .number(let value): out += open + (value.map(jsonNumber) ?? "") + close
        case .flag(let value): out += open + (value ? "true" : "false") + close
        case .list(let container, let item, let items):
            out += "<\(container)>"
            for entry in items { entry.writeXML(into: &out, name: item) }
            out += "</\(container)>"
        case .object(let fields):
            out += open
            for (key, value) in fields { value.writeXML(into: &out, name: key) }
            out += close
        }
    }
}

private func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

private func jsonNumber(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}

private func xmlEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        // Control characters other than tab and newlines are not allowed in XML 1.0.
        case let c where c.value < 0x20 && c != "\t" && c != "\n" && c != "\r": continue
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
