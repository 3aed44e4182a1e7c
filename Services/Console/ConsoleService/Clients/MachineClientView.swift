import Contracts
import Foundation

/// A machine client as the console shows it (the procuratorate's case system, district IT's
/// scripts): never its secret's hash or its key.
public struct MachineClientView: Codable, Sendable, Equatable {
    public var clientID: String
    public var displayName: String
    public var role: Role
    public var district: String
    public var street: String?
    public var unit: String?
    public var status: MachineClientStatus
    /// How it authenticates at `/oauth/token`: `client_secret` (HTTP Basic or in the form) or
    /// `private_key_jwt` with its registered public key.
    public var authentication: MachineClientAuthentication
    public var changedBy: String
    public var changedAt: Date
}

public enum MachineClientStatus: String, Codable, Sendable {
    case enabled, disabled
}

public enum MachineClientAuthentication: String, Codable, Sendable {
    case clientSecret = "client_secret"
    case privateKeyJWT = "private_key_jwt"
}
