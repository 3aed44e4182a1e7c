import Contracts
import Foundation
import Testing

@testable import ServiceKit
import TestSupport

@Suite("National algorithms")
struct NationalAlgorithmTests {
    @Test func sm3StandardVector() {
        #expect(hexString(sm3(Array("abc".utf8))) == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    @Test func sm4StandardVector() throws {
        let vector = try #require(bytes(hex: "0123456789abcdeffedcba9876543210"))
        #expect(hexString(try sm4EncryptBlockECB(key: vector, block: vector)) == "681edf34d206965e86b3e94f536e4246")
    }

    /// Value from `openssl dgst -sm3 -hmac Jefe` (and `openssl mac -digest SM3`) on this machine.
    @Test func hmacSM3KnownValue() {
        let mac = hmacSM3(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(hexString(mac) == "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882")
    }

    /// HMAC built by hand from SM3 (RFC 2104, 64-byte block) must agree with OpenSSL's.
    @Test(arguments: [0, 5, 64, 100])
    func hmacSM3MatchesRFC2104Construction(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let message = Array("人大代表联络站 message".utf8)
        var block = key.count > 64 ? sm3(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = sm3(block.map { $0 ^ 0x36 } + message)
        let expected = sm3(block.map { $0 ^ 0x5c } + inner)
        #expect(hmacSM3(key: key, message: message) == expected)
    }

    @Test func sm4CTRRoundTripsAndIsAStream() throws {
        let key = randomBytes(16)
        let iv = randomBytes(16)
        let plaintext = Array("十三个字节以外的任意长度".utf8)
        let ciphertext = try sm4CTR(key: key, iv: iv, plaintext)
        #expect(ciphertext.count == plaintext.count)
        #expect(ciphertext != plaintext)
        #expect(try sm4CTR(key: key, iv: iv, ciphertext) == plaintext)
        #expect(try sm4CTR(key: key, iv: iv, []) == [])
    }

    /// Keys prepared once must give exactly what the one-shot functions give, call after call:
    /// a counter or MAC state carried over from the previous call would show here.
    @Test(arguments: [32, 100])
    func preparedKeysMatchOneShotFunctions(macKeyLength: Int) throws {
        let encryptionKey = randomBytes(sm4KeyLength)
        let macKey = randomBytes(macKeyLength)
        let prepared = try PreparedNationalKeys(encryptionKey: encryptionKey, macKey: macKey)
        for length in [0, 1, 15, 16, 17, 33, 100, 5, 200] {
            let iv = randomBytes(sm4BlockLength)
            let plaintext = randomBytes(length)
            #expect(try prepared.sm4CTR(iv: iv, plaintext) == sm4CTR(key: encryptionKey, iv: iv, plaintext))
            let head = Array("sm4.k1.".utf8)
            #expect(prepared.hmacSM3(head, iv, plaintext) == hmacSM3(key: macKey, message: head + iv + plaintext))
            // A sealed payload is a fresh IV, the ciphertext from it, and the MAC over all before it.
            let payload = try plaintext.withUnsafeBytes { try prepared.seal($0, header: head) }
            let sealedIV = Array(payload.prefix(sm4BlockLength))
            let ciphertext = Array(payload.dropFirst(sm4BlockLength).dropLast(sm3DigestLength))
            #expect(payload.count == sm4BlockLength + length + sm3DigestLength)
            #expect(try ciphertext == sm4CTR(key: encryptionKey, iv: sealedIV, plaintext))
            #expect(Array(payload.suffix(sm3DigestLength)) == hmacSM3(key: macKey, message: head + sealedIV + ciphertext))
        }
        #expect(throws: CryptoFailure.self) { try prepared.sm4CTR(iv: [1, 2, 3], [0]) }
        #expect(throws: CryptoFailure.self) { try PreparedNationalKeys(encryptionKey: [1], macKey: macKey) }
    }

    @Test func sm4RejectsWrongKeyAndIVLengths() {
        #expect(throws: CryptoFailure.self) { try sm4CTR(key: randomBytes(15), iv: randomBytes(16), [1]) }
        #expect(throws: CryptoFailure.self) { try sm4CTR(key: randomBytes(16), iv: randomBytes(8), [1]) }
        #expect(throws: CryptoFailure.self) { try sm4EncryptBlockECB(key: randomBytes(16), block: randomBytes(15)) }
    }

    @Test func selfTestPasses() throws {
        try checkNationalCrypto()
    }

    @Test func suiteDigests() {
        #expect(CryptoSuite.national.hexDigest("abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        #expect(CryptoSuite.international.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(CryptoSuite.national.digest([]).count == 32)
    }

    @Test func randomBytesHaveTheRequestedLength() {
        #expect(randomBytes(0).isEmpty)
        #expect(randomBytes(16).count == 16)
        #expect(randomBytes(32) != randomBytes(32))
    }

    /// RFC 4648 §5 without padding, for every length of the last group, and back again.
    @Test func base64URLAgreesWithFoundationsBase64() throws {
        #expect(base64URLEncode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(base64URLEncode([0xfb, 0xff]) == "-_8")
        for length in 0...70 {
            let bytes = randomBytes(length)
            let standard = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(base64URLEncode(bytes) == standard)
            #expect(base64URLDecode(base64URLEncode(bytes)) == bytes)
        }
    }
}

@Suite("Field encryption")
struct FieldCipherTests {
    static let k1 = [UInt8](repeating: 0x11, count: 32)
    static let k2 = [UInt8](repeating: 0x22, count: 32)
    static let contact = "联系电话 13812345678，武汉市江汉区民意街道 12 号"

    func cipher(_ suite: CryptoSuite, current: String = "k1") throws -> FieldCipher {
        try FieldCipher(suite: suite, keys: ["k1": Self.k1, "k2": Self.k2], currentKeyID: current)
    }

    @Test(arguments: CryptoSuite.allCases)
    func roundTripWithChineseText(suite: CryptoSuite) throws {
        let cipher = try cipher(suite)
        for text in [Self.contact, "", "a", String(repeating: "代表", count: 500)] {
            let sealed = try cipher.seal(text)
            #expect(try cipher.open(sealed) == text)
            #expect(!sealed.contains("1381234"))
        }
    }

    /// Request threads seal at the same time, sharing OpenSSL contexts through a pool: each
    /// contact must come back as itself, never as another's text or a failed tag.
    @Test(arguments: CryptoSuite.allCases)
    func concurrentSealsEachOpenToTheirOwnText(suite: CryptoSuite) async throws {
        let cipher = try cipher(suite)
        let texts = (0..<400).map { "1381234\(String(format: "%04d", $0)) 代表\(String(repeating: "站", count: $0 % 40))" }
        let opened = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, try cipher.open(try cipher.seal(text))) }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        #expect(opened.count == texts.count)
        #expect(texts.indices.allSatisfy { opened[$0] == texts[$0] })
    }

