import Contracts
import Foundation
import ServiceKit

/// Signing keys for every service under test, made once per test process: each service under test
/// signs with its own (`<SERVICE>_SIGNING_KEYS_FILE`) and trusts the others' through a pinned key
/// set (`YOUYUE_TRUSTED_KEYS_FILE`), so a test needs no running console to act as a person.
public enum TestKeys {
    private static let folder: String = {
        let folder = NSTemporaryDirectory() + "youyue-test-keys-" + makeID(prefix: "k")
        var published: [PublicKeyEntry] = []
        for service in ServiceName.allCases {
            let file = SigningKeyFile(owner: service, keys: [newSigningKey(owner: service)])
            try! writeSigningKeyFile(file, to: "\(folder)/\(service.rawValue).json")
            published += TokenSigner(owner: service, keys: file).publicKeys().keys
        }
        FileManager.default.createFile(atPath: folder + "/trusted.json", contents: try! JSONEncoder().encode(PublicKeySet(keys: published)))
        return folder
    }()

    private static let signers: [ServiceName: TokenSigner] = Dictionary(uniqueKeysWithValues: ServiceName.allCases.map {
        ($0, try! TokenSigner(owner: $0, keyFile: keyFile($0)))
    })

    /// The key file `service` signs with under test.
    public static func keyFile(_ service: ServiceName) -> String { "\(folder)/\(service.rawValue).json" }

    /// Every test service's public keys, pinned.
    public static var trustedKeysFile: String { folder + "/trusted.json" }

    /// The signer of `service` (the console's signs people's tokens).
    public static func signer(_ service: ServiceName) -> TokenSigner { signers[service]! }

    /// The variables that give `service` its test key and trust in the others'.
    public static func environment(for service: ServiceName) -> [String: String] {
        ["\(service.environmentPrefix)_SIGNING_KEYS_FILE": keyFile(service), "YOUYUE_TRUSTED_KEYS_FILE": trustedKeysFile]
    }
}

/// A token for `principal` as the suite would issue it: a person's signed by the console, a
/// service's by that service.
public func testToken(_ principal: Principal, lifetime: TimeInterval = 600, now: Date = Date()) throws -> String {
    let signer = principal.role == .service ? TestKeys.signer(ServiceName(rawValue: principal.subject) ?? .console) : TestKeys.signer(.console)
    return try signer.mint(principal, lifetime: lifetime, now: now)
}
