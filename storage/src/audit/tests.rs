use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use serde_json::json;

use super::line::{format_unkeyed, hex_sha256};
use super::*;

fn key() -> Key32 {
    Key32::from_bytes([7; 32])
}

fn open(p: &Path) -> AuditLog {
    AuditLog::open(p, Durability::Always, key(), None).unwrap()
}

fn check(p: &Path) -> Result<VerifyReport> {
    verify(p, &key(), None)
}

fn log_with(n: u64) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let log = open(&p);
    for i in 1..=n {
        log.append("test.event", json!({ "n": i })).unwrap();
    }
    (t, p)
}

fn lines(p: &Path) -> Vec<String> {
    fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(p: &Path, lines: &[String]) {
    let mut s = lines.join("\n");
    s.push('\n');
    fs::write(p, s).unwrap();
}

fn broken_at(p: &Path) -> (u64, AuditBreak) {
    match check(p) {
        Err(Error::AuditChainBroken { seq, reason, .. }) => (seq, reason),
        other => panic!("expected AuditChainBroken, got {other:?}"),
    }
}

/// The line with `edit` applied to its body and re-sealed under `key`: what someone
/// holding that key (the right one or not) would write.
fn reseal(line: &str, key: &Key32, edit: impl Fn(&str) -> String) -> String {
    let head = &line[..line.rfind(",\"mac\":\"").unwrap()];
    let body = edit(&format!("{head}}}"));
    let mac = hex::encode(crate::crypto::hmac_sha256(key, body.as_bytes()));
    format!("{},\"mac\":\"{mac}\"}}", body.strip_suffix('}').unwrap())
}

fn head_of(p: &Path) -> Head {
    let last = tail(p, 1).unwrap().pop().unwrap();
    let mut mac = [0; 32];
    hex::decode_to_slice(last.mac.unwrap(), &mut mac).unwrap();
    Head { seq: last.seq, mac }
}

#[test]
fn batched_entries_are_in_the_file_at_once_and_fsynced_in_groups() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let within = Durability::Within(Duration::from_millis(30));
    let log = AuditLog::open(&p, within, key(), None).unwrap();
    for i in 1..=200u64 {
        log.append("test.event", json!({ "n": i })).unwrap();
        // Written before append returned: another reader sees it now.
        assert_eq!(lines(&p).len() as u64, i);
    }
    assert!(log.unsynced() || log.flusher_syncs() > 0);
    let mut waited = 0;
    while log.unsynced() && waited < 1000 {
        std::thread::sleep(Duration::from_millis(10));
        waited += 1;
    }
    assert!(!log.unsynced(), "the flusher never caught up");
    let syncs = log.flusher_syncs();
    assert!(syncs >= 1, "no group commit happened");
    assert!(
        syncs < 200,
        "one fsync per entry is not a group commit ({syncs})"
    );
    drop(log);
    assert_eq!(check(&p).unwrap().entries, 200);
    // The chain continues across a reopen in the other mode.
    let log = open(&p);
    assert_eq!(log.append("test.event", json!({})).unwrap().seq, 201);
    assert!(!log.unsynced());
}

#[test]
fn explicit_sync_clears_pending_and_drop_does_not_wait_the_interval() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let hour = Durability::Within(Duration::from_secs(3600));
    let log = AuditLog::open(&p, hour, key(), None).unwrap();
    log.append("test.event", json!({})).unwrap();
    assert!(log.unsynced());
    assert_eq!(log.flusher_syncs(), 0);
    log.sync().unwrap();
    assert!(!log.unsynced());
    log.append("test.event", json!({})).unwrap();
    assert!(log.unsynced());
    // Dropping syncs the rest and returns; with an hour-long interval, a flusher
    // that waited it out would hang this test.
    drop(log);
    assert_eq!(check(&p).unwrap().entries, 2);
}

#[test]
fn appended_entries_chain_and_verify() {
    let (_t, p) = log_with(5);
    let r = check(&p).unwrap();
    assert_eq!((r.entries, r.unkeyed, r.anchored), (5, 0, None));
    let all = tail(&p, 10).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].prev, GENESIS_PREV);
    assert_eq!(all[0].seq, 1);
    for w in all.windows(2) {
        assert_eq!(w[1].seq, w[0].seq + 1);
        assert_eq!(Some(&w[1].prev), w[0].mac.as_ref());
        assert!(w[1].hash.is_none());
    }
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn empty_log_verifies_with_zero_entries() {
    let (_t, p) = log_with(0);
    assert_eq!(check(&p).unwrap().entries, 0);
    assert!(tail(&p, 3).unwrap().is_empty());
}

