import Contracts

/// Who is acting, as established from a verified token.
public struct Principal: Sendable, Equatable {
    public var role: Role
    public var subject: String
    public var district: String
    /// Set for street staff (and anyone else scoped to one street).
    public var street: String?
    /// Set for a responsible unit's accounts.
    public var unit: String?

    public init(role: Role, subject: String, district: String, street: String? = nil, unit: String? = nil) {
        self.role = role
        self.subject = subject
        self.district = district
        self.street = street
        self.unit = unit
    }
}

/// The principal a service's own messages are sent as.
public func serviceTokenPrincipal(_ service: ServiceName) -> Principal {
    Principal(role: .service, subject: service.rawValue, district: "*", street: nil, unit: nil)
}
