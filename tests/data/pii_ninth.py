#!/usr/bin/env python3
"""pii_ninth.py - writes pii-ninth.jsonl, a ninth labelled PII corpus for measuring the
built-in detectors on text they were never tuned on.

Written without reading the detectors (no Rust source, no docs/pii.md), and away from the
document kinds and sentence templates of pii_shapes.py, pii_formats.py, pii_locales.py,
pii_wild.py, pii_fresh.py, pii_heldout.py and pii_eighth.py (only their module docstrings
were read, to learn the label format and what they already cover).  Balanced like an
ordinary evaluation set (900 lines, ~3000 labelled spans):
  ~35% logs / JSON / structured text: Jira webhook payloads (comment_created, with bodies
       pasted by agents), GitHub push / pull-request webhook deliveries, git format-patch
       mails with Signed-off-by / Reported-by trailers and fixture diffs, OpenTelemetry OTLP
       log records, Grafana Loki push payloads and logcli output, Icinga 2 / Nagios
       notification mails, SAP IDoc (DEBMAS / CREMAS) flat records, UN/EDIFACT INVOIC /
       ORDERS interchanges (with "?+" release characters), SWIFT MT103 messages and
       portal copies, nginx configs (allow / deny / upstream / set_real_ip_from / resolver),
       Ansible INI and YAML inventories, Helm values.yaml and Dockerfiles, SIP traces
       (sngrep / ngrep style, with SDP), Okta System Log events, Splunk HEC events,
       Windows Firewall pfirewall.log, Worldpay XML order submissions, shell histories
       (ssh / curl / psql / dig / ufw), Workday Worker XML, Dovecot IMAP / POP3 logs,
       FortiGate key=value traffic and VPN logs, Elasticsearch _search responses, POS terminal
       electronic journals (EJ) with debug PANs, mongoexport dumps (legacy orders, loan
       applications), tax-organizer portal API responses and E-Verify case pages, ISO 20022
       camt.053 statements, and look-alike-only output (GitHub Actions runner logs, docker
       images, df -h, lscpu);
  ~25% tables: Salesforce Data Loader CSV, HubSpot contact exports, bank statement CSVs
       (Swedbank, DNB, Garanti BBVA, Erste George, PostFinance, Millennium BCP, Banca
       Transilvania, PrivatBank, Maybank2u, M-Pesa, Santander MX), Excel-pasted tab tables
       (ca ms sw ja sv pt-PT), fixed-width air-cargo / courier manifests, Opera-style hotel
       arrivals reports, IPAM exports, SEPA direct-debit member lists (de-AT, de-DE),
       OpenStack "server list" boxes, benefits-enrollment census files (US SSNs), club
       membership lists (nb sv ca), prepaid / gift-card issuance reports, card-data discovery
       scan CSVs (confirmed PANs beside Luhn-failing false positives), card-on-file PSP
       migration files, fixed-width US payroll registers, and look-alike-only timesheets,
       bills of materials and flight schedules;
  ~20% e-mails: hotel booking confirmations (sv ca pt-PT de-AT ms en), airline e-ticket
       receipts (tr ms es-MX en-ZA), hospital appointment letters (nb de-AT fr-CH en-IE
       sv), invoices forwarded as OCR text (ro de-CH pt-PT sv uk ms), vendor bank-detail
       changes (en fr-BE de-CH), US HR / payroll mails with SSNs, chat transcripts mailed
       to customers (es-AR fr-CA sw ms ca tr), deposit-return mails (ca ro uk pt-PT),
       Japanese and Ukrainian business enquiries, consent-proof records, replies to failed
       subscription payments with new card numbers (en fr-CA pt-PT ca ms de-CH), US mortgage
       document mails, and look-alike-only delivery / calendar mails;
  ~20% prose and chat: DiscordChatExporter text exports, Viber CSV and Signal exports
       (uk ro tr), live-chat widget transcripts (sw ms tr ca es-AR es-MX fr-CA pt-PT),
       forum posts about scam calls (sv nb de-CH pt-PT ro en-AU), IT shift-handover notes
       (nb sv de-AT en-ZA), CRM call notes (pt-PT es-MX fr-BE ca), family chats about
       transfers (ro uk tr sw ms), US tax / benefits prose (en-US, es-US), travel Q&A posts
       (nb ja ms sw ca), MOTO call-centre notes (en-GB/US/IE/AU/ZA/IN), US bankruptcy
       Official Form 121 text, fundraising / donation appeals (uk ro tr pt-PT ca fr-BE de-AT),
       and look-alike-only prose.
About 15% of the lines carry no labelled value (masked / redacted variants of the same
formats and look-alike-only documents).

Label scheme (as pii-dev.jsonl): {"text", "spans": [{"start", "end", "type"}]}, Python str
(code point) offsets, end exclusive, sorted, non-overlapping; types EMAIL_ADDRESS
PHONE_NUMBER CREDIT_CARD IBAN_CODE US_SSN IP_ADDRESS only.
  * phone span: the whole number incl. a leading "+" / "00", parentheses, "(0)" and an
    extension ("x204", " ext. 31"); never "tel:", "sip:", quotes, or an EDIFACT "?" release
    character; fax numbers are phone numbers;
  * e-mail span: the address only (no "mailto:", "<>", display name, "user=<...>");
  * IP span: the address only (no brackets, ":port", "/prefix"); the address of a CIDR
    block is labelled; no dotted version string that parses as an IP is ever written;
  * card span: the whole (grouped) number; IBAN span: the whole (compact or spaced) IBAN,
    without a leading "/" (MT103); SSN span: the dashed number, always with context
    (SSN, Social Security, TIN, USA-SSN, Seguro Social ...) nearby or in the header.
Validity: cards Luhn + issuer prefix + length (Visa, Mastercard 51-55 / 2221-2720, Amex,
Discover, JCB, Diners, UnionPay, Maestro); IBANs registry length + mod-97 (+ national keys
for BE ES FR IT NL NO PT); SSNs area 001-899 except 666, group 01-99, serial 0001-9999;
IPs parse with ipaddress (v4, compressed / full / v4-mapped v6); phones follow national
numbering plans of US/CA, GB, DE, FR, SE, NO, TR, RO, UA, JP, MY, KE, TZ, ES, PT, MX, AR,
BE, CH, AT, AU, IE, IN, ZA, NL, and each is re-parsed against its country's plan.
Look-alikes (order / invoice / ticket / tracking / AWB numbers, dates in many formats,
epochs, durations, versions, build numbers, UUIDs, hashes, Luhn-failing card-length
numbers, mod-97-failing IBAN-like strings, SEPA creditor ids, unissued SSNs (000 / 666 /
9xx / group 00 / serial 0000), ITINs, amounts, postcodes, coordinates, IMEIs, serial
numbers, ports, OIDs, MACs, bad dotted quads like 999.1.1.1, national ids of other kinds,
masked values) are never labelled.  Every document is checked before it is written:
offsets, validity of every labelled value, span adjacency, and a scan of the unlabelled
rest for any valid card / IBAN / SSN / IPv4 / IPv6 / e-mail and any "+"-prefixed
phone-like run; a failing document is redrawn from the same seeded stream.

Run: python3 pii_ninth.py [OUT]   (stdlib only; deterministic: random.Random(SEED);
     default output pii-ninth.jsonl next to this file; PII_NINTH_DEBUG=1 prints redraws)
"""
import datetime as _dt
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata

SEED = 909_2024
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
DEBUG = bool(os.environ.get("PII_NINTH_DEBUG"))

EMAIL, PHONE, CARD, IBAN, SSN, IP = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                     "IBAN_CODE", "US_SSN", "IP_ADDRESS")


# =============================================================================================
# small random helpers
# =============================================================================================
def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


def dg(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def nz(n):
    """n digits, first one 2-9 (subscriber numbers)."""
    return R.choice("23456789") + dg(n - 1)


def hx(n, upper=False):
    s = "".join(R.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def alnum(n, alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789"):
    return "".join(R.choice(alphabet) for _ in range(n))


def uuid4():
    h = hx(32)
    h = h[:12] + "4" + h[13:16] + pick("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def rdt(lo=2023, hi=2025):
    start = _dt.datetime(lo, 1, 1)
    span = (_dt.datetime(hi, 12, 31) - start).total_seconds()
    return start + _dt.timedelta(seconds=R.randint(0, int(span)))


def later(t, lo=1, hi=600):
    return t + _dt.timedelta(seconds=R.randint(lo, hi))


def iso(t, ms=3, z="Z"):
    s = t.strftime("%Y-%m-%dT%H:%M:%S")
    if ms:
        s += "." + dg(ms)
    return s + z


def epoch(t):
    return int((t - _dt.datetime(1970, 1, 1)).total_seconds())


def money(amount, style="en"):
    """format an amount: en 1,234.56 / eu 1.234,56 / sp 1 234,56 / ch 1'234.56"""
    s = "%.2f" % amount
    ip, fp = s.split(".")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    sep, dec = {"en": (",", "."), "eu": (".", ","), "sp": (" ", ","), "ch": ("'", "."),
                "none": ("", ".")}[style]
    return sep.join(groups) + dec + fp


def amt(lo=5, hi=5000):
    return round(R.uniform(lo, hi), 2)


def J(o, indent=None):
    return json.dumps(o, ensure_ascii=False, indent=indent)


MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def rfc2822(t, tz="+0100"):
    return "%s, %d %s %d %s %s" % (DAYS_EN[t.weekday()], t.day, MONTHS_EN[t.month - 1], t.year,
                                   t.strftime("%H:%M:%S"), tz)


def syslog_ts(t):
    return "%s %2d %s" % (MONTHS_EN[t.month - 1], t.day, t.strftime("%H:%M:%S"))


# =============================================================================================
# cards
# =============================================================================================
MAESTRO = ["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]


def luhn_ok(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        v = int(ch)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return tot % 10 == 0


def luhn_complete(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def card_brand(d):
    """issuer of a digit string by prefix and length (None if no real issuer)."""
    n = len(d)
    if n < 12 or n > 19 or not d.isdigit():
        return None
    p2, p3, p4 = int(d[:2]), int(d[:3]), int(d[:4])
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or p2 == 65 or 644 <= p3 <= 649) and 16 <= n <= 19:
        return "discover"
    if 3528 <= p4 <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (p2 in (36, 38) or 300 <= p3 <= 305) and 14 <= n <= 19:
        return "diners"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    if d[:4] in MAESTRO and 12 <= n <= 19:
        return "maestro"
    return None


def scan_card_like(d):
    """broader rule for the stray scanner: anything a detector could take for a card."""
    n = len(d)
    if n < 12 or n > 19 or not luhn_ok(d):
        return False
    if card_brand(d):
        return True
    if d[0] == "4" and n >= 13:
        return True
    if d[0] in "56" and n >= 12:
        return True
    if d[0] == "3" and d[1] in "4678" and n >= 14:
        return True
    if d[0] == "2" and 2221 <= int(d[:4]) <= 2720:
        return True
    return False


def card_digits(brand=None):
    brand = brand or R.choices(
        ["visa", "mc", "amex", "discover", "jcb", "diners", "unionpay", "maestro"],
        [30, 24, 12, 8, 7, 5, 7, 7])[0]
    if brand == "visa":
        pre, n = "4" + pick(["0", "1", "2", "4", "5", "7", "8", "9"]), 16
    elif brand == "mc":
        pre, n = (str(R.randint(51, 55)) if chance(0.7) else str(R.randint(2221, 2720))), 16
    elif brand == "amex":
        pre, n = pick(["34", "37"]), 15
    elif brand == "discover":
        pre, n = pick(["6011", "65", str(R.randint(644, 649))]), 16
    elif brand == "jcb":
        pre, n = str(R.randint(3528, 3589)), 16
    elif brand == "diners":
        pre, n = pick(["36", "38", str(R.randint(300, 305))]), 14
    elif brand == "unionpay":
        pre, n = "62" + pick(["1", "2", "5", "8"]), pick([16, 16, 16, 19])
    else:
        pre, n = pick(MAESTRO), pick([16, 16, 19])
    return luhn_complete(pre + dg(n - len(pre) - 1))


def fmt_card(d, style=None):
    n = len(d)
    groups = {15: [4, 6, 5], 14: [4, 6, 4], 19: [4, 4, 4, 4, 3]}.get(n, [4, 4, 4, 4])
    style = style or R.choices(["space", "dash", "compact"], [55, 15, 30])[0]
    if style == "compact":
        return d
    parts, i = [], 0
    for g in groups:
        parts.append(d[i:i + g])
        i += g
    return (" " if style == "space" else "-").join(parts)


def card(brand=None, style=None):
    return fmt_card(card_digits(brand), style)


def bad_card(style=None, brand=None):
    """card-shaped, real issuer prefix, Luhn fails."""
    d = card_digits(brand)
    d = d[:-1] + str((int(d[-1]) + R.randint(1, 9)) % 10)
    assert not luhn_ok(d)
    return fmt_card(d, style)


def card_ok(v):
    if not re.fullmatch(r"\d+(?:([ -])\d+(?:\1\d+)*)?", v):
        return False
    d = re.sub(r"[ -]", "", v)
    return luhn_ok(d) and card_brand(d) is not None


# =============================================================================================
# IBAN
# =============================================================================================
IBAN_LEN = {"AT": 20, "BE": 16, "CH": 21, "CZ": 24, "DE": 22, "DK": 18, "ES": 24, "FI": 18,
            "FR": 27, "GB": 22, "GR": 27, "HR": 21, "IE": 22, "IT": 27, "LT": 20, "LU": 20,
            "NL": 18, "NO": 15, "PT": 25, "RO": 24, "SE": 24, "TR": 26, "UA": 29, "AE": 23,
            "SA": 24}


def _num(s):
    return int("".join(str(int(ch, 36)) for ch in s))


def mod97_ok(compact):
    return _num(compact[4:] + compact[:4]) % 97 == 1


def _es_ctl(ten):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * x for c, x in zip(ten, w)) % 11
    return {11: "0", 10: "1"}.get(r, str(r))


_IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22,
           25, 24, 23]


def _it_cin(s):
    tot = 0
    for i, ch in enumerate(s):
        v = int(ch) if ch.isdigit() else ord(ch) - 65
        tot += _IT_ODD[v] if i % 2 == 0 else v
    return chr(65 + tot % 26)


def _no_ctl(ten):
    w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    r = 11 - sum(int(c) * x for c, x in zip(ten, w)) % 11
    if r == 11:
        return "0"
    if r == 10:
        return None
    return str(r)


def _nl_ok(acc):
    return sum(int(c) * (10 - i) for i, c in enumerate(acc)) % 11 == 0


def _fr_key(bank, g, acc):
    return "%02d" % (97 - ((89 * int(bank) + 15 * int(g) + 3 * int(acc)) % 97))


def _pt_key(s):
    return "%02d" % (98 - (int(s) * 100) % 97)


def bban(cc):
    if cc == "AT":
        return pick(["20111", "12000", "32000", "14000", "19043", "20815"]) + dg(11)
    if cc == "BE":
        n = pick(["001", "068", "363", "734", "539", "310", "063", "751"]) + dg(7)
        return n + "%02d" % (int(n) % 97 or 97)
    if cc == "CH":
        return pick(["00762", "00230", "09000", "00700", "00767", "80808", "00235"]) + dg(12)
    if cc == "CZ":
        return pick(["0800", "0100", "2010", "0300"]) + dg(16)
    if cc == "DE":
        return pick(["10010010", "37040044", "50010517", "70150000", "20050550", "43060967",
                     "12030000", "76050101", "60050101", "86055592"]) + dg(10)
    if cc == "DK":
        return pick(["3000", "2000", "5301", "9570"]) + dg(10)
    if cc == "ES":
        bank, br, acc = pick(["2100", "0049", "0182", "0081", "2038", "0128"]), dg(4), dg(10)
        return bank + br + _es_ctl("00" + bank + br) + _es_ctl(acc) + acc
    if cc == "FI":
        return pick(["123", "157", "800", "500", "405"]) + dg(11)
    if cc == "FR":
        bank, g, acc = pick(["30004", "30003", "20041", "10107", "11306", "30002"]), dg(5), dg(11)
        return bank + g + acc + _fr_key(bank, g, acc)
    if cc == "GB":
        return pick(["NWBK", "BARC", "HBUK", "LOYD", "MIDL", "SRLG"]) + dg(14)
    if cc == "GR":
        return pick(["011", "017", "026", "014"]) + dg(20)
    if cc == "HR":
        return pick(["2360000", "2340009", "2484008"]) + dg(10)
    if cc == "IE":
        return pick(["AIBK", "BOFI", "IPBS", "ULSB"]) + dg(14)
    if cc == "IT":
        body = pick(["03069", "02008", "05034", "01030", "03062"]) + dg(5) + dg(12)
        return _it_cin(body) + body
    if cc == "LT":
        return pick(["73000", "70440", "40100"]) + dg(11)
    if cc == "LU":
        return pick(["001", "002", "019", "030"]) + dg(13)
    if cc == "NL":
        while True:
            acc = dg(10)
            if _nl_ok(acc) and acc[0] != "0":
                return pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB"]) + acc
    if cc == "NO":
        while True:
            n = pick(["1503", "8601", "9710", "1206", "3000", "1594", "6011"]) + dg(6)
            k = _no_ctl(n)
            if k is not None:
                return n + k
    if cc == "PT":
        s = pick(["0033", "0035", "0007", "0010", "0036", "0018"]) + dg(4) + dg(11)
        return s + _pt_key(s)
    if cc == "RO":
        return pick(["BTRL", "RNCB", "BRDE", "INGB", "RZBR", "BACX"]) + pick(
            ["RONCRT0" + dg(9), dg(16), "0" + dg(3) + "1" + dg(11), "RONCRT0" + dg(6) + "XX"
             + dg(1)])
    if cc == "SE":
        return pick(["500", "800", "600", "300", "957", "923"]) + dg(17)
    if cc == "TR":
        return pick(["00062", "00010", "00064", "00046", "00012", "00015", "00067"]) + "0" + dg(16)
    if cc == "UA":
        return pick(["305299", "322001", "300465", "380805", "320649"]) + "00000" + pick(
            ["26", "29"]) + dg(12)
    if cc == "AE":
        return pick(["033", "026", "035"]) + dg(16)
    if cc == "SA":
        return pick(["80", "10", "45"]) + dg(18)
    raise KeyError(cc)


def iban_compact(cc):
    b = bban(cc)
    chk = "%02d" % (98 - _num(b + cc + "00") % 97)
    s = cc + chk + b
    assert len(s) == IBAN_LEN[cc], (cc, s)
    assert mod97_ok(s)
    return s


def spaced4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban(cc, sp=None):
    s = iban_compact(cc)
    if sp is None:
        sp = chance(0.55)
    return spaced4(s) if sp else s


def bad_iban(cc, sp=None):
    """IBAN-shaped, right length, mod-97 fails."""
    s = iban_compact(cc)
    i = R.randint(5, len(s) - 1)
    while not s[i].isdigit():
        i = R.randint(5, len(s) - 1)
    s = s[:i] + str((int(s[i]) + R.randint(1, 9)) % 10) + s[i + 1:]
    assert not mod97_ok(s)
    if sp is None:
        sp = chance(0.5)
    return spaced4(s) if sp else s


def national_ok(c):
    cc, b = c[:2], c[4:]
    if cc == "BE":
        return int(b[-2:]) == (int(b[:10]) % 97 or 97)
    if cc == "ES":
        return b[8] == _es_ctl("00" + b[:8]) and b[9] == _es_ctl(b[10:])
    if cc == "FR":
        return b[-2:] == _fr_key(b[:5], b[5:10], b[10:21])
    if cc == "IT":
        return b[0] == _it_cin(b[1:])
    if cc == "NL":
        return _nl_ok(b[4:])
    if cc == "NO":
        return _no_ctl(b[:10]) == b[10]
    if cc == "PT":
        return b[-2:] == _pt_key(b[:19])
    return True


def iban_ok(v):
    c = v.replace(" ", "")
    if " " in v and v != spaced4(c):
        return False
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", c):
        return False
    return IBAN_LEN.get(c[:2]) == len(c) and mod97_ok(c) and national_ok(c)


def sepa_creditor_id(cc="AT"):
    """SEPA creditor identifier (CI) - not an IBAN."""
    nat = dg(11) if cc == "AT" else dg(11)
    chk = "%02d" % (98 - _num(nat + cc + "00") % 97)
    return cc + chk + "ZZZ" + nat


# =============================================================================================
# SSN
# =============================================================================================
def ssn():
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        if a == 666:
            continue
        v = "%03d-%02d-%04d" % (a, g, s)
        if v in ("078-05-1120", "123-45-6789", "219-09-9999", "111-11-1111"):
            continue
        return v


def bad_ssn(kind=None):
    kind = kind or pick(["666", "9xx", "000", "g00", "s0000", "9xx"])
    if kind == "666":
        return "666-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999))
    if kind == "9xx":
        return "9%02d-%02d-%04d" % (R.randint(0, 99), R.randint(1, 99), R.randint(1, 9999))
    if kind == "000":
        return "000-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999))
    if kind == "g00":
        return "%03d-00-%04d" % (R.randint(1, 665), R.randint(1, 9999))
    return "%03d-%02d-0000" % (R.randint(1, 665), R.randint(1, 99))


def itin():
    return "9%02d-%d%d-%04d" % (R.randint(0, 99), pick([7, 8]), R.randint(0, 9), R.randint(1, 9999))


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
    if not m:
        return False
    a, g, s = m.groups()
    return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000"


SSN_CONTEXT = re.compile(
    r"ssn|social[ _-]?security|social sec|soc\.? ?sec|\btin\b|\bssa\b|seguro social|taxpayer|ss#|"
    r"usa-ssn|ss_num|ssnumber|ss no|national_id|w-2|w-4|w-9|i-9|1099|sécurité sociale|"
    r"número de seguro|numero de seguro", re.I)


# =============================================================================================
# IP addresses
# =============================================================================================
PUB4 = [24, 31, 37, 45, 46, 50, 62, 66, 68, 71, 73, 77, 78, 81, 82, 85, 88, 91, 94, 95, 98,
        104, 109, 142, 151, 176, 178, 185, 188, 193, 195, 212, 213, 217]


def ipv4(kind=None):
    kind = kind or R.choices(["pub", "p10", "p172", "p192", "doc"], [40, 20, 8, 14, 18])[0]
    if kind == "pub":
        return "%d.%d.%d.%d" % (pick(PUB4), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
    if kind == "p10":
        return "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
    if kind == "p172":
        return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254))
    if kind == "p192":
        return "192.168.%d.%d" % (R.randint(0, 50), R.randint(1, 254))
    return "%s.%d" % (pick(["192.0.2", "198.51.100", "203.0.113"]), R.randint(1, 254))


V6_PREFIXES = [[0x2001, 0xdb8], [0x2a02, 0x8108], [0x2a01, 0x4f8], [0x2607, 0xf8b0],
               [0x2001, 0x67c], [0x2a00, 0x1450], [0x2400, 0xcb00], [0x2404, 0x6800],
               [0x2c0f, 0xfe08], [0x2a0a, 0xa540], [0x2001, 0x4860], [0x2a05, 0xd014],
               [0x2803, 0x9810], [0x2405, 0x6580]]


def ipv6(style=None):
    style = style or R.choices(["comp", "comp", "comp", "ll", "ula", "full", "nolz", "mapped",
                                "upper"], [30, 20, 10, 8, 8, 5, 5, 12, 6])[0]
    if style == "mapped":
        return "::ffff:" + ipv4(pick(["pub", "doc", "p10"]))
    if style == "ll":
        mac = [R.randint(0, 255) for _ in range(6)]
        g = [0xfe80, 0, 0, 0, (mac[0] ^ 2) << 8 | mac[1], mac[2] << 8 | 0xff,
             0xfe << 8 | mac[3], mac[4] << 8 | mac[5]]
    elif style == "ula":
        g = [0xfd00 | R.randint(0, 255), R.randint(0, 0xffff), R.randint(0, 0xffff),
             R.randint(0, 0xff), 0, 0, 0, R.randint(1, 0xfff)]
    else:
        g = list(pick(V6_PREFIXES)) + [R.randint(0, 0xffff) for _ in range(6)]
        z = R.randint(2, 5)
        ln = R.randint(1, 8 - z) if chance(0.8) else 0
        for i in range(z, min(8, z + ln)):
            g[i] = 0
        if chance(0.4):
            g[7] = R.randint(1, 0x1ff)
    a = ipaddress.IPv6Address(":".join("%x" % x for x in g))
    if style == "full":
        return a.exploded
    if style == "nolz":
        return ":".join("%x" % x for x in g)
    s = a.compressed
    return s.upper() if style == "upper" else s


def ip(v6=0.28):
    return ipv6() if chance(v6) else ipv4()


def bad_ipv4():
    k = R.randint(0, 3)
    o = [str(R.randint(1, 254)) for _ in range(4)]
    o[k] = str(R.randint(256, 999))
    return ".".join(o)


def ip_ok(v):
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False


# =============================================================================================
# phone numbers - per-country plans: (country code, trunk, [(weight, parts, natl, intl)])
# =============================================================================================
US_AREAS = ["212", "415", "312", "617", "206", "303", "512", "702", "305", "404", "713", "214",
            "503", "612", "919", "646", "718", "408", "619", "480", "602", "615", "773", "810",
            "267", "504", "801", "907", "808", "843", "860", "878", "720", "347", "832"]
CA_AREAS = ["416", "604", "514", "403", "613", "902", "780", "204", "306", "418", "819", "438",
            "647", "905", "250", "709", "506", "450"]


def _nanp(areas):
    def f():
        while True:
            ex = nz(3)
            if ex[1:] != "11" and ex != "555" and ex != "950":
                break
        return [pick(areas), ex, dg(4)]
    return f


_NANP_NAT = ["({0}) {1}-{2}", "({0}) {1}-{2}", "{0}-{1}-{2}", "{0}-{1}-{2}", "{0}.{1}.{2}",
             "{0} {1} {2}", "1-{0}-{1}-{2}", "1 ({0}) {1}-{2}", "({0}){1}-{2}"]
_NANP_INT = ["+1 {0} {1} {2}", "+1-{0}-{1}-{2}", "+1 ({0}) {1}-{2}", "+1{0}{1}{2}",
             "+1.{0}.{1}.{2}", "+1 {0}-{1}-{2}"]

PH = {
    "US": ("1", "1", [(1, _nanp(US_AREAS), _NANP_NAT, _NANP_INT)]),
    "CA": ("1", "1", [(1, _nanp(CA_AREAS), _NANP_NAT, _NANP_INT)]),
    "GB": ("44", "0", [
        (3, lambda: ["20", pick("378") + dg(3), dg(4)],
         ["0{0} {1} {2}", "(0{0}) {1} {2}", "0{0}{1}{2}", "0{0} {1}{2}"],
         ["+44 {0} {1} {2}", "+44 (0){0} {1} {2}", "+44{0}{1}{2}", "0044 {0} {1} {2}",
          "+44 (0) {0} {1} {2}"]),
        (2, lambda: [pick(["113", "114", "117", "121", "131", "141", "151", "161", "191"]),
                     nz(3), dg(4)],
         ["0{0} {1} {2}", "(0{0}) {1} {2}", "0{0}-{1}-{2}"],
         ["+44 {0} {1} {2}", "+44 (0){0} {1} {2}"]),
        (1, lambda: [pick(["1223", "1865", "1632", "1904", "1224", "1392"]), nz(6)],
         ["0{0} {1}", "(0{0}) {1}"], ["+44 {0} {1}", "+44 (0){0} {1}"]),
        (4, lambda: ["7" + pick("45789") + dg(2), dg(3), dg(3)],
         ["0{0} {1}{2}", "0{0} {1} {2}", "0{0}{1}{2}", "0{0}-{1}-{2}"],
         ["+44 {0} {1}{2}", "+44 {0} {1} {2}", "+44{0}{1}{2}", "+44 (0){0} {1}{2}",
          "0044 {0} {1}{2}"]),
    ]),
    "DE": ("49", "0", [
        (3, lambda: [pick(["30", "40", "69", "89"]), nz(4), dg(pick([3, 4]))],
         ["0{0} {1}{2}", "0{0} {1} {2}", "0{0}/{1}{2}", "0{0}/{1} {2}", "(0{0}) {1} {2}",
          "0{0}-{1}{2}"],
         ["+49 {0} {1}{2}", "+49 {0} {1} {2}", "+49 (0){0} {1} {2}", "+49 (0) {0} {1}{2}",
          "0049 {0} {1}{2}", "+49{0}{1}{2}", "+49-{0}-{1}{2}"]),
        (2, lambda: [pick(["221", "711", "341", "211", "351"]), nz(3), dg(pick([3, 4]))],
         ["0{0} {1}{2}", "0{0}/{1} {2}", "0{0} {1} {2}", "(0{0}) {1}{2}"],
         ["+49 {0} {1}{2}", "+49 (0){0} {1} {2}", "+49 {0} {1} {2}"]),
        (2, lambda: [pick(["151", "152", "157", "159", "176"]), dg(4), dg(4)],
         ["0{0} {1}{2}", "0{0}/{1}{2}", "0{0} {1} {2}", "0{0}-{1}{2}", "0{0}{1}{2}"],
         ["+49 {0} {1}{2}", "+49 {0} {1} {2}", "+49{0}{1}{2}", "+49 (0){0} {1}{2}",
          "0049 {0} {1}{2}"]),
        (2, lambda: [pick(["160", "170", "171", "172", "175", "177", "179"]), dg(3), dg(4)],
         ["0{0} {1}{2}", "0{0}/{1}{2}", "0{0} {1} {2}", "0{0}-{1} {2}"],
         ["+49 {0} {1}{2}", "+49 {0} {1} {2}", "+49{0}{1}{2}", "+49 (0){0} {1}{2}"]),
    ]),
    "FR": ("33", "0", [
        (1, lambda: (lambda a: [a, (pick("3456789") + dg(1)) if a == "7" else dg(2), dg(2),
                                dg(2), dg(2)])(pick("12345667799")),
         ["0{0} {1} {2} {3} {4}", "0{0} {1} {2} {3} {4}", "0{0}.{1}.{2}.{3}.{4}",
          "0{0}{1}{2}{3}{4}", "0{0}-{1}-{2}-{3}-{4}"],
         ["+33 {0} {1} {2} {3} {4}", "+33 (0){0} {1} {2} {3} {4}", "+33{0}{1}{2}{3}{4}",
          "0033 {0} {1} {2} {3} {4}", "+33 {0}{1}{2}{3}{4}", "+33 (0) {0} {1} {2} {3} {4}"]),
    ]),
    "SE": ("46", "0", [
        (4, lambda: ["7" + pick("02369"), dg(3), dg(2), dg(2)],
         ["0{0}-{1} {2} {3}", "0{0}-{1}{2}{3}", "0{0} {1} {2} {3}", "0{0}{1}{2}{3}",
          "0{0}-{1} {2}{3}"],
         ["+46 {0} {1} {2} {3}", "+46{0}{1}{2}{3}", "+46 {0}-{1} {2} {3}", "0046 {0} {1} {2} {3}",
          "+46 (0){0} {1} {2} {3}"]),
        (2, lambda: ["8", nz(3), dg(3), dg(2)],
         ["0{0}-{1} {2} {3}", "0{0}-{1}{2}{3}", "0{0} {1} {2} {3}"],
         ["+46 {0} {1} {2} {3}", "+46 {0}-{1} {2} {3}", "+46{0}{1}{2}{3}"]),
        (1, lambda: ["8", nz(3), dg(2), dg(2)],
         ["0{0}-{1} {2} {3}", "0{0} {1} {2} {3}"], ["+46 {0} {1} {2} {3}"]),
        (2, lambda: [pick(["31", "40", "18", "13", "90"]), nz(3), dg(2), dg(2)],
         ["0{0}-{1} {2} {3}", "0{0}-{1}{2}{3}", "0{0} {1} {2} {3}"],
         ["+46 {0} {1} {2} {3}", "+46 {0}-{1} {2} {3}"]),
    ]),
    "NO": ("47", "", [
        (3, lambda: [pick("49") + dg(2), dg(2), dg(3)],
         ["{0} {1} {2}", "{0}{1}{2}", "{0} {1} {2}"],
         ["+47 {0} {1} {2}", "+47{0}{1}{2}", "0047 {0} {1} {2}", "+47 {0}{1}{2}"]),
        (2, lambda: [pick(["22", "23", "51", "55", "73", "75", "67", "33", "38", "69"]), dg(2),
                     dg(2), dg(2)],
         ["{0} {1} {2} {3}", "{0}{1}{2}{3}"],
         ["+47 {0} {1} {2} {3}", "+47{0}{1}{2}{3}", "0047 {0} {1} {2} {3}"]),
    ]),
    "TR": ("90", "0", [
        (3, lambda: [pick(["505", "506", "507", "530", "532", "533", "535", "536", "537", "538",
                           "539", "541", "542", "543", "544", "545", "546", "549", "551", "552",
                           "553", "554", "555"]), nz(3), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0 ({0}) {1} {2} {3}", "0{0}{1}{2}{3}", "0{0} {1} {2}{3}",
          "0({0}) {1} {2} {3}", "0 {0} {1} {2} {3}"],
         ["+90 {0} {1} {2} {3}", "+90 ({0}) {1} {2} {3}", "+90{0}{1}{2}{3}",
          "0090 {0} {1} {2} {3}", "+90 {0} {1} {2}{3}"]),
        (2, lambda: [pick(["212", "216", "312", "232", "224", "242"]), nz(3), dg(2), dg(2)],
         ["(0{0}) {1} {2} {3}", "0{0} {1} {2} {3}", "0 {0} {1} {2}{3}", "0 ({0}) {1} {2} {3}"],
         ["+90 {0} {1} {2} {3}", "+90 ({0}) {1} {2} {3}", "+90 {0} {1} {2}{3}"]),
    ]),
    "RO": ("40", "0", [
        (3, lambda: [pick(["721", "722", "723", "724", "726", "740", "744", "745", "746", "747",
                           "751", "752", "755", "766", "768", "770", "771", "773", "786", "787"]),
                     dg(3), dg(3)],
         ["0{0} {1} {2}", "0{0}{1}{2}", "0{0}.{1}.{2}", "0{0}-{1}-{2}", "0{0} {1}{2}"],
         ["+40 {0} {1} {2}", "+40{0}{1}{2}", "0040 {0} {1} {2}", "+40 {0}{1}{2}",
          "+40-{0}-{1}-{2}"]),
        (1, lambda: ["21", pick("23") + dg(2), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0{0}.{1}.{2}.{3}", "0{0} {1}{2}{3}", "0{0}/{1}.{2}.{3}"],
         ["+40 {0} {1} {2} {3}", "+40 {0} {1}{2}{3}", "+40 (0){0} {1} {2} {3}"]),
        (1, lambda: [pick(["264", "256", "268", "232"]), pick("4") + dg(2), dg(3)],
         ["0{0} {1} {2}", "0{0}/{1}{2}", "0{0}-{1}-{2}"],
         ["+40 {0} {1} {2}", "+40 {0}{1}{2}"]),
    ]),
    "UA": ("380", "0", [
        (3, lambda: [pick(["50", "66", "95", "99", "67", "68", "96", "97", "98", "63", "73",
                           "93"]), dg(3), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0{0}{1}{2}{3}", "(0{0}) {1}-{2}-{3}", "0{0}-{1}-{2}-{3}",
          "0{0} {1}{2}{3}"],
         ["+380 {0} {1} {2} {3}", "+380{0}{1}{2}{3}", "+38 (0{0}) {1}-{2}-{3}",
          "+38 0{0} {1} {2} {3}", "+380 ({0}) {1}-{2}-{3}", "+38(0{0}){1}{2}{3}"]),
        (1, lambda: [pick(["44", "32", "48", "57"]), nz(3), dg(2), dg(2)],
         ["(0{0}) {1}-{2}-{3}", "0{0} {1} {2} {3}", "0{0}-{1}-{2}-{3}"],
         ["+380 {0} {1} {2} {3}", "+38 (0{0}) {1}-{2}-{3}", "+380 ({0}) {1}-{2}-{3}"]),
    ]),
    "JP": ("81", "0", [
        (2, lambda: [pick("36"), nz(4), dg(4)],
         ["0{0}-{1}-{2}", "0{0}({1}){2}", "0{0} {1} {2}", "0{0}-{1}-{2}"],
         ["+81 {0}-{1}-{2}", "+81-{0}-{1}-{2}", "+81 {0} {1} {2}", "+81{0}{1}{2}",
          "+81 (0){0}-{1}-{2}"]),
        (1, lambda: [pick(["45", "52", "92", "11", "75", "78"]), nz(3), dg(4)],
         ["0{0}-{1}-{2}", "0{0}({1}){2}", "0{0} {1} {2}"],
         ["+81 {0}-{1}-{2}", "+81-{0}-{1}-{2}"]),
        (3, lambda: [pick(["90", "80", "70"]), pick("123456789") + dg(3), dg(4)],
         ["0{0}-{1}-{2}", "0{0}{1}{2}", "0{0} {1} {2}"],
         ["+81 {0}-{1}-{2}", "+81 {0} {1} {2}", "+81-{0}-{1}-{2}", "+81{0}{1}{2}"]),
        (1, lambda: ["120", dg(3), dg(3)], ["0{0}-{1}-{2}", "0{0}-{1}-{2}"], ["0{0}-{1}-{2}"]),
    ]),
    "MY": ("60", "0", [
        (3, lambda: [pick(["12", "13", "16", "17", "19", "14"]), dg(3), dg(4)],
         ["0{0}-{1} {2}", "0{0}-{1}{2}", "0{0} {1} {2}", "0{0}{1}{2}", "0{0}-{1}-{2}"],
         ["+60 {0}-{1} {2}", "+60{0}{1}{2}", "+60 {0} {1} {2}", "+60{0}-{1} {2}",
          "+60 {0}-{1}{2}"]),
        (1, lambda: ["11", dg(4), dg(4)],
         ["0{0}-{1} {2}", "0{0}-{1}{2}", "0{0} {1} {2}"],
         ["+60 {0}-{1} {2}", "+60{0}{1}{2}", "+60{0}-{1} {2}"]),
        (1, lambda: ["3", nz(4), dg(4)],
         ["0{0}-{1} {2}", "0{0} {1} {2}", "(0{0}) {1} {2}"],
         ["+60 {0}-{1} {2}", "+60 {0} {1} {2}", "+603-{1} {2}"]),
        (1, lambda: ["4", nz(3), dg(4)], ["0{0}-{1} {2}", "0{0}-{1}{2}"],
         ["+60 {0}-{1} {2}", "+60 {0} {1} {2}"]),
    ]),
    "KE": ("254", "0", [
        (4, lambda: [pick(["712", "722", "733", "701", "710", "720", "740", "757", "768", "790",
                           "797", "113", "110", "115", "728", "708"]), dg(3), dg(3)],
         ["0{0} {1} {2}", "0{0}{1}{2}", "0{0}-{1}-{2}", "0{0} {1}{2}"],
         ["+254 {0} {1} {2}", "+254{0}{1}{2}", "+254 {0}{1}{2}", "+254-{0}-{1}-{2}",
          "00254 {0} {1} {2}"]),
        (1, lambda: ["20", nz(3), dg(4)], ["0{0} {1} {2}", "0{0} {1}{2}", "(0{0}) {1} {2}"],
         ["+254 {0} {1} {2}", "+254 (0){0} {1} {2}"]),
    ]),
    "TZ": ("255", "0", [
        (3, lambda: [pick(["754", "755", "713", "715", "784", "786", "765", "767", "621", "688",
                           "744", "652"]), dg(3), dg(3)],
         ["0{0} {1} {2}", "0{0}{1}{2}", "0{0}-{1}-{2}"],
         ["+255 {0} {1} {2}", "+255{0}{1}{2}", "+255-{0}-{1}-{2}"]),
        (1, lambda: ["22", nz(3), dg(4)], ["0{0} {1} {2}", "0{0}-{1}-{2}"],
         ["+255 {0} {1} {2}", "+255 (0){0} {1} {2}"]),
    ]),
    "ES": ("34", "", [
        (3, lambda: [pick(["6" + dg(2), "7" + pick("1234") + dg(1)]), dg(3), dg(3)],
         ["{0} {1} {2}", "{0}{1}{2}", "{0}-{1}-{2}", "{0} {1} {2}"],
         ["+34 {0} {1} {2}", "+34{0}{1}{2}", "0034 {0} {1} {2}", "(+34) {0} {1} {2}",
          "+34-{0}-{1}-{2}"]),
        (1, lambda: [pick(["6" + dg(2), "7" + pick("1234") + dg(1)]), dg(2), dg(2), dg(2)],
         ["{0} {1} {2} {3}"], ["+34 {0} {1} {2} {3}", "(+34) {0} {1} {2} {3}"]),
        (2, lambda: [pick(["91", "93", "95", "96", "94", "98", "97"]), nz(3), dg(2), dg(2)],
         ["{0} {1} {2} {3}", "{0}{1}{2}{3}", "{0} {1}{2}{3}"],
         ["+34 {0} {1} {2} {3}", "+34 {0}{1}{2}{3}", "(+34) {0} {1} {2} {3}"]),
    ]),
    "PT": ("351", "", [
        (3, lambda: [pick(["91", "92", "93", "96"]) + dg(1), dg(3), dg(3)],
         ["{0} {1} {2}", "{0}{1}{2}", "{0} {1} {2}"],
         ["+351 {0} {1} {2}", "+351{0}{1}{2}", "00351 {0} {1} {2}", "(+351) {0} {1} {2}",
          "+351 {0}{1}{2}"]),
        (2, lambda: [pick(["21", "22", "23", "25", "28", "29"]) + nz(1), dg(3), dg(3)],
         ["{0} {1} {2}", "{0}{1}{2}", "{0} {1} {2}"],
         ["+351 {0} {1} {2}", "(+351) {0} {1} {2}"]),
    ]),
    "MX": ("52", "", [
        (3, lambda: [pick(["55", "33", "81"]), nz(4), dg(4)],
         ["{0} {1} {2}", "({0}) {1}-{2}", "{0}-{1}-{2}", "{0}{1}{2}", "({0}) {1} {2}"],
         ["+52 {0} {1} {2}", "+52 ({0}) {1}-{2}", "+52{0}{1}{2}", "+52 {0} {1}-{2}",
          "+52-{0}-{1}-{2}"]),
        (1, lambda: [pick(["222", "442", "664", "998", "477"]), nz(3), dg(4)],
         ["{0} {1} {2}", "({0}) {1} {2}", "{0}-{1}-{2}"],
         ["+52 {0} {1} {2}", "+52 ({0}) {1} {2}"]),
    ]),
    "AR": ("54", "0", [
        (2, lambda: ["11", pick("4") + dg(3), dg(4)],
         ["(0{0}) {1}-{2}", "0{0} {1}-{2}", "0{0}-{1}-{2}", "(0{0}) {1} {2}"],
         ["+54 {0} {1}-{2}", "+54 {0} {1} {2}", "+54{0}{1}{2}", "+54 ({0}) {1}-{2}"]),
        (2, lambda: ["11", pick("2356") + dg(3), dg(4)],
         ["0{0} 15-{1}-{2}", "(0{0}) 15 {1}-{2}", "(0{0}) 15-{1}-{2}"],
         ["+54 9 {0} {1}-{2}", "+54 9 {0} {1} {2}", "+549{0}{1}{2}", "+54 9 {0} {1}{2}"]),
        (1, lambda: [pick(["351", "341", "261"]), nz(3), dg(4)],
         ["(0{0}) {1}-{2}", "0{0} {1}-{2}", "(0{0}) 15-{1}-{2}"],
         ["+54 {0} {1}-{2}", "+54 9 {0} {1}-{2}", "+54 {0} {1} {2}"]),
    ]),
    "BE": ("32", "0", [
        (2, lambda: [pick("2349"), nz(3), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0{0}/{1}.{2}.{3}", "0{0} {1}{2}{3}", "0{0}/{1} {2} {3}",
          "0{0}.{1}.{2}.{3}"],
         ["+32 {0} {1} {2} {3}", "+32 (0){0} {1} {2} {3}", "+32{0}{1}{2}{3}",
          "0032 {0} {1} {2} {3}", "+32 (0) {0} {1} {2} {3}"]),
        (3, lambda: [pick(["470", "471", "472", "473", "474", "475", "476", "477", "478", "479",
                           "485", "486", "487", "488", "489", "494", "495", "496", "497", "498",
                           "499", "460", "465", "468"]), dg(2), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0{0}/{1}.{2}.{3}", "0{0}{1}{2}{3}", "0{0}/{1} {2} {3}",
          "0{0} {1}{2}{3}", "0{0}.{1}.{2}.{3}"],
         ["+32 {0} {1} {2} {3}", "+32 (0){0} {1} {2} {3}", "+32{0}{1}{2}{3}",
          "0032 {0} {1} {2} {3}", "+32 {0}/{1}.{2}.{3}"]),
    ]),
    "CH": ("41", "0", [
        (2, lambda: [pick(["21", "22", "24", "26", "27", "31", "32", "41", "43", "44", "52", "55",
                           "56", "58", "61", "62", "71", "81", "91"]), nz(3), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0{0}/{1} {2} {3}", "0{0} {1}{2}{3}", "0{0}-{1}-{2}-{3}"],
         ["+41 {0} {1} {2} {3}", "+41 (0){0} {1} {2} {3}", "+41{0}{1}{2}{3}",
          "0041 {0} {1} {2} {3}", "+41 (0) {0} {1} {2} {3}"]),
        (2, lambda: [pick(["75", "76", "77", "78", "79"]), dg(3), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0{0}/{1} {2} {3}", "0{0}{1}{2}{3}", "0{0} {1}{2}{3}"],
         ["+41 {0} {1} {2} {3}", "+41 (0){0} {1} {2} {3}", "+41{0}{1}{2}{3}",
          "0041 {0} {1} {2} {3}"]),
    ]),
    "AT": ("43", "0", [
        (2, lambda: ["1", nz(3), dg(2), dg(2)],
         ["0{0} {1} {2} {3}", "0{0}/{1}{2}{3}", "(0{0}) {1} {2}{3}", "0{0} {1}{2}{3}"],
         ["+43 {0} {1} {2} {3}", "+43 (0){0} {1}{2}{3}", "+43{0}{1}{2}{3}",
          "0043 {0} {1}{2}{3}", "+43 {0} {1}{2}{3}"]),
        (3, lambda: [pick(["664", "660", "676", "699", "650", "680", "681", "688"]), dg(3), dg(2),
                     dg(2)],
         ["0{0} {1} {2} {3}", "0{0}/{1}{2}{3}", "0{0} {1}{2}{3}", "0{0}{1}{2}{3}"],
         ["+43 {0} {1}{2}{3}", "+43 {0} {1} {2} {3}", "+43 (0){0} {1} {2} {3}",
          "+43{0}{1}{2}{3}", "0043 {0} {1}{2}{3}"]),
        (1, lambda: [pick(["316", "662", "512", "732"]), nz(3), dg(3)],
         ["0{0} {1}{2}", "0{0}/{1} {2}", "0{0} {1} {2}"],
         ["+43 {0} {1}{2}", "+43 (0){0} {1} {2}"]),
    ]),
    "AU": ("61", "0", [
        (2, lambda: [pick("2378"), nz(4), dg(4)],
         ["(0{0}) {1} {2}", "0{0} {1} {2}", "0{0}{1}{2}"],
         ["+61 {0} {1} {2}", "+61 (0){0} {1} {2}", "+61{0}{1}{2}"]),
        (2, lambda: ["4" + dg(2), dg(3), dg(3)],
         ["0{0} {1} {2}", "0{0}{1}{2}", "0{0}-{1}-{2}"],
         ["+61 {0} {1} {2}", "+61{0}{1}{2}", "+61 {0}{1}{2}"]),
    ]),
    "IE": ("353", "0", [
        (1, lambda: ["1", nz(3), dg(4)], ["(0{0}) {1} {2}", "0{0} {1} {2}", "0{0}-{1}{2}"],
         ["+353 {0} {1} {2}", "+353 (0){0} {1} {2}", "00353 {0} {1} {2}"]),
        (2, lambda: [pick(["83", "85", "86", "87", "89"]), dg(3), dg(4)],
         ["0{0} {1} {2}", "0{0}-{1}{2}", "0{0}{1}{2}", "0{0} {1}{2}"],
         ["+353 {0} {1} {2}", "+353{0}{1}{2}", "+353 (0){0} {1} {2}"]),
        (1, lambda: ["21", nz(3), dg(4)], ["(0{0}) {1} {2}", "0{0} {1} {2}"],
         ["+353 {0} {1} {2}"]),
    ]),
    "IN": ("91", "0?", [
        (3, lambda: [pick("6789") + dg(4), dg(5)],
         ["0{0} {1}", "{0} {1}", "{0}{1}", "0{0}{1}"],
         ["+91 {0} {1}", "+91-{0}-{1}", "+91{0}{1}", "+91 {0}{1}", "0091 {0} {1}"]),
        (1, lambda: [pick(["11", "22", "80", "44", "33"]), nz(4), dg(4)],
         ["0{0} {1} {2}", "0{0}-{1}{2}", "0{0}-{1} {2}"],
         ["+91 {0} {1} {2}", "+91-{0}-{1}{2}", "+91 {0} {1}{2}"]),
    ]),
    "ZA": ("27", "0", [
        (1, lambda: [pick(["21", "11", "12", "31", "41", "51"]), nz(3), dg(4)],
         ["0{0} {1} {2}", "(0{0}) {1} {2}", "0{0}-{1}-{2}"],
         ["+27 {0} {1} {2}", "+27 (0){0} {1} {2}", "+27{0}{1}{2}"]),
        (2, lambda: [pick(["60", "61", "62", "63", "64", "71", "72", "73", "74", "76", "78", "79",
                           "81", "82", "83", "84"]), dg(3), dg(4)],
         ["0{0} {1} {2}", "0{0}{1}{2}", "0{0}-{1}-{2}"],
         ["+27 {0} {1} {2}", "+27{0}{1}{2}", "+27 {0}{1}{2}"]),
    ]),
    "NL": ("31", "0", [
        (1, lambda: [pick(["20", "10", "30", "70"]), nz(3), dg(4)],
         ["0{0}-{1}{2}", "0{0} {1} {2}", "0{0} {1}{2}"],
         ["+31 {0} {1} {2}", "+31 (0){0} {1} {2}", "+31{0}{1}{2}"]),
        (2, lambda: ["6", pick("12345") + dg(7)], ["0{0}-{1}", "0{0} {1}", "0{0}{1}"],
         ["+31 {0} {1}", "+31{0}{1}", "+31 (0){0} {1}", "+31 {0}-{1}"]),
    ]),
}

PH_NSN = {
    "US": r"[2-9]\d{2}[2-9]\d{6}", "CA": r"[2-9]\d{2}[2-9]\d{6}",
    "GB": r"20[378]\d{7}|1(1[3-9]|21|31|41|51|61|91)[2-9]\d{6}|1(223|865|632|904|224|392)"
          r"[2-9]\d{5}|7[4-9]\d{8}",
    "DE": r"(30|40|69|89)[2-9]\d{6,7}|(221|711|341|211|351)[2-9]\d{5,6}|1(5[1279]|76)\d{8}"
          r"|1(60|7[0-25-79])\d{7}",
    "FR": r"[1-69]\d{8}|7[3-9]\d{7}",
    "SE": r"7[02369]\d{7}|8[2-9]\d{5,7}|(31|40|18|13|90)[2-9]\d{4,6}",
    "NO": r"[49]\d{7}|(22|23|51|55|73|75|67|33|38|69)\d{6}",
    "TR": r"5(0[5-7]|3\d|4[1-9]|5[1-5])[2-9]\d{6}|(212|216|312|232|224|242)[2-9]\d{6}",
    "RO": r"7[2-8]\d{7}|21[23]\d{6}|(264|256|268|232)4\d{5}",
    "UA": r"(50|6[3678]|73|9[35-9])\d{7}|(44|32|48|57)[2-9]\d{6}",
    "JP": r"[36][2-9]\d{7}|(45|52|92|11|75|78)[2-9]\d{6}|[789]0[1-9]\d{7}|120\d{6}",
    "MY": r"1[2-46-9]\d{7}|11\d{8}|3[2-9]\d{7}|4[2-9]\d{6}",
    "KE": r"(7\d\d|11[0-5])\d{6}|20[2-9]\d{6}",
    "TZ": r"(6[2-9]\d|7[1-8]\d)\d{6}|22[2-9]\d{6}",
    "ES": r"(6\d|7[1-4])\d{7}|9[1-8][2-9]\d{6}",
    "PT": r"9[1236]\d{7}|2[1-9][2-9]\d{6}",
    "MX": r"(55|33|81)[2-9]\d{7}|(222|442|664|998|477)[2-9]\d{6}",
    "AR": r"9?(11[2-9]\d{7}|(351|341|261)[2-9]\d{6})|1115[2-9]\d{7}|(351|341|261)15[2-9]\d{6}",
    "BE": r"[2349][2-9]\d{6}|4[5-9]\d{7}",
    "CH": r"(2[124-7]|3[12]|4[134]|5[2568]|6[12]|71|81|91)[2-9]\d{6}|7[5-9]\d{7}",
    "AT": r"1[2-9]\d{6}|6(50|60|64|76|80|81|88|99)\d{7}|(316|662|512|732)[2-9]\d{5}",
    "AU": r"[2378][2-9]\d{7}|4\d{8}",
    "IE": r"1[2-9]\d{6}|8[35679]\d{7}|21[2-9]\d{6}",
    "IN": r"[6-9]\d{9}|(11|22|33|44|80)[2-9]\d{7}",
    "ZA": r"(1[0-2]|21|31|41|51)[2-9]\d{6}|(6[0-4]|7[1-46-9]|8[1-4])\d{7}",
    "NL": r"(10|20|30|70)[2-9]\d{6}|6[1-5]\d{7}",
}

EXT_RE = re.compile(r"(?:\s*(?:x|ext\.?|Ext\.?|EXT)\s?\d{1,5})$")


def phone(cc, style=None, ext=None):
    """style: 'n' national, 'i' international, 'e' compact E.164 (+CC digits)."""
    code, trunk, kinds = PH[cc]
    k = R.choices(kinds, [x[0] for x in kinds])[0]
    parts = k[1]()
    if style is None:
        style = "i" if chance(0.5) else "n"
    if style == "e":
        s = "+" + code + "".join(parts)
        if cc == "AR" and "15" in "".join(k[2]) and k[2][0].startswith("0{0} 15"):
            s = "+" + code + "9" + "".join(parts)
    else:
        fmts = k[3] if style == "i" else k[2]
        s = pick(fmts).format(*parts)
    if ext is None:
        ext = cc in ("US", "CA") and chance(0.08)
    if ext:
        s += pick([" x", " ext. ", " ext ", "x", " Ext. "]) + str(R.randint(2, 4999))
    return s


def phone_nsn(v, cc):
    code, trunk, _ = PH[cc]
    s = EXT_RE.sub("", v)
    if not re.fullmatch(r"[0-9+()./ -]+", s):
        return None
    s = s.replace("(0)", "")
    head = s.lstrip("(")
    digits = re.sub(r"\D", "", s)
    if head.startswith("+"):
        if not digits.startswith(code):
            return None
        nsn = digits[len(code):]
    elif head.startswith("00") and digits.startswith("00" + code):
        nsn = digits[2 + len(code):]
    else:
        nsn = digits
        if cc in ("US", "CA"):
            if len(nsn) == 11 and nsn[0] == "1":
                nsn = nsn[1:]
        elif trunk == "0":
            if not nsn.startswith("0"):
                return None
            nsn = nsn[1:]
        elif trunk == "0?":
            if nsn.startswith("0"):
                nsn = nsn[1:]
    return nsn


def phone_ok(v, cc):
    nsn = phone_nsn(v, cc)
    if nsn is None or not re.fullmatch(PH_NSN[cc], nsn):
        return False
    if cc in ("US", "CA") and (nsn[4:6] == "11" or nsn[1:3] == "11"):
        return False
    if "+" in v.lstrip("(")[1:] or v.count("(") != v.count(")"):
        return False
    return True


MOBILE = {"SE": r"7", "NO": r"[49]", "PT": r"9", "MY": r"1", "KE": r"[71]", "TZ": r"[67]", "CH": r"7",
          "TR": r"5", "RO": r"7", "UA": r"(50|6|7|9)", "MX": r"", "US": r"", "CA": r"", "GB": r"7", "DE": r"1",
          "FR": r"[67]", "ES": r"[67]", "AT": r"6", "BE": r"4[5-9]\d{7}$", "IE": r"8", "AU": r"4", "IN": r"[6-9]\d{9}$",
          "ZA": r"[678]", "NL": r"6", "JP": r"[789]0", "AR": r"9|1115|\d{3}15"}


def mobile(cc, style=None):
    """a mobile number of country cc (Swish, Vipps, MB WAY, DuitNow, M-Pesa, TWINT ...)."""
    while True:
        v = phone(cc, style, ext=False)
        if re.match(MOBILE[cc], phone_nsn(v, cc)):
            return v


def email_ok(v):
    if ".." in v or v.startswith(".") or "@." in v or ".@" in v:
        return False
    return re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", v) \
        is not None


# =============================================================================================
# people, locales, organisations
# =============================================================================================
TRANSLIT = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ",
                    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k",
                     "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh",
                     "shch", "", "iu", "ia"] * 2))


def fold(s):
    s = "".join(TRANSLIT.get(ch, ch) for ch in s)
    for a, b in (("ø", "o"), ("Ø", "O"), ("æ", "ae"), ("Æ", "Ae"), ("ß", "ss"), ("ı", "i"),
                 ("đ", "d"), ("ł", "l"), ("İ", "I")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z]", "", s).lower()


L = {}


def _loc(key, first, last, phone_cc, iban_cc, mail, cities):
    L[key] = dict(first=first, last=last, cc=phone_cc, iban=iban_cc, mail=mail, cities=cities)


_loc("sv", ["Astrid", "Linnea", "Erik", "Johan", "Maja", "Oskar", "Elsa", "Nils", "Ingrid",
            "Karl", "Sofia", "Viktor", "Ebba", "Gustav"],
     ["Lindqvist", "Björk", "Nyström", "Sandberg", "Holm", "Engström", "Åberg", "Lundgren",
      "Forsberg", "Wallin", "Sjöberg", "Ekström"], "SE", "SE",
     ["gmail.com", "telia.com", "outlook.com", "hotmail.se", "bredband.net", "icloud.com"],
     [("Stockholm", "114 55"), ("Göteborg", "411 04"), ("Malmö", "211 22"), ("Uppsala", "753 20"),
      ("Umeå", "903 26")])
_loc("nb", ["Ingrid", "Sindre", "Kari", "Håkon", "Solveig", "Eirik", "Marte", "Øystein", "Sigrid",
            "Torbjørn", "Ragnhild", "Vegard"],
     ["Haugen", "Johansen", "Bakke", "Solberg", "Strand", "Lie", "Dahl", "Myhre", "Berg", "Aasen",
      "Hovland", "Nygård"], "NO", "NO",
     ["gmail.com", "online.no", "outlook.com", "hotmail.no", "live.no", "icloud.com"],
     [("Oslo", "0150"), ("Bergen", "5003"), ("Trondheim", "7011"), ("Stavanger", "4006"),
      ("Tromsø", "9008")])
_loc("tr", ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak", "Selin", "Oğuz", "Deniz",
            "Hakan", "Gülşen", "Çağrı"],
     ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç",
      "Kılıç", "Özdemir"], "TR", "TR",
     ["gmail.com", "hotmail.com", "yandex.com.tr", "outlook.com", "windowslive.com"],
     [("İstanbul", "34394"), ("Ankara", "06420"), ("İzmir", "35220"), ("Bursa", "16050"),
      ("Antalya", "07100")])
_loc("ro", ["Andreea", "Mihai", "Ioana", "Bogdan", "Elena", "Radu", "Cristina", "Vlad",
            "Alexandra", "Sorin", "Ștefan", "Irina"],
     ["Popescu", "Ionescu", "Dumitrescu", "Stan", "Munteanu", "Constantin", "Marin", "Georgescu",
      "Dobre", "Tudor", "Rădulescu", "Lungu"], "RO", "RO",
     ["gmail.com", "yahoo.com", "yahoo.ro", "outlook.com", "hotmail.com"],
     [("București", "010011"), ("Cluj-Napoca", "400001"), ("Iași", "700028"), ("Timișoara", "300011"),
      ("Brașov", "500030")])
_loc("uk", ["Олена", "Андрій", "Оксана", "Тарас", "Ірина", "Дмитро", "Наталія", "Богдан",
            "Софія", "Максим"],
     ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник", "Олійник",
      "Лисенко", "Савченко", "Руденко"], "UA", "UA",
     ["ukr.net", "gmail.com", "i.ua", "meta.ua", "outlook.com"],
     [("Київ", "01001"), ("Львів", "79000"), ("Одеса", "65000"), ("Харків", "61000"),
      ("Дніпро", "49000")])
