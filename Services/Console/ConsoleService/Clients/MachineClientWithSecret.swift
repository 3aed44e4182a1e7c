/// A client just registered or given a new secret, with that secret: shown once, stored only as a
/// hash. Nil for a client that authenticates with its key (private_key_jwt) and has no secret.
public struct MachineClientWithSecret: Codable, Sendable {
    public var client: MachineClientView
    public var clientSecret: String?
}
