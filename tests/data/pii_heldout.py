#!/usr/bin/env python3
"""pii_heldout.py - writes pii-heldout.jsonl, a labelled PII corpus that imitates a held-out
evaluation corpus described as "other sentence shapes, other locales, other document formats
(structured logs, CSV, e-mail, JSON), with look-alikes beside real values".

Written without looking at the detectors, and away from the shapes of pii_shapes.py,
pii_formats.py, pii_locales.py, pii_wild.py and pii_fresh.py.  It is balanced like an ordinary
evaluation set rather than an adversarial one:
  ~40% application logs and JSON: Spring Boot / Rails / Django-Celery / Laravel logs, pino and
       Serilog and zap JSON lines, GELF, Keycloak and Auth0 events, Shopify / Zendesk / Segment /
       Mollie / Mailgun webhooks, Vault audit, Envoy and Traefik access logs, journald JSON,
       Debezium change events, GraphQL request logs, FHIR resources, Firebase auth exports,
       Ansible output, Lambda / CloudWatch lines, Asterisk logs, audit trails, validation logs,
       payment-gateway debug lines, Kafka dead-letter records, background-check and credit-pull
       events, and look-alike-only lines (metrics, masked events, CI build output);
  ~25% CSV / TSV exports: shop, newsletter, CRM and helpdesk exports, localized customer
       masters (de fr es it nl pl ja, ";" "," "|" and tab delimited, "sep=;" lines, quoted
       fields, empty fields), payroll and onboarding sheets, settlement files, bank statements,
       firewall and access-review TSVs, SMS-campaign exports, chargeback and 1099 files, and
       look-alike-only order / inventory exports;
  ~20% e-mails: headers, bodies, signatures, localized forwards and quoted replies, Outlook
       reply headers, security notices, payment reminders, bounces, card-guarantee mails;
  ~15% prose, support-chat transcripts and voicemail notes in en de fr es it pt nl pl ja sv.
About 15% of the lines carry no labelled value at all.

Label scheme (as pii-dev.jsonl): {"text", "spans": [{"start", "end", "type"}]}, code-point
offsets, end exclusive, types EMAIL_ADDRESS PHONE_NUMBER CREDIT_CARD IBAN_CODE US_SSN
IP_ADDRESS only.  Phone span: the whole number with a leading "+" / "00", parentheses, "(0)"
and an extension ("x204", " ext. 31"); never "tel:"/"sip:" or quotes.  E-mail span: the
address only.  IP span: the address only (no brackets, no ":port").  Card span: the whole
grouped number.  IBAN span: the whole (compact or spaced) IBAN.  SSN span: the dashed number.

Validity: cards Luhn + issuer prefix + length; IBANs registry length + mod-97 (+ national keys
for BE FR ES IT PT PL NO); SSNs area 001-899 except 666, group 01-99, serial 0001-9999; IPs
parse with ipaddress; phones follow national numbering plans.  Look-alikes (order / invoice /
ticket / customer ids, dates, epochs, versions, UUIDs, hashes, Luhn-failing numbers,
mod-97-failing IBAN-like strings, bad octets, SSN shapes with bad parts, amounts, postcodes,
ports, durations, request ids, masked values) are never labelled.  Every document is checked
before it is written: offsets, validity, and a scan of the unlabelled text for any valid card /
IBAN / SSN / IPv4 / IPv6 / e-mail (except deliberate context look-alikes such as Message-IDs or
version strings, which are marked as such); a failing document is redrawn.

Run: python3 pii_heldout.py [OUT]   (stdlib only; deterministic: random.Random(SEED))
"""
import collections
import datetime as dt
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata

SEED = 20250611
R = random.Random(SEED)

EMAIL, PHONE, CARD, IBAN, SSN, IP = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                     "IBAN_CODE", "US_SSN", "IP_ADDRESS")

# ============================================================================ marking
_VALS = []
MARK = re.compile("\ue000(\\d+)\ue001")


def P(v, kind):
    """A labelled value."""
    _VALS.append((str(v), kind))
    return "\ue000%d\ue001" % (len(_VALS) - 1)


def vis(s):
    """The visible text of a marked string."""
    return MARK.sub(lambda m: _VALS[int(m.group(1))][0], s)


def X(v):
    """A deliberate context look-alike (unlabelled; exempt from the stray scan)."""
    return P(v, None)


def finish(s):
    out, spans, exempt, pos, n = [], [], [], 0, 0
    for m in MARK.finditer(s):
        chunk = s[pos:m.start()]
        out.append(chunk)
        n += len(chunk)
        v, kind = _VALS[int(m.group(1))]
        if kind:
            spans.append({"start": n, "end": n + len(v), "type": kind})
        else:
            exempt.append((n, n + len(v)))
        out.append(v)
        n += len(v)
        pos = m.end()
    out.append(s[pos:])
    return "".join(out), spans, exempt


# ============================================================================ small helpers
def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


def d(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def nz(n):
    return R.choice("123456789") + d(n - 1)


def hx(n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def b62(n):
    return "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                   for _ in range(n))


def uid():
    return "%s-%s-4%s-%s%s-%s" % (hx(8), hx(4), hx(3), pick("89ab"), hx(3), hx(12))


BASE = dt.datetime(2023, 2, 1, 0, 0, 0)


def rdt():
    return BASE + dt.timedelta(seconds=R.randint(0, 820 * 86400))


def epoch(t):
    return int((t - dt.datetime(1970, 1, 1)).total_seconds())


def iso(t, ms=True, z=True):
    s = t.strftime("%Y-%m-%dT%H:%M:%S")
    if ms:
        s += ".%03d" % R.randint(0, 999)
    return s + ("Z" if z else pick(["+01:00", "+02:00", "-05:00", "+09:00", "+00:00"]))


def later(t, lo=1, hi=600):
    return t + dt.timedelta(seconds=R.randint(lo, hi))


def fold(s):
    for a, b in (("ß", "ss"), ("ø", "o"), ("Ø", "O"), ("æ", "ae"), ("ł", "l"), ("Ł", "L"),
                 ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


# ============================================================================ validity
def luhn_ok(digits):
    tot = 0
    for i, c in enumerate(reversed(digits)):
        x = int(c)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def issuer_lengths(s):
    if not s or not s.isdigit():
        return set()
    p2, p3, p4 = int(s[:2]), int(s[:3]), int(s[:4])
    if s[0] == "4":
        return {13, 16, 19}
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return {16}
    if p2 in (34, 37):
        return {15}
    if p2 == 36 or 300 <= p3 <= 305 or p2 in (38, 39):
        return {14}
    if 3528 <= p4 <= 3589:
        return {16, 17, 18, 19}
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65:
        return {16, 19}
    if p2 == 62:
        return {16, 17, 18, 19}
    if p4 in (5018, 5020, 5038, 6304, 6759, 6761, 6763):
        return set(range(12, 20))
    return set()


def card_ok(v):
    if not re.fullmatch(r"\d[\d -]*\d", v):
        return False
    seps = set(re.findall(r"[ -]", v))
    if len(seps) > 1:
        return False
    s = re.sub(r"[ -]", "", v)
    return luhn_ok(s) and len(s) in issuer_lengths(s)


IBAN_LEN = {"AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
            "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27,
            "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
            "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
            "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26}


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
    m = re.fullmatch(r"(\(?\+?[\d()][\d ()./-]*\d)((?: ?x| ext\.? | Ext\. )\d{1,5})?", v)
    if not m:
        return False
    n = len(re.sub(r"\D", "", m.group(1)))
    return 7 <= n <= 15


VALID = {EMAIL: email_ok, PHONE: phone_ok, CARD: card_ok, IBAN: iban_ok, SSN: ssn_ok, IP: ip_ok}


def stray(text):
    """Return a description of any valid unlabelled value left in (already masked) text."""
    for m in EMAIL_RE.finditer(text):
        return "email " + m.group(0)
    for m in re.finditer(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", text):
        if ssn_ok(m.group(0)):
            return "ssn " + m.group(0)
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)", text):
        if ip_ok(m.group(0)):
            return "ipv4 " + m.group(0)
    for m in re.finditer(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*", text):
        tok = m.group(0).strip(".")
        if tok.count(":") >= 2 and len(re.sub(r"[^0-9A-Fa-f]", "", tok)) >= 2:
            for cand in (tok, tok.rstrip(":"), tok.lstrip(":")):
                try:
                    ipaddress.IPv6Address(cand)
                    if cand.count(":") >= 2:
                        return "ipv6 " + cand
                except ValueError:
                    pass
    for m in re.finditer(r"(?<!\d)\d{13,19}(?!\d)", text):
        if luhn_ok(m.group(0)):
            return "luhn run " + m.group(0)
    for m in re.finditer(r"(?<![\d])(?:\d{4}([ -])\d{4}(?:\1\d{4}){1,2}(?:\1\d{1,4})?"
                         r"|\d{4}([ -])\d{6}\2\d{4,5})(?![\d])", text):
        if card_ok(m.group(0)):
            return "card " + m.group(0)
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z]{2})\d{2}", text):
        n = IBAN_LEN.get(m.group(1))
        if not n:
            continue
        i, got = m.start(), ""
        while i < len(text) and len(got) < n:
            c = text[i]
            if c.isascii() and c.isalnum():
                got += c
            elif not (c == " " and i + 1 < len(text) and text[i + 1].isascii()
                      and text[i + 1].isalnum()):
                break
            i += 1
        if len(got) == n and re.fullmatch(r"[A-Z0-9]+", got) and mod97(got[4:] + got[:4]) == 1:
            return "iban " + got
    return None


def check(text, spans, exempt):
    if "\ue000" in text or "\ue001" in text:
        return "marker left"
    last = -1
    for sp in sorted(spans, key=lambda s: s["start"]):
        v = text[sp["start"]:sp["end"]]
        if sp["start"] < last:
            return "overlap"
        last = sp["end"]
        if v != v.strip():
            return "whitespace in span " + repr(v)
        if not VALID[sp["type"]](v):
            return "invalid %s %r" % (sp["type"], v)
        # a span must not be glued to more of the same token
        before = text[sp["start"] - 1] if sp["start"] else " "
        after = text[sp["end"]] if sp["end"] < len(text) else " "
        if before.isalnum() and before.isascii() or (after.isalnum() and after.isascii()):
            return "span glued to neighbour %r" % v
    masked = list(text)
    for a, b in [(s["start"], s["end"]) for s in spans] + exempt:
        for i in range(a, b):
            masked[i] = "\x00"
    return stray("".join(masked))


# ============================================================================ phones
def _f(f, opts=("nat", "nat", "intl", "intl", "e164")):
    return f or pick(opts)


US_AREAS = ["201", "206", "212", "213", "214", "215", "303", "305", "310", "312", "313", "404",
            "408", "415", "425", "503", "512", "602", "612", "617", "646", "702", "713", "718",
            "720", "773", "804", "808", "818", "857", "917", "919", "949", "971"]
CA_AREAS = ["416", "514", "604", "403", "613", "647", "778", "902"]


def ph_us(f=None, areas=US_AREAS):
    a = pick(areas)
    while True:
        e = str(R.randint(2, 9)) + d(2)
        if e[1:] != "11" and e != "555":
            break
    ln = d(4)
    f = _f(f)
    if f == "e164":
        return "+1%s%s%s" % (a, e, ln)
    if f == "intl":
        return pick(["+1 %s %s %s", "+1 (%s) %s-%s", "+1-%s-%s-%s", "+1 %s-%s-%s"]) % (a, e, ln)
    return pick(["(%s) %s-%s", "%s-%s-%s", "%s.%s.%s", "1-%s-%s-%s", "(%s) %s %s",
                 "%s %s %s"]) % (a, e, ln)


def ph_ca(f=None):
    return ph_us(f, CA_AREAS)


def ph_uk(f=None):
    k = pick(["lon", "geo", "mob", "mob"])
    if k == "lon":
        s = pick("378") + d(7)
        parts = ("20", s[:4], s[4:])
    elif k == "geo":
        s = pick("2345789") + d(6)
        parts = (pick(["161", "121", "131", "141", "113", "117", "151"]), s[:3], s[3:])
    else:
        parts = ("7" + pick("45789") + d(2), d(6))
    f = _f(f)
    if f == "e164":
        return "+44" + "".join(parts)
    if f == "intl":
        return pick(["+44 ", "+44 (0)", "0044 "]) + " ".join(parts)
    return "0" + " ".join(parts)


DE_GEO = [("30", 8), ("40", 8), ("89", 8), ("69", 7), ("221", 7), ("211", 7), ("711", 7),
          ("911", 7), ("351", 7), ("341", 6), ("6221", 6)]
DE_MOB = [("151", 8), ("152", 8), ("157", 8), ("160", 7), ("162", 7), ("170", 7), ("171", 7),
          ("172", 7), ("173", 7), ("175", 7), ("176", 8), ("177", 8), ("178", 8), ("179", 7)]


def ph_de(f=None):
    geo = chance(0.5)
    c, n = pick(DE_GEO if geo else DE_MOB)
    s = (pick("2345789") + d(n - 1)) if geo else nz(n)
    f = _f(f)
    if f == "e164":
        return "+49%s%s" % (c, s)
    if f == "intl":
        opts = ["+49 %s %s" % (c, s), "+49 (0)%s %s" % (c, s), "+49-%s-%s" % (c, s),
                "0049 %s %s" % (c, s)]
        if geo:
            opts.append("+49 %s %s-%s" % (c, s[:-2], s[-2:]))
        return pick(opts)
    return pick(["0%s %s" % (c, s), "0%s/%s" % (c, s), "(0%s) %s" % (c, s),
                 "0%s-%s" % (c, s), "0%s %s %s" % (c, s[:3], s[3:])])


def ph_at(f=None):
    if chance(0.5):
        c, s = pick(["664", "660", "676", "650", "699", "681"]), nz(7)
    else:
        c, n = pick([("1", 7), ("316", 6), ("662", 6), ("512", 6), ("732", 6)])
        s = pick("2345789") + d(n - 1)
    f = _f(f)
    if f == "e164":
        return "+43%s%s" % (c, s)
    if f == "intl":
        return pick(["+43 %s %s", "+43 (0)%s %s", "+43-%s-%s"]) % (c, s)
    return pick(["0%s %s", "0%s/%s"]) % (c, s)


def ph_ch(f=None):
    c = pick(["44", "43", "31", "61", "22", "21", "41", "71", "76", "77", "78", "79", "79"])
    s = pick("2345678") + d(6)
    g = "%s %s %s" % (s[:3], s[3:5], s[5:])
    f = _f(f)
    if f == "e164":
        return "+41%s%s" % (c, s)
    if f == "intl":
        return pick(["+41 %s %s", "+41 (0)%s %s", "0041 %s %s"]) % (c, g)
    return "0%s %s" % (c, g)


def ph_fr(f=None):
    a = pick("123456679")
    rest = d(8) if a != "7" else pick("345678") + d(7)
    pairs = [rest[i:i + 2] for i in range(0, 8, 2)]
    f = _f(f)
    if f == "e164":
        return "+33" + a + rest
    if f == "intl":
        return pick(["+33 ", "+33 (0)", "0033 "]) + a + " " + " ".join(pairs)
    sep = pick([" ", " ", ".", "-"])
    return pick(["0" + a + sep + sep.join(pairs), "0" + a + rest])


def ph_be(f=None):
    if chance(0.5):
        c, s = "4" + pick("789") + d(1), d(6)
        g = "%s %s %s" % (s[:2], s[2:4], s[4:])
    else:
        c, s = pick(["2", "3", "9"]), pick("2345") + d(6)
        g = "%s %s %s" % (s[:3], s[3:5], s[5:])
    f = _f(f)
    if f == "e164":
        return "+32%s%s" % (c, s)
    if f == "intl":
        return pick(["+32 %s %s", "+32 (0)%s %s"]) % (c, g)
    return pick(["0%s %s" % (c, g), "0%s/%s" % (c, g.replace(" ", "."))])


def ph_es(f=None):
    k = R.random()
    if k < 0.5:
        dg = "6" + d(8)
    elif k < 0.65:
        dg = "7" + pick("1234") + d(7)
    else:
        dg = pick(["91", "93", "95", "96", "94", "98"]) + pick("2345") + d(6)
    n3 = "%s %s %s" % (dg[:3], dg[3:6], dg[6:])
    n4 = "%s %s %s %s" % (dg[:3], dg[3:5], dg[5:7], dg[7:])
    f = _f(f)
    if f == "e164":
        return "+34" + dg
    if f == "intl":
        return pick(["+34 ", "(+34) ", "0034 "]) + pick([n3, n4])
    return pick([n3, n4, dg])


IT_MOB = ["320", "328", "329", "333", "334", "335", "338", "339", "340", "347", "348", "349",
          "351", "366", "388", "392"]


def ph_it(f=None):
    f = _f(f)
    if chance(0.55):
        p, s = pick(IT_MOB), d(7)
        nat = pick(["%s %s %s" % (p, s[:3], s[3:]), "%s %s" % (p, s), "%s%s" % (p, s)])
        full = p + s
    else:
        c, n = pick([("02", 8), ("06", 8), ("011", 7), ("081", 7), ("055", 7), ("051", 7),
                     ("041", 7), ("010", 7)])
        s = pick("2345789") + d(n - 1)
        nat = pick(["%s %s %s" % (c, s[:4], s[4:]) if n == 8 else "%s %s %s" % (c, s[:3], s[3:]),
                    "%s %s" % (c, s), "%s-%s" % (c, s)])
        full = c + s
    if f == "e164":
        return "+39" + full
    if f == "intl":
        return pick(["+39 ", "0039 ", "(+39) "]) + nat
    return nat


def ph_pt(f=None):
    if chance(0.6):
        dg = pick(["91", "92", "93", "96"]) + d(7)
    else:
        dg = pick(["21", "22"]) + pick("2345") + d(6)
    n3 = "%s %s %s" % (dg[:3], dg[3:6], dg[6:])
    f = _f(f)
    if f == "e164":
        return "+351" + dg
    if f == "intl":
        return pick(["+351 ", "00351 ", "(+351) "]) + n3
    return pick([n3, dg])


def ph_br(f=None):
    a = pick(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48"])
    if chance(0.65):
        s = "9" + pick("6789") + d(7)
        n = "%s-%s" % (s[:5], s[5:])
    else:
        s = pick("2345") + d(7)
        n = "%s-%s" % (s[:4], s[4:])
    f = _f(f)
    if f == "e164":
        return "+55%s%s" % (a, s)
    if f == "intl":
        return pick(["+55 %s %s", "+55 (%s) %s"]) % (a, n)
    return pick(["(%s) %s", "(%s)%s", "%s %s"]) % (a, n)


def ph_nl(f=None):
    f = _f(f)
    if chance(0.55):
        s = pick("12345678") + d(7)
        if f == "e164":
            return "+316" + s
        if f == "intl":
            return pick(["+31 6 %s %s" % (s[:4], s[4:]), "+31 (0)6 %s" % s, "+31 6 %s" % s,
                         "0031 6 %s" % s])
        return pick(["06-%s" % s, "06 %s %s" % (s[:4], s[4:]),
                     "06 %s %s %s %s" % (s[:2], s[2:4], s[4:6], s[6:]), "06%s" % s])
    c = pick(["20", "10", "70", "30", "40", "50"])
    s = pick("2345678") + d(6)
    if f == "e164":
        return "+31%s%s" % (c, s)
    if f == "intl":
        return pick(["+31 %s %s %s", "+31 (0)%s %s %s"]) % (c, s[:3], s[3:])
    return pick(["0%s-%s %s" % (c, s[:3], s[3:]), "0%s %s %s" % (c, s[:3], s[3:]),
                 "(0%s) %s %s %s" % (c, s[:3], s[3:5], s[5:]), "0%s-%s" % (c, s)])


def ph_pl(f=None):
    f = _f(f)
    if chance(0.6):
        s = pick(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + d(7)
        g = pick(["%s %s %s", "%s-%s-%s"]) % (s[:3], s[3:6], s[6:])
    else:
        s = pick(["22", "12", "71", "58", "61"]) + pick("2345678") + d(6)
        g = pick(["%s %s %s %s", "(%s) %s %s %s" if f == "nat" else "%s %s %s %s"]) % (s[:2], s[2:5], s[5:7], s[7:])
    if f == "e164":
        return "+48" + s
    if f == "intl":
        return pick(["+48 ", "0048 ", "(+48) "]) + g
    return g


def ph_jp(f=None):
    f = _f(f)
    k = R.random()
    if k < 0.45:
        p, a, b = pick(["90", "80", "70"]), d(4), d(4)
        nat = "0%s-%s-%s" % (p, a, b)
    elif k < 0.75:
        p, a, b = pick(["3", "6"]), pick("3456") + d(3), d(4)
        nat = pick(["0%s-%s-%s", "0%s(%s)%s"]) % (p, a, b)
    else:
        p, a, b = pick(["52", "45", "11", "92", "75", "78"]), pick("2345789") + d(2), d(4)
        nat = "0%s-%s-%s" % (p, a, b)
    if f == "e164":
        return "+81%s%s%s" % (p, a, b)
    if f == "intl":
        return pick(["+81 %s-%s-%s", "+81-%s-%s-%s", "+81 %s %s %s"]) % (p, a, b)
    return nat


def ph_au(f=None):
    f = _f(f)
    if chance(0.5):
        s = "4" + d(8)
        if f == "e164":
            return "+61" + s
        if f == "intl":
            return "+61 %s %s %s" % (s[:3], s[3:6], s[6:])
        return "0%s %s %s" % (s[:3], s[3:6], s[6:])
    c, s = pick("2378"), pick("3456789") + d(7)
    if f == "e164":
        return "+61%s%s" % (c, s)
    if f == "intl":
        return "+61 %s %s %s" % (c, s[:4], s[4:])
    return pick(["(0%s) %s %s", "0%s %s %s"]) % (c, s[:4], s[4:])


def ph_in(f=None):
    f = _f(f)
    if chance(0.6):
        s = pick("6789") + d(9)
        if f == "e164":
            return "+91" + s
        if f == "intl":
            return pick(["+91 %s %s" % (s[:5], s[5:]), "+91-%s" % s, "+91 %s" % s])
        return "%s %s" % (s[:5], s[5:])
    c, s = pick(["22", "11", "80", "44", "40", "33"]), pick("2346") + d(7)
    if f == "e164":
        return "+91%s%s" % (c, s)
    if f == "intl":
        return "+91 %s %s %s" % (c, s[:4], s[4:])
    return "0%s %s %s" % (c, s[:4], s[4:])


def ph_se(f=None):
    f = _f(f)
    if chance(0.5):
        c, s = pick(["70", "72", "73", "76", "79"]), d(7)
    else:
        c, s = "8", pick("2345679") + d(6)
    g = "%s %s %s" % (s[:3], s[3:5], s[5:])
    if f == "e164":
        return "+46%s%s" % (c, s)
    if f == "intl":
        return "+46 %s %s" % (c, g)
    return "0%s-%s" % (c, g)


def ph_ie(f=None):
    f = _f(f)
    if chance(0.5):
        c, s = pick(["83", "85", "86", "87", "89"]), pick("2345678") + d(6)
        nat = "0%s %s %s" % (c, s[:3], s[3:])
    else:
        c, s = "1", pick("2345689") + d(6)
        nat = pick(["(01) %s %s", "01 %s %s"]) % (s[:3], s[3:])
    if f == "e164":
        return "+353%s%s" % (c, s)
    if f == "intl":
        return pick(["+353 %s %s %s", "+353 (0)%s %s %s"]) % (c, s[:3], s[3:])
    return nat


def ph_dk(f=None):
    s = pick("2345678") + d(7)
    g = "%s %s %s %s" % (s[:2], s[2:4], s[4:6], s[6:])
    f = _f(f)
    return {"e164": "+45" + s, "intl": "+45 " + g}.get(f, g)


def ph_no(f=None):
    s = pick("49") + d(7)
    g = "%s %s %s" % (s[:3], s[3:5], s[5:])
    f = _f(f)
    return {"e164": "+47" + s, "intl": "+47 " + g}.get(f, g)


def ph_mx(f=None):
    c, s = pick(["55", "33", "81"]), pick("1234589") + d(7)
    f = _f(f)
    if f == "e164":
        return "+52%s%s" % (c, s)
    if f == "intl":
        return "+52 %s %s %s" % (c, s[:4], s[4:])
    return pick(["%s %s %s", "(%s) %s %s"]) % (c, s[:4], s[4:])


def ph_kr(f=None):
    a, b = d(4), d(4)
    f = _f(f)
    if f == "e164":
        return "+8210%s%s" % (a, b)
    if f == "intl":
        return pick(["+82 10-%s-%s", "+82 10 %s %s"]) % (a, b)
    return "010-%s-%s" % (a, b)


def with_ext(p):
    return p + pick([" x", "x", " ext. ", " ext ", " Ext. "]) + str(R.randint(10, 9999))


# ============================================================================ IBANs
def _esdc(s):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
    return "0" if r == 11 else "1" if r == 10 else str(r)


_IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]


def _itcin(s):
    tot = 0
    for i, c in enumerate(s):
        tot += _IT_ODD[int(c)] if i % 2 == 0 else int(c)
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[tot % 26]


def _bban_be():
    b, a = pick(["001", "068", "310", "363", "734", "750", "063", "088"]), d(7)
    return b + a + "%02d" % (int(b + a) % 97 or 97)


def _bban_fr():
    b, g, a = pick(["30004", "30003", "20041", "10278", "30002", "11315", "18206"]), d(5), d(11)
    return b + g + a + "%02d" % (97 - (89 * int(b) + 15 * int(g) + 3 * int(a)) % 97)


def _bban_es():
    e, o, a = pick(["2100", "0049", "0182", "0081", "1465", "2080", "0128"]), d(4), d(10)
    return e + o + _esdc("00" + e + o) + _esdc(a) + a


def _bban_it():
    body = pick(["03069", "02008", "05034", "03111", "01030", "05696"]) + d(5) + d(12)
    return _itcin(body) + body


def _bban_pt():
    nib = pick(["0035", "0033", "0007", "0010", "0036", "0018", "0269"]) + d(4) + d(11)
    return nib + "%02d" % (98 - int(nib) * 100 % 97)


def _bban_pl():
    s = pick(["1090", "1140", "1020", "1050", "1240", "1160", "2490"]) + d(3)
    w = [3, 9, 7, 1, 3, 9, 7]
    return s + str((10 - sum(int(c) * w[i] for i, c in enumerate(s)) % 10) % 10) + d(16)


def _bban_no():
    while True:
        body = pick(["1503", "8601", "9710", "6345"]) + d(6)
        w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        r = sum(int(c) * w[i] for i, c in enumerate(body)) % 11
        k = 0 if r == 0 else 11 - r
        if k != 10:
            return body + str(k)


BBAN = {
    "DE": lambda: pick(["37040044", "10070000", "50010517", "20041133", "70150000", "12030000",
                        "10011001", "43060967", "76050101"]) + d(10),
    "GB": lambda: pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "SRLG", "MONZ"]) + d(14),
    "IE": lambda: pick(["AIBK", "BOFI", "IPBS", "ULSB"]) + d(14),
    "NL": lambda: pick(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "BUNQ", "ASNB"]) + d(10),
    "AT": lambda: pick(["12000", "20111", "32000", "14000", "19043"]) + d(11),
    "CH": lambda: pick(["00762", "00230", "00700", "09000", "80808"]) + d(12),
    "LI": lambda: "08800" + d(12),
    "LU": lambda: pick(["001", "002", "003", "019", "141"]) + d(13),
    "BE": _bban_be, "FR": _bban_fr, "ES": _bban_es, "IT": _bban_it, "PT": _bban_pt,
    "PL": _bban_pl, "NO": _bban_no,
    "SE": lambda: pick(["500", "800", "600", "300", "957"]) + d(17),
    "DK": lambda: pick(["0040", "3000", "2000", "9570"]) + d(10),
    "FI": lambda: pick(["100", "123", "800", "157"]) + d(11),
    "CZ": lambda: pick(["0800", "0100", "0300", "2010", "0600"]) + d(16),
    "SK": lambda: pick(["0900", "1100", "0200", "7500"]) + d(16),
    "HU": lambda: pick(["117", "104", "120"]) + d(21),
    "GR": lambda: pick(["011", "014", "017", "026"]) + d(20),
    "HR": lambda: pick(["2340009", "2484008", "2360000"]) + d(10),
    "RO": lambda: pick(["RNCB", "BTRL", "BRDE", "INGB"]) + d(16),
    "LT": lambda: pick(["73000", "70440", "40100"]) + d(11),
    "MT": lambda: pick(["MALT", "VALL", "APSB"]) + d(23),
    "CY": lambda: pick(["002", "005"]) + d(21),
    "BG": lambda: pick(["BNBG", "UNCR", "STSA"]) + d(14),
    "TR": lambda: pick(["00010", "00012", "00046", "00062"]) + "0" + d(16),
    "SA": lambda: pick(["80", "10", "45"]) + d(18),
    "AE": lambda: pick(["033", "026", "030"]) + d(16),
}


BICS = {"DE": ["COBADEFFXXX", "DEUTDEDBXXX", "GENODEF1S04", "INGDDEFFXXX", "BYLADEMMXXX"],
        "AT": ["BKAUATWW", "RLNWATWW", "GIBAATWWXXX"], "CH": ["UBSWCHZH80A", "CRESCHZZ80A", "POFICHBEXXX"],
        "FR": ["BNPAFRPPXXX", "SOGEFRPP", "PSSTFRPPPAR", "CRLYFRPP"], "BE": ["GEBABEBB", "BBRUBEBB", "GKCCBEBB"],
        "NL": ["INGBNL2A", "RABONL2U", "ABNANL2A", "BUNQNL2A"], "ES": ["CAIXESBBXXX", "BSCHESMM", "BBVAESMM"],
        "IT": ["UNCRITMMXXX", "BCITITMM", "BPMOIT22XXX"], "PT": ["CGDIPTPL", "BCOMPTPL", "BESCPTPL"],
        "PL": ["BPKOPLPW", "WBKPPLPP", "BREXPLPW"], "GB": ["NWBKGB2L", "BARCGB22", "LOYDGB2L"],
        "IE": ["AIBKIE2D", "BOFIIE2D"], "SE": ["SWEDSESS", "ESSESESS"], "DK": ["DABADKKK"], "NO": ["DNBANOKK"]}


def bic(cc):
    return pick(BICS.get(cc, ["DEUTDEFFXXX", "BNPAFRPPXXX"]))


def iban_raw(cc):
    b = BBAN[cc]()
    s = cc + "%02d" % (98 - mod97(b + cc + "00")) + b
    assert len(s) == IBAN_LEN[cc] and mod97(s[4:] + s[:4]) == 1, s
    return s


def spaced(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban(cc=None, sp=None):
    cc = cc or pick(["DE", "DE", "FR", "ES", "IT", "NL", "BE", "AT", "GB", "IE", "PT", "PL",
                     "CH", "LU", "SE", "DK", "FI", "NO", "CZ", "HU", "GR", "HR", "RO", "MT",
                     "CY", "LT", "BG", "TR", "SA", "AE", "SK", "LI"])
    s = iban_raw(cc)
    if sp is None:
        sp = chance(0.4)
    return spaced(s) if sp else s


def bad_iban(cc=None, sp=None):
    """IBAN-shaped, right length, wrong mod-97."""
    s = iban(cc, sp=False)
    while True:
        if chance(0.5):
            t = s[:2] + "%02d" % R.randint(2, 98) + s[4:]
        else:
            i = R.randint(5, len(s) - 1)
            if not s[i].isdigit():
                continue
            t = s[:i] + str((int(s[i]) + R.randint(1, 9)) % 10) + s[i + 1:]
        if mod97(t[4:] + t[:4]) != 1:
            break
    if sp is None:
        sp = chance(0.4)
    return spaced(t) if sp else t


# ============================================================================ cards
def _cc_prefix(brand):
    return {
        "visa": lambda: "4" + pick(["539", "556", "916", "532", "929", "485", "716", "024",
                                    "147", "263", "475", "893"]),
        "mc": lambda: pick([str(R.randint(51, 55)) + d(2), str(R.randint(2221, 2720))]),
        "amex": lambda: pick(["34", "37"]) + d(2),
        "disc": lambda: pick(["6011", "65" + d(2), str(R.randint(644, 649)) + d(1)]),
        "jcb": lambda: str(R.randint(3528, 3589)),
        "diners": lambda: pick(["36" + d(2), str(R.randint(300, 305)) + d(1)]),
        "cup": lambda: "62" + pick(["12", "22", "84", "17"]),
        "maestro": lambda: pick(["6759", "5018", "5020", "6304"]),
    }[brand]()


_CC_LEN = {"visa": 16, "mc": 16, "amex": 15, "disc": 16, "jcb": 16, "diners": 14, "cup": 16,
           "maestro": 16}


def card_digits(brand=None):
    brand = brand or pick(["visa", "visa", "visa", "mc", "mc", "mc", "amex", "amex", "disc",
                           "jcb", "diners", "cup", "maestro"])
    n = _CC_LEN[brand]
    if brand in ("cup", "maestro") and chance(0.3):
        n = 19
    body = _cc_prefix(brand)
    body += d(n - 1 - len(body))
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


def group_card(s, sep=None):
    if sep is None:
        sep = pick([" ", " ", "-", ""])
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


def bad_card(sep=None):
    s = card_digits(pick(["visa", "mc", "disc"]))
    s = s[:-1] + str((int(s[-1]) + R.randint(1, 9)) % 10)
    assert not luhn_ok(s)
    return group_card(s, sep)


def masked_card(s=None):
    s = s or card_digits()
    return pick([s[:6] + "*" * (len(s) - 10) + s[-4:], "**** **** **** " + s[-4:],
                 "XXXX-XXXX-XXXX-" + s[-4:], "•••• " + s[-4:], s[:4] + " **** **** " + s[-4:]])


# ============================================================================ SSNs
def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))


