import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) as an existing client uses it: the
/// spec's requests, its field names, its error shape, JSON and XML.
@Suite("Open311 GeoReport v2")
struct Open311Tests {
    static func json(_ body: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }

    @Test("discovery, services and a service definition, in JSON and XML", arguments: Backend.allCases)
    func servicesAndDefinitions(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let base = intake.baseURL + "/open311/v2"
            let discovery = try await http(.GET, base + "/discovery.json")
            let endpoints = try #require((try Self.json(discovery.body) as? [String: Any])?["endpoints"] as? [[String: Any]])
            #expect(endpoints.first?["specification"] as? String == "http://wiki.open311.org/GeoReport_v2")
            #expect(endpoints.first?["url"] as? String == IntakeAPITests.publicBaseURL + "/open311/v2")

            let services = try #require(try Self.json(try await http(.GET, base + "/services.json?jurisdiction_id=jianghan").body) as? [[String: Any]])
            #expect(services.count == 13)
            let housing = try #require(services.first { $0["service_code"] as? String == "housingProperty" })
            #expect(Set(housing.keys) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"])
            #expect(housing["service_name"] as? String == "住房物业" || (housing["service_name"] as? String)?.isEmpty == false)
            #expect(housing["metadata"] as? Bool == true && housing["type"] as? String == "realtime")

            let xml = try await http(.GET, base + "/services.xml")
            #expect(xml.headers["Content-Type"].first == "text/xml; charset=utf-8")
            #expect(xml.body.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?><services><service><service_code>"#))

            let definition = try #require(try Self.json(try await http(.GET, base + "/services/housingProperty.json").body) as? [String: Any])
            let attribute = try #require((definition["attributes"] as? [[String: Any]])?.first)
            #expect(attribute["code"] as? String == "station" && attribute["datatype"] as? String == "singlevaluelist" && attribute["required"] as? Bool == false)
            #expect((attribute["values"] as? [[String: Any]])?.count == 138)
            let definitionXML = try await http(.GET, base + "/services/housingProperty.xml")
            #expect(definitionXML.body.contains("<service_definition><service_code>housingProperty</service_code><attributes><attribute><variable>true</variable>"))

            let unknown = try await http(.GET, base + "/services/potholes.json")
            #expect(unknown.status == 404)
            #expect(unknown.body == #"[{"code":404,"description":"service_code potholes was not found"}]"#)
            let badJurisdiction = try await http(.GET, base + "/services.xml?jurisdiction_id=springfield")
            #expect(badJurisdiction.status == 404 && badJurisdiction.body.contains("<errors><error><code>404</code>"))
        }
    }

    @Test("a client files a request the spec's way and follows it: open, then closed with notes", arguments: Backend.allCases)
    func fileAndFollow(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let base = intake.baseURL + "/open311/v2"
            // The spec's POST example, with a location in the district and Chinese text.
            let posted = try await postForm(base + "/requests.json", fields: [
                ("jurisdiction_id", "jianghan"), ("service_code", "urbanConstruction"), ("lat", "30.5756"), ("long", "114.2875"),
                ("address_string", "梅园街39号门口"), ("email", "smith@example.com"), ("device_id", "tt222111"), ("account_id", "123456"),
                ("first_name", "john"), ("last_name", "smith"), ("phone", "13912345678"),
                ("description", "人行道地砖松动，下雨天踩上去会溅水"), ("media_url", "http://example.com/photo.jpg"),
            ])
            #expect(posted.status == 200, "\(posted.body)")
            let created = try #require((try Self.json(posted.body) as? [[String: Any]])?.first)
            let id = try #require(created["service_request_id"] as? String)
            #expect(created["service_notice"] as? String != nil && created.keys.contains("account_id"))

            // The nearest station received it, on the open311 channel, with the contact sealed.
            let stored = try #require(try await db.queryFirst("SELECT station, channel, contact_sealed FROM opinions WHERE id = \(id)"))
            #expect(try stored.string("station") == "jh-minzu-office" && (try stored.string("channel")) == "open311")
            #expect(!(try stored.string("contact_sealed")).contains("13912345678"))

            let one = try #require((try Self.json(try await http(.GET, base + "/requests/\(id).json").body) as? [[String: Any]])?.first)
            #expect(one["status"] as? String == "open" && one["service_code"] as? String == "urbanConstruction")
            #expect(one["description"] as? String == "人行道地砖松动，下雨天踩上去会溅水")
            #expect((one["requested_datetime"] as? String)?.hasSuffix("+08:00") == true)
            #expect(Set(one.keys).isSuperset(of: ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                                                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                                                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]))
            #expect(!(try await http(.GET, base + "/requests/\(id).json").body.contains("13912345678")))

            // Resolved on the spot by the station's deputy: closed, with the note.
            let token = try testToken(Principal(role: .deputy, subject: "dep-0001", district: "jianghan"), lifetime: 600)
            #expect(try await http(.POST, intake.baseURL + "/api/v1/opinions/\(id)/triage", json: #"{"action":"resolve","note":"社区已安排重新铺设"}"#,
                                   headers: [("Authorization", "Bearer \(token)")]).status == 200)
            let closed = try #require((try Self.json(try await http(.GET, base + "/requests/\(id).json").body) as? [[String: Any]])?.first)
            #expect(closed["status"] as? String == "closed" && closed["status_notes"] as? String == "已现场解决：社区已安排重新铺设")

            let xml = try await http(.GET, base + "/requests/\(id).xml")
            #expect(xml.body.contains("<service_requests><request><service_request_id>\(id)</service_request_id><status>closed</status>"))

            // Filters: status, service_code, dates, and several ids at once.
            _ = try await postForm(base + "/requests.json", fields: [("service_code", "transport"), ("address_id", "jh-hualou-office"), ("description", "公交站台没有遮雨棚")])
            let open = try #require(try Self.json(try await http(.GET, base + "/requests.json?status=open").body) as? [[String: Any]])
            #expect(open.map { $0["service_code"] as? String } == ["transport"])
            let byCode = try #require(try Self.json(try await http(.GET, base + "/requests.json?service_code=urbanConstruction,environment").body) as? [[String: Any]])
            #expect(byCode.map { $0["service_request_id"] as? String } == [id])
            let future = try #require(try Self.json(try await http(.GET, base + "/requests.json?start_date=2099-01-01T00:00:00Z").body) as? [[String: Any]])
            #expect(future.isEmpty)
            let badStatus = try await http(.GET, base + "/requests.json?status=pending")
            #expect(badStatus.status == 400)
            #expect(try await http(.GET, base + "/requests/op_nothing.json").status == 404)
        }
    }

    @Test("errors in the spec's shape: missing service code, no location, invalid text, api_key when configured", arguments: [Backend.sqlite])
    func errors(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend, extra: ["YOUYUE_OPEN311_API_KEYS": "key-for-app"]) { intake, db in
            let url = intake.baseURL + "/open311/v2/requests.json"
            let noKey = try await postForm(url, fields: [("service_code", "transport"), ("lat", "30.58"), ("long", "114.27"), ("description", "路口红绿灯时间太短")])
            #expect(noKey.status == 403)
            #expect(noKey.body == #"[{"code":403,"description":"Invalid api_key received -- can't proceed with create_request."}]"#)

            let noService = try await postForm(url, fields: [("api_key", "key-for-app"), ("lat", "30.58"), ("long", "114.27")])
            #expect(noService.status == 400 && noService.body.contains("service_code was not provided"))
            let noLocation = try await postForm(url, fields: [("api_key", "key-for-app"), ("service_code", "transport"), ("description", "路口红绿灯时间太短")])
            #expect(noLocation.status == 400 && noLocation.body.contains("A full location parameter must be submitted"))
            let tooShort = try await postForm(url.replacingOccurrences(of: ".json", with: ".xml"),
                                              fields: [("api_key", "key-for-app"), ("service_code", "transport"), ("lat", "30.58"), ("long", "114.27"), ("description", "短")])
            #expect(tooShort.status == 400 && tooShort.body.contains("<errors><error><code>400</code><description>description: 请至少写 5 个字"))
            #expect(try await IntakeAPITests.count(db, "opinions") == 0)

            let accepted = try await postForm(url, fields: [("api_key", "key-for-app"), ("service_code", "transport"), ("lat", "30.58"), ("long", "114.27"), ("description", "路口红绿灯时间太短")])
            #expect(accepted.status == 200)
            #expect(try await http(.GET, intake.baseURL + "/open311/v2/requests.csv").status == 404)
        }
    }
}
