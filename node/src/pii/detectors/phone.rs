//! Telephone numbers: an optional `+` and country code, an optional `(area)`, digit
//! groups joined by single spaces, dots or dashes, and an optional extension (`x`, `ext`,
//! `#`). Kept when the digits (extension aside) number 10 to 15, or 8 to 15 after a `+`.
//! Bare digits (no `+`, no separator) are kept after a phone word (`phone: 884329475`),
//! or as a valid North American or trunk-0 national number whose context is not an
//! identifier (`order number 3585650756` is an order number); see [`context`].

use super::super::bytes::{is_at, is_before, is_word, run_end, run_start};
use super::{column, kind, push, Span};

/// Words that introduce an identifier (`order number`, `invoice #`, `Beställning`,
/// `kenmerk`, `tag=`) or a quantity: bare digits after them are that, not a phone (nor
/// are bare digits after a [`STRONG_ID_WORDS`] word).
const ID_WORDS: &[&str] = &[
    "order",
    "invoice",
    "tracking",
    "ticket",
    "reference",
    "ref",
    "account",
    "acct",
    "id",
    "sku",
    "serial",
    "case",
    "po",
    "claim",
    "npi",
    "fattura",
    "factuur",
    "fatura",
    "faktura",
    "factura",
    "facture",
    "rechnung",
    "encomenda",
    "pedido",
    "commande",
    "ordine",
    "bestellung",
    "bestelling",
    "referens",
    "referenz",
    "referencia",
    "riferimento",
    "kenmerk",
    "vertragsnummer",
    "kundennummer",
    "bestellnummer",
    "auftragsnummer",
    "rechnungsnummer",
    "aktenzeichen",
    "ocr",
    "inv",
    "tag",
    "lsn",
    "seq",
    "txid",
    "uid",
    "pid",
    "timestamp",
    "ts",
    "incident",
    "incidencia",
    "expediente",
    "dossier",
    "contract",
    "contrato",
    "vertrag",
    "avtal",
    "quantity",
    "count",
    "size",
    "bytes",
    "total",
    "amount",
    "balance",
    "beställning",
    "bestallning",
    "référence",
    "referência",
    "bangō",
    "bango",
    "uketsuke",
    "sipariş",
    "siparis",
    "konto",
    "kto",
    "bsn",
    "codice",
    "iva",
    "part",
    "model",
    "identifier",
    "consignment",
    "shipment",
    "parcel",
    "waybill",
    "awb",
    "booking",
    "reservation",
    "confirmation",
    "pnr",
    "folio",
    "symbol",
    "subject",
    "betreff",
    "objet",
    "asunto",
    "oggetto",
    "konu",
    "тема",
    "lasku",
    "laskun",
    "laskussa",
    "laskulla",
    "zákaznické",
    "zakaznicke",
    "κωδικός",
    "zamówienia",
    "zamówienie",
    "zamowienia",
    "zamowienie",
    "reklamacja",
    "aanslag",
    "counter32",
    "counter64",
    "gauge32",
    "timeticks",
    "auid",
    "ppid",
    "euid",
];

/// Short words that may stand between an identifier word and its digits (`your order
/// number is 3585650756`, `su incidencia es la 5325697460`).
const FILLERS: &[&str] = &[
    "is", "was", "are", "the", "a", "an", "es", "la", "el", "le", "les", "de", "du", "ist", "der",
    "die", "das", "är", "est", "è", "é", "il", "lo", "of", "your", "our", "su", "votre", "ihre",
    "din", "uw", "és",
];

/// Words that name a telephone number, in the languages the detectors cover.
const PHONE_WORDS: &[&str] = &[
    "phone",
    "tel",
    "telephone",
    "téléphone",
    "telefon",
    "telefone",
    "telefono",
    "teléfono",
    "telefoon",
    "mobile",
    "mobil",
    "mobiel",
    "móvil",
    "movil",
    "mòbil",
    "telèfon",
    "cell",
    "cellulare",
    "handy",
    "fax",
    "portable",
    "celular",
    "telemóvel",
    "whatsapp",
    "sms",
    "msisdn",
    "caller",
    "voice",
    "tlf",
    "telf",
    "tfno",
    "mob",
    "callerid",
    "contacto",
    "contato",
    "contatto",
    "kontakt",
    "τηλ",
    "τηλέφωνο",
    "κινητό",
    "σταθερό",
    "телефон",
    "тел",
    "моб",
    "telefonszám",
    "puhelin",
    "電話",
    "電話番号",
    "携帯",
    "携帯番号",
    "电话",
    "手机",
    "전화",
    "전화번호",
    "휴대폰",
    "연락처",
];

/// Scandinavian prepositions after "call" (`Ring til 9381 2112`, `ring på …`, `Ring
/// ind: …`): after a phone word or a verb of calling they name a phone; after anything
/// else (`ordernummer till 0701234567`), nothing.
const CALL_PREPOSITIONS: &[&str] = &["til", "till", "på", "ind"];
const CALL_VERBS: &[&str] = &["ring", "ringe", "ringer", "ringa"];

/// Words that say "number" and nothing about which kind: they pass the decision to the
/// word before them (`phone number`, `order number`, `meine Nummer ist …`).
const NUMBER_WORDS: &[&str] = &[
    "number",
    "nummer",
    "numero",
    "número",
    "numéro",
    "numer",
    "číslo",
    "cislo",
    "номер",
    "αριθμός",
    "番号",
    "번호",
];

/// Attribute and key names that hold a value without saying what it is: they pass the
/// decision on too (`<meta itemprop="identifier" content="…">`, `id="7" value="…"`).
const VALUE_WORDS: &[&str] = &["value", "content", "val"];

