import Foundation

/// One part of a `multipart/form-data` body (RFC 7578): its field name, the file name when the
/// part is a file, its own content type when it says one, and its bytes.
public struct MultipartPart: Sendable, Equatable {
    public var name: String
    public var filename: String?
    public var contentType: String?
    public var body: [UInt8]
}

/// Why a `multipart/form-data` body could not be read; `reason` is a sentence for the client.
public struct MalformedMultipart: Error, Equatable {
    public let reason: String
}

/// Reads `multipart/form-data` (RFC 7578 over RFC 2046's multipart syntax), strictly: a body
/// without its boundary, with a part that is not `form-data` with a name, with more parts or
/// larger part headers than a form needs, or without the closing delimiter is refused, never
/// guessed at. The caller caps the body's size before it gets here.
public enum MultipartForm {
    public static let maximumParts = 100
    public static let maximumHeaderBytes = 8 * 1024

    /// The boundary named by a `Content-Type` of `multipart/form-data`; nil for any other type.
    public static func boundary(contentType: String?) throws(MalformedMultipart) -> String? {
        guard let contentType else { return nil }
        let (type, parameters) = headerValue(contentType)
        guard type == "multipart/form-data" else { return nil }
        guard let boundary = parameters["boundary"], (1...70).contains(boundary.utf8.count),
              boundary.utf8.allSatisfy({ (32...126).contains($0) }), boundary.last != " " else {
            throw MalformedMultipart(reason: "Content-Type 缺少有效的 boundary 参数")
        }
        return boundary
    }

    /// The parts of `body`, in order.
    public static func parts(of body: [UInt8], boundary: String) throws(MalformedMultipart) -> [MultipartPart] {
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = crlf + dashBoundary
        // The first boundary opens the body, or follows a preamble that ends with a line break.
        var position: Int
        if body.starts(with: dashBoundary) {
            position = dashBoundary.count
        } else if let found = find(delimiter, in: body, from: 0) {
            position = found + delimiter.count
        } else {
            throw MalformedMultipart(reason: "请求体中没有 boundary 分隔符")
        }
        var parts: [MultipartPart] = []
        while true {
            if body[position...].starts(with: [dash, dash]) { return parts }
            while position < body.count, body[position] == space || body[position] == tab { position += 1 }
            guard body[position...].starts(with: crlf) else { throw MalformedMultipart(reason: "分隔符之后缺少换行") }
            position += crlf.count
            guard parts.count < maximumParts else { throw MalformedMultipart(reason: "表单部分超过 \(maximumParts) 个") }

            // Headers end with an empty line; a part may have none at all.
            let headerEnd: Int
            let contentStart: Int
            if body[position...].starts(with: crlf) {
                (headerEnd, contentStart) = (position, position + crlf.count)
            } else if let end = find(crlf + crlf, in: body, from: position, within: maximumHeaderBytes) {
                (headerEnd, contentStart) = (end, end + 2 * crlf.count)
            } else {
                throw MalformedMultipart(reason: "表单部分的头部不完整或过长")
            }
            guard let contentEnd = find(delimiter, in: body, from: contentStart) else {
                throw MalformedMultipart(reason: "缺少结束分隔符")
            }
            parts.append(try part(headers: body[position..<headerEnd], body: Array(body[contentStart..<contentEnd])))
            position = contentEnd + delimiter.count
        }
    }

    /// A part from its header lines; its `Content-Disposition` must be `form-data` with a name.
    private static func part(headers: ArraySlice<UInt8>, body: [UInt8]) throws(MalformedMultipart) -> MultipartPart {
        guard let text = String(validating: headers, as: UTF8.self) else {
            throw MalformedMultipart(reason: "表单部分的头部不是 UTF-8 文本")
        }
        var disposition: (type: String, parameters: [String: String])?
        var contentType: String?
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw MalformedMultipart(reason: "表单部分的头部格式不正确") }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() {
            case "content-disposition": disposition = headerValue(value)
            case "content-type": contentType = value
            default: break
            }
        }
        guard let disposition, disposition.type == "form-data", let name = disposition.parameters["name"], !name.isEmpty else {
            throw MalformedMultipart(reason: "表单部分缺少 Content-Disposition: form-data 及其 name")
        }
        return MultipartPart(name: name, filename: disposition.parameters["filename"], contentType: contentType, body: body)
    }

    /// A header value split into its lowercased first token and its parameters (names
    /// lowercased, quoted values unquoted).
    static func headerValue(_ value: String) -> (String, [String: String]) {
        var characters = Substring(value)
        func skipSpaces() { while characters.first == " " || characters.first == "\t" { characters.removeFirst() } }
        let type = characters.prefix { $0 != ";" }
        characters.removeFirst(type.count)
        var parameters: [String: String] = [:]
        while characters.first == ";" {
            characters.removeFirst()
            skipSpaces()
            let name = characters.prefix { $0 != "=" && $0 != ";" }
            characters.removeFirst(name.count)
            guard characters.first == "=" else { continue }
            characters.removeFirst()
            skipSpaces()
            var parameter = ""
            if characters.first == "\"" {
                characters.removeFirst()
                while let next = characters.first, next != "\"" {
                    characters.removeFirst()
                    if next == "\\", let escaped = characters.first {
                        characters.removeFirst()
                        parameter.append(escaped)
                    } else {
                        parameter.append(next)
                    }
                }
                if !characters.isEmpty { characters.removeFirst() }
                characters = characters.drop { $0 != ";" }
            } else {
                let token = characters.prefix { $0 != ";" }
                characters.removeFirst(token.count)
                parameter = token.trimmingCharacters(in: .whitespaces)
            }
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if parameters[key] == nil { parameters[key] = parameter }
        }
        return (type.trimmingCharacters(in: .whitespaces).lowercased(), parameters)
    }
}

private let crlf: [UInt8] = [13, 10]
private let dash = UInt8(ascii: "-")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")

/// Where `needle` first occurs in `haystack` at or after `start` (and, with `within`, starting
/// no later than that many bytes after it).
private func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, within limit: Int = .max) -> Int? {
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    let last = min(haystack.count - needle.count, limit == .max ? .max : start + limit)
    guard start <= last else { return nil }
    var index = start
    while index <= last {
        if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
        index += 1
    }
    return nil
}
