import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// Steps of one suggestion's handling arriving at intake at the same moment, as two dispatchers
/// (or two instances of supervision) deliver them.
@Suite("Intake: receipt steps arriving at once")
struct TimelineRaceTests {
    /// A citizen's opinion, drafted into a suggestion by its station's deputy and submitted.
    static func submittedSuggestion(_ intake: RunningService) async throws -> (opinion: SubmissionAccepted, suggestion: SuggestionView) {
        let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                               json: #"{"station":"jh-minzu-office","category":"housingProperty","content":"小区门口下水道经常堵塞"}"#)
        let opinion = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
        let deputy = try await bearer(.deputy, "dep-0001")
        let draft = #"{"title":"关于改造民族街道下水管网的建议","body":"多个小区反映下水道经常堵塞，雨季尤其严重，建议对老旧管网进行排查和改造。","category":"housingProperty","opinions":["\#(opinion.id)"]}"#
        let created = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: draft, headers: deputy)
        let suggestion = try apiDecoder.decode(SuggestionView.self, from: Data(created.body.utf8))
        #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(suggestion.id)/submit", headers: deputy).status == 200)

        return (opinion, suggestion)
    }

    @Test("simultaneous handling steps for one opinion are all acknowledged and numbered without gaps", arguments: Backend.allCases)
    func simultaneousSteps(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let (opinion, suggestion) = try await Self.submittedSuggestion(intake)

            let answers = try await withThrowingTaskGroup(of: (status: Int, body: String).self) { group in
                for sequence in 1...12 {
                    group.addTask {
                        try await deliver(.caseStatusChanged, to: intake.baseURL, from: .supervision, entity: suggestion.id, sequence: Int64(sequence),
                                          body: CaseStatusChangedBody(suggestion: suggestion.id, caseID: "case-\(sequence)", unitName: "区水务局",
                                                                      status: .inProgress, publicNote: "第\(sequence)次进展", at: Date()))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 200 }, "\(answers)")
            let positions = try await db.query("SELECT position FROM opinion_timeline WHERE opinion_id = \(opinion.id) ORDER BY position")
                .map { try $0.int("position") }
            #expect(positions == Array(1...Int64(positions.count)))
            let applied = answers.filter { $0.body.contains("applied") }.count
            #expect(positions.count == 3 + applied)
        }
    }
}
