#!/usr/bin/env python3
"""Generates pii-shapes.jsonl: a held-out-style PII corpus in the label scheme of
pii-dev.jsonl (one JSON object a line, {"text", "spans": [{start, end, type}]}, CHARACTER
offsets, Presidio names) but in other shapes: CSV exports (header lines on their own
line), JSON log lines, key=value and syslog lines, e-mail headers and signatures, prose in
English, German, French and Spanish, URLs and paths, with look-alikes beside the values
(versions, UUIDs, hashes, timestamps, order/invoice/tracking numbers, Luhn-invalid cards,
IBANs with a wrong check, unissued SSNs, amounts, ZIP codes, ports, MACs, ISBNs, IMEIs).

Only six types are labelled: EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN,
IP_ADDRESS. Spans: a phone includes its extension, a card the whole grouped number, an
IBAN the whole (spaced) IBAN, an e-mail only the address (no display name, no brackets).
Every labelled value is valid (Luhn + issuer prefix/length, IBAN length + mod-97, SSN
area/group/serial, phone digit counts); every numeric look-alike is checked to be invalid.

Deterministic: `python3 pii_shapes.py [out.jsonl]` always writes the same file.
"""

import ipaddress
import json
import random
import sys

SEED = 20240305
R = random.Random(SEED)

EMAIL, PHONE, CARD, IBAN, SSN, IP = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "IP_ADDRESS",
)


# --------------------------------------------------------------------------- builder


class Line:
    """A text assembled from plain pieces and labelled values."""

    def __init__(self):
        self.text = ""
        self.spans = []

    def t(self, s):
        self.text += s
        return self

    def v(self, s, kind):
        start = len(self.text)
        self.text += s
        self.spans.append({"start": start, "end": len(self.text), "type": kind})
        return self

    def parts(self, *items):
        """Items are strings (plain) or (value, kind) tuples (labelled)."""
        for it in items:
            if isinstance(it, tuple):
                self.v(*it)
            else:
                self.t(it)
        return self


def line(*items):
    return Line().parts(*items)


def pick(seq):
    return R.choice(seq)


def digits(n):
    return "".join(str(R.randrange(10)) for _ in range(n))


# --------------------------------------------------------------------------- people

PEOPLE = [
    ("Ana", "López", "ana.lopez"),
    ("José", "García", "jose.garcia"),
    ("María", "Fernández", "maria.fernandez"),
    ("Íñigo", "Ibáñez", "inigo.ibanez"),
    ("Jürgen", "Weiß", "juergen.weiss"),
    ("Zoë", "Müller", "zoe.mueller"),
    ("Björn", "Schäfer", "bjoern.schaefer"),
    ("Lena", "Groß", "lena.gross"),
    ("François", "Lefèvre", "francois.lefevre"),
    ("Chloé", "Dubois", "chloe.dubois"),
    ("Hélène", "Mercier", "helene.mercier"),
    ("Noël", "Garnier", "noel.garnier"),
    ("John", "Carter", "john.carter"),
    ("Priya", "Natarajan", "priya.natarajan"),
    ("Michael", "O'Neill", "michael.oneill"),
    ("Sarah", "Kim", "sarah.kim"),
    ("Søren", "Østergaard", "soren.ostergaard"),
    ("Łukasz", "Nowak", "lukasz.nowak"),
    ("Giulia", "Rossi", "giulia.rossi"),
    ("Daan", "de Vries", "daan.devries"),
    ("Emma", "Walsh", "emma.walsh"),
    ("Kenji", "Tanaka", "kenji.tanaka"),
    ("Olivia", "Brown", "olivia.brown"),
    ("Mateo", "Ruiz", "mateo.ruiz"),
]

DOMAINS = {
    "en": ["example.com", "example.org", "example.net", "mail.example.com", "corp.example.com",
           "example.co.uk", "eu.mail.example.com", "billing.example.io", "example.us"],
    "de": ["beispiel.de", "firma.example.de", "example.de", "mail.beispiel.de", "example.at"],
    "fr": ["exemple.fr", "example.fr", "mail.exemple.fr", "societe.example.fr"],
    "es": ["ejemplo.es", "example.es", "correo.ejemplo.es", "example.com.mx"],
}


def person():
    return pick(PEOPLE)


def email(p=None, lang=None, style=None):
    first, last, local = p or person()
    dom = pick(DOMAINS[lang or pick(list(DOMAINS))])
    style = style or R.choices(
        ["plain", "initial", "plus", "upper", "digits", "under", "role", "cap"],
        [5, 2, 2, 1, 1, 1, 1, 1],
    )[0]
    f, l = local.split(".")
    if style == "plain":
        a = local
    elif style == "initial":
        a = f[0] + "." + l
    elif style == "plus":
        a = local + "+" + pick(["billing", "news", "eu", "jira", "2024", "shop"])
    elif style == "upper":
        return (f + "." + l + "@" + dom).upper()
    elif style == "digits":
        a = f + l[:3] + str(R.randrange(1, 99))
    elif style == "under":
        a = f + "_" + l
    elif style == "cap":
        return f.capitalize() + "." + l.capitalize() + "@" + dom.capitalize()
    else:
        a = pick(["support", "billing", "noreply", "security", "ops-alerts", "hr", "info",
                  "buchhaltung", "kontakt", "facturation", "contacto", "rgpd"])
    return a + "@" + dom


# --------------------------------------------------------------------------- cards