#[test]
fn timestamps_are_rfc3339_utc() {
    let t = tempfile::tempdir().unwrap();
    let log = open(&t.path().join("a"));
    let e = log
        .append_at(
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            "k",
            json!(null),
        )
        .unwrap();
    assert_eq!(e.time, "2023-11-14T22:13:20.000Z");
}

#[test]
fn reopen_continues_the_chain() {
    let (_t, p) = log_with(3);
    let before = tail(&p, 1).unwrap().pop().unwrap();
    let log = open(&p);
    let e = log.append("after.reopen", json!({})).unwrap();
    assert_eq!(e.seq, 4);
    assert_eq!(Some(e.prev), before.mac);
    assert_eq!(check(&p).unwrap().entries, 4);
}

#[test]
fn modified_entry_fails_its_mac() {
    let (_t, p) = log_with(5);
    let mut l = lines(&p);
    l[2] = l[2].replace("\"n\":3", "\"n\":33");
    write_lines(&p, &l);
    assert_eq!(broken_at(&p), (3, AuditBreak::MacMismatch));
}

#[test]
fn an_entry_rewritten_without_the_key_is_refused() {
    // With another key: the MAC does not verify.
    let (_t, p) = log_with(5);
    let mut l = lines(&p);
    l[2] = reseal(&l[2], &Key32::from_bytes([8; 32]), |b| {
        b.replace("\"n\":3", "\"n\":33")
    });
    write_lines(&p, &l);
    assert_eq!(broken_at(&p), (3, AuditBreak::MacMismatch));

    // As an unkeyed line with a correct hash: a downgrade.
    let (_t, p) = log_with(5);
    let mut l = lines(&p);
    let e = &tail(&p, 5).unwrap()[2];
    l[2] = format_unkeyed(3, "test.event", json!({"n": 33}), &e.prev);
    write_lines(&p, &l);
    assert_eq!(broken_at(&p), (3, AuditBreak::Downgrade));
}

#[test]
fn an_entry_rewritten_with_the_key_breaks_the_next_link() {
    let (_t, p) = log_with(5);
    let mut l = lines(&p);
    l[2] = reseal(&l[2], &key(), |b| b.replace("\"n\":3", "\"n\":33"));
    write_lines(&p, &l);
    assert_eq!(broken_at(&p), (4, AuditBreak::PrevMismatch));
}

#[test]
fn deleted_middle_entry_is_named_by_seq() {
    let (_t, p) = log_with(5);
    let mut l = lines(&p);
    l.remove(2);
    write_lines(&p, &l);
    assert_eq!(
        broken_at(&p),
        (
            3,
            AuditBreak::SeqMismatch {
                expected: 3,
                found: 4
            }
        )
    );
}

#[test]
fn reordered_pair_is_named_by_seq() {
    let (_t, p) = log_with(5);
    let mut l = lines(&p);
    l.swap(1, 2);
    write_lines(&p, &l);
    assert_eq!(
        broken_at(&p),
        (
            2,
            AuditBreak::SeqMismatch {
                expected: 2,
                found: 3
            }
        )
    );
}

#[test]
fn renumbered_deletion_breaks_the_prev_link() {
    let (_t, p) = log_with(4);
    let mut l = lines(&p);
    l.remove(1);
    // Fix up seq and MAC of the entry that moved up, but not its prev.
    l[1] = reseal(&l[1], &key(), |b| b.replacen("\"seq\":3", "\"seq\":2", 1));
    write_lines(&p, &l);
    assert_eq!(broken_at(&p), (2, AuditBreak::PrevMismatch));
}

#[test]
fn garbage_line_is_malformed() {
    let (_t, p) = log_with(3);
    let mut l = lines(&p);
    l[1] = "not json".to_owned();
    write_lines(&p, &l);
    assert!(matches!(broken_at(&p), (2, AuditBreak::Malformed(_))));
}