def bad_ssn():
    k = R.randint(0, 4)
    a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
    if a == 666:
        a = 665
    if k == 0:
        a = 0
    elif k == 1:
        a = 666
    elif k == 2:
        a = R.randint(900, 999)
    elif k == 3:
        g = 0
    else:
        s = 0
    v = "%03d-%02d-%04d" % (a, g, s)
    assert not ssn_ok(v)
    return v


def itin():
    return "9%02d-%02d-%04d" % (R.randint(0, 99), pick([70, 71, 75, 78, 80, 83, 88, 92]),
                                R.randint(1, 9999))


# ============================================================================ IPs
PUB_FIRST = [23, 24, 31, 37, 46, 50, 62, 63, 66, 68, 71, 73, 76, 77, 78, 79, 80, 81, 82, 83,
             84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 104, 107, 108,
             109, 141, 145, 151, 162, 173, 176, 178, 185, 188, 193, 194, 195, 199, 204, 207,
             208, 209, 212, 213, 217]


def ipv4_pub():
    return "%d.%d.%d.%d" % (pick(PUB_FIRST), R.randint(0, 255), R.randint(0, 255),
                            R.randint(1, 254))


def ipv4_priv():
    return pick(["10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)),
                 "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254)),
                 "192.168.%d.%d" % (R.randint(0, 30), R.randint(2, 254))])


def ipv4_doc():
    return "%s.%d" % (pick(["192.0.2", "198.51.100", "203.0.113"]), R.randint(1, 254))


def ipv4():
    k = R.random()
    return ipv4_pub() if k < 0.6 else ipv4_priv() if k < 0.85 else ipv4_doc()


V6_PREFIX = ["2001:db8", "2a02:8108", "2a01:cb08", "2003:e2", "2600:1700", "2607:fb90",
             "2a00:23c7", "2804:14c", "2400:4050", "2001:16b8", "2a02:a45e", "2c0f:f4c0",
             "2a0a:a547", "2001:1c00"]


def ipv6(style=None):
    style = style or pick(["comp", "comp", "comp", "full", "nozip", "mapped", "ll", "upper"])
    if style == "mapped":
        return "::ffff:" + pick([ipv4_priv, ipv4_pub])()
    if style == "ll":
        g = ["fe80", "0", "0", "0", hx(4), hx(2) + "ff", "fe" + hx(2), hx(4)]
    else:
        g = pick(V6_PREFIX).split(":")
        while len(g) < 8:
            g.append(hx(R.randint(1, 4)))
        if chance(0.7):
            i = R.randint(2, 5)
            for j in range(i, min(8, i + R.randint(1, 3))):
                g[j] = "0"
    a = ipaddress.IPv6Address(":".join(g))
    if style == "full":
        return a.exploded
    if style == "nozip":
        return ":".join(x.lstrip("0") or "0" for x in a.exploded.split(":"))
    if style == "upper":
        return a.compressed.upper()
    return a.compressed


def ip_any():
    return ipv6() if chance(0.3) else ipv4()


def bad_octet():
    o = [R.randint(1, 223), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)]
    o[R.randint(1, 3)] = R.randint(256, 999)
    return ".".join(map(str, o))


# ============================================================================ people, locales
NAMES = {
    "en": (["James", "Olivia", "Ethan", "Chloe", "Marcus", "Priya", "Daniel", "Hannah", "Tyler",
            "Grace", "Andre", "Megan", "Kevin", "Lauren", "Jamal", "Rachel", "Connor", "Aisha"],
           ["Whitaker", "Okafor", "Brennan", "Castillo", "Nguyen", "Holloway", "Patel",
            "Sutherland", "McAllister", "Reyes", "Donovan", "Fitzgerald", "Barnes", "Caldwell",
            "Harrington", "O'Connell", "Pruitt", "Lindsey"]),
    "de": (["Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Maximilian", "Sophie", "Tobias",
            "Katharina", "Jürgen", "Sabine", "Uwe", "Birgit", "Dominik", "Franziska"],
           ["Müller", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer",
            "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Krüger"]),
    "fr": (["Camille", "Louis", "Chloé", "Hugo", "Léa", "Mathieu", "Élodie", "Antoine", "Manon",
            "Julien", "Inès", "Nicolas", "Margaux", "Bastien"],
           ["Lefebvre", "Moreau", "Girard", "Fournier", "Mercier", "Dupont", "Lambert", "Bonnet",
            "Fontaine", "Rousseau", "Chevalier", "Garnier", "Perrin", "Morel"]),
    "es": (["Alejandro", "Lucía", "Javier", "Carmen", "Sergio", "Marta", "Pablo", "Elena",
            "Diego", "Nuria", "Álvaro", "Rocío"],
           ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres",
            "Domínguez", "Gil", "Ortega", "Rubio"]),
    "it": (["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Federica", "Matteo",
            "Valentina", "Davide", "Sara", "Lorenzo"],
           ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Conti"]),
    "pt": (["João", "Inês", "Tiago", "Beatriz", "Rui", "Mariana", "Pedro", "Catarina", "Gonçalo",
            "Sofia", "Lucas", "Larissa", "Rafael", "Juliana"],
           ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins",
            "Sousa", "Gomes", "Carvalho", "Ribeiro", "Almeida", "Barbosa"]),
    "nl": (["Daan", "Sanne", "Bram", "Lotte", "Jeroen", "Femke", "Thijs", "Anouk", "Ruben", "Eva",
            "Maarten", "Ilse"],
           ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
            "Mulder", "van Dijk", "Dekker", "Hendriks"]),
    "pl": (["Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Paweł", "Joanna", "Michał",
            "Ewa", "Krzysztof"],
           ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zieliński",
            "Szymańska", "Dąbrowski", "Kozłowska"]),
    "sv": (["Erik", "Ingrid", "Oskar", "Elin", "Johan", "Maja", "Mads", "Freja", "Sindre",
            "Ingvild", "Aino", "Mikko"],
           ["Lindberg", "Johansson", "Nyström", "Berglund", "Holm", "Sjöberg", "Nielsen",
            "Sørensen", "Haugen", "Bakke", "Virtanen", "Korhonen"]),
}
JA_LAST = [("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"),
           ("伊藤", "Ito"), ("渡辺", "Watanabe"), ("山本", "Yamamoto"), ("中村", "Nakamura")]
JA_FIRST = [("健太", "Kenta"), ("美咲", "Misaki"), ("翔", "Sho"), ("陽菜", "Hina"),
            ("大輔", "Daisuke"), ("由美", "Yumi"), ("拓也", "Takuya"), ("彩", "Aya")]

