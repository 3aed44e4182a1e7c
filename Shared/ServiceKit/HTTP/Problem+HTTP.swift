import Contracts
import Foundation
import Hummingbird

/// Encodes a problem as `application/problem+json`.
public func problemResponse(_ problem: Problem, instance: String? = nil, headers extra: HTTPFields = [:]) -> Response {
    var body = problem
    if body.instance == nil { body.instance = instance }
    let data = (try? apiEncoder.encode(body)) ?? Array(#"{"title":"error"}"#.utf8)
    var headers = extra
    headers[.contentType] = "application/problem+json; charset=utf-8"
    return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

// The stable problem types. Titles are Chinese first: the users are.
extension Problem {
    public static func validation(_ errors: [String: String], detail: String = "请求中有字段不符合要求。") -> Problem {
        Problem(type: typeURI("validation"), title: "输入有误 (invalid input)", status: 422, detail: detail, errors: errors)
    }

    public static func badRequest(_ detail: String) -> Problem {
        Problem(type: typeURI("bad-request"), title: "请求无法解析 (bad request)", status: 400, detail: detail)
    }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(type: typeURI("unauthorized"), title: "未通过身份验证 (unauthorized)", status: 401, detail: detail)
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(type: typeURI("forbidden"), title: "无权执行此操作 (forbidden)", status: 403, detail: detail)
    }

    public static func notFound(_ detail: String = "找不到所请求的资源。") -> Problem {
        Problem(type: typeURI("not-found"), title: "未找到 (not found)", status: 404, detail: detail)
    }

    public static func conflict(_ slug: String, _ detail: String) -> Problem {
        Problem(type: typeURI(slug), title: "与当前状态冲突 (conflict)", status: 409, detail: detail)
    }

    public static func unprocessable(_ slug: String, _ detail: String) -> Problem {
        Problem(type: typeURI(slug), title: "无法处理 (unprocessable)", status: 422, detail: detail)
    }

    public static func tooManyRequests(_ detail: String) -> Problem {
        Problem(type: typeURI("rate-limited"), title: "请求过于频繁 (too many requests)", status: 429, detail: detail)
    }

    public static let contentTooLarge = Problem(
        type: typeURI("too-large"), title: "请求内容过大 (payload too large)", status: 413,
        detail: "请求体超过了允许的大小，请缩短内容或减小附件后再试。")

    public static func unsupportedMediaType(_ detail: String) -> Problem {
        Problem(type: typeURI("unsupported-media-type"), title: "不支持的内容类型 (unsupported media type)", status: 415, detail: detail)
    }

    public static let internalError = Problem(
        type: typeURI("internal"), title: "服务器内部错误 (internal error)", status: 500,
        detail: "服务暂时出现问题，请稍后再试。已记录此错误。")

    public static let unavailable = Problem(
        type: typeURI("unavailable"), title: "服务暂不可用 (unavailable)", status: 503, detail: "服务尚未就绪，请稍后再试。")
}