def luhn_sum(ds):
    s = 0
    for i, c in enumerate(reversed(ds)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s


def luhn_ok(ds):
    return luhn_sum(ds) % 10 == 0


def luhn_complete(prefix, n):
    body = prefix + digits(n - len(prefix) - 1)
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


BRANDS = {
    "visa16": (lambda: "4", 16),
    "visa13": (lambda: "4", 13),
    "visa19": (lambda: "4", 19),
    "mc": (lambda: str(R.randint(51, 55)), 16),
    "mc2": (lambda: str(R.randint(2221, 2720)), 16),
    "amex": (lambda: pick(["34", "37"]), 15),
    "discover": (lambda: pick(["6011", "65"]), 16),
    "jcb": (lambda: str(R.randint(3528, 3589)), 16),
    "diners": (lambda: "36", 14),
}
BRAND_W = {"visa16": 6, "visa13": 1, "visa19": 1, "mc": 3, "mc2": 2, "amex": 3, "discover": 2,
           "jcb": 2, "diners": 1}


def card_digits(brand=None, valid=True):
    brand = brand or R.choices(list(BRAND_W), list(BRAND_W.values()))[0]
    pre, n = BRANDS[brand]
    d = luhn_complete(pre(), n)
    if not valid:
        d = d[:-1] + str((int(d[-1]) + R.randint(1, 9)) % 10)
        assert not luhn_ok(d)
    return d


def group(d, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(d[i:i + s])
        i += s
    assert i == len(d), (d, sizes)
    return sep.join(out)


def card_format(d, style=None):
    n = len(d)
    style = style or pick(["space", "space", "dash", "none"])
    if style == "none":
        return d
    sep = " " if style == "space" else "-"
    sizes = {16: [4, 4, 4, 4], 15: [4, 6, 5], 14: [4, 6, 4], 13: [4, 4, 5],
             19: [4, 4, 4, 4, 3]}[n]
    return group(d, sizes, sep)


def card(brand=None, style=None, valid=True):
    return card_format(card_digits(brand, valid), style)


# --------------------------------------------------------------------------- IBANs

# BBAN layout per country: (count, class) with n = digit, a = upper letter, c = either.
IBAN_SPEC = {
    "DE": [(18, "n")],
    "GB": [(4, "a"), (14, "n")],
    "FR": [(10, "n"), (11, "c"), (2, "n")],
    "ES": [(20, "n")],
    "IT": [(1, "a"), (10, "n"), (12, "c")],
    "NL": [(4, "a"), (10, "n")],
    "BE": [(12, "n")],
    "CH": [(5, "n"), (12, "c")],
    "AT": [(16, "n")],
    "PL": [(24, "n")],
    "PT": [(21, "n")],
    "SE": [(20, "n")],
    "IE": [(4, "a"), (14, "n")],
    "NO": [(11, "n")],
    "DK": [(14, "n")],
    "FI": [(14, "n")],
    "LU": [(3, "n"), (13, "c")],
    "CZ": [(20, "n")],
}
IBAN_LEN = {"DE": 22, "GB": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "CH": 21,
            "AT": 20, "PL": 28, "PT": 25, "SE": 24, "IE": 22, "NO": 15, "DK": 18, "FI": 18,
            "LU": 20, "CZ": 24}
BANK_CODES = {"GB": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"], "NL": ["ABNA", "INGB", "RABO", "TRIO"],
              "IE": ["AIBK", "BOFI"]}
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(s):
    s = s.replace(" ", "")
    return len(s) == IBAN_LEN.get(s[:2], -1) and iban_num(s[4:] + s[:4]) % 97 == 1


def iban_compact(cc=None, valid=True):
    cc = cc or pick(list(IBAN_SPEC))
    bban = ""
    for cnt, cls in IBAN_SPEC[cc]:
        if cls == "a" and cc in BANK_CODES and cnt == 4:
            bban += pick(BANK_CODES[cc])
            continue
        for _ in range(cnt):
            if cls == "n" or (cls == "c" and R.random() < 0.8):
                bban += str(R.randrange(10))
            else:
                bban += pick(UP)
    check = 98 - iban_num(bban + cc + "00") % 97
    if not valid:
        check = (check + R.randint(1, 9)) % 97
        check = max(check, 2)
    s = cc + "%02d" % check + bban
    assert len(s) == IBAN_LEN[cc]
    assert iban_ok(s) == valid, s
    return s


def iban(cc=None, spaced=None, valid=True):
    s = iban_compact(cc, valid)
    if spaced is None:
        spaced = R.random() < 0.55
    if spaced:
        s = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


# --------------------------------------------------------------------------- SSNs


def ssn_ok(area, grp, serial):
    return 0 < area < 900 and area != 666 and grp != 0 and serial != 0


def ssn(sep="-"):
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        if ssn_ok(a, g, s):
            return "%03d%s%02d%s%04d" % (a, sep, g, sep, s)


def bad_ssn():
    kind = pick(["000", "666", "9xx", "g00", "s0000"])
    a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
    if a == 666:
        a = 667
    if kind == "000":
        a = 0
    elif kind == "666":
        a = 666
    elif kind == "9xx":
        a = R.randint(900, 999)
    elif kind == "g00":
        g = 0
    else:
        s = 0
    assert not ssn_ok(a, g, s)
    return "%03d-%02d-%04d" % (a, g, s)


# --------------------------------------------------------------------------- phones


def nxx():
    while True:
        x = str(R.randint(2, 9)) + digits(2)
        if x[1:] != "11":
            return x


def us_phone(fmt=None, ext=None):
    a, e = nxx(), nxx()
    if R.random() < 0.3:
        e, s = "555", "01" + digits(2)
    else:
        s = digits(4)
    fmt = fmt or pick(["paren", "paren", "dash", "dash", "dot", "plus_sp", "plus_dash",
                       "plus_paren", "one_dash", "e164", "paren_tight", "bare", "plus_dot",
                       "one_dot"])
    f = {
        "paren": f"({a}) {e}-{s}",
        "paren_tight": f"({a}){e}-{s}",
        "dash": f"{a}-{e}-{s}",
        "dot": f"{a}.{e}.{s}",
        "plus_sp": f"+1 {a} {e} {s}",
        "plus_dash": f"+1-{a}-{e}-{s}",
        "plus_paren": f"+1 ({a}) {e}-{s}",
        "plus_dot": f"+1.{a}.{e}.{s}",
        "one_dash": f"1-{a}-{e}-{s}",
        "one_dot": f"1.{a}.{e}.{s}",
        "e164": f"+1{a}{e}{s}",
        "bare": f"{a}{e}{s}",
    }[fmt]
    if ext is None:
        ext = R.random() < 0.18 and fmt not in ("bare", "e164")
    if ext:
        f += pick([" x", "x", " ext. ", " ext ", " Ext. "]) + str(R.randint(2, 9999))
    return f


def uk_phone(fmt=None):
    kind = pick(["london", "mobile", "manc", "freephone"])
    if kind == "london":
        nat, grp = "20" + "7946" + "0" + digits(3), [2, 4, 4]
    elif kind == "mobile":
        nat, grp = "7700" + "900" + digits(3), [4, 6]
    elif kind == "manc":
        nat, grp = "161" + "496" + "0" + digits(3), [3, 3, 4]
    else:
        nat, grp = "800" + digits(7), [3, 3, 4]
    fmt = fmt or pick(["nat", "nat", "intl", "intl_trunk", "e164"])
    g = group(nat, grp, " ")
    return {
        "nat": "0" + g,
        "intl": "+44 " + g,
        "intl_trunk": "+44 (0)" + g,
        "e164": "+44" + nat,
    }[fmt]


def de_phone(fmt=None):
    kind = pick(["berlin", "munich", "mobile", "hamburg", "cologne"])
    if kind == "berlin":
        area, sub = "30", str(R.randint(1000000, 99999999))
    elif kind == "munich":
        area, sub = "89", str(R.randint(1000000, 99999999))
    elif kind == "hamburg":
        area, sub = "40", str(R.randint(1000000, 99999999))
    elif kind == "cologne":
        area, sub = "221", str(R.randint(1000000, 9999999))
    else:
        area, sub = pick(["151", "160", "170", "171", "176", "1512", "1522"]), str(
            R.randint(1000000, 9999999))
    if len(area) + len(sub) < 9:
        sub = sub + digits(9 - len(area) - len(sub))
    fmt = fmt or pick(["nat", "nat", "intl", "intl", "intl_trunk", "dash", "slash", "e164",
                       "00"])
    if fmt == "nat":
        return "0" + area + " " + sub
    if fmt == "intl":
        return "+49 " + area + " " + sub
    if fmt == "intl_trunk":
        return "+49 (0)" + area + " " + sub
    if fmt == "dash":
        return "0" + area + "-" + sub
    if fmt == "slash":
        return "0" + area + "/" + sub
    if fmt == "00":
        return "0049 " + area + " " + sub
    return "+49" + area + sub


def fr_phone(fmt=None):
    nat = str(pick([1, 2, 3, 4, 5, 6, 6, 7, 9])) + digits(8)
    pairs = [nat[0]] + [nat[i:i + 2] for i in range(1, 9, 2)]
    fmt = fmt or pick(["nat", "nat", "nat", "intl", "intl", "intl_trunk", "dots", "e164",
                       "bare"])
    if fmt == "nat":
        return "0" + " ".join(pairs)
    if fmt == "intl":
        return "+33 " + " ".join(pairs)
    if fmt == "intl_trunk":
        return "+33 (0)" + " ".join(pairs)
    if fmt == "dots":
        return "0" + ".".join(pairs)
    if fmt == "bare":
        return "0" + nat
    return "+33" + nat


def es_phone(fmt=None):
    nat = pick(["6", "6", "7", "91", "93"])
    nat = nat + digits(9 - len(nat))
    fmt = fmt or pick(["intl", "intl", "intl_pairs", "e164", "nat"])
    if fmt == "intl":
        return "+34 " + group(nat, [3, 3, 3], " ")
    if fmt == "intl_pairs":
        return "+34 " + group(nat, [3, 2, 2, 2], " ")
    if fmt == "e164":
        return "+34" + nat
    return group(nat, [3, 3, 3], " ")


def phone(locale=None):
    locale = locale or R.choices(["us", "uk", "de", "fr", "es"], [5, 2, 2, 2, 1])[0]
    return {"us": us_phone, "uk": uk_phone, "de": de_phone, "fr": fr_phone, "es": es_phone}[locale]()


# --------------------------------------------------------------------------- IPs


def ipv4(kind=None):
    kind = kind or pick(["doc", "doc", "private", "private", "public"])
    if kind == "doc":
        return pick(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(1, 254))
    if kind == "private":
        return pick([
            lambda: "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)),
            lambda: "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254)),
            lambda: "192.168.%d.%d" % (R.randint(0, 255), R.randint(1, 254)),
        ])()
    while True:
        a = R.randint(1, 223)
        if a not in (10, 127, 172, 192):
            return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


def ipv6(kind=None):
    kind = kind or pick(["doc", "doc", "full", "ll", "mapped", "global", "loop"])
    if kind == "loop":
        return "::1"
    if kind == "mapped":
        return "::ffff:" + ipv4()
    if kind == "ll":
        a = ipaddress.IPv6Address((0xFE80 << 112) | R.getrandbits(64))
        return str(a)
    if kind == "doc":
        v = (0x20010DB8 << 96) | (R.getrandbits(16) << 80) | R.getrandbits(16 * R.choice([1, 2, 3]))
        s = str(ipaddress.IPv6Address(v))
    else:
        pre = pick([0x2A02, 0x2A01, 0x2607, 0x2001, 0x2600, 0x2A00])
        v = (pre << 112) | R.getrandbits(112)
        a = ipaddress.IPv6Address(v)
        s = a.exploded if kind == "full" else str(a)
    if not any(c.isdigit() for c in s):
        return ipv6(kind)
    return s.upper() if R.random() < 0.08 else s


def ip(v6=None):
    if v6 is None:
        v6 = R.random() < 0.35
    return ipv6() if v6 else ipv4()


# --------------------------------------------------------------------------- look-alikes


def uuid():
    h = "%032x" % R.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:32]}"


