import Contracts
import Foundation

/// What `verifyAuditChain` found. `firstBroken` names the first entry that does not fit, and why.
public struct AuditVerification: Codable, Sendable, Equatable {
    public struct Break: Codable, Sendable, Equatable {
        public var sequence: Int64
        public var reason: String
    }
    public var entries: Int
    public var head: AuditHead
    public var firstBroken: Break?
    /// Heads other services saw in this service's messages that its chain no longer contains:
    /// evidence that newest entries were cut off or rewritten.
    public var missingHeads: [AuditHead]
    public var intact: Bool { firstBroken == nil && missingHeads.isEmpty }
}

/// Walks the whole chain, recomputing each hash and link. An edited entry fails its own hash; a
/// deleted one leaves a gap in the sequence; a reordered one breaks the link to its predecessor.
/// `expectedHeads` are the heads other services recorded; each must still be in the chain.
public func verifyAuditChain(_ db: any SQLExecutor, suite: CryptoSuite, expectedHeads: [AuditHead] = []) async throws -> AuditVerification {
    var previousHash = auditGenesisHash
    var expectedSequence: Int64 = 1
    var count = 0
    var firstBroken: AuditVerification.Break?
    var hashes: [Int64: String] = [:]
    var after: Int64 = 0
    while true {
        let page = try await auditEntries(db, after: after)
        if page.isEmpty { break }
        for entry in page {
            count += 1
            hashes[entry.sequence] = entry.hash
            guard firstBroken == nil else { continue }
            let recomputed = suite.hexDigest(canonicalAuditBytes(
                sequence: entry.sequence, at: entry.at, actor: entry.actor, action: entry.action,
                entity: entry.entity, entityID: entry.entityID, summary: entry.summary, previousHash: entry.previousHash))
            if entry.sequence != expectedSequence {
                firstBroken = .init(sequence: expectedSequence, reason: "entry \(expectedSequence) is missing (next is \(entry.sequence))")
            } else if recomputed != entry.hash {
                firstBroken = .init(sequence: entry.sequence, reason: "entry \(entry.sequence) was altered: its hash does not match its content")
            } else if entry.previousHash != previousHash {
                firstBroken = .init(sequence: entry.sequence, reason: "entry \(entry.sequence) does not follow the entry before it")
            }
            previousHash = entry.hash
            expectedSequence = entry.sequence + 1
        }
        after = page[page.count - 1].sequence
    }
    let head = try await currentAuditHead(db)
    if firstBroken == nil, head.sequence != expectedSequence - 1 || (head.sequence > 0 && head.hash != previousHash) {
        firstBroken = .init(sequence: head.sequence, reason: "the published head (\(head.sequence)) does not match the last entry (\(expectedSequence - 1))")
    }
    // Sequence 0 is the empty chain's head: there is nothing to find for it.
    let missing = expectedHeads.filter { $0.sequence > 0 && hashes[$0.sequence] != $0.hash }
    return AuditVerification(entries: count, head: head, firstBroken: firstBroken, missingHeads: missing)
}

/// Records the sender's head carried by an incoming message.
func recordSeenHead(_ db: any SQLExecutor, sender: ServiceName, head: AuditHead) async throws {
    try await db.execute("""
        INSERT INTO audit_heads_seen (sender, sequence, hash, seen_at) VALUES (\(sender.rawValue), \(head.sequence), \(head.hash), \(Date()))
        ON CONFLICT (sender, sequence) DO NOTHING
        """)
}

/// The heads this service has seen from `sender` (newest first), for `youyue audit verify`.
public func seenHeads(_ db: any SQLExecutor, from sender: ServiceName, limit: Int = 100) async throws -> [AuditHead] {
    try await db.query("""
        SELECT sequence, hash FROM audit_heads_seen WHERE sender = \(sender.rawValue) ORDER BY sequence DESC LIMIT \(limit)
        """).map { AuditHead(sequence: try $0.int("sequence"), hash: try $0.string("hash")) }
}
