import Contracts

/// The reference data file `youyue seed` loads (SampleData/jianghan-sample.json is one): a
/// district's streets, communities, stations, deputies and opinion categories.
public struct ReferenceDataFile: Codable, Sendable {
    public struct District: Codable, Sendable { public var code: String; public var name: String }
    public struct Category: Codable, Sendable { public var code: String; public var name: String }
    public struct Street: Codable, Sendable { public var code: String; public var name: String; public var kind: String }
    public struct Community: Codable, Sendable { public var code: String; public var name: String; public var street: String }
    public struct Station: Codable, Sendable {
        public var code: String
        public var name: String
        public var kind: StationKind
        public var street: String
        public var community: String?
        public var address: String
        public var latitude: Double?
        public var longitude: Double?
    }
    public struct Deputy: Codable, Sendable {
        public var code: String
        public var name: String
        public var level: DeputyLevel
        public var workUnit: String
        public var publicContact: String
        public var station: String
    }

    public var sample: Bool?
    public var notice: String?
    public var district: District
    public var categories: [Category]
    public var streets: [Street]
    public var communities: [Community]
    public var stations: [Station]
    public var deputies: [Deputy]
}

/// Checks that every reference points at something in the same file, naming the first few that
/// do not, so a district's own file fails with a useful message instead of half-loading.
func referenceProblems(in file: ReferenceDataFile) -> [String: String] {
    var problems: [String: String] = [:]
    let streets = Set(file.streets.map(\.code))
    let communities = Set(file.communities.map(\.code))
    let stations = Set(file.stations.map(\.code))
    for community in file.communities where !streets.contains(community.street) {
        problems["communities.\(community.code)"] = "所属街道 \(community.street) 不存在。"
    }
    for station in file.stations {
        if !streets.contains(station.street) { problems["stations.\(station.code)"] = "所属街道 \(station.street) 不存在。" }
        if let community = station.community, !communities.contains(community) {
            problems["stations.\(station.code)"] = "所属社区 \(community) 不存在。"
        }
        if !isStationCode(station.code) { problems["stations.\(station.code)"] = "站点代码只能包含小写字母、数字和连字符。" }
    }
    for deputy in file.deputies where !stations.contains(deputy.station) {
        problems["deputies.\(deputy.code)"] = "所在站点 \(deputy.station) 不存在。"
    }
    return problems
}

/// Station codes appear in printed QR codes and URLs: lowercase ASCII letters, digits, hyphens.
func isStationCode(_ code: String) -> Bool {
    (1...64).contains(code.utf8.count) && code.utf8.allSatisfy { byte in
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }
}