def sha(n=40):
    return "%0*x" % (n, R.getrandbits(4 * n))


def ts_iso(ms=True, z=True):
    s = "2024-%02d-%02dT%02d:%02d:%02d" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23),
                                          R.randint(0, 59), R.randint(0, 59))
    if ms:
        s += ".%03d" % R.randrange(1000)
    return s + ("Z" if z else pick(["+01:00", "+02:00", "-05:00", "+00:00"]))


def date_iso():
    return "20%02d-%02d-%02d" % (R.randint(19, 25), R.randint(1, 12), R.randint(1, 28))


def date_de():
    return "%02d.%02d.20%02d" % (R.randint(1, 28), R.randint(1, 12), R.randint(19, 25))


def version4():
    if R.random() < 0.5:  # Windows/.NET style: a build number that is no octet
        return "%d.%d.%d.%d" % (R.randint(1, 12), R.randint(0, 9), R.randint(1000, 26100), R.randint(0, 9999))
    return "%d.%d.%d.%d" % (R.randint(1, 12), R.randint(0, 20), R.randint(0, 9), R.randint(0, 250))


def no_card(f):
    """A random number look-alike that does not happen to be Luhn-valid."""
    while True:
        s = f()
        if not luhn_ok("".join(c for c in s if c.isdigit())):
            return s


def amount_en():
    return "{:,.2f}".format(R.randint(1, 999999) / 100 * pick([1, 1, 10, 100]))


def amount_eu():
    a = "{:,.2f}".format(R.randint(100, 9999999) / 100)
    return a.replace(",", "X").replace(".", ",").replace("X", ".")


def order_no():
    return no_card(lambda: pick([
        lambda: "%03d-%07d-%07d" % (R.randint(100, 999), R.randint(0, 9999999), R.randint(0, 9999999)),
        lambda: "ORD-2024-%06d" % R.randint(1, 999999),
        lambda: "#%d" % R.randint(100000, 99999999),
        lambda: "INV-%d-%05d" % (R.randint(2019, 2025), R.randint(1, 99999)),
        lambda: "PO-%d" % R.randint(4500000000, 4599999999),
        lambda: "SO%08d" % R.randint(0, 99999999),
    ])())


def tracking():
    return pick([
        lambda: "1Z" + "".join(pick(UP + "0123456789") for _ in range(16)),
        lambda: "JD" + digits(18),
        lambda: "RR" + digits(9) + "DE",
        lambda: "94001" + digits(17),
    ])()


def imei():
    # 15 digits, Luhn-valid, TAC prefix 35/86/49 (not a card issuer length).
    return luhn_complete(pick(["35", "86", "49"]), 15)


def mac():
    return ":".join("%02x" % R.randrange(256) for _ in range(6))


def isbn13():
    body = "978" + pick(["3", "2", "84", "0", "1"])
    body += digits(12 - len(body))
    s = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(body))
    d = body + str((10 - s % 10) % 10)
    return f"{d[:3]}-{d[3]}-{d[4:6]}-{d[6:12]}-{d[12]}" if d[3] in "0123" else \
        f"{d[:3]}-{d[3:5]}-{d[5:9]}-{d[9:12]}-{d[12]}"


def zip_code():
    return pick([lambda: "%05d" % R.randint(10001, 99950),
                 lambda: "%05d-%04d" % (R.randint(10001, 99950), R.randint(1, 9999))])()


def port():
    return str(pick([22, 25, 443, 587, 993, 3306, 5432, 6379, 8080, 8443, 9200, R.randint(1024, 65535)]))


def mask_card():
    d = card_digits()
    return pick(["**** **** **** " + d[-4:], "XXXX-XXXX-XXXX-" + d[-4:], d[:6] + "******" + d[-4:],
                 "ending in " + d[-4:]])


def bad_card():
    return card(valid=False)


def ua():
    return pick([
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/122.0.6261.95 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.3 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
        "okhttp/4.12.0", "curl/8.5.0", "python-requests/2.31.0",
    ])


# --------------------------------------------------------------------------- formats

OUT = []


def emit(ln):
    OUT.append(ln)


