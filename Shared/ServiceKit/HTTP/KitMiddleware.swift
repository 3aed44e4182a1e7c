import Hummingbird

/// The kit's middleware, in order: metrics, security headers, problems, tokens, the operation's
/// roles, idempotency. One concrete type calling the six directly, so the compiler specialises and inlines them for
/// `ServiceRequestContext`; behind five existentials (or Hummingbird's generic stack builder) every
/// request paid a generic call, its metadata lookups and its task switches at each step.
struct KitMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let metrics: RequestMetricsMiddleware<Context>
    let securityHeaders = SecurityHeadersMiddleware<Context>()
    let problems = ProblemMiddleware<Context>()
    let tokens: AuthMiddleware
    let roles: OperationRoleMiddleware
    let idempotency: IdempotencyMiddleware
    /// `ServiceDefinition.selfAuthenticatingPaths`.
    let selfAuthenticatingPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await metrics.handle(request, context: context) { request, context in
            try await securityHeaders.handle(request, context: context) { request, context in
                try await problems.handle(request, context: context) { request, context in
                    // A path that authenticates its callers itself (HTTP Basic among others, RFC 6749
                    // §2.3.1), and whose answers (tokens) must never be replayed from an idempotency
                    // record to whoever repeats a key.
                    if selfAuthenticatingPaths.contains(request.uri.path) { return try await next(request, context) }
                    return try await tokens.handle(request, context: context) { request, context in
                        try await roles.handle(request, context: context) { request, context in
                            try await idempotency.handle(request, context: context, next: next)
                        }
                    }
                }
            }
        }
    }
}
