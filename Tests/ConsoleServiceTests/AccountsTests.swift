import ConsoleService
import Contracts
import Foundation
import ServiceKit
import TestSupport
import Testing

@Suite("Console accounts")
struct AccountsTests {
    @Test("an admin adds a deputy with a one-time password; a login in use is a 409; a deputy without a deputy id is a 422", arguments: Backend.allCases)
    func adminAddsAccount(backend: Backend) async throws {
        try await withConsole(backend) { console in
            let admin = try await bearerIn("*", .admin)
            let added = try await http(.POST, console.baseURL + "/api/v1/accounts",
                                       json: #"{"login":"wang.li","displayName":"王丽","role":"deputy","district":"jianghan","deputy":"dep-0001"}"#, headers: admin)
            #expect(added.status == 201, "\(added.body)")
            let created = try apiDecoder.decode(AccountWithPassword.self, from: Data(added.body.utf8))
            #expect(created.account.mustChangePassword && created.oneTimePassword.count == 19)
            #expect(!added.body.contains("scrypt"))
            let again = try await http(.POST, console.baseURL + "/api/v1/accounts",
                                       json: #"{"login":"wang.li","displayName":"王丽","role":"deputy","district":"jianghan","deputy":"dep-0001"}"#, headers: admin)
            #expect(again.status == 409)
            let noScope = try await http(.POST, console.baseURL + "/api/v1/accounts",
                                         json: #"{"login":"li.na","displayName":"李娜","role":"deputy","district":"jianghan"}"#, headers: admin)
            #expect(noScope.status == 422 && noScope.body.contains("deputy"))
        }
    }

    @Test("a district's admin manages only their district's accounts: another district's is a 404 and cannot be added", arguments: Backend.allCases)
    func districtScope(backend: Backend) async throws {
        try await withConsole(backend) { console in
            _ = try await addAccount(console, #"{"login":"wu.staff","displayName":"武昌工作人员","role":"districtStaff","district":"wuchang"}"#)
            let jianghanAdmin = try await bearerIn("jianghan", .admin, "jh-admin")
            let foreign = try await http(.POST, console.baseURL + "/api/v1/accounts",
                                         json: #"{"login":"x.y","displayName":"某人","role":"deputy","district":"wuchang","deputy":"dep-9"}"#, headers: jianghanAdmin)
            #expect(foreign.status == 403)
            for action in ["disable", "enable", "password-reset"] {
                let answer = try await http(.POST, console.baseURL + "/api/v1/accounts/wu.staff/\(action)", json: "{}", headers: jianghanAdmin)
                #expect(answer.status == 404, "\(action): \(answer.status)")
            }
            let list = try await http(.GET, console.baseURL + "/api/v1/accounts", headers: jianghanAdmin)
            #expect(list.status == 200 && !list.body.contains("wu.staff"))
            let deputy = try await http(.GET, console.baseURL + "/api/v1/accounts", headers: try await bearer(.deputy, "dep-0001"))
            #expect(deputy.status == 403)
        }
    }

    @Test("the first admin is made once: a second bootstrap is a 409 and a district admin's token makes none", arguments: Backend.allCases)
    func bootstrapOnce(backend: Backend) async throws {
        try await withConsole(backend) { console in
            let district = try await http(.POST, console.baseURL + "/internal/v1/bootstrap-admin", json: "{}", headers: try await bearer(.admin))
            #expect(district.status == 403)
            _ = try await bootstrapAdmin(console)
            let again = try await http(.POST, console.baseURL + "/internal/v1/bootstrap-admin", json: "{}", headers: try await bearerIn("*", .admin))
            #expect(again.status == 409)
        }
    }
}
