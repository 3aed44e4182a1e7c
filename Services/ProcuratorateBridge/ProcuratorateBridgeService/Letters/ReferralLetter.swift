import Contracts
import Foundation
import ServiceKit

/// 《公益诉讼案件线索移送函》: the referral as the formal letter that is printed, stamped and sent,
/// built only from the signed document (so the paper says what the signature covers) and the
/// public key's fingerprint (so a reader can check the electronic original).
func referralLetterValues(_ view: ReferralView, number: Int, signer: DocumentSigner, suite: CryptoSuite, publicBaseURL: String) -> [String: Any] {
    let document = view.document
    let district = districtName(document.district)
    let day = CivilDay(document.referredAt)
    let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
    let coSigners = document.coSignerNames ?? document.coSigners.map { "代表（编号 \($0)）" }
    let fields = document.fields.map { code in
        let field = publicInterestFields.first { $0.code == code }
        return ["name": field?.name ?? code, "basis": field?.basis ?? ""] as [String: Any]
    }
    let place = [document.streetName, document.place].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    let signed = Data(base64Encoded: view.signedDocument).map { Array($0) } ?? []
    let digestName = suite == .national ? "SM3" : "SHA-256"
    return [
        "title": document.title,
        "number": "\(district.hasSuffix("区") ? String(district.dropLast()) : district)人大常委会公益移〔\(day.year)〕\(number)号",
        "referral": view.id, "suggestion": document.suggestion,
        "addressee": "\(district)人民检察院",
        "issuer": "\(district)人民代表大会常务委员会",
        "leadDeputy": document.leadDeputyName ?? "代表（编号 \(document.leadDeputy)）",
        "coSigners": coSigners.joined(separator: "、"), "hasCoSigners": !coSigners.isEmpty,
        "place": place.isEmpty ? "（建议未载明具体地点）" : place,
        "facts": document.facts.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
        "fields": fields,
        "fieldNames": document.fields.map { code in publicInterestFields.first { $0.code == code }?.name ?? code }.joined(separator: "、"),
        "attachments": (document.attachments ?? ["《\(document.title)》代表建议文本", "本函电子数据文件及其数字签名"])
            .enumerated().map { ["index": $0.offset + 1, "text": $0.element] as [String: Any] },
        "date": chineseDate(day),
        "algorithm": view.algorithm, "sm2": view.algorithm.hasPrefix("SM2"),
        "digestName": digestName,
        "keyFingerprint": grouped(hexString(suite.digest(signer.publicKey))),
        "documentDigest": grouped(hexString(suite.digest(signed))),
        "keysURL": base + "/api/v1/keys",
        "staffDocumentURL": base + "/api/v1/referrals/" + view.id,
        "procuratorateDocumentURL": base + "/api/v1/procuratorate/referrals/" + view.id,
        "stageName": view.stage.chineseName,
    ]
}

/// Uppercase hex in groups of four, so a person can compare it by eye and by phone.
func grouped(_ hex: String) -> String {
    var groups: [String] = []
    var rest = Substring(hex.uppercased())
    while !rest.isEmpty {
        groups.append(String(rest.prefix(4)))
        rest = rest.dropFirst(4)
    }
    return groups.joined(separator: " ")
}

/// 二〇二六年十月九日: the date as an official letter writes it.
func chineseDate(_ day: CivilDay) -> String {
    let digits = Array("〇一二三四五六七八九")
    func small(_ n: Int) -> String {
        switch n {
        case ..<10: String(digits[n])
        case 10: "十"
        case ..<20: "十" + String(digits[n - 10])
        default: String(digits[n / 10]) + "十" + (n % 10 == 0 ? "" : String(digits[n % 10]))
        }
    }
    return String(day.year).map { String(digits[Int(String($0))!]) }.joined() + "年" + small(day.month) + "月" + small(day.day) + "日"
}

/// The letter's number: its place among the district's referrals of the same year, in the order
/// they were made. Referrals are never deleted, so the number never changes.
func letterNumber(_ db: any SQLExecutor, view: ReferralView) async throws -> Int {
    let day = CivilDay(view.document.referredAt)
    let yearStart = CivilDay(year: day.year, month: 1, day: 1)?.start ?? day.start
    guard let row = try await db.queryFirst("SELECT created_at FROM referrals WHERE id = \(view.id)") else { return 1 }
    let created = try row.date("created_at")
    let count = try await db.queryFirst("""
        SELECT COUNT(*) AS n FROM referrals WHERE district = \(view.document.district) AND created_at >= \(yearStart)
            AND (created_at < \(created) OR (created_at = \(created) AND id <= \(view.id)))
        """)
    return Int(try count?.int("n") ?? 1)
}
