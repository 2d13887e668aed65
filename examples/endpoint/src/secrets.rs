//! Random reference numbers and tokens, body hashes, and the challenge signature.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Characters of a reference number: digits and capitals without `0`, `O`, `1` and `I`, which
/// citizens mix up when they read a number out on the phone. 32 of them, so a random byte
/// modulo 32 is uniform.
const REFERENCE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Bytes of randomness in a status token: 256 bits.
const TOKEN_BYTES: usize = 32;

/// `N` bytes from the operating system's random number generator.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator works");
    bytes
}

/// A fresh reference number such as `OZG-7K3M-Q9TD` (40 random bits).
pub(crate) fn new_reference() -> String {
    let random = random_bytes::<8>();
    let mut reference = String::with_capacity(13);
    reference.push_str("OZG-");
    for (i, byte) in random.iter().enumerate() {
        if i == 4 {
            reference.push('-');
        }
        reference.push(char::from(REFERENCE_ALPHABET[usize::from(byte % 32)]));
    }
    reference
}

/// Whether `value` has the shape of a reference number.
pub(crate) fn is_reference(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("OZG-") else {
        return false;
    };
    let bytes = rest.as_bytes();
    bytes.len() == 9
        && bytes[4] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || REFERENCE_ALPHABET.contains(b))
}

/// A fresh status token: 256 random bits as lowercase hex.
pub(crate) fn new_token() -> String {
    hex::encode(random_bytes::<TOKEN_BYTES>())
}

/// Lowercase hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether `token` hashes to `stored_hash`, compared in constant time so that the answer time
/// tells nothing about how much of a guessed token was right.
pub(crate) fn token_matches(token: &str, stored_hash: &str) -> bool {
    let presented = sha256_hex(token.as_bytes());
    bool::from(presented.as_bytes().ct_eq(stored_hash.as_bytes()))
}

/// Lowercase hex HMAC-SHA256 of `message` under `key`.
pub(crate) fn sign(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of every length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        for _ in 0..200 {
            let reference = new_reference();
            assert!(is_reference(&reference), "{reference}");
            assert!(
                !reference[4..].contains(['0', 'O', '1', 'I']),
                "{reference}"
            );
        }
        let cases = [
            ("OZG-7K3M-Q9TD", true),
            ("OZG-7K3M-Q9T", false),
            ("OZG-7K3MQ-9TD", false),
            ("OZG-0K3M-Q9TD", false),
            ("ozg-7k3m-q9td", false),
            ("XYZ-7K3M-Q9TD", false),
            ("", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_reference(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn tokens() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token, new_token());
        let hash = sha256_hex(token.as_bytes());
        assert!(token_matches(&token, &hash));
        assert!(!token_matches(&new_token(), &hash));
        assert!(!token_matches(&token, ""));
    }

    #[test]
    fn known_digests() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // RFC 4231, test case 2.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
