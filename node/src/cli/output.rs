//! Human-readable and JSON printing of daemon answers.

use serde_json::Value;

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
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
        println!("connected peers: {}", s(&v["connected_peers"]));
        println!("sessions:        {}", s(&v["sessions"]));
        println!("trusted peers:   {}", s(&v["trusted_peers"]));
    })
}

/// `peers`
pub fn peers(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        for p in v.as_array().into_iter().flatten() {
            println!("{}  {}", s(&p["peer_id"]), s(&p["did"]));
        }
    })
}

/// `trust list`
pub fn trust_list(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        for p in v.as_array().into_iter().flatten() {
            println!(
                "{}  name={} tools={} addrs={} blocked={}",
                s(&p["did"]),
                s(&p["name"]),
                p["tools"],
                p["addrs"],
                s(&p["blocked_until"])
            );
        }
    })
}

/// `trust pending`
pub fn pending(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        for p in v.as_array().into_iter().flatten() {
            println!(
                "{}  peer={} addr={} attempts={} last_seen={}",
                s(&p["did"]),
                s(&p["peer_id"]),
                s(&p["addr"]),
                s(&p["attempts"]),
                s(&p["last_seen"])
            );
        }
    })
}

/// `trust blocks`
pub fn blocks(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        for b in v.as_array().into_iter().flatten() {
            println!(
                "{}  until={} trusted={} reason={}",
                s(&b["did"]),
                s(&b["until"]),
                s(&b["trusted"]),
                s(&b["reason"])
            );
        }
    })
}

/// `session list`
pub fn sessions(v: Value, json: bool) -> anyhow::Result<()> {
    json_or(&v, json, |v| {
        for p in v.as_array().into_iter().flatten() {
            println!(
                "{}  {} {} expires {}",
                s(&p["did"]),
                s(&p["direction"]),
                s(&p["session_id"]),
                s(&p["expires_at"])
            );
        }
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
        for e in v.as_array().into_iter().flatten() {
            event_line(e, false);
        }
    })
}

/// One event line (`events --follow`).
pub fn event_line(e: &Value, json: bool) {
    if json {
        println!("{e}");
    } else {
        println!(
            "{} {:<17} peer={} did={} {}",
            s(&e["time"]),
            s(&e["kind"]),
            s(&e["peer_id"]),
            s(&e["did"]),
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
