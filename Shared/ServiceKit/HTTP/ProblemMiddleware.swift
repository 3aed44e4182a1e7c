import Contracts
import Foundation
import Hummingbird
import Logging

/// Turns every error into an RFC 9457 problem with its real status. Nothing internal (stack, SQL,
/// type names) reaches the client; an unexpected error is logged once and answered with a 500.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return problemResponse(problem(for: error, logger: context.logger), instance: request.uri.path, headers: extraHeaders(for: error))
        }
    }

    func extraHeaders(for error: any Error) -> HTTPFields {
        if let limited = error as? RateLimited {
            return [.retryAfter: String(limited.retryAfterSeconds)]
        }
        return [:]
    }
}

/// The problem a client sees for an error.
public func problem(for error: any Error, logger: Logger) -> Problem {
    switch error {
    case let problem as Problem:
        return problem
    case let limited as RateLimited:
        return .tooManyRequests("请在 \(limited.retryAfterSeconds) 秒后再试。")
    case let rejection as TokenRejection:
        return .unauthorized(rejection.explanation)
    case let decoding as DecodingError:
        return .badRequest(describe(decoding))
    case let refusal as InboxRefusal:
        switch refusal {
        case .unsupportedType(let type): return .unprocessable("unsupported-message", "此服务不接收 \(type.rawValue) 消息。")
        case .conflictingReplay(let id): return .conflict("message-replay-conflict", "消息 \(id) 已以不同内容接收过。")
        }
    case let http as HTTPError:
        switch http.status.code {
        case 404: return .notFound()
        case 405: return Problem(type: Problem.typeURI("method-not-allowed"), title: "不支持此方法 (method not allowed)", status: 405)
        case 413: return Problem(type: Problem.typeURI("too-large"), title: "请求内容过大 (payload too large)", status: 413)
        case 400..<500: return .badRequest(http.body ?? "请求无法处理。")
        default: break
        }
    default:
        break
    }
    logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))", "detail": "\(error)"])
    return .internalError
}

/// Names the field a JSON body got wrong, without echoing internals.
func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
        let joined = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return joined.isEmpty ? "请求体" : "字段 \(joined)"
    }
    switch error {
    case .keyNotFound(let key, let context):
        let field = (context.codingPath + [key]).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return "缺少必填字段 \(field)。"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
        return "\(path(context)) 的类型不正确。"
    case .dataCorrupted(let context):
        return "\(path(context)) 不是有效的 JSON 值。"
    @unknown default:
        return "请求体不是有效的 JSON。"
    }
}

/// Thrown by a rate limit; answered with 429 and `Retry-After`.
public struct RateLimited: Error {
    public let retryAfterSeconds: Int
    public init(retryAfterSeconds: Int) { self.retryAfterSeconds = retryAfterSeconds }
}
