import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `POST /oauth/token`: OAuth 2.0 client credentials (RFC 6749 §4.4) for machine clients. A client
/// authenticates with its secret (HTTP Basic or in the form) or a JWT signed with its key
/// (RFC 7523), and gets a 5-minute access token in its role and scope. Every token issued and every
/// failed authentication goes into the audit chain with the client address.
func addTokenEndpoint(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    var base = environment.configuration.publicBaseURL
    while base.hasSuffix("/") { base.removeLast() }
    let authenticator = ClientAuthenticator(database: environment.database, audiences: [base + tokenEndpointPath, base])
    let throttle = ClientAuthenticationThrottle()

    /// Counts a failed authentication against the address and writes it to the audit chain.
    @Sendable func refuse(_ failure: ClientAuthenticationFailure, method: String, from address: String) async throws {
        throttle.recordFailure(from: address, now: environment.clock.now())
        let who = failure.clientID ?? "unknown"
        try await environment.database.transaction { db in
            try await environment.audit(db, actor: who, action: "client-authentication-failed", entity: "client", entityID: who,
                                        summary: "client \(address), \(method), \(failure.reason)")
        }
    }

    router.post("oauth/token") { request, context in
        let address = context.clientAddress(of: request, trusting: environment.configuration.trustedProxies) ?? "unknown"
        let now = environment.clock.now()
        if let wait = throttle.retryAfter(for: address, now: now) {
            var response = oauthJSONResponse(["error": "invalid_client",
                                              "error_description": "too many failed client authentications from this address; retry later"],
                                             status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        do {
            let form = try await tokenRequestForm(request)
            guard let grantType = form["grant_type"] else { throw OAuthError.invalidRequest("grant_type is missing") }
            guard grantType == "client_credentials" else {
                throw OAuthError.unsupportedGrantType("only grant_type=client_credentials is served here")
            }
            let credentials: PresentedClientCredentials
            do {
                credentials = try PresentedClientCredentials.read(authorization: request.headers[.authorization], form: form)
            } catch let error as OAuthError where error.code == "invalid_client" {
                try await refuse(ClientAuthenticationFailure(reason: "no readable client authentication"), method: "none", from: address)
                throw error
            }
            let client: MachineClientRecord
            switch try await authenticator.authenticate(credentials, now: now) {
            case .failure(let failure):
                try await refuse(failure, method: credentials.method, from: address)
                throw OAuthError.invalidClient(failure.told)
            case .success(let authenticated):
                client = authenticated
            }
            // The one scope a client has is its role; asking for another is refused.
            let scope = form["scope"]
            if let scope, scope.split(separator: " ").contains(where: { $0 != client.view.role.rawValue }) {
                throw OAuthError.invalidScope("this client's only scope is \(client.view.role.rawValue)")
            }
            let token = try environment.signer.mint(client.principal, lifetime: 300)
            try await environment.database.transaction { db in
                try await environment.audit(db, actor: client.view.clientID, action: "client-token-issued", entity: "client", entityID: client.view.clientID,
                                            summary: "client \(address), \(credentials.method), \(client.view.role.rawValue) in \(client.view.district)")
            }
            var answer: [String: any Sendable] = ["access_token": token, "token_type": "Bearer", "expires_in": 300]
            if scope != nil { answer["scope"] = client.view.role.rawValue }
            return oauthJSONResponse(answer)
        } catch let error as OAuthError {
            return error.response
        }
    }
}

/// Where clients ask for tokens; with the public base URL in front, the audience of their assertions.
let tokenEndpointPath = "/oauth/token"

/// The request's form, or `invalid_request` when it is not one.
private func tokenRequestForm(_ request: Request) async throws -> TokenRequestForm {
    guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
        throw OAuthError.invalidRequest("the request must be application/x-www-form-urlencoded")
    }
    guard let body = try? await request.body.collect(upTo: 64 * 1024) else {
        throw OAuthError.invalidRequest("the request body is too large")
    }
    return try TokenRequestForm(body: String(buffer: body))
}
