import Foundation

/// The parts of a stored password hash, `scrypt$ln=15,r=8,p=1$<salt>$<key>`, and its text.
struct StoredPasswordHash: Equatable {
    let parameters: ScryptParameters
    let salt: [UInt8]
    let key: [UInt8]

    /// What a stored salt and key may measure; anything else is not a hash this code made.
    static let acceptedSaltLength = 8...64
    static let acceptedKeyLength = 16...64

    init(parameters: ScryptParameters, salt: [UInt8], key: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.key = key
    }

    /// Reads exactly the form `text` writes; nil for anything else.
    init?(text: String) {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0] == PasswordHash.scheme,
              let parameters = ScryptParameters(stored: fields[1]), parameters.isAccepted,
              let salt = Self.decodeBase64(fields[2]), Self.acceptedSaltLength.contains(salt.count),
              let key = Self.decodeBase64(fields[3]), Self.acceptedKeyLength.contains(key.count)
        else { return nil }
        self.init(parameters: parameters, salt: salt, key: key)
    }

    var text: String {
        [PasswordHash.scheme, parameters.description, Self.encodeBase64(salt), Self.encodeBase64(key)]
            .joined(separator: "$")
    }

    static func encodeBase64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Standard base64 without padding, and only in the one spelling `encodeBase64` writes.
    static func decodeBase64(_ text: Substring) -> [UInt8]? {
        guard !text.contains("="), text.utf8.count % 4 != 1 else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
        guard let bytes = Data(base64Encoded: padded).map(Array.init), encodeBase64(bytes) == text else { return nil }
        return bytes
    }
}