_loc("ja", [("健", "ken"), ("美咲", "misaki"), ("翔太", "shota"), ("陽菜", "hina"),
            ("大輔", "daisuke"), ("真由美", "mayumi"), ("拓也", "takuya"), ("さくら", "sakura")],
     [("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"),
      ("伊藤", "ito"), ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura")],
     "JP", None, ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "outlook.jp"],
     [("東京都千代田区", "100-0005"), ("大阪市北区", "530-0001"), ("横浜市西区", "220-0011"),
      ("名古屋市中村区", "450-0002"), ("福岡市博多区", "812-0011")])
_loc("ms", ["Nurul", "Ahmad", "Siti", "Muhammad", "Wei Ling", "Chee Keong", "Priya", "Azlina",
            "Hafiz", "Mei Yee"],
     ["Aisyah", "Faiz", "Hajar", "Irfan", "Tan", "Lim", "Ramasamy", "Ismail", "Abdullah", "Wong"],
     "MY", None, ["gmail.com", "yahoo.com.my", "hotmail.com", "outlook.com"],
     [("Kuala Lumpur", "50450"), ("Petaling Jaya", "46050"), ("George Town", "10200"),
      ("Johor Bahru", "80000"), ("Kota Kinabalu", "88000")])
_loc("sw", ["Amina", "Baraka", "Wanjiru", "Otieno", "Neema", "Juma", "Achieng", "Mwangi",
            "Zawadi", "Kiprono", "Fatuma", "Imani"],
     ["Mwangi", "Otieno", "Kamau", "Wanjiku", "Njoroge", "Mutua", "Odhiambo", "Kimani", "Chebet",
      "Said", "Mollel", "Massawe"], "KE", None,
     ["gmail.com", "yahoo.com", "outlook.com", "africaonline.co.ke"],
     [("Nairobi", "00100"), ("Mombasa", "80100"), ("Kisumu", "40100"), ("Arusha", "23101"),
      ("Dar es Salaam", "11101")])
_loc("ca", ["Jordi", "Montserrat", "Pau", "Núria", "Marc", "Laia", "Arnau", "Mireia", "Oriol",
            "Gemma", "Jaume", "Mercè"],
     ["Puig", "Vilalta", "Ferrer", "Soler", "Roca", "Serra", "Casals", "Pujol", "Vidal", "Font",
      "Riera", "Comas"], "ES", "ES",
     ["gmail.com", "hotmail.com", "yahoo.es", "outlook.es", "telefonica.net"],
     [("Barcelona", "08001"), ("Girona", "17001"), ("Lleida", "25001"), ("Tarragona", "43001"),
      ("Vic", "08500")])
_loc("pt", ["João", "Inês", "Rui", "Beatriz", "Tiago", "Mariana", "Nuno", "Catarina", "Diogo",
            "Leonor", "Gonçalo", "Sofia"],
     ["Ferreira", "Sousa", "Pereira", "Rodrigues", "Carvalho", "Lopes", "Marques", "Gonçalves",
      "Almeida", "Ribeiro", "Pinto", "Teixeira"], "PT", "PT",
     ["gmail.com", "sapo.pt", "hotmail.com", "outlook.pt", "iol.pt", "netcabo.pt"],
     [("Lisboa", "1100-148"), ("Porto", "4000-322"), ("Braga", "4700-035"), ("Coimbra", "3000-123"),
      ("Faro", "8000-167")])
_loc("mx", ["Guadalupe", "Alejandro", "Ximena", "Diego", "Fernanda", "Rodrigo", "Valeria",
            "Emiliano", "Itzel", "Jesús"],
     ["Hernández", "García", "Martínez", "López", "González", "Ramírez", "Flores", "Sánchez",
      "Cruz", "Morales"], "MX", None,
     ["gmail.com", "hotmail.com", "yahoo.com.mx", "outlook.com", "prodigy.net.mx"],
     [("Ciudad de México", "06600"), ("Guadalajara", "44100"), ("Monterrey", "64000"),
      ("Puebla", "72000"), ("Querétaro", "76000")])
_loc("ar", ["Agustina", "Matías", "Camila", "Facundo", "Florencia", "Santiago", "Lucía",
            "Nicolás", "Milagros", "Tomás"],
     ["Fernández", "Gómez", "Díaz", "Romero", "Álvarez", "Sosa", "Benítez", "Acosta", "Medina",
      "Herrera"], "AR", None,
     ["gmail.com", "hotmail.com", "yahoo.com.ar", "outlook.com", "fibertel.com.ar"],
     [("CABA", "C1043"), ("Córdoba", "X5000"), ("Rosario", "S2000"), ("Mendoza", "M5500"),
      ("La Plata", "B1900")])
_loc("frca", ["Geneviève", "Mathieu", "Chantal", "Étienne", "Marie-Ève", "Jean-François",
              "Isabelle", "Maxime", "Josée", "Sébastien"],
     ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Pelletier",
      "Bélanger"], "CA", None,
     ["videotron.ca", "gmail.com", "hotmail.com", "bell.net", "sympatico.ca"],
     [("Montréal", "H2X 1Y4"), ("Québec", "G1R 4S9"), ("Sherbrooke", "J1H 5N4"),
      ("Gatineau", "J8X 3X7"), ("Trois-Rivières", "G9A 5H3")])
_loc("frbe", ["Amélie", "Quentin", "Élodie", "Thibault", "Justine", "Arnaud", "Manon",
              "Cédric", "Laure", "Benoît"],
     ["Dubois", "Lambert", "Dupont", "Claes", "Peeters", "Jacobs", "Mertens", "Willems", "Renard",
      "Lejeune"], "BE", "BE",
     ["skynet.be", "gmail.com", "proximus.be", "hotmail.com", "telenet.be"],
     [("Bruxelles", "1000"), ("Namur", "5000"), ("Liège", "4000"), ("Charleroi", "6000"),
      ("Mons", "7000")])
_loc("frch", ["Léa", "Nicolas", "Chloé", "Julien", "Aurélie", "Yann", "Mélanie", "Loïc"],
     ["Favre", "Rochat", "Bonvin", "Perrin", "Jaccard", "Zufferey", "Monnier", "Python"], "CH", "CH",
     ["bluewin.ch", "gmail.com", "sunrise.ch", "hispeed.ch", "netplus.ch"],
     [("Lausanne", "1003"), ("Genève", "1204"), ("Sion", "1950"), ("Neuchâtel", "2000"),
      ("Fribourg", "1700")])
_loc("deat", ["Lukas", "Anna", "Florian", "Katharina", "Stefan", "Theresa", "Matthias",
              "Verena", "Johanna", "Bernhard"],
     ["Gruber", "Huber", "Wagner", "Pichler", "Steiner", "Moser", "Hofer", "Leitner", "Eder",
      "Brandstätter"], "AT", "AT",
     ["gmx.at", "aon.at", "gmail.com", "chello.at", "a1.net"],
     [("Wien", "1010"), ("Graz", "8010"), ("Linz", "4020"), ("Salzburg", "5020"),
      ("Innsbruck", "6020")])
_loc("dech", ["Reto", "Ursula", "Beat", "Corinne", "Urs", "Simone", "Adrian", "Barbara",
              "Jürg", "Nadja"],
     ["Müller", "Meier", "Keller", "Brunner", "Baumann", "Frei", "Gerber", "Widmer", "Zürcher",
      "Suter"], "CH", "CH",
     ["bluewin.ch", "gmx.ch", "gmail.com", "hispeed.ch", "sunrise.ch"],
     [("Zürich", "8001"), ("Bern", "3011"), ("Basel", "4051"), ("Luzern", "6003"),
      ("St. Gallen", "9000")])
_loc("de", ["Jan", "Lena", "Tobias", "Sabine", "Felix", "Julia", "Jörg", "Anke"],
     ["Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Krüger", "Wolf"], "DE", "DE",
     ["web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de"],
     [("Berlin", "10115"), ("München", "80331"), ("Hamburg", "20095"), ("Köln", "50667"),
      ("Leipzig", "04109")])
_loc("fr", ["Camille", "Antoine", "Manon", "Hugo", "Pauline", "Louis", "Océane", "Rémi"],
     ["Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Fournier", "Girard"], "FR", "FR",
     ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr"],
     [("Paris", "75011"), ("Lyon", "69002"), ("Lille", "59000"), ("Nantes", "44000"),
      ("Toulouse", "31000")])
_loc("us", ["Jennifer", "Michael", "Ashley", "Tyler", "Brianna", "DeShawn", "Megan", "Carlos",
            "Kayla", "Brandon", "Latoya", "Cody", "Dustin", "Marisol"],
     ["Miller", "Johnson", "Williams", "Brown", "Davis", "Rodriguez", "Nguyen", "Patel",
      "Thompson", "Walker", "Jackson", "Kowalski", "Okafor", "Reyes"], "US", None,
     ["gmail.com", "yahoo.com", "aol.com", "comcast.net", "outlook.com", "icloud.com"],
     [("Austin, TX", "78701"), ("Columbus, OH", "43215"), ("Tampa, FL", "33602"),
      ("Portland, OR", "97204"), ("Raleigh, NC", "27601"), ("Boise, ID", "83702")])
_loc("gb", ["Oliver", "Charlotte", "Harry", "Amelia", "George", "Isla", "Rhys", "Niamh"],
     ["Clarke", "Hughes", "Wright", "Evans", "Turner", "Wood", "Patel", "Khan"], "GB", "GB",
     ["btinternet.com", "gmail.com", "outlook.com", "sky.com", "hotmail.co.uk"],
     [("Leeds", "LS1 4AP"), ("Bristol", "BS1 5TR"), ("Glasgow", "G2 1DY"), ("Cardiff", "CF10 1EP"),
      ("Norwich", "NR2 1NF")])
_loc("ie", ["Aoife", "Ciarán", "Siobhán", "Darragh", "Niamh", "Oisín"],
     ["Murphy", "O'Brien", "Byrne", "Ryan", "Ó Súilleabháin", "Kavanagh"], "IE", "IE",
     ["eircom.net", "gmail.com", "outlook.ie", "hotmail.com"],
     [("Dublin 2", "D02 X285"), ("Cork", "T12 R229"), ("Galway", "H91 E2K3")])
_loc("au", ["Lachlan", "Chloe", "Mitchell", "Jessica", "Brodie", "Tahlia"],
     ["Smith", "Nguyen", "Kelly", "O'Connor", "Walsh", "Papadopoulos"], "AU", None,
     ["bigpond.com", "gmail.com", "optusnet.com.au", "outlook.com"],
     [("Sydney NSW", "2000"), ("Melbourne VIC", "3000"), ("Brisbane QLD", "4000")])
_loc("in", ["Ananya", "Rohan", "Priya", "Vikram", "Sneha", "Arjun"],
     ["Sharma", "Iyer", "Reddy", "Banerjee", "Nair", "Kulkarni"], "IN", None,
     ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"],
     [("Bengaluru", "560001"), ("Mumbai", "400001"), ("Pune", "411001")])
_loc("za", ["Thabo", "Lerato", "Pieter", "Annelie", "Sipho", "Naledi"],
     ["Nkosi", "van der Merwe", "Dlamini", "Botha", "Mokoena", "Pillay"], "ZA", None,
     ["gmail.com", "mweb.co.za", "telkomsa.net", "outlook.com"],
     [("Cape Town", "8001"), ("Johannesburg", "2001"), ("Durban", "4001")])
_loc("nl", ["Sanne", "Daan", "Fleur", "Bram"], ["de Vries", "Jansen", "Bakker", "Visser"], "NL", "NL",
     ["ziggo.nl", "gmail.com", "kpnmail.nl", "hotmail.nl"],
     [("Amsterdam", "1012 AB"), ("Utrecht", "3511 AX"), ("Rotterdam", "3011 AD")])


