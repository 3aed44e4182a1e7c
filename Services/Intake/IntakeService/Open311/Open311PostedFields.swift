import Foundation
import Hummingbird
import ServiceKit

/// The largest urlencoded `POST requests` form: a 2,000-character description with room to spare.
let open311FormLimit = 64 * 1024
/// The largest multipart `POST requests`: a phone photo rides along in the `media` part.
let open311MultipartLimit = 8 * 1024 * 1024

/// The fields of a `POST requests`: an `application/x-www-form-urlencoded` form, as the spec posts
/// it, or `multipart/form-data`, as GeoReport's media extension and field apps send it. Text parts
/// become fields exactly as the urlencoded form's do.
///
/// File parts (GeoReport's `media`, or any part with a file name) are ignored and the rest of the
/// request accepted: keeping photos would need storage, type checks by their bytes and a way to
/// show them that the opinion has none of, and a request is complete without its photo (a
/// `media_url` text field is taken like any other field).
func open311PostedFields(_ request: Request) async throws -> [String: String] {
    let boundary: String?
    do throws(MalformedMultipart) {
        boundary = try MultipartForm.boundary(contentType: request.headers[.contentType])
    } catch {
        throw Open311Error(.badRequest, "multipart/form-data 请求体格式不正确：\(error.reason)")
    }
    guard let boundary else {
        return parseFormFields(String(buffer: try await request.body.collect(upTo: open311FormLimit)))
    }
    let body = try await request.body.collect(upTo: open311MultipartLimit)
    let parts: [MultipartPart]
    do throws(MalformedMultipart) {
        parts = try MultipartForm.parts(of: Array(body.readableBytesView), boundary: boundary)
    } catch {
        throw Open311Error(.badRequest, "multipart/form-data 请求体格式不正确：\(error.reason)")
    }
    var fields: [String: String] = [:]
    for part in parts where part.filename == nil && part.name != "media" {
        guard let text = String(validating: part.body, as: UTF8.self) else {
            throw Open311Error(.badRequest, "\(part.name) 不是 UTF-8 文本")
        }
        fields[part.name] = text
    }
    return fields
}
