import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Issuing assignment lists (清单式交办) and reading them back.
func addAssignmentListRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let lists = router.group("api/v1/assignment-lists")
    lists.post { request, context in
        let principal = try context.requirePrincipal()
        guard principal.role != .councilMember else { throw Problem.forbidden("交办清单由区人大常委会或街道工作人员签发。") }
        let input = try await request.decode(as: AssignmentListInput.self, context: context)
        return try await issueList(input, by: principal, environment: environment, now: Date())
    }
    lists.get("{id}") { _, context in
        let principal = try context.requirePrincipal()
        guard let list = try await assignmentList(database, district: principal.district, id: try context.parameters.require("id"),
                                                  street: streetScope(principal)) else {
            throw Problem.notFound("没有这份交办清单。")
        }
        return try jsonResponse(list)
    }
}

/// Street staff read lists too (DESIGN.md: the street committee follows its street's suggestions,
/// and the routing queue already shows them their street's, whatever the tier), but a district
/// list spans streets, so they see only their street's entries in it, and nothing of a list that
/// has none. District staff, council members and admins see the whole list of their district.
func streetScope(_ principal: Principal) -> String? {
    principal.role == .streetStaff ? principal.street ?? "" : nil
}