def csv_block():
    kind = pick(["customers", "payments", "payments", "payroll_de", "hr_us", "hr_us", "netinv",
                 "contacts_fr", "bank_export", "signup_es", "support"])
    rows = R.randint(3, 6)
    if kind == "customers":
        emit(line("customer_id,full_name,email,phone,country,signup_date"))
        for _ in range(rows):
            p = person()
            loc = pick(["us", "uk", "de", "fr", "es"])
            emit(line("C-%05d," % R.randint(1, 99999), f"{p[0]} {p[1]},", (email(p), EMAIL), ",",
                      (phone(loc), PHONE), f",{loc.upper()},{date_iso()}"))
    elif kind == "payments":
        emit(line("txn_id,created_at,card_number,exp,amount,currency,status"))
        for _ in range(rows):
            r = R.random()
            pre = f"tx_{sha(10)},{ts_iso()},"
            tail = f",{R.randint(1, 12):02d}/{R.randint(25, 31)},{amount_en().replace(',', '')},{pick(['USD', 'EUR', 'GBP'])},"
            if r < 0.65:
                emit(line(pre, (card(), CARD), tail + pick(["captured", "authorized", "refunded"])))
            elif r < 0.85:
                emit(line(pre + bad_card() + tail + "declined_invalid_pan"))
            else:
                emit(line(pre + mask_card().replace("ending in ", "************") + tail + "captured"))
    elif kind == "payroll_de":
        emit(line("Personalnummer;Name;IBAN;BIC;Betrag;Währung;Valuta"))
        for _ in range(rows):
            p = person()
            cc = pick(["DE", "DE", "AT", "CH", "NL", "LU"])
            if R.random() < 0.85:
                emit(line(f"P-{R.randint(1, 9999):04d};{p[1]}, {p[0]};", (iban(cc), IBAN),
                          f";{pick(['COBADEFFXXX', 'DEUTDEDBBER', 'INGDDEFFXXX', 'GENODEF1S04'])};{amount_eu()};EUR;{date_de()}"))
            else:
                emit(line(f"P-{R.randint(1, 9999):04d};{p[1]}, {p[0]};{iban(cc, valid=False)};"
                          f"COBADEFFXXX;{amount_eu()};EUR;{date_de()}"))
    elif kind == "hr_us":
        emit(line("employee_id,name,ssn,zip,phone,hire_date,salary"))
        for _ in range(rows):
            p = person()
            if R.random() < 0.85:
                s = (ssn(pick(["-", "-", "-", " "])), SSN)
            else:
                s = bad_ssn()
            emit(line(f"E{R.randint(10000, 99999)},{p[0]} {p[1]},", s, f",{zip_code()},",
                      (us_phone(), PHONE), f",{date_iso()},{R.randint(45, 210)}000.00"))
    elif kind == "netinv":
        emit(line("hostname,mgmt_ipv4,mgmt_ipv6,mac,serial,os_version,site_zip"))
        for _ in range(rows):
            emit(line(f"{pick(['sw', 'rtr', 'fw', 'ap'])}-{pick(['core', 'edge', 'dmz', 'lab'])}-{R.randint(1, 40):02d},",
                      (ipv4("private"), IP), ",", (ipv6(pick(["doc", "full", "ll"])), IP),
                      f",{mac()},FOC{R.randint(1000, 9999)}X{digits(3)}{pick(UP)},"
                      f"{pick(['17.9.4a', '15.2(7)E3', '9.3(12)', '7.2.8', 'IOS-XE 17.12.1'])},{zip_code()}"))
    elif kind == "contacts_fr":
        emit(line('"Nom";"Prénom";"Courriel";"Téléphone";"Adresse"'))
        for _ in range(rows):
            p = person()
            emit(line(f'"{p[1]}";"{p[0]}";"', (email(p, "fr"), EMAIL), '";"', (fr_phone(), PHONE),
                      f'";"{R.randint(1, 120)}, rue de la Paix, {R.randint(75001, 75020)} Paris"'))
    elif kind == "bank_export":
        emit(line("date,description,counterparty_iban,amount,balance,reference"))
        for _ in range(rows):
            ref = pick([order_no(), "RF%02d%s" % (R.randint(10, 99), digits(10)), uuid()[:8].upper()])
            if R.random() < 0.85:
                emit(line(f"{date_iso()},SEPA {pick(['Gutschrift', 'Lastschrift', 'virement', 'transfer'])},",
                          (iban(spaced=False), IBAN), f",{pick(['-', ''])}{amount_en().replace(',', '')},"
                          f"{amount_en().replace(',', '')},{ref}"))
            else:
                emit(line(f"{date_iso()},SEPA transfer,{iban(spaced=False, valid=False)},"
                          f"{amount_en().replace(',', '')},{amount_en().replace(',', '')},{ref}"))
    elif kind == "signup_es":
        emit(line("id;nombre;correo;móvil;ip_registro;fecha"))
        for _ in range(rows):
            p = person()
            emit(line(f"{R.randint(1, 99999)};{p[0]} {p[1]};", (email(p, "es"), EMAIL), ";",
                      (es_phone(pick(["intl", "e164", "intl_pairs"])), PHONE), ";", (ip(), IP),
                      f";{date_de().replace('.', '/')}"))
    else:
        emit(line("ticket,opened,requester,callback,client_ip,app_version,priority"))
        for _ in range(rows):
            p = person()
            emit(line(f"TCK-{R.randint(10000, 99999)},{ts_iso(ms=False)},", (email(p), EMAIL), ",",
                      (us_phone(ext=R.random() < 0.4), PHONE), ",", (ip(), IP),
                      f",v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)},P{R.randint(1, 4)}"))


def json_log():
    kind = pick(["login", "payment", "profile", "payout", "kyc", "proxy", "signup", "sms",
                 "webhook"])
    L = Line()
    ts = ts_iso()
    rid = uuid()
    if kind == "login":
        ok = R.random() < 0.6
        L.parts('{"ts":"' + ts + '","level":"' + ("info" if ok else "warn") + '","event":"auth.login",'
                '"outcome":"' + ("success" if ok else "failure") + '","user":"', (email(), EMAIL),
                '","src_ip":"', (ip(), IP), '","src_port":' + port() + ',"request_id":"' + rid +
                '","ua":"' + ua() + '"}')
    elif kind == "payment":
        if R.random() < 0.7:
            c = (card(style=pick(["none", "none", "space", "dash"])), CARD)
        else:
            c = bad_card()
        L.parts('{"time":"' + ts + '","severity":"ERROR","msg":"payment declined","pan":"', c,
                '","amount":' + str(R.randint(100, 99999) / 100) + ',"currency":"EUR","order_id":"'
                + order_no() + '","trace_id":"' + sha(32) + '"}')
    elif kind == "profile":
        L.parts('{"@timestamp":"' + ts + '","logger":"com.example.profile.ProfileService","message":'
                '"profile updated","user_id":' + str(R.randint(1, 999999)) + ',"changes":{"phone":{"old":"',
                (phone(), PHONE), '","new":"', (phone(), PHONE), '"},"email":{"old":"', (email(), EMAIL),
                '","new":"', (email(), EMAIL), '"}}}')
    elif kind == "payout":
        if R.random() < 0.8:
            ib = (iban(spaced=R.random() < 0.3), IBAN)
        else:
            ib = iban(valid=False)
        L.parts('{"ts":' + str(R.randint(1700000000, 1720000000)) + '.' + digits(3) + ',"event":'
                '"payout.created","payout_id":"po_' + sha(14) + '","iban":"', ib, '","amount_cents":'
                + str(R.randint(1000, 9999999)) + ',"app_version":"' + version4() + '"}')
    elif kind == "kyc":
        if R.random() < 0.75:
            s = (ssn(), SSN)
        else:
            s = bad_ssn()
        L.parts('{"ts":"' + ts + '","level":"error","svc":"kyc-worker","msg":"identity check failed",'
                '"applicant":{"ssn":"', s, '","dob":"' + date_iso() + '","zip":"' + zip_code() +
                '","phone":"', (us_phone(), PHONE), '"},"attempt":' + str(R.randint(1, 5)) + '}')
    elif kind == "proxy":
        L.parts('{"ts":"' + ts + '","client_ip":"', (ip(True), IP), '","x_forwarded_for":"',
                (ipv4(), IP), ', ', (ipv4("private"), IP), '","method":"GET","path":"/api/v2/orders/'
                + str(R.randint(100000, 9999999)) + '","status":' + pick(["200", "304", "404", "502"])
                + ',"upstream":"', (ipv4("private"), IP), ':' + port() + '","duration_ms":' +
                str(R.randint(1, 5000)) + '}')
    elif kind == "signup":
        p = person()
        L.parts('{"ts":"' + ts + '","event":"user.signup","name":"' + p[0] + ' ' + p[1] +
                '","email":"', (email(p), EMAIL), '","phone":"', (phone(), PHONE),
                '","locale":"' + pick(["de_DE", "fr_FR", "es_ES", "en_GB", "en_US"]) +
                '","ip":"', (ip(), IP), '"}')
    elif kind == "sms":
        L.parts('{"ts":"' + ts + '","provider":"twilio","to":"', (phone(pick(["us", "uk", "de", "fr"])), PHONE),
                '","from":"', ("+1" + nxx() + nxx() + digits(4), PHONE), '","status":"delivered",'
                '"sid":"SM' + sha(32) + '","segments":' + str(R.randint(1, 3)) + '}')
    else:
        L.parts('{"ts":"' + ts + '","webhook":"invoice.paid","customer_email":"', (email(), EMAIL),
                '","invoice":"' + order_no() + '","total":"' + amount_en() + '","billing_phone":"',
                (phone(), PHONE), '","sha256":"' + sha(64) + '"}')
    emit(L)


