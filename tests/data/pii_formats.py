#!/usr/bin/env python3
"""Generate pii-formats.jsonl: a labelled PII corpus in structured / non-prose formats.

Independent generalisation check for the PII detectors. Each line is
{"text": ..., "spans": [{"start", "end", "type"}]} with CHARACTER offsets.
Types: EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN, IP_ADDRESS.

Conventions: a phone span includes its extension ("x204", "ext. 204") but not
"tel:" / quotes / brackets; a card span covers the whole grouped number; an IBAN
the whole (possibly spaced) IBAN; an e-mail only the address (no "mailto:",
no angle brackets); an IP only the address (no brackets, no ":port").

Every labelled value is valid (Luhn + issuer prefix/length, IBAN registry length
+ mod-97, SSN area/group/serial rules, IPs parse). Look-alikes are left
unlabelled: versions, build ids, SHAs, UUIDs, timestamps, prices, order and
tracking numbers, postal codes, coordinates, IMEIs, tax ids, MACs, ports,
PIDs, durations, invalid-checksum cards/IBANs, ITINs.

Run: python3 pii_formats.py [OUT]   (default: pii-formats.jsonl next to this file)
"""
import ipaddress
import json
import os
import random
import sys
import unicodedata
import uuid

SEED = 918273
R = random.Random(SEED)

EMAIL, PHONE, CARD, IBAN, SSN, IP = (
    "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS")


def P(value, kind):
    """Mark a labelled value inside a template string."""
    return f"\x01{kind}\x02{value}\x03"


def finish(marked):
    out, spans, pos, i = [], [], 0, 0
    while i < len(marked):
        c = marked[i]
        if c == "\x01":
            j = marked.index("\x02", i)
            k = marked.index("\x03", j)
            kind, value = marked[i + 1:j], marked[j + 1:k]
            spans.append({"start": pos, "end": pos + len(value), "type": kind})
            out.append(value)
            pos += len(value)
            i = k + 1
        else:
            out.append(c)
            pos += 1
            i += 1
    return {"text": "".join(out), "spans": spans}


def ch(seq):
    return R.choice(seq)


