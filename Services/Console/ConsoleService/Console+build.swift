import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The console: the staff work platform (网上工作平台). It owns staff accounts, signs people in and
/// keeps their sessions; it holds no domain data.
public let consoleService = ServiceDefinition(
    name: .console,
    migrations: consoleMigrations,
    docs: consoleEndpointDocs,
    routes: { router, environment in
        // One reading of the password cost for the service, used wherever a password is hashed.
        let passwords = try PasswordWork(environment.configuration)
        addAccountRoutes(to: router, environment: environment, passwords: passwords)
        addMachineClientRoutes(to: router, environment: environment)
        addTokenEndpoint(to: router, environment: environment)
        // Each role's pages, built once: the home page `/` and their own routes share them.
        let unitPages = try UnitPages(environment), deputyPages = try DeputyPages(environment)
        try addSignInRoutes(to: router, environment: environment, passwords: passwords, unitPages: unitPages, deputyPages: deputyPages)
        try addUnitPages(to: router, environment: environment, unitPages: unitPages)
        addDeputyPages(to: router, deputy: deputyPages)
        if !Sessions.secureCookies(publicBaseURL: environment.configuration.publicBaseURL) {
            // Browsers drop a `__Host-` cookie that is not Secure: nobody could stay signed in.
            environment.logger.warning("""
                the console's public address \(environment.configuration.publicBaseURL) is plain http and not this machine: \
                browsers will not keep its sign-in cookie. Serve it over https (YOUYUE_PUBLIC_BASE_URL=https://…) behind the TLS proxy.
                """)
        }
    },
    // The OAuth token endpoint reads `Authorization: Basic` and its answers are tokens.
    selfAuthenticatingPaths: [tokenEndpointPath]
)