def kv_log():
    kind = pick(["fw", "app", "sshd", "postfix", "nginx", "dhcp", "sms", "radius", "audit"])
    L = Line()
    if kind == "fw":
        L.parts(f"{ts_iso(ms=False)} fw01 action={pick(['deny', 'allow', 'drop'])} proto={pick(['tcp', 'udp'])} src_ip=",
                (ip(), IP), f" src_port={R.randint(1024, 65535)} dst_ip=", (ipv4("private"), IP),
                f" dst_port={port()} rule_id={R.randint(1, 9999)} bytes={R.randint(40, 99999)}")
    elif kind == "app":
        L.parts(f"time={ts_iso()} level={pick(['warn', 'info', 'error'])} msg=\"password reset requested\" user=",
                (email(), EMAIL), " ip=", (ip(), IP), f" request_id={uuid()} version={version4()} latency={R.randint(1, 900)}ms")
    elif kind == "sshd":
        L.parts(f"{pick(['Mar', 'Apr', 'Nov'])} {R.randint(1, 28):2d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} "
                f"bastion sshd[{R.randint(100, 65000)}]: {pick(['Failed password', 'Accepted publickey'])} for "
                f"{pick(['root', 'deploy', 'admin', 'ana'])} from ", (ip(), IP),
                f" port {R.randint(1024, 65535)} ssh2")
    elif kind == "postfix":
        L.parts(f"Mar {R.randint(1, 28):2d} 10:{R.randint(10, 59)}:{R.randint(10, 59)} mx1 postfix/smtpd[{R.randint(100, 9999)}]: "
                f"NOQUEUE: reject: RCPT from unknown[", (ipv4(), IP), "]: 554 5.7.1 <", (email(), EMAIL),
                ">: Relay access denied; from=<", (email(), EMAIL), "> to=<", (email(), EMAIL),
                "> proto=ESMTP helo=<mail.example.com>")
    elif kind == "nginx":
        L.parts((ip(), IP), f" - - [{R.randint(1, 28):02d}/Mar/2024:{R.randint(0, 23):02d}:{R.randint(10, 59)}:{R.randint(10, 59)} +0000] "
                f"\"GET /api/v1/invoices/{order_no().lstrip('#')}?page={R.randint(1, 9)} HTTP/1.1\" "
                f"{pick(['200', '304', '404'])} {R.randint(100, 99999)} \"-\" \"{ua()}\"")
    elif kind == "dhcp":
        L.parts(f"Mar {R.randint(1, 28):2d} 08:{R.randint(10, 59)}:{R.randint(10, 59)} gw dhcpd[{R.randint(100, 9999)}]: DHCPACK on ",
                (ipv4("private"), IP), f" to {mac()} ({pick(['ana-laptop', 'printer-2f', 'iPhone', 'NAS'])}) via eth{R.randint(0, 3)}")
    elif kind == "sms":
        L.parts(f"{ts_iso()} INFO sms.sent to=", (phone(pick(["us", "uk", "de", "fr", "es"])), PHONE),
                f" template=otp_v{R.randint(1, 5)} code_len=6 status=DELIVERED cost=0.0{R.randint(10, 99)}EUR")
    elif kind == "radius":
        L.parts(f"{ts_iso(ms=False)} radiusd: Login OK: [", (email(), EMAIL), "] (from client ap-",
                str(R.randint(1, 99)), " port ", str(R.randint(1, 48)), " cli ", (ipv4("private"), IP),
                f") session={sha(16)}")
    else:
        L.parts(f"type=USER_LOGIN msg=audit({R.randint(1700000000, 1720000000)}.{digits(3)}:{R.randint(100, 99999)}): "
                f"pid={R.randint(100, 65000)} uid=0 auid={R.randint(1000, 1100)} ses={R.randint(1, 999)} "
                f"msg='op=login acct=\"deploy\" exe=\"/usr/sbin/sshd\" hostname=? addr=", (ip(), IP),
                " terminal=ssh res=success'")
    emit(L)


def email_msg():
    kind = pick(["headers", "headers", "from_line", "signature_de", "signature_en", "received",
                 "forward_fr"])
    if kind == "headers":
        a, b = person(), person()
        L = Line()
        L.parts("From: ", f"{a[0]} {a[1]} <", (email(a), EMAIL), ">\n")
        L.parts("To: ", f"\"{b[1]}, {b[0]}\" <", (email(b, style=pick(["upper", "plain", "cap"])), EMAIL), ">\n")
        if R.random() < 0.6:
            L.parts("Cc: ", (email(style="role"), EMAIL), ", ", (email(style="plus"), EMAIL), "\n")
        L.parts(f"Date: Tue, {R.randint(1, 28)} Mar 2024 {R.randint(0, 23):02d}:{R.randint(10, 59)}:{R.randint(10, 59)} {pick(['+0100', '-0500', '+0000'])}\n")
        if R.random() < 0.5:  # a Message-ID is no address: unlabelled look-alike
            L.parts("Message-ID: <" + pick([
                f"{R.randint(20240101000000, 20241231235959)}.{sha(5).upper()}@mx{R.randint(1, 3)}.example.com",
                f"CA{sha(6)}+{sha(10)}@mail.gmail.com",
                f"{uuid()}@{pick(['exchange.example.org', 'eur.prod.outlook.com'])}",
            ]) + ">\n")
        L.parts(f"Subject: {pick(['Rechnung', 'Facture', 'Factura', 'Invoice'])} {order_no()}")
        emit(L)
    elif kind == "from_line":
        p = person()
        hdr = pick(["From", "Reply-To", "Return-Path", "Sender", "Delivered-To"])
        if hdr == "Return-Path":
            emit(line("Return-Path: <", ("bounce-" + digits(6) + "@" + pick(["bounce.example.com", "mailer.example.org"]), EMAIL), ">"))
        elif hdr == "Delivered-To":
            emit(line("Delivered-To: ", (email(p), EMAIL)))
        else:
            emit(line(f"{hdr}: {p[0]} {p[1]} <", (email(p), EMAIL), ">"))
    elif kind == "signature_de":
        p = person()
        L = Line()
        L.parts(f"Mit freundlichen Grüßen\n{p[0]} {p[1]}\nBuchhaltung · Beispiel GmbH · Friedrichstraße {R.randint(1, 200)}, {R.randint(10115, 14199)} Berlin\n"
                "Tel.: ", (de_phone(pick(["intl_trunk", "intl", "nat"])), PHONE), "\nFax: ",
                (de_phone(pick(["intl_trunk", "nat"])), PHONE), "\nE-Mail: ", (email(p, "de"), EMAIL),
                f"\nUSt-IdNr.: DE{digits(9)} · HRB {R.randint(10000, 99999)} B")
        emit(L)
    elif kind == "signature_en":
        p = person()
        L = Line()
        L.parts(f"--\n{p[0]} {p[1]} | Customer Success\nOffice: ", (us_phone(pick(["paren", "dash", "dot"]), ext=True), PHONE),
                "\nMobile: ", (pick([us_phone("plus_sp", ext=False), uk_phone("intl")]), PHONE),
                "\n", (email(p, "en"), EMAIL), f" | https://www.example.com | Suite {R.randint(100, 999)}, San Francisco, CA {zip_code()}")
        emit(L)
    elif kind == "received":
        emit(line(f"Received: from mail{R.randint(1, 9)}.example.org (mail{R.randint(1, 9)}.example.org [", (ipv4(), IP),
                  "])\n\tby mx.example.net (Postfix) with ESMTPS id 4T" + sha(8).upper() +
                  f"\n\tfor <", (email(), EMAIL), f">; Tue, {R.randint(1, 28)} Mar 2024 10:22:31 +0100"))
    else:
        a, b = person(), person()
        emit(line("-------- Message transféré --------\nDe : ", f"{a[0]} {a[1]} <", (email(a, "fr"), EMAIL),
                  f">\nDate : {R.randint(1, 28)} mars 2024 à {R.randint(8, 19)}:{R.randint(10, 59)}\nÀ : ",
                  (email(b, "fr"), EMAIL), "\nObjet : Re: facture n° " + order_no() +
                  "\n\nBonjour, pouvez-vous me rappeler au ", (fr_phone(pick(["nat", "intl"])), PHONE), " ? Merci."))


