import Contracts
import Foundation
import RoutingService
import ServiceKit
import TestSupport
import Testing

/// An assignment list is read only in its district; street staff see only their street's entries.
@Suite("Assignment lists by district and street")
struct AssignmentListScopeTests {
    @Test("other districts and other streets get 404; a street's staff read only their street's part of a district list", arguments: Backend.allCases)
    func scoped(backend: Backend) async throws {
        try await RoutingTests.withSeededRouting(backend) { routing, _ in
            try await RoutingTests.submit(routing, "sg-a", category: "transport", street: "minzu")
            try await RoutingTests.submit(routing, "sg-b", category: "education", street: "hualou")
            let staff = try await bearer(.districtStaff)
            for id in ["sg-a", "sg-b"] {
                #expect(try await http(.POST, routing.baseURL + "/api/v1/routings/\(id)/decision", json: "{}", headers: staff).status == 200)
            }
            let issued = try await http(.POST, routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"第一批交办清单","suggestions":["sg-a","sg-b"]}"#, headers: staff)
            #expect(issued.status == 201, "\(issued.body)")
            let url = routing.baseURL + "/api/v1/assignment-lists/" + (try apiDecoder.decode(AssignmentListView.self, from: Data(issued.body.utf8)).id)

            for headers in [try await bearer(.streetStaff, street: "xinhua"), try await bearerIn("wuchang", .streetStaff, street: "minzu"),
                            try await bearerIn("wuchang", .districtStaff), try await bearerIn("wuchang", .admin)] {
                let answer = try await http(.GET, url, headers: headers)
                #expect(answer.status == 404 && !answer.body.contains("sg-a"))
            }
            let minzu = try apiDecoder.decode(AssignmentListView.self, from: Data(try await http(.GET, url, headers: try await bearer(.streetStaff, street: "minzu")).body.utf8))
            #expect(Set(minzu.assignments.map(\.suggestion)) == ["sg-a"])
            let whole = try apiDecoder.decode(AssignmentListView.self, from: Data(try await http(.GET, url, headers: staff).body.utf8))
            #expect(Set(whole.assignments.map(\.suggestion)) == ["sg-a", "sg-b"])
        }
    }
}
