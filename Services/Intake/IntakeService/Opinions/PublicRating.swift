import Contracts
import Foundation
import ServiceKit

/// 办理结果网上评: the citizen behind a receipt rates the result of the suggestion their opinion
/// fed, once, after the unit has replied. The rating goes to evaluation as `PublicRatingSubmitted`.
public struct PublicRatingInput: Codable, Sendable {
    public var satisfaction: Satisfaction
    public init(satisfaction: Satisfaction) { self.satisfaction = satisfaction }
}

enum RatingEligibility: Equatable {
    case notYet
    case open(suggestion: String)
    case rated(Satisfaction)
}

/// Whether the opinion behind `opinion` can be rated now.
func ratingEligibility(_ db: any SQLExecutor, opinion: String) async throws -> RatingEligibility {
    if let rated = try await db.queryFirst("SELECT satisfaction FROM public_ratings WHERE opinion_id = \(opinion)") {
        return .rated(Satisfaction(rawValue: try rated.string("satisfaction")) ?? .satisfied)
    }
    // The opinion's own suggestion, or that of the opinion it was merged into.
    guard let link = try await db.queryFirst("""
        SELECT so.suggestion_id FROM suggestion_opinions so JOIN opinions o ON so.opinion_id = COALESCE(o.merged_into, o.id)
        WHERE o.id = \(opinion)
        """) else { return .notYet }
    let replied = try await db.queryFirst("""
        SELECT 1 AS answered FROM opinion_timeline WHERE opinion_id = \(opinion) AND kind IN ('case.replied', 'case.closed')
        """)
    return replied == nil ? .notYet : .open(suggestion: try link.string("suggestion_id"))
}

/// A citizen's rating, checked and ready to store (see `insertPublicRating`).
struct NewPublicRating: Sendable {
    var opinion: String
    var suggestion: String
    var satisfaction: Satisfaction
    var message: OutgoingMessage
    var now: Date
}

/// Checks that the opinion behind `receiptCode` may be rated now: 404 for an unknown code, 409
/// before the unit has answered or once it was rated.
func checkPublicRating(_ satisfaction: Satisfaction, receiptCode: String, environment: ServiceEnvironment) async throws -> NewPublicRating {
    let database = environment.database
    guard let row = try await database.queryFirst("SELECT id, district FROM opinions WHERE receipt_code = \(receiptCode)") else {
        throw Problem.notFound("没有找到回执码为 \(receiptCode) 的意见。")
    }
    let opinion = try row.string("id")
    switch try await ratingEligibility(database, opinion: opinion) {
    case .notYet:
        throw Problem.conflict("not-answered-yet", "承办单位答复后才能评价办理结果。")
    case .rated:
        throw Problem.conflict("already-rated", "这条意见的办理结果已经评价过了，每条意见只能评价一次。")
    case .open(let suggestion):
        let now = Date()
        let message = try OutgoingMessage(
            .publicRatingSubmitted, to: [.evaluation], district: try row.string("district"), entity: opinion,
            body: PublicRatingSubmittedBody(suggestion: suggestion, opinion: opinion, satisfaction: satisfaction, ratedAt: now))
        return NewPublicRating(opinion: opinion, suggestion: suggestion, satisfaction: satisfaction, message: message, now: now)
    }
}

func insertPublicRating(_ db: any SQLExecutor, _ rating: NewPublicRating, environment: ServiceEnvironment) async throws {
    let (opinion, suggestion, satisfaction, now) = (rating.opinion, rating.suggestion, rating.satisfaction, rating.now)
    try await db.execute("""
        INSERT INTO public_ratings (opinion_id, suggestion_id, satisfaction, rated_at) VALUES (\(opinion), \(suggestion), \(satisfaction.rawValue), \(now))
        """)
    try await addTimelineStep(db, opinion: opinion, kind: "rated", note: "您评价了办理结果：\(publicSatisfactionName(satisfaction))。谢谢！", at: now)
    try await enqueue(rating.message, db, at: now)
    try await environment.audit(db, actor: "citizen", action: "opinion.rate", entity: "opinion", entityID: opinion, summary: satisfaction.rawValue)
}

/// Checks and stores a rating in one go, for the page's form.
func submitPublicRating(_ satisfaction: Satisfaction, receiptCode: String, environment: ServiceEnvironment) async throws {
    let rating = try await checkPublicRating(satisfaction, receiptCode: receiptCode, environment: environment)
    try await environment.database.transaction { db in try await insertPublicRating(db, rating, environment: environment) }
    environment.outboxWakeup.signal()
}

func publicSatisfactionName(_ satisfaction: Satisfaction) -> String {
    switch satisfaction {
    case .satisfied: "满意"
    case .basicallySatisfied: "基本满意"
    case .unsatisfied: "不满意"
    }
}
