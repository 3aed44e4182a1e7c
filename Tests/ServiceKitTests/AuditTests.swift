import Contracts
import Foundation
import Testing
@testable import ServiceKit
import TestSupport

@Suite("Audit chain")
struct AuditTests {
    /// Five entries, returning the heads after each.
    static func appendFive(_ db: any Database, suite: CryptoSuite) async throws -> [AuditHead] {
        var heads: [AuditHead] = []
        for index in 1...5 {
            heads.append(try await db.transaction { tx in
                try await appendAudit(tx, suite: suite, actor: "deputy:\(index)", action: "opinion.triage",
                                      entity: "opinion", entityID: "op_\(index)", summary: "转为建议 \(index)")
            })
        }
        return heads
    }

    @Test("an untouched chain verifies, on both suites", arguments: Backend.allCases, CryptoSuite.allCases)
    func intactChain(backend: Backend, suite: CryptoSuite) async throws {
        try await withKitDatabase(backend) { db in
            let heads = try await Self.appendFive(db, suite: suite)
            let result = try await verifyAuditChain(db, suite: suite, expectedHeads: heads)
            #expect(result.intact)
            #expect(result.entries == 5)
            #expect(result.head == heads[4])
            #expect(heads[4].hash.count == 64)
        }
    }

    /// Chains written by earlier versions must still verify, so the hashed text may never change:
    /// the expected digests were computed outside Swift from the documented format
    /// (`1:1|13:1764921600000|7:citizen|…|64:000…0`, each field's UTF-8 length, a colon, the field).
    @Test("an entry's hash is the digest of its fields in the fixed, length-prefixed format", arguments: [
        (CryptoSuite.national, "f1952e38aa06a80741b337ded9ca5ab744da269fd3ff1abfcc16bfe952fcb5af"),
        (CryptoSuite.international, "d753145f15d706a2bb66d1fb3f9f7538c9fdb79fbbf3f473f12dfa0979ffd530"),
    ])
    func hashFormatIsStable(suite: CryptoSuite, expected: String) async throws {
        try await withKitDatabase(.sqlite) { db in
            let head = try await db.transaction { tx in
                try await appendAudit(tx, suite: suite, actor: "citizen", action: "opinion.submit", entity: "opinion",
                                      entityID: "op_abc", summary: "意见", at: Date(millisecondsSince1970: 1_764_921_600_000))
            }
            #expect(head == AuditHead(sequence: 1, hash: expected))
            #expect(try await verifyAuditChain(db, suite: suite).intact)
        }
    }

    @Test("the first entries, written at once by concurrent requests, all succeed and chain up", arguments: Backend.allCases)
    func concurrentFirstAppends(backend: Backend) async throws {
        try await withKitDatabase(backend) { db in
            // On PostgreSQL these are separate connections racing for the empty log.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...12 {
                    group.addTask {
                        _ = try await db.transaction { tx in
                            try await appendAudit(tx, suite: .national, actor: "citizen", action: "opinion.submit",
                                                  entity: "opinion", entityID: "op_\(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await verifyAuditChain(db, suite: .national)
            #expect(result.intact)
            #expect(result.entries == 12)
        }
    }

    @Test("an edited entry is found", arguments: Backend.allCases)
    func editedEntry(backend: Backend) async throws {
        try await withKitDatabase(backend) { db in
            _ = try await Self.appendFive(db, suite: .national)
            try await db.execute("UPDATE audit_log SET actor = 'someone else' WHERE sequence = 3")
            let result = try await verifyAuditChain(db, suite: .national)
            #expect(result.firstBroken?.sequence == 3)
            #expect(result.firstBroken?.reason.contains("altered") == true)
        }
    }

    @Test("a deleted entry is found", arguments: Backend.allCases)
    func deletedEntry(backend: Backend) async throws {
        try await withKitDatabase(backend) { db in
            _ = try await Self.appendFive(db, suite: .national)
            try await db.execute("DELETE FROM audit_log WHERE sequence = 2")
            let result = try await verifyAuditChain(db, suite: .national)
            #expect(result.firstBroken?.sequence == 2)
            #expect(result.firstBroken?.reason.contains("missing") == true)
        }
    }

    @Test("reordered entries are found", arguments: Backend.allCases)
    func reorderedEntries(backend: Backend) async throws {
        try await withKitDatabase(backend) { db in
            _ = try await Self.appendFive(db, suite: .national)
            // Swap entries 2 and 4 wholesale, renumbering each into the other's place.
            try await db.transaction { tx in
                try await tx.execute("UPDATE audit_log SET sequence = -2 WHERE sequence = 2")
                try await tx.execute("UPDATE audit_log SET sequence = 2 WHERE sequence = 4")
                try await tx.execute("UPDATE audit_log SET sequence = 4 WHERE sequence = -2")
            }
            let result = try await verifyAuditChain(db, suite: .national)
            #expect(result.firstBroken?.sequence == 2)
        }
    }

    @Test("newest entries cut off are found through the heads other services saw", arguments: Backend.allCases)
    func truncatedChain(backend: Backend) async throws {
        try await withKitDatabase(backend) { db in
            let heads = try await Self.appendFive(db, suite: .national)
            // Cut entries 4 and 5 and rewrite the head so the chain alone looks whole.
            try await db.execute("DELETE FROM audit_log WHERE sequence > 3")
            try await db.execute("UPDATE audit_head SET sequence = \(heads[2].sequence), hash = \(heads[2].hash)")
            #expect(try await verifyAuditChain(db, suite: .national).intact)
            let checked = try await verifyAuditChain(db, suite: .national, expectedHeads: [heads[4]])
            #expect(!checked.intact)
            #expect(checked.missingHeads == [heads[4]])
        }
    }

    @Test("a receiver keeps the sender's head from each message")
    func headsKeptFromMessages() async throws {
        try await withKitDatabase(.sqlite) { db in
            let head = AuditHead(sequence: 9, hash: String(repeating: "b", count: 64))
            let envelope = MessageEnvelope(id: "m", type: .ping, sender: .routing, district: "d", sentAt: Date(),
                                           entity: "e", sequence: 1, auditHead: head, body: #"{"note":"x"}"#)
            _ = try await receiveMessage(envelope, database: db, suite: .national, handlers: [.ping: { _, _ in }])
            #expect(try await seenHeads(db, from: .routing) == [head])
        }
    }
}

@Suite("Object-level access")
struct ObjectAccessTests {
    let streetStaff = Principal(role: .streetStaff, subject: "s1", district: "jianghan", street: "minzu", unit: nil)
    let unitUser = Principal(role: .unit, subject: "u1", district: "jianghan", street: nil, unit: "housing-bureau")
    let districtStaff = Principal(role: .districtStaff, subject: "d1", district: "jianghan", street: nil, unit: nil)

    @Test("nobody acts outside their district, street or unit")
    func scopes() throws {
        try districtStaff.requireDistrict("jianghan")
        #expect(throws: Problem.self) { try districtStaff.requireDistrict("wuchang") }
        try streetStaff.requireStreet("minzu")
        #expect(throws: Problem.self) { try streetStaff.requireStreet("hanxing") }
        // District staff are not bound to one street.
        try districtStaff.requireStreet("hanxing")
        try unitUser.requireUnit("housing-bureau")
        #expect(throws: Problem.self) { try unitUser.requireUnit("water-bureau") }
        #expect(throws: Problem.self) { try authorize(false) }
    }
}
