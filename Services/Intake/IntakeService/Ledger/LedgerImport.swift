import Contracts
import Foundation
import ServiceKit

/// An opinion from an earlier ledger (a spreadsheet kept before this system, or generated for a
/// benchmark), imported as already received: no receipt message, no outbox traffic.
public struct ImportedOpinion: Sendable {
    public var id: String
    public var receiptCode: String
    public var channel: OpinionChannel
    public var station: String
    public var street: String
    public var community: String?
    public var category: String
    public var content: String
    public var createdAt: Date

    public init(id: String, receiptCode: String, channel: OpinionChannel, station: String, street: String, community: String?,
                category: String, content: String, createdAt: Date) {
        self.id = id
        self.receiptCode = receiptCode
        self.channel = channel
        self.station = station
        self.street = street
        self.community = community
        self.category = category
        self.content = content
        self.createdAt = createdAt
    }
}

/// A fresh receipt code, for callers that import opinions.
public func makeReceiptCode() -> String { ReceiptCode.make() }

/// Writes a batch of imported opinions with their search index, in multi-row statements (one
/// round trip per table per batch rather than per row). Run it inside a transaction.
public func importOpinions(_ batch: [ImportedOpinion], district: String, importedBy: String, into db: any SQLExecutor) async throws {
    guard !batch.isEmpty else { return }
    let rows = batch.map { opinion -> SQL in
        """
        (\(opinion.id), \(district), \(opinion.receiptCode), \(opinion.channel.rawValue), \(opinion.station), \(opinion.street),
         \(opinion.community), \(opinion.category), \(opinion.content), 0, 'received', \(importedBy), \(opinion.createdAt),
         \(opinion.createdAt), \(indexText(opinion.content)))
        """
    }
    try await db.execute("""
        INSERT INTO opinions (id, district, receipt_code, channel, station, street, community, category, content, anonymous, status,
            recorded_by, created_at, updated_at, search_tokens)
        VALUES \(joined(rows, separator: ", "))
        """)
    if db.dialect == .sqlite {
        let ids = batch.map { opinion -> SQL in "\(opinion.id)" }
        try await db.execute("""
            INSERT INTO opinion_text (rowid, tokens)
            SELECT rowid, \(unsafeRaw: searchDocument()) FROM opinions WHERE id IN (\(joined(ids, separator: ", ")))
            """)
    }
    try await addToCounts(db, district: district, batch.map {
        CountedOpinion(createdAt: $0.createdAt, street: $0.street, channel: $0.channel.rawValue, category: $0.category)
    })
    let steps = batch.map { opinion -> SQL in "(\(opinion.id), 1, \(opinion.createdAt), 'received', '已收到您的意见。')" }
    try await db.execute("INSERT INTO opinion_timeline (opinion_id, position, at, kind, note) VALUES \(joined(steps, separator: ", "))")
}