def digits(n, first_nonzero=False):
    s = "".join(R.choice("0123456789") for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = str(R.randint(1, 9)) + s[1:]
    return s


def hexs(n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


# ---------------------------------------------------------------- people
NAMES = {
    "it": ["Giulia Bianchi", "Marco Rossi", "Francesca Esposito", "Luca Romano", "Chiara Ricci",
           "Alessandro Colombo", "Sara Marino", "Davide Greco", "Federica Conti", "Matteo Gallo"],
    "nl": ["Sanne de Vries", "Daan Jansen", "Lotte van den Berg", "Bram Bakker", "Emma Visser",
           "Thijs Smit", "Femke de Boer", "Ruben Mulder", "Noor Hendriks", "Jeroen van Dijk"],
    "pt": ["João Silva", "Ana Santos", "Inês Ferreira", "Tiago Pereira", "Mariana Costa",
           "Rui Oliveira", "Beatriz Rodrigues", "Miguel Martins", "Leonor Sousa", "Gonçalo Almeida"],
    "pl": ["Łukasz Nowak", "Agnieszka Kowalska", "Piotr Wiśniewski", "Katarzyna Wójcik",
           "Michał Kamiński", "Zofia Lewandowska", "Tomasz Zieliński", "Magdalena Szymańska",
           "Paweł Dąbrowski", "Joanna Kozłowska"],
    "us": ["Emily Carter", "Michael Chen", "Priya Patel", "David Okafor", "Rachel Green",
           "Jason Miller", "Maria Hernandez", "Kevin O'Brien", "Ashley Nguyen", "Brandon Lee"],
    "uk": ["Sarah Thompson", "James O'Neill", "Tom Hughes", "Olivia Clarke", "Harry Patel",
           "Charlotte Evans", "George Wright", "Amelia Walsh", "Oliver Bennett", "Isla Murray"],
}
DOMAINS = {
    "it": ["libero.it", "fastwebnet.it", "studiolegale-bianchi.it", "studenti.unimi.it",
           "pec.edilizia-rossi.it", "gmail.com", "tiscali.it"],
    "nl": ["kpnmail.nl", "ziggo.nl", "student.tudelft.nl", "bakker-installatie.nl",
           "hotmail.nl", "gemeente.utrecht.nl", "xs4all.nl"],
    "pt": ["sapo.pt", "gmail.com", "campus.ul.pt", "empresa-lusa.pt", "netcabo.pt", "edu.ulisboa.pt"],
    "pl": ["wp.pl", "onet.pl", "o2.pl", "student.uw.edu.pl", "firma-nowak.com.pl", "interia.pl"],
    "us": ["gmail.com", "outlook.com", "eng.acme-corp.com", "hq.globex.io", "corp.initech.com",
           "mail.umich.edu", "fastmail.fm"],
    "uk": ["mail.northwind.co.uk", "btinternet.com", "proton.me", "nhs.net", "ops.tesco-labs.co.uk",
           "cam.ac.uk", "sky.com"],
}
TAGS = ["invoices", "github", "newsletter", "2024", "shop", "alerts", "jobs", "aws", "work"]


def fold(s):
    s = s.replace("ł", "l").replace("Ł", "L")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("'", "")


def person(loc):
    return ch(NAMES[loc])


def email(loc, name=None):
    name = name or person(loc)
    parts = fold(name).split()
    first, last = parts[0], "".join(parts[1:])
    dom = ch(DOMAINS[loc])
    k = R.randint(0, 9)
    if k == 0:
        local = f"{first}.{last}"
    elif k == 1:
        local = f"{first[0]}{last}"
    elif k == 2:
        local = f"{first}_{last}{R.randint(70, 99)}"
    elif k == 3:
        local = f"{first}.{last}+{ch(TAGS)}"
    elif k == 4:
        local = f"{first}+{ch(TAGS)}"
    elif k == 5:
        local = f"{first[0]}.{last}"
    elif k == 6:
        local = f"{first}-{last}"
    elif k == 7:
        local = ch(["billing", "support+eu", "noreply", "it-helpdesk", "contabilita", "klantenservice",
                    "faturacao", "biuro"])
    elif k == 8:
        local = f"{last}.{first[0]}{R.randint(1, 9)}"
        dom = "mail." + dom if dom.count(".") == 1 else dom
    else:
        local = f"{first.capitalize()}.{last.capitalize()}"
    return f"{local}@{dom}"


# ---------------------------------------------------------------- phones
def ext():
    e = digits(R.randint(2, 4), True)
    return ch([f" x{e}", f" ext. {e}", f" ext {e}", f" Ext. {e}"])


def us_phone(with_ext=False):
    npa = ch([212, 213, 305, 312, 415, 503, 512, 617, 646, 702, 713, 718, 773, 808, 917, 929,
              206, 303, 404, 470, 480, 615, 720, 801, 919, 800, 888, 877])
    while True:
        nxx = R.randint(200, 999)
        if nxx % 100 != 11 and nxx != 555:
            break
    a, b, c = str(npa), str(nxx), digits(4)
    f = ch([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a}-{b}-{c}",
            f"+1 ({a}) {b}-{c}", f"1-{a}-{b}-{c}", f"+1 {a} {b} {c}", f"+1{a}{b}{c}",
            f"({a}){b}-{c}", f"{a}-{b}-{c}"])
    return f + (ext() if with_ext else "")


def uk_phone(with_ext=False):
    k = R.randint(0, 3)
    if k == 0:  # London
        a, b = ch(["7", "3", "8"]) + digits(3), digits(4)
        f = ch([f"020 {a} {b}", f"+44 20 {a} {b}", f"+44 (0)20 {a} {b}", f"+4420{a}{b}",
                f"(020) {a} {b}", f"020{a}{b}"])
    elif k == 1:  # mobile
        a, b = "7" + ch("45789") + digits(2), digits(6)
        f = ch([f"0{a} {b}", f"0{a}{b}", f"+44 {a} {b}", f"+44 (0){a} {b}", f"+44{a}{b}",
                f"0{a} {b[:3]} {b[3:]}"])
    elif k == 2:  # Manchester
        a, b = digits(3, True), digits(4)
        f = ch([f"0161 {a} {b}", f"+44 161 {a} {b}", f"0161-{a}-{b}"])
    else:  # 4-digit area, 6-digit subscriber
        area, sub = ch(["1223", "1865", "1273", "1632", "1904"]), digits(6, True)
        f = ch([f"0{area} {sub}", f"+44 {area} {sub}", f"(0{area}) {sub}", f"0{area} {sub[:3]} {sub[3:]}"])
    return f + (ext() if with_ext else "")


def it_phone():
    if R.random() < 0.6:
        p, a, b = ch(["320", "328", "329", "331", "333", "338", "339", "340", "347", "348", "349",
                      "351", "366", "380", "389", "392"]), digits(3), digits(4)
        return ch([f"{p} {a} {b}", f"{p} {a}{b}", f"{p}{a}{b}", f"{p}-{a}{b}", f"+39 {p} {a} {b}",
                   f"+39 {p} {a}{b}", f"+39{p}{a}{b}", f"0039 {p} {a}{b}", f"(+39) {p} {a} {b}",
                   f"{p}/{a}{b}"])
    area = ch(["06", "02", "011", "055", "081", "051", "041"])
    n = 10 - len(area)
    sub = digits(n, True)
    if len(area) == 2:
        g = f"{sub[:4]} {sub[4:]}"
    else:
        g = f"{sub[:3]} {sub[3:]}"
    return ch([f"{area} {g}", f"{area} {sub}", f"+39 {area} {g}", f"+39 {area}{sub}", f"{area}-{sub}",
               f"{area}/{sub}"])


def nl_phone():
    if R.random() < 0.55:
        s = digits(8, True)
        return ch([f"06-{s}", f"06 {s}", f"06 {s[:4]} {s[4:]}", f"+31 6 {s}", f"+31 (0)6 {s}",
                   f"+316{s}", f"0031 6 {s}", f"06-{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"])
    if R.random() < 0.7:
        area, s = ch(["20", "10", "70", "30", "40", "50"]), digits(7, True)
        return ch([f"0{area}-{s[:3]} {s[3:]}", f"0{area} {s[:3]} {s[3:]}", f"0{area}-{s}",
                   f"+31 {area} {s[:3]} {s[3:]}", f"+31 (0){area} {s[:3]} {s[3:]}", f"+31{area}{s}"])
    area, s = ch(["251", "418", "592", "348", "546"]), digits(6, True)
    return ch([f"0{area}-{s}", f"0{area} {s[:2]} {s[2:4]} {s[4:]}", f"+31 {area} {s}"])


def pt_phone():
    if R.random() < 0.65:
        s = ch(["91", "92", "93", "96"]) + digits(7)
    else:
        s = ch(["21", "22", "23", "25", "28"]) + digits(7, True)
    g = f"{s[:3]} {s[3:6]} {s[6:]}"
    f = [f"{g}", f"{s}", f"+351 {g}", f"+351 {s}", f"(+351) {g}", f"00351 {s}", f"+351{s}"]
    if s[0] == "2":
        f.append(f"+351 {s[:2]} {s[2:5]} {s[5:]}")
    return ch(f)


def pl_phone():
    if R.random() < 0.6:
        s = ch(["50", "51", "53", "60", "66", "69", "72", "78", "79", "88"]) + digits(7)
        g = f"{s[:3]} {s[3:6]} {s[6:]}"
        return ch([g, f"{s[:3]}-{s[3:6]}-{s[6:]}", s, f"+48 {g}", f"+48 {s[:3]}-{s[3:6]}-{s[6:]}",
                   f"+48{s}", f"0048 {g}", f"(+48) {g}"])
    area, s = ch(["22", "12", "61", "71", "58", "42"]), digits(7, True)
    g = f"{s[:3]} {s[3:5]} {s[5:]}"
    return ch([f"{area} {g}", f"({area}) {g}", f"+48 {area} {g}", f"+48 ({area}) {g}", f"{area} {s}"])


PHONES = {"it": it_phone, "nl": nl_phone, "pt": pt_phone, "pl": pl_phone,
          "us": us_phone, "uk": uk_phone}


def phone(loc, with_ext=False):
    if loc in ("us", "uk"):
        return PHONES[loc](with_ext)
    return PHONES[loc]()


# ---------------------------------------------------------------- cards
def luhn_ok(num):
    tot = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_complete(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError


def card_number(brand=None):
    brand = brand or ch(["visa", "visa", "visa", "mc", "mc", "mc2", "amex", "discover", "jcb", "diners"])
    if brand == "visa":
        pre, n = "4", 16
    elif brand == "mc":
        pre, n = str(R.randint(51, 55)), 16
    elif brand == "mc2":
        pre, n = str(R.randint(2221, 2720)), 16
    elif brand == "amex":
        pre, n = ch(["34", "37"]), 15
    elif brand == "discover":
        pre, n = ch(["6011", "65", str(R.randint(644, 649))]), 16
    elif brand == "jcb":
        pre, n = str(R.randint(3528, 3589)), 16
    else:
        pre, n = ch(["36", str(R.randint(300, 305))]), 14
    return luhn_complete(pre + digits(n - len(pre) - 1))


def fmt_card(num, sep=None):
    sep = ch([" ", " ", "-", ""]) if sep is None else sep
    if len(num) == 15:
        g = [num[:4], num[4:10], num[10:]]
    elif len(num) == 14:
        g = [num[:4], num[4:10], num[10:]]
    else:
        g = [num[i:i + 4] for i in range(0, len(num), 4)]
    return sep.join(g)


def card(brand=None, sep=None):
    return fmt_card(card_number(brand), sep)


def bad_card(sep=None):
    num = card_number()
    last = int(num[-1])
    num = num[:-1] + str((last + R.randint(1, 9)) % 10)
    assert not luhn_ok(num)
    return fmt_card(num, sep)


# ---------------------------------------------------------------- IBANs
BANKS = {"NL": ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "BUNQ", "KNAB", "ASNB"],
         "GB": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ"], "IE": ["AIBK", "BOFI"]}
IBAN_SPEC = {  # country: (total length, bban builder)
    "DE": (22, lambda: digits(18)),
    "GB": (22, lambda: ch(BANKS["GB"]) + digits(14)),
    "IE": (22, lambda: ch(BANKS["IE"]) + digits(14)),
    "NL": (18, lambda: ch(BANKS["NL"]) + digits(10)),
    "IT": (27, lambda: ch("ABCDEFGHIJKLMNOPRSTUVWXYZ") + ch(["03069", "02008", "05034", "03062"]) + digits(5) + digits(12)),
    "FR": (27, lambda: digits(23)),
    "ES": (24, lambda: digits(20)),
    "PT": (25, lambda: "0" + ch(["035", "033", "007", "010", "018", "036"]) + digits(17)),
    "PL": (28, lambda: digits(24)),
    "BE": (16, lambda: digits(12)),
    "AT": (20, lambda: digits(16)),
    "CH": (21, lambda: digits(17)),
}


def iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(compact):
    c = compact.replace(" ", "")
    return len(c) == IBAN_SPEC[c[:2]][0] and iban_num(c[4:] + c[:4]) % 97 == 1


def iban_raw(country):
    n, bban = IBAN_SPEC[country]
    b = bban()
    assert len(b) + 4 == n, (country, b)
    chk = 98 - iban_num(b + country + "00") % 97
    return f"{country}{chk:02d}{b}"


def fmt_iban(raw, spaced=None):
    spaced = R.random() < 0.6 if spaced is None else spaced
    if spaced:
        return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
    return raw


def iban(country, spaced=None):
    raw = iban_raw(country)
    assert iban_ok(raw)
    return fmt_iban(raw, spaced)


def bad_iban(country, spaced=None):
    raw = iban_raw(country)
    chk = int(raw[2:4])
    newchk = (chk + R.randint(1, 90)) % 97
    newchk = max(newchk, 2)
    if newchk == chk:
        newchk = chk + 1 if chk < 98 else chk - 1
    raw = raw[:2] + f"{newchk:02d}" + raw[4:]
    assert not iban_ok(raw)
    return fmt_iban(raw, spaced)


COUNTRY = {"it": "IT", "nl": "NL", "pt": "PT", "pl": "PL", "us": "DE", "uk": "GB"}


def loc_iban(loc, spaced=None):
    c = COUNTRY[loc]
    if loc in ("us", "uk") and R.random() < 0.4:
        c = ch(["DE", "FR", "ES", "BE", "AT", "CH", "IE"])
    return iban(c, spaced)


# ---------------------------------------------------------------- SSN
def ssn(sep="-"):
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}{sep}{R.randint(1, 99):02d}{sep}{R.randint(1, 9999):04d}"


def itin():  # 9xx-7x-xxxx: not an SSN
    return f"9{digits(2)}-{R.choice([70, 71, 72, 73, 75, 78, 79, 88, 90, 92])}-{digits(4)}"


# ---------------------------------------------------------------- IPs
def ipv4(private=None):
    private = R.random() < 0.35 if private is None else private
    if private:
        k = R.randint(0, 2)
        if k == 0:
            return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        if k == 1:
            return f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}"
        return f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    first = ch([23, 31, 37, 45, 62, 77, 81, 83, 85, 89, 91, 93, 104, 151, 176, 185, 188, 193, 203, 212, 213, 217])
    return f"{first}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def ipv6(form=None):
    form = form or ch(["compressed", "compressed", "compressed", "exploded", "full", "link"])
    pre = ch(["2001:db8:", "2a02:" + hexs(4).lstrip("0") + ":", "2606:4700:", "2a01:4f8:", "2001:67c:",
              "2a00:1450:", "2604:a880:"])
    if form == "link":
        addr = ipaddress.IPv6Address("fe80::" + ":".join(hexs(4) for _ in range(4)))
        return addr.compressed
    tail_groups = 8 - pre.count(":")
    groups = [hexs(4) for _ in range(tail_groups)]
    for i in range(tail_groups):  # make some zero runs for compression
        if R.random() < 0.35:
            groups[i] = "0000"
    addr = ipaddress.IPv6Address(pre + ":".join(groups))
    if form == "exploded":
        return addr.exploded
    if form == "full":  # 8 groups, leading zeros dropped, no "::"
        return ":".join(g.lstrip("0") or "0" for g in addr.exploded.split(":"))
    return addr.compressed