class Person:
    def __init__(self, loc):
        self.loc = loc
        d = L[loc]
        f, l_ = pick(d["first"]), pick(d["last"])
        if loc == "ja":
            self.first, self.af = f
            self.last, self.al = l_
            self.full = self.last + " " + self.first
            self.latin = self.al.capitalize() + " " + self.af.capitalize()
        else:
            self.first, self.last = f, l_
            self.af, self.al = fold(f), fold(l_)
            self.full = f + " " + l_
            self.latin = self.full
        self.cc = d["cc"]
        if loc == "sw" and chance(0.35):
            self.cc = "TZ"
        self.city, self.zip = pick(d["cities"])

    def email(self, domain=None):
        f, l_ = self.af, self.al
        domain = domain or pick(L[self.loc]["mail"])
        local = pick([f + "." + l_, f[0] + l_, f + l_, f + "_" + l_, l_ + "." + f,
                      "%s.%s%d" % (f, l_, R.randint(1, 99)), "%s%d" % (f, R.randint(70, 99)),
                      f[0] + "." + l_, f + "-" + l_, "%s.%s" % (f, l_[0]), l_ + f[0],
                      "%s+%s" % (f, pick(["shop", "news", "bank", "work", "2024"]))])
        if chance(0.06):
            local = ".".join(p.capitalize() for p in local.split("."))
        return local + "@" + domain

    def work_email(self, domain):
        return pick(["%s.%s", "%s%s", "%s_%s"]) % (self.af, self.al) + "@" + domain \
            if chance(0.7) else self.af[0] + self.al + "@" + domain

    def phone(self, style=None):
        return phone(self.cc, style)


def person(loc=None):
    return Person(loc or pick(list(L)))


# =============================================================================================
# look-alike values (never labelled)
# =============================================================================================
def order_id():
    return pick(["ORD-%d-%06d" % (R.randint(2023, 2025), R.randint(1, 999999)),
                 "#%d" % R.randint(100000, 999999), "SO-%d" % R.randint(10000, 99999),
                 "PO 45%08d" % R.randint(0, 99999999), "A%s-%s" % (dg(3), dg(5)),
                 "WEB%s" % dg(8)])


def invoice_id():
    return pick(["INV-%d-%05d" % (R.randint(2023, 2025), R.randint(1, 99999)),
                 "%d/%04d" % (R.randint(2023, 2025), R.randint(1, 9999)),
                 "FT %s/%d" % (dg(4), R.randint(1, 999)), "RE-%s" % dg(7),
                 "F%s-%s" % (dg(2), dg(6))])


def ticket_id():
    return pick(["INC%07d" % R.randint(1, 9999999), "CS-%d" % R.randint(100000, 999999),
                 "#%d" % R.randint(10000, 99999), "REQ-%s" % dg(6), "CHG%07d" % R.randint(1, 9999999)])


def tracking():
    return pick(["1Z%s%s" % (alnum(6, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"), dg(10)),
                 "JD%s" % dg(18), "%s%sSE" % (pick(["RR", "LX", "CX", "UA"]), dg(9)),
                 "00340434%s" % dg(12), "%s%s" % (pick(["7"]), dg(11)), "TBA%s" % dg(12)])


def semver():
    return "%d.%d.%d" % (R.randint(0, 24), R.randint(0, 40), R.randint(0, 60)) + pick(
        ["", "", "", "-rc.%d" % R.randint(1, 5), "-beta.%d" % R.randint(1, 9), "+build.%d" % R.randint(1, 999)])


def build4():
    """four-part build number that never parses as an IPv4 address."""
    return "%d.%d.%d.%d" % (R.randint(1, 30), R.randint(0, 9), R.randint(1000, 26000), R.randint(0, 9999))


def sha(n=40):
    return hx(n)


def mac(sep=":"):
    b = [hx(2) for _ in range(6)]
    if sep == ".":
        return "%s%s.%s%s.%s%s" % tuple(b)
    return sep.join(b)


def imei():
    return luhn_complete(pick(["35", "86", "01", "35"]) + dg(12))


def oid():
    return "1.3.6.1.4.1.%d.%d.%d" % (R.randint(2, 60000), R.randint(1, 30), R.randint(1, 9))


def coord():
    return "%.5f, %.5f" % (R.uniform(-45, 70), R.uniform(-120, 150))


def duration():
    return pick(["%dms" % R.randint(3, 9000), "%d.%03ds" % (R.randint(0, 59), R.randint(0, 999)),
                 "PT%dH%dM" % (R.randint(0, 9), R.randint(1, 59)), "%02d:%02d:%02d" % (
                     R.randint(0, 9), R.randint(0, 59), R.randint(0, 59)),
                 "%dh %dm" % (R.randint(0, 9), R.randint(1, 59)), "%d min" % R.randint(1, 240)])


def serial_no():
    return pick(["FDO%s%s" % (dg(4), alnum(4)), "C02%s" % alnum(8), "SN%s" % dg(10),
                 "%s-%s-%s" % (alnum(4), alnum(4), alnum(4)), "FGT60F%s" % alnum(8)])


# =============================================================================================
# the document builder: values become markers, markers become spans in finish()
# =============================================================================================
MARK = re.compile(r"~~V(\d+)~~")


class Reject(Exception):
    pass


def masked(v, typ):
    if typ == EMAIL:
        loc, dom = v.split("@", 1)
        return pick([loc[0] + "***@" + dom, "***@" + dom, "[email protected]", "<redacted>",
                     loc[:2] + "\u2022\u2022\u2022@" + dom, "REDACTED_EMAIL", "<email removed>"])
    if typ == PHONE:
        digits = [i for i, ch in enumerate(v) if ch.isdigit()]
        keep = set(digits[-pick([2, 3, 4]):])
        ch = pick(["*", "X", "\u2022", "x"])
        out = "".join(c if (not c.isdigit() or i in keep) else ch for i, c in enumerate(v))
        return pick([out, out, out, "[redacted phone]", "<phone>"])
    if typ == CARD:
        d = re.sub(r"\D", "", v)
        sep = " " if " " in v else ("-" if "-" in v else "")
        return pick([
            fmt_card(d[:6] + "*" * (len(d) - 10) + d[-4:], "space" if sep == " " else (
                "dash" if sep == "-" else "compact")).replace("-", "-"),
            "*" * (len(d) - 4) + d[-4:], "XXXX XXXX XXXX " + d[-4:], "\u2022\u2022\u2022\u2022 " + d[-4:],
            "ending in " + d[-4:], d[:4] + " **** **** " + d[-4:]])
    if typ == IBAN:
        c = v.replace(" ", "")
        mid = pick(["*", "X"]) * (len(c) - 8)
        s = c[:4] + mid + c[-4:]
        return pick([spaced4(s) if " " in v else s, c[:4] + " \u2026 " + c[-4:], "[IBAN redacted]"])
    if typ == SSN:
        return pick(["***-**-", "XXX-XX-", "\u2022\u2022\u2022-\u2022\u2022-", "xxx-xx-"]) + v[-4:]
    if typ == IP:
        if ":" in v:
            g = v.split(":")
            return pick([g[0] + ":" + (g[1] or "0") + ":xxxx:xxxx:\u2026", "[ipv6 redacted]"])
        o = v.split(".")
        return pick(["%s.%s.%s.xxx" % tuple(o[:3]), "%s.%s.x.x" % tuple(o[:2]), "x.x.x.x",
                     "%s.%s.%s.***" % tuple(o[:3]), "[ip redacted]"])
    raise KeyError(typ)


class Doc:
    def __init__(self, clean=False, mask_rate=0.03):
        self.vals = []
        self.clean = clean
        self.mask_rate = mask_rate
        self.ssn_doc_context = False

    def v(self, value, typ, meta=None, mask=None):
        if self.clean or (mask is None and chance(self.mask_rate)):
            return masked(value, typ)
        self.vals.append((value, typ, meta))
        return "~~V%d~~" % (len(self.vals) - 1)

    def em(self, value, **kw):
        return self.v(value, EMAIL, **kw)

    def ph(self, cc, style=None, ext=None, **kw):
        return self.v(phone(cc, style, ext), PHONE, cc, **kw)

    def pph(self, p, style=None, **kw):
        return self.v(phone(p.cc, style), PHONE, p.cc, **kw)

    def mob(self, cc, style=None, **kw):
        return self.v(mobile(cc, style), PHONE, cc, **kw)

    def net4(self, prefix, kind=None):
        """CIDR block: labelled network address + unlabelled /prefix."""
        a = ipaddress.ip_network("%s/%d" % (ipv4(kind), prefix), strict=False).network_address
        return self.v(str(a), IP) + "/%d" % prefix

    def net6(self, prefix):
        a = ipaddress.ip_network("%s/%d" % (ipv6(pick(["comp", "ula", "comp"])), prefix), strict=False).network_address
        return self.v(a.compressed, IP) + "/%d" % prefix

    def card(self, brand=None, style=None, **kw):
        return self.v(card(brand, style), CARD, **kw)

    def ib(self, cc, sp=None, **kw):
        return self.v(iban(cc, sp), IBAN, **kw)

    def ssn(self, **kw):
        return self.v(ssn(), SSN, **kw)

    def ip4(self, kind=None, **kw):
        return self.v(ipv4(kind), IP, **kw)

    def ip6(self, style=None, **kw):
        return self.v(ipv6(style), IP, **kw)

    def ip(self, v6=0.4, **kw):
        return self.v(ipv6() if chance(v6) else ipv4(), IP, **kw)

    def value(self, marker):
        m = MARK.fullmatch(marker)
        return self.vals[int(m.group(1))][0] if m else marker

    def rlen(self, s):
        return len(MARK.sub(lambda m: self.vals[int(m.group(1))][0], s))

    def ljust(self, s, w):
        return s + " " * max(1, w - self.rlen(s))

    def rjust(self, s, w):
        return " " * max(1, w - self.rlen(s)) + s

    def finish(self, text):
        out, spans, metas = [], [], []
        pos = last = 0
        for m in MARK.finditer(text):
            out.append(text[last:m.start()])
            pos += m.start() - last
            value, typ, meta = self.vals[int(m.group(1))]
            spans.append({"start": pos, "end": pos + len(value), "type": typ})
            metas.append(meta)
            out.append(value)
            pos += len(value)
            last = m.end()
        out.append(text[last:])
        final = "".join(out)
        check(final, spans, metas, self)
        return {"text": final, "spans": spans}


# =============================================================================================
# checks: offsets, validity, adjacency, and strays in the unlabelled text
# =============================================================================================
EMAIL_SCAN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _asc(ch):
    return ch.isascii() and ch.isalnum()


def check(text, spans, metas, doc):
    prev = 0
    for sp, meta in zip(spans, metas):
        s, e, t = sp["start"], sp["end"], sp["type"]
        v = text[s:e]
        if s < prev:
            raise Reject("overlap %r" % v)
        prev = e
        if v != v.strip() or not v:
            raise Reject("whitespace in span %r" % v)
        left, right = text[max(0, s - 3):s], text[e:e + 3]
        lc, rc = left[-1:], right[:1]
        if (lc and _asc(lc)) or (rc and _asc(rc)):
            raise Reject("alnum adjacent to %s %r in %r" % (t, v, left + "|" + v + "|" + right))
        if t == EMAIL:
            ok = email_ok(v) and lc not in "._%+-" and not re.match(r"[-_]|\.[A-Za-z0-9]", right)
        elif t == PHONE:
            ok = phone_ok(v, meta) and not re.search(r"[\d+][ .-]?$", left) and \
                not re.match(r"[ .-]?\d", right)
        elif t == CARD:
            ok = card_ok(v) and not re.search(r"\d[ -]?$", left) and not re.match(r"[ -]?\d", right)
        elif t == IBAN:
            ok = iban_ok(v) and not re.match(r" ?\d", right) and not re.search(r"\d $", left)
        elif t == SSN:
            ok = ssn_ok(v) and not re.search(r"[\d-]$", left) and not re.match(r"-?\d", right)
            ctx = text[max(0, s - 260):e + 140]
            if ok and not SSN_CONTEXT.search(ctx) and not (doc.ssn_doc_context and
                                                             SSN_CONTEXT.search(text)):
                raise Reject("SSN without context %r" % v)
        elif t == IP:
            ok = ip_ok(v) and lc not in ".:" and not re.match(r"\.\d", right)
            if ":" in v:
                ok = ok and not re.match(r":[0-9A-Fa-f]|\.", right)
        else:
            ok = False
        if not ok:
            raise Reject("invalid %s %r (%r)" % (t, v, left + "|" + v + "|" + right))
    stray(text, spans)


def stray(text, spans):
    chars = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            chars[i] = "\u2591"
    m = "".join(chars)
    x = EMAIL_SCAN.search(m)
    if x:
        raise Reject("stray email %r" % x.group())
    for x in re.finditer(r"(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d])", m):
        if ssn_ok("%s-%s-%s" % (x.group(1), x.group(3), x.group(4))):
            raise Reject("stray ssn %r" % x.group())
    for x in re.finditer(r"\d(?:[ -]?\d)+", m):
        groups = re.split(r"[ -]", x.group())
        for i in range(len(groups)):
            tot = ""
            for j in range(i, len(groups)):
                tot += groups[j]
                if len(tot) > 19:
                    break
                if len(tot) >= 12 and scan_card_like(tot):
                    raise Reject("stray card %r in %r" % (tot, x.group()))
    for x in re.finditer(r"(?<![A-Za-z0-9])([A-Z]{2})(\d{2})((?: ?[A-Z0-9]){8,34})", m):
        ln = IBAN_LEN.get(x.group(1))
        comp = x.group().replace(" ", "")
        if ln and len(comp) >= ln and mod97_ok(comp[:ln]):
            raise Reject("stray iban %r" % x.group())
    for x in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)", m):
        if all(int(o) <= 255 for o in x.group().split(".")):
            raise Reject("stray ipv4 %r" % x.group())
    for x in re.finditer(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*", m):
        tok = x.group().strip(".")
        cands = [tok]
        if tok.endswith(":") and not tok.endswith("::"):
            cands.append(tok[:-1])
        if tok.startswith(":") and not tok.startswith("::"):
            cands.append(tok[1:])
        for c in cands:
            if c.count(":") >= 2 and ip_ok(c):
                raise Reject("stray ipv6 %r" % c)
    for x in re.finditer(r"(?<![A-Za-z0-9+])\+\d[\d \-().]{5,}\d", m):
        if len(re.sub(r"\D", "", x.group())) >= 8:
            raise Reject("stray +phone %r" % x.group())


COMPANIES = {
    "sv": [("Hallandsväst Bygg AB", "hallandsvast.se"), ("Norrsken Logistik AB", "norrskenlogistik.se"),
           ("Kvarnby Café & Bageri", "kvarnbycafe.se")],
    "nb": [("Nordkyst Bygg AS", "nordkyst-bygg.no"), ("Fjellheim Regnskap AS", "fjellheim-regnskap.no"),
           ("Tromsø Sjømat AS", "tromso-sjomat.no")],
    "tr": [("Anatolia Lojistik A.Ş.", "anatolia-lojistik.com.tr"),
           ("Boğaziçi Tekstil Ltd. Şti.", "bogazici-tekstil.com.tr")],
    "ro": [("SC Carpatica Soft SRL", "carpatica-soft.ro"), ("Transilvania Agro SRL", "transagro.ro")],
    "uk": [("ТОВ «Дніпро Агро»", "dnipro-agro.com.ua"), ("ФОП Коваленко О. В.", "kovalenko-print.com.ua")],
    "ja": [("株式会社さくら商事", "sakura-shoji.co.jp"), ("みどり物流株式会社", "midori-butsuryu.co.jp")],
    "ms": [("Perdana Logistik Sdn Bhd", "perdanalogistik.com.my"),
           ("Wong Enterprise Trading", "wongenterprise.com.my")],
    "sw": [("Safari Tours Kenya Ltd", "safaritours.co.ke"), ("Kilimanjaro Coffee Traders", "kilicoffee.co.tz")],
    "ca": [("Cooperativa Agrícola del Penedès", "coopenedes.cat"), ("Fusteria Vilalta SL", "fusteriavilalta.cat")],
    "pt": [("Vinhos do Douro Lda.", "vinhosdouro.pt"), ("Pastelaria Belém Nova", "belemnova.pt")],
    "mx": [("Ferretería Lupita SA de CV", "ferreterialupita.com.mx"), ("Tacos El Güero", "elguero.mx")],
    "ar": [("Estudio Contable Palermo", "estudiopalermo.com.ar"), ("Vinoteca Malbec Sur", "malbecsur.com.ar")],
    "frca": [("Boulangerie St-Roch inc.", "boulangeriestroch.ca"), ("Déneigement Lavoie enr.", "deneigementlavoie.ca")],
    "frbe": [("Brasserie de Namur SRL", "brasserie-namur.be"), ("Fiduciaire Lambert SRL", "fidlambert.be")],
    "frch": [("Horlogerie du Léman SA", "horlogerie-leman.ch"), ("Fiduciaire Rochat Sàrl", "fidrochat.ch")],
    "deat": [("Tischlerei Gruber GmbH", "tischlerei-gruber.at"), ("Weingut Pichler KG", "weingut-pichler.at")],
    "dech": [("Schreinerei Keller AG", "schreinerei-keller.ch"), ("Treuhand Brunner GmbH", "treuhand-brunner.ch")],
    "de": [("Weber Metallbau GmbH", "weber-metallbau.de"), ("Krüger Logistik GmbH", "krueger-logistik.de")],
    "fr": [("Transports Moreau SARL", "transports-moreau.fr"), ("Atelier Girard", "atelier-girard.fr")],
    "us": [("Lone Star Dental Group", "lonestardental.com"), ("Buckeye HVAC Services LLC", "buckeyehvac.com"),
           ("Pacific Crest Realty", "pacificcrestrealty.com")],
    "gb": [("Harbourside Lettings Ltd", "harbourside-lettings.co.uk"), ("Pennine Print Co", "pennineprint.co.uk")],
    "ie": [("Liffey Bikes Ltd", "liffeybikes.ie")], "au": [("Coral Coast Surf Co", "coralcoastsurf.com.au")],
    "in": [("Sahyadri Software Pvt Ltd", "sahyadrisoft.in")], "za": [("Karoo Solar (Pty) Ltd", "karoosolar.co.za")],
    "nl": [("Grachtenfiets BV", "grachtenfiets.nl")],
}


def company(loc):
    return pick(COMPANIES.get(loc) or COMPANIES["us"])


def role(domain, *names):
    return pick(names or ("info", "support", "kontakt", "office")) + "@" + domain


# =============================================================================================
# ~35% logs / JSON / structured
# =============================================================================================
def g_jira(d):
    loc = pick(["us", "gb", "sv", "nb", "deat", "in", "za", "ie", "us"])
    rep, who = Person(loc), Person(pick(["us", "us", "gb", "in", "ie"]))
    t = rdt()
    proj = pick(["HR", "HR", "NET", "SUP", "FIN", "ITSD", "SUP", "FIN", "HR"])
    key = "%s-%d" % (proj, R.randint(12, 9999))
    cname, cdom = company(loc)
    if proj == "HR":
        d.ssn_doc_context = False
        body = pick([
            "Onboarding checklist for %s (start %s):\n* SSN: %s (checked against the I-9)\n* Personal email: %s\n"
            "* Mobile: %s\n* Laptop: LT-%s, Okta group eng-contractors" % (
                who.full, (t + _dt.timedelta(days=14)).strftime("%b %d"), d.ssn(), d.em(who.email()),
                d.ph("US"), dg(6)),
            "Payroll flagged the social security number for %s. Correct SSN is %s, the old one (%s) was a "
            "typo. Please update before the %s run; questions to %s." % (
                who.full, d.ssn(), d.ssn(), t.strftime("%m/%d"), d.em(rep.email(cdom))),
            "*Background check*\nCandidate: %s\nSSN %s / DOB %s\nPhone %s\nPackage: STANDARD (7-yr county)\n"
            "Vendor ref %s" % (who.full, d.ssn(), "%02d/%02d/19%d" % (R.randint(1, 12), R.randint(1, 28),
                                                                     R.randint(60, 99)),
                               d.ph("US"), alnum(10)),
            "W-4 received for %s. TIN (SSN) %s. Direct deposit form still missing; reminded them on %s and "
            "via %s." % (who.full, d.ssn(), d.ph("US"), d.em(who.email())),
        ])
    elif proj == "NET":
        body = pick([
            "Please whitelist %s and %s on the VPN concentrator. Vendor contact %s %s, %s. Change window %s "
            "22:00-23:00 CET, CAB ref %s." % (d.ip4("pub"), d.ip(), who.full, d.ph(who.cc), d.em(who.email()),
                                             t.strftime("%d.%m."), ticket_id()),
            "Users in %s cannot reach the portal. Traceroute from %s dies at hop 7; our egress is %s and the "
            "upstream gateway %s answers ping (rtt %s). MTU 1420." % (rep.city, d.ip4("p10"), d.ip4("pub"),
                                                                     d.ip(), duration()),
            "Firewall rule request:\n||src||dst||port||\n|%s|%s|%d/tcp|\n|%s|%s|%d/tcp|\nRequester %s" % (
                d.ip4(), d.ip4(), pick([443, 8443, 5432, 22]), d.ip6(), d.ip6(), pick([443, 853, 6443]),
                d.em(rep.email(cdom))),
        ])
    elif proj == "SUP":
        body = pick([
            "Customer %s (%s) called from %s - card %s was charged twice for order %s. Refund requested, "
            "see %s." % (who.full, d.em(who.email()), d.ph(who.cc), d.card(), order_id(), ticket_id()),
            "Pasted by the customer in chat, moving here so we can delete the chat: card %s exp %02d/%d. "
            "Their number is %s. Amount %s." % (d.card(), R.randint(1, 12), R.randint(26, 31),
                                              d.ph(who.cc), money(amt(), "en")),
            "Duplicate account: %s and %s both belong to %s (same phone %s). Merge into the older one (created "
            "%s)." % (d.em(who.email()), d.em(who.email()), who.full, d.ph(who.cc), t.strftime("%Y-%m-%d")),
        ])
    elif proj == "FIN":
        body = pick([
            "Supplier %s sent new bank details: IBAN %s. Called back on %s (number from the old contract, "
            "not from the e-mail) - confirmed by %s." % (cname, d.ib(L[loc]["iban"] or "GB"), d.ph(L[loc]["cc"]),
                                                        rep.full),
            "Refund for %s: IBAN %s, amount %s, reason: cancelled order %s. Requested via %s." % (
                who.full, d.ib(pick(["DE", "NL", "SE", "AT", "FR", "IE"])), money(amt(20, 900), "eu"),
                order_id(), d.em(who.email())),
        ])
    else:
        body = pick([
            "User cannot log in to Outlook; last successful sign-in from %s (%s), then failures from %s. MFA "
            "reset done, user reachable on %s." % (d.ip(), rep.city, d.ip(), d.pph(rep)),
            "New phone for %s: IMEI %s, number %s, MDM enrolled %s." % (
                rep.full, imei(), d.pph(rep), t.strftime("%Y-%m-%d %H:%M")),
        ])
    payload = {
        "timestamp": epoch(t) * 1000 + R.randint(0, 999),
        "webhookEvent": "comment_created",
        "comment": {"id": str(R.randint(10000, 99999)),
                    "author": {"accountId": hx(24), "emailAddress": d.em(rep.email(cdom)) if chance(0.45) else None,
                               "displayName": rep.latin, "active": True, "timeZone": pick(
                                   ["Europe/Stockholm", "Europe/Oslo", "America/Chicago", "Europe/Vienna"])},
                    "body": body, "created": iso(t, 3, "+0100"), "jsdPublic": chance(0.5)},
        "issue": {"id": str(R.randint(10000, 99999)), "key": key,
                  "fields": {"summary": pick({"HR": ["New hire onboarding", "Payroll correction", "Background check"],
                                              "NET": ["Firewall change", "VPN allowlist", "Connectivity issue"],
                                              "SUP": ["Customer callback", "Double charge", "Duplicate account"],
                                              "FIN": ["Bank details change", "Refund request"],
                                              "ITSD": ["Login problem", "New phone"]}[proj]) + " - " + key,
                             "status": {"name": pick(["Open", "In Progress", "Waiting for customer"])},
                             "priority": {"name": pick(["Low", "Medium", "High"])}}},
    }
    if chance(0.4):
        return "POST /rest/jira-webhook/1.0 HTTP/1.1\nX-Atlassian-Webhook-Identifier: %s\nContent-Type: " \
               "application/json\n\n%s" % (dg(6), J(payload, 2))
    return J(payload, pick([None, 2]))


def g_github(d):
    loc = pick(["sv", "nb", "de", "ro", "uk", "pt", "ca", "us", "in"])
    devs = [Person(loc) for _ in range(R.randint(1, 2))]
    t = rdt()
    repo = pick(["infra/edge-config", "shop/api", "platform/helm-charts", "data/etl-jobs", "web/storefront"])
    def author(p):
        if chance(0.3):
            return d.em("%d+%s@users.noreply.github.com" % (R.randint(100000, 99999999), p.af + p.al[:3]))
        return d.em(p.work_email(pick(["nordlys.io", "kvarn.dev", "helix-apps.com", "example.org"])))
    commits = []
    for p in devs:
        msg = pick([
            "Add %s to allowlist for staging" % d.ip(),
            "Rotate SMTP relay to %s" % d.ip4("p10"),
            "fix: typo in support address (%s)" % d.em(role("helix-apps.com", "support", "help")),
            "Bump chart to %s" % semver(),
            "chore: update CODEOWNERS",
            "Move test fixture phone to %s" % d.ph(p.cc),
            "Revert \"Open 5432 to %s\"" % d.ip(),
        ])
        commits.append({"id": sha(), "tree_id": sha(), "distinct": True, "message": msg,
                        "timestamp": iso(later(t), 0, "+01:00"),
                        "author": {"name": p.latin, "email": author(p), "username": p.af + p.al[:2]},
                        "committer": {"name": "GitHub", "username": "web-flow"},
                        "added": [], "removed": [], "modified": [pick(["values.yaml", "allowlist.txt",
                                                                        "README.md", "tests/fixtures.json"])]})
    pusher = devs[0]
    body = {"ref": "refs/heads/" + pick(["main", "develop", "release/%s" % semver()]),
            "before": sha(), "after": sha(), "repository": {"id": R.randint(10**7, 10**9), "full_name": repo,
                                                            "private": True},
            "pusher": {"name": pusher.af + pusher.al[:2], "email": author(pusher)},
            "commits": commits, "head_commit": commits[-1]}
    hdr = "Request URL: https://ci.%s/hooks/github\nRequest method: POST\nX-GitHub-Event: push\n" \
          "X-GitHub-Delivery: %s\nX-GitHub-Hook-ID: %d\nX-Forwarded-For: %s\nUser-Agent: GitHub-Hookshot/%s\n\n" % (
              pick(["nordlys.io", "kvarn.dev", "helix-apps.com"]), uuid4(), R.randint(10**8, 10**9),
              d.ip4("pub"), hx(7))
    if chance(0.3):
        # pull_request review comment variant
        p = devs[-1]
        body = {"action": "created", "comment": {"id": R.randint(10**8, 10**9), "body": pick([
            "Don't commit real data: %s and %s are a real customer's e-mail and phone. Use example.invalid." % (
                d.em(Person(loc).email()), d.ph(Person(loc).cc)),
            "The resolver should be %s, not %s - the latter is the old DC." % (d.ip(), d.ip()),
            "LGTM once the test card is a Luhn-failing one, %s still passes (and %s is fine)." % (
                d.card(), bad_card()),
        ]), "user": {"login": p.af + p.al[:2]}, "created_at": iso(t, 0)},
            "pull_request": {"number": R.randint(10, 4000), "title": "Update fixtures"},
            "sender": {"login": p.af + p.al[:2]}}
        hdr = hdr.replace("X-GitHub-Event: push", "X-GitHub-Event: pull_request_review_comment")
    return hdr + J(body, pick([None, 2]))


def g_patch(d):
    loc = pick(["de", "fr", "sv", "nb", "ro", "uk", "gb", "us", "pt", "frbe"])
    a, b = Person(loc), Person(pick(["de", "fr", "gb", "us", "sv"]))
    t = rdt()
    dom = pick(["kernel-hackers.org", "nordlys.io", "example.org", "opensuse-mail.de", "posteo.de"])
    ae = d.em(a.work_email(dom))
    subj = pick(["net: fix allowlist parsing for v6", "config: move relay to new subnet",
                 "tests: replace fixture contact", "docs: update maintainer contact",
                 "selftests: use documentation prefixes"])
    path = pick(["config/allowlist.yaml", "tests/fixtures/customers.json", "MAINTAINERS",
                 "deploy/relay.conf", "docs/contact.rst"])
    if "customers" in path:
        old1, new1 = '"phone": "%s",' % d.ph(pick(["DE", "FR", "SE", "GB"])), '"phone": "",'
        old2, new2 = '"email": "%s",' % d.em(Person(loc).email()), '"email": "user@example.invalid",'
        new2 = '"email": "%s",' % d.em("user%d@example.com" % R.randint(1, 99))
    elif path == "MAINTAINERS" or path.endswith(".rst"):
        old1, new1 = "M:\t%s <%s>" % (b.latin, d.em(b.work_email(dom))), "M:\t%s <%s>" % (a.latin, ae)
        old2, new2 = "T:\t%s" % d.ph(b.cc), "T:\t%s" % d.ph(a.cc)
    else:
        old1, new1 = "  - %s   # old relay" % d.ip4(), "  - %s" % d.ip4()
        old2, new2 = "  - %s" % d.ip6(), "  - %s" % d.net6(64)
    n, m = R.randint(1, 4), R.randint(4, 9)
    txt = "From %s Mon Sep 17 00:00:00 2001\nFrom: %s <%s>\nDate: %s\nSubject: [PATCH v%d %d/%d] %s\n\n" % (
        sha(), a.latin, ae, rfc2822(t), R.randint(1, 3), n, m, subj)
    txt += pick(["The old entry points at a host that was decommissioned on %s.\n" % t.strftime("%Y-%m-%d"),
                 "Replace the values that were copied from production by mistake.\n",
                 "No functional change intended.\n"])
    txt += "\n"
    if chance(0.4):
        txt += "Reported-by: %s <%s>\n" % (b.latin, d.em(b.email()))
    if chance(0.2):
        txt += "Tested-by: %s <%s>\n" % (b.latin, d.em(b.work_email(dom)))
    txt += "Signed-off-by: %s <%s>\n---\n %s | 4 ++--\n 1 file changed, 2 insertions(+), 2 deletions(-)\n\n" % (
        a.latin, ae, path)
    txt += "diff --git a/%s b/%s\nindex %s..%s 100644\n--- a/%s\n+++ b/%s\n@@ -%d,7 +%d,7 @@\n" % (
        path, path, hx(7), hx(7), path, path, R.randint(3, 90), R.randint(3, 90))
    txt += " context line\n-%s\n-%s\n+%s\n+%s\n context\n--\n2.%d.%d\n" % (old1, old2, new1, new2,
                                                                         R.randint(30, 45), R.randint(0, 3))
    return txt


def _otel_attr(k, v, kind="stringValue"):
    return {"key": k, "value": {kind: v}}


def g_otel(d):
    t = rdt()
    svc = pick(["checkout", "auth-service", "notification-worker", "payments-adapter", "crm-sync"])
    p = person(pick(["sv", "nb", "de", "frbe", "pt", "ms", "us", "tr"]))
    recs = []
    for _ in range(R.randint(1, 3)):
        t = later(t, 0, 30)
        kind = pick(["login", "sms", "pay", "crm", "mail"])
        attrs = [_otel_attr("client.address", d.ip())]
        if kind == "login":
            body = "login failed: invalid password"
            attrs += [_otel_attr("user.email", d.em(p.email())), _otel_attr("http.response.status_code", "401", "intValue")]
        elif kind == "sms":
            body = "OTP SMS queued"
            attrs += [_otel_attr("messaging.destination", d.mob(p.cc, "e")), _otel_attr("otp.ttl_s", "300", "intValue")]
        elif kind == "pay":
            body = pick(["card declined by issuer", "3DS challenge timed out"])
            attrs += [_otel_attr("payment.card_number", d.card(style="compact")),
                      _otel_attr("payment.amount", "%.2f" % amt(), "doubleValue")]
        elif kind == "crm":
            body = "contact upserted"
            attrs += [_otel_attr("crm.contact.phone", d.pph(p)), _otel_attr("crm.contact.iban",
                                                                         d.ib(L[p.loc]["iban"] or "DE"))]
        else:
            body = "bounce received for %s" % d.em(p.email())
            attrs += [_otel_attr("smtp.remote_ip", d.ip4("pub"))]
        recs.append({"timeUnixNano": str(epoch(t)) + dg(9), "observedTimeUnixNano": str(epoch(t)) + dg(9),
                     "severityNumber": pick([9, 13, 17]), "severityText": pick(["INFO", "WARN", "ERROR"]),
                     "body": {"stringValue": body}, "attributes": attrs,
                     "traceId": hx(32), "spanId": hx(16), "flags": 1})
    doc = {"resourceLogs": [{"resource": {"attributes": [
        _otel_attr("service.name", svc), _otel_attr("service.version", semver()),
        _otel_attr("k8s.pod.name", "%s-%s-%s" % (svc, hx(10), alnum(5, "bcdfghjklmnpqrstvwxz2456789"))),
        _otel_attr("host.ip", d.ip4("p10"))]},
        "scopeLogs": [{"scope": {"name": pick(["io.opentelemetry.logback", "otel-python", "@opentelemetry/api-logs"]),
                                 "version": "1.%d.0" % R.randint(20, 40)}, "logRecords": recs}]}]}
    return J(doc, pick([None, None, 2]))


def g_loki(d):
    t = rdt()
    app = pick(["api-gateway", "webshop", "radius", "mailer", "sso"])
    lines = []
    for _ in range(R.randint(2, 4)):
        t = later(t, 0, 20)
        p = person(pick(["sv", "nb", "ro", "tr", "uk", "frch", "dech", "ca"]))
        lines.append((t, pick([
            'level=warn ts=%s caller=auth.go:%d msg="too many attempts" user=%s remote=%s:%d' % (
                iso(t), R.randint(40, 400), d.em(p.email()), d.ip4(), R.randint(1024, 65535)),
            'level=info msg="password reset sms sent" to="%s" tpl=reset_v%d latency=%s' % (
                d.mob(p.cc), R.randint(1, 4), duration()),
            'level=error msg="upstream timeout" upstream=%s:8080 client=%s path=/v1/orders/%s' % (
                d.ip4("p10"), d.ip(), dg(7)),
            'level=info msg="payout created" iban=%s amount=%s currency=%s ref=%s' % (
                d.ib(L[p.loc]["iban"] or "SE", sp=False), "%.2f" % amt(), pick(["SEK", "NOK", "EUR", "RON"]),
                invoice_id().replace(" ", "")),
            'level=warn msg="dropping invalid X-Forwarded-For" value="%s, %s" client=%s' % (
                bad_ipv4(), d.ip4("pub"), d.ip4("p10")),
            'level=debug msg="geoip lookup" ip=%s country=%s asn=AS%d took=%s' % (
                d.ip(), pick(["SE", "NO", "TR", "UA", "RO"]), R.randint(1000, 65000), duration()),
        ])))
    if chance(0.5):
        labels = {"app": app, "env": pick(["prod", "staging"]), "namespace": pick(["shop", "auth", "edge"])}
        doc = {"streams": [{"stream": labels, "values": [[str(epoch(x)) + dg(9), ln] for x, ln in lines]}]}
        return "POST /loki/api/v1/push\n" + J(doc, pick([None, 2]))
    out = ["$ logcli query '{app=\"%s\"} |= \"%s\"' --since=1h --limit=%d" % (app, pick(["level", "msg"]),
                                                                               R.randint(20, 500))]
    for x, ln in lines:
        out.append('%s {app="%s", pod="%s-%s"} %s' % (iso(x, 0), app, app, hx(5), ln))
    return "\n".join(out)


def g_icinga(d):
    t = rdt()
    host = pick(["mail-gw-02", "sw-core-01", "db-prim-03", "fw-edge-1", "wifi-ctrl", "nas01"])
    svc = pick(["SMTP", "PING", "HTTPS", "Disk /var"])
    st = pick(["CRITICAL", "WARNING", "DOWN", "UNKNOWN"])
    p = person(pick(["nb", "sv", "deat", "dech", "gb", "frch", "za"]))
    v4 = d.ip4(pick(["p10", "p172", "doc", "pub"]))
    if chance(0.5):
        txt = "***** Icinga 2 Service Monitoring on icinga-master01 *****\n\n==> %s on %s is %s! <==\n\n" % (
            svc, host, st)
        txt += "Info:    %s\n\nWhen:    %s\nService: %s\nHost:    %s\nIPv4:    %s\n" % ({
            "SMTP": "connect to address %s and port 25: Connection refused" % v4,
            "PING": "PING CRITICAL - Packet loss = 100%, RTA = 0.00 ms",
            "HTTPS": "HTTP CRITICAL: HTTP/1.1 503 Service Unavailable - %d bytes in %.3f second response time" % (
                R.randint(200, 900), R.uniform(0, 9)),
            "Disk /var": "DISK WARNING - free space: /var %d MiB (%d%% inode=%d%%)" % (
                R.randint(100, 2000), R.randint(2, 9), R.randint(50, 99))}[svc],
            t.strftime("%Y-%m-%d %H:%M:%S +0100"), svc, host, v4)
        if chance(0.7):
            txt += "IPv6:    %s\n" % d.ip6()
        txt += "\nComment by %s:\n  %s\n" % (pick(["icingaadmin", "noc", p.af]), pick([
            "Escalated to on-call %s (%s), %s" % (p.full, d.pph(p), d.em(p.email())),
            "Vendor ticket %s opened, vendor hotline %s" % (ticket_id(), d.ph(pick(["DE", "GB", "SE", "US"]))),
            "Known issue, see %s" % ticket_id()]))
        txt += "\nYou are receiving this because you are in group %s (%s)." % (
            pick(["linux-admins", "noc"]), d.em(role(pick(["nordlys.io", "fjellheim.no", "kvarn.se"]), "noc", "oncall")))
    else:
        txt = "** PROBLEM Host Alert: %s is %s **\n\nNotification Type: PROBLEM\nHost: %s\nState: %s\n" \
              "Address: %s\nInfo: PING CRITICAL - Packet loss = 100%%\n\nDate/Time: %s %s %2d %s CET %d\n" % (
                  host, st, host, st, v4, DAYS_EN[t.weekday()], MONTHS_EN[t.month - 1], t.day,
                  t.strftime("%H:%M:%S"), t.year)
        txt += "Perfdata: rta=%.3fms;100.000;500.000;0; pl=100%%;20;60;0\n" % R.uniform(0, 9)
        txt += "Notified: %s (pager %s)\n" % (d.em(p.email()), d.pph(p, "i"))
    return txt


def g_idoc(d):
    loc = pick(["de", "dech", "deat", "sv", "frbe", "pt", "ro", "tr", "nl"])
    cname, cdom = company(loc)
    p = Person(loc)
    cc_ib = L[loc]["iban"]
    ctry = {"de": "DE", "dech": "CH", "deat": "AT", "sv": "SE", "frbe": "BE", "pt": "PT", "ro": "RO",
            "tr": "TR", "nl": "NL"}[loc]
    t = rdt()
    typ = pick(["DEBMAS06", "CREMAS05"])
    seg = "E2KNA1M005" if typ.startswith("DEB") else "E2LFA1M"
    num = dg(16)
    lines = ["EDI_DC40  %s%s 700 30 %s  %s  SAPPRD    LS  %s  %s" % (R.randint(100, 900), num, pick(["53", "64"]),
                                                                    typ, "PRDCLNT%d" % R.randint(100, 900),
                                                                    t.strftime("%Y%m%d%H%M%S"))]
    kv = [("KUNNR" if typ.startswith("DEB") else "LIFNR", "%010d" % R.randint(1, 9999999)),
          ("NAME1", cname), ("ORT01", p.city), ("PSTLZ", p.zip), ("LAND1", ctry),
          ("TELF1", d.ph(p.cc)), ("STCEG", ctry + dg(9))]
    if chance(0.6):
        kv.append(("SMTP_ADDR", d.em(role(cdom, "faktura", "invoice", "buchhaltung", "contabilidade"))))
    lines.append("%s  %s" % (seg, "  ".join("%s=%s" % x for x in kv)))
    if cc_ib:
        lines.append(("E2KNBKM" if typ.startswith("DEB") else "E2LFBKM") + "   BANKS=%s  BANKL=%s  BANKN=%s  IBAN=%s  BKONT=%s" % (
            ctry, dg(8), dg(10), d.ib(cc_ib, sp=False), pick(["01", "02"])))
    lines.append(("E2KNVKM" if typ.startswith("DEB") else "E2LFA1H") + "   NAMEV=%s  NAME1=%s  TELF1=%s  ABTNR=%04d" % (
        p.first, p.last, d.pph(p) if chance(0.5) else "", R.randint(1, 9999)))
    if chance(0.4):
        lines.append("E2KNA1H   TDID=0001  TDLINE=Kontakt %s" % d.em(p.work_email(cdom)))
    return "\n".join(lines)


def gln():
    """GS1 GLN / GTIN-13 with its mod-10 (3-1 weights) check digit - not a card."""
    body = pick(["40", "73", "70", "54", "76", "90", "56", "87", "86"]) + dg(10)
    tot = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - tot % 10) % 10)