MAILS = {
    "us": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net", "hotmail.com",
           "aol.com", "att.net"],
    "ca": ["gmail.com", "rogers.com", "shaw.ca", "videotron.ca", "sympatico.ca"],
    "uk": ["btinternet.com", "yahoo.co.uk", "sky.com", "outlook.com", "gmail.com",
           "virginmedia.com"],
    "ie": ["eircom.net", "gmail.com", "hotmail.com"],
    "de": ["web.de", "gmx.de", "t-online.de", "posteo.de", "gmx.net", "mailbox.org"],
    "at": ["gmx.at", "aon.at", "chello.at"],
    "ch": ["bluewin.ch", "gmx.ch", "sunrise.ch"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "gmail.com"],
    "be": ["skynet.be", "telenet.be", "proximus.be"],
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"],
    "mx": ["prodigy.net.mx", "hotmail.com", "gmail.com"],
    "it": ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "gmail.com"],
    "pt": ["sapo.pt", "gmail.com", "netcabo.pt"],
    "br": ["uol.com.br", "bol.com.br", "terra.com.br", "gmail.com"],
    "nl": ["ziggo.nl", "kpnmail.nl", "hotmail.nl", "xs4all.nl", "planet.nl"],
    "pl": ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gazeta.pl"],
    "jp": ["yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "gmail.com", "nifty.com"],
    "se": ["telia.com", "bredband.net", "gmail.com"],
    "dk": ["mail.dk", "gmail.com"], "no": ["online.no", "gmail.com"],
    "au": ["bigpond.com", "optusnet.com.au", "gmail.com"],
    "in": ["gmail.com", "rediffmail.com", "yahoo.co.in"],
}
COMPANY = {
    "us": ["harborline.com", "brightwave.io", "cobaltridge.com", "northpeak-health.org",
           "tallgrass-analytics.com"],
    "ca": ["maplecrest.ca", "lakeshore-dental.ca"],
    "uk": ["kestrel-analytics.co.uk", "thamesgate.co.uk", "pennine-freight.co.uk"],
    "ie": ["liffeysoftware.ie"],
    "de": ["nordlicht-logistik.de", "schrauben-hoffmann.de", "kanzlei-richter.de",
           "elbtal-energie.de"],
    "at": ["alpenblick-hotel.at", "donau-versand.at"],
    "ch": ["uhrwerk-treuhand.ch", "seeblick-immobilien.ch"],
    "fr": ["atelier-girard.fr", "transports-morel.fr", "cabinet-perrin.fr"],
    "be": ["brasserie-lambic.be", "groep-peeters.be"],
    "es": ["ferreteria-ortega.es", "clinica-albufera.es", "grupo-mirador.es"],
    "mx": ["grupo-mirador.com.mx"],
    "it": ["studio-colombo.it", "ceramiche-greco.it", "trasporti-bruno.it"],
    "pt": ["casa-silva.pt", "vinhos-douro.pt"],
    "br": ["lojadosul.com.br", "agro-ribeiro.com.br"],
    "nl": ["bakkerij-smit.nl", "fietsplan.nl", "dekker-installatie.nl"],
    "pl": ["hurtownia-nowak.pl", "biuro-zielinski.pl"],
    "jp": ["tanaka-shoji.co.jp", "sakura-denki.co.jp"],
    "se": ["nordvik.se", "fjallgarden.se"], "dk": ["havnen-shipping.dk"],
    "no": ["fjordkraft-service.no"], "au": ["coralbay.com.au"], "in": ["zenith-infra.in"],
}
LANG = {"us": "en", "ca": "en", "uk": "en", "ie": "en", "au": "en", "in": "en", "de": "de",
        "at": "de", "ch": "de", "fr": "fr", "be": "fr", "es": "es", "mx": "es", "it": "it",
        "pt": "pt", "br": "pt", "nl": "nl", "pl": "pl", "jp": "ja", "se": "sv", "dk": "sv",
        "no": "sv"}
PHONES = {"us": ph_us, "ca": ph_ca, "uk": ph_uk, "ie": ph_ie, "au": ph_au, "in": ph_in,
          "de": ph_de, "at": ph_at, "ch": ph_ch, "fr": ph_fr, "be": ph_be, "es": ph_es,
          "mx": ph_mx, "it": ph_it, "pt": ph_pt, "br": ph_br, "nl": ph_nl, "pl": ph_pl,
          "jp": ph_jp, "se": ph_se, "dk": ph_dk, "no": ph_no}
IBANCC = {"uk": "GB", "ie": "IE", "de": "DE", "at": "AT", "ch": "CH", "fr": "FR", "be": "BE",
          "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "pl": "PL", "se": "SE", "dk": "DK",
          "no": "NO"}
POST = {
    "us": [("02139", "Cambridge, MA"), ("60614", "Chicago, IL"), ("94107", "San Francisco, CA"),
           ("78701", "Austin, TX"), ("10013", "New York, NY"), ("98109", "Seattle, WA")],
    "ca": [("M5V 2T6", "Toronto, ON"), ("H2X 1Y4", "Montréal, QC")],
    "uk": [("M1 4BT", "Manchester"), ("EC2A 4NE", "London"), ("EH1 1YZ", "Edinburgh"),
           ("B1 1BB", "Birmingham"), ("LS1 4DY", "Leeds")],
    "ie": [("D02 X285", "Dublin"), ("T12 R2NC", "Cork")],
    "de": [("10115", "Berlin"), ("80331", "München"), ("50667", "Köln"), ("20095", "Hamburg"),
           ("60311", "Frankfurt am Main"), ("01067", "Dresden")],
    "at": [("1010", "Wien"), ("8010", "Graz"), ("5020", "Salzburg")],
    "ch": [("8001", "Zürich"), ("3011", "Bern"), ("1204", "Genève")],
    "fr": [("75008", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("31000", "Toulouse"),
           ("33000", "Bordeaux")],
    "be": [("1000", "Bruxelles"), ("2000", "Antwerpen"), ("4000", "Liège")],
    "es": [("28013", "Madrid"), ("08001", "Barcelona"), ("46001", "Valencia"),
           ("41001", "Sevilla")],
    "mx": [("06700", "Ciudad de México"), ("44100", "Guadalajara")],
    "it": [("20121", "Milano"), ("00184", "Roma"), ("10121", "Torino"), ("80133", "Napoli"),
           ("50123", "Firenze")],
    "pt": [("1100-148", "Lisboa"), ("4000-322", "Porto"), ("3000-143", "Coimbra")],
    "br": [("01310-100", "São Paulo"), ("20040-002", "Rio de Janeiro")],
    "nl": [("1012 JS", "Amsterdam"), ("3011 AD", "Rotterdam"), ("3511 LX", "Utrecht"),
           ("2511 CV", "Den Haag")],
    "pl": [("00-950", "Warszawa"), ("31-011", "Kraków"), ("50-077", "Wrocław"),
           ("80-831", "Gdańsk")],
    "jp": [("100-0005", "東京都千代田区丸の内"), ("530-0001", "大阪府大阪市北区梅田"),
           ("460-0008", "愛知県名古屋市中区栄")],
    "se": [("111 57", "Stockholm"), ("411 03", "Göteborg")], "dk": [("1050", "København K")],
    "no": [("0150", "Oslo")], "au": [("2000", "Sydney NSW"), ("3000", "Melbourne VIC")],
    "in": [("400001", "Mumbai"), ("560001", "Bengaluru")],
}
LOCS = list(PHONES)


class Person:
    def __init__(self, loc=None):
        self.loc = loc = loc or pick(LOCS)
        lang = LANG[loc]
        if lang == "ja":
            (kl, rl), (kf, rf) = pick(JA_LAST), pick(JA_FIRST)
            self.first, self.last, self.full = kf, kl, kl + " " + kf
            self.rfirst, self.rlast = rf, rl
        else:
            key = "pt" if lang == "pt" else lang if lang in NAMES else "en"
            self.first, self.last = pick(NAMES[key][0]), pick(NAMES[key][1])
            self.full = self.first + " " + self.last
            self.rfirst, self.rlast = self.first, self.last
        self.zip, self.city = pick(POST[loc])

    def email(self, work=False, domain=None):
        f = fold(self.rfirst).lower().replace(" ", "").replace("'", "")
        ln = fold(self.rlast).lower().replace(" ", "").replace("'", "")
        if work or domain:
            dom = domain or pick(COMPANY[self.loc])
            lp = pick(["%s.%s" % (f, ln), "%s%s" % (f[0], ln), "%s" % f, "%s.%s" % (f[0], ln),
                       "%s_%s" % (f, ln)])
        else:
            dom = pick(MAILS[self.loc])
            lp = pick(["%s.%s" % (f, ln), "%s.%s" % (f[0], ln), "%s%s" % (f, ln),
                       "%s_%s" % (f, ln), "%s.%s" % (ln, f), "%s%d" % (f, R.randint(1, 99)),
                       "%s.%s%d" % (f, ln, R.randint(70, 99)), "%s%s" % (f[0], ln),
                       "%s-%s" % (f, ln), "%s.%s+%s" % (f, ln, pick(["shop", "news", "bills"]))])
        if chance(0.07):
            lp = lp.title()
        return lp + "@" + dom

    def phone(self, f=None):
        return PHONES[self.loc](f)

    def iban(self, sp=None):
        return iban(IBANCC.get(self.loc), sp)


ROLES = {"en": ["support", "billing", "accounts", "helpdesk", "hello", "customercare"],
         "de": ["kontakt", "service", "buchhaltung", "kundenservice"], "fr": ["contact", "facturation", "sav", "service-client"],
         "es": ["atencion", "ventas", "administracion", "clientes"], "it": ["assistenza", "amministrazione", "info", "ordini"],
         "pt": ["apoio", "geral", "faturacao"], "nl": ["klantenservice", "info", "administratie"],
         "pl": ["biuro", "bok", "faktury"], "ja": ["support", "info", "sales"], "sv": ["kundtjanst", "info", "faktura"]}


def role_mail(loc, role=None, domain=None):
    role = role or pick(ROLES[LANG[loc]] + ["info", "support"])
    return role + "@" + (domain or pick(COMPANY[loc]))


# ============================================================================ look-alikes
def order_id(t=None):
    y = (t or rdt()).year
    return pick(["ORD-%d-%s" % (y, d(6)), "#%d" % R.randint(1000, 99999), "SO%s" % d(8),
                 "%d" % R.randint(10 ** 9, 10 ** 10 - 1), "%s-%s-%s" % (d(3), d(7), d(7)),
                 "BST-%s" % d(5), "CMD%s" % d(9), "PO-%s" % d(6)])


def invoice_id(t=None):
    t = t or rdt()
    return pick(["INV-%d-%s" % (t.year, d(5)), "RE-%d-%s" % (t.year, d(4)),
                 "FA%d%s" % (t.year, d(5)), "FAC/%d/%s" % (t.year, d(4)),
                 "FV/%d/%02d/%d" % (R.randint(1, 400), t.month, t.year), "%d/%s" % (t.year, d(6)),
                 "F-%s" % d(7)])


def ticket_id():
    return pick(["#%d" % R.randint(10000, 999999), "CS-%s" % d(5), "INC%s" % d(7),
                 "SR-%s" % d(6), "ZD-%s" % d(5), "OPS-%d" % R.randint(100, 9999)])


def cust_id():
    return pick(["CUST-%s" % d(6), "C%s" % d(7), "K-%s" % d(5), "KD%s" % d(6), "%d" % R.randint(10000, 9999999)])


def semver():
    return "%d.%d.%d" % (R.randint(0, 12), R.randint(0, 40), R.randint(0, 30))


def money(loc):
    v = R.randint(100, 999999) / 100
    a = "{:,.2f}".format(v)
    if loc in ("us", "uk", "ie", "au", "ca", "in", "mx", "jp"):
        sym = {"us": "$", "ca": "CA$", "uk": "£", "ie": "€", "au": "A$", "in": "₹", "mx": "MX$",
               "jp": "¥"}[loc]
        if loc == "jp":
            return "¥{:,}".format(int(v * 100))
        return sym + a
    eu = a.replace(",", "\u2009" if loc == "fr" else "X").replace(".", ",").replace("X", ".")
    cur = {"ch": "CHF", "pl": "zł", "se": "kr", "dk": "kr.", "no": "kr", "br": "R$"}.get(loc, "€")
    return ("%s %s" % (cur, eu)) if loc in ("ch", "br") else "%s %s" % (eu, cur)


def J(o, indent=None, loose=False):
    if indent:
        return json.dumps(o, ensure_ascii=False, indent=indent)
    return json.dumps(o, ensure_ascii=False, separators=(", ", ": ") if loose else (",", ":"))


def ms_later(t, lo=5, hi=900):
    return t + dt.timedelta(milliseconds=R.randint(lo, hi))


# ============================================================================ logs and JSON
def t_spring():
    p, t, pid = Person(), rdt(), R.randint(1000, 65000)
    th = "nio-%s-exec-%d" % (pick(["8080", "8443", "9090"]), R.randint(1, 10))
    pkg = pick(["c.h.crm", "d.n.kunden", "c.b.accounts", "i.s.portal"])
    cid = R.randint(10000, 999999)
    clock = [t]

    def ts():
        clock[0] = ms_later(clock[0])
        return clock[0].strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    L = ["%s  INFO %d --- [%s] %s.web.ContactController     : PATCH /api/v3/contacts/%d by ops-%s "
         "from %s" % (ts(), pid, th, pkg, cid, d(3), P(ip_any(), IP))]
    if chance(0.5):
        L.append("%s  WARN %d --- [%s] %s.service.ContactService    : phone changed for contact %d: "
                 "'%s' -> '%s' (ticket %s)" % (ts(), pid, th, pkg, cid, P(p.phone(), PHONE),
                                               P(p.phone(), PHONE), ticket_id()))
    else:
        L.append("%s  WARN %d --- [%s] %s.service.ContactService    : contact %d e-mail changed from "
                 "<%s> to <%s>; confirmation queued (msgId=%s)"
                 % (ts(), pid, th, pkg, cid, P(p.email(), EMAIL), P(p.email(work=True), EMAIL), uid()))
    L.append("%s DEBUG %d --- [%s] o.h.engine.jdbc.spi.SqlStatementLogger : update contact set "
             "version=?, updated_at=? where id=? and version=? -- [%d, %s, %d, %d]"
             % (ts(), pid, th, R.randint(2, 40), iso(clock[0], z=False)[:23], cid, R.randint(1, 39)))
    L.append("%s  INFO %d --- [%s] %s.web.RequestLoggingFilter   : completed 200 in %dms "
             "(requestId=%s)" % (ts(), pid, th, pkg, R.randint(8, 900), hx(16)))
    return "\n".join(L)


def t_rails():
    p, t = Person(pick(["nl", "de", "be", "at", "fr", "es"])), rdt()
    ip = P(pick([ipv4_pub, lambda: ipv6("comp")])(), IP)
    params = [('"holder"', '"%s"' % p.full), ('"iban"', '"%s"' % P(p.iban(sp=chance(0.3)), IBAN)),
              ('"email"', '"%s"' % P(p.email(), EMAIL))]
    if chance(0.3):
        params.append(('"phone"', '"%s"' % P(p.phone(), PHONE)))
    params.append(('"postcode"', '"%s"' % p.zip))
    body = ", ".join("%s=>%s" % kv for kv in params)
    verb = pick(["Opslaan", "Speichern", "Enregistrer", "Guardar", "Save"])
    L = ['Started PATCH "/account/billing" for %s at %s' % (ip, t.strftime("%Y-%m-%d %H:%M:%S +0100")),
         "Processing by Account::BillingController#update as HTML",
         '  Parameters: {"authenticity_token"=>"[FILTERED]", "billing"=>{%s}, "commit"=>"%s", '
         '"locale"=>"%s"}' % (body, verb, LANG[p.loc]),
         "  Customer Load (0.%dms)  SELECT \"customers\".* FROM \"customers\" WHERE \"customers\".\"id\" = $1 "
         "LIMIT $2  [[\"id\", %d], [\"LIMIT\", 1]]" % (R.randint(2, 9), R.randint(1000, 99999)),
         "Redirected to https://app.%s/account/billing" % pick(COMPANY[p.loc]),
         "Completed 302 Found in %dms (ActiveRecord: %.1fms | Allocations: %d)"
         % (R.randint(20, 400), R.uniform(1, 40), R.randint(2000, 40000))]
    return "\n".join(L)


def t_celery():
    p, t = Person(), rdt()
    stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + d(3)
    task = uid()
    k = R.random()
    if k < 0.5:
        payload = "{'to': '%s', 'customer_id': %d, 'template': 'otp_v%d', 'locale': '%s'}" % (
            P(p.phone(pick(["e164", "intl"])), PHONE), R.randint(1000, 999999), R.randint(1, 4),
            LANG[p.loc])
        msg = "[%s: ERROR/ForkPoolWorker-%d] notifications.tasks.send_sms[%s]: provider error " \
              "21211 for %s; retry %d/5 in %ds" % (stamp, R.randint(1, 16), task, payload,
                                                  R.randint(1, 4), pick([30, 60, 120]))
    else:
        payload = "{'email': '%s', 'plan': '%s', 'amount': Decimal('%s'), 'ip': '%s'}" % (
            P(p.email(), EMAIL), pick(["pro_annual", "team_monthly", "basic"]),
            "%d.%02d" % (R.randint(5, 400), R.randint(0, 99)), P(ip_any(), IP))
        msg = "[%s: WARNING/MainProcess] billing.tasks.sync_subscription[%s]: stale payload %s " \
              "(eta=%s, expires=%s)" % (stamp, task, payload, iso(later(t), z=False),
                                        iso(later(t, 3600, 7200), z=False))
    pre = "[%s] WARNING [django.request:241] Bad Request: /api/v2/profile/ remote_addr=%s " \
          "status_code=400 request_id=%s" % (t.strftime("%Y-%m-%d %H:%M:%S,") + d(3),
                                            P(ip_any(), IP), hx(32))
    return msg if chance(0.5) else pre + "\n" + msg


def t_laravel():
    p, t = Person(pick(["it", "es", "pt", "fr", "pl", "nl"])), rdt()
    e = p.email()
    ctx = {"userId": None, "email": P(e, EMAIL), "ip": P(ip_any(), IP),
           "url": "https://%s/register" % pick(["shop.ceramiche-greco.it", "tienda.grupo-mirador.es",
                                                "loja.casa-silva.pt", "sklep.hurtownia-nowak.pl"]),
           "exception": "[object] (Illuminate\\Database\\QueryException(code: 23000): SQLSTATE[23000] "
                        "at /var/www/html/vendor/laravel/framework/src/Illuminate/Database/"
                        "Connection.php:%d)" % R.randint(600, 820)}
    return ("[%s] production.ERROR: SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate "
            "entry '%s' for key 'users_email_unique' %s []"
            % (t.strftime("%Y-%m-%d %H:%M:%S"), P(e, EMAIL), J(ctx).replace("/", "\\/")))


def t_pino():
    p, t = Person(), rdt()
    host = "api-%s-%s" % (hx(6), b62(5).lower())
    rid = "req-%s" % b62(4).lower()
    mapped = chance(0.5)
    raddr = ipv6("mapped") if mapped else ip_any()
    base = {"level": 30, "time": epoch(t) * 1000 + R.randint(0, 999), "pid": R.randint(1000, 60000),
            "hostname": host, "reqId": rid}
    a = dict(base, req={"method": "POST", "url": "/v1/%s" % pick(["signup", "contacts", "leads"]),
                        "remoteAddress": P(raddr, IP), "remotePort": R.randint(30000, 65000)},
             msg="incoming request")
    b = dict(base, level=40, body={"email": P(p.email(), EMAIL), "phone": P(p.phone(), PHONE),
                                   "consent": True, "utm_campaign": "spring-%d" % t.year},
             msg="validation warning: phone not normalised")
    c = dict(base, res={"statusCode": 201}, responseTime=round(R.uniform(3, 900), 3),
             msg="request completed")
    c["time"] = a["time"] + R.randint(3, 900)
    return "\n".join(J(x) for x in (a, b, c))


def t_serilog():
    p, t = Person(pick(["be", "nl", "de", "fr", "it", "es", "at", "ie", "pt"])), rdt()
    if chance(0.5):
        o = {"@t": t.strftime("%Y-%m-%dT%H:%M:%S.") + d(7) + "Z",
             "@mt": "Refund {RefundId} of {Amount} issued to {CustomerEmail} via {Iban}",
             "RefundId": "RF-%d-%s" % (t.year, d(5)), "Amount": money(p.loc),
             "CustomerEmail": P(p.email(), EMAIL), "Iban": P(p.iban(sp=False), IBAN),
             "SourceContext": "Payments.RefundService", "MachineName": "WEB-%02d" % R.randint(1, 12),
             "ThreadId": R.randint(3, 90)}
    else:
        o = {"@t": t.strftime("%Y-%m-%dT%H:%M:%S.") + d(7) + "Z", "@l": "Warning",
             "@mt": "Login throttled for {UserName} from {RemoteIp} after {Attempts} attempts",
             "UserName": P(p.email(work=True), EMAIL), "RemoteIp": P(ip_any(), IP),
             "Attempts": R.randint(5, 12), "RequestId": "0HM%s:0000000%d" % (b62(10).upper(), R.randint(1, 9)),
             "RequestPath": "/Account/Login", "SourceContext": "Identity.SignInManager"}
    return J(o)


def t_gelf():
    p, t = Person(), rdt()
    o = {"version": "1.1", "host": "mail-relay-%02d" % R.randint(1, 9),
         "short_message": pick(["SASL LOGIN authentication failed", "relay access denied",
                                "too many recipients"]),
         "timestamp": round(epoch(t) + R.random(), 3), "level": 4,
         "_client_ip": P(ip_any(), IP), "_sasl_username": P(p.email(), EMAIL),
         "_attempts": R.randint(2, 30), "_queue_id": hx(10).upper(), "_facility": "postfix/smtpd"}
    if chance(0.2):
        o["_rcpt"] = [P(Person().email(), EMAIL) for _ in range(R.randint(1, 3))]
    return J(o, loose=chance(0.5))


def t_keycloak():
    p, t = Person(), rdt()
    err = chance(0.6)
    o = {"time": epoch(t) * 1000 + R.randint(0, 999),
         "type": "LOGIN_ERROR" if err else pick(["LOGIN", "UPDATE_PROFILE", "SEND_RESET_PASSWORD"]),
         "realmId": pick(["customers", "partners", "staff"]), "clientId": "web-portal",
         "userId": None if err else uid(), "sessionId": None if err else uid(),
         "ipAddress": P(ip_any(), IP),
         "details": {"auth_method": "openid-connect", "auth_type": "code",
                     "redirect_uri": "https://portal.%s/*" % pick(COMPANY[p.loc]),
                     "code_id": uid(), "username": P(p.email(), EMAIL)}}
    if err:
        o["error"] = pick(["invalid_user_credentials", "user_not_found", "user_temporarily_disabled"])
    elif o["type"] == "UPDATE_PROFILE":
        o["details"]["updated_mobile"] = P(p.phone(), PHONE)
    return J(o)


def t_shopify():
    p, t = Person(pick(["uk", "us", "ie", "au", "ca", "de", "nl"])), rdt()
    o = collections.OrderedDict()
    o["id"] = R.randint(5 * 10 ** 12, 6 * 10 ** 12)
    o["email"] = P(p.email(), EMAIL)
    o["created_at"] = iso(t, ms=False, z=False)
    o["phone"] = P(p.phone("e164"), PHONE) if chance(0.6) else None
    o["browser_ip"] = P(ip_any(), IP)
    o["total_price"] = "%d.%02d" % (R.randint(10, 900), R.randint(0, 99))
    o["currency"] = {"uk": "GBP", "us": "USD", "ie": "EUR", "au": "AUD", "ca": "CAD"}.get(p.loc, "EUR")
    o["order_number"] = R.randint(1001, 99999)
    o["billing_address"] = {"first_name": p.first, "last_name": p.last,
                            "address1": "%d %s" % (R.randint(1, 240), pick(["High Street", "Church Road",
                                                                             "Oak Avenue", "Station Rd"])),
                            "city": p.city, "zip": p.zip, "phone": P(p.phone(), PHONE),
                            "country_code": p.loc.upper().replace("UK", "GB")}
    o["line_items"] = [{"id": R.randint(10 ** 13, 2 * 10 ** 13 - 1), "sku": "%s-%s-%s" % (
        pick(["TS", "HD", "MUG", "CAP"]), pick(["ORG", "BLK", "NVY"]), pick(["S", "M", "L", "XL"])),
        "quantity": R.randint(1, 4), "price": "%d.00" % R.randint(8, 90)} for _ in range(R.randint(1, 3))]
    o["note_attributes"] = [{"name": "gift_message", "value": pick(["Happy birthday!", "", "Cheers x"])}]
    return J(o, indent=2) if chance(0.4) else J(o)


def t_zendesk():
    p, t = Person(), rdt()
    agent = Person(p.loc)
    tid = R.randint(20000, 999999)
    o = {"ticket": {"id": tid, "subject": pick(["Refund not received", "Cannot log in",
                                                "Wrong address on invoice", "Call back please"]),
                    "requester": {"name": p.full, "email": P(p.email(), EMAIL)},
                    "via": {"channel": "voice", "source": {"from": {"phone": P(p.phone(), PHONE)},
                                                           "to": {"phone": P(PHONES[p.loc]("intl"), PHONE)}}},
                    "assignee": agent.full,
                    "custom_fields": [{"id": 360000000000 + R.randint(0, 99999999),
                                       "value": order_id(t)},
                                      {"id": 360000000000 + R.randint(0, 99999999),
                                       "value": pick(["tier_gold", "tier_basic", None])}],
                    "created_at": iso(t, ms=False), "status": pick(["new", "open", "pending"])}}
    return J(o, indent=2) if chance(0.3) else J(o)


def t_segment():
    p, t = Person(), rdt()
    o = {"type": "identify", "messageId": "ajs-next-%d-%s" % (epoch(t) * 1000, uid()),
         "userId": "usr_%s" % b62(12),
         "traits": {"email": P(p.email(), EMAIL), "firstName": p.first, "lastName": p.last,
                    "phone": P(p.phone(), PHONE),
                    "address": {"postalCode": p.zip, "city": p.city}, "plan": "trial"},
         "context": {"ip": P(ip_any(), IP), "library": {"name": "analytics.js", "version": semver()},
                     "locale": "%s-%s" % (LANG[p.loc], p.loc.upper()),
                     "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"},
         "timestamp": iso(t), "sentAt": iso(later(t, 1, 3))}
    return J(o)


def t_vault():
    t = rdt()
    user = pick(["j.whitaker", "svc-payments", "a.moreau", "deploy-bot", "k.nowak"])
    o = {"time": iso(t) .replace("Z", "%sZ" % d(6)), "type": pick(["request", "response"]),
         "auth": {"client_token": "hmac-sha256:" + hx(64), "accessor": "hmac-sha256:" + hx(64),
                  "display_name": "ldap-" + user, "policies": ["default", "payments-ro"],
                  "metadata": {"username": user}, "token_ttl": 2764800},
         "request": {"id": uid(), "operation": "read", "mount_type": "kv",
                     "path": "secret/data/%s" % pick(["payments/psp", "crm/db", "hr/payroll"]),
                     "remote_address": P(ipv4_priv(), IP), "remote_port": R.randint(30000, 65000),
                     "headers": {"x-forwarded-for": ["%s, %s" % (P(ipv4_pub(), IP), P(ipv4_priv(), IP))]} if chance(0.4) else {}}}
    return J(o)


def t_envoy():
    t = rdt()
    L = []
    for _ in range(R.randint(1, 2)):
        t = ms_later(t, 10, 4000)
        xff = P(ip_any(), IP) + ("," + P(ipv4_priv(), IP) if chance(0.35) else "")
        up = P(ipv4_priv(), IP)
        L.append('[%s] "%s %s HTTP/2" %d - via_upstream - "-" %d %d %d %d "%s" "%s" "%s" "%s" "%s:%d"'
                 % (iso(t), pick(["GET", "POST", "PUT"]),
                    pick(["/checkout/confirm", "/api/v2/cart/%d" % R.randint(100, 99999),
                          "/graphql", "/login?next=%2Faccount"]),
                    pick([200, 200, 201, 302, 404, 503]), R.randint(0, 5000), R.randint(100, 90000),
                    R.randint(2, 900), R.randint(1, 800), xff,
                    pick(["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)", "okhttp/4.12.0",
                          "curl/8.5.0"]), uid(),
                    pick(["shop.thamesgate.co.uk", "api.brightwave.io", "www.fietsplan.nl"]),
                    up, pick([8080, 8443, 9000, 3000])))
    return "\n".join(L)


def t_traefik():
    t = rdt()
    v6 = chance(0.5)
    ip = ipv6("comp") if v6 else ipv4_pub()
    port = R.randint(20000, 65000)
    o = {"ClientAddr": ("[%s]:%d" if v6 else "%s:%d") % (P(ip, IP), port), "ClientHost": P(ip, IP),
         "ClientPort": str(port), "DownstreamStatus": pick([200, 200, 304, 401, 429]),
         "Duration": R.randint(10 ** 5, 9 * 10 ** 8), "OriginDuration": R.randint(10 ** 5, 9 * 10 ** 8),
         "RequestHost": pick(["api.cobaltridge.com", "app.nordvik.se"]), "RequestMethod": "GET",
         "RequestPath": "/api/orders?customer=%s" % cust_id(), "RouterName": "api@docker",
         "ServiceAddr": "%s:8080" % P(ipv4_priv(), IP) if chance(0.3) else "api-svc@docker", "StartUTC": iso(t)[:-1] + d(5) + "Z",
         "entryPointName": "websecure", "level": "info", "msg": "", "time": iso(t, ms=False)}
    return J(o)


def t_journald():
    t, host = rdt(), pick(["bastion-fra1", "edge-ams2", "vpn-gw-01", "build-03"])
    rows = []
    for _ in range(R.randint(1, 2)):
        t = later(t, 1, 90)
        ip = ip_any()
        msg = pick(["Accepted publickey for deploy from %s port %d ssh2: ED25519 SHA256:%s",
                    "Failed password for invalid user admin from %s port %d ssh2 [preauth %s]",
                    "Connection closed by authenticating user root %s port %d [preauth] %s"])
        msg = msg % (P(ip, IP), R.randint(30000, 65000), b62(43))
        rows.append(J({"__REALTIME_TIMESTAMP": str(epoch(t) * 10 ** 6 + R.randint(0, 999999)),
                       "_HOSTNAME": host, "SYSLOG_IDENTIFIER": "sshd", "_PID": str(R.randint(900, 99999)),
                       "PRIORITY": "6", "_BOOT_ID": hx(32), "MESSAGE": msg}))
    return "\n".join(rows)


def t_debezium():
    p, t = Person(), rdt()
    cid = R.randint(100, 99999)
    em, ph = p.email(), p.phone()
    old = {"id": cid, "email": P(em, EMAIL), "phone": P(ph, PHONE), "iban": None,
           "updated_at": epoch(t) * 10 ** 6}
    chg = pick(["email", "phone", "iban"])
    new = {"id": cid, "email": P(p.email(work=True) if chg == "email" else em, EMAIL),
           "phone": P(p.phone() if chg == "phone" else ph, PHONE),
           "iban": P(iban(IBANCC.get(p.loc), sp=False), IBAN) if chg == "iban" else None,
           "updated_at": epoch(later(t)) * 10 ** 6}
    o = {"before": old, "after": new,
         "source": {"version": "2.%d.%d.Final" % (R.randint(1, 7), R.randint(0, 3)),
                    "connector": "postgresql", "name": "crm", "ts_ms": epoch(t) * 1000 + R.randint(0, 999),
                    "db": "crm", "schema": "public", "table": "customers", "txId": R.randint(10 ** 5, 10 ** 7),
                    "lsn": R.randint(10 ** 7, 10 ** 9)},
         "op": "u", "ts_ms": epoch(t) * 1000 + R.randint(1000, 9999)}
    return J(o)


def t_graphql():
    p, t = Person(pick(["de", "fr", "it", "es", "nl", "pl", "at", "be", "pt", "uk"])), rdt()
    ibv = p.iban()
    o = {"ts": iso(t), "operationName": "UpdatePayoutMethod", "clientIp": P(ip_any(), IP),
         "variables": {"input": {"accountHolder": p.full, "iban": P(ibv, IBAN), "bic": bic(ibv[:2]),
                                 "notifyEmail": P(p.email(), EMAIL)}},
         "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hx(64)}},
         "durationMs": R.randint(12, 700), "errors": None}
    return J(o)


def t_mollie():
    p, t = Person(pick(["nl", "be", "de", "at", "fr"])), rdt()
    ref = "%d-%s" % (t.year, d(5))
    if chance(0.65):
        ibv = p.iban(sp=False)
        det = {"consumerName": p.full.upper() if chance(0.4) else p.full,
               "consumerAccount": P(ibv, IBAN), "consumerBic": bic(ibv[:2])}
        meth = pick(["ideal", "bancontact", "banktransfer", "sofort"])
    else:
        s = card_digits(pick(["visa", "mc"]))
        det = {"cardNumber": s[-4:], "cardHolder": p.full, "cardFingerprint": b62(22),
               "cardAudience": "consumer", "cardLabel": pick(["Visa", "Mastercard"]),
               "cardCountryCode": p.loc.upper()}
        meth = "creditcard"
    o = {"resource": "payment", "id": "tr_" + b62(10), "mode": "live", "createdAt": iso(t, z=False),
         "amount": {"value": "%d.%02d" % (R.randint(5, 600), R.randint(0, 99)), "currency": "EUR"},
         "description": pick(["Bestelling ", "Bestellung ", "Commande "]) + ref,
         "method": meth, "status": "paid", "details": det, "metadata": {"order_id": ref},
         "profileId": "pfl_" + b62(10)}
    return J(o, indent=2) if chance(0.3) else J(o)


def t_fhir():
    p, t = Person(pick(["us", "us", "us", "ca"])), rdt()
    o = {"resourceType": "Patient", "id": "pat-%s" % d(5),
         "meta": {"versionId": str(R.randint(1, 9)), "lastUpdated": iso(t)},
         "identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn", "value": P(ssn(), SSN)},
                        {"system": "urn:oid:2.16.840.1.113883.4.3.%d" % R.randint(1, 56),
                         "value": "MRN-%s" % d(7)}],
         "name": [{"family": p.last, "given": [p.first]}],
         "telecom": [{"system": "phone", "value": P(p.phone(), PHONE), "use": "home"},
                     {"system": "email", "value": P(p.email(), EMAIL)}],
         "birthDate": "%d-%02d-%02d" % (R.randint(1940, 2005), R.randint(1, 12), R.randint(1, 28)),
         "address": [{"postalCode": p.zip, "city": p.city.split(",")[0]}]}
    if chance(0.4):
        o["telecom"].append({"system": "phone", "value": P(with_ext(PHONES[p.loc]("nat")), PHONE),
                             "use": "work"})
    return J(o, indent=2) if chance(0.5) else J(o)


