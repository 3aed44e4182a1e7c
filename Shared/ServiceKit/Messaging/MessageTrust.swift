import Contracts

/// Why the inbox refused a message before applying it; each is answered 403 and kept in the
/// receiver's log and audit chain.
public enum UntrustedMessage: Error, Equatable {
    /// The envelope names a sender other than the service its token was issued to.
    case senderNotTokenSubject(claimed: ServiceName, token: String)
    /// The sender may not send this type (DESIGN.md's message table).
    case typeNotFromSender(MessageType, ServiceName)
    /// The message is about a district this installation does not serve.
    case foreignDistrict(String)

    var explanation: String {
        switch self {
        case .senderNotTokenSubject(let claimed, let token): "消息自称来自 \(claimed.rawValue)，但令牌属于 \(token)。"
        case .typeNotFromSender(let type, let sender): "\(sender.rawValue) 不发送 \(type.rawValue) 消息。"
        case .foreignDistrict(let district): "本服务不负责 \(district) 的数据。"
        }
    }
}

/// Checks a message against the token that carried it, before anything is applied: its sender
/// is the service the token names, the sender may send its type, and its district is one this
/// installation serves (`districts`; empty serves every district).
public func checkTrust(_ envelope: MessageEnvelope, carriedBy principal: Principal, districts: Set<String>) throws {
    guard principal.role == .service, principal.subject == envelope.sender.rawValue else {
        throw UntrustedMessage.senderNotTokenSubject(claimed: envelope.sender, token: principal.subject)
    }
    guard envelope.type.senders.contains(envelope.sender) else {
        throw UntrustedMessage.typeNotFromSender(envelope.type, envelope.sender)
    }
    guard districts.isEmpty || districts.contains(envelope.district) else {
        throw UntrustedMessage.foreignDistrict(envelope.district)
    }
}
