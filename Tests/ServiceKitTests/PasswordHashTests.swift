import Testing

@testable import ServiceKit

/// scrypt through the system OpenSSL, proven by RFC 7914's own vectors, and the stored password
/// hashes built on it.
@Suite("Password hashes")
struct PasswordHashTests {
    // MARK: The KDF itself (RFC 7914 §12)

    @Test func scryptMatchesRFC7914EmptyVector() throws {
        let key = try scrypt(password: [], salt: [], parameters: ScryptParameters(logN: 4, blockSize: 1, parallelization: 1), length: 64)
        #expect(hexString(key) == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
    }

    @Test func scryptMatchesRFC7914PasswordNaClVector() throws {
        let key = try scrypt(password: Array("password".utf8), salt: Array("NaCl".utf8),
                             parameters: ScryptParameters(logN: 10, blockSize: 8, parallelization: 16), length: 64)
        #expect(hexString(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func scryptMatchesRFC7914SodiumChlorideVector() throws {
        // N = 16384, r = 8: 16 MiB, the same shape as the default at half the cost.
        let key = try scrypt(password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8),
                             parameters: ScryptParameters(logN: 14, blockSize: 8, parallelization: 1), length: 64)
        #expect(hexString(key) == "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
            + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")
    }

    @Test func scryptRefusesParametersOutsideTheAcceptedRange() {
        #expect(throws: CryptoFailure.self) {
            try scrypt(password: [], salt: [], parameters: ScryptParameters(logN: 40, blockSize: 8, parallelization: 1), length: 32)
        }
        #expect(throws: CryptoFailure.self) {
            try scrypt(password: [], salt: [], parameters: ScryptParameters(logN: 0, blockSize: 8, parallelization: 1), length: 32)
        }
    }

    // MARK: Stored hashes

    @Test func aPasswordVerifiesAgainstItsOwnHashAndNoOther() throws {
        let stored = try PasswordHash.make(password: "代表有约-2026!")
        #expect(PasswordHash.verify("代表有约-2026!", against: stored))
        #expect(!PasswordHash.verify("代表有约-2026", against: stored))
        #expect(!PasswordHash.verify("", against: stored))
        #expect(!PasswordHash.verify("代表有约-2026! ", against: stored))
    }

    @Test func theStoredFormNamesTheDefaultParametersAndASaltAndKey() throws {
        let stored = try PasswordHash.make(password: "secret")
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 4)
        #expect(fields[0] == "scrypt")
        #expect(fields[1] == "ln=15,r=8,p=1")
        #expect(fields[2].count == 22)  // 16 bytes in unpadded base64
        #expect(fields[3].count == 43)  // 32 bytes
        #expect(PasswordHash.parameters(of: stored) == .default)
        #expect(PasswordHash.parameters(of: stored) == ScryptParameters(logN: 15, blockSize: 8, parallelization: 1))
    }

    @Test func everyHashHasItsOwnSalt() throws {
        let cheap = ScryptParameters(logN: 4, blockSize: 1, parallelization: 1)
        let first = try PasswordHash.make(password: "same", parameters: cheap)
        let second = try PasswordHash.make(password: "same", parameters: cheap)
        #expect(first != second)
        #expect(PasswordHash.verify("same", against: first) && PasswordHash.verify("same", against: second))
    }

    @Test func otherParametersAreReadBackAndStillVerify() throws {
        let raised = ScryptParameters(logN: 12, blockSize: 8, parallelization: 2)
        let stored = try PasswordHash.make(password: "pw", parameters: raised)
        #expect(stored.hasPrefix("scrypt$ln=12,r=8,p=2$"))
        #expect(PasswordHash.parameters(of: stored) == raised)
        #expect(PasswordHash.verify("pw", against: stored))
        #expect(PasswordHash.needsRehash(stored, parameters: .default))
        #expect(!PasswordHash.needsRehash(stored, parameters: raised))
    }

    /// A hash made by another implementation: the example in Go's `golang.org/x/crypto/scrypt`
    /// documentation, `scrypt.Key("some password", c828f258a76aad7b, 1<<15, 8, 1, 32)` =
    /// `lGnMz8io…`, at the default parameters; so the stored form is not only self-consistent.
    @Test func aHashMadeElsewhereVerifies() {
        let stored = "scrypt$ln=15,r=8,p=1$yCjyWKdqrXs$lGnMz8io0AUkfzn6Pls1qX20Vs7PGN6sbYQ2TQgY12M"
        #expect(PasswordHash.parameters(of: stored) == .default)
        #expect(PasswordHash.verify("some password", against: stored))
        #expect(!PasswordHash.verify("some passwore", against: stored))
        #expect(PasswordHash.needsRehash(stored))  // an 8-byte salt: rehash to today's 16 bytes
    }

    @Test func aTamperedHashVerifiesNothing() throws {
        let cheap = ScryptParameters(logN: 4, blockSize: 1, parallelization: 1)
        let stored = try PasswordHash.make(password: "pw", parameters: cheap)
        var fields = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        let key = fields[3]
        // Flip one character of the key, of the salt, and lower the cost.
        fields[3] = String(key.prefix(5)) + (key.dropFirst(5).first == "A" ? "B" : "A") + String(key.dropFirst(6))
        #expect(!PasswordHash.verify("pw", against: fields.joined(separator: "$")))
        fields[3] = key
        #expect(PasswordHash.verify("pw", against: fields.joined(separator: "$")))
        let salt = fields[2]
        fields[2] = (salt.first == "A" ? "B" : "A") + String(salt.dropFirst())
        #expect(!PasswordHash.verify("pw", against: fields.joined(separator: "$")))
        fields[2] = salt
        fields[1] = "ln=5,r=1,p=1"
        #expect(!PasswordHash.verify("pw", against: fields.joined(separator: "$")))
    }

    @Test(arguments: [
        "",
        "scrypt",
        "scrypt$$$",
        "scrypt$ln=4,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg",  // no key
        "scrypt$ln=4,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AAAA$AAAA",  // a field too many
        "bcrypt$ln=4,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
        "scrypt$ln=4,r=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
        "scrypt$ln=04,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
        "scrypt$ln=-4,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
        "scrypt$ln=99999999999999999999,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
        // Asks for 2^40 × 128 bytes: refused before OpenSSL is asked.
        "scrypt$ln=40,r=8,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
        "scrypt$ln=4,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg==$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",  // padded
        "scrypt$ln=4,r=1,p=1$MDEy!zQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",
        "scrypt$ln=4,r=1,p=1$MDEy$MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY",  // 3-byte salt
        "scrypt$ln=4,r=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MDEy",  // 3-byte key
    ])
    func aMalformedHashIsFalseNotACrash(stored: String) {
        #expect(!PasswordHash.verify("pw", against: stored))
        #expect(PasswordHash.parameters(of: stored) == nil)
        #expect(PasswordHash.needsRehash(stored))
    }

    @Test func aHashMadeWithTheDefaultNeedsNoRehash() throws {
        let stored = try PasswordHash.make(password: "pw")
        #expect(!PasswordHash.needsRehash(stored))
        #expect(PasswordHash.needsRehash(stored, parameters: ScryptParameters(logN: 16, blockSize: 8, parallelization: 1)))
    }
}