#[test]
fn a_cut_tail_is_invisible_to_the_chain_and_caught_by_the_anchor() {
    let (_t, p) = log_with(4);
    let anchor = head_of(&p);
    let l = lines(&p);
    write_lines(&p, &l[..3]);
    // Three intact entries are a valid chain: only the anchor knows there were four.
    assert_eq!(check(&p).unwrap().entries, 3);
    match verify(&p, &key(), Some(anchor)) {
        Err(Error::AuditTruncated { last: 3, how, .. }) => {
            assert!(how.contains("entry 4"), "{how}")
        }
        other => panic!("expected AuditTruncated, got {other:?}"),
    }
    // Emptied: the same.
    fs::write(&p, b"").unwrap();
    assert!(matches!(
        verify(&p, &key(), Some(anchor)),
        Err(Error::AuditTruncated { last: 0, .. })
    ));
    // And opening it to continue is refused.
    assert!(matches!(
        AuditLog::open(&p, Durability::Always, key(), Some(anchor)),
        Err(Error::AuditTruncated { .. })
    ));
}

#[test]
fn a_line_cut_in_the_middle_is_a_truncated_tail() {
    let (_t, p) = log_with(3);
    let bytes = fs::read(&p).unwrap();
    // Cut the final newline only, then cut into the last entry.
    for cut in [1, 10] {
        fs::write(&p, &bytes[..bytes.len() - cut]).unwrap();
        assert!(matches!(
            AuditLog::open(&p, Durability::Always, key(), None),
            Err(Error::AuditTailCorrupt { .. })
        ));
        assert!(matches!(
            check(&p),
            Err(Error::AuditTruncated { last: 2, .. })
        ));
    }
}

#[test]
fn a_missing_log_is_reported_as_missing() {
    let (_t, p) = log_with(2);
    let anchor = head_of(&p);
    fs::remove_file(&p).unwrap();
    assert!(matches!(
        verify(&p, &key(), Some(anchor)),
        Err(Error::AuditMissing {
            anchored: Some(2),
            ..
        })
    ));
    assert!(matches!(
        check(&p),
        Err(Error::AuditMissing { anchored: None, .. })
    ));
    // A node whose anchor says it wrote entries does not start a fresh log in silence.
    assert!(matches!(
        AuditLog::open(&p, Durability::Always, key(), Some(anchor)),
        Err(Error::AuditMissing { .. })
    ));
    assert!(!p.exists());
}

#[test]
fn a_log_that_disagrees_with_its_anchor_is_refused() {
    // Same key, same length, other content: e.g. another log of this node put in place.
    let (_t, p) = log_with(3);
    let (_u, other) = log_with(0);
    let log = open(&other);
    for i in 1..=3 {
        log.append("other.event", json!({ "i": i })).unwrap();
    }
    let anchor = head_of(&other);
    assert_eq!(
        match verify(&p, &key(), Some(anchor)) {
            Err(Error::AuditChainBroken { seq, reason, .. }) => (seq, reason),
            other => panic!("{other:?}"),
        },
        (3, AuditBreak::AnchorMismatch)
    );
    assert!(matches!(
        AuditLog::open(&p, Durability::Always, key(), Some(anchor)),
        Err(Error::AuditTailCorrupt {
            reason: AuditBreak::AnchorMismatch,
            ..
        })
    ));
}

#[test]
fn open_refuses_a_log_whose_last_entry_was_edited() {
    let (_t, p) = log_with(3);
    let mut l = lines(&p);
    l[2] = l[2].replace("\"n\":3", "\"n\":4");
    write_lines(&p, &l);
    assert!(matches!(
        AuditLog::open(&p, Durability::Always, key(), None),
        Err(Error::AuditTailCorrupt {
            reason: AuditBreak::MacMismatch,
            ..
        })
    ));
    // Nor does another key continue it.
    let (_t, p) = log_with(1);
    assert!(matches!(
        AuditLog::open(&p, Durability::Always, Key32::from_bytes([9; 32]), None),
        Err(Error::AuditTailCorrupt {
            reason: AuditBreak::MacMismatch,
            ..
        })
    ));
}