def prose_en():
    p = person()
    t = R.randrange(7)
    if t == 0:
        emit(line(f"Hi team, the customer ({p[0]} {p[1]}, ", (email(p), EMAIL), ", ", (phone(), PHONE),
                  f") says her card ", (card(), CARD), f" was charged twice on {date_iso()}; refund ref RF-{R.randint(2020, 2025)}-{R.randint(1, 9999):04d}."))
    elif t == 1:
        emit(line(f"Per our call, please update the direct deposit for {p[0]} to ", (iban(), IBAN),
                  f" effective {date_iso()} and confirm by e-mail to ", (email(style="role"), EMAIL), "."))
    elif t == 2:
        emit(line(f"Applicant {p[0]} {p[1]} (SSN ", (ssn(), SSN), f", DOB {date_iso()}) lives at {R.randint(1, 9999)} Market St, "
                  f"San Francisco, CA {zip_code()}; reach them at ", (us_phone(), PHONE), "."))
    elif t == 3:
        emit(line(f"Security notice: we saw a sign-in to your account from ", (ip(), IP),
                  f" at {R.randint(1, 12)}:{R.randint(10, 59)} {pick(['AM', 'PM'])} UTC. If this wasn't you, call us on ",
                  (pick([us_phone("one_dash"), us_phone("paren"), uk_phone("nat")]), PHONE), " or reply to ",
                  (email(style="role"), EMAIL), "."))
    elif t == 4:
        emit(line(f"Order {order_no()} (total ${amount_en()}) was paid with card ", (card(), CARD),
                  f"; the shipment {tracking()} leaves our ZIP {zip_code()} warehouse tomorrow. Questions? ",
                  (email(style="role"), EMAIL)))
    elif t == 5:
        emit(line(f"Reminder: the on-call number changed to ", (phone(), PHONE), f" as of {date_iso()}. "
                  f"The old bridge (meeting ID {R.randint(100, 999)} {R.randint(100, 999)} {R.randint(1000, 9999)}) is retired."))
    else:
        emit(line(f"{p[0]} wrote: \"my SSN is ", (ssn(pick(['-', ' '])), SSN), " and you can text me at ",
                  (us_phone(), PHONE), f", I'm at {R.randint(1, 999)} Oak Ave apt {R.randint(1, 40)}\""))


def prose_de():
    p = person()
    t = R.randrange(5)
    if t == 0:
        emit(line(f"Sehr geehrte Frau {p[1]}, bitte überweisen Sie {amount_eu()} € bis zum {date_de()} auf das Konto ",
                  (iban(pick(['DE', 'DE', 'AT', 'CH'])), IBAN), f" (BIC COBADEFFXXX), Verwendungszweck {order_no()}. "
                  "Rückfragen gern unter ", (de_phone(), PHONE), " oder an ", (email(lang="de", style="role"), EMAIL), "."))
    elif t == 1:
        emit(line(f"Hallo {p[0]}, mein neues Handy: ", (de_phone(pick(['nat', 'intl', 'dash', 'slash'])), PHONE),
                  f" – die alte Nummer bitte löschen. Grüße aus München, Tel. Büro ", (de_phone(), PHONE), "."))
    elif t == 2:
        emit(line(f"Zahlungseingang am {date_de()}: {amount_eu()} EUR von ", (iban(), IBAN),
                  f", Kunde Nr. {R.randint(100000, 999999)}, Rechnung {order_no()} – vielen Dank!"))
    elif t == 3:
        emit(line(f"Anmeldung fehlgeschlagen für ", (email(p, "de"), EMAIL), " von IP ", (ip(), IP),
                  f" um {R.randint(0, 23):02d}:{R.randint(10, 59)} Uhr (Client-Version {R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)})."))
    else:
        emit(line(f"Die Kreditkarte ", (card(style=pick(['space', 'none'])), CARD), f" (gültig bis {R.randint(1, 12):02d}/{R.randint(25, 30)}) "
                  f"wurde für {amount_eu()} € belastet; Prüfziffer ungültig bei {bad_card()}."))


def prose_fr():
    p = person()
    t = R.randrange(5)
    if t == 0:
        emit(line(f"Bonjour, vous pouvez joindre Mme {p[1]} au ", (fr_phone(), PHONE), " ou à l’adresse ",
                  (email(p, "fr"), EMAIL), f" ; le virement de {amount_eu()} € partira sur ",
                  (iban(pick(['FR', 'FR', 'BE', 'LU'])), IBAN), "."))
    elif t == 1:
        emit(line(f"Votre carte n° ", (card(), CARD), f" a été débitée de {amount_eu()} € le {date_de().replace('.', '/')} "
                  f"(commande {order_no()}, code postal {R.randint(10000, 95999)})."))
    elif t == 2:
        emit(line(f"Connexion suspecte depuis l’adresse ", (ip(), IP), f" — si ce n’était pas vous, appelez le ",
                  (fr_phone(pick(['nat', 'intl'])), PHONE), f" (service gratuit, 7j/7)."))
    elif t == 3:
        emit(line(f"« Écrivez-moi à ", (email(p, "fr"), EMAIL), " ou au ", (fr_phone(), PHONE),
                  f" », a répondu {p[0]} {p[1]}, réf. dossier {R.randint(2020, 2025)}/{R.randint(1, 9999):04d}."))
    else:
        emit(line(f"Prélèvement SEPA : débiteur {p[1]}, IBAN ", (iban(), IBAN), f", RUM {sha(12).upper()}, échéance {date_de().replace('.', '/')}."))


