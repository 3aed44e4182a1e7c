import COpenSSL

// SM2 signatures (GB/T 32918) with SM3 through the system OpenSSL 3, for documents that cross
// between agencies. Keys travel as DER: PKCS#8 for the private key, SubjectPublicKeyInfo for the
// public key, which any other SM2 implementation reads.

/// The signer ID SM2 mixes into the digest; GB/T 35276 fixes this default when none is agreed.
let sm2DefaultID = Array("1234567812345678".utf8)

/// A new SM2 key pair: (private PKCS#8 DER, public SubjectPublicKeyInfo DER).
public func generateSM2KeyPair() throws -> (privateKey: [UInt8], publicKey: [UInt8]) {
    guard let context = EVP_PKEY_CTX_new_from_name(nil, "SM2", nil) else { throw CryptoFailure(operation: "EVP_PKEY_CTX_new_from_name(SM2)") }
    defer { EVP_PKEY_CTX_free(context) }
    var key: OpaquePointer?
    guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_generate(context, &key) == 1, let key else {
        throw CryptoFailure(operation: "EVP_PKEY_generate(SM2)")
    }
    defer { EVP_PKEY_free(key) }
    return (try derBytes { i2d_PrivateKey(key, $0) }, try derBytes { i2d_PUBKEY(key, $0) })
}

/// The SM2 signature (DER-encoded r, s) of `message` under the private key.
public func sm2Sign(_ message: [UInt8], privateKey: [UInt8]) throws -> [UInt8] {
    guard let key = withNonNullPointer(privateKey, { pointer, count -> OpaquePointer? in
        var cursor: UnsafePointer<UInt8>? = pointer
        return d2i_AutoPrivateKey(nil, &cursor, count)
    }) else { throw CryptoFailure(operation: "d2i_AutoPrivateKey") }
    defer { EVP_PKEY_free(key) }
    guard let digest = EVP_MD_CTX_new() else { throw CryptoFailure(operation: "EVP_MD_CTX_new") }
    defer { EVP_MD_CTX_free(digest) }
    var keyContext: OpaquePointer?
    guard EVP_DigestSignInit_ex(digest, &keyContext, "SM3", nil, nil, key, nil) == 1,
          sm2DefaultID.withUnsafeBytes({ EVP_PKEY_CTX_set1_id(keyContext, $0.baseAddress, Int32($0.count)) }) == 1 else {
        throw CryptoFailure(operation: "EVP_DigestSignInit_ex(SM2)")
    }
    var length = 0
    var signature = [UInt8](repeating: 0, count: 80)
    let ok = withNonNullPointer(message) { pointer, count -> Int32 in
        length = signature.count
        return EVP_DigestSign(digest, &signature, &length, pointer, count)
    }
    guard ok == 1 else { throw CryptoFailure(operation: "EVP_DigestSign(SM2)") }
    return Array(signature.prefix(length))
}

/// Whether `signature` is the SM2 signature of `message` under the public key.
public func sm2Verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
    guard let key = withNonNullPointer(publicKey, { pointer, count -> OpaquePointer? in
        var cursor: UnsafePointer<UInt8>? = pointer
        return d2i_PUBKEY(nil, &cursor, count)
    }) else { _ = CryptoFailure.drainOpenSSLErrors(); return false }
    defer { EVP_PKEY_free(key) }
    // OpenSSL 3 decodes a key on the SM2 curve as an SM2 key, so it verifies with SM2 rules.
    guard EVP_PKEY_is_a(key, "SM2") == 1 else { return false }
    guard let digest = EVP_MD_CTX_new() else { return false }
    defer { EVP_MD_CTX_free(digest) }
    var keyContext: OpaquePointer?
    guard EVP_DigestVerifyInit_ex(digest, &keyContext, "SM3", nil, nil, key, nil) == 1,
          sm2DefaultID.withUnsafeBytes({ EVP_PKEY_CTX_set1_id(keyContext, $0.baseAddress, Int32($0.count)) }) == 1 else {
        _ = CryptoFailure.drainOpenSSLErrors()
        return false
    }
    let result = withNonNullPointer(signature) { signaturePointer, signatureCount in
        withNonNullPointer(message) { messagePointer, messageCount in
            EVP_DigestVerify(digest, signaturePointer, signatureCount, messagePointer, messageCount)
        }
    }
    _ = CryptoFailure.drainOpenSSLErrors()
    return result == 1
}

/// Runs an OpenSSL `i2d_*` encoder twice: once for the length, once into the buffer.
private func derBytes(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) throws -> [UInt8] {
    let length = encode(nil)
    guard length > 0 else { throw CryptoFailure(operation: "i2d") }
    var bytes = [UInt8](repeating: 0, count: Int(length))
    let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
        return encode(&cursor)
    }
    guard written == length else { throw CryptoFailure(operation: "i2d") }
    return bytes
}

/// The public key (SubjectPublicKeyInfo DER) of an SM2 private key (PKCS#8 DER).
public func sm2PublicKey(ofPrivateKey privateKey: [UInt8]) throws -> [UInt8] {
    guard let key = withNonNullPointer(privateKey, { pointer, count -> OpaquePointer? in
        var cursor: UnsafePointer<UInt8>? = pointer
        return d2i_AutoPrivateKey(nil, &cursor, count)
    }) else { throw CryptoFailure(operation: "d2i_AutoPrivateKey") }
    defer { EVP_PKEY_free(key) }
    return try derBytes { i2d_PUBKEY(key, $0) }
}
