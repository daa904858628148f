//! The ground floor's parsers, shared by every layer above: DER, URLs, PEM
//! and base64url. They import nothing from the rest of the crate.

pub mod der;
pub mod pem;
pub mod url;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// base64url, padding accepted but not required.
pub const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);
