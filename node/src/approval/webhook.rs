//! Webhook channels: each new request is POSTed to every configured URL, signed, with
//! retries. Channels announce; a decision only comes over the control socket.
//!
//! Signature: `X-Lango-Timestamp: <unix seconds>` and
//! `X-Lango-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. A
//! receiver recomputes it over the raw body and refuses an old timestamp.

use std::time::Duration;

use serde_json::{json, Value};

use super::{Delivery, Request};
use crate::config::{WebhookConfig, WebhookFormat};

/// Attempts per channel and request.
pub const ATTEMPTS: u32 = 4;
/// Wait before the second attempt; doubled for each one after.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// Refuses a URL a webhook may not use: not `https`, or `http` to anything but loopback;
/// user info in it (a credential in a URL ends up in logs).
pub fn check_url(url: &str) -> Result<(), String> {
    let u = reqwest::Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    if !u.username().is_empty() || u.password().is_some() {
        return Err("credentials in the URL are refused; use `secret` for the signature".into());
    }
    let host = u.host_str().unwrap_or_default();
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| a.is_loopback());
    match u.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        s => Err(format!(
            "scheme {s:?}: use https (http only to a loopback address)"
        )),
    }
}

/// A channel as named in a request's deliveries: scheme, host and port only (a Slack or
/// Discord URL carries its token in the path).
pub fn channel_name(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => format!(
            "{}://{}{}",
            u.scheme(),
            u.host_str().unwrap_or("?"),
            u.port().map(|p| format!(":{p}")).unwrap_or_default()
        ),
        Err(_) => "?".into(),
    }
}

/// The one-line summary every format carries, with the command that decides it.
pub fn summary(r: &Request, node: &str) -> String {
    let left = r.expires_ms.saturating_sub(crate::clock::now().0) / 1000;
    format!(
        "lango-node {node}: {caller} asks to run {tool} (input sha256 {sha}…; request {id}, \
         {left} s left). Decide with: lango-node approvals approve {id}  |  lango-node \
         approvals deny {id}",
        caller = r.caller_did,
        tool = r.tool,
        sha = r.input_sha256.get(..12).unwrap_or_default(),
        id = r.id,
    )
}

/// The body for `format`.
pub fn payload(format: WebhookFormat, chat_id: Option<&str>, r: &Request, node: &str) -> Value {
    let text = summary(r, node);
    match format {
        WebhookFormat::Json => json!({
            "type": "approval_request",
            "node": node,
            "id": r.id,
            "caller_did": r.caller_did,
            "peer_id": r.peer_id,
            "tool": r.tool,
            "input_sha256": r.input_sha256,
            "preview": r.preview,
            "created_ms": r.created_ms,
            "expires_ms": r.expires_ms,
            "approve": format!("lango-node approvals approve {}", r.id),
            "deny": format!("lango-node approvals deny {}", r.id),
        }),
        WebhookFormat::Slack => json!({ "text": text }),
        WebhookFormat::Discord => json!({ "content": text }),
        WebhookFormat::Telegram => json!({ "chat_id": chat_id.unwrap_or_default(), "text": text }),
    }
}

/// `sha256=<hex>` over `timestamp.body`.
pub fn signature(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    let mut msg = format!("{timestamp}.").into_bytes();
    msg.extend_from_slice(body);
    format!(
        "sha256={}",
        hex::encode(lango_storage::crypto::hmac_sha256_any(secret, &msg))
    )
}

