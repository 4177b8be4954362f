//! The built-in detectors, one file per kind of value. Each is called by the scanner
//! (`super::scan`) at a candidate position and keeps only what validates: octet ranges,
//! `Ipv6Addr` parsing, Luhn and issuer ranges, IBAN country lengths and mod-97, SSN
//! area/group/serial rules, phone digit counts, base58check and bech32 checksums, token
//! formats. Look-alikes (order numbers, versions, timestamps, UUIDs, hashes, failed
//! checksums) stay.

pub(super) mod card;
pub(super) mod column;
pub(super) mod crypto;
pub(super) mod email;
pub(super) mod iban;
pub(super) mod ip;
pub(super) mod mac;
pub(super) mod phone;
pub(super) mod ssn;
pub(super) mod tokens;

use super::Span;

/// Entity names, as Presidio spells them where it has one.
pub mod kind {
    /// An e-mail address.
    pub const EMAIL: &str = "EMAIL_ADDRESS";
    /// An IPv4 or IPv6 address.
    pub const IP: &str = "IP_ADDRESS";
    /// A payment card number.
    pub const CARD: &str = "CREDIT_CARD";
    /// An IBAN.
    pub const IBAN: &str = "IBAN_CODE";
    /// A US social security number.
    pub const SSN: &str = "US_SSN";
    /// A telephone number.
    pub const PHONE: &str = "PHONE_NUMBER";
    /// A MAC (EUI-48) address.
    pub const MAC: &str = "MAC_ADDRESS";
    /// A cryptocurrency address (Bitcoin, Ethereum).
    pub const CRYPTO: &str = "CRYPTO";
    /// A credential: an access token, a private key, a password in a URL.
    pub const CREDENTIAL: &str = "CREDENTIAL";
    /// Every built-in kind, for `--types` and config checks.
    pub const ALL: [&str; 9] = [EMAIL, IP, CARD, IBAN, SSN, PHONE, MAC, CRYPTO, CREDENTIAL];
}

pub(super) fn push(out: &mut Vec<Span>, start: usize, end: usize, kind: &'static str, score: f32) {
    out.push(Span {
        start,
        end,
        kind,
        score,
    });
}

#[cfg(test)]
pub(super) mod tests;
