import Contracts
import Hummingbird
import NIOCore
import ServiceKit

/// Each station's QR code, encoding the station page's public URL. These paths are printed on
/// posters and must not change.
func addQRCodeRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let baseURL = environment.configuration.publicBaseURL
    @Sendable func code(for context: ServiceRequestContext) async throws -> (QRCode, String) {
        let station = try context.parameters.require("code")
        guard let found = try await publicStation(database, code: station) else { throw Problem.notFound("没有代码为 \(station) 的站点。") }
        return (try QRCode(encoding: stationPageURL(baseURL: baseURL, station: station)), found.name)
    }
    router.get("s/{code}/qr.svg") { _, context in
        let (qr, name) = try await code(for: context)
        return Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(string: qr.svg(title: "\(name) 二维码"))))
    }
    router.get("s/{code}/qr.png") { _, context in
        let (qr, _) = try await code(for: context)
        return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(bytes: qr.png())))
    }
}

/// The station page a QR code leads to: `/s/{stationCode}` under the public base URL.
func stationPageURL(baseURL: String, station: String) -> String {
    (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/s/" + station
}