/// Delivers `r` to one channel: up to [`ATTEMPTS`] POSTs with doubling backoff, never
/// past `deadline`. Returns what happened.
pub async fn deliver(
    client: &reqwest::Client,
    hook: &WebhookConfig,
    secret: Option<&[u8]>,
    r: &Request,
    node: &str,
    deadline: std::time::Instant,
    still_waiting: impl Fn() -> bool,
) -> Delivery {
    let body = serde_json::to_vec(&payload(hook.format, hook.chat_id.as_deref(), r, node))
        .unwrap_or_default();
    let mut attempts = 0;
    let mut backoff = FIRST_BACKOFF;
    let mut result;
    loop {
        attempts += 1;
        let ts = crate::clock::now().0 / 1000;
        let mut req = client
            .post(&hook.url)
            .timeout(hook.timeout)
            .header("content-type", "application/json")
            .header("x-lango-timestamp", ts.to_string())
            .body(body.clone());
        if let Some(s) = secret {
            req = req.header("x-lango-signature", signature(s, ts, &body));
        }
        result = match req.send().await {
            Ok(resp) if resp.status().is_success() => "delivered".to_string(),
            Ok(resp) => format!("HTTP {}", resp.status().as_u16()),
            // Without the URL: a Slack/Discord URL is itself a credential.
            Err(e) => format!(
                "failed: {}",
                crate::pii::presidio::one_line(&e.without_url())
            ),
        };
        if result == "delivered" || attempts >= ATTEMPTS {
            break;
        }
        if std::time::Instant::now() + backoff >= deadline {
            break;
        }
        tokio::time::sleep(backoff).await;
        backoff *= 2;
        // Decided, expired or cancelled meanwhile: nothing left to announce.
        if !still_waiting() {
            result = format!("{result}; not retried: the request no longer waits");
            break;
        }
    }
    Delivery {
        channel: channel_name(&hook.url),
        attempts,
        result,
        at_ms: crate::clock::now().0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http_and_no_credentials() {
        assert!(check_url("https://hooks.slack.com/services/T/B/X").is_ok());
        assert!(check_url("http://127.0.0.1:9/hook").is_ok());
        assert!(check_url("http://[::1]:9/hook").is_ok());
        assert!(check_url("http://example.com/hook").is_err());
        assert!(check_url("https://u:p@example.com/").is_err());
        assert!(check_url("ftp://example.com/").is_err());
        assert!(check_url("not a url").is_err());
    }

    #[test]
    fn the_signature_covers_timestamp_and_body() {
        let a = signature(b"k", 1, b"{}");
        assert!(a.starts_with("sha256=") && a.len() == 7 + 64);
        assert_ne!(a, signature(b"k", 2, b"{}"));
        assert_ne!(a, signature(b"k", 1, b"{ }"));
        assert_ne!(a, signature(b"j", 1, b"{}"));
    }

    #[test]
    fn each_format_carries_the_summary_and_the_deciding_command() {
        let r = Request {
            id: "ab".repeat(16),
            caller_did: "did:key:zCaller".into(),
            peer_id: "12D3".into(),
            tool: "rm".into(),
            input_sha256: "00".repeat(32),
            preview: "{}".into(),
            input_redacted: None,
            created_ms: 1,
            expires_ms: 2,
            state: crate::approval::State::Pending,
            decided_by: None,
            decided_ms: None,
            reason: None,
            grant: None,
            deliveries: Vec::new(),
        };
        let want = format!("lango-node approvals approve {}", r.id);
        let j = payload(WebhookFormat::Json, None, &r, "did:key:zNode");
        assert_eq!(j["approve"], want.as_str());
        assert_eq!(j["tool"], "rm");
        for (f, key) in [
            (WebhookFormat::Slack, "text"),
            (WebhookFormat::Discord, "content"),
            (WebhookFormat::Telegram, "text"),
        ] {
            let p = payload(f, Some("42"), &r, "did:key:zNode");
            let text = p[key].as_str().unwrap_or_default();
            assert!(
                text.contains(&want) && text.contains("did:key:zCaller"),
                "{p}"
            );
        }
        assert_eq!(
            payload(WebhookFormat::Telegram, Some("42"), &r, "n")["chat_id"],
            "42"
        );
    }

    #[test]
    fn a_channel_is_named_without_its_path() {
        assert_eq!(
            channel_name("https://hooks.slack.com/services/T0/B0/SECRET"),
            "https://hooks.slack.com"
        );
        assert_eq!(
            channel_name("http://127.0.0.1:8080/x"),
            "http://127.0.0.1:8080"
        );
    }
}
