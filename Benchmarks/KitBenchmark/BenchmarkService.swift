import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// A ~500-byte opinion as a citizen's phone would submit it.
struct BenchmarkOpinion: Codable, ResponseEncodable {
    var stationID: String
    var category: String
    var channel: String
    var title: String
    var content: String
    var latitude: Double?
    var longitude: Double?
    var contact: String?
}

/// What the endpoint answers: the new opinion's id.
struct BenchmarkAccepted: ResponseEncodable {
    var id: String
}

/// `POST /api/v1/opinions`: validate, then in one transaction store the opinion (contact sealed),
/// write its outbox message and its audit entry. The answer is sent only after the commit.
let benchmarkService = ServiceDefinition(
    name: .intake,
    migrations: MigrationSet(scope: "benchmark", [
        Migration(1, "opinions", [
            """
            CREATE TABLE opinions (id TEXT PRIMARY KEY, station_id TEXT NOT NULL, category TEXT NOT NULL,
                channel TEXT NOT NULL, title TEXT NOT NULL, content TEXT NOT NULL, latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION, contact_sealed TEXT, created_at BIGINT NOT NULL)
            """,
        ]),
    ]),
    docs: ["POST /api/v1/opinions": EndpointDoc("Submit an opinion (benchmark).", request: #"{"type":"object"}"#, status: 201)],
    routes: { router, environment in
        router.post("/api/v1/opinions") { request, context in
            let opinion = try await request.decode(as: BenchmarkOpinion.self, context: context)
            try validate(opinion)
            let id = makeID(prefix: "op")
            let sealed = try opinion.contact.map { try environment.cipher.seal($0) }
            let message = try OutgoingMessage(
                .opinionRecorded, to: [.evaluation], district: "jianghan", entity: id,
                body: OpinionRecordedBody(opinion: id, station: opinion.stationID, street: "minzu", channel: .qrOnline,
                                          category: opinion.category, recordedBy: "citizen"))
            // Built before the transaction: the writer, which every write waits for, only runs it.
            let insert: SQL = """
                INSERT INTO opinions (id, station_id, category, channel, title, content, latitude, longitude, contact_sealed, created_at)
                VALUES (\(id), \(opinion.stationID), \(opinion.category), \(opinion.channel), \(opinion.title), \(opinion.content),
                        \(opinion.latitude), \(opinion.longitude), \(sealed), \(Date()))
                """
            try await environment.database.transaction { db in
                try await db.execute(insert)
                try await enqueue(message, db)
                try await environment.audit(db, actor: "citizen", action: "opinion.submit", entity: "opinion", entityID: id)
            }
            return try jsonResponse(BenchmarkAccepted(id: id), status: .created)
        }
    })

func validate(_ opinion: BenchmarkOpinion) throws {
    var errors: [String: String] = [:]
    if !characterCount(of: opinion.stationID, isWithin: 1...64) { errors["stationID"] = "请选择代表家站室。" }
    if !characterCount(of: opinion.title, isWithin: 1...100) { errors["title"] = "标题须为 1 到 100 个字。" }
    if !characterCount(of: opinion.content, isWithin: 5...2000) { errors["content"] = "内容须为 5 到 2000 个字。" }
    if let latitude = opinion.latitude, !(-90...90).contains(latitude) { errors["latitude"] = "纬度无效。" }
    if let longitude = opinion.longitude, !(-180...180).contains(longitude) { errors["longitude"] = "经度无效。" }
    if !errors.isEmpty { throw Problem.validation(errors) }
}
