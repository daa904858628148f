//! The requests that forward a webhook's call with its CallToken (Twilio's
//! Calls API), for the user to copy.

use super::data::{ForwardingReport, Snippet, SnippetKind};
use crate::input::Evidence;
use crate::model::InputKind;
use crate::passport::token::Token;

/// Left for the user to fill in.
const TO: &str = "+1XXXXXXXXXX";

const TWIML_URL: &str = "https://example.com/twiml/forward";

fn shell(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The requests that forward the webhook's call: CallToken verbatim, From =
/// the parent call's `from`, To left for the user.
pub fn snippets(ev: &Evidence, tokens: &[Token]) -> Option<ForwardingReport> {
    if !matches!(ev.kind, InputKind::TwilioWebhook | InputKind::HttpRequest) {
        return None;
    }
    let token = ev
        .param("CallToken")
        .filter(|t| !t.trim().is_empty())?
        .to_string();
    let from = tokens
        .iter()
        .find(|t| t.is_parent())
        .and_then(|t| t.claims.from.clone())
        .or_else(|| ev.param("From").map(str::to_string))?;
    let js = serde_json::to_string(&token).unwrap_or_default();
    let snippets = vec![
        Snippet {
            label: SnippetKind::Curl,
            code: format!(
                "curl -X POST \"https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Calls.json\" \\\n  -u \"$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN\" \\\n  --data-urlencode {} \\\n  --data-urlencode {} \\\n  --data-urlencode {} \\\n  --data-urlencode {}",
                shell(&format!("To={TO}")),
                shell(&format!("From={from}")),
                shell(&format!("CallToken={token}")),
                shell(&format!("Url={TWIML_URL}"))
            ),
        },
        Snippet {
            label: SnippetKind::TwilioCli,
            code: format!(
                "twilio api:core:calls:create \\\n  --to {} \\\n  --from {} \\\n  --call-token {} \\\n  --url {}",
                shell(TO),
                shell(&from),
                shell(&token),
                shell(TWIML_URL)
            ),
        },
        Snippet {
            label: SnippetKind::Node,
            code: format!(
                "const client = require('twilio')(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);\n\nconst call = await client.calls.create({{\n  to: '{TO}',\n  from: {},\n  callToken: {js},\n  url: '{TWIML_URL}',\n}});",
                serde_json::to_string(&from).unwrap_or_default()
            ),
        },
        Snippet {
            label: SnippetKind::Python,
            code: format!(
                "import os\nfrom twilio.rest import Client\n\nclient = Client(os.environ[\"TWILIO_ACCOUNT_SID\"], os.environ[\"TWILIO_AUTH_TOKEN\"])\ncall = client.calls.create(\n    to=\"{TO}\",\n    from_={},\n    call_token={js},\n    url=\"{TWIML_URL}\",\n)",
                serde_json::to_string(&from).unwrap_or_default()
            ),
        },
    ];
    Some(ForwardingReport {
        from,
        call_token: token,
        snippets,
    })
}