    @Test func sealedTextNamesSuiteAndKey() throws {
        #expect(try cipher(.national).seal("x").hasPrefix("sm4.k1."))
        #expect(try cipher(.international).seal("x").hasPrefix("aes.k1."))
        #expect(try cipher(.national, current: "k2").seal("x").hasPrefix("sm4.k2."))
    }

    @Test(arguments: CryptoSuite.allCases)
    func twoSealsOfTheSameTextDiffer(suite: CryptoSuite) throws {
        let cipher = try cipher(suite)
        #expect(try cipher.seal(Self.contact) != cipher.seal(Self.contact))
    }

    @Test(arguments: CryptoSuite.allCases)
    func flippedCiphertextByteIsDetected(suite: CryptoSuite) throws {
        let cipher = try cipher(suite)
        let sealed = try cipher.seal(Self.contact)
        // Both layouts start with a 16- or 12-byte IV/nonce; byte 20 is ciphertext in both.
        let tampered = try flipping(sealed, payloadByte: 20)
        #expect(throws: FieldCipherError.tampered) { try cipher.open(tampered) }
    }

    @Test(arguments: CryptoSuite.allCases)
    func flippedTagByteIsDetected(suite: CryptoSuite) throws {
        let cipher = try cipher(suite)
        let sealed = try cipher.seal(Self.contact)
        let tampered = try flipping(sealed, payloadByte: -1)
        #expect(throws: FieldCipherError.tampered) { try cipher.open(tampered) }
    }