def ip(v6=None):
    v6 = R.random() < 0.3 if v6 is None else v6
    return ipv6() if v6 else ipv4()


# ---------------------------------------------------------------- look-alikes
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def dt():
    return (R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28), R.randint(0, 23),
            R.randint(0, 59), R.randint(0, 59))


def ts(kind=None):
    y, mo, d, h, mi, s = dt()
    k = kind if kind is not None else R.randint(0, 13)
    return [
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{R.randint(0, 999):03d}Z",
        f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d},{R.randint(0, 999):03d}",
        f"{d:02d}/{mo:02d}/{y} {h:02d}:{mi:02d}",
        f"{mo:02d}/{d:02d}/{y}",
        f"{d:02d}.{mo:02d}.{y}",
        f"{DAYS[R.randint(0, 6)]}, {d:02d} {MONTHS[mo - 1]} {y} {h:02d}:{mi:02d}:{s:02d} GMT",
        f"{d:02d}/{MONTHS[mo - 1]}/{y}:{h:02d}:{mi:02d}:{s:02d} +0200",
        str(R.randint(1_550_000_000, 1_740_000_000)),
        str(R.randint(1_550_000_000_000, 1_740_000_000_000)),
        f"{y}{mo:02d}{d:02d}T{h:02d}{mi:02d}{s:02d}Z",
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+02:00",
        f"{h:02d}:{mi:02d}:{s:02d}.{R.randint(0, 999999):06d}",
        f"{y}-{mo:02d}-{d:02d}",
        f"{d} {MONTHS[mo - 1]} {y}",
    ][k]


def semver():
    v = f"{R.randint(0, 12)}.{R.randint(0, 30)}.{R.randint(0, 40)}"
    return ch([v, "v" + v, v + f"-rc.{R.randint(1, 5)}", v + f"+build.{R.randint(100, 9999)}",
               v + f"-beta.{R.randint(1, 9)}"])


def version4():  # dotted 4-part version that is NOT a valid IPv4
    return ch([f"{R.randint(100, 130)}.0.{R.randint(4000, 6999)}.{R.randint(10, 250)}",
               f"10.0.{R.randint(17000, 26100)}.{R.randint(100, 4999)}",
               f"{R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(1000, 9999)}.{R.randint(1, 99)}"])


def sha(n=40):
    return hexs(n)


def uid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def price(loc):
    a = R.randint(1, 25000)
    c = R.randint(0, 99)
    if loc in ("it", "nl", "pt"):
        s = f"{a:,}".replace(",", ".")
        return ch([f"€ {s},{c:02d}", f"{s},{c:02d} €", f"EUR {s},{c:02d}", f"€{s},{c:02d}"])
    if loc == "pl":
        s = f"{a:,}".replace(",", " ")
        return ch([f"{s},{c:02d} zł", f"{s},{c:02d} PLN"])
    if loc == "uk":
        return f"£{a:,}.{c:02d}"
    return ch([f"${a:,}.{c:02d}", f"USD {a:.2f}"])


def order_no():
    return ch([f"ORD-{R.randint(2019, 2025)}-{digits(7)}", f"#{digits(3, True)}-{digits(7)}-{digits(7)}",
               f"{digits(10, True)}", f"SO{digits(8)}", f"A{digits(9)}", f"{digits(4, True)}/{R.randint(19, 25)}/FV"])


def tracking():
    return ch([f"1Z{''.join(R.choice('0123456789ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(6))}{digits(10)}",
               " ".join([f"9400{digits(4)}"[:4]] + [digits(4) for _ in range(4)] + [digits(2)]),
               f"3S{''.join(R.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(4))}{digits(7)}",
               f"{digits(24, True)}", f"{digits(4, True)} {digits(4)} {digits(4)}", f"JJD{digits(18)}",
               f"{digits(14, True)}"])


