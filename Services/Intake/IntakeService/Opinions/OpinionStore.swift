import Contracts
import Foundation
import ServiceKit

/// The public view of one opinion behind its receipt code: status and timeline, its free text
/// `PublicText` (masked) and the contact never shown.
public struct Receipt: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var at: Date
        public var kind: String
        public var note: PublicText
    }
    public var receiptCode: String
    public var status: String
    public var station: String
    public var stationName: String
    public var category: String
    public var content: PublicText
    public var submittedAt: Date
    public var explanation: PublicText?
    public var timeline: [Step]
}

/// What the receipt page and the thank-you page tell a citizen right after submission.
public struct SubmissionAccepted: Codable, Sendable, Equatable {
    public var id: String
    public var receiptCode: String
    public var receiptURL: String
}

struct StationPlace: Sendable {
    let district: String
    let street: String
    let community: String?
}

func stationPlace(_ db: any SQLExecutor, code: String) async throws -> StationPlace? {
    guard let row = try await db.queryFirst("SELECT district, street, community FROM stations WHERE code = \(code)") else { return nil }
    return StationPlace(district: try row.string("district"), street: try row.string("street"), community: row.optionalString("community"))
}

func categoryExists(_ db: any SQLExecutor, district: String, code: String) async throws -> Bool {
    try await db.queryFirst("SELECT 1 AS known FROM categories WHERE district = \(district) AND code = \(code)") != nil
}

/// Stores a new opinion with its first timeline step, audit entry and `OpinionRecorded` message,
/// all in the caller's transaction.
/// A checked submission, ready to store (see `checkSubmission`).
struct NewOpinion: Sendable {
    var id: String
    var receiptCode: String
    var submission: OpinionSubmission
    var place: StationPlace
    var channel: OpinionChannel
    var sealedContact: String?
    var recordedBy: String
    var message: OutgoingMessage
    var now: Date
    /// What the submitter is told.
    var accepted: SubmissionAccepted
}

func insertOpinion(_ db: any SQLExecutor, environment: ServiceEnvironment, _ opinion: NewOpinion) async throws {
    let (id, receiptCode, submission, place, channel) = (opinion.id, opinion.receiptCode, opinion.submission, opinion.place, opinion.channel)
    let (sealedContact, recordedBy, message, now) = (opinion.sealedContact, opinion.recordedBy, opinion.message, opinion.now)
    try await db.execute("""
        INSERT INTO opinions (id, district, receipt_code, channel, station, street, community, category, content, place,
            latitude, longitude, contact_sealed, anonymous, status, recorded_by, created_at, updated_at)
        VALUES (\(id), \(place.district), \(receiptCode), \(channel.rawValue), \(submission.station), \(place.street), \(place.community),
            \(submission.category), \(submission.content.trimmingCharacters(in: .whitespacesAndNewlines)), \(submission.place),
            \(submission.latitude), \(submission.longitude), \(sealedContact), \(submission.anonymous ?? false), 'received',
            \(recordedBy), \(now), \(now))
        """)
    try await indexOpinion(db, id: id, text: submission.content + " " + (submission.place ?? ""))
    try await addToCounts(db, district: place.district, [
        CountedOpinion(createdAt: now, street: place.street, channel: channel.rawValue, category: submission.category),
    ])
    try await addTimelineStep(db, opinion: id, kind: "received", note: "已收到您的意见，正在等待代表和工作人员处理。", at: now)
    try await enqueue(message, db, at: now)
    try await environment.audit(db, actor: recordedBy, action: "opinion.submit", entity: "opinion", entityID: id, summary: channel.rawValue)
}

/// Appends a step to an opinion's timeline, numbered after the last; the opinion's row lock makes
/// two transactions adding steps to one opinion at once take turns.
func addTimelineStep(_ db: any SQLExecutor, opinion: String, kind: String, note: String, at: Date) async throws {
    try await lockForUpdate(db, "SELECT id FROM opinions WHERE id = \(opinion)")
    let next = try await db.queryFirst("SELECT COALESCE(MAX(position), 0) + 1 AS next FROM opinion_timeline WHERE opinion_id = \(opinion)")
    try await db.execute("""
        INSERT INTO opinion_timeline (opinion_id, position, at, kind, note)
        VALUES (\(opinion), \(try next?.int("next") ?? 1), \(at), \(kind), \(note))
        """)
}

func receipt(_ db: any SQLExecutor, code: String) async throws -> Receipt? {
    guard let row = try await db.queryFirst("""
        SELECT o.id, o.receipt_code, o.status, o.station, s.name AS station_name, o.category, o.content, o.created_at, o.explanation
        FROM opinions o JOIN stations s ON s.code = o.station WHERE o.receipt_code = \(code)
        """) else { return nil }
    let steps = try await db.query("""
        SELECT at, kind, note FROM opinion_timeline WHERE opinion_id = \(try row.string("id")) ORDER BY position
        """).map { step in
        Receipt.Step(at: try step.date("at"), kind: try step.string("kind"), note: PublicText(try step.string("note")))
    }
    return Receipt(
        receiptCode: try row.string("receipt_code"), status: try row.string("status"), station: try row.string("station"),
        stationName: try row.string("station_name"), category: try row.string("category"),
        content: PublicText(try row.string("content")), submittedAt: try row.date("created_at"),
        explanation: row.optionalString("explanation").map { PublicText($0) }, timeline: steps)
}
