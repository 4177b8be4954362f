//! Accuracy of the built-in PII detectors on the labelled development corpus
//! (`tests/data/pii-dev.jsonl`, a copy of the project's `pii-dev.jsonl`: spans in
//! character offsets, Presidio's entity names). Scored as the `pii-dev` check scores:
//! exact (start, end, type) matches in UTF-8 byte offsets. Fails below micro F1 0.97 or
//! below 0.95 precision or recall for any type. This corpus is for development; the
//! issue's bar is a held-out one.

fn floor(file: &str) {
    floor_at(file, 0.97, 0.95)
}

/// Fails below micro F1 `f1` or below `per_type` precision or recall for any type.
fn floor_at(file: &str, f1_floor: f64, per_type: f64) {
    let path = format!("{}/../tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let score = lango_node::pii::score(&text).expect("a labelled corpus");
    let f1 = score.micro_f1();
    let mut report = format!("micro F1 {f1:.3}");
    let mut ok = f1 >= f1_floor;
    for kind in score.0.keys() {
        let (p, r) = score.precision_recall(kind);
        report.push_str(&format!("; {kind} P {p:.3} R {r:.3}"));
        ok &= p >= per_type && r >= per_type;
    }
    assert!(ok, "{file}: {report}");
    assert_eq!(
        score.0.len(),
        6,
        "every type of the corpus is detected: {report}"
    );
}

#[test]
fn detectors_reach_the_accuracy_floor_on_the_dev_corpus() {
    floor("pii-dev.jsonl");
}

/// A second corpus in the same label scheme but other shapes, written to stand in for
/// the held-out one (`tests/data/pii_shapes.py`, seeded): CSV with headers, JSON and
/// key=value logs, syslog lines, e-mail headers and signatures, an XML payment file,
/// prose in English, German, French and Spanish; national phone formats of US, UK, DE,
/// FR and ES; cards of seven schemes in several groupings; IBANs of 18 countries; with
/// look-alikes beside the values (versions in fields, ISBNs, meeting ids, message ids,
/// Luhn- and mod-97-invalid numbers, IBAN tails, dates, ports, MAC addresses).
#[test]
fn detectors_reach_the_accuracy_floor_on_a_corpus_of_other_shapes() {
    floor("pii-shapes.jsonl");
}

/// A third corpus, written by a different author without reading the detectors
/// (`tests/data/pii_formats.py`, seeded): Markdown tables, YAML, SQL, access and error
/// logs, HTTP dumps, chat transcripts, vCard and iCalendar, shell history, stack traces,
/// tickets; prose in Italian, Dutch, Portuguese, Polish and English with their national
/// phone formats. A bare nine-digit phone with no phone word before it (`his new number
/// is 223587479`) cannot be told from tax and register numbers and is missed.
#[test]
fn detectors_reach_the_accuracy_floor_on_a_corpus_of_other_formats() {
    floor("pii-formats.jsonl");
}

/// A fourth corpus, by another author who did not read the detectors
/// (`tests/data/pii_locales.py`, seeded): kubectl and journald output, Kafka and GraphQL
/// payloads, Terraform plans, HL7, SEPA and SWIFT messages, DNS zone files, bank CSVs
/// with decimal commas, SIP and Windows event XML; support chats in ES, DE, FR, SV, TR and
/// Japanese romaji. At first sight it scored micro F1 0.952 (phones P 0.756: bare
/// ten-digit identifiers in HL7 fields, XML attributes, CSV cells and DNS serials).
#[test]
fn detectors_reach_the_accuracy_floor_on_a_corpus_of_other_locales() {
    floor("pii-locales.jsonl");
}

/// A fifth corpus, by another author who did not read the detectors
/// (`tests/data/pii_wild.py`, seeded): mbox threads with quoted replies and signatures,
/// contact, call-detail and payment CSV exports, logfmt, CEF and LEEF, mysqldump,
/// meeting invitations with dial-in strings, vCard and jCard, MT940 statements,
/// invoices and carrier notices of a dozen countries, chats in pt-BR, IT, NL, PL, JA,
/// KO, AR and Hinglish. At first sight it scored micro F1 0.977 (phones P 0.928 R
/// 0.968: ids after words the lists lacked, Australian 1300 and Indian 5-5 numbers).
#[test]
fn detectors_reach_the_accuracy_floor_on_a_corpus_of_wild_formats() {
    floor("pii-wild.jsonl");
}

/// A sixth corpus, by another author who did not read the detectors
/// (`tests/data/pii_fresh.py`, seeded), kept apart to measure generalisation: cloud
/// audit and flow logs, mail and DHCP logs, router configs, RADIUS, CRM notes,
/// insurance claims, CVs, rosters, classified ads, bank SMS, tickets and forms in CZ,
/// HU, GR, FI, RU, TR, ID, TH, VN, MX, CO and more. At first sight it scored micro F1
/// 0.968 (phones P 0.890 R 0.934: id and phone words of those languages, CJK words
/// glued to digits, Greek, Hungarian and eight-digit local formats, Mir cards).
#[test]
fn detectors_reach_the_accuracy_floor_on_a_corpus_of_fresh_shapes() {
    floor("pii-fresh.jsonl");
}

/// A seventh corpus, by another author who did not read the detectors
/// (`tests/data/pii_heldout.py`, seeded), balanced like an evaluation set rather than
/// an adversarial one: 40 % application logs and JSON (webhooks, audit events, FHIR,
/// GraphQL), 25 % CSV and TSV exports with varied headers and delimiters, 20 % e-mails,
/// 15 % prose and chat in ten languages. It was written after the context rules above
/// and scored micro F1 0.986 at first sight (e-mail P 0.967: Gmail message ids with `=`;
/// phones P 0.967 R 0.967: `LEID` and `Partita IVA` columns, Norway's 3-2-3).
#[test]
fn detectors_reach_the_accuracy_floor_on_a_corpus_balanced_like_an_evaluation() {
    floor("pii-heldout.jsonl");
}

/// An eighth corpus (`tests/data/pii_eighth.py`, written by a helper without reading the
/// detectors) in document kinds none of the others use: SQL dumps, psql and Markdown
/// tables, vCard and iCalendar, SNMP walks, auditd, Squid, Windows and PowerShell output,
/// W-2 and payslip layouts, and prose in Danish, Polish, Arabic, Hebrew, Hindi, Korean,
/// Thai and Vietnamese. First sight: micro F1 0.993 (phones P 0.979 R 0.979: German
/// DIN 5008 extensions, Danish pairs, auditd's 4294967295; IPs R 0.984: Squid's
/// `HIER_DIRECT/…`).
#[test]
fn detectors_reach_the_accuracy_floor_on_sql_snmp_audit_and_nordic_text() {
    floor("pii-eighth.jsonl");
}

/// A ninth corpus (`tests/data/pii_ninth.py`, a helper again, without reading the
/// detectors): EDIFACT and SAP IDoc records, SWIFT MT103, SIP traces, air cargo
/// manifests, bank statement CSVs of Turkish, Portuguese and Nordic banks, git patches,
/// OpenTelemetry and Loki logs, and prose and chat in Swedish, Norwegian, Turkish,
/// Romanian, Ukrainian, Japanese, Malay, Swahili and Catalan. First sight: micro F1 0.989
/// (phones P 0.950 R 0.948: EDIFACT `COM+?+…:TE'`, SIP user parts, `03(3446)9973`,
/// SAP's `BANKN=`, a `Dekont No` column, a Belgian enterprise number).
#[test]
fn detectors_reach_the_accuracy_floor_on_edifact_sap_swift_and_more_locales() {
    floor("pii-ninth.jsonl");
}
