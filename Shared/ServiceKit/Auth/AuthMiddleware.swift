import Contracts
import Hummingbird

/// Reads a bearer token when one is sent and puts its principal on the context. A request without
/// a token goes on as anonymous (citizens have no login); a bad token is a 401 problem at once,
/// never silently treated as anonymous. Which roles an operation allows is its docs' `roles`,
/// enforced by `OperationRoleMiddleware`.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext
    let verifier: TokenVerifier

    public init(verifier: TokenVerifier) {
        self.verifier = verifier
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        guard header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthorized("Authorization 头须为 Bearer 令牌。")
        }
        var context = context
        context.principal = try await verifier.verify(String(header.dropFirst("bearer ".count)))
        return try await next(request, context)
    }
}

extension TokenRejection {
    /// What a client is told; never which check inside the library failed.
    var explanation: String {
        switch self {
        case .malformed: "令牌格式不正确。"
        case .badSignature: "令牌签名无效。"
        case .unknownKey: "令牌的签名密钥不被信任。"
        case .wrongSigner: "令牌的签发方无权代表该主体。"
        case .tooLongLived: "令牌有效期超过 12 小时，不被接受。"
        case .expired: "令牌已过期，请重新获取。"
        case .wrongIssuer: "令牌的签发方不被接受。"
        case .wrongAudience: "令牌不是签发给本系统的。"
        case .issuedInFuture: "令牌的签发时间晚于当前时间，请核对签发方的系统时钟。"
        }
    }
}

/// Object-level checks, used in handlers once the record is loaded. Nobody acts outside their
/// district; a street's staff only in their street; a unit only on its own records.
extension Principal {
    public func requireDistrict(_ district: String) throws {
        guard self.district == district else { throw Problem.forbidden("不能访问其他区的数据。") }
    }

    /// For loading a whole district's data: an admin of that district, or the deployment's own
    /// admin (district `*`, as the admin CLI mints its token); never another district's admin.
    public func requireDistrictOrDeployment(_ district: String) throws {
        guard self.district == "*" || self.district == district else { throw Problem.forbidden("不能加载其他区的数据。") }
    }

    public func requireStreet(_ street: String?) throws {
        guard role != .streetStaff || self.street == street else { throw Problem.forbidden("只能处理本街道的事项。") }
    }

    public func requireUnit(_ unit: String?) throws {
        guard role != .unit || self.unit == unit else { throw Problem.forbidden("只能处理本单位的事项。") }
    }
}

/// Refuses with 403 unless `allowed` holds; for rules that are not about district, street or unit.
public func authorize(_ allowed: Bool, _ message: String = "无权访问此资源。") throws {
    guard allowed else { throw Problem.forbidden(message) }
}
