import Contracts
import EvaluationService
import Foundation
import ServiceKit
import TestSupport
import Testing

/// Evaluation as a real server on a fresh database, fed through its inbox as the other services would.
enum EvaluationFixture {
    /// `files`: name → text written into the data folder before the service starts.
    static func run(_ backend: Backend, files: [String: String] = [:], _ body: (RunningService, any Database) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        try await withFreshDatabaseURL(backend) { url in
            let evaluation = try await startService(evaluationService, configuration: testConfiguration(.evaluation, database: url, peers: [.supervision: 9], folder: folder))
            let database = try openDatabase(url, logger: testLogger)
            do {
                try await body(evaluation, database)
            } catch {
                await database.close()
                await evaluation.stop()
                throw error
            }
            await database.close()
            await evaluation.stop()
        }
    }

    static func suggestion(_ evaluation: RunningService, _ id: String, lead: String = "dep-0001", coSigners: [String] = ["dep-0088"],
                           title: String? = nil, category: String = "housingProperty", street: String = "minzu") async throws {
        try await deliver(.suggestionSubmitted, to: evaluation.baseURL, from: .intake, entity: id, body: SuggestionSubmittedBody(
            suggestion: id, title: title ?? "建议 \(id)", body: "……", category: category, street: street, place: nil,
            leadDeputy: lead, coSigners: coSigners, opinions: [], submittedAt: Date()))
    }

    static func reply(_ evaluation: RunningService, case caseID: String, suggestion: String, unit: String, unitName: String, round: Int = 1,
                      lead: String = "dep-0001", deadline: String? = nil) async throws {
        try await deliver(.replySubmitted, to: evaluation.baseURL, from: .supervision, entity: caseID, sequence: Int64(round), body: ReplySubmittedBody(
            caseID: caseID, suggestion: suggestion, unit: unit, unitName: unitName, round: round, result: .A,
            text: "已办理。", leadDeputy: lead, repliedAt: Date(), deadline: deadline))
    }

    @discardableResult
    static func rate(_ evaluation: RunningService, case caseID: String, by deputy: String = "dep-0001", _ satisfaction: Satisfaction) async throws -> Int {
        try await http(.POST, evaluation.baseURL + "/api/v1/evaluations/\(caseID)/rating",
                       json: #"{"satisfaction":"\#(satisfaction.rawValue)","contacted":true}"#, headers: try await bearer(.deputy, deputy)).status
    }

    static func opinion(_ evaluation: RunningService, _ id: String, deputy: String, channel: OpinionChannel = .reception) async throws {
        try await deliver(.opinionRecorded, to: evaluation.baseURL, from: .intake, entity: id, body: OpinionRecordedBody(
            opinion: id, station: "jh-minzu-office", street: "minzu", channel: channel, category: "elderlyCare", recordedBy: deputy, deputy: deputy))
    }

    static func activity(_ evaluation: RunningService, _ id: String, deputies: [String]) async throws {
        try await deliver(.activityRecorded, to: evaluation.baseURL, from: .intake, entity: id, body: ActivityRecordedBody(
            activity: id, station: "jh-minzu-office", street: "minzu", theme: .dialogue, mode: .receptionVisit, deputiesPresent: deputies,
            opinionsCollected: 3, resolvedOnSpot: 1, heldAt: Date()))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ answer: (status: Int, body: String, headers: some Any)) throws -> T {
        try apiDecoder.decode(T.self, from: Data(answer.body.utf8))
    }

    static var thisYear: String { String(CivilDay(Date()).year) }
}
