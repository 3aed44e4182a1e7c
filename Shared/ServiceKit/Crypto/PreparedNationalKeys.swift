import COpenSSL

/// SM4-CTR and HMAC-SM3 under one pair of keys, with what depends on the keys alone done once:
/// SM4's key schedule, and the SM3 states after HMAC's two padded key blocks. Every call starts
/// from copies of those states. Copying only reads them, so one instance serves every thread.
final class PreparedNationalKeys: @unchecked Sendable {
    private let encryption: OpaquePointer
    private let macInner: OpaquePointer
    private let macOuter: OpaquePointer

    init(encryptionKey: [UInt8], macKey: [UInt8]) throws {
        guard encryptionKey.count == sm4KeyLength else {
            throw CryptoFailure(operation: "SM4-CTR", detail: "key must be \(sm4KeyLength) bytes, got \(encryptionKey.count)")
        }
        guard let encryption = EVP_CIPHER_CTX_new(), let macInner = EVP_MD_CTX_new(), let macOuter = EVP_MD_CTX_new() else {
            throw CryptoFailure(operation: "EVP_CIPHER_CTX_new")
        }
        self.encryption = encryption
        self.macInner = macInner
        self.macOuter = macOuter
        let zeroIV = [UInt8](repeating: 0, count: sm4BlockLength)
        guard EVP_EncryptInit_ex(encryption, fetched.sm4CTR, nil, encryptionKey, zeroIV) == 1,
              EVP_CIPHER_CTX_set_padding(encryption, 0) == 1
        else { throw CryptoFailure(operation: "EVP_EncryptInit_ex(SM4-CTR)") }
        // RFC 2104: the key, hashed if longer than a block, padded to SM3's 64-byte block.
        var block = macKey.count > sm3BlockLength ? sm3(macKey) : macKey
        block += [UInt8](repeating: 0, count: sm3BlockLength - block.count)
        for (context, pad) in [(macInner, UInt8(0x36)), (macOuter, UInt8(0x5c))] {
            let padded = block.map { $0 ^ pad }
            guard EVP_DigestInit_ex(context, fetched.sm3, nil) == 1, EVP_DigestUpdate(context, padded, padded.count) == 1 else {
                throw CryptoFailure(operation: "EVP_DigestInit_ex(SM3)")
            }
        }
    }

    deinit {
        EVP_CIPHER_CTX_free(encryption)
        EVP_MD_CTX_free(macInner)
        EVP_MD_CTX_free(macOuter)
    }

    /// SM4 in CTR mode from the initial counter block `iv`; the same call encrypts and decrypts.
    func sm4CTR(iv: [UInt8], _ input: [UInt8]) throws -> [UInt8] {
        guard iv.count == sm4BlockLength else {
            throw CryptoFailure(operation: "SM4-CTR", detail: "IV must be \(sm4BlockLength) bytes, got \(iv.count)")
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoFailure(operation: "EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        // Key NULL: only the IV is set, and the counter starts again from it.
        guard EVP_CIPHER_CTX_copy(context, encryption) == 1, EVP_EncryptInit_ex(context, nil, nil, nil, iv) == 1 else {
            throw CryptoFailure(operation: "EVP_EncryptInit_ex(SM4-CTR)")
        }
        return try sm4Finish(context, name: "SM4-CTR", input: input)
    }

    /// HMAC-SM3 over the concatenation of `parts`. Does not throw, for the reason `sm3` gives.
    func hmacSM3(_ parts: [UInt8]...) -> [UInt8] {
        var inner = [UInt8](repeating: 0, count: sm3DigestLength)
        var mac = [UInt8](repeating: 0, count: sm3DigestLength)
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var ok = context != nil && EVP_MD_CTX_copy_ex(context, macInner) == 1
        for part in parts where ok {
            ok = part.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) } == 1
        }
        ok = ok && EVP_DigestFinal_ex(context, &inner, nil) == 1
        ok = ok && EVP_MD_CTX_copy_ex(context, macOuter) == 1
        ok = ok && EVP_DigestUpdate(context, inner, inner.count) == 1
        ok = ok && EVP_DigestFinal_ex(context, &mac, nil) == 1
        precondition(ok, "SM3 unavailable in the system OpenSSL: \(CryptoFailure(operation: "HMAC-SM3"))")
        return mac
    }
}
