import COpenSSL
import Foundation

// The national algorithms (国密) SM3 and SM4 through the system OpenSSL 3 EVP API.
// OpenSSL has no SM4-GCM, so authenticated encryption is built in FieldCipher from
// SM4-CTR plus HMAC-SM3 (encrypt-then-MAC).

/// An OpenSSL call failed; `operation` names the call, `detail` is OpenSSL's error text.
public struct CryptoFailure: Error, Equatable, CustomStringConvertible {
    public let operation: String
    public let detail: String

    public init(operation: String, detail: String = CryptoFailure.drainOpenSSLErrors()) {
        self.operation = operation
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(operation) failed" : "\(operation) failed: \(detail)"
    }

    /// Reads and clears OpenSSL's thread-local error queue, so a later failure is not
    /// blamed on an earlier one.
    public static func drainOpenSSLErrors() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.joined(separator: "; ")
    }
}

public let sm3DigestLength = 32
public let sm4KeyLength = 16
public let sm4BlockLength = 16

/// The algorithms fetched from OpenSSL's provider once. Passing `EVP_sm3()` and friends makes
/// OpenSSL 3 look the algorithm up again on every call, which cost more than the hashing itself.
struct FetchedAlgorithms: @unchecked Sendable {
    let sm3: OpaquePointer?
    let sm4CTR: OpaquePointer?
    let sm4ECB: OpaquePointer?
}

// Fetched objects are immutable and reference-counted, safe to share across threads.
let fetched = FetchedAlgorithms(
    sm3: EVP_MD_fetch(nil, "SM3", nil),
    sm4CTR: EVP_CIPHER_fetch(nil, "SM4-CTR", nil),
    sm4ECB: EVP_CIPHER_fetch(nil, "SM4-ECB", nil))

/// SM3's input block, which HMAC pads the key to.
let sm3BlockLength = 64

/// SM3 digest (GB/T 32905), 32 bytes.
///
/// Does not throw: SM3 over memory cannot fail unless the system OpenSSL lacks SM3, which
/// `checkNationalCrypto()` reports at start-up. Carrying on with a wrong digest would corrupt
/// audit chains, so that case stops the process.
public func sm3(_ bytes: [UInt8]) -> [UInt8] {
    sm3(parts: [bytes])
}

/// SM3 over the concatenation of `parts`, without building it. Every audit entry is hashed here.
func sm3(parts: [[UInt8]]) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: sm3DigestLength)
    var length: UInt32 = 0
    let ok = (try? sm3Contexts.borrow { context in
        var ok = EVP_DigestInit_ex(context, fetched.sm3, nil) == 1
        for part in parts where ok {
            ok = part.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) } == 1
        }
        return ok && EVP_DigestFinal_ex(context, &digest, &length) == 1
    }) ?? false
    precondition(ok && Int(length) == sm3DigestLength, "SM3 unavailable in the system OpenSSL: \(CryptoFailure(operation: "EVP_Digest"))")
    return digest
}

/// Digest contexts for SM3, borrowed by `sm3` and by sealing's HMAC-SM3; each sets its context up
/// again before use.
let sm3Contexts = OpenSSLContextPool(make: { EVP_MD_CTX_new() }, free: { EVP_MD_CTX_free($0) })

/// HMAC-SM3 (RFC 2104 over SM3), 32 bytes. Non-throwing for the same reason as `sm3`.
/// Built on the fetched SM3: OpenSSL's one-shot `HMAC()` fetches the MAC and the digest by name
/// on every call.
public func hmacSM3(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var block = key.count > sm3BlockLength ? sm3(key) : key
    block += [UInt8](repeating: 0, count: sm3BlockLength - block.count)
    let inner = sm3(parts: [block.map { $0 ^ 0x36 }, message])
    return sm3(parts: [block.map { $0 ^ 0x5c }, inner])
}

/// SM4 in CTR mode. CTR is symmetric, so the same call encrypts and decrypts.
/// The IV is the 16-byte initial counter block and must never repeat under one key.
public func sm4CTR(key: [UInt8], iv: [UInt8], _ input: [UInt8]) throws -> [UInt8] {
    try sm4Run(cipher: fetched.sm4CTR, name: "SM4-CTR", key: key, iv: iv, input: input)
}

/// Encrypts exactly one 16-byte block with SM4 in ECB mode. Only for checking the standard
/// test vector; never use ECB for data.
public func sm4EncryptBlockECB(key: [UInt8], block: [UInt8]) throws -> [UInt8] {
    guard block.count == sm4BlockLength else {
        throw CryptoFailure(operation: "SM4-ECB", detail: "block must be \(sm4BlockLength) bytes, got \(block.count)")
    }
    return try sm4Run(cipher: fetched.sm4ECB, name: "SM4-ECB", key: key, iv: nil, input: block)
}