def prose_es():
    p = person()
    t = R.randrange(5)
    if t == 0:
        emit(line(f"Hola, mi número es ", (es_phone(pick(['intl', 'intl_pairs', 'e164'])), PHONE), " y mi correo ",
                  (email(p, "es"), EMAIL), ". Por favor, haced la transferencia a ", (iban(pick(['ES', 'ES', 'PT'])), IBAN),
                  f" antes del {R.randint(1, 28)} de marzo."))
    elif t == 1:
        emit(line(f"Estimado/a {p[0]}: hemos detectado un acceso desde la IP ", (ip(), IP),
                  f" el {date_de().replace('.', '/')}. Si no fue usted, llame al ", (es_phone(pick(['intl', 'e164'])), PHONE), "."))
    elif t == 2:
        emit(line(f"Pedido {order_no()}: pagado con la tarjeta ", (card(), CARD), f" por {amount_eu()} €; "
                  f"envío {tracking()} a C/ Mayor {R.randint(1, 99)}, {R.randint(28001, 28080)} Madrid."))
    elif t == 3:
        emit(line(f"Contacto de facturación: {p[0]} {p[1]} <", (email(p, "es"), EMAIL), ">, tel. ",
                  (es_phone("intl"), PHONE), f", NIF {R.randint(10000000, 99999999)}{pick(UP)}."))
    else:
        emit(line(f"Llámame al ", (es_phone("nat"), PHONE), " o escríbeme a ", (email(p, "es"), EMAIL),
                  f", ¡gracias! (ref. {uuid()[:8]})"))


def url_line():
    t = R.randrange(8)
    if t == 0:
        emit(line("GET https://app.example.com/api/v2/customers/lookup?email=", (email(), EMAIL),
                  f"&page={R.randint(1, 9)} -> {pick(['200', '404'])} in {R.randint(3, 900)}ms"))
    elif t == 1:
        emit(line("redirecting to http://", (ipv4("private"), IP), f":{port()}/admin/login?next=/dashboard&v={R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}"))
    elif t == 2:
        emit(line("curl -sS -H 'X-Request-Id: " + uuid() + "' http://[", (ipv6(pick(['doc', 'll', 'global'])), IP),
                  f"]:{port()}/healthz"))
    elif t == 3:
        emit(line("<a href=\"mailto:", (email(style=pick(['role', 'plus'])), EMAIL), "?subject=Konto%20" + str(R.randint(1000, 9999)) +
                  "\">Kontakt</a> · <a href=\"tel:", (pick([de_phone('e164'), us_phone('e164'), fr_phone('e164')]), PHONE), "\">Anrufen</a>"))
    elif t == 4:
        emit(line(f"/var/spool/exports/{date_iso().replace('-', '/')}/", (email(), EMAIL), f"/invoice-{R.randint(1, 999999):06d}.pdf"))
    elif t == 5:
        emit(line("git clone ssh://git@", (ipv4(), IP), f":{R.randint(2200, 2299)}/platform/billing.git && cd billing && git checkout {sha(7)}"))
    elif t == 6:
        emit(line("Webhook target https://hooks.example.com/notify?phone=", (pick([us_phone('e164'), uk_phone('e164')]), PHONE),
                  "&ip=", (ipv4(), IP), f"&ts={R.randint(1700000000, 1720000000)}"))
    else:
        emit(line("upstream connect error: dial tcp [", (ipv6(), IP), f"]:{port()}: i/o timeout (retry {R.randint(1, 5)}/5)"))


def lookalike_only():
    t = R.randrange(14)
    emit(line(pick([
        lambda: f"build 10.0.{R.randint(0, 9)}.{R.randint(10, 250)} deployed to canary; commit {sha()}",
        lambda: f"Release v{version4()} ({date_iso()}) — sha256:{sha(64)}",
        lambda: f"Order {order_no()} shipped via UPS {tracking()}, ETA {date_iso()}, {R.randint(1, 9)} items, total ${amount_en()}",
        lambda: f"request_id={uuid()} duration_ms={R.randint(1, 999)} status=200 bytes={R.randint(100, 99999)} port={port()}",
        lambda: f"test card {bad_card()} rejected by Luhn check (expected)",
        lambda: f"IBAN {iban(valid=False)} rejected: checksum mismatch",
        lambda: f"SSN {bad_ssn()} is not a valid number (validation error E{R.randint(100, 999)})",
        lambda: f"{ts_iso()} INFO scheduler: job #{R.randint(1000, 99999)} finished in {R.randint(1, 59)}.{R.randint(100, 999)}s (queue depth {R.randint(0, 40)})",
        lambda: f"Invoice {order_no()} — subtotal {amount_eu()} €, VAT 19 %, due {date_de()}, PLZ {R.randint(10115, 99999)}",
        lambda: f"device IMEI {imei()} firmware build {version4()} battery {R.randint(5, 100)}%",
        lambda: f"card on file: {mask_card()} (exp {R.randint(1, 12):02d}/{R.randint(25, 30)})",
        lambda: f"kernel 5.{R.randint(4, 19)}.0.{R.randint(10, 120)}-generic, uptime {R.randint(1, 400)} days, load {R.randint(0, 9)}.{R.randint(10, 99)}",
        lambda: f"Paket {tracking()} wird am {date_de()} zwischen {R.randint(8, 12)}:00 und {R.randint(13, 18)}:00 Uhr zugestellt.",
        lambda: f"Numéro de commande {R.randint(1000000000, 1999999999)}, facture FA-{R.randint(2020, 2025)}-{R.randint(1, 99999):05d}, montant {amount_eu()} €",
    ])()))


def mixed_lookalike():
    """A real value with a close look-alike beside it."""
    t = R.randrange(12)
    if t == 0:
        emit(line(f"client v{version4()} connected from ", (ipv4(), IP), f" (server build {version4()})"))
    elif t == 1:
        emit(line("retry with card ", (card(), CARD), f" after {bad_card()} failed Luhn"))
    elif t == 2:
        emit(line("beneficiary IBAN corrected from ", iban(valid=False), " to ", (iban(), IBAN)))
    elif t == 3:
        emit(line(f"SSN {bad_ssn()} rejected; resubmitted as ", (ssn(), SSN), f" on {date_iso()}"))
    elif t == 4:
        emit(line(f"order number {no_card(lambda: str(R.randint(2000000000, 9999999999)))} — customer callback ", (us_phone(pick(['dash', 'paren', 'plus_sp'])), PHONE)))
    elif t == 5:
        emit(line(f"session {uuid()} user ", (email(), EMAIL), f" sha1={sha()} at {ts_iso()}"))
    elif t == 6:
        emit(line(f"{ts_iso()} peer ", (ipv6(), IP), f" up {R.randint(0, 23):02d}:{R.randint(10, 59)}:{R.randint(10, 59)}, "
                  f"prefixes {R.randint(1, 900)}, asn {R.randint(64512, 65534)}"))
    elif t == 7:
        emit(line(f"ISBN {isbn13()} ordered by ", (email(), EMAIL), f" for ${amount_en()}"))
    elif t == 8:
        emit(line(f"ZIP {zip_code()} / port {port()} / host ", (ipv4(), IP), f":{port()} / pid {R.randint(100, 65000)}"))
    elif t == 9:
        emit(line(f"Tracking {tracking()} — contact ", (phone(pick(['uk', 'de', 'fr'])), PHONE), f" (ref {order_no()})"))
    elif t == 10:
        emit(line(f"invoice {no_card(lambda: str(R.randint(1000000000, 9999999999)))} paid from ", (iban(spaced=False), IBAN), f" on {date_iso()}"))
    else:
        emit(line(f"amount {amount_en()} USD charged; auth code {R.randint(100000, 999999)}; card ",
                  (card(style=pick(['dash', 'space'])), CARD), f"; MID {no_card(lambda: str(R.randint(100000000000, 999999999999)))}"))


