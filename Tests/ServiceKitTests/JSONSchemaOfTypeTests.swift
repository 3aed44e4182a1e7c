import Foundation
import Testing
@testable import ServiceKit

/// The OpenAPI schemas come from the Codable types themselves.
@Suite("JSON Schema of a Codable type")
struct JSONSchemaOfTypeTests {
    enum Kind: String, Codable, CaseIterable { case reception, visit }
    struct Place: Codable { var name: String; var latitude: Double? }
    struct Sample: Codable {
        var title: String
        var kind: Kind
        var count: Int
        var urgent: Bool?
        var at: Date
        var places: [Place]
        var tags: [String]?
    }

    @Test("properties, required keys, enums, dates, nested objects and arrays")
    func sampleSchema() throws {
        let schema = jsonSchema(of: Sample.self)
        #expect(schema["type"] as? String == "object")
        #expect(Set(schema["required"] as? [String] ?? []) == ["title", "kind", "count", "at", "places"])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(properties["title"]?["type"] as? String == "string")
        #expect(properties["kind"]?["enum"] as? [String] == ["reception", "visit"])
        #expect(properties["count"]?["type"] as? String == "integer")
        #expect(properties["urgent"]?["type"] as? String == "boolean")
        #expect(properties["at"]?["format"] as? String == "date-time")
        let places = try #require(properties["places"])
        #expect(places["type"] as? String == "array")
        let place = try #require(places["items"] as? [String: Any])
        #expect(place["required"] as? [String] == ["name"])
        #expect((place["properties"] as? [String: [String: Any]])?["latitude"]?["type"] as? String == "number")
        #expect((properties["tags"]?["items"] as? [String: Any])?["type"] as? String == "string")
    }

    @Test("an array of objects, as a list endpoint answers")
    func arraySchema() throws {
        let schema = jsonSchema(of: [Place].self)
        #expect(schema["type"] as? String == "array")
        #expect((schema["items"] as? [String: Any])?["type"] as? String == "object")
    }
}