let consoleEndpointDocs: EndpointDocs = [
    "GET /api/v1/accounts": EndpointDoc("The admin's accounts: their district's, or every account for the deployment's admin (district *).", roles: [.admin],
                                        response: jsonSchemaText(of: [AccountView].self)),
    "POST /api/v1/accounts": EndpointDoc(
        "Adds a staff account with the scope its role needs (deputy id, street or unit) and answers its one-time password once; 409 for a login in use, 422 for a missing scope.",
        roles: [.admin], request: jsonSchemaText(of: AccountInput.self), response: jsonSchemaText(of: AccountWithPassword.self), status: 201),
    "POST /api/v1/accounts/{login}/disable": EndpointDoc("Disables an account and ends its sessions at once.", roles: [.admin], response: jsonSchemaText(of: AccountView.self)),
    "POST /api/v1/accounts/{login}/enable": EndpointDoc("Enables a disabled account.", roles: [.admin], response: jsonSchemaText(of: AccountView.self)),
    "POST /api/v1/accounts/{login}/password-reset": EndpointDoc(
        "A new one-time password (answered once); the account's sessions end and its owner must change it at sign-in.", roles: [.admin],
        response: jsonSchemaText(of: AccountWithPassword.self)),
    "POST /internal/v1/bootstrap-admin": EndpointDoc(
        "The installation's first account, `admin` (district *), with a one-time password answered once; 409 once any account exists. `youyue up` calls it.",
        roles: [.admin], response: jsonSchemaText(of: AccountWithPassword.self), status: 201),
    "GET /api/v1/clients": EndpointDoc("The admin's machine clients: their district's, or every client for the deployment's admin (district *).", roles: [.admin],
                                       response: jsonSchemaText(of: [MachineClientView].self)),
    "POST /api/v1/clients": EndpointDoc(
        "Registers a machine client (OAuth 2.0 client credentials) with a role and scope (never service, citizen or deputy); answers its client id and, unless a public key (JWK or PEM, for private_key_jwt) is given, its secret once; 422 for a missing scope or an unreadable key.",
        roles: [.admin], request: jsonSchemaText(of: MachineClientInput.self), response: jsonSchemaText(of: MachineClientWithSecret.self), status: 201),
    "POST /api/v1/clients/{id}/disable": EndpointDoc("Disables a machine client: it gets no new token.", roles: [.admin], response: jsonSchemaText(of: MachineClientView.self)),
    "POST /api/v1/clients/{id}/enable": EndpointDoc("Enables a disabled machine client.", roles: [.admin], response: jsonSchemaText(of: MachineClientView.self)),
    "POST /api/v1/clients/{id}/rotate-secret": EndpointDoc(
        "A new secret for a machine client, answered once; the old one stops working at once. 409 for a client that authenticates with its key.",
        roles: [.admin], response: jsonSchemaText(of: MachineClientWithSecret.self)),
    "POST /oauth/token": EndpointDoc(
        "OAuth 2.0 client credentials (RFC 6749 §4.4), form-encoded: grant_type=client_credentials, the client authenticated by client_secret_basic, client_secret_post or private_key_jwt (RFC 7523; ES256 or RS256, aud the URL of this endpoint, exp at most 10 minutes ahead, a fresh jti). Answers a 5-minute Bearer token in the client's role and scope; errors are RFC 6749 §5.2 JSON (invalid_client 401, invalid_request, unsupported_grant_type, invalid_scope).",
        response: #"{"type":"object","required":["access_token","token_type","expires_in"],"properties":{"access_token":{"type":"string"},"token_type":{"type":"string"},"expires_in":{"type":"integer"},"scope":{"type":"string"}}}"#),
    "GET /login": EndpointDoc("The sign-in page (zh-CN, for a phone)."),
    "POST /login": EndpointDoc("Signs in with login and password (form): one message for every failure; 5 failures lock the account for 15 minutes, 20 from one address throttle it."),
    "GET /login/oidc": EndpointDoc("Sign-in through the district's identity provider (served when YOUYUE_OIDC_ISSUER is set): a redirect to its authorization endpoint with PKCE, state and nonce."),
    "GET /login/oidc/callback": EndpointDoc(
        "Where the identity provider sends the browser back: the code is exchanged, the ID token checked (signature, iss, aud, exp, nonce) and its account claim matched to an existing account, then the same session and TOTP step as after a password; an unknown, disabled or locked account and a token that fails a check all get one message on the login page (401).",
        query: ["code", "state", "error"]),
    "POST /logout": EndpointDoc("Signs out (form with the session's CSRF token)."),
    "GET /password": EndpointDoc("The page to change one's password (required after a one-time password)."),
    "POST /password": EndpointDoc("Changes one's password (form); other sessions of the account end."),
    "GET /": EndpointDoc("The work platform's home page for the signed-in person: a deputy's and a unit's is their to-do list (待办: counts, then what needs an action, nearest deadline first); otherwise a redirect to /login."),
    "GET /cases/{id}": EndpointDoc("A handling unit's case: the suggestion, its deadline in words, its steps, and the forms its state allows (accept, progress, contact, reply A/B/C, return within the window, co-unit opinion)."),
    "POST /cases/{id}/{action}": EndpointDoc("A unit's form on its case (action: accept, progress, contact, reply, return, co-opinion, promise-done), posted to supervision as the signed-in person; back to the case with what changed, or the page with supervision's reasons beside the form."),
    "GET /accounts": EndpointDoc("The admin's account list and the form to add one."),
    "POST /accounts": EndpointDoc("Adds an account (form) and shows its one-time password once."),
    "GET /ledger": EndpointDoc("A deputy's ledger of their station (intake's ledger as the deputy): Chinese search and filters, 20 a page.",
                               query: ["q", "status", "channel", "category", "from", "to", "cursor"]),
    "GET /opinions/new": EndpointDoc("A deputy's form for an opinion heard at a reception, visit, research or activity."),
    "POST /opinions/new": EndpointDoc("Records the opinion through intake (form); 303 to its page with the receipt code, or the form again with errors beside the fields."),
    "GET /opinions/{id}": EndpointDoc("One opinion of the deputy's station with its timeline and the triage forms (resolve on the spot, explain, merge, attach to a draft).",
                                      query: ["done", "receipt"]),
    "GET /suggestions": EndpointDoc("A deputy's suggestions (lead or co-signer), newest first, marking those waiting for their confirmation."),
    "GET /suggestions/new": EndpointDoc("A deputy's draft form: title, category, text, place, co-signers, and their station's opinions waiting for triage to choose from."),
    "POST /suggestions/new": EndpointDoc("Saves the draft through intake (form); 303 to the suggestion, or the form again with errors beside the fields."),
    "GET /suggestions/{id}": EndpointDoc("One of the deputy's suggestions: status, text, signers and whether each confirmed, source opinions; confirm and submit forms where they apply.",
                                         query: ["done"]),
    "POST /suggestions/{id}/confirm": EndpointDoc("A co-signer confirms (form); 303 back saying so, or the page with intake's reason."),
    "POST /suggestions/{id}/submit": EndpointDoc("The lead deputy submits (form) once every co-signer confirmed; 303 back saying so, or the page with intake's reason."),
    "POST /opinions/{id}/triage": EndpointDoc("A triage decision (form) sent to intake as the deputy; 303 back to the opinion saying what changed, or the form again with intake's reason."),
]
