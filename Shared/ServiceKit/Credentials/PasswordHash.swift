import Foundation

/// Staff passwords hashed with scrypt, stored as one self-describing string with the parameters
/// beside the hash, so the cost can be raised later and old hashes still verify:
///
///     scrypt$ln=15,r=8,p=1$<salt, base64>$<key, base64>
///
/// Base64 is the standard alphabet without padding; the salt is 16 random bytes, the key 32.
public enum PasswordHash {
    static let scheme = "scrypt"
    static let saltLength = 16
    static let keyLength = 32

    /// Hashes `password` (its UTF-8 bytes, as typed) with a fresh random salt.
    public static func make(password: String, parameters: ScryptParameters = .default) throws -> String {
        let salt = randomBytes(saltLength)
        let key = try scrypt(password: Array(password.utf8), salt: salt, parameters: parameters, length: keyLength)
        return StoredPasswordHash(parameters: parameters, salt: salt, key: key).text
    }

    /// Whether `password` is the one `stored` was made from. A malformed, truncated or tampered
    /// string, or one naming parameters outside the accepted range, is `false`, never a crash.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let stored = StoredPasswordHash(text: stored),
              let key = try? scrypt(password: Array(password.utf8), salt: stored.salt,
                                    parameters: stored.parameters, length: stored.key.count)
        else { return false }
        return constantTimeEqual(key, stored.key)
    }

    /// Whether `stored` should be replaced by a new hash at the next successful sign-in: it was
    /// made with other parameters or lengths than `make` now uses, or cannot be read at all.
    public static func needsRehash(_ stored: String, parameters: ScryptParameters = .default) -> Bool {
        guard let stored = StoredPasswordHash(text: stored) else { return true }
        return stored.parameters != parameters || stored.salt.count != saltLength || stored.key.count != keyLength
    }

    /// The parameters `stored` was made with, or nil when it is not a readable scrypt hash.
    public static func parameters(of stored: String) -> ScryptParameters? {
        StoredPasswordHash(text: stored)?.parameters
    }
}
