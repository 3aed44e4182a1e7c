import TestSupport
import ServiceKit
import Testing

@Suite("SM2 signatures")
struct SM2SignatureTests {
    @Test("a signed document verifies with the signer's public key, and not after any change or under another key")
    func signAndVerify() throws {
        let (privateKey, publicKey) = try generateSM2KeyPair()
        let document = Array(#"{"referral":"ref-1","field":"生态环境和资源保护"}"#.utf8)
        let signature = try sm2Sign(document, privateKey: privateKey)
        #expect(sm2Verify(signature, of: document, publicKey: publicKey))
        var changed = document
        changed[changed.count - 3] ^= 0x01
        #expect(!sm2Verify(signature, of: changed, publicKey: publicKey))
        let other = try generateSM2KeyPair()
        #expect(!sm2Verify(signature, of: document, publicKey: other.publicKey))
        #expect(!sm2Verify([1, 2, 3], of: document, publicKey: publicKey))
        #expect(!sm2Verify(signature, of: document, publicKey: [0x30, 0x00]))
        // SM2 signatures are randomised: signing twice gives two different, valid signatures.
        let again = try sm2Sign(document, privateKey: privateKey)
        #expect(again != signature && sm2Verify(again, of: document, publicKey: publicKey))
    }

    @Test("the public key is a SubjectPublicKeyInfo on the SM2 curve, readable by other implementations")
    func publicKeyShape() throws {
        let (_, publicKey) = try generateSM2KeyPair()
        // SEQUENCE, and the SM2 curve OID 1.2.156.10197.1.301 inside.
        #expect(publicKey.first == 0x30)
        let sm2Curve: [UInt8] = [0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D]
        #expect(publicKey.indices.contains { publicKey[$0...].starts(with: sm2Curve) })
    }
}

@Suite("Document signing")
struct DocumentSignerTests {
    @Test("each suite signs with its algorithm, keeps its key across restarts, and verifies only untouched documents", arguments: CryptoSuite.allCases)
    func signer(suite: CryptoSuite) throws {
        let path = try temporaryFolder() + "/signing.key"
        let signer = try DocumentSigner.loadOrCreate(at: path, suite: suite)
        let again = try DocumentSigner.loadOrCreate(at: path, suite: suite)
        #expect(again.publicKey == signer.publicKey)
        #expect(signer.algorithm == (suite == .national ? "SM2-with-SM3" : "ECDSA-P256-SHA256"))
        let document = Array("检察建议书 第1号".utf8)
        let signature = try signer.sign(document)
        #expect(verifyDocument(document, signature: signature, publicKey: signer.publicKey, algorithm: signer.algorithm))
        #expect(!verifyDocument(document + [0x20], signature: signature, publicKey: signer.publicKey, algorithm: signer.algorithm))
        #expect(!verifyDocument(document, signature: signature, publicKey: signer.publicKey, algorithm: "MD5"))
    }
}
