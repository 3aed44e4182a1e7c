/// Why a token was refused. Deliberately coarse: callers answer 401 for all of them.
public enum TokenRejection: Error, Equatable, Sendable {
    /// Not a JWT, or its claims do not decode (unknown role, missing district, …).
    case malformed
    /// Not ES256, or the signature does not verify with the key its `kid` names.
    case badSignature
    /// The `kid` names no key of a trusted signer (after one refresh of that signer's keys).
    case unknownKey
    /// Signed by a key whose owner may not speak for this subject: a service's key on a person's
    /// token, or on another service's.
    case wrongSigner
    case expired
    /// Meant to live longer than any Youyue token may (12 hours).
    case tooLongLived
    case wrongIssuer
    case wrongAudience
    /// Issued later than now by more than the allowed clock skew: minted by a clock that is wrong,
    /// or by someone stretching a token's life beyond what its issuer meant.
    case issuedInFuture
}