#[test]
fn a_log_written_before_keyed_chains_continues_keyed() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let first = format_unkeyed(1, "init", json!({}), GENESIS_PREV);
    let second = format_unkeyed(2, "node_start", json!({}), &hex_sha256(first.as_bytes()));
    write_lines(&p, &[first, second.clone()]);
    let log = open(&p);
    let e = log.append("keyed", json!({})).unwrap();
    assert_eq!(e.seq, 3);
    assert_eq!(e.prev, hex_sha256(second.as_bytes()));
    drop(log);
    let r = check(&p).unwrap();
    assert_eq!((r.entries, r.unkeyed), (3, 2));
    // The unkeyed part is bound by the first keyed entry: changing it (hashes
    // recomputed) breaks the link.
    let mut l = lines(&p);
    l[1] = format_unkeyed(
        2,
        "node_start",
        json!({"x": 1}),
        &hex_sha256(l[0].as_bytes()),
    );
    write_lines(&p, &l);
    assert_eq!(broken_at(&p), (3, AuditBreak::PrevMismatch));
}

#[test]
fn the_anchor_writer_gets_every_durable_head_in_either_mode() {
    for durability in [
        Durability::Always,
        Durability::Within(Duration::from_millis(5)),
    ] {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("audit.log");
        let db: Arc<Mutex<Option<Head>>> = Arc::default();
        let log = AuditLog::open(&p, durability, key(), None).unwrap();
        let theirs = db.clone();
        log.anchor_with(Box::new(move |h| {
            *theirs.lock().unwrap() = Some(h);
            Ok(())
        }))
        .unwrap();
        for i in 0..20 {
            log.append("e", json!({ "i": i })).unwrap();
        }
        log.sync_anchored().unwrap();
        assert_eq!(*db.lock().unwrap(), Some(head_of(&p)), "{durability:?}");
        // What is appended and then dropped is anchored too.
        log.append("last", json!({})).unwrap();
        drop(log);
        let anchored = db.lock().unwrap().unwrap();
        assert_eq!(anchored, head_of(&p), "{durability:?}");
        assert_eq!(
            verify(&p, &key(), Some(anchored)).unwrap().anchored,
            Some(21)
        );
    }
}

#[test]
fn appends_do_not_wait_for_a_held_anchor_writer() {
    // The writer takes a lock the appender holds (the node's vault): appends go on.
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let vault = Arc::new(Mutex::new(0u64));
    let log = AuditLog::open(&p, Durability::Always, key(), None).unwrap();
    let theirs = vault.clone();
    log.anchor_with(Box::new(move |h| {
        *theirs.lock().unwrap() = h.seq;
        Ok(())
    }))
    .unwrap();
    {
        let _held = vault.lock().unwrap();
        for i in 0..5 {
            log.append("under.lock", json!({ "i": i })).unwrap();
        }
    }
    log.sync_anchored().unwrap();
    assert_eq!(*vault.lock().unwrap(), 5);
}

#[test]
fn a_failing_anchor_writer_costs_no_entry_is_reported_and_retried() {
    // Someone holding the database's write lock must not be able to make entries vanish:
    // appends go on, the failure is reported, and the writer catches up once it can.
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let log = AuditLog::open(&p, Durability::Always, key(), None).unwrap();
    let locked = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let db: Arc<Mutex<Option<Head>>> = Arc::default();
    let (l, d) = (locked.clone(), db.clone());
    log.anchor_with(Box::new(move |h| {
        if l.load(std::sync::atomic::Ordering::SeqCst) {
            return Err("database is locked".into());
        }
        *d.lock().unwrap() = Some(h);
        Ok(())
    }))
    .unwrap();
    for i in 0..3 {
        log.append("while.locked", json!({ "i": i })).unwrap();
    }
    assert!(matches!(
        log.sync_anchored(),
        Err(Error::AuditAnchor { detail }) if detail.contains("locked")
    ));
    assert!(log.anchor_failure().is_some());
    assert_eq!(check(&p).unwrap().entries, 3, "every entry was written");
    locked.store(false, std::sync::atomic::Ordering::SeqCst);
    // The writer retries on its own (backoff from 0.1 s).
    let mut waited = 0;
    while db.lock().unwrap().is_none() && waited < 200 {
        std::thread::sleep(Duration::from_millis(25));
        waited += 1;
    }
    assert_eq!(*db.lock().unwrap(), Some(head_of(&p)));
    assert!(log.anchor_failure().is_none());
    log.sync_anchored().unwrap();
}

#[test]
fn closing_with_a_failing_writer_does_not_hang() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let log = AuditLog::open(
        &p,
        Durability::Within(Duration::from_secs(3600)),
        key(),
        None,
    )
    .unwrap();
    log.anchor_with(Box::new(|_| Err("database gone".into())))
        .unwrap();
    log.append("last", json!({})).unwrap();
    assert!(log.sync_anchored().is_err());
    log.append("after", json!({})).unwrap();
    drop(log); // returns: one last try, then the writer ends
    assert_eq!(check(&p).unwrap().entries, 2);
}

