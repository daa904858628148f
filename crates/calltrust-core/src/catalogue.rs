//! The finding catalogue: every id calltrust can emit, with the severities it
//! is emitted at, what it means, what to do and the one clause it comes from
//! (SPEC §3). `calltrust findings` prints it; a debug build refuses to emit
//! an id that is not here, and tests check the SPEC's ids are.

use serde::Serialize;

use crate::model::{FindingId, Severity, ids};

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Entry {
    pub id: FindingId,
    pub severities: &'static [Severity],
    pub title: &'static str,
    pub meaning: &'static str,
    pub action: &'static str,
    pub clause: &'static str,
}

use Severity::{Error as E, Info as I, Pass as P, Warning as W};

macro_rules! entry {
    ($id:expr, [$($s:expr),*], $title:literal, $meaning:literal, $action:literal, $clause:literal) => {{
        static ENTRY: Entry = Entry { id: $id, severities: &[$($s),*], title: $title, meaning: $meaning, action: $action, clause: $clause };
        &ENTRY
    }};
}

/// The entry of an id: an exhaustive match, so an id without an entry does
/// not compile.
pub fn entry(id: FindingId) -> &'static Entry {
    match id {
        FindingId::InputUnrecognized => entry!(
            ids::INPUT_UNRECOGNIZED,
            [E],
            "Input not recognised",
            "The paste is none of the accepted forms (webhook, HTTP request, CallToken, SIP message or response, Identity header, PASSporT, verstat, certificate).",
            "Paste the payload itself; the detail names the accepted forms and where parsing stopped.",
            "calltrust: the input forms it reads (README)"
        ),
        FindingId::InputTooLarge => entry!(
            ids::INPUT_TOO_LARGE,
            [E],
            "Input too large",
            "The input is over 16 MiB; calltrust refuses it rather than freeze.",
            "Paste only the payload, not a whole capture or log.",
            "calltrust: the input forms it reads (README)"
        ),
        FindingId::InputEncoding => entry!(
            ids::INPUT_ENCODING,
            [W],
            "Input is not valid UTF-8",
            "Invalid bytes were replaced before inspection.",
            "Check the file's encoding; a binary file may not be a payload.",
            "RFC 3629 (UTF-8)"
        ),
        FindingId::InputNote => entry!(
            ids::INPUT_NOTE,
            [I, W],
            "Note about the input",
            "Something in the paste was skipped or bounded (listing numbers, text between PEM blocks, too many tokens).",
            "Nothing, unless the skipped part mattered.",
            "calltrust: the input forms it reads (README)"
        ),
        FindingId::InputMalformed => entry!(
            ids::INPUT_MALFORMED,
            [E, W],
            "Input is malformed",
            "A part of the input could not be parsed (a broken object, a truncated DER file).",
            "Fix the part the location points at, or paste it again unaltered.",
            "calltrust: the input forms it reads (README)"
        ),
        FindingId::PassportMalformed => entry!(
            ids::PASSPORT_MALFORMED,
            [E, W],
            "PASSporT malformed",
            "Not three base64url segments, or header/payload not JSON objects or not UTF-8.",
            "Get the token exactly as received.",
            "RFC 7515 §7.1 (JWS Compact Serialization)"
        ),
        FindingId::PassportCompactForm => entry!(
            ids::PASSPORT_COMPACT_FORM,
            [E, I],
            "Compact form",
            "The payload segment is empty (compact form); SHAKEN requires the full form.",
            "The signer must send full-form PASSporTs.",
            "RFC 8225 §7 (Compact Form)"
        ),
        FindingId::PassportAlg => entry!(
            ids::PASSPORT_ALG,
            [E, P],
            "alg is not ES256",
            "The header's alg is not ES256 (none, HS*, RS* included).",
            "The signer must use ES256.",
            "RFC 8588 §3 (SHAKEN PASSporT header)"
        ),
        FindingId::PassportPpt => entry!(
            ids::PASSPORT_PPT,
            [E, W, I, P],
            "ppt missing or inconsistent",
            "ppt is missing, unknown, or differs between header and Identity parameter.",
            "The signer must set ppt (shaken, div…) in both places.",
            "RFC 8225 §8.1 (ppt header parameter)"
        ),
        FindingId::PassportTyp => entry!(
            ids::PASSPORT_TYP,
            [E, P],
            "typ is not passport",
            "The header's typ is missing or not \"passport\".",
            "The signer must set typ passport.",
            "RFC 8225 §4.1 (typ)"
        ),
        FindingId::PassportX5u => entry!(
            ids::PASSPORT_X5U,
            [E, W, P],
            "x5u unusable",
            "x5u is missing, not https, on another port than 443/8443, or carries userinfo/query/fragment.",
            "The signer must publish its certificate at an https URL on 443/8443 without credentials or query.",
            "ATIS-1000074 §5.3.1 (x5u)"
        ),
        FindingId::PassportCanonical => entry!(
            ids::PASSPORT_CANONICAL,
            [I, P],
            "JSON not canonical",
            "Header or payload JSON is not in the canonical form (sorted members, no whitespace).",
            "Usually harmless: the signature covers the bytes as sent.",
            "RFC 8225 §9 (Deterministic JSON Serialization)"
        ),
        FindingId::IdentityInfoMismatch => entry!(
            ids::IDENTITY_INFO_MISMATCH,
            [E, I, P],
            "info is not x5u",
            "The Identity header's info parameter is missing or differs from the PASSporT's x5u.",
            "The signer must set info to the x5u URL.",
            "RFC 8224 §4.1 (Identity header info)"
        ),
        FindingId::ClaimMissing => entry!(
            ids::CLAIM_MISSING,
            [E, P],
            "Required claim missing",
            "A required claim is absent (SHAKEN: attest, dest, iat, orig, origid; DIV: div).",
            "The signer must include every required claim.",
            "RFC 8588 §4 (SHAKEN claims)"
        ),
        FindingId::ClaimFormat => entry!(
            ids::CLAIM_FORMAT,
            [E, W],
            "Claim has the wrong shape",
            "A claim has the wrong JSON type or structure (orig not an object, dest.tn not an array…).",
            "The signer must follow the claim syntax.",
            "RFC 8225 §5.2 (orig and dest)"
        ),
        FindingId::ClaimAttest => entry!(
            ids::CLAIM_ATTEST,
            [E, P],
            "attest is not A, B or C",
            "The attestation level is not one of A, B, C.",
            "The signer must send A, B or C.",
            "RFC 8588 §4 (attest)"
        ),
        FindingId::ClaimIatFormat => entry!(
            ids::CLAIM_IAT_FORMAT,
            [E, W, I],
            "iat is not a number",
            "iat is not a JSON number (e.g. a string).",
            "The signer must send iat as a NumericDate number.",
            "RFC 7519 §2 (NumericDate)"
        ),
        FindingId::TnNotE164 => entry!(
            ids::TN_NOT_E164,
            [E, W, P],
            "Number is not E.164",
            "A telephone number claim is not canonical E.164 digits.",
            "The signer must send digits only, with country code.",
            "RFC 8224 §8.3 (canonical telephone numbers)"
        ),
        FindingId::ClaimConstraints => entry!(
            ids::CLAIM_CONSTRAINTS,
            [E, W, P],
            "Claim constraints broken",
            "The PASSporT breaks the signing certificate's JWTClaimConstraints or EnhancedJWTClaimConstraints (a claim required, forbidden, or outside its permitted values).",
            "The signer may only sign what its certificate allows.",
            "RFC 8226 §8 (JWTClaimConstraints)"
        ),
        FindingId::TnNotAuthorized => entry!(
            ids::TN_NOT_AUTHORIZED,
            [E, P],
            "orig not authorised by the certificate",
            "orig is outside the TNs and TN ranges of the delegate certificate that signed it.",
            "The signer must use a certificate covering the calling number.",
            "RFC 9060 §6 (delegate certificates)"
        ),
        FindingId::OrigMismatch => entry!(
            ids::ORIG_MISMATCH,
            [E, W, P],
            "orig is not the calling number",
            "orig does not match From / P-Asserted-Identity / the webhook's caller.",
            "Find out who changed the caller ID after signing, or whether it was spoofed.",
            "RFC 8224 §6.2 (verifier behaviour)"
        ),
        FindingId::DestMismatch => entry!(
            ids::DEST_MISMATCH,
            [E, W, P],
            "dest is not the called number",
            "dest does not contain the called number (To / Request-URI / webhook Called).",
            "Check forwarding and number translation between signer and verifier.",
            "RFC 8224 §6.2 (verifier behaviour)"
        ),
        FindingId::DisplayNameNumber => entry!(
            ids::DISPLAY_NAME_NUMBER,
            [W],
            "Display name shows another number",
            "A From/P-Asserted-Identity/To display name carries a telephone number or URI other than the header's URI: the callee's screen may show it, but nothing signed it and calltrust never reads the caller from it.",
            "Judge the caller by the URI and the signed orig; report the display name to the carrier that delivered it.",
            "RFC 3261 §25.1 (name-addr: the display name is not the address)"
        ),
        FindingId::DisplayNameBidi => entry!(
            ids::DISPLAY_NAME_BIDI,
            [W],
            "Bidirectional controls in a display name",
            "A display name or RCD nam holds Unicode bidi controls (U+202A–U+202E, U+2066–U+2069) that can make it display in another order than it is stored.",
            "Treat the name as untrusted text; report it to the carrier that delivered it.",
            "Unicode UAX #9 (bidirectional algorithm); RFC 9795 (nam)"
        ),
        FindingId::IatStale => entry!(
            ids::IAT_STALE,
            [E, I, P],
            "iat too old",
            "iat is older than the allowed window before the reference time.",
            "Judge at the time of the call (SIP Date or --at); against now this is only informational.",
            "RFC 8224 §6.2.1 (freshness)"
        ),
        FindingId::IatFuture => entry!(
            ids::IAT_FUTURE,
            [E, W, I],
            "iat in the future",
            "iat is later than the reference time beyond the window.",
            "The signer's clock is wrong, or the reference time is.",
            "RFC 8224 §6.2.1 (freshness)"
        ),
        FindingId::IatOk => entry!(
            ids::IAT_OK,
            [P],
            "iat within the window",
            "iat is within the window of the reference time.",
            "Nothing.",
            "RFC 8224 §6.2.1 (freshness)"
        ),
        FindingId::DateStale => entry!(
            ids::DATE_STALE,
            [E, I, P],
            "Date header out of the window",
            "The SIP Date header is outside the window of the given time (or now).",
            "Give the call's time (--at); a verifier at that time answers 403 Stale Date.",
            "RFC 8224 §6.2.1 (Date freshness)"
        ),
        FindingId::DivChain => entry!(
            ids::DIV_CHAIN,
            [E, W, I, P],
            "DIV PASSporT does not chain",
            "A DIV PASSporT's orig differs from the SHAKEN orig, or its div is not the previous dest.",
            "The diverting provider must copy orig and set div to the previous dest.",
            "RFC 8946 §4 (DIV verification)"
        ),
        FindingId::CalltokenMalformed => entry!(
            ids::CALLTOKEN_MALFORMED,
            [E, W],
            "CallToken malformed",
            "The CallToken is not the documented JSON shape.",
            "Pass the CallToken through verbatim.",
            "Twilio: Trusted Calling with SHAKEN/STIR (CallToken)"
        ),
        FindingId::CalltokenFromMismatch => entry!(
            ids::CALLTOKEN_FROM_MISMATCH,
            [E, W, I, P],
            "CallToken from differs from the caller",
            "The CallToken's parent from is not the webhook's From: forwarding with it would be rejected.",
            "Forward with From set to the parent call's from.",
            "Twilio: Trusted Calling with SHAKEN/STIR (CallToken)"
        ),
        FindingId::CalltokenToMismatch => entry!(
            ids::CALLTOKEN_TO_MISMATCH,
            [W, P],
            "CallToken to differs from the called number",
            "The CallToken's parent to is not the webhook's To.",
            "Check that the token belongs to this call.",
            "Twilio: Trusted Calling with SHAKEN/STIR (CallToken)"
        ),
        FindingId::VerstatPassed => entry!(
            ids::VERSTAT_PASSED,
            [P],
            "Carrier verification passed",
            "The carrier's verstat says the PASSporT verified.",
            "Route by attestation.",
            "Twilio: StirVerstat"
        ),
        FindingId::VerstatFailed => entry!(
            ids::VERSTAT_FAILED,
            [E],
            "Carrier verification failed",
            "The carrier's verstat says verification failed.",
            "Treat the caller ID as unverified.",
            "Twilio: StirVerstat"
        ),
        FindingId::VerstatNoValidation => entry!(
            ids::VERSTAT_NO_VALIDATION,
            [W],
            "Carrier did not validate",
            "No-TN-Validation: nothing verifiable reached the carrier.",
            "See the typical causes in the detail.",
            "Twilio: StirVerstat"
        ),
        FindingId::VerstatUnknown => entry!(
            ids::VERSTAT_UNKNOWN,
            [W],
            "Unknown verstat",
            "The verstat value is not one Twilio or 3GPP documents.",
            "Check the value as received.",
            "Twilio: StirVerstat"
        ),
        FindingId::VerstatAttestMismatch => entry!(
            ids::VERSTAT_ATTEST_MISMATCH,
            [E, W, P],
            "verstat level differs from attest",
            "The verstat's attestation level is not the PASSporT's attest.",
            "Check which PASSporT the carrier verified.",
            "Twilio: StirVerstat"
        ),
        FindingId::SignatureValid => entry!(
            ids::SIGNATURE_VALID,
            [P],
            "Signature verifies",
            "The ES256 signature verifies with the named key; alone it proves only who signed.",
            "Check the chain (chain-valid) before trusting the signer.",
            "RFC 8225 §6 (PASSporT Signature)"
        ),
        FindingId::SignatureInvalid => entry!(
            ids::SIGNATURE_INVALID,
            [E],
            "Signature does not verify",
            "The ES256 signature does not verify: tampering, re-encoding, or the wrong certificate.",
            "Get the header exactly as received and the certificate from its x5u.",
            "RFC 8225 §6 (PASSporT Signature)"
        ),
        FindingId::SignatureNotChecked => entry!(
            ids::SIGNATURE_NOT_CHECKED,
            [W, I],
            "Signature not checked",
            "No usable key: the signature was neither verified nor refuted.",
            "Supply or fetch the x5u certificate.",
            "RFC 8225 §6 (PASSporT Signature)"
        ),
        FindingId::SignatureEncoding => entry!(
            ids::SIGNATURE_ENCODING,
            [E],
            "Signature not 64-byte r‖s",
            "The signature is DER or the wrong length; JOSE ES256 needs raw r‖s.",
            "The signer must convert DER signatures to r‖s.",
            "RFC 7518 §3.4 (ES256)"
        ),
        FindingId::CertValidity => entry!(
            ids::CERT_VALIDITY,
            [E, W, P],
            "Certificate not valid at the time",
            "The signing certificate was not valid at iat or at the reference time.",
            "The signer must renew its certificate.",
            "RFC 5280 §4.1.2.5 (Validity)"
        ),
        FindingId::CertKey => entry!(
            ids::CERT_KEY,
            [E, W, P],
            "Certificate key not P-256",
            "The signing certificate has no P-256 key, so it cannot verify ES256.",
            "The signer needs a P-256 STI certificate.",
            "ATIS-1000080 §6.4.1 (STI certificate requirements)"
        ),
        FindingId::CertTnauthlist => entry!(
            ids::CERT_TNAUTHLIST,
            [E, W, P],
            "TNAuthList missing or malformed",
            "The certificate has no usable RFC 8226 TNAuthList.",
            "The STI-CA must issue the certificate with a TNAuthList.",
            "RFC 8226 §9 (TNAuthList)"
        ),
        FindingId::CertUnusable => entry!(
            ids::CERT_UNUSABLE,
            [W, I],
            "Certificate or key unusable",
            "A supplied file holds no readable certificate or key (or a private key, which is ignored).",
            "Supply the PEM the x5u serves, a public key or a JWK.",
            "RFC 7468 (PEM)"
        ),
        FindingId::CertCaSigner => entry!(
            ids::CERT_CA_SIGNER,
            [W],
            "Signed with a CA certificate",
            "The PASSporT was signed with a CA certificate; SHAKEN signers use end-entity certificates.",
            "Check who signed it.",
            "ATIS-1000080 §6.4.1 (STI certificate requirements)"
        ),
        FindingId::ChainValid => entry!(
            ids::CHAIN_VALID,
            [P],
            "Certificate chain valid",
            "Every link is a CA allowed to sign, valid, acceptably signed, ending at a configured anchor; rustls-webpki agrees.",
            "Nothing.",
            "RFC 5280 §6.1 (path validation)"
        ),
        FindingId::ChainIncomplete => entry!(
            ids::CHAIN_INCOMPLETE,
            [E],
            "Chain incomplete",
            "An issuer certificate is missing.",
            "Get the intermediates (a correct x5u bundle).",
            "RFC 5280 §6.1 (path validation)"
        ),
        FindingId::ChainUntrusted => entry!(
            ids::CHAIN_UNTRUSTED,
            [E],
            "Chain not trusted",
            "The path ends at a certificate that is not a configured anchor.",
            "Configure the STI-PA's approved STI-CA roots; do not trust unknown CAs.",
            "RFC 5280 §6.1 (path validation)"
        ),
        FindingId::ChainInvalid => entry!(
            ids::CHAIN_INVALID,
            [E],
            "Chain breaks RFC 5280",
            "A path exists but a link breaks a rule (expired, not a CA, SHA-1, pathLen, revoked…).",
            "The signer needs a certificate from a valid STI-CA chain.",
            "RFC 5280 §6.1 (path validation)"
        ),
        FindingId::ChainNotChecked => entry!(
            ids::CHAIN_NOT_CHECKED,
            [W],
            "Chain not checked",
            "No trust anchors are configured: the signer was not traced to an STI-CA.",
            "Add the STI-PA's trust anchors.",
            "RFC 5280 §6.1 (path validation)"
        ),
        FindingId::CertRevoked => entry!(
            ids::CERT_REVOKED,
            [E, P],
            "Certificate revoked",
            "A certificate of the chain is on a CRL (or, pass: checked and not listed).",
            "Treat the call as unverified; tell the signing provider.",
            "RFC 5280 §6.1.3 (revocation)"
        ),
        FindingId::RevocationNotChecked => entry!(
            ids::REVOCATION_NOT_CHECKED,
            [I],
            "Revocation not checked",
            "No usable CRL for some link: whether it is revoked is unknown.",
            "Give the STI-PA's CRL or fetch the distribution points.",
            "RFC 5280 §6.1.3 (revocation)"
        ),
        FindingId::CrlUnusable => entry!(
            ids::CRL_UNUSABLE,
            [W],
            "CRL not used",
            "A CRL could not be read, or its signature does not verify with its issuer, or it is out of date.",
            "Get the CRL again from its distribution point.",
            "RFC 5280 §5 (CRL profile)"
        ),
        FindingId::CertCompliance => entry!(
            ids::CERT_COMPLIANCE,
            [W, I],
            "STI certificate rule failed",
            "A certificate breaks an ATIS-1000080 / US SHAKEN CP / RFC 5280 profile rule; verifiers usually still accept it.",
            "Send the rule to whoever the finding names (service provider or STI-CA).",
            "ATIS-1000080 §6.4.1 (STI certificate requirements)"
        ),
        FindingId::X5uRepository => entry!(
            ids::X5U_REPOSITORY,
            [W, I],
            "Certificate repository rule failed",
            "The x5u URL or its response breaks an ecosystem repository rule.",
            "The signing provider must fix how it serves its certificate.",
            "ATIS-1000074 §5.3.1 (x5u)"
        ),
        FindingId::X5uFetch => entry!(
            ids::X5U_FETCH,
            [I, W],
            "Certificate fetch",
            "What happened to an opt-in x5u fetch.",
            "If it failed, download the certificate another way.",
            "ATIS-1000074 §5.3.1 (x5u)"
        ),
        FindingId::IdentityMissing => entry!(
            ids::IDENTITY_MISSING,
            [I],
            "No Identity header",
            "The SIP request carries no Identity header; a strict verifier answers 428.",
            "Capture the INVITE before proxies strip headers.",
            "RFC 8224 §6.2.2 (428 Use Identity Header)"
        ),
        FindingId::SipResponse => entry!(
            ids::SIP_RESPONSE,
            [I, W, P],
            "SIP response explained",
            "What a pasted SIP response and its Reason mean for STIR/SHAKEN, and whether it agrees with calltrust.",
            "Paste the INVITE it answers to compare.",
            "RFC 8224 §6.2.2 (response codes)"
        ),
        FindingId::RcdIntegrity => entry!(
            ids::RCD_INTEGRITY,
            [E, W, I, P],
            "Rich call data integrity (rcdi)",
            "Each rcdi digest is checked against the rcd member its JSON pointer names: a mismatch names the pointer; digests of content behind URLs are not checked unless fetched; rcd members no digest covers are named.",
            "On a mismatch, do not trust the caller name or logo: the RCD signer must recompute rcdi, or the data was altered.",
            "RFC 9795 (the rcdi claim)"
        ),
        FindingId::RcdMalformed => entry!(
            ids::RCD_MALFORMED,
            [E, W],
            "Rich call data malformed",
            "rcd, rcdi or crn is not the shape RFC 9795 defines (nam/apn/icn/jcl strings, jcd a jCard, https URLs, rcdi pointers and sha256-… digests).",
            "The RCD signer must fix the claim; verifiers drop malformed rich call data.",
            "RFC 9795 (the rcd claim)"
        ),
        FindingId::RcdJcdJcl => entry!(
            ids::RCD_JCD_JCL,
            [E],
            "rcd carries both jcd and jcl",
            "An rcd holds its jCard inline (jcd) or by URL (jcl), never both.",
            "The RCD signer must send one of them.",
            "RFC 9795 (the rcd claim)"
        ),
        FindingId::RedactionFailed => entry!(
            ids::REDACTION_FAILED,
            [E],
            "Report withheld",
            "Redaction could not mask every number; the report is refused rather than sent unmasked.",
            "Turn redaction off, or share by hand.",
            "calltrust: redaction (README)"
        ),
        FindingId::TwilioSignatureValid => entry!(
            ids::TWILIO_SIGNATURE_VALID,
            [P],
            "Webhook signature valid",
            "X-Twilio-Signature matches the request.",
            "Nothing.",
            "Twilio: Webhooks security"
        ),
        FindingId::TwilioSignatureInvalid => entry!(
            ids::TWILIO_SIGNATURE_INVALID,
            [E],
            "Webhook signature invalid",
            "X-Twilio-Signature does not match the request.",
            "See the near-miss diagnosis for the cause.",
            "Twilio: Webhooks security"
        ),
        FindingId::TwilioSignatureNotChecked => entry!(
            ids::TWILIO_SIGNATURE_NOT_CHECKED,
            [I, W],
            "Webhook signature not checked",
            "No auth token or URL was given.",
            "Give the URL and the auth token (from an environment variable or file).",
            "Twilio: Webhooks security"
        ),
        FindingId::TwilioSignatureNearMiss => entry!(
            ids::TWILIO_SIGNATURE_NEAR_MISS,
            [W, I],
            "Webhook signature near miss",
            "The signature matches only a variant of the request (scheme, port, slash, encoding…).",
            "Apply the fix the detail names.",
            "Twilio: Webhooks security"
        ),
        FindingId::TwilioSignatureRisk => entry!(
            ids::TWILIO_SIGNATURE_RISK,
            [W, I],
            "Webhook signature risk",
            "Something about the request makes signature checks fragile.",
            "Follow the detail.",
            "Twilio: Webhooks security"
        ),
        FindingId::SipSecurityTransport => entry!(
            ids::SIP_SECURITY_TRANSPORT,
            [W],
            "Signalling not encrypted",
            "The top Via is not TLS, or the Request-URI is sip: rather than sips:.",
            "Use TLS and sips: on the trunk.",
            "Twilio: SIP security best practices"
        ),
        FindingId::SipSecurityAuth => entry!(
            ids::SIP_SECURITY_AUTH,
            [W],
            "No digest authentication",
            "The request carries no Authorization or Proxy-Authorization header.",
            "Require credential-list authentication besides the IP access list.",
            "Twilio: SIP security best practices"
        ),
        FindingId::SipSecuritySource => entry!(
            ids::SIP_SECURITY_SOURCE,
            [W],
            "Source outside the IP access list",
            "The top Via's address is in none of the allowed networks (--allow-ip).",
            "Reject it, or add the carrier's addresses.",
            "Twilio: SIP security best practices"
        ),
        FindingId::SipSecurityMedia => entry!(
            ids::SIP_SECURITY_MEDIA,
            [W],
            "Media not encrypted",
            "The SDP offers RTP/AVP without SRTP keys.",
            "Offer SRTP on the trunk.",
            "Twilio: SIP security best practices"
        ),
        FindingId::ForwardFromMismatch => entry!(
            ids::FORWARD_FROM_MISMATCH,
            [E, P],
            "Forwarding From is not the CallToken's caller",
            "The forwarding request's From differs from the CallToken's parent from: Twilio rejects the call (21210).",
            "Set From to the original caller.",
            "Twilio: Trusted Calling with SHAKEN/STIR (CallToken)"
        ),
        FindingId::ForwardCalltokenAltered => entry!(
            ids::FORWARD_CALLTOKEN_ALTERED,
            [E, W, I],
            "CallToken altered (or its age)",
            "The CallToken was decoded, re-encoded, truncated or edited; or, as a note, how old it is.",
            "Pass the CallToken verbatim, while the incoming call is live.",
            "Twilio: Trusted Calling with SHAKEN/STIR (CallToken)"
        ),
        FindingId::ForwardCalltokenMissing => entry!(
            ids::FORWARD_CALLTOKEN_MISSING,
            [E],
            "No CallToken in the forwarding request",
            "Without the CallToken Twilio cannot keep the caller's identity (and rejects the caller's number as From).",
            "Pass the incoming call's CallToken.",
            "Twilio: Trusted Calling with SHAKEN/STIR (CallToken)"
        ),
        FindingId::TwilioSignatureSharedKey => entry!(
            ids::TWILIO_SIGNATURE_SHARED_KEY,
            [W],
            "Signed with the webhook shared key",
            "X-Twilio-Webhooks-Signature-Settings says the request is signed with the account's webhook shared key: the auth token can never match.",
            "Validate with the shared key, not the auth token.",
            "Twilio: Webhooks security"
        ),
        FindingId::WebhookUrlScheme => entry!(
            ids::WEBHOOK_URL_SCHEME,
            [W],
            "Webhook URL is http",
            "The webhook URL is plain http: parameters and credentials travel unencrypted.",
            "Serve the webhook over https.",
            "Twilio: Webhooks security"
        ),
        FindingId::WebhookUrlCredentials => entry!(
            ids::WEBHOOK_URL_CREDENTIALS,
            [W],
            "Credentials in the webhook URL",
            "The URL carries basic-auth credentials; unencoded special characters break it.",
            "Percent-encode special characters; prefer signature validation over https.",
            "Twilio: Webhooks security"
        ),
        FindingId::WebhookUrlMethod => entry!(
            ids::WEBHOOK_URL_METHOD,
            [I],
            "Webhook requested with GET",
            "The parameters travel in the query string; Twilio's default is POST.",
            "Configure the webhook for POST.",
            "Twilio: Webhooks security"
        ),
        FindingId::TwilioBodyHash => entry!(
            ids::TWILIO_BODY_HASH,
            [E, P],
            "bodySHA256 mismatch",
            "The JSON body's SHA-256 differs from the URL's bodySHA256.",
            "Check the body the framework handed over is the exact body received.",
            "Twilio: Webhooks security"
        ),
        FindingId::RoutingPolicy => entry!(
            ids::ROUTING_POLICY,
            [I, W],
            "Routing policy",
            "The branch of the configured routing policy this call takes (info), or a trap the policy falls into (warning: failing open, only A trusted, every unattested call rejected).",
            "Fix the policy where a warning says so.",
            "Genesys: STIR/SHAKEN attestation verification"
        ),
        FindingId::RoutingAdvice => entry!(
            ids::ROUTING_ADVICE,
            [I],
            "Routing advice",
            "How to route the call by its verdict and attestation (shown, never enforced).",
            "Route by the advice; do not block B/C or unattested calls wholesale.",
            "Genesys: STIR/SHAKEN attestation verification"
        ),
        FindingId::CallerInternational => entry!(
            ids::CALLER_INTERNATIONAL,
            [I],
            "International caller",
            "The caller is outside the NANP; such calls are often unattested.",
            "Do not treat missing attestation alone as spoofing.",
            "Genesys: STIR/SHAKEN attestation verification"
        ),
    }
}

