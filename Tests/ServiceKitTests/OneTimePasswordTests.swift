import Foundation
import Testing

@testable import ServiceKit

/// TOTP codes for the second sign-in factor, against RFC 6238 Appendix B (and RFC 4226
/// Appendix D for six digits), plus the window, the key URI and its QR code.
@Suite("One-time passwords")
struct OneTimePasswordTests {
    /// The RFC's SHA-1 seed, "12345678901234567890".
    let rfcSecret = Array("12345678901234567890".utf8)

    @Test(arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func eightDigitCodesMatchRFC6238AppendixB(unixTime: Int, expected: String) {
        let date = Date(timeIntervalSince1970: TimeInterval(unixTime))
        #expect(OneTimePassword.code(secret: rfcSecret, at: date, digits: 8) == expected)
        #expect(OneTimePassword.verify(code: expected, secret: rfcSecret, at: date, digits: 8))
    }

    @Test func sixDigitCodesMatchRFC4226AppendixD() {
        // Step n is HOTP counter n: the RFC 4226 values for counters 1…3, at 59, 89 and 119 s.
        #expect(OneTimePassword.code(secret: rfcSecret, at: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(OneTimePassword.code(secret: rfcSecret, at: Date(timeIntervalSince1970: 89)) == "359152")
        #expect(OneTimePassword.code(secret: rfcSecret, at: Date(timeIntervalSince1970: 119)) == "969429")
        #expect(OneTimePassword.code(secret: rfcSecret, at: Date(timeIntervalSince1970: 0)) == "755224")
    }

    @Test func theStepBeforeAndAfterAreAcceptedButNotTwoAway() {
        let now = Date(timeIntervalSince1970: 1_765_000_015)
        let step = OneTimePassword.timeStep(at: now)
        func code(_ offset: Int) -> String {
            OneTimePassword.code(secret: rfcSecret, at: now.addingTimeInterval(TimeInterval(30 * offset)))
        }
        #expect(OneTimePassword.acceptedStep(code: code(0), secret: rfcSecret, at: now) == step)
        #expect(OneTimePassword.acceptedStep(code: code(-1), secret: rfcSecret, at: now) == step - 1)
        #expect(OneTimePassword.acceptedStep(code: code(1), secret: rfcSecret, at: now) == step + 1)
        #expect(!OneTimePassword.verify(code: code(-2), secret: rfcSecret, at: now))
        #expect(!OneTimePassword.verify(code: code(2), secret: rfcSecret, at: now))
        #expect(!OneTimePassword.verify(code: code(-1), secret: rfcSecret, at: now, window: 0))
        #expect(OneTimePassword.verify(code: code(-2), secret: rfcSecret, at: now, window: 2))
    }

    @Test func aCodeForAnotherSecretOrOfTheWrongShapeIsRefused() {
        let now = Date(timeIntervalSince1970: 1_765_000_015)
        let right = OneTimePassword.code(secret: rfcSecret, at: now)
        #expect(OneTimePassword.verify(code: String(right.prefix(3)) + " " + String(right.dropFirst(3)), secret: rfcSecret, at: now))
        let other = OneTimePassword.makeSecret()
        #expect(!OneTimePassword.verify(code: right, secret: other, at: now)
            || OneTimePassword.code(secret: other, at: now) == right)
        for wrong in ["", "12345", "1234567", "12345a", "１２３４５６", String(right.dropLast()) + "x", "-" + right.dropFirst()] {
            #expect(!OneTimePassword.verify(code: wrong, secret: rfcSecret, at: now), "\(wrong)")
        }
        #expect(!OneTimePassword.verify(code: right, secret: [], at: now))
    }

    @Test func aNewSecretIsTwentyRandomBytes() {
        let secrets = (0..<50).map { _ in OneTimePassword.makeSecret() }
        #expect(secrets.allSatisfy { $0.count == 20 })
        #expect(Set(secrets).count == 50)
    }

    // MARK: The key URI and its QR code

    @Test func theURIPercentEncodesAChineseIssuerAndReadsBack() throws {
        let secret = Array("12345678901234567890".utf8)
        let uri = OneTimePassword.provisioningURI(secret: secret, account: "zhang.san@jianghan 01", issuer: "有约")
        #expect(uri == "otpauth://totp/%E6%9C%89%E7%BA%A6:zhang.san%40jianghan%2001"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%E6%9C%89%E7%BA%A6&algorithm=SHA1&digits=6&period=30")

        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.path == "/有约:zhang.san@jianghan 01")
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["issuer"] == "有约")
        #expect(query["secret"].flatMap(Base32.decode) == secret)
        #expect(query["algorithm"] == "SHA1" && query["digits"] == "6" && query["period"] == "30")
    }

    @Test func aColonOrAmpersandInANameCannotSplitTheURI() throws {
        let uri = OneTimePassword.provisioningURI(secret: [1, 2, 3], account: "a:b&secret=X", issuer: "有约 & Co")
        let components = try #require(URLComponents(string: uri))
        #expect(components.path == "/有约 & Co:a:b&secret=X")
        #expect(components.queryItems?.filter { $0.name == "secret" }.count == 1)
        #expect(uri.contains("a%3Ab%26secret%3DX"))
    }

    @Test func theEnrolmentQRCodeDecodesToTheURI() async throws {
        let uri = OneTimePassword.provisioningURI(
            secret: OneTimePassword.makeSecret(), account: "区人大常委会办公室 李四", issuer: "有约")
        #expect(try await zbarimgDecode(OneTimePassword.qrCodePNG(uri: uri)) == uri)
    }

    @Test func theEnrolmentSVGDrawsTheSameSymbol() throws {
        let uri = OneTimePassword.provisioningURI(secret: rfcSecret, account: "admin", issuer: "有约")
        let svg = try OneTimePassword.qrCodeSVG(uri: uri)
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.contains("<title>两步验证二维码</title>"))

        // Redraw the dark modules from the path's runs, `M<x> <y>h<n>v1h-<n>z` (quiet zone 4).
        let code = try QRCode(encoding: uri)
        var dark = Set<[Int]>()
        let path = try #require(svg.firstMatch(of: /d="([^"]*)"/)?.1)
        for run in path.matches(of: /M(\d+) (\d+)h(\d+)v1h-\d+z/) {
            let (x, y, length) = (Int(run.1)! - 4, Int(run.2)! - 4, Int(run.3)!)
            for column in x..<(x + length) { dark.insert([column, y]) }
        }
        let expected = Set((0..<code.size).flatMap { y in (0..<code.size).filter { code.isDark(x: $0, y: y) }.map { [$0, y] } })
        #expect(!expected.isEmpty)
        #expect(dark == expected)
    }
}
