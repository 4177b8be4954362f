#!/usr/bin/env python3
"""pii_eighth.py - writes pii-eighth.jsonl, an eighth labelled PII corpus for measuring the
built-in detectors on text they were never tuned on.

Written without reading the detectors, and away from the document kinds and sentence
templates of pii_shapes.py, pii_formats.py, pii_locales.py, pii_wild.py, pii_fresh.py and
pii_heldout.py.  Balanced like an ordinary evaluation set:
  ~35% logs / JSON / structured text: PostgreSQL server logs (DETAIL: Key (...)=(...), Failing
       row contains, connection lines), Python tracebacks, Java stack traces with "Caused by",
       PowerShell Format-List / Test-NetConnection / Get-NetIPAddress output, Windows event XML,
       Alertmanager and PagerDuty webhooks, kubectl output, Terraform plans, HL7 v2 ADT
       messages, X12 834 segments, LDIF, SOAP requests and faults, DMARC aggregate XML,
       iCalendar VEVENTs, TOML configs, netplan / cloud-init YAML, fail2ban, Postfix maillog,
       Squid access.log, OpenVPN status files, BIND query logs, MongoDB JSON logs, auditd,
       Cisco ASA syslog, Salesforce Apex debug logs, Twilio message JSON, SendGrid event
       batches, Node.js ER_DUP_ENTRY / Axios errors, redis MONITOR output, DLP-scanner
       findings (JSON lines), Authorize.Net XML requests, mitmproxy flow dumps, ISO 20022
       pain.001 credit transfers, and look-alike-only output (snmpwalk, Prometheus
       exposition, pip freeze, Jenkins console, dpkg -l, cron, git log);
  ~25% tables: SQL Server / PostgreSQL / SQLite / Oracle INSERT scripts, psql aligned and
       expanded output, MySQL box and \\G output, Markdown tables, pandas DataFrame prints,
       tabulate fancy_grid boxes, PDF-to-text payslips (US, NL, DE, PL, RO, DK) and
       remittance advices, HDR/DTL/TRL payout files, HTML table reports, LaTeX tabulars,
       Google Forms CSV exports with multi-line cells, `last -i` output, PAN-tokenising
       SQL UPDATE scripts, QA card matrices, PDF-to-text W-2 forms, look-alike-only
       inventory / release / shipment / invoice tables;
  ~20% e-mails and messages: out-of-office replies (nl da ro pl de fr en pt-BR), GDPR access
       requests, tenancy / rent mails with IBANs, phishing reports with pasted headers,
       job applications, WhatsApp exports (iOS and Android), SMS Backup & Restore XML, Teams
       chat pastes, mailing-list digests, GitHub / Jira issue comments, customers mailing
       card numbers to support, US rental applications and new-hire onboarding mails,
       look-alike-only shipping / receipt / renewal mails;
  ~20% prose and chat: meeting minutes (nl da ro pl en), forum posts (pt-BR ar he hi ko zh
       th vi), notice-board posts, lost-and-found posts, parents' group chats, club
       notices, formal letters (SSA / IRS, Kündigung, résiliation, bezwaar, reklamacja,
       reziliere), card-dispute letters, and look-alike-only prose.
About 15% of the lines carry no labelled value.

Label scheme (as pii-dev.jsonl): {"text", "spans": [{"start", "end", "type"}]}, code-point
offsets, end exclusive; types EMAIL_ADDRESS PHONE_NUMBER CREDIT_CARD IBAN_CODE US_SSN
IP_ADDRESS only.  Phone span: the whole number incl. a leading "+" / "00", parentheses,
"(0)" and an extension ("x204", " ext. 31"); never "tel:" or quotes.  E-mail: the address
only.  IP: the address only (no brackets, ":port", "/port", "/prefix", "(port)").  Card: the
whole grouped number.  IBAN: the whole compact or spaced IBAN.  SSN: the dashed number.

Validity: cards Luhn + issuer prefix + length; IBANs registry length + mod-97 (+ national
keys for FR and PL, 11-test for NL); SSNs area 001-899 except 666, group 01-99, serial
0001-9999; IPs parse with ipaddress; phones follow national numbering plans (NANP area and
exchange codes never 0/1-led or N11).  Look-alikes (order / invoice / ticket / tracking ids,
dates, epochs, versions, UUIDs, hashes, Luhn-failing card-length numbers, mod-97-failing
IBAN-like strings, dotted quads with a bad octet, SSN shapes with area 000 / 666 / 9xx or
group 00 / serial 0000, amounts, postcodes, ports, durations, masked values, OIDs, ISBNs,
EANs, GTINs, build numbers, national ids of other kinds) are never labelled.  Every document
is checked before it is written: offsets, validity of every labelled value, and a scan of
the unlabelled rest for any valid card / IBAN / SSN / IPv4 / IPv6 / e-mail and any
"+"-prefixed phone-like run; a failing document is redrawn.  No exemptions are used.

Run: python3 pii_eighth.py [OUT]   (stdlib only; deterministic: random.Random(SEED))
     PII_EIGHTH_DEBUG=1 prints why documents were redrawn.
"""
import collections
import datetime as dt
import ipaddress
import json
import os
import re
import random
import sys
import unicodedata

SEED = 88_2024_08
R = random.Random(SEED)
N_DOCS = 900

EMAIL, PHONE, CARD, IBAN, SSN, IP = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                     "IBAN_CODE", "US_SSN", "IP_ADDRESS")

# ============================================================================ marking
# A labelled value is written into a template as an opaque marker; finish() turns the marked
# string into the visible text plus spans.
_VALS = []
MARK = re.compile("\ue010(\\d+)\ue011")


def L(v, kind):
    _VALS.append((str(v), kind))
    return "\ue010%d\ue011" % (len(_VALS) - 1)


def E(v):
    return L(v, EMAIL)


def PH(v):
    return L(v, PHONE)


def CC(v):
    return L(v, CARD)


def IB(v):
    return L(v, IBAN)


def SS(v):
    return L(v, SSN)


def IPA(v):
    return L(v, IP)


def finish(s):
    out, spans, pos, n = [], [], 0, 0
    for m in MARK.finditer(s):
        chunk = s[pos:m.start()]
        out.append(chunk)
        n += len(chunk)
        v, kind = _VALS[int(m.group(1))]
        spans.append({"start": n, "end": n + len(v), "type": kind})
        out.append(v)
        n += len(v)
        pos = m.end()
    out.append(s[pos:])
    return "".join(out), spans


# ============================================================================ small helpers
def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


def d(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def nz(n):
    return R.choice("123456789") + d(n - 1)


def hx(n, upper=False):
    s = "".join(R.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def alnum(n, alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"):
    return "".join(R.choice(alphabet) for _ in range(n))


def uuid4():
    return "%s-%s-4%s-%s%s-%s" % (hx(8), hx(4), hx(3), pick("89ab"), hx(3), hx(12))


def ts(year_lo=2023, year_hi=2025):
    base = dt.datetime(year_lo, 1, 1)
    span = (dt.datetime(year_hi, 12, 31) - base).total_seconds()
    return base + dt.timedelta(seconds=R.randint(0, int(span)), microseconds=R.randint(0, 999999))


def plus(t, lo=1, hi=900):
    return t + dt.timedelta(seconds=R.randint(lo, hi), microseconds=R.randint(0, 999999))


def epoch(t):
    return int(t.replace(tzinfo=dt.timezone.utc).timestamp())


def isoz(t, ms=3):
    base = t.strftime("%Y-%m-%dT%H:%M:%S")
    if ms:
        base += "." + ("%06d" % t.microsecond)[:ms]
    return base + "Z"


def ascii_fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O") \
         .replace("æ", "ae").replace("å", "a").replace("ß", "ss").replace("đ", "d").replace("Đ", "D")
    return re.sub(r"[^A-Za-z]", "", s).lower()


def J(o, indent=None):
    if indent:
        return json.dumps(o, ensure_ascii=False, indent=indent)
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))


# ============================================================================ validity
def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        x = int(c)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def luhn_digit(s):
    for c in "0123456789":
        if luhn_ok(s + c):
            return c
    raise AssertionError


def issuer_lengths(s):
    p2, p3, p4 = int(s[:2]), int(s[:3]), int(s[:4])
    out = set()
    if s[0] == "4":
        out |= {13, 16, 19}
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        out |= {16}
    if p2 in (34, 37):
        out |= {15}
    if p2 in (36, 38) or 300 <= p3 <= 305:
        out |= {14, 16}
    if 3528 <= p4 <= 3589:
        out |= {16, 17, 18, 19}
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65:
        out |= {16, 19}
    if p2 == 62:
        out |= {16, 17, 18, 19}
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763):
        out |= set(range(12, 20))
    return out


def card_ok(v):
    if not re.fullmatch(r"\d[\d -]*\d", v):
        return False
    if len(set(re.findall(r"[ -]", v))) > 1:
        return False
    s = re.sub(r"[ -]", "", v)
    return len(s) >= 12 and luhn_ok(s) and len(s) in issuer_lengths(s)


IBAN_LEN = {"AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BR": 29, "CH": 21, "CY": 28,
            "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
            "GB": 22, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26,
            "IT": 27, "KW": 30, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
            "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PT": 25, "QA": 29, "RO": 24, "SA": 24,
            "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29}


def mod97(s):
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban_ok(v):
    if " " in v:
        if not re.fullmatch(r"[A-Z]{2}\d{2}( [A-Z0-9]{4})*( [A-Z0-9]{1,4})?", v):
            return False
    elif not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", v):
        return False
    s = v.replace(" ", "")
    return IBAN_LEN.get(s[:2]) == len(s) and mod97(s[4:] + s[:4]) == 1


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
    if not m:
        return False
    a, g, s = m.groups()
    return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000"


def ip_ok(v):
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def email_ok(v):
    return bool(EMAIL_RE.fullmatch(v)) and ".." not in v and not v.startswith(".") \
        and ".@" not in v


def phone_ok(v):
    m = re.fullmatch(r"(\(?\+?[\d(][\d ()./-]*\d)((?:x| x| ext\.? | Ext\. |-)\d{1,5})?", v)
    if not m:
        return False
    n = len(re.sub(r"\D", "", m.group(1)))
    return 7 <= n <= 15 and v.count("(") == v.count(")")


VALID = {EMAIL: email_ok, PHONE: phone_ok, CARD: card_ok, IBAN: iban_ok, SSN: ssn_ok, IP: ip_ok}


def stray(text):
    """Describe any valid-looking unlabelled value left in the (masked) text, else None."""
    for m in EMAIL_RE.finditer(text):
        return "email " + m.group(0)
    for m in re.finditer(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", text):
        if ssn_ok(m.group(0)):
            return "ssn " + m.group(0)
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)", text):
        if ip_ok(m.group(0)):
            return "ipv4 " + m.group(0)
    for m in re.finditer(r"(?<![0-9A-Za-z:.])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?![0-9A-Za-z])", text):
        tok = m.group(0).strip(".")
        if tok.count(":") >= 2 and len(re.sub(r"[^0-9A-Fa-f]", "", tok)) >= 2:
            for cand in (tok, tok.rstrip(":"), tok.lstrip(":")):
                if cand.count(":") >= 2 and ip_ok(cand):
                    return "ipv6 " + cand
    for m in re.finditer(r"(?<!\d)\d{12,19}(?!\d)", text):
        s = m.group(0)
        if luhn_ok(s) and (len(s) in issuer_lengths(s) or len(s) == 16):
            return "luhn run " + s
    # grouped digit runs: every window of consecutive groups
    for m in re.finditer(r"(?<![\d.,/])\d{2,6}(?:([ -])\d{2,6})+(?![\d.,/])", text):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            for j in range(i + 2, len(groups) + 1):
                s = "".join(groups[i:j])
                if 12 <= len(s) <= 19 and card_ok(s):
                    return "grouped card " + " ".join(groups[i:j])
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z]{2})\d{2}", text):
        n = IBAN_LEN.get(m.group(1))
        if not n:
            continue
        i, got = m.start(), ""
        while i < len(text) and len(got) < n:
            c = text[i]
            if c.isascii() and c.isalnum():
                got += c.upper()
            elif not (c in " -" and i + 1 < len(text) and text[i + 1].isascii()
                      and text[i + 1].isalnum()):
                break
            i += 1
        if len(got) == n and mod97(got[4:] + got[:4]) == 1:
            return "iban " + got
    for m in re.finditer(r"(?<![\w+])\+\d[\d ()./-]{6,}\d", text):
        if len(re.sub(r"\D", "", m.group(0))) >= 8:
            return "plus-phone " + m.group(0)
    return None


def check(text, spans):
    if "\ue010" in text or "\ue011" in text:
        return "marker left"
    last = -1
    for sp in sorted(spans, key=lambda s: s["start"]):
        v = text[sp["start"]:sp["end"]]
        if sp["start"] < last:
            return "overlap"
        last = sp["end"]
        if not v or v != v.strip():
            return "whitespace in span %r" % v
        if not VALID[sp["type"]](v):
            return "invalid %s %r" % (sp["type"], v)
        before = text[sp["start"] - 1] if sp["start"] else " "
        after = text[sp["end"]] if sp["end"] < len(text) else " "
        if (before.isascii() and (before.isalnum() or before in "+." or (before == "@" and sp["type"] != IP))) or \
                (after.isascii() and (after.isalnum() or after in "@")):
            return "span glued to neighbour %r (%r %r)" % (v, before, after)
        if sp["type"] == PHONE and before.isdigit():
            return "phone glued"
    masked = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "\u2591"
    return stray("".join(masked))


# ============================================================================ phones
US_AREAS = [201, 202, 206, 212, 213, 214, 215, 224, 248, 267, 303, 305, 312, 313, 314, 347,
            404, 407, 412, 415, 470, 480, 503, 504, 510, 512, 602, 608, 612, 615, 617, 626,
            646, 650, 678, 702, 703, 704, 713, 718, 720, 732, 737, 763, 773, 786, 801, 804,
            813, 816, 832, 858, 862, 904, 916, 919, 929, 952, 954, 971, 972, 980]


def nanp_exchange():
    while True:
        x = R.randint(200, 999)
        if x % 100 != 11 and x not in (555, 950, 958, 959, 976):
            return x


def ph_us(ext=None):
    a, x, l = pick(US_AREAS), nanp_exchange(), d(4)
    f = pick(["({a}) {x}-{l}", "{a}-{x}-{l}", "{a}.{x}.{l}", "+1 {a} {x} {l}", "+1-{a}-{x}-{l}",
              "1-{a}-{x}-{l}", "+1{a}{x}{l}", "{a}{x}{l}", "+1 ({a}) {x}-{l}", "({a}) {x}-{l}"])
    s = f.format(a=a, x=x, l=l)
    if ext is None:
        ext = chance(0.12)
    if ext:
        s += pick([" x%d" % R.randint(10, 9999), "x%d" % R.randint(100, 999),
                   " ext. %d" % R.randint(10, 999), " ext %d" % R.randint(100, 9999)])
    return s


def ph_gb(kind=None):
    kind = {"land": pick(["lon", "city"])}.get(kind, kind) or pick(["lon", "city", "mob", "mob"])
    if kind == "lon":
        a, sub = "20", pick("378") + d(3) + " " + d(4)
    elif kind == "city":
        a, sub = pick(["121", "161", "113", "117", "131", "141", "114", "115", "151", "191"]), \
            pick("2345789") + d(2) + " " + d(4)
    else:
        a, sub = "7" + pick("1234789") + d(2), d(6)
    f = pick(["0{a} {s}", "+44 {a} {s}", "+44 (0){a} {s}", "0{a} {s}", "0044 {a} {s}"])
    s = f.format(a=a, s=sub)
    if kind != "mob" and chance(0.1):
        s += " ext. %d" % R.randint(100, 4999)
    return s


def ph_de(kind=None):
    kind = kind or pick(["land", "land", "mob"])
    if kind == "land":
        a = pick(["30", "40", "89", "69", "221", "211", "711", "351", "341", "511", "911", "228"])
        sub = nz(8 - len(a) + 2 if len(a) == 2 else 7)
        if chance(0.3):
            sub = sub[:-2] + "-" + d(pick([1, 2, 3]))
    else:
        a = pick(["151", "152", "157", "160", "162", "163", "170", "171", "172", "173", "175",
                  "176", "177", "178", "179"])
        sub = nz(8 if a.startswith("15") else 7)
    f = pick(["0{a} {s}", "0{a}/{s}", "+49 {a} {s}", "+49 (0){a} {s}", "0049 {a} {s}",
              "+49{a}{s}"])
    return f.format(a=a, s=sub.replace("-", "") if "{s}" in f and f.endswith("}{s}") else sub)


def ph_fr(kind=None):
    first = pick(["1", "2", "3", "4", "5"]) if (kind or pick(["land", "mob"])) == "land" \
        else pick(["6", "7"])
    rest = [d(2) for _ in range(4)]
    f = pick(["0{f} {r}", "+33 {f} {r}", "+33 (0){f} {r}", "0{f}.{rd}", "0033 {f} {r}"])
    return f.format(f=first, r=" ".join(rest), rd=".".join(rest))


def ph_nl(kind=None):
    kind = kind or pick(["land", "mob", "mob"])
    if kind == "mob":
        body = pick("12345") + d(7)
        f = pick(["06-{b}", "06 {b4}", "+31 6 {b}", "+31 (0)6 {b4}", "+316{b}", "0031 6 {b}",
                  "06 {b2}"])
        return f.format(b=body, b4=body[:4] + " " + body[4:],
                        b2=" ".join(body[i:i + 2] for i in range(0, 8, 2)))
    a = pick(["20", "10", "30", "70", "40", "50", "13", "26", "43", "53", "71"])
    sub = pick("23456789") + d(6)
    f = pick(["0{a}-{s}", "0{a} {s3}", "+31 {a} {s3}", "+31 (0){a} {s}", "0031 {a} {s}"])
    return f.format(a=a, s=sub, s3=sub[:3] + " " + sub[3:])