/// Stems that make a compound on `-nummer`, `-nr` or `-numero` a telephone number's
/// name (`Rufnummer`, `Telefoonnummer`, `Festnetznummer`, `Puhelinnumero`), and stems
/// that make it an identifier's (`Vertragsnr.`, `Kundennummer`, `Viitenumero`); any
/// other compound says nothing.
const PHONE_STEMS: &[&str] = &[
    "tel",
    "fon",
    "phon",
    "handy",
    "mobi",
    "fax",
    "ruf",
    "kontakt",
    "festnetz",
    "durchwahl",
    "notfall",
    "notruf",
    "puhelin",
    "gsm",
    "foon",
    "mob",
    "service",
    "hotline",
    "palvelu",
];
const ID_STEMS: &[&str] = &[
    "vertrag", "kunde", "rechnung", "bestel", "auftrag", "konto", "referenz", "kassen", "beleg",
    "akte", "vorgang", "order", "factuur", "klant", "vakuutus", "viite", "hakemus", "vahinko",
    "asiakas", "tilaus", "lasku", "sopimus", "tili", "sag", "kund",
];

/// Abbreviations of "number": they pass the decision on too (`Tel.-Nr.`, `Konto-Nr.`,
/// `invoice no.`), and alone they introduce an identifier (`Nr. 4802792178`,
/// `Vergi No: …`, `#6035020353`).
const NUMBER_ABBREVIATIONS: &[&str] = &["no", "nr", "nº", "#", "num"];

/// What the words just before a number say it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Context {
    /// A phone word (`phone`, `Tel.:`, `TEL;TYPE=CELL:`, `phone number`).
    Phone,
    /// A word of [`STRONG_ID_WORDS`]: an identifier even when grouped like a phone.
    StrongId,
    /// A word of [`ID_WORDS`] (`Beställning`, `cell count`), or an abbreviation of
    /// "number" alone (`Nr. 4802792178`).
    Id,
    /// Neither.
    None,
}

impl Context {
    /// An identifier or quantity of either strength.
    fn is_id(self) -> bool {
        matches!(self, Context::StrongId | Context::Id)
    }
}

/// The context of a number from the words before it (within 48 bytes, fillers aside):
/// the last word decides; a number word passes the decision to the word before it.
fn context(before: &[u8]) -> Context {
    let mut words = before[before.len().saturating_sub(48)..]
        .rsplit(|c| !(c.is_ascii_alphanumeric() || *c == b'#' || *c >= 0x80))
        .filter(|w| !w.is_empty() && !listed(w, FILLERS));
    let class = word_class;
    match words.next() {
        Some(w) if listed(w, NUMBER_WORDS) || listed(w, VALUE_WORDS) => {
            words.next().and_then(class)
        }
        // `Numéro d'entreprise 0516.602.376`: a Belgian company number (`entreprise`
        // alone says nothing: `Téléphone entreprise : 01 …`).
        Some(w)
            if listed(w, &["entreprise"]) && {
                let mut before = words.clone();
                before.next().is_some_and(|d| listed(d, &["d"]))
                    && before.next().is_some_and(|p| listed(p, NUMBER_WORDS))
            } =>
        {
            Some(Context::StrongId)
        }
        // `Caller ID: (415) 555-2671` is the caller's number.
        Some(w)
            if listed(w, &["id"])
                && words.clone().next().is_some_and(|p| listed(p, &["caller"])) =>
        {
            Some(Context::Phone)
        }
        Some(w) if listed(w, CALL_PREPOSITIONS) => words
            .next()
            .filter(|p| listed(p, CALL_VERBS) || word_class(p) == Some(Context::Phone))
            .map(|_| Context::Phone),
        Some(w) if listed(w, NUMBER_ABBREVIATIONS) => {
            Some(words.next().and_then(class).unwrap_or(Context::Id))
        }
        // A code of two capitals between a word and its number: a country
        // (`VAT GB 035 5615 39`, `Mobile (PT): 912345678`) or a scheme
        // (`referência MB 739 155 432`).
        Some(w) if w.len() == 2 && w.iter().all(u8::is_ascii_uppercase) => {
            class(w).or_else(|| words.next().and_then(class))
        }
        Some(w) => class(w),
        None => None,
    }
    .unwrap_or(Context::None)
}

/// The context of the number `b[s..e]`: a phone word before it on its line; else, when
/// it fills a table cell and the column's header names something (`Referens`,
/// `Telefono`), that; else the words before it on its line (a value at the start of a
/// row is not described by the row above).
fn context_at(b: &[u8], s: usize, e: usize, tables: &mut column::Tables) -> Context {
    let own = line_context(b, s);
    if own == Context::Phone {
        return own;
    }
    match column::header(b, s, e, tables).map(header_class) {
        Some(c) if c != Context::None => c,
        _ => own,
    }
}

/// What a column's header names. Its last word decides, after number words and
/// abbreviations (`Contact No`, `Home #`, `Mobile Order Number` is an order's); a phone
/// word there (or one of the header-only [`HEADER_PHONE_WORDS`]) names a phone column,
/// and so does a short header that starts with one (`Telefone cliente`,
/// `Phone (customer)`); `Caller ID` is a phone's.
fn header_class(h: &[u8]) -> Context {
    // A header is at most 48 bytes, so at most 24 words: no allocation per cell.
    let mut buf: [&[u8]; 24] = [&[]; 24];
    let mut n = 0;
    for w in h
        .split(|c| !(c.is_ascii_alphanumeric() || *c >= 0x80))
        .filter(|w| !w.is_empty())
        .take(buf.len())
    {
        buf[n] = w;
        n += 1;
    }
    let words = &buf[..n];
    let phone = |w: &[u8]| {
        listed(w, PHONE_WORDS)
            || listed(w, HEADER_PHONE_WORDS)
            || word_class(w) == Some(Context::Phone)
    };
    let mut rest = words;
    while let [head @ .., last] = rest {
        if listed(last, NUMBER_WORDS) || listed(last, NUMBER_ABBREVIATIONS) {
            rest = head;
        } else {
            break;
        }
    }
    match rest {
        [.., caller, id] if listed(caller, &["caller"]) && listed(id, &["id"]) => Context::Phone,
        [.., last] if phone(last) => Context::Phone,
        [first, .., last] | [first @ last] => match word_class(last) {
            Some(c) => c,
            // An acronym ending in ID (`LEID`, `EUID`, `GUID`).
            None if last.len() >= 3
                && last.ends_with(b"ID")
                && last.iter().all(u8::is_ascii_uppercase) =>
            {
                Context::Id
            }
            None if listed(last, HEADER_ID_WORDS) => Context::Id,
            None if rest.len() <= 2 && phone(first) => Context::Phone,
            None => Context::None,
        },
        [] => Context::None,
    }
}