def postcode(loc):
    return {
        "it": lambda: f"{R.randint(10, 98)}{digits(3)}",
        "nl": lambda: f"{R.randint(1000, 9999)} {ch('ABCDEGHJKLMNPRSTVWXZ')}{ch('ABCDEGHJKLMNPRSTVWXZ')}",
        "pt": lambda: f"{R.randint(1000, 9999)}-{digits(3)}",
        "pl": lambda: f"{R.randint(0, 99):02d}-{digits(3)}",
        "us": lambda: ch([f"{digits(5, True)}", f"{digits(5, True)}-{digits(4)}"]),
        "uk": lambda: ch(["SW1A 1AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "CB2 1TN"]),
    }[loc]()


def coords():
    la, lo = R.uniform(36, 59), R.uniform(-9, 25)
    return ch([f"{la:.6f}, {lo:.6f}", f"{la:.4f},{lo:.4f}", f"lat={la:.5f} lon={lo:.5f}",
               f"({la:.6f}, {lo:.6f})"])


def imei():
    return luhn_complete("35" + digits(12))


def mac():
    sep = ch([":", "-"])
    return sep.join(hexs(2) for _ in range(6)).upper() if R.random() < 0.5 else ":".join(hexs(2) for _ in range(6))


def duration():
    return ch([f"{R.randint(1, 30000)} ms", f"{R.randint(1, 9999)}ms", f"{R.uniform(0, 20):.3f}s",
               f"{R.randint(1, 23)}h {R.randint(1, 59)}m", f"{R.randint(1, 59)}m{R.randint(1, 59)}s",
               f"PT{R.randint(1, 9)}H{R.randint(1, 59)}M", f"{R.randint(1, 400)}d {R.randint(0, 23)}:{R.randint(0, 59):02d}"])


def tax_id(loc):
    """National tax / identity numbers -- NOT one of the labelled types."""
    if loc == "it":
        return ch([f"P.IVA {digits(11)}", f"partita IVA IT{digits(11)}",
                   f"C.F. {''.join(R.choice('BCDFGLMNPRSTVZ') for _ in range(6))}{digits(2)}{ch('ABCDEHLMPRST')}{digits(2)}{ch('ABCDEFGHILM')}{digits(3)}{ch('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"])
    if loc == "nl":
        return ch([f"BSN {digits(9, True)}", f"KvK-nummer {digits(8, True)}", f"btw-id NL{digits(9)}B{digits(2)}"])
    if loc == "pt":
        n = ch("12") + digits(8)
        return ch([f"NIF {n}", f"NIF {n[:3]} {n[3:6]} {n[6:]}", f"NISS {digits(11, True)}"])
    if loc == "pl":
        return ch([f"NIP {digits(3, True)}-{digits(3)}-{digits(2)}-{digits(2)}", f"PESEL {digits(11, True)}",
                   f"REGON {digits(9, True)}"])
    if loc == "uk":
        return ch([f"NI number Q{ch('ABCEHJKLMNPRSTWXYZ')} {digits(2)} {digits(2)} {digits(2)} {ch('ABCD')}",
                   f"sort code {digits(2)}-{digits(2)}-{digits(2)}, account {digits(8)}",
                   f"VAT GB{digits(9, True)}"])
    return ch([f"EIN {digits(2, True)}-{digits(7)}", f"ITIN {itin()}", f"routing {digits(9, True)}",
               f"acct {digits(10, True)}", f"NPI {digits(10, True)}"])


def lookalike(loc):
    k = R.randint(0, 19)
    return [
        lambda: f"build {R.randint(2019, 2025)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}.{R.randint(1, 9)}",
        lambda: f"version {semver()}",
        lambda: f"commit {sha(R.choice([7, 8, 12, 40]))}",
        lambda: f"request id {uid()}",
        lambda: f"at {ts()}",
        lambda: f"total {price(loc)}",
        lambda: f"order {order_no()}",
        lambda: f"tracking {tracking()}",
        lambda: f"postcode {postcode(loc)}",
        lambda: f"location {coords()}",
        lambda: f"IMEI {imei()}",
        lambda: f"MAC {mac()}",
        lambda: f"took {duration()}",
        lambda: tax_id(loc),
        lambda: f"test card {bad_card()} (fails Luhn)",
        lambda: f"IBAN {bad_iban(COUNTRY[loc])} rejected (checksum)",
        lambda: f"pid {R.randint(300, 99999)} on port {R.choice([22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 27017])}",
        lambda: f"{R.randint(2, 500):,} units x {price(loc)}",
        lambda: f"agent {version4()}",
        lambda: f"ISBN 978-{R.randint(0, 99)}-{digits(4)}-{digits(3)}-{R.randint(0, 9)}",
    ][k]()


LOCS = ["it", "nl", "pt", "pl", "us", "uk"]


# ================================================================ scenarios
def sc_markdown_table():
    loc = ch(LOCS)
    hdr = ch([
        ("| # | Name | E-mail | Phone | Amount | Last login |", "|---|------|--------|-------|-------:|------------|"),
        ("| ID | Cliente | Email | Telefono | Importo | Data |", "|:--|:--|:--|:--|--:|:--|"),
    ])
    rows = [hdr[0], hdr[1]]
    for i in range(R.randint(2, 4)):
        nm = person(loc)
        em = P(email(loc, nm), EMAIL) if R.random() < 0.85 else "—"
        ph = P(phone(loc, R.random() < 0.2), PHONE) if R.random() < 0.85 else "n/a"
        rid = ch([str(R.randint(1, 9999)), f"C-{digits(6)}", str(i + 1)])
        rows.append(f"| {rid} | {nm} | {em} | {ph} | {price(loc)} | {ts(R.choice([0, 2, 3, 4, 12]))} |")
    extra = ""
    if R.random() < 0.5:
        extra = f"\n\n> Note: {lookalike(loc)}; payouts go to {P(loc_iban(loc), IBAN)}."
    if R.random() < 0.3:
        extra += f"\n\n| Host | Address | Port | Uptime |\n|---|---|---|---|\n| db-{R.randint(1, 9)} | {P(ip(), IP)} | {R.choice([5432, 3306, 6379])} | {duration()} |\n| cache | {P(ip(), IP)} | 11211 | {duration()} |"
    title = ch(["## Customers (export " + ts(12) + ")", "### Q" + str(R.randint(1, 4)) + " escalations",
                "# Contatti fornitori", "**Top accounts**"])
    return title + "\n\n" + "\n".join(rows) + extra


def sc_yaml():
    loc = ch(LOCS)
    nm = person(loc)
    lines = [
        f"# generated {ts(0)} by deploy-bot {semver()} (build {R.randint(1000, 9999)}, commit {sha(8)})",
        "service:",
        f"  name: {ch(['billing-api', 'notifier', 'crm-sync', 'ledger', 'gateway'])}",
        f"  version: {semver()}",
        f"  image: registry.acme.io/app@sha256:{sha(64)}",
        f"  replicas: {R.randint(1, 12)}",
        f"  bind_address: {P(ipv4(True), IP)}",
        f"  port: {R.choice([8080, 8443, 9000, 3000])}",
        f"  request_timeout: {duration()}",
    ]
    if R.random() < 0.6:
        lines += ["smtp:", f"  host: smtp.{ch(DOMAINS[loc])}", f"  port: {R.choice([25, 465, 587])}",
                  f"  user: {P(email(loc), EMAIL)}", f"  password_ref: vault://kv/smtp#{sha(12)}"]
    lines += ["admins:", f"  - name: {nm}", f"    email: {P(email(loc, nm), EMAIL)}",
              f"    phone: \"{P(phone(loc, R.random() < 0.25), PHONE)}\""]
    if R.random() < 0.6:
        ips = [P(ip(), IP) for _ in range(R.randint(1, 3))]
        lines += [f"allowed_ips: [{', '.join(chr(34) + x + chr(34) for x in ips)}]"]
    if R.random() < 0.5:
        v6 = ipv6()
        lines += ["upstream:", f"  - host: \"{P(v6, IP)}\"", f"    port: {R.choice([6379, 5432, 9092])}",
                  f"    weight: {R.randint(1, 100)}"]
    if R.random() < 0.5:
        lines += ["payout:", f"  iban: \"{P(loc_iban(loc), IBAN)}\"", f"  currency: {ch(['EUR', 'PLN', 'GBP'])}",
                  f"  min_amount: {R.randint(1, 500)}.00"]
    if R.random() < 0.4:
        lines += ["fixtures:", f"  invalid_card: \"{bad_card()}\"", f"  invalid_iban: \"{bad_iban(COUNTRY[loc])}\""]
    lines += ["resources:", f"  cpu: \"{R.randint(1, 9) * 100}m\"", f"  memory: \"{R.choice([256, 512, 1024, 2048])}Mi\"",
              f"  healthcheck_interval: {R.randint(5, 60)}s", f"location: \"{coords()}\""]
    return "\n".join(lines)


def sql_q(v, kind):
    return f"'{P(v, kind)}'"


def sc_sql():
    loc = ch(LOCS)
    out = []
    if R.random() < 0.7:
        cols = ["id", "full_name", "email", "phone", "iban", "created_at", "last_ip"]
        if loc == "us":
            cols.insert(5, "ssn")
        rows = []
        for _ in range(R.randint(1, 3)):
            nm = person(loc).replace("'", "''")
            vals = [str(R.randint(1000, 99999)), f"'{nm}'", sql_q(email(loc, nm.replace("''", "'")), EMAIL),
                    sql_q(phone(loc), PHONE), sql_q(loc_iban(loc, R.random() < 0.3), IBAN) if R.random() < 0.8 else "NULL",
                    f"'{ts(R.choice([1, 12, 10]))}'", sql_q(ip(), IP)]
            if loc == "us":
                vals.insert(5, sql_q(ssn(), SSN) if R.random() < 0.85 else "NULL")
            rows.append("  (" + ", ".join(vals) + ")")
        out.append(f"INSERT INTO customers ({', '.join(cols)}) VALUES\n" + ",\n".join(rows) + ";")
    if R.random() < 0.6 or not out:
        rows = []
        for _ in range(R.randint(1, 3)):
            c = sql_q(card(sep=ch(["", " ", "-"])), CARD) if R.random() < 0.8 else f"'{bad_card()}'"
            rows.append(f"  ({R.randint(100000, 999999)}, {R.randint(1000, 99999)}, {c}, "
                        f"'{R.randint(1, 12):02d}/{R.randint(25, 31)}', {R.randint(1, 9999)}.{R.randint(0, 99):02d}, "
                        f"'{ch(['EUR', 'USD', 'GBP', 'PLN'])}', '{ts(12)}', '{uid()}')")
        out.append("INSERT INTO payments (id, customer_id, card_number, expiry, amount, currency, created_at, idempotency_key) VALUES\n"
                   + ",\n".join(rows) + ";")
    if R.random() < 0.4:
        out.append(f"UPDATE orders SET status = 'shipped', tracking = '{tracking()}' WHERE id = {R.randint(1000, 999999)};")
    if R.random() < 0.3:
        out.append(f"-- migration {ts(9)}_{ch(['add_ssn_index', 'rename_phone', 'drop_legacy'])} ({semver()})")
    return "\n".join(out)


UAS = [
    lambda: f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{version4()} Safari/537.36",
    lambda: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    lambda: f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{R.randint(0, 5)}.1 Safari/605.1.15",
    lambda: f"curl/8.{R.randint(0, 9)}.{R.randint(0, 3)}",
    lambda: f"python-requests/2.{R.randint(25, 32)}.0",
    lambda: "Go-http-client/1.1",
    lambda: f"Dalvik/2.1.0 (Linux; U; Android 14; SM-S918B Build/UP1A.231005.007)",
    lambda: f"Mozilla/5.0 (X11; Linux x86_64; rv:{R.randint(110, 126)}.0) Gecko/20100101 Firefox/{R.randint(110, 126)}.0",
]


def sc_access_log():
    out = []
    for _ in range(R.randint(2, 5)):
        k = R.random()
        if k < 0.55:
            y, mo, d, h, mi, s = dt()
            path = ch([f"/api/v2/orders/{R.randint(10000, 999999)}", f"/static/app.{sha(8)}.js",
                       f"/checkout?session={uid()}", "/healthz", f"/img/p/{R.randint(1, 999)}/{R.randint(1000, 9999)}.webp",
                       f"/v1/users/{R.randint(1, 99999)}/avatar?size=128&v={R.randint(1000000, 9999999)}"])
            client = ipv6() if R.random() < 0.3 else ipv4()
            if R.random() < 0.1:
                client = "::ffff:" + ipv4(False)
            out.append(f"{P(client, IP)} - - [{d:02d}/{MONTHS[mo - 1]}/{y}:{h:02d}:{mi:02d}:{s:02d} +0200] "
                       f"\"{ch(['GET', 'GET', 'POST', 'PUT'])} {path} HTTP/{ch(['1.1', '2.0'])}\" {ch([200, 200, 204, 301, 404, 499, 502])} "
                       f"{R.randint(0, 99999)} \"{ch(['-', 'https://shop.example/cart', 'https://www.google.com/'])}\" \"{ch(UAS)()}\" "
                       f"rt={R.uniform(0, 3):.3f} uct=\"{R.uniform(0, 0.1):.3f}\" upstream={P(ipv4(True), IP)}:{R.choice([8080, 9000, 3000])}")
        elif k < 0.75:
            y, mo, d, h, mi, s = dt()
            out.append(f"{MONTHS[mo - 1]} {d:2d} {h:02d}:{mi:02d}:{s:02d} web-{R.randint(1, 9):02d} sshd[{R.randint(300, 99999)}]: "
                       f"Failed password for {ch(['invalid user admin', 'root', 'invalid user oracle', 'deploy'])} from {P(ip(), IP)} port {R.randint(1024, 65535)} ssh2")
        elif k < 0.9:
            y, mo, d, h, mi, s = dt()
            out.append(f"[{DAYS[R.randint(0, 6)]} {MONTHS[mo - 1]} {d:02d} {h:02d}:{mi:02d}:{s:02d}.{R.randint(0, 999999):06d} {y}] "
                       f"[proxy:error] [pid {R.randint(300, 99999)}:tid {R.randint(10**14, 10**15)}] (111)Connection refused: "
                       f"AH00957: HTTP: attempt to connect to {P(ipv4(True), IP)}:{R.choice([8080, 8009])} (backend) failed "
                       f"[client {P(ipv4(False), IP)}:{R.randint(1024, 65535)}]")
        else:
            loc = ch(LOCS)
            out.append(f'{{"ts": "{ts(0)}", "level": "{ch(["warn", "info", "error"])}", "msg": "login failed", '
                       f'"user": "{P(email(loc), EMAIL)}", "ip": "{P(ip(), IP)}", "latency_ms": {R.randint(1, 900)}, '
                       f'"trace_id": "{sha(32)}"}}')
    return "\n".join(out)


def sc_http():
    loc = ch(LOCS)
    nm = person(loc)
    host = ch([f"api.shop.example:{R.choice([443, 8443])}", f"[{P(ipv6(), IP)}]:{R.choice([8080, 8443])}",
               f"{P(ipv4(True), IP)}:{R.choice([8080, 3000])}"])
    body = {"name": nm}
    parts = []
    if R.random() < 0.8:
        parts.append(f'"email": "{P(email(loc, nm), EMAIL)}"')
    if R.random() < 0.7:
        parts.append(f'"phone": "{P(phone(loc), PHONE)}"')
    if R.random() < 0.4:
        parts.append(f'"iban": "{P(loc_iban(loc), IBAN)}"')
    if R.random() < 0.3:
        parts.append(f'"card": {{"number": "{P(card(sep=ch(["", " "])), CARD)}", "exp": "{R.randint(1, 12):02d}/{R.randint(25, 31)}", "cvc": "{digits(3)}"}}')
    if loc == "us" and R.random() < 0.5:
        parts.append(f'"ssn": "{P(ssn(), SSN)}"')
    parts.append(f'"client_ref": "{order_no()}"')
    parts.append(f'"created": {ts(7)}')
    js = "{" + f'"name": "{nm}", ' + ", ".join(parts) + "}"
    xff = ", ".join(P(ip(), IP) for _ in range(R.randint(1, 3)))
    req = [
        f"{ch(['POST', 'PUT', 'PATCH'])} /v{R.randint(1, 3)}/customers{ch(['', '/' + str(R.randint(1, 99999))])} HTTP/1.1",
        f"Host: {host}",
        f"X-Forwarded-For: {xff}",
        f"User-Agent: {ch(UAS)()}",
        "Content-Type: application/json",
        f"Content-Length: {len(js) + R.randint(-5, 5)}",
        f"X-Request-ID: {uid()}",
        f"traceparent: 00-{sha(32)}-{sha(16)}-01",
        f"Date: {ts(5)}",
        "",
        js,
    ]
    if R.random() < 0.5:
        req += ["", f"HTTP/1.1 {ch(['201 Created', '200 OK', '422 Unprocessable Entity'])}",
                f"ETag: W/\"{R.randint(16, 999):x}-{sha(8)}\"", f"Set-Cookie: sid={sha(24)}; Max-Age={R.choice([3600, 86400])}; Secure",
                f"Server: nginx/1.{R.randint(18, 26)}.{R.randint(0, 3)}", f"X-Runtime: {R.uniform(0, 2):.6f}"]
    return "\n".join(req)


EMOJI = ["🙏", "👍", "🔥", "😅", "🚀", "✅", "👀"]
NICKS = ["alice", "bob", "carol", "dave", "erin", "frank", "giulia", "sanne", "joao", "piotr"]


def sc_chat():
    loc = ch(LOCS)
    h, mi = R.randint(8, 17), R.randint(0, 50)
    msgs = []
    pool = [
        lambda: f"can someone whitelist {P(ip(), IP)} on the staging fw?",
        lambda: f"done, also added {P(ipv6(), IP)} {ch(EMOJI)}",
        lambda: f"deploy {semver()} is out, sha {sha(7)}, took {duration()}",
        lambda: f"customer called again from {P(phone(loc), PHONE)}, wants a refund of {price(loc)} on order {order_no()}",
        lambda: f"@{ch(NICKS)} pls reply to {P(email(loc), EMAIL)} before EOD",
        lambda: f"the box at {P(ipv4(True), IP)}:{R.choice([22, 5432, 9200])} is OOM again (pid {R.randint(300, 99999)})",
        lambda: f"fyi test card {bad_card()} fails luhn, use {P(card(), CARD)} for the sandbox",
        lambda: f"ugh, meeting moved to {ts(2)} {ch(EMOJI)}",
        lambda: f"curl http://[{P(ipv6(), IP)}]:{R.choice([8080, 9090, 3000])}/metrics works for me",
        lambda: f"his new number is {P(phone(loc), PHONE)} (old one {P(phone(loc), PHONE)} is dead)",
        lambda: f"MAC {mac()} keeps getting lease {P(ipv4(True), IP)}",
        lambda: f"ticket {R.randint(10000, 99999)} — {lookalike(loc)}",
        lambda: f"ok {ch(EMOJI)}",
        lambda: f"invoice {order_no()} paid into {P(loc_iban(loc), IBAN)}",
        lambda: f"{lookalike(loc)}, {lookalike(loc)}",
    ]
    style = R.randint(0, 2)
    for _ in range(R.randint(3, 6)):
        mi += R.randint(0, 3)
        nick = ch(NICKS)
        text = ch(pool)()
        if style == 0:
            msgs.append(f"[{h:02d}:{mi % 60:02d}] {nick}: {text}")
        elif style == 1:
            msgs.append(f"[{ts(12)} {h:02d}:{mi % 60:02d}:{R.randint(0, 59):02d}] <{nick}> {text}")
        else:
            msgs.append(f"{nick}  {h % 12 or 12}:{mi % 60:02d} {'AM' if h < 12 else 'PM'}\n{text}")
    return "\n".join(msgs)


def sc_vcard():
    loc = ch(LOCS)
    nm = person(loc)
    first, last = nm.split(" ", 1)
    v4 = R.random() < 0.35
    lines = ["BEGIN:VCARD", f"VERSION:{'4.0' if v4 else '3.0'}", f"N:{last};{first};;;", f"FN:{nm}",
             f"ORG:{ch(['Acme S.p.A.', 'Bakker Installatie B.V.', 'Lusa Lda.', 'Nowak Sp. z o.o.', 'Initech Inc.', 'Northwind Ltd'])}"]
    if v4:
        p = phone(loc).replace(" ", "-") if R.random() < 0.5 else phone(loc)
        lines.append(f"TEL;VALUE=uri;TYPE=cell:tel:{P(p, PHONE)}")
    else:
        lines.append(f"TEL;TYPE=CELL:{P(phone(loc), PHONE)}")
    if R.random() < 0.6:
        lines.append(f"TEL;TYPE=WORK,VOICE:{P(phone(loc, loc in ('us', 'uk') and R.random() < 0.4), PHONE)}")
    lines.append(f"EMAIL;TYPE=INTERNET:{P(email(loc, nm), EMAIL)}")
    if R.random() < 0.3:
        lines.append(f"EMAIL;TYPE=WORK:{P(email(loc), EMAIL)}")
    lines.append(f"ADR;TYPE=WORK:;;{ch(['Via Roma', 'Keizersgracht', 'Rua Augusta', 'ul. Marszałkowska', 'Main St', 'High Street'])} {R.randint(1, 300)};"
                 f"{ch(['Milano', 'Amsterdam', 'Lisboa', 'Warszawa', 'Austin', 'Leeds'])};;{postcode(loc)};{ch(['IT', 'NL', 'PT', 'PL', 'US', 'UK'])}")
    if R.random() < 0.5:
        lines.append(f"GEO:geo:{coords().replace(' ', '')}")
    lines += [f"REV:{ts(9)}", f"UID:urn:uuid:{uid()}", "END:VCARD"]
    return "\n".join(lines)


def sc_ical():
    loc = ch(LOCS)
    org = person(loc)
    y, mo, d, h, mi, s = dt()
    lines = ["BEGIN:VCALENDAR", f"PRODID:-//Google Inc//Google Calendar 70.{R.randint(1000, 9999)}//EN", "VERSION:2.0",
             "BEGIN:VEVENT", f"DTSTART:{y}{mo:02d}{d:02d}T{h:02d}{mi:02d}00Z", f"DTEND:{y}{mo:02d}{d:02d}T{(h + 1) % 24:02d}{mi:02d}00Z",
             f"DTSTAMP:{ts(9)}", f"ORGANIZER;CN={org}:mailto:{P(email(loc, org), EMAIL)}"]
    for _ in range(R.randint(1, 3)):
        a = person(ch(LOCS))
        lines.append(f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={ch(['ACCEPTED', 'NEEDS-ACTION', 'TENTATIVE'])};CN={a}:mailto:{P(email(ch(LOCS), a), EMAIL)}")
    lines.append(f"UID:{uid()}")
    desc = ch([
        f"Dial-in: {P(phone(loc), PHONE)} (PIN {digits(6)}#)\\nMeeting ID: {digits(3, True)} {digits(4)} {digits(4)}\\nPasscode: {digits(6)}",
        f"Join: https://meet.example.com/{sha(10)}\\nBackup line {P(phone(loc, loc in ('us', 'uk')), PHONE)}",
        f"Agenda: Q{R.randint(1, 4)} budget ({price(loc)})\\, release {semver()}",
        f"Contatto: {P(phone(loc), PHONE)}\\, {P(email(loc), EMAIL)}",
    ])
    lines += [f"DESCRIPTION:{desc}",
              f"LOCATION:{ch(['Sala riunioni 3B', 'Vergaderruimte 2.14', 'Sala 1.07', 'Sala konferencyjna 4', 'Room 12-340'])}\\, {postcode(loc)}",
              f"SEQUENCE:{R.randint(0, 5)}", f"LAST-MODIFIED:{ts(9)}", "BEGIN:VALARM", f"TRIGGER:-PT{R.choice([10, 15, 30])}M",
              "ACTION:DISPLAY", "END:VALARM", "END:VEVENT", "END:VCALENDAR"]
    return "\n".join(lines)


def sc_shell():
    loc = ch(LOCS)
    n = R.randint(100, 2000)
    pool = [
        lambda: f"ssh -p {R.choice([22, 2222])} deploy@{P(ipv4(), IP)}",
        lambda: "sudo systemctl restart nginx",
        lambda: f"curl -s http://[{P(ipv6(), IP)}]:{R.choice([8080, 9100])}/healthz | jq .",
        lambda: f"git log --author=\"{P(email(loc), EMAIL)}\" --since={ts(12)}",
        lambda: f"kill -9 {R.randint(300, 99999)}",
        lambda: f"docker run -d -p {R.choice([8443, 8080])}:443 registry.acme.io/api@sha256:{sha(64)}",
        lambda: f"psql -h {P(ipv4(True), IP)} -p 5432 -U app billing",
        lambda: f"ping6 -c 3 {P(ipv6(), IP)}",
        lambda: f"dig +short mx {ch(DOMAINS[loc])} @{P(ch(['1.1.1.1', '8.8.8.8', '9.9.9.9', ipv4()]), IP)}",
        lambda: f"pip install \"requests=={semver().lstrip('v').split('-')[0].split('+')[0]}\"",
        lambda: f"date -d @{ts(7)}",
        lambda: f"git checkout {sha(R.choice([7, 40]))}",
        lambda: f"scp backup-{ts(12)}.tar.gz root@{P(ipv4(True), IP)}:/srv/backups/",
        lambda: f"echo \"{P(card(), CARD)}\" | ./luhn_check",
        lambda: f"./iban-check {P(loc_iban(loc, False), IBAN)}",
        lambda: f"mail -s 'report {ts(12)}' {P(email(loc), EMAIL)} < out.txt",
        lambda: f"sleep {R.randint(1, 3600)} && tail -n {R.randint(10, 500)} /var/log/app.log",
        lambda: f"npm install lodash@{R.randint(3, 4)}.{R.randint(0, 17)}.{R.randint(0, 21)}",
        lambda: f"nc -zv {P(ipv4(), IP)} {R.randint(1, 65535)}",
        lambda: f"ip -6 addr add {P(ipv6(), IP)}/64 dev eth0",
    ]
    out = []
    for _ in range(R.randint(4, 8)):
        out.append(f"{n:5d}  {ch(pool)()}")
        n += R.randint(1, 3)
    if R.random() < 0.4:
        out.insert(0, f"root@web-{R.randint(1, 20):02d}:~# history | tail -{len(out)}")
    return "\n".join(out)


def sc_stacktrace():
    loc = ch(LOCS)
    k = R.randint(0, 2)
    if k == 0:
        em = email(loc)
        msg = ch([
            f"java.lang.IllegalArgumentException: Invalid IBAN checksum: {bad_iban(COUNTRY[loc])}",
            f"com.acme.billing.CardDeclinedException: card {P(card(), CARD)} declined (code 05, ref {digits(12)})",
            f"java.lang.IllegalStateException: duplicate customer {R.randint(1000, 99999)} <{P(em, EMAIL)}>",
            f"com.acme.billing.PayoutException: payout {R.randint(10**6, 10**7)} to {P(loc_iban(loc), IBAN)} rejected by bank",
        ])
        return "\n".join([
            f"{ts(1)} ERROR [http-nio-8080-exec-{R.randint(1, 20)}] c.a.b.PaymentService - Payment failed for customer {R.randint(1000, 99999)}",
            msg,
            f"\tat com.acme.billing.iban.IbanValidator.validate(IbanValidator.java:{R.randint(20, 400)})",
            f"\tat com.acme.billing.PaymentService.charge(PaymentService.java:{R.randint(20, 400)})",
            f"\tat jdk.internal.reflect.GeneratedMethodAccessor{R.randint(100, 999)}.invoke(Unknown Source)",
            f"\tat org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:{R.randint(100, 300)})",
            f"Caused by: java.net.ConnectException: Connection refused: /{P(ipv4(True), IP)}:{R.choice([5432, 3306, 6379])}",
            f"\t... {R.randint(10, 99)} more",
        ])
    if k == 1:
        to = email(loc)
        return "\n".join([
            "Traceback (most recent call last):",
            f"  File \"/srv/app/venv/lib/python3.{R.randint(8, 12)}/site-packages/smtplib.py\", line {R.randint(100, 999)}, in sendmail",
            f"  File \"/srv/app/notify.py\", line {R.randint(10, 400)}, in send",
            f"    smtp.sendmail(\"{P('noreply@notifications.' + ch(DOMAINS[loc]), EMAIL)}\", [to_addr], msg)",
            f"smtplib.SMTPRecipientsRefused: {{'{P(to, EMAIL)}': (550, b'5.1.1 User unknown')}}",
            f"(request {uid()}, worker pid {R.randint(300, 99999)}, elapsed {duration()})",
        ])
    return "\n".join([
        f"panic: dial tcp [{P(ipv6(), IP)}]:{R.choice([6379, 5432, 443])}: connect: connection refused",
        "",
        f"goroutine {R.randint(1, 999)} [running]:",
        f"main.(*Server).handle(0xc000{hexs(6)}, {{0x{hexs(6)}, 0x{R.randint(1, 255):x}}})",
        f"\t/app/server.go:{R.randint(20, 500)} +0x{hexs(3)}",
        f"net/http.HandlerFunc.ServeHTTP(0x{hexs(6)}, {{0x{hexs(6)}, 0xc000{hexs(6)}}}, 0xc000{hexs(6)})",
        f"\t/usr/local/go/src/net/http/server.go:{R.randint(2000, 2200)} +0x{hexs(2)}",
        f"exit status 2 (client {P(ipv4(), IP)}, build {sha(12)}, go1.{R.randint(19, 23)}.{R.randint(0, 9)})",
    ])


def sc_ticket():
    loc = ch(LOCS)
    nm = person(loc)
    y, mo, d, h, mi, s = dt()
    lines = [f"Ticket #{R.randint(10000, 99999)} | Priority: P{R.randint(1, 4)} | Opened: {ts(2)} CET | SLA {R.randint(1, 48)}h",
             f"From: {nm} <{P(email(loc, nm), EMAIL)}>",
             f"Phone: {P(phone(loc, loc in ('us', 'uk') and R.random() < 0.5), PHONE)}",
             f"Order: {order_no()} ({price(loc)}), shipped via {ch(['DPD', 'UPS', 'PostNL', 'CTT', 'InPost', 'BRT'])} {tracking()}"]
    issue = ch([
        f"Customer says card {P(card(), CARD)} was charged twice; card ending {digits(4)}.",
        f"Refund to {P(loc_iban(loc), IBAN)} please, not to the card.",
        f"Customer typed {bad_card()} at checkout, which is obviously invalid (Luhn).",
        f"Cannot log in from {P(ip(), IP)} since {ts(4)}; account locked after {R.randint(3, 10)} attempts.",
        f"Please call back on {P(phone(loc), PHONE)} between {R.randint(8, 12)}:00 and {R.randint(13, 18)}:30.",
    ])
    lines.append(f"Description: {issue}")
    if loc == "us" and R.random() < 0.6:
        lines.append(f"Agent notes: identity verified via SSN {P(ssn(), SSN)}; {tax_id('us')} on file.")
    else:
        lines.append(f"Agent notes: {lookalike(loc)}; {lookalike(loc)}.")
    lines.append(f"Attachments: IMG_{R.randint(1000, 9999)}.jpg ({R.randint(100, 9999)} KB), invoice_{digits(8)}.pdf")
    return "\n".join(lines)


def sc_prose():
    loc = ch(["it", "nl", "pt", "pl", "us", "uk"])
    nm = person(loc)
    hh, mm = R.randint(8, 20), ch([0, 15, 30, 45])
    S = {
        "it": [
            lambda: f"Buongiorno, sono {nm}. Potete richiamarmi al {P(phone(loc), PHONE)} dopo le {hh}:{mm:02d}? Grazie.",
            lambda: f"Il bonifico di {price(loc)} è partito ieri dall'IBAN {P(loc_iban(loc), IBAN)}; riferimento ordine {order_no()}.",
            lambda: f"Per qualsiasi dubbio scrivete a {P(email(loc, nm), EMAIL)} oppure chiamate il centralino {P(phone(loc), PHONE)}.",
            lambda: f"Spedizione n. {tracking()} consegnata il {ts(4)}, CAP {postcode(loc)}.",
            lambda: f"La fattura {order_no()} di {price(loc)} è stata pagata con la carta {P(card(), CARD)}.",
            lambda: f"Dati fiscali: {tax_id(loc)}, sede in Via Roma {R.randint(1, 200)}, {postcode(loc)} Milano.",
            lambda: f"Il server {P(ipv4(True), IP)} risponde in {duration()}, versione {semver()}.",
        ],
        "nl": [
            lambda: f"Hoi {nm.split()[0]}, kun je me even terugbellen op {P(phone(loc), PHONE)}? Ik ben bereikbaar tot {hh}:{mm:02d}.",
            lambda: f"Graag het bedrag van {price(loc)} overmaken naar {P(loc_iban(loc), IBAN)} t.n.v. {nm}, o.v.v. factuurnummer {order_no()}.",
            lambda: f"Mijn nieuwe e-mailadres is {P(email(loc, nm), EMAIL)}. Postcode {postcode(loc)}, huisnummer {R.randint(1, 300)}.",
            lambda: f"Je pakket met trackingcode {tracking()} wordt op {ts(4)} bezorgd tussen {hh}:00 en {hh + 2}:00.",
            lambda: f"Gegevens: {tax_id(loc)}; het oude rekeningnummer {bad_iban('NL')} klopt niet meer.",
            lambda: f"De storing op {P(ip(), IP)} duurde {duration()}; zie ticket {R.randint(10000, 99999)}.",
        ],
        "pt": [
            lambda: f"Bom dia, o meu contacto é {P(phone(loc), PHONE)} e o e-mail {P(email(loc, nm), EMAIL)}.",
            lambda: f"Transferência de {price(loc)} para o IBAN {P(loc_iban(loc), IBAN)} — referência MB {digits(3, True)} {digits(3)} {digits(3)}, entidade {digits(5, True)}.",
            lambda: f"Dados de faturação: {tax_id(loc)}, código postal {postcode(loc)} Lisboa.",
            lambda: f"A encomenda {order_no()} foi enviada em {ts(4)}; peso {R.randint(1, 30)},{R.randint(0, 9)} kg.",
            lambda: f"Pode ligar para o {P(phone(loc), PHONE)} ou para o fixo {P(phone(loc), PHONE)}.",
            lambda: f"Paguei com o cartão {P(card(), CARD)} mas o valor de {price(loc)} não aparece.",
        ],
        "pl": [
            lambda: f"Dzień dobry, proszę o kontakt pod numerem {P(phone(loc), PHONE)} lub mailowo: {P(email(loc, nm), EMAIL)}.",
            lambda: f"Przelew na kwotę {price(loc)} na rachunek {P(loc_iban(loc), IBAN)}, tytułem: faktura {order_no()}.",
            lambda: f"Dane firmy: {tax_id(loc)}, kod pocztowy {postcode(loc)} Warszawa.",
            lambda: f"Paczka {tracking()} czeka w paczkomacie WAW{R.randint(10, 99)}M do {ts(4)}.",
            lambda: f"Zadzwoń na {P(phone(loc), PHONE)}, jestem dostępny do {hh}:{mm:02d}.",
            lambda: f"Logowanie z adresu {P(ip(), IP)} zablokowane na {duration()}.",
        ],
        "us": [
            lambda: f"Hi, this is {nm}. You can reach me at {P(phone(loc, R.random() < 0.4), PHONE)} or {P(email(loc, nm), EMAIL)}.",
            lambda: f"My SSN is {P(ssn(), SSN)} and my ITIN application ({itin()}) is still pending.",
            lambda: f"The charge of {price(loc)} on card {P(card(), CARD)} was posted on {ts(3)}.",
            lambda: f"Ship to {R.randint(10, 9999)} Main St, Austin, TX {postcode(loc)}; tracking {tracking()}.",
            lambda: f"For the W-2 please use SSN {P(ssn(), SSN)} (not the {tax_id('us')}).",
            lambda: f"Server {P(ip(), IP)} has been up for {duration()}, running {semver()}.",
        ],
        "uk": [
            lambda: f"Cheers {nm.split()[0]}, ring me on {P(phone(loc, R.random() < 0.3), PHONE)} when you're free.",
            lambda: f"Please pay {price(loc)} to {P(loc_iban(loc), IBAN)} ({tax_id(loc)}).",
            lambda: f"Delivery to {postcode(loc)} is booked for {ts(13)}, order {order_no()}.",
            lambda: f"Drop me a line at {P(email(loc, nm), EMAIL)} — or the office on {P(phone(loc), PHONE)}.",
            lambda: f"The card {P(card(), CARD)} expires {R.randint(1, 12):02d}/{R.randint(25, 30)}.",
        ],
    }[loc]
    k = R.randint(2, 4)
    return " ".join(ch(S)() for _ in range(k))


def sc_release_notes():  # negatives only
    v = semver()
    lines = [f"## {v} ({ts(12)})", "",
             f"- Bump openssl to 3.{R.randint(0, 3)}.{R.randint(0, 15)} and zlib to 1.3.{R.randint(0, 2)}",
             f"- Fix #{R.randint(1000, 9999)}: timeout after {R.randint(1000, 60000)} ms on /v2/orders",
             f"- Build {R.randint(2019, 2025)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}.{R.randint(1, 9)}, commit {sha(40)}",
             f"- Docker image sha256:{sha(64)}",
             f"- Tested on Chrome {version4()}, Firefox {R.randint(110, 126)}.0.{R.randint(1, 3)}, Windows {version4()}",
             f"- Migration {ts(9)} adds index on orders(created_at); {R.randint(1, 40)},{digits(3)} rows backfilled in {duration()}",
             f"- SNMP OID 1.3.6.1.4.1.{R.randint(1000, 60000)}.{R.randint(1, 9)}.{R.randint(1, 9)}.{R.randint(1, 9)} now exported",
             f"- Known issue: requests from MAC {mac()} time out; workaround in KB{R.randint(100000, 999999)}"]
    return "\n".join(lines)


def sc_metrics():  # mostly negatives
    t = ts(8)
    out = []
    for _ in range(R.randint(3, 6)):
        m = ch(["http_requests_total", "process_cpu_seconds_total", "go_memstats_alloc_bytes", "db_pool_wait_seconds"])
        lab = ch([f'{{code="{ch([200, 404, 500])}",method="get"}}', f'{{instance="{P(ipv4(True), IP)}:9100",job="node"}}',
                  f'{{pod="api-{hexs(10)}-{hexs(5)}"}}', ""])
        out.append(f"{m}{lab} {ch([str(R.randint(0, 10**9)), f'{R.uniform(0, 1000):.6f}', f'{R.uniform(1, 9):.3f}e+0{R.randint(1, 9)}'])} {t}")
    return "\n".join(out)


def sc_csv():
    loc = ch(LOCS)
    sep = ch([",", ";", "\t"])
    hdr = sep.join(["id", "name", "email", "phone", "iban", "amount", "date", "postcode"])
    rows = [hdr]
    for _ in range(R.randint(2, 4)):
        nm = person(loc)
        am = price(loc)
        if sep == ",":
            am = f"\"{am}\""
        rows.append(sep.join([str(R.randint(1, 99999)), nm, P(email(loc, nm), EMAIL), P(phone(loc), PHONE),
                              P(loc_iban(loc, False), IBAN) if R.random() < 0.7 else bad_iban(COUNTRY[loc], False),
                              am, ts(R.choice([3, 4, 12])), postcode(loc)]))
    return "\n".join(rows)


def sc_hr():  # US onboarding / payroll records
    nm = person("us")
    y, mo, d = R.randint(1955, 2003), R.randint(1, 12), R.randint(1, 28)
    k = R.randint(0, 2)
    if k == 0:
        return "\n".join([
            f"Employee: {nm} (ID {digits(6)}) | Start date: {ts(3)} | Dept {R.randint(100, 999)}",
            f"SSN: {P(ssn(), SSN)}   DOB: {mo:02d}/{d:02d}/{y}",
            f"Home phone: {P(us_phone(), PHONE)}   Work: {P(us_phone(R.random() < 0.5), PHONE)}",
            f"Personal e-mail: {P(email('us', nm), EMAIL)}",
            f"Direct deposit: routing {digits(9, True)}, account {digits(R.randint(8, 12), True)} ({ch(['checking', 'savings'])})",
            f"W-4 filing status: {ch(['single', 'married filing jointly'])}; allowances {R.randint(0, 4)}; {tax_id('us')}",
        ])
    if k == 1:
        rows = ["emp_id,name,ssn,hire_date,salary,zip"]
        for _ in range(R.randint(2, 4)):
            n2 = person("us")
            rows.append(f"{digits(6)},{n2},{P(ssn(), SSN)},{ts(12)},{R.randint(40, 250)}{digits(3)}.00,{postcode('us')}")
        return "\n".join(rows)
    return (f"Re: benefits enrollment -- {nm}'s spouse SSN is {P(ssn(), SSN)}, dependent SSN {P(ssn(), SSN)}. "
            f"Plan {ch(['PPO', 'HMO', 'HDHP'])} group #{digits(6)}, member ID {ch('ABCXYZ')}{digits(8)}; "
            f"claim {digits(3)}-{digits(2)}-{digits(5)} was filed {ts(3)}. Call {P(us_phone(True), PHONE)}.")


SCENARIOS = [
    (sc_markdown_table, 40), (sc_yaml, 35), (sc_sql, 35), (sc_access_log, 40), (sc_http, 35),
    (sc_chat, 45), (sc_vcard, 30), (sc_ical, 25), (sc_shell, 35), (sc_stacktrace, 30),
    (sc_ticket, 40), (sc_prose, 70), (sc_release_notes, 15), (sc_metrics, 10), (sc_csv, 20), (sc_hr, 22),
]


# ================================================================ validation
def check(doc):
    t = doc["text"]
    prev = 0
    for s in doc["spans"]:
        v = t[s["start"]:s["end"]]
        assert s["start"] >= prev and v == v.strip() and v, (v, t)
        prev = s["end"]
        k = s["type"]
        if k == CARD:
            d = v.replace(" ", "").replace("-", "")
            assert d.isdigit() and luhn_ok(d) and len(d) in (14, 15, 16), v
        elif k == IBAN:
            assert iban_ok(v), v
        elif k == SSN:
            a, g, n = v.split("-")
            assert a not in ("000", "666") and a[0] != "9" and g != "00" and n != "0000", v
        elif k == IP:
            ipaddress.ip_address(v)
        elif k == EMAIL:
            assert v.count("@") == 1 and "." in v.split("@")[1], v
        elif k == PHONE:
            assert sum(c.isdigit() for c in v) >= 9, v


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "pii-formats.jsonl")
    fns, weights = zip(*SCENARIOS)
    docs = []
    for _ in range(500):
        doc = finish(R.choices(fns, weights)[0]())
        check(doc)
        docs.append(doc)
    with open(out, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    counts = {}
    for d in docs:
        for s in d["spans"]:
            counts[s["type"]] = counts.get(s["type"], 0) + 1
    print(out, len(docs), "lines", dict(sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
