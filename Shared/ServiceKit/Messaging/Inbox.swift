import Contracts
import Foundation

/// Applies one message to the receiving service's state. Runs inside the inbox transaction, so
/// the effect and the record that the message was applied commit together.
public typealias MessageHandler = @Sendable (_ envelope: MessageEnvelope, _ db: any SQLExecutor) async throws -> Void

/// Why a message was refused; the sender keeps retrying and, in the end, dead-letters it.
public enum InboxRefusal: Error, Equatable {
    case unsupportedType(MessageType)
    case conflictingReplay(id: String)
}

/// Receives a message exactly once. A message id seen before is acknowledged as a duplicate
/// (refused if its body changed); one older than what was applied for its entity is acknowledged
/// as stale and not applied. The sender's audit head is kept for `youyue audit verify`.
public func receiveMessage(_ envelope: MessageEnvelope, database: any Database, suite: CryptoSuite, handlers: [MessageType: MessageHandler]) async throws -> MessageAck {
    guard let handler = handlers[envelope.type] else { throw InboxRefusal.unsupportedType(envelope.type) }
    let bodyHash = suite.hexDigest(envelope.body)
    return try await database.transaction { db in
        if let seen = try await db.queryFirst("SELECT body_hash FROM inbox WHERE message_id = \(envelope.id)") {
            guard try seen.string("body_hash") == bodyHash else { throw InboxRefusal.conflictingReplay(id: envelope.id) }
            return MessageAck(id: envelope.id, outcome: .duplicate)
        }
        let applied = try await db.queryFirst("""
            SELECT sequence FROM inbox_sequences WHERE sender = \(envelope.sender.rawValue) AND entity = \(envelope.entity)
            """)
        let isStale = try applied.map { try $0.int("sequence") >= envelope.sequence } ?? false
        if !isStale {
            try await handler(envelope, db)
            try await db.execute("""
                INSERT INTO inbox_sequences (sender, entity, sequence) VALUES (\(envelope.sender.rawValue), \(envelope.entity), \(envelope.sequence))
                ON CONFLICT (sender, entity) DO UPDATE SET sequence = excluded.sequence
                """)
        }
        if let head = envelope.auditHead, head.sequence > 0 {
            try await recordSeenHead(db, sender: envelope.sender, head: head)
        }
        let outcome: MessageAck.Outcome = isStale ? .stale : .applied
        try await db.execute("""
            INSERT INTO inbox (message_id, sender, type, entity, sequence, body_hash, outcome, received_at)
            VALUES (\(envelope.id), \(envelope.sender.rawValue), \(envelope.type.rawValue), \(envelope.entity),
                    \(envelope.sequence), \(bodyHash), \(outcome.rawValue), \(Date()))
            """)
        return MessageAck(id: envelope.id, outcome: outcome)
    }
}

/// Decodes a message body into the type its handler expects.
public func decodeBody<Body: Decodable>(_ type: Body.Type, from envelope: MessageEnvelope) throws -> Body {
    try messageDecoder.decode(Body.self, from: Data(envelope.body.utf8))
}