#[test]
fn an_older_longer_log_put_back_after_a_restart_is_refused() {
    // The log set aside by a restart (N entries) is longer than the new one (anchored at
    // M < N): its entry M is not the anchored one, so it is neither opened nor verified.
    let (_t, old) = log_with(6);
    let (_u, new) = log_with(0);
    let log = open(&new);
    for i in 0..3 {
        log.append("new.log", json!({ "i": i })).unwrap();
    }
    drop(log);
    let anchor = head_of(&new);
    assert!(matches!(
        AuditLog::open(&old, Durability::Always, key(), Some(anchor)),
        Err(Error::AuditChainBroken {
            seq: 3,
            reason: AuditBreak::AnchorMismatch,
            ..
        })
    ));
    assert!(matches!(
        verify(&old, &key(), Some(anchor)),
        Err(Error::AuditChainBroken {
            seq: 3,
            reason: AuditBreak::AnchorMismatch,
            ..
        })
    ));
    // While the honest case, entries after the anchor, opens.
    let (_v, p) = log_with(2);
    let early = head_of(&p);
    let log = open(&p);
    log.append("after.anchor", json!({})).unwrap();
    drop(log);
    AuditLog::open(&p, Durability::Always, key(), Some(early)).unwrap();
}

#[test]
fn crafted_last_lines_are_refused_not_obeyed() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    // An unkeyed entry at the largest sequence number: no wrap to 0.
    write_lines(
        &p,
        &[format_unkeyed(u64::MAX, "k", json!({}), GENESIS_PREV)],
    );
    assert!(matches!(
        AuditLog::open(&p, Durability::Always, key(), None),
        Err(Error::AuditTailCorrupt { .. })
    ));
    // A last "line" of 40 MiB: refused after reading a bounded amount.
    let mut big = vec![b'x'; 40 << 20];
    big.push(b'\n');
    fs::write(&p, &big).unwrap();
    assert!(matches!(
        AuditLog::open(&p, Durability::Always, key(), None),
        Err(Error::AuditTailCorrupt { .. })
    ));
}

#[test]
fn a_running_log_verifies_what_it_wrote_and_sees_a_cut() {
    let (_t, p) = log_with(0);
    let log = open(&p);
    for i in 0..3 {
        log.append("e", json!({ "i": i })).unwrap();
    }
    assert_eq!(log.verify(None).unwrap().entries, 3);
    let l = lines(&p);
    write_lines(&p, &l[..2]);
    // No anchor given, but the log knows it wrote three entries.
    assert!(matches!(
        log.verify(None),
        Err(Error::AuditTruncated { last: 2, .. })
    ));
    // Bytes it did not write, after its entries: not accepted either.
    let (_u, q) = log_with(0);
    let log = open(&q);
    log.append("e", json!({})).unwrap();
    let mut f = fs::OpenOptions::new().append(true).open(&q).unwrap();
    std::io::Write::write_all(&mut f, b"junk\n").unwrap();
    assert!(matches!(
        log.verify(None),
        Err(Error::AuditChainBroken { .. })
    ));
}

#[test]
fn tail_returns_the_last_entries_across_read_chunks() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let log = open(&p);
    for i in 1..=300u64 {
        log.append("bulk", json!({ "n": i, "pad": "x".repeat(40) }))
            .unwrap();
    }
    assert!(fs::metadata(&p).unwrap().len() > 4 * TAIL_CHUNK);
    let last = tail(&p, 120).unwrap();
    assert_eq!(last.len(), 120);
    assert_eq!(last[0].seq, 181);
    assert_eq!(last[119].seq, 300);
    assert_eq!(tail(&p, 1).unwrap()[0].fields["n"], 300);
    drop(log);
    assert_eq!(open(&p).append("k", json!(1)).unwrap().seq, 301);
}

#[test]
fn concurrent_appends_keep_one_chain() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let log = Arc::new(open(&p));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for j in 0..10 {
                    log.append("thread", json!({ "t": i, "j": j })).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(check(&p).unwrap().entries, 40);
}