/// Every entry, in the order of SPEC §3.
pub fn catalogue() -> impl Iterator<Item = &'static Entry> {
    FindingId::ALL.iter().map(|&id| entry(id))
}

/// Ids whose findings cite the clause of the rule they report (each STI
/// certificate or repository rule carries its own citation) rather than the
/// entry's general clause.
pub const CITE_THE_RULE: [FindingId; 2] = [ids::CERT_COMPLIANCE, ids::X5U_REPOSITORY];

/// Give every finding the clause of its catalogue entry: one id, one clause,
/// worded in one place (the emission sites do not cite).
pub fn cite(findings: &mut [crate::model::Finding]) {
    for f in findings {
        if CITE_THE_RULE.contains(&f.id) && f.source.is_some() {
            continue;
        }
        f.source = Some(entry(f.id).clause.to_string());
    }
}

/// Every finding is emitted at a severity its catalogue entry lists (the
/// tests run this over every report they make).
pub fn check(findings: &[crate::model::Finding]) -> Result<(), String> {
    match findings
        .iter()
        .find(|f| !entry(f.id).severities.contains(&f.severity))
    {
        Some(f) => Err(format!(
            "finding {} at {} is not in the catalogue",
            f.id,
            f.severity.as_str()
        )),
        None => Ok(()),
    }
}

