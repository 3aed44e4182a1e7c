import Testing

@testable import ServiceKit

/// Base32 as TOTP secrets are written, against RFC 4648 §10's vectors (which show the padding we
/// leave off).
@Suite("Base32")
struct Base32Tests {
    @Test(arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ])
    func encodesAndDecodesRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test func decodesWhatPeopleCopy() {
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW-6YTB-OI") == Array("foobar".utf8))
    }

    @Test(arguments: ["M", "MZX", "MZXW6Y", "MZXW6YT1", "MZXW6YT8", "MZXW6YTB!", "有约", "MZ"])
    func refusesWhatIsNotBase32(text: String) {
        // "MZ" ends in set bits that belong to no byte ("MY" is "f"): one spelling per secret.
        #expect(Base32.decode(text) == nil)
    }

    @Test func aTwentyByteSecretIsThirtyTwoCharacters() {
        let secret = OneTimePassword.makeSecret()
        #expect(secret.count == 20)
        let text = Base32.encode(secret)
        #expect(text.count == 32)
        #expect(Base32.decode(text) == secret)
    }
}