/// A log rotated every 600 bytes, `n` entries long, with `keep` closed segments kept.
fn rotated(n: u64, keep: usize, durability: Durability) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let mut log = AuditLog::open(&p, durability, key(), None).unwrap();
    log.set_rotation(Rotation {
        max_bytes: 600,
        max_age: None,
        keep,
    });
    for i in 1..=n {
        log.append("test.event", json!({ "n": i })).unwrap();
    }
    (t, p)
}

#[test]
fn rotation_splits_one_chain_across_segments_that_verify_together() {
    for durability in [
        Durability::Always,
        Durability::Within(Duration::from_millis(5)),
    ] {
        let (_t, p) = rotated(40, 0, durability);
        let closed = segments::closed(&p).unwrap();
        assert!(closed.len() >= 3, "{closed:?}");
        // Each closed segment is named by its first entry, and the next one's first
        // entry links to its last.
        for w in closed.windows(2) {
            let last = lines(&w[0].1).last().unwrap().clone();
            let first = lines(&w[1].1)[0].clone();
            let first: AuditEntry = serde_json::from_str(&first).unwrap();
            assert_eq!(first.seq, w[1].0);
            let last: AuditEntry = serde_json::from_str(&last).unwrap();
            assert_eq!(first.prev, last.mac.unwrap());
        }
        let r = check(&p).unwrap();
        assert_eq!(r.entries, 40);
        assert_eq!(r.segments, closed.len() as u64 + 1);
        // Reopening continues the chain in the active segment.
        let log = open(&p);
        assert_eq!(log.append("more", json!({})).unwrap().seq, 41);
        drop(log);
        assert_eq!(check(&p).unwrap().entries, 41);
        // `tail` reaches back into closed segments.
        let t = tail(&p, 30).unwrap();
        assert_eq!(t.len(), 30);
        assert_eq!(t.last().unwrap().seq, 41);
        assert_eq!(t[0].seq, 12);
    }
}

#[test]
fn a_cut_or_rewritten_or_removed_segment_is_named() {
    let (_t, p) = rotated(40, 0, Durability::Always);
    let closed = segments::closed(&p).unwrap();
    let (first2, seg2) = closed[1].clone();
    // Rewritten: an entry of the second segment edited.
    let original = lines(&seg2);
    let mut edited = original.clone();
    edited[1] = edited[1].replace("\"n\":", "\"n\": ");
    write_lines(&seg2, &edited);
    match check(&p) {
        Err(Error::AuditChainBroken { seq, file, .. }) => {
            assert_eq!(seq, first2 + 1);
            assert_eq!(file, seg2, "the broken segment is named");
        }
        other => panic!("want a broken chain in {seg2:?}, got {other:?}"),
    }
    // Cut: the second segment loses its last entry; the third no longer links.
    write_lines(&seg2, &original[..original.len() - 1]);
    match check(&p) {
        Err(Error::AuditChainBroken { file, reason, .. }) => {
            assert_eq!(
                file, closed[2].1,
                "the break shows where the next segment starts"
            );
            assert!(
                matches!(reason, AuditBreak::SeqMismatch { .. }),
                "{reason:?}"
            );
        }
        other => panic!("want a broken chain, got {other:?}"),
    }
    write_lines(&seg2, &original);
    assert!(check(&p).is_ok());
    // Removed by hand: the oldest segment deleted with no retention record.
    fs::remove_file(&closed[0].1).unwrap();
    match check(&p) {
        Err(Error::AuditChainBroken { seq, file, .. }) => {
            assert_eq!(seq, first2);
            assert_eq!(file, seg2);
        }
        other => panic!("want the missing start named, got {other:?}"),
    }
}

#[test]
fn retention_removes_old_segments_only_after_a_keyed_record_vouches_for_the_start() {
    let (_t, p) = rotated(60, 2, Durability::Always);
    let closed = segments::closed(&p).unwrap();
    assert_eq!(closed.len(), 2, "{closed:?}");
    assert!(closed[0].0 > 1, "older segments were removed");
    let r = check(&p).unwrap();
    let last = tail(&p, 1).unwrap().pop().unwrap();
    assert_eq!(r.entries, last.seq);
    assert_eq!(last.fields["n"], 60, "every event is there");
    assert!(count_kind(&p, segments::REMOVED_KIND) >= 1);
    // A forged retention record (without the key) does not make a cut log verify.
    fs::remove_file(&closed[0].1).unwrap();
    assert!(matches!(check(&p), Err(Error::AuditChainBroken { .. })));
}

