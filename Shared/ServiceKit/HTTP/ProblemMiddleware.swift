import Contracts
import Foundation
import Hummingbird
import Logging
import NIOHTTP1

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
    case is HTTPParserError:
        // A request that is not well-formed HTTP (a body cut short, a bad header): the client's.
        return .badRequest("请求不是完整有效的 HTTP 请求。")
    case let decoding as DecodingError:
        return .badRequest(describe(decoding))
    case let refusal as InboxRefusal:
        switch refusal {
        case .unsupportedType(let type): return .unprocessable("unsupported-message", "此服务不接收 \(type.rawValue) 消息。")
        case .conflictingReplay(let id): return .conflict("message-replay-conflict", "消息 \(id) 已以不同内容接收过。")
        }
    case let http as any HTTPResponseError:
        // Hummingbird's own errors (an `HTTPError`, a body over the size cap as
        // `NIOTooManyBytesError`, …) keep their 4xx status; their English text, which can name
        // Swift types, is not passed on.
        switch http.status.code {
        case 404: return .notFound()
        case 405: return Problem(type: Problem.typeURI("method-not-allowed"), title: "不支持此方法 (method not allowed)", status: 405)
        case 413: return .contentTooLarge
        case 415: return .unsupportedMediaType("请求体的类型不被接受。")
        case 400..<500: return .badRequest("请求无法处理。")
        default: break
        }
    default:
        break
    }
    logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))", "detail": "\(error)"])
    return .internalError
}

/// Names the field a JSON body got wrong and the kind of value it needs, in words a client's
/// developer reads: never a Swift type's name or the decoder's own English.
func describe(_ error: DecodingError) -> String {
    func name(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
    // "字段 station 的…", "请求体的…": a space only beside a Latin name.
    func field(_ context: DecodingError.Context) -> String {
        let joined = name(context.codingPath)
        return joined.isEmpty ? "请求体" : "字段 \(joined) "
    }
    switch error {
    case .keyNotFound(let key, let context):
        return "缺少必填字段 \(name(context.codingPath + [key]))。"
    case .typeMismatch(let type, let context):
        return "\(field(context))的类型不正确，应为\(jsonKind(of: type))。"
    case .valueNotFound(let type, let context):
        return "\(field(context))不能为空，应为\(jsonKind(of: type))。"
    case .dataCorrupted(let context):
        return context.codingPath.isEmpty ? "请求体不是有效的 JSON。" : "\(field(context))的值无效。"
    @unknown default:
        return "请求体不是有效的 JSON。"
    }
}

/// The JSON kind a Swift type is read from, in Chinese.
func jsonKind(of type: Any.Type) -> String {
    switch type {
    case is String.Type, is Character.Type: return "字符串"
    case is Bool.Type: return " true 或 false"
    case is any BinaryInteger.Type: return "整数"
    case is any BinaryFloatingPoint.Type, is Decimal.Type: return "数字"
    case is [String: Any].Type: return " JSON 对象"
    case is [Any].Type: return "数组"
    default: return "其他类型的值"
    }
}

/// Thrown by a rate limit; answered with 429 and `Retry-After`.
public struct RateLimited: Error {
    public let retryAfterSeconds: Int
    public init(retryAfterSeconds: Int) { self.retryAfterSeconds = retryAfterSeconds }
}