def ph_pl(kind=None):
    kind = kind or pick(["mob", "mob", "land"])
    if kind == "mob":
        n = pick(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + d(7)
        f = pick(["+48 {a} {b} {c}", "{a} {b} {c}", "{a}-{b}-{c}", "+48{n}", "0048 {a} {b} {c}",
                  "+48 {a}-{b}-{c}"])
        return f.format(a=n[:3], b=n[3:6], c=n[6:], n=n)
    a = pick(["22", "12", "58", "71", "61", "42", "32", "81", "91"])
    n = pick("2345678") + d(6)
    f = pick(["+48 {a} {b} {c} {e}", "({a}) {b} {c} {e}", "{a} {b} {c} {e}", "+48 {a} {n}"])
    return f.format(a=a, b=n[:3], c=n[3:5], e=n[5:], n=n)


def ph_br(kind=None):
    ddd = pick(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48", "62"])
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        n = "9" + pick("6789") + d(7)
        a, b = n[:5], n[5:]
    else:
        n = pick("2345") + d(7)
        a, b = n[:4], n[4:]
    f = pick(["({d}) {a}-{b}", "+55 {d} {a}-{b}", "+55 ({d}) {a}-{b}", "{d} {a} {b}",
              "+55{d}{a}{b}", "({d}) {a}{b}"])
    return f.format(d=ddd, a=a, b=b)


def ph_ae(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        a, n = pick(["50", "52", "54", "55", "56", "58"]), d(7)
    else:
        a, n = pick(["2", "3", "4", "6", "7", "9"]), pick("2345678") + d(6)
    f = pick(["+971 {a} {x} {y}", "0{a} {x} {y}", "+971-{a}-{x}-{y}", "00971 {a} {n}",
              "+971{a}{n}"])
    return f.format(a=a, x=n[:3], y=n[3:], n=n)


def ph_sa(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        a, n = "5" + pick("0345689"), d(7)
    else:
        a, n = pick(["11", "12", "13", "14", "16", "17"]), pick("2345678") + d(6)
    f = pick(["+966 {a} {x} {y}", "0{a} {x} {y}", "0{a}{n}", "+966{a}{n}", "00966 {a} {n}"])
    return f.format(a=a, x=n[:3], y=n[3:], n=n)


def ph_il(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        a, n = "5" + pick("012348"), pick("23456789") + d(6)
    else:
        a, n = pick(["2", "3", "4", "8", "9"]), pick("5689") + d(6)
    f = pick(["0{a}-{x}-{y}", "0{a}-{n}", "+972 {a}-{x}-{y}", "+972-{a}-{n}", "+972 {a} {x} {y}"])
    return f.format(a=a, x=n[:3], y=n[3:], n=n)


def ph_in(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        n = pick("6789") + d(9)
        f = pick(["+91 {a} {b}", "+91-{n}", "0{a} {b}", "{n}", "+91 {n}", "+91 {a}-{b}"])
        return f.format(a=n[:5], b=n[5:], n=n)
    a = pick(["11", "22", "80", "44", "33", "40", "20"])
    n = pick("2346") + d(7)
    f = pick(["+91 {a} {x} {y}", "0{a}-{n}", "0{a} {x} {y}", "+91-{a}-{n}"])
    return f.format(a=a, x=n[:4], y=n[4:], n=n)


def ph_kr(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        x, y = pick("2345678") + d(3), d(4)
        f = pick(["010-{x}-{y}", "+82 10-{x}-{y}", "+82 10 {x} {y}", "010 {x} {y}", "+821{zz}"])
        return f.format(x=x, y=y, zz="0" + x + y)
    a = pick(["2", "31", "32", "51", "53", "42", "62"])
    x = pick("2345678") + d(3 if a == "2" else 2)
    y = d(4)
    f = pick(["0{a}-{x}-{y}", "+82 {a}-{x}-{y}", "+82 {a} {x} {y}", "(0{a}) {x}-{y}"])
    return f.format(a=a, x=x, y=y)


def ph_cn(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        p = pick(["138", "139", "136", "135", "150", "151", "158", "186", "187", "188", "173",
                  "177", "180", "189", "199", "191"])
        a, b = d(4), d(4)
        f = pick(["{p} {a} {b}", "+86 {p} {a} {b}", "{p}{a}{b}", "+86-{p}-{a}-{b}", "{p}-{a}-{b}",
                  "(+86) {p}{a}{b}"])
        return f.format(p=p, a=a, b=b)
    a = pick(["10", "21", "20", "755", "571", "28", "25"])
    n = pick("2345678") + d(7)
    f = pick(["0{a}-{n}", "0{a}-{x} {y}", "+86 {a} {x} {y}", "(0{a}) {n}"])
    return f.format(a=a, n=n, x=n[:4], y=n[4:])


def ph_th(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        a, n = pick("689") + pick("123456789"), d(7)
        f = pick(["0{a}-{x}-{y}", "0{a} {x} {y}", "+66 {a} {x} {y}", "+66{a}{n}", "0{a}{n}"])
        return f.format(a=a, x=n[:3], y=n[3:], n=n)
    if chance(0.6):
        n = pick("2345679") + d(6)
        f = pick(["02-{x}-{y}", "02 {x} {y}", "+66 2 {x} {y}"])
        return f.format(x=n[:3], y=n[3:])
    a, n = pick(["53", "76", "74", "38", "43"]), pick("2345678") + d(5)
    return pick(["0{a}-{n}", "+66 {a} {n}", "0{a} {x} {y}"]).format(a=a, n=n, x=n[:3], y=n[3:])


def ph_vn(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        p = pick(["32", "33", "35", "37", "38", "56", "58", "70", "76", "77", "79", "81", "83",
                  "84", "85", "86", "88", "89", "90", "91", "93", "94", "96", "97", "98"])
        n = d(7)
        f = pick(["0{p}{a} {b} {c}", "0{p} {n3} {n4}", "+84 {p}{a} {b} {c}", "+84{p}{n}",
                  "(+84) {p}{a}{b}{c}", "0{p}{n}"])
        return f.format(p=p, a=n[0], b=n[1:4], c=n[4:], n=n, n3=n[:3], n4=n[3:])
    a = pick(["24", "28", "236", "225"])
    n = pick("23456") + d(7 if len(a) == 2 else 6)
    f = pick(["0{a} {x} {y}", "+84 {a} {x} {y}", "(0{a}) {n}", "0{a}.{n}"])
    return f.format(a=a, n=n, x=n[:4], y=n[4:])


def ph_ro(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        n = "7" + pick("2345678") + d(7)
        f = pick(["0{a} {b} {c}", "+40 {a} {b} {c}", "+40 (0){a} {b} {c}", "0{a}.{b}.{c}",
                  "0040 {a} {b} {c}", "+40{n}", "0{n}"])
        return f.format(a=n[:3], b=n[3:6], c=n[6:], n=n)
    if chance(0.5):
        n = pick("23") + d(6)
        f = pick(["021 {a} {b}", "+40 21 {a} {b}", "021.{a}.{b}", "(021) {a} {b}"])
        return f.format(a=n[:3], b=n[3:])
    a, n = pick(["264", "232", "256", "268", "241", "251"]), pick("2345") + d(5)
    return pick(["0{a} {x} {y}", "+40 {a} {x} {y}", "0{a}/{n}"]).format(a=a, n=n, x=n[:3], y=n[3:])


def ph_dk(kind=None):
    if (kind or pick(["mob", "mob", "land"])) == "mob":
        n = pick(["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40",
                  "41", "42", "50", "51", "52", "53", "60", "61", "71", "81", "91", "93"]) + d(6)
    else:
        n = pick(["32", "33", "35", "36", "38", "39", "43", "44", "45", "46", "48", "62", "65",
                  "66", "70", "75", "86", "87", "89", "96", "98"]) + d(6)
    f = pick(["+45 {a} {b} {c} {e}", "{a} {b} {c} {e}", "+45 {h} {i}", "0045 {n}", "+45{n}",
              "{h} {i}"])
    return f.format(a=n[:2], b=n[2:4], c=n[4:6], e=n[6:], h=n[:4], i=n[4:], n=n)


PHONES = {"us": ph_us, "gb": ph_gb, "de": ph_de, "fr": ph_fr, "nl": ph_nl, "pl": ph_pl,
          "br": ph_br, "ae": ph_ae, "sa": ph_sa, "il": ph_il, "in": ph_in, "kr": ph_kr,
          "cn": ph_cn, "th": ph_th, "vn": ph_vn, "ro": ph_ro, "dk": ph_dk}


def phone(loc, kind=None):
    if loc == "us":
        return ph_us() if kind is None else ph_us(ext=False)
    return PHONES[loc](kind)


# ============================================================================ IBANs
def _nl_account():
    while True:
        a = nz(10) if chance(0.3) else "0" + nz(9)
        if sum(int(c) * (10 - i) for i, c in enumerate(a)) % 11 == 0:
            return a


def _pl_sort():
    bank = pick(["102", "105", "109", "114", "124", "116", "175", "160", "194", "249"])
    br = d(4)
    w = [3, 9, 7, 1, 3, 9, 7]
    s = sum(int(c) * w[i] for i, c in enumerate(bank + br))
    return bank + br + str((10 - s % 10) % 10)


def _fr_bban():
    bank = pick(["30004", "30003", "20041", "10278", "30066", "18206", "11306", "30002"])
    branch, acct = d(5), d(11)
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
    return bank + branch + acct + "%02d" % key


BBAN = {
    "NL": lambda: pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"]) + _nl_account(),
    "DE": lambda: pick(["10010010", "37040044", "50010517", "70150000", "20050550", "12030000",
                        "43060967", "76010085", "60050101", "86055592"]) + d(10),
    "GB": lambda: pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ", "SRLG"]) + d(6) + d(8),
    "IE": lambda: pick(["AIBK", "BOFI", "IPBS"]) + d(6) + d(8),
    "DK": lambda: pick(["0040", "3000", "5301", "9570", "1551", "7600"]) + d(10),
    "RO": lambda: pick(["BTRL", "RNCB", "BRDE", "INGB", "RZBR", "BACX"]) + d(16) if chance(0.5)
    else pick(["BTRL", "RNCB", "BRDE"]) + "RON" + d(13) if chance(0.5) else pick(["RNCB"]) + "0" + d(15),
    "PL": lambda: _pl_sort() + d(16),
    "BR": lambda: pick(["00360305", "60701190", "00000000", "90400888"]) + d(5) + d(10) + "C1",
    "AE": lambda: pick(["033", "026", "030", "035", "044"]) + d(16),
    "SA": lambda: pick(["80", "10", "20", "45", "65"]) + d(18),
    "IL": lambda: pick(["010", "012", "020", "011", "031"]) + d(3) + d(13),
    "FR": _fr_bban,
    "CH": lambda: pick(["00762", "00230", "00700", "08390"]) + d(12),
    "AT": lambda: pick(["12000", "20111", "14000", "32000"]) + d(11),
}
LOC_IBAN = {"nl": "NL", "de": "DE", "gb": "GB", "dk": "DK", "ro": "RO", "pl": "PL", "br": "BR",
            "ae": "AE", "sa": "SA", "il": "IL", "fr": "FR", "us": None, "in": None, "kr": None,
            "cn": None, "th": None, "vn": None}


BIC = {"NL": ["ABNANL2A", "INGBNL2A", "RABONL2U", "SNSBNL2A"], "DE": ["DEUTDEFF", "COBADEFFXXX", "INGDDEFFXXX", "HASPDEHHXXX"],
       "GB": ["NWBKGB2L", "BARCGB22", "LOYDGB2L", "HBUKGB4B"], "IE": ["AIBKIE2D", "BOFIIE2D"], "DK": ["DABADKKK", "NDEADKKK", "JYBADKKK"],
       "RO": ["BTRLRO22", "RNCBROBU", "BRDEROBU", "INGBROBU"], "PL": ["PKOPPLPW", "INGBPLPW", "BREXPLPW"], "BR": ["BRASBRRJ", "ITAUBRSP"],
       "AE": ["EBILAEAD", "NBADAEAA", "ADCBAEAA"], "SA": ["NCBKSAJE", "RJHISARI"], "IL": ["LUMIILITXXX", "POALILIT"], "FR": ["BNPAFRPP", "SOGEFRPP", "CRLYFRPP"],
       "CH": ["UBSWCHZH80A", "CRESCHZZ80A"], "AT": ["BKAUATWW", "RZBAATWW"]}


def iban_compact(cc=None):
    cc = cc or pick(list(BBAN))
    b = BBAN[cc]()
    chk = 98 - mod97(b + cc + "00")
    s = "%s%02d%s" % (cc, chk, b)
    assert iban_ok(s), s
    return s


def spaced(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban(cc=None, sp=None):
    s = iban_compact(cc)
    if sp is None:
        sp = chance(0.45)
    return spaced(s) if sp else s


def bad_iban(cc=None, sp=None):
    """IBAN-shaped, right length, failing mod-97."""
    while True:
        s = iban_compact(cc)
        if chance(0.5):
            s = s[:2] + "%02d" % ((int(s[2:4]) + R.randint(1, 90)) % 100) + s[4:]
        else:
            i = R.randint(5, len(s) - 1)
            c = s[i]
            if c.isdigit():
                s = s[:i] + str((int(c) + R.randint(1, 9)) % 10) + s[i + 1:]
        if not iban_ok(s) and not iban_ok(spaced(s)):
            return spaced(s) if (sp if sp is not None else chance(0.4)) else s


# ============================================================================ cards
def card_digits(brand=None):
    brand = brand or R.choices(["visa", "mc", "mc2", "amex", "disc", "jcb", "diners", "up", "maestro"],
                               [34, 18, 6, 12, 8, 5, 4, 7, 6])[0]
    if brand == "visa":
        pre, n = "4" + d(5), R.choices([16, 13, 19], [90, 4, 6])[0]
    elif brand == "mc":
        pre, n = str(R.randint(51, 55)) + d(4), 16
    elif brand == "mc2":
        pre, n = str(R.randint(2221, 2720)) + d(2), 16
    elif brand == "amex":
        pre, n = pick(["34", "37"]) + d(4), 15
    elif brand == "disc":
        pre, n = pick(["6011" + d(2), str(R.randint(644, 649)) + d(3), "65" + d(4)]), \
            R.choices([16, 19], [92, 8])[0]
    elif brand == "jcb":
        pre, n = str(R.randint(3528, 3589)) + d(2), 16
    elif brand == "diners":
        pre, n = pick(["36" + d(4), "38" + d(4), str(R.randint(300, 305)) + d(3)]), 14
    elif brand == "up":
        pre, n = "62" + pick(["2", "4", "5", "8"]) + d(3), R.choices([16, 19], [80, 20])[0]
    else:
        pre, n = pick(["5018", "5020", "5038", "6304", "6759", "6761", "6763"]) + d(2), \
            R.choices([16, 19, 18], [60, 30, 10])[0]
    body = pre + d(n - len(pre) - 1)
    s = body + luhn_digit(body)
    assert len(s) in issuer_lengths(s) and luhn_ok(s), s
    return s


def group_card(s, sep=None):
    if sep is None:
        sep = R.choices([" ", "-", ""], [55, 15, 30])[0]
    if not sep:
        return s
    n = len(s)
    if n == 15:
        parts = [s[:4], s[4:10], s[10:]]
    elif n == 14:
        parts = [s[:4], s[4:10], s[10:]]
    else:
        parts = [s[i:i + 4] for i in range(0, n, 4)]
    return sep.join(parts)


def card(brand=None, sep=None):
    return group_card(card_digits(brand), sep)


def bad_card(sep=None, n=16):
    while True:
        s = card_digits(pick(["visa", "mc", "disc"]))[:n - 1]
        s = s + str((int(luhn_digit(s)) + R.randint(1, 9)) % 10)
        if not luhn_ok(s):
            return group_card(s, sep)


def masked_card(s=None):
    s = s or card_digits()
    return pick(["**** **** **** " + s[-4:], "XXXX-XXXX-XXXX-" + s[-4:], s[:6] + "******" + s[-4:],
                 "•••• " + s[-4:], "ending in " + s[-4:], "xxxxxxxxxxxx" + s[-4:],
                 s[:4] + " **** **** " + s[-4:]])


# ============================================================================ SSNs
def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            return "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))


def bad_ssn():
    k = pick(["000", "666", "9xx", "g00", "s0000"])
    a, g, s = "%03d" % R.randint(1, 665), "%02d" % R.randint(1, 99), "%04d" % R.randint(1, 9999)
    if k == "000":
        a = "000"
    elif k == "666":
        a = "666"
    elif k == "9xx":
        a = str(R.randint(900, 999))
    elif k == "g00":
        g = "00"
    else:
        s = "0000"
    v = "%s-%s-%s" % (a, g, s)
    assert not ssn_ok(v)
    return v


# ============================================================================ IPs
def ipv4_pub():
    while True:
        a = R.randint(1, 223)
        if a in (10, 127, 172, 192, 169, 100, 0):
            continue
        return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


def ipv4_priv():
    return pick(["10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)),
                 "192.168.%d.%d" % (R.randint(0, 30), R.randint(2, 254)),
                 "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254))])


def ipv4_doc():
    return pick(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(1, 254))


def ipv4():
    return R.choices([ipv4_pub, ipv4_priv, ipv4_doc], [50, 35, 15])[0]()


def ipv6(style=None):
    style = style or R.choices(["comp", "full", "mapped", "ll", "ula", "doc"], [35, 15, 15, 10, 10, 15])[0]
    if style == "full":
        pre = pick(["2a02:%s" % hx(4), "2001:%s" % hx(4), "2600:%s" % hx(4), "2a01:%s" % hx(4),
                    "2406:%s" % hx(4), "2804:%s" % hx(4)])
        v = pre + ":" + ":".join(hx(4) for _ in range(6))
        if chance(0.3):
            v = ":".join(g.lstrip("0") or "0" for g in v.split(":"))
        return v.upper() if chance(0.15) else v
    if style == "comp":
        pre = pick(["2a02:%s:%s" % (hx(4), hx(3)), "2001:%s:%s" % (hx(3), hx(2)),
                    "2600:1f18:%s" % hx(4), "2a00:1450:%s" % hx(4), "2406:da18:%s" % hx(3),
                    "2804:14c:%s" % hx(4), "2401:4900:%s" % hx(4)])
        return pre + "::" + ":".join(hx(R.randint(1, 4)).lstrip("0") or "1" for _ in range(R.randint(1, 3)))
    if style == "mapped":
        return "::ffff:" + ipv4()
    if style == "ll":
        return "fe80::%s:%s:%s:%s" % (hx(4).lstrip("0") or "1", hx(2), hx(4).lstrip("0") or "a",
                                       hx(4).lstrip("0") or "b")
    if style == "ula":
        return "fd%s:%s:%s::%s" % (hx(2), hx(4), hx(4).lstrip("0") or "1", hx(2).lstrip("0") or "5")
    return "2001:db8:%s::%s" % (hx(3).lstrip("0") or "1", hx(3).lstrip("0") or "7")


def ip_any():
    return ipv6() if chance(0.3) else ipv4()


def bad_octet():
    o = [R.randint(1, 223), R.randint(0, 255), R.randint(0, 255), R.randint(0, 255)]
    o[R.randint(0, 3)] = R.randint(256, 999)
    return ".".join(map(str, o))


# ============================================================================ people and places
# (given names, family names); for non-Latin scripts each entry is "native|latin".
NAMES = {
    "us": (["Tyler", "Keisha", "Brandon", "Megan", "Marcus", "Latoya", "Dustin", "Courtney",
            "Javier", "Brianna", "Cody", "Alyssa", "Trevor", "Destiny", "Hunter", "Shanice"],
           ["Whitfield", "Okafor", "Delgado", "Kowalski", "Hartley", "Nakamura", "Pruitt",
            "Abernathy", "Villanueva", "McAllister", "Dunbar", "Greer", "Castellano", "Boone"]),
    "gb": (["Callum", "Siobhan", "Rhys", "Imogen", "Declan", "Harriet", "Aled", "Niamh",
            "Euan", "Poppy", "Tobias", "Freya"],
           ["Pemberton", "Ashworth", "MacLeod", "Fairbairn", "Oakley", "Threlfall", "Gwynne",
            "Ramsbottom", "Featherstone", "Quigley"]),
    "de": (["Jörg", "Anneliese", "Lukas", "Mareike", "Björn", "Svenja", "Timo", "Kerstin",
            "Dieter", "Friederike", "Malte", "Gesine"],
           ["Schröder", "Weißenborn", "Kühnel", "Bachmann", "Hoffmeister", "Lindqvist",
            "Großmann", "Rüdiger", "Albrecht", "Engelhardt"]),
    "fr": (["Gaëlle", "Thibault", "Maëlys", "Aurélien", "Solène", "Benoît", "Clémence",
            "Grégoire", "Océane", "Yannick"],
           ["Lefèvre", "Chevalier", "Marchand", "Rousseau", "Beaumont", "Giraud", "Fontaine",
            "Duval", "Perrin", "Lacroix"]),
    "nl": (["Sanne", "Joost", "Femke", "Bram", "Lieke", "Thijs", "Maartje", "Wouter",
            "Anouk", "Gijs", "Floor", "Ruud"],
           ["de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Mulder", "de Boer",
            "van Dijk", "Hendriks", "Verbeek", "Kuipers", "van Leeuwen"]),
    "pl": (["Agnieszka", "Paweł", "Małgorzata", "Krzysztof", "Zofia", "Łukasz", "Joanna",
            "Grzegorz", "Katarzyna", "Wojciech", "Dorota", "Michał"],
           ["Wiśniewski", "Kamińska", "Lewandowski", "Zielińska", "Szymański", "Woźniak",
            "Dąbrowski", "Kozłowska", "Jankowski", "Mazur"]),
    "br": (["João", "Ana Clara", "Thiago", "Letícia", "Rafael", "Bruna", "Gustavo", "Camila",
            "Vinícius", "Larissa", "Felipe", "Juliana"],
           ["Araújo", "Nascimento", "Carvalho", "Ribeiro", "Gonçalves", "Barbosa", "Cardoso",
            "Teixeira", "Moreira", "Azevedo"]),
    "ae": (["محمد|Mohammed", "فاطمة|Fatima", "خالد|Khalid", "مريم|Maryam", "عمر|Omar",
            "نورة|Noura", "سعيد|Saeed", "هند|Hind"],
           ["الشامسي|Al Shamsi", "المنصوري|Al Mansouri", "الكعبي|Al Kaabi", "النعيمي|Al Nuaimi",
            "الظاهري|Al Dhaheri", "الحمادي|Al Hammadi"]),
    "sa": (["عبدالله|Abdullah", "سارة|Sarah", "فهد|Fahad", "ريم|Reem", "تركي|Turki",
            "لمى|Lama"],
           ["العتيبي|Alotaibi", "القحطاني|Alqahtani", "الشهري|Alshehri", "الدوسري|Aldosari",
            "الغامدي|Alghamdi"]),
    "il": (["נועה|Noa", "איתי|Itai", "מיכל|Michal", "יונתן|Yonatan", "תמר|Tamar",
            "אורי|Ori", "שירה|Shira", "עמית|Amit"],
           ["כהן|Cohen", "לוי|Levi", "מזרחי|Mizrahi", "פרץ|Peretz", "ביטון|Biton",
            "אברהם|Avraham", "פרידמן|Friedman"]),
    "in": (["प्रिया|Priya", "राहुल|Rahul", "अनन्या|Ananya", "विक्रम|Vikram", "स्नेहा|Sneha",
            "अर्जुन|Arjun", "कविता|Kavita", "रोहित|Rohit"],
           ["शर्मा|Sharma", "वर्मा|Verma", "अग्रवाल|Agarwal", "पटेल|Patel", "अय्यर|Iyer",
            "गुप्ता|Gupta", "रेड्डी|Reddy"]),
    "kr": (["민준|Minjun", "서연|Seoyeon", "지훈|Jihoon", "하은|Haeun", "도윤|Doyun",
            "수빈|Subin", "현우|Hyunwoo", "예린|Yerin"],
           ["김|Kim", "이|Lee", "박|Park", "최|Choi", "정|Jung", "강|Kang", "윤|Yoon"]),
    "cn": (["伟|Wei", "芳|Fang", "静|Jing", "磊|Lei", "婷|Ting", "浩然|Haoran", "思雨|Siyu",
            "子轩|Zixuan"],
           ["王|Wang", "李|Li", "张|Zhang", "刘|Liu", "陈|Chen", "杨|Yang", "赵|Zhao", "黄|Huang"]),
    "th": (["สมชาย|Somchai", "สุดารัตน์|Sudarat", "ธนากร|Thanakorn", "พิมพ์ชนก|Pimchanok",
            "อนุชา|Anucha", "วรรณา|Wanna"],
           ["ศรีสุข|Srisuk", "วงศ์ใหญ่|Wongyai", "แก้วมณี|Kaewmanee", "บุญมา|Boonma",
            "สุขเจริญ|Sukcharoen"]),
    "vn": (["Nguyễn Thị|Nguyen Thi", "Trần Văn|Tran Van", "Lê Hoàng|Le Hoang", "Phạm Minh|Pham Minh",
            "Đỗ Thu|Do Thu", "Vũ Quốc|Vu Quoc"],
           ["Hương|Huong", "Dũng|Dung", "Anh|Anh", "Thảo|Thao", "Tuấn|Tuan", "Lan|Lan", "Khoa|Khoa"]),
    "ro": (["Andreea", "Mihai", "Ioana", "Bogdan", "Cristina", "Răzvan", "Alexandra",
            "Ștefan", "Roxana", "Vlad"],
           ["Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Constantinescu", "Munteanu",
            "Țurcanu", "Georgescu", "Marin", "Dobre"]),
    "dk": (["Mette", "Rasmus", "Sofie", "Mads", "Freja", "Søren", "Ida", "Jesper", "Nanna",
            "Anders"],
           ["Jørgensen", "Nielsen", "Højgaard", "Kristensen", "Møller", "Østergaard",
            "Thomsen", "Dahl", "Lund", "Bæk"]),
}

FREEMAIL = {
    "us": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net"],
    "gb": ["btinternet.com", "gmail.com", "hotmail.co.uk", "sky.com", "outlook.com"],
    "de": ["web.de", "gmx.de", "t-online.de", "posteo.de", "gmail.com"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"],
    "nl": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "gmail.com", "hotmail.nl", "planet.nl"],
    "pl": ["wp.pl", "o2.pl", "interia.pl", "onet.pl", "gmail.com"],
    "br": ["uol.com.br", "terra.com.br", "bol.com.br", "gmail.com", "hotmail.com"],
    "ae": ["gmail.com", "hotmail.com", "emirates.net.ae", "outlook.com"],
    "sa": ["gmail.com", "hotmail.com", "yahoo.com"],
    "il": ["walla.co.il", "gmail.com", "012.net.il", "bezeqint.net"],
    "in": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.in"],
    "kr": ["naver.com", "daum.net", "hanmail.net", "kakao.com", "gmail.com"],
    "cn": ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com"],
    "th": ["hotmail.com", "gmail.com", "yahoo.co.th"],
    "vn": ["gmail.com", "yahoo.com.vn", "fpt.vn", "vnn.vn"],
    "ro": ["yahoo.ro", "gmail.com", "rdslink.ro", "mail.com"],
    "dk": ["mail.dk", "gmail.com", "jubii.dk", "outlook.dk", "live.dk"],
}

COMPANY = {
    "us": ["lakeshore-dental.com", "brightpath-logistics.com", "mesa-insurance.net",
           "northwind-health.org", "quarrystone.io", "tallgrass-credit.com"],
    "gb": ["harbourside-lettings.co.uk", "pennine-utilities.co.uk", "thamesbridge.ac.uk",
           "kestrel-legal.co.uk"],
    "de": ["kraemer-logistik.de", "stadtwerke-nordheim.de", "praxis-am-markt.de",
           "hansa-versand.de"],
    "fr": ["cabinet-giraud.fr", "transports-lacroix.fr", "mutuelle-aveyron.fr"],
    "nl": ["woonstede.nl", "bakkerij-mulder.nl", "vanleeuwen-installatie.nl",
           "gemeente-oostwold.nl", "tandartspraktijk-dekrommerijn.nl"],
    "pl": ["spoldzielnia-zorza.pl", "kancelaria-mazur.pl", "transbud.com.pl", "wspolnota-lipowa.pl"],
    "br": ["imobiliaria-horizonte.com.br", "clinica-saude.com.br", "transportes-rio.com.br"],
    "ae": ["gulfstar-trading.ae", "palmcrest.ae", "alnoor-clinic.ae"],
    "sa": ["najd-contracting.com.sa", "redsea-logistics.sa"],
    "il": ["shaked-tech.co.il", "galil-insurance.co.il"],
    "in": ["sundaram-textiles.in", "metroline-tech.co.in", "kaveri-hospitals.in"],
    "kr": ["hanbit-soft.co.kr", "seoul-dental.kr", "daehan-logis.co.kr"],
    "cn": ["huaxin-tech.cn", "jinhe-trading.com.cn"],
    "th": ["siam-orchid.co.th", "chaophraya-logistics.co.th"],
    "vn": ["saigon-tech.vn", "hanoi-foods.com.vn"],
    "ro": ["transilvania-impex.ro", "clinica-aurora.ro", "asociatia-proprietari-17.ro"],
    "dk": ["andelsbolig-solsiden.dk", "nordlys-it.dk", "tandlaege-vesterbro.dk"],
}

CITY = {"us": ["Columbus, OH", "Tacoma, WA", "Raleigh, NC", "Tucson, AZ", "Albany, NY"],
        "gb": ["Leeds", "Bristol", "Cardiff", "Aberdeen", "Norwich"],
        "de": ["Kassel", "Rostock", "Freiburg", "Würzburg", "Bielefeld"],
        "fr": ["Rennes", "Tours", "Grenoble", "Nancy", "Limoges"],
        "nl": ["Zwolle", "Amersfoort", "Leiden", "Deventer", "Groningen"],
        "pl": ["Lublin", "Gdańsk", "Toruń", "Białystok", "Rzeszów"],
        "br": ["Campinas", "Curitiba", "Recife", "Belo Horizonte", "Florianópolis"],
        "ae": ["Dubai", "Abu Dhabi", "Sharjah"], "sa": ["الرياض", "جدة", "الدمام"],
        "il": ["תל אביב", "חיפה", "ירושלים"], "in": ["पुणे", "जयपुर", "लखनऊ"],
        "kr": ["서울", "부산", "대전"], "cn": ["杭州", "成都", "深圳"], "th": ["เชียงใหม่", "ขอนแก่น"],
        "vn": ["Hà Nội", "Đà Nẵng", "TP. Hồ Chí Minh"], "ro": ["Cluj-Napoca", "Iași", "Brașov"],
        "dk": ["Aarhus", "Odense", "Aalborg", "Roskilde"]}

NONLATIN = {"ae", "sa", "il", "in", "kr", "cn", "th", "vn"}


class Person:
    def __init__(self, loc):
        self.loc = loc
        g, f = NAMES[loc]
        gi, fa = pick(g), pick(f)
        if "|" in gi:
            self.first, self.first_lat = gi.split("|")
            self.last, self.last_lat = fa.split("|")
        else:
            self.first, self.last = gi, fa
            self.first_lat, self.last_lat = gi, fa
        if loc in ("kr", "cn"):
            self.name = self.last + self.first
        elif loc == "vn":
            self.name = self.first + " " + self.last
        else:
            self.name = self.first + " " + self.last
        self.latin = self.first_lat + " " + self.last_lat
        self._mail = None

    def mail(self, domain=None, corp=False):
        fl, ll = ascii_fold(self.first_lat), ascii_fold(self.last_lat)
        if domain is None:
            domain = pick(COMPANY[self.loc]) if corp else pick(FREEMAIL[self.loc])
        if corp:
            local = pick(["{f}.{l}", "{f0}{l}", "{f}", "{l}.{f}", "{f}_{l}"])
        else:
            local = pick(["{f}.{l}{n}", "{f}{l}", "{f0}.{l}{y}", "{l}{f}{n}", "{f}_{l}",
                          "{f}.{l}+{tag}", "{f}{y}", "{l}.{f0}"])
        local = local.format(f=fl, l=ll, f0=fl[:1], n=R.randint(1, 99), y=R.randint(60, 99),
                             tag=pick(["shop", "bank", "news", "work"]))
        return local + "@" + domain

    def phone(self, kind=None):
        return phone(self.loc, kind)


def role_mail(loc, role=None):
    return (role or pick(["info", "support", "billing", "privacy", "kontakt", "office",
                          "helpdesk", "noreply", "hr", "finance"])) + "@" + pick(COMPANY[loc])


# ============================================================================ look-alikes
def order_id():
    return pick(["ORD-%s" % d(7), "SO-%d-%s" % (R.randint(2023, 2025), d(5)), "#%d" % R.randint(100000, 999999),
                 "PO%s" % d(8), "B%s" % d(6), "WO-%s" % d(5)])


def invoice_id():
    return pick(["INV-%d-%s" % (R.randint(2023, 2025), d(5)), "F%d/%s" % (R.randint(2023, 2025), d(4)),
                 "FV/%s/%d" % (d(4), R.randint(2023, 2025)), "RE%s" % d(8), "NF-e %s" % d(9),
                 "%d-%s" % (R.randint(2023, 2025), d(6))])


def ticket_id():
    return pick(["INC%s" % d(7), "REQ-%s" % d(5), "#%d" % R.randint(1000, 99999),
                 "SUP-%d" % R.randint(100, 9999), "CASE-%s" % d(6), "TKT%s" % d(6)])


def tracking():
    return pick(["1Z%s%s%s" % (alnum(6), d(2), d(8)), "9400%s" % d(18), "JJD%s" % d(15),
                 "3S%s%s" % (alnum(4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), d(7)),
                 "RR%sPL" % d(9), "LB%sCN" % d(9), "EE%sBR" % d(9)])


def semver():
    return "%d.%d.%d" % (R.randint(0, 14), R.randint(0, 40), R.randint(0, 99))


def build_quad():
    return "%d.%d.%d.%d" % (R.randint(1, 24), R.randint(0, 12), R.randint(256, 9999), R.randint(0, 999))


def sha(n=40):
    return hx(n)


def oid():
    return "1.3.6.1.4.1.%d.%d.%d.%d" % (R.randint(100, 60000), R.randint(1, 20), R.randint(1, 99), R.randint(1, 999))


def isbn13():
    while True:
        b = "978" + pick("0123459") + d(8)
        c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b)) % 10) % 10
        s = b + str(c)
        if not luhn_ok(s):
            return "%s-%s-%s-%s-%s" % (s[:3], s[3], s[4:7], s[7:12], s[12])


def ean13():
    while True:
        b = pick(["40", "50", "87", "59", "76", "80", "89", "88"]) + d(10)
        c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b)) % 10) % 10
        s = b + str(c)
        if not luhn_ok(s):
            return s


def gtin14():
    while True:
        b = "1" + ean13()[:12]
        c = (10 - sum(int(x) * (3 if i % 2 == 0 else 1) for i, x in enumerate(b)) % 10) % 10
        s = b + str(c)
        if not luhn_ok(s):
            return s


def ms_epoch(t):
    while True:
        s = str(epoch(t) * 1000 + R.randint(0, 999))
        if not luhn_ok(s):
            return s
        t = plus(t, 1, 3)


def long_digits(n):
    while True:
        s = nz(n)
        if not luhn_ok(s):
            return s


def money(loc, lo=500, hi=999999):
    v = R.randint(lo, hi) / 100
    us = "{:,.2f}".format(v)
    eu = us.replace(",", "X").replace(".", ",").replace("X", ".")
    return {"us": "$" + us, "gb": "£" + us, "de": eu + " €", "fr": eu.replace(".", " ") + " €",
            "nl": "€ " + eu, "pl": eu.replace(".", " ") + " zł", "br": "R$ " + eu,
            "ae": "AED " + us, "sa": us + " ر.س", "il": "₪" + us, "in": "₹" + us,
            "kr": "₩{:,}".format(int(v * 100)), "cn": "¥" + us, "th": "฿" + us,
            "vn": "{:,}".format(int(v * 1000)).replace(",", ".") + " ₫", "ro": eu + " lei",
            "dk": eu + " kr."}[loc]


def postcode(loc):
    return {"us": d(5), "gb": pick(["LS6 2AB", "BS1 4DJ", "CF10 3NB", "AB11 6YA", "NR2 1TF"]),
            "de": nz(5), "fr": nz(5), "nl": "%s %s" % (nz(4), alnum(2, "ABCDEFGHJKLMNPRSTVWXZ")),
            "pl": "%s-%s" % (d(2), d(3)), "br": "%s-%s" % (nz(5), d(3)), "ae": "P.O. Box " + nz(5),
            "sa": nz(5), "il": nz(7), "in": nz(6), "kr": nz(5), "cn": nz(6), "th": nz(5),
            "vn": nz(6), "ro": nz(6), "dk": nz(4)}[loc]


def natid(loc):
    """National ids of other kinds (never labelled)."""
    if loc == "br":
        return "%s.%s.%s-%s" % (d(3), d(3), d(3), d(2))
    if loc == "pl":
        return long_digits(11)
    if loc == "nl":
        return nz(9)
    if loc == "dk":
        return "%02d%02d%02d-%s" % (R.randint(1, 28), R.randint(1, 12), R.randint(40, 99), d(4))
    if loc == "ro":
        return long_digits(13)[:0] + pick("12") + long_digits(12)
    if loc == "kr":
        return "%02d%02d%02d-%s%s" % (R.randint(60, 99), R.randint(1, 12), R.randint(1, 28), pick("12"), d(6))
    if loc == "cn":
        return pick(["110101", "310104", "440305", "510107"]) + "19%02d%02d%02d" % (
            R.randint(60, 99), R.randint(1, 12), R.randint(1, 28)) + d(3) + pick("0123456789X")
    if loc == "th":
        n = nz(13)
        return "%s-%s-%s-%s-%s" % (n[0], n[1:5], n[5:10], n[10:12], n[12])
    if loc == "ae":
        return "784-%d-%s-%s" % (R.randint(1960, 2003), d(7), d(1))
    if loc == "il":
        return nz(9)
    if loc == "in":
        return "%s %s %s" % (nz(4), d(4), d(4))
    if loc == "vn":
        return "0" + d(11)
    if loc == "de":
        return "%s%s" % (alnum(1, "CFGHJKLMNPRTVWXYZ"), alnum(8, "CFGHJKLMNPRTVWXYZ0123456789"))
    if loc == "fr":
        return "%s %s %s %s %s %s %s" % (pick("12"), d(2), "%02d" % R.randint(1, 12), d(2), d(3), d(3), d(2))
    if loc == "gb":
        return "%s %s %s %s %s" % (alnum(2, "ABCEGHJKLMNPRSTWXYZ"), d(2), d(2), d(2), pick("ABCD"))
    return "9%s-%s-%s" % (d(2), pick(["70", "78", "88", "90"]), d(4))  # ITIN


LOCS = list(NAMES)


# ============================================================================ table helpers
def C(v, kind=None):
    """A table cell: (visible text, marked text)."""
    v = str(v)
    return (v, L(v, kind) if kind else v)


def cn(c):
    return c if isinstance(c, tuple) else (str(c), str(c))


def padc(c, w, right=False):
    vis, mk = cn(c)
    sp = " " * max(0, w - len(vis))
    return sp + mk if right else mk + sp


def widths(rows):
    w = [0] * max(len(r) for r in rows)
    for r in rows:
        for i, c in enumerate(r):
            w[i] = max(w[i], len(cn(c)[0]))
    return w


def e164(loc):
    while True:
        p = phone(loc)
        if p.startswith("+") and "x" not in p and "ext" not in p:
            p = p.replace("(0)", "")
            return "+" + re.sub(r"\D", "", p)


def mk(v, kind):
    return L(v, kind)


def any_loc(pool=None):
    return pick(pool or LOCS)


# ============================================================================ logs / structured
def t_pglog():
    loc = pick(["us", "nl", "de", "pl", "br", "gb", "dk", "ro"])
    p = Person(loc)
    t = ts()
    pid = R.randint(1200, 64000)
    user, db = pick(["app", "django", "rails_rw", "svc_billing", "crm"]), pick(["shop", "crm", "billing", "app_prod", "members"])
    host = ipv4_priv() if chance(0.8) else ipv6(pick(["ula", "comp"]))
    port = R.randint(32768, 60999)
    style = pick(["a", "b", "c"])

    def pre(t):
        ms = "%03d" % (t.microsecond // 1000)
        if style == "a":
            return "%s.%s UTC [%d] %s@%s " % (t.strftime("%Y-%m-%d %H:%M:%S"), ms, pid, user, db)
        if style == "b":
            return "%s CET:%s(%d):%s@%s:[%d]: " % (t.strftime("%Y-%m-%d %H:%M:%S"), IPA(host), port, user, db, pid)
        return "%s.%s +00 [%d-%d] " % (t.strftime("%Y-%m-%d %H:%M:%S"), ms, pid, R.randint(1, 40))

    lines = []
    if chance(0.5):
        lines.append(pre(t) + "LOG:  connection received: host=%s port=%d" % (IPA(host), port))
        t = plus(t, 0, 1)
        lines.append(pre(t) + "LOG:  connection authorized: user=%s database=%s application_name=%s SSL enabled "
                     "(protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)" % (user, db, pick(["puma", "gunicorn", "psql", "PostgreSQL JDBC Driver"])))
    kind = pick(["dup_email", "dup_phone", "failing_row", "params", "hba", "notnull"] + (["ssn_len"] * 3 if loc == "us" else []))
    t = plus(t, 1, 40)
    if kind == "ssn_len":
        lines += [pre(t) + "ERROR:  value too long for type character varying(9)",
                  pre(t) + "STATEMENT:  INSERT INTO applicants (full_name, ssn, phone, created_at) VALUES ('%s', '%s', '%s', now())" % (
                      p.name.replace("'", "''"), SS(ssn()), PH(p.phone()))]
    if kind == "dup_email":
        lines += [pre(t) + 'ERROR:  duplicate key value violates unique constraint "%s"' % pick(["users_email_key", "customers_email_idx", "uq_member_email"]),
                  pre(t) + "DETAIL:  Key (%s)=(%s) already exists." % (pick(["email", "lower(email::text)"]), E(p.mail())),
                  pre(t) + "STATEMENT:  INSERT INTO %s (email, full_name, created_at) VALUES ($1, $2, now()) RETURNING id" % pick(["users", "customers", "members"])]
    elif kind == "ssn_len":
        pass
    elif kind == "dup_phone":
        lines += [pre(t) + 'ERROR:  duplicate key value violates unique constraint "contacts_phone_e164_key"',
                  pre(t) + "DETAIL:  Key (phone_e164)=(%s) already exists." % PH(e164(loc)),
                  pre(t) + "CONTEXT:  PL/pgSQL function upsert_contact(bigint,text) line %d at SQL statement" % R.randint(4, 60)]
    elif kind == "failing_row":
        cc = LOC_IBAN.get(loc) or "GB"
        lines += [pre(t) + 'ERROR:  new row for relation "payouts" violates check constraint "payouts_amount_check"',
                  pre(t) + "DETAIL:  Failing row contains (%s, %s, %s, -%d.%02d, EUR, %s, null)." % (
                      R.randint(10000, 99999), R.randint(100, 9999), IB(iban(cc, sp=False)), R.randint(1, 900), R.randint(0, 99),
                      (t - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S+00"))]
    elif kind == "params":
        lines += [pre(t) + "LOG:  duration: %d.%03d ms  execute <unnamed>: SELECT id, status FROM orders WHERE customer_email = $1 AND placed_at > $2" % (R.randint(500, 9000), R.randint(0, 999)),
                  pre(t) + "DETAIL:  parameters: $1 = '%s', $2 = '%s'" % (E(p.mail()), t.strftime("%Y-%m-%d"))]
    elif kind == "hba":
        net = pick(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])
        lines += [pre(t) + 'FATAL:  password authentication failed for user "%s"' % user,
                  pre(t) + 'DETAIL:  Connection matched pg_hba.conf line %d: "hostssl all all %s/%s scram-sha-256"' % (R.randint(80, 120), IPA(net.split("/")[0]), net.split("/")[1])]
    else:
        lines += [pre(t) + 'ERROR:  null value in column "country_code" of relation "addresses" violates not-null constraint',
                  pre(t) + "DETAIL:  Failing row contains (%d, %s, %s, %s, null, %s)." % (R.randint(1000, 99999), p.latin, E(p.mail()), PH(p.phone()), postcode(loc))]
    if chance(0.3):
        t = plus(t, 1, 9)
        lines.append(pre(t) + "LOG:  disconnection: session time: 0:00:%02d.%03d user=%s database=%s host=%s port=%d" % (R.randint(1, 59), R.randint(0, 999), user, db, IPA(host), port))
    return "\n".join(lines)


def t_pytraceback():
    loc = pick(["us", "gb", "nl", "de", "in", "br", "pl", "dk"])
    p = Person(loc)
    k = pick(["django", "pydantic", "requests", "smtp", "rich", "ssn"])
    app = pick(["billing", "accounts", "crm", "payouts", "notify"])
    if k == "ssn":
        q = Person("us")
        return ("Traceback (most recent call last):\n"
                '  File "/srv/onboarding/applicants/services.py", line %d, in link_applicant\n'
                "    raise DuplicateApplicant(f\"SSN {ssn} already linked to applicant {existing.id}\")\n"
                "applicants.errors.DuplicateApplicant: SSN %s already linked to applicant %d\n"
                "[task applicants.tasks.import_batch id=%s args=('batch-%s.csv',) retries=%d]"
                % (R.randint(40, 300), SS(ssn()), R.randint(1000, 99999), uuid4(), d(6), R.randint(0, 3)))
    if k == "django":
        return ("Traceback (most recent call last):\n"
                '  File "/srv/%s/venv/lib/python3.11/site-packages/django/db/backends/utils.py", line 89, in _execute\n'
                "    return self.cursor.execute(sql, params)\n"
                "psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint \"%s_user_email_key\"\n"
                "DETAIL:  Key (email)=(%s) already exists.\n\n\n"
                "The above exception was the direct cause of the following exception:\n\n"
                "Traceback (most recent call last):\n"
                '  File "/srv/%s/%s/views.py", line %d, in register\n'
                "    user = User.objects.create_user(email=form.cleaned_data[\"email\"], phone=form.cleaned_data[\"phone\"])\n"
                "django.db.utils.IntegrityError: duplicate key value violates unique constraint \"%s_user_email_key\"\n"
                "DETAIL:  Key (email)=(%s) already exists." % (app, app, (em := E(p.mail())), app, app, R.randint(40, 400), app, em.replace(em, E(_VALS[int(MARK.search(em).group(1))][0]))))
    if k == "pydantic":
        cc = LOC_IBAN.get(loc) or pick(["GB", "DE", "NL"])
        v = iban(cc, sp=True)
        lim = len(v.replace(" ", ""))
        return ("Traceback (most recent call last):\n"
                '  File "/app/%s/handlers.py", line %d, in create_payout\n'
                "    payout = PayoutRequest(**body)\n"
                '  File "/usr/local/lib/python3.12/site-packages/pydantic/main.py", line 193, in __init__\n'
                "    self.__pydantic_validator__.validate_python(data, self_instance=self)\n"
                "pydantic_core._pydantic_core.ValidationError: 2 validation errors for PayoutRequest\n"
                "iban\n"
                "  String should have at most %d characters [type=string_too_long, input_value='%s', input_type=str]\n"
                "    For further information visit https://errors.pydantic.dev/2.6/v/string_too_long\n"
                "amount\n"
                "  Input should be greater than 0 [type=greater_than, input_value=-%d.%02d, input_type=float]"
                % (app, R.randint(20, 300), lim, IB(v), R.randint(1, 500), R.randint(0, 99)))
    if k == "requests":
        host = ipv4_priv()
        port = pick([8080, 8443, 9000, 5000, 3000])
        return ("Traceback (most recent call last):\n"
                '  File "/opt/%s/lib/python3.10/site-packages/urllib3/connection.py", line 174, in _new_conn\n'
                "    conn = connection.create_connection(\n"
                "ConnectionRefusedError: [Errno 111] Connection refused\n\n"
                "During handling of the above exception, another exception occurred:\n\n"
                "requests.exceptions.ConnectionError: HTTPConnectionPool(host='%s', port=%d): Max retries exceeded with url: "
                "/api/v2/contacts/%d/verify (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f%s>: "
                "Failed to establish a new connection: [Errno 111] Connection refused'))"
                % (app, IPA(host), port, R.randint(1000, 99999), hx(9)))
    if k == "smtp":
        a, b = p.mail(), Person(loc).mail()
        return ("Traceback (most recent call last):\n"
                '  File "/srv/%s/notify/mailer.py", line %d, in send_receipt\n'
                "    smtp.sendmail(FROM_ADDR, [to_addr], msg.as_string())\n"
                '  File "/usr/lib/python3.11/smtplib.py", line 901, in sendmail\n'
                "    raise SMTPRecipientsRefused(senderrs)\n"
                "smtplib.SMTPRecipientsRefused: {'%s': (550, b'5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table')}\n"
                "to_addr = '%s'  order = '%s'  retry = %d/5"
                % (app, R.randint(30, 200), E(a), E(a), E(a), order_id(), R.randint(1, 5)))
    # rich-style traceback with locals
    pan = card()
    return ("╭──────────────────── Traceback (most recent call last) ────────────────────╮\n"
            "│ /app/%s/gateway.py:%d in charge                                         │\n"
            "│ ❱ %d │   resp = self.client.charge(pan=pan, amount=amount, currency=cur)  │\n"
            "│ ╭──────────────── locals ────────────────╮                               │\n"
            "│ │ amount = Decimal('%d.%02d')              │                               │\n"
            "│ │    cur = 'EUR'                          │                               │\n"
            "│ │  email = '%s'                           │                               │\n"
            "│ │    pan = '%s'                           │                               │\n"
            "│ │   self = <GatewayClient v%s>             │                               │\n"
            "│ ╰─────────────────────────────────────────╯                               │\n"
            "╰───────────────────────────────────────────────────────────────────────────╯\n"
            "GatewayTimeout: upstream did not answer within %ds (attempt %d)"
            % (app, R.randint(40, 300), R.randint(40, 300), R.randint(5, 900), R.randint(0, 99), E(p.mail()), CC(pan), semver(), R.randint(5, 30), R.randint(1, 3)))


def t_javatrace():
    loc = pick(["us", "gb", "de", "nl", "pl", "in", "br", "fr"])
    p = Person(loc)
    pkg = pick(["com.acme.crm", "nl.woonstede.portal", "de.hansa.shop", "io.quarrystone.billing", "br.com.horizonte.api"])
    k = pick(["dup", "tostring", "connect", "mail"] + (["applicant", "applicant"] if loc == "us" else []))
    frames = "\n".join("\tat %s" % f for f in R.sample([
        "org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:276)",
        "org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:119)",
        "org.hibernate.engine.jdbc.batch.internal.BatchingBatch.performExecution(BatchingBatch.java:%d)" % R.randint(100, 200),
        "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
        "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:%d)" % R.randint(150, 200),
        "java.base/java.lang.Thread.run(Thread.java:%d)" % pick([833, 840, 1583])], 3))
    if k == "applicant":
        return ("com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `java.time.LocalDate` from String \"%s\"\n"
                " at [Source: (String)\"{\"name\":\"%s\",\"ssn\":\"%s\",\"dob\":\"%s\",\"email\":\"%s\"}\"; line: 1, column: %d]"
                " (through reference chain: %s.dto.ApplicantRequest[\"dob\"])\n%s"
                % ((bad := "%02d/%02d/%d" % (R.randint(1, 12), R.randint(13, 28), R.randint(1960, 2000))), p.latin, SS(ssn()), bad, E(p.mail()), R.randint(60, 120), pkg, frames))
    if k == "dup":
        em = p.mail()
        return ("org.springframework.dao.DataIntegrityViolationException: could not execute statement; SQL [n/a]; constraint [uk_customer_email]\n"
                "%s\n\tat %s.service.CustomerService.register(CustomerService.java:%d)\n"
                "Caused by: java.sql.SQLIntegrityConstraintViolationException: Duplicate entry '%s' for key 'customer.uk_customer_email'\n"
                "\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:117)\n"
                "\tat com.mysql.cj.jdbc.ClientPreparedStatement.executeInternal(ClientPreparedStatement.java:916)\n"
                "\t... %d more" % (frames, pkg, R.randint(60, 400), E(em), R.randint(20, 90)))
    if k == "tostring":
        cc = LOC_IBAN.get(loc) or "GB"
        return ("java.lang.IllegalStateException: Refusing to export %s: Customer(id=%d, name=%s, email=%s, phone=%s, iban=%s, segment=%s, createdAt=%s)\n"
                "\tat %s.export.LedgerExporter.write(LedgerExporter.java:%d)\n%s"
                % (pick(["inactive customer", "customer without mandate", "unverified customer"]), R.randint(1000, 999999), p.latin,
                   E(p.mail()), PH(p.phone()), IB(iban(cc, sp=False)), pick(["RETAIL", "SMB", "VIP"]),
                   isoz(ts(), 6), pkg, R.randint(30, 300), frames))
    if k == "connect":
        h = ipv4_priv()
        return ("io.grpc.StatusRuntimeException: UNAVAILABLE: io exception\n"
                "\tat io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)\n"
                "\tat %s.client.LedgerClient.post(LedgerClient.java:%d)\n%s\n"
                "Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /%s:%d\n"
                "Caused by: java.net.ConnectException: Connection refused\n"
                "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n\t... %d common frames omitted"
                % (pkg, R.randint(30, 300), frames, IPA(h), pick([9090, 50051, 8443]), R.randint(8, 40)))
    em = p.mail()
    return ("org.springframework.mail.MailSendException: Failed messages: jakarta.mail.SendFailedException: Invalid Addresses;\n"
            "  nested exception is:\n"
            "\torg.eclipse.angus.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <%s>: Recipient address rejected: User unknown\n"
            "\tat %s.notify.ReceiptMailer.send(ReceiptMailer.java:%d)\n%s" % (E(em), pkg, R.randint(20, 200), frames))


def t_powershell():
    loc = pick(["nl", "de", "us", "gb", "dk", "pl", "ro", "fr"])
    p = Person(loc)
    k = pick(["aduser", "tnc", "netip", "msgtrack", "dns"])
    dom = pick(COMPANY[loc])
    if k == "aduser":
        sam = (ascii_fold(p.first_lat)[:1] + ascii_fold(p.last_lat))[:12]
        rows = [("DistinguishedName", "CN=%s,OU=%s,OU=Users,DC=corp,DC=%s" % (p.latin, pick(["Finance", "Sales", "IT", "HR"]), dom.split(".")[0])),
                ("Enabled", pick(["True", "False"])),
                ("EmailAddress", C(p.mail(corp=True, domain=dom), EMAIL)),
                ("GivenName", p.first_lat),
                ("LastLogonDate", ts().strftime("%d-%m-%Y %H:%M:%S")),
                ("MobilePhone", C(p.phone("mob"), PHONE) if chance(0.8) else ""),
                ("Name", p.latin),
                ("ObjectGUID", uuid4()),
                ("OfficePhone", C(p.phone("land") if loc != "us" else ph_us(), PHONE)),
                ("SamAccountName", sam),
                ("SID", "S-1-5-21-%d-%d-%d-%d" % (R.randint(10 ** 9, 4 * 10 ** 9), R.randint(10 ** 9, 4 * 10 ** 9), R.randint(10 ** 7, 10 ** 9), R.randint(1000, 9999))),
                ("Surname", p.last_lat),
                ("UserPrincipalName", C("%s@corp.%s" % (sam, dom), EMAIL))]
        w = max(len(a) for a, _ in rows)
        return "PS C:\\Users\\adm-%s> Get-ADUser -Identity %s -Properties EmailAddress,MobilePhone,OfficePhone,LastLogonDate\n\n" % (
            pick(["ops", "it", "jb"]), sam) + "\n".join("%s : %s" % (a.ljust(w), cn(b)[1]) for a, b in rows)
    if k == "tnc":
        tgt = ip_any() if chance(0.8) else None
        src = ipv4_priv()
        ok = pick(["True", "False"])
        rows = [("ComputerName", C(tgt, IP) if tgt else "fileserver01"), ("RemoteAddress", C(tgt or ipv4_priv(), IP)),
                ("RemotePort", str(pick([445, 3389, 443, 1433, 5985]))), ("InterfaceAlias", pick(["Ethernet0", "Wi-Fi", "vEthernet (WSL)"])),
                ("SourceAddress", C(src, IP)), ("TcpTestSucceeded", ok)]
        w = max(len(a) for a, _ in rows)
        return "PS C:\\> Test-NetConnection %s -Port %s\n%s\n" % (tgt and IPA(tgt) or "fileserver01", rows[2][1],
                                                             "WARNING: TCP connect to (%s : %s) failed" % (cn(rows[1][1])[1], rows[2][1]) if ok == "False" else "") + \
            "\n".join("%s : %s" % (a.ljust(w), cn(b)[1]) for a, b in rows)
    if k == "netip":
        out = ["PS C:\\> Get-NetIPAddress -InterfaceAlias Ethernet0 | Format-List IPAddress,AddressFamily,PrefixLength,PrefixOrigin,AddressState\n"]
        for fam in ["IPv6", "IPv6", "IPv4"]:
            a = ipv6(pick(["ll", "comp", "ula"])) if fam == "IPv6" else ipv4_priv()
            out.append("IPAddress     : %s\nAddressFamily : %s\nPrefixLength  : %d\nPrefixOrigin  : %s\nAddressState  : Preferred\n" % (
                IPA(a), fam, 64 if fam == "IPv6" else pick([16, 22, 24]), pick(["RouterAdvertisement", "Dhcp", "WellKnown", "Manual"])))
        return "\n".join(out)
    if k == "dns":
        a, b, c6 = ipv4_priv(), ipv4_priv(), ipv6(pick(["ula", "comp"]))
        return ("PS C:\\> Get-DnsClientServerAddress -AddressFamily IPv4,IPv6\n\n"
                "InterfaceAlias               Interface Address ServerAddresses\n"
                "                             Index     Family\n"
                "--------------               --------- ------- ---------------\n"
                "Ethernet0                            %2d IPv4    {%s, %s}\n"
                "Ethernet0                            %2d IPv6    {%s}\n"
                "Loopback Pseudo-Interface 1           1 IPv4    {}\n" % (R.randint(3, 20), IPA(a), IPA(b), R.randint(3, 20), IPA(c6)))
    # Exchange message tracking
    rows = []
    for _ in range(R.randint(2, 4)):
        q = Person(loc)
        rows.append([C(ts().strftime("%d-%m-%Y %H:%M:%S")), C(pick(["RECEIVE", "DELIVER", "SEND", "FAIL"])),
                     C(pick(["SMTP", "STOREDRIVER", "AGENT"])), C(q.mail(), EMAIL), C(p.mail(corp=True, domain=dom), EMAIL),
                     C(pick(["Factuur %s" % invoice_id(), "RE: offerte", "Meeting notes", "Your order %s" % order_id()]))])
    head = [C("Timestamp"), C("EventId"), C("Source"), C("Sender"), C("Recipients"), C("MessageSubject")]
    w = widths([head] + rows)
    lines = ["[PS] C:\\>Get-MessageTrackingLog -Start (Get-Date).AddHours(-4) -Recipients %s | ft Timestamp,EventId,Source,Sender,Recipients,MessageSubject -AutoSize" % E(p.mail(corp=True, domain=dom)), "",
             " ".join(padc(c, w[i]) for i, c in enumerate(head)).rstrip(),
             " ".join("-" * len(cn(c)[0]) + " " * (w[i] - len(cn(c)[0])) for i, c in enumerate(head)).rstrip()]
    lines += [" ".join(padc(c, w[i]) for i, c in enumerate(r)) for r in rows]
    return "\n".join(lines)


def t_winevent_xml():
    t = ts()
    eid = pick([4625, 4624, 4740, 4771])
    ip = pick([ipv4_priv(), ipv4_pub(), "::ffff:" + ipv4_priv(), ipv6("ll")])
    user = pick(["administrator", "svc_backup", "j.devries", "a.kaminska", "kmoller"])
    ipfield = "<Data Name='IpAddress'>%s</Data>" % IPA(ip) if chance(0.9) else "<Data Name='IpAddress'>-</Data>"
    return ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' "
            "Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>%d</EventID><Version>%d</Version><Level>0</Level><Task>12544</Task>"
            "<Opcode>0</Opcode><Keywords>0x%s</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID>"
            "<Correlation ActivityID='{%s}'/><Execution ProcessID='%d' ThreadID='%d'/><Channel>Security</Channel><Computer>%s</Computer>"
            "<Security/></System><EventData><Data Name='SubjectUserSid'>S-1-0-0</Data><Data Name='TargetUserName'>%s</Data>"
            "<Data Name='TargetDomainName'>CORP</Data><Data Name='Status'>0xc000006d</Data><Data Name='SubStatus'>0xc000006a</Data>"
            "<Data Name='LogonType'>%d</Data><Data Name='LogonProcessName'>NtLmSsp </Data><Data Name='WorkstationName'>%s</Data>"
            "%s<Data Name='IpPort'>%d</Data></EventData></Event>"
            % (eid, pick([0, 1, 2]), pick(["8010000000000000", "8020000000000000"]), t.strftime("%Y-%m-%dT%H:%M:%S.") + d(7) + "Z",
               R.randint(10 ** 6, 10 ** 8), uuid4().upper(), R.randint(600, 900), R.randint(1000, 9000),
               pick(["DC01.corp.local", "srv-fs02.corp.local", "ADFS01.corp.local"]), user, pick([3, 10, 2]),
               pick(["WS-%s" % d(4), "LAPTOP-%s" % alnum(7), "-"]), ipfield, R.randint(0, 65000)))


def t_alertmanager():
    t = ts()
    alerts = []
    for _ in range(R.randint(1, 3)):
        a = ipv4_priv()
        nm = pick(["HostDown", "NodeFilesystemAlmostOutOfSpace", "PostgresReplicationLag", "HighErrorRate", "BlackboxProbeFailed"])
        alerts.append({"status": "firing", "labels": {"alertname": nm, "instance": "\ue012%s:%d" % (IPA(a), pick([9100, 9187, 9115, 9090])),
                                                        "job": pick(["node", "postgres", "blackbox"]), "severity": pick(["critical", "warning"])},
                       "annotations": {"summary": "%s on %s" % (nm, "\ue013"), "runbook_url": "https://wiki.internal/runbooks/%s" % nm.lower()},
                       "startsAt": isoz(t, 3), "endsAt": "0001-01-01T00:00:00Z",
                       "generatorURL": "http://prometheus-0:9090/graph?g0.expr=up%3D%3D0&g0.tab=1", "fingerprint": hx(16)})
    body = {"receiver": pick(["oncall-pager", "team-db", "slack-ops"]), "status": "firing", "alerts": alerts,
            "groupLabels": {"alertname": alerts[0]["labels"]["alertname"]}, "commonLabels": {"severity": alerts[0]["labels"]["severity"]},
            "externalURL": "http://alertmanager.monitoring:9093", "version": "4", "groupKey": "{}:{alertname=\"%s\"}" % alerts[0]["labels"]["alertname"],
            "truncatedAlerts": 0}
    s = J(body, indent=2 if chance(0.5) else None)
    # the summary repeats the instance host
    out = []
    for a in alerts:
        inst = a["labels"]["instance"][1:]
        s = s.replace("\ue012" + inst, inst, 1)
        host = MARK.search(inst).group(0)
        s = s.replace("\ue013", IPA(_VALS[int(MARK.search(inst).group(1))][0]), 1)
    return s


def t_pagerduty():
    loc = pick(["us", "gb", "de", "nl", "in", "ae"])
    p, q = Person(loc), Person(loc)
    t = ts()
    if chance(0.5):
        body = {"event": {"id": "01" + alnum(24), "event_type": "incident.annotated", "resource_type": "incident", "occurred_at": isoz(t),
                          "agent": {"html_url": "https://acme.pagerduty.com/users/P%s" % alnum(6), "id": "P" + alnum(6), "self": None,
                                    "summary": p.latin, "type": "user_reference"},
                          "data": {"incident": {"id": "Q" + alnum(13), "type": "incident_reference", "summary": "[#%d] %s" % (R.randint(1000, 99999), pick(["Checkout 5xx spike", "DB primary failover", "Payment provider timeout"]))},
                                   "id": "P" + alnum(6), "content": "\ue014", "trimmed": False, "type": "incident_note"}}}
        s = J(body, indent=2)
        note = pick(["Customer escalation: please call back %s (ops manager at the client), cc %s" % (PH(q.phone()), E(q.mail(corp=True))),
                     "Vendor NOC reachable on %s, ticket %s" % (PH(phone(loc)), ticket_id()),
                     "Mitigated by failing over to %s, monitoring for 30m" % IPA(ipv4_priv())])
        return s.replace("\ue014", note)
    body = {"message": "%s on %s" % (pick(["Disk usage 95%", "SSL cert expires in 3 days", "Replica lag 120s"]), "\ue015"),
            "alias": hx(12), "description": "Triggered by Zabbix %s" % semver(), "responders": [{"type": "team", "name": "Platform"}],
            "tags": ["prod", "eu-west-1"], "details": {"host_ip": "\ue015", "reporter": "\ue016", "callback": "\ue017"},
            "entity": "db-%02d" % R.randint(1, 20), "priority": pick(["P1", "P2", "P3"]), "createdAt": isoz(t)}
    s = J(body, indent=2 if chance(0.5) else None)
    ipv = ipv4_priv()
    s = s.replace("\ue015", IPA(ipv)).replace("\ue016", E(p.mail(corp=True))).replace("\ue017", PH(p.phone()))
    return s


def t_kubectl():
    k = pick(["pods", "nodes", "svc"])
    ns = pick(["payments", "checkout", "default", "crm", "monitoring"])
    if k == "pods":
        head = [C(h) for h in ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"]]
        rows = []
        for _ in range(R.randint(2, 5)):
            node = "ip-10-%d-%d-%d.ec2.internal" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
            rows.append([C("%s-%s-%s" % (pick(["api", "worker", "checkout-web", "ledger", "mailer"]), hx(10), alnum(5, "abcdefghijklmnopqrstuvwxyz0123456789"))),
                         C("1/1"), C(pick(["Running", "Running", "CrashLoopBackOff", "Pending"])), C(str(R.randint(0, 12))), C("%dd" % R.randint(1, 40)),
                         C("10.244.%d.%d" % (R.randint(0, 20), R.randint(2, 250)), IP) if chance(0.9) else C("<none>"), C(node), C("<none>"), C("<none>")])
        w = widths([head] + rows)
        return "$ kubectl get pods -n %s -o wide\n" % ns + "\n".join("   ".join(padc(c, w[i]) for i, c in enumerate(r)).rstrip() for r in [head] + rows)
    if k == "nodes":
        head = [C(h) for h in ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]]
        rows = []
        for i in range(R.randint(2, 4)):
            rows.append([C("node-%s" % alnum(5, "abcdefghijklmnopqrstuvwxyz0123456789")), C("Ready"), C(pick(["control-plane", "<none>"])), C("%dd" % R.randint(3, 300)),
                         C("v1.%d.%d" % (R.randint(25, 30), R.randint(0, 12))), C(ipv4_priv(), IP), C(ipv4_pub(), IP) if chance(0.5) else C("<none>"),
                         C("Ubuntu 22.04.%d LTS" % R.randint(1, 4)), C("5.15.0-%d-generic" % R.randint(80, 120)), C("containerd://1.7.%d" % R.randint(1, 15))])
        w = widths([head] + rows)
        return "$ kubectl get nodes -o wide\n" + "\n".join("   ".join(padc(c, w[i]) for i, c in enumerate(r)).rstrip() for r in [head] + rows)
    cip = "10.96.%d.%d" % (R.randint(0, 255), R.randint(1, 254))
    eps = ", ".join("%s:%d" % (IPA("10.244.%d.%d" % (R.randint(0, 20), R.randint(2, 250))), 8080) for _ in range(R.randint(1, 3)))
    lb = ipv4_pub()
    return ("$ kubectl describe svc %s -n %s\n"
            "Name:                     %s\nNamespace:                %s\nLabels:                   app.kubernetes.io/name=%s\n"
            "Selector:                 app=%s\nType:                     LoadBalancer\nIP Family Policy:         SingleStack\n"
            "IP Families:              IPv4\nIP:                       %s\nIPs:                      %s\n"
            "LoadBalancer Ingress:     %s\nPort:                     https  443/TCP\nTargetPort:               8080/TCP\n"
            "NodePort:                 https  %d/TCP\nEndpoints:                %s\nSession Affinity:         None\n"
            "External Traffic Policy:  Cluster\nEvents:                   <none>"
            % ((svc := pick(["checkout", "ledger-api", "webhooks"])), ns, svc, ns, svc, svc, IPA(cip), IPA(cip), IPA(lb), R.randint(30000, 32767), eps))


def t_terraform():
    loc = pick(["us", "gb", "de", "nl", "dk", "pl"])
    p = Person(loc)
    parts = ["Terraform used the selected providers to generate the following execution plan. Resource actions are\nindicated with the following symbols:\n  + create\n  ~ update in-place\n\nTerraform will perform the following actions:\n"]
    n_add = n_chg = 0
    if chance(0.7):
        n_add += 1
        parts.append('  # aws_instance.bastion will be created\n  + resource "aws_instance" "bastion" {\n'
                     '      + ami                          = "ami-0%s"\n      + instance_type                = "t3.micro"\n'
                     '      + private_ip                   = "%s"\n      + tags                         = {\n'
                     '          + "Owner"      = "%s"\n          + "CostCenter" = "CC-%s"\n        }\n    }\n'
                     % (hx(16), IPA("10.%d.%d.%d" % (R.randint(0, 40), R.randint(0, 255), R.randint(4, 250))), E(p.mail(corp=True)), d(4)))
    if chance(0.7):
        n_add += 1
        cidrs = ",\n".join('          + "%s/%d"' % (IPA(a), pl) for a, pl in
                           [(ipv4_pub().rsplit(".", 1)[0] + ".0", 24) for _ in range(R.randint(1, 3))])
        parts.append('  # aws_security_group_rule.office_ssh will be created\n  + resource "aws_security_group_rule" "office_ssh" {\n'
                     '      + cidr_blocks              = [\n%s,\n        ]\n      + from_port                = 22\n'
                     '      + protocol                 = "tcp"\n      + to_port                  = 22\n      + type                     = "ingress"\n    }\n' % cidrs)
    if chance(0.6):
        n_chg += 1
        a = "10.%d.%d.%d" % (R.randint(0, 40), R.randint(0, 255), R.randint(4, 250))
        b = a.rsplit(".", 1)[0] + "." + str(int(a.rsplit(".", 1)[1]) + 1)
        parts.append('  # aws_route53_record.db will be updated in-place\n  ~ resource "aws_route53_record" "db" {\n'
                     '        id      = "Z%s_db.internal_A"\n      ~ records = [\n          - "%s",\n          + "%s",\n        ]\n'
                     '        # (5 unchanged attributes hidden)\n    }\n' % (alnum(13), IPA(a), IPA(b)))
    if chance(0.5) or len(parts) == 1:
        n_add += 1
        parts.append('  # google_monitoring_notification_channel.oncall_sms will be created\n  + resource "google_monitoring_notification_channel" "oncall_sms" {\n'
                     '      + display_name = "On-call SMS (%s)"\n      + labels       = {\n          + "number" = "%s"\n        }\n'
                     '      + type         = "sms"\n    }\n' % (p.first_lat, PH(e164(loc))))
        if chance(0.5):
            n_add += 1
            parts.append('  # google_monitoring_notification_channel.oncall_mail will be created\n  + resource "google_monitoring_notification_channel" "oncall_mail" {\n'
                         '      + labels       = {\n          + "email_address" = "%s"\n        }\n      + type         = "email"\n    }\n' % E(p.mail(corp=True)))
    parts.append("Plan: %d to add, %d to change, 0 to destroy." % (n_add, n_chg))
    return "\n".join(parts)


def t_hl7():
    p = Person("us")
    t = ts()
    ctl = "MSG%s" % d(8)
    pid13 = "%s^PRN^PH" % PH("(%d)%d-%s" % (pick(US_AREAS), nanp_exchange(), d(4)))
    if chance(0.6):
        pid13 += "~^NET^Internet^%s" % E(p.mail())
    pid14 = PH("(%d)%d-%s" % (pick(US_AREAS), nanp_exchange(), d(4))) + "^WPN^PH" if chance(0.5) else ""
    ssnf = SS(ssn()) if chance(0.75) else ""
    ev = pick(["A04", "A08", "A01"])
    segs = ["MSH|^~\\&|%s|%s|%s|%s|%s||ADT^%s|%s|P|2.%s" % (pick(["EPIC", "CERNER", "MEDITECH"]), pick(["NWH", "SMC", "UMC"]), pick(["LABSYS", "RADIS", "HIE"]),
                                                          pick(["NWH", "SMC"]), t.strftime("%Y%m%d%H%M%S"), ev, ctl, pick(["3", "5.1", "4"])),
            "EVN|%s|%s" % (ev, t.strftime("%Y%m%d%H%M%S")),
            "PID|1||%s^^^%s^MR||%s^%s^%s||%s|%s|||%d %s^^%s^%s^%s^USA||%s|%s|ENG|%s||ACC%s|%s|" % (
                nz(8), pick(["NWH", "SMC"]), p.last.upper(), p.first.upper(), pick("ABCDEJKLMR"),
                "19%02d%02d%02d" % (R.randint(40, 99), R.randint(1, 12), R.randint(1, 28)), pick("MF"),
                R.randint(10, 9999), pick(["OAK ST", "MAPLE AVE", "PINE RD", "ELM CT"]), *pick([("TACOMA", "WA"), ("RALEIGH", "NC"), ("TUCSON", "AZ"), ("ALBANY", "NY")]),
                d(5), pid13, pid14, pick(["S", "M", "D", "W"]), d(9), ssnf)]
    if chance(0.6):
        q = Person("us")
        segs.append("NK1|1|%s^%s|%s|%s||%s^PRN^PH" % (q.last.upper(), q.first.upper(), pick(["SPO", "MTH", "FTH", "SIB"]), "",
                                                   PH("(%d)%d-%s" % (pick(US_AREAS), nanp_exchange(), d(4)))))
    segs.append("PV1|1|%s|%s^%d^%d||||%s^%s^%s|||||||||||V%s" % (pick("OIE"), pick(["ER", "4W", "ICU"]), R.randint(100, 499), R.randint(1, 4),
                                                             nz(10), pick(["PATEL", "OKAFOR", "NGUYEN"]), pick(["ANIL", "CHIDI", "LAN"]), d(9)))
    if chance(0.5):
        segs.append("IN1|1|%s|%s|%s||||GRP%s||||%s|%s||%s^%s||SEL" % (pick(["BCBS01", "AET02", "UHC03"]), nz(6), pick(["BLUE CROSS", "AETNA", "UNITEDHEALTHCARE"]),
                                                              d(6), (t - dt.timedelta(days=400)).strftime("%Y%m%d"), "", p.last.upper(), p.first.upper()))
    return pick(["\n", "\r\n"]).join(segs)


def t_x12():
    p = Person("us")
    t = ts()
    ctl = d(9)
    segs = ["ISA*00*          *00*          *ZZ*%-15s*ZZ*%-15s*%s*%s*^*00501*%s*0*P*:" % (pick(["ACMEHR", "TALLGRASS"]), pick(["BCBSPLAN", "AETNAEDI"]), t.strftime("%y%m%d"), t.strftime("%H%M"), ctl),
            "GS*BE*%s*%s*%s*%s*%d*X*005010X220A1" % (pick(["ACMEHR", "TALLGRASS"]), pick(["BCBSPLAN", "AETNAEDI"]), t.strftime("%Y%m%d"), t.strftime("%H%M"), R.randint(1, 9999)),
            "ST*834*%04d*005010X220A1" % R.randint(1, 9999), "BGN*00*%s*%s*%s****2" % (d(5), t.strftime("%Y%m%d"), t.strftime("%H%M")),
            "INS*Y*18*021*28*A***FT", "REF*0F*MBR%s" % d(7), "REF*1L*GRP%s" % d(5),
            "NM1*IL*1*%s*%s****ZZ*MBR%s" % (p.last.upper(), p.first.upper(), d(7))]
    per = "PER*IP**HP*%s" % PH("%d%d%s" % (pick(US_AREAS), nanp_exchange(), d(4)))
    if chance(0.6):
        per += "*EM*%s" % E(p.mail())
    segs += [per, "N3*%d %s" % (R.randint(10, 9999), pick(["OAK ST", "MAPLE AVE", "PINE RD"])),
             "N4*%s*%s*%s" % (*pick([("TACOMA", "WA"), ("RALEIGH", "NC"), ("TUCSON", "AZ")]), d(5)),
             "DMG*D8*19%02d%02d%02d*%s" % (R.randint(50, 99), R.randint(1, 12), R.randint(1, 28), pick("MF")),
             "HD*021**HLT*%s*EMP" % pick(["PPO01", "HMO02", "HDHP3"]), "DTP*348*D8*%s" % (t + dt.timedelta(days=20)).strftime("%Y%m01"),
             "SE*%d*%04d" % (R.randint(10, 40), R.randint(1, 9999)), "GE*1*%d" % R.randint(1, 9999), "IEA*1*%s" % ctl]
    return "~\n".join(segs) + "~"


def t_ldif():
    loc = pick(["nl", "de", "dk", "pl", "ro", "fr", "gb", "us"])
    dom = pick(COMPANY[loc])
    dc = ",".join("dc=" + x for x in dom.split("."))
    out = ["# extended LDIF\n#\n# LDAPv3\n# base <ou=people,%s> with scope subtree\n# filter: (objectClass=inetOrgPerson)\n# requesting: cn mail telephoneNumber mobile\n#\n" % dc]
    for _ in range(R.randint(1, 3)):
        p = Person(loc)
        uid = ascii_fold(p.first_lat)[:1] + ascii_fold(p.last_lat)
        e = ["# %s, people, %s" % (uid, dom), "dn: uid=%s,ou=people,%s" % (uid, dc), "cn: %s" % p.name if all(ord(c) < 128 for c in p.name) else "cn:: " + hx(8),
             "mail: %s" % E(p.mail(corp=True, domain=dom))]
        if chance(0.8):
            e.append("telephoneNumber: %s" % PH(p.phone("land") if loc != "us" else ph_us()))
        if chance(0.5):
            e.append("mobile: %s" % PH(p.phone("mob") if loc != "us" else ph_us(ext=False)))
        e.append("employeeNumber: %s" % d(5))
        out.append("\n".join(e) + "\n")
    if chance(0.4):
        pn = R.randint(1, 30)
        out.append("# printer-%02d, hosts, %s\ndn: cn=printer-%02d,ou=hosts,%s\nobjectClass: ipHost\nobjectClass: device\nipHostNumber: %s\n" % (
            pn, dom, pn, dc, IPA(ipv4_priv())))
    out.append("# search result\nsearch: 2\nresult: 0 Success\n\n# numResponses: %d\n# numEntries: %d" % (len(out) + 1, len(out) - 1))
    return "\n".join(out)


def t_soap():
    loc = pick(["nl", "de", "fr", "gb", "dk", "ro", "pl", "br"])
    p = Person(loc)
    t = ts()
    cc = LOC_IBAN[loc] or "GB"
    if chance(0.3):
        bad = bad_iban(cc, sp=False)
        return ('<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n'
                "  <soap:Body>\n    <soap:Fault>\n      <faultcode>soap:Client</faultcode>\n"
                "      <faultstring>Validation failed: IBAN %s has an invalid check digit</faultstring>\n"
                "      <detail><ValidationFault xmlns=\"urn:acme:crm:v3\"><Field>Iban</Field><Code>E-%s</Code><TraceId>%s</TraceId>"
                "<Contact>%s</Contact></ValidationFault></detail>\n    </soap:Fault>\n  </soap:Body>\n</soap:Envelope>"
                % (bad, d(4), uuid4(), E(p.mail())))
    return ("POST /services/CustomerService.svc HTTP/1.1\nHost: crm-backend.internal:8443\nContent-Type: text/xml; charset=utf-8\n"
            "SOAPAction: \"urn:acme:crm:v3/UpdateContact\"\nX-Forwarded-For: %s\n\n"
            '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">\n'
            "  <s:Header>\n    <wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">\n"
            "      <wsu:Timestamp wsu:Id=\"TS-%s\"><wsu:Created>%s</wsu:Created><wsu:Expires>%s</wsu:Expires></wsu:Timestamp>\n"
            "    </wsse:Security>\n  </s:Header>\n  <s:Body>\n    <UpdateContact xmlns=\"urn:acme:crm:v3\">\n"
            "      <CustomerId>%s</CustomerId>\n      <Name>%s</Name>\n      <Email>%s</Email>\n      <Phone>%s</Phone>\n"
            "      <BankAccount><Iban>%s</Iban><Bic>%s</Bic></BankAccount>\n      <Version>%d</Version>\n"
            "    </UpdateContact>\n  </s:Body>\n</s:Envelope>"
            % (IPA(ip_any()), hx(32).upper(), isoz(t), isoz(plus(t, 300, 300)), d(8), p.name, E(p.mail()), PH(p.phone()),
               IB(iban(cc, sp=chance(0.2))), pick(BIC[cc]), R.randint(1, 40)))


def t_dmarc():
    t = ts()
    dom = pick(sum(COMPANY.values(), []))
    recs = []
    for _ in range(R.randint(1, 4)):
        ip = ipv4_pub() if chance(0.75) else ipv6("comp")
        recs.append("  <record>\n    <row>\n      <source_ip>%s</source_ip>\n      <count>%d</count>\n      <policy_evaluated>\n"
                    "        <disposition>%s</disposition>\n        <dkim>%s</dkim>\n        <spf>%s</spf>\n      </policy_evaluated>\n"
                    "    </row>\n    <identifiers>\n      <header_from>%s</header_from>\n    </identifiers>\n    <auth_results>\n"
                    "      <spf>\n        <domain>%s</domain>\n        <result>%s</result>\n      </spf>\n    </auth_results>\n  </record>"
                    % (IPA(ip), R.randint(1, 400), pick(["none", "quarantine", "reject"]), pick(["pass", "fail"]), pick(["pass", "fail"]),
                       dom, pick([dom, "bounces." + dom, "amazonses.com"]), pick(["pass", "softfail", "fail"])))
    org, em = pick([("google.com", "noreply-dmarc-support@google.com"), ("Outlook.com", "dmarcreport@microsoft.com"),
                    ("Yahoo", "dmarchelp@yahooinc.com"), ("Mail.Ru", "dmarc_support@corp.mail.ru")])
    return ('<?xml version="1.0" encoding="UTF-8" ?>\n<feedback>\n  <report_metadata>\n    <org_name>%s</org_name>\n'
            "    <email>%s</email>\n    <report_id>%s</report_id>\n    <date_range>\n      <begin>%d</begin>\n      <end>%d</end>\n"
            "    </date_range>\n  </report_metadata>\n  <policy_published>\n    <domain>%s</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n"
            "    <p>%s</p>\n    <pct>100</pct>\n  </policy_published>\n%s\n</feedback>"
            % (org, E(em), long_digits(19) if chance(0.5) else hx(32), epoch(t), epoch(t) + 86399, dom, pick(["none", "quarantine"]), "\n".join(recs)))


ICS_TXT = {
    "nl": ("Overleg %s", "Inbellen: %s (pincode %s#)", "Graag laptop meenemen."),
    "da": ("Møde om %s", "Ring ind: %s, PIN %s#", "Husk at medbringe budgettet."),
    "ro": ("Ședință %s", "Dial-in: %s, PIN %s#", "Vă rugăm să confirmați participarea."),
    "pl": ("Spotkanie: %s", "Połączenie telefoniczne: %s, PIN %s#", "Proszę o potwierdzenie."),
    "de": ("Abstimmung %s", "Einwahl: %s, PIN %s#", "Bitte Unterlagen vorab lesen."),
    "en": ("Review: %s", "Dial in: %s, PIN %s#", "Agenda to follow."),
    "pt": ("Reunião: %s", "Discagem: %s, PIN %s#", "Favor confirmar presença."),
}


def t_ics():
    lang, loc = pick([("nl", "nl"), ("da", "dk"), ("ro", "ro"), ("pl", "pl"), ("de", "de"), ("en", "us"), ("en", "gb"), ("pt", "br")])
    org, att = Person(loc), [Person(loc) for _ in range(R.randint(1, 3))]
    t = ts().replace(minute=pick([0, 15, 30]), second=0)
    subj, dial, note = ICS_TXT[lang]
    topic = pick(["Q%d budget" % R.randint(1, 4), "renovatie dak" if lang == "nl" else "project kickoff", "contract %s" % invoice_id(), "sprint %d" % R.randint(10, 90)])
    lines = ["BEGIN:VCALENDAR", "PRODID:-//%s//EN" % pick(["Google Inc//Google Calendar 70.9054", "Microsoft Corporation//Outlook 16.0 MIMEDIR", "Apple Inc.//macOS 14.3//EN"]),
             "VERSION:2.0", "METHOD:REQUEST", "BEGIN:VEVENT",
             "DTSTART;TZID=Europe/Amsterdam:%s" % t.strftime("%Y%m%dT%H%M%S"), "DTEND;TZID=Europe/Amsterdam:%s" % (t + dt.timedelta(minutes=pick([30, 45, 60]))).strftime("%Y%m%dT%H%M%S"),
             "DTSTAMP:%s" % ts().strftime("%Y%m%dT%H%M%SZ"), "ORGANIZER;CN=%s:mailto:%s" % (org.latin, E(org.mail(corp=True))), "UID:%s" % uuid4().upper()]
    for a in att:
        m = a.mail()
        cnv = E(m) if chance(0.3) else a.latin
        lines.append("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=%s;X-NUM-GUESTS=0:mailto:%s" % (cnv, E(m)))
    ph = phone(loc) if loc != "us" else ph_us(ext=False)
    if chance(0.85):
        lines.append("DESCRIPTION:%s\\n%s\\n%s" % (subj % topic, dial % (PH(ph), d(pick([4, 6, 8]))), note))
    else:
        lines.append("DESCRIPTION:%s\\n%s" % (subj % topic, note))
    lines += ["LOCATION:%s" % pick(["Room 4.12", "Kantoor Zwolle", "https://meet.example.com/%s" % alnum(10, "abcdefghijkmnpqrstuvwxyz")]),
              "SEQUENCE:%d" % R.randint(0, 3), "STATUS:CONFIRMED", "SUMMARY:%s" % (subj % topic), "TRANSP:OPAQUE",
              "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P0DT0H15M0S", "END:VALARM", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) if chance(0.3) else "\n".join(lines)


def t_toml():
    loc = pick(["nl", "de", "us", "gb", "dk", "pl", "ro", "in"])
    p, q = Person(loc), Person(loc)
    k = pick(["notifier", "cargo", "service"])
    if k == "cargo":
        return ('[package]\nname = "%s"\nversion = "%s"\nedition = "2021"\nauthors = ["%s <%s>", "%s <%s>"]\nlicense = "MIT OR Apache-2.0"\n'
                'rust-version = "1.%d"\n\n[dependencies]\nserde = { version = "1.0.%d", features = ["derive"] }\ntokio = { version = "1.%d", features = ["full"] }\n'
                % (pick(["ledger-sync", "mail-relay", "geoip-cache"]), semver(), p.latin, E(p.mail()), q.latin, E(q.mail()),
                   R.randint(70, 80), R.randint(150, 200), R.randint(30, 40)))
    if k == "notifier":
        cidr = [(ipv4_pub().rsplit(".", 1)[0] + ".0", 24), (ipv6("doc").split("::")[0] + "::", 48)]
        s = ('# notifier.toml  (deployed by ansible, do not edit by hand)\n[server]\nlisten = "%s:%d"\nworkers = %d\nrequest_timeout = "%ds"\n\n'
             '[smtp]\nhost = "smtp.%s"\nport = 587\nfrom = "%s"\nreply_to = "%s"\n\n[[escalation]]\nname = "%s"\nemail = "%s"\nsms = "%s"\nafter = "15m"\n\n'
             % (IPA(ipv4_priv()), pick([8080, 8443, 9443]), R.randint(2, 16), R.randint(5, 60), pick(COMPANY[loc]), E(role_mail(loc, "alerts")),
                E(role_mail(loc, "ops")), p.latin, E(p.mail(corp=True)), PH(e164(loc))))
        if chance(0.5):
            s += '[[escalation]]\nname = "%s"\nemail = "%s"\nsms = "%s"\nafter = "45m"\n\n' % (q.latin, E(q.mail(corp=True)), PH(e164(loc)))
        s += '[allowlist]\ncidrs = ["%s/%d", "%s/%d"]\n' % (IPA(cidr[0][0]), cidr[0][1], IPA(cidr[1][0]), cidr[1][1])
        return s
    cc = LOC_IBAN.get(loc) or "GB"
    return ('title = "payout-service"\n\n[database]\nurl = "postgres://payout@%s:5432/payouts"\npool = %d\n\n[sepa]\ncreditor_id = "%s"\n'
            'settlement_iban = "%s"\nbic = "%s"\ncutoff = "14:30"\n\n[support]\nphone = "%s"\nemail = "%s"\n\n[metrics]\nbind = "%s:9102"\n'
            % (IPA(ipv4_priv()), R.randint(5, 40), "CI-%s" % d(8),
               IB(iban(cc, sp=False)), pick(BIC[cc]), PH(phone(loc)), E(role_mail(loc, "support")), IPA(ipv4_priv())))


def t_netplan():
    if chance(0.5):
        a4, gw = ipv4_priv(), None
        gw = a4.rsplit(".", 1)[0] + ".1"
        a6 = ipv6(pick(["doc", "ula"]))
        dns = [ipv4_priv(), pick(["1.1.1.1", "9.9.9.9", "8.8.4.4"])]
        return ("# /etc/netplan/50-cloud-init.yaml\nnetwork:\n  version: 2\n  renderer: networkd\n  ethernets:\n    %s:\n      dhcp4: false\n"
                "      addresses:\n        - %s/%d\n        - \"%s/64\"\n      routes:\n        - to: default\n          via: %s\n"
                "      nameservers:\n        search: [corp.local]\n        addresses: [%s, %s]\n      mtu: %d\n"
                % (pick(["ens3", "eth0", "enp0s31f6"]), IPA(a4), pick([16, 22, 24]), IPA(a6), IPA(gw), IPA(dns[0]), IPA(dns[1]), pick([1500, 9000, 1450])))
    loc = pick(["us", "gb", "de", "nl", "dk", "in"])
    p = Person(loc)
    em = p.mail(corp=True)
    return ("#cloud-config\nhostname: %s\nusers:\n  - name: %s\n    gecos: \"%s,,,,%s\"\n    groups: [sudo, docker]\n    shell: /bin/bash\n"
            "    ssh_authorized_keys:\n      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI%s %s\npackage_update: true\npackages: [nginx, fail2ban]\n"
            "write_files:\n  - path: /etc/motd\n    content: |\n      Managed by platform team. Questions: %s\n"
            "runcmd:\n  - [ sh, -c, \"echo 'allow %s;' > /etc/nginx/conf.d/allow.conf\" ]\n"
            % (pick(["web-%02d" % R.randint(1, 40), "bastion", "ci-runner-%d" % R.randint(1, 9)]), ascii_fold(p.first_lat), p.latin, E(em),
               alnum(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"), E(em), E(role_mail(loc, "platform")), IPA(ipv4_pub())))


def t_fail2ban():
    t = ts()
    jail = pick(["sshd", "postfix-sasl", "nginx-http-auth", "dovecot", "recidive"])
    pid = R.randint(400, 9000)
    lines = []
    for _ in range(R.randint(1, 3)):
        ip = ipv4_pub() if chance(0.8) else ipv6("comp")
        for _ in range(R.randint(1, 3)):
            t = plus(t, 1, 40)
            lines.append("%s,%03d fail2ban.filter         [%d]: INFO    [%s] Found %s - %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, pid, jail, IPA(ip), t.strftime("%Y-%m-%d %H:%M:%S")))
        t = plus(t, 0, 2)
        lines.append("%s,%03d fail2ban.actions        [%d]: NOTICE  [%s] Ban %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, pid, jail, IPA(ip)))
    if chance(0.4):
        t = plus(t, 600, 3600)
        lines.append("%s,%03d fail2ban.actions        [%d]: NOTICE  [%s] Unban %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, pid, jail, IPA(ip)))
    if chance(0.3):
        lines.append("%s,%03d fail2ban.server         [%d]: INFO    Reload finished (fail2ban %s)" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, pid, pick(["0.11.2", "1.0.2", "1.1.0"])))
    return "\n".join(lines)


def t_postfix():
    loc = pick(["nl", "de", "dk", "pl", "ro", "gb", "us", "br", "fr"])
    t = ts()
    host = pick(["mx1", "mail", "smtp-out-02"])
    qid = alnum(11, "ABCDEFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789")
    cip = ipv4_pub() if chance(0.8) else ipv6("comp")
    cname = pick(["mail-ed1-f%d.google.com" % R.randint(40, 70), "unknown", "mout.%s" % pick(FREEMAIL["de"]), "smtp.%s" % pick(COMPANY[loc])])
    sender, rcpt = Person(loc).mail(), Person(loc).mail(corp=True)
    fmt = lambda t: t.strftime("%b %d %H:%M:%S").replace(" 0", "  ", 1) if t.day < 10 else t.strftime("%b %d %H:%M:%S")
    if chance(0.3):
        return ("%s %s postfix/smtpd[%d]: connect from unknown[%s]\n"
                "%s %s postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[%s]: 554 5.7.1 <%s>: Relay access denied; from=<%s> to=<%s> proto=ESMTP helo=<%s>\n"
                "%s %s postfix/smtpd[%d]: disconnect from unknown[%s] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"
                % (fmt(t), host, (pid := R.randint(1000, 60000)), IPA(cip), fmt(t), host, pid, IPA(cip), E(rcpt), E(sender), E(rcpt),
                   pick(["ylmf-pc", "User", "WIN-%s" % alnum(11)]), fmt(plus(t, 0, 2)), host, pid, IPA(cip)))
    relay_ip = ipv4_pub() if chance(0.7) else ipv6("comp")
    return ("%s %s postfix/smtpd[%d]: connect from %s[%s]\n"
            "%s %s postfix/smtpd[%d]: %s: client=%s[%s]\n"
            "%s %s postfix/qmgr[%d]: %s: from=<%s>, size=%d, nrcpt=1 (queue active)\n"
            "%s %s postfix/smtp[%d]: %s: to=<%s>, relay=%s[%s]:25, delay=%.1f, delays=%.2f/0.01/%.1f/%.1f, dsn=%s, status=%s\n"
            "%s %s postfix/qmgr[%d]: %s: removed"
            % (fmt(t), host, (pid := R.randint(1000, 60000)), cname, IPA(cip), fmt(t), host, pid, qid, cname, IPA(cip),
               fmt(t), host, R.randint(800, 2000), qid, E(sender), R.randint(2000, 900000),
               fmt(plus(t, 0, 3)), host, R.randint(1000, 60000), qid, E(rcpt), pick(["aspmx.l.google.com", "mx.%s" % rcpt.split("@")[1], "%s.mail.protection.outlook.com" % rcpt.split("@")[1].split(".")[0]]),
               IPA(relay_ip), R.uniform(0.2, 9), R.uniform(0.01, 0.3), R.uniform(0.01, 2), R.uniform(0.1, 5),
               pick(["2.0.0", "4.7.0", "5.1.1"]), pick(["sent (250 2.0.0 OK  %d - gsmtp)" % epoch(t), "deferred (connection timed out)", "bounced (host said: 550 5.1.1 user unknown)"]),
               fmt(plus(t, 3, 6)), host, R.randint(800, 2000), qid))


def t_squid():
    t = ts()
    lines = []
    for _ in range(R.randint(2, 5)):
        t = plus(t, 0, 20)
        c = ipv4_priv() if chance(0.85) else ipv6("ula")
        u = pick(["-", "jdevries", "akaminska", "-"])
        if chance(0.5):
            dst = pick(["login.microsoftonline.com", "api.github.com", "www.google.com", "update.code.visualstudio.com"])
            lines.append("%d.%03d %6d %s TCP_TUNNEL/200 %d CONNECT %s:443 %s HIER_DIRECT/%s -" % (
                epoch(t), t.microsecond // 1000, R.randint(50, 90000), IPA(c), R.randint(400, 900000), dst, u, IPA(ipv4_pub())))
        else:
            lines.append("%d.%03d %6d %s %s %d GET http://%s %s %s text/html" % (
                epoch(t), t.microsecond // 1000, R.randint(5, 9000), IPA(c), pick(["TCP_MISS/200", "TCP_HIT/200", "TCP_DENIED/403", "TCP_MISS/304"]),
                R.randint(300, 90000), pick(["neverssl.com/", "deb.debian.org/debian/dists/bookworm/InRelease", "example.org/index.html"]),
                u, pick(["HIER_DIRECT/" + IPA(ipv4_pub()), "HIER_NONE/-"])))
    return "\n".join(lines)


def t_openvpn():
    t = ts()
    rows, routes = [], []
    for _ in range(R.randint(1, 4)):
        loc = pick(["nl", "de", "us", "gb", "dk"])
        p = Person(loc)
        cnm = E(p.mail(corp=True)) if chance(0.5) else ascii_fold(p.first_lat)
        real = ipv4_pub()
        port = R.randint(1024, 65000)
        virt = "10.8.0.%d" % R.randint(2, 250)
        st = t - dt.timedelta(minutes=R.randint(1, 600))
        rows.append("CLIENT_LIST,%s,%s:%d,%s,,%d,%d,%s,%d,UNDEF,%d,%d,AES-256-GCM" % (cnm, IPA(real), port, IPA(virt), R.randint(1000, 10 ** 8), R.randint(1000, 10 ** 8), st.strftime("%Y-%m-%d %H:%M:%S"), epoch(st), R.randint(0, 50), R.randint(0, 50)))
        routes.append("ROUTING_TABLE,%s,%s,%s:%d,%s,%d" % (IPA(virt), cnm, IPA(real), port, t.strftime("%Y-%m-%d %H:%M:%S"), epoch(t)))
    return ("TITLE,OpenVPN %s x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [MH/PKTINFO] [AEAD]\nTIME,%s,%d\n"
            "HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client ID,Peer ID,Data Channel Cipher\n"
            "%s\nHEADER,ROUTING_TABLE,Virtual Address,Common Name,Real Address,Last Ref,Last Ref (time_t)\n%s\nGLOBAL_STATS,Max bcast/mcast queue length,%d\nEND"
            % (pick(["2.5.9", "2.6.8", "2.6.10"]), t.strftime("%Y-%m-%d %H:%M:%S"), epoch(t), "\n".join(rows), "\n".join(routes), R.randint(0, 9)))


def t_bind():
    t = ts()
    lines = []
    srv = ipv4_priv()
    for _ in range(R.randint(2, 5)):
        t = plus(t, 0, 5)
        c = ipv4_priv() if chance(0.75) else ipv6(pick(["ula", "ll"]))
        q = pick(["mail.%s" % pick(sum(COMPANY.values(), [])), "api.github.com", "wpad.corp.local", "_ldap._tcp.dc._msdcs.corp.local", "time.windows.com"])
        lines.append("%s.%03d queries: info: client @0x7f%s %s#%d (%s): query: %s IN %s +%s (%s)" % (
            t.strftime("%d-%b-%Y %H:%M:%S"), t.microsecond // 1000, hx(10), IPA(c), R.randint(1024, 65000), q, q,
            pick(["A", "AAAA", "SRV", "MX", "TXT"]), pick(["E(0)K", "ED", "", "E(0)DC"]), IPA(srv)))
    return "\n".join(lines)


def t_mongolog():
    loc = pick(["us", "de", "nl", "br", "in", "pl", "kr", "vn"])
    p = Person(loc)
    t = ts()
    out = []
    rem = ipv4_priv()
    if chance(0.7):
        out.append(J({"t": {"$date": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+00:00" % (t.microsecond // 1000)}, "s": "I", "c": "NETWORK", "id": 22943, "ctx": "listener",
                      "msg": "Connection accepted", "attr": {"remote": "\ue018", "uuid": {"uuid": {"$uuid": uuid4()}}, "connectionId": (cid := R.randint(100, 99999)), "connectionCount": R.randint(5, 300)}})
                   .replace("\ue018", "%s:%d" % (IPA(rem), R.randint(30000, 60000))))
    else:
        cid = R.randint(100, 99999)
    t = plus(t, 1, 30)
    k = pick(["dup", "slow"])
    if k == "dup":
        v, field = pick([(e164(loc), "phone"), (p.mail(), "email")])
        mv = PH(v) if field == "phone" else E(v)
        out.append(J({"t": {"$date": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+00:00" % (t.microsecond // 1000)}, "s": "E", "c": "WRITE", "id": 20482, "ctx": "conn%d" % cid,
                      "msg": "\ue019"}).replace("\ue019", 'E11000 duplicate key error collection: crm.customers index: %s_1 dup key: { %s: \\"%s\\" }' % (field, field, mv)))
    else:
        out.append(J({"t": {"$date": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+00:00" % (t.microsecond // 1000)}, "s": "I", "c": "COMMAND", "id": 51803, "ctx": "conn%d" % cid,
                      "msg": "Slow query", "attr": {"type": "command", "ns": "crm.customers", "command": {"find": "customers", "filter": {"email": "\ue01a"}, "limit": 1, "lsid": {"id": {"$uuid": uuid4()}}, "$db": "crm"},
                                                     "planSummary": "COLLSCAN", "keysExamined": 0, "docsExamined": R.randint(10000, 900000), "nreturned": 1,
                                                     "durationMillis": R.randint(200, 9000)}}).replace("\ue01a", E(p.mail())))
    return "\n".join(out)


def t_auditd():
    t = ts()
    lines = []
    for _ in range(R.randint(1, 4)):
        t = plus(t, 0, 30)
        serial = R.randint(1000, 999999)
        ip = ipv4_pub() if chance(0.7) else ipv6("comp")
        typ = pick(["USER_LOGIN", "USER_AUTH", "USER_ERR", "CRYPTO_KEY_USER"])
        lines.append("type=%s msg=audit(%d.%03d:%d): pid=%d uid=0 auid=%s ses=%s subj=unconfined msg='op=%s acct=\"%s\" exe=\"/usr/sbin/sshd\" hostname=? addr=%s terminal=%s res=%s'" % (
            typ, epoch(t), t.microsecond // 1000, serial, R.randint(1000, 90000), pick(["4294967295", str(R.randint(1000, 1010))]), pick(["4294967295", str(R.randint(1, 900))]),
            pick(["login", "PAM:authentication", "destroy_kex"]), pick(["root", "deploy", "ubuntu", "admin", "(invalid user)"]), IPA(ip), pick(["ssh", "sshd"]), pick(["failed", "success"])))
    return "\n".join(lines)


def t_asa():
    t = ts()
    lines = []
    for _ in range(R.randint(2, 4)):
        t = plus(t, 0, 10)
        o, i = ipv4_pub(), ipv4_priv()
        k = pick(["built", "deny", "aaa", "vpn"])
        pre = "%s: " % t.strftime("%b %d %Y %H:%M:%S")
        if k == "built":
            lines.append(pre + "%%ASA-6-302013: Built inbound TCP connection %d for outside:%s/%d (%s/%d) to inside:%s/%d (%s/%d)" % (
                R.randint(10 ** 5, 10 ** 8), IPA(o), (pt := R.randint(1024, 65000)), IPA(o), pt, IPA(i), (ip_ := pick([443, 22, 3389])), IPA(ipv4_pub()), ip_))
        elif k == "deny":
            lines.append(pre + '%%ASA-4-106023: Deny tcp src outside:%s/%d dst inside:%s/%d by access-group "OUTSIDE_IN" [0x%s, 0x0]' % (
                IPA(o), R.randint(1024, 65000), IPA(i), pick([22, 23, 445, 3389]), hx(8)))
        elif k == "aaa":
            lines.append(pre + "%%ASA-6-113004: AAA user authentication Successful : server = %s : user = %s" % (IPA(ipv4_priv()), pick(["jdevries", "akaminska", "m.nielsen"])))
        else:
            p = Person(pick(["nl", "dk", "de", "us"]))
            lines.append(pre + "%%ASA-4-722051: Group <AnyConnect-Staff> User <%s> IP <%s> IPv4 Address <%s> assigned to session" % (
                E(p.mail(corp=True)), IPA(o), IPA("10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(2, 250)))))
    return "\n".join(lines)


def t_apex():
    loc = pick(["us", "gb", "nl", "de", "fr", "in", "br"])
    p = Person(loc)
    t = ts()
    cc = LOC_IBAN.get(loc)
    user = "%s@%s.prod" % (ascii_fold(p.first_lat)[0] + ascii_fold(p.last_lat), pick(COMPANY[loc]))
    q = Person(loc)
    ns = lambda t: "%s (%d)" % (t.strftime("%H:%M:%S.") + "%03d" % (t.microsecond // 1000), R.randint(10 ** 7, 10 ** 9))
    lines = ["%d.0 APEX_CODE,DEBUG;APEX_PROFILING,INFO;CALLOUT,INFO;DB,INFO;SYSTEM,DEBUG;VALIDATION,INFO;WORKFLOW,INFO" % R.randint(55, 60),
             "%s|USER_INFO|[EXTERNAL]|005%s|%s|(GMT+01:00) Central European Standard Time (Europe/Amsterdam)|GMT+01:00" % (ns(t), alnum(12), E(user)),
             "%s|EXECUTION_STARTED" % ns(t)]
    t = plus(t, 0, 1)
    fields = ["Id=003%s" % alnum(15), "LastName=%s" % q.last_lat, "Email=%s" % E(q.mail()), "Phone=%s" % PH(q.phone())]
    if cc and chance(0.5):
        fields.append("IBAN__c=%s" % IB(iban(cc, sp=False)))
    lines.append("%s|USER_DEBUG|[%d]|DEBUG|Contact before update: Contact:{%s}" % (ns(t), R.randint(10, 200), ", ".join(fields)))
    t = plus(t, 0, 1)
    lines.append("%s|CALLOUT_REQUEST|[%d]|System.HttpRequest[Endpoint=https://api.%s/v1/verify, Method=POST]" % (ns(t), R.randint(10, 200), pick(COMPANY[loc])))
    t = plus(t, 0, 2)
    if chance(0.6):
        lines.append("%s|EXCEPTION_THROWN|[%d]|System.DmlException: Update failed. First exception on row 0 with id 003%s; first error: DUPLICATE_VALUE, "
                     "duplicate value found: Email__c duplicates value on record with id: 003%s: []" % (ns(t), R.randint(10, 200), alnum(15), alnum(15)))
    lines.append("%s|CODE_UNIT_FINISHED|ContactTrigger on Contact trigger event BeforeUpdate|__sfdc_trigger/ContactTrigger" % ns(t))
    return "\n".join(lines)


def t_twilio():
    frm_loc, to_loc = pick(["us", "gb", "de", "nl"]), pick(["nl", "de", "gb", "in", "br", "pl", "ae", "dk", "ro", "us", "il", "th", "vn"])
    t = ts()
    acc = "AC" + hx(32)
    sid = pick(["SM", "MM"]) + hx(32)
    frm = pick([e164(frm_loc), "AcmeBank", "+1%d%d%s" % (pick(US_AREAS), nanp_exchange(), d(4))])
    to = e164(to_loc)
    body = pick(["Your verification code is %s" % d(6), "Uw pakket %s wordt vandaag bezorgd." % tracking(), "Reminder: appointment %s at 09:30" % t.strftime("%d/%m"),
                 "Kod BLIK: %s" % d(6), "Payment of %s received, ref %s" % (money(to_loc), invoice_id())])
    o = {"account_sid": acc, "api_version": "2010-04-01", "body": body, "date_created": t.strftime("%a, %d %b %Y %H:%M:%S +0000"),
         "date_sent": plus(t, 0, 2).strftime("%a, %d %b %Y %H:%M:%S +0000"), "direction": "outbound-api", "error_code": None, "error_message": None,
         "from": "\ue01b", "messaging_service_sid": "MG" + hx(32), "num_media": "0", "num_segments": "1", "price": "-0.0%d" % R.randint(100, 999),
         "price_unit": "USD", "sid": sid, "status": pick(["delivered", "sent", "undelivered"]), "to": "\ue01c",
         "uri": "/2010-04-01/Accounts/%s/Messages/%s.json" % (acc, sid)}
    s = J(o, indent=2 if chance(0.6) else None)
    return s.replace("\ue01b", PH(frm) if frm.startswith("+") else frm).replace("\ue01c", PH(to))


def t_sendgrid():
    loc = pick(["us", "gb", "de", "nl", "br", "in", "pl", "fr"])
    t = ts()
    evs = []
    subs = {}
    for _ in range(R.randint(2, 4)):
        p = Person(loc)
        key = "\ue01d%d" % len(subs)
        subs[key] = E(p.mail())
        e = {"email": key, "timestamp": epoch(t) + R.randint(0, 900), "event": pick(["processed", "delivered", "open", "click", "bounce", "dropped"]),
             "category": [pick(["newsletter", "receipt", "password-reset"])], "sg_event_id": alnum(22, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
             "sg_message_id": "%s.filterdrecv-%s-%s-1-%s-%s.0" % (alnum(22, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), hx(10), alnum(5, "abcdefghijklmnopqrstuvwxyz0123456789"), hx(8).upper(), hx(2).upper())}
        if e["event"] in ("open", "click"):
            k2 = "\ue01e%d" % len(subs)
            subs[k2] = IPA(ipv4_pub() if chance(0.7) else ipv6("comp"))
            e["ip"] = k2
            e["useragent"] = pick(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36" % (R.randint(110, 125), R.randint(5000, 6500), R.randint(50, 200)),
                                   "Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148" % R.randint(0, 5)])
        if e["event"] == "bounce":
            e.update({"reason": "550 5.1.1 The email account that you tried to reach does not exist.", "status": "5.1.1", "type": "bounce"})
        evs.append(e)
    s = J(evs)
    for k in sorted(subs, key=len, reverse=True):
        s = s.replace('"%s"' % k, '"%s"' % subs[k])
    return s


def t_node_dup():
    loc = pick(["us", "pl", "br", "in", "de", "nl", "vn", "ro"])
    p = Person(loc)
    em = p.mail()
    if chance(0.6):
        ph = p.phone()
        return ("Error: ER_DUP_ENTRY: Duplicate entry '%s' for key 'users.users_email_unique'\n"
                "    at Query.Sequence._packetToError (/app/node_modules/mysql/lib/protocol/sequences/Sequence.js:47:14)\n"
                "    at Query.ErrorPacket (/app/node_modules/mysql/lib/protocol/sequences/Query.js:79:18)\n"
                "    at Protocol._parsePacket (/app/node_modules/mysql/lib/protocol/Protocol.js:291:23)\n"
                "    --------------------\n    at Pool.query (/app/node_modules/mysql/lib/Pool.js:199:23)\n"
                "    at UserRepo.create (/app/src/repos/user.ts:%d:16) {\n  code: 'ER_DUP_ENTRY',\n  errno: 1062,\n"
                "  sqlMessage: \"Duplicate entry '%s' for key 'users.users_email_unique'\",\n  sqlState: '23000',\n  index: 0,\n"
                "  sql: \"INSERT INTO `users` (`email`, `phone`, `locale`, `created_at`) VALUES ('%s', '%s', '%s', '%s')\"\n}"
                % (E(em), R.randint(10, 90), E(em), E(em), PH(ph), {"us": "en-US", "pl": "pl-PL", "br": "pt-BR", "in": "en-IN", "de": "de-DE", "nl": "nl-NL", "vn": "vi-VN", "ro": "ro-RO"}[loc], ts().strftime("%Y-%m-%d %H:%M:%S")))
    cc = LOC_IBAN.get(loc) or "DE"
    return ("AxiosError: Request failed with status code 422\n    at settle (/srv/app/node_modules/axios/dist/node/axios.cjs:%d:12)\n"
            "    at IncomingMessage.handleStreamEnd (/srv/app/node_modules/axios/dist/node/axios.cjs:%d:11) {\n  code: 'ERR_BAD_REQUEST',\n"
            "  config: {\n    method: 'post',\n    url: 'https://api.%s/v1/payouts',\n"
            "    data: '{\"beneficiary\":\"%s\",\"iban\":\"%s\",\"email\":\"%s\",\"amount\":%d}'\n  },\n"
            "  response: { status: 422, statusText: 'Unprocessable Entity', data: { error: 'beneficiary_name_mismatch', request_id: 'req_%s' } }\n}"
            % (R.randint(1900, 2000), R.randint(3000, 3200), pick(COMPANY[loc]), p.latin, IB(iban(cc, sp=False)), E(em), R.randint(100, 99999), alnum(14, "abcdefghijklmnopqrstuvwxyz0123456789")))


def t_redis_monitor():
    loc = pick(["us", "gb", "nl", "de", "kr", "cn", "in", "br", "th"])
    t = ts()
    cl = "%s:%d" % (IPA(ipv4_priv()), R.randint(30000, 60000))
    p = Person(loc)
    lines = ["OK"]
    cid = R.randint(100, 99999)
    t = plus(t, 0, 1)
    lines.append('%d.%06d [0 %s] "HSET" "customer:%d" "email" "%s" "phone" "%s" "tier" "%s"' % (epoch(t), t.microsecond, cl, cid, E(p.mail()), PH(e164(loc) if chance(0.6) else p.phone()), pick(["gold", "basic"])))
    t = plus(t, 0, 1)
    lines.append('%d.%06d [0 %s] "EXPIRE" "session:%s" "3600"' % (epoch(t), t.microsecond, cl, hx(24)))
    if chance(0.7):
        t = plus(t, 0, 1)
        lines.append('%d.%06d [0 unix:/var/run/redis/redis.sock] "INCR" "ratelimit:login:%s"' % (epoch(t), t.microsecond, IPA(ip_any())))
    if chance(0.5):
        t = plus(t, 0, 1)
        lines.append('%d.%06d [0 lua] "GET" "order:%s:status"' % (epoch(t), t.microsecond, order_id().strip("#")))
    return "\n".join(lines)


def t_struct_quiet():
    """Look-alike-only structured output."""
    k = pick(["snmp", "prom", "pip", "jenkins", "dpkg", "cron", "gitlog"])
    t = ts()
    if k == "cron":
        lines = []
        for _ in range(R.randint(3, 6)):
            t = plus(t, 60, 900)
            lines.append("%s %s CRON[%d]: (%s) CMD (%s)" % (t.strftime("%b %d %H:%M:%S"), pick(["web-01", "db-02", "worker-3"]), R.randint(1000, 99999), pick(["root", "www-data", "postgres"]),
                                                           pick(["/usr/local/bin/backup.sh --keep 14", "php /var/www/artisan schedule:run >> /dev/null 2>&1", "certbot renew -q",
                                                                 "/opt/app/bin/rotate --max-age 30d", "pg_dump -Fc shop > /backups/shop_$(date +%F).dump"])))
        return "\n".join(lines)
    if k == "gitlog":
        return "\n".join("%s %s" % (hx(7), pick(["fix: handle empty IBAN field in payout form", "chore(deps): bump urllib3 to %s" % semver(), "feat: mask PAN in receipts (PCI-%s)" % d(4),
                                                  "refactor: split phone normaliser per country", "Merge pull request #%d from team/release-%s" % (R.randint(100, 9999), semver()),
                                                  "test: add Luhn-failing fixtures", "docs: update runbook for v%s" % semver(), "ci: cache node_modules (build %s)" % build_quad()]))
                         for _ in range(R.randint(4, 8)))
    if k == "snmp":
        return "\n".join([
            "SNMPv2-MIB::sysDescr.0 = STRING: Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(%d)E%d, RELEASE SOFTWARE (fc%d)" % (R.randint(1, 7), R.randint(1, 9), R.randint(1, 4)),
            "SNMPv2-MIB::sysObjectID.0 = OID: .%s" % oid(),
            "DISMAN-EVENT-MIB::sysUpTimeInstance = Timeticks: (%d) %d days, %d:%02d:%02d.%02d" % (R.randint(10 ** 6, 10 ** 9), R.randint(1, 400), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 99)),
            "IF-MIB::ifPhysAddress.%d = STRING: %s" % (R.randint(1, 48), ":".join(hx(2) for _ in range(6))),
            "IF-MIB::ifHCInOctets.%d = Counter64: %s" % (R.randint(1, 48), long_digits(R.randint(9, 12))),
            ".%s = INTEGER: %d" % (oid(), R.randint(0, 100))])
    if k == "prom":
        return "\n".join([
            "# HELP node_uname_info Labeled system information as provided by the uname system call.",
            "# TYPE node_uname_info gauge",
            'node_uname_info{domainname="(none)",machine="x86_64",nodename="web-%02d",release="5.15.0-%d-generic",sysname="Linux",version="#%d-Ubuntu SMP"} 1' % (R.randint(1, 40), R.randint(80, 120), R.randint(80, 140)),
            'go_info{version="go1.%d.%d"} 1' % (R.randint(19, 22), R.randint(0, 9)),
            'http_request_duration_seconds_bucket{handler="/api/v1/orders",le="0.25"} %d' % R.randint(1000, 90000),
            "process_start_time_seconds %d.%02d" % (epoch(t), R.randint(0, 99)),
            'build_info{branch="main",revision="%s",version="%s"} 1' % (hx(40), build_quad())])
    if k == "pip":
        pk = R.sample(["Django==4.2.%d" % R.randint(1, 11), "psycopg2-binary==2.9.%d" % R.randint(1, 9), "requests==2.31.0", "phonenumbers==8.13.%d" % R.randint(10, 30),
                       "schwifty==2024.%d.%d" % (R.randint(1, 9), R.randint(0, 3)), "stripe==8.%d.0" % R.randint(0, 9), "celery==5.3.%d" % R.randint(0, 6),
                       "urllib3==2.2.%d" % R.randint(0, 2), "certifi==2024.2.2", "pydantic==2.6.%d" % R.randint(0, 4)], 7)
        return "$ pip freeze | sort\n" + "\n".join(sorted(pk))
    if k == "jenkins":
        return ("Started by upstream project \"release-train\" build number %d\noriginally caused by:\n Started by timer\n"
                "Running as SYSTEM\nBuilding in workspace /var/jenkins_home/workspace/ledger-api\n"
                " > git rev-parse --resolve-git-dir /var/jenkins_home/workspace/ledger-api/.git # timeout=10\n"
                "Checking out Revision %s (refs/remotes/origin/main)\n[ledger-api] $ ./gradlew -Pversion=%s build\n"
                "BUILD SUCCESSFUL in %dm %ds\n%d actionable tasks: %d executed\nArchiving artifacts\nRecording test results\n"
                "[Checks API] No suitable checks publisher found.\nFinished: SUCCESS" % (R.randint(1000, 9999), hx(40), build_quad(), R.randint(1, 9), R.randint(0, 59), R.randint(20, 90), R.randint(5, 20)))
    rows = [("ii", "openssl", "3.0.2-0ubuntu1.%d" % R.randint(10, 16), "amd64", "Secure Sockets Layer toolkit"),
            ("ii", "nginx", "1.18.0-6ubuntu14.%d" % R.randint(1, 4), "amd64", "small, powerful, scalable web/proxy server"),
            ("ii", "postgresql-15", "15.%d-1.pgdg22.04+1" % R.randint(3, 7), "amd64", "The World's Most Advanced Open Source Relational Database"),
            ("rc", "linux-image-5.15.0-%d-generic" % R.randint(80, 100), "5.15.0-%d.%d" % (R.randint(80, 100), R.randint(80, 110)), "amd64", "Signed kernel image generic")]
    return "$ dpkg -l | grep -E 'openssl|nginx|postgres|linux-image'\n" + "\n".join("%-3s %-34s %-28s %-6s %s" % r for r in rows)


STRUCT = [t_pglog, t_pytraceback, t_javatrace, t_powershell, t_winevent_xml, t_alertmanager, t_pagerduty, t_kubectl,
          t_terraform, t_hl7, t_x12, t_ldif, t_soap, t_dmarc, t_ics, t_toml, t_netplan, t_fail2ban, t_postfix, t_squid,
          t_openvpn, t_bind, t_mongolog, t_auditd, t_asa, t_apex, t_twilio, t_sendgrid, t_node_dup, t_redis_monitor,
          t_struct_quiet]


# ============================================================================ tables
def sq(c, q="'", prefix=""):
    vis, m = cn(c)
    if vis == "NULL":
        return "NULL"
    return "%s%s%s%s" % (prefix, q, m, q)


def contact_row(loc, with_iban=False, with_ssn=False, with_ip=False, p=None):
    p = p or Person(loc)
    r = {"name": C(p.name), "email": C(p.mail(), EMAIL) if chance(0.92) else C("NULL"),
         "phone": C(p.phone(), PHONE) if chance(0.85) else C("NULL")}
    if with_iban:
        cc = LOC_IBAN.get(loc) or pick(["GB", "DE", "NL"])
        r["iban"] = C(iban(cc, sp=chance(0.25)), IBAN) if chance(0.85) else C(bad_iban(cc), None)
    if with_ssn:
        r["ssn"] = C(ssn(), SSN) if chance(0.85) else C(bad_ssn())
    if with_ip:
        r["ip"] = C(ip_any(), IP)
    return r


def t_sql_mssql():
    loc = pick(["us", "us", "us", "gb", "nl", "de", "in", "ae", "sa"])
    tbl = pick(["Customers", "Suppliers", "Contacts", "Applicants"])
    with_ssn = loc == "us" and chance(0.7)
    with_iban = not with_ssn and chance(0.75) and LOC_IBAN.get(loc)
    cols = ["Id", "FullName", "Email", "Phone"] + (["Ssn"] if with_ssn else []) + (["Iban"] if with_iban else []) + ["CreatedUtc"]
    out = ["SET IDENTITY_INSERT [dbo].[%s] ON " % tbl, "GO"]
    for i in range(R.randint(2, 4)):
        r = contact_row(loc, with_iban=with_iban, with_ssn=with_ssn)
        vals = [str(R.randint(100, 99999)), sq(r["name"], prefix="N"), sq(r["email"], prefix="N"), sq(r["phone"], prefix="N")]
        if with_ssn:
            vals.append(sq(r["ssn"], prefix="N"))
        if with_iban:
            vals.append(sq(r["iban"], prefix="N"))
        vals.append("CAST(N'%s' AS DateTime2)" % (ts().strftime("%Y-%m-%dT%H:%M:%S.") + d(7)))
        out.append("INSERT [dbo].[%s] (%s) VALUES (%s)" % (tbl, ", ".join("[%s]" % c for c in cols), ", ".join(vals)))
        out.append("GO")
    out += ["SET IDENTITY_INSERT [dbo].[%s] OFF" % tbl, "GO"]
    return "\n".join(out)


def t_sql_pg_insert():
    loc = pick(["pl", "br", "nl", "de", "ro", "dk", "fr"])
    rows = []
    for _ in range(R.randint(2, 5)):
        r = contact_row(loc, with_ip=True)
        rows.append("  (%d, %s, %s, %s, %s::inet, '%s')" % (R.randint(1000, 999999), sq(r["name"]).replace("NULL", "NULL"), sq(r["email"]), sq(r["phone"]),
                                                           sq(r["ip"]), ts().strftime("%Y-%m-%d %H:%M:%S+01")))
    return ("-- seed data exported %s\nINSERT INTO public.contacts (id, full_name, email, phone, signup_ip, created_at) VALUES\n%s\n"
            "ON CONFLICT (email) DO UPDATE SET phone = EXCLUDED.phone, signup_ip = EXCLUDED.signup_ip;" % (ts().strftime("%Y-%m-%d"), ",\n".join(rows)))


def t_sql_sqlite():
    loc = pick(["dk", "ro", "nl", "vn", "th", "kr", "in"])
    out = ["PRAGMA foreign_keys=OFF;", "BEGIN TRANSACTION;",
           "CREATE TABLE members(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT, iban TEXT, joined TEXT);"]
    for i in range(1, R.randint(3, 5)):
        r = contact_row(loc, with_iban=LOC_IBAN.get(loc) is not None and chance(0.6))
        out.append("INSERT INTO members VALUES(%d,%s,%s,%s,%s,'%s');" % (i, sq(r["name"]), sq(r["email"]), sq(r["phone"]), sq(r["iban"]) if "iban" in r else "NULL",
                                                                      ts().strftime("%Y-%m-%d")))
    out.append("CREATE INDEX idx_members_email ON members(email);")
    out.append("COMMIT;")
    return "\n".join(out)


def t_sql_oracle():
    out = ["INSERT ALL"]
    for _ in range(R.randint(2, 4)):
        p = Person("us")
        s = C(ssn(), SSN) if chance(0.85) else C(bad_ssn())
        out.append("  INTO hr.employees (employee_id, first_name, last_name, email, phone_number, ssn, hire_date) VALUES (%d, '%s', '%s', %s, %s, %s, DATE '%s')" % (
            R.randint(100, 9999), p.first, p.last.replace("'", "''"), sq(C(p.mail(corp=True), EMAIL)), sq(C(ph_us(ext=False), PHONE)), sq(s), ts(2015, 2024).strftime("%Y-%m-%d")))
    out.append("SELECT 1 FROM dual;")
    if chance(0.5):
        out.append("\n%d rows inserted.\n\nCommit complete." % (len(out) - 2))
    return "\n".join(out)


def t_psql_aligned():
    loc = pick(["nl", "de", "pl", "br", "us", "gb", "dk", "ro"])
    db = pick(["crm", "shop", "billing"])
    with_iban = LOC_IBAN.get(loc) and chance(0.75)
    head = [C("id"), C("name"), C("email"), C("phone")] + ([C("iban")] if with_iban else [])
    rows = []
    for _ in range(R.randint(1, 5)):
        r = contact_row(loc, with_iban=with_iban)
        row = [C(str(R.randint(1000, 99999))), r["name"], r["email"] if r["email"][0] != "NULL" else C(""), r["phone"] if r["phone"][0] != "NULL" else C("")]
        if with_iban:
            row.append(r["iban"])
        rows.append(row)
    w = widths([head] + rows)
    hl = " " + " | ".join(padc(c, w[i]) if i else padc(c, w[i], right=False) for i, c in enumerate(head))
    hl = " " + " | ".join((" " * ((w[i] - len(cn(c)[0])) // 2) + cn(c)[1]).ljust(w[i]) for i, c in enumerate(head))
    sep = "-" + "-+-".join("-" * x for x in w) + "-"
    body = [" " + " | ".join(padc(c, w[i], right=(i == 0)) for i, c in enumerate(r)) for r in rows]
    return "%s=> SELECT %s FROM customers WHERE updated_at > now() - interval '%d days';\n%s\n%s\n%s\n(%d row%s)" % (
        db, ", ".join(cn(c)[0] for c in head), R.randint(1, 30), hl.rstrip(), sep, "\n".join(b.rstrip() for b in body), len(rows), "" if len(rows) == 1 else "s")


def t_psql_expanded():
    loc = pick(["nl", "de", "pl", "br", "us", "gb", "in", "ae"])
    out = ["billing=# \\x", "Expanded display is on.", "billing=# SELECT * FROM payment_methods WHERE customer_id = %d;" % R.randint(1000, 99999)]
    for i in range(1, R.randint(2, 3)):
        p = Person(loc)
        is_card = chance(0.6)
        fields = [("id", C(str(R.randint(10000, 99999)))), ("customer_id", C(str(R.randint(1000, 99999)))), ("kind", C("card" if is_card else "sepa_debit"))]
        if is_card:
            cd = card_digits()
            fields += [("pan", C(group_card(cd, pick(["", " "])), CARD) if chance(0.8) else C(masked_card(cd))), ("exp", C("%02d/%02d" % (R.randint(1, 12), R.randint(25, 31)))),
                       ("holder", C(p.latin.upper()))]
        else:
            cc = LOC_IBAN.get(loc) or "DE"
            fields += [("iban", C(iban(cc), IBAN)), ("mandate_ref", C("MNDT-%s" % d(8))), ("holder", C(p.latin))]
        fields += [("billing_email", C(p.mail(), EMAIL)), ("created_at", C(ts().strftime("%Y-%m-%d %H:%M:%S.") + d(6) + "+00"))]
        w1 = max(len(a) for a, _ in fields)
        w2 = max(len(cn(b)[0]) for _, b in fields)
        out.append("-[ RECORD %d ]%s+%s" % (i, "-" * (w1 - 11 - len(str(i)) + 1), "-" * (w2 + 1)))
        out += ["%s | %s" % (a.ljust(w1), cn(b)[1]) for a, b in fields]
    return "\n".join(out)


def t_mysql_box():
    loc = pick(["us", "in", "br", "pl", "vn", "th", "kr", "cn", "gb"])
    if chance(0.5):
        head = [C("id"), C("email"), C("phone"), C("last_login_ip")]
        rows = []
        for _ in range(R.randint(1, 4)):
            r = contact_row(loc, with_ip=True)
            rows.append([C(str(R.randint(1, 99999))), r["email"], r["phone"], r["ip"]])
        w = widths([head] + rows)
        bar = "+" + "+".join("-" * (x + 2) for x in w) + "+"
        fmt = lambda r: "| " + " | ".join(padc(c, w[i]) for i, c in enumerate(r)) + " |"
        return "mysql> SELECT id, email, phone, last_login_ip FROM users WHERE status = 'locked';\n%s\n%s\n%s\n%s\n%s\n%d row%s in set (0.0%d sec)" % (
            bar, fmt(head), bar, "\n".join(fmt(r) for r in rows), bar, len(rows), "" if len(rows) == 1 else "s", R.randint(0, 9))
    out = ["mysql> SELECT * FROM orders WHERE id = %d\\G" % R.randint(10000, 999999)]
    p = Person(loc)
    fields = [("id", str(R.randint(10000, 999999))), ("order_no", order_id()), ("email", E(p.mail())), ("phone", PH(p.phone())),
              ("card_last4", card_digits()[-4:]), ("amount", money(loc)), ("ip", IPA(ip_any())), ("tracking", tracking()), ("created_at", ts().strftime("%Y-%m-%d %H:%M:%S"))]
    out.append("*************************** 1. row ***************************")
    out += ["%s: %s" % (a.rjust(10), b) for a, b in fields]
    out.append("1 row in set (0.00 sec)")
    return "\n".join(out)


def md_table(head, rows):
    w = widths([head] + rows)
    f = lambda r: "| " + " | ".join(padc(c, w[i]) for i, c in enumerate(r)) + " |"
    return "\n".join([f(head), "|" + "|".join("-" * (x + 2) for x in w) + "|"] + [f(r) for r in rows])


def t_markdown():
    k = pick(["testaccounts", "allowlist", "vendors", "incident", "oncall"])
    loc = pick(["us", "gb", "nl", "de", "pl", "in", "br", "dk"])
    if k == "testaccounts":
        head = [C("Role"), C("Login"), C("Phone (2FA)"), C("Notes")]
        rows = [[C(pick(["admin", "support", "finance", "readonly"])), C(Person(loc).mail(corp=True), EMAIL), C(phone(loc), PHONE), C(pick(["reset weekly", "SSO only", "v%s+" % semver(), "-"]))] for _ in range(R.randint(2, 4))]
        return "## Staging test accounts\n\n> Do not use production data here. Passwords are in the vault (`kv/staging/accounts`).\n\n" + md_table(head, rows)
    if k == "allowlist":
        head = [C("Site"), C("Egress IP"), C("Owner"), C("Ticket")]
        rows = [[C(pick(["Office Zwolle", "DC Frankfurt", "VPN pool", "Office Leeds", "CI runners"])), C(ip_any(), IP), C(Person(loc).mail(corp=True), EMAIL), C(ticket_id())] for _ in range(R.randint(2, 4))]
        return "### Firewall allowlist (prod bastion)\n\nChanges need a ticket and approval from #netsec.\n\n" + md_table(head, rows)
    if k == "vendors":
        head = [C("Vendor"), C("IBAN"), C("BIC"), C("Contact")]
        rows = []
        for _ in range(R.randint(2, 4)):
            cc = pick(["NL", "DE", "GB", "DK", "FR", "PL", "RO"])
            rows.append([C(pick(["Kramer Logistik GmbH", "Bakkerij Mulder", "Nordlys IT ApS", "TransBud Sp. z o.o.", "Transilvania Impex SRL", "Pennine Utilities Ltd"])),
                         C(iban(cc), IBAN) if chance(0.85) else C(bad_iban(cc) + " (wrong, see thread)"), C(alnum(4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + cc + "2X"), C(role_mail(pick(["nl", "de", "dk", "pl"]), "finance"), EMAIL)])
        return "# Vendor master (finance wiki)\n\nLast reviewed %s by AP team.\n\n" % ts().strftime("%Y-%m-%d") + md_table(head, rows)
    if k == "incident":
        head = [C("Customer"), C("Email"), C("Card"), C("Amount"), C("Order")]
        rows = [[C(Person(loc).latin), C(Person(loc).mail(), EMAIL), C(masked_card()), C(money(loc)), C(order_id())] for _ in range(R.randint(2, 4))]
        return "## Affected customers (double charge, %s)\n\nRefunds issued via the PSP dashboard; card numbers are masked as shown by the PSP.\n\n" % ts().strftime("%d %b") + md_table(head, rows)
    head = [C("Week"), C("Primary"), C("Phone"), C("Secondary")]
    rows = [[C("W%02d" % R.randint(1, 52)), C(Person(loc).latin), C(phone(loc), PHONE), C(Person(loc).mail(corp=True), EMAIL)] for _ in range(R.randint(2, 4))]
    return "## On-call rota\n\n" + md_table(head, rows) + "\n\nEscalation after 15 minutes without ack."


def t_pandas():
    loc = pick(["us", "gb", "in", "br", "de", "nl", "kr", "vn"])
    head = [C(""), C("customer_id"), C("email"), C("phone"), C("country"), C("ltv")]
    rows = []
    for i in range(R.randint(3, 5)):
        p = Person(loc)
        rows.append([C(str(i)), C(str(R.randint(100000, 999999))), C(p.mail(), EMAIL) if chance(0.9) else C("NaN"), C(p.phone(), PHONE) if chance(0.85) else C("None"),
                     C(loc.upper() if loc != "gb" else "GB"), C("%.2f" % (R.randint(100, 99999) / 100))])
    w = widths([head] + rows)
    lines = ["  ".join(padc(c, w[i], right=True) for i, c in enumerate(head))]
    lines += ["  ".join(padc(c, w[i], right=(i != 0)) if i else padc(c, w[0]) for i, c in enumerate(r)) for r in rows]
    return ">>> df = pd.read_parquet(\"exports/customers_%s.parquet\")\n>>> df.head()\n%s\n>>> df.shape\n(%d, 6)" % (ts().strftime("%Y%m%d"), "\n".join(lines), R.randint(1000, 90000))


def t_tabulate():
    loc = pick(["nl", "de", "pl", "dk", "ro", "fr", "th", "vn", "kr"])
    head = [C("#"), C("Naam" if loc == "nl" else "Name"), C("E-mail"), C("Telefon" if loc in ("de", "dk", "ro") else "Phone")]
    rows = []
    for i in range(R.randint(2, 4)):
        p = Person(loc)
        rows.append([C(str(i + 1)), C(p.name), C(p.mail(), EMAIL), C(p.phone(), PHONE)])
    w = widths([head] + rows)
    top = "╒" + "╤".join("═" * (x + 2) for x in w) + "╕"
    mid = "╞" + "╪".join("═" * (x + 2) for x in w) + "╡"
    sep = "├" + "┼".join("─" * (x + 2) for x in w) + "┤"
    bot = "╘" + "╧".join("═" * (x + 2) for x in w) + "╛"
    f = lambda r: "│ " + " │ ".join(padc(c, w[i]) for i, c in enumerate(r)) + " │"
    body = ("\n" + sep + "\n").join(f(r) for r in rows)
    return "\n".join([top, f(head), mid, body, bot])


PAYSLIP = {
    "nl": ("LOONSTROOK %s", "Werknemer", "Periode", "Bruto loon", "Loonheffing", "Netto loon", "Uitbetaald op rekening", "BSN"),
    "de": ("Abrechnung der Brutto/Netto-Bezüge %s", "Mitarbeiter", "Abrechnungsmonat", "Gesamtbrutto", "Lohnsteuer", "Auszahlungsbetrag", "Überweisung an IBAN", "Steuer-ID"),
    "pl": ("PASEK WYNAGRODZEŃ %s", "Pracownik", "Okres", "Wynagrodzenie brutto", "Zaliczka na PIT", "Do wypłaty", "Przelew na rachunek", "PESEL"),
    "ro": ("FLUTURAȘ DE SALARIU %s", "Angajat", "Luna", "Salariu brut", "Impozit", "Rest de plată", "Virat în contul", "CNP"),
    "dk": ("LØNSEDDEL %s", "Medarbejder", "Periode", "Bruttoløn", "A-skat", "Udbetalt", "Overført til konto", "CPR-nr."),
}


def t_payslip():
    loc = pick(["us", "us", "nl", "de", "pl", "ro", "dk"])
    p = Person(loc)
    t = ts()
    comp = pick(COMPANY[loc]).split(".")[0].replace("-", " ").upper()
    if loc == "us":
        gross = R.randint(150000, 900000) / 100
        ss = gross * 0.062
        med = gross * 0.0145
        fed = gross * R.uniform(0.08, 0.18)
        net = gross - ss - med - fed
        full = chance(0.55)
        return ("%s\n%s\n\n%s\n\nEmployee: %-32s Pay Period: %s - %s\nSSN: %-37s Pay Date:   %s\nEmployee ID: %-29s Check No.:  %s\n\n"
                "Earnings            Rate     Hours       Current          YTD\nRegular          %7.2f     80.00  %12s  %11s\n\n"
                "Deductions                              Current          YTD\nFederal Income Tax                  %12s  %11s\nSocial Security                     %12s  %11s\n"
                "Medicare                            %12s  %11s\n\nNet Pay                             %12s\nDirect Deposit   Checking %s   Routing %s\n"
                "Questions? Payroll: %s  %s"
                % (" " * 20 + comp + " LLC", " " * 20 + "%d %s, %s %s" % (R.randint(10, 9999), pick(["Main St", "Commerce Dr", "Market St"]), pick(CITY["us"]), d(5)),
                   " " * 25 + "EARNINGS STATEMENT", p.latin, (t - dt.timedelta(days=14)).strftime("%m/%d/%Y"), t.strftime("%m/%d/%Y"),
                   (SS(ssn()) + " " * 26) if full else "XXX-XX-%s" % d(4) + " " * 26, (t + dt.timedelta(days=5)).strftime("%m/%d/%Y"), d(5), d(6),
                   gross / 80, "{:,.2f}".format(gross), "{:,.2f}".format(gross * 6), "{:,.2f}".format(fed), "{:,.2f}".format(fed * 6), "{:,.2f}".format(ss), "{:,.2f}".format(ss * 6),
                   "{:,.2f}".format(med), "{:,.2f}".format(med * 6), "{:,.2f}".format(net), "****" + d(4), "0" + d(8)[:0] + "XXXXX" + d(4),
                   E(role_mail("us", "payroll")), PH(ph_us())))
    title, emp, per, bruto, tax, netto, acct, idl = PAYSLIP[loc]
    g = R.randint(250000, 900000) / 100
    tx = g * R.uniform(0.12, 0.35)
    fmt = lambda v: "{:,.2f}".format(v).replace(",", "X").replace(".", ",").replace("X", ".")
    cc = LOC_IBAN[loc]
    return ("%s%s\n%s\n\n%-22s %s\n%-22s %s\n%-22s %s\n\n%-40s %14s\n%-40s %14s\n%-40s %14s\n\n%-22s %s\n%s"
            % (" " * 18, title % t.strftime("%m/%Y"), " " * 18 + comp, emp + ":", p.name, per + ":", t.strftime("%m-%Y"), idl + ":", natid(loc),
               bruto, fmt(g), tax, "-" + fmt(tx), netto, fmt(g - tx), acct + ":", IB(iban(cc, sp=chance(0.6))),
               "%s: %s" % ({"nl": "Vragen", "de": "Fragen", "pl": "Pytania", "ro": "Întrebări", "dk": "Spørgsmål"}[loc], E(role_mail(loc, "hr"))) if chance(0.6) else ""))


def t_remittance():
    loc = pick(["nl", "de", "gb", "dk", "fr", "pl", "ro", "ae"])
    t = ts()
    cc = LOC_IBAN[loc]
    lines = []
    tot = 0
    for _ in range(R.randint(2, 5)):
        a = R.randint(5000, 900000) / 100
        tot += a
        lines.append("%-18s %-12s %12s %12s" % (invoice_id(), (t - dt.timedelta(days=R.randint(10, 60))).strftime("%d.%m.%Y"), "{:,.2f}".format(a), "{:,.2f}".format(a)))
    payer = pick(COMPANY[loc]).split(".")[0].replace("-", " ").title()
    return ("REMITTANCE ADVICE                                        Page 1 of 1\n\nPayer: %s\nPayment date: %s          Payment ref: PAY-%s\n"
            "Paid to account: %s\n\nInvoice            Inv. date        Gross         Paid\n%s\n%s\nTotal paid%s%s\n\n"
            "Queries regarding this payment: %s / %s"
            % (payer, t.strftime("%d.%m.%Y"), d(8), IB(iban(cc, sp=True)), "-" * 58, "\n".join(lines), " " * 35, "{:,.2f}".format(tot),
               E(role_mail(loc, pick(["ap", "accounts.payable", "finance"]))), PH(phone(loc))))


def t_payout_file():
    loc = pick(["nl", "de", "gb", "dk", "pl", "ro", "fr", "br", "ae"])
    t = ts()
    rows = []
    tot = 0
    for i in range(R.randint(2, 5)):
        p = Person(loc)
        a = R.randint(1000, 500000) / 100
        tot += a
        cc = LOC_IBAN[loc]
        ib = C(iban(cc, sp=False), IBAN) if chance(0.9) else C(bad_iban(cc, sp=False))
        rows.append("DTL|%06d|%s|%s|%s|EUR|%.2f|%s|%s" % (i + 1, p.latin, cn(ib)[1], pick(BIC[cc]),
                                                     a, invoice_id(), E(p.mail()) if chance(0.6) else ""))
    return "HDR|PAYOUTS|%s|%s|v2.%d\n%s\nTRL|%06d|%.2f" % (t.strftime("%Y%m%d"), pick(["ACMEMARKET", "GIGPAY", "HOSTLY"]), R.randint(0, 9), "\n".join(rows), len(rows), tot)


def t_html_table():
    loc = pick(["nl", "de", "fr", "pl", "br", "us", "gb", "ro"])
    head = {"nl": ["Naam", "E-mail", "Telefoon"], "de": ["Name", "E-Mail", "Telefon"], "fr": ["Nom", "Courriel", "Téléphone"], "pl": ["Imię i nazwisko", "E-mail", "Telefon"],
            "br": ["Nome", "E-mail", "Telefone"], "us": ["Name", "Email", "Phone"], "gb": ["Name", "Email", "Phone"], "ro": ["Nume", "E-mail", "Telefon"]}[loc]
    rows = []
    for _ in range(R.randint(2, 4)):
        p = Person(loc)
        m = p.mail()
        rows.append('    <tr><td>%s</td><td><a href="mailto:%s">%s</a></td><td>%s</td></tr>' % (p.name, E(m), E(m), PH(p.phone()) if chance(0.85) else "&ndash;"))
    return ('<table class="report" border="1" cellpadding="4">\n  <thead>\n    <tr>%s</tr>\n  </thead>\n  <tbody>\n%s\n  </tbody>\n</table>\n'
            '<p style="font-size:11px;color:#888">Gegenereerd %s &middot; rapport %s</p>' % ("".join("<th>%s</th>" % h for h in head), "\n".join(rows), ts().strftime("%d-%m-%Y %H:%M"), ticket_id()))


def t_latex():
    loc = pick(["de", "fr", "nl", "pl", "gb", "dk"])
    rows = []
    for _ in range(R.randint(2, 4)):
        p = Person(loc)
        m = p.mail()
        while "_" in m or "+" in m:
            m = p.mail()
        rows.append("%s & \\texttt{%s} & %s \\\\" % (p.name, E(m), PH(p.phone())))
    return ("\\begin{table}[h]\n\\centering\n\\caption{%s}\n\\begin{tabular}{lll}\n\\toprule\n\\textbf{Name} & \\textbf{E-Mail} & \\textbf{Telefon} \\\\\n\\midrule\n%s\n\\bottomrule\n\\end{tabular}\n\\end{table}"
            % (pick(["Ansprechpartner", "Contacts du projet", "Contactpersonen", "Project contacts"]), "\n".join(rows)))


FORMS = {
    "nl": ("Tijdstempel", "E-mailadres", "Naam", "Telefoonnummer", "Welke sessies?", "Opmerkingen", ["Graag vegetarisch.", "Ik neem een collega mee", "Kom iets later"]),
    "pl": ("Sygnatura czasowa", "Adres e-mail", "Imię i nazwisko", "Numer telefonu", "Które sesje?", "Uwagi", ["Dieta wegetariańska.", "Przyjdę z osobą towarzyszącą", "Spóźnię się"]),
    "br": ("Carimbo de data/hora", "Endereço de e-mail", "Nome completo", "Telefone", "Quais sessões?", "Observações", ["Sou vegetariana.", "Vou levar um colega", "Chego atrasado"]),
    "us": ("Timestamp", "Email Address", "Full name", "Phone number", "Which sessions?", "Anything else?", ["Vegetarian please.", "Bringing a coworker", "Running late"]),
    "ro": ("Marcaj de timp", "Adresă de e-mail", "Nume complet", "Telefon", "Ce sesiuni?", "Observații", ["Vegetarian, vă rog.", "Vin cu un coleg", "Întârzii puțin"]),
    "dk": ("Tidsstempel", "Mailadresse", "Fulde navn", "Telefonnummer", "Hvilke sessioner?", "Bemærkninger", ["Vegetar, tak.", "Jeg tager en kollega med", "Kommer lidt senere"]),
}


def t_gforms():
    loc = pick(list(FORMS))
    tsh, emh, nmh, phh, sesh, remh, notes = FORMS[loc]
    out = ['"%s","%s","%s","%s","%s","%s"' % (tsh, emh, nmh, phh, sesh, remh)]
    for _ in range(R.randint(2, 4)):
        p = Person(loc)
        note = pick(notes)
        if chance(0.35):
            q = Person(loc)
            note += pick([" (%s, %s)", "\n%s: %s"]) % (q.first, PH(q.phone()))
        elif chance(0.3):
            note = ""
        out.append('"%s","%s","%s","%s","%s","%s"' % (ts().strftime("%Y/%m/%d %I:%M:%S %p GMT+1"), E(p.mail()), p.name, PH(p.phone()) if chance(0.85) else "",
                                                     pick(["Workshop A", "Workshop A;Diner", "Keynote;Workshop B", "Keynote"]), note))
    return "\n".join(out)


def t_last():
    t = ts()
    lines = []
    for _ in range(R.randint(2, 6)):
        t = t - dt.timedelta(minutes=R.randint(10, 900))
        ip = ipv4_pub() if chance(0.6) else (ipv4_priv() if chance(0.7) else ipv6("comp"))
        end = pick(["still logged in", "- %s  (%02d:%02d)" % ((t + dt.timedelta(minutes=R.randint(1, 200))).strftime("%H:%M"), R.randint(0, 3), R.randint(0, 59)), "- down   (00:%02d)" % R.randint(1, 59)])
        lines.append("%-8s %-12s %s %s   %s" % (pick(["deploy", "root", "sanne", "jorg", "mette", "ubuntu"]), pick(["pts/0", "pts/1", "pts/2"]), IPA(ip) + " " * max(0, 16 - len(ip)),
                                             t.strftime("%a %b %d %H:%M"), end))
    return "$ last -i -n %d\n%s\n\nwtmp begins %s" % (len(lines), "\n".join(lines), (t - dt.timedelta(days=R.randint(3, 30))).strftime("%a %b %d %H:%M:%S %Y"))


def t_table_quiet():
    k = pick(["inventory", "release", "shipments", "invoices"])
    loc = pick(LOCS)
    if k == "inventory":
        head = [C("SKU"), C("EAN"), C("GTIN-14"), C("Qty"), C("Bin")]
        rows = [[C("SKU-%s" % d(5)), C(ean13()), C(gtin14()), C(str(R.randint(0, 900))), C("%s-%02d-%d" % (pick("ABCD"), R.randint(1, 40), R.randint(1, 6)))] for _ in range(R.randint(3, 5))]
        return "Stock count %s\n\n" % ts().strftime("%Y-%m-%d") + md_table(head, rows)
    if k == "release":
        head = [C("Component"), C("Version"), C("Build"), C("Commit"), C("Date")]
        rows = [[C(pick(["api", "web", "worker", "mobile-ios", "mobile-android"])), C(semver()), C(build_quad()), C(hx(7)), C(ts().strftime("%Y-%m-%d"))] for _ in range(R.randint(3, 5))]
        return md_table(head, rows)
    if k == "shipments":
        head = [C("Order"), C("Tracking"), C("Carrier"), C("Postcode"), C("Weight")]
        rows = [[C(order_id()), C(tracking()), C(pick(["UPS", "DHL", "PostNL", "InPost", "Correios", "GLS"])), C(postcode(loc)), C("%.1f kg" % R.uniform(0.2, 30))] for _ in range(R.randint(3, 5))]
        w = widths([head] + rows)
        return "\n".join("  ".join(padc(c, w[i]) for i, c in enumerate(r)) for r in [head] + rows)
    head = [C("Invoice"), C("Issued"), C("Due"), C("Amount"), C("Card")]
    rows = [[C(invoice_id()), C(ts().strftime("%d/%m/%Y")), C(ts().strftime("%d/%m/%Y")), C(money(loc)), C(masked_card())] for _ in range(R.randint(2, 4))]
    w = widths([head] + rows)
    return "\n".join(" | ".join(padc(c, w[i]) for i, c in enumerate(r)) for r in [head] + rows)


TABLES = [t_sql_mssql, t_sql_pg_insert, t_sql_sqlite, t_sql_oracle, t_psql_aligned, t_psql_expanded, t_mysql_box, t_markdown,
          t_pandas, t_tabulate, t_payslip, t_remittance, t_payout_file, t_html_table, t_latex, t_gforms, t_last, t_table_quiet]


# ============================================================================ e-mails and messages
def dmy(t, sep="."):
    return t.strftime("%d{0}%m{0}%Y".format(sep))


OOO = {
    "nl": ("Automatisch antwoord: %s", "Beste afzender,\n\nBedankt voor je bericht. Ik ben van {d1} tot en met {d2} afwezig en lees mijn e-mail niet. {alt}\n\nMet vriendelijke groet,\n{n}\n{sig}",
           "Voor dringende zaken kun je contact opnemen met mijn collega {cn} via {ce} of {cp}.", "Je bericht wordt niet doorgestuurd; na mijn terugkomst reageer ik zo snel mogelijk.", "T {p}"),
    "dk": ("Automatisk svar: %s", "Hej,\n\nTak for din mail. Jeg holder ferie fra {d1} til og med {d2} og læser ikke mails. {alt}\n\nVenlig hilsen\n{n}\n{sig}",
           "Ved hastende henvendelser kan du kontakte {cn} på {ce} eller ringe på {cp}.", "Jeg svarer, når jeg er tilbage.", "Tlf. {p}"),
    "ro": ("Răspuns automat: %s", "Bună ziua,\n\nVă mulțumesc pentru mesaj. Sunt în concediu în perioada {d1} – {d2}. {alt}\n\nCu stimă,\n{n}\n{sig}",
           "Pentru situații urgente, vă rog să o contactați pe colega mea, {cn}, la {ce} sau la telefon {cp}.", "Voi răspunde după revenirea în birou.", "Tel: {p}"),
    "pl": ("Automatyczna odpowiedź: %s", "Dzień dobry,\n\ndziękuję za wiadomość. Od {d1} do {d2} przebywam na urlopie. {alt}\n\nPozdrawiam serdecznie\n{n}\n{sig}",
           "W pilnych sprawach proszę o kontakt z {cn}: {ce}, tel. {cp}.", "Odpowiem po powrocie.", "tel. kom. {p}"),
    "de": ("Abwesenheitsnotiz: %s", "Guten Tag,\n\nvielen Dank für Ihre Nachricht. Ich bin vom {d1} bis einschließlich {d2} nicht im Büro. {alt}\n\nMit freundlichen Grüßen\n{n}\n{sig}",
           "In dringenden Fällen wenden Sie sich bitte an {cn} ({ce}, Tel. {cp}).", "Ihre E-Mail wird nicht weitergeleitet.", "Tel.: {p}"),
    "fr": ("Réponse automatique : %s", "Bonjour,\n\nJe suis absent(e) du {d1} au {d2} inclus. {alt}\n\nCordialement,\n{n}\n{sig}",
           "Pour toute demande urgente, merci de contacter {cn} à l'adresse {ce} ou au {cp}.", "Votre message ne sera pas transféré.", "Tél. : {p}"),
    "us": ("Automatic reply: %s", "Hi,\n\nThanks for your email. I'm out of the office from {d1} until {d2} with limited access to email. {alt}\n\nBest,\n{n}\n{sig}",
           "If it's urgent, please reach out to {cn} at {ce} or call {cp}.", "I'll get back to you when I return.", "{p}"),
    "br": ("Resposta automática: %s", "Olá,\n\nObrigada pela mensagem. Estarei de férias entre {d1} e {d2}, sem acesso ao e-mail. {alt}\n\nAtenciosamente,\n{n}\n{sig}",
           "Em caso de urgência, fale com {cn} pelo e-mail {ce} ou pelo WhatsApp {cp}.", "Responderei assim que voltar.", "Cel.: {p}"),
}


def t_ooo():
    loc = pick(list(OOO))
    subj, body, alt, noalt, sig = OOO[loc]
    p, c = Person(loc), Person(loc)
    t = ts()
    t2 = t + dt.timedelta(days=R.randint(3, 21))
    sep = pick([".", "/", "-"]) if loc != "pl" else "."
    fmt = (lambda x: x.strftime("%B %d")) if loc == "us" else (lambda x: dmy(x, sep))
    dom = pick(COMPANY[loc])
    if chance(0.75):
        a = alt.format(cn=c.name, ce=E(c.mail(corp=True, domain=dom)), cp=PH(c.phone()))
    else:
        a = noalt
    sg = sig.format(p=PH(p.phone())) if chance(0.7) else ""
    s = body.format(d1=fmt(t), d2=fmt(t2), alt=a, n=p.name, sig=sg)
    return "From: %s <%s>\nSubject: %s\n\n%s" % (p.latin, E(p.mail(corp=True, domain=dom)), subj % pick([invoice_id(), "RE: %s" % ticket_id(), "Q%d planning" % R.randint(1, 4), order_id()]), s)


DSAR = {
    "us": ("Subject: Request for access to my personal data\n\nTo the Privacy Team,\n\nI am writing to request a copy of all personal information your company holds about me. "
           "To help you find my records: my customer number is {cid}. I signed up with {e1} and later switched to {e2}. The phone number on my account is {p}. "
           "{extra}\n\nPlease respond within the statutory period.\n\nRegards,\n{n}"),
    "de": ("Betreff: Auskunftsersuchen nach Art. 15 DSGVO\n\nSehr geehrte Damen und Herren,\n\nhiermit verlange ich Auskunft über die zu meiner Person gespeicherten Daten. "
           "Meine Kundennummer lautet {cid}. Registriert war ich zunächst mit {e1}, inzwischen nutze ich {e2}. Hinterlegt ist außerdem die Rufnummer {p}. "
           "{extra}\n\nBitte antworten Sie innerhalb der gesetzlichen Frist von einem Monat.\n\nMit freundlichen Grüßen\n{n}"),
    "nl": ("Onderwerp: Inzageverzoek AVG (artikel 15)\n\nGeachte heer/mevrouw,\n\nGraag ontvang ik een overzicht van alle persoonsgegevens die u van mij verwerkt. "
           "Mijn klantnummer is {cid}. Ik heb me aangemeld met {e1}; sinds vorig jaar gebruik ik {e2}. Mijn telefoonnummer bij u is {p}. "
           "{extra}\n\nIk zie uw reactie binnen een maand tegemoet.\n\nMet vriendelijke groet,\n{n}"),
    "fr": ("Objet : Demande de droit d'accès (article 15 du RGPD)\n\nMadame, Monsieur,\n\nJe souhaite obtenir la communication de l'ensemble des données me concernant. "
           "Mon numéro client est {cid}. Mon compte a été créé avec {e1}, puis modifié en {e2}. Le numéro de téléphone associé est le {p}. "
           "{extra}\n\nJe vous remercie de me répondre dans le délai d'un mois.\n\nVeuillez agréer mes salutations distinguées,\n{n}"),
    "pl": ("Temat: Wniosek o dostęp do danych osobowych (art. 15 RODO)\n\nSzanowni Państwo,\n\nproszę o przekazanie kopii moich danych osobowych. "
           "Mój numer klienta to {cid}. Konto założyłem na adres {e1}, obecnie używam {e2}. Numer telefonu w systemie: {p}. "
           "{extra}\n\nZ poważaniem\n{n}"),
    "dk": ("Emne: Anmodning om indsigt (artikel 15 i GDPR)\n\nKære databeskyttelsesrådgiver,\n\nJeg anmoder hermed om indsigt i de personoplysninger, I behandler om mig. "
           "Mit kundenummer er {cid}. Jeg oprettede mig med {e1} og skiftede senere til {e2}. Mit telefonnummer hos jer er {p}. "
           "{extra}\n\nMed venlig hilsen\n{n}"),
}
DSAR_EXTRA = {
    "us": ["I also want the IP addresses you logged for my sign-ins; I usually connect from {ip}.", "Payments were made from the card ending {l4}; do not send me the full number.", "My account was flagged after a login from {ip}, which was not me."],
    "de": ["Bitte nennen Sie auch die protokollierten IP-Adressen; ich nutze meist {ip}.", "Abbuchungen erfolgten vom Konto {iban}.", "Die Lastschriften liefen über {iban}."],
    "nl": ["Graag ook de IP-adressen die u heeft gelogd; zelf gebruik ik doorgaans {ip}.", "Incasso's liepen via rekening {iban}.", "De automatische incasso ging van {iban}."],
    "fr": ["Merci d'inclure les adresses IP enregistrées ; j'utilise habituellement {ip}.", "Les prélèvements étaient effectués sur le compte {iban}."],
    "pl": ["Proszę także o adresy IP z logowań; zwykle łączę się z {ip}.", "Płatności szły z rachunku {iban}."],
    "dk": ["Oplys venligst også de IP-adresser, I har logget; jeg bruger normalt {ip}.", "Betalinger blev trukket fra {iban}."],
}


def t_dsar():
    loc = pick(list(DSAR))
    p = Person(loc)
    ex = pick(DSAR_EXTRA[loc])
    cc = LOC_IBAN.get(loc) or "GB"
    ex = ex.format(ip=IPA(ipv4_pub() if chance(0.7) else ipv6("comp")), l4=card_digits()[-4:], iban=IB(iban(cc)))
    b = DSAR[loc].format(cid=pick([order_id(), "KD-%s" % d(7), d(8)]), e1=E(p.mail()), e2=E(p.mail()), p=PH(p.phone()), extra=ex, n=p.name)
    return "To: %s\n%s" % (E(role_mail(loc, "privacy")), b)


RENT = {
    "nl": ("Beste {t},\n\nPer {d} is ons rekeningnummer gewijzigd. Wil je de huur ({a}) voortaan overmaken naar {ib} t.n.v. {o}? {typo}"
           "Vergeet niet je periodieke overboeking aan te passen.\n\nVragen? Bel me gerust op {p}.\n\nGroet,\n{o}", "In mijn vorige mail stond per ongeluk {bad}; dat nummer klopt niet. "),
    "de": ("Hallo {t},\n\nab dem {d} bitte die Miete ({a}) auf das neue Konto überweisen:\nIBAN: {ib}\nKontoinhaber: {o}\n{typo}"
           "Den Dauerauftrag bitte entsprechend anpassen. Bei Fragen erreichen Sie mich unter {p}.\n\nViele Grüße\n{o}", "Achtung: Die IBAN {bad} aus meiner letzten Nachricht war falsch.\n"),
    "dk": ("Hej {t},\n\nFra den {d} skal huslejen ({a}) indbetales til vores nye konto {ib}. {typo}Husk at rette din faste overførsel.\n\nRing endelig på {p}, hvis der er spørgsmål.\n\nMvh\n{o}",
           "Kontonummeret {bad} i min forrige mail var forkert. "),
    "gb": ("Hi {t},\n\nFrom {d} please pay the rent ({a}) into our new account: {ib} (account name {o}). {typo}"
           "Could you update your standing order?\n\nAny questions, give me a ring on {p}.\n\nThanks,\n{o}", "Ignore the IBAN {bad} in my last email, it had a typo. "),
    "ro": ("Bună ziua, {t},\n\nÎncepând cu {d}, vă rog să virați chiria ({a}) în contul {ib}, titular {o}. {typo}"
           "Pentru întrebări mă găsiți la {p}.\n\nMulțumesc,\n{o}", "Contul {bad} din mesajul anterior era greșit. "),
    "pl": ("Dzień dobry, {t},\n\nod {d} proszę przelewać czynsz ({a}) na nowy rachunek {ib}, odbiorca: {o}. {typo}"
           "W razie pytań proszę dzwonić: {p}.\n\nPozdrawiam\n{o}", "Numer {bad} z poprzedniej wiadomości był błędny. "),
}


def t_rent():
    loc = pick(list(RENT))
    body, typo = RENT[loc]
    t, o = Person(loc), Person(loc)
    cc = LOC_IBAN[loc]
    ty = typo.format(bad=bad_iban(cc)) if chance(0.3) else ""
    s = body.format(t=t.first, d=dmy(ts(), pick([".", "-"])), a=money(loc), ib=IB(iban(cc)), o=o.name, typo=ty, p=PH(o.phone()))
    return "From: %s <%s>\nTo: %s\n\n%s" % (o.latin, E(o.mail()), E(t.mail()), s)


def t_phish_report():
    loc = pick(["nl", "de", "us", "gb", "dk", "pl", "fr"])
    p = Person(loc)
    dom = pick(COMPANY[loc])
    me = p.mail(corp=True, domain=dom)
    t = ts()
    bad_ip = ipv4_pub()
    fake = pick([("ING Bank", "ing.nl"), ("DHL Express", "dhl.com"), ("Microsoft 365", "microsoft.com"), ("PKO BP", "pkobp.pl"), ("MitID", "mitid.dk"), ("Netflix", "netflix.com")])
    spoof = "%s@%s" % (pick(["security", "no-reply", "verify", "support"]), pick(["%s-verificatie.top" % fake[1].split(".")[0], "secure-%s.xyz" % fake[1].split(".")[0], "mail.%s-alert.info" % fake[1].split(".")[0]]))
    intro = pick(["Hi security team, this landed in my inbox this morning and looks like phishing. Headers below:",
                  "Hoi, deze mail lijkt phishing. Hierbij de headers:", "Hallo IT, bitte prüfen – sieht nach Phishing aus. Header anbei:",
                  "Forwarding as requested. I did NOT click the link. Raw headers:"])
    return ("To: %s\nSubject: FW: suspicious email\n\n%s\n\nReturn-Path: <%s>\nReceived: from %s (unknown [%s])\n\tby mx1.%s (Postfix) with ESMTPS id %s\n\tfor <%s>; %s\n"
            "Authentication-Results: mx1.%s; spf=fail smtp.mailfrom=%s; dkim=none; dmarc=fail header.from=%s\nX-Originating-IP: [%s]\n"
            "From: \"%s\" <%s>\nReply-To: %s\nSubject: %s\nDate: %s\n\nThe button points to hxxps://%s[.]top/login?id=%s\n\nThanks,\n%s"
            % (E("security@" + dom), intro, E(spoof), pick(["vps-%s.hosted-by.example" % d(4), "mail.%s.ru" % alnum(6, "abcdefghijklmnopqrstuvwxyz")]), IPA(bad_ip), dom, alnum(12, "ABCDEFGHJKLMNPQRSTVWXYZ0123456789"),
               E(me), t.strftime("%a, %d %b %Y %H:%M:%S +0000"), dom, E(spoof), fake[1], IPA(bad_ip if chance(0.5) else ipv4_pub()), fake[0], E(spoof), E(spoof.replace(spoof.split("@")[0], "help")),
               pick(["Uw rekening is tijdelijk geblokkeerd", "Action required: verify your mailbox", "Ihr Paket konnte nicht zugestellt werden", "Din konto er spærret"]),
               t.strftime("%a, %d %b %Y %H:%M:%S +0100"), fake[1].split(".")[0] + "-secure", hx(12), p.first))


JOBAPP = {
    "in": ("Subject: Application for {role} – {n}\n\nDear Hiring Team,\n\nPlease find attached my resume for the {role} position (ref {ref}). I have {y} years of experience with Java, Spring Boot and AWS. "
           "I am currently serving a notice period of 30 days.\n\nYou can reach me on {p} or {e}.\n\nThanks & Regards,\n{n}"),
    "pl": ("Temat: Aplikacja na stanowisko {role} (nr ref. {ref})\n\nSzanowni Państwo,\n\nw załączeniu przesyłam CV oraz list motywacyjny. Mam {y} lat doświadczenia w branży. "
           "Najłatwiej skontaktować się ze mną telefonicznie pod numerem {p} lub mailowo: {e}.\n\nZ wyrazami szacunku\n{n}\n\nWyrażam zgodę na przetwarzanie moich danych osobowych dla potrzeb rekrutacji."),
    "ro": ("Subiect: Candidatură {role} – ref. {ref}\n\nBună ziua,\n\nVă trimit atașat CV-ul meu pentru postul de {role}. Am {y} ani de experiență. "
           "Sunt disponibil pentru un interviu oricând săptămâna viitoare; mă puteți contacta la {p} sau la {e}.\n\nCu stimă,\n{n}"),
    "br": ("Assunto: Candidatura – {role} (vaga {ref})\n\nPrezados,\n\nSegue em anexo meu currículo para a vaga de {role}. Tenho {y} anos de experiência na área. "
           "Fico à disposição pelo telefone {p} ou pelo e-mail {e}.\n\nAtenciosamente,\n{n}"),
    "ae": ("Subject: Application – {role} (Job ID {ref})\n\nDear Sir/Madam,\n\nI would like to apply for the {role} role advertised on your careers page. I hold a valid UAE residence visa and have {y} years of GCC experience. "
           "Mobile: {p}\nEmail: {e}\n\nKind regards,\n{n}"),
    "us": ("Subject: {role} application – {n}\n\nHi there,\n\nI'm excited to apply for the {role} opening ({ref}). I have {y} years of experience and I'm authorized to work in the US. "
           "Best way to reach me is {p}; email works too ({e}).\n\nThank you,\n{n}"),
}


def t_jobapp():
    loc = pick(list(JOBAPP))
    p = Person(loc)
    role = pick(["Backend Developer", "Data Analyst", "QA Engineer", "Account Manager", "Logistics Coordinator"])
    s = JOBAPP[loc].format(role=role, n=p.latin if loc in NONLATIN else p.name, ref=pick(["JR-%s" % d(5), "REQ%s" % d(6), "%s/%d" % (d(3), R.randint(2023, 2025))]),
                           y=R.randint(2, 15), p=PH(p.phone()), e=E(p.mail()))
    if loc == "us" and chance(0.35):
        s += "\n\nP.S. For the background check form you sent: my SSN is %s and my date of birth is %s." % (SS(ssn()), ts(1970, 1999).strftime("%m/%d/%Y"))
    return s


WA = {
    "nl": ["Hoi! Wie neemt er morgen de sleutel mee?", "Ik heb de tikkie gestuurd, anders gewoon overmaken naar {iban}", "Mijn nieuwe nummer is {phone}, sla je die op?",
           "Stuur de foto's maar naar {email}", "<Media weggelaten>", "Top, dank je!", "Zijn we om 19:30 bij de ingang?",
           "Boek de tickets maar met mijn creditcard: {card}, geldig tot {exp}"],
    "br": ["Gente, o Pix é meu celular: {phone}", "Manda o comprovante no {email} por favor", "Alguém tem o telefone do síndico? Acho que é {phone2}", "<Mídia oculta>",
           "Valeu!!", "Chego 20h", "Kkkkkk", "Usa meu cartão pra comprar os ingressos: {card} validade {exp}"],
    "hi": ["भाई कल मीटिंग कितने बजे है?", "मेरा नया नंबर {phone} है, सेव कर लो", "डॉक्स {email} पर भेज दो", "<Media omitted>", "ठीक है 👍", "UPI पे भेज दिया"],
    "ro": ["Salut! Cine aduce grătarul?", "Banii pe cazare în contul {iban}, vă rog", "Numărul proprietarului: {phone2}", "<Media omisă>", "Mulțumesc!", "Ajung pe la 8"],
    "pl": ["Cześć! Kto bierze klucze?", "Przelew za domek na {iban}, tytuł: majówka", "Mój nowy numer: {phone}", "<Pominięto multimedia>", "Dzięki!", "Będę o 18"],
    "th": ["พรุ่งนี้เจอกันกี่โมงครับ", "เบอร์ใหม่ผม {phone} นะครับ", "ส่งไฟล์มาที่ {email} ได้เลย", "<ละเว้นสื่อ>", "ขอบคุณครับ 🙏", "โอเคค่ะ"],
}
WA_LOC = {"nl": "nl", "br": "br", "hi": "in", "ro": "ro", "pl": "pl", "th": "th"}


def t_whatsapp():
    lang = pick(list(WA))
    loc = WA_LOC[lang]
    ppl = [Person(loc) for _ in range(R.randint(2, 3))]
    t = ts()
    ios = chance(0.5)
    out = []
    msgs = R.sample(WA[lang], R.randint(3, min(6, len(WA[lang]))))
    cc = LOC_IBAN.get(loc)
    for m in msgs:
        t = plus(t, 20, 3000)
        who = pick(ppl)
        m = m.format(iban=IB(iban(cc)) if cc else "", phone=PH(who.phone("mob") if loc != "us" else ph_us()), phone2=PH(phone(loc)), email=E(who.mail()),
                     card=CC(card()), exp="%02d/%02d" % (R.randint(1, 12), R.randint(25, 30)))
        nm = who.first if loc not in ("in", "th") else who.first
        if ios:
            out.append("[%s, %s] %s: %s" % (t.strftime("%d/%m/%Y"), t.strftime("%H:%M:%S"), nm, m))
        else:
            out.append("%s, %s - %s: %s" % (t.strftime("%d/%m/%y"), t.strftime("%H:%M"), nm, m))
    return "\n".join(out)


SMS_BODIES = {
    "dk": ["Dit kort ****{l4} er brugt til {a} hos NETTO.", "Ring venligst tilbage på {ph}", "Din pakke {tr} kan afhentes i pakkeshoppen."],
    "nl": ["Uw pakket {tr} wordt vandaag tussen 14:00 en 16:00 bezorgd.", "Bel me even terug op {ph}", "Betaling van {a} ontvangen, kenmerk {inv}."],
    "de": ["Ihre Sendung {tr} wird heute zugestellt.", "Bitte ruf mich zurück: {ph}", "Ihr Bestätigungscode lautet {otp}."],
    "ro": ["Plata de {a} a fost efectuată. Ref {inv}", "Sună-mă înapoi la {ph}, te rog", "Coletul {tr} a fost livrat."],
    "pl": ["Kod weryfikacyjny: {otp}. Nie podawaj go nikomu.", "Oddzwoń proszę: {ph}", "Paczka {tr} czeka w paczkomacie."],
    "gb": ["Your OTP is {otp}. Valid for 10 min.", "Missed call from {ph}, ring back when you can", "Card ending {l4} used for {a} at TESCO."],
    "in": ["{a} debited from A/c XX{l4}. Not you? Contact your branch.", "Your OTP is {otp}. Do not share.", "Please call back on {ph}"],
    "br": ["Seu código de verificação é {otp}", "Me liga no {ph} quando puder", "Compra aprovada {a} cartão final {l4}."],
}


def t_sms_xml():
    loc = pick(["dk", "nl", "de", "ro", "pl", "gb", "in", "br"])
    t = ts()
    items = []
    for _ in range(R.randint(1, 3)):
        t = plus(t, 60, 90000)
        sender_num = e164(loc) if chance(0.7) else pick(["DanskeBank", "ING", "PostNL", "BT", "mBank", "HDFCBK"])
        body = pick(SMS_BODIES[loc] + ["{otp}"])
        body = body.format(l4=d(4), a=money(loc), tr=tracking(), otp=d(6), ph=PH(phone(loc)), inv=invoice_id())
        addr = PH(sender_num) if sender_num.startswith("+") else sender_num
        items.append('  <sms protocol="0" address="%s" date="%s" type="1" subject="null" body="%s" toa="null" sc_toa="null" service_center="%s" read="1" status="-1" locked="0" date_sent="%s" sub_id="1" readable_date="%s" contact_name="%s" />'
                     % (addr, ms_epoch(t), body, PH(e164(loc)) if chance(0.6) else "null", ms_epoch(t), t.strftime("%d %b %Y %H:%M:%S"), pick(["(Unknown)", Person(loc).first])))
    return "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v10.%d.%03d-->\n<smses count=\"%d\" backup_set=\"%s\" backup_date=\"%s\" type=\"full\">\n%s\n</smses>" % (
        R.randint(10, 20), R.randint(0, 999), len(items), uuid4(), ms_epoch(ts()), "\n".join(items))


def t_teams():
    loc = pick(["nl", "de", "gb", "us", "dk", "pl", "in"])
    a, b = Person(loc), Person(loc)
    cust = Person(pick([loc, "us", "gb"]))
    t = ts().replace(hour=R.randint(8, 17))
    fmt = lambda t: t.strftime("%I:%M %p").lstrip("0")
    lines = []
    convo = [(a, pick(["Can you call the customer back? %s asked for a callback on %s" % (cust.first, PH(cust.phone())),
                       "Customer says the invoice went to the wrong address, correct one is %s" % E(cust.mail())])),
             (b, pick(["Will do after standup", "On it", "Which ticket? %s?" % ticket_id()])),
             (a, pick(["Yes. Also their new card ends in %s, nothing else needed" % d(4), "thx", "Logged from %s btw, same as last time" % IPA(ipv4_pub())]))]
    if loc in ("us", "in") and chance(0.4):
        emp = Person("us")
        convo = [(a, "HR question: for %s's I-9, payroll has SSN %s but the form says %s. Which one is right?" % (emp.first, SS(ssn()), bad_ssn())),
                 (b, "The second one can't be right, that's not a valid SSN. Use the payroll one."), (a, "Thanks, updating %s" % ticket_id())]
    elif chance(0.35):
        convo = [(a, "Customer read out their card on the phone because the portal keeps failing: %s exp %02d/%02d. Can you run it manually?" % (CC(card()), R.randint(1, 12), R.randint(25, 30))),
                 (b, "Please don't paste full card numbers in Teams 🙏 deleting after I've processed it"), (a, "sorry! order is %s" % order_id())]
    for who, msg in convo:
        t = plus(t, 30, 400)
        lines.append("[%s] %s, %s\n%s" % (fmt(t), who.last_lat, who.first_lat, msg))
    return "\n".join(lines)


def t_digest():
    lst = pick(["users", "netops", "postgres-nl", "linux-users"])
    host = pick(["lists.example.org", "lists.opennet.nl", "mail.debianforum.de"])
    t = ts()
    posts, topics = [], []
    for i in range(1, R.randint(2, 3) + 1):
        loc = pick(["nl", "de", "us", "gb", "pl", "dk"])
        p = Person(loc)
        subj, body = pick([("Re: DHCP relay drops on VLAN 20", "We see the relay at %s forwarding, but leases never arrive. Tried ip helper-address to %s as well." % (IPA(ipv4_priv()), IPA(ipv4_priv()))),
                           ("pg_upgrade from 14 to 16 hangs", "Same here on %s. Ran it with --jobs=4, stuck at 'Copying user relation files'." % semver()),
                           ("Re: IPv6 prefix delegation", "Our ISP hands out %s/56, the router only assigns the first /64." % IPA(ipv6("doc").split("::")[0] + "::")),
                           ("Meetup next month", "Venue confirmed. Questions to me directly (%s) or %s." % (E(p.mail()), PH(p.phone())))])
        topics.append("   %d. %s (%s)" % (i, subj, p.latin))
        posts.append("Message: %d\nDate: %s\nFrom: %s <%s>\nTo: %s\nSubject: %s\n\n%s\n\n" % (
            i, plus(t, 60, 9000).strftime("%a, %d %b %Y %H:%M:%S +0100"), p.latin, E(p.mail()), E("%s@%s" % (lst, host)), subj, body))
    return ("Send %s mailing list submissions to\n\t%s\n\nTo subscribe or unsubscribe via the World Wide Web, visit\n\thttps://%s/mailman/listinfo/%s\n"
            "or, via email, send a message with subject or body 'help' to\n\t%s\n\nYou can reach the person managing the list at\n\t%s\n\n"
            "Today's Topics:\n\n%s\n\n----------------------------------------------------------------------\n\n%s"
            % (lst, E("%s@%s" % (lst, host)), host, lst, E("%s-request@%s" % (lst, host)), E("%s-owner@%s" % (lst, host)),
               "\n".join(topics), "".join(posts)))


def t_issue_comment():
    loc = pick(["us", "gb", "de", "nl", "in", "br", "pl"])
    p = Person(loc)
    if chance(0.5):
        em = p.mail().split("@")
        tagged = "%s+qa%d@%s" % (em[0].split("+")[0], R.randint(1, 99), em[1])
        return ("**Steps to reproduce**\n1. Sign up with `%s`\n2. Enter phone `%s` on the 2FA screen\n3. Submit\n\n**Expected** SMS arrives\n**Actual** `422 invalid_phone`\n\n"
                "**Logs**\n```\n%s WARN  sms.Verify  rejected number=%s country=%s reason=not_mobile client_ip=%s\n```\n\nRepro on %s (build %s). cc @%s"
                % (E(tagged), PH(p.phone("mob") if loc != "us" else ph_us(ext=False)), isoz(ts()), PH(e164(loc)), loc.upper(), IPA(ip_any()), semver(), build_quad(), pick(["mhartley", "sanne-dv", "backend-team"])))
    return ("[~%s] customer called again, can you take this one? {quote}Callback: %s, prefers email %s{quote}\n"
            "Payment failed with card %s, PSP says do_not_honor. Order %s, amount %s.\n{code}\ntrace_id=%s attempt=%d\n{code}"
            % (pick(["jdevries", "akaminska", "mnielsen"]), PH(p.phone()), E(p.mail()), masked_card(), order_id(), money(loc), hx(32), R.randint(1, 3)))


def t_card_email():
    loc = pick(["us", "gb", "de", "nl", "fr", "in", "ae", "br"])
    p = Person(loc)
    pan = card()
    intro = {"us": "Hi, my card keeps getting declined on checkout, can you just charge it manually? Card: {c}, exp {x}.",
             "gb": "Hello, the website won't take my payment. Could you put it through for me? Card number {c} expiry {x}.",
             "de": "Hallo, die Zahlung im Shop klappt nicht. Können Sie bitte die Karte {c} (gültig bis {x}) manuell belasten?",
             "nl": "Hallo, betalen lukt niet via de site. Kunnen jullie mijn creditcard {c} (geldig tot {x}) handmatig belasten?",
             "fr": "Bonjour, le paiement en ligne échoue. Pouvez-vous débiter ma carte {c}, expiration {x} ?",
             "in": "Hi team, payment failed twice. Please charge card {c} exp {x} and confirm.",
             "ae": "Dear team, kindly process the payment on my card {c}, expiry {x}.",
             "br": "Olá, não consigo pagar pelo site. Podem passar no cartão {c}, validade {x}?"}[loc]
    reply = pick(["For your security we have removed the card details from your email. Please never send full card numbers by email; use the secure payment link instead. We have noted card ending {l4} on your order {o}.",
                  "Thanks {f}. We can't process cards sent by email and have deleted your message from our system. Your order {o} is on hold; reply from {e} once you've paid via the link."])
    body = intro.format(c=CC(pan), x="%02d/%02d" % (R.randint(1, 12), R.randint(25, 30)))
    if chance(0.5):
        body += " " + pick(["My phone is {ph} if you need it.", "Billing email is {e2}."]).format(ph=PH(p.phone()), e2=E(p.mail()))
    return "From: %s <%s>\nSubject: %s\n\n%s\n\n%s\n\n> %s" % (
        role_mail(loc, "support").split("@")[0].title() + " Team", E(role_mail(loc, "support")), "Re: payment problem " + order_id(),
        reply.format(l4=re.sub(r"\D", "", pan)[-4:], o=order_id(), f=p.first, e=E(p.mail())), p.name, body)


def t_msg_quiet():
    loc = pick(LOCS)
    k = pick(["ship", "receipt", "renewal", "ooo"])
    if k == "ship":
        return "Subject: Your order %s has shipped\n\nGood news! Your parcel is on its way with %s.\nTracking number: %s\nEstimated delivery: %s\nDelivery postcode: %s\n\nOrder total: %s" % (
            order_id(), pick(["DHL", "UPS", "PostNL", "InPost"]), tracking(), dmy(ts()), postcode(loc), money(loc))
    if k == "receipt":
        return "Payment receipt\n\nInvoice: %s\nPaid with: %s\nAmount: %s\nAuthorisation code: %s\nTerminal: T%s  Batch %s\nThank you for your purchase." % (
            invoice_id(), masked_card(), money(loc), alnum(6), d(6), d(4))
    if k == "renewal":
        return "Your subscription renews on %s.\nPlan: Pro (annual) — %s\nPayment method: %s\nCustomer ID: %s\nManage your plan in Settings › Billing." % (
            dmy(ts(), "/"), money(loc), masked_card(), pick(["cus_" + alnum(14, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), "C" + d(9)]))
    return "Automatic reply: I'm away until %s and will answer when I'm back. Ticket references (%s) stay valid." % (dmy(ts()), ticket_id())


MESSAGES = [t_ooo, t_dsar, t_rent, t_phish_report, t_jobapp, t_whatsapp, t_sms_xml, t_teams, t_digest, t_issue_comment, t_card_email, t_msg_quiet]


def t_rental_app():
    p = Person("us")
    ll = Person("us")
    co = Person("us") if chance(0.4) else None
    s = ("Hi %s,\n\nThanks for showing us the unit on %s yesterday. We'd like to apply. Filled-in application is attached; for the credit and background check:\n\n"
         "Applicant: %s, SSN %s, cell %s\n" % (ll.first, pick(["Maple Ave", "Oak St", "3rd Street", "Pine Rd"]), p.name, SS(ssn()), PH(ph_us(ext=False))))
    if co:
        s += "Co-applicant: %s, SSN %s\n" % (co.name, SS(ssn()) if chance(0.8) else "(ITIN %s)" % ("9%s-%s-%s" % (d(2), pick(["70", "78", "88", "90"]), d(4))))
    s += ("\nCurrent landlord reference: %s, %s. Employer can confirm income at %s.\n\nThe $%d application fee went through Zelle to %s.\n\nBest,\n%s"
          % (Person("us").name, PH(ph_us()), E(role_mail("us", "hr")), pick([35, 40, 50, 55]), E(ll.mail()), p.first))
    return "From: %s <%s>\nSubject: Rental application – unit %d%s\n\n%s" % (p.name, E(p.mail()), R.randint(1, 40), pick("ABCD"), s)


MESSAGES.append(t_rental_app)


# ============================================================================ prose and chat
MINUTES = {
    "nl": ("Notulen ledenvergadering VvE {street}, {date}\nAanwezig: {names}\n\n1. Opening\nDe voorzitter opent om 20:00 uur de vergadering.\n\n"
           "2. Financiën\nDe penningmeester meldt dat de nieuwe rekening {iban} actief is{old}. Het saldo bedraagt {money}.\n\n"
           "3. Onderhoud\n{n1} neemt contact op met de aannemer ({phone}). Offerte {inv} is akkoord.\n\n"
           "4. Rondvraag\nNieuwe bewoners kunnen zich aanmelden via {email}.\n\nActiepunten:\n- {n2}: dakgoot laten inspecteren\n- {n3}: nieuwsbrief versturen",
           "; de oude rekening {bad} wordt opgeheven"),
    "dk": ("Referat af bestyrelsesmøde i A/B {street}, {date}\nTil stede: {names}\n\nPkt. 1 Økonomi\nKassereren oplyste, at foreningens nye konto er {iban}{old}. Kassebeholdning: {money}.\n\n"
           "Pkt. 2 Vedligehold\n{n1} kontakter VVS-firmaet på {phone} vedr. tilbud {inv}.\n\nPkt. 3 Eventuelt\nHenvendelser til bestyrelsen sendes til {email}.\n\nNæste møde: {n2} indkalder.",
           " (den gamle konto {bad} lukkes)"),
    "ro": ("Proces-verbal al ședinței Asociației de Proprietari {street} din {date}\nParticipanți: {names}\n\n1. Situația financiară\nAdministratorul a prezentat soldul de {money}. Cotizațiile se plătesc în contul {iban}{old}.\n\n"
           "2. Reparații\n{n1} va contacta firma de întreținere la {phone}; oferta {inv} a fost aprobată.\n\n3. Diverse\nSesizările se trimit la {email}.",
           " (contul vechi {bad} nu mai este valabil)"),
    "pl": ("Protokół z zebrania Wspólnoty Mieszkaniowej „{street}” z dnia {date}\nObecni: {names}\n\n1. Sprawy finansowe\nZaliczki należy wpłacać na rachunek {iban}{old}. Stan konta: {money}.\n\n"
           "2. Remont klatki schodowej\n{n1} skontaktuje się z wykonawcą (tel. {phone}) w sprawie oferty {inv}.\n\n3. Wolne wnioski\nUwagi prosimy kierować na adres {email}.",
           "; stary rachunek {bad} zostanie zamknięty"),
    "gb": ("Minutes – {street} Residents' Association committee meeting, {date}\nPresent: {names}\n\n1. Treasurer's report\nBalance stands at {money}. Subs to be paid to {iban}{old}.\n\n"
           "2. Repairs\n{n1} to chase the roofing contractor ({phone}) about quote {inv}.\n\n3. AOB\nNew members can sign up by emailing {email}.",
           " (please stop using the old account, {bad})"),
}
STREETS = {"nl": ["Lindelaan 2-40", "Parkzicht", "De Kade"], "dk": ["Solsiden", "Nørrebrohus", "Kastanjegården"], "ro": ["Bloc C4", "Str. Florilor 17"],
           "pl": ["Lipowa", "Słoneczne Wzgórze"], "gb": ["Albion Court", "Riverside Mews"]}


def t_minutes():
    loc = pick(list(MINUTES))
    body, old = MINUTES[loc]
    ppl, seen = [], set()
    while len(ppl) < 5:
        q = Person(loc)
        if q.name not in seen:
            seen.add(q.name)
            ppl.append(q)
    cc = LOC_IBAN[loc]
    return body.format(street=pick(STREETS[loc]), date=dmy(ts(), pick([".", "-"])), names=", ".join(q.name for q in ppl[:4]), iban=IB(iban(cc)),
                       old=old.format(bad=bad_iban(cc)) if chance(0.3) else "", money=money(loc), n1=ppl[0].first, n2=ppl[1].first, n3=ppl[2].first,
                       phone=PH(phone(loc)), inv=invoice_id(), email=E(role_mail(loc, pick(["bestuur", "board", "kontakt", "office"])) if chance(0.5) else ppl[3].mail()))


FORUM = {
    "br": ["Pessoal, alguém sabe por que meu roteador não abre a página {lan}? Já resetei e nada. O técnico da operadora deixou o número {phone} mas ninguém atende. Meu IP público é {ip}, se ajudar.",
           "Vendo bicicleta aro 29, pouco usada, R$ {n},00. Interessados chamar no WhatsApp {phone} ou e-mail {email}. Retirada em {city}.",
           "Cuidado com golpe! Recebi ligação do {phone} dizendo ser do banco e pedindo o código do cartão final {l4}. Não passem nada!"],
    "ae": ["السلام عليكم، أحتاج مساعدة في تحويل مبلغ إلى مورد في دبي. رقم الآيبان الذي أرسله هو {iban} هل الصيغة صحيحة؟ للتواصل: {phone}",
           "احذروا من الرقم {phone} يتصل ويدعي أنه من البنك ويطلب رمز التحقق.",
           "للبيع سيارة موديل 2019 بحالة ممتازة، السعر {money}. التواصل على {phone} أو البريد {email}"],
    "sa": ["السلام عليكم، هل يعرف أحد لماذا لا يقبل البنك الآيبان {iban} ؟ التحويل مرفوض منذ يومين. جوالي {phone}",
           "مطلوب مدرس رياضيات في {city}، للتواصل واتساب {phone}"],
    "il": ["שלום לכולם, מוכרת ספה במצב מצוין, איסוף מ{city}. לפרטים: {phone} או במייל {email}",
           "מישהו יודע למה הראוטר שלי לא מקבל כתובת? ב-{lan} אני רואה שה-IP החיצוני הוא {ip}",
           "להעברת דמי השכירות: חשבון {iban}, לשאלות {phone}"],
    "in": ["नमस्ते, मेरा राउटर {lan} पर लॉगिन नहीं हो रहा। कस्टमर केयर नंबर {phone} पर कॉल किया लेकिन कोई जवाब नहीं मिला।",
           "किराये के लिए 2BHK फ्लैट उपलब्ध, {city}। संपर्क करें: {phone}, ईमेल {email}",
           "सावधान! {phone} से कॉल आया, बोला KYC अपडेट करना है और कार्ड के आखिरी चार अंक {l4} पूछे।"],
    "kr": ["공유기 설정 질문입니다. 내부 IP를 {lan}로 고정했는데 인터넷이 안 됩니다. 통신사 기사님 번호({phone})로 연락드렸는데 답이 없네요.",
           "중고 아이패드 팝니다. 직거래 선호합니다. 연락처 {phone}, 이메일 {email}",
           "택배 문자 사기 조심하세요. {phone} 번호로 '주소 불일치' 문자가 왔어요."],
    "cn": ["求助：路由器后台 {lan} 登录不了，宽带师傅电话 {phone} 一直打不通。公网IP显示 {ip}。",
           "出租房源，两室一厅，{city}，有意者请联系 {phone}，或发邮件至 {email}。",
           "提醒大家：{phone} 冒充快递客服，让你报银行卡后四位 {l4}，千万别信。"],
    "th": ["สอบถามหน่อยครับ ตั้งค่าเราเตอร์ไว้ที่ {lan} แต่เข้าเน็ตไม่ได้ โทรหาช่าง {phone} ก็ไม่รับสาย",
           "ขายรถมือสอง สภาพดี ราคา {money} สนใจติดต่อ {phone} หรืออีเมล {email}",
           "ระวังมิจฉาชีพ เบอร์ {phone} โทรมาอ้างว่าเป็นธนาคาร"],
    "vn": ["Mọi người cho em hỏi, em vào trang quản lý modem {lan} không được. Gọi tổng đài {phone} mãi không ai nghe. IP hiện tại là {ip}.",
           "Cần bán xe máy Honda Vision, giá {money}. Liên hệ {phone} hoặc email {email}.",
           "Cảnh báo lừa đảo: số {phone} tự xưng là nhân viên ngân hàng, hỏi 4 số cuối thẻ {l4}."],
}
FORUM_HEAD = {"br": "Re: ", "ae": "رد: ", "sa": "رد: ", "il": "תגובה: ", "in": "जवाब: ", "kr": "답글: ", "cn": "回复：", "th": "ตอบกลับ: ", "vn": "Trả lời: "}


def t_forum():
    loc = pick(list(FORUM))
    p = Person(loc)
    tpl = pick(FORUM[loc])
    lan = pick(["192.168.0.1", "192.168.1.1", "192.168.%d.1" % R.randint(2, 50), "10.0.0.1"])
    cc = LOC_IBAN.get(loc)
    s = tpl.format(lan=IPA(lan), phone=PH(p.phone()), ip=IPA(ipv4_pub() if chance(0.8) else ipv6("comp")), n=R.randint(300, 4000), email=E(p.mail()),
                   city=pick(CITY[loc]), l4=d(4), iban=IB(iban(cc)) if cc else "", money=money(loc))
    user = pick([p.first_lat.lower() + d(2), p.first + "_" + d(3), ascii_fold(p.last_lat) + str(R.randint(1980, 2005))])
    when = ts().strftime("%d/%m/%Y %H:%M")
    return "%s · %s\n%s" % (user, when, s) if chance(0.6) else "%s%s\n%s" % (FORUM_HEAD[loc], user, s)


NOTICE = {
    "dk": ["OPSLAG\nVaskeriet er lukket mandag pga. reparation af tørretumbleren. Kontakt viceværten på {phone} eller skriv til {email}.",
           "Kære beboere\nHusk generalforsamling torsdag kl. 19 i fælleslokalet. Afbud til {name} på {phone}.",
           "Fundet i gården: et sæt nøgler med rødt vedhæng. Kan afhentes hos {name}, opgang {n}, 2. tv."],
    "nl": ["MEDEDELING\nDe lift is van {d1} tot {d2} buiten gebruik wegens onderhoud. Storingen melden bij de beheerder: {phone} of {email}.",
           "Beste bewoners, op zaterdag is er een klusdag in de tuin. Aanmelden bij {name} ({phone}).",
           "Gevonden: zwarte fiets zonder slot bij ingang {n}. Eigenaar kan zich melden bij de conciërge."],
    "ro": ["ANUNȚ\nApa caldă va fi oprită joi între 09:00 și 15:00. Pentru probleme sunați administratorul la {phone} sau scrieți la {email}.",
           "Stimați locatari, cotizația pe luna aceasta este {money}. Plata în contul {iban} sau la administrator.",
           "Vă rugăm să nu mai lăsați bicicletele pe holul scării {n}."],
    "pl": ["OGŁOSZENIE\nW dniach {d1}–{d2} nastąpi przegląd instalacji gazowej. W razie pytań prosimy dzwonić do administratora: {phone}, e-mail {email}.",
           "Szanowni Mieszkańcy, opłaty za śmieci prosimy wpłacać na rachunek {iban}.",
           "Znaleziono klucze na parkingu przy klatce {n}. Do odbioru w administracji."],
}


def t_notice():
    loc = pick(list(NOTICE))
    p = Person(loc)
    t = ts()
    s = pick(NOTICE[loc]).format(phone=PH(phone(loc)), email=E(role_mail(loc, pick(["vicevaert", "beheer", "administrator", "admin"]))) if chance(0.6) else E(p.mail()),
                                 name=p.name, n=pick("ABCD") if loc != "dk" else R.randint(1, 30), d1=dmy(t), d2=dmy(t + dt.timedelta(days=R.randint(1, 5))),
                                 money=money(loc), iban=IB(iban(LOC_IBAN[loc])))
    return s + "\n" + pick(["Bestyrelsen", "Het bestuur", "Administrația", "Zarząd Wspólnoty", "—"])


LOSTFOUND = {
    "nl": "Gevonden: {item} bij de ingang van de supermarkt, met een bankpas die eindigt op {l4}. Is het van jou? Bel of app {phone}.",
    "pl": "Znalazłam {item} na przystanku przy ul. Długiej. W środku karta kończąca się na {l4}. Kontakt: {phone}",
    "gb": "LOST: {item} somewhere between the station and the high street on {d}. Reward offered! Please call {phone} or email {email}.",
    "us": "FOUND {item} in the parking lot behind the library. Describe it and it's yours – text {phone}.",
    "br": "Perdi {item} no ônibus da linha 175 ontem à noite. Quem achar, por favor entre em contato: {phone} / {email}",
    "dk": "Mistet: {item} ved Netto på {d}. Findeløn! Ring til {phone}.",
    "de": "Gefunden: {item} am Spielplatz, Karte endet auf {l4}. Abzuholen nach Anruf unter {phone}.",
}
ITEMS = {"nl": "een zwarte portemonnee", "pl": "portfel", "gb": "a brown leather wallet", "us": "a set of keys with a Honda fob", "br": "minha carteira",
         "dk": "en grå pung", "de": "ein Portemonnaie"}


def t_lostfound():
    loc = pick(list(LOSTFOUND))
    p = Person(loc)
    return LOSTFOUND[loc].format(item=ITEMS[loc], l4=d(4), phone=PH(p.phone("mob") if loc != "us" else ph_us(ext=False)), email=E(p.mail()), d=dmy(ts(), "/"))


PARENTS = {
    "nl": ["Hoi allemaal, morgen is het schoolreisje! Graag om 8:15 op het plein.", "Juf {t} vraagt of iemand kan rijden, haar nummer is {phone}", "Ik kan rijden, 3 plekken vrij",
           "De foto's komen op de site, vragen aan {email}", "Lotte is ziek vandaag 🤒"],
    "de": ["Hallo zusammen, Elternabend ist am Dienstag um 19 Uhr.", "Frau {t} ist unter {phone} erreichbar, falls jemand nicht kann", "Die Klassenkasse bitte auf {iban} überweisen (10 €)",
           "Danke für die Info!", "Wer hat noch eine Trinkflasche mit Dinos gefunden?"],
    "fr": ["Bonjour à tous, la sortie au musée est confirmée pour jeudi.", "La maîtresse demande deux parents accompagnateurs, contact : {phone}", "Les autorisations sont à renvoyer à {email}",
           "Merci !", "Léo a oublié son gilet bleu 😅"],
    "pl": ["Dzień dobry, zebranie z wychowawczynią w środę o 17:30.", "Pani {t} prosi o kontakt pod numerem {phone}", "Składka na komitet rodzicielski: {iban}, tytuł: imię dziecka",
           "Dziękuję!", "Czy ktoś znalazł niebieski worek na kapcie?"],
    "us": ["Hi all! Field trip permission slips are due Friday.", "Ms. {t} said to text her at {phone} if your kid needs a lunch", "Class photos order form goes to {email}",
           "Thank you!!", "Anyone have an extra recorder? Emma lost hers 🙈"],
}


def t_parents():
    loc = pick(list(PARENTS))
    t0 = ts()
    teacher = Person(loc)
    ppl = [Person(loc) for _ in range(3)]
    msgs = R.sample(PARENTS[loc], R.randint(3, 5))
    out = []
    for m in msgs:
        t0 = plus(t0, 30, 2000)
        m = m.format(t=teacher.last, phone=PH(teacher.phone() if loc != "us" else ph_us(ext=False)), email=E(teacher.mail(corp=True) if chance(0.5) else role_mail(loc, "office")),
                     iban=IB(iban(LOC_IBAN.get(loc) or "DE")))
        out.append("%s %s: %s" % (t0.strftime("%H:%M"), pick(ppl).first, m))
    return "\n".join(out)


CLUB = {
    "gb": ("{club} – season {y}\n\nSubs for the season are {money}. Please pay by bank transfer to {iban} (ref: your surname + U{n}) or cash to {name} at training. "
           "Any questions ring {name} on {phone} or email {email}.\n\nNets start Thursday 6pm.", ["Hadley Cricket Club", "Riverside Rowing Club", "St Mary's Netball"]),
    "de": ("{club} – Mitgliederinfo {y}\n\nDer Jahresbeitrag von {money} wird Anfang März per Lastschrift eingezogen. Wer noch kein SEPA-Mandat erteilt hat, überweist bitte auf {iban}. "
           "Ansprechpartner: {name}, Tel. {phone}, {email}.", ["TSV Nordheim 1908 e.V.", "SV Blau-Weiß Kassel", "Turnverein Freiburg-Süd"]),
    "fr": ("{club} – saison {y}\n\nLa cotisation annuelle est de {money}. Règlement par virement sur le compte {iban} ou par chèque. "
           "Renseignements : {name} au {phone} ou par courriel à {email}.", ["AS Rennes Basket", "Club de Judo de Tours", "Chorale Saint-Martin"]),
    "us": ("{club} – {y} season\n\nRegistration is ${n}0 per player. Pay online or bring a check to practice. Volunteers, contact {name} at {phone} or {email}. "
           "Practice at the field on {street}.", ["Tacoma Youth Soccer", "Raleigh Little League", "Albany Swim Boosters"]),
}


def t_club():
    loc = pick(list(CLUB))
    body, clubs = CLUB[loc]
    p = Person(loc)
    ib = IB(iban({"gb": "GB", "de": "DE", "fr": "FR"}.get(loc, "GB"))) if loc != "us" else ""
    return body.format(club=pick(clubs), y=R.randint(2023, 2025), money=money(loc, 2500, 25000), iban=ib, n=R.randint(5, 15), name=p.name,
                       phone=PH(p.phone() if loc != "us" else ph_us(ext=False)), email=E(p.mail()), street=pick(["Oak St", "Elm Ave", "Maple Dr"]))


LETTERS = {
    "us2": ("{name}\n{addr}\n\n{date}\n\nInternal Revenue Service\nIdentity Protection Specialized Unit\n\nRe: Identity theft – Form 14039 enclosed\n\nTo whom it may concern,\n\n"
            "Someone filed a tax return using my Social Security number, {ssn}, before I could file mine. I have enclosed Form 14039 and a copy of my driver's license. "
            "My spouse, {other}, is also listed on our joint return (SSN {ssn2}). Please contact me at {phone} or {email}.\n\nRespectfully,\n{name}"),
    "us": ("{name}\n{addr}\n\n{date}\n\nSocial Security Administration\nRE: Request for reconsideration\n\nDear Claims Representative,\n\n"
           "I am writing on behalf of my mother, {other} (SSN {ssn}), whose claim was denied on {date2}. She has asked me to handle all correspondence. "
           "Please contact me at {phone} or by email at {email}. My own SSN, if needed for the authorization form, is {ssn2}.\n\nSincerely,\n{name}"),
    "de": ("{name}\n{addr}\n\n{date}\n\nKündigung meines Vertrags Nr. {id}\n\nSehr geehrte Damen und Herren,\n\nhiermit kündige ich den oben genannten Vertrag fristgerecht zum nächstmöglichen Zeitpunkt. "
           "Bitte erstatten Sie ein eventuelles Guthaben auf mein Konto IBAN {iban}. Die Kündigungsbestätigung senden Sie bitte an {email}.\n\nMit freundlichen Grüßen\n{name}"),
    "fr": ("{name}\n{addr}\n\n{date}\n\nObjet : Résiliation de mon abonnement n° {id}\n\nMadame, Monsieur,\n\nPar la présente, je vous informe de ma volonté de résilier mon abonnement. "
           "Je vous remercie de cesser tout prélèvement sur le compte {iban}. Vous pouvez me joindre au {phone}.\n\nJe vous prie d'agréer mes salutations distinguées.\n{name}"),
    "nl": ("{name}\n{addr}\n\n{date}\n\nBetreft: bezwaar tegen beschikking {id}\n\nGeachte heer, mevrouw,\n\nHierbij maak ik bezwaar tegen de bovengenoemde beschikking. "
           "Ik verzoek u het teveel betaalde bedrag terug te storten op {iban}. Voor vragen ben ik bereikbaar op {phone} of via {email}.\n\nHoogachtend,\n{name}"),
    "pl": ("{name}\n{addr}\n\n{date}\n\nReklamacja zamówienia {id}\n\nSzanowni Państwo,\n\nzgłaszam reklamację towaru zakupionego w Państwa sklepie. Proszę o zwrot kwoty {money} na rachunek {iban}. "
           "Kontakt: {phone}, {email}.\n\nZ poważaniem\n{name}"),
    "ro": ("{name}\n{addr}\n\n{date}\n\nCătre: Serviciul Clienți\nSubiect: Reziliere contract nr. {id}\n\nStimate domnule/Stimată doamnă,\n\nVă rog să reziliați contractul menționat. "
           "Eventualele sume de restituit vă rog să le virați în contul {iban}. Mă puteți contacta la {phone}.\n\nCu stimă,\n{name}"),
}


def t_letter():
    key = pick(list(LETTERS))
    loc = key[:2]
    p, o = Person(loc), Person(loc)
    addr = {"us": "%d %s\n%s %s" % (R.randint(10, 9999), pick(["Oak St", "Elm Ave"]), pick(CITY["us"]), d(5)), "de": "Lindenstraße %d\n%s %s" % (R.randint(1, 99), nz(5), pick(CITY["de"])),
            "fr": "%d rue des Lilas\n%s %s" % (R.randint(1, 99), nz(5), pick(CITY["fr"])), "nl": "Kerkstraat %d\n%s %s" % (R.randint(1, 99), postcode("nl"), pick(CITY["nl"])),
            "pl": "ul. Lipowa %d/%d\n%s %s" % (R.randint(1, 60), R.randint(1, 40), postcode("pl"), pick(CITY["pl"])), "ro": "Str. Florilor nr. %d\n%s %s" % (R.randint(1, 90), postcode("ro"), pick(CITY["ro"]))}[loc]
    cc = LOC_IBAN.get(loc)
    us = lambda t: t.strftime("%B %d, %Y")
    return LETTERS[key].format(name=p.name, addr=addr, date=us(ts()) if loc == "us" else dmy(ts(), "/" if loc == "fr" else "."), date2=us(ts()) if loc == "us" else dmy(ts(), "/"), other=o.name, ssn=SS(ssn()),
                               ssn2=SS(ssn()) if chance(0.5) else "on file with your office", phone=PH(p.phone() if loc != "us" else ph_us(ext=False)), email=E(p.mail()),
                               id=pick([d(10), "KV-%s" % d(7), order_id(), "%s/%s" % (d(4), d(2))]), iban=IB(iban(cc)) if cc else "", money=money(loc))


QUIET_PROSE = [
    "Update {v} is live. Build {b} fixes the crash on login; release notes are in the wiki. Rollout finished at {t}, {n}% of devices updated.",
    "De vergadering is verplaatst naar {d}. Begroting {y}: {money}, postcode {pc}, factuur {inv}.",
    "Zamówienie {o} zostało wysłane. Numer przesyłki: {tr}. Kwota: {money}.",
    "Pakken {tr} er afsendt {d}. Ordrenummer {o}, beløb {money}.",
    "Comanda {o} a fost livrată pe {d}. Factura {inv}, total {money}.",
    "Seu pedido {o} foi enviado em {d}. Código de rastreio {tr}. Valor: {money}.",
    "Die Lieferung zur Bestellung {o} verzögert sich bis {d}. Die Rechnung {inv} über {money} bleibt gültig.",
    "The card ending in {l4} was replaced; the new one arrives in 5–7 days. Reference {tk}. Nothing else changes.",
    "Our office moved: new postcode {pc}. Ticket {tk} closed. ISBN of the handbook: {isbn}.",
    "주문번호 {o} 배송이 시작되었습니다. 운송장 번호 {tr}, 결제 금액 {money}.",
    "订单 {o} 已发货，运单号 {tr}，金额 {money}。",
    "คำสั่งซื้อ {o} จัดส่งแล้ว หมายเลขพัสดุ {tr} ยอดชำระ {money}",
    "Đơn hàng {o} đã được giao ngày {d}. Mã vận đơn {tr}. Tổng tiền {money}.",
    "الطلب رقم {o} في الطريق إليك. رقم التتبع {tr}. المبلغ {money}.",
    "ההזמנה {o} נשלחה. מספר מעקב {tr}. סכום {money}.",
    "ऑर्डर {o} भेज दिया गया है। ट्रैकिंग नंबर {tr}, राशि {money}।",
]


def t_prose_quiet():
    loc = pick(LOCS)
    t = ts()
    return pick(QUIET_PROSE).format(v=semver(), b=build_quad(), t=t.strftime("%H:%M"), n=R.randint(10, 99), d=dmy(t), y=t.year, money=money(loc), pc=postcode(loc),
                                    inv=invoice_id(), o=order_id(), tr=tracking(), l4=d(4), tk=ticket_id(), isbn=isbn13())


PROSE = [t_minutes, t_forum, t_forum, t_notice, t_lostfound, t_parents, t_club, t_letter, t_prose_quiet]


# ============================================================================ more card / SSN heavy kinds
def t_dlp_report():
    t = ts()
    out = []
    for _ in range(R.randint(2, 5)):
        t = plus(t, 1, 60)
        kind = pick(["CREDIT_CARD_NUMBER", "US_SOCIAL_SECURITY_NUMBER", "IBAN_CODE", "EMAIL_ADDRESS", "CREDIT_CARD_NUMBER", "US_SOCIAL_SECURITY_NUMBER"])
        path = pick(["s3://acme-exports/crm/%s/customers.csv" % t.strftime("%Y-%m"), "gs://data-lake-raw/support/tickets-%s.jsonl" % d(4),
                     "/mnt/share/finance/payroll_%d.xlsx" % t.year, "smb://fs01/HR/onboarding/%s.pdf" % alnum(8, "abcdefghijklmnopqrstuvwxyz")])
        fp = chance(0.25)
        if kind == "CREDIT_CARD_NUMBER":
            v = bad_card(pick([" ", "", "-"])) if fp else None
            m = v if fp else CC(card())
        elif kind == "US_SOCIAL_SECURITY_NUMBER":
            m = bad_ssn() if fp else SS(ssn())
        elif kind == "IBAN_CODE":
            cc = pick(["DE", "NL", "GB", "FR", "PL", "RO", "DK"])
            m = bad_iban(cc) if fp else IB(iban(cc))
        else:
            fp = False
            m = E(Person(pick(LOCS)).mail())
        rec = {"ts": isoz(t), "scanner": "dlp-sweeper/%s" % semver(), "info_type": kind, "likelihood": "POSSIBLE" if fp else pick(["LIKELY", "VERY_LIKELY"]),
               "location": {"path": path, "line": R.randint(2, 90000), "column": R.randint(1, 120)}, "quote": "\ue01f", "verdict": "false_positive" if fp else "open"}
        out.append(J(rec).replace("\ue01f", m))
    return "\n".join(out)


def t_authnet_xml():
    loc = pick(["us", "us", "gb", "ae", "in"])
    p = Person(loc)
    pan = card_digits()
    return ('<?xml version="1.0" encoding="utf-8"?>\n<createTransactionRequest xmlns="AnetApi/xml/v1/schema/AnetApiSchema.xsd">\n'
            "  <merchantAuthentication><name>%s</name><transactionKey>********</transactionKey></merchantAuthentication>\n  <refId>%s</refId>\n"
            "  <transactionRequest>\n    <transactionType>authCaptureTransaction</transactionType>\n    <amount>%d.%02d</amount>\n"
            "    <payment><creditCard><cardNumber>%s</cardNumber><expirationDate>20%d-%02d</expirationDate><cardCode>***</cardCode></creditCard></payment>\n"
            "    <order><invoiceNumber>%s</invoiceNumber></order>\n    <customer><email>%s</email></customer>\n"
            "    <billTo><firstName>%s</firstName><lastName>%s</lastName><zip>%s</zip><phoneNumber>%s</phoneNumber></billTo>\n"
            "    <customerIP>%s</customerIP>\n  </transactionRequest>\n</createTransactionRequest>"
            % (alnum(10), d(8), R.randint(5, 900), R.randint(0, 99), CC(pan), R.randint(25, 31), R.randint(1, 12), invoice_id(), E(p.mail()),
               p.first_lat, p.last_lat, postcode(loc), PH(p.phone()), IPA(ipv4_pub() if chance(0.8) else ipv6("comp"))))


def t_mitm():
    loc = pick(["us", "gb", "de", "nl", "fr", "br", "in", "pl"])
    p = Person(loc)
    t = ts()
    body = {"amount": R.randint(500, 90000), "currency": pick(["usd", "eur", "gbp", "brl", "inr", "pln"]), "description": "Order %s" % order_id(),
            "payment_method_data": {"type": "card", "card": {"number": "\ue020", "exp_month": R.randint(1, 12), "exp_year": R.randint(2025, 2031), "cvc": "***"},
                                    "billing_details": {"email": "\ue021", "phone": "\ue022", "name": p.latin}},
            "metadata": {"client_ip": "\ue023", "app_version": semver()}}
    b = J(body, indent=2).replace("\ue020", CC(card_digits())).replace("\ue021", E(p.mail())).replace("\ue022", PH(e164(loc))).replace("\ue023", IPA(ipv4_pub()))
    return ("%s POST https://api.psp-sandbox.example/v1/payment_intents\n    Host: api.psp-sandbox.example\n    User-Agent: okhttp/4.%d.%d\n"
            "    Content-Type: application/json; charset=utf-8\n    Idempotency-Key: %s\n    X-Request-Id: %s\n\n%s\n\n << %d %s %db"
            % (t.strftime("%H:%M:%S"), R.randint(9, 12), R.randint(0, 9), uuid4(), hx(16), b, pick([200, 402, 422]), pick(["OK", "Payment Required", "Unprocessable Entity"]), R.randint(300, 4000)))


def t_sql_update():
    out = ["-- PCI-%s: tokenise legacy PANs before the cut-over, run on replica first" % d(4), "BEGIN;"]
    for _ in range(R.randint(2, 4)):
        pan = card_digits()
        out.append("UPDATE payment_methods SET pan_token = 'tok_%s', pan_last4 = '%s', pan = NULL WHERE id = %d AND pan = '%s';" % (
            alnum(24, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), pan[-4:], R.randint(1000, 999999), CC(pan)))
    if chance(0.5):
        out.append("UPDATE applicants SET ssn_enc = pgp_sym_encrypt('%s', :key), ssn_last4 = '%s' WHERE id = %d;" % (SS(v := ssn()), v[-4:], R.randint(100, 99999)))
    if chance(0.3):
        out.append("-- skipped id %d: pan '%s' fails Luhn, flagged for review" % (R.randint(1000, 999999), bad_card("")))
    out.append("COMMIT;")
    return "\n".join(out)


def t_qa_cards():
    head = [C("Case"), C("Brand"), C("PAN"), C("Expiry"), C("Expected")]
    rows = []
    for i in range(R.randint(3, 6)):
        if chance(0.7):
            br = pick(["visa", "mc", "amex", "disc", "jcb", "up", "diners", "mc2", "maestro"])
            rows.append([C("TC-%02d" % (i + 1)), C({"visa": "Visa", "mc": "Mastercard", "mc2": "Mastercard (2-series)", "amex": "Amex", "disc": "Discover", "jcb": "JCB",
                                                     "up": "UnionPay", "diners": "Diners", "maestro": "Maestro"}[br]), C(card(br), CARD),
                         C("%02d/%02d" % (R.randint(1, 12), R.randint(25, 31))), C(pick(["approved", "3DS challenge", "declined: insufficient funds"]))])
        else:
            bc = bad_card(pick(["", " "]))
            rows.append([C("TC-%02d" % (i + 1)), C({"4": "Visa", "5": "Mastercard", "6": "Discover"}[bc[0]]), C(bc), C("%02d/%02d" % (R.randint(1, 12), R.randint(25, 31))),
                         C("rejected client-side (Luhn)")])
    return "### Checkout regression – card matrix (%s)\n\n" % pick(["sandbox", "staging", "UAT"]) + md_table(head, rows) + "\n\nRun with `make e2e-cards`, results in %s." % ticket_id()


def t_w2():
    p = Person("us")
    emp = pick(COMPANY["us"]).split(".")[0].replace("-", " ").title()
    w = R.randint(2500000, 15000000) / 100
    full = chance(0.75)
    return ("Form W-2 Wage and Tax Statement %d                    Copy B—To Be Filed With Employee's FEDERAL Tax Return\n\n"
            "a  Employee's social security number          OMB No. 1545-0008\n   %s\n"
            "b  Employer identification number (EIN)       1  Wages, tips, other compensation      2  Federal income tax withheld\n"
            "   %s-%s                                  %14s                   %12s\n"
            "c  Employer's name, address, and ZIP code     3  Social security wages                4  Social security tax withheld\n"
            "   %s LLC                    %14s                   %12s\n"
            "e  Employee's first name and initial   Last name\n   %s %s. %s\n"
            "15 State  Employer's state ID number     16 State wages       17 State income tax\n   %s     %s                %12s       %10s"
            % (R.randint(2022, 2024), SS(ssn()) if full else "XXX-XX-%s" % d(4), d(2), d(7), "{:,.2f}".format(w), "{:,.2f}".format(w * 0.14),
               emp.ljust(24)[:24], "{:,.2f}".format(w), "{:,.2f}".format(w * 0.062), p.first, pick("ABCDEJKLMR"), p.last,
               pick(["NC", "OH", "NY", "AZ"]), d(8), "{:,.2f}".format(w), "{:,.2f}".format(w * 0.045)))


DISPUTE = {
    "us": "Dear Card Services,\n\nI am disputing a charge of {money} posted on {date} to my card {card}. I did not authorize this transaction (merchant: {merchant}) and still have the card in my possession. "
          "Please issue a provisional credit while you investigate. I can be reached at {phone}.\n\nSincerely,\n{name}",
    "gb": "Dear Sir or Madam,\n\nI am writing to dispute a transaction of {money} dated {date} on my credit card {card}. I did not receive the goods from {merchant} despite several attempts to contact them. "
          "Please raise a chargeback under section 75. My daytime number is {phone}.\n\nYours faithfully,\n{name}",
    "de": "Sehr geehrte Damen und Herren,\n\nich widerspreche der Belastung über {money} vom {date} auf meiner Kreditkarte {card}. Die Zahlung an {merchant} wurde nicht von mir autorisiert. "
          "Bitte veranlassen Sie eine Rückbuchung. Telefonisch erreichen Sie mich unter {phone}.\n\nMit freundlichen Grüßen\n{name}",
    "fr": "Madame, Monsieur,\n\nJe conteste le débit de {money} du {date} sur ma carte bancaire {card}, effectué au profit de {merchant}. Je n'ai jamais autorisé cette opération. "
          "Merci de procéder au remboursement. Je reste joignable au {phone}.\n\nCordialement,\n{name}",
}


def t_dispute_letter():
    loc = pick(list(DISPUTE))
    p = Person(loc)
    return DISPUTE[loc].format(money=money(loc, 1500, 90000), date=ts().strftime("%B %d, %Y") if loc == "us" else dmy(ts(), "/"), card=CC(card()),
                               merchant=pick(["ONLINESHOP*EU", "TRAVELDEALS LTD", "APPSTORE*SUB", "SQ *COFFEE HOUSE"]), phone=PH(p.phone() if loc != "us" else ph_us(ext=False)), name=p.name)


STRUCT += [t_dlp_report, t_dlp_report, t_authnet_xml, t_mitm]
TABLES += [t_sql_update, t_qa_cards, t_w2]
PROSE += [t_dispute_letter]


def t_pain001():
    loc = pick(["nl", "de", "fr", "dk", "ro", "pl", "gb", "ae"])
    t = ts()
    dcc = LOC_IBAN[loc]
    comp = pick(COMPANY[loc]).split(".")[0].replace("-", " ").title()
    txs = []
    tot = 0
    for i in range(R.randint(1, 3)):
        p = Person(loc)
        a = R.randint(1000, 900000) / 100
        tot += a
        ccc = pick([dcc, dcc, "DE", "NL", "FR", "GB", "DK"])
        txs.append("      <CdtTrfTxInf>\n        <PmtId><EndToEndId>E2E-%s</EndToEndId></PmtId>\n        <Amt><InstdAmt Ccy=\"EUR\">%.2f</InstdAmt></Amt>\n"
                   "        <CdtrAgt><FinInstnId><BICFI>%s</BICFI></FinInstnId></CdtrAgt>\n        <Cdtr><Nm>%s</Nm>%s</Cdtr>\n"
                   "        <CdtrAcct><Id><IBAN>%s</IBAN></Id></CdtrAcct>\n        <RmtInf><Ustrd>%s</Ustrd></RmtInf>\n      </CdtTrfTxInf>"
                   % (d(10), a, pick(BIC[ccc]), p.latin, "<CtctDtls><EmailAdr>%s</EmailAdr></CtctDtls>" % E(p.mail()) if chance(0.3) else "",
                      IB(iban(ccc, sp=False)), invoice_id()))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">\n  <CstmrCdtTrfInitn>\n'
            "    <GrpHdr><MsgId>MSG-%s</MsgId><CreDtTm>%s</CreDtTm><NbOfTxs>%d</NbOfTxs><CtrlSum>%.2f</CtrlSum><InitgPty><Nm>%s</Nm></InitgPty></GrpHdr>\n"
            "    <PmtInf>\n      <PmtInfId>PMT-%s</PmtInfId>\n      <PmtMtd>TRF</PmtMtd>\n      <ReqdExctnDt><Dt>%s</Dt></ReqdExctnDt>\n"
            "      <Dbtr><Nm>%s</Nm></Dbtr>\n      <DbtrAcct><Id><IBAN>%s</IBAN></Id></DbtrAcct>\n      <DbtrAgt><FinInstnId><BICFI>%s</BICFI></FinInstnId></DbtrAgt>\n"
            "%s\n    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>"
            % (d(12), t.strftime("%Y-%m-%dT%H:%M:%S"), len(txs), tot, comp, d(8), (t + dt.timedelta(days=1)).strftime("%Y-%m-%d"), comp,
               IB(iban(dcc, sp=False)), pick(BIC[dcc]), "\n".join(txs)))


def t_onboarding_email():
    p = Person("us")
    hr = Person("us")
    t = ts()
    body = ("Hi %s,\n\nWelcome to the team! Before your first day (%s) please double-check the details we have on file and reply with any corrections:\n\n"
            "  Legal name:        %s\n  SSN:               %s\n  Personal email:    %s\n  Mobile:            %s\n  Emergency contact: %s, %s\n"
            "  Direct deposit:    routing %s, account ending %s\n\nPlease do not send your full bank account number by email; enter it in the payroll portal instead. "
            "Your employee ID is %s.\n\nThanks,\n%s\nPeople Operations | %s"
            % (p.first, t.strftime("%B %d"), p.name, SS(ssn()) if chance(0.85) else "on file (last four %s)" % d(4), E(p.mail()), PH(ph_us(ext=False)),
               Person("us").name, PH(ph_us(ext=False)), "0" + d(8)[:0] + pick(["21000021", "26009593", "11000138", "22000020"]) + d(1)[:0],
               d(4), "E" + d(5), hr.name, PH(ph_us(ext=True))))
    return "From: %s <%s>\nTo: %s\nSubject: Welcome aboard – please confirm your details\n\n%s" % (hr.name, E(hr.mail(corp=True)), E(p.mail()), body)


STRUCT.append(t_pain001)
MESSAGES.append(t_onboarding_email)


# ============================================================================ main
CATEGORIES = [("structured", 35, STRUCT), ("tabular", 25, TABLES), ("messages", 20, MESSAGES), ("prose", 20, PROSE)]
QUIET = {t_struct_quiet, t_table_quiet, t_msg_quiet, t_prose_quiet}
P_QUIET = 0.125
WEIGHT = {"t_authnet_xml": 1.8, "t_mitm": 1.8, "t_openvpn": 0.5, "t_asa": 0.7, "t_fail2ban": 0.7, "t_sendgrid": 0.6, "t_ldif": 0.7,
          "t_bind": 0.7, "t_auditd": 0.7, "t_hl7": 1.6, "t_pytraceback": 1.3, "t_pain001": 2.0, "t_ics": 0.7, "t_netplan": 0.8,
          "t_sql_update": 1.8, "t_qa_cards": 1.6, "t_w2": 1.7, "t_sql_oracle": 1.6, "t_psql_expanded": 1.6, "t_last": 0.6,
          "t_html_table": 0.5, "t_latex": 0.6, "t_tabulate": 0.7, "t_pandas": 0.7, "t_gforms": 0.8, "t_payout_file": 1.6, "t_remittance": 1.5,
          "t_card_email": 2.0, "t_rental_app": 1.5, "t_onboarding_email": 1.5, "t_digest": 0.4, "t_phish_report": 0.6, "t_teams": 1.3,
          "t_rent": 1.8, "t_dispute_letter": 1.8, "t_letter": 1.5, "t_minutes": 1.4, "t_club": 1.2}


def pick_kind(fns):
    quiet = [f for f in fns if f in QUIET]
    if chance(P_QUIET):
        return pick(quiet)
    rest = [f for f in fns if f not in QUIET]
    return R.choices(rest, [WEIGHT.get(f.__name__, 1.0) for f in rest])[0]


def generate(n=N_DOCS):
    docs, kinds, redraws = [], collections.Counter(), collections.Counter()
    debug = os.environ.get("PII_EIGHTH_DEBUG")
    quota = [(name, round(n * w / 100), fns) for name, w, fns in CATEGORIES]
    plan = []
    for name, k, fns in quota:
        plan += [(name, fns)] * k
    while len(plan) < n:
        plan.append(quota[0][::2])
    plan = plan[:n]
    R.shuffle(plan)
    for name, fns in plan:
        fn = pick_kind(fns)
        for attempt in range(50):
            text, spans = finish(fn())
            why = check(text, spans)
            if not why:
                break
            redraws[fn.__name__] += 1
            if debug:
                print("redraw %s: %s" % (fn.__name__, why), file=sys.stderr)
        else:
            raise RuntimeError("could not draw a clean %s" % fn.__name__)
        kinds[(name, fn.__name__)] += 1
        docs.append({"text": text, "spans": sorted(spans, key=lambda s: s["start"])})
    return docs, kinds, redraws


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "pii-eighth.jsonl")
    docs, kinds, redraws = generate()
    # final independent re-verification of what is written
    for doc in docs:
        t = doc["text"]
        for sp in doc["spans"]:
            assert 0 <= sp["start"] < sp["end"] <= len(t)
            assert VALID[sp["type"]](t[sp["start"]:sp["end"]]), sp
        assert check(t, doc["spans"]) is None
    with open(out, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    by_type = collections.Counter(s["type"] for d_ in docs for s in d_["spans"])
    cats = collections.Counter(c for (c, _), v in kinds.items() for _ in range(v))
    print("wrote %s: %d documents, %d spans, %d without any labelled value (%.1f%%)" % (
        out, len(docs), sum(by_type.values()), sum(1 for d_ in docs if not d_["spans"]),
        100.0 * sum(1 for d_ in docs if not d_["spans"]) / len(docs)))
    for t in (EMAIL, PHONE, CARD, IBAN, SSN, IP):
        print("  %-14s %5d spans in %4d documents" % (t, by_type[t], sum(1 for d_ in docs if any(s["type"] == t for s in d_["spans"]))))
    print("  categories: " + ", ".join("%s %d" % kv for kv in sorted(cats.items())))
    print("  document kinds: %d; non-ASCII documents: %d; redrawn drafts: %d" % (
        len({k for _, k in kinds}), sum(1 for d_ in docs if any(ord(c) > 127 for c in d_["text"])), sum(redraws.values())))
    if os.environ.get("PII_EIGHTH_DEBUG"):
        for (c, k), v in sorted(kinds.items()):
            print("    %-10s %-20s %d" % (c, k, v))


if __name__ == "__main__":
    main()