/// Checks the standard SM3 and SM4 vectors, so a service can refuse to start on a system
/// OpenSSL built without the national algorithms.
public func checkNationalCrypto() throws {
    guard fetched.sm3 != nil, fetched.sm4CTR != nil, fetched.sm4ECB != nil else {
        throw CryptoFailure(operation: "national algorithms", detail: "system OpenSSL lacks SM3 or SM4")
    }
    guard hexString(sm3(Array("abc".utf8))) == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" else {
        throw CryptoFailure(operation: "SM3 self-test", detail: "wrong digest for \"abc\"")
    }
    let vector: [UInt8] = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10]
    guard hexString(try sm4EncryptBlockECB(key: vector, block: vector)) == "681edf34d206965e86b3e94f536e4246" else {
        throw CryptoFailure(operation: "SM4 self-test", detail: "wrong ciphertext for the standard vector")
    }
}

/// Lowercase hexadecimal.
public func hexString(_ bytes: [UInt8]) -> String {
    // Written straight into the string: every audit entry's hash passes through here, on the writer.
    String(unsafeUninitializedCapacity: bytes.count * 2) { text in
        for (index, byte) in bytes.enumerated() {
            text[2 * index] = lowercaseHexDigits[Int(byte >> 4)]
            text[2 * index + 1] = lowercaseHexDigits[Int(byte & 0x0f)]
        }
        return bytes.count * 2
    }
}

private let lowercaseHexDigits = Array("0123456789abcdef".utf8)

// MARK: - Plumbing

private func sm4Run(cipher: OpaquePointer?, name: String, key: [UInt8], iv: [UInt8]?, input: [UInt8]) throws -> [UInt8] {
    guard key.count == sm4KeyLength else {
        throw CryptoFailure(operation: name, detail: "key must be \(sm4KeyLength) bytes, got \(key.count)")
    }
    if let iv, iv.count != sm4BlockLength {
        throw CryptoFailure(operation: name, detail: "IV must be \(sm4BlockLength) bytes, got \(iv.count)")
    }
    guard let cipher else { throw CryptoFailure(operation: name, detail: "cipher unavailable in the system OpenSSL") }
    guard let context = EVP_CIPHER_CTX_new() else { throw CryptoFailure(operation: "EVP_CIPHER_CTX_new") }
    defer { EVP_CIPHER_CTX_free(context) }

    let initialised = iv.map { EVP_EncryptInit_ex(context, cipher, nil, key, $0) } ?? EVP_EncryptInit_ex(context, cipher, nil, key, nil)
    guard initialised == 1 else {
        throw CryptoFailure(operation: "EVP_EncryptInit_ex(\(name))")
    }
    // Callers pass whole blocks (ECB) or use a stream mode (CTR); padding would only hide mistakes.
    guard EVP_CIPHER_CTX_set_padding(context, 0) == 1 else {
        throw CryptoFailure(operation: "EVP_CIPHER_CTX_set_padding(\(name))")
    }
    return try sm4Finish(context, name: name, input: input)
}

/// Runs `input` through a context whose key and IV are set, and returns the output.
func sm4Finish(_ context: OpaquePointer, name: String, input: [UInt8]) throws -> [UInt8] {
    var output = [UInt8](repeating: 0, count: input.count + sm4BlockLength)
    var written: Int32 = 0
    var finalWritten: Int32 = 0
    let updated = withNonNullPointer(input) { pointer, count in
        EVP_EncryptUpdate(context, &output, &written, pointer, Int32(count))
    }
    guard updated == 1 else { throw CryptoFailure(operation: "EVP_EncryptUpdate(\(name))") }
    let finished = output.withUnsafeMutableBufferPointer { buffer in
        EVP_EncryptFinal_ex(context, buffer.baseAddress.map { $0 + Int(written) }, &finalWritten)
    }
    guard finished == 1 else { throw CryptoFailure(operation: "EVP_EncryptFinal_ex(\(name))") }
    return Array(output.prefix(Int(written + finalWritten)))
}

/// OpenSSL rejects some NULL pointers even with a zero length, while an empty Swift array may
/// hand out none; a one-byte stand-in keeps the call well-formed.
func withNonNullPointer<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> Result) -> Result {
    let storage: [UInt8] = bytes.isEmpty ? [0] : bytes
    return storage.withUnsafeBufferPointer { buffer in
        // `storage` is never empty, so it always has an address.
        body(buffer.baseAddress!, bytes.count)
    }
}
