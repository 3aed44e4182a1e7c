import COpenSSL
import Contracts

/// SM4-CTR and HMAC-SM3 under one pair of keys, with what depends on the keys alone done once:
/// SM4's key schedule, and the SM3 states after HMAC's two padded key blocks. Every call starts
/// from copies of those states, made into borrowed contexts (SM4's from this key's pool, SM3's
/// from `sm3Contexts`). Copying only reads them, so one instance serves every thread.
final class PreparedNationalKeys: @unchecked Sendable {
    private let encryption: OpaquePointer
    private let macInner: OpaquePointer
    private let macOuter: OpaquePointer
    /// SM4 contexts holding this key's schedule; each call sets only the IV.
    private let ciphers: OpenSSLContextPool

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
        // Only read (copied from) once set up, by any thread.
        nonisolated(unsafe) let template = encryption
        ciphers = OpenSSLContextPool(
            make: {
                guard let context = EVP_CIPHER_CTX_new() else { return nil }
                guard EVP_CIPHER_CTX_copy(context, template) == 1 else {
                    EVP_CIPHER_CTX_free(context)
                    return nil
                }
                return context
            },
            free: { EVP_CIPHER_CTX_free($0) })
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
        return try [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
            try iv.withUnsafeBytes { iv in
                try input.withUnsafeBytes { input in try encryptCTR(iv: iv, input, into: UnsafeMutableRawBufferPointer(output)) }
            }
            count = input.count
        }
    }

    /// HMAC-SM3 over the concatenation of `parts`. Does not throw, for the reason `sm3` gives.
    func hmacSM3(_ parts: [UInt8]...) -> [UInt8] {
        let message = Array(parts.joined())
        return [UInt8](unsafeUninitializedCapacity: sm3DigestLength) { output, count in
            message.withUnsafeBytes { mac($0, into: UnsafeMutableRawBufferPointer(output)) }
            count = sm3DigestLength
        }
    }

    /// A sealed field's payload: a fresh random IV, SM4-CTR of `plaintext` from it, and
    /// HMAC-SM3 over `header` ‖ IV ‖ ciphertext. Written into one buffer, without the arrays the
    /// steps would make one by one: this runs on every write that stores a citizen's contact.
    func seal(_ plaintext: UnsafeRawBufferPointer, header: [UInt8]) throws -> [UInt8] {
        let macStart = sm4BlockLength + plaintext.count
        return try [UInt8](unsafeUninitializedCapacity: macStart + sm3DigestLength) { buffer, count in
            let payload = UnsafeMutableRawBufferPointer(buffer)
            let iv = UnsafeMutableRawBufferPointer(rebasing: payload[..<sm4BlockLength])
            fillWithSecureRandomBytes(iv)
            try encryptCTR(iv: UnsafeRawBufferPointer(iv), plaintext,
                           into: UnsafeMutableRawBufferPointer(rebasing: payload[sm4BlockLength..<macStart]))
            header.withUnsafeBytes { header in
                mac(header, UnsafeRawBufferPointer(rebasing: payload[..<macStart]),
                    into: UnsafeMutableRawBufferPointer(rebasing: payload[macStart...]))
            }
            count = macStart + sm3DigestLength
        }
    }

    /// SM4-CTR of `input` from the counter block `iv`, into `output` (as long as `input`).
    private func encryptCTR(iv: UnsafeRawBufferPointer, _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        try ciphers.borrow { context in
            // Key NULL: only the IV is set, and the counter starts again from it.
            guard EVP_EncryptInit_ex(context, nil, nil, nil, iv.baseAddress?.assumingMemoryBound(to: UInt8.self)) == 1
            else { throw CryptoFailure(operation: "EVP_EncryptInit_ex(SM4-CTR)") }
            // Nothing to encrypt: CTR has no final block to write, and OpenSSL refuses a NULL input.
            guard let source = input.baseAddress, let target = output.baseAddress, input.count > 0 else { return }
            var written: Int32 = 0
            guard EVP_EncryptUpdate(context, target.assumingMemoryBound(to: UInt8.self), &written,
                                    source.assumingMemoryBound(to: UInt8.self), Int32(input.count)) == 1,
                  Int(written) == input.count
            else { throw CryptoFailure(operation: "EVP_EncryptUpdate(SM4-CTR)") }
        }
    }

    /// HMAC-SM3 over `first` ‖ `second`, into `output` (32 bytes). Two parts at most, as pointers:
    /// no array is made for them on the way.
    private func mac(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                     into output: UnsafeMutableRawBufferPointer) {
        let ok = (try? sm3Contexts.borrow { context in mac(first, second, into: output, on: context) }) ?? false
        precondition(ok, "SM3 unavailable in the system OpenSSL: \(CryptoFailure(operation: "HMAC-SM3"))")
    }

    private func mac(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                     on context: OpaquePointer) -> Bool {
        var ok = EVP_MD_CTX_copy_ex(context, macInner) == 1
        // An empty part is skipped: its buffer may have no address.
        ok = ok && (first.isEmpty || EVP_DigestUpdate(context, first.baseAddress, first.count) == 1)
        ok = ok && (second.isEmpty || EVP_DigestUpdate(context, second.baseAddress, second.count) == 1)
        // The inner digest goes into `output`, which the outer one then overwrites.
        let digest = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        ok = ok && EVP_DigestFinal_ex(context, digest, nil) == 1
        ok = ok && EVP_MD_CTX_copy_ex(context, macOuter) == 1
        ok = ok && EVP_DigestUpdate(context, digest, sm3DigestLength) == 1
        ok = ok && EVP_DigestFinal_ex(context, digest, nil) == 1
        return ok
    }
}
