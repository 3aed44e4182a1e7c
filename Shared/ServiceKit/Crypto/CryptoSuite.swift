import Crypto
import Foundation

/// Which family of algorithms the deployment uses. `national` (国密: SM3, SM4) is the default
/// required for government systems; `international` (SHA-256, AES-GCM) is the configuration switch.
public enum CryptoSuite: String, Sendable, CaseIterable {
    case national
    case international

    /// SM3 or SHA-256; both 32 bytes. Used for the audit hash chain and request hashing.
    public func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .national: sm3(bytes)
        case .international: Array(SHA256.hash(data: bytes))
        }
    }

    /// Lowercase hex digest of the string's UTF-8 bytes.
    public func hexDigest(_ string: String) -> String {
        hexDigest(Array(string.utf8))
    }

    /// Lowercase hex digest of `bytes`.
    public func hexDigest(_ bytes: [UInt8]) -> String {
        hexString(digest(bytes))
    }
}