def g_edifact(d):
    loc = pick(["de", "fr", "sv", "nb", "dech", "deat", "nl", "frbe", "pt", "tr"])
    sup, buy = company(loc), company(pick(["de", "fr", "sv", "nl", "gb"]))
    p = Person(loc)
    t = rdt()
    sep = pick(["'\n", "'", "'\r\n"])
    def com(ph):
        # international number with the "?" release character before its "+"
        return "COM+?%s:TE" % ph
    phv = d.pph(p, "i")
    while d.value(phv)[:1] not in ("+", ""):
        phv = d.pph(p, "i")
    segs = ["UNA:+.? ", "UNB+UNOC:3+%s:14+%s:14+%s:%s+%s" % (gln(), gln(), t.strftime("%y%m%d"),
                                                           t.strftime("%H%M"), dg(9)),
            "UNH+1+%s:D:96A:UN:EAN008" % pick(["INVOIC", "ORDERS"]),
            "BGM+380+%s+9" % invoice_id().replace(" ", "").replace("/", ""),
            "DTM+137:%s:102" % t.strftime("%Y%m%d"),
            "NAD+SU+%s::9++%s+%s+%s++%s+%s" % (gln(), sup[0].replace("+", " "), {"de": "Hauptstr. %d", "dech": "Bahnhofstrasse %d", "deat": "Landstraße %d", "fr": "%d rue de la Gare",
                                              "frbe": "Rue Haute %d", "nl": "Dorpsstraat %d", "sv": "Storgatan %d", "nb": "Storgata %d",
                                              "pt": "Rua Augusta %d", "tr": "Atatürk Cad. No %d"}[loc] % R.randint(1, 90),
                                              p.city, p.zip.replace(" ", ""), L[loc]["cc"] if len(L[loc]["cc"]) == 2 else "DE"),
            "CTA+IC+:%s" % p.full, com(phv),
            "FTX+AAI+++%s %s" % (pick(["Kontakt:", "Contact:", "EDI-Support", "Fragen an"]),
                                  d.em(role(sup[1], "edi", "orders", "faktura", "invoice")))]
    if L[loc]["iban"]:
        segs.append("FII+RB+%s:%s+%s:25:5" % (d.ib(L[loc]["iban"], sp=False), sup[0][:20].replace("+", " "),
                                              alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
    segs += ["NAD+BY+%s::9++%s" % (gln(), buy[0]),
             "LIN+1++%s:EN" % gln(), "QTY+47:%d" % R.randint(1, 400),
             "MOA+77:%.2f" % amt(100, 90000), "UNT+%d+1" % R.randint(12, 40), "UNZ+1+%s" % dg(9)]
    out = segs[0] + sep.join(segs[1:]) + "'"
    return out


def g_mt103(d):
    o_loc, b_loc = pick(["de", "frbe", "sv", "dech", "deat", "pt", "nl", "fr"]), pick(["ro", "tr", "ua", "pt", "ca", "nb", "uk"])
    b_loc = "uk" if b_loc == "ua" else b_loc
    oc, bc = company(o_loc), company(b_loc)
    t = rdt()
    ccy = pick(["EUR", "EUR", "USD", "CHF", "SEK"])
    a = amt(500, 90000)
    o_ib, b_ib = d.ib(L[o_loc]["iban"], sp=False), d.ib(L[b_loc]["iban"], sp=False)
    ref = "FT%s%s" % (t.strftime("%y%j"), alnum(6))
    bp = Person(b_loc)
    if chance(0.65):
        txt = "{1:F01%sAXXX%s}{2:I103%sXXXXN}{3:{108:%s}{121:%s}}{4:\n" % (
            alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), dg(10), alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), alnum(12), uuid4())
        txt += ":20:%s\n:23B:CRED\n:32A:%s%s%s\n:33B:%s%s\n:50K:/%s\n%s\n%s\n:59:/%s\n%s\n%s\n" % (
            ref, t.strftime("%y%m%d"), ccy, money(a, "none").replace(".", ","), ccy, money(a, "none").replace(".", ","),
            o_ib, oc[0].upper()[:35], Person(o_loc).city.upper(), b_ib, bc[0].upper()[:35], bp.city.upper())
        txt += ":70:%s\n" % pick(["/INV/%s" % invoice_id().replace(" ", ""), "RFB/%s" % dg(10),
                                 "/ROC/%s CONTACT %s" % (dg(6), d.pph(bp, "i"))])
        txt += ":71A:%s\n" % pick(["SHA", "OUR", "BEN"])
        if chance(0.4):
            txt += ":72:/INS/%s\n//TEL %s\n" % (alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), d.pph(bp, "i"))
        txt += "-}{5:{CHK:%s}}" % hx(12, True)
    else:
        txt = "Payment confirmation (copy of MT103)\n\nTransaction reference: %s\nValue date: %s\nAmount: %s %s\n" \
              "Ordering customer: %s\n  Account: %s\nBeneficiary: %s\n  Account: %s\n  Bank: %s\n" \
              "Remittance information: %s\nCharges: SHA\nUETR: %s\n" % (
                  ref, t.strftime("%d.%m.%Y"), ccy, money(a, "en"), oc[0], o_ib, bc[0], b_ib,
                  alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "XXX", "Invoice %s" % invoice_id(), uuid4())
        if chance(0.5):
            txt += "Questions: %s / %s\n" % (d.em(role(oc[1], "treasury", "payments", "finance")),
                                             d.ph(L[o_loc]["cc"]))
    return txt


def g_nginx(d):
    dom = pick(["shop.kvarnby.se", "api.nordkyst-bygg.no", "portal.fidlambert.be", "app.vinhosdouro.pt",
                "admin.carpatica-soft.ro", "booking.safaritours.co.ke"])
    lines = ["# managed by ansible (roles/nginx) - do not edit by hand"]
    if chance(0.7):
        p = person(pick(["sv", "nb", "frbe", "pt", "ro", "sw"]))
        lines.append("# owner: %s <%s>, on-call %s" % (p.full, d.em(p.email()), d.pph(p)))
    lines.append("# nginx/%d.%d.%d" % (1, R.randint(18, 27), R.randint(0, 6)))
    ups = ["    server %s:%d weight=%d max_fails=2;" % (d.ip4("p10"), pick([8080, 8000, 3000, 9000]), R.randint(1, 5))
           for _ in range(R.randint(1, 2))]
    if chance(0.5):
        ups.append("    server [%s]:%d backup;" % (d.ip6(pick(["comp", "ula"])), pick([8080, 8443])))
    lines += ["upstream backend {"] + ups + ["    keepalive 32;", "}", ""]
    lines += ["server {", "    listen 443 ssl http2;", "    server_name %s;" % dom,
              "    ssl_certificate /etc/letsencrypt/live/%s/fullchain.pem;" % dom,
              "    client_max_body_size %dm;" % R.randint(1, 64), "    keepalive_timeout %d;" % R.randint(15, 75)]
    if chance(0.6):
        lines.append("    set_real_ip_from %s;" % d.net4(pick([20, 22, 24]), "pub"))
        lines.append("    real_ip_header X-Forwarded-For;")
    if chance(0.4):
        lines.append("    resolver %s %s valid=300s;" % (d.ip4(pick(["pub", "p10"])), d.ip4("pub")))
    lines += ["", "    location /admin/ {"]
    for _ in range(R.randint(1, 2)):
        if chance(0.3):
            lines.append("        allow %s;" % d.net6(pick([48, 56, 64])))
        else:
            lines.append("        allow %s;" % pick([d.ip4(), d.net4(24), d.ip4() + "/32", d.net4(28)]))
    lines += ["        deny all;", "        proxy_pass http://backend;", "    }"]
    if chance(0.5):
        lines += ["    location = /.well-known/security.txt {",
                  "        return 200 \"Contact: mailto:%s\\nExpires: %s\\n\";" % (
                      d.em(role(dom.split(".", 1)[1], "security", "abuse")), iso(rdt(2025, 2026), 0)), "    }"]
    lines.append("}")
    return "\n".join(lines)


def g_ansible(d):
    p = person(pick(["sv", "nb", "deat", "dech", "za", "in", "gb", "ro"]))
    site = pick(["sto", "osl", "vie", "zrh", "jnb", "blr", "lhr", "otp"])
    if chance(0.55):
        out = ["# inventory/%s.ini  (generated %s)" % (site, rdt().strftime("%Y-%m-%d")), "[web]"]
        for i in range(R.randint(1, 3)):
            out.append("web%02d.%s ansible_host=%s ansible_port=%d" % (i + 1, site, d.ip4(pick(["p10", "p172", "p192"])),
                                                                      pick([22, 22, 2222])))
        out.append("[db]")
        out.append("db01.%s ansible_host=%s ansible_user=deploy" % (site, d.ip(0.4)))
        out += ["", "[all:vars]", "ansible_python_interpreter=/usr/bin/python3",
                "ntp_servers=['%s.pool.ntp.org','%s']" % (site, d.ip4("pub")),
                "admin_email=%s" % d.em(p.email()),
                "snmp_syscontact=\"NOC %s\"" % d.pph(p), "snmp_community_ro=%s" % alnum(12)]
        return "\n".join(out)
    out = ["---", "# group_vars/%s.yml" % site, "site_code: %s" % site.upper(),
           "dns_servers:", "  - %s" % d.ip4(), "  - %s" % d.ip6(pick(["comp", "ula", "full"])),
           "syslog_target: %s:514" % d.ip4("p10"),
           "contacts:", "  primary:", "    name: %s" % p.full, "    email: %s" % d.em(p.email()),
           "    phone: \"%s\"" % d.pph(p)]
    if chance(0.5):
        q = Person(p.loc)
        out += ["  secondary:", "    name: %s" % q.full, "    phone: '%s'" % d.pph(q)]
    out += ["package_versions:", "  nginx: \"%s\"" % semver(), "  postgresql: \"%d\"" % R.randint(13, 17),
            "backup_window: \"02:00-04:00\"", "allowed_ssh:", "  - %s/32" % d.ip4("pub")]
    return "\n".join(out)


def g_helm(d):
    if chance(0.5):
        p = person(pick(["sv", "nb", "de", "pt", "ca", "us"]))
        dom = pick(["nordlys.io", "kvarn.dev", "helix-apps.com"])
        out = ["FROM python:3.%d.%d-slim" % (R.randint(10, 13), R.randint(0, 9)),
               "LABEL maintainer=\"%s <%s>\" \\" % (p.latin, d.em(p.work_email(dom))),
               "      org.opencontainers.image.version=\"%s\" \\" % semver(),
               "      org.opencontainers.image.revision=\"%s\"" % sha(),
               "ARG PIP_INDEX_URL=https://pypi.%s/simple" % dom,
               "ENV DB_HOST=%s \\" % d.ip4("p10"),
               "    SMTP_RELAY=%s \\" % d.ip4(pick(["p10", "p172"])),
               "    SUPPORT_PHONE=\"%s\" \\" % d.pph(p, "i"),
               "    TZ=Europe/Stockholm",
               "WORKDIR /app", "COPY requirements.txt .", "RUN pip install --no-cache-dir -r requirements.txt",
               "EXPOSE %d" % pick([8000, 8080, 5000]),
               "HEALTHCHECK --interval=30s CMD curl -fsS http://%s:8000/healthz || exit 1" % d.v("127.0.0.1", IP),
               "CMD [\"gunicorn\", \"--workers\", \"%d\", \"app:wsgi\"]" % R.randint(2, 8)]
        return "\n".join(out)
    p = person(pick(["sv", "nb", "de", "nl", "gb", "in"]))
    dom = pick(["nordlys.io", "kvarn.dev", "helix-apps.com"])
    out = ["# values-prod.yaml", "replicaCount: %d" % R.randint(2, 6), "image:",
           "  repository: registry.%s/shop/api" % dom, "  tag: \"%s\"" % semver(), "ingress:", "  enabled: true",
           "  annotations:",
           "    nginx.ingress.kubernetes.io/whitelist-source-range: \"%s,%s/32\"" % (d.net4(24, "pub"), d.ip4()),
           "  hosts:", "    - host: api.%s" % dom, "smtp:", "  host: %s" % d.ip4("p10"), "  port: 587",
           "  from: %s" % d.em(role(dom, "noreply", "no-reply")),
           "alertmanager:", "  config:", "    receivers:", "      - name: oncall",
           "        email_configs:", "          - to: %s" % d.em(p.work_email(dom)),
           "        sms_configs:  # custom webhook bridge", "          - number: \"%s\"" % d.pph(p, "e"),
           "resources:", "  limits:", "    cpu: %dm" % R.randint(100, 2000), "    memory: %dMi" % pick([256, 512, 1024])]
    if chance(0.4):
        out += ["extraEnv:", "  - name: TRUSTED_PROXY", "    value: \"%s\"" % d.ip6()]
    return "\n".join(out)


def g_sip(d):
    t = rdt()
    cc_a, cc_b = pick(["DE", "SE", "GB", "FR", "AT", "CH", "NO", "BE"]), pick(["DE", "SE", "GB", "US", "ES", "PT", "RO", "TR"])
    pbx, prov = d.ip4(pick(["p10", "p192"])), d.ip4(pick(["pub", "doc"]))
    a_num, b_num = d.ph(cc_a, "e"), d.ph(cc_b, "e")
    ext = R.randint(200, 499)
    cid = hx(32)
    br = "z9hG4bK" + hx(10)
    txt = "U %s %s:5060 -> %s:5060\n" % (t.strftime("%Y/%m/%d %H:%M:%S.") + dg(6), pbx, prov)
    txt += "INVITE sip:%s@%s SIP/2.0\n" % (b_num, prov)
    txt += "Via: SIP/2.0/UDP %s:5060;branch=%s;rport\n" % (pbx, br)
    pdom = pick([prov, prov, "sip.%s" % pick(["telekom-voip.example", "trunk.example.net", "voip.example.se"])])
    adom = pick([pbx, "pbx.local"])
    txt += "From: \"%s\" <sip:%s@%s>;tag=%s\n" % (person(pick(["de", "sv", "gb", "fr"])).latin, a_num, adom, hx(8))
    txt += "To: <sip:%s@%s>\n" % (b_num, pdom)
    txt += "Call-ID: %s\nCSeq: %d INVITE\n" % (cid, R.randint(1, 200))
    txt += "Contact: <sip:%d@%s:5060;transport=udp>\n" % (ext, pbx)
    if chance(0.6):
        txt += "P-Asserted-Identity: <sip:%s@%s>\n" % (a_num, adom)
    txt += "User-Agent: %s\nAllow: INVITE, ACK, CANCEL, BYE, REFER, OPTIONS, NOTIFY\n" % pick(
        ["Asterisk PBX %s" % semver(), "FreeSWITCH-mod_sofia/1.10.%d" % R.randint(1, 12),
         "Linphone/5.2.%d (belle-sip/5.2.0)" % R.randint(0, 9)])
    txt += "Content-Type: application/sdp\nContent-Length: %d\n\n" % R.randint(180, 400)
    rtp = d.ip4(pick(["p10", "p192"]))
    txt += "v=0\no=- %s %s IN IP4 %s\ns=-\nc=IN IP4 %s\nt=0 0\nm=audio %d RTP/AVP 0 8 101\na=rtpmap:101 " \
           "telephone-event/8000\n" % (dg(8), dg(8), rtp, rtp, R.randint(10000, 20000) * 2)
    if chance(0.4):
        txt += "\nU %s %s:5060 -> %s:5060\nSIP/2.0 %s\nVia: SIP/2.0/UDP %s:5060;branch=%s\nCall-ID: %s\n" % (
            later(t, 0, 2).strftime("%Y/%m/%d %H:%M:%S.") + dg(6), prov, pbx,
            pick(["100 Trying", "486 Busy Here", "180 Ringing", "403 Forbidden"]), pbx, br, cid)
    return txt


def g_okta(d):
    p = person(pick(["sv", "nb", "deat", "dech", "us", "gb", "in", "ms", "pt"]))
    t = rdt()
    dom = pick(["nordlys.io", "fjellheim.no", "helix-apps.com", "lonestardental.com"])
    addr = d.ip(0.25)
    ev = {"actor": {"id": "00u" + alnum(17, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
                    "type": "User", "alternateId": d.em(p.work_email(dom)), "displayName": p.latin},
          "client": {"userAgent": {"rawUserAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                                   "(KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36" % (
                                                       R.randint(110, 130), R.randint(5000, 6999), R.randint(10, 250)),
                                   "os": "Windows 10", "browser": "CHROME"},
                     "zone": "null", "device": "Computer", "ipAddress": addr,
                     "geographicalContext": {"city": p.city, "country": pick(["Sweden", "Norway", "Austria",
                                                                              "United States", "India"]),
                                             "postalCode": p.zip,
                                             "geolocation": {"lat": round(R.uniform(-40, 65), 4),
                                                             "lon": round(R.uniform(-120, 140), 4)}}},
          "displayMessage": pick(["User login to Okta", "Authentication of user via MFA", "Reset password"]),
          "eventType": pick(["user.session.start", "user.authentication.auth_via_mfa",
                             "user.account.reset_password"]),
          "outcome": {"result": pick(["SUCCESS", "FAILURE"]), "reason": pick([None, "INVALID_CREDENTIALS",
                                                                             "VERIFICATION_ERROR"])},
          "published": iso(t), "severity": pick(["INFO", "WARN"]),
          "request": {"ipChain": [{"ip": addr, "version": "V4" if "." in d.value(addr) and ":" not in d.value(addr) else "V6"}]},
          "uuid": uuid4(), "version": "0"}
    if chance(0.4):
        ev["target"] = [{"type": "Factor", "alternateId": d.mob(p.cc, "i"), "displayName": "SMS Authentication"}]
    if chance(0.3):
        ev["request"]["ipChain"].append({"ip": d.ip4("pub"), "version": "V4", "source": "proxy"})
    return J(ev, pick([None, 2]))


def g_splunk(d):
    t = rdt()
    p = person(pick(["us", "gb", "frca", "au", "ie", "mx", "de"]))
    k = R.random()
    if k < 0.2:
        a = Person("us")
        ev = {"time": epoch(t), "host": "loan-api-%d" % R.randint(1, 4), "sourcetype": "_json",
              "event": {"level": "DEBUG", "msg": "credit pull request", "applicant_ssn": d.ssn(),
                        "applicant_phone": d.ph("US"), "bureau": pick(["EXP", "TU", "EFX"]),
                        "client_ip": d.ip4(), "req_id": uuid4()}}
        return J(ev, pick([None, 2]))
    if k < 0.8:
        ev = {"time": "%d.%03d" % (epoch(t), R.randint(0, 999)), "host": "pos-gw-%02d" % R.randint(1, 12),
              "source": pick(["payment-adapter", "ivr-bridge", "kiosk"]), "sourcetype": "_json",
              "index": pick(["pci_quarantine", "app_debug"]),
              "event": {"msg": pick(["DLP hit in request body", "raw request logged (debug=on)"]),
                        "merchant_id": "M%s" % dg(9), "pan": d.card(), "exp": "%02d%d" % (R.randint(1, 12), R.randint(26, 31)),
                        "cardholder_phone": d.pph(p), "terminal_ip": d.ip4(pick(["p10", "p192"])),
                        "amount_minor": R.randint(100, 99999), "stan": dg(6), "rrn": dg(12)}}
        return J(ev, pick([None, 2]))
    lines = []
    for _ in range(R.randint(2, 4)):
        t = later(t, 1, 90)
        lines.append(J({"time": epoch(t), "host": "web%02d" % R.randint(1, 9), "sourcetype": "access_combined",
                        "event": '%s - - [%s] "POST /account/%s HTTP/1.1" %d %d "-" "%s"' % (
                            d.ip(), t.strftime("%d/%b/%Y:%H:%M:%S +0000"), pick(["login", "recover", "profile"]),
                            pick([200, 302, 401, 403]), R.randint(200, 9000), pick(["curl/8.5.0", "okhttp/4.12.0",
                                                                                    "python-requests/2.31.0"]))}))
    lines.append(J({"time": epoch(t), "host": "web01", "event": "password reset requested for %s from %s" % (
        d.em(p.email()), d.ip())}))
    return "\n".join(lines)


def g_winfw(d):
    t = rdt()
    out = ["#Version: 1.5", "#Software: Microsoft Windows Firewall", "#Time Format: Local",
           "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack "
           "tcpwin icmptype icmpcode info path pid"]
    me = ipv4(pick(["p10", "p192"]))
    for _ in range(R.randint(2, 4)):
        t = later(t, 0, 40)
        act = pick(["DROP", "ALLOW", "DROP"])
        proto = pick(["TCP", "UDP", "TCP", "ICMP"])
        inbound = chance(0.6)
        other = ipv6() if chance(0.3) else ipv4(pick(["pub", "pub", "p10"]))
        local = me if ":" not in other else ipv6("ll")
        src, dst = (other, local) if inbound else (local, other)
        sp, dp = (R.randint(1024, 65535), pick([3389, 445, 22, 5985, 443])) if inbound else (
            R.randint(49152, 65535), pick([53, 443, 123, 80]))
        if proto == "ICMP":
            sp = dp = "-"
        out.append("%s %s %s %s %s %s %s %s %d %s %s %s %s %s %s - %s %s" % (
            t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), act, proto, d.v(src, IP), d.v(dst, IP), sp, dp,
            R.randint(40, 1500), "S" if proto == "TCP" else "-", dg(10) if proto == "TCP" else "-",
            "0" if proto == "TCP" else "-", R.randint(1024, 65535) if proto == "TCP" else "-",
            "8" if proto == "ICMP" else "-", "0" if proto == "ICMP" else "-",
            "RECEIVE" if inbound else "SEND", R.randint(4, 9000)))
    return "\n".join(out)


def g_worldpay(d):
    p = person(pick(["gb", "de", "frbe", "nl", "ie", "sv", "us", "au"]))
    brand = pick(["VISA-SSL", "ECMC-SSL", "AMEX-SSL", "MAESTRO-SSL", "DINERS-SSL", "JCB-SSL"])
    b = {"VISA-SSL": "visa", "ECMC-SSL": "mc", "AMEX-SSL": "amex", "MAESTRO-SSL": "maestro",
         "DINERS-SSL": "diners", "JCB-SSL": "jcb"}[brand]
    oc = "%s-%s" % (pick(["WEB", "APP", "MOTO"]), dg(8))
    x = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<!DOCTYPE paymentService PUBLIC "-//Worldpay//DTD Worldpay PaymentService v1//EN" '
         '"http://dtd.worldpay.com/paymentService_v1.dtd">',
         '<paymentService version="1.4" merchantCode="%s">' % alnum(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
         '  <submit>', '    <order orderCode="%s" installationId="%s">' % (oc, dg(7)),
         '      <description>%s</description>' % pick(["Hotel deposit", "Bike rental", "Concert tickets", "Subscription"]),
         '      <amount currencyCode="%s" exponent="2" value="%d"/>' % (pick(["GBP", "EUR", "SEK", "USD"]), R.randint(500, 99999)),
         '      <paymentDetails>', '        <%s>' % brand,
         '          <cardNumber>%s</cardNumber>' % d.card(b, "compact"),
         '          <expiryDate><date month="%02d" year="20%d"/></expiryDate>' % (R.randint(1, 12), R.randint(26, 31)),
         '          <cardHolderName>%s</cardHolderName>' % p.latin.upper(),
         '        </%s>' % brand,
         '        <session shopperIPAddress="%s" id="%s"/>' % (d.ip(0.25), hx(20)),
         '      </paymentDetails>', '      <shopper>',
         '        <shopperEmailAddress>%s</shopperEmailAddress>' % d.em(p.email()),
         '        <browser><acceptHeader>text/html</acceptHeader><userAgentHeader>Mozilla/5.0</userAgentHeader></browser>',
         '      </shopper>']
    if chance(0.5):
        x += ['      <billingAddress><address><address1>%d %s</address1><postalCode>%s</postalCode>'
              '<city>%s</city><telephoneNumber>%s</telephoneNumber></address></billingAddress>' % (
                  R.randint(1, 200), pick(["High Street", "Kungsgatan", "Rue Haute", "Hauptstraße"]), p.zip, p.city,
                  d.pph(p))]
    x += ['    </order>', '  </submit>', '</paymentService>']
    return "\n".join(x)


def g_shell(d):
    n = R.randint(300, 1900)
    p = person(pick(["sv", "nb", "de", "ro", "uk", "pt", "us", "in", "za"]))
    cmds = [
        lambda: "ssh -i ~/.ssh/id_ed25519 deploy@%s" % d.ip4(pick(["p10", "p172", "pub"])),
        lambda: "ssh -p 2222 root@%s" % d.ip(0.3),
        lambda: "curl -s -X POST https://api.%s/v2/customers -H 'Content-Type: application/json' -d '%s'" % (
            pick(["kvarn.dev", "nordlys.io"]), J({"email": d.em(p.email()), "phone": d.pph(p)})),
        lambda: "dig +short mx %s @%s" % (pick(["kvarnby.se", "fjellheim.no"]), d.ip4("pub")),
        lambda: "psql -h %s -U app -c \"select id from customers where email = '%s'\"" % (d.ip4("p10"), d.em(p.email())),
        lambda: "ping6 -c 3 %s" % d.ip6(),
        lambda: "traceroute -n %s" % d.ip4("pub"),
        lambda: "sudo ufw allow from %s to any port 22" % d.net4(24),
        lambda: "git log --oneline -n %d" % R.randint(5, 30),
        lambda: "docker compose up -d --build",
        lambda: "ls -la /var/log/nginx/",
        lambda: "grep -c %s /var/log/auth.log" % d.ip4("pub"),
        lambda: "mysql -h %s -u report -p -e \"UPDATE users SET phone='%s' WHERE id=%d\"" % (
            d.ip4("p10"), d.pph(p), R.randint(1, 99999)),
        lambda: "nc -zv %s %d" % (d.ip4(), pick([5432, 6379, 443, 25])),
        lambda: "echo '%s' | gpg --encrypt -r %s > card.gpg" % (d.card(), d.em(p.email())),
        lambda: "htop",
        lambda: "tail -f /var/log/syslog | grep -v CRON",
        lambda: "ip -6 route add default via %s dev eth0" % d.ip6("ll"),
        lambda: "whois %s | grep -i country" % d.ip4("pub"),
    ]
    R.shuffle(cmds)
    cs = [f() for f in cmds[:R.randint(4, 8)]]
    if chance(0.3):
        ts0 = 1700000000 + R.randint(0, 10**8)
        return "\n".join(": %d:0;%s" % (ts0 + i * R.randint(5, 90), c) for i, c in enumerate(cs))
    out = []
    for c in cs:
        n += R.randint(1, 4)
        out.append("%5d  %s" % (n, c))
    return "\n".join(out)


def g_workday(d):
    p = Person("us")
    t = rdt()
    d.ssn_doc_context = True
    x = ['<wd:Worker xmlns:wd="urn:com.workday/bsvc">', '  <wd:Worker_Data>',
         '    <wd:Worker_ID>%d</wd:Worker_ID>' % R.randint(10000, 99999),
         '    <wd:Personal_Data>',
         '      <wd:Name_Data><wd:Legal_Name_Data><wd:Name_Detail_Data wd:Formatted_Name="%s">'
         '<wd:First_Name>%s</wd:First_Name><wd:Last_Name>%s</wd:Last_Name></wd:Name_Detail_Data>'
         '</wd:Legal_Name_Data></wd:Name_Data>' % (p.full, p.first, p.last),
         '      <wd:Identification_Data>', '        <wd:National_ID>',
         '          <wd:National_ID_Data>', '            <wd:ID>%s</wd:ID>' % d.ssn(),
         '            <wd:ID_Type_Reference><wd:ID wd:type="National_ID_Type_Code">USA-SSN</wd:ID></wd:ID_Type_Reference>',
         '            <wd:Issued_Date>%s</wd:Issued_Date>' % rdt(1990, 2010).strftime("%Y-%m-%d"),
         '          </wd:National_ID_Data>', '        </wd:National_ID>', '      </wd:Identification_Data>',
         '      <wd:Contact_Data>',
         '        <wd:Email_Address_Data><wd:Email_Address>%s</wd:Email_Address>'
         '<wd:Usage_Data wd:Public="false"><wd:Type_Data wd:Primary="true"/></wd:Usage_Data></wd:Email_Address_Data>' % (d.em(p.email()) if chance(0.6) else "%s.%s@%s" % ("x" * 3, "x" * 4, "[redacted]")),
         '        <wd:Phone_Data wd:Formatted_Phone="%s"><wd:Country_ISO_Code>USA</wd:Country_ISO_Code>'
         '<wd:Device_Type_Reference><wd:ID wd:type="Phone_Device_Type_ID">Mobile</wd:ID></wd:Device_Type_Reference></wd:Phone_Data>' % (d.ph("US") if chance(0.6) else "(xxx) xxx-%s" % dg(4)),
         '      </wd:Contact_Data>', '    </wd:Personal_Data>']
    if chance(0.7):
        x += ['    <wd:Related_Person_Data><wd:Related_Person>'
              '<wd:National_ID_Data><wd:ID>%s</wd:ID><wd:ID_Type_Reference><wd:ID wd:type="National_ID_Type_Code">'
              'USA-SSN</wd:ID></wd:ID_Type_Reference></wd:National_ID_Data>'
              '<wd:Relationship_Type>Spouse</wd:Relationship_Type></wd:Related_Person></wd:Related_Person_Data>' % d.ssn()]
    x += ['    <wd:Employment_Data><wd:Hire_Date>%s</wd:Hire_Date><wd:Position_ID>P-%s</wd:Position_ID>'
          '</wd:Employment_Data>' % (t.strftime("%Y-%m-%d"), dg(5)),
          '  </wd:Worker_Data>', '</wd:Worker>']
    return "\n".join(x)


