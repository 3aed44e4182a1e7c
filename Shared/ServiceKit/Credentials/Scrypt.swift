import COpenSSL

/// scrypt (RFC 7914) through the system OpenSSL's `EVP_PBE_scrypt`.
///
/// Throws when OpenSSL refuses the parameters (for example N not a power of two above 1, or
/// more memory than allowed), which callers treat as "cannot hash", never as a match.
public func scrypt(password: [UInt8], salt: [UInt8], parameters: ScryptParameters, length: Int) throws -> [UInt8] {
    guard parameters.isAccepted else {
        throw CryptoFailure(operation: "EVP_PBE_scrypt", detail: "parameters \(parameters) out of the accepted range")
    }
    guard length > 0 else { throw CryptoFailure(operation: "EVP_PBE_scrypt", detail: "key length must be positive") }
    var key = [UInt8](repeating: 0, count: length)
    let derived = withNonNullPointer(password) { passwordPointer, passwordCount in
        withNonNullPointer(salt) { saltPointer, saltCount in
            passwordPointer.withMemoryRebound(to: CChar.self, capacity: max(passwordCount, 1)) { passwordChars in
                EVP_PBE_scrypt(
                    passwordChars, passwordCount, saltPointer, saltCount,
                    parameters.cost, UInt64(parameters.blockSize), UInt64(parameters.parallelization),
                    // Exactly what these parameters need plus a little: OpenSSL's 32 MiB default
                    // is just short of N = 2^15, r = 8.
                    parameters.memoryBytes + 1024 * 1024, &key, length)
            }
        }
    }
    guard derived == 1 else { throw CryptoFailure(operation: "EVP_PBE_scrypt") }
    return key
}
