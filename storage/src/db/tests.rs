use std::fs;

use super::*;
use crate::registry::KeyRegistry;
use crate::testing::{fixed, Fixed};

struct Node {
    _t: tempfile::TempDir,
    dir: DataDir,
    p: Fixed,
    reg: KeyRegistry,
}

fn node() -> Node {
    let t = tempfile::tempdir().unwrap();
    let dir = DataDir::create(t.path().join("n")).unwrap();
    let p = fixed(3);
    let reg = KeyRegistry::create(&dir, &p).unwrap();
    Node { _t: t, dir, p, reg }
}

/// Every byte of every database file (main, WAL) under `db/`.
fn all_db_bytes(dir: &DataDir) -> Vec<u8> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir.db_dir()).unwrap() {
        out.extend(fs::read(e.unwrap().path()).unwrap());
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn peer(did: &str) -> trust::PeerRow {
    trust::PeerRow {
        did: did.into(),
        name: Some("bob".into()),
        addrs: vec!["/ip4/127.0.0.1/tcp/1".into()],
        tools: vec!["echo".into()],
        added_ms: 5,
    }
}

#[test]
fn encrypted_file_has_no_sqlite_header_and_no_plaintext() {
    let mut n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.secret_set(&n.reg, "api-token", b"hunter2-secret-value")
        .unwrap();
    db.trust_put_peer(&peer("did:key:zPLAINDID")).unwrap();
    drop(db);
    let bytes = all_db_bytes(&n.dir);
    assert!(!bytes.is_empty());
    assert!(!contains(&bytes, b"SQLite format 3"));
    assert!(!contains(&bytes, b"hunter2"));
    assert!(!contains(&bytes, b"zPLAINDID"));
    assert!(
        !contains(&bytes, b"trusted_peers"),
        "schema is encrypted too"
    );
    let mut db = Database::open(&n.dir, &n.reg).unwrap();
    assert_eq!(
        &db.secret_get(&n.reg, "api-token").unwrap().unwrap()[..],
        b"hunter2-secret-value"
    );
    assert_eq!(db.trust_load().unwrap().0, vec![peer("did:key:zPLAINDID")]);
    let _ = &mut n.p;
}

#[test]
fn wrong_key_does_not_open_and_changes_nothing() {
    let n = node();
    drop(Database::create(&n.dir, &n.reg, false).unwrap());
    let path = n.dir.db_dir().join("lango-v1.db");
    let before = fs::read(&path).unwrap();
    let wrong = Key32::from_bytes([0xAA; 32]);
    let e = Database::connect(&path, Some((1, &wrong)), false).unwrap_err();
    assert!(e.to_string().contains("does not open with its key"), "{e}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn secrets_round_trip_list_and_remove() {
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.secret_set(&n.reg, "b", b"2").unwrap();
    db.secret_set(&n.reg, "a", b"1").unwrap();
    db.secret_set(&n.reg, "a", b"one").unwrap();
    let names: Vec<_> = db
        .secret_list()
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(&db.secret_get(&n.reg, "a").unwrap().unwrap()[..], b"one");
    assert!(db.secret_remove("a").unwrap());
    assert!(!db.secret_remove("a").unwrap());
    assert!(db.secret_get(&n.reg, "a").unwrap().is_none());
    for bad in ["", "-x", "a b", "a/b", "{{x}}", &"x".repeat(129)] {
        assert!(
            matches!(
                db.secret_set(&n.reg, bad, b"v"),
                Err(Error::InvalidName { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn a_ciphertext_moved_to_another_record_does_not_open() {
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.secret_set(&n.reg, "alice", b"alice's").unwrap();
    db.secret_set(&n.reg, "mallory", b"mallory's").unwrap();
    db.conn
        .execute(
            "UPDATE secrets SET value = (SELECT value FROM secrets WHERE name = 'alice')
             WHERE name = 'mallory'",
            [],
        )
        .unwrap();
    let e = db.secret_get(&n.reg, "mallory").unwrap_err();
    assert!(
        matches!(&e, Error::RecordCorrupt { record, .. } if record == "mallory"),
        "{e}"
    );
    let report = db.verify(&n.reg).unwrap();
    assert_eq!(report.records_checked, 2);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].contains("mallory"));
}

#[test]
fn a_relabelled_key_version_or_flipped_ciphertext_byte_does_not_open() {
    let mut n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.secret_set(&n.reg, "s", b"value").unwrap();
    // Give the registry a second secrets key, then claim the record used it.
    n.reg
        .add_version(&n.dir, &n.p, KeyClass::Secrets, Key32::random())
        .unwrap();
    db.conn
        .execute("UPDATE secrets SET key_version = 2", [])
        .unwrap();
    assert!(matches!(
        db.secret_get(&n.reg, "s"),
        Err(Error::RecordCorrupt { .. })
    ));
    db.conn
        .execute("UPDATE secrets SET key_version = 1", [])
        .unwrap();
    assert_eq!(&db.secret_get(&n.reg, "s").unwrap().unwrap()[..], b"value");
    let mut v: Vec<u8> = db
        .conn
        .query_row("SELECT value FROM secrets", [], |r| r.get(0))
        .unwrap();
    let last = v.len() - 1;
    v[last] ^= 1;
    db.conn
        .execute("UPDATE secrets SET value = ?1", [v])
        .unwrap();
    assert!(matches!(
        db.secret_get(&n.reg, "s"),
        Err(Error::RecordCorrupt { .. })
    ));
    // A key version the registry never had is named, not defaulted.
    db.conn
        .execute("UPDATE secrets SET key_version = 9", [])
        .unwrap();
    assert!(matches!(
        db.secret_get(&n.reg, "s"),
        Err(Error::UnknownKeyVersion { version: 9, .. })
    ));
}

#[test]
fn a_flipped_byte_in_the_file_is_detected() {
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    for i in 0..200 {
        db.secret_set(&n.reg, &format!("s{i}"), &[b'x'; 200])
            .unwrap();
    }
    db.conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(db);
    let path = n.dir.db_dir().join("lango-v1.db");
    let mut bytes = fs::read(&path).unwrap();
    assert!(bytes.len() > 4 * 4096);
    bytes[3 * 4096 + 100] ^= 0x01; // inside page 4
    fs::write(&path, &bytes).unwrap();
    // Opening may succeed (page 1 is intact); any read of page 4 or verify must fail.
    match Database::open(&n.dir, &n.reg) {
        Err(e) => assert!(matches!(e, Error::Database { .. }), "{e}"),
        Ok(mut db) => match db.verify(&n.reg) {
            Err(e) => assert!(matches!(e, Error::Database { .. }), "{e}"),
            Ok(r) => assert!(!r.problems.is_empty(), "flip not detected: {r:?}"),
        },
    }
}

#[test]
fn rekey_moves_every_row_to_a_new_key_and_removes_the_old_file() {
    let mut n = node();
    drop(Database::create(&n.dir, &n.reg, false).unwrap());
    // Reopened, as every later start does (a connection opened without CREATE once made
    // the export's ATTACH fail).
    let mut db = Database::open(&n.dir, &n.reg).unwrap();
    db.secret_set(&n.reg, "s", b"kept").unwrap();
    db.trust_put_peer(&peer("did:key:zA")).unwrap();
    let old_key = Key32::from_bytes(*n.reg.current(KeyClass::Database).1.as_bytes());
    assert_eq!(db.rekey(&n.dir, &mut n.reg, &n.p).unwrap(), 2);
    assert_eq!(db.key_version(), Some(2));
    assert!(!n.dir.db_dir().join("lango-v1.db").exists());
    let new_path = n.dir.db_dir().join("lango-v2.db");
    assert!(Database::connect(&new_path, Some((2, &old_key)), false).is_err());
    drop(db);
    let mut reg = KeyRegistry::open(&n.dir, &mut n.p).unwrap();
    assert_eq!(reg.current(KeyClass::Database).0, 2);
    assert!(reg.get(KeyClass::Database, 1).is_err(), "old key dropped");
    let mut db = Database::open(&n.dir, &reg).unwrap();
    assert_eq!(&db.secret_get(&reg, "s").unwrap().unwrap()[..], b"kept");
    assert_eq!(db.trust_load().unwrap().0.len(), 1);
    assert_eq!(
        migrations::current(&db.conn, &db.path).unwrap(),
        migrations::LATEST
    );
    assert!(db.verify(&reg).unwrap().problems.is_empty());
    let _ = &mut reg;
}

#[test]
fn leftovers_of_an_interrupted_rekey_are_removed_at_open() {
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.secret_set(&n.reg, "s", b"kept").unwrap();
    // Crash after export and rename, before the registry write: an orphan v2 file.
    db.export_to(&n.dir.db_dir().join("lango-v2.db"), &Key32::random())
        .unwrap();
    fs::write(n.dir.db_dir().join("lango-v3.db.tmp"), b"half").unwrap();
    drop(db);
    let mut db = Database::open(&n.dir, &n.reg).unwrap();
    assert_eq!(db.key_version(), Some(1));
    assert_eq!(&db.secret_get(&n.reg, "s").unwrap().unwrap()[..], b"kept");
    let mut names: Vec<String> = fs::read_dir(n.dir.db_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| !f.ends_with("-wal") && !f.ends_with("-shm"))
        .collect();
    names.sort();
    assert_eq!(names, ["lango-v1.db"]);
}

#[test]
fn encrypt_migrates_a_plaintext_database() {
    let mut n = node();
    let mut db = Database::create(&n.dir, &n.reg, true).unwrap();
    assert_eq!(db.key_version(), None);
    db.secret_set(&n.reg, "s", b"kept").unwrap();
    db.trust_put_peer(&peer("did:key:zPLAIN")).unwrap();
    db.conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let plain = n.dir.db_dir().join("lango.db");
    let head = fs::read(&plain).unwrap();
    assert!(head.starts_with(b"SQLite format 3\0"));
    assert!(
        contains(&head, b"zPLAIN"),
        "plaintext rows are visible before"
    );
    assert!(
        !contains(&head, b"kept"),
        "secret values are sealed even in plaintext mode"
    );
    assert!(
        db.rekey(&n.dir, &mut n.reg, &n.p).is_err(),
        "rekey needs encryption"
    );
    assert_eq!(db.encrypt_plaintext(&n.dir, &mut n.reg).unwrap(), 1);
    assert!(!plain.exists());
    drop(db);
    let bytes = all_db_bytes(&n.dir);
    assert!(!contains(&bytes, b"SQLite format 3"));
    assert!(!contains(&bytes, b"zPLAIN"));
    let mut db = Database::open(&n.dir, &n.reg).unwrap();
    assert_eq!(db.key_version(), Some(1));
    assert_eq!(&db.secret_get(&n.reg, "s").unwrap().unwrap()[..], b"kept");
    assert_eq!(db.trust_load().unwrap().0.len(), 1);
    assert!(db.encrypt_plaintext(&n.dir, &mut n.reg).is_err());
}

#[test]
fn a_newer_schema_is_refused() {
    let n = node();
    let db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.conn
        .pragma_update(None, "user_version", migrations::LATEST + 1)
        .unwrap();
    drop(db);
    assert!(matches!(
        Database::open(&n.dir, &n.reg),
        Err(Error::SchemaTooNew { .. })
    ));
}

#[test]
fn trust_rows_round_trip_with_blocks() {
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.trust_put_peer(&peer("did:key:zA")).unwrap();
    let b = trust::BlockRow {
        did: "did:key:zA".into(),
        until_ms: None,
        reason: "removed".into(),
        since_ms: 9,
    };
    db.trust_remove_peer("did:key:zA", Some(&b)).unwrap();
    let (peers, blocks) = db.trust_load().unwrap();
    assert!(peers.is_empty());
    assert_eq!(blocks, vec![b.clone()]);
    db.trust_put_peer(&peer("did:key:zA")).unwrap(); // re-adding lifts the block
    assert!(db.trust_load().unwrap().1.is_empty());
    db.trust_put_block(&b).unwrap();
    assert!(db.trust_remove_block("did:key:zA").unwrap());
    assert!(!db.trust_remove_block("did:key:zA").unwrap());
}

#[test]
fn known_addresses_are_kept_only_for_trusted_peers_and_go_with_their_trust() {
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    let known = |did: &str, a: &str| trust::KnownAddrs {
        did: did.into(),
        peer_id: "12D3KooWPeer".into(),
        addrs: vec![a.into()],
        updated_ms: 7,
    };
    // Not trusted: not kept.
    db.known_addrs_put(&known("did:key:zA", "/ip4/10.0.0.1/tcp/1"))
        .unwrap();
    assert!(db.known_addrs_load().unwrap().is_empty());
    db.trust_put_peer(&peer("did:key:zA")).unwrap();
    db.known_addrs_put(&known("did:key:zA", "/ip4/10.0.0.1/tcp/1"))
        .unwrap();
    db.known_addrs_put(&known("did:key:zA", "/ip4/10.0.0.2/tcp/2"))
        .unwrap();
    // An older write that finishes late does not replace a newer one.
    let mut late = known("did:key:zA", "/ip4/10.0.0.9/tcp/9");
    late.updated_ms = 6;
    db.known_addrs_put(&late).unwrap();
    assert_eq!(
        db.known_addrs_load().unwrap(),
        vec![known("did:key:zA", "/ip4/10.0.0.2/tcp/2")]
    );
    // Removing the peer's trust removes where it was.
    db.trust_remove_peer("did:key:zA", None).unwrap();
    assert!(db.known_addrs_load().unwrap().is_empty());
}

#[test]
fn secret_references_resolve_and_unknown_ones_are_errors() {
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    db.secret_set(&n.reg, "tok", b"abc").unwrap();
    db.secret_set(&n.reg, "bin", &[0xff, 0xfe]).unwrap();
    let r = db
        .resolve_secret_refs(&n.reg, "Bearer {{secret:tok}}; again {{secret:tok}}.")
        .unwrap();
    assert_eq!(&r[..], "Bearer abc; again abc.");
    assert_eq!(
        &db.resolve_secret_refs(&n.reg, "no refs").unwrap()[..],
        "no refs"
    );
    for bad in [
        "{{secret:nope}}",
        "{{secret:tok",
        "{{secret:bin}}",
        "{{secret:a b}}",
    ] {
        assert!(db.resolve_secret_refs(&n.reg, bad).is_err(), "{bad}");
    }
}

#[test]
fn the_audit_anchor_moves_only_forward_and_survives_a_rekey() {
    use crate::audit::Head;
    let mut n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    assert_eq!(db.audit_anchor().unwrap(), None);
    let h = |seq, b| Head { seq, mac: [b; 32] };
    db.set_audit_anchor(h(5, 1), 1).unwrap();
    db.set_audit_anchor(h(3, 2), 2).unwrap(); // an older head, late: ignored
    assert_eq!(db.audit_anchor().unwrap(), Some(h(5, 1)));
    db.set_audit_anchor(h(6, 3), 3).unwrap();
    db.rekey(&n.dir, &mut n.reg, &n.p).unwrap();
    assert_eq!(db.audit_anchor().unwrap(), Some(h(6, 3)));
    // The MAC is not stored in the clear.
    drop(db);
    assert!(!contains(&all_db_bytes(&n.dir), &[3; 32]));
}

#[test]
fn decided_approval_requests_are_pruned_to_the_newest_and_pending_ones_never() {
    use super::approvals::{RequestRow, KEEP_DECIDED};
    let n = node();
    let mut db = Database::create(&n.dir, &n.reg, false).unwrap();
    let row = |i: usize, state: &str| RequestRow {
        id: format!("{i:032x}"),
        created_ms: i as u64,
        state: state.into(),
        body: "{}".into(),
    };
    // Two pending requests older than every decided one.
    db.approval_put(&row(0, "pending")).unwrap();
    db.approval_put(&row(1, "pending")).unwrap();
    for i in 2..(KEEP_DECIDED + 12) {
        db.approval_put(&row(i, "denied")).unwrap();
    }
    let all = db.approval_list().unwrap();
    let decided: Vec<_> = all.iter().filter(|r| r.state != "pending").collect();
    assert_eq!(decided.len(), KEEP_DECIDED);
    // The oldest decided ones went; the newest stayed.
    assert_eq!(decided[0].created_ms, 12);
    assert_eq!(all.iter().filter(|r| r.state == "pending").count(), 2);
    assert!(db.approval_get(&format!("{:032x}", 2)).unwrap().is_none());
    assert!(db.approval_get(&format!("{:032x}", 0)).unwrap().is_some());
}
