import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// The citizen pages as a phone's browser gets them, over real HTTP: station page, form with
/// CSRF protection, errors in Chinese beside their fields, thank-you, receipt, poster.
@Suite("Citizen pages")
struct PageTests {
    static let station = "jh-minzu-office"

    /// Opens the station page as a browser would: its cookie and the form's token.
    static func openStation(_ intake: RunningService) async throws -> (page: String, cookie: String, csrf: String) {
        let page = try await http(.GET, intake.baseURL + "/s/\(station)")
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"].first == "text/html; charset=utf-8")
        // A page gets the page set of security headers: what it may load, no referrer.
        #expect(page.headers["Content-Security-Policy"].first?.hasPrefix("default-src 'self'") == true)
        #expect(page.headers["Referrer-Policy"].first == "no-referrer")
        let cookie = try #require(cookiePair(page.headers, named: "yy_csrf"))
        let csrf = try #require(hiddenField(page.body, named: "csrf"))
        return (page.body, cookie, csrf)
    }

    @Test("the station page shows deputies, upcoming activities and the form, made for a phone", arguments: Backend.allCases)
    func stationPage(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let announce = try await http(.POST, intake.baseURL + "/api/v1/activities", json: """
                {"station":"\(Self.station)","theme":"dialogue","mode":"receptionVisit","title":"老旧小区改造面对面","startsAt":"2030-05-01T02:00:00Z","endsAt":"2030-05-01T04:00:00Z","deputies":["dep-0001"],"invitedUnits":["区住建局"]}
                """, headers: [("Authorization", "Bearer \(try await IntakeAPITests.token(.districtStaff))")])
            #expect(announce.status == 201, "\(announce.body)")
            let (page, _, _) = try await Self.openStation(intake)
            #expect(page.contains(#"<html lang="zh-CN">"#) && page.contains(#"name="viewport" content="width=device-width"#))
            let station = try apiDecoder.decode(PublicStation.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/stations/\(Self.station)").body.utf8))
            #expect(page.contains(station.name))
            for deputy in station.deputies ?? [] { #expect(page.contains(deputy.name) && page.contains(deputy.workUnit)) }
            #expect(page.contains("老旧小区改造面对面") && page.contains("2030年5月1日 10:00") && page.contains("共话"))
            #expect(page.contains(#"<option value="housingProperty">"#))

            let unknown = try await http(.GET, intake.baseURL + "/s/no-such-station")
            #expect(unknown.status == 404 && unknown.body.contains("没有找到这个站点"))
        }
    }

    @Test("submitting the form: CSRF checked, errors beside their fields with input kept, then receipt code and receipt page", arguments: Backend.allCases)
    func submitThroughForm(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let (_, cookie, csrf) = try await Self.openStation(intake)
            let url = intake.baseURL + "/s/\(Self.station)"
            let content = "小区门口的路灯坏了一个多月，晚上出行很不安全 <script>alert(1)</script>"

            // A forged post from another site has neither the cookie nor a token that matches it.
            let forged = try await postForm(url, fields: [("csrf", csrf), ("category", "urbanConstruction"), ("content", content)])
            #expect(forged.status == 403 && forged.body.contains("页面已过期"))
            #expect(try await IntakeAPITests.count(db, "opinions") == 0)

            let invalid = try await postForm(url, fields: [("csrf", csrf), ("category", ""), ("content", "短"), ("place", "幸福小区3号楼东门")],
                                             headers: [("Cookie", cookie)])
            #expect(invalid.status == 422)
            #expect(invalid.body.contains(#"<p class="field-error" data-field="content">请至少写 5 个字"#))
            #expect(invalid.body.contains(#"<p class="field-error" data-field="category">"#))
            #expect(invalid.body.contains(#"value="幸福小区3号楼东门""#) && invalid.body.contains(">短</textarea>"))

            let consentMissing = try await postForm(url, fields: [("csrf", csrf), ("category", "urbanConstruction"), ("content", content), ("contact", "13912345678")],
                                                    headers: [("Cookie", cookie)])
            #expect(consentMissing.status == 422 && consentMissing.body.contains(#"data-field="contactConsent""#))
            #expect(consentMissing.body.contains(#"value="13912345678""#))

            let accepted = try await postForm(url, fields: [("csrf", csrf), ("category", "urbanConstruction"), ("content", content),
                                                            ("place", "幸福小区3号楼东门"), ("contact", "13912345678"), ("contactConsent", "on")],
                                              headers: [("Cookie", cookie)])
            #expect(accepted.status == 303)
            let location = try #require(accepted.headers["Location"].first)
            #expect(location.hasPrefix("/s/\(Self.station)/thanks?receipt="))
            let code = String(location.split(separator: "=").last ?? "")

            let thanks = try await http(.GET, intake.baseURL + location)
            #expect(thanks.status == 200 && thanks.body.contains(#"<strong id="receipt-code" class="code">\#(code)</strong>"#))
            #expect(thanks.body.contains(#"href="/r/\#(code)""#))

            let receiptPage = try await http(.GET, intake.baseURL + "/r/\(code)")
            #expect(receiptPage.status == 200)
            #expect(receiptPage.body.contains("小区门口的路灯坏了一个多月"))
            // What the citizen typed is shown as text, never run as markup.
            #expect(receiptPage.body.contains("&lt;script&gt;") && !receiptPage.body.contains("<script>alert"))
            #expect(receiptPage.body.contains(#"<span id="receipt-status">已受理"#) && receiptPage.body.contains(#"class="timeline-step""#))
            #expect(!receiptPage.body.contains("13912345678"))

            let json = try await http(.GET, intake.baseURL + "/r/\(code)", headers: [("Accept", "application/json")])
            let receipt = try apiDecoder.decode(Receipt.self, from: Data(json.body.utf8))
            #expect(receipt.receiptCode == code && receipt.channelIsPublic)

            // Typed by hand, lower case and without the dash, it still opens.
            #expect(try await http(.GET, intake.baseURL + "/r/\(code.lowercased().replacingOccurrences(of: "-", with: ""))").status == 200)
            let missing = try await http(.GET, intake.baseURL + "/r/ABCD-EFGH")
            #expect(missing.status == 404 && missing.body.contains("没有找到这条回执"))
            #expect(try await http(.GET, intake.baseURL + "/r/ABCD-EFGH", headers: [("Accept", "application/json")]).headers["Content-Type"].first?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test("the printable poster carries the station's QR code, name and deputies on an A4 sheet", arguments: [Backend.sqlite])
    func poster(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let poster = try await http(.GET, intake.baseURL + "/s/\(Self.station)/poster")
            #expect(poster.status == 200)
            #expect(poster.body.contains("size:A4") && poster.body.contains("<svg") && poster.body.contains("扫码反映意见"))
            #expect(poster.body.contains(IntakeAPITests.publicBaseURL + "/s/\(Self.station)"))
            let station = try apiDecoder.decode(PublicStation.self, from: Data(try await http(.GET, intake.baseURL + "/api/v1/stations/\(Self.station)").body.utf8))
            for deputy in station.deputies ?? [] { #expect(poster.body.contains(deputy.name)) }
        }
    }
}

private extension Receipt {
    var channelIsPublic: Bool { timeline.first?.kind == "received" }
}
