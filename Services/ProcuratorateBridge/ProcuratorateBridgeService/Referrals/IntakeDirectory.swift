import AsyncHTTPClient
import Contracts
import Foundation
import NIOCore
import ServiceKit

/// Deputies' names and a street's name, read from intake's public lists: the referral names the
/// deputies who made the suggestion, never their contact data.
struct IntakeDirectory {
    struct Station: Decodable {
        var street: String
        var streetName: String
    }
    struct Deputy: Decodable { var code: String; var name: String }

    var names: [String: String] = [:]
    var streetName: String?

    /// Two reads from intake: the stations (for the street's name) and the named deputies.
    static func lookUp(deputies: [String], street: String, environment: ServiceEnvironment) async throws -> IntakeDirectory {
        var directory = IntakeDirectory()
        directory.streetName = try await get([Station].self, "/api/v1/stations", environment: environment)
            .first { $0.street == street }?.streetName
        let query = Set(deputies).sorted().map { "code=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) }
        for deputy in try await get([Deputy].self, "/api/v1/deputies?" + query.joined(separator: "&"), environment: environment) {
            directory.names[deputy.code] = deputy.name
        }
        return directory
    }

    /// A deputy's name; a deputy intake no longer lists is named by code.
    func name(_ code: String) -> String { names[code] ?? "代表（编号 \(code)）" }

    private static func get<Value: Decodable>(_ type: Value.Type, _ path: String, environment: ServiceEnvironment) async throws -> Value {
        guard let intake = environment.configuration.peers[.intake] else { throw Problem.unavailable }
        let response = try await environment.httpClient.execute(HTTPClientRequest(url: intake + path), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 << 20)
        guard response.status.code == 200 else { throw Problem.unavailable }
        return try apiDecoder.decode(Value.self, from: Data(buffer: body))
    }
}

/// District codes and their names, for the letter's addressee and issuing body. Data: a district
/// deploying the suite adds its own; an unknown code is addressed generically.
let districtNames: [String: String] = [
    "jianghan": "江汉区", "jiangan": "江岸区", "qiaokou": "硚口区", "hanyang": "汉阳区", "wuchang": "武昌区", "qingshan": "青山区", "hongshan": "洪山区",
]

func districtName(_ code: String) -> String { districtNames[code] ?? "本区" }