def g_dovecot(d):
    t = rdt()
    host = pick(["mx1", "mail", "imap02"])
    out = []
    for _ in range(R.randint(2, 3)):
        t = later(t, 0, 50)
        p = person(pick(["sv", "nb", "frch", "dech", "deat", "ro", "pt", "ca"]))
        dom = pick(L[p.loc]["mail"][:2] + [company(p.loc)[1]])
        u = d.em(p.email(dom))
        rip = d.ip(0.3)
        sess = alnum(16, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+")
        k = R.randint(0, 3)
        if k == 0:
            out.append("%s %s dovecot: imap-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=%s, mpid=%d, TLS, "
                       "session=<%s>" % (syslog_ts(t), host, u, rip, d.ip4("p10"), R.randint(1000, 99999), sess))
        elif k == 1:
            out.append("%s %s dovecot: imap(%s)<%d><%s>: Disconnected: Logged out in=%d out=%d deleted=0 "
                       "expunged=0 trashed=0" % (syslog_ts(t), host, u, R.randint(1000, 99999), sess,
                                                 R.randint(50, 9000), R.randint(300, 99999)))
        elif k == 2:
            out.append("%s %s dovecot: auth: passwd-file(%s,%s,<%s>): unknown user" % (syslog_ts(t), host, u, rip, sess))
        else:
            out.append("%s %s dovecot: pop3-login: Disconnected (auth failed, %d attempts in %d secs): user=<%s>, "
                       "method=PLAIN, rip=%s, lip=%s, TLS" % (syslog_ts(t), host, R.randint(1, 5), R.randint(2, 20),
                                                             u, rip, d.ip4("p10")))
    return "\n".join(out)


def g_fortigate(d):
    t = rdt()
    out = []
    for _ in range(R.randint(1, 3)):
        t = later(t, 0, 30)
        base = 'date=%s time=%s devname="%s" devid="FG%sTK%s" eventtime=%d%s tz="+0100" logid="%s" ' % (
            t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), pick(["FGT-HQ", "FW-VIE-01", "fgt-osl"]),
            pick(["100F", "60F", "200E"]), dg(8), epoch(t), dg(9), "00000000%s" % dg(2))
        if chance(0.6):
            p = person(pick(["deat", "nb", "sv", "dech", "ro"]))
            out.append(base + 'type="traffic" subtype="forward" level="notice" vd="root" srcip=%s srcport=%d '
                       'srcintf="port%d" dstip=%s dstport=%d dstintf="wan1" sessionid=%d proto=6 action="%s" '
                       'policyid=%d service="%s" dstcountry="%s" duration=%d sentbyte=%d rcvdbyte=%d user="%s" '
                       'srcmac="%s"' % (d.ip4(pick(["p10", "p192"])), R.randint(1024, 65535), R.randint(1, 8),
                                        d.ip4("pub"), pick([443, 80, 25, 3389]), R.randint(10**5, 10**7),
                                        pick(["close", "deny", "timeout"]), R.randint(1, 90),
                                        pick(["HTTPS", "HTTP", "SMTP", "RDP"]), pick(["Sweden", "Germany", "Russia",
                                                                                    "Netherlands"]),
                                        R.randint(1, 900), R.randint(60, 10**6), R.randint(60, 10**6),
                                        d.em(p.work_email(company(p.loc)[1])), mac()))
        else:
            p = person(pick(["deat", "nb", "sv", "dech", "ro", "pt"]))
            out.append(base + 'type="event" subtype="vpn" level="information" vd="root" logdesc="SSL VPN tunnel up" '
                       'action="tunnel-up" tunneltype="ssl-%s" remip=%s tunnelip=%s user="%s" group="vpn-users" '
                       'reason="N/A" msg="SSL tunnel established"' % (
                           pick(["web", "tunnel"]), d.ip(0.2), d.ip4("p10"), d.em(p.email())))
    return "\n".join(out)


def g_es(d):
    hits = []
    for _ in range(R.randint(1, 3)):
        p = person(pick(["sv", "nb", "ro", "tr", "ms", "pt", "mx", "ar"]))
        src = {"customer_id": R.randint(10**5, 10**7), "name": p.full, "email": d.em(p.email()),
               "phone": d.pph(p), "last_login_ip": d.ip(), "created": iso(rdt(), 3),
               "orders": R.randint(0, 40), "ltv": round(amt(0, 9000), 2)}
        if L[p.loc]["iban"] and chance(0.8):
            src["payout_iban"] = d.ib(L[p.loc]["iban"])
        hits.append({"_index": "crm-contacts-%s" % rdt().strftime("%Y.%m"), "_id": alnum(20, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"),
                     "_score": round(R.uniform(1, 15), 6), "_source": src})
    r = {"took": R.randint(2, 90), "timed_out": False, "_shards": {"total": 3, "successful": 3, "skipped": 0, "failed": 0},
         "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": hits[0]["_score"], "hits": hits}}
    return "GET /crm-contacts-*/_search?q=%s\n%s" % (pick(["phone:*", "orders:>3", "email:*"]), J(r, 2))


def g_look_logs(d):
    t = rdt()
    k = R.randint(0, 3)
    if k == 0:
        out = ["%s ##[group]Run actions/setup-node@v4" % iso(t, 7),
               "%s with:" % iso(t, 7), "%s   node-version: %d.x" % (iso(t, 7), pick([18, 20, 22])),
               "%s ##[endgroup]" % iso(t, 7),
               "%s Found in cache @ /opt/hostedtoolcache/node/%s/x64" % (iso(later(t, 1, 3), 7), semver()),
               "%s Runner version: '2.%d.%d'" % (iso(later(t, 3, 5), 7), R.randint(300, 330), R.randint(0, 9)),
               "%s Image Version: %s.%d.0" % (iso(later(t, 3, 5), 7), rdt().strftime("%Y%m%d"), R.randint(1, 3)),
               "%s Cache restored from key: node-cache-Linux-npm-%s" % (iso(later(t, 5, 9), 7), sha(64)),
               "%s added %d packages, and audited %d packages in %s" % (iso(later(t, 9, 40), 7), R.randint(100, 2000),
                                                                        R.randint(100, 2000), duration()),
               "%s Job completed in %dm %ds, run id %d" % (iso(later(t, 60, 300), 7), R.randint(1, 9), R.randint(0, 59),
                                                           R.randint(10**9, 10**10))]
        return "\n".join(out)
    if k == 1:
        out = ["REPOSITORY                      TAG        IMAGE ID       CREATED        SIZE"]
        for _ in range(R.randint(3, 6)):
            out.append("%-31s %-10s %s   %d %s ago   %dMB" % (pick(["registry.kvarn.dev/shop/api", "postgres", "redis",
                                                                     "nginx", "grafana/loki", "otel/opentelemetry-collector"]),
                                                               pick([semver().split("-")[0], "latest", "%d-alpine" % R.randint(14, 17)]),
                                                               hx(12), R.randint(2, 11), pick(["days", "weeks", "months"]),
                                                               R.randint(20, 900)))
        return "$ docker images\n" + "\n".join(out)
    if k == 2:
        out = ["Filesystem      Size  Used Avail Use% Mounted on"]
        for m in ["/", "/boot", "/var", "/srv/backup"]:
            out.append("/dev/%-10s %4dG %4dG %4dG %3d%% %s" % (pick(["sda1", "nvme0n1p2", "mapper/vg-var", "sdb1"]),
                                                          R.randint(20, 900), R.randint(1, 400), R.randint(1, 400),
                                                          R.randint(1, 99), m))
        out.append("uptime: %s, load average: %.2f, %.2f, %.2f; kernel %d.%d.0-%d-generic" % (
            duration(), R.uniform(0, 4), R.uniform(0, 4), R.uniform(0, 4), pick([5, 6]), R.randint(1, 15), R.randint(20, 120)))
        return "\n".join(out)
    return "\n".join([
        "Architecture:            x86_64", "CPU(s):                  %d" % pick([4, 8, 16, 32]),
        "Model name:              Intel(R) Xeon(R) Gold %d CPU @ %.2fGHz" % (R.randint(5000, 6999), R.uniform(2, 3.5)),
        "BIOS version:            %s" % build4(), "Serial:                  %s" % serial_no(),
        "NUMA node0 CPU(s):       0-%d" % R.randint(3, 31), "L3 cache:                %d MiB" % R.randint(8, 64),
        "MAC (eno1):              %s" % mac(), "Firmware OID:            %s" % oid()])


# =============================================================================================
# ~25% tables
# =============================================================================================
def csvrow(fields, sep=",", quote="min"):
    out = []
    for f in fields:
        f = "" if f is None else str(f)
        if quote == "all" or (quote == "min" and (sep in f or '"' in f or "\n" in f)):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return sep.join(out)


def sf_id(prefix="003"):
    return prefix + alnum(15, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789")


def g_salesforce(d):
    us = chance(0.6)
    locs = ["us"] if us else [pick(["sv", "nb", "frbe", "dech", "pt", "ca", "ro", "tr", "ms", "frca"])]
    cols = ["Id", "FirstName", "LastName", "Email", "Phone", "MobilePhone", "MailingCity", "MailingPostalCode",
            "MailingCountry", "Account.Name", "CreatedDate"]
    if us and chance(0.9):
        cols.insert(6, pick(["SSN__c", "Social_Security_Number__c", "Tax_ID_SSN__c"]))
        d.ssn_doc_context = True
    if not us and chance(0.75):
        cols.insert(6, "Payout_IBAN__c")
    drop = [c for c in ["MobilePhone", "MailingPostalCode", "Account.Name", "MailingCountry"] if chance(0.3)]
    cols = [c for c in cols if c not in drop]
    quote = pick(["all", "all", "min"])
    rows = [csvrow(cols, ",", quote)]
    for _ in range(R.randint(1, 3)):
        p = Person(pick(locs))
        acc = company(p.loc)
        r = []
        for c in cols:
            if c == "Id":
                r.append(sf_id())
            elif c == "FirstName":
                r.append(p.first)
            elif c == "LastName":
                r.append(p.last)
            elif c == "Email":
                r.append(d.em(p.email()) if chance(0.55) else "")
            elif c == "Phone":
                r.append(d.pph(p) if chance(0.55) else "")
            elif c == "MobilePhone":
                r.append(d.pph(p) if chance(0.4) else "")
            elif "SSN" in c or "Social" in c:
                r.append(d.ssn() if chance(0.8) else pick(["", bad_ssn("000"), "pending"]))
            elif c == "Payout_IBAN__c":
                r.append(d.ib(L[p.loc]["iban"]) if L[p.loc]["iban"] and chance(0.8) else "")
            elif c == "MailingCity":
                r.append(p.city)
            elif c == "MailingPostalCode":
                r.append(p.zip)
            elif c == "MailingCountry":
                r.append(pick(["US", "United States"]) if us else p.cc)
            elif c == "Account.Name":
                r.append(acc[0])
            else:
                r.append(iso(rdt(), 3, "Z").replace("Z", "+0000"))
        rows.append(csvrow(r, ",", quote))
    return "\n".join(rows)


def g_hubspot(d):
    sep = pick([",", ",", ";"])
    cols = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
            "Company Name", "Lifecycle Stage", "Create Date", "Last Activity Date", "IP Country", "Last known IP"]
    if chance(0.6):
        cols.remove("Mobile Phone Number")
    if chance(0.3):
        cols.remove("Last known IP")
    owner = Person(pick(["gb", "sv", "nl", "ie"]))
    if chance(0.5):
        cols.append("Contact owner")
    rows = [csvrow(cols, sep)]
    for _ in range(R.randint(1, 3)):
        p = person(pick(["sv", "nb", "ms", "sw", "pt", "mx", "ar", "tr", "ja", "frca", "gb", "in", "za"]))
        t = rdt()
        r = []
        for c in cols:
            r.append({"Record ID": str(R.randint(10**8, 10**11)), "First Name": p.first, "Last Name": p.last,
                      "Email": d.em(p.email()), "Phone Number": d.pph(p) if chance(0.8) else "",
                      "Mobile Phone Number": d.pph(p, "i") if chance(0.5) else "",
                      "Company Name": company(p.loc)[0] if chance(0.7) else "",
                      "Lifecycle Stage": pick(["Lead", "Marketing Qualified Lead", "Customer", "Subscriber"]),
                      "Create Date": t.strftime("%Y-%m-%d %H:%M"),
                      "Last Activity Date": later(t, 3600, 9000000).strftime("%Y-%m-%d %H:%M"),
                      "IP Country": pick(["sweden", "norway", "malaysia", "kenya", "portugal", "mexico", "japan", ""]),
                      "Last known IP": d.ip() if chance(0.8) else "",
                      "Contact owner": "%s (%s)" % (owner.full, d.em(owner.work_email("grachtenfiets.nl")))}[c])
        rows.append(csvrow(r, sep))
    return "\n".join(rows)


def _bank_swedbank(d):
    t = rdt()
    out = ["* Transaktioner Period %s – %s Skapad %s" % (t.strftime("%Y-%m-01"), t.strftime("%Y-%m-28"),
                                                       later(t, 86400 * 20, 86400 * 30).strftime("%Y-%m-%d %H:%M")),
           "Radnummer,Clearingnummer,Kontonummer,Produkt,Valuta,Bokföringsdag,Transaktionsdag,Valutadag,Referens,"
           "Beskrivning,Belopp,Bokfört saldo"]
    bal = amt(2000, 40000)
    clr, kto = "8%s-%s" % (dg(3), dg(1)), "%s %s %s-%s" % (dg(3), dg(3), dg(3), dg(1))
    for i in range(R.randint(3, 6)):
        p = Person("sv")
        k = pick([0, 1, 2, 2, 2, 3, 4, 5])
        a = -amt(20, 2000)
        if k == 0:
            ref, desc = "SWISH", "Swish till %s" % d.mob("SE", "n")
        elif k == 1:
            ref, desc, a = "SWISH", "Swish från %s %s" % (p.full.upper(), d.mob("SE", "n")), amt(50, 900)
        elif k == 2:
            ref, desc, a = "Utland", "INSÄTTNING %s %s" % (d.ib(pick(["DE", "NO", "DK", "FI"]), sp=False),
                                                          Person(pick(["de", "nb"])).full.upper()), amt(100, 5000)
        elif k == 3:
            ref, desc = "OCR %s" % luhn_complete(dg(R.randint(8, 11))), pick(["Autogiro Telia", "Bankgiro Vattenfall",
                                                                            "BG 5050-1055 Skatteverket"])
        elif k == 4:
            ref, desc = "KORTKÖP %s" % t.strftime("%y%m%d"), pick(["ICA KVANTUM", "SL ACCESS", "SYSTEMBOLAGET",
                                                                  "CLAS OHLSON"])
        else:
            ref, desc, a = "LÖN", "LÖN %s" % pick(["MARS", "APRIL", "MAJ"]), amt(20000, 40000)
        bal += a
        day = t.strftime("%Y-%m-") + "%02d" % R.randint(1, 28)
        out.append(csvrow([i + 1, clr, kto, "Privatkonto", "SEK", day, day, day, ref, desc, "%.2f" % a, "%.2f" % bal],
                          ",", "min"))
    return "\n".join(out)


def _bank_dnb(d):
    out = ['"Dato";"Forklaring";"Rentedato";"Ut fra konto";"Inn på konto"']
    t = rdt()
    for _ in range(R.randint(3, 6)):
        p = Person("nb")
        dd = "%02d.%02d.%d" % (R.randint(1, 28), t.month, t.year)
        k = pick([0, 1, 1, 2, 3, 4, 4])
        if k == 0:
            row = [dd, "Vipps*%s %s" % (p.full, d.mob("NO", "n")), dd, money(amt(50, 900), "sp"), ""]
        elif k == 1:
            row = [dd, "Overføring %s %s" % (d.ib("NO", sp=chance(0.3)), p.full), dd, "", money(amt(100, 9000), "sp")]
        elif k == 2:
            row = [dd, "Giro KID %s %s" % (luhn_complete(dg(R.randint(10, 15))), pick(["Hafslund", "Telenor", "Lånekassen"])),
                   dd, money(amt(200, 3000), "sp"), ""]
        elif k == 3:
            row = [dd, "Varekjøp REMA 1000 %s dato %s" % (pick(["GRÜNERLØKKA", "MAJORSTUEN", "LADE"]), dd[:5]), dd,
                   money(amt(30, 900), "sp"), ""]
        else:
            row = [dd, "Utland %s %s" % (d.ib(pick(["SE", "DK", "DE", "GB"])), Person(pick(["sv", "de", "gb"])).full),
                   dd, "", money(amt(100, 9000), "sp")]
        out.append(csvrow(row, ";", "all"))
    return "\n".join(out)


def _bank_garanti(d):
    out = ["Hesap Hareketleri - Vadesiz TL Hesabı - %s" % rdt().strftime("%d.%m.%Y"),
           "Tarih;Açıklama;Etiket;Tutar;Bakiye;Dekont No"]
    bal = amt(1000, 50000)
    for _ in range(R.randint(3, 6)):
        p = Person("tr")
        t = rdt()
        k = pick([0, 0, 1, 2, 2, 3])
        if k == 0:
            desc, a = "FAST Gelen - %s %s" % (p.full, d.ib("TR")), amt(100, 9000)
        elif k == 1:
            desc, a = "FAST Giden - %s - Kolay Adres %s" % (p.full, d.mob("TR", "n")), -amt(50, 3000)
        elif k == 2:
            desc, a = "EFT Giden %s %s Kira" % (d.ib("TR", sp=False), p.full), -amt(3000, 20000)
        else:
            desc, a = pick(["MİGROS TİC. A.Ş.", "TÜRK TELEKOM FATURA", "İSKİ SU FATURASI"]), -amt(50, 900)
        bal += a
        out.append(";".join([t.strftime("%d.%m.%Y"), desc, pick(["", "Market", "Fatura", "Kira"]),
                             money(a, "eu"), money(bal, "eu"), dg(10)]))
    return "\n".join(out)


def _bank_george(d):
    out = ['"Buchungsdatum";"Partnername";"Partner IBAN";"BIC/SWIFT";"Betrag";"Währung";"Zahlungsreferenz";'
           '"Buchungs-Info"']
    for _ in range(R.randint(2, 5)):
        p = Person(pick(["deat", "deat", "de", "dech"]))
        t = rdt()
        ib = d.ib(L[p.loc]["iban"]) if chance(0.85) else ""
        out.append(csvrow([t.strftime("%d.%m.%Y"), p.full, ib, alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "XXX",
                           money(pick([-1, 1]) * amt(5, 3000), "eu"), "EUR", pick(["", "RE %s" % invoice_id(),
                                                                                  "Miete %s" % t.strftime("%m/%Y")]),
                           pick(["Gutschrift", "SEPA Lastschrift", "Überweisung", "Echtzeitüberweisung"])], ";", "all"))
    return "\n".join(out)


def _bank_postfinance(d):
    loc = pick(["dech", "frch"])
    de = loc == "dech"
    own = d.ib("CH")
    out = [("Datum von:;%s" if de else "Date de:;%s") % rdt().strftime("%Y-%m-%d"),
           ("Buchungsart:;Alle" if de else "Type d'écriture:;Toutes"),
           ("Konto:;%s" if de else "Compte:;%s") % own, ("Währung:;CHF" if de else "Monnaie:;CHF"), "",
           ("Buchungsdatum;Avisierungstext;Gutschrift in CHF;Lastschrift in CHF;Valuta;Saldo in CHF" if de else
            "Date de comptabilisation;Texte de notification;Crédit en CHF;Débit en CHF;Valeur;Solde en CHF")]
    bal = amt(500, 30000)
    for _ in range(R.randint(2, 5)):
        p = Person(loc)
        t = rdt()
        k = pick([0, 0, 1, 2])
        if k == 0:
            txt = ("GIRO AUS KONTO %s ABSENDER: %s MITTEILUNGEN: %s" if de else
                   "VIREMENT DU COMPTE %s EXPÉDITEUR: %s COMMUNICATIONS: %s") % (
                d.ib("CH"), p.full.upper(), invoice_id())
            cr, db = money(amt(50, 5000), "none"), ""
        elif k == 1:
            txt = ("TWINT SENDEN AN %s" if de else "TWINT ENVOYER À %s") % d.mob("CH")
            cr, db = "", money(amt(5, 300), "none")
        else:
            txt = pick(["KAUF/DIENSTLEISTUNG VOM %s KARTENNUMMER: XXXX%s COOP-%d" % (t.strftime("%d.%m.%Y"), dg(4),
                                                                                   R.randint(1000, 9999)),
                        "E-FINANCE %s SWISSCOM (SCHWEIZ) AG" % dg(8)])
            cr, db = "", money(amt(5, 300), "none")
        bal += float(cr or 0) - float(db or 0)
        out.append(";".join([t.strftime("%Y-%m-%d"), txt, cr, db, t.strftime("%Y-%m-%d"), money(bal, "none")]))
    return "\n".join(out)


def _bank_bcp(d):
    out = ["Consultar saldos e movimentos à ordem - %s" % rdt().strftime("%d-%m-%Y"),
           "Conta;%s - EUR - Conta Corrente" % dg(11), "",
           "Data lançamento;Data valor;Descrição;Montante;Tipo;Saldo"]
    bal = amt(100, 9000)
    for _ in range(R.randint(3, 6)):
        p = Person("pt")
        t = rdt()
        k = pick([0, 1, 1, 1, 2, 3])
        if k == 0:
            desc, a = "MB WAY P/ %s" % d.mob("PT", "n"), -amt(5, 200)
        elif k == 1:
            desc, a = "TRF DE %s %s" % (d.ib("PT"), p.full.upper()), amt(50, 2000)
        elif k == 2:
            desc, a = "PAG SERV %s/%s REF %s" % (dg(5), dg(3), "%s %s %s" % (dg(3), dg(3), dg(3))), -amt(10, 200)
        else:
            desc, a = "COMPRA %s CONTINENTE" % dg(4), -amt(5, 200)
        bal += a
        out.append(";".join([t.strftime("%d-%m-%Y"), t.strftime("%d-%m-%Y"), desc, money(a, "eu"),
                             "Crédito" if a > 0 else "Débito", money(bal, "eu")]))
    return "\n".join(out)


def _bank_bt(d):
    out = ['"Data tranzactie","Data valuta","Descriere","Debit","Credit","Sold"']
    bal = amt(500, 20000)
    for _ in range(R.randint(3, 6)):
        p = Person("ro")
        t = rdt()
        k = pick([0, 0, 1, 2, 2, 3])
        if k == 0:
            desc, a = "Incasare OP - canal electronic;%s;%s;plata chirie %s" % (p.full, d.ib("RO", sp=False),
                                                                               t.strftime("%m.%Y")), amt(500, 3000)
        elif k == 1:
            desc, a = "Transfer BT Pay catre %s;%s" % (d.mob("RO", "n"), p.full), -amt(20, 500)
        elif k == 2:
            desc, a = "Plata OP intra - canal electronic;%s;%s;factura %s" % (
                company("ro")[0], d.ib("RO"), invoice_id()), -amt(100, 5000)
        else:
            desc, a = "Plata la POS %s RON %s KAUFLAND" % (money(amt(10, 500), "none"), dg(6)), -amt(10, 500)
        bal += a
        out.append(csvrow([t.strftime("%d/%m/%Y"), t.strftime("%d/%m/%Y"), desc,
                           money(-a, "eu") if a < 0 else "", money(a, "eu") if a > 0 else "", money(bal, "eu")],
                          ",", "all"))
    return "\n".join(out)


def _bank_privat(d):
    out = ["Виписка з рахунку за період %s - %s" % (rdt().strftime("%d.%m.%Y"), rdt().strftime("%d.%m.%Y")),
           "Дата;Категорія;Картка;Опис операції;Сума в валюті картки;Валюта картки;Залишок на кінець періоду"]
    card_mask = "%s **** **** %s" % (pick(["5168", "4149", "5363", "4731"]), dg(4))
    bal = amt(500, 50000)
    for _ in range(R.randint(3, 5)):
        p = Person("uk")
        t = rdt()
        k = pick([0, 1, 1, 2, 3])
        if k == 0:
            cat, desc, a = "Мобільний зв'язок", "Поповнення мобільного %s" % d.mob("UA"), -amt(50, 300)
        elif k == 1:
            cat, desc, a = "Перекази", "Переказ на рахунок %s %s" % (d.ib("UA"), p.full), -amt(500, 9000)
        elif k == 2:
            cat, desc, a = "Перекази", "Переказ від %s, тел. %s" % (p.full, d.pph(p)), amt(100, 5000)
        else:
            cat, desc, a = "Супермаркети", pick(["АТБ", "Сільпо", "Novus"]), -amt(50, 2000)
        bal += a
        out.append(";".join([t.strftime("%d.%m.%Y %H:%M:%S"), cat, card_mask, desc, "%.2f" % a, "UAH", "%.2f" % bal]))
    return "\n".join(out)


def _bank_maybank(d):
    out = ["ACCOUNT STATEMENT - SAVINGS ACCOUNT-i %s" % ("%s-%s-%s" % (dg(4), dg(4), dg(4))),
           "Date,Description,Amount (RM),Balance (RM)"]
    bal = amt(100, 20000)
    for _ in range(R.randint(3, 6)):
        p = Person("ms")
        t = rdt()
        k = R.randint(0, 3)
        if k == 0:
            desc, a = "DuitNow Transfer to %s %s" % (d.mob("MY", "n"), p.full.upper()), -amt(10, 900)
        elif k == 1:
            desc, a = "DuitNow Transfer from %s" % d.mob("MY"), amt(10, 900)
        elif k == 2:
            desc, a = "IBG CREDIT %s SALARY" % company("ms")[0].upper(), amt(2000, 9000)
        else:
            desc, a = pick(["TNB BILL PAYMENT", "UNIFI PAYMENT", "GRAB*TRANSPORT"]) + " %s" % dg(10), -amt(5, 400)
        bal += a
        out.append(csvrow([t.strftime("%d/%m/%Y"), desc, "%.2f" % a, money(bal, "en")], ",", "min"))
    return "\n".join(out)


def _bank_mpesa(d):
    out = ["M-PESA STATEMENT", "Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance"]
    bal = amt(100, 30000)
    for _ in range(R.randint(3, 6)):
        p = Person("sw")
        p.cc = "KE"
        t = rdt()
        k = R.randint(0, 3)
        if k == 0:
            det, pi, w = "Customer Transfer to %s - %s" % (d.mob("KE", "n"), p.full.upper()), "", amt(50, 5000)
        elif k == 1:
            det, pi, w = "Funds received from - %s %s" % (d.mob("KE", "n"), p.full.upper()), amt(50, 5000), ""
        elif k == 2:
            det, pi, w = "Pay Bill to %d - %s Acc. %s" % (R.randint(100000, 999999), pick(["KPLC PREPAID", "Equity Bank",
                                                                                         "NHIF"]), dg(11)), "", amt(100, 3000)
        else:
            det, pi, w = "Merchant Payment to %d - %s" % (R.randint(100000, 999999), pick(["NAIVAS", "JAVA HOUSE"])), "", amt(50, 900)
        bal += (pi or 0) - (w or 0)
        out.append(csvrow([alnum(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), t.strftime("%Y-%m-%d %H:%M:%S"), det,
                           "Completed", "%.2f" % pi if pi else "", "%.2f" % w if w else "", "%.2f" % bal], ",", "min"))
    return "\n".join(out)


def _bank_santander_mx(d):
    out = ["Fecha,Descripción,Cargo,Abono,Saldo"]
    bal = amt(1000, 90000)
    for _ in range(R.randint(3, 6)):
        p = Person("mx")
        t = rdt()
        k = R.randint(0, 3)
        if k == 0:
            desc, a = "SPEI ENVIADO %s CLABE 0%s REF %s" % (pick(["BANORTE", "BBVA MEXICO", "HSBC"]), dg(17), dg(7)), -amt(100, 9000)
        elif k == 1:
            desc, a = "TRANSFERENCIA CELULAR DIMO %s %s" % (d.pph(p, "n"), p.full.upper()), -amt(50, 3000)
        elif k == 2:
            desc, a = "DEPOSITO SPEI DE %s" % p.full.upper(), amt(500, 20000)
        else:
            desc, a = "PAGO TARJETA %s" % ("*" * 12 + dg(4)), -amt(500, 9000)
        bal += a
        out.append(csvrow([t.strftime("%d/%m/%Y"), desc, "%.2f" % -a if a < 0 else "", "%.2f" % a if a > 0 else "",
                           "%.2f" % bal], ",", "min"))
    return "\n".join(out)


def g_bankcsv(d):
    return pick([_bank_swedbank, _bank_dnb, _bank_garanti, _bank_george, _bank_postfinance, _bank_bcp, _bank_bt,
                 _bank_privat, _bank_maybank, _bank_mpesa, _bank_santander_mx, _bank_george, _bank_garanti, _bank_bt])(d)


def g_excel(d):
    loc = pick(["ca", "ms", "sw", "ja", "sv", "pt", "tr", "ro", "pt", "tr", "ro"])
    hdr = {"ca": ["Nom", "Cognoms", "Telèfon", "Correu electrònic", "Quota (€)", "Data alta"],
           "ms": ["Nama", "No. Telefon", "Emel", "Jabatan", "No. Pekerja", "Tarikh Mula"],
           "sw": ["Jina", "Simu", "Barua pepe", "Kiasi (KSh)", "Tarehe", "Maoni"],
           "ja": ["氏名", "電話番号", "メール", "部署", "社員番号", "入社日"],
           "sv": ["Namn", "Mobil", "E-post", "Avdelning", "Anst.nr", "Startdatum"],
           "pt": ["Nome", "Telemóvel", "Email", "IBAN", "Valor (€)", "Data"],
           "tr": ["Ad Soyad", "Cep Telefonu", "E-posta", "IBAN", "Tutar (TL)", "Tarih"],
           "ro": ["Nume", "Telefon", "Email", "IBAN", "Suma (lei)", "Data"]}[loc]
    rows = ["\t".join(hdr)]
    for _ in range(R.randint(2, 3)):
        p = Person(loc)
        t = rdt()
        if loc == "ca":
            r = [p.first, p.last, d.pph(p), d.em(p.email()), money(amt(10, 120), "eu"), t.strftime("%d/%m/%Y")]
        elif loc in ("ms", "sv", "ja"):
            r = [p.full, d.pph(p), d.em(p.work_email(company(loc)[1])),
                 pick({"ms": ["Kewangan", "Operasi", "IT"], "sv": ["Ekonomi", "Lager", "IT"],
                       "ja": ["営業部", "経理部", "情報システム部"]}[loc]),
                 ("E%05d" % R.randint(1, 99999)), t.strftime("%Y/%m/%d" if loc == "ja" else "%d/%m/%Y")]
        elif loc == "sw":
            r = [p.full, d.pph(p), d.em(p.email()) if chance(0.6) else "", money(amt(500, 20000), "en"),
                 t.strftime("%d/%m/%Y"), pick(["amelipa", "bado", "nusu", "#N/A"])]
        else:
            r = [p.full, d.pph(p), d.em(p.email()), d.ib(L[loc]["iban"]) if chance(0.8) else "",
                 money(amt(20, 2000), "eu"), t.strftime("%d.%m.%Y")]
        if chance(0.15):
            r[R.randint(2, len(r) - 1)] = ""
        rows.append("\t".join(r))
    if chance(0.4):
        rows.append("\t" * (len(hdr) - 2) + pick(["=SUM(E2:E%d)" % len(rows), "TOTAL\t", "Jumla\t"]))
    return "\n".join(rows)


def g_manifest(d):
    t = rdt()
    legs = pick([("ARN", "IST", "TK1794"), ("OSL", "KUL", "QR176"), ("VIE", "NBO", "KQ117"), ("LIS", "GRU", "TP89"),
                 ("OTP", "KBP", "PS702"), ("ZRH", "NRT", "LX160"), ("BCN", "MEX", "AM22")])
    if chance(0.5):
        out = ["MANIFEST   %s   ORIGIN: %s   DEST: %s   DATE: %s   FLIGHT: %s" % (
            pick(["DHL EXPRESS", "AIR CARGO CONSOL", "TNT"]), legs[0], legs[1], t.strftime("%d%b%y").upper(), legs[2]),
            "%-14s%-40s%-22s%-5s%-8s%-12s%s" % ("AWB", "SHIPPER / CONSIGNEE", "TEL", "PCS", "KG", "HS CODE", "VALUE")]
        for _ in range(R.randint(1, 3)):
            s, c = Person(pick(["sv", "nb", "deat", "pt", "ro", "dech", "ca"])), Person(pick(["tr", "ms", "sw", "uk", "ja", "mx"]))
            awb = "%s-%s" % (pick(["235", "157", "706", "724", "047"]), dg(7) + str(R.randint(0, 6)))
            sh = "%s, %s %s" % (company(s.loc)[0][:24], s.zip, s.city.upper())
            co = "%s, %s %s" % (c.full[:20], c.zip, c.city.upper())
            out.append(awb.ljust(14) + sh[:38].ljust(40) + d.ljust(d.pph(s), 22) + str(R.randint(1, 9)).ljust(5) +
                       ("%.1f" % R.uniform(0.5, 90)).ljust(8) + ("%s.%s" % (dg(4), dg(2))).ljust(12) +
                       "EUR " + money(amt(50, 9000), "eu"))
            out.append(" " * 14 + co[:38].ljust(40) + d.ljust(d.pph(c), 22) + ("NOTIFY " + d.em(c.email()) if chance(0.5) else ""))
        return "\n".join(out)
    carrier = pick(["J&T Express MY", "Sendy KE", "CTT Expresso", "Nova Poshta", "Aras Kargo", "Yamato Transport"])
    loc = {"J&T Express MY": "ms", "Sendy KE": "sw", "CTT Expresso": "pt", "Nova Poshta": "uk", "Aras Kargo": "tr",
           "Yamato Transport": "ja"}[carrier]
    out = ["# %s pickup manifest %s" % (carrier, t.strftime("%Y-%m-%d")),
           "waybill,consignee,phone,email,postcode,city,weight_kg,cod_amount,remarks"]
    for _ in range(R.randint(2, 4)):
        p = Person(loc)
        if loc == "sw":
            p.cc = "KE"
        out.append(csvrow([pick(["JT", "SD", "EA", "59", "AR", "YM"]) + dg(12), p.full, d.pph(p),
                           d.em(p.email()) if chance(0.6) else "", p.zip, p.city, "%.2f" % R.uniform(0.1, 30),
                           "%.2f" % amt(0, 500) if chance(0.5) else "0", pick(["", "fragile", "call before delivery",
                                                                             "leave at door"])], ",", "min"))
    return "\n".join(out)


def g_hotel_arrivals(d):
    hotel = pick(["Hotel Arts Barcelona", "Pestana Palace Lisboa", "Hotel Sacher Wien", "Scandic Continental",
                  "The Thief Oslo", "Mandarin Oriental KL", "Hotel Baur au Lac"])
    hloc = {"Hotel Arts Barcelona": "ca", "Pestana Palace Lisboa": "pt", "Hotel Sacher Wien": "deat",
            "Scandic Continental": "sv", "The Thief Oslo": "nb", "Mandarin Oriental KL": "ms",
            "Hotel Baur au Lac": "dech"}[hotel]
    t = rdt()
    w = [10, 22, 6, 10, 10, 5, 9, 28, 20]
    out = ["Arrivals Detailed    %s    %s    Page 1 of %d" % (hotel, t.strftime("%d/%m/%Y"), R.randint(1, 4)),
           "".join(h.ljust(x) for h, x in zip(["Conf.No", "Name", "Room", "Arr", "Dep", "Nts", "Rate", "Guarantee",
                                                "Phone"], w)) + "Email"]
    for _ in range(R.randint(2, 4)):
        p = person(pick(["us", "gb", "de", "fr", "ja", "sv", "mx", "au", "in", hloc]))
        n = R.randint(1, 6)
        g = pick(["CC", "CC", "CC", "CC", "DEP", "CO"])
        if g == "CC":
            brand = pick(["visa", "mc", "amex", "jcb", "diners"])
            code = {"visa": "VI", "mc": "MC", "amex": "AX", "jcb": "JC", "diners": "DC"}[brand]
            guar = "%s %s" % (code, d.card(brand, "compact"))
        else:
            guar = pick(["DEP paid", "Company bill", "6PM hold"])
        row = [str(R.randint(10**7, 10**8)), ("%s, %s" % (p.last.upper(), p.first))[:20], str(R.randint(101, 1899)),
               t.strftime("%d/%m/%y"), (t + _dt.timedelta(days=n)).strftime("%d/%m/%y"), str(n),
               "%.2f" % amt(90, 900)]
        line = "".join(c.ljust(x) for c, x in zip(row, w)) + d.ljust(guar, w[7]) + d.ljust(d.pph(p) if chance(0.45) else "", w[8]) + \
            (d.em(p.email()) if chance(0.35) else "")
        out.append(line.rstrip())
    return "\n".join(out)


def g_ipam(d):
    sep = pick([",", ";", "\t"])
    site = pick(["STO-DC1", "OSL-HQ", "VIE-2", "ZRH-CORE", "NBO-BR", "KUL-DC"])
    cols = ["Address", "Hostname", "Description", "MAC", "VLAN", "Owner", "Serial", "Last seen"]
    out = [csvrow(cols, sep)]
    owner = person(pick(["sv", "nb", "deat", "dech", "sw", "ms"]))
    for _ in range(R.randint(2, 4)):
        six = chance(0.3)
        a = d.ip6(pick(["comp", "ula", "full", "nolz"])) if six else d.ip4(pick(["p10", "p172", "p192"]))
        out.append(csvrow([a, "%s-%s%02d" % (site.lower().split("-")[0], pick(["sw", "ap", "srv", "prn", "cam"]),
                                             R.randint(1, 40)),
                           pick(["Core switch", "Access point 2.OG", "Printer Lager", "NVR", "Hypervisor", ""]),
                           mac(pick([":", "-", "."])), str(R.randint(2, 400)),
                           d.em(owner.work_email(company(owner.loc)[1])) if chance(0.5) else "",
                           serial_no(), rdt().strftime("%Y-%m-%d %H:%M")], sep))
    if chance(0.4):
        out.append(csvrow([d.net4(24, "p10"), "(subnet)", "Gateway %s, DHCP %s" % (d.ip4("p10"), d.ip4("p10")), "", "",
                           "", "", ""], sep))
    return "\n".join(out)


