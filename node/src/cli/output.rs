//! Human-readable and JSON printing of daemon answers.

use serde_json::Value;

/// A value as one line of plain text: control characters (a peer's text could carry
/// terminal escapes) are shown as `?`.
fn s(v: &Value) -> String {
    clean(v)
}

/// A value as one line of plain text, with control characters shown as `?`.
pub fn clean(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn json_or(v: &Value, json: bool, human: impl FnOnce(&Value)) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string(v)?);
    } else {
        human(v);
    }
    Ok(())
}

/// `id`
pub fn id(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        println!("did:     {}", s(&v["did"]));
        println!("peer id: {}", s(&v["peer_id"]));
        for a in v["listen_addrs"].as_array().into_iter().flatten() {
            println!("listen:  {}", s(a));
        }
    })
}

/// `status`
pub fn status(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        println!("did:             {}", s(&v["did"]));
        println!("peer id:         {}", s(&v["peer_id"]));
        println!(
            "version:         {} (commit {})",
            s(&v["version"]),
            s(&v["commit"])
        );
        println!(
            "up since:        {} ({} s)",
            s(&v["started_at"]),
            s(&v["uptime_s"])
        );
        println!("listen:          {}", list(&v["listen_addrs"]));
        println!("connected peers: {}", s(&v["connected_peers"]));
        println!("sessions:        {}", s(&v["sessions"]));
        println!("trusted peers:   {}", s(&v["trusted_peers"]));
        println!("pending peers:   {}", s(&v["pending_peers"]));
        println!("blocks:          {}", s(&v["blocks"]));
        println!("tools:           {}", list(&v["tools"]));
        println!("sandboxes:       {}", list(&v["sandboxes"]));
        println!("reachability:    {}", s(&v["reachability"]));
        for t in v["autonat"].as_array().into_iter().flatten() {
            if t["reachable"].as_bool() == Some(true) {
                println!(
                    "  autonat:       {} reachable (dialed back by relay {})",
                    s(&t["addr"]),
                    s(&t["server"])
                );
            } else {
                println!(
                    "  autonat:       {} NOT reachable from relay {}: {}",
                    s(&t["addr"]),
                    s(&t["server"]),
                    s(&t["error"])
                );
            }
        }
        let m = &v["mdns"];
        if m["enabled"].as_bool() == Some(true) {
            println!("mdns:            on ({} neighbours)", s(&m["neighbours"]));
        } else if m["error"].is_string() {
            println!("mdns:            OFF: {}", s(&m["error"]));
        } else {
            println!("mdns:            off (node.mdns = false)");
        }
        for r in v["relays"].as_array().into_iter().flatten() {
            let state = if r["reserved"].as_bool() == Some(true) {
                "reserved".to_string()
            } else if r["session"].as_bool() == Some(true) {
                "session, no reservation".to_string()
            } else {
                "no session".to_string()
            };
            let why = r["last_error"]
                .as_str()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default();
            println!("relay:           {} {state}{why}", s(&r["addr"]));
        }
        for p in v["audit_problems"].as_array().into_iter().flatten() {
            println!("AUDIT PROBLEM:   {}", s(p));
        }
        for r in v["revoked_by_peers"].as_array().into_iter().flatten() {
            println!(
                "revoked by:      {} at {} (until {}): {}",
                s(&r["did"]),
                s(&r["at"]),
                s(&r["until"]),
                s(&r["reason"])
            );
        }
    })
}

/// Prints a table with a header row, or `empty` when there are no rows. Columns are
/// padded to their widest cell; the last column is not padded.
pub fn table(headers: &[&str], rows: &[Vec<String>], empty: &str) {
    if rows.is_empty() {
        println!("{empty}");
        return;
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let n = cells.len();
        let mut out = String::new();
        for (i, (c, w)) in cells.into_iter().zip(&widths).enumerate() {
            if i + 1 == n {
                out.push_str(c);
            } else {
                out.push_str(&format!("{c:<w$}  "));
            }
        }
        println!("{}", out.trim_end());
    };
    line(headers.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

fn rows(v: &Value, cells: impl Fn(&Value) -> Vec<String>) -> Vec<Vec<String>> {
    v.as_array().into_iter().flatten().map(cells).collect()
}

fn list(v: &Value) -> String {
    match v.as_array() {
        Some(a) if !a.is_empty() => a.iter().map(s).collect::<Vec<_>>().join(","),
        _ => "-".into(),
    }
}

/// `peers`
pub fn peers(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |p| vec![s(&p["peer_id"]), s(&p["did"])]);
        table(&["PEER ID", "DID"], &r, "no connected peers");
    })
}

/// `doctor`
pub fn doctor(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        for line in v["node"].as_array().into_iter().flatten() {
            println!("node: {}", s(line));
        }
        let peers = v["peers"].as_array().cloned().unwrap_or_default();
        if peers.is_empty() {
            println!("no trusted peers");
        }
        for p in peers {
            let who = match p["name"].as_str() {
                Some(n) => format!("{n} ({})", s(&p["did"])),
                None => s(&p["did"]),
            };
            println!();
            println!("{who}");
            println!("  {}", s(&p["summary"]));
            // An unreachable peer's summary is its first finding.
            let shown = usize::from(p["reachable"] != true);
            for f in p["findings"].as_array().into_iter().flatten().skip(shown) {
                println!("  - {}", s(f));
            }
        }
    })
}

