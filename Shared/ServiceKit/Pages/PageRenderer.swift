import Hummingbird
import Mustache
import NIOCore

/// A service's public pages: Mustache templates parsed once at start, each filling the shared
/// layout. Values are escaped as HTML unless a template asks for raw output (`{{{…}}}`).
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    private let home: String

    /// `templates`: page name → template text; `layout` is added as their parent. `home` is where
    /// the header leads: the citizens' home page on intake (`ServiceConfiguration.citizenHomeURL`).
    public init(templates: [String: String], home: String = "/") throws {
        self.home = home
        var library = MustacheLibrary()
        try library.register(pageLayoutTemplate, named: "layout")
        try library.register(messageTemplate, named: "message")
        for (name, template) in templates { try library.register(template, named: name) }
        self.library = library
    }

    /// An HTML response; pages carry per-visitor tokens or live status, so none is cached.
    public func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, setCookie: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let setCookie { headers[.setCookie] = setCookie }
        var values = values
        if values["siteHome"] == nil { values["siteHome"] = home }
        let html = library.render(values, withTemplate: template) ?? ""
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A short page for what went wrong (unknown station or receipt, too many submissions, …).
    public func message(_ heading: String, _ message: String, status: HTTPResponse.Status, back: String? = nil) -> Response {
        var values: [String: Any] = ["heading": heading, "message": message]
        if let back { values["back"] = back }
        return page("message", values, status: status)
    }
}
