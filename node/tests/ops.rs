//! The operations layer and the control socket are one interface: every operation gives
//! the same result, or the same error (message and exit code), whether it is called in
//! process or sent over the socket the CLI uses.

mod support;

use serde::Serialize;
use serde_json::Value;

use lango_node::control::{client, server, Request, Response};
use lango_node::ops::{self, Actor, OpsError};
use lango_node::testkit;
use lango_node::vault::VaultOp;
use lango_protocol::{Signer, SoftwareSigner};

/// What a caller of either interface observes.
#[derive(Debug, PartialEq)]
enum Seen {
    Ok(Value),
    Err { exit: i32, message: String },
}

fn direct<T: Serialize>(r: Result<T, OpsError>) -> Seen {
    match r {
        Ok(v) => Seen::Ok(serde_json::to_value(v).unwrap()),
        Err(e) => Seen::Err {
            exit: i32::from(ops::exit_code(e.fault)),
            message: e.message,
        },
    }
}

fn socket(r: Response) -> Seen {
    if r.ok {
        Seen::Ok(r.data)
    } else {
        Seen::Err {
            exit: r.exit,
            message: r.error.unwrap(),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_answer_the_same_in_process_and_over_the_control_socket() {
    let tmp = tempfile::tempdir().unwrap();
    let node = testkit::start_node(tmp.path(), "a", testkit::default_config())
        .await
        .unwrap();
    let handle = node.handle();
    let dir = node.data_dir().path().to_path_buf();
    let ops = support::serve_control(&node);
    let actor = Actor::Operator { uid: None };
    let ask = |req: Request| {
        let dir = dir.clone();
        async move { socket(client::call(&dir, &req).await.unwrap()) }
    };

    let peer = SoftwareSigner::generate(&mut rand::rngs::OsRng)
        .public_key()
        .did()
        .to_string();
    let own = handle.local_key().did().to_string();

    // Reads.
    assert_eq!(direct::<_>(Ok(ops.id())), ask(Request::Id).await);
    assert_eq!(
        direct::<_>(Ok(ops.trust_list())),
        ask(Request::TrustList).await
    );
    assert_eq!(
        direct::<_>(Ok(ops.session_list())),
        ask(Request::SessionList).await
    );

    // The caller's input: a bad DID, our own DID, a bad multiaddr (exit 2).
    for (did, addrs) in [
        ("did:key:nope".to_string(), vec![]),
        (own.clone(), vec![]),
        (peer.clone(), vec!["not-a-multiaddr".to_string()]),
    ] {
        let d = direct(
            ops.trust_add(
                &actor,
                ops::TrustAdd {
                    did: did.clone(),
                    addrs: addrs.clone(),
                    tools: vec![],
                    name: None,
                },
            )
            .await,
        );
        let s = ask(Request::TrustAdd {
            did,
            addrs,
            tools: vec![],
            name: None,
        })
        .await;
        assert!(matches!(d, Seen::Err { exit: 2, .. }), "{d:?}");
        assert_eq!(d, s);
    }

    // A change, through each interface, and the state both then report.
    let add = |name: &str| ops::TrustAdd {
        did: peer.clone(),
        addrs: vec![],
        tools: vec!["echo".into()],
        name: Some(name.into()),
    };
    let d = direct(ops.trust_add(&actor, add("x")).await);
    assert_eq!(d, Seen::Ok(Value::String(peer.clone())));
    // Adding it again is refused the same way through each interface (exit 2, naming
    // `trust set`), and changes nothing.
    let d = direct(ops.trust_add(&actor, add("y")).await);
    let s = ask(Request::TrustAdd {
        did: peer.clone(),
        addrs: vec![],
        tools: vec!["other".into()],
        name: Some("y".into()),
    })
    .await;
    assert!(
        matches!(&d, Seen::Err { exit: 2, message } if message.contains("trust set")),
        "{d:?}"
    );
    assert_eq!(d, s);
    // `trust set` by name changes only what it is given, the same through each.
    let set = |tools: &str| ops::TrustSet {
        peer: "x".into(),
        tools: Some(vec![tools.into()]),
        ..Default::default()
    };
    let d = direct(ops.trust_set(&actor, set("echo")).await);
    let s = ask(Request::TrustSet {
        peer: "x".into(),
        addrs: None,
        tools: Some(vec!["echo".into()]),
        name: None,
    })
    .await;
    assert_eq!(d, s);
    let entry = ops
        .trust_list()
        .into_iter()
        .find(|e| e.did == peer)
        .unwrap();
    assert_eq!(entry.name.as_deref(), Some("x"), "the name stays");
    assert_eq!(entry.tools, vec!["echo"]);
    assert_eq!(
        direct::<_>(Ok(ops.trust_list())),
        ask(Request::TrustList).await
    );

    // Not found (exit 1): a peer that is not pending, a DID that is not blocked, a
    // secret that does not exist.
    assert_eq!(
        direct(
            ops.trust_approve(&actor, &peer, vec![], None)
                .await
                .map(|p| p.did)
        ),
        ask(Request::TrustApprove {
            did: peer.clone(),
            tools: vec![],
            name: None,
        })
        .await
    );
    let d = direct(ops.session_unblock(&actor, &peer).await);
    assert!(matches!(&d, Seen::Err { exit: 1, message } if message.contains("was not blocked")));
    assert_eq!(d, ask(Request::SessionUnblock { did: peer.clone() }).await);
    let get = || VaultOp::SecretGet {
        name: "missing".into(),
    };
    let d = direct(ops.vault(&actor, get()).await);
    assert!(matches!(d, Seen::Err { exit: 1, .. }), "{d:?}");
    assert_eq!(d, ask(Request::Vault(get())).await);

    // A change to the store is audited under the actor's name.
    let set = VaultOp::SecretSet {
        name: "token".into(),
        value_b64: "c2VjcmV0".into(),
    };
    assert_eq!(
        direct(ops.vault(&actor, set.clone()).await),
        ask(Request::Vault(set)).await
    );
    let log = lango_storage::DataDir::audit_log_in(&dir);
    let sets: Vec<_> = ops::audit::tail(&log, 50)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "secret_set")
        .collect();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0].fields["by"], actor.describe());
    assert!(sets[1].fields["by"]
        .as_str()
        .unwrap()
        .starts_with("operator (control socket, uid "));

    // Refused by policy (exit 3): no session with the peer.
    let d = direct(ops.ping(&peer).await);
    assert!(matches!(&d, Seen::Err { exit: 3, message } if message.starts_with("no session")));
    assert_eq!(d, ask(Request::Ping { did: peer.clone() }).await);
    let invoke = |tool: &str| ops::Invoke {
        did: peer.clone(),
        tool: tool.into(),
        input: "{}".into(),
        timeout: std::time::Duration::from_secs(5),
    };
    let d = direct(ops.invoke(invoke("echo")).await);
    assert!(matches!(d, Seen::Err { exit: 3, .. }), "{d:?}");
    assert_eq!(
        d,
        ask(Request::Invoke {
            did: peer.clone(),
            tool: "echo".into(),
            input: "{}".into(),
            timeout_ms: 5_000
        })
        .await
    );
    // A bad tool name is the caller's input (exit 2).
    let d = direct(ops.invoke(invoke("no such tool")).await);
    assert!(matches!(d, Seen::Err { exit: 2, .. }), "{d:?}");
    assert_eq!(
        d,
        ask(Request::Invoke {
            did: peer.clone(),
            tool: "no such tool".into(),
            input: "{}".into(),
            timeout_ms: 5_000
        })
        .await
    );

    // A revoke and an unblock, one through each interface, leave the same blocks.
    let revoke = ops::Revoke {
        did: Some(peer.clone()),
        block_ms: Some(60_000),
        ..Default::default()
    };
    let d = direct(ops.session_revoke(&actor, revoke).await);
    let Seen::Ok(Value::Array(revoked)) = &d else {
        panic!("{d:?}")
    };
    assert_eq!(revoked[0]["did"], peer.as_str());
    assert_eq!(revoked[0]["had_session"], false);
    assert_eq!(
        direct::<_>(Ok(ops.trust_blocks())),
        ask(Request::TrustBlocks).await
    );
    assert_eq!(
        ask(Request::SessionUnblock { did: peer.clone() }).await,
        Seen::Ok(serde_json::json!({"did": peer}))
    );
    assert_eq!(
        direct::<_>(Ok(ops.trust_blocks())),
        Seen::Ok(serde_json::json!([]))
    );
    assert_eq!(
        direct(ops.session_unblock(&actor, &peer).await),
        ask(Request::SessionUnblock { did: peer.clone() }).await
    );

    // A malformed request is the caller's input too (exit 2), and says what was wrong.
    let r = server::respond(Err(OpsError::input("x")));
    assert_eq!((r.ok, r.exit), (false, 2));

    node.stop().await;
}
