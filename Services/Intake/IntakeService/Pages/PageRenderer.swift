import Hummingbird
import Mustache
import NIOCore

/// The citizen pages' templates, parsed once when the service starts. Values are escaped as
/// HTML unless a template asks for raw output (`{{{…}}}`, only for the QR code's own SVG).
struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        try library.register(layoutTemplate, named: "layout")
        try library.register(stationTemplate, named: "station")
        try library.register(thanksTemplate, named: "thanks")
        try library.register(receiptTemplate, named: "receipt")
        try library.register(messageTemplate, named: "message")
        try library.register(posterTemplate, named: "poster")
        self.library = library
    }

    /// An HTML response; pages carry per-visitor tokens or live status, so none is cached.
    func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, setCookie: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let setCookie { headers[.setCookie] = setCookie }
        let html = library.render(values, withTemplate: template) ?? ""
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func message(_ heading: String, _ message: String, status: HTTPResponse.Status, back: String? = nil) -> Response {
        var values: [String: Any] = ["heading": heading, "message": message]
        if let back { values["back"] = back }
        return page("message", values, status: status)
    }
}