def t_firebase():
    users = []
    for _ in range(pick([1, 1, 2])):
        p, t = Person(), rdt()
        u = {"localId": b62(28), "email": P(p.email(), EMAIL), "emailVerified": chance(0.7),
             "passwordHash": b62(40) + "==", "salt": b62(12) + "==",
             "createdAt": str(epoch(t) * 1000 + R.randint(0, 999)),
             "lastSignedInAt": str(epoch(later(t, 3600, 9000000)) * 1000)}
        if chance(0.6):
            u["phoneNumber"] = P(p.phone("e164"), PHONE)
        if chance(0.2):
            u["providerUserInfo"] = [{"providerId": "google.com", "rawId": d(21),
                                      "email": P(p.email(), EMAIL), "displayName": p.full}]
        users.append(u)
    return J({"users": users}, indent=2 if chance(0.5) else None)


def t_mailgun():
    p, t = Person(), rdt()
    dom = pick(COMPANY[pick(LOCS)])
    o = {"signature": {"token": hx(50), "timestamp": str(epoch(t)), "signature": hx(64)},
         "event-data": {"event": "failed", "severity": "permanent", "reason": "bounce",
                        "timestamp": epoch(t) + round(R.random(), 6), "id": b62(22),
                        "recipient": P(p.email(), EMAIL),
                        "envelope": {"sender": P("bounce+%s@mg.%s" % (hx(6), dom), EMAIL),
                                     "sending-ip": P(ipv4_pub(), IP), "transport": "smtp"},
                        "delivery-status": {"code": 550, "attempt-no": 1,
                                            "message": "5.1.1 The email account that you tried to reach does not exist.",
                                            "mx-host": "mx%d.%s" % (R.randint(1, 3), pick(MAILS[p.loc]))},
                        "message": {"headers": {"to": p.full,
                                                "message-id": X("%s.%s@mg.%s" % (t.strftime("%Y%m%d%H%M%S"), hx(8), dom)),
                                                "from": "%s <%s>" % (dom.split(".")[0].title(), P("no-reply@" + dom, EMAIL)),
                                                "subject": pick(["Your order has shipped", "Reset your password"])},
                                    "size": R.randint(2000, 90000)}}}
    return J(o)


def t_ansible():
    t = rdt()
    h = [("web-%02d" % R.randint(1, 9), ipv4_priv()), ("db-%02d" % R.randint(1, 9), ipv4_priv()),
         ("edge-%02d" % R.randint(1, 9), ipv6(pick(["comp", "ll", "full"])))]
    mail = P(Person().email(work=True), EMAIL) if chance(0.5) else "#oncall-infra"
    L = ["TASK [users : ensure on-call contact] " + "*" * 40,
         "ok: [%s -> %s]" % (h[0][0], P(h[0][1], IP)),
         'changed: [%s (%s)] => {"changed": true, "msg": "notify set to %s"}'
         % (h[1][0], P(h[1][1], IP), mail),
         'fatal: [%s]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via '
         'ssh: ssh: connect to host %s port 22: Connection timed out", "unreachable": true}'
         % (h[2][0], P(h[2][1], IP)),
         "",
         "PLAY RECAP " + "*" * 40,
         "%s : ok=%d changed=%d unreachable=0 failed=0 skipped=%d rescued=0 ignored=0"
         % (h[1][0], R.randint(3, 30), R.randint(0, 5), R.randint(0, 6)),
         "Playbook run took 0 days, 0 hours, %d minutes, %d seconds" % (R.randint(0, 20), R.randint(0, 59))]
    return "\n".join(L)


def t_lambda():
    p, t = Person("us"), rdt()
    rid = uid()
    ev = {"event": "kyc.submitted", "applicant": {"ssn": P(ssn(), SSN),
                                                   "dob": "%d-%02d-%02d" % (R.randint(1950, 2004), R.randint(1, 12), R.randint(1, 28)),
                                                   "email": P(p.email(), EMAIL), "phone": P(p.phone(), PHONE),
                                                   "zip": p.zip},
          "ip": P(ip_any(), IP), "attempt": R.randint(1, 3)}
    if chance(0.4):
        ev["coApplicant"] = {"itin": itin(), "note": "ITIN supplied instead of SSN"}
    d1 = R.uniform(20, 900)
    L = ["START RequestId: %s Version: $LATEST" % rid,
         "%s\t%s\tINFO\t%s" % (iso(t), rid, J(ev)),
         "END RequestId: %s" % rid,
         "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 512 MB\t"
         "Max Memory Used: %d MB\tInit Duration: %.2f ms" % (rid, d1, int(d1) + 1, R.randint(80, 400),
                                                           R.uniform(100, 900))]
    return "\n".join(L)


def t_audit():
    t = rdt()
    actor = P(Person().email(work=True), EMAIL) if chance(0.5) else pick(["svc-hr-sync", "okta:00u%s" % b62(12)])
    rows = []
    for _ in range(R.randint(1, 2)):
        t = later(t, 5, 400)
        f = pick(["ssn", "ssn", "phone", "email", "bank_account"])
        emp = "EMP-%s" % d(5)
        p = Person("us" if f == "ssn" else None)
        if f == "ssn":
            old, new = "***-**-%s" % d(4), P(ssn(), SSN)
        elif f == "phone":
            old, new = P(p.phone(), PHONE), P(p.phone(), PHONE)
        elif f == "email":
            old, new = P(p.email(), EMAIL), P(p.email(work=True), EMAIL)
        else:
            old, new = "%s****%s" % (p.iban(sp=False)[:4], d(4)), P(iban(sp=False), IBAN)
        rows.append("AUDIT %s actor=%s action=employee.update target=%s field=%s old=%s new=%s "
                    "src=%s result=success trace=%s"
                    % (iso(t, ms=False), actor, emp, f, old, new, P(ipv4_priv(), IP), hx(16)))
    return "\n".join(rows)


def t_zap():
    p, t = Person(), rdt()
    s = card_digits()
    raw = chance(0.8)
    o = {"level": "warn", "ts": round(epoch(t) + R.random(), 4),
         "caller": "charge/processor.go:%d" % R.randint(80, 400), "msg": "authorization declined",
         "merchant_id": "mch_%s" % d(4), "bin": s[:6], "last4": s[-4:],
         "amount_minor": R.randint(100, 99999), "currency": pick(["EUR", "USD", "GBP", "PLN"]),
         "decline_code": pick(["05", "51", "54", "91"]), "rrn": d(12), "stan": d(6),
         "client_ip": P(ip_any(), IP), "latency_ms": R.randint(80, 3000)}
    if raw:
        o["pan"] = P(group_card(s, pick(["", " "])), CARD)
        o["note"] = "raw PAN logged by legacy adapter v%s" % semver()
    return J(o)


def t_card_validation():
    p, t = Person(), rdt()
    good = card(sep=pick(["", " ", "-"]))
    bad = bad_card(sep=pick(["", " "]))
    req = "req_" + b62(14)
    a = {"error": {"type": "card_error", "code": "incorrect_number", "param": "number",
                   "message": "Your card number is incorrect."},
         "request": {"card": {"number": bad, "exp": "%02d/%02d" % (R.randint(1, 12), R.randint(25, 31))}},
         "request_id": req, "created": epoch(t)}
    b = {"status": "succeeded", "request": {"card": {"number": P(good, CARD)}},
         "customer": {"email": P(p.email(), EMAIL)}, "request_id": "req_" + b62(14),
         "created": epoch(t) + R.randint(20, 300)}
    return J(a) + "\n" + J(b)


