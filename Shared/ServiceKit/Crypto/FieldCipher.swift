import Contracts
import COpenSSL
import Crypto
import Foundation

/// Encrypts personal-data fields (a citizen's phone or contact) for storage.
///
/// A sealed value is text: `<suiteTag>.<keyID>.<base64url payload>`, e.g. `sm4.k1.…` or
/// `aes.k1.…`. Because it names its suite and key, `open` works for any key still in the ring
/// and for either suite, whichever is current; rotation only changes what `seal` uses.
///
/// - `sm4`: SM4-CTR with a random 16-byte IV, then HMAC-SM3 over header ‖ IV ‖ ciphertext
///   (encrypt-then-MAC, separate keys derived from the master key). Payload: IV ‖ ciphertext ‖ tag.
/// - `aes`: AES-256-GCM with the header as authenticated data. Payload: nonce ‖ ciphertext ‖ tag.
///
/// The header is the text prefix `<suiteTag>.<keyID>.`, so moving a ciphertext to another key id
/// or suite tag fails authentication.
public struct FieldCipher: Sendable {
    public let suite: CryptoSuite
    public let currentKeyID: String
    private let keyRing: [String: DerivedKeys]
    /// What `seal` uses, looked up once: the current key's derived keys and the header naming them.
    private let sealing: (keys: DerivedKeys, header: [UInt8])

    public static let masterKeyLength = 32

    public init(suite: CryptoSuite, keys: [String: [UInt8]], currentKeyID: String) throws {
        for (keyID, master) in keys {
            guard Self.isValidKeyID(keyID) else { throw FieldCipherError.invalidKeyID(keyID) }
            guard master.count == Self.masterKeyLength else {
                throw FieldCipherError.badKeyLength(keyID: keyID, length: master.count)
            }
        }
        let keyRing = try keys.mapValues(DerivedKeys.init(master:))
        guard let current = keyRing[currentKeyID] else { throw FieldCipherError.unknownKey(currentKeyID) }
        self.suite = suite
        self.currentKeyID = currentKeyID
        self.keyRing = keyRing
        sealing = (current, Self.header(tag: SuiteTag(suite), keyID: currentKeyID))
    }

    public func seal(_ plaintext: String) throws -> String {
        var plaintext = plaintext
        let payload = try plaintext.withUTF8 { plaintext in
            switch suite {
            case .national: try sealing.keys.national.seal(UnsafeRawBufferPointer(plaintext), header: sealing.header)
            case .international: try Self.sealAES(UnsafeRawBufferPointer(plaintext), header: sealing.header, keys: sealing.keys)
            }
        }
        // The header is the sealed text's own beginning.
        return base64URLEncode(payload, after: sealing.header)
    }

    public func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let tag = SuiteTag(rawValue: String(parts[0])),
              let payload = base64URLDecode(parts[2])
        else { throw FieldCipherError.malformed }
        let keyID = String(parts[1])
        guard let keys = keyRing[keyID] else { throw FieldCipherError.unknownKey(keyID) }

        let header = Self.header(tag: tag, keyID: keyID)
        let plaintext: [UInt8]
        switch tag {
        case .sm4: plaintext = try Self.openSM4(payload, header: header, keys: keys)
        case .aes: plaintext = try Self.openAES(payload, header: header, keys: keys)
        }
        // Authentic bytes that are not UTF-8 were not sealed by `seal`.
        guard let text = String(validating: plaintext, as: UTF8.self) else { throw FieldCipherError.malformed }
        return text
    }

    // MARK: - SM4-CTR + HMAC-SM3

    private static let sm4IVLength = 16
    private static let sm3TagLength = 32

    private static func openSM4(_ payload: [UInt8], header: [UInt8], keys: DerivedKeys) throws -> [UInt8] {
        guard payload.count >= sm4IVLength + sm3TagLength else { throw FieldCipherError.malformed }
        let iv = Array(payload.prefix(sm4IVLength))
        let ciphertext = Array(payload.dropFirst(sm4IVLength).dropLast(sm3TagLength))
        let tag = Array(payload.suffix(sm3TagLength))
        // Verify before decrypting: never act on unauthenticated ciphertext.
        let expected = keys.national.hmacSM3(header, iv, ciphertext)
        guard constantTimeEqual(expected, tag) else { throw FieldCipherError.tampered }
        return try keys.national.sm4CTR(iv: iv, ciphertext)
    }

    // MARK: - AES-256-GCM

    private static func sealAES(_ plaintext: UnsafeRawBufferPointer, header: [UInt8], keys: DerivedKeys) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: keys.aesGCM, authenticating: header)
        // Always present with the default 12-byte nonce.
        guard let combined = box.combined else { throw FieldCipherError.malformed }
        return Array(combined)
    }

    private static func openAES(_ payload: [UInt8], header: [UInt8], keys: DerivedKeys) throws -> [UInt8] {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.SealedBox(combined: payload)
        } catch {
            throw FieldCipherError.malformed
        }
        do {
            return Array(try AES.GCM.open(box, using: keys.aesGCM, authenticating: header))
        } catch {
            throw FieldCipherError.tampered
        }
    }

    // MARK: - Keys and framing

    private static func header(tag: SuiteTag, keyID: String) -> [UInt8] {
        Array("\(tag.rawValue).\(keyID).".utf8)
    }

    /// Key ids appear inside the sealed text, so they may not contain the `.` separator.
    private static func isValidKeyID(_ keyID: String) -> Bool {
        !keyID.isEmpty && keyID.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}

public enum FieldCipherError: Error, Equatable, Sendable {
    /// Not a sealed value: wrong shape, unknown suite tag, bad base64, too short.
    case malformed
    /// The sealed value names a key that is not in the key ring (or the current key is missing).
    case unknownKey(String)
    /// Authentication failed: the ciphertext, tag, suite tag or key id was altered.
    case tampered
    /// A master key is not 32 bytes.
    case badKeyLength(keyID: String, length: Int)
    /// A key id is empty or has characters other than letters, digits, `-` and `_`.
    case invalidKeyID(String)
}

/// The tag written in front of a sealed value.
private enum SuiteTag: String {
    case sm4
    case aes

    init(_ suite: CryptoSuite) {
        switch suite {
        case .national: self = .sm4
        case .international: self = .aes
        }
    }
}

/// Separate keys for each purpose, derived once from a 32-byte master key, so that the
/// encryption key is never used as a MAC key and the two suites never share a key.
private struct DerivedKeys: Sendable {
    let national: PreparedNationalKeys
    let aesGCM: SymmetricKey

    init(master: [UInt8]) throws {
        national = try PreparedNationalKeys(
            encryptionKey: Array(hmacSM3(key: master, message: Array("youyue-enc".utf8)).prefix(sm4KeyLength)),
            macKey: hmacSM3(key: master, message: Array("youyue-mac".utf8)))
        aesGCM = SymmetricKey(data: HMAC<SHA256>.authenticationCode(
            for: Array("youyue-aes-gcm".utf8), using: SymmetricKey(data: master)))
    }
}

/// Cryptographically secure random bytes from the kernel (`fillWithSecureRandomBytes`): asking
/// byte by byte cost a syscall per byte, and OpenSSL 3's `RAND_bytes` several microseconds of
/// locking per call.
public func randomBytes(_ count: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: max(count, 0))
    bytes.withUnsafeMutableBytes { fillWithSecureRandomBytes($0) }
    return bytes
}

/// Compares without an early exit, so timing does not reveal how many tag bytes matched.
func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices {
        difference |= lhs[index] ^ rhs[index]
    }
    return difference == 0
}
