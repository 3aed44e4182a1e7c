import Contracts
import Foundation
import ServiceKit
import SupervisionService
import TestSupport
import Testing

/// Several requests on one case at the same moment, as a busy unit's clerks and a flaky network
/// produce them, on both databases.
@Suite("Supervision: one case, many requests at once")
struct ConcurrentStepsTests {
    @Test("progress reported by several clerks at once: every report is stored, in one unbroken order", arguments: Backend.allCases)
    func simultaneousSteps(backend: Backend) async throws {
        try await CaseTests.withSupervision(backend) { supervision, db in
            let id = try await CaseTests.issue(supervision, db, assignment: "asg-1", unit: "gov-housing", deadline: "2099-05-11", issuedAt: Date())
            let housing = try await bearer(.unit, "clerk", unit: "gov-housing")
            let url = supervision.baseURL + "/api/v1/cases/\(id)"
            #expect(try await http(.POST, url + "/accept", headers: housing).status == 200)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await http(.POST, url + "/progress", json: #"{"note":"第\#(index)次进展：已完成现场勘查"}"#, headers: housing, timeout: .seconds(120)).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 16))
            let positions = try await db.query("SELECT position FROM case_events WHERE case_id = \(id) ORDER BY position").map { try $0.int("position") }
            #expect(positions == Array(1...Int64(positions.count)))
            #expect(try await db.query("SELECT 1 AS one FROM case_events WHERE case_id = \(id) AND kind = 'progress'").count == 16)
        }
    }

    @Test("a retried accept racing its first try gets the first try's 200, not an illegal transition", arguments: Backend.allCases)
    func retriedAccept(backend: Backend) async throws {
        try await CaseTests.withSupervision(backend) { supervision, db in
            let id = try await CaseTests.issue(supervision, db, assignment: "asg-1", unit: "gov-housing", deadline: "2099-05-11", issuedAt: Date())
            let headers = try await bearer(.unit, "clerk", unit: "gov-housing") + [("Idempotency-Key", "accept-\(id)")]
            let answers = try await withThrowingTaskGroup(of: (status: Int, body: String).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let answer = try await http(.POST, supervision.baseURL + "/api/v1/cases/\(id)/accept", headers: headers, timeout: .seconds(120))
                        return (answer.status, answer.body)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.map(\.status) == Array(repeating: 200, count: 6), "\(answers)")
            #expect(Set(answers.map(\.body)).count == 1)
            #expect(try await db.query("SELECT 1 AS one FROM case_events WHERE case_id = \(id) AND kind = 'accepted'").count == 1)
        }
    }
}