    @Test(arguments: CryptoSuite.allCases)
    func flippedIVByteIsDetected(suite: CryptoSuite) throws {
        let cipher = try cipher(suite)
        let tampered = try flipping(try cipher.seal(Self.contact), payloadByte: 0)
        #expect(throws: FieldCipherError.tampered) { try cipher.open(tampered) }
    }

    @Test(arguments: CryptoSuite.allCases)
    func changedKeyIDIsDetected(suite: CryptoSuite) throws {
        let cipher = try cipher(suite)
        let sealed = try cipher.seal(Self.contact)
        let moved = replacingKeyID(in: sealed, with: "k2")
        #expect(throws: FieldCipherError.tampered) { try cipher.open(moved) }
    }

    @Test func changedSuiteTagIsDetected() throws {
        let cipher = try cipher(.national)
        let sealed = try cipher.seal(Self.contact)
        let relabelled = "aes" + sealed.dropFirst(3)
        #expect(throws: FieldCipherError.self) { try cipher.open(relabelled) }
    }

    @Test(arguments: CryptoSuite.allCases)
    func keyRotationStillOpensOldValues(suite: CryptoSuite) throws {
        let before = try cipher(suite, current: "k1")
        let sealed = try before.seal(Self.contact)
        let after = try cipher(suite, current: "k2")
        #expect(try after.open(sealed) == Self.contact)
        #expect(try after.seal(Self.contact).contains(".k2."))
    }

    @Test func eitherSuiteOpensTheOthersValues() throws {
        let national = try cipher(.national)
        let international = try cipher(.international)
        #expect(try national.open(international.seal(Self.contact)) == Self.contact)
        #expect(try international.open(national.seal(Self.contact)) == Self.contact)
    }

    @Test(arguments: CryptoSuite.allCases)
    func unknownKeyIDIsReported(suite: CryptoSuite) throws {
        let sealed = try cipher(suite).seal(Self.contact)
        let ringWithoutK1 = try FieldCipher(suite: suite, keys: ["k2": Self.k2], currentKeyID: "k2")
        #expect(throws: FieldCipherError.unknownKey("k1")) { try ringWithoutK1.open(sealed) }
        #expect(throws: FieldCipherError.unknownKey("k9")) {
            try ringWithoutK1.open(replacingKeyID(in: sealed, with: "k9"))
        }
    }

    @Test func malformedValuesAreRejected() throws {
        let cipher = try cipher(.national)
        for text in ["", "plain", "sm4.k1", "sm4.k1.AAAA", "des.k1.AAAA", "sm4.k1.!!!!", "sm4.k1.a.b", "aes.k1.AAAA"] {
            #expect(throws: FieldCipherError.malformed) { try cipher.open(text) }
        }
    }

    @Test func badConfigurationIsRefused() {
        #expect(throws: FieldCipherError.unknownKey("k3")) {
            try FieldCipher(suite: .national, keys: ["k1": Self.k1], currentKeyID: "k3")
        }
        #expect(throws: FieldCipherError.badKeyLength(keyID: "k1", length: 16)) {
            try FieldCipher(suite: .national, keys: ["k1": Array(Self.k1.prefix(16))], currentKeyID: "k1")
        }
        #expect(throws: FieldCipherError.invalidKeyID("k.1")) {
            try FieldCipher(suite: .national, keys: ["k.1": Self.k1], currentKeyID: "k.1")
        }
    }

    // MARK: - Helpers

    private func flipping(_ sealed: String, payloadByte index: Int) throws -> String {
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var payload = try #require(base64URLDecode(parts[2]))
        let position = index >= 0 ? index : payload.count + index
        payload[position] ^= 0x01
        return "\(parts[0]).\(parts[1]).\(base64URLEncode(payload))"
    }

    private func replacingKeyID(in sealed: String, with keyID: String) -> String {
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return "\(parts[0]).\(keyID).\(parts[2])"
    }
}

private func bytes(hex: String) -> [UInt8]? {
    let characters = Array(hex.utf8)
    guard characters.count.isMultiple(of: 2) else { return nil }
    var result: [UInt8] = []
    for index in stride(from: 0, to: characters.count, by: 2) {
        guard let byte = UInt8(String(decoding: characters[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
        result.append(byte)
    }
    return result
}