def t_iban_validation():
    p, t = Person(pick(["de", "fr", "it", "es", "nl", "be", "at", "pl", "pt"])), rdt()
    cc = IBANCC[p.loc]
    good, bad = p.iban(), bad_iban(cc)
    cid = cust_id()
    stamp = t.strftime("%Y-%m-%d %H:%M:%S")
    return ("%s WARN  sepa.mandate.MandateValidator - IBAN rejected (checksum): %s customer=%s "
            "mandate=MNDT-%s\n%s INFO  sepa.mandate.MandateValidator - customer=%s resubmitted %s -> OK, "
            "mandate MNDT-%s signed from %s"
            % (stamp, bad, cid, d(8), later(t, 30, 900).strftime("%Y-%m-%d %H:%M:%S"),
               cid, P(good, IBAN), d(8), P(ip_any(), IP)))


def t_auth0():
    p, t = Person(), rdt()
    o = {"date": iso(t), "type": pick(["s", "f", "fp", "scp"]),
         "description": pick(["Successful login", "Wrong email or password.", "Password changed"]),
         "client_id": b62(32), "client_name": pick(["Customer Portal", "Mobile App (iOS)"]),
         "ip": P(ip_any(), IP), "user_agent": "Chrome 122.0.0 / Windows 10.0.0",
         "details": {"prompts": [{"name": "lock-password-authenticate", "elapsedTime": R.randint(200, 3000)}]},
         "user_id": "auth0|%s" % hx(24), "user_name": P(p.email(), EMAIL),
         "strategy": "Username-Password-Authentication", "log_id": "900" + d(53)}
    return J(o)


def t_asterisk():
    t = rdt()
    p = Person(pick(["de", "nl", "fr", "it", "uk", "es", "ch"]))
    num = p.phone("e164")
    nat = p.phone("nat")
    nat_digits = re.sub(r"\D", "", nat)
    ip1 = ipv4_pub()
    cid = "%08x" % R.getrandbits(32)
    L = ["[%s] VERBOSE[%d][C-%s] pbx.c: Executing [%s@from-trunk:1] Dial(\"PJSIP/trunk-%s\", "
         "\"PJSIP/%d&PJSIP/%d,25\") in new stack"
         % (t.strftime("%Y-%m-%d %H:%M:%S"), R.randint(1000, 40000), cid, P(num, PHONE), hx(8),
            R.randint(200, 260), R.randint(200, 260)),
         "[%s] NOTICE[%d] res_pjsip/pjsip_distributor.c: Request 'INVITE' from '\"%s\" <sip:%s@%s>' "
         "failed for '%s:%d' (callid: %s) - No matching endpoint found"
         % (later(t, 2, 90).strftime("%Y-%m-%d %H:%M:%S"), R.randint(1000, 40000),
            P(nat_digits, PHONE), P(nat_digits, PHONE), P(ip1, IP), P(ip1, IP), pick([5060, 5080]),
            hx(24))]
    return "\n".join(L)


def t_metrics_only():
    """A look-alike-only log line."""
    t = rdt()
    o = {"ts": epoch(t) * 1000 + R.randint(0, 999), "service": pick(["checkout", "search", "billing"]),
         "version": X("%d.%d.%d.%d" % (R.randint(1, 9), R.randint(0, 30), R.randint(0, 250), R.randint(1, 250))),
         "build": hx(7), "p50_ms": round(R.uniform(2, 50), 1), "p99_ms": round(R.uniform(100, 2000), 1),
         "rejected_upstream": bad_octet(), "trace_id": hx(32), "span_id": hx(16),
         "orders_total": R.randint(10 ** 6, 10 ** 9), "last_order": order_id(t),
         "uptime": "PT%dH%dM" % (R.randint(1, 900), R.randint(0, 59))}
    return J(o)


def t_payment_request():
    p, t = Person(), rdt()
    body = {"amount": R.randint(100, 99999), "currency": pick(["usd", "eur", "gbp", "jpy"]),
            "source": {"object": "card", "number": P(card(sep=pick(["", " "])), CARD),
                       "exp_month": R.randint(1, 12), "exp_year": R.randint(2025, 2031), "cvc": "***",
                       "name": p.full},
            "description": "Order %s" % order_id(t), "metadata": {"cart_id": uid()}}
    if chance(0.5):
        body["receipt_email"] = P(p.email(), EMAIL)
    return ("%s DEBUG [payments-gateway] --> POST /v1/charges idempotency-key=%s body=%s\n"
            "%s DEBUG [payments-gateway] <-- 402 card_declined in %dms (decline_code=%s)"
            % (iso(t), uid(), J(body), iso(ms_later(t, 80, 2500)), R.randint(80, 2500),
               pick(["insufficient_funds", "do_not_honor", "expired_card"])))


def t_dlq():
    t = rdt()
    val = {"pan": P(card(sep=""), CARD), "expiry": "%02d%02d" % (R.randint(25, 31), R.randint(1, 12)),
           "amount": R.randint(100, 50000), "currency": pick([978, 840, 826]),
           "terminal_id": "T%s" % d(7), "merchant_id": d(15), "stan": d(6),
           "captured_at": epoch(t) * 1000 + R.randint(0, 999)}
    o = {"topic": "payments.authorizations", "partition": R.randint(0, 11), "offset": R.randint(10 ** 6, 10 ** 8),
         "key": "auth_%s" % b62(12), "timestamp": epoch(t) * 1000 + R.randint(0, 999),
         "headers": {"x-exception": "org.apache.kafka.common.errors.SerializationException",
                     "x-retry-count": str(R.randint(1, 5))}, "value": val}
    return J(o, indent=2) if chance(0.4) else J(o)


def t_background_check():
    p, t = Person("us"), rdt()
    o = {"id": hx(24), "object": "candidate", "created_at": iso(t),
         "first_name": p.first, "last_name": p.last, "dob": "%d-%02d-%02d" % (R.randint(1955, 2004), R.randint(1, 12), R.randint(1, 28)),
         "ssn": P(ssn(), SSN), "zipcode": p.zip, "driver_license_state": pick(["CA", "TX", "NY", "IL", "WA"]),
         "driver_license_number": "%s%s" % (pick("ABDFGS"), d(7)), "reports": [{"id": hx(24), "package": pick(["tasker_standard", "driver_pro"]), "status": "pending"}]}
    if chance(0.5):
        o["email"] = P(p.email(), EMAIL)
    if chance(0.3):
        o["previous_ssn_on_file"] = "***-**-%s" % d(4)
    return J(o)


def t_credit_pull():
    t = rdt()
    rows = []
    for _ in range(R.randint(1, 2)):
        t = later(t, 2, 300)
        rows.append("ts=%s level=info svc=underwriting bureau=%s applicant_id=app_%s ssn=%s dob=%s zip=%s "
                    "score=%d decision=%s latency=%dms client_ip=%s"
                    % (iso(t), pick(["experian", "equifax", "transunion"]), b62(10), P(ssn(), SSN),
                       "%d-%02d-%02d" % (R.randint(1950, 2004), R.randint(1, 12), R.randint(1, 28)),
                       pick(POST["us"])[0], R.randint(480, 840), pick(["approve", "refer", "decline"]),
                       R.randint(200, 3000), P(ip_any(), IP) if chance(0.6) else "-"))
    return "\n".join(rows)


def t_masked():
    """Look-alike-only: a log that masks what it prints."""
    t = rdt()
    s = card_digits()
    ib = iban(sp=False)
    o = {"ts": iso(t), "level": "info", "event": pick(["customer.updated", "payout.created", "kyc.passed"]),
         "customer": cust_id(), "card": masked_card(), "iban": ib[:4] + "*" * (len(ib) - 8) + ib[-4:],
         "ssn_last4": d(4), "phone": "+%s *** ***%s" % (pick(["49", "33", "44", "31", "1"]), d(3)),
         "email_hash": "sha256:" + hx(64), "amount": money(pick(LOCS)), "request_id": "req_" + b62(20),
         "duration": "%dms" % R.randint(3, 900), "port": R.randint(1024, 65535)}
    return J(o)


