import Hummingbird

/// Marks a group's answers `Cache-Control: no-store`: those that carry personal data or ledger rows
/// (receipts, the ledger and its export, a revealed contact), which no browser history, proxy or
/// shared cache may keep. Pages are marked by `PageRenderer` already.
public struct NoStoreMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
