//! The sample payloads in `assets/samples/`, embedded so the window can offer
//! them wherever the binary runs.

pub struct Sample {
    pub name: &'static str,
    pub file: &'static str,
    pub description: &'static str,
    pub text: &'static str,
}

macro_rules! sample {
    ($name:expr, $file:expr, $desc:expr) => {
        Sample {
            name: $name,
            file: $file,
            description: $desc,
            text: include_str!(concat!("../../../assets/samples/", $file)),
        }
    };
}

pub const SAMPLES: &[Sample] = &[
    sample!(
        "Twilio forwarding webhook",
        "twilio-forwarding-webhook.txt",
        "The incoming-call webhook from Twilio's SHAKEN/STIR docs, as Node prints it (with its missing comma)."
    ),
    sample!(
        "Twilio CallToken (URL-encoded)",
        "twilio-calltoken.txt",
        "The CallToken from Twilio's docs, URL-encoded as the webhook delivers it."
    ),
    sample!(
        "Twilio CallToken (decoded)",
        "twilio-calltoken-decoded.json",
        "The same CallToken, decoded."
    ),
    sample!(
        "SIP INVITE, SHAKEN + DIV",
        "sip-invite-div.txt",
        "A forwarded call: SHAKEN and DIV Identity headers, signed with the demo certificates."
    ),
    sample!(
        "SIP INVITE, rich call data",
        "sip-invite-rcd.txt",
        "Branded calling (RFC 9795): a caller name, jCard and call reason with rcdi digests, signed with the demo certificates."
    ),
    sample!(
        "SIP INVITE, spoofed caller",
        "sip-invite-spoofed.txt",
        "The From header does not match the signed orig."
    ),
    sample!(
        "Raw HTTP webhook request",
        "http-webhook-request.txt",
        "A voice webhook as a tunnel inspector shows it, with X-Twilio-Signature (demo auth token)."
    ),
    sample!(
        "Raw HTTP webhook request (JSON body)",
        "http-json-webhook-request.txt",
        "A JSON webhook as a tunnel inspector shows it: bodySHA256 in the URL, X-Twilio-Signature over the URL only."
    ),
    sample!(
        "verstat: No-TN-Validation",
        "verstat-no-validation.txt",
        "A bare verstat value."
    ),
    sample!(
        "Broken: truncated PASSporT",
        "broken-truncated-passport.txt",
        "A token cut off in copy."
    ),
    sample!(
        "Broken: corrupt CallToken",
        "broken-calltoken.txt",
        "A CallToken whose JSON is damaged."
    ),
    sample!(
        "Broken: webhook object",
        "broken-webhook-object.txt",
        "A webhook object with a syntax error."
    ),
];