def t_build_log():
    """Look-alike-only: CI output full of versions, hashes, digests and timings."""
    t = rdt()
    v = semver()
    L = ["%s Step %d/%d : FROM node:%d.%d.%d-alpine" % (iso(t), R.randint(1, 4), R.randint(8, 14), R.randint(16, 22), R.randint(0, 20), R.randint(0, 9)),
         "%s  ---> %s" % (iso(later(t, 1, 3)), hx(12)),
         "%s Successfully built %s; tagged registry.internal:5000/web:%s-%s" % (iso(later(t, 4, 60)), hx(12), v, hx(7)),
         "%s Test Suites: %d passed, %d total; Time: %.3f s; coverage %d.%d%%" % (iso(later(t, 60, 300)), R.randint(10, 90), R.randint(90, 99), R.uniform(5, 200), R.randint(60, 95), R.randint(0, 9)),
         "%s version %s (build %s, commit %s) ready in %dms on port %d" % (iso(later(t, 300, 400)), X("%d.%d.%d.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 200), R.randint(1, 250))), epoch(t), hx(40), R.randint(100, 9000), pick([3000, 8080, 4173]))]
    return "\n".join(L)


# ============================================================================ CSV / TSV
def row(cells, delim=",", quote_all=False):
    out = []
    for c in cells:
        c = "" if c is None else str(c)
        if quote_all or delim in c or '"' in c or "\n" in c:
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return delim.join(out)


def maybe(v, p=0.8):
    return v if chance(p) else ""


def ddmmyyyy(t, sep="."):
    return t.strftime("%d{0}%m{0}%Y".format(sep))


def c_shopify_customers():
    loc = pick(["uk", "us", "ie", "au", "ca"])
    hdr = ["First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company",
           "Default Address Address1", "Default Address City", "Default Address Country Code",
           "Default Address Zip", "Default Address Phone", "Phone", "Accepts SMS Marketing",
           "Total Spent", "Total Orders", "Note", "Tax Exempt"]
    L = [row(hdr)]
    for _ in range(2):
        p = Person(loc)
        ph = p.phone("e164")
        L.append(row([p.first, p.last, P(p.email(), EMAIL), pick(["yes", "no"]),
                      maybe(pick(["Harborline Ltd", "Kestrel & Co, Ltd", ""]), 0.3),
                      "%d %s" % (R.randint(1, 300), pick(["Mill Lane", "Queen St", "Elm Grove"])),
                      p.city, p.loc.upper().replace("UK", "GB"), p.zip,
                      maybe(P(p.phone(), PHONE), 0.5),
                      ("'" + P(ph, PHONE)) if chance(0.3) else "", pick(["yes", "no"]),
                      "%d.%02d" % (R.randint(0, 4000), R.randint(0, 99)), R.randint(0, 40),
                      pick(["", "VIP - call before delivery", "order #%d returned" % R.randint(1001, 9999)]),
                      "no"]))
    return "\n".join(L)


def c_mailchimp():
    loc = pick(LOCS)
    hdr = ["Email Address", "First Name", "Last Name", "Phone Number", "MEMBER_RATING", "OPTIN_TIME",
           "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF",
           "TIMEZONE", "CC", "LAST_CHANGED", "LEID", "EUID", "TAGS"]
    L = [row(hdr, quote_all=True)]
    for _ in range(2):
        p, t = Person(loc), rdt()
        t2 = later(t, 30, 3000)
        L.append(row([P(p.email(), EMAIL), p.first, p.last, maybe(P(p.phone(), PHONE), 0.25),
                      R.randint(1, 5), t.strftime("%Y-%m-%d %H:%M:%S"),
                      maybe(P(ip_any(), IP), 0.3), t2.strftime("%Y-%m-%d %H:%M:%S"),
                      maybe(P(ip_any(), IP), 0.7), "%.7f" % R.uniform(-40, 60), "%.7f" % R.uniform(-120, 140),
                      R.choice([-5, 0, 1, 2, 9]), R.choice([0, 1, 2]),
                      pick(["Europe/Berlin", "America/Chicago", "Asia/Tokyo", "Europe/Lisbon"]),
                      p.loc.upper().replace("UK", "GB"), later(t2, 3000, 9000000).strftime("%Y-%m-%d %H:%M:%S"),
                      R.randint(10 ** 8, 10 ** 10), hx(10), pick(["", "newsletter", "\"Black Friday\""])],
                     quote_all=True))
    return "\n".join(L)


def c_kunden_de():
    loc = pick(["de", "de", "at", "ch"])
    L = ["sep=;"] if chance(0.4) else []
    L.append(row(["Kundennr.", "Anrede", "Vorname", "Nachname", "PLZ", "Ort", "Telefon", "Mobil",
                  "E-Mail", "IBAN", "BIC", "Kunde seit", "Umsatz 2023"], ";"))
    for _ in range(2):
        p, t = Person(loc), rdt()
        L.append(row(["%d" % R.randint(10000, 99999), pick(["Herr", "Frau", ""]), p.first, p.last,
                      p.zip, p.city, maybe(P(p.phone("nat"), PHONE), 0.5),
                      maybe(P(p.phone(), PHONE), 0.3), maybe(P(p.email(), EMAIL), 0.6),
                      maybe(P(p.iban(), IBAN), 0.5), bic(IBANCC[p.loc]),
                      ddmmyyyy(t), money(loc).replace(" €", "").replace("CHF ", "")], ";"))
    return "\n".join(L)


def c_clients_fr():
    loc = pick(["fr", "fr", "be"])
    L = [row(["Réf. client", "Nom", "Prénom", "Tél. fixe", "Portable", "Courriel", "IBAN",
              "Date d'adhésion", "Cotisation (€)"], ";", quote_all=chance(0.5))]
    for _ in range(2):
        p, t = Person(loc), rdt()
        L.append(row(["CL%s" % d(6), p.last.upper(), p.first, maybe(P(p.phone("nat"), PHONE), 0.25),
                      maybe(P(p.phone(), PHONE), 0.5), maybe(P(p.email(), EMAIL), 0.5), maybe(P(p.iban(), IBAN), 0.5),
                      ddmmyyyy(t, "/"), "%d,%02d" % (R.randint(20, 400), R.randint(0, 99))], ";"))
    return "\n".join(L)


def _dni():
    n = R.randint(10 ** 7, 10 ** 8 - 1)
    return "%d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])


def c_socios_es():
    loc = pick(["es", "es", "mx"])
    L = [row(["Nº socio", "Nombre y apellidos", "DNI/NIE", "Teléfono móvil", "Correo electrónico",
              "Cuenta (IBAN)", "Fecha de alta", "Cuota"], pick([";", ","]))]
    delim = ";" if ";" in L[0] else ","
    for _ in range(2):
        p, t = Person(loc), rdt()
        L.append(row([d(5), p.full, _dni() if loc == "es" else "", maybe(P(p.phone(), PHONE), 0.8),
                      maybe(P(p.email(), EMAIL), 0.6), maybe(P(iban("ES"), IBAN), 0.3) if loc == "es" else "",
                      ddmmyyyy(t, "/"), "%d,%02d €" % (R.randint(5, 90), R.randint(0, 99))], delim))
    return "\n".join(L)


def _piva():
    return d(11)


def c_clienti_it():
    L = [row(["Codice cliente", "Ragione sociale", "Partita IVA", "Telefono", "Cellulare", "E-mail",
              "PEC", "IBAN", "Data registrazione"], ";")]
    for _ in range(2):
        p, t = Person("it"), rdt()
        rs = pick(["%s S.r.l.", "Studio %s", "%s & Figli S.n.c.", "Ditta %s"]) % p.last
        dom = pick(COMPANY["it"])
        L.append(row(["C%s" % d(5), rs, _piva(), maybe(P(ph_it("nat"), PHONE), 0.6),
                      maybe(P(p.phone(), PHONE), 0.3), maybe(P(p.email(domain=dom), EMAIL), 0.5),
                      maybe(P("%s@pec.%s" % (pick(["amministrazione", "info", fold(p.last).lower()]), dom), EMAIL), 0.3),
                      maybe(P(iban("IT", sp=chance(0.3)), IBAN), 0.5), ddmmyyyy(t, "/")], ";"))
    return "\n".join(L)


def c_relaties_nl():
    L = [row(["Relatienummer", "Naam", "Postcode", "Woonplaats", "Telefoon", "E-mailadres",
              "Rekeningnummer", "Klant sinds"], "\t")]
    for _ in range(2):
        p, t = Person(pick(["nl", "nl", "be"])), rdt()
        L.append(row([d(6), p.full, p.zip, p.city, maybe(P(p.phone(), PHONE), 0.7),
                      maybe(P(p.email(), EMAIL), 0.4), maybe(P(iban(IBANCC[p.loc]), IBAN), 0.6),
                      t.strftime("%d-%m-%Y")], "\t"))
    return "\n".join(L)


def _nip():
    while True:
        s = d(9)
        w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
        c = sum(int(x) * w[i] for i, x in enumerate(s)) % 11
        if c < 10:
            s += str(c)
            return pick(["%s-%s-%s-%s" % (s[:3], s[3:6], s[6:8], s[8:]), s])


def c_kontrahenci_pl():
    L = [row(["Lp.", "Kontrahent", "NIP", "Telefon", "E-mail", "Nr rachunku", "Kwota brutto",
              "Termin płatności"], ";")]
    for i in range(2):
        p, t = Person("pl"), rdt()
        L.append(row([i + 1, pick(["%s Sp. z o.o.", "P.H.U. %s", "Biuro Rachunkowe %s"]) % p.last,
                      _nip(), maybe(P(p.phone(), PHONE), 0.7), maybe(P(p.email(), EMAIL), 0.4),
                      maybe(P(iban("PL", sp=chance(0.6)), IBAN), 0.6),
                      "%d,%02d" % (R.randint(100, 90000), R.randint(0, 99)), ddmmyyyy(t)], ";"))
    return "\n".join(L)


def c_kokyaku_jp():
    L = [row(["顧客ID", "氏名", "氏名（ローマ字）", "郵便番号", "住所", "電話番号", "メールアドレス", "登録日"])]
    for _ in range(2):
        p, t = Person("jp"), rdt()
        L.append(row(["K%s" % d(6), p.full, "%s %s" % (p.rlast.upper(), p.rfirst), p.zip, p.city,
                      P(p.phone(pick(["nat", "nat", "intl"])), PHONE), maybe(P(p.email(), EMAIL), 0.5),
                      t.strftime("%Y/%m/%d")]))
    return "\n".join(L)


def c_payroll_us():
    L = [row(["EmpID", "LastName", "FirstName", "SSN", "DOB", "HireDate", "Dept", "PayRate", "Email"], "|")]
    for _ in range(R.randint(2, 3)):
        p, t = Person("us"), rdt()
        if chance(0.15):
            sv, note = itin(), "Contractor"
        else:
            sv, note = P(ssn(), SSN), pick(["Finance", "Ops", "Warehouse", "Sales", "IT"])
        L.append(row(["E%s" % d(5), p.last, p.first, sv,
                      "%02d/%02d/%d" % (R.randint(1, 12), R.randint(1, 28), R.randint(1955, 2004)),
                      t.strftime("%m/%d/%Y"), note, "%d.%02d" % (R.randint(15, 95), R.randint(0, 99)),
                      maybe(P(p.email(work=True), EMAIL), 0.3)], "|"))
    return "\n".join(L)


def c_firewall_tsv():
    t = rdt()
    hdr = pick([["timestamp", "src_ip", "src_port", "dst_ip", "dst_port", "proto", "action", "bytes", "rule_id"],
                ["Time", "Source", "Src Port", "Destination", "Dst Port", "Protocol", "Action", "Bytes", "Rule"]])
    L = ["\t".join(hdr)]
    for _ in range(R.randint(1, 2)):
        t = later(t, 1, 50)
        v6 = chance(0.25)
        src = ipv6() if v6 else ipv4()
        dst = ipv6("comp") if v6 else ipv4()
        L.append("\t".join([iso(t, ms=False), P(src, IP), str(R.randint(1024, 65535)), P(dst, IP),
                            str(pick([22, 53, 80, 443, 3389, 5432, 8443])), pick(["tcp", "udp"]),
                            pick(["allow", "deny", "drop"]), str(R.randint(40, 9000000)),
                            str(R.randint(100, 9999))]))
    return "\n".join(L)


def c_settlement():
    L = [row(["batch_id", "txn_id", "settled_at", "pan", "brand", "auth_code", "amount", "currency", "arn", "mcc"])]
    b = "B%s" % d(8)
    for _ in range(3):
        t = rdt()
        brand = pick(["visa", "visa", "mc", "mc", "amex", "disc", "jcb", "diners"])
        s = card_digits(brand)
        pan = P(group_card(s, pick(["", "", " "])), CARD) if chance(0.75) else s[:6] + "*" * (len(s) - 10) + s[-4:]
        L.append(row([b, "T%s" % d(10), iso(t, ms=False), pan,
                      {"visa": "VISA", "mc": "MASTERCARD", "amex": "AMEX", "disc": "DISCOVER",
                       "jcb": "JCB", "diners": "DINERS"}[brand],
                      b62(6).upper(), "%d.%02d" % (R.randint(1, 3000), R.randint(0, 99)),
                      pick(["USD", "EUR", "GBP"]), d(23), pick(["5411", "5812", "4121", "7011"])]))
    return "\n".join(L)


def c_helpdesk():
    L = [row(["Ticket ID", "Subject", "Requester", "Requester Email", "Requester Phone", "Created",
              "Agent", "Status", "Tags"], quote_all=True)]
    for _ in range(2):
        p, t = Person(), rdt()
        L.append(row([R.randint(10000, 99999),
                      pick(["Refund, not received", "Login issue", "Change bank details",
                            "Parcel \"delivered\" but missing"]),
                      p.full, P(p.email(), EMAIL), maybe(P(p.phone(), PHONE), 0.5),
                      t.strftime("%Y-%m-%d %H:%M"), pick(["Marta", "Jonas", "Priya", "Kenta"]),
                      pick(["Open", "Pending", "Solved"]), pick(["billing", "vip,callback", ""])], quote_all=True))
    return "\n".join(L)


def c_event_reg():
    L = [row(["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type",
              "Attendee #", "Cell Phone", "Company", "Job Title"])]
    for _ in range(2):
        p, t = Person(pick(["us", "uk", "ca", "ie", "in", "au"])), rdt()
        L.append(row([d(10), t.strftime("%m/%d/%Y %H:%M"), p.first, p.last, maybe(P(p.email(work=True), EMAIL), 0.7),
                      1, pick(["Early Bird", "General Admission", "Workshop + Conference"]),
                      d(11), maybe(P(p.phone(), PHONE), 0.4), pick(["Brightwave, Inc.", "Cobalt Ridge", ""]),
                      pick(["CTO", "Data Engineer", "Head of Ops", ""])]))
    return "\n".join(L)


def c_sf_leads():
    L = [row(["Lead ID", "First Name", "Last Name", "Company", "Email", "Phone", "Mobile", "Lead Source",
              "Created Date", "Annual Revenue"])]
    for _ in range(2):
        p, t = Person(), rdt()
        comp = pick(COMPANY[p.loc])
        L.append(row(["00Q" + b62(15), p.first, p.last, comp.split(".")[0].replace("-", " ").title(),
                      maybe(P(p.email(domain=comp), EMAIL), 0.7), maybe(P(with_ext(PHONES[p.loc]("intl")) if chance(0.3) and LANG[p.loc] == "en" else PHONES[p.loc]("intl"), PHONE), 0.6),
                      maybe(P(p.phone(), PHONE), 0.2), pick(["Web", "Trade Show", "Partner Referral"]),
                      t.strftime("%Y-%m-%d"), R.randint(1, 900) * 10000]))
    return "\n".join(L)


def c_bank_de():
    t = rdt()
    L = [row(["Buchungstag", "Valuta", "Auftraggeber / Empfänger", "IBAN", "BIC", "Verwendungszweck",
              "Betrag (EUR)", "Saldo (EUR)"], ";", quote_all=True)]
    for _ in range(R.randint(2, 3)):
        t = later(t, 3600, 400000)
        p = Person(pick(["de", "at", "nl", "fr", "it", "es", "be"]))
        kind = R.random()
        if kind < 0.35:
            vz = "Rechnung %s Kd-Nr. %s" % (invoice_id(t), d(6))
        elif kind < 0.65:
            vz = "EREF+%s MREF+M%s CRED+DE%02dZZZ0%s" % (d(12), d(9), R.randint(10, 99), d(10))
        else:
            vz = "%s %s" % (pick(["Miete", "Erstattung", "Gutschrift"]), bad_iban(sp=False) if chance(0.3) else "RF%s" % d(20))
        L.append(row([ddmmyyyy(t), ddmmyyyy(later(t, 0, 90000)), p.full, P(iban(IBANCC[p.loc], sp=False), IBAN),
                      bic(IBANCC[p.loc]), vz,
                      ("-" if chance(0.6) else "") + "%d,%02d" % (R.randint(1, 3000), R.randint(0, 99)),
                      "%d,%02d" % (R.randint(100, 30000), R.randint(0, 99))], ";", quote_all=True))
    return "\n".join(L)


def c_bank_en():
    t = rdt()
    L = [row(["Date", "Description", "Counterparty", "Counterparty IBAN", "Reference", "Paid out", "Paid in", "Balance"])]
    for _ in range(R.randint(2, 3)):
        t = later(t, 3600, 400000)
        p = Person(pick(["uk", "ie", "nl", "de", "fr", "es", "it", "pt"]))
        L.append(row([t.strftime("%d/%m/%Y"), pick(["Transfer to", "Transfer from", "SEPA credit"]) + " " + p.first,
                      p.full, P(iban(IBANCC.get(p.loc, "GB"), sp=chance(0.3)), IBAN),
                      pick([invoice_id(t), "rent %s" % t.strftime("%b"), order_id(t), ""]),
                      *((["%d.%02d" % (R.randint(1, 900), R.randint(0, 99)), ""]) if chance(0.5)
                        else (["", "%d.%02d" % (R.randint(1, 900), R.randint(0, 99))])),
                      "%d.%02d" % (R.randint(100, 9000), R.randint(0, 99))]))
    return "\n".join(L)


def c_access_review():
    L = ["\t".join(["login", "email", "last_login_ip", "last_login", "mfa", "role"])]
    for _ in range(R.randint(2, 3)):
        p, t = Person(), rdt()
        lg = fold(p.rfirst[0] + p.rlast).lower().replace(" ", "")
        L.append("\t".join([lg, maybe(P(p.email(work=True), EMAIL), 0.5), P(ip_any(), IP) if chance(0.7) else "",
                            iso(t, ms=False), pick(["totp", "webauthn", "none", "sms"]),
                            pick(["admin", "billing", "read-only", "support"])]))
    return "\n".join(L)


def c_onboarding():
    L = [row(["Employee No.", "Full Name", "Social Security No.", "Personal Email", "Mobile", "Start Date", "Manager"])]
    for _ in range(R.randint(2, 3)):
        p, t = Person("us"), rdt()
        L.append(row([d(6), "%s, %s" % (p.last, p.first), P(ssn(), SSN), maybe(P(p.email(), EMAIL), 0.4),
                      maybe(P(p.phone(), PHONE), 0.3), t.strftime("%b %d, %Y"),
                      "%s %s" % (pick(NAMES["en"][0]), pick(NAMES["en"][1]))]))
    return "\n".join(L)


def c_sms_campaign():
    delim = pick([";", ","])
    L = [row(["msisdn", "country", "opt_in_ts", "campaign", "status", "cost_eur"], delim)]
    for _ in range(R.randint(2, 3)):
        p, t = Person(), rdt()
        num = p.phone("e164")
        if chance(0.2):
            num = "00" + num[1:]
        L.append(row([P(num, PHONE), p.loc.upper(), epoch(t),
                      pick(["spring_sale_%d" % t.year, "reactivation_q%d" % R.randint(1, 4)]),
                      pick(["delivered", "delivered", "failed", "undelivered"]),
                      "0,%03d" % R.randint(10, 150) if delim == ";" else "0.%03d" % R.randint(10, 150)], delim))
    return "\n".join(L)


def c_chargebacks():
    L = [row(["Case Number", "Dispute Date", "Reason Code", "Card Number", "Card Brand", "Amount",
              "Merchant Ref", "Respond By"], pick([",", ";"]))]
    delim = L[0][len("Case Number")]
    for _ in range(R.randint(2, 3)):
        t = rdt()
        brand = pick(["visa", "mc", "amex", "disc", "jcb"])
        s = card_digits(brand)
        pan = P(group_card(s, pick([" ", "-", ""])), CARD) if chance(0.8) else masked_card(s)
        L.append(row(["CB%s" % d(9), t.strftime("%Y-%m-%d"), pick(["10.4", "13.1", "4837", "4853", "F29"]),
                      pan, brand.upper(), "%d.%02d" % (R.randint(5, 2000), R.randint(0, 99)), order_id(t),
                      later(t, 86400 * 7, 86400 * 20).strftime("%Y-%m-%d")], delim))
    return "\n".join(L)


def c_1099():
    L = [row(["Recipient Name", "Recipient TIN", "TIN Type", "City/State", "Box 1 Nonemployee Comp", "Account Number"])]
    for _ in range(R.randint(2, 3)):
        p = Person("us")
        if chance(0.3):
            tin, ty, nm = "%02d-%s" % (R.randint(10, 99), d(7)), "EIN", "%s %s LLC" % (p.last, pick(["Consulting", "Design", "Builders"]))
        else:
            tin, ty, nm = P(ssn(), SSN), "SSN", "%s, %s" % (p.last, p.first)
        L.append(row([nm, tin, ty, p.city, "%d.%02d" % (R.randint(600, 90000), R.randint(0, 99)), "V-%s" % d(5)]))
    return "\n".join(L)


def c_inventory():
    """Look-alike-only CSV."""
    delim = pick([";", ",", "\t"])
    L = [row(pick([["Artikelnummer", "EAN", "Bezeichnung", "Bestand", "Lagerplatz", "Preis", "Letzte Inventur"],
                   ["sku", "ean", "description", "on_hand", "bin", "price", "last_count"]]), delim)]
    cur = pick(["de", "us", "fr", "nl", "uk"])
    for _ in range(R.randint(3, 5)):
        t = rdt()
        L.append(row(["A-%s" % d(6), "40%s" % d(11), pick(["Schraube M8x40", "Kabel 3m", "Mug 330ml", "Filter 10-pack"]),
                      R.randint(0, 900), "%s-%02d-%02d" % (pick("ABCD"), R.randint(1, 40), R.randint(1, 9)),
                      money(cur), ddmmyyyy(t)], delim))
    return "\n".join(L)


def c_orders_only():
    """Look-alike-only CSV."""
    L = [row(["order_id", "created", "sku", "qty", "unit_price", "tracking", "lot", "zip"])]
    for _ in range(R.randint(2, 4)):
        t = rdt()
        L.append(row([order_id(t), epoch(t) * 1000 + R.randint(0, 999), "SKU-%s" % d(6), R.randint(1, 9),
                      "%d.%02d" % (R.randint(1, 300), R.randint(0, 99)), bad_card(sep=""),
                      bad_octet(), pick(POST[pick(LOCS)])[0]]))
    return "\n".join(L)


# ============================================================================ language bits
LANG_LOCS = {"en": ["us", "uk", "ie", "au", "ca", "in"], "de": ["de", "at", "ch"], "fr": ["fr", "be"],
             "es": ["es", "mx"], "it": ["it"], "pt": ["pt", "br"], "nl": ["nl", "be"], "pl": ["pl"],
             "ja": ["jp"], "sv": ["se", "dk", "no"]}
WD = {"en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
      "de": ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
      "fr": ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
      "es": ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
      "it": ["lun", "mar", "mer", "gio", "ven", "sab", "dom"],
      "pt": ["seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."],
      "nl": ["ma", "di", "wo", "do", "vr", "za", "zo"],
      "sv": ["mån", "tis", "ons", "tors", "fre", "lör", "sön"],
      "ja": "月火水木金土日", "pl": ["pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."]}
MON = {"en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
       "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
       "es": "ene feb mar abr may jun jul ago sept oct nov dic".split(),
       "it": "gen feb mar apr mag giu lug ago set ott nov dic".split(),
       "pt": "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.".split(),
       "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec".split(),
       "sv": "jan. feb. mars apr. maj juni juli aug. sep. okt. nov. dec.".split()}


def rfc2822(t):
    return "%s, %d %s %s %s" % (WD["en"][t.weekday()], t.day, MON["en"][t.month - 1],
                                t.strftime("%Y %H:%M:%S"), pick(["+0100", "+0200", "-0500", "+0000", "+0900"]))


def local_date(t, lang):
    return {"en": t.strftime(pick(["%m/%d/%Y", "%d/%m/%Y", "%d %b %Y"])), "de": ddmmyyyy(t),
            "fr": ddmmyyyy(t, "/"), "es": ddmmyyyy(t, "/"), "it": ddmmyyyy(t, "/"),
            "pt": ddmmyyyy(t, "/"), "nl": t.strftime("%d-%m-%Y"), "pl": ddmmyyyy(t),
            "ja": "%d年%d月%d日" % (t.year, t.month, t.day), "sv": t.strftime("%Y-%m-%d")}[lang]


def quote_header(lang, t, name, addr):
    hm = t.strftime("%H:%M")
    w = WD[lang][t.weekday()]
    m = MON.get(lang, MON["en"])[t.month - 1]
    return {"en": "On %s, %d %s %d at %s, %s <%s> wrote:" % (w, t.day, m, t.year, hm, name, addr),
            "de": "Am %s um %s schrieb %s <%s>:" % (ddmmyyyy(t), hm, name, addr),
            "fr": "Le %s %d %s %d à %s, %s <%s> a écrit :" % (w, t.day, m, t.year, hm, name, addr),
            "es": "El %s, %d %s %d a las %s, %s (<%s>) escribió:" % (w, t.day, m, t.year, hm.lstrip("0"), name, addr),
            "it": "Il giorno %s %d %s %d alle ore %s %s <%s> ha scritto:" % (w, t.day, m, t.year, hm, name, addr),
            "pt": "Em %s, %d de %s de %d às %s, %s <%s> escreveu:" % (w, t.day, m, t.year, hm, name, addr),
            "nl": "Op %s %d %s %d om %s schreef %s <%s>:" % (w, t.day, m, t.year, hm, name, addr),
            "pl": "W dniu %s o %s, %s <%s> pisze:" % (ddmmyyyy(t), hm, name, addr),
            "ja": "%d年%d月%d日(%s) %s %s <%s>:" % (t.year, t.month, t.day, w, hm, name, addr),
            "sv": "Den %s %d %s %d kl %s skrev %s <%s>:" % (w, t.day, m, t.year, hm, name, addr)}[lang]


OUTLOOK = {"en": ("From", "Sent", "To", "Cc", "Subject"), "de": ("Von", "Gesendet", "An", "Cc", "Betreff"),
           "fr": ("De ", "Envoyé ", "À ", "Cc ", "Objet "), "es": ("De", "Enviado el", "Para", "CC", "Asunto"),
           "it": ("Da", "Inviato", "A", "Cc", "Oggetto"), "pt": ("De", "Enviada", "Para", "Cc", "Assunto"),
           "nl": ("Van", "Verzonden", "Aan", "CC", "Onderwerp"), "pl": ("Od", "Wysłano", "Do", "DW", "Temat"),
           "sv": ("Från", "Skickat", "Till", "Kopia", "Ämne"), "ja": ("差出人", "送信日時", "宛先", "CC", "件名")}
FWD = {"en": "Forwarded message", "de": "Weitergeleitete Nachricht", "fr": "Message transféré",
       "es": "Mensaje reenviado", "it": "Messaggio inoltrato", "pt": "Mensagem encaminhada",
       "nl": "Doorgestuurd bericht", "pl": "Wiadomość przekazana dalej", "sv": "Vidarebefordrat meddelande",
       "ja": "Forwarded message"}
FROM_LBL = {"en": "From", "de": "Von", "fr": "De", "es": "De", "it": "Da", "pt": "De", "nl": "Van",
            "pl": "Od", "sv": "Från", "ja": "From"}
GREET = {"en": ["Hi %s,", "Dear %s,", "Hello %s,"], "de": ["Hallo %s,", "Sehr geehrte/r %s,", "Guten Tag %s,"],
         "fr": ["Bonjour %s,", "Madame, Monsieur,", "Cher %s,"], "es": ["Hola %s:", "Estimado/a %s:", "Buenos días,"],
         "it": ["Gentile %s,", "Buongiorno %s,", "Ciao %s,"], "pt": ["Olá %s,", "Caro/a %s,", "Bom dia,"],
         "nl": ["Beste %s,", "Hoi %s,", "Geachte heer/mevrouw,"], "pl": ["Dzień dobry,", "Szanowna Pani / Szanowny Panie,", "Cześć %s,"],
         "sv": ["Hej %s,", "Hej!"], "ja": ["%s様", "お世話になっております。"]}


def greet(lang, name):
    g = pick(GREET[lang])
    return g % name if "%s" in g else g


SIG_LBL = {"de": ("Tel.: ", "Mobil: "), "fr": ("Tél. : ", "Port. : "), "es": ("Tel. ", "Móvil "),
           "it": ("Tel. ", "Cell. "), "pt": ("Tel.: ", "Telm.: "), "nl": ("T ", "M "), "pl": ("tel. ", "kom. "),
           "sv": ("Tel: ", "Mobil: "), "ja": ("TEL: ", "携帯: "), "en": ("T: ", "M: ")}


def signature(p, lang, work_mail=None):
    comp = pick(COMPANY[p.loc])
    org = comp.split(".")[0].replace("-", " ").title()
    tel = []
    if chance(0.25) and LANG[p.loc] == "en":
        tel.append(SIG_LBL[lang][0] + P(with_ext(PHONES[p.loc]("intl")), PHONE))
    elif chance(0.7):
        tel.append(SIG_LBL[lang][0] + P(PHONES[p.loc]("intl" if chance(0.6) else "nat"), PHONE))
    if chance(0.15):
        tel.append(SIG_LBL[lang][1] + P(p.phone(), PHONE))
    if lang == "ja" and chance(0.5):
        tel.append("FAX: " + P(PHONES["jp"]("nat"), PHONE))
    tel = (" / " if lang == "ja" else " | ").join(tel)
    if work_mail is None:
        work_mail = chance(0.25)
    em = P(p.email(domain=comp), EMAIL) if work_mail else ""
    n = p.full
    head, foot = {
        "de": ("Mit freundlichen Grüßen\n\n%s\n%s GmbH" % (n, org),
               "Sitz der Gesellschaft: %s, HRB %s, USt-IdNr.: DE%s" % (p.city, d(5), d(9))),
        "fr": ("Cordialement,\n%s\n%s SAS" % (n, org), "SIRET %s %s %s %s" % (d(3), d(3), d(3), d(5))),
        "es": ("Un saludo,\n%s\n%s S.L." % (n, org), "CIF B%s" % d(8)),
        "it": ("Cordiali saluti\n%s\n%s S.r.l." % (n, org), "P.IVA %s" % d(11)),
        "pt": ("Com os melhores cumprimentos,\n%s\n%s, Lda." % (n, org), "NIF %s" % d(9)),
        "nl": ("Met vriendelijke groet,\n\n%s\n%s B.V." % (n, org), "KvK %s | BTW NL%sB01" % (d(8), d(9))),
        "pl": ("Pozdrawiam serdecznie\n%s\n%s Sp. z o.o." % (n, org), "NIP %s" % _nip()),
        "sv": ("Med vänliga hälsningar\n%s\n%s AB" % (n, org), "Org.nr %s-%s" % (d(6), d(4))),
        "ja": ("--\n株式会社%s 営業部\n%s" % (org, n), ""),
        "en": ("--\n%s\n%s | %s" % (n, pick(["Account Manager", "Head of Finance", "Customer Success",
                                                "Office Manager"]), org), "www." + comp)}[lang]
    mail_line = ({"de": "E-Mail: ", "ja": "Mail: ", "fr": "Courriel : "}.get(lang, "") + em) if em else ""
    return "\n".join(x for x in (head, tel, mail_line, foot) if x)


# sentence pools: {PH} phone, {EM} e-mail, {IB} IBAN, {IP} IP, {CC} card, {SSN} SSN,
# look-alikes {ORD} {INV} {AMT} {DATE} {TIME} {ZIP} {TKT} {CUST} {L4} {N} {NAME} {BADCC} {BADIB} {BADSSN}
POOL = {
    "en": ["Can you ring {NAME} back on {PH}? If nobody picks up, try {PH} after 5pm.",
           "Quick one: the refund for order {ORD} ({AMT}) should go to {IB}, not back to the card.",
           "{NAME}'s new address is {EM}; the old one bounces.",
           "We blocked {IP} after {N} failed logins between {TIME} and midnight.",
           "My SSN is {SSN} and my date of birth is {DOB}, but the portal keeps saying the details don't match.",
           "The card ending {L4} was declined, so I paid with {CC} instead.",
           "Text me at {PH} when the courier is close (postcode {ZIP}).",
           "If the VPN drops again, the gateway is {IP}; the backup sits at {IP}.",
           "Ticket {TKT}: customer disputes a charge of {AMT} from {DATE}, best contact is {EM}.",
           "I typed {BADCC} by mistake, the right number is {CC}, expiry 09/28.",
           "Please update the payroll record: SSN {SSN} (the {BADSSN} on the old form was a typo)."],
    "de": ["Rufen Sie mich bitte unter {PH} zurück, tagsüber bin ich auch per Mail unter {EM} erreichbar.",
           "Die Rechnung {INV} über {AMT} bitte bis zum {DATE} auf {IB} überweisen.",
           "Meine neue Handynummer lautet {PH}, die alte Festnetznummer {PH} gilt nicht mehr.",
           "Der Zugriff kam laut Protokoll von {IP}, und zwar um {TIME} Uhr.",
           "Können Sie die Lastschrift für Kundennummer {CUST} auf mein neues Konto {IB} umstellen?",
           "Die IBAN {BADIB} aus dem Formular ist falsch, richtig ist {IB}.",
           "Paket {ORD} bitte an die Packstation in {ZIP} liefern; Rückfragen an {EM}.",
           "Bezahlt habe ich am {DATE} mit der Kreditkarte {CC}, die Abbuchung über {AMT} fehlt aber noch."],
    "fr": ["Bonjour, vous pouvez me joindre au {PH} ou par courriel à {EM}.",
           "Merci de rembourser la commande {ORD} ({AMT}) sur le compte {IB}.",
           "La connexion suspecte venait de {IP}, le {DATE} vers {TIME}.",
           "Mon ancien numéro était le {PH}, le nouveau est le {PH}.",
           "Le prélèvement du {DATE} a échoué : le RIB {BADIB} est invalide, utilisez plutôt {IB}.",
           "Pour le dossier {TKT}, écrivez directement à {EM}.",
           "J'ai payé {AMT} avec la carte {CC}, mais la commande {ORD} n'apparaît pas."],
    "es": ["Hola, mi móvil es el {PH} y mi correo {EM}; mejor llámenme por la tarde.",
           "Les adjunto el recibo {INV} de {AMT}; el cargo se hizo en la tarjeta {CC}.",
           "Para la devolución, mi cuenta es {IB} (titular: {NAME}).",
           "El acceso no autorizado se hizo desde {IP} el {DATE}.",
           "Si no contesto al {PH}, dejen recado en el fijo: {PH}.",
           "El pedido {ORD} sigue sin llegar al código postal {ZIP}."],
    "it": ["Buongiorno, potete richiamarmi al {PH} oppure scrivermi a {EM}.",
           "L'IBAN corretto per il rimborso dell'ordine {ORD} è {IB}.",
           "Il pagamento di {AMT} è stato addebitato sulla carta {CC} il {DATE}.",
           "L'accesso sospetto risulta da {IP} alle {TIME}.",
           "Il numero dell'ufficio è cambiato: ora è {PH}.",
           "Pratica {TKT}: il cliente chiede la fattura {INV} in copia a {EM}."],
    "pt": ["Olá! O meu número é {PH} e o email {EM}.",
           "Podem fazer o reembolso para o IBAN {IB}? A encomenda é a {ORD}.",
           "O acesso estranho veio do IP {IP}, no dia {DATE}.",
           "Paguei {AMT} com o cartão {CC}, mas a fatura {INV} ainda aparece em aberto.",
           "Se não atender, liga para o fixo {PH}."],
    "nl": ["Hoi, je kunt me bereiken op {PH} of mailen naar {EM}.",
           "Het bedrag van {AMT} graag terugstorten op {IB} o.v.v. factuur {INV}.",
           "De inlogpoging kwam van {IP} om {TIME}.",
           "Mijn nieuwe mobiele nummer is {PH}; het oude nummer mag weg.",
           "Pakket {ORD} ligt volgens de site bij postcode {ZIP}, maar ik heb niks ontvangen.",
           "Ik heb met creditcard {CC} betaald, niet met {BADCC} zoals op de bon staat."],
    "pl": ["Dzień dobry, proszę o kontakt pod numerem {PH} lub mailowo: {EM}.",
           "Zwrot za zamówienie {ORD} proszę przelać na konto {IB}.",
           "Logowanie nastąpiło z adresu {IP} o godz. {TIME}.",
           "Faktura {INV} na kwotę {AMT} została opłacona kartą {CC}.",
           "Mój stary numer {PH} jest już nieaktualny, nowy to {PH}."],
    "ja": ["お世話になっております。折り返しは{PH}までお願いいたします。",
           "メールアドレスは{EM}に変更になりました。",
           "注文番号{ORD}（{AMT}）の返金状況を教えてください。",
           "不審なアクセスは{IP}からでした（{DATE} {TIME}）。",
           "日中は携帯{PH}、夜は自宅{PH}にご連絡ください。",
           "カード番号{CC}で{AMT}を支払いました。"],
    "sv": ["Hej! Du når mig på {PH} eller {EM}.",
           "Återbetalningen för order {ORD} kan sättas in på {IB}.",
           "Inloggningen kom från {IP} kl. {TIME}, det var inte jag.",
           "Fakturan {INV} på {AMT} är betald, kvitto skickat till {EM}.",
           "Jag betalade med kortet {CC} den {DATE}."],
}


def fill(tpl, p, lang):
    t = rdt()

    def rep(m):
        k = m.group(1)
        if k == "PH":
            return P(p.phone(), PHONE)
        if k == "EM":
            return P(p.email(work=chance(0.25)), EMAIL)
        if k == "IB":
            return P(iban(IBANCC.get(p.loc) if p.loc in IBANCC else None), IBAN)
        if k == "IP":
            return P(ip_any(), IP)
        if k == "CC":
            return P(card(), CARD)
        if k == "SSN":
            return P(ssn(), SSN)
        if k == "BADCC":
            return bad_card()
        if k == "BADIB":
            return bad_iban(IBANCC.get(p.loc))
        if k == "BADSSN":
            return bad_ssn()
        if k == "ORD":
            return order_id(t)
        if k == "INV":
            return invoice_id(t)
        if k == "AMT":
            return money(p.loc)
        if k == "DATE":
            return local_date(t, lang)
        if k == "DOB":
            return "%02d/%02d/%d" % (R.randint(1, 12), R.randint(1, 28), R.randint(1950, 2004))
        if k == "TIME":
            return t.strftime("%H:%M")
        if k == "ZIP":
            return p.zip
        if k == "TKT":
            return ticket_id()
        if k == "CUST":
            return cust_id()
        if k == "L4":
            return d(4)
        if k == "N":
            return str(R.randint(5, 60))
        if k == "NAME":
            return p.first
        raise KeyError(k)
    return re.sub(r"\{([A-Z0-9]+)\}", rep, tpl)


def sentences(p, lang, k):
    pool = POOL[lang]
    if lang == "en" and p.loc != "us":
        pool = [s for s in pool if "SSN" not in s]
    return [fill(s, p, lang) for s in R.sample(pool, min(k, len(pool)))]


# ============================================================================ e-mails
def lang_person(lang):
    return Person(pick(LANG_LOCS[lang]))


def disp(name, addr):
    if "," in name:
        return '"%s" <%s>' % (name, addr)
    return pick(["%s <%s>" % (name, addr), '"%s" <%s>' % (name, addr), "%s <%s>" % (name, addr), addr])


def msgid(t, host):
    return X(pick(["%s.%s@%s" % (t.strftime("%Y%m%d%H%M%S"), hx(10), host),
                   "CA%s=%s@mail.gmail.com" % (b62(14), b62(20)),
                   "%s%s@%s" % (hx(8).upper(), d(6), host)]))


def headers(frm, to, t, subj, cc=None, extra=()):
    m = re.search(r"@([A-Za-z0-9.-]+)", vis(frm))
    host = m.group(1) if m and not m.group(1).endswith(("gmail.com", "outlook.com")) else pick(COMPANY[pick(LOCS)])
    L = ["From: %s" % frm, "To: %s" % to]
    if cc:
        L.append("Cc: %s" % cc)
    L += ["Date: %s" % rfc2822(t), "Subject: %s" % subj]
    if chance(0.5):
        L.append("Message-ID: <%s>" % msgid(t, host))
    L += list(extra)
    return "\n".join(L)


SUBJ = {"en": ["Re: your request", "Change of contact details", "Question about my refund", "Callback please"],
        "de": ["Änderung meiner Kontaktdaten", "Rückfrage zur Erstattung", "AW: Ihre Anfrage"],
        "fr": ["Changement de coordonnées", "Remboursement commande", "RE: votre demande"],
        "es": ["Cambio de datos de contacto", "Devolución pendiente", "RE: su consulta"],
        "it": ["Variazione recapiti", "Rimborso ordine", "R: richiesta"],
        "pt": ["Alteração de contactos", "Reembolso da encomenda", "RE: pedido"],
        "nl": ["Wijziging contactgegevens", "Terugbetaling bestelling", "RE: uw vraag"],
        "pl": ["Zmiana danych kontaktowych", "Zwrot za zamówienie", "RE: zapytanie"],
        "ja": ["連絡先変更のお願い", "返金について", "Re: お問い合わせ"],
        "sv": ["Ändrade kontaktuppgifter", "Återbetalning", "SV: din fråga"]}
CLOSE = {"en": "Thanks,", "de": "Viele Grüße", "fr": "Bien à vous,", "es": "Saludos,", "it": "Grazie,",
         "pt": "Obrigado,", "nl": "Groet,", "pl": "Pozdrawiam,", "ja": "よろしくお願いいたします。", "sv": "Hälsningar,"}
LANGS = ["en", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ja", "sv"]


def e_support(lang=None):
    lang = lang or pick(LANGS)
    p, t = lang_person(lang), rdt()
    to = role_mail(p.loc)
    hello = {"en": ["Hi team,", "Hello,"], "de": ["Hallo zusammen,", "Guten Tag,"], "fr": ["Bonjour,"],
             "es": ["Hola:", "Buenos días:"], "it": ["Buongiorno,", "Salve,"], "pt": ["Bom dia,", "Olá,"],
             "nl": ["Hallo,", "Goedemiddag,"], "pl": ["Dzień dobry,"], "ja": ["ご担当者様"], "sv": ["Hej!"]}[lang]
    body = [pick(hello), "", " ".join(sentences(p, lang, 1)), "", CLOSE[lang], p.full]
    return headers(disp(p.full, P(p.email(), EMAIL)), P(to, EMAIL), t, pick(SUBJ[lang])) + "\n\n" + "\n".join(body)


def e_forward(lang=None):
    lang = lang or pick(LANGS)
    p, a, t = lang_person(lang), lang_person(lang), rdt()
    comp = pick(COMPANY[a.loc])
    t0 = later(t, -90000, -600)
    note = {"en": "FYI - can someone in billing pick this up?", "de": "Zur Info, bitte übernehmen.",
            "fr": "Pour info, quelqu'un peut s'en charger ?", "es": "Os reenvío esto, ¿alguien lo puede mirar?",
            "it": "Vi inoltro, potete occuparvene?", "pt": "Reencaminho para tratarem.",
            "nl": "Ter info, kan iemand dit oppakken?", "pl": "Przesyłam dalej, proszę o zajęcie się sprawą.",
            "ja": "転送します。ご対応をお願いします。", "sv": "Vidarebefordrar, kan någon ta detta?"}[lang]
    inner = "\n".join(["---------- %s ---------" % FWD[lang],
                       "%s: %s <%s>" % (FROM_LBL[lang], p.full, P(p.email(), EMAIL)),
                       "Date: %s" % rfc2822(t0), "Subject: %s" % pick(SUBJ[lang]),
                       "To: <%s>" % P(role_mail(a.loc, domain=comp), EMAIL) if chance(0.4) else "To: %s" % a.full, "",
                       " ".join(sentences(p, lang, 1)), "", p.full,
                       P(p.phone(), PHONE) if chance(0.3) else ""])
    return headers(disp(a.full, P(a.email(domain=comp), EMAIL)),
                   P(role_mail(a.loc, domain=comp), EMAIL),
                   t, "Fwd: " + pick(SUBJ[lang])) + "\n\n" + note + "\n\n" + inner.rstrip()


def e_reply(lang=None):
    lang = lang or pick(LANGS)
    p, a, t = lang_person(lang), lang_person(lang), rdt()
    t0 = later(t, -200000, -900)
    pe = P(p.email(), EMAIL)
    quoted = " ".join(sentences(p, lang, 1)) + "\n\n" + p.full
    qh = quote_header(lang, t0, p.full, pe)
    rep = {"en": "Thanks {n}, all updated on our side.", "de": "Danke {n}, ist erledigt.",
           "fr": "Merci {n}, c'est mis à jour.", "es": "Gracias {n}, ya está actualizado.",
           "it": "Grazie {n}, aggiornato.", "pt": "Obrigado {n}, já está atualizado.",
           "nl": "Dank je {n}, is aangepast.", "pl": "Dziękuję, zaktualizowane.",
           "ja": "{n}様、変更いたしました。", "sv": "Tack {n}, det är uppdaterat."}[lang].format(n=p.first)
    body = rep + "\n\n" + (signature(a, lang) if chance(0.4) else a.first) + "\n\n" + qh + "\n" + "\n".join(
        "> " + ln if ln else ">" for ln in quoted.split("\n"))
    return headers(disp(a.full, P(a.email(work=True), EMAIL)), disp(p.full, pe), t,
                   "Re: " + pick(SUBJ[lang])) + "\n\n" + body


def e_outlook(lang=None):
    lang = lang or pick(["en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ja"])
    p, a, c, t = lang_person(lang), lang_person(lang), lang_person(lang), rdt()
    comp = pick(COMPANY[a.loc])
    t0 = later(t, -300000, -600)
    f, s, to, cc, sj = OUTLOOK[lang]
    old = "\n".join(["%s: %s <%s>" % (f, p.full, P(p.email(work=True), EMAIL)),
                     "%s: %s" % (s, t0.strftime("%A, %d %B %Y %H:%M") if lang == "en" else local_date(t0, lang) + " " + t0.strftime("%H:%M")),
                     "%s: %s" % (to, a.full),
                     "%s: %s" % (cc, P(c.email(work=True), EMAIL)) if chance(0.2) else "%s: " % cc,
                     "%s: %s" % (sj, pick(SUBJ[lang])), "",
                     greet(lang, a.first), " ".join(sentences(p, lang, 1)), "",
                     signature(p, lang, work_mail=False) if chance(0.5) else p.full])
    old = old.replace("\n%s: \n" % cc, "\n")
    top = pick({"en": ["Looping in finance.", "See below, can you confirm?"],
                "de": ["Siehe unten, bitte kurz prüfen."], "fr": ["Voir ci-dessous, merci de vérifier."],
                "es": ["Ver abajo, ¿podéis revisarlo?"], "it": ["Vedi sotto, puoi verificare?"],
                "pt": ["Ver abaixo, podem confirmar?"], "nl": ["Zie hieronder, kun je dit checken?"],
                "pl": ["Poniżej szczegóły, proszę sprawdzić."], "sv": ["Se nedan, kan du kolla?"],
                "ja": ["下記ご確認ください。"]}[lang])
    return headers(disp(a.full, P(a.email(domain=comp), EMAIL)), P(role_mail(a.loc, domain=comp), EMAIL), t,
                   "RE: " + pick(SUBJ[lang])) + "\n\n" + top + "\n\n" + a.full + "\n\n" + "_" * 32 + "\n" + old


def e_security(lang=None):
    lang = lang or pick(["en", "en", "de", "fr", "es", "nl", "it"])
    p, t = lang_person(lang), rdt()
    comp = pick(COMPANY[p.loc])
    brand = comp.split(".")[0].replace("-", " ").title()
    ipv = P(ip_any(), IP)
    sup = P(PHONES[p.loc]("intl" if chance(0.5) else "nat"), PHONE)
    ref = "SEC-%s" % b62(8).upper()
    when = "%s %s UTC" % (t.strftime("%Y-%m-%d"), t.strftime("%H:%M"))
    txt = {"en": "Hi %s,\n\nWe noticed a new sign-in to your %s account.\n\nWhen: %s\nIP address: %s\nApproximate location: %s\nDevice: Chrome on Windows\n\nIf this was you, you can ignore this email. If not, reset your password and call us on %s (24/7), quoting reference %s.",
           "de": "Hallo %s,\n\nbei Ihrem %s-Konto gab es eine neue Anmeldung.\n\nZeitpunkt: %s\nIP-Adresse: %s\nStandort (ungefähr): %s\nGerät: Safari auf iPhone\n\nWaren Sie das nicht? Ändern Sie bitte sofort Ihr Passwort oder rufen Sie uns unter %s an (Vorgang %s).",
           "fr": "Bonjour %s,\n\nUne nouvelle connexion à votre compte %s a été détectée.\n\nDate : %s\nAdresse IP : %s\nLocalisation approximative : %s\nAppareil : Firefox sur macOS\n\nSi ce n'était pas vous, changez votre mot de passe et appelez le %s (référence %s).",
           "es": "Hola %s:\n\nHemos detectado un nuevo inicio de sesión en tu cuenta de %s.\n\nFecha: %s\nDirección IP: %s\nUbicación aproximada: %s\nDispositivo: Chrome en Android\n\nSi no has sido tú, cambia la contraseña y llámanos al %s (ref. %s).",
           "nl": "Hoi %s,\n\nEr is opnieuw ingelogd op je %s-account.\n\nWanneer: %s\nIP-adres: %s\nLocatie (bij benadering): %s\nApparaat: Edge op Windows\n\nWas jij dit niet? Wijzig je wachtwoord en bel ons op %s (kenmerk %s).",
           "it": "Ciao %s,\n\nabbiamo rilevato un nuovo accesso al tuo account %s.\n\nData: %s\nIndirizzo IP: %s\nPosizione approssimativa: %s\nDispositivo: Chrome su Windows\n\nSe non sei stato tu, cambia la password e chiamaci al %s (rif. %s)."}[lang]
    body = txt % (p.first, brand, when, ipv, p.city, sup, ref)
    frm = "%s <%s>" % (brand, P(pick(["no-reply@", "security@", "notifications@"]) + comp, EMAIL))
    subj = {"en": "New sign-in to your account", "de": "Neue Anmeldung bei Ihrem Konto",
            "fr": "Nouvelle connexion à votre compte", "es": "Nuevo inicio de sesión",
            "nl": "Nieuwe aanmelding op je account", "it": "Nuovo accesso al tuo account"}[lang]
    return headers(frm, P(p.email(), EMAIL), t, subj) + "\n\n" + body


def e_reminder(lang=None):
    lang = lang or pick(["de", "fr", "it", "es", "nl", "pl", "pt"])
    p, a, t = lang_person(lang), lang_person(lang), rdt()
    comp = pick(COMPANY[a.loc])
    inv, amt = invoice_id(t), money(a.loc)
    due = local_date(later(t, 86400 * 14, 86400 * 30), lang)
    ibv = a.iban(sp=True)
    ib = P(ibv, IBAN)
    bicv = bic(ibv[:2])
    acc = P(role_mail(a.loc, {"de": "buchhaltung", "fr": "compta", "it": "amministrazione", "es": "contabilidad",
                              "nl": "administratie", "pl": "ksiegowosc", "pt": "contabilidade"}[lang], comp), EMAIL) \
        if chance(0.3) else "www." + comp
    ph = P(PHONES[a.loc]("nat"), PHONE)
    txt = {"de": ("Zahlungserinnerung zu Rechnung %s", "sicher haben Sie es nur übersehen: Unsere Rechnung %s über %s war am %s fällig. Bitte überweisen Sie den Betrag innerhalb von 7 Tagen auf folgendes Konto:\n\nIBAN: %s\nBIC: %s\nVerwendungszweck: %s / Kd.-Nr. %s\n\nBei Fragen erreichen Sie unsere Buchhaltung unter %s oder %s."),
           "fr": ("Relance – facture %s impayée", "sauf erreur de notre part, la facture %s d'un montant de %s, échue le %s, reste impayée. Merci de procéder au virement sur le compte suivant :\n\nIBAN : %s\nBIC : %s\nRéférence : %s / client %s\n\nNotre service comptable reste joignable au %s ou à %s."),
           "it": ("Sollecito di pagamento fattura n. %s", "dai nostri controlli risulta ancora aperta la fattura %s di %s, scaduta il %s. Vi preghiamo di effettuare il bonifico su:\n\nIBAN: %s\nBIC: %s\nCausale: %s - cod. cliente %s\n\nPer chiarimenti: %s oppure %s."),
           "es": ("Recordatorio de pago – factura %s", "le recordamos que la factura %s por importe de %s venció el %s. Puede realizar la transferencia a:\n\nIBAN: %s\nBIC: %s\nConcepto: %s / cliente %s\n\nPara cualquier duda, llámenos al %s o escriba a %s."),
           "nl": ("Betalingsherinnering factuur %s", "volgens onze administratie staat factuur %s van %s (vervaldatum %s) nog open. Wilt u het bedrag overmaken naar:\n\nIBAN: %s\nBIC: %s\nO.v.v.: %s / klantnr. %s\n\nVragen? Bel %s of mail %s."),
           "pl": ("Przypomnienie o płatności – faktura %s", "uprzejmie przypominamy, że faktura %s na kwotę %s (termin płatności %s) pozostaje nieopłacona. Prosimy o przelew na rachunek:\n\nIBAN: %s\nBIC: %s\nTytuł: %s / nr klienta %s\n\nW razie pytań: %s lub %s."),
           "pt": ("Lembrete de pagamento – fatura %s", "a fatura %s no valor de %s, com vencimento a %s, continua por liquidar. Solicitamos a transferência para:\n\nIBAN: %s\nBIC: %s\nReferência: %s / cliente %s\n\nQualquer dúvida: %s ou %s.")}[lang]
    body = txt[1] % (inv, amt, due, ib, bicv, inv, cust_id(), ph, acc)
    return headers(disp(a.full, P(a.email(domain=comp), EMAIL)), disp(p.full, P(p.email(), EMAIL)), t,
                   txt[0] % inv) + "\n\n" + greet(lang, p.full) + "\n\n" + body + "\n\n" + (
        signature(a, lang, False) if chance(0.3) else a.full)


def e_hr_ssn():
    p, h, t = Person("us"), Person("us"), rdt()
    org = pick(COMPANY["us"])
    s1, s2 = P(ssn(), SSN), P(ssn(), SSN)
    ein = "%02d-%s" % (R.randint(10, 99), d(7))
    extra = ""
    if chance(0.4):
        extra = "\n\nFor your spouse we only have an ITIN (%s), which can't go in the SSN box; leave it blank." % itin()
    body = ("Hi %s,\n\nDuring onboarding we noticed the SSN on your W-4 (%s) doesn't match the one on your "
            "I-9 (%s). Could you confirm which one is correct? For reference our EIN is %s and your "
            "employee ID is E%s.%s\n\nIf it's easier, reach me at %s.\n\nThanks,\n%s\nPeople Ops | %s\n%s"
            % (p.first, s1, s2, ein, d(5), extra, P(with_ext(ph_us("nat")) if chance(0.5) else ph_us(), PHONE) if chance(0.6) else "extension %d" % R.randint(200, 4999),
               h.full, org.split(".")[0].title(), P(with_ext(ph_us("nat")), PHONE) if chance(0.4) else "")).rstrip()
    return headers("People Ops <%s>" % P("people@" + org, EMAIL), disp(p.full, P(p.email(), EMAIL)), t,
                   "Action needed: W-4 / I-9 mismatch") + "\n\n" + body


def e_bounce():
    t = rdt()
    loc = pick(LOCS)
    host = "mail." + pick(COMPANY[loc])
    snd, rcpt = Person(loc).email(work=True), Person().email()
    mx = "mx%d.%s" % (R.randint(1, 3), rcpt.split("@")[1])
    qid = hx(10).upper()
    sndm, rc1, rc2, rc3 = P(snd, EMAIL), P(rcpt, EMAIL), P(rcpt, EMAIL), P(rcpt, EMAIL)
    body = ("This is the mail system at host %s.\n\nI'm sorry to have to inform you that your message could not\n"
            "be delivered to one or more recipients.\n\n<%s>: host %s[%s] said: 550 5.1.1\n    <%s>: Recipient "
            "address rejected: User unknown (in reply to RCPT TO command)\n\nReporting-MTA: dns; %s\n"
            "X-Postfix-Queue-ID: %s\nArrival-Date: %s%s\nAction: failed\n"
            "Status: 5.1.1\nRemote-MTA: dns; %s\nDiagnostic-Code: smtp; 550 5.1.1 User unknown"
            % (host, rc1, mx, P(ipv4_pub(), IP), "recipient", host, qid, rfc2822(t),
               ("\n\nFinal-Recipient: rfc822; " + rc3) if chance(0.4) else "", mx))
    return headers("Mail Delivery System <%s>" % P("MAILER-DAEMON@" + host, EMAIL), sndm, later(t, 1, 20),
                   "Undelivered Mail Returned to Sender") + "\n\n" + body


def e_card_guarantee():
    lang = pick(["en", "en", "de", "it", "es"])
    g, a, t = lang_person(lang), Person(pick(["uk", "us", "de", "it", "es"])), rdt()
    brand = pick(["visa", "mc", "amex", "amex", "diners", "jcb"])
    c = P(card(brand, sep=pick([" ", "", "-"])), CARD)
    bad = bad_card(sep=" ")
    conf = "%s%s" % (pick(["", "HX", "CNF"]), d(8))
    arr = later(t, 86400 * 3, 86400 * 60)
    exp = "%02d/%02d" % (R.randint(1, 12), R.randint(26, 31))
    bname = {"visa": "Visa", "mc": "Mastercard", "amex": "American Express", "diners": "Diners Club", "jcb": "JCB"}[brand]
    txt = {"en": "Dear Reservations,\n\nPlease guarantee the booking below with the following card:\n\nCard type: %s\nCard number: %s\nExpiry: %s\nCardholder: %s\n\nGuest mobile: %s\nConfirmation: %s\nArrival: %s, %d nights\n\nNB the number %s we sent yesterday was mistyped, please discard it.",
           "de": "Sehr geehrtes Reservierungsteam,\n\nbitte garantieren Sie die folgende Buchung mit dieser Karte:\n\nKartentyp: %s\nKartennummer: %s\nGültig bis: %s\nKarteninhaber: %s\n\nMobil des Gastes: %s\nBestätigungsnr.: %s\nAnreise: %s, %d Nächte\n\nHinweis: Die gestern gesendete Nummer %s war fehlerhaft, bitte verwerfen.",
           "it": "Gentile ufficio prenotazioni,\n\nvi preghiamo di garantire la prenotazione con la seguente carta:\n\nCircuito: %s\nNumero carta: %s\nScadenza: %s\nTitolare: %s\n\nCellulare ospite: %s\nConferma n.: %s\nArrivo: %s, %d notti\n\nNB: il numero %s inviato ieri era errato, vi preghiamo di ignorarlo.",
           "es": "Estimado departamento de reservas:\n\nles rogamos garanticen la reserva con la siguiente tarjeta:\n\nTipo: %s\nNúmero: %s\nCaducidad: %s\nTitular: %s\n\nMóvil del huésped: %s\nLocalizador: %s\nLlegada: %s, %d noches\n\nNota: el número %s que enviamos ayer era incorrecto, por favor descártenlo."}[lang]
    body = txt % (bname, c, exp, g.full, P(g.phone("intl"), PHONE), conf, local_date(arr, lang), R.randint(1, 9), bad)
    hotel = pick(["reservations@alpenblick-hotel.at", "booking@seeblick-immobilien.ch", "reservas@clinica-albufera.es",
                  "prenotazioni@studio-colombo.it", "frontdesk@thamesgate.co.uk"])
    return headers(disp(a.full, P(a.email(work=True), EMAIL)), P(hotel, EMAIL), t,
                   "Guarantee %s - %s" % (conf, g.full)) + "\n\n" + body + "\n\n" + (
        signature(a, LANG[a.loc]) if chance(0.4) else "%s\n%s Travel" % (a.full, pick(["Harbor", "Nordic", "Iberia", "Alpine"])))


FORM_MSG = {
    "it": ["Vorrei un preventivo per %d pezzi del codice %s, consegna a %s.", "Ordine %s non ancora arrivato, potete verificare?"],
    "es": ["Quisiera presupuesto para %d unidades de la ref. %s, entrega en %s.", "El pedido %s todavía no ha llegado."],
    "nl": ["Graag een offerte voor %d stuks van artikel %s, levering in %s.", "Bestelling %s is nog niet binnen."],
    "de": ["Bitte um ein Angebot für %d Stück Artikel %s, Lieferung nach %s.", "Bestellung %s ist noch nicht angekommen."],
    "fr": ["Je souhaiterais un devis pour %d unités de la réf. %s, livraison à %s.", "La commande %s n'est toujours pas arrivée."],
    "pt": ["Gostaria de um orçamento para %d unidades da ref. %s, entrega em %s.", "A encomenda %s ainda não chegou."],
    "pl": ["Proszę o wycenę %d szt. produktu %s, dostawa do %s.", "Zamówienie %s jeszcze nie dotarło."],
    "en": ["Could you quote %d units of part %s, delivered to %s?", "Order %s still hasn't arrived, can you check?"]}


def form_message(lang):
    t = FORM_MSG[lang]
    if chance(0.5):
        return t[0] % (R.randint(2, 500), "%s-%s" % (b62(3).upper(), d(5)), pick(POST[pick(LANG_LOCS.get(lang, ["us"]))])[0])
    return t[1] % order_id()


def e_contact_form():
    lang = pick(["it", "es", "nl", "de", "fr", "pt", "pl", "en"])
    p, t = lang_person(lang), rdt()
    lbl = {"it": ("Nuovo messaggio dal modulo di contatto", "Nome", "Email", "Telefono", "Messaggio", "Inviato il %s da %s"),
           "es": ("Nuevo mensaje desde el formulario", "Nombre", "Correo", "Teléfono", "Mensaje", "Enviado el %s desde %s"),
           "nl": ("Nieuw bericht via het contactformulier", "Naam", "E-mail", "Telefoon", "Bericht", "Verzonden op %s vanaf %s"),
           "de": ("Neue Anfrage über das Kontaktformular", "Name", "E-Mail", "Telefon", "Nachricht", "Gesendet am %s von IP %s"),
           "fr": ("Nouveau message du formulaire de contact", "Nom", "Courriel", "Téléphone", "Message", "Envoyé le %s depuis %s"),
           "pt": ("Nova mensagem do formulário de contacto", "Nome", "Email", "Telefone", "Mensagem", "Enviado em %s a partir de %s"),
           "pl": ("Nowa wiadomość z formularza kontaktowego", "Imię i nazwisko", "E-mail", "Telefon", "Wiadomość", "Wysłano %s z adresu %s"),
           "en": ("New contact form submission", "Name", "Email", "Phone", "Message", "Sent on %s from %s")}[lang]
    site = pick(COMPANY[p.loc])
    pe = p.email()
    body = "%s\n\n%s: %s\n%s: %s\n%s: %s\n%s: %s\n\n--\n%s\nID: wpcf7-f%d-p%d-o1 · %s" % (
        lbl[0], lbl[1], p.full, lbl[2], P(pe, EMAIL), lbl[3], maybe(P(p.phone(), PHONE), 0.85),
        lbl[4], form_message(lang),
        lbl[5] % (local_date(t, lang) + " " + t.strftime("%H:%M"), P(ip_any(), IP)),
        R.randint(10, 9999), R.randint(10, 9999), uid())
    return headers("%s <%s>" % (site, P("wordpress@" + site, EMAIL)), P(role_mail(p.loc, "info", site), EMAIL), t,
                   "[%s] %s" % (site, lbl[0]), extra=["Reply-To: %s" % P(pe, EMAIL)] if chance(0.15) else ()) + "\n\n" + body


# ============================================================================ prose and chat
PROSE_LANGS = ["en", "en", "en", "de", "de", "fr", "fr", "es", "es", "it", "it", "pt", "pt", "nl",
               "nl", "pl", "pl", "ja", "ja", "sv"]


def p_prose(lang):
    p = lang_person(lang)
    s = sentences(p, lang, pick([1, 2, 2]))
    return ("" if lang == "ja" else " ").join(s)


CHAT = {"en": ("Visitor", "Agent", ["Thanks, I've updated your number to {PH}.",
                                    "Got it. I can see a login from {IP} today, was that you?",
                                    "Thanks, one moment please."]),
        "de": ("Besucher", "Mitarbeiter", ["Danke, ich habe {PH} als Rückrufnummer hinterlegt.",
                                           "Einen Moment bitte, ich prüfe das."]),
        "fr": ("Visiteur", "Conseiller", ["Merci, je note le {PH} comme numéro de rappel.", "Un instant, je vérifie."]),
        "es": ("Visitante", "Agente", ["Gracias, anoto el {PH} como teléfono de contacto.", "Un momento, por favor."]),
        "it": ("Visitatore", "Operatore", ["Grazie, ho aggiornato il recapito a {EM}.", "Un attimo che controllo."]),
        "pt": ("Visitante", "Atendente", ["Obrigado, atualizei o contacto para {PH}.", "Um momento, por favor."]),
        "nl": ("Bezoeker", "Medewerker", ["Dank je, ik heb {EM} als contactadres genoteerd.", "Momentje, ik kijk even mee."]),
        "pl": ("Gość", "Konsultant", ["Dziękuję, zapisałem numer {PH}.", "Chwileczkę, sprawdzam."]),
        "ja": ("訪問者", "担当", ["ありがとうございます。{PH}に折り返しいたします。", "少々お待ちください。"]),
        "sv": ("Besökare", "Handläggare", ["Tack, jag har noterat {PH}.", "Ett ögonblick, jag kollar."])}


def p_chat(lang):
    p, t = lang_person(lang), rdt()
    vis, ag, replies = CHAT[lang]
    agent = lang_person(lang).first
    vid = R.randint(1000, 99999)
    s = sentences(p, lang, 2)
    L = []
    for i, who in enumerate(["v", "a", "v", "a"][:R.randint(3, 4)]):
        t = later(t, 5, 120)
        stamp = t.strftime("%H:%M:%S")
        if who == "v":
            L.append("%s %d (%s): %s" % (vis, vid, stamp, s.pop(0) if s else "ok"))
        else:
            L.append("%s %s (%s): %s" % (ag, agent, stamp, fill(pick(replies), p, lang)))
    return "\n".join(L)


def p_lookalike(lang):
    """Look-alike-only prose."""
    t = rdt()
    loc = pick(LANG_LOCS[lang])
    return {"en": "Order {o} shipped on {d}, total {a}; it should reach {z} by {e}. Tracking {k}.",
            "de": "Bestellung {o} wurde am {d} versendet (Summe {a}) und sollte bis {e} in {z} ankommen. Sendungsnr. {k}.",
            "fr": "La commande {o} est partie le {d} (total {a}), livraison prévue à {z} le {e}. Suivi : {k}.",
            "es": "El pedido {o} salió el {d} (total {a}); llegará a {z} el {e}. Seguimiento: {k}.",
            "it": "L'ordine {o} è partito il {d} (totale {a}), arrivo a {z} previsto il {e}. Tracking {k}.",
            "pt": "A encomenda {o} saiu a {d} (total {a}) e deve chegar a {z} até {e}. Rastreio {k}.",
            "nl": "Bestelling {o} is op {d} verzonden (totaal {a}) en komt rond {e} aan in {z}. Track & trace {k}.",
            "pl": "Zamówienie {o} wysłano {d} (suma {a}), dostawa do {z} do {e}. Numer przesyłki {k}.",
            "ja": "注文{o}は{d}に発送しました（合計{a}）。〒{z}へ{e}頃到着予定です。追跡番号{k}。",
            "sv": "Order {o} skickades {d} (totalt {a}) och når {z} senast {e}. Spårning {k}."}[lang].format(
        o=order_id(t), d=local_date(t, lang), a=money(loc), z=pick(POST[loc])[0],
        e=local_date(later(t, 86400, 400000), lang),
        k=pick([bad_card(sep=""), "JJD%s" % d(18), "1Z%s" % b62(16).upper(), d(12)]))


def p_voicemail(lang):
    lang = lang if lang in ("en", "de", "fr", "nl") else "en"
    p, t = lang_person(lang), rdt()
    dur = "%d:%02d" % (R.randint(0, 2), R.randint(3, 59))
    a, b = P(p.phone(), PHONE), P(p.phone(), PHONE)
    return {"en": "Voicemail from %s (%s, %s): \"Hi, it's %s about order %s. Could you call me back on %s after six? Thanks.\"",
            "de": "Sprachnachricht von %s (%s, %s): „Hallo, hier ist %s wegen der Bestellung %s. Bitte rufen Sie mich unter %s zurück.“",
            "fr": "Message vocal de %s (%s, %s) : « Bonjour, c'est %s pour la commande %s. Rappelez-moi au %s, merci. »",
            "nl": "Voicemail van %s (%s, %s): \"Hoi, met %s over bestelling %s. Wil je me terugbellen op %s?\""}[lang] % (
        a, dur, local_date(t, lang) + " " + t.strftime("%H:%M"), p.first, order_id(t), b)


# ============================================================================ driver
CATS = [
    ("log", 100, [t_spring, t_rails, t_celery, (t_laravel, 0.5), t_pino, t_serilog, (t_gelf, 0.7),
                  t_keycloak, t_shopify, t_zendesk, t_segment, (t_vault, 0.7), (t_envoy, 0.7), t_traefik, (t_journald, 0.7),
                  t_debezium, (t_graphql, 1.2), (t_mollie, 1.5), (t_fhir, 1.5), (t_firebase, 0.7), (t_mailgun, 0.5),
                  t_ansible, (t_lambda, 1.5), t_audit, (t_zap, 1.5), (t_card_validation, 1.5),
                  (t_iban_validation, 1.5), t_auth0, (t_asterisk, 0.7), (t_payment_request, 3),
                  (t_dlq, 2), (t_background_check, 2), (t_credit_pull, 2), (t_metrics_only, 2),
                  (t_masked, 3), (t_build_log, 3)]),
    ("csv", 62, [c_shopify_customers, c_mailchimp, c_kunden_de, c_clients_fr, c_socios_es,
                 c_clienti_it, c_relaties_nl, c_kontrahenci_pl, c_kokyaku_jp, (c_payroll_us, 1.5),
                 c_firewall_tsv, (c_settlement, 2.5), c_helpdesk, c_event_reg, c_sf_leads, (c_bank_de, 1.3),
                 (c_bank_en, 1.3), c_access_review, (c_onboarding, 2), c_sms_campaign, c_orders_only,
                 (c_chargebacks, 2), (c_1099, 2.5), (c_orders_only, 2), (c_inventory, 3)]),
    ("email", 50, [e_support, e_forward, e_reply, e_outlook, e_security, e_reminder, (e_hr_ssn, 1.5),
                   (e_bounce, 0.5), (e_card_guarantee, 1.7), (e_contact_form, 0.8)]),
    ("prose", 38, None),
]


def build(fn):
    for _ in range(200):
        _VALS.clear()
        text, spans, exempt = finish(fn())
        err = check(text, spans, exempt)
        if not err:
            return {"text": text, "spans": spans}
        if os.environ.get("PII_HELDOUT_DEBUG"):
            print("redraw %s: %s" % (getattr(fn, "__name__", fn), err), file=sys.stderr)
    raise RuntimeError("cannot build %s: %s" % (fn, err))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             "pii-heldout.jsonl")
    docs, kinds = [], collections.Counter()
    for cat, n, fns in CATS:
        if fns is None:
            fns = []
            for i, lang in enumerate(PROSE_LANGS * 2):
                fns.append((lambda lg: (lambda: p_chat(lg)))(lang) if i % 4 == 1 else
                           (lambda lg: (lambda: p_voicemail(lg)))(lang) if i % 9 == 5 else
                           (lambda lg: (lambda: p_lookalike(lg)))(lang) if i % 7 == 3 else
                           (lambda lg: (lambda: p_prose(lg)))(lang))
            order = fns[:n]
        else:
            fw = [(f, 1.0) if callable(f) else f for f in fns]
            tot = sum(w for _, w in fw)
            order = []
            rema = []
            for f, w in fw:
                q = n * w / tot
                order += [f] * int(q)
                rema.append((q - int(q), R.random(), f))
            rema.sort(key=lambda x: (-x[0], x[1]))
            order += [f for _, _, f in rema[:n - len(order)]]
            R.shuffle(order)
        for fn in order:
            docs.append(build(fn))
            kinds[cat] += 1
    R.shuffle(docs)
    # final verification of what is written
    per = collections.Counter()
    for doc in docs:
        for sp in doc["spans"]:
            v = doc["text"][sp["start"]:sp["end"]]
            assert VALID[sp["type"]](v), (sp, v)
            if sp["type"] == CARD:
                assert luhn_ok(re.sub(r"\D", "", v))
            if sp["type"] == IBAN:
                s = v.replace(" ", "")
                assert mod97(s[4:] + s[:4]) == 1 and len(s) == IBAN_LEN[s[:2]]
            per[sp["type"]] += 1
    with open(out, "w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print("%s: %d lines, %d spans" % (out, len(docs), sum(per.values())))
    print("  by format:", dict(kinds))
    print("  by type:  ", dict(sorted(per.items())))
    print("  lines without spans:", sum(1 for x in docs if not x["spans"]))


if __name__ == "__main__":
    main()