/// Words that name a telephone column in a header, though not in running text
/// (`Contact No`, `Ph No`, `Home #`, `Landline`).
const HEADER_PHONE_WORDS: &[&str] = &["contact", "ph", "mob", "landline", "home", "work", "office"];

/// Words that name an identifier column in a header, though not in running text, where
/// they may stand before a phone (`Dekont No`, a Turkish bank statement's receipt number).
const HEADER_ID_WORDS: &[&str] = &["dekont"];

/// Whether the word before `s` on its line (a number word aside) names an identity
/// document (`ID Number: 5604166773188`, a South African id that passes Luhn): the card
/// detector asks before keeping bare digits.
pub(in super::super) fn identity_before(b: &[u8], s: usize) -> bool {
    let ls = run_start(b, s, 256, |c| c != b'\n');
    let mut words = b[ls..s]
        .rsplit(|c| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    let w = match words.next() {
        Some(w) if listed(w, NUMBER_WORDS) || listed(w, NUMBER_ABBREVIATIONS) => words.next(),
        w => w,
    };
    w.is_some_and(|w| listed(w, &["id", "identity", "identification"]))
}

/// What one word names, if anything.
fn word_class(w: &[u8]) -> Option<Context> {
    if listed(w, PHONE_WORDS) {
        Some(Context::Phone)
    } else if listed(w, STRONG_ID_WORDS) {
        Some(Context::StrongId)
    } else if listed(w, ID_WORDS) {
        Some(Context::Id)
    } else if ends_with_any(w, CJK_PHONE_SUFFIXES) {
        Some(Context::Phone)
    } else if ends_with_any(w, CJK_ID_SUFFIXES) {
        Some(Context::Id)
    } else {
        compound(w).or_else(|| camel(w))
    }
}

/// What a camelCase key names by its parts, the last one that names something deciding
/// (`TransactionID`, `customerId`, `phoneNumber`, `phoneE164`).
fn camel(w: &[u8]) -> Option<Context> {
    let mut end = w.len();
    for i in (1..w.len()).rev() {
        if w[i].is_ascii_uppercase() && w[i - 1].is_ascii_lowercase() {
            if let Some(c) = word_class(&w[i..end]) {
                return Some(c);
            }
            end = i;
        }
    }
    (end < w.len()).then(|| word_class(&w[..end])).flatten()
}

/// What a compound on `-nummer`, `-nr` or `-numero` names (`Rufnummer`, `Vertragsnr.`,
/// `Vakuutusnumero`).
fn compound(w: &[u8]) -> Option<Context> {
    let lower = |x: &[u8], suffix: &[u8]| {
        x.len() > suffix.len() + 2 && x[x.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let head = if lower(w, b"nummer") || lower(w, b"numero") {
        &w[..w.len() - 6]
    } else if lower(w, b"nr") {
        &w[..w.len() - 2]
    } else {
        return None;
    };
    let lower = head.to_ascii_lowercase();
    let has = |stems: &[&str]| {
        stems
            .iter()
            .any(|x| lower.windows(x.len()).any(|w| w == x.as_bytes()))
    };
    let ends = |stems: &[&str]| stems.iter().any(|x| lower.ends_with(x.as_bytes()));
    // The last part of a compound is its head noun (`Kundentelefon` is a telephone,
    // `Bestel` an order whatever letters it shares with `tel`).
    if ends(ID_STEMS) {
        Some(Context::Id)
    } else if ends(PHONE_STEMS) {
        Some(Context::Phone)
    } else if has(ID_STEMS) {
        Some(Context::Id)
    } else if has(PHONE_STEMS) {
        Some(Context::Phone)
    } else {
        None
    }
}

/// Whether `word` is in `list`, ignoring ASCII case (`Beställning`, `TEL`).
/// Other scripts are compared in lower case (`ΑΦΜ`, `Тема`); a word cut inside a
/// character at the window's start matches nothing.
fn listed(word: &[u8], list: &[&str]) -> bool {
    if word.is_ascii() {
        return list.iter().any(|x| word.eq_ignore_ascii_case(x.as_bytes()));
    }
    std::str::from_utf8(word).is_ok_and(|w| {
        let lower = w.to_lowercase();
        list.iter().any(|x| *x == lower)
    })
}

/// Whether a word of a script written without spaces ends with one of `suffixes`
/// (`我的订单4036494250`: "my order").
fn ends_with_any(word: &[u8], suffixes: &[&str]) -> bool {
    !word.is_ascii() && suffixes.iter().any(|x| word.ends_with(x.as_bytes()))
}

/// Chinese, Japanese and Korean nouns for a telephone, at the end of a longer word.
const CJK_PHONE_SUFFIXES: &[&str] = &[
    "电话",
    "電話",
    "手机",
    "手機",
    "携帯",
    "전화",
    "휴대폰",
    "电话号码",
    "電話番号",
    "手机号",
    "手机号码",
    "携帯番号",
    "전화번호",
];

/// Chinese, Japanese and Korean nouns for an order, account or reference number.
const CJK_ID_SUFFIXES: &[&str] = &[
    "订单",
    "订单号",
    "单号",
    "编号",
    "账号",
    "帳號",
    "注文",
    "注文番号",
    "受付番号",
    "주문",
    "주문번호",
    "계좌",
    "계좌번호",
];

/// A North American number without separators: area and exchange codes start 2-9 and
/// are not N11 service codes (an order number rarely is one).
fn nanp(digits: &[u8]) -> bool {
    let d = match digits.len() {
        10 => digits,
        11 if digits[0] == 1 => &digits[1..],
        _ => return false,
    };
    let n11 = |x: &[u8]| x[1] == 1 && x[2] == 1;
    d[0] >= 2 && d[3] >= 2 && !n11(&d[0..3]) && !n11(&d[3..6])
}

/// National significant number lengths after a `+` and country code, for the codes
/// this table knows (ITU-T E.164 assignments and national numbering plans). Country
/// codes are prefix-free, so the first known prefix of one to three digits is the code;
/// a number with an unknown code is held to E.164's 8 to 15 digits only.
fn national_lengths(digits: &[u8]) -> Option<(usize, std::ops::RangeInclusive<usize>)> {
    let code = |n: usize| {
        digits[..n.min(digits.len())]
            .iter()
            .fold(0u32, |a, d| a * 10 + u32::from(*d))
    };
    let known = |cc: u32| -> Option<std::ops::RangeInclusive<usize>> {
        Some(match cc {
            1 => 10..=10,  // US, CA and the rest of NANP
            7 => 10..=10,  // RU, KZ
            20 => 8..=10,  // EG
            27 => 9..=9,   // ZA
            30 => 10..=10, // GR
            31 => 9..=9,   // NL
            32 => 8..=9,   // BE
            33 => 9..=9,   // FR
            34 => 9..=9,   // ES
            36 => 8..=9,   // HU
            39 => 6..=11,  // IT
            40 => 9..=9,   // RO
            41 => 9..=9,   // CH
            43 => 4..=13,  // AT
            44 => 9..=10,  // GB
            45 => 8..=8,   // DK
            46 => 7..=13,  // SE
            47 => 8..=8,   // NO
            48 => 9..=9,   // PL
            49 => 6..=13,  // DE
            52 => 10..=10, // MX
            55 => 10..=11, // BR
            61 => 9..=9,   // AU
            64 => 8..=10,  // NZ
            65 => 8..=8,   // SG
            81 => 9..=10,  // JP
            82 => 8..=10,  // KR
            86 => 10..=11, // CN
            90 => 10..=10, // TR
            91 => 10..=10, // IN
            351 => 9..=9,  // PT
            352 => 4..=11, // LU
            353 => 7..=9,  // IE
            358 => 5..=12, // FI
            420 => 9..=9,  // CZ
            _ => return None,
        })
    };
    (1..=3).find_map(|n| known(code(n)).map(|r| (n, r)))
}

/// The end of an extension (`x1960`, ` ext. 12`, `#3`) starting at `i`, if there is one.
fn extension(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    if b.get(j) == Some(&b' ') {
        j += 1;
    }
    let rest = b.get(j..)?;
    let word = if rest
        .first()
        .is_some_and(|c| matches!(c, b'x' | b'X' | b'#'))
    {
        1
    } else if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"ext") {
        if rest.get(3) == Some(&b'.') {
            4
        } else {
            3
        }
    } else {
        return None;
    };
    j += word;
    if b.get(j) == Some(&b' ') {
        j += 1;
    }
    let e = run_end(b, j, 7, |c| c.is_ascii_digit());
    ((1..=6).contains(&(e - j)) && !is_at(b, e, is_word)).then_some(e)
}

/// The end of a `(123)` area group (at most five digits: `(01223)`) at `i`, if one is
/// there.
fn paren_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'(') {
        return None;
    }
    let e = run_end(b, i + 1, 6, |c| c.is_ascii_digit());
    ((1..=5).contains(&(e - i - 1)) && b.get(e) == Some(&b')')).then_some(e + 1)
}