fn count_kind(p: &Path, kind: &str) -> u64 {
    segments::files(p)
        .unwrap()
        .iter()
        .filter(|f| f.exists())
        .flat_map(|f| lines(f))
        .filter(|l| l.contains(&format!("\"kind\":\"{kind}\"")))
        .count() as u64
}

#[test]
fn a_stop_between_closing_a_segment_and_creating_the_next_loses_nothing() {
    let (_t, p) = rotated(20, 0, Durability::Always);
    let head = head_of(&p);
    // As if the process died right after the rename: no active file.
    let last_closed = segments::closed(&p).unwrap().last().unwrap().0;
    let active_lines = lines(&p);
    if !active_lines.is_empty() {
        fs::rename(&p, segments::closed_path(&p, last_closed + 1000)).unwrap();
        // (a real stop leaves the segment named by its first entry: undo the test's
        // stand-in name)
        let first: AuditEntry = serde_json::from_str(&active_lines[0]).unwrap();
        fs::rename(
            segments::closed_path(&p, last_closed + 1000),
            segments::closed_path(&p, first.seq),
        )
        .unwrap();
    }
    assert!(!p.exists());
    assert_eq!(verify(&p, &key(), Some(head)).unwrap().entries, 20);
    let log = AuditLog::open(&p, Durability::Always, key(), Some(head)).unwrap();
    assert_eq!(log.append("after", json!({})).unwrap().seq, 21);
    drop(log);
    assert_eq!(check(&p).unwrap().entries, 21);
}

#[test]
fn restart_sets_every_segment_aside() {
    let (t, p) = rotated(20, 0, Durability::Always);
    let kept = set_aside(&p, 42).unwrap().unwrap();
    assert!(kept.is_dir());
    assert!(segments::closed(&p).unwrap().is_empty());
    assert!(!p.exists());
    let moved = fs::read_dir(&kept).unwrap().count();
    assert!(moved >= 2, "{moved}");
    assert!(t.path().join("audit.log.altered-42").exists());
}

#[test]
fn files_planted_among_the_segments_make_retention_refuse_never_delete() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let mut log = AuditLog::open(&p, Durability::Always, key(), None).unwrap();
    log.set_rotation(Rotation {
        max_bytes: 600,
        max_age: None,
        keep: 2,
    });
    for i in 1..=10 {
        log.append("test.event", json!({ "n": i })).unwrap();
    }
    // The attacker plants files numbered above every real segment, the lowest holding
    // a copy of a real entry: retention would keep them and delete the real ones.
    let real = lines(&segments::closed(&p).unwrap()[0].1)[0].clone();
    fs::write(segments::closed_path(&p, u64::MAX - 1), format!("{real}\n")).unwrap();
    fs::write(segments::closed_path(&p, u64::MAX), "").unwrap();
    let before: Vec<_> = segments::closed(&p).unwrap();
    for i in 11..=40 {
        log.append("test.event", json!({ "n": i })).unwrap();
    }
    assert!(log
        .rotation_failure()
        .is_some_and(|f| f.contains("retention refused")));
    for (_, seg) in &before {
        assert!(seg.exists(), "{seg:?} kept");
    }
    drop(log);
    fs::remove_file(segments::closed_path(&p, u64::MAX - 1)).unwrap();
    fs::remove_file(segments::closed_path(&p, u64::MAX)).unwrap();
    let r = check(&p).unwrap();
    assert_eq!(tail(&p, 1).unwrap()[0].fields["n"], 40);
    assert_eq!(r.entries, tail(&p, 1).unwrap()[0].seq, "nothing lost");
}

#[test]
fn a_segment_that_cannot_be_closed_costs_no_entry() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("audit.log");
    let mut log = AuditLog::open(&p, Durability::Always, key(), None).unwrap();
    log.set_rotation(Rotation {
        max_bytes: 600,
        max_age: None,
        keep: 0,
    });
    // A file under the name the active segment would be closed as.
    fs::write(segments::closed_path(&p, 1), "planted").unwrap();
    for i in 1..=20 {
        log.append("test.event", json!({ "n": i })).unwrap();
    }
    assert!(log
        .rotation_failure()
        .is_some_and(|f| f.contains("not written by this log")));
    drop(log);
    fs::remove_file(segments::closed_path(&p, 1)).unwrap();
    assert_eq!(
        check(&p).unwrap().entries,
        20,
        "every entry is in audit.log"
    );
}