/// The catalogue as Markdown.
pub fn markdown() -> String {
    use crate::report::escape::md;
    let mut s = String::from(
        "# calltrust finding catalogue\n\n| id | severities | title | what it means | what to do | clause |\n|---|---|---|---|---|---|\n",
    );
    for e in catalogue() {
        let sev: Vec<&str> = e.severities.iter().map(|s| s.as_str()).collect();
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            e.id,
            sev.join(", "),
            md(e.title),
            md(e.meaning),
            md(e.action),
            md(e.clause)
        ));
    }
    s
}

/// The catalogue as JSON.
pub fn json() -> String {
    serde_json::to_string_pretty(&catalogue().collect::<Vec<_>>())
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_is_its_own_ids_and_cites_one_clause() {
        assert!(FindingId::ALL.len() >= 60);
        for (i, &id) in FindingId::ALL.iter().enumerate() {
            let e = entry(id);
            assert_eq!(e.id, id, "the entry of {id} names {}", e.id);
            assert!(!FindingId::ALL[..i].contains(&id), "{id} twice");
            assert_eq!(FindingId::parse(id.as_str()), Some(id));
            assert!(!e.severities.is_empty(), "{id}");
            assert!(
                !e.clause.contains(','),
                "{id} cites more than one clause: {}",
                e.clause
            );
        }
    }
}