/// Whether the words just before `s` (joined to it by single spaces) start an IBAN
/// (`NL26 RABO 6456 5281 91`): the digits are its tail, not a phone.
fn in_code(b: &[u8], s: usize) -> bool {
    let mut i = s;
    for _ in 0..8 {
        if !is_before(b, i, |c| c == b' ') {
            return false;
        }
        let e = i - 1;
        let w = run_start(b, e, 8, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let word = &b[w..e];
        if word.len() == 4
            && word[..2].iter().all(u8::is_ascii_uppercase)
            && word[2..].iter().all(u8::is_ascii_digit)
            && !is_before(b, w, |c| c.is_ascii_alphanumeric())
        {
            return true;
        }
        if word.len() != 4 || is_before(b, w, |c| c.is_ascii_alphanumeric()) {
            return false;
        }
        i = w;
    }
    false
}

/// Words before digits that make them an identifier even when they are grouped like a
/// phone (`meeting ID 171 739 8987`, `account no. 555-123-4567`).
const STRONG_ID_WORDS: &[&str] = &[
    "id",
    "order",
    "invoice",
    "tracking",
    "ticket",
    "ref",
    "reference",
    "sku",
    "serial",
    "case",
    "po",
    "account",
    "acct",
    "isbn",
    "claim",
    "ein",
    "tin",
    "nip",
    "vat",
    "nif",
    "cif",
    "nie",
    "siren",
    "siret",
    "tva",
    "ust",
    "btw",
    "mwst",
    "pin",
    "passcode",
    "abn",
    "acn",
    "cpf",
    "cnpj",
    "krs",
    "regon",
    "계좌",
    "사업자등록번호",
    "rekening",
    "mpn",
    "αφμ",
    "afm",
    "инн",
    "огрн",
    "ondernemingsnummer",
];

/// The phone number starting at `s` (a `+`, a `(` or a digit that starts a word), if
/// there is one. Returns the end of the candidate examined, valid or not, so the caller
/// does not look for another phone inside it.
pub(in super::super) fn at(
    b: &[u8],
    s: usize,
    out: &mut Vec<Span>,
    tables: &mut column::Tables,
) -> usize {
    // A `.` or `-` before joins a longer number; so does a `:` after a digit (a time,
    // `14:28:56.896092 2022`). After a word (`tel:+1…`, `phone:555-…`) it is a phone.
    // EDIFACT's communication segment puts it after a `+` (`COM+0049 30 1234567:TE'`,
    // `COM+?+4930…:TE'` with the release character).
    // SAP's bank account field (`BANKN=4212047872`) and a SWIFT remittance's reference
    // for the beneficiary (`:70:RFB/3266724263`).
    if b[..s].ends_with(b"BANKN=") || b[..s].ends_with(b"RFB/") {
        return s + 1;
    }
    let edifact = edifact_com(b, s);
    if b[s] == b'+' && edifact_com(b, s + 1) {
        // The `+` is the segment's separator, not a dialling plus.
        return at(b, s + 1, out, tables);
    }
    if (is_before(b, s, |c| is_word(c) || matches!(c, b'.' | b'-' | b'+')) && !edifact)
        || (is_before(b, s, |c| c == b':') && s >= 2 && !b[s - 2].is_ascii_alphabetic())
        || continues_number(b, s)
    {
        return s + 1;
    }
    let mut i = s;
    // `(+351) 912 322 805`: a country code in parentheses.
    let bracketed_cc = b[i] == b'(' && b.get(i + 1) == Some(&b'+');
    if bracketed_cc {
        i += 1;
    }
    let plus = b[i] == b'+';
    if plus {
        i += 1;
    }
    let mut digits = [0u8; 16];
    let mut n = 0;
    // Lengths of the digit groups outside parentheses, in order (at most 7 groups).
    let mut lens = [0usize; 7];
    let mut nlens = 0;
    let mut groups = 0;
    let mut separated = false;
    let mut dots = 0;
    let mut dashes = 0;
    let mut slashed = false;
    let mut spaces = false;
    let mut push_digits = |ds: &[u8], n: &mut usize| {
        for c in ds {
            if *n < 16 {
                digits[*n] = c - b'0';
            }
            *n += 1;
        }
    };
    loop {
        if let Some(e) = paren_end(b, i) {
            // `+44 (0)20 …`: the national trunk prefix in parentheses is not dialled
            // after a country code, so it is not one of the number's digits.
            let inner = &b[i + 1..e - 1];
            if !(plus && groups == 1 && inner == b"0") {
                push_digits(inner, &mut n);
            }
            separated = true;
            i = e;
        } else {
            let e = run_end(b, i, 16, |c| c.is_ascii_digit());
            if e == i {
                break;
            }
            push_digits(&b[i..e], &mut n);
            lens[nlens] = e - i;
            nlens += 1;
            i = e;
            if bracketed_cc && groups == 0 {
                if b.get(i) != Some(&b')') {
                    break;
                }
                i += 1;
            }
        }
        groups += 1;
        if n > 15 || groups == 7 {
            break;
        }
        let opens = |at: usize| is_at(b, at, |c| c.is_ascii_digit()) || paren_end(b, at).is_some();
        match b.get(i).copied() {
            Some(c @ (b' ' | b'.' | b'-')) if opens(i + 1) => {
                separated = true;
                dots += usize::from(c == b'.');
                dashes += usize::from(c == b'-');
                spaces |= c == b' ';
                i += 1;
            }
            // `030/24841294`: a national area code with a trunk 0, then a slash; or an
            // Italian mobile prefix (`320/0361032`).
            // Hungary dials `06-70/521-7752`: trunk, mobile prefix, then the slash.
            Some(b'/')
                if !plus
                    && !slashed
                    && ((groups == 1
                        && nlens == 1
                        && ((2..=5).contains(&lens[0]) && b[s] == b'0'
                            || lens[0] == 3 && b[s] == b'3'))
                        || (nlens == 2 && lens[..2] == [2, 2] && b[s] == b'0'))
                    && is_at(b, i + 1, |c| c.is_ascii_digit()) =>
            {
                slashed = true;
                separated = true;
                i += 1;
            }
            // `(555)123-4567`: a group straight after the area code.
            Some(c) if c.is_ascii_digit() && b[i - 1] == b')' => {}
            // An area code in parentheses straight after the first group: Japan writes
            // the exchange so (`03(3446)9973`), Ukraine the rest of its country code
            // and the operator (`+38(098)2637794`).
            Some(b'(')
                if groups == 1
                    && (plus || (b[s] == b'0' && lens[0] >= 2))
                    && paren_end(b, i).is_some_and(|e| {
                        (2..=4).contains(&(e - i - 2)) && is_at(b, e, |c| c.is_ascii_digit())
                    }) => {}
            _ => break,
        }
    }
    let main_end = i;
    if n == 0 {
        return s + 1;
    }
    // DIN 5008 writes a direct-dial extension after a dash (`0211 23820-7`,
    // `+49 351 33850-0`, `030/955301-7`): in a German or Austrian number, or one with
    // its trunk 0, grouped by spaces or a slash, a last dashed group of one digit is an
    // extension, not a check digit.
    let din = dashes == 1
        && nlens >= 3
        && (spaces || slashed)
        && lens[nlens - 1] == 1
        && b[main_end - 2] == b'-'
        && if plus {
            digits.starts_with(&[4, 9]) || digits.starts_with(&[4, 3])
        } else {
            b[s] == b'0' && digits[1] != 0
        };
    let end = extension(b, main_end).unwrap_or(main_end);
    // A dialling pause `,,` after an international number: what follows it is keyed
    // in (`+31644869752,,12407527818#`), not dialled (`1001,,4155552671` is a CSV row).
    let paused = s >= 3 && b[..s].ends_with(b",,") && {
        let d0 = run_start(b, s - 2, 16, |c| c.is_ascii_digit());
        s - 2 - d0 >= 7 && is_before(b, d0, |c| c == b'+')
    };
    // A `:` after a number written like a phone ends a phrase (`SMS von +44 1865 341282:
    // …`; bare digits there are a label, `renewal 2023718125: …`) or, in EDIFACT, opens
    // the qualifier (`…:TE'`); before anything else it joins a time, a port or an address.
    let colon_ok = b.get(end) == Some(&b':')
        && ((plus || (separated && line_context(b, s) == Context::Phone))
            && b.get(end + 1).is_none_or(|c| c.is_ascii_whitespace())
            || (edifact
                && b.get(end + 1..end + 4)
                    .is_some_and(|q| q[..2].iter().all(u8::is_ascii_uppercase) && q[2] == b'\'')));
    if (is_at(b, end, |c| is_word(c) || matches!(c, b'-' | b':')) && !colon_ok)
        || (b.get(end) == Some(&b'.') && is_at(b, end + 1, |c| c.is_ascii_digit()))
        || paused
    {
        return end;
    }
    let mut found = None;
    let mut ctx = || *found.get_or_insert_with(|| context_at(b, s, end, tables));
    let lens = &lens[..nlens];
    let d = &digits[..n.min(16)];
    // Without a `+`, more than 12 digits need an international prefix (`00`, `011`):
    // otherwise they are a card, an IBAN's tail, an ISBN.
    let international = d.starts_with(&[0, 0]) || d.starts_with(&[0, 1, 1]);
    // Bare digits right after a phone word (`phone: "884329475"`, `TEL;TYPE=CELL:…`,
    // `phone number 4155552671`) are a phone of any national length from 9 digits.
    let bare = !plus && !separated;
    let count_ok = if plus {
        (8..=15).contains(&n)
    } else {
        (10..=12).contains(&n)
            || (international && (13..=15).contains(&n))
            || (bare && n == 9 && ctx() == Context::Phone)
            // Eight-digit local numbers (SG, HK, DK, NO) after a phone word. None of
            // those starts with 0 or 1; bare, they are no date (`Tel: 20240131`) and not
            // one digit repeated (`00000000`).
            || (n == 8
                && (lens == [4, 4] || lens == [2, 2, 2, 2] || lens == [3, 2, 3]
                    || (bare && eight_bare(b, s, d)))
                && ctx() == Context::Phone)
    };
    // Nine-digit national numbers (ES, PT, PL, …) in their usual groupings: 3-3-3, or
    // 2-3-2-2 (with the area in parentheses or not), or 2-7 spaced (dashed, it is a US
    // EIN); never starting with 0.
    // Or one with its trunk `0`: a 2- to 5-digit area code and the subscriber in groups
    // of two digits or more (DE `040 857169`, BE `02 123 45 67`, AT and IE
    // `01 234 5678`, IT `02 1234567`); ES also groups 3-2-2-2 (`912 34 56 78`).
    let nine = !plus
        && n == 9
        && separated
        && dots == 0
        && if d[0] != 0 {
            lens == [3, 3, 3]
                || lens == [2, 3, 2, 2]
                || lens == [3, 2, 2, 2]
                || (lens == [2, 7] && spaces)
                || (b[s] == b'(' && lens == [3, 2, 2])
        } else {
            d[1] != 0
                && lens.len() >= 2
                && (2..=5).contains(&lens[0])
                && lens[1..].iter().all(|l| *l >= 2)
        };
    if !count_ok && !nine {
        return end;
    }
    // Dots mixed with spaces: a time and a year (`56.896092 2022`), not a phone, unless
    // only the country code is spaced off (`+1 555.123.4567`). Dots mixed with dashes
    // are a tax id (a Brazilian CPF, `695.907.462-25`).
    if dots > 0 && (spaces || dashes > 0) && !plus {
        return end;
    }
    // Three dashed groups with two digits in the middle are an SSN's shape (`043-00-1489`)
    // or a business number's (`513-87-30295`), not a phone's.
    if !plus && b[s] != b'(' && dashes == 2 && lens.len() == 3 && lens[0] == 3 && lens[1] == 2 {
        return end;
    }
    // Three groups of four without a `+` is how parcels and accounts are numbered; a
    // first group of four or five without a `+`, a trunk `0` or parentheses is no
    // national grouping these detectors know (`2024-075976` is a year and a serial)
    // unless a phone word says so (`Τηλ.: 2810 478467`).
    // Australia's 1300 and 1800 numbers are the exception (`1300 480 771`).
    let au_local =
        lens == [4, 3, 3] && (d.starts_with(&[1, 3, 0, 0]) || d.starts_with(&[1, 8, 0, 0]));
    // India writes mobiles 5-5 without the trunk 0 (`98765 43210`); other first groups
    // of five are references (`93344 57588 59`).
    let first_long = lens[0] == 4 || (lens[0] == 5 && !(lens == [5, 5] && d[0] >= 6));
    // A number dialled with `00` and a country code may be grouped so (`0045 5324 9922`).
    let dialled = international && d.get(2).is_some_and(|c| *c != 0) && dots == 0 && dashes == 0;
    if !plus
        && !dialled
        && (lens == [4, 4, 4]
            || (lens.len() > 1
                && first_long
                && b[s] != b'0'
                && b[s] != b'('
                && !au_local
                && ctx() != Context::Phone))
    {
        return end;
    }
    if plus {
        if let Some((cc, national)) = national_lengths(d) {
            // `+27 083 657 9090`: the trunk 0 is often written after the country code.
            let trunk = d.get(cc) == Some(&0);
            let fits = national.contains(&(n - cc));
            if !(fits || trunk && national.contains(&(n - cc - 1))) {
                return end;
            }
        }
    }
    // Group lengths: a national first group has at most 5 digits (`07700`), a country
    // code at most 4 with its `+`, and any later group at most 8 (`030 12345678`); a
    // last group of one digit is a check digit (ISBN), not a phone's.
    // After a country code the national number may come as one block (`+351 214884061`).
    // India writes a trunk 0 and a five-digit area or mobile prefix (`099306 93929`).
    let indian = lens == [6, 5] && d[0] == 0;
    if lens.len() > 1 && !indian {
        let first_max = if plus { 4 } else { 5 };
        let later_max = if plus || international { 12 } else { 8 };
        if lens[0] > first_max
            || lens[1..].iter().any(|l| *l > later_max)
            || (lens.last() == Some(&1) && !din)
        {
            return end;
        }
    }
    // Dotted all the way (1.2.3.4 style) is a version or an address unless it starts
    // with a `+` or has a phone's grouping (1.972.584.2871, 02.44.69.33.96).
    if dots >= 3 && !spaces && !plus {
        let nanp_dots = lens == [1, 3, 3, 4] || lens == [3, 3, 4];
        let french_dots = lens.len() == 5 && lens.iter().all(|l| *l == 2);
        if !(nanp_dots || french_dots) {
            return end;
        }
    }
    if !plus && in_code(b, s) {
        return end;
    }
    // A barcode's number after its name (`UPC 016000275270`, `EAN 4006381333931`): the
    // GS1 length and check digit say so; a phone after `UPC` the company does not.
    if bare && matches!(n, 8 | 12 | 13 | 14) && gs1_named(b, s) && gs1_check(d) {
        return end;
    }
    let score = if plus {
        0.75
    } else if separated {
        // Grouped like a phone: only a strong identifier word makes it something else;
        // a nine-digit one, less sure, yields to any identifier word (`Konto-Nr.`).
        let c = ctx();
        if c == Context::StrongId || (nine && c.is_id()) {
            return end;
        }
        if nine {
            0.6
        } else {
            0.75
        }
    } else {
        // Bare digits: after a phone word; or, with less confidence, a valid North
        // American number or a national number with its trunk 0 (`0377113697`) whose
        // context is not an identifier.
        let c = ctx();
        if n >= 8 && c == Context::Phone {
            0.75
        } else if (nanp(d) || national_trunk(d))
            && c == Context::None
            && !integer_limit(d)
            && !(date_time(d) && starts_line(b, s))
            && !in_url(b, s, end)
            && !in_hl7_id_field(b, s)
        {
            0.6
        } else {
            return end;
        }
    };
    push(out, s, end, kind::PHONE, score);
    end
}

/// Whether the digits at `s` go on a longer number before them: a `/` between digits
/// (`0/0/8/292/230 429 2281`), or a word of digits (or a code of capitals and digits)
/// and one space or ` / `
/// (`404 291 93533` after a status code, `2634 7699 50` ending a parcel number,
/// `RT 160081382 / 4132393507`). A phone starts its own word.
fn continues_number(b: &[u8], s: usize) -> bool {
    // A `(` or `+` opens a number of its own (`Apt 4B (415) 555-2671`).
    if !b[s].is_ascii_digit() {
        return false;
    }
    // `292/230 429 2281`: a slash between digits (a path's `…/0171 1234567` is not).
    if is_before(b, s, |c| c == b'/') {
        return s >= 2 && b[s - 2].is_ascii_digit();
    }
    let e = if b[..s].ends_with(b" / ") {
        s - 3
    } else if is_before(b, s, |c| c == b' ') {
        s - 1
    } else {
        return false;
    };
    // The word before is all digits and itself follows a space or the start (a date's
    // or a time's last field, `14:32 030 …`, `01.05.2024 0171 …`, or a phone's last
    // group, `555-123-4567 / 555-…`, is not the head of this number).
    // A code of capitals and digits (`1Z 999 AA1 47 3758 9022`, a parcel number) counts
    // as digits; a house number (`5a`) or `24h` does not.
    let w = run_start(b, e, 32, |c| c.is_ascii_alphanumeric());
    let word = &b[w..e];
    let code = word.len() >= 3
        && word.iter().any(u8::is_ascii_digit)
        && word
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    !word.is_empty()
        && (word.iter().all(u8::is_ascii_digit) || code)
        && !is_before(b, w, |c| matches!(c, b':' | b'.' | b'-' | b'/'))
}

/// Ten digits that read as a compact date and a two-digit count: `YYYYMMDDnn`, a DNS
/// zone's serial (`2026060200`). About 3.4 % of bare numbers of the 20x area codes read
/// so too, so the rule applies only to a number alone at the start of its line.
fn date_time(d: &[u8]) -> bool {
    let two = |i: usize| d[i] * 10 + d[i + 1];
    d.len() == 10
        && matches!(two(0), 19 | 20)
        && (1..=12).contains(&two(4))
        && (1..=31).contains(&two(6))
}

/// Whether only spaces come before `s` on its line (a zone file's serial line).
fn starts_line(b: &[u8], s: usize) -> bool {
    let ls = run_start(b, s, 64, |c| c == b' ' || c == b'\t');
    ls == 0 || b[ls - 1] == b'\n'
}

/// Whether the digits `b[s..e]` are a segment of a URL's path or query with more after
/// them (`https://zoom.us/j/12407527818?pwd=…`): an identifier. A number that ends the
/// URL (`https://wa.me/14155552671`) may be a phone.
fn in_url(b: &[u8], s: usize, e: usize) -> bool {
    let w = run_start(b, s, 256, |c| {
        c > b' ' && !matches!(c, b'"' | b'\'' | b'<' | b',' | b';' | b'|')
    });
    let url = &b[w..s];
    let chat = [&b"://wa.me/"[..], b"whatsapp.com/"]
        .iter()
        .any(|h| url.windows(h.len()).any(|x| x == *h));
    matches!(b.get(e), Some(b'?' | b'/' | b'&' | b'='))
        && url.windows(3).any(|x| x == b"://")
        && !chat
}

/// HL7 v2 segments whose fields carry record ids, and the fields (1-based, after the
/// segment name) that carry a telephone.
const HL7_SEGMENTS: &[(&[u8; 3], &[usize])] = &[
    (b"MSH", &[]),
    (b"EVN", &[]),
    (b"PID", &[13, 14, 40]),
    (b"PD1", &[]),
    (b"NK1", &[5, 6, 31, 32]),
    (b"PV1", &[]),
    (b"PV2", &[]),
    (b"GT1", &[6, 7]),
    (b"IN1", &[7]),
    (b"IN2", &[]),
    (b"OBR", &[17]),
    (b"ORC", &[14, 23]),
    (b"DG1", &[]),
    (b"AL1", &[]),
    (b"SCH", &[]),
    (b"TXA", &[]),
    (b"MRG", &[]),
];

/// Whether the digits at `s` are in a field of an HL7 v2 segment (`PV1|1|I|…`) that
/// is not a telephone field: its numbers are record, visit and provider ids.
fn in_hl7_id_field(b: &[u8], s: usize) -> bool {
    let from = s.saturating_sub(4096);
    let ls = memchr::memrchr2(b'\n', b'\r', &b[from..s]).map_or(from, |i| from + i + 1);
    let line = &b[ls..s];
    if line.len() < 4 || line[3] != b'|' {
        return false;
    }
    let field = line.iter().filter(|c| **c == b'|').count();
    HL7_SEGMENTS
        .iter()
        .find(|(name, _)| line[..3] == name[..])
        .is_some_and(|(_, phones)| !phones.contains(&field))
}

/// Whether `s` starts the data of an EDIFACT `COM` segment (`'COM+…`, `'COM+?…`): the
/// segment tag at the start of the text, of a line, or after the previous segment's `'`.
fn edifact_com(b: &[u8], s: usize) -> bool {
    let tag = if b[..s].ends_with(b"COM+?") {
        s - 5
    } else if b[..s].ends_with(b"COM+") {
        s - 4
    } else {
        return false;
    };
    tag == 0 || matches!(b[tag - 1], b'\'' | b'\n' | b'\r')
}

/// `4294967295` and `2147483647`, the largest 32-bit integers: the "unset" of many
/// logs (an audit record's `auid=4294967295`), not a North American number.
fn integer_limit(d: &[u8]) -> bool {
    d == [4, 2, 9, 4, 9, 6, 7, 2, 9, 5] || d == [2, 1, 4, 7, 4, 8, 3, 6, 4, 7]
}

/// Ten or eleven digits starting with one trunk `0` (European national format), or
/// twelve of a German mobile (`0151`, `0152`, `0155`–`0157`, `0159`, `0160`, `0162`,
/// `0163`, `0170`–`0179`, then a subscriber number not starting with 0: a UPC such as
/// `016000275270` is none).
fn national_trunk(d: &[u8]) -> bool {
    let german_mobile = d.len() == 12
        && d[4] != 0
        && match d[..4] {
            [0, 1, 5, x] => matches!(x, 1 | 2 | 5 | 6 | 7 | 9),
            [0, 1, 6, x] => matches!(x, 0 | 2 | 3),
            [0, 1, 7, _] => true,
            _ => false,
        };
    (matches!(d.len(), 10 | 11) && d[0] == 0 && d[1] != 0) || german_mobile
}

/// Whether eight bare digits at `s` may be a local number (SG, HK, DK, NO) once a phone
/// word names them: the word is on their own line (a table header naming a phone column
/// also names revenue and minutes columns); none of those numbers starts with 0 or 1;
/// and they are no date (`YYYYMMDD`, `DDMMYYYY`), no round figure (`25000000`), no
/// amount (`$25000000`) and not one digit repeated (`00000000`).
fn eight_bare(b: &[u8], s: usize, d: &[u8]) -> bool {
    let num = |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |a, x| a * 10 + u32::from(*x));
    let date = |y: usize, m: usize, dd: usize| {
        matches!(num(y..y + 2), 19 | 20)
            && (1..=12).contains(&num(m..m + 2))
            && (1..=31).contains(&num(dd..dd + 2))
    };
    d.len() == 8
        && d[0] >= 2
        && !date(0, 4, 6)
        && !date(4, 2, 0)
        && d[3..].iter().any(|x| *x != 0)
        && d.iter().any(|x| *x != d[0])
        && !["$", "£", "€"]
            .iter()
            .any(|c| b[..s].ends_with(c.as_bytes()))
        && line_context(b, s) == Context::Phone
}

/// The context of a number at `s` from its own line: a vCard's `TEL` property, whatever
/// its parameters (`TEL;TYPE=WORK,VOICE:…`), or the words before it.
fn line_context(b: &[u8], s: usize) -> Context {
    let ls = run_start(b, s, 256, |c| c != b'\n');
    if s - ls > 4 && b[ls..ls + 3].eq_ignore_ascii_case(b"TEL") && matches!(b[ls + 3], b';' | b':')
    {
        return Context::Phone;
    }
    context(&b[ls..s])
}

/// Whether the word before `s` names a GS1 barcode (`UPC`, `EAN`, `GTIN`, `barcode`).
fn gs1_named(b: &[u8], s: usize) -> bool {
    let ls = run_start(b, s, 64, |c| c != b'\n');
    b[ls..s]
        .rsplit(|c| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty())
        .is_some_and(|w| listed(w, &["upc", "ean", "gtin", "barcode"]))
}

/// A GS1 check digit (EAN-8, UPC-A, EAN-13, GTIN-14): weights 3 and 1 from the right,
/// the check digit excluded.
fn gs1_check(d: &[u8]) -> bool {
    let Some((check, body)) = d.split_last() else {
        return false;
    };
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, x)| u32::from(*x) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(*check)
}