/// `trust list`
pub fn trust_list(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |p| {
            vec![
                s(&p["name"]),
                s(&p["did"]),
                list(&p["tools"]),
                s(&p["blocked_until"]),
                list(&p["addrs"]),
            ]
        });
        table(
            &["NAME", "DID", "TOOLS", "BLOCKED UNTIL", "ADDRESSES"],
            &r,
            "no trusted peers",
        );
    })
}

/// `trust pending`
pub fn pending(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |p| {
            vec![
                s(&p["did"]),
                s(&p["attempts"]),
                s(&p["first_seen"]),
                s(&p["last_seen"]),
                s(&p["addr"]),
            ]
        });
        table(
            &["DID", "ATTEMPTS", "FIRST SEEN", "LAST SEEN", "FROM"],
            &r,
            "no pending peers",
        );
    })
}

/// `trust blocks`
pub fn blocks(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |b| {
            let who = match (&b["name"], &b["did"], &b["peer_id"]) {
                (Value::String(n), _, _) => n.clone(),
                (_, Value::String(d), _) => d.clone(),
                (_, _, p) => s(p),
            };
            let by = if b["peer_id"].is_string() {
                format!("peer id {}", s(&b["peer_id"]))
            } else {
                "did".into()
            };
            vec![who, by, s(&b["until"]), s(&b["reason"])]
        });
        table(&["PEER", "BLOCKED BY", "UNTIL", "REASON"], &r, "no blocks");
    })
}

/// `session list`
pub fn sessions(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |p| {
            let path = match (s(&p["path"]).as_str(), s(&p["transport"]).as_str()) {
                ("-", _) => "-".to_string(),
                (path, t) => format!("{path}/{t}"),
            };
            vec![
                s(&p["name"]),
                s(&p["did"]),
                s(&p["direction"]),
                path,
                s(&p["expires_at"]),
                s(&p["session_id"]),
            ]
        });
        table(
            &["NAME", "DID", "DIRECTION", "PATH", "EXPIRES", "SESSION"],
            &r,
            "no sessions",
        );
    })
}

/// `session revoke`
pub fn revoked(v: Value) {
    for r in v.as_array().into_iter().flatten() {
        println!(
            "revoked {} (session: {}, notice delivered: {}, blocked until: {})",
            s(&r["did"]),
            s(&r["had_session"]),
            s(&r["notice_delivered"]),
            s(&r["blocked_until"])
        );
    }
}

/// `events`
pub fn events(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |e| {
            let who = if e["name"].is_string() {
                s(&e["name"])
            } else if e["did"].is_string() {
                s(&e["did"])
            } else {
                s(&e["peer_id"])
            };
            vec![s(&e["time"]), s(&e["kind"]), who, s(&e["detail"])]
        });
        table(&["TIME", "KIND", "PEER", "DETAIL"], &r, "no events");
    })
}

/// One event line (`events --follow`).
pub fn event_line(e: &Value, json: bool) {
    if json {
        println!("{e}");
    } else {
        let who = if e["name"].is_string() {
            format!("{} ({})", s(&e["name"]), s(&e["did"]))
        } else if e["did"].is_string() {
            s(&e["did"])
        } else {
            format!("peer {}", s(&e["peer_id"]))
        };
        println!(
            "{} {:<17} {who} {}",
            s(&e["time"]),
            s(&e["kind"]),
            s(&e["detail"])
        );
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// `secrets list`
pub fn secrets(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let list = v.as_array().cloned().unwrap_or_default();
        if list.is_empty() {
            println!("no secrets");
        }
        for e in list {
            println!(
                "{:<32} created {}  updated {}",
                s(&e["name"]),
                s(&e["created"]),
                s(&e["updated"])
            );
        }
    })
}

/// `keys status`
pub fn keys_status(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let caps = &v["capabilities"];
        println!(
            "provider:    {} (wrap: {}, sign: {})",
            s(&v["provider"]),
            s(&caps["wrap"]),
            s(&caps["sign"])
        );
        let health = if v["health"]["ok"] == Value::Bool(true) {
            "ok".to_string()
        } else {
            format!("FAILING: {}", s(&v["health"]["error"]))
        };
        println!("health:      {health}");
        println!("KEK version: {}", s(&v["kek_version"]));
        let db = &v["database"];
        if db["encrypted"] == Value::Bool(true) {
            println!(
                "database:    encrypted, key version {} ({})",
                s(&db["key_version"]),
                s(&db["file"])
            );
        } else {
            println!(
                "database:    NOT ENCRYPTED ({}): run `lango-node db encrypt`",
                s(&db["file"])
            );
        }
        for k in v["keys"].as_array().into_iter().flatten() {
            println!(
                "key {:<9} v{:<3} wrapped under KEK v{:<3} created {}{}",
                s(&k["class"]),
                s(&k["version"]),
                s(&k["kek_version"]),
                s(&k["created"]),
                if k["current"] == Value::Bool(true) {
                    ""
                } else {
                    " (old)"
                }
            );
        }
    })
}

