import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

@Suite("Opinion ledger")
struct LedgerTests {
    static func submit(_ intake: RunningService, station: String, content: String) async throws {
        let body = #"{"station":"\#(station)","category":"housingProperty","content":"\#(content)"}"#
        let answer = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body)
        #expect(answer.status == 201, "\(answer.body)")
    }

    /// Two opinions at the Minzu street office (one about an elevator), one at Hualou's.
    static func submitThreeOpinions(_ intake: RunningService) async throws {
        try await submit(intake, station: "jh-minzu-office", content: "老旧小区加装电梯进展太慢")
        try await submit(intake, station: "jh-minzu-office", content: "巷子里的路灯坏了一个月")
        try await submit(intake, station: "jh-hualou-office", content: "菜市场门口路灯不亮")
    }

    static func ledger(_ intake: RunningService, _ query: String, as principal: Principal) async throws -> LedgerPage {
        let token = try testToken(principal, lifetime: 600)
        let answer = try await http(.GET, intake.baseURL + "/api/v1/ledger" + query, headers: [("Authorization", "Bearer \(token)")])
        #expect(answer.status == 200, "\(answer.body)")
        return try apiDecoder.decode(LedgerPage.self, from: Data(answer.body.utf8))
    }

    static let districtStaff = Principal(role: .districtStaff, subject: "staff-1", district: "jianghan")
    static let minzuStaff = Principal(role: .streetStaff, subject: "staff-2", district: "jianghan", street: "minzu")
    static let deputy = Principal(role: .deputy, subject: "dep-0001", district: "jianghan")

    @Test("Chinese search finds two-character and one-character words; each role sees only its own part", arguments: Backend.allCases)
    func searchAndScopes(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            try await Self.submitThreeOpinions(intake)
            let query = { (text: String) in "?q=" + (text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "") }

            let elevator = try await Self.ledger(intake, query("电梯"), as: Self.districtStaff)
            #expect(elevator.items.map(\.content) == ["老旧小区加装电梯进展太慢"])
            let oneCharacter = try await Self.ledger(intake, query("梯"), as: Self.districtStaff)
            #expect(oneCharacter.items.count == 1)
            let lights = try await Self.ledger(intake, query("路灯"), as: Self.districtStaff)
            #expect(lights.items.count == 2)
            let phrase = try await Self.ledger(intake, query("加装电梯"), as: Self.districtStaff)
            #expect(phrase.items.count == 1)
            #expect(try await Self.ledger(intake, query("燃气"), as: Self.districtStaff).items.isEmpty)

            // Street staff see their street only, whatever they ask for; a deputy their station.
            let hualouLights = try await Self.ledger(intake, query("路灯") + "&street=hualou", as: Self.districtStaff)
            #expect(hualouLights.items.map(\.content) == ["菜市场门口路灯不亮"])
            let streetLights = try await Self.ledger(intake, query("路灯") + "&street=hualou", as: Self.minzuStaff)
            #expect(streetLights.items.map(\.street) == ["minzu"])
            let deputyView = try await Self.ledger(intake, "", as: Self.deputy)
            #expect(deputyView.items.count == 2 && deputyView.items.allSatisfy { $0.station == "jh-minzu-office" })
            let filtered = try await Self.ledger(intake, "?street=hualou", as: Self.districtStaff)
            #expect(filtered.items.map(\.station) == ["jh-hualou-office"])

            // Citizens and handling units have no ledger.
            let unitToken = try testToken(
                Principal(role: .unit, subject: "u", district: "jianghan", unit: "housing"), lifetime: 60)
            #expect(try await http(.GET, intake.baseURL + "/api/v1/ledger", headers: [("Authorization", "Bearer \(unitToken)")]).status == 403)
            #expect(try await http(.GET, intake.baseURL + "/api/v1/ledger").status == 401)
        }
    }

    @Test("pages are stable: following the cursor visits every opinion once, newest first", arguments: Backend.allCases)
    func pagination(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            for index in 1...5 {
                try await Self.submit(intake, station: "jh-minzu-office", content: "第\(index)条意见：路面坑洼需要修补")
            }
            var seen: [LedgerEntry] = []
            var cursor: String?
            repeat {
                let page = try await Self.ledger(intake, "?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), as: Self.districtStaff)
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 5 && Set(seen.map(\.id)).count == 5)
            // Newest first (opinions made in the same millisecond may come in either order).
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.createdAt >= $1.createdAt })
        }
    }

    @Test("search pages through years of opinions newest first, every match once, within from and to; the counts include imports", arguments: Backend.allCases)
    func searchAcrossYears(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, database in
            // Forty opinions, one every 27 days back from now, so the search walks many spans.
            let now = Date()
            let opinions = (0..<40).map { (index: Int) -> ImportedOpinion in
                let inMinzu = index % 2 == 0
                let problem = index % 4 < 2 ? "楼道电梯坏了" : "路灯不亮"
                let daysAgo = Double(index * 27)
                return ImportedOpinion(
                    id: "op_import_\(index)", receiptCode: makeReceiptCode(), channel: .reception,
                    station: inMinzu ? "jh-minzu-office" : "jh-hualou-office", street: inMinzu ? "minzu" : "hualou",
                    community: nil, category: "housingProperty", content: "第\(index)号：" + problem,
                    createdAt: now.addingTimeInterval(-daysAgo * 24 * 3600))
            }
            try await database.transaction { db in try await importOpinions(opinions, district: "jianghan", importedBy: "test", into: db) }
            let expected = opinions.filter { $0.street == "minzu" && $0.content.contains("电梯") }.map(\.id)
            #expect(expected.count == 10)

            func everyPage(_ query: String) async throws -> [LedgerEntry] {
                var seen: [LedgerEntry] = []
                var cursor: String?
                repeat {
                    let page = try await Self.ledger(intake, query + "&limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), as: Self.districtStaff)
                    seen += page.items
                    cursor = page.nextCursor
                } while cursor != nil
                return seen
            }
            let elevator = "?q=" + "电梯".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let found = try await everyPage(elevator + "&street=minzu")
            #expect(found.map(\.id) == expected)
            #expect(try await everyPage(elevator).count == 20)
            // A date range narrows the walk: opinions 4 to 11 lie between these days.
            let from = CivilDay(now.addingTimeInterval(-11.5 * 27 * 24 * 3600)).description
            let to = CivilDay(now.addingTimeInterval(-3.5 * 27 * 24 * 3600)).description
            let ranged = try await everyPage(elevator + "&street=minzu&from=\(from)&to=\(to)")
            #expect(ranged.map(\.id) == expected.filter { id in (4...11).contains(Int(id.split(separator: "_").last!)!) })

            let token = try testToken(Self.districtStaff, lifetime: 60)
            let months = try apiDecoder.decode([LedgerCount].self, from: Data(try await http(
                .GET, intake.baseURL + "/api/v1/ledger/stats?by=month", headers: [("Authorization", "Bearer \(token)")]).body.utf8))
            #expect(months.map(\.count).reduce(0, +) == 40)
        }
    }

    @Test("the CSV export opens in Excel (BOM, CRLF), masks numbers, defuses formulas, and has no contact column", arguments: Backend.allCases)
    func csvExport(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let body = #"{"station":"jh-minzu-office","category":"housingProperty","content":"=HYPERLINK(1) 请回电13812345678","place":"幸福小区3号楼 电话13800000000","contact":"13900001111","contactConsent":true}"#
            #expect(try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body).status == 201)
            let token = try testToken(Self.districtStaff, lifetime: 60)
            let bytes = try await HTTPClientFetch.bytes(intake.baseURL + "/api/v1/ledger/export", headers: [("Authorization", "Bearer \(token)")])
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "编号,站点,街道,类别,渠道,状态,地点,内容,提交时间")
            #expect(lines.count == 2)
            #expect(lines[1].contains("'=HYPERLINK(1) 请回电138****5678"))
            // Names, not codes: 民族街道人大代表工作室, not jh-minzu-office; the place has its column.
            let cells = lines[1].components(separatedBy: ",")
            #expect(Array(cells[1...6]) == ["民族街道人大代表工作室", "民族街道", "住房物业", "扫码线上反映", "已受理", "幸福小区3号楼 电话138****0000"])
            #expect(!lines[1].contains("jh-minzu-office") && !lines[1].contains("housingProperty") && !lines[1].contains("qrOnline"))
            #expect(!text.contains("13900001111") && !text.contains("13812345678"))
        }
    }

    @Test("search finds near-phrases, ranked by how much of the query they share, an exact match first, paged without repeats",
          arguments: Backend.allCases)
    func nearPhrases(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            // The exact phrase is the older one: newest first would put it second.
            try await Self.submit(intake, station: "jh-minzu-office", content: "申请电梯补贴要跑好几个部门")
            try await Self.submit(intake, station: "jh-minzu-office", content: "加装电梯的补贴什么时候发放")
            try await Self.submit(intake, station: "jh-minzu-office", content: "楼道电梯经常停运")
            try await Self.submit(intake, station: "jh-minzu-office", content: "希望提高养老补贴标准")
            try await Self.submit(intake, station: "jh-hualou-office", content: "菜市场门口路灯不亮")
            let query = "?q=" + "电梯补贴".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let found = try await Self.ledger(intake, query, as: Self.districtStaff)
            // 电梯 梯补 补贴: the exact phrase shares all three, "电梯的补贴" two; one alone is not enough.
            #expect(found.items.map(\.content) == ["申请电梯补贴要跑好几个部门", "加装电梯的补贴什么时候发放"])

            // Page by page, the same order, nothing twice.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await Self.ledger(intake, query + "&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), as: Self.districtStaff)
                seen += page.items.map(\.content)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == found.items.map(\.content))
            // The street filter and the counts agree with the search.
            #expect(try await Self.ledger(intake, query + "&street=hualou", as: Self.districtStaff).items.isEmpty)
            let token = try testToken(Self.districtStaff, lifetime: 60)
            let counts = try apiDecoder.decode([LedgerCount].self, from: Data(try await http(
                .GET, intake.baseURL + "/api/v1/ledger/stats?by=street&" + query.dropFirst(), headers: [("Authorization", "Bearer \(token)")]).body.utf8))
            #expect(counts.map(\.count).reduce(0, +) == 2)
        }
    }

    @Test("statistics count by street and by month, within the caller's scope", arguments: Backend.allCases)
    func statistics(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            try await Self.submitThreeOpinions(intake)
            func counts(_ by: String, as principal: Principal) async throws -> [String: Int] {
                let token = try testToken(principal, lifetime: 60)
                let answer = try await http(.GET, intake.baseURL + "/api/v1/ledger/stats?by=\(by)", headers: [("Authorization", "Bearer \(token)")])
                let rows = try apiDecoder.decode([LedgerCount].self, from: Data(answer.body.utf8))
                return Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.count) })
            }
            #expect(try await counts("street", as: Self.districtStaff) == ["hualou": 1, "minzu": 2])
            #expect(try await counts("street", as: Self.minzuStaff) == ["minzu": 2])
            let month = try await counts("month", as: Self.districtStaff)
            #expect(month.values.reduce(0, +) == 3 && month.keys.allSatisfy { $0.count == 7 && $0.hasPrefix("20") })
            // Kept counts and counting the opinions themselves (a status filter needs the latter) agree.
            #expect(try await counts("month&status=received", as: Self.districtStaff) == month)
            #expect(try await counts("street&status=received", as: Self.districtStaff) == ["hualou": 1, "minzu": 2])
            #expect(try await counts("category&street=minzu", as: Self.districtStaff) == ["housingProperty": 2])
        }
    }
}
