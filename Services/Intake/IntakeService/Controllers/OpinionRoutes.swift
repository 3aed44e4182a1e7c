import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Public submission of opinions and the receipt behind each receipt code.
func addOpinionRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, limiter: RateLimiter) {
    let database = environment.database
    let proxies = environment.configuration.trustedProxies
    router.post("api/v1/opinions") { request, context in
        try limiter.take(for: context.clientAddress(of: request, trusting: proxies) ?? "unknown")
        let submission = try await request.decode(as: OpinionSubmission.self, context: context)
        let opinion = try await checkSubmission(submission, channel: .qrOnline, recordedBy: "citizen", environment: environment)
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await insertOpinion(db, environment: environment, opinion)
            return try .json(opinion.accepted, status: .created)
        }
    }
    // A receipt tells its holder what became of their opinion: not for shared caches.
    let receipts = router.group("api/v1/receipts").add(middleware: NoStoreMiddleware())
    receipts.get("{code}") { _, context in
        let raw = try context.parameters.require("code")
        let typed = raw.removingPercentEncoding ?? raw
        guard let code = ReceiptCode.normalize(typed), let found = try await receipt(database, code: code) else {
            throw Problem.notFound("没有找到回执码为 \(typed) 的意见，请核对后再试。")
        }
        return try jsonResponse(found)
    }
    receipts.post("{code}/rating") { request, context in
        let raw = try context.parameters.require("code")
        guard let code = ReceiptCode.normalize(raw.removingPercentEncoding ?? raw) else { throw Problem.notFound("回执码格式不正确。") }
        try limiter.take(for: context.clientAddress(of: request, trusting: proxies) ?? "unknown")
        let input = try await request.decode(as: PublicRatingInput.self, context: context)
        let rating = try await checkPublicRating(input.satisfaction, receiptCode: code, environment: environment)
        defer { environment.outboxWakeup.signal() }
        return try await commit(database) { db in
            try await insertPublicRating(db, rating, environment: environment)
            return try .json(try await receipt(db, code: code))
        }
    }
}

/// Validates, seals the contact, and stores the opinion with its outbox message and audit entry;
/// for callers that answer from the receipt it gives (pages, Open311).
func submitOpinion(_ submission: OpinionSubmission, channel: OpinionChannel, recordedBy: String, deputy: String? = nil,
                   environment: ServiceEnvironment) async throws -> SubmissionAccepted {
    let opinion = try await checkSubmission(submission, channel: channel, recordedBy: recordedBy, deputy: deputy, environment: environment)
    try await environment.database.transaction { db in try await insertOpinion(db, environment: environment, opinion) }
    environment.outboxWakeup.signal()
    return opinion.accepted
}

/// Validates a submission and seals its contact: the opinion as it will be stored, or a 422 with
/// each field's error.
func checkSubmission(_ submission: OpinionSubmission, channel: OpinionChannel, recordedBy: String, deputy: String? = nil,
                     environment: ServiceEnvironment) async throws -> NewOpinion {
    var errors = validationErrors(submission)
    let place = try await stationPlace(environment.database, code: submission.station)
    if place == nil { errors["station"] = "请选择有效的代表家站室。" }
    if let place, try await !categoryExists(environment.database, district: place.district, code: submission.category) {
        errors["category"] = "请选择有效的问题类别。"
    }
    guard errors.isEmpty, let place else { throw Problem.validation(errors) }

    let id = makeID(prefix: "op")
    let receiptCode = ReceiptCode.make()
    let contact = submission.contact?.trimmingCharacters(in: .whitespaces)
    let sealed = try contact.flatMap { $0.isEmpty ? nil : try environment.cipher.seal($0) }
    let message = try OutgoingMessage(
        .opinionRecorded, to: [.evaluation], district: place.district, entity: id,
        body: OpinionRecordedBody(opinion: id, station: submission.station, street: place.street, channel: channel,
                                  category: submission.category, recordedBy: recordedBy, deputy: deputy,
                                  deputyName: try await deputy.asyncFlatMap { try await deputyNames(environment.database, codes: [$0])[$0] }))
    return NewOpinion(
        id: id, receiptCode: receiptCode, submission: submission, place: place, channel: channel, sealedContact: sealed,
        recordedBy: recordedBy, message: message, now: Date(),
        accepted: SubmissionAccepted(id: id, receiptCode: receiptCode, receiptURL: environment.configuration.publicBaseURL + "/r/" + receiptCode))
}
