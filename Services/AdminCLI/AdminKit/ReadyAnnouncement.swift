import Contracts
import Foundation

/// What `youyue up` prints once all six answer: where each service is, how to get an admin
/// token (never a token itself: the output often ends up in a log), and a warning when the
/// address printed on posters and QR codes is one only this machine can reach.
public func readyAnnouncement(urls: [ServiceName: String], options: SuiteOptions) -> [String] {
    var lines = ["", "有约 Youyue is ready (Ctrl-C stops all six):"]
    for service in ServiceName.allCases {
        lines.append("  \(service.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(urls[service] ?? "")")
    }
    let dataOption = options.dataDirectory == ".youyue" ? "" : " --data \(options.dataDirectory)"
    lines.append("管理令牌：youyue token --role admin --subject 你的名字\(dataOption)")
    if let warning = loopbackPublicAddressWarning(options.environment()) { lines.append(warning) }
    lines.append("")
    return lines
}

/// A warning when the public address (`YOUYUE_PUBLIC_BASE_URL`, else intake's own URL) names
/// this machine: station QR codes and printed posters would send citizens' phones to it.
public func loopbackPublicAddressWarning(_ environment: [String: String]) -> String? {
    let configured = environment["YOUYUE_PUBLIC_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    guard let address = configured ?? environment["\(ServiceName.intake.environmentPrefix)_URL"],
          let host = URLComponents(string: address)?.host, isLoopback(host) else { return nil }
    return "注意：二维码和海报上的地址是 \(address)，只有本机能打开，群众的手机打不开。"
        + "请把 YOUYUE_PUBLIC_BASE_URL 设为群众能访问的地址（例如 https://youyue.example.gov.cn）再打印。"
}

private func isLoopback(_ host: String) -> Bool {
    let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    return bare == "localhost" || bare.hasSuffix(".localhost") || bare.hasPrefix("127.") || bare == "::1" || bare == "0.0.0.0"
}