/// A one-line confirmation, or the JSON result.
pub fn done(v: &Value, json: bool, human: impl FnOnce() -> String) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string(v)?);
    } else {
        println!("{}", human());
    }
    Ok(())
}

/// `tools list`
pub fn tools(v: &Value, json: bool) -> anyhow::Result<()> {
    json_or(v, json, |v| {
        let list = v.as_array().cloned().unwrap_or_default();
        if list.is_empty() {
            println!("no tools");
        }
        for t in list {
            println!(
                "{:<24} {:<10} {:<9} {:>6} ms  {}",
                s(&t["name"]),
                s(&t["sandbox"]),
                s(&t["safety"]),
                s(&t["timeout_ms"]),
                s(&t["description"])
            );
        }
    })
}

/// `invoke`: prints the output (or the whole response with `--json`). The exit code
/// comes with the daemon's answer.
pub fn invoke(v: &Value, json: bool) -> anyhow::Result<()> {
    use std::io::Write as _;
    if json {
        println!("{}", serde_json::to_string(v)?);
    } else {
        let out = crate::tool_json::output_bytes(v, "output");
        let err = crate::tool_json::output_bytes(v, "stderr");
        std::io::stdout().write_all(&out)?;
        std::io::stdout().flush()?;
        std::io::stderr().write_all(&err)?;
        if v["truncated"] == Value::Bool(true) {
            eprintln!("lango-node: output truncated at the tool's output cap");
        }
    }
    Ok(())
}

/// `sandbox prepare`
pub fn sandbox_prepare(v: &Value) {
    for b in v["backends"].as_array().into_iter().flatten() {
        let mark = if b["available"] == Value::Bool(true) {
            "ok "
        } else {
            "-- "
        };
        println!("{mark}{:<11} {}", s(&b["kind"]), s(&b["detail"]));
        for l in b["layers"].as_array().into_iter().flatten() {
            let on = if l["active"] == Value::Bool(true) {
                "on "
            } else {
                "off"
            };
            println!("      {on} {:<22} {}", s(&l["name"]), s(&l["detail"]));
        }
    }
    for t in v["tools"].as_array().into_iter().flatten() {
        let mark = if t["ready"] == Value::Bool(true) {
            "ready"
        } else {
            "FAIL "
        };
        println!("tool {mark} {:<24} {}", s(&t["name"]), s(&t["detail"]));
    }
}

/// `approvals list`
pub fn approvals(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |a| {
            vec![
                s(&a["id"]),
                s(&a["state"]),
                s(&a["tool"]),
                s(&a["caller_did"]),
                time_ms(&a["created_ms"]),
            ]
        });
        table(
            &["ID", "STATE", "TOOL", "CALLER", "CREATED"],
            &r,
            "no approval requests",
        );
    })
}

/// `approvals show`
pub fn approval(v: &Value, json: bool) -> anyhow::Result<()> {
    json_or(v, json, |a| {
        for (label, key) in [
            ("id", "id"),
            ("state", "state"),
            ("tool", "tool"),
            ("caller", "caller_did"),
            ("peer id", "peer_id"),
            ("input sha256", "input_sha256"),
            ("preview", "preview"),
            ("decided by", "decided_by"),
            ("reason", "reason"),
            ("grant", "grant"),
        ] {
            println!("{:<13} {}", format!("{label}:"), s(&a[key]));
        }
        println!("{:<13} {}", "created:", time_ms(&a["created_ms"]));
        println!("{:<13} {}", "expires:", time_ms(&a["expires_ms"]));
        let d = rows(&a["deliveries"], |d| {
            vec![s(&d["channel"]), s(&d["attempts"]), s(&d["result"])]
        });
        table(
            &["CHANNEL", "ATTEMPTS", "RESULT"],
            &d,
            "deliveries:   none (no webhook configured)",
        );
    })
}

/// `approvals grants`
pub fn grants(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        let r = rows(v, |g| {
            vec![
                s(&g["id"]),
                s(&g["tool"]),
                s(&g["caller_did"]),
                time_ms(&g["expires_ms"]),
                s(&g["uses"]),
            ]
        });
        table(
            &["ID", "TOOL", "CALLER", "EXPIRES", "USES"],
            &r,
            "no standing grants",
        );
    })
}

/// Unix ms as RFC 3339 (seconds).
fn time_ms(v: &Value) -> String {
    use std::fmt::Write as _;
    let Some(ms) = v.as_u64() else {
        return "-".into();
    };
    let Some(t) = std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_millis(ms)) else {
        return ms.to_string();
    };
    // humantime refuses years past 9999 with a formatting error: show the number then.
    let mut out = String::new();
    match write!(out, "{}", humantime::format_rfc3339_seconds(t)) {
        Ok(()) => out,
        Err(_) => ms.to_string(),
    }
}