def g_sepa_list(d):
    loc = pick(["deat", "de", "deat", "dech"])
    cc = "AT" if loc == "deat" else ("DE" if loc == "de" else "CH")
    ci = sepa_creditor_id(cc)
    club = pick({"AT": ["Sportunion Mödling", "Musikverein Hallstatt", "Alpenverein Sektion Graz", "FC Blau-Weiß Linz"],
                 "DE": ["TSV Eichenau e.V.", "Chorgemeinschaft Harmonie e.V.", "TC Rot-Weiß Leipzig e.V."],
                 "CH": ["Turnverein Wollishofen", "Jodlerklub Bärgblueme", "FC Altstetten"]}[cc])
    t = rdt()
    out = ["%s - SEPA-Lastschrift Einzug %s" % (club, t.strftime("%d.%m.%Y")), "Gläubiger-ID: %s" % ci, "",
           "Mitglieds-Nr;Name;IBAN;BIC;Mandatsreferenz;Mandatsdatum;Betrag;Verwendungszweck"]
    for _ in range(R.randint(4, 7)):
        p = Person(loc)
        ib = d.ib(pick([cc, cc, cc, "DE", "AT"]))
        if chance(0.1):
            ib = bad_iban(cc)  # mistyped by the member, left unlabelled
        out.append(";".join([str(R.randint(100, 9999)), "%s, %s" % (p.last, p.first), ib,
                             alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + pick(["XXX", ""]),
                             "M-%s-%s" % (t.year, dg(4)), rdt(2015, 2023).strftime("%d.%m.%Y"),
                             money(pick([45, 60, 120, 180, 35.5]), "eu"),
                             "Mitgliedsbeitrag %d" % t.year]))
    if chance(0.5):
        p = Person(loc)
        out += ["", "Rückfragen: Kassier %s, %s, %s" % (p.full, d.pph(p), d.em(p.email()))]
    return "\n".join(out)


def g_openstack(d):
    rows = []
    for _ in range(R.randint(1, 3)):
        nets = "private=%s" % d.ip4(pick(["p10", "p172"]))
        if chance(0.6):
            nets += ", %s" % d.ip6(pick(["comp", "ula"]))
        if chance(0.5):
            nets += "; public=%s" % d.ip4(pick(["pub", "doc"]))
        rows.append([uuid4(), pick(["web", "db", "cache", "worker", "bastion"]) + "-%02d" % R.randint(1, 20),
                     pick(["ACTIVE", "ACTIVE", "SHUTOFF", "ERROR"]), nets,
                     pick(["Ubuntu 22.04", "Debian 12", "Rocky 9.3", "N/A (booted from volume)"]),
                     pick(["m1.small", "m1.large", "c2.xlarge", "g1.gpu"])])
    hdr = ["ID", "Name", "Status", "Networks", "Image", "Flavor"]
    w = [max(d.rlen(r[i]) for r in rows + [hdr]) for i in range(6)]
    sepl = "+" + "+".join("-" * (x + 2) for x in w) + "+"
    def line(r):
        return "| " + " | ".join(c + " " * (x - d.rlen(c)) for c, x in zip(r, w)) + " |"
    out = ["$ openstack server list --project %s" % pick(["shop-prod", "edge", "analytics"]), sepl, line(hdr), sepl]
    out += [line(r) for r in rows] + [sepl]
    return "\n".join(out)


def g_census(d):
    d.ssn_doc_context = True
    cols = pick([["EE SSN", "Relationship", "Last", "First", "DOB", "Gender", "Zip", "Coverage Tier", "Medical Plan",
                  "Email", "Phone", "Hire Date", "Annual Salary"],
                 ["Member SSN", "Rel", "Last Name", "First Name", "Date of Birth", "Sex", "ZIP", "Tier", "Plan",
                  "Home Phone", "Personal Email"]])
    out = [csvrow(cols, ",")]
    for _ in range(R.randint(2, 4)):
        p = Person("us")
        out.append(csvrow(_census_row(d, cols, p, "EE"), ","))
        if chance(0.6):
            s = Person("us")
            s.last = p.last
            out.append(csvrow(_census_row(d, cols, s, pick(["SP", "CH"])), ","))
    if chance(0.3):
        out.append(csvrow(["%s" % pick([bad_ssn("9xx"), "000-00-0000", itin()])] + ["TBD"] * (len(cols) - 1), ","))
    return "Group: %s  Effective %s\n" % (company("us")[0], rdt().strftime("%m/%d/%Y")) + "\n".join(out)


def _census_row(d, cols, p, rel):
    r = []
    for c in cols:
        if "SSN" in c:
            r.append(d.ssn() if chance(0.92) else "")
        elif c in ("Relationship", "Rel"):
            r.append(rel)
        elif c.startswith("Last"):
            r.append(p.last)
        elif c.startswith("First"):
            r.append(p.first)
        elif c in ("DOB", "Date of Birth"):
            r.append(rdt(1960, 2005).strftime("%m/%d/%Y"))
        elif c in ("Gender", "Sex"):
            r.append(pick(["M", "F"]))
        elif c in ("Zip", "ZIP"):
            r.append(p.zip)
        elif c in ("Coverage Tier", "Tier"):
            r.append(pick(["EE", "EE+SP", "EE+CH", "FAM"]))
        elif "Plan" in c:
            r.append(pick(["PPO 500", "HDHP 3000", "HMO Gold"]))
        elif "Email" in c:
            r.append(d.em(p.email()) if rel == "EE" and chance(0.2) else "")
        elif "Phone" in c:
            r.append(d.ph("US") if rel == "EE" and chance(0.25) else "")
        elif c == "Hire Date":
            r.append(rdt(2010, 2024).strftime("%m/%d/%Y") if rel == "EE" else "")
        else:
            r.append("$" + money(amt(30000, 180000), "en") if rel == "EE" else "")
    return r


def g_club(d):
    loc = pick(["nb", "sv", "ca", "nb"])
    if loc == "nb":
        hdr, sep = ["Medlemsnr", "Navn", "Fødselsår", "Mobil", "E-post", "Kontingent 2024", "Betalt"], ";"
    elif loc == "sv":
        hdr, sep = ["Medlemsnummer", "Namn", "Född", "Mobil", "E-post", "Avgift", "Betald"], ","
    else:
        hdr, sep = ["Núm. soci", "Nom i cognoms", "Any naixement", "Mòbil", "Correu", "Quota", "Pagat"], ";"
    out = [{"nb": "Medlemsliste %s IL" % pick(["Skeid", "Lyn", "Kjelsås"]),
            "sv": "Medlemsregister %s IK" % pick(["Hammarby", "Sirius"]),
            "ca": "Llista de socis - Club Excursionista de %s" % pick(["Gràcia", "Sabadell", "Vic"])}[loc], csvrow(hdr, sep)]
    for _ in range(R.randint(2, 4)):
        p = Person(loc)
        out.append(csvrow([str(R.randint(1, 2999)), p.full, str(R.randint(1950, 2015)),
                           d.pph(p) if chance(0.85) else "", d.em(p.email()) if chance(0.7) else "",
                           money(pick([300, 450, 600, 850, 45, 60]), "eu").replace(",00", ""),
                           pick(["ja", "nei", "ja", "sí", "no", "delvis"]) if loc != "sv" else pick(["ja", "nej"])], sep))
    return "\n".join(out)


def g_prepaid(d):
    t = rdt()
    prog = pick(["GIFT-EUR", "PAYROLL-RON", "TRAVEL-SEK", "MEAL-EUR", "INCENTIVE-GBP"])
    brand = pick(["visa", "mc", "maestro"])
    bin6 = card_digits(brand)[:6]
    out = ["BATCH %s-%s / PROGRAM %s / ISSUER BIN %s / GENERATED %s" % (t.strftime("%Y%m%d"), dg(4), prog, bin6,
                                                                       iso(t, 0)),
           "seq|card_number|exp|proxy|load_amount|holder_mobile|holder_email|status"]
    loc = pick(["ro", "sv", "pt", "ca", "gb", "deat", "frbe"])
    for i in range(R.randint(4, 7)):
        p = Person(loc)
        b = bin6 + dg(10 if brand != "maestro" else 10)
        num = luhn_complete(b[:15])
        st = pick(["ACTIVE", "ACTIVE", "PENDING", "BLOCKED"])
        cn = d.v(fmt_card(num, "compact"), CARD) if st != "BLOCKED" or chance(0.5) else fmt_card(num[:6] + "******" + num[-4:], "compact")
        out.append("|".join(["%04d" % (i + 1), cn, "%02d/%d" % (R.randint(1, 12), R.randint(27, 31)),
                             "7" + dg(11), "%.2f" % amt(10, 500), d.pph(p) if chance(0.12) else "",
                             d.em(p.email()) if chance(0.08) else "", st]))
    out.append("TRAILER|%d|%s" % (len(out) - 2, "%.2f" % amt(100, 9000)))
    return "\n".join(out)


