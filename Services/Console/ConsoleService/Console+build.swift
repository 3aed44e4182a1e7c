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
        try addSignInRoutes(to: router, environment: environment, passwords: passwords)
    }
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
    "GET /login": EndpointDoc("The sign-in page (zh-CN, for a phone)."),
    "POST /login": EndpointDoc("Signs in with login and password (form): one message for every failure; 5 failures lock the account for 15 minutes, 20 from one address throttle it."),
    "GET /login/oidc": EndpointDoc("Sign-in through the district's identity provider (served when YOUYUE_OIDC_ISSUER is set): a redirect to its authorization endpoint with PKCE, state and nonce."),
    "GET /login/oidc/callback": EndpointDoc(
        "Where the identity provider sends the browser back: the code is exchanged, the ID token checked (signature, iss, aud, exp, nonce) and its account claim matched to an existing account, then the same session and TOTP step as after a password; an unknown, disabled or locked account and a token that fails a check all get one message on the login page (401).",
        query: ["code", "state", "error"]),
    "POST /logout": EndpointDoc("Signs out (form with the session's CSRF token)."),
    "GET /password": EndpointDoc("The page to change one's password (required after a one-time password)."),
    "POST /password": EndpointDoc("Changes one's password (form); other sessions of the account end."),
    "GET /": EndpointDoc("The work platform's home page for the signed-in person; otherwise a redirect to /login."),
    "GET /accounts": EndpointDoc("The admin's account list and the form to add one."),
    "POST /accounts": EndpointDoc("Adds an account (form) and shows its one-time password once."),
]