def card_heavy():
    t = R.randrange(8)
    if t == 0:
        emit(line(f"{ts_iso(ms=False)} pos terminal=T{R.randint(1, 9999):04d} pan=", (card(style="none"), CARD),
                  f" exp={R.randint(1, 12):02d}{R.randint(25, 30)} amount={R.randint(100, 99999) / 100} "
                  f"auth_code={R.randint(100000, 999999)} stan={R.randint(1, 999999):06d} "
                  f"rrn={no_card(lambda: digits(12))}"))
    elif t == 1:
        emit(line("Please charge the card ", (card(), CARD), f", exp {R.randint(1, 12):02d}/{R.randint(25, 30)}, "
                  f"CVV {R.randint(100, 999)}, for invoice {order_no()} (${amount_en()})."))
    elif t == 2:
        emit(line(f"[{R.randint(8, 18):02d}:{R.randint(10, 59)}] customer: my card number is ",
                  (card(style=pick(["dash", "space", "none"])), CARD), " and it keeps getting declined"))
    elif t == 3:
        d = card_digits()
        emit(line('{"payment_method":{"type":"card","number":"', (card_format(d, pick(["none", "space"])), CARD),
                  '","last4":"' + d[-4:] + '","exp_month":' + str(R.randint(1, 12)) + ',"exp_year":20'
                  + str(R.randint(25, 31)) + '},"customer":"cus_' + sha(14) + '"}'))
    elif t == 4:
        b = pick(["amex", "diners", "jcb", "visa13", "visa19", "mc2", "discover"])
        name = {"amex": "AMEX", "diners": "Diners Club", "jcb": "JCB", "visa13": "Visa", "visa19": "Visa",
                "mc2": "Mastercard", "discover": "Discover"}[b]
        emit(line(f"{name} ", (card(b), CARD), f" auth ok, MCC {R.randint(4000, 5999)}, batch {R.randint(1, 999):03d}"))
    elif t == 5:
        emit(line(f"chargeback CB-{R.randint(10000, 99999)}: card ", (card(), CARD), f" disputed {amount_en()} EUR; "
                  f"duplicate of {bad_card()}? no — that one fails the check digit."))
    elif t == 6:
        emit(line(f"Ihre Zahlung mit der Karte ", (card(pick(["visa16", "mc", "mc2"])), CARD),
                  f" über {amount_eu()} € wurde am {date_de()} abgelehnt."))
    else:
        emit(line(f"Su tarjeta ", (card(), CARD), f" ha sido cargada con {amount_eu()} € (pedido {order_no()})."))


def ssn_heavy():
    t = R.randrange(8)
    if t == 0:
        emit(line(f"W-2 {R.randint(2019, 2024)} | Employee SSN: ", (ssn(), SSN),
                  f" | EIN: {R.randint(10, 99)}-{R.randint(1000000, 9999999)} | Wages ${amount_en()}"))
    elif t == 1:
        emit(line(f"{ts_iso()} kyc applicant_ssn=", (ssn(), SSN), f" dob={date_iso()} zip={zip_code()} score=0.{R.randint(10, 99)}"))
    elif t == 2:
        emit(line("SSN: ", (ssn(""), SSN), f" (no dashes, as entered on form {R.randint(1, 99)}-{pick(UP)})"))
    elif t == 3:
        emit(line("Social Security No. ", (ssn(" "), SSN), f", Medicare ID {R.randint(1, 9)}{pick(UP)}{pick(UP)}{R.randint(0, 9)}-{pick(UP)}{pick(UP)}{R.randint(0, 9)}-{pick(UP)}{pick(UP)}{R.randint(10, 99)}"))
    elif t == 4:
        emit(line(f"ITIN {R.randint(900, 999)}-{R.randint(70, 88)}-{R.randint(1000, 9999)} is not an SSN; the applicant's SSN is ",
                  (ssn(), SSN), "."))
    elif t == 5:
        emit(line(f"Form I-9: {person()[0]}, SSN ", (ssn(), SSN), f", A-Number A{R.randint(10000000, 99999999)}, phone ",
                  (us_phone(), PHONE)))
    elif t == 6:
        emit(line(f"dependent,{person()[0]},", (ssn(), SSN), f",{date_iso()},child"))
    else:
        emit(line(f"{person()[0]}'s tax return lists SSN ", (ssn(), SSN), f" and spouse {bad_ssn()} (rejected by IRS e-file)."))


def iban_heavy():
    t = R.randrange(5)
    if t == 0:
        emit(line(f"<CdtTrfTxInf><PmtId><EndToEndId>E2E-{R.randint(100000, 999999)}</EndToEndId></PmtId>"
                  f"<Amt><InstdAmt Ccy=\"EUR\">{R.randint(100, 999999) / 100}</InstdAmt></Amt><CdtrAcct><Id><IBAN>",
                  (iban(spaced=False), IBAN), "</IBAN></Id></CdtrAcct></CdtTrfTxInf>"))
    elif t == 1:
        emit(line("SEPA-Lastschriftmandat: Gläubiger-ID DE98ZZZ0" + digits(10) + ", Mandatsreferenz M-" +
                  str(R.randint(1000, 99999)) + ", IBAN des Zahlers: ", (iban(pick(["DE", "AT"])), IBAN)))
    elif t == 2:
        emit(line(f"{ts_iso()} payout_failed iban=", (iban(spaced=False), IBAN), f" reason=account_closed amount={amount_en()}"))
    elif t == 3:
        emit(line("Bank details / Coordonnées bancaires — IBAN: ", (iban(pick(list(IBAN_SPEC))), IBAN),
                  f" — BIC: {pick(['BNPAFRPPXXX', 'ABNANL2A', 'BSCHESMM', 'NWBKGB2L', 'UBSWCHZH80A'])}"))
    else:
        emit(line(f"IBAN {iban(valid=False)} rejected (check digits); using ", (iban(), IBAN), " instead"))


FORMATS = [
    (csv_block, 9),
    (json_log, 12),
    (kv_log, 10),
    (email_msg, 6),
    (card_heavy, 16),
    (ssn_heavy, 14),
    (iban_heavy, 8),
    (prose_en, 8),
    (prose_de, 5),
    (prose_fr, 5),
    (prose_es, 5),
    (url_line, 6),
    (lookalike_only, 8),
    (mixed_lookalike, 10),
]


# --------------------------------------------------------------------------- checks


def check(ln):
    t = ln.text
    for s in ln.spans:
        v = t[s["start"]:s["end"]]
        k = s["type"]
        if k == CARD:
            d = v.replace(" ", "").replace("-", "")
            assert d.isdigit() and luhn_ok(d), v
        elif k == IBAN:
            assert iban_ok(v), v
        elif k == SSN:
            d = v.replace("-", "").replace(" ", "")
            assert len(d) == 9 and ssn_ok(int(d[:3]), int(d[3:5]), int(d[5:])), v
        elif k == IP:
            ipaddress.ip_address(v)
        elif k == EMAIL:
            assert v.count("@") == 1 and "." in v.split("@")[1], v
        elif k == PHONE:
            main = v.lower().split("x")[0].split("ext")[0].split("#")[0]
            n = sum(c.isdigit() for c in main)
            assert 9 <= n <= 15, v
    prev = -1
    for s in ln.spans:
        assert s["start"] >= prev, t
        prev = s["end"]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else __file__.rsplit("/", 1)[0] + "/pii-shapes.jsonl"
    fns, ws = zip(*FORMATS)
    while len(OUT) < 600:
        R.choices(fns, ws)[0]()
    with open(out, "w", encoding="utf-8") as f:
        for ln in OUT:
            check(ln)
            f.write(json.dumps({"text": ln.text, "spans": ln.spans}, ensure_ascii=False) + "\n")
    counts = {}
    for ln in OUT:
        for s in ln.spans:
            counts[s["type"]] = counts.get(s["type"], 0) + 1
    print(out, len(OUT), "lines", dict(sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