def g_look_tables(d):
    k = R.randint(0, 2)
    if k == 0:
        out = ["Week\tProject\tTask\tMon\tTue\tWed\tThu\tFri\tTotal"]
        for _ in range(R.randint(3, 6)):
            hrs = [round(R.uniform(0, 8) * 4) / 4 for _ in range(5)]
            out.append("\t".join(["%d-W%02d" % (rdt().year, R.randint(1, 52)), "PRJ-%s" % dg(4), pick(
                ["Migration", "Support", "Review", "Sprint %d" % R.randint(1, 40)])] + ["%.2f" % h for h in hrs] +
                ["%.2f" % sum(hrs)]))
        return "\n".join(out)
    if k == 1:
        out = ["Pos;Part No.;Description;Qty;Unit;Unit price;Total;Rev"]
        for i in range(R.randint(3, 7)):
            q = R.randint(1, 500)
            pr = amt(0.02, 300)
            out.append(";".join([str((i + 1) * 10), "%s-%s-%s" % (dg(3), dg(4), dg(2)),
                                 pick(["Schraube M6x20 DIN 912", "Kondensator 100nF 0603", "Gehäuse ABS grau",
                                       "Kabel LiYY 4x0.25", "Stecker RJ45 Cat6"]), str(q), "Stk",
                                 money(pr, "eu"), money(pr * q, "eu"), "%s.%d" % (pick("ABC"), R.randint(0, 9))]))
        return "\n".join(out)
    out = ["FLT     ORIG DEST  STD    STA    A/C   REG      BLOCK  DAYS"]
    for _ in range(R.randint(3, 6)):
        out.append("%-7s %s  %s   %02d:%02d  %02d:%02d  %s  %s  %s  %s" % (
            pick(["SK", "DY", "TK", "TP", "OS", "LX", "MH"]) + str(R.randint(100, 9999)),
            pick(["ARN", "OSL", "IST", "LIS", "VIE"]), pick(["CPH", "BCN", "KUL", "NBO", "ZRH"]),
            R.randint(0, 23), R.randint(0, 59), R.randint(0, 23), R.randint(0, 59),
            pick(["A320", "B738", "A333", "E195"]), "%s-%s" % (pick(["SE", "LN", "TC", "CS", "OE"]), alnum(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
            "%d:%02d" % (R.randint(1, 12), R.randint(0, 59)), "".join(pick(["1", "."]) for _ in range(7))))
    return "\n".join(out)


# =============================================================================================
# ~20% e-mails
# =============================================================================================
HDR = {"sv": ("Från", "Skickat", "Till", "Ämne"), "ca": ("De", "Enviat", "Per a", "Assumpte"),
       "pt": ("De", "Enviado", "Para", "Assunto"), "deat": ("Von", "Gesendet", "An", "Betreff"),
       "dech": ("Von", "Gesendet", "An", "Betreff"), "de": ("Von", "Gesendet", "An", "Betreff"),
       "ms": ("Daripada", "Dihantar", "Kepada", "Perkara"), "tr": ("Kimden", "Gönderildi", "Kime", "Konu"),
       "ro": ("De la", "Trimis", "Către", "Subiect"), "uk": ("Від", "Надіслано", "Кому", "Тема"),
       "ja": ("差出人", "送信日時", "宛先", "件名"), "nb": ("Fra", "Sendt", "Til", "Emne"),
       "frbe": ("De", "Envoyé", "À", "Objet"), "frch": ("De", "Envoyé", "À", "Objet"),
       "frca": ("De", "Envoyé", "À", "Objet"), "fr": ("De", "Envoyé", "À", "Objet"),
       "mx": ("De", "Enviado el", "Para", "Asunto"), "ar": ("De", "Enviado el", "Para", "Asunto"),
       "sw": ("Kutoka", "Imetumwa", "Kwa", "Mada")}


def mail_hdr(loc, frm, to, subj, t):
    """frm / to: (display name, marker)."""
    style = R.choices([0, 1, 2, 3], [10, 25, 10, 55])[0]
    lab = HDR.get(loc, ("From", "Sent", "To", "Subject"))
    if style == 0:
        return "From: %s <%s>\nTo: %s <%s>\nSubject: %s\nDate: %s\n\n" % (frm[0], frm[1], to[0], to[1], subj,
                                                                       rfc2822(t, pick(["+0100", "+0200", "+0000", "+0300"])))
    if style == 1:
        return "%s: %s <%s>\n%s: %s\n%s: %s <%s>\n%s: %s\n\n" % (lab[0], frm[0], frm[1], lab[1], t.strftime("%d.%m.%Y %H:%M"),
                                                               lab[2], to[0], to[1], lab[3], subj)
    if style == 3:
        return "%s: %s\n%s: %s\n%s: %s\n%s: %s\n\n" % (lab[0], frm[0], lab[1], t.strftime("%d.%m.%Y %H:%M"),
                                                         lab[2], to[0], lab[3], subj)
    return "%s: %s [mailto:%s]\n%s: %s\n%s: %s\n%s: %s\n\n" % (lab[0], frm[0], frm[1], lab[1], t.strftime("%Y-%m-%d %H:%M"),
                                                              lab[2], to[1], lab[3], subj)


HOTEL_TXT = {
    "sv": ("Bokningsbekräftelse %s", "Hej %s,", "Tack för din bokning på %s!", "Ankomst", "Avresa", "Rum", "Totalt",
           "Garanti", "Har du frågor? Ring oss på %s eller mejla %s.", "Välkommen!", "Dubbelrum Superior",
           "Här är kortet för garantin: %s, giltigt till %s. Vi kommer runt 23, är det ok?"),
    "ca": ("Confirmació de reserva %s", "Hola %s,", "Gràcies per reservar a %s.", "Arribada", "Sortida", "Habitació",
           "Total", "Garantia", "Per a qualsevol dubte truca'ns al %s o escriu a %s.", "Fins aviat!",
           "Doble amb vistes al mar", "Us envio la targeta per a la garantia: %s, caduca el %s. Arribarem tard."),
    "pt": ("Confirmação de reserva %s", "Olá %s,", "Obrigado por escolher o %s.", "Chegada", "Partida", "Quarto",
           "Total", "Garantia", "Para qualquer questão ligue %s ou escreva para %s.", "Até breve!",
           "Quarto Duplo Clássico", "Segue o cartão para garantia: %s, validade %s. Chegamos depois das 22h."),
    "deat": ("Buchungsbestätigung %s", "Sehr geehrte/r %s,", "vielen Dank für Ihre Buchung im %s.", "Anreise",
             "Abreise", "Zimmer", "Gesamt", "Garantie", "Bei Fragen erreichen Sie uns unter %s oder %s.",
             "Wir freuen uns auf Ihren Besuch!", "Doppelzimmer Deluxe",
             "anbei die Kreditkarte zur Garantie: %s, gültig bis %s. Wir reisen erst gegen 22 Uhr an."),
    "ms": ("Pengesahan Tempahan %s", "Salam sejahtera %s,", "Terima kasih kerana menempah di %s.", "Daftar masuk",
           "Daftar keluar", "Bilik", "Jumlah", "Jaminan", "Sebarang pertanyaan, hubungi %s atau emel %s.",
           "Jumpa nanti!", "Bilik Deluxe King", "Ini kad untuk jaminan: %s, tamat tempoh %s. Kami sampai lewat malam."),
    "gb": ("Booking confirmation %s", "Dear %s,", "Thank you for booking with %s.", "Arrival", "Departure", "Room",
           "Total", "Guarantee", "Questions? Call us on %s or email %s.", "We look forward to welcoming you.",
           "Superior Double", "Here's the card for the guarantee: %s, expiry %s. We'll arrive after 11pm."),
}


def g_hotel_mail(d):
    loc = pick(list(HOTEL_TXT))
    T = HOTEL_TXT[loc]
    hname, hdom = pick({"sv": [("Hotell Kvarnby", "hotellkvarnby.se")], "ca": [("Hotel Mar de Sitges", "hotelmarsitges.cat")],
                        "pt": [("Hotel Ribeira do Porto", "ribeiraporto.pt")], "deat": [("Hotel Alpenrose Kitzbühel", "alpenrose-kitz.at")],
                        "ms": [("Hotel Seri Pantai Langkawi", "seripantai.com.my")], "gb": [("The Harbour Hotel Whitby", "harbourwhitby.co.uk")]}[loc])
    hcc = {"sv": "SE", "ca": "ES", "pt": "PT", "deat": "AT", "ms": "MY", "gb": "GB"}[loc]
    guest = person(pick(["us", "gb", "de", "fr", "nb", "ja", "au", "nl", loc if loc != "gb" else "ie"]))
    t = rdt()
    arr = t + _dt.timedelta(days=R.randint(3, 90))
    n = R.randint(1, 7)
    conf = pick(["%d" % R.randint(10**7, 10**9), alnum(6), "%s-%s" % (alnum(3), dg(5))])
    gm = d.em(guest.email())
    hm = d.em(role(hdom, "reservas" if loc in ("ca", "pt") else "booking", "reservations", "info"))
    brand = pick(["visa", "mc", "amex"])
    masked_card = pick(["Visa **** %s" % dg(4), "Mastercard ending %s" % dg(4), "AMEX xxxx-xxxxxx-x%s" % dg(4)])
    body = T[1] % guest.first + "\n\n" + T[2] % hname + "\n\n"
    body += "%s: %s\n%s: %s\n%s: %s\n%s: %s %s\n%s: %s\n%s: %s\n" % (
        pick(["Booking no.", "Ref.", "Nr."]), conf, T[3], arr.strftime("%d.%m.%Y"), T[4],
        (arr + _dt.timedelta(days=n)).strftime("%d.%m.%Y"), T[5], T[10], "x%d" % n, T[6],
        money(amt(90, 400) * n, {"sv": "sp", "ca": "eu", "pt": "eu", "deat": "eu", "ms": "en", "gb": "en"}[loc]) +
        {"sv": " SEK", "ca": " EUR", "pt": " EUR", "deat": " EUR", "ms": " MYR", "gb": " GBP"}[loc], T[7], masked_card)
    body += "\n" + T[8] % (d.ph(hcc), hm if chance(0.3) else "www." + hdom) + "\n\n" + T[9] + "\n%s\n%s" % (hname, d.ph(hcc, "i") if chance(0.5) else "www." + hdom)
    txt = mail_hdr(loc, (hname, hm), (guest.latin, gm), T[0] % conf, t) + body
    if chance(0.75):
        reply = T[11] % (d.card(brand), "%02d/%d" % (R.randint(1, 12), R.randint(26, 31)))
        reply += "\n%s\n%s" % (guest.latin, d.pph(guest) if chance(0.35) else "")
        quoted = "\n".join("> " + x if x else ">" for x in txt.split("\n"))
        txt = mail_hdr(loc, (guest.latin, gm), (hname, hm), "Re: " + T[0] % conf, later(t, 3600, 86400)) + \
            reply.rstrip() + "\n\n" + quoted
    return txt


AIR_TXT = {
    "tr": ("E-BİLET YOLCU MAKBUZU / E-TICKET RECEIPT", "Yolcu", "Bilet No", "Rezervasyon Kodu (PNR)", "Uçuş",
           "Ödeme", "Kredi Kartı", "İletişim", "Sorularınız için %s numaralı çağrı merkezimizi arayabilirsiniz."),
    "ms": ("RESIT PENUMPANG E-TIKET", "Penumpang", "No. Tiket", "Kod Tempahan", "Penerbangan", "Bayaran",
           "Kad Kredit", "Hubungan", "Untuk pertanyaan sila hubungi %s."),
    "mx": ("RECIBO DE PASAJERO - BOLETO ELECTRÓNICO", "Pasajero", "No. de boleto", "Clave de reservación",
           "Vuelo", "Forma de pago", "Tarjeta de crédito", "Contacto", "Para dudas llame al %s."),
    "za": ("E-TICKET PASSENGER ITINERARY RECEIPT", "Passenger", "Ticket number", "Booking reference", "Flight",
           "Form of payment", "Credit card", "Contact", "For assistance call %s."),
}


def g_airline(d):
    loc = pick(list(AIR_TXT))
    T = AIR_TXT[loc]
    p = Person(loc)
    if loc == "za":
        p.cc = "ZA"
    al = {"tr": ("Türk Hava Yolları", "235", "TK", "TR"), "ms": ("Malaysia Airlines", "232", "MH", "MY"),
          "mx": ("Aeroméxico", "139", "AM", "MX"), "za": ("Airlink", "749", "4Z", "ZA")}[loc]
    t = rdt()
    pnr = alnum(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    tkt = "%s %s" % (al[1], dg(10)) if chance(0.5) else "%s-%s" % (al[1], dg(10))
    lines = [T[0], al[0], "", "%s: %s/%s %s" % (T[1], p.last.upper(), p.first.upper(), pick(["MR", "MS", "MRS"])),
             "%s: %s" % (T[2], tkt), "%s: %s" % (T[3], pnr),
             "%s: %s%d  %s  %s-%s  %s  %s" % (T[4], al[2], R.randint(10, 2999), t.strftime("%d%b").upper(),
                                             *{"tr": ("IST", pick(["ESB", "AYT", "ADB", "TZX"])), "ms": ("KUL", pick(["PEN", "BKI", "LGK", "KCH"])),
                                               "mx": ("MEX", pick(["CUN", "GDL", "MTY", "TIJ"])), "za": ("JNB", pick(["CPT", "DUR", "PLZ"]))}[loc],
                                             "%02d:%02d" % (R.randint(5, 23), R.randint(0, 59)), pick(["Y", "B", "M"])),
             "%s: %s %s" % (T[5], T[6], pick(["%s%s******%s" % (pick(["4", "5"]), dg(5), dg(4)),
                                              "XXXXXXXXXXXX%s" % dg(4), "%s **** **** %s" % (pick(["4543", "5521"]), dg(4))])),
             "Total: %s %s" % ({"tr": "TRY", "ms": "MYR", "mx": "MXN", "za": "ZAR"}[loc], money(amt(900, 20000), "eu" if loc == "tr" else "en")),
             "", "%s: %s / %s" % (T[7], d.pph(p), d.em(p.email())), "", T[8] % d.ph(al[3], pick(["n", "i"]))]
    if chance(0.4):
        lines.insert(5, "Frequent flyer: %s %s" % (al[2], dg(9)))
    body = "\n".join(lines)
    if chance(0.5):
        agent = company(loc)
        body = mail_hdr(loc, (al[0], d.em(role(pick(["ebilet.example.com.tr", "booking.example.my", "reservaciones.example.mx",
                                                   "eticket.example.co.za"]), "noreply", "eticket"))),
                        (p.latin, d.em(p.email())), "%s %s" % (T[0].split(" / ")[0].title(), pnr), t) + body
        if chance(0.4):
            body += "\n\n--\n%s\n%s | %s" % (agent[0], d.ph(al[3]), d.em(role(agent[1], "info", "rezervasyon", "tempahan")))
    return body


MED_TXT = {
    "nb": ("Innkalling til time", "Du har fått time ved %s.", "Tid: %s kl. %s", "Sted: %s",
           "Har du spørsmål eller må endre timen, ring %s (hverdager 08-15) eller send e-post til %s.",
           "Fødselsnummer: %s %s", "Ta med legitimasjon. Timen koster %s kr hvis den ikke avbestilles senest 24 timer før."),
    "deat": ("Terminbestätigung", "Ihr Termin in der %s wurde bestätigt.", "Datum: %s um %s Uhr", "Ort: %s",
             "Für Rückfragen oder Terminänderungen: Tel. %s, E-Mail %s.", "SV-Nummer: %s %s",
             "Bitte bringen Sie Ihre e-card und Vorbefunde mit. Selbstbehalt € %s."),
    "frch": ("Convocation", "Un rendez-vous vous a été fixé au %s.", "Date : %s à %s", "Lieu : %s",
             "Pour toute question ou annulation : %s ou %s.", "N° AVS : %s (%s)",
             "Merci de vous présenter 15 minutes avant. Franchise estimée CHF %s."),
    "ie": ("Outpatient appointment", "You have been given an appointment at %s.", "Date: %s at %s", "Location: %s",
           "To change or cancel, phone %s or email %s.", "MRN: %s (%s)", "Please bring a list of your medications. "
           "The public outpatient charge of EUR %s may apply."),
    "sv": ("Kallelse", "Du är välkommen till %s.", "Datum: %s kl. %s", "Plats: %s",
           "Vid förhinder ring %s eller mejla %s (svarar inom 2 arbetsdagar).", "Personnummer: %s %s",
           "Uteblivet besök debiteras med %s kr."),
}


def g_medical(d):
    loc = pick(list(MED_TXT))
    T = MED_TXT[loc]
    p = Person(loc)
    clinic = pick({"nb": ["Oslo universitetssykehus, Ullevål, Øre-nese-hals poliklinikk", "Haukeland universitetssjukehus, Hudpoliklinikken"],
                   "deat": ["Ordination Dr. Huber, Fachärztin für Dermatologie", "LKH Graz, Ambulanz für Orthopädie"],
                   "frch": ["CHUV, Service d'ophtalmologie", "HUG, Consultation de cardiologie"],
                   "ie": ["St. James's Hospital, Dermatology OPD", "Cork University Hospital, Fracture Clinic"],
                   "sv": ["Sahlgrenska Universitetssjukhuset, Hjärtmottagningen", "Södersjukhuset, Ortopedmottagningen"]}[loc])
    cdom = pick({"nb": ["ous-hf.no", "helse-bergen.no"], "deat": ["derma-huber.at", "kages.at"], "frch": ["chuv.ch", "hcuge.ch"],
                 "ie": ["stjames.ie", "hse.ie"], "sv": ["vgregion.se", "sll.se"]}[loc])
    t = rdt()
    ap = t + _dt.timedelta(days=R.randint(5, 60))
    natid = {"nb": "%s %s" % (ap.strftime("%d%m") + dg(2), dg(5)), "deat": "%s %s" % (dg(4), ap.strftime("%d%m%y")),
             "frch": "756.%s.%s.%s" % (dg(4), dg(4), dg(2)), "ie": "%s" % dg(7),
             "sv": "%s-%s" % (rdt(1950, 2005).strftime("%y%m%d"), dg(4))}[loc]
    clinic_ph = d.ph(L[loc]["cc"])
    lines = [T[0], "", p.full, p.zip + " " + p.city, "", T[5] % (natid, ""), "", T[1] % clinic,
             T[2] % (ap.strftime("%d.%m.%Y"), "%02d:%02d" % (R.randint(7, 15), pick([0, 15, 20, 30, 40, 45]))),
             T[3] % clinic.split(",")[0], "", T[4] % (clinic_ph, (lambda e: e)(d.em(role(cdom, "poliklinikk", "termine", "rdv",
                                                                          "outpatients", "mottagning")))),
             T[6] % pick(["350", "70", "150", "80", "400"])]
    if chance(0.5):
        lines.append("SMS: %s" % d.pph(p) if loc != "ja" else "")
    body = "\n".join(x.rstrip() for x in lines).replace(" ()", "")
    if chance(0.6):
        body = mail_hdr(loc, (clinic.split(",")[0], d.em(role(cdom, "noreply", "no-reply", "timebestilling"))),
                        (p.full, d.em(p.email())), T[0] + " " + ap.strftime("%d.%m.%Y"), t) + body
    return body


def g_invoice_ocr(d):
    loc = pick(["ro", "dech", "pt", "sv", "uk", "ms"])
    sup = company(loc)
    p = Person(loc)
    t = rdt()
    total = amt(50, 20000)
    noise = lambda s: s.replace("l", pick(["l", "l", "1"])) if chance(0.3) else s
    if loc == "ro":
        body = ["FACTURA FISCALA", "Seria %s nr. %s" % (alnum(2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), dg(6)),
                "Data emiterii: %s" % t.strftime("%d.%m.%Y"), "Furnizor: %s" % sup[0],
                "CUI: RO%s   Nr. Reg. Com.: J%02d/%d/%d" % (dg(8), R.randint(1, 52), R.randint(100, 9999), R.randint(2005, 2023)),
                "IBAN: %s   Banca Transilvania" % d.ib("RO"), "Tel: %s   E-mail: %s" % (d.ph("RO"), d.em(role(sup[1], "facturare", "contabilitate"))),
                "Cumparator: %s" % p.full, "Nr.  Denumire              UM   Cant.  Pret unitar  Valoare",
                "1    Servicii mentenanta   ora  %d     %s       %s" % (R.randint(1, 40), money(amt(50, 300), "eu"), money(total, "eu")),
                "TOTAL DE PLATA: %s lei" % money(total * 1.19, "eu")]
    elif loc == "dech":
        body = ["Empfangsschein", "Konto / Zahlbar an", d.ib("CH", sp=True), sup[0], "Referenz",
                "%s %s %s %s %s %s" % (dg(2), dg(5), dg(5), dg(5), dg(5), dg(5)), "Zahlbar durch", p.full, p.zip + " " + p.city,
                "Währung  Betrag", "CHF      %s" % money(total, "ch").replace("'", " "), "Annahmestelle", "",
                "Rechnung Nr. %s vom %s, zahlbar innert 30 Tagen. Fragen: %s / %s" % (
                    invoice_id(), t.strftime("%d.%m.%Y"), d.ph("CH"), d.em(role(sup[1], "buchhaltung", "info")))]
    elif loc == "pt":
        body = ["FATURA %s" % invoice_id(), "%s  NIF %s" % (sup[0], dg(9)), "Tel. %s | %s" % (d.ph("PT"), d.em(role(sup[1], "geral", "faturacao"))),
                "Cliente: %s   NIF: %s" % (p.full, "%s %s %s" % (dg(3), dg(3), dg(3))), "Data: %s   Vencimento: %s" % (
                    t.strftime("%Y-%m-%d"), (t + _dt.timedelta(days=30)).strftime("%Y-%m-%d")),
                "Descrição                     Qtd   Preço     IVA   Total", "Caixa vinho tinto Douro DOC   %d    %s   23%%  %s" % (
                    R.randint(1, 20), money(amt(20, 90), "eu"), money(total, "eu")),
                "Total a pagar: %s EUR" % money(total * 1.23, "eu"), "Pagamento por transferência para o IBAN %s" % d.ib("PT"),
                "ATCUD: %s-%s" % (alnum(8), dg(4))]
    elif loc == "sv":
        body = ["FAKTURA", "Fakturanr %s   Fakturadatum %s   Förfallodatum %s" % (dg(5), t.strftime("%Y-%m-%d"),
                                                                                 (t + _dt.timedelta(days=30)).strftime("%Y-%m-%d")),
                sup[0], "Org.nr %s-%s   Momsreg.nr SE%s01" % (dg(6), dg(4), dg(10)),
                "Bankgiro %s-%s   IBAN %s   BIC %s" % (dg(4), dg(4), d.ib("SE"), pick(["SWEDSESS", "ESSESESS", "HANDSESS"])),
                "OCR %s" % luhn_complete(dg(9)), "Att betala: %s kr" % money(total, "sp"),
                "Frågor om fakturan: %s, %s" % (d.ph("SE"), d.em(role(sup[1], "ekonomi", "faktura")))]
    elif loc == "uk":
        body = ["РАХУНОК-ФАКТУРА № %s від %s" % (dg(4), t.strftime("%d.%m.%Y")), "Постачальник: %s" % sup[0],
                "ЄДРПОУ %s, ІПН %s" % (dg(8), dg(12)), "р/р %s в АТ КБ «ПриватБанк»" % d.ib("UA"),
                "тел. %s, e-mail: %s" % (d.ph("UA"), d.em(role(sup[1], "buh", "office"))), "Покупець: %s" % p.full,
                "Всього до сплати: %s грн" % money(total, "sp"), "у т.ч. ПДВ 20%%: %s грн" % money(total / 6, "sp")]
    else:
        body = ["INVOIS / INVOICE %s" % invoice_id(), sup[0], "(%s-%s)  SST No: W10-%s-%s" % (dg(6), alnum(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                                                                                           dg(4), dg(8)),
                "Tel: %s  Fax: %s" % (d.ph("MY"), d.ph("MY", "n")), "Email: %s" % d.em(role(sup[1], "accounts", "admin")),
                "Bill To: %s" % p.full, "Jumlah / Total: RM %s" % money(total, "en"),
                "Bank: Maybank  Acc No: %s %s %s" % (dg(4), dg(4), dg(4))]
    ocr = "\n".join(noise(x) for x in body)
    intro = pick(["Forwarding the OCR output of the attached scan, please book it:", "OCR text (auto-extracted):",
                  "--- extracted text from %s.pdf ---" % pick(["scan_%s" % dg(6), "invoice", "factura", "faktura"]),
                  "Hi, the PDF didn't come through, pasting the text:"])
    acc = Person(pick(["gb", "nl", "de", "sv", loc if loc != "dech" else "de"]))
    return mail_hdr("gb", (acc.latin, d.em(acc.work_email("grachtenfiets.nl"))),
                    ("Accounts Payable", d.em(role("grachtenfiets.nl", "ap", "invoices"))),
                    "Fwd: %s" % pick(["Invoice", "Factura", "Faktura", "Fatura", "Рахунок"]), t) + intro + "\n\n" + ocr


def g_vendor_change(d):
    loc = pick(["gb", "us", "ie", "frbe", "dech", "nl"])
    sup = company(loc if loc in COMPANIES else "gb")
    p = Person(loc)
    cust = Person(pick(["gb", "de", "nl", "sv"]))
    t = rdt()
    cc = L[loc]["iban"] or "GB"
    old, new = d.ib(cc), d.ib(pick([cc, cc, "LT", "GB", "IE"]))
    if loc == "frbe":
        body = ("Madame, Monsieur,\n\nSuite à un changement de banque, nous vous prions de bien vouloir mettre à jour "
                "nos coordonnées bancaires à partir du %s :\n\nAncien compte : %s\nNouveau compte : %s\nBIC : %s\n\n"
                "Pour toute vérification, contactez %s au %s.\n\nCordialement,\n%s\n%s" % (
                    t.strftime("%d/%m/%Y"), old, new, alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), p.full, d.pph(p), p.full, sup[0]))
    elif loc == "dech":
        body = ("Sehr geehrte Damen und Herren\n\nBitte beachten Sie, dass unsere Bankverbindung per %s ändert.\n"
                "Bisher: %s\nNeu: %s (lautend auf %s)\n\nBei Fragen erreichen Sie mich unter %s.\n\nFreundliche Grüsse\n%s" % (
                    t.strftime("%d.%m.%Y"), old, new, sup[0], d.pph(p), p.full))
    else:
        body = pick([
            "Hi,\n\nPlease note our bank details have changed. With immediate effect please remit all payments to:\n\n"
            "Account name: %s\nIBAN: %s\nSWIFT: %s\n\nOur previous account (%s) will be closed at the end of the month. "
            "Kindly confirm once updated.\n\nRegards,\n%s\nAccounts Receivable\n%s" % (
                sup[0], new, alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), old, p.full, d.pph(p)),
            "Hello %s,\n\nAs discussed on the phone, here are the updated remittance details for invoice %s:\n"
            "IBAN %s\nPlease DO NOT use %s any more.\nIf anything is unclear call me directly on %s.\n\nThanks,\n%s" % (
                cust.first, invoice_id(), new, old, d.pph(p), p.full),
        ])
    hdrs = mail_hdr(loc, (p.latin, d.em(p.work_email(sup[1]))), (cust.latin, d.em(cust.work_email("grachtenfiets.nl"))),
                    {"frbe": "Changement de coordonnées bancaires", "dech": "Neue Bankverbindung"}.get(
                        loc, pick(["Updated bank details", "Change of bank account", "URGENT: new remittance details"])), t)
    if chance(0.35):
        hdrs = "X-Originating-IP: [%s]\n" % d.ip4("pub") + hdrs
    if chance(0.5):
        body += "\n\nPS: for %s invoices please keep using our %s account %s." % (
            pick(["EUR", "GBP", "CHF", "USD"]), pick(["second", "foreign-currency", "other"]),
            d.ib(pick(["DE", "NL", "IE", "GB", "CH", "BE", "LU"])))
    if chance(0.3):
        body += "\n\n[AP note: verified by call-back to %s from the vendor master, not the number above. %s]" % (
            d.ph(L[loc]["cc"]), cust.first)
    return hdrs + body


def g_us_hr(d):
    p, hr = Person("us"), Person("us")
    dom = company("us")[1]
    t = rdt()
    k = R.randint(0, 4)
    if k == 0:
        subj = "New hire paperwork - %s" % p.full
        body = ("Hi %s,\n\nWelcome aboard! To finish your I-9 and W-4 I still need to confirm a couple of things:\n\n"
                "- SSN as it appears on your card: %s\n- Mailing address ZIP: %s\n- Best phone: %s\n\nIf anything is wrong "
                "reply here or call me at %s.\n\n%s\nPeople Ops" % (p.first, d.ssn(), p.zip, d.ph("US"), d.ph("US", ext=True),
                                                                    hr.full))
    elif k == 1:
        subj = "W-2 correction (%d)" % (t.year - 1)
        body = ("%s,\n\nThe W-2 for %s was issued with the wrong Social Security number (%s). The correct SSN is %s. "
                "We will file a W-2c; no action needed from you. Questions: %s.\n\nPayroll" % (
                    hr.first, p.full, d.ssn(), d.ssn(), d.em(role(dom, "payroll"))))
    elif k == 2:
        subj = "Benefits enrollment - dependent info"
        kid = Person("us")
        body = ("Hi,\n\nAdding my son %s %s to my medical plan. His social security number is %s and DOB %s. My SSN is "
                "%s if you need it. Not %s - that's the one the portal autofilled, no idea where it came from.\n\n"
                "Thanks,\n%s\n%s" % (kid.first, p.last, d.ssn(), rdt(2008, 2022).strftime("%m/%d/%Y"), d.ssn(),
                                    bad_ssn(pick(["9xx", "666", "000"])), p.full, d.ph("US")))
    elif k == 3:
        subj = "Re: direct deposit"
        body = ("Sure - routing %s, account ending %s. For the record my SSN is %s (last four %s). You can text me at %s.\n"
                "\n> On %s, %s <%s> wrote:\n> Can you confirm your banking info and SSN for payroll setup?" % (
                    "0" + dg(8), dg(4), d.ssn(), dg(4), d.ph("US"), t.strftime("%a, %b %d, %Y"), hr.full,
                    d.em(hr.work_email(dom))))
    else:
        subj = "Contractor 1099 info"
        body = ("Hello,\n\nFor the 1099-NEC please use my TIN (SSN) %s. I'm a sole proprietor, no EIN. ITIN %s belongs to "
                "my spouse and should not be used.\nInvoice %s attached.\n\n%s\n%s | %s" % (
                    d.ssn(), itin(), invoice_id(), p.full, d.ph("US"), d.em(p.email())))
    return mail_hdr("us", (p.full if k != 1 else hr.full, d.em(p.email() if k != 1 else hr.work_email(dom))),
                    (hr.full, d.em(hr.work_email(dom))), subj, t) + body


SUPPORT_LOC = {
    "ar": ("Transcripción de tu chat con Soporte", "cliente", "agente", [
        "Hola, me cobraron dos veces la suscripción", "¿Me pasás el mail de la cuenta?", "Es %s",
        "Gracias. Veo dos cobros con la tarjeta terminada en %s", "Sí, y tengo otra tarjeta %s por si hace falta",
        "No hace falta, ¡por favor no compartas el número completo por chat! Te devolvemos el importe.",
        "Dale. Mi celu es %s por si necesitan algo", "Perfecto, te llamamos si hay novedades. ¡Buen día!"]),
    "frca": ("Transcription de votre clavardage", "client", "agent", [
        "Bonjour, ma commande n'est jamais arrivée", "Quelle est l'adresse courriel du compte?", "C'est %s",
        "Merci. Je vois un paiement avec la carte se terminant par %s", "Oui, mais j'ai payé avec %s finalement",
        "Merci de ne pas écrire le numéro complet de la carte dans le clavardage. Je l'ai masqué.",
        "OK. Vous pouvez me rappeler au %s", "Parfait, un agent vous contactera d'ici 48 h."]),
    "sw": ("Nakala ya mazungumzo yako na Huduma kwa Wateja", "mteja", "wakala", [
        "Habari, nimelipa mara mbili kwa M-Pesa", "Pole sana. Barua pepe ya akaunti yako ni ipi?", "Ni %s",
        "Asante. Naona malipo mawili, moja kwa kadi inayoishia %s", "Ndiyo, kadi yangu ni %s",
        "Tafadhali usitume namba kamili ya kadi hapa. Tutarudisha pesa ndani ya siku 5.",
        "Sawa. Nipigie kwa %s", "Sawa, tutakupigia. Asante!"]),
    "ms": ("Transkrip sembang anda dengan Khidmat Pelanggan", "pelanggan", "ejen", [
        "Hai, saya dicaj dua kali", "Boleh beri emel akaun anda?", "Emel saya %s",
        "Terima kasih. Saya nampak caj pada kad berakhir %s", "Ya betul, nombor kad saya %s",
        "Mohon jangan kongsi nombor kad penuh dalam sembang ya. Bayaran balik akan diproses.",
        "Ok. Nombor telefon saya %s", "Baik, kami akan hubungi anda. Terima kasih!"]),
    "ca": ("Transcripció del teu xat amb Atenció al client", "client", "agent", [
        "Bon dia, m'han cobrat dues vegades", "Em pots donar el correu del compte?", "És %s",
        "Gràcies. Veig un càrrec a la targeta acabada en %s", "Sí, la targeta és %s",
        "Si us plau, no escriguis el número sencer de la targeta al xat. Et retornem l'import.",
        "D'acord. El meu mòbil és %s", "Perfecte, et trucarem si cal."]),
    "tr": ("Canlı destek görüşme dökümünüz", "müşteri", "temsilci", [
        "Merhaba, iki kez ücret alındı", "Hesabınıza kayıtlı e-posta adresi nedir?", "%s",
        "Teşekkürler. Sonu %s ile biten kartta iki işlem görüyorum", "Evet, kart numaram %s",
        "Lütfen kart numaranın tamamını sohbette paylaşmayın. İade başlatıldı.",
        "Tamam. Telefonum %s", "Teşekkürler, gerekirse sizi arayacağız."]),
}


def g_support_mail(d):
    loc = pick(list(SUPPORT_LOC))
    T = SUPPORT_LOC[loc]
    p = Person(loc)
    ag = Person(loc)
    t = rdt()
    cn = card()
    last4 = re.sub(r"\D", "", cn)[-4:]
    msgs = T[3]
    vals = [None, None, d.em(p.email()), last4, d.v(cn, CARD) if chance(0.8) else bad_card(), None, d.pph(p), None]
    lines = []
    for i, m in enumerate(msgs):
        t = later(t, 5, 120)
        who = "%s (%s)" % (p.first, T[1]) if i % 2 == 0 else "%s (%s)" % (ag.first, T[2])
        txt = m % vals[i] if "%s" in m else m
        lines.append("[%s] %s: %s" % (t.strftime("%H:%M"), who, txt))
    if chance(0.4):
        lines.insert(0, "IP: %s · %s" % (d.ip(), pick(["Chrome %d" % R.randint(110, 130), "Safari 17", "Firefox 124"])))
    body = T[0] + " — " + t.strftime("%d/%m/%Y") + "\n\n" + "\n".join(lines)
    return mail_hdr(loc, ("Support", d.em("support@" + pick(["helpdesk.example.com", company(loc)[1]]))),
                    (p.full, d.em(p.email())), T[0], t) + body


def g_deposit(d):
    loc = pick(["ca", "ro", "uk", "pt"])
    p, ll = Person(loc), Person(loc)
    t = rdt()
    cc = L[loc]["iban"]
    if loc == "ca":
        body = ("Hola %s,\n\nJa he revisat el pis del carrer %s i està tot correcte, així que et retorno la fiança de %s €. "
                "Em confirmes que el compte és %s? L'últim mes vas pagar des de %s, que no sé si encara és teu.\n\n"
                "Qualsevol cosa, truca'm al %s.\n\nSalutacions,\n%s" % (
                    p.first, pick(["Verdi", "Major de Sarrià", "Sant Pere"]), money(amt(600, 2400), "eu"), d.ib("ES"),
                    d.ib("ES", sp=False), d.pph(ll), ll.full))
    elif loc == "ro":
        body = ("Bună ziua %s,\n\nVă returnez garanția de %s lei în contul %s. Vă rog să-mi confirmați că e corect; dacă "
                "preferați, pot trimite și în contul vechi, %s.\nPentru predarea cheilor sunați-mă la %s.\n\nO zi bună,\n%s" % (
                    p.full, money(amt(1000, 6000), "eu"), d.ib("RO"), d.ib("RO"), d.pph(ll), ll.full))
    elif loc == "uk":
        body = ("Добрий день, %s!\n\nПовертаю вам заставу %s грн за квартиру на вул. %s. Будь ласка, підтвердіть рахунок "
                "%s. Якщо зручніше на картку — напишіть номер. Мій телефон %s, пошта %s.\n\nЗ повагою,\n%s" % (
                    p.first, money(amt(5000, 30000), "sp"), pick(["Хрещатик", "Сагайдачного", "Франка"]), d.ib("UA"),
                    d.pph(ll), d.em(ll.email()), ll.full))
    else:
        body = ("Olá %s,\n\nFiz a vistoria ao apartamento e está tudo em ordem. Vou devolver a caução de %s € para o IBAN "
                "%s, conforme indicado no contrato. Se mudou de banco, diga-me o novo IBAN até %s.\n\nCumprimentos,\n%s\n%s" % (
                    p.first, money(amt(500, 2000), "eu"), d.ib("PT"), (t + _dt.timedelta(days=7)).strftime("%d/%m"),
                    ll.full, d.pph(ll)))
    return mail_hdr(loc, (ll.full, d.em(ll.email())), (p.full, d.em(p.email())),
                    pick(["Fiança", "Garanție", "Застава", "Caução"]) + " - " + t.strftime("%d.%m.%Y"), t) + body


def g_ja_uk_mail(d):
    t = rdt()
    if chance(0.55):
        p, q = Person("ja"), Person("ja")
        co, dom = company("ja")
        tel = d.ph("JP", "n")
        body = ("%s\n%s 様\n\nいつもお世話になっております。%sの%sです。\n先日お問い合わせいただいた件について、"
                "担当より改めてご連絡いたします。\nお急ぎの場合は、直通電話%sまでご連絡ください。\n\n"
                "――――――――――――――\n%s %s\n%s\n〒%s %s\nTEL：%s／FAX：%s\nMail：%s\n――――――――――――――" % (
                    pick(["株式会社みなと製作所", "有限会社ひかり工房", "合同会社あおば"]), q.full, co, p.full,
                    d.ph("JP", "n"), co, pick(["営業部", "総務部", "カスタマーサポート課"]), p.full,
                    p.zip, p.city, tel, d.ph("JP", "n"), d.em(p.work_email(dom).replace("_", "."))))
        if chance(0.4):
            body += "\n携帯：%s" % d.ph("JP", pick(["n", "i"]))
        return mail_hdr("ja", (p.latin, d.em(p.work_email(dom))), (q.full, d.em(q.email())),
                        "【%s】お問い合わせの件" % co, t) + body
    p, q = Person("uk"), Person("uk")
    co, dom = company("uk")
    body = ("Доброго дня, %s!\n\nНадсилаю реквізити для оплати за договором № %s від %s:\nОтримувач: %s\nIBAN: %s\n"
            "Призначення платежу: оплата за послуги згідно рахунку %s, без ПДВ.\n\nЯкщо будуть питання — телефонуйте "
            "%s або пишіть на %s.\n\nЗ повагою,\n%s" % (
                q.first, dg(3), t.strftime("%d.%m.%Y"), co, d.ib("UA"), invoice_id(), d.pph(p), d.em(p.email()), p.full))
    return mail_hdr("uk", (p.full, d.em(p.work_email(dom))), (q.full, d.em(q.email())), "Реквізити для оплати", t) + body


def g_consent(d):
    loc = pick(["gb", "sv", "pt", "nb", "us", "ie"])
    p = Person(loc)
    t = rdt()
    lab = {"gb": ("Consent record", "Subscriber", "Consent given", "IP address", "Double opt-in confirmed", "from"),
           "ie": ("Consent record", "Subscriber", "Consent given", "IP address", "Double opt-in confirmed", "from"),
           "us": ("Proof of consent (TCPA)", "Contact", "Opt-in time", "IP", "SMS keyword reply", "from"),
           "sv": ("Samtyckesbevis", "Prenumerant", "Samtycke lämnat", "IP-adress", "Dubbel opt-in bekräftad", "från"),
           "pt": ("Registo de consentimento", "Subscritor", "Consentimento dado", "Endereço IP", "Dupla confirmação", "a partir de"),
           "nb": ("Samtykkelogg", "Abonnent", "Samtykke gitt", "IP-adresse", "Dobbel opt-in bekreftet", "fra")}[loc]
    lines = [lab[0], "", "%s: %s" % (lab[1], d.em(p.email())), "%s: %s" % (lab[2], iso(t, 0)),
             "%s: %s" % (lab[3], d.ip()), "User agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X)" % R.randint(0, 5),
             "Form: %s (v%s)" % (pick(["newsletter-footer", "checkout-optin", "popup-10pct"]), semver()),
             "%s %s %s %s" % (lab[4], later(t, 60, 9000).strftime("%Y-%m-%d %H:%M:%S"), lab[5], d.ip())]
    if loc == "us" or chance(0.4):
        lines.insert(3, "Mobile: %s" % d.pph(p))
    body = "\n".join(lines)
    if chance(0.5):
        req = Person(pick(["gb", "nl", "de"]))
        body = mail_hdr("gb", ("Compliance", d.em(role("grachtenfiets.nl", "privacy", "dpo"))),
                        (req.latin, d.em(req.work_email("grachtenfiets.nl"))), "Consent evidence for %s" % ticket_id(), t) + \
            "As requested, the stored evidence:\n\n" + body
    return body


def g_look_mail(d):
    t = rdt()
    if chance(0.5):
        return ("Subject: Your parcel is on its way\nDate: %s\n\nGood news! Order %s shipped on %s.\nTracking number: %s\n"
                "Estimated delivery: %s between %02d:00 and %02d:00.\nWeight: %.1f kg, %d item(s), total %s EUR.\n"
                "Pickup point code %s, opening hours Mon–Fri 09:00–18:00.\nRef. %s" % (
                    rfc2822(t), order_id(), t.strftime("%d.%m.%Y"), tracking(), (t + _dt.timedelta(days=2)).strftime("%A %d %B"),
                    R.randint(8, 14), R.randint(15, 20), R.uniform(0.2, 20), R.randint(1, 5), money(amt(), "eu"),
                    dg(6), uuid4()))
    return ("Subject: Invitation: Sprint review @ %s\n\nJoin online: https://meet.example.com/j/%s\nMeeting ID: %s %s %s\n"
            "Passcode: %s\nDuration: %d min\nAgenda: release %s, build %s, incident %s follow-up.\nThis event has been "
            "updated (sequence %d, uid %s)." % (t.strftime("%a %b %d, %Y %H:%M"), dg(11), dg(3), dg(4), dg(4),
                                               alnum(6), pick([30, 45, 60, 90]), semver(), build4(), ticket_id(), R.randint(1, 9), uuid4()))


# =============================================================================================
# ~20% prose and chat
# =============================================================================================
def g_discord(d):
    guild, lang = pick([("Nordic Homelab", "en"), ("Servidor Minecraft Catalunya", "ca"), ("Türk Linux Topluluğu", "tr"),
                        ("Komuniti Gamer Malaysia", "ms"), ("Україномовні розробники", "uk"), ("Homelab Portugal", "pt"),
                        ("Svenska Sysadmins", "sv")])
    loc = {"en": pick(["nb", "sv", "gb"]), "ca": "ca", "tr": "tr", "ms": "ms", "uk": "uk", "pt": "pt", "sv": "sv"}[lang]
    users = [Person(loc) for _ in range(3)]
    handles = [u.af + pick(["_", ".", ""]) + u.al[:pick([1, 3, 5])] + pick(["", str(R.randint(1, 99))]) for u in users]
    M = {
        "en": [lambda: "my pihole is at %s but clients still resolve via %s??" % (d.ip4("p192"), d.ip4("pub")),
               lambda: "set dhcp option 6 to %s and also hand out %s for v6" % (d.ip4("p192"), d.ip6("ula")),
               lambda: "anyone know why my WAN shows %s? ISP says CGNAT" % d.ip4("pub"),
               lambda: "upgraded to proxmox %s, no issues so far (kernel %s)" % (semver().split("-")[0], "6.%d.%d-%d-pve" % (
                   R.randint(1, 8), R.randint(1, 20), R.randint(1, 9))),
               lambda: "DM me or mail %s, I have a spare switch" % d.em(users[0].email()),
               lambda: "lol my ISP gave me a /56, first addr is %s" % d.ip6()],
        "ca": [lambda: "el servidor ja torna a estar en marxa: %s port 25565, versió %s" % (d.ip4("pub"), semver().split("-")[0]),
               lambda: "si algú vol el whitelist escriviu a %s" % d.em(users[1].email()),
               lambda: "la IP nova és %s, la vella (%s) ja no funciona" % (d.ip4("pub"), bad_ipv4()),
               lambda: "per urgències el meu mòbil és %s però no truqueu de nit eh" % d.pph(users[0])],
        "tr": [lambda: "sunucu %s adresinde, ssh portu %d" % (d.ip4("pub"), R.randint(2000, 65000)),
               lambda: "ipv6 çalışıyor mu? bende %s görünüyor" % d.ip6(),
               lambda: "etkinlik için kayıt: %s (son gün %s)" % (d.em(role("linux-toplulugu.org.tr", "etkinlik")), rdt().strftime("%d.%m")),
               lambda: "kernel %d.%d güncellemesinden sonra wifi gitti" % (6, R.randint(1, 12))],
        "ms": [lambda: "server kita kat %s, jangan lupa whitelist" % d.ip4("pub"),
               lambda: "nak join team, WhatsApp je %s" % d.pph(users[2]),
               lambda: "tournament bayar yuran RM%d, resit hantar ke %s" % (R.randint(10, 50), d.em(users[0].email())),
               lambda: "ping aku %d ms je dari %s" % (R.randint(5, 90), users[1].city)],
        "uk": [lambda: "стейджинг тепер на %s, прод на %s" % (d.ip4("p10"), d.ip6()),
               lambda: "якщо щось горить — дзвоніть %s" % d.pph(users[0]),
               lambda: "реліз %s вийшов, changelog у треді" % semver(),
               lambda: "пишіть на %s, якщо потрібен доступ" % d.em(users[1].email())],
        "pt": [lambda: "o meu NAS está em %s e o router em %s" % (d.ip4("p192"), d.ip4("p192")),
               lambda: "alguém com fibra MEO recebe prefixo v6? eu tenho %s" % d.ip6(),
               lambda: "vendo switch, contacto %s ou %s" % (d.em(users[2].email()), d.pph(users[2])),
               lambda: "atualizei para TrueNAS %s ontem" % semver().split("-")[0]],
        "sv": [lambda: "routern svarar inte på %s längre, bara på %s" % (d.ip4("p192"), d.ip6("ll")),
               lambda: "ring mig på %s om ni vill ha en begagnad server" % d.pph(users[1]),
               lambda: "mejla %s så fixar jag konto" % d.em(users[0].email()),
               lambda: "kör ni %s eller väntar ni på nästa patch?" % semver()],
    }[lang]
    t = rdt()
    out = ["=" * 62, "Guild: %s" % guild, "Channel: Text Channels / %s" % pick(["networking", "general", "help", "servers"]),
           "=" * 62, ""]
    order = R.sample(range(len(M)), min(len(M), R.randint(3, 5)))
    for i, k in enumerate(order):
        t = later(t, 10, 900)
        out.append("[%s] %s" % (t.strftime("%d/%m/%Y %H:%M"), handles[i % 3]))
        out.append(M[k]())
        if chance(0.25):
            out.append("{Reactions}\n%s (%d)" % (pick(["👍", "😂", "🔥", "❤️"]), R.randint(1, 9)))
        out.append("")
    return "\n".join(out).rstrip()


def g_viber(d):
    loc = pick(["uk", "ro", "tr", "uk"])
    a, b = Person(loc), Person(loc)
    t = rdt()
    msgs = {
        "uk": [lambda: "Привіт! Скинь, будь ласка, реквізити", lambda: "IBAN %s, отримувач %s" % (d.ib("UA"), b.full),
               lambda: "Або на картку %s" % d.card(pick(["visa", "mc"])),
               lambda: "Дякую! Якщо що, моя друга картка %s" % d.card(), lambda: "Переказала %s грн 👍" % money(amt(100, 5000), "sp"),
               lambda: "Мій новий номер %s, старий не працює" % d.pph(a), lambda: "Ок, дякую!"],
        "ro": [lambda: "Salut, îmi trimiți IBAN-ul pentru chirie?", lambda: "%s, pe numele %s" % (d.ib("RO"), b.full),
               lambda: "Am trimis %s lei, ref. %s" % (money(amt(500, 3000), "eu"), dg(8)),
               lambda: "Sună-mă la %s când ajungi" % d.pph(a), lambda: "Ok 👌"],
        "tr": [lambda: "Selam, kira için IBAN atar mısın?", lambda: "%s - %s" % (d.ib("TR"), b.full),
               lambda: "Gönderdim, dekont no %s" % dg(10), lambda: "Numaram değişti: %s" % d.pph(a), lambda: "Tamamdır 🙏"],
    }[loc]
    rows = []
    for i, m in enumerate(msgs):
        t = later(t, 20, 3600)
        who = a if i % 2 == 0 else b
        rows.append((t, who, m()))
    if chance(0.15):
        out = ["Date,Time,Sender Name,Sender Phone Number,Text"]
        nums = {id(a): d.pph(a, "e"), id(b): d.pph(b, "e")}
        for t_, who, txt in rows:
            out.append(csvrow([t_.strftime("%d/%m/%Y"), t_.strftime("%H:%M:%S"), who.full, nums[id(who)], txt], ","))
        return "\n".join(out)
    out = []
    for t_, who, txt in rows:
        out.append("[%s] %s: %s" % (t_.strftime("%Y-%m-%d %H:%M"), who.full, txt))
    return "\n".join(out)


LIVECHAT = {
    "sw": ["Habari, nataka kubadilisha tarehe ya safari yangu", "Karibu! Naomba namba ya uhifadhi na barua pepe",
           "Uhifadhi %s, barua pepe %s", "Nimeipata. Tarehe mpya ni ipi?", "Tarehe %s. Nipigie %s kama kuna shida",
           "Sawa, tumebadilisha. Gharama ya ziada ni KSh %s"],
    "ms": ["Hai, parcel saya belum sampai", "Boleh beri nombor tracking?", "%s, emel saya %s",
           "Parcel di hab %s. Boleh sahkan nombor telefon?", "Nombor saya %s", "Terima kasih, kurier akan hubungi anda esok"],
    "tr": ["Merhaba, siparişimi iptal etmek istiyorum", "Sipariş numaranız ve e-postanız nedir?", "%s, %s",
           "İade için IBAN'ınızı yazar mısınız?", "%s, ad soyad %s", "İade 3 iş günü içinde yapılacaktır"],
    "ca": ["Hola, vull canviar l'adreça d'entrega", "Cap problema. Número de comanda i correu?", "%s i %s",
           "Perfecte. I un telèfon de contacte?", "El %s (millor a la tarda)", "Fet! Rebràs un SMS amb la franja horària"],
    "ar": ["Hola, no me llegó el reembolso", "¿Me pasás el número de pedido y el mail?", "%s, %s",
           "Lo tengo. El reembolso salió a la tarjeta terminada en %s el %s", "Ah, esa es vieja. ¿Lo pueden mandar a %s?",
           "No podemos cambiar la tarjeta, pero te llamamos al %s para verlo"],
    "mx": ["Buenas tardes, quiero facturar mi compra", "Claro, ¿número de pedido y correo?", "%s, %s",
           "¿RFC y teléfono?", "RFC %s, tel %s", "Listo, la factura llegará a su correo en 24 h"],
    "frca": ["Allô, j'aimerais changer mon rendez-vous", "Bien sûr! Votre courriel et numéro de dossier?", "%s, dossier %s",
             "Quel numéro pour vous joindre?", "Le %s, après 17 h", "C'est noté, on vous rappelle demain"],
    "pt": ["Boa tarde, a encomenda chegou danificada", "Lamentamos! Pode indicar o número da encomenda e o email?",
           "%s, %s", "Para o reembolso precisamos do IBAN", "%s, em nome de %s", "Obrigado, o reembolso será feito em 5 dias úteis"],
}


def g_livechat(d):
    loc = pick(list(LIVECHAT))
    T = LIVECHAT[loc]
    p = Person(loc)
    if loc == "sw":
        p.cc = pick(["KE", "TZ"])
    ag = Person(loc)
    t = rdt()
    fills = {
        "sw": [None, None, (alnum(6), d.em(p.email())), None, ((t + _dt.timedelta(days=R.randint(3, 40))).strftime("%d/%m/%Y"),
                                                             d.pph(p)), (money(amt(500, 9000), "en"),)],
        "ms": [None, None, (tracking(), d.em(p.email())), (pick(["Shah Alam", "Bayan Lepas", "Senai"]),), (d.pph(p),), None],
        "tr": [None, None, (order_id(), d.em(p.email())), None, (d.ib("TR"), p.full), None],
        "ca": [None, None, (order_id(), d.em(p.email())), None, (d.pph(p),), None],
        "ar": [None, None, (order_id(), d.em(p.email())), (dg(4), rdt().strftime("%d/%m")), (d.card(),), (d.pph(p),)],
        "mx": [None, None, (order_id(), d.em(p.email())), None, ("%s%s%s" % (alnum(4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                                                                           rdt(1960, 2000).strftime("%y%m%d"), alnum(3)),
                                                                 d.pph(p)), None],
        "frca": [None, None, (d.em(p.email()), "D-%s" % dg(6)), None, (d.pph(p),), None],
        "pt": [None, None, (order_id(), d.em(p.email())), None, (d.ib("PT"), p.full), None],
    }[loc]
    vis = "Visitor %d" % R.randint(1000, 99999)
    out = ["%s (IP %s · %s · %s)" % (vis, d.ip(), pick(["Chrome %d on Windows" % R.randint(110, 130), "Safari on iPhone",
                                                        "Firefox on Linux", "Samsung Internet"]), p.city),
           "Started %s · Page: /%s" % (t.strftime("%Y-%m-%d %H:%M"), pick(["checkout", "help", "orders", "account"]))]
    for i, m in enumerate(T):
        t = later(t, 5, 200)
        txt = m % fills[i] if fills[i] else m
        who = vis if i % 2 == 0 else "%s (%s)" % (ag.first, pick(["Agent", "Support", "Operator"]))
        out.append("%s  %s: %s" % (t.strftime("%H:%M:%S"), who, txt))
    if chance(0.3):
        out.append("Chat rated %d/5 · transcript sent to %s" % (R.randint(1, 5), d.em(p.email())))
    return "\n".join(out)


def g_scam_forum(d):
    loc = pick(["sv", "nb", "dech", "pt", "ro", "au"])
    p = Person(loc)
    cc = L[loc]["cc"]
    t = rdt()
    scam_ph = d.ph(cc, pick(["n", "i"]))
    if loc == "sv":
        title = "Bedrägerisamtal från %s?" % scam_ph
        body = ("Fick precis ett samtal från %s, en man som sa att han var från bankens säkerhetsavdelning. Han ville att "
                "jag skulle logga in med BankID och \"flytta pengarna till ett säkert konto\", %s. Jag lade på. Sen kom ett "
                "sms från %s med en länk. Har anmält till polisen, ärendenummer %s." % (
                    scam_ph, d.ib(pick(["LT", "SE", "DE"])), d.ph(pick(["SE", "GB", "NL"]), "i"), "%s-K%s-%s" % (dg(4), dg(6), dg(2))))
    elif loc == "nb":
        title = "Svindel: ringte fra %s" % scam_ph
        body = ("Noen som har fått anrop fra %s? Sa de var fra Microsoft og at PC-en min sendte virus fra IP %s. Ville ha "
                "kortnummeret mitt for \"lisens\". Ga dem heldigvis et gammelt kort. De sendte også e-post fra %s. "
                "Politiet sier det er kjent." % (scam_ph, d.ip4("pub"), d.em("support.%s@%s" % (alnum(4, "abcdefghijkmnpqrstuvwxyz"),
                                                                                               pick(["outlook.com", "gmail.com"])))))
    elif loc == "dech":
        title = "Achtung: Anrufe von %s" % scam_ph
        body = ("Heute zweimal angerufen worden von %s, angeblich Swisscom. Wollten, dass ich TeamViewer installiere. "
                "Danach SMS von %s: \"Ihr Paket wartet, Gebühr CHF 1.95\". Link führt auf eine Seite mit der IP %s. "
                "Bitte nicht reinfallen!" % (scam_ph, d.ph(pick(["CH", "GB", "FR"]), "i"), d.ip4("pub")))
    elif loc == "pt":
        title = "Burla MB WAY - cuidado com o %s" % scam_ph
        body = ("Coloquei um anúncio no OLX e recebi mensagem do %s a pedir o meu número para \"receber\" por MB WAY. "
                "Depois pediram para ir ao multibanco. Não caiam! Também mandaram email de %s com um IBAN %s para "
                "\"confirmar\" a conta." % (scam_ph, d.em("%s.%s@%s" % (fold(Person("pt").first), dg(3), pick(["gmail.com", "hotmail.com"]))),
                                            d.ib(pick(["PT", "LT", "ES"]))))
    elif loc == "ro":
        title = "Țeapă pe OLX, nr. %s" % scam_ph
        body = ("Atenție la %s! Mi-a cerut datele cardului ca să-mi \"trimită banii\" pentru un telefon vândut. "
                "Am primit un link cu IP %s. Contul în care cer bani e %s. Am sunat la bancă, au blocat cardul." % (
                    scam_ph, d.ip4("pub"), d.ib(pick(["RO", "LT"]))))
    else:
        title = "Scam call from %s pretending to be the ATO" % scam_ph
        body = ("Got a robocall from %s saying there's a warrant for my arrest over unpaid tax, press 1. Called back and a guy "
                "asked for my TFN and to pay in gift cards. Also got an email from %s. Reported to Scamwatch (ref %s)." % (
                    scam_ph, d.em("ato-%s@%s" % (dg(4), pick(["outlook.com", "mail.com"]))), dg(8)))
    post = "%s\n%s · %s\n\n%s" % (title, p.af + str(R.randint(1, 999)), t.strftime("%d.%m.%Y %H:%M"), body)
    if chance(0.35):
        q = Person(loc)
        other = d.ph(cc, pick(["n", "i"]))
        post += "\n\n— %s:\n%s" % (q.af, {
            "sv": "Samma nummer ringde mig också, %s. Och i går %s. Blockera!" % (scam_ph, other),
            "nb": "Har fått fra %s også, og fra %s." % (scam_ph, other),
            "dech": "Bei mir war es %s, gestern auch %s." % (scam_ph, other),
            "pt": "Comigo foi do %s, a semana passada." % other,
            "ro": "La mine a sunat de pe %s." % other,
            "au": "Mine came from %s, same script word for word." % other}[loc])
    return post


def g_handover(d):
    loc = pick(["nb", "sv", "deat", "za"])
    p = Person(loc)
    t = rdt()
    c = Person(loc)
    H = {"nb": ("Vaktskifte %s kl. %s", "- db%02d (%s) restartet %s, replikering ok, lag %s",
                "- %s ringte fra %s ang. faktura, svar sendt til %s", "- VPN-gw %s: %d tunneler, peer %s flapper",
                "- Åpent: %s (%s)", "- brannmurregel %s -> %s:%d lagt inn", "- patch %s rullet ut på %d servere",
                "- leverandørsupport: %s"),
         "sv": ("Överlämning %s kl. %s", "- db%02d (%s) omstartad %s, replikering ok, lag %s",
                "- %s ringde från %s ang. faktura, svar skickat till %s", "- VPN-gw %s: %d tunnlar, peer %s flappar",
                "- Öppet: %s (%s)", "- brandväggsregel %s -> %s:%d tillagd", "- patch %s utrullad på %d servrar",
                "- leverantörssupport: %s"),
         "deat": ("Schichtübergabe %s um %s", "- db%02d (%s) neu gestartet %s, Replikation ok, Lag %s",
                  "- %s hat von %s angerufen wegen Rechnung, Antwort an %s", "- VPN-GW %s: %d Tunnel, Peer %s flappt",
                  "- Offen: %s (%s)", "- FW-Regel %s -> %s:%d angelegt", "- Patch %s auf %d Hosts ausgerollt",
                  "- Hersteller-Support: %s"),
         "za": ("Shift handover %s at %s", "- db%02d (%s) restarted %s, replication ok, lag %s",
                "- %s called from %s re invoice, reply sent to %s", "- VPN gw %s: %d tunnels, peer %s flapping",
                "- Open: %s (%s)", "- fw rule %s -> %s:%d added", "- patch %s rolled out to %d hosts",
                "- vendor support: %s")}[loc]
    items = [
        H[1] % (R.randint(1, 9), d.ip4("p10"), t.strftime("%H:%M"), duration()),
        H[2] % (c.full, d.pph(c), d.em(c.email())),
        H[3] % (d.ip4("pub"), R.randint(2, 40), d.ip(0.4)),
        H[4] % (ticket_id(), pick(["disk 91%", "cert %s" % rdt().strftime("%d.%m"), "backup failed"])),
        H[5] % (d.ip4(), d.ip4("p10"), pick([443, 22, 5432])),
        H[6] % (semver(), R.randint(3, 80)),
        H[7] % d.ph(pick(["DE", "GB", "US", "SE", "NO"])),
    ]
    R.shuffle(items)
    hdr = (H[0] % (t.strftime("%d.%m"), t.strftime("%H:%M"))) + " — " + p.full
    return hdr + "\n" + "\n".join(items[:R.randint(3, 6)])

def g_crm_notes(d):
    loc = pick(["pt", "mx", "frbe", "ca"])
    p = Person(loc)
    t = rdt()
    if loc == "pt":
        txt = ("%s — Liguei ao Sr./Sra. %s (%s) às %s. Pediu para enviar a proposta para %s. NIF %s. Quer débito direto "
               "no IBAN %s. Voltar a ligar na %s." % (t.strftime("%d/%m/%Y"), p.full, d.pph(p), t.strftime("%Hh%M"),
                                                     d.em(p.email()), "%s %s %s" % (dg(3), dg(3), dg(3)), d.ib("PT"),
                                                     pick(["segunda", "quarta", "sexta"])))
    elif loc == "mx":
        txt = ("Llamada %s: hablé con %s al %s, interesado en el plan Pyme. Le mandé cotización %s a %s. "
               "Pide que le marquen después de las %d. RFC pendiente." % (t.strftime("%d/%m %H:%M"), p.full, d.pph(p),
                                                                         "COT-%s" % dg(5), d.em(p.email()), R.randint(12, 18)))
    elif loc == "frbe":
        txt = ("Appel du %s : %s rappelée au %s. Souhaite domiciliation sur %s, envoi du mandat à %s. "
               "Numéro d'entreprise %s. Relance dans %d jours." % (t.strftime("%d/%m"), p.full, d.pph(p), d.ib("BE"),
                                                                   d.em(p.email()), "0%s.%s.%s" % (dg(3), dg(3), dg(3)),
                                                                   R.randint(2, 14)))
    else:
        txt = ("Trucada %s: en/na %s (%s) vol ampliar el contracte. Envio pressupost %s a %s. Domiciliació al compte %s. "
               "Tornar a trucar dijous." % (t.strftime("%d/%m %H:%M"), p.full, d.pph(p), "P-%s" % dg(4), d.em(p.email()),
                                           d.ib("ES")))
    if chance(0.4):
        txt = "[%s] %s\n%s" % (pick(["Nota", "Note", "Atividade", "Actividad"]), company(loc)[0], txt)
    return txt


def g_family(d):
    loc = pick(["ro", "uk", "tr", "sw", "ms"])
    a, b = Person(loc), Person(loc)
    if loc == "sw":
        a.cc = b.cc = "KE"
    t = rdt()
    M = {
        "ro": [("Mama", "Ți-am trimis banii pentru facultate. IBAN-ul tău e tot %s?" % d.ib("RO")),
               (b.first, "Da mami, mersi! ❤️"), ("Mama", "Tata are număr nou: %s" % d.pph(a)),
               (b.first, "Ok, l-am salvat")],
        "uk": [("Мама", "Скинула тобі %s грн на картку %s" % (money(amt(200, 3000), "sp"), d.card(pick(["visa", "mc"])))),
               (b.first, "Дякую, мамо!"), ("Мама", "Зателефонуй бабусі %s, вона питала" % d.pph(a))],
        "tr": [("Annem", "Kira parasını yatırdım, IBAN %s doğru değil mi?" % d.ib("TR")), (b.first, "Evet anne, teşekkürler"),
               ("Annem", "Babanın yeni numarası %s" % d.pph(a))],
        "sw": [("Mama", "Nimekutumia elfu %d kwa M-Pesa, namba %s" % (R.randint(1, 20), d.mob("KE", "n"))),
               (b.first, "Asante sana mama 🙏"), ("Mama", "Mpigie shangazi %s" % d.pph(a))],
        "ms": [("Mak", "Mak dah transfer RM%d. Akaun Maybank kau masih sama kan?" % R.randint(50, 800)),
               (b.first, "Ya mak, terima kasih! DuitNow pun boleh guna nombor %s" % d.mob("MY")),
               ("Mak", "Ayah tukar nombor baru %s" % d.pph(a))],
    }[loc]
    out = []
    for who, txt in M:
        t = later(t, 30, 3600)
        out.append("%s\n%s\n%s" % (who, txt, t.strftime("%H:%M")))
    return "\n\n".join(out)


def g_us_tax(d):
    p = Person("us")
    t = rdt()
    k = R.randint(0, 4)
    if k == 0:
        return ("Title: Got a CP2000 for a 1099 that isn't mine?\n\nThe letter (notice date %s) lists a 1099-K under my SSN "
                "%s from a payment app I never used. My actual accounts are all under %s... wait no, that's my wife's SSN, "
                "ignore. Called the number on the notice, %s, waited %s. Anyone dealt with this? Amount they say I owe: "
                "$%s." % (t.strftime("%m/%d/%Y"), d.ssn(), d.ssn(), d.ph("US", "n"), duration(), money(amt(300, 9000), "en")))
    if k == 1:
        return ("Dear Congresswoman's office,\n\nI am writing to request assistance with my Social Security disability claim. "
                "My name is %s, SSN %s, and I applied on %s. The SSA field office phone (%s) has not returned my calls. "
                "You can reach me at %s or %s.\n\nSincerely,\n%s" % (p.full, d.ssn(), rdt().strftime("%B %d, %Y"),
                                                                   d.ph("US", "n"), d.ph("US"), d.em(p.email()), p.full))
    if k == 2:
        return ("voice memo transcript %s: note to self, for the tax appointment bring W-2s, daughter's social security number "
                "is %s, mine is %s, the preparer's number is %s, IP PIN is %s, do not mix it up with the old ITIN %s" % (
                    t.strftime("%m/%d %I:%M %p"), d.ssn(), d.ssn(), d.ph("US"), dg(6), itin()))
    if k == 3:
        q = Person("mx")
        return ("Hola, necesito ayuda con mi declaración de impuestos. Mi número de Seguro Social es %s y el de mi esposo es "
                "%s. Trabajo en %s y me pueden llamar al %s o escribir a %s. Mi ITIN anterior era %s, ya no lo uso." % (
                    d.ssn(), d.ssn(), p.city.split(",")[0], d.ph("US"), d.em(q.email()), itin()))
    return ("Posting here in case it helps someone: the SSA letter I got asked me to confirm my SSN (%s) by replying to %s. "
            "That is NOT an ssa.gov address. Real SSA never asks by email. Their real number is %s. Also the letter had a "
            "\"case number\" %s that looks like an SSN but starts with 9, which is never issued." % (
                d.ssn(), d.em("ssa-benefits.%s@%s" % (dg(3), pick(["gmail.com", "outlook.com"]))), d.ph("US", "n"), bad_ssn("9xx")))


def g_travel(d):
    loc = pick(["nb", "ja", "ms", "sw", "ca"])
    t = rdt()
    if loc == "nb":
        return ("Tips til hostell i Lisboa? Vi bodde på et i Alfama, de ringte meg fra %s dagen før for å bekrefte. "
                "Wi-Fi-ruteren sto på %s med admin/admin 🙈. Mailen deres var %s. Pris %s € natten." % (
                    d.ph("PT", "i"), d.ip4("p192"), d.em(role("alfamahostel.pt", "reservas", "hello")), R.randint(18, 60)))
    if loc == "ja":
        p = Person("ja")
        return ("【質問】バルセロナのアパート、チェックイン方法について\n先週泊まりました。オーナーの電話は%s、"
                "メールは%sでした。キーボックスの番号は%sです（もう変わってると思います）。"
                "Wi-Fiルーターの管理画面は%sでした。" % (d.ph("ES", "i"), d.em(role("apartaments-gracia.cat", "info", "hola")),
                                                    dg(4), d.ip4("p192")))
    if loc == "ms":
        return ("Sesiapa pernah duduk homestay kat Cameron Highlands? Tuan rumah %s, no. telefon %s. Deposit RM%d bank in, "
                "resit hantar ke %s. Check-in %s." % (Person("ms").full, d.ph("MY"), R.randint(50, 300),
                                                     d.em(Person("ms").email()), t.strftime("%d/%m")))
    if loc == "sw":
        return ("Nimerudi kutoka Zanzibar! Hoteli ya Stone Town ilikuwa nzuri, namba yao %s, barua pepe %s. Dereva wa teksi "
                "alikuwa %s (mwambie umetoka kwa Amina). Bei ya teksi ni TSh %s." % (
                    d.ph("TZ"), d.em(role("stonetownhotel.co.tz", "info", "booking")), d.ph("TZ", "n"),
                    money(amt(20000, 60000), "en").split(".")[0]))
    return ("Algú ha estat a Tromsø? L'apartament on vam estar tenia el router a %s i l'amfitrió responia al %s. "
            "Vam reservar l'excursió d'aurores amb %s. Preu: %s NOK per persona." % (
                d.ip4("p192"), d.ph("NO", "i"), d.em(role("nordlys-tours.no", "booking", "post")),
                money(amt(900, 2500), "sp").split(",")[0]))


def g_look_prose(d):
    k = R.randint(0, 3)
    t = rdt()
    if k == 0:
        return ("Release notes %s (build %s, %s): fixed a crash when the timeout exceeded %s; the default port moved from "
                "%d to %d; minimum supported version is now %s. Checksum sha256:%s." % (
                    semver(), build4(), t.strftime("%Y-%m-%d"), duration(), R.randint(1024, 9000), R.randint(1024, 9000),
                    semver().split("-")[0], sha(64)))
    if k == 1:
        return ("Resultat %s: Vålerenga–Rosenborg %d–%d (%d–%d). Tilskuere: %s. Neste kamp %s kl. %02d.%02d, billetter fra "
                "%d kr. Ordrenummer %s." % (t.strftime("%d.%m.%Y"), R.randint(0, 4), R.randint(0, 4), R.randint(0, 2),
                                           R.randint(0, 2), money(R.randint(5000, 25000), "sp").split(",")[0],
                                           (t + _dt.timedelta(days=7)).strftime("%d.%m"), R.randint(12, 20),
                                           pick([0, 30]), R.randint(150, 450), order_id()))
    if k == 2:
        return ("Receta de pão de ló: 6 ovos, 150 g de açúcar, 100 g de farinha. Forno a %d ºC durante %s. "
                "Coordenadas da pastelaria: %s. Código postal %s." % (R.randint(160, 200), duration(), coord(),
                                                                       pick(["1100-148", "4000-322"])))
    return ("Saa ya mkutano: %s, chumba %d. Ajenda: bajeti ya %s (KSh %s), ripoti namba %s, na toleo %s la mfumo. "
            "IMEI ya simu iliyopotea: %s. Anwani ya MAC: %s." % (t.strftime("%d/%m/%Y %H:%M"), R.randint(1, 40), t.year,
                                                                 money(amt(10000, 900000), "en"), invoice_id(), semver(),
                                                                 imei(), mac()))


# =============================================================================================
# extra generators (cards / SSNs / IBANs)
# =============================================================================================
def g_pos_journal(d):
    loc = pick(["sv", "nb", "tr", "ms", "mx", "pt", "gb", "deat"])
    cur = {"sv": "SEK", "nb": "NOK", "tr": "TRY", "ms": "MYR", "mx": "MXN", "pt": "EUR", "gb": "GBP", "deat": "EUR"}[loc]
    t = rdt()
    store = {"sv": "SÖDERMALM", "nb": "GRÜNERLØKKA", "tr": "KADIKÖY", "ms": "BANGSAR", "mx": "POLANCO", "pt": "CHIADO",
             "gb": "CAMDEN", "deat": "MARIAHILF"}[loc]
    out = ["EJ  TERMINAL %s  MERCHANT %s  STORE %04d %s" % (dg(8), dg(7), R.randint(1, 9999), store),
           "SW %s  KERNEL EMV %s  DEBUG=ON" % (semver().split("-")[0], build4())]
    for _ in range(R.randint(2, 4)):
        t = later(t, 30, 1800)
        brand = pick(["visa", "mc", "mc", "amex", "maestro", "unionpay", "jcb", "discover"])
        lab = {"visa": "VISA", "mc": "MASTERCARD", "amex": "AMEX", "maestro": "MAESTRO", "unionpay": "UNIONPAY",
               "jcb": "JCB", "discover": "DISCOVER"}[brand]
        kind = pick(["SALE", "SALE", "REFUND", "PRE-AUTH", "VOID"])
        pan = d.card(brand, pick(["compact", "space", "compact"]))
        out.append("%s TXN#%06d %s  %s  %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), R.randint(1, 999999), kind, lab,
                                               pick(["CHIP", "CTLS", "MSR (fallback)", "CHIP PIN"])))
        out.append("  PAN %s  EXP %02d%02d  AID A00000000%s" % (pan, R.randint(1, 12), R.randint(26, 31),
                                                               pick(["31010", "41010", "25010801", "3330101", "651010"])))
        out.append("  AMT %s %s  AUTH %s  RRN %s%s  RESP %s" % (cur, money(amt(5, 900), "eu"), alnum(6, "0123456789ABCDEF"),
                                                                 t.strftime("%y%j"), dg(7), pick(["00", "05", "51", "00"])))
        out.append("  TVR %s  TSI %s  STAN %06d" % (hx(10, True), hx(4, True), R.randint(1, 999999)))
    if chance(0.3):
        out.append("%s BATCH CLOSE #%d  COUNT %d  TOTAL %s %s" % (later(t, 60, 3600).strftime("%Y-%m-%d %H:%M:%S"),
                                                                 R.randint(1, 999), R.randint(3, 200), cur,
                                                                 money(amt(500, 90000), "eu")))
    return "\n".join(out)


def g_moto_notes(d):
    loc = pick(["gb", "us", "ie", "au", "za", "in"])
    p = Person(loc)
    agent = Person(loc)
    t = rdt()
    c1, c2 = d.card(), d.card()
    bad = bad_card(pick(["space", "compact"]))
    k = R.randint(0, 3)
    if k == 0:
        txt = ("%s %s - phone booking, %s (%s). Paid deposit by card %s exp %02d/%d, CVV given verbally and NOT written "
               "down. First attempt with %s was declined (digits read wrong). Confirmation sent to %s." % (
                   t.strftime("%d/%m"), t.strftime("%H:%M"), p.full, d.pph(p), c1, R.randint(1, 12), R.randint(26, 31),
                   bad, d.em(p.email())))
    elif k == 1:
        txt = ("Caller: %s\nCallback: %s\nOrder: %s\nCard on file: %s\nNew card: %s (replaces the one above, which expired)\n"
               "Agent: %s" % (p.full, d.pph(p), order_id(), c1, c2, agent.first))
    elif k == 2:
        txt = ("Customer rang to update payment for membership %s. Old card %s, new card %s. I read the new number back "
               "and they confirmed. Note: do not email card numbers, use the IVR next time. -%s" % (
                   "M%s" % dg(6), c1, c2, agent.first))
    else:
        txt = ("MOTO order %s, taken by %s at %s. Cardholder %s, billing postcode %s. PAN %s. Amount %s. Cardholder "
               "email %s. Tested first with %s which fails the check digit." % (
                   order_id(), agent.first, t.strftime("%H:%M"), p.full, p.zip, c1, money(amt(10, 900), "en"),
                   d.em(p.email()), bad))
    return txt


def g_pci_scan(d):
    t = rdt()
    out = ["Card data discovery - scan #%d - target %s - %s" % (R.randint(100, 9999),
                                                               pick(["fileserver01", "sharepoint-archive", "crm-db-export",
                                                                     "helpdesk-attachments"]), t.strftime("%Y-%m-%d")),
           "Path,Line,Match,Brand,Luhn,Classification"]
    rows = []
    for _ in range(R.randint(5, 7)):
        kind = R.choices(["real", "bad", "masked"], [70, 18, 12])[0]
        brand = pick(["visa", "mc", "amex", "discover", "jcb", "diners", "unionpay", "maestro"])
        path = pick(["\\\\fs01\\Finance\\%s\\refunds_%s.xlsx" % (t.year, dg(3)),
                     "/exports/crm/%s/contacts_%s.csv" % (t.strftime("%Y%m"), dg(2)),
                     "C:\\Users\\%s\\Desktop\\bookings.txt" % Person(pick(["gb", "sv", "de"])).af,
                     "tickets/%s/attachment_%s.eml" % (dg(6), dg(2))])
        if kind == "real":
            v, luhn, cls = d.card(brand), "pass", pick(["Confirmed PAN", "Confirmed PAN", "To remediate"])
        elif kind == "bad":
            v, luhn, cls = bad_card(brand=brand), "fail", "False positive"
        else:
            dd = card_digits(brand)
            v, luhn, cls = dd[:6] + "*" * (len(dd) - 10) + dd[-4:], "n/a", "Masked"
        rows.append(csvrow([path, R.randint(1, 9000), v, brand, luhn, cls], ","))
    return "\n".join(out + rows)


def g_mongo(d):
    docs = []
    us = chance(0.55)
    for _ in range(R.randint(1, 3)):
        t = rdt()
        if us:
            p = Person("us")
            doc = {"_id": {"$oid": hx(24)}, "applicant": {"name": p.full, "ssn": d.ssn(), "dob": rdt(1950, 2003).strftime("%Y-%m-%d"),
                                                          "phone": d.ph("US")},
                   "loan": {"amount": R.randint(1000, 50000), "termMonths": pick([12, 24, 36, 60])},
                   "createdAt": {"$date": iso(t)}}
            if chance(0.5):
                doc["coApplicant"] = {"name": Person("us").full, "ssn": d.ssn()}
        else:
            p = person(pick(["gb", "ie", "frca", "mx", "ms", "au", "za", "sv"]))
            doc = {"_id": {"$oid": hx(24)}, "orderNo": order_id(), "customer": {"email": d.em(p.email())},
                   "payment": {"method": "card", "pan": d.card(style="compact"), "exp": "%02d/%d" % (R.randint(1, 12), R.randint(26, 31)),
                               "holder": p.latin},
                   "total": {"$numberDecimal": "%.2f" % amt()}, "createdAt": {"$date": iso(t)}}
            if chance(0.4):
                doc["payment"]["previousPan"] = d.card(style="compact")
        docs.append(J(doc))
    cmd = "$ mongoexport --uri=mongodb://%s:27017/%s --collection=%s --query='{}' --limit=%d" % (
        d.ip4("p10"), pick(["legacy", "shop_v1", "lending"]), "applications" if us else "orders", len(docs))
    return cmd + "\n" + "\n".join(docs)


def g_tax_portal(d):
    d.ssn_doc_context = True
    p, sp = Person("us"), Person("us")
    t = rdt()
    if chance(0.55):
        deps = [{"firstName": Person("us").first, "relationship": pick(["Son", "Daughter"]), "ssn": d.ssn(),
                 "dob": rdt(2006, 2022).strftime("%m/%d/%Y"), "monthsLivedWithTaxpayer": 12} for _ in range(R.randint(1, 3))]
        doc = {"organizer": {"taxYear": t.year - 1, "status": pick(["MFJ", "Single", "HOH"]),
                             "taxpayer": {"name": p.full, "ssn": d.ssn(), "occupation": pick(["Nurse", "Teacher", "Electrician"]),
                                          "phone": d.ph("US") if chance(0.55) else None,
                                          "email": d.em(p.email()) if chance(0.55) else None},
                             "spouse": {"name": sp.full, "ssn": d.ssn()} if chance(0.6) else None,
                             "dependents": deps, "ipPin": dg(6), "priorYearAgi": R.randint(20000, 200000),
                             "bank": {"routing": "0" + dg(8), "accountLast4": dg(4)}},
               "submittedAt": iso(t), "portalUserId": R.randint(10**5, 10**7)}
        return "GET /api/v2/organizers/%s -> 200\n%s" % (uuid4(), J(doc, pick([None, 2])))
    return ("E-Verify Case Details\nCase Verification Number: %s%s\nCase Status: %s\n\nEmployee Information\n"
            "First Name: %s\nLast Name: %s\nDate of Birth: %s\nSocial Security Number: %s\nEmployee's E-mail Address: %s\n"
            "Citizenship Status: %s\n\nEmployer: %s\nSubmitted by: %s (%s)\nDate Submitted: %s" % (
                t.strftime("%Y%j"), dg(6) + alnum(2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                pick(["Employment Authorized", "Tentative Nonconfirmation", "Close Case and Resubmit"]),
                p.first, p.last, rdt(1960, 2004).strftime("%m/%d/%Y"), d.ssn(), d.em(p.email()),
                pick(["A citizen of the United States", "A lawful permanent resident"]), company("us")[0],
                sp.full, d.ph("US", ext=chance(0.3)), t.strftime("%m/%d/%Y")))


def g_payroll_register(d):
    d.ssn_doc_context = True
    t = rdt()
    co = company("us")[0]
    hdr = "%-6s %-22s %-12s %10s %9s %8s %8s %8s %10s" % ("EMP#", "NAME", "SSN", "GROSS", "FED WH", "SS", "MED",
                                                          "STATE", "NET")
    out = ["PAYROLL REGISTER   %s   Co Code %s   Period Ending %s   Check Date %s" % (
        co, alnum(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), t.strftime("%m/%d/%Y"), later(t, 86400, 86400 * 5).strftime("%m/%d/%Y")),
        hdr, "-" * len(hdr)]
    for _ in range(R.randint(3, 6)):
        p = Person("us")
        g = amt(800, 9000)
        f, ss, med, st = g * 0.12, g * 0.062, g * 0.0145, g * 0.04
        name = ("%s, %s" % (p.last.upper(), p.first.upper()))[:22]
        s_ = d.ssn() if chance(0.9) else "XXX-XX-%s" % dg(4)
        out.append("%-6s %s %s %10s %9s %8s %8s %8s %10s" % (
            dg(5), name.ljust(22), d.ljust(s_, 12)[:-1] if d.rlen(s_) == 11 else s_.ljust(12),
            money(g, "en"), money(f, "en"), money(ss, "en"), money(med, "en"), money(st, "en"),
            money(g - f - ss - med - st, "en")))
    out.append("TOTALS  %d employees" % (len(out) - 3))
    return "\n".join(out)


def g_bankruptcy(d):
    p, q = Person("us"), Person("us")
    t = rdt()
    body = ("Official Form 121\nStatement About Your Social Security Numbers\n\nPart 1: Tell the Court About Yourself and "
            "Your Spouse if Your Spouse is Filing With You\n1. Your name   Debtor 1: %s\n" % p.full)
    two = chance(0.7)
    if two:
        body += "                 Debtor 2 (Spouse, if filing): %s\n" % q.full
    body += "Part 2: Tell the Court About all of Your Social Security or Federal Individual Taxpayer Identification Numbers\n"
    body += "2. All Social Security Numbers you have used   Debtor 1: %s" % d.ssn()
    if two:
        body += "   Debtor 2: %s" % d.ssn()
    body += "\n   All ITINs you have used   Debtor 1: [x] You do not have an ITIN.\n"
    body += "Case number (if known): %d-%s\nUnited States Bankruptcy Court for the %s District of %s\n" % (
        t.year % 100, dg(5), pick(["Northern", "Southern", "Eastern", "Western"]), pick(["Texas", "Ohio", "Florida", "California"]))
    if chance(0.6):
        atty = Person("us")
        body += "\nFiled by counsel: %s, %s, %s" % (atty.full, d.ph("US", ext=chance(0.4)), d.em(atty.work_email("legalaid-example.org")))
    return body


CARD_UPD = {
    "gb": ("Payment failed - action needed", "Hi, sorry about that, my old card %s was replaced. Please use %s, expiry %s. "
           "Thanks, %s"),
    "frca": ("Échec de paiement", "Bonjour, ma carte %s a été remplacée par la banque. Voici la nouvelle : %s, exp. %s. "
             "Merci, %s"),
    "pt": ("Pagamento recusado", "Boa tarde, o cartão %s foi cancelado. Podem usar o novo %s, validade %s? Obrigado, %s"),
    "ca": ("Pagament rebutjat", "Hola, la targeta %s ja no és vàlida. Feu servir aquesta: %s, caducitat %s. Gràcies, %s"),
    "ms": ("Pembayaran gagal", "Hai, kad lama saya %s dah tamat tempoh. Sila guna kad baru %s, tamat %s. Terima kasih, %s"),
    "dech": ("Zahlung fehlgeschlagen", "Grüezi, die Karte %s wurde ersetzt. Neue Karte: %s, gültig bis %s. Freundliche "
             "Grüsse, %s"),
}


def g_card_update_mail(d):
    loc = pick(list(CARD_UPD))
    T = CARD_UPD[loc]
    p = Person(loc)
    t = rdt()
    old = d.card() if chance(0.8) else pick(["ending %s" % dg(4), "**** %s" % dg(4)])
    body = T[1] % (old, d.card(), "%02d/%d" % (R.randint(1, 12), R.randint(26, 31)), p.first)
    svc = {"gb": ("StreamBox", "streambox.example.com"), "frca": ("Gym Plateau", "gymplateau.ca"),
           "pt": ("Ginásio Vida", "ginasiovida.pt"), "ca": ("Ioga Sala Gràcia", "iogagracia.cat"),
           "ms": ("FitZone KL", "fitzonekl.com.my"), "dech": ("Velostation Zürich", "velostation.ch")}[loc]
    q1, q2 = {"gb": ("We couldn't process your payment of %s." % money(amt(5, 90), "en"),
                     "Update your card in the app or reply to this e-mail."),
              "frca": ("Le paiement de votre abonnement a échoué.", "Répondez à ce courriel pour mettre à jour votre carte."),
              "pt": ("O pagamento da sua subscrição falhou.", "Responda a este e-mail com os dados atualizados."),
              "ca": ("No hem pogut cobrar la quota d'aquest mes.", "Respon aquest correu per actualitzar la targeta."),
              "ms": ("Pembayaran langganan anda tidak berjaya.", "Sila balas e-mel ini untuk mengemas kini kad."),
              "dech": ("Ihre Zahlung konnte nicht verarbeitet werden.", "Bitte antworten Sie mit den neuen Kartendaten.")}[loc]
    quoted = "> %s\n> %s\n> Ref %s" % (q1, q2, invoice_id())
    if chance(0.4):
        body += "\n%s" % d.pph(p)
    return mail_hdr(loc, (p.full, d.em(p.email())), (svc[0], d.em(role(svc[1], "billing", "faturacao", "support"))),
                    "Re: " + T[0], t) + body + "\n\n" + quoted


def g_camt053(d):
    loc = pick(["de", "deat", "nl", "frbe", "fr", "dech", "pt", "sv"])
    own = d.ib(L[loc]["iban"], sp=False)
    t = rdt()
    ccy = "CHF" if loc == "dech" else ("SEK" if loc == "sv" else "EUR")
    x = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.%02d">' % pick([2, 4, 8]),
         ' <BkToCstmrStmt>', '  <GrpHdr><MsgId>%s</MsgId><CreDtTm>%s</CreDtTm></GrpHdr>' % (alnum(16), iso(t, 0, "+01:00")),
         '  <Stmt>', '   <Id>%s</Id><ElctrncSeqNb>%d</ElctrncSeqNb>' % (alnum(12), R.randint(1, 365)),
         '   <Acct><Id><IBAN>%s</IBAN></Id><Ccy>%s</Ccy></Acct>' % (own, ccy),
         '   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="%s">%.2f</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>' % (ccy, amt(100, 90000))]
    for _ in range(R.randint(3, 5)):
        q = Person(pick([loc, loc, "de", "nl", "fr"]))
        cr = chance(0.5)
        role_ = "Dbtr" if cr else "Cdtr"
        x += ['   <Ntry>', '    <Amt Ccy="%s">%.2f</Amt><CdtDbtInd>%s</CdtDbtInd>' % (ccy, amt(5, 9000), "CRDT" if cr else "DBIT"),
              '    <BookgDt><Dt>%s</Dt></BookgDt><AcctSvcrRef>%s</AcctSvcrRef>' % (t.strftime("%Y-%m-%d"), dg(16)),
              '    <NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs>' % pick(["NOTPROVIDED", "E2E-%s" % dg(10)]),
              '     <RltdPties><%s><Nm>%s</Nm></%s><%sAcct><Id><IBAN>%s</IBAN></Id></%sAcct></RltdPties>' % (
                  role_, q.full, role_, role_, d.ib(L[q.loc]["iban"], sp=False), role_),
              '     <RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls>' % pick(
                  ["Rechnung %s" % invoice_id(), "Factuur %s" % dg(8), "Facture %s" % invoice_id(), "Miete %s" % t.strftime("%m/%Y"),
                   "Contribution %d" % t.year]),
              '   </Ntry>']
    x += ['  </Stmt>', ' </BkToCstmrStmt>', '</Document>']
    return "\n".join(x)


def g_vault_migration(d):
    t = rdt()
    src, dst = pick([("LegacyPay", "NewPSP"), ("Braintree-EU", "Adyen"), ("in-house vault", "Stripe"), ("Sage Pay", "Checkout")])
    out = ["# card-on-file migration %s -> %s, batch %s, %s" % (src, dst, dg(4), t.strftime("%Y-%m-%d")),
           "# PGP-encrypted in transit; delete after import. Rows with status=REJECT failed validation.",
           "customer_ref,email,pan,exp_month,exp_year,cardholder,billing_zip,status"]
    loc = pick(["gb", "ie", "nl", "frbe", "deat", "sv", "us", "au"])
    for _ in range(R.randint(4, 6)):
        p = Person(loc)
        if chance(0.15):
            pan, st = bad_card("compact"), "REJECT"
        else:
            pan, st = d.card(style="compact"), "OK"
        out.append(csvrow(["C%s" % dg(8), d.em(p.email()) if chance(0.2) else "", pan, "%02d" % R.randint(1, 12),
                           str(R.randint(2026, 2031)), p.latin.upper(), p.zip, st], ","))
    return "\n".join(out)


def g_mortgage_mail(d):
    p, co, lo = Person("us"), Person("us"), Person("us")
    dom = pick(["heartlandlending.com", "bluegatemortgage.com", "example-cu.org"])
    t = rdt()
    if chance(0.5):
        body = ("Sorry, already typed them before I saw this: mine is %s and %s's SSN is %s. Our home number is %s.\n"
                "%s\n\n> Hi %s,\n> To run the tri-merge credit report I'll need the Social Security numbers for both "
                "borrowers.\n> Please don't email them - call me at %s or use the secure portal.\n> %s, NMLS #%s" % (
                    d.ssn(), co.first, d.ssn(), d.ph("US"), p.first, p.first, d.ph("US", ext=chance(0.3)), lo.full, dg(6)))
    else:
        body = ("%s,\n\nUpdated 1003 attached. Borrower SSN %s, co-borrower SSN %s (corrected - the one on the first draft, "
                "%s, was a typo). DOBs unchanged. Appraisal scheduled %s.\n\n%s | %s" % (
                    lo.first, d.ssn(), d.ssn(), bad_ssn(pick(["g00", "s0000", "666"])),
                    (t + _dt.timedelta(days=9)).strftime("%m/%d"), p.full, d.em(p.email())))
    return mail_hdr("us", (p.full, d.em(p.email())), (lo.full, d.em(lo.work_email(dom))),
                    pick(["Re: credit authorization", "Loan #%s - documents" % dg(10), "Re: 1003 updates"]), t) + body


def g_donation(d):
    loc = pick(["ro", "uk", "tr", "pt", "ca", "frbe", "deat", "uk"])
    p, kid = Person(loc), Person(loc)
    if loc == "uk":
        return ("🔴 Збір на %s для бригади!\nЦіль: %s грн, зібрано %d%%.\n\n🔗 Банка: send.monobank.ua/jar/%s\n"
                "💳 Номер картки банки: %s\nIBAN: %s (отримувач %s)\n\nДля звʼязку: %s\nДякуємо кожному! 🇺🇦" % (
                    pick(["дрон", "автомобіль", "генератор", "тепловізор"]), money(amt(50000, 900000), "sp").split(",")[0],
                    R.randint(5, 95), alnum(10), d.card(pick(["mc", "visa"]), "space"), d.ib("UA"), p.full, d.pph(p)))
    if loc == "ro":
        return ("Dragi prieteni, %s are nevoie de o operație în străinătate. Costul total este %s EUR. Orice ajutor contează!\n"
                "IBAN: %s, titular %s\nRevolut: %s\nPentru detalii: %s" % (
                    kid.first, money(amt(20000, 90000), "eu"), d.ib("RO"), p.full, d.mob("RO"), d.em(p.email())))
    if loc == "tr":
        return ("Deprem bölgesi için yardım kampanyamız sürüyor. Bağışlarınızı %s IBAN'ına (%s adına) gönderebilirsiniz. "
                "Açıklamaya \"YARDIM\" yazmayı unutmayın. İletişim: %s" % (d.ib("TR"), p.full, d.pph(p)))
    if loc == "pt":
        return ("Campanha solidária para a família %s: o incêndio destruiu a casa. Podem contribuir por transferência para "
                "%s ou MB WAY para o %s. Obrigado a todos!" % (p.last, d.ib("PT"), d.mob("PT")))
    if loc == "ca":
        return ("La colla castellera organitza una recaptació per a la nova seu. Podeu fer la vostra aportació al compte "
                "%s (titular: %s). Per a factures o certificats de donació, escriviu a %s." % (
                    d.ib("ES"), "Associació Castellera %s" % pick(["de Gràcia", "del Poble-sec", "de Vic"]), d.em(p.email())))
    if loc == "frbe":
        return ("Souper aux boulets au profit de l'école %s le %s ! Réservation et paiement sur le compte %s avec la "
                "communication +++%s/%s/%s+++. Infos : %s" % (pick(["Saint-Joseph", "communale de Jambes"]),
                                                             rdt().strftime("%d/%m"), d.ib("BE"), dg(3), dg(4), dg(5), d.pph(p)))
    return ("Spendenaufruf: Der Musikverein %s sammelt für neue Instrumente. Spendenkonto %s, lautend auf %s. Bei Fragen "
            "erreichen Sie unseren Obmann %s unter %s." % (pick(["Hallstatt", "St. Florian", "Mödling"]), d.ib("AT"),
                                                          "Musikverein", p.full, d.pph(p)))


# =============================================================================================
# plan and driver
# =============================================================================================
PLAN = [
    # ~35% logs / JSON / structured (315)
    (g_jira, 14, False), (g_github, 6, False), (g_patch, 6, False), (g_otel, 10, False), (g_loki, 8, False),
    (g_icinga, 8, False), (g_idoc, 10, False), (g_edifact, 14, False), (g_mt103, 16, False), (g_nginx, 8, False),
    (g_ansible, 8, False), (g_helm, 8, False), (g_sip, 5, False), (g_okta, 6, False), (g_splunk, 12, False),
    (g_winfw, 6, False), (g_worldpay, 16, False), (g_shell, 10, False), (g_workday, 22, False), (g_dovecot, 6, False),
    (g_fortigate, 6, False), (g_es, 6, False), (g_pos_journal, 29, False), (g_mongo, 16, False),
    (g_tax_portal, 26, False), (g_camt053, 21, False), (g_look_logs, 12, True),
    # ~25% tables (225)
    (g_salesforce, 14, False), (g_hubspot, 5, False), (g_bankcsv, 30, False), (g_excel, 8, False),
    (g_manifest, 5, False), (g_hotel_arrivals, 16, False), (g_ipam, 8, False), (g_sepa_list, 21, False),
    (g_openstack, 6, False), (g_census, 28, False), (g_club, 4, False), (g_prepaid, 18, False),
    (g_pci_scan, 19, False), (g_payroll_register, 20, False), (g_vault_migration, 14, False), (g_look_tables, 9, True),
    # ~20% e-mails (180)
    (g_hotel_mail, 14, False), (g_airline, 10, False), (g_medical, 10, False), (g_invoice_ocr, 18, False),
    (g_vendor_change, 18, False), (g_us_hr, 27, False), (g_support_mail, 16, False), (g_deposit, 18, False),
    (g_ja_uk_mail, 8, False), (g_consent, 6, False), (g_card_update_mail, 17, False), (g_mortgage_mail, 12, False),
    (g_look_mail, 6, True),
    # ~20% prose and chat (180)
    (g_discord, 12, False), (g_viber, 10, False), (g_livechat, 16, False), (g_scam_forum, 10, False),
    (g_handover, 10, False), (g_crm_notes, 14, False), (g_family, 12, False), (g_us_tax, 26, False),
    (g_travel, 10, False), (g_moto_notes, 20, False), (g_bankruptcy, 18, False), (g_donation, 14, False),
    (g_look_prose, 8, True),
]
N_LINES = 900
CLEAN_RATE = 0.11
VALIDATORS = {EMAIL: email_ok, CARD: card_ok, IBAN: iban_ok, SSN: ssn_ok, IP: ip_ok,
              PHONE: lambda v: any(phone_ok(v, cc) for cc in PH)}


def final_check(recs):
    assert len(recs) == N_LINES, len(recs)
    for r in recs:
        text, spans = r["text"], r["spans"]
        assert set(r) == {"text", "spans"}
        prev = 0
        for sp in spans:
            assert set(sp) == {"start", "end", "type"}
            s, e, t = sp["start"], sp["end"], sp["type"]
            assert 0 <= prev <= s < e <= len(text), (sp, text[:80])
            assert VALIDATORS[t](text[s:e]), (t, text[s:e])
            prev = e
        stray(text, spans)
        assert json.loads(json.dumps(r, ensure_ascii=False)) == r


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "pii-ninth.jsonl")
    assert sum(n for _, n, _ in PLAN) == N_LINES
    recs, redraws = [], 0
    for gen, n, look in PLAN:
        for _ in range(n):
            for _attempt in range(300):
                d = Doc(clean=(not look) and chance(CLEAN_RATE))
                try:
                    rec = d.finish(gen(d))
                except Reject as ex:
                    redraws += 1
                    if DEBUG:
                        print("redraw %s: %s" % (gen.__name__, ex), file=sys.stderr)
                    continue
                if look and rec["spans"]:
                    raise AssertionError("%s is look-alike-only but labelled %r" % (gen.__name__, rec["spans"]))
                break
            else:
                raise RuntimeError("%s failed 300 times" % gen.__name__)
            recs.append(rec)
    R.shuffle(recs)
    final_check(recs)
    with open(out_path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in recs:
        for sp in r["spans"]:
            counts[sp["type"]] = counts.get(sp["type"], 0) + 1
    empty = sum(1 for r in recs if not r["spans"])
    print("wrote %s: %d lines, %d spans, %d lines without spans, %d redraws" % (
        out_path, len(recs), sum(counts.values()), empty, redraws))
    for k in sorted(counts):
        print("  %-14s %d" % (k, counts[k]))


if __name__ == "__main__":
    main()
