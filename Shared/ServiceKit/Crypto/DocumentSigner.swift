import Crypto
import Foundation

/// Signs documents that cross to another agency, so the receiver can check who sent them and
/// that nobody changed them: SM2 with SM3 under the national suite, ECDSA P-256 with SHA-256
/// under the international one. The public key is published for the other side.
public struct DocumentSigner: Sendable {
    public let algorithm: String
    private let privateKey: [UInt8]
    /// SubjectPublicKeyInfo DER.
    public let publicKey: [UInt8]
    private let suite: CryptoSuite

    public init(suite: CryptoSuite, privateKey: [UInt8]) throws {
        self.suite = suite
        self.privateKey = privateKey
        switch suite {
        case .national:
            algorithm = "SM2-with-SM3"
            publicKey = try sm2PublicKey(ofPrivateKey: privateKey)
        case .international:
            algorithm = "ECDSA-P256-SHA256"
            publicKey = Array(try P256.Signing.PrivateKey(derRepresentation: privateKey).publicKey.derRepresentation)
        }
    }

    /// The key in `path` (base64 of the private key's DER), created on first use with mode 0600.
    public static func loadOrCreate(at path: String, suite: CryptoSuite) throws -> DocumentSigner {
        if let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }),
           let der = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return try DocumentSigner(suite: suite, privateKey: Array(der))
        }
        let der: [UInt8] = switch suite {
        case .national: try generateSM2KeyPair().privateKey
        case .international: Array(P256.Signing.PrivateKey().derRepresentation)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: path, contents: Data(Data(der).base64EncodedString().utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError(variable: path, value: "", expected: "a writable place for the signing key")
        }
        return try DocumentSigner(suite: suite, privateKey: der)
    }

    public func sign(_ document: [UInt8]) throws -> [UInt8] {
        switch suite {
        case .national: try sm2Sign(document, privateKey: privateKey)
        case .international: Array(try P256.Signing.PrivateKey(derRepresentation: privateKey).signature(for: document).derRepresentation)
        }
    }
}

/// Checks a document signed by the other agency with its published key and algorithm.
public func verifyDocument(_ document: [UInt8], signature: [UInt8], publicKey: [UInt8], algorithm: String) -> Bool {
    switch algorithm {
    case "SM2-with-SM3":
        return sm2Verify(signature, of: document, publicKey: publicKey)
    case "ECDSA-P256-SHA256":
        guard let key = try? P256.Signing.PublicKey(derRepresentation: publicKey),
              let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
        return key.isValidSignature(parsed, for: document)
    default:
        return false
    }
}
