#!/usr/bin/env python3
"""pii_locales.py - labelled PII test corpus in operational / multilingual document formats.

Writes pii-locales.jsonl: one {"text", "spans": [{"start", "end", "type"}]} object per line,
offsets are Python str (code point) offsets, end exclusive. Six Presidio types only:
EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS.

Conventions
  * every labelled value is valid: Luhn + issuer range + length for cards, registry length +
    mod-97 (and BE/FR/ES/NO/PT national keys) for IBANs, area/group/serial rules for SSNs,
    ipaddress-parsable IPs, phones with real area codes / mobile prefixes;
  * IP spans cover the address only: no ":port", no "/prefix", no "[...]" brackets;
  * a phone span includes a leading "+" and parentheses, never an extension (none generated);
  * every SSN has a context word (SSN / social security / TIN type SSN ...) nearby;
  * look-alikes (order numbers, versions, timestamps, UUIDs, SHAs, Luhn-failing cards,
    bad-check IBANs, unissued SSNs, out-of-range IPs, prices, ZIPs, ISBNs, tracking numbers,
    semver ranges, colours, permissions, ports, coordinates, ...) are never labelled;
  * about 15% of lines carry no PII at all ("clean" variants of the same formats).
Each document is re-checked before it is written (positive checks and a scan of the
unlabelled text for anything that would itself be a valid value); failures are redrawn.

Run: python3 pii_locales.py [OUT]      (deterministic: random.Random(2027))
"""
import base64
import datetime as _dt
import ipaddress
import json
import os
import re
import sys
import unicodedata

import random

R = random.Random(2027)
N_LINES = 500

EMAIL, PHONE, CARD, IBAN, SSN, IP = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                     "IBAN_CODE", "US_SSN", "IP_ADDRESS")

# ----------------------------------------------------------------------------- marking
_VALS = []
CLEAN = False          # when True, value makers return near-miss look-alikes, unlabelled
MARK = re.compile("\ue000(\\d+)\ue001")


def P(v, kind):
    _VALS.append((v, kind))
    return "\ue000%d\ue001" % (len(_VALS) - 1)


def vis(s):
    """The visible text of a marked string (for padding / alignment)."""
    return MARK.sub(lambda m: _VALS[int(m.group(1))][0], s)


def finish(s):
    out, spans, pos, n = [], [], 0, 0
    for m in MARK.finditer(s):
        out.append(s[pos:m.start()])
        n += m.start() - pos
        v, k = _VALS[int(m.group(1))]
        spans.append({"start": n, "end": n + len(v), "type": k})
        out.append(v)
        n += len(v)
        pos = m.end()
    out.append(s[pos:])
    text = "".join(out)
    assert "\ue000" not in text and "\ue001" not in text
    return {"text": text, "spans": spans}


def ch(seq):
    return R.choice(seq)


def dg(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def dgnz(n):
    return ch("123456789") + dg(n - 1)


def hx(n, upper=False):
    s = "".join(R.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def pad(s, w):
    return s + " " * max(1, w - len(vis(s)))


# ----------------------------------------------------------------------------- people
NAMES = {
    "us": (["James", "Maria", "Tyrone", "Priya", "Kevin", "Ashley", "Dmitri", "Keisha", "Connor", "Mei"],
           ["Okafor", "Nguyen", "Hartley", "Delgado", "Whitfield", "Brennan", "Castellano", "Kowalczyk", "Abernathy"]),
    "ca": (["Étienne", "Chloé", "Liam", "Avery", "Mathieu"], ["Tremblay", "Gagnon", "Roy", "MacDonald", "Bouchard"]),
    "uk": (["Oliver", "Siobhan", "Rhys", "Imogen", "Callum", "Aisling", "Nkechi"],
           ["Pemberton", "Ashworth", "MacLeod", "Fairbairn", "Hughes", "Adeyemi"]),
    "de": (["Jürgen", "Katharina", "Dieter", "Jörg", "Anneliese", "Björn", "Sören", "Lea", "Maximilian"],
           ["Müller", "Schäfer", "Weißmann", "Kühn", "Großmann", "Bäcker", "Vogt", "Oßwald"]),
    "at": (["Florian", "Theresa", "Lukas", "Magdalena"], ["Gruber", "Huber", "Pichler", "Steiner"]),
    "ch": (["Reto", "Corinne", "Beat", "Nadja"], ["Brunner", "Zürcher", "Keller", "Frei"]),
    "fr": (["Amélie", "François", "Hélène", "Jérôme", "Noémie", "Gaëlle", "Loïc", "Cécile"],
           ["Lefèvre", "Bérenger", "Moreau", "Chevalier", "Gauthier", "Desrosiers"]),
    "es": (["José", "María", "Íñigo", "Begoña", "Raúl", "Nuria", "Ángel", "Lucía"],
           ["Muñoz", "Ibáñez", "García", "Peña", "Núñez", "Ortega", "Aranguren"]),
    "sv": (["Åsa", "Björn", "Märta", "Göran", "Linnéa", "Örjan", "Sölve", "Elin"],
           ["Åkesson", "Lindqvist", "Söderström", "Ångström", "Björklund", "Nyström", "Hägg"]),
    "tr": (["Şükrü", "Ayşe", "Çağla", "Gökhan", "Işıl", "Ömer", "Doğan", "İlknur", "Büşra"],
           ["Yılmaz", "Öztürk", "Çelik", "Şahin", "Doğru", "Güneş", "Aydın", "Kılıç"]),
    "ja": (["Haruto", "Yui", "Sōta", "Aoi", "Ren", "Yūki", "Kenji", "Sakura", "Ryūnosuke"],
           ["Tanaka", "Satō", "Suzuki", "Takahashi", "Itō", "Watanabe", "Yamamoto", "Kōno"]),
    "nl": (["Sanne", "Joost", "Femke", "Daan"], ["de Vries", "van den Berg", "Jansen", "Bakker"]),
    "be": (["Wouter", "Elke", "Jeroen", "Manon"], ["Peeters", "Janssens", "Maes", "Dubois"]),
    "it": (["Giulia", "Matteo", "Chiara", "Niccolò"], ["Esposito", "Ricci", "Bianchi", "Fabbri"]),
    "pl": (["Łukasz", "Zofia", "Grzegorz", "Małgorzata"], ["Wiśniewski", "Zieliński", "Kamińska", "Wróbel"]),
    "pt": (["João", "Inês", "Gonçalo", "Conceição"], ["Gonçalves", "Simões", "Magalhães", "Araújo"]),
    "no": (["Øystein", "Ingrid", "Håkon", "Solveig"], ["Bjørnstad", "Hansen", "Løvås", "Haugen"]),
    "dk": (["Søren", "Mette", "Rasmus", "Signe"], ["Jørgensen", "Nielsen", "Kjær", "Mølgaard"]),
    "fi": (["Päivi", "Jussi", "Aino", "Mikko"], ["Mäkinen", "Virtanen", "Hämäläinen", "Koskinen"]),
    "ie": (["Seán", "Niamh", "Ciarán", "Aoife"], ["Ó Briain", "Murphy", "Mac Giolla", "Kavanagh"]),
}
DOMAINS = {
    "us": ["contoso.com", "mail.fabrikam.com", "northwind-traders.com", "corp.tailspintoys.com", "lakeshore-credit.org", "example.com"],
    "ca": ["exemple.ca", "maple-logistics.ca", "courriel.boreal-assurance.ca"],
    "uk": ["example.co.uk", "mail.pembertonlaw.co.uk", "brightwater.org.uk", "fenwick-energy.co.uk"],
    "de": ["musterfirma.de", "beispiel-gmbh.de", "post.stadtwerke-nordheim.de", "kanzlei-vogt.de"],
    "at": ["beispiel.at", "mail.alpenbau.at"], "ch": ["beispiel.ch", "zuerich-treuhand.ch"],
    "fr": ["exemple.fr", "entreprise-dupont.fr", "mail.cabinet-moreau.fr", "mutuelle-exemple.fr"],
    "es": ["ejemplo.es", "correo.empresa-ibarra.es", "clinica-sanroque.es"],
    "sv": ["exempel.se", "foretaget.se", "mail.nordkust-bygg.se"],
    "tr": ["ornek.com.tr", "posta.anadolu-lojistik.com.tr", "firma.com.tr"],
    "ja": ["example.co.jp", "mail.sakura-shoji.co.jp", "rei.example.jp"],
    "nl": ["voorbeeld.nl", "mail.grachtendata.nl"], "be": ["voorbeeld.be", "exemple-bruxelles.be"],
    "it": ["esempio.it", "posta.ditta-ricci.it"], "pl": ["przyklad.pl", "poczta.firma-wrobel.pl"],
    "pt": ["exemplo.pt", "correio.lusa-textil.pt"], "no": ["eksempel.no", "fjordkraft-test.no"],
    "dk": ["eksempel.dk", "mail.kjaer-revision.dk"], "fi": ["esimerkki.fi", "posti.saimaa-soft.fi"],
    "ie": ["example.ie", "mail.liffey-analytics.ie"],
}
TAGS = ["invoices", "k8s", "alerts", "2024", "newsletter", "support", "billing", "jira", "test", "kyc"]
ROLES = ["noc", "billing", "kundenservice", "destek", "support", "info", "soporte", "kundtjanst",
         "sre-oncall", "privacy", "facturation", "otoiawase", "payouts"]
LOCS = list(NAMES)


def person(loc):
    f, l = NAMES[loc]
    return ch(f), ch(l)


def fold(s):
    for a, b in (("ß", "ss"), ("ı", "i"), ("ø", "o"), ("Ø", "O"), ("æ", "ae"), ("œ", "oe"), ("ł", "l"), ("Ł", "L")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]", "", s)


def email_str(loc, name=None):
    f, l = name or person(loc)
    f0, l0 = fold(f).lower(), fold(l).lower()
    dom = ch(DOMAINS[loc])
    x = R.random()
    if x < 0.28:
        local = f"{f0}.{l0}"
    elif x < 0.42:
        local = f"{f0[0]}{l0}"
    elif x < 0.55:
        local = f"{f0}+{ch(TAGS)}"
    elif x < 0.64:
        local = f"{fold(f)}.{fold(l)}"
        if R.random() < 0.5:
            dom = dom.upper()
    elif x < 0.74:
        local = f"{l0}_{f0}{dg(2)}"
    elif x < 0.82:
        local = f"{f0}.{l0}+{ch(TAGS)}"
    elif x < 0.91:
        local = ch(ROLES)
        if R.random() < 0.5:
            dom = dom if dom.count(".") > 1 else ch(["ops", "eu", "intern", "mx"]) + "." + dom
    else:
        local = f"{f0[0]}.{l0}"
        dom = dom if dom.count(".") > 1 and not dom.endswith((".co.uk", ".com.tr", ".co.jp", ".org.uk")) else ch(["mail", "eu", "corp", "staff.hq"]) + "." + dom
    return local + "@" + dom


# ----------------------------------------------------------------------------- phones
US_AREAS = ["212", "415", "312", "617", "206", "303", "512", "702", "919", "646", "213", "404",
            "305", "713", "480", "503", "612", "718", "801", "971", "470", "628", "737"]
CA_AREAS = ["416", "604", "514", "613", "403", "780", "902", "647", "438"]


def phone_us(ca=False, fmt=None):
    a = ch(CA_AREAS if ca else US_AREAS)
    while True:
        e = ch("23456789") + dg(2)
        if e[1:] != "11":
            break
    l = dg(4)
    fmt = fmt or ch(["paren", "paren", "dash", "dash", "dot", "e164", "intl", "intl2", "intlp"])
    return {"paren": f"({a}) {e}-{l}", "dash": f"{a}-{e}-{l}", "dot": f"{a}.{e}.{l}",
            "e164": f"+1{a}{e}{l}", "intl": f"+1 {a} {e} {l}", "intl2": f"+1-{a}-{e}-{l}",
            "intlp": f"+1 ({a}) {e}-{l}"}[fmt]


def phone_uk(intl=None):
    k = ch(["lon", "lon", "city", "mob", "mob"])
    intl = R.random() < 0.4 if intl is None else intl
    if k == "lon":
        d = ch("378") + dg(7)
        nat, i = f"020 {d[:4]} {d[4:]}", f"+44 20 {d[:4]} {d[4:]}"
    elif k == "city":
        a = ch(["161", "121", "131", "113", "117", "141", "191"])
        s = ch("2345789") + dg(6)
        nat, i = f"0{a} {s[:3]} {s[3:]}", f"+44 {a} {s[:3]} {s[3:]}"
    else:
        p = "7" + ch(["700", "911", "400", "507", "824", "980", "123", "384"])
        s = dg(6)
        nat, i = f"0{p} {s}", f"+44 {p} {s}"
    if intl and R.random() < 0.3:
        return i.replace(" ", "")
    return i if intl else nat


DE_AREAS = {"30": (6, 8), "40": (6, 8), "89": (6, 8), "69": (6, 8), "221": (5, 8), "211": (5, 8),
            "711": (5, 8), "341": (5, 8), "351": (5, 8), "511": (5, 8), "621": (5, 8), "911": (5, 8)}
DE_MOB = ["151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "177", "179"]


def phone_de(intl=None):
    intl = R.random() < 0.35 if intl is None else intl
    if R.random() < 0.5:
        a = ch(list(DE_AREAS))
        lo, hi = DE_AREAS[a]
        s = ch("23456789") + dg(R.randint(lo, hi) - 1)
    else:
        a = ch(DE_MOB)
        s = dg(8 if a.startswith("15") else R.choice([7, 8]))
    if intl:
        return f"+49{a}{s}" if R.random() < 0.3 else f"+49 {a} {s}"
    return f"0{a} {s}"


def phone_fr(intl=None, mobile=None):
    intl = R.random() < 0.35 if intl is None else intl
    z = ch("1234567") if R.random() < 0.9 else "9"
    if mobile is not None:
        z = ch("67") if mobile else ch("12345")
    d = dg(8)
    if z in "67":
        d = ch("0123456789") + d[1:]
    pairs = " ".join(d[i:i + 2] for i in range(0, 8, 2))
    if intl:
        return f"+33{z}{d}" if R.random() < 0.3 else f"+33 {z} {pairs}"
    nat = f"0{z} {pairs}"
    return nat.replace(" ", ".") if R.random() < 0.15 else nat


def _intl(cc, groups_choices):
    g = ch(groups_choices)
    parts = []
    for item in g:
        parts.append(item if not isinstance(item, int) else dg(item))
    # first group after the area must not start with 0
    parts = [p if i == 0 else (ch("23456789") + p[1:] if i == 1 and p[0] == "0" else p) for i, p in enumerate(parts)]
    s = f"+{cc} " + " ".join(parts)
    return s.replace(" ", "") if R.random() < 0.25 else s


INTL = {
    "sv": ("46", [["8", 3, 3, 2], ["70", 3, 2, 2], ["73", 3, 2, 2], ["31", 3, 2, 2], ["76", 3, 2, 2]]),
    "tr": ("90", [["212", 3, 2, 2], ["216", 3, 2, 2], ["532", 3, 2, 2], ["542", 3, 2, 2], ["555", 3, 2, 2], ["312", 3, 2, 2]]),
    "ja": ("81", [["3", 4, 4], ["6", 4, 4], ["90", 4, 4], ["80", 4, 4], ["70", 4, 4], ["45", 3, 4]]),
    "es": ("34", [["612", 3, 3], ["655", 3, 3], ["91", 3, 2, 2], ["93", 3, 2, 2], ["722", 3, 3]]),
    "ch": ("41", [["44", 3, 2, 2], ["22", 3, 2, 2], ["31", 3, 2, 2], ["79", 3, 2, 2], ["76", 3, 2, 2]]),
    "at": ("43", [["1", 7], ["664", 7], ["316", 6], ["676", 7]]),
    "nl": ("31", [["20", 3, 4], ["10", 3, 4], ["6", 8]]),
    "be": ("32", [["2", 3, 2, 2], ["470", 2, 2, 2], ["9", 3, 2, 2]]),
    "it": ("39", [["06", 4, 4], ["02", 4, 4], ["347", 3, 4], ["333", 3, 4]]),
    "pl": ("48", [["22", 3, 2, 2], ["601", 3, 3], ["512", 3, 3]]),
    "pt": ("351", [["21", 3, 4], ["912", 3, 3], ["22", 3, 4]]),
    "no": ("47", [["22", 2, 2, 2], ["412", 2, 3], ["9", 2, 2, 3]]),
    "dk": ("45", [["3", 1, 2, 2, 2], ["2", 1, 2, 2, 2]]),
    "fi": ("358", [["9", 4, 4], ["40", 3, 4], ["50", 3, 4]]),
    "ie": ("353", [["1", 3, 4], ["87", 3, 4], ["21", 3, 4]]),
}


def fix_dk(s):
    return s


def phone_str(loc):
    if loc == "us":
        return phone_us()
    if loc == "ca":
        return phone_us(ca=True)
    if loc == "uk":
        return phone_uk()
    if loc == "de":
        return phone_de()
    if loc == "fr":
        return phone_fr()
    cc, gs = INTL[loc]
    if loc == "dk":  # 8 digits, pairs: +45 32 12 34 56
        s = ch("23456789") + dg(7)
        out = f"+45 {s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"
        return out.replace(" ", "") if R.random() < 0.25 else out
    return _intl(cc, gs)


def e164_compact(loc):
    """A phone number of the locale in compact E.164 (+CC...)."""
    if loc in ("us", "ca"):
        v = phone_us(ca=loc == "ca", fmt="e164")
    elif loc == "uk":
        v = phone_uk(intl=True)
    elif loc == "de":
        v = phone_de(intl=True)
    elif loc == "fr":
        v = phone_fr(intl=True)
    else:
        v = phone_str(loc)
    v = re.sub(r"[^\d+]", "", v)
    assert v.startswith("+"), v
    return v


def any_phone():
    return phone_str(ch(["us", "us", "uk", "de", "fr", "ca"] + list(INTL)))


# ----------------------------------------------------------------------------- cards
def luhn_ok(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        x = int(c)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_fill(prefix, n):
    body = prefix + dg(n - len(prefix) - 1)
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


def card_digits(brand=None):
    brand = brand or ch(["visa"] * 5 + ["mc"] * 3 + ["mc2"] + ["amex"] * 2 + ["disc", "jcb", "diners", "up"])
    if brand == "visa":
        p, n = "4", 16
    elif brand == "mc":
        p, n = "5" + ch("12345"), 16
    elif brand == "mc2":
        p, n = str(R.randint(2221, 2720)), 16
    elif brand == "amex":
        p, n = ch(["34", "37"]), 15
    elif brand == "disc":
        p, n = ch(["6011", "65", str(R.randint(644, 649))]), 16
    elif brand == "jcb":
        p, n = str(R.randint(3528, 3589)), 16
    elif brand == "diners":
        p, n = ch(["36", "38"]), 14
    else:
        p, n = "62", ch([16, 16, 17, 18, 19])
    return luhn_fill(p, n)


def card_fmt(d, style=None):
    style = style or ch(["none", "none", "sp", "sp", "sp", "dash", "dash"])
    if len(d) == 15 and style != "none":
        sep = " " if style == "sp" else "-"
        return d[:4] + sep + d[4:10] + sep + d[10:]
    if len(d) == 16 and style != "none":
        sep = " " if style == "sp" else "-"
        return sep.join(d[i:i + 4] for i in range(0, 16, 4))
    return d


def card_str(brand=None, style=None):
    return card_fmt(card_digits(brand), style)


def bad_card_str(style=None):
    d = luhn_fill(ch(["4", "4", "51", "53", "55", "6011", "37"]), 16)
    if d.startswith("37"):
        d = d[:15]
        d = luhn_fill(d[:14], 15)
    last = int(d[-1])
    d = d[:-1] + str((last + R.randint(1, 9)) % 10)
    assert not luhn_ok(d)
    return card_fmt(d, style)


def masked_card():
    last4 = dg(4)
    return ch([f"**** **** **** {last4}", f"{ch(['4', '5'])}{dg(5)}******{last4}", f"•••• {last4}",
               f"XXXX-XXXX-XXXX-{last4}", f"ending in {last4}", f"{dg(4)} {dg(2)}XX XXXX {last4}"])


# ----------------------------------------------------------------------------- IBANs
IBAN_LEN = {"DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "CH": 21, "AT": 20,
            "PL": 28, "PT": 25, "SE": 24, "NO": 15, "DK": 18, "FI": 18, "IE": 22}
LOC_CC = {"de": "DE", "fr": "FR", "uk": "GB", "es": "ES", "it": "IT", "nl": "NL", "be": "BE", "ch": "CH",
          "at": "AT", "pl": "PL", "pt": "PT", "sv": "SE", "no": "NO", "dk": "DK", "fi": "FI", "ie": "IE"}


def mod97(s):
    t = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in t)) % 97


def _es_ctl(s):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * x for c, x in zip(s, w)) % 11
    return {11: 0, 10: 1}.get(r, r)


def bban(cc):
    if cc == "DE":
        return ch(["37040044", "10010010", "50010517", "20041133", "70020270", "60050101", "12030000", "43060967"]) + dg(10)
    if cc == "FR":
        b, g, a = ch(["30006", "30004", "20041", "10107", "30003", "18206"]), dg(5), dg(11)
        key = 97 - ((89 * int(b) + 15 * int(g) + 3 * int(a)) % 97)
        return b + g + a + "%02d" % key
    if cc in ("GB", "IE"):
        bank = ch(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"] if cc == "GB" else ["AIBK", "BOFI", "IPBS"])
        return bank + dg(6) + dg(8)
    if cc == "ES":
        e, o, a = ch(["2100", "0049", "0182", "0081", "2085"]), dg(4), dg(10)
        return e + o + str(_es_ctl("00" + e + o)) + str(_es_ctl(a)) + a
    if cc == "IT":
        return ch("ABCDEFGHIJKLMNOPRSTUVWXYZ") + ch(["03069", "02008", "05034", "01030"]) + dg(5) + dg(12)
    if cc == "NL":
        return ch(["ABNA", "INGB", "RABO", "TRIO", "KNAB", "BUNQ", "SNSB"]) + dg(10)
    if cc == "BE":
        f = ch(["310", "001", "068", "735", "539"]) + dg(7)
        c = int(f) % 97 or 97
        return f + "%02d" % c
    if cc == "CH":
        return ch(["00762", "00230", "00700", "08390"]) + dg(12)
    if cc == "AT":
        return ch(["12000", "20111", "32000", "14000"]) + dg(11)
    if cc == "PL":
        return dg(8) + dg(16)
    if cc == "PT":
        b = ch(["0002", "0035", "0033", "0007"]) + dg(4) + dg(11)
        return b + "%02d" % (98 - (int(b + "00") % 97))
    if cc == "SE":
        return ch(["500", "800", "300", "600", "120"]) + dg(17)
    if cc == "NO":
        w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        while True:
            b = ch(["1503", "8601", "9710", "3000"]) + dg(6)
            r = 11 - sum(int(c) * x for c, x in zip(b, w)) % 11
            if r != 10:
                return b + str(0 if r == 11 else r)
    if cc == "DK":
        return ch(["3000", "5301", "2000", "1551"]) + dg(10)
    if cc == "FI":
        return ch(["123456", "400000", "800012", "500001"]) + dg(8)
    raise KeyError(cc)


def iban_compact(cc):
    b = bban(cc)
    c = 98 - mod97(cc + "00" + b)
    s = f"{cc}{c:02d}{b}"
    assert mod97(s) == 1 and len(s) == IBAN_LEN[cc], s
    return s


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban_str(cc=None, spaced=None):
    cc = cc or ch(list(IBAN_LEN))
    s = iban_compact(cc)
    spaced = R.random() < 0.5 if spaced is None else spaced
    return group4(s) if spaced else s


def bad_iban_str(cc=None, spaced=None):
    cc = cc or ch(list(IBAN_LEN))
    s = iban_compact(cc)
    k = R.random()
    if k < 0.6:  # wrong check digits
        c = int(s[2:4])
        c2 = (c + R.randint(1, 60)) % 97
        c2 = c2 if c2 >= 2 else c2 + 10
        s = s[:2] + "%02d" % c2 + s[4:]
    else:  # typo in the BBAN
        i = R.randint(6, len(s) - 1)
        if s[i].isdigit():
            s = s[:i] + str((int(s[i]) + R.randint(1, 9)) % 10) + s[i + 1:]
        else:
            s = s[:4] + "0" + s[5:]
    if mod97(s) == 1:
        return bad_iban_str(cc, spaced)
    spaced = R.random() < 0.5 if spaced is None else spaced
    return group4(s) if spaced else s


def loc_iban(loc):
    return iban_str(LOC_CC.get(loc) or ch(list(IBAN_LEN)))


BICS = ["COBADEFFXXX", "DEUTDEFF", "BNPAFRPPXXX", "NWBKGB2L", "CAIXESBBXXX", "UNCRITMM", "INGBNL2A",
        "GEBABEBB", "UBSWCHZH80A", "BKAUATWW", "PKOPPLPW", "CGDIPTPL", "ESSESESS", "DNBANOKK", "DABADKKK",
        "NDEAFIHH", "AIBKIE2D"]

# ----------------------------------------------------------------------------- SSNs


def ssn_str(fmt="dash"):
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    g, s = R.randint(1, 99), R.randint(1, 9999)
    sep = {"dash": "-", "space": " ", "bare": ""}[fmt]
    return f"{a:03d}{sep}{g:02d}{sep}{s:04d}"


def bad_ssn_str():
    k = R.randint(0, 4)
    a = ["000", "666", str(R.randint(900, 999)), "%03d" % R.randint(1, 899), "%03d" % R.randint(1, 899)][k]
    if a == "666" and k >= 3:
        a = "123"
    g = "00" if k == 3 else "%02d" % R.randint(1, 99)
    s = "0000" if k == 4 else "%04d" % R.randint(1, 9999)
    return f"{a}-{g}-{s}"


# ----------------------------------------------------------------------------- IPs
def ip4_str(kind=None):
    kind = kind or ch(["pub", "pub", "priv", "doc", "cgn"])
    if kind == "priv":
        return ch([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                   f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                   f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}"])
    if kind == "doc":
        return ch(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(1, 254))
    if kind == "cgn":
        return f"100.{R.randint(64, 127)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    while True:
        a = R.randint(1, 223)
        if a not in (10, 127, 100, 169, 172, 192):
            return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


V6_PREFIX = ["2001:db8", "2a02:8106", "2600:1f18", "2a01:4f8", "2a00:1450", "fd12:3456", "2001:67c", "2607:f8b0", "fe80:0"]


def ip6_str(kind=None):
    kind = kind or ch(["comp", "comp", "comp", "full", "fullpad", "mapped", "ll"])
    if kind == "mapped":
        return "::ffff:" + ip4_str()
    if kind == "ll":
        return "fe80::" + ":".join("%x" % R.randint(1, 0xffff) for _ in range(R.randint(2, 4)))
    pre = ch(V6_PREFIX[:-1]).split(":")
    groups = pre + ["%x" % R.randint(0, 0xffff) for _ in range(6)]
    if kind != "full" and kind != "fullpad":
        # make a run of zeros so that compression happens
        i = R.randint(2, 5)
        j = R.randint(i + 1, 7)
        for k in range(i, j):
            groups[k] = "0"
    a = ipaddress.IPv6Address(":".join(groups))
    if kind == "full":
        s = ":".join("%x" % int(g, 16) for g in groups)
    elif kind == "fullpad":
        s = a.exploded
    else:
        s = a.compressed
    return s.upper() if R.random() < 0.1 else s


def bad_ip_str():
    return ch([f"256.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
               f"10.0.0.{R.randint(256, 999)}", f"192.168.{R.randint(256, 400)}.1",
               f"{R.randint(300, 999)}.{R.randint(0, 255)}.1.1", f"172.16.{R.randint(0, 255)}",
               f"2001:db8::{hx(4)}::1", f"fe80::{hx(4)}:{hx(4)}:zz01", "1.2.3.4.5"])


# ----------------------------------------------------------------------------- value makers (labelled unless CLEAN)
def em(loc="us", name=None):
    if CLEAN:
        return ch(["<redacted>", "${SUPPORT_EMAIL}", "{{ customer.email }}", "n/a", "[email protected]", "(none)"])
    return P(email_str(loc, name), EMAIL)


def ph(loc="us"):
    if CLEAN:
        return ch(["+1 (XXX) XXX-XXXX", "<phone>", "***-***-" + dg(4), "n/a", "0" + "X" * 9, "[REDACTED]"])
    return P(phone_str(loc), PHONE)


def cc_(brand=None, style=None):
    if CLEAN:
        return ch([bad_card_str(style), masked_card(), bad_card_str(style)])
    return P(card_str(brand, style), CARD)


def ib(loc_or_cc=None, spaced=None):
    c = LOC_CC.get(loc_or_cc, loc_or_cc) if loc_or_cc else None
    if c not in IBAN_LEN:
        c = ch(list(IBAN_LEN))
    if CLEAN:
        return ch([bad_iban_str(c, spaced), bad_iban_str(c, spaced), c + "** **** **** **** " + dg(2)])
    return P(iban_str(c, spaced), IBAN)


def sn(fmt="dash"):
    if CLEAN:
        return ch([bad_ssn_str(), "***-**-" + dg(4), "XXX-XX-" + dg(4)])
    return P(ssn_str(fmt), SSN)


def v4(kind=None):
    if CLEAN:
        return ch([bad_ip_str(), bad_ip_str(), "x.x.x.x", "<ip>"])
    return P(ip4_str(kind), IP)


def v6(kind=None):
    if CLEAN:
        return ch([f"2001:db8::{hx(4)}::1", f"fe80::{hx(4)}:{hx(3)}g", "<ipv6>"])
    return P(ip6_str(kind), IP)


def anyip():
    return v6() if R.random() < 0.3 else v4()


# ----------------------------------------------------------------------------- look-alikes (never labelled)
def la_order(n=None):
    n = n or ch([8, 10, 10, 11, 12, 13, 14, 16])
    s = dgnz(n)
    if n >= 12 and luhn_ok(s):
        s = s[:-1] + str((int(s[-1]) + 1) % 10)
    return s


def la_version():
    return ch([
        lambda: f"{R.randint(1, 12)}.{R.randint(0, 30)}.{R.randint(0, 40)}",
        lambda: f"v{R.randint(10, 11)}.0.{R.randint(19041, 26100)}.{R.randint(256, 4200)}",
        lambda: f"{R.randint(4, 6)}.{R.randint(1, 19)}.0-{R.randint(100, 600)}.{R.randint(1, 40)}.1.el9_{R.randint(1, 4)}.x86_64",
        lambda: f"{R.randint(1, 3)}.{R.randint(0, 40)}.{R.randint(0, 9)}-rc.{R.randint(1, 5)}",
        lambda: f"{R.randint(2019, 2025)}.{R.randint(1, 12)}.{R.randint(1, 28)}",
        lambda: f"{R.randint(100, 126)}.0.{R.randint(6000, 6500)}.{R.randint(0, 200)}",
    ])()


def la_semver_range():
    a, b, c = R.randint(0, 9), R.randint(0, 30), R.randint(0, 40)
    return ch([f"^{a}.{b}.{c}", f"~{a}.{b}.{c}", f">={a}.{b}.0 <{a + 1}.0.0", f"{a}.x || >={a + 1}.{b}.0",
               f"=={a}.{b}.*", f">={a}.{b},<{a + 1}", f"~={a}.{b}"])


def rdt():
    return _dt.datetime(2024, 1, 1) + _dt.timedelta(seconds=R.randint(0, 3 * 365 * 86400))


MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def la_ts(kind=None, d=None):
    d = d or rdt()
    ms = R.randint(0, 999)
    f = {
        "isoz": lambda: d.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "isoms": lambda: d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms,
        "isooff": lambda: d.strftime("%Y-%m-%dT%H:%M:%S") + ch(["+01:00", "+02:00", "-05:00", "+09:00", "+03:00"]),
        "eu": lambda: d.strftime("%d/%m/%Y %H:%M"),
        "compact": lambda: d.strftime("%Y%m%d%H%M%S"),
        "epoch": lambda: str(int(d.replace(tzinfo=_dt.timezone.utc).timestamp())),
        "epochms": lambda: str(int(d.replace(tzinfo=_dt.timezone.utc).timestamp()) * 1000 + ms),
        "syslog": lambda: f"{MON[d.month - 1]} {d.day:2d} {d.strftime('%H:%M:%S')}",
        "rfc2822": lambda: f"{DAY[d.weekday()]}, {d.day:02d} {MON[d.month - 1]} {d.year} {d.strftime('%H:%M:%S')} +0100",
        "de": lambda: d.strftime("%d.%m.%Y %H:%M:%S"),
        "sql": lambda: d.strftime("%Y-%m-%d %H:%M:%S") + ",%03d" % ms,
        "ja": lambda: f"{d.year}年{d.month}月{d.day}日 {d.hour}時{d.minute:02d}分",
        "date": lambda: d.strftime("%Y-%m-%d"),
        "dedate": lambda: d.strftime("%d.%m.%Y"),
        "us": lambda: d.strftime("%m/%d/%Y %I:%M %p"),
    }
    return f[kind or ch(list(f))]()


def la_uuid():
    return f"{hx(8)}-{hx(4)}-4{hx(3)}-{ch('89ab')}{hx(3)}-{hx(12)}"


def la_duration():
    return ch([f"{R.randint(1, 9)}h{R.randint(0, 59)}m{R.randint(0, 59)}s", f"PT{R.randint(1, 59)}M",
               f"00:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{R.randint(0, 999):03d}", f"{R.randint(20, 9999)}ms",
               f"{R.randint(1, 9)}d {R.randint(0, 23)}h", f"{R.uniform(0, 90):.3f}s", f"{R.randint(1, 59)}m{R.randint(0, 59)}s"])


def la_price(loc="us"):
    a = R.randint(1, 99999) + R.randint(0, 99) / 100
    en = f"{a:,.2f}"
    eu = en.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return {"us": f"${en}", "uk": f"£{en}", "de": f"{eu} €", "fr": f"{eu.replace('.', chr(0x202f))} €",
            "es": f"{eu} €", "sv": f"{eu.replace('.', ' ')} kr", "tr": f"₺{eu}", "ja": f"¥{int(a):,}",
            "ch": f"CHF {en.replace(',', chr(39))}"}.get(loc, ch([en, f"{eu} EUR", f"USD {en}"]))


def la_measure():
    return ch([f"{R.uniform(0.1, 99):.1f} kg", f"{ch([1280, 1920, 2560, 3840])}x{ch([720, 1080, 1440, 2160])}",
               f"{R.uniform(1, 5):.1f} GHz", f"{R.uniform(1, 999):.1f} MB", f"{R.uniform(-10, 35):.1f} °C",
               f"{R.randint(1, 500)} mm", f"{R.uniform(0.1, 9.9):.2f} m²", f"{R.randint(10, 2000)} MiB"])


def la_zip(loc="us"):
    return {"us": dgnz(5), "de": dgnz(5), "fr": ch(["75008", "69003", "13001", "31000"]),
            "uk": ch(["SW1A 1AA", "EC1A 1BB", "M1 1AE", "LS1 4DY"]), "sv": f"{R.randint(100, 989)} {dg(2)}",
            "tr": ch(["34710", "06420", "35220"]), "ja": f"〒{dgnz(3)}-{dg(4)}", "es": ch(["28013", "08001", "41004"])
            }.get(loc, dgnz(4))


def la_isbn():
    b = "978" + ch("0123") + dg(8)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(b))
    b += str((10 - s % 10) % 10)
    return ch([b, f"{b[:3]}-{b[3]}-{b[4:6]}-{b[6:12]}-{b[12]}"])


def la_tracking():
    return ch([f"1Z{hx(6, True).replace('0', 'A')}{dg(10)}", f"1Z 999 AA1 {dg(2)} {dg(4)} {dg(4)}",
               f"JJD{dg(16)}", f"9400 1{dg(3)} {dg(4)} {dg(4)} {dg(4)} {dg(4)} {dg(2)}", f"RR{dg(9)}SE", f"00340434{dg(12)}",
               f"LX{dg(9)}FR"])


def la_colour():
    return ch(["#" + hx(6), "#" + hx(3), "#" + hx(6, True)])


def la_perm():
    return ch(["0755", "0644", "0600", "-rw-r--r--", "drwxr-x---", "-rwxr-xr-x", "2775", "0o640"])


def la_coords():
    lat, lon = R.uniform(-60, 70), R.uniform(-170, 170)
    return ch([f"{lat:.4f}, {lon:.4f}", f"{lat:.6f},{lon:.6f}", f"{abs(lat):.4f}° {'N' if lat > 0 else 'S'}, {abs(lon):.4f}° {'E' if lon > 0 else 'W'}"])


def la_mac():
    return ":".join(hx(2) for _ in range(6))


def la_any(loc="us"):
    return ch([
        lambda: f"order {la_order()}", lambda: f"build {la_version()}", lambda: la_ts(), lambda: la_uuid(),
        lambda: f"commit {hx(40)}", lambda: f"sha256:{hx(64)}", lambda: f"card {bad_card_str()}",
        lambda: f"IBAN {bad_iban_str()}", lambda: bad_ssn_str(), lambda: bad_ip_str(), lambda: la_duration(),
        lambda: la_price(loc), lambda: la_measure(), lambda: f"ZIP {la_zip(loc)}", lambda: f"ISBN {la_isbn()}",
        lambda: la_tracking(), lambda: la_semver_range(), lambda: la_colour(), lambda: la_perm(),
        lambda: f"port {R.randint(1024, 65535)}", lambda: la_coords(), lambda: masked_card(),
    ])()


EMOJI = ["😊", "🙏", "👍", "😅", "🎉", "🚀", "💸", "📞", "✅", "🤔", "❤️", "🇸🇪", "🙈", "😂"]


# ============================================================================= formats
# --------------------------------------------------------------------------- kubectl
def f_kubectl():
    ns = ch(["payments", "fin-prod", "crm", "default", "kyc", "edge"])
    app = ch(["billing-api", "payments-worker", "notifier", "kyc-gateway", "ledger-sync", "sms-relay"])
    pod = f"{app}-{hx(9)[:9]}-{ch('bcdfghjklmnpqrstvwxz')}{hx(4)}"
    if R.random() < 0.55:
        rows = []
        pool = [
            lambda: ("Warning", "Unhealthy", f"pod/{pod}",
                     (lambda ip, p: f'Readiness probe failed: Get "http://{ip}:{p}/healthz": dial tcp {P(vis(ip), IP) if not CLEAN else vis(ip)}:{p}: connect: connection refused')(v4("priv"), ch([8080, 9090, 3000]))),
            lambda: ("Normal", "Scheduled", f"pod/{pod}", f"Successfully assigned {ns}/{pod} to ip-10-{R.randint(0, 255)}-{R.randint(0, 255)}-{R.randint(1, 254)}.eu-central-1.compute.internal"),
            lambda: ("Normal", "Pulled", f"pod/{pod}", f'Container image "registry.example.net/{ns}/{app}:{la_version()}" already present on machine'),
            lambda: ("Normal", "Pulling", f"pod/{pod}", f'Pulling image "registry.example.net/{app}@sha256:{hx(64)}"'),
            lambda: ("Warning", "BackOff", f"pod/{pod}", f"Back-off restarting failed container {app} in pod {pod}_{ns}({la_uuid()})"),
            lambda: ("Warning", "FailedScheduling", f"pod/{pod}", f"0/{R.randint(3, 9)} nodes are available: {R.randint(1, 3)} Insufficient memory. preemption: 0/6 nodes are available"),
            lambda: ("Normal", "IPAllocated", f"service/{app}-lb", f'Assigned IP ["{v4("pub")}"]'),
            lambda: ("Warning", "Failed", f"pod/{pod}", f'Failed to pull image "registry.example.net/{app}:{la_version()}": failed to do request: Head "https://registry.example.net/v2/{app}/manifests/latest": dial tcp {v4()}:443: i/o timeout'),
            lambda: ("Normal", "SawCompletedJob", f"cronjob/{app}-nightly", f"Saw completed job: {app}-nightly-{dgnz(8)}, status: Complete"),
            lambda: ("Warning", "Evicted", f"pod/{pod}", f"The node was low on resource: ephemeral-storage. Threshold quantity: {dgnz(10)}, available: {dgnz(7)}Ki."),
            lambda: ("Normal", "NotificationSent", f"alertrule/{app}-latency", f"Escalation sent to {em(ch(LOCS))} and SMS to {ph(ch(['us', 'uk', 'de', 'sv', 'fr']))}"),
            lambda: ("Warning", "PolicyViolation", f"pod/{pod}", f"policy no-pan-in-env: env TEST_PAN={cc_()} denied; env SUPPORT_CONTACT={em(ch(LOCS))} allowed"),
            lambda: ("Normal", "Killing", f"pod/{pod}", f"Stopping container {app}"),
            lambda: ("Warning", "DNSConfigForming", f"pod/{pod}", f"Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: {v4('priv')} {v4('pub')} {v6()}"),
        ]
        for _ in range(R.randint(2, 5)):
            t, r, o, m = ch(pool)()
            seen = ch([f"{R.randint(2, 59)}s", f"{R.randint(1, 9)}m{R.randint(1, 59)}s", f"{R.randint(2, 50)}m (x{R.randint(2, 40)} over {R.randint(50, 90)}m)", "<unknown>"])
            rows.append(f"{seen:<22}{t:<10}{r:<20}{o:<52}{m}")
        return "LAST SEEN             TYPE      REASON              OBJECT                                              MESSAGE\n" + "\n".join(rows)
    node_ip = ip4_str("priv")
    podip = v4("priv")
    lines = [f"Name:             {pod}", f"Namespace:        {ns}", "Priority:         0",
             f"Service Account:  {app}",
             f"Node:             ip-{node_ip.replace('.', '-')}.eu-west-1.compute.internal/{P(node_ip, IP) if not CLEAN else bad_ip_str()}",
             f"Start Time:       {la_ts('rfc2822')}",
             f"Labels:           app={app}", f"                  pod-template-hash={hx(10)}"]
    if R.random() < 0.6:
        lines.append(f"Annotations:      owner-contact: {em(ch(LOCS))}")
    lines += ["Status:           Running", f"IP:               {podip}", "IPs:", f"  IP:           {vis(podip) if CLEAN else P(vis(podip), IP)}"]
    if R.random() < 0.5:
        lines.append(f"  IP:           {v6('comp')}")
    lines += ["Containers:", f"  {app}:", f"    Container ID:   containerd://{hx(64)}",
              f"    Image:          registry.example.net/{ns}/{app}:{la_version()}",
              f"    Image ID:       registry.example.net/{ns}/{app}@sha256:{hx(64)}",
              f"    Port:           {ch([8080, 8443, 9000])}/TCP", f"    State:          Running",
              f"      Started:      {la_ts('rfc2822')}", f"    Restart Count:  {R.randint(0, 40)}",
              f"    Limits:", f"      memory:  {ch([256, 512, 1024])}Mi", "    Environment:"]
    env = [lambda: f"      SUPPORT_PHONE:     {ph(ch(['us', 'uk', 'de', 'fr', 'ch', 'nl']))}",
           lambda: f"      PAYOUT_IBAN:       {ib()}",
           lambda: f"      SMTP_FROM:         {em(ch(LOCS))}",
           lambda: f"      UPSTREAM_HOST:     {v4('priv')}",
           lambda: f"      BUILD_SHA:         {hx(40)}",
           lambda: f"      TZ:                Europe/Stockholm",
           lambda: f"      FEATURE_COLOUR:    {la_colour()}",
           lambda: f"      SANDBOX_CARD:      {cc_()}"]
    for f in R.sample(env, R.randint(2, 5)):
        lines.append(f())
    lines += ["QoS Class:        Burstable", "Events:           <none>"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- journald json export
def f_journald():
    host = ch(["web-03", "mx1", "bastion", "kyc-worker-2", "edge-fra-1"])
    recs = []
    for _ in range(R.randint(1, 3)):
        d = rdt()
        us = int(d.replace(tzinfo=_dt.timezone.utc).timestamp()) * 1000000 + R.randint(0, 999999)
        comm, msg = ch([
            lambda: ("sshd", f"Accepted publickey for deploy from {anyip()} port {R.randint(1024, 65535)} ssh2: ED25519 SHA256:{base64.b64encode(bytes(R.randint(0, 255) for _ in range(32))).decode().rstrip('=')}"),
            lambda: ("sshd", f"Failed password for invalid user {ch(['admin', 'oracle', 'pi', 'test'])} from {anyip()} port {R.randint(1024, 65535)} ssh2"),
            lambda: ("NetworkManager", f"<info>  [{us // 1000000}.{R.randint(1000, 9999)}] dhcp4 (wlp3s0): option ip_address           => '{v4('priv')}'"),
            lambda: ("NetworkManager", f"<info>  [{us // 1000000}.{R.randint(1000, 9999)}] dhcp4 (eth0): option domain_name_servers => '{v4()} {v4()}'"),
            lambda: ("smtp", f"{hx(10, True)}: to=<{em(ch(LOCS))}>, relay=mx.example.net[{v4()}]:25, delay={R.uniform(0, 5):.2f}, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {hx(10, True)})"),
            lambda: ("billing-api", f"refund queued iban={ib(ch(LOCS))} amount={R.randint(1, 999)}.{R.randint(0, 99):02d} EUR order={la_order()} trace={hx(32)}"),
            lambda: ("kernel", f"[UFW BLOCK] IN=eth0 OUT= MAC={':'.join(hx(2) for _ in range(14))} SRC={v4()} DST={v4('priv')} LEN=60 TOS=0x00 TTL={R.randint(40, 64)} ID={R.randint(1, 65535)} DF PROTO=TCP SPT={R.randint(1024, 65535)} DPT={ch([22, 3389, 5432])} WINDOW=64240 SYN URGP=0"),
            lambda: ("systemd", f"billing-worker.service: Main process exited, code=exited, status=1/FAILURE (runtime {la_duration()})"),
            lambda: ("kyc-service", f"manual review: applicant {la_uuid()} ssn={sn()} does not match bureau record (score {R.uniform(0, 1):.3f})"),
            lambda: ("sudo", f"  deploy : TTY=pts/{R.randint(0, 4)} ; PWD=/srv/app ; USER=root ; COMMAND=/usr/bin/chmod {la_perm()} /srv/app/.env"),
        ])()
        rec = {"__CURSOR": f"s={hx(32)};i={hx(5)};b={hx(32)};m={hx(9)};t={hx(13)};x={hx(16)}",
               "__REALTIME_TIMESTAMP": str(us), "__MONOTONIC_TIMESTAMP": str(R.randint(10**8, 10**11)),
               "_BOOT_ID": hx(32), "_MACHINE_ID": hx(32), "_HOSTNAME": host,
               "PRIORITY": str(ch([3, 4, 5, 6])), "SYSLOG_FACILITY": str(ch([3, 4, 10])),
               "SYSLOG_IDENTIFIER": comm, "_PID": str(R.randint(300, 99999)), "_UID": str(ch([0, 0, 1000, 998])),
               "_COMM": comm, "_TRANSPORT": ch(["syslog", "journal", "stdout"]),
               "_SYSTEMD_UNIT": f"{comm}.service", "MESSAGE": msg}
        if R.random() < 0.5:
            rec["_SOURCE_REALTIME_TIMESTAMP"] = str(us - R.randint(1, 900))
        pretty = R.random() < 0.3
        recs.append(json.dumps(rec, ensure_ascii=False, indent=1 if pretty else None))
    return "\n".join(recs)


# --------------------------------------------------------------------------- kafka
def kafka_payload(loc):
    nm = person(loc)
    ev = ch(["CustomerUpdated", "PayoutRequested", "PaymentMethodAdded", "LoginSucceeded", "KycSubmitted", "OrderShipped"])
    base = {"eventId": la_uuid(), "type": ev, "occurredAt": la_ts("isoms"), "schemaVersion": la_version().split("-")[0]}
    if ev == "CustomerUpdated":
        base["customer"] = {"id": int(la_order(8)), "name": f"{nm[0]} {nm[1]}", "email": em(loc, nm), "phone": ph(loc),
                            "locale": f"{loc}-{loc.upper()}", "postcode": la_zip(loc)}
    elif ev == "PayoutRequested":
        base["payout"] = {"amount": f"{R.randint(10, 99999)}.{R.randint(0, 99):02d}", "currency": ch(["EUR", "SEK", "CHF", "GBP"]),
                          "iban": ib(loc), "bic": ch(BICS), "reference": f"PO-{la_order(10)}"}
    elif ev == "PaymentMethodAdded":
        base["card"] = {"pan": cc_(), "expiry": f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "holder": f"{nm[0]} {nm[1]}".upper(),
                        "fingerprint": hx(16), "bin": dg(6)}
    elif ev == "LoginSucceeded":
        base["session"] = {"ip": anyip(), "ua": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)", "mfa": ch(["totp", "sms"]),
                           "geo": la_coords()}
    elif ev == "KycSubmitted":
        base["applicant"] = {"ssn": sn(ch(["dash", "dash", "bare"])), "dob": la_ts("date"), "email": em("us"), "zip": la_zip("us")}
    else:
        base["shipment"] = {"tracking": la_tracking(), "weight": f"{R.uniform(0.1, 30):.2f} kg", "order": la_order(), "notify": em(loc)}
    return base


def f_kafka():
    loc = ch(LOCS)
    topic = ch(["crm.customers.v2", "payments.events", "kyc.applications", "auth.logins", "logistics.shipments"])
    mode = R.randint(0, 2)
    out = []
    if mode == 0:
        for _ in range(R.randint(1, 3)):
            pl = json.dumps(kafka_payload(loc), ensure_ascii=False, separators=(",", ":"))
            out.append(f"Topic {topic} [{R.randint(0, 11)}] at offset {R.randint(1000, 99999999)}: key cust-{la_order(8)}: {pl}")
        out.append(f"% Reached end of topic {topic} [{R.randint(0, 11)}] at offset {R.randint(1000, 99999999)}")
    elif mode == 1:
        for _ in range(R.randint(1, 3)):
            pl = json.dumps(kafka_payload(loc), ensure_ascii=False)
            out.append(f"CreateTime:{la_ts('epochms')}\tcontent-type:application/json,traceparent:00-{hx(32)}-{hx(16)}-01,source:{ch(['crm', 'checkout', 'mobile-app'])}\t{la_uuid()}\t{pl}")
        out.append(f"Processed a total of {len(out)} messages")
    else:
        after = {"id": int(la_order(8)), "email": em(loc), "phone": ph(loc), "iban": ib(loc) if R.random() < 0.6 else None,
                 "last_login_ip": anyip(), "updated_at": int(la_ts("epochms"))}
        env = {"before": None if R.random() < 0.5 else {"id": after["id"], "email": em(loc)}, "after": after,
               "source": {"version": "2.5.0.Final", "connector": "postgresql", "name": "crm", "ts_ms": int(la_ts("epochms")),
                          "db": "crm", "schema": "public", "table": "customers", "txId": R.randint(10**5, 10**7),
                          "lsn": R.randint(10**7, 10**10)}, "op": ch(["c", "u"]), "ts_ms": int(la_ts("epochms"))}
        out.append(json.dumps(env, ensure_ascii=False, indent=2))
    return "\n".join(out)


# --------------------------------------------------------------------------- graphql
def f_graphql():
    loc = ch(LOCS)
    nm = person(loc)
    rid = base64.b64encode(f"Customer:{la_order(7)}".encode()).decode()
    if R.random() < 0.5:
        data = {"data": {"customer": {"id": rid, "displayName": f"{nm[0]} {nm[1]}", "email": em(loc, nm),
                                      "phoneNumbers": [{"kind": "MOBILE", "e164": P(phone_str(ch(list(INTL))), PHONE) if not CLEAN else "+00 000"}]
                                      + ([{"kind": "WORK", "e164": ph(loc)}] if R.random() < 0.4 else []),
                                      "payoutAccount": {"iban": ib(loc), "bic": ch(BICS), "verifiedAt": la_ts("isoms")},
                                      "paymentMethods": {"edges": [{"node": {"brand": ch(["VISA", "MASTERCARD", "AMEX"]), "last4": dg(4),
                                                                             "display": masked_card(), "expYear": R.randint(2026, 2031)}}]},
                                      "lastSeen": {"ip": anyip(), "at": la_ts("isoz")}}},
                "extensions": {"cost": {"requestedQueryCost": R.randint(5, 200), "throttleStatus": {"currentlyAvailable": R.randint(100, 1000)}},
                               "traceId": hx(32)}}
        head = f"POST /graphql  operationName=CustomerProfile  {R.randint(20, 900)} ms  HTTP 200"
    else:
        bad = bad_card_str()
        data = {"errors": [{"message": f"Card number {bad} failed validation", "locations": [{"line": R.randint(2, 9), "column": R.randint(3, 20)}],
                            "path": ["addPaymentMethod"], "extensions": {"code": "BAD_USER_INPUT", "invalidArgs": ["pan"]}}],
                "data": {"addPaymentMethod": None, "viewer": {"email": em(loc), "cards": [{"pan": cc_(), "nickname": ch(["Reise", "Viajes", "Jobb", "iş", "仕事"])}]}}}
        head = f"mutation AddPM($pan: String!, $holder: String) {{ addPaymentMethod(pan: $pan, holder: $holder) {{ id last4 }} }}\n-- variables: {{\"pan\": \"{bad}\", \"holder\": \"{nm[0]} {nm[1]}\"}}"
    body = json.dumps(data, ensure_ascii=R.random() < 0.3, indent=2)
    body = body.replace("\\ue000", "\ue000").replace("\\ue001", "\ue001")
    return head + "\n" + body


# --------------------------------------------------------------------------- terraform plan
def f_terraform():
    blocks = []
    pool = ["sg", "a", "aaaa", "sns", "sms", "ec2", "vpc", "fw", "ssm"]
    acct = dg(12)
    for kind in R.sample(pool, R.randint(2, 4)):
        if kind == "sg":
            blocks.append(f'''  # aws_security_group_rule.office_ssh will be created
  + resource "aws_security_group_rule" "office_ssh" {{
      + cidr_blocks              = [
          + "{v4('pub')}/32",
        ]
      + from_port                = 22
      + id                       = (known after apply)
      + protocol                 = "tcp"
      + security_group_id        = "sg-{hx(17)}"
      + to_port                  = 22
      + type                     = "ingress"
    }}''')
        elif kind == "a":
            blocks.append(f'''  # aws_route53_record.api will be updated in-place
  ~ resource "aws_route53_record" "api" {{
        id      = "Z{hx(13, True)}_api.example.net_A"
        name    = "api.example.net"
      ~ records = [
          - "{v4('doc')}",
          + "{v4('doc')}",
        ]
        ttl     = {ch([60, 300, 3600])}
    }}''')
        elif kind == "aaaa":
            blocks.append(f'''  # cloudflare_record.www_v6 will be created
  + resource "cloudflare_record" "www_v6" {{
      + hostname = (known after apply)
      + name     = "www"
      + proxied  = true
      + type     = "AAAA"
      + value    = "{v6(ch(['comp', 'full']))}"
      + zone_id  = "{hx(32)}"
    }}''')
        elif kind == "sns":
            blocks.append(f'''  # aws_sns_topic_subscription.oncall_email will be created
  + resource "aws_sns_topic_subscription" "oncall_email" {{
      + arn       = (known after apply)
      + endpoint  = "{em(ch(LOCS))}"
      + protocol  = "email"
      + topic_arn = "arn:aws:sns:eu-north-1:{acct}:payments-alerts"
    }}''')
        elif kind == "sms":
            num = e164_compact(ch(["us", "us", "uk", "de", "fr", "sv", "ch"]))
            blocks.append(f'''  # aws_sns_topic_subscription.oncall_sms will be created
  + resource "aws_sns_topic_subscription" "oncall_sms" {{
      + endpoint  = "{P(num, PHONE) if not CLEAN else '+1XXXXXXXXXX'}"
      + protocol  = "sms"
      + topic_arn = "arn:aws:sns:us-east-1:{acct}:pager"
    }}''')
        elif kind == "ec2":
            blocks.append(f'''  # aws_instance.bastion must be replaced
-/+ resource "aws_instance" "bastion" {{
      ~ ami                          = "ami-{hx(17)}" -> "ami-{hx(17)}" # forces replacement
      ~ private_ip                   = "{v4('priv')}" -> (known after apply)
      ~ public_ip                    = "{v4('pub')}" -> (known after apply)
      ~ ipv6_addresses               = [
          - "{v6('comp')}",
        ] -> (known after apply)
        tags                         = {{
            "Owner"   = "{em(ch(LOCS))}"
            "CostCtr" = "{la_order(8)}"
        }}
    }}''')
        elif kind == "vpc":
            blocks.append(f'''  # aws_vpc.main will be created
  + resource "aws_vpc" "main" {{
      + cidr_block                       = "{v4('priv')}/16"
      + ipv6_cidr_block                  = "{v6('comp')}/56"
      + enable_dns_hostnames             = true
      + instance_tenancy                 = "default"
    }}''')
        elif kind == "fw":
            blocks.append(f'''  # google_compute_firewall.allow_partner will be updated in-place
  ~ resource "google_compute_firewall" "allow_partner" {{
        name          = "allow-partner-sftp"
      ~ source_ranges = [
          + "{v4('pub')}/29",
            # (1 unchanged element hidden)
        ]
        priority      = {R.randint(900, 1100)}
    }}''')
        else:
            blocks.append(f'''  # aws_ssm_parameter.payout_iban will be updated in-place
  ~ resource "aws_ssm_parameter" "payout_iban" {{
        id    = "/prod/payouts/iban"
      ~ value = (sensitive value)
        # test fixture: {bad_iban_str()} (wrong check digits)
        version = {R.randint(2, 40)}
    }}''')
    add, chg = R.randint(1, 4), R.randint(0, 3)
    return ("Terraform will perform the following actions:\n\n" + "\n\n".join(blocks) +
            f"\n\nPlan: {add} to add, {chg} to change, {R.randint(0, 2)} to destroy.\n\n"
            "Note: You didn't use the -out option to save this plan, so Terraform can't guarantee to take exactly these actions if you run \"terraform apply\" now.")


# --------------------------------------------------------------------------- pip / npm logs
PKGS = ["requests", "urllib3", "certifi", "idna", "charset-normalizer", "pydantic", "fastapi", "numpy", "boto3", "psycopg2-binary"]
NPMS = ["lodash", "react", "vite", "@babel/core", "typescript", "axios", "express", "@acme/ui", "left-pad"]


def sv3():
    return f"{R.randint(0, 9)}.{R.randint(0, 40)}.{R.randint(0, 30)}"


def f_pkg():
    loc = ch(LOCS)
    k = R.randint(0, 3)
    if k == 0:
        lines = []
        proxy = R.random() < 0.5
        if proxy:
            lines.append(f"$ pip install --proxy http://{v4('priv')}:{ch([3128, 8080])} -r requirements.txt")
        else:
            lines.append("$ python -m pip install -r requirements.txt")
        lines.append(f"Looking in indexes: https://pypi.org/simple, https://deploy:****@pypi.internal.example.com/simple")
        for p in R.sample(PKGS, R.randint(2, 4)):
            v = sv3()
            kb = R.randint(10, 900)
            rng = ch(["==" + v, f">={v.rsplit('.', 1)[0]},<{int(v.split('.')[0]) + 1}", f"~={v.rsplit('.', 1)[0]}", ""])
            lines += [f"Collecting {p}{rng}",
                      f"  Downloading {p.replace('-', '_')}-{v}-py3-none-any.whl ({kb} kB)",
                      f"     ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ {kb}.{R.randint(0, 9)}/{kb}.{R.randint(0, 9)} kB {R.uniform(0.5, 9):.1f} MB/s eta 0:00:00"]
        if R.random() < 0.6:
            lines.append(f"WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by "
                         f"'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f{hx(10)}>: Failed to establish a new connection: "
                         f"[Errno 113] No route to host')': /simple/{ch(PKGS)}/  (resolved {anyip()})")
        lines.append("Successfully installed " + " ".join(f"{p}-{sv3()}" for p in R.sample(PKGS, 3)))
        return "\n".join(lines)
    if k == 1:
        nm = person(loc)
        return "\n".join([f"$ pip show {ch(PKGS)}-{ch(['helpers', 'client', 'sdk'])}", f"Name: {ch(PKGS)}-client", f"Version: {sv3()}",
                          f"Summary: Internal client for the {ch(['ledger', 'payouts', 'kyc'])} API", f"Home-page: https://git.example.net/{fold(nm[1]).lower()}/client",
                          f"Author: {nm[0]} {nm[1]}", f"Author-email: {nm[0]} {nm[1]} <{em(loc, nm)}>", "License: Proprietary",
                          f"Location: /home/{fold(nm[0]).lower()}/.venv/lib/python3.12/site-packages",
                          f"Requires: {', '.join(R.sample(PKGS, 3))}", "Required-by: "])
    if k == 2:
        lines = ["$ npm install", f"npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.",
                 f"npm WARN deprecated glob@{R.randint(5, 7)}.{R.randint(0, 2)}.{R.randint(0, 6)}: Glob versions prior to v9 are no longer supported",
                 "npm WARN EBADENGINE Unsupported engine {", f"npm WARN EBADENGINE   package: 'vite@{sv3()}',",
                 f"npm WARN EBADENGINE   required: {{ node: '{la_semver_range()}' }},",
                 f"npm WARN EBADENGINE   current: {{ node: 'v{R.randint(14, 22)}.{R.randint(0, 20)}.{R.randint(0, 9)}', npm: '{sv3()}' }}",
                 "npm WARN EBADENGINE }"]
        if R.random() < 0.6:
            lines += ["npm ERR! code ETIMEDOUT", "npm ERR! errno ETIMEDOUT",
                      f"npm ERR! network request to https://registry.npmjs.org/{ch(NPMS)} failed, reason: connect ETIMEDOUT {v4('pub')}:443",
                      f"npm ERR! A complete log of this run can be found in: /home/{ch(['jörg', 'åsa', 'ayşe', 'dev'])}/.npm/_logs/{la_ts('isoms').replace(':', '_').replace('.', '_')}-debug-0.log"]
        else:
            lines += [f"added {R.randint(100, 2000)} packages, and audited {R.randint(100, 2000)} packages in {R.randint(5, 90)}s",
                      f"{R.randint(50, 300)} packages are looking for funding", "found 0 vulnerabilities",
                      f"npm notice New minor version of npm available! {sv3()} -> {sv3()}"]
        return "\n".join(lines)
    lines = [f"$ npm owner ls @acme/{ch(['ui', 'ledger-sdk', 'icons'])}"]
    for _ in range(R.randint(1, 3)):
        l2 = ch(LOCS)
        nm = person(l2)
        lines.append(f"{fold(nm[0]).lower()}{dg(2)} <{em(l2, nm)}>")
    lines += ["$ npm publish --access public", f"npm notice 📦  @acme/ui@{sv3()}", "npm notice === Tarball Details ===",
              f"npm notice shasum: {hx(40)}", f"npm notice integrity: sha512-{base64.b64encode(bytes(R.randint(0, 255) for _ in range(24))).decode()}[...]==",
              f"npm notice total files: {R.randint(5, 400)}", f"+ @acme/ui@{sv3()}"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- whatsapp / sms
CHAT_LINES = {
    "sv": [lambda: f"Hej! Mitt nya nummer är {ph('sv')} {ch(EMOJI)}", lambda: f"Swisha inte, skicka till {ib('sv')} istället",
           lambda: f"Beställning {la_order()} kom fram idag {ch(EMOJI)} kostade {la_price('sv')}", lambda: "<Media utelämnad>",
           lambda: f"maila kvittot till {em('sv')} tack", lambda: f"Vi ses kl {R.randint(8, 20)}:{ch(['00', '15', '30'])} vid {la_coords()}"],
    "tr": [lambda: f"Abi numaram değişti: {ph('tr')} {ch(EMOJI)}", lambda: f"Almanya'daki hesabım {ib('de')}, oraya atarsın",
           lambda: f"Sipariş no {la_order()} hâlâ gelmedi 😤", lambda: f"e-posta: {em('tr')}", lambda: "<Medya dahil edilmedi>",
           lambda: f"Kart bilgileri: {cc_()} son kullanma {R.randint(1, 12):02d}/{R.randint(26, 30)} – bunu kimseye atma!"],
    "es": [lambda: f"Te paso mi número: {ph('es')}", lambda: f"Para el bote de la cena 🍕 {ib('es')} ({la_price('es')} cada uno)",
           lambda: f"el pedido {la_order()} llega el {la_ts('dedate')}", lambda: f"escríbeme a {em('es')} mejor",
           lambda: "<Multimedia omitido>"],
    "de": [lambda: f"Meine Handynummer: {ph('de')}", lambda: f"Überweis mir einfach die {la_price('de')} auf {ib('de')} {ch(EMOJI)}",
           lambda: f"Paket {la_tracking()} hängt seit {la_ts('dedate')} im Verteilzentrum", lambda: f"schreib an {em('de')}",
           lambda: "<Medien ausgeschlossen>", lambda: "Diese Nachricht wurde gelöscht."],
    "ja": [lambda: f"Denwa bangō (電話番号): {ph('ja')} desu {ch(EMOJI)}", lambda: f"Mēru (メール) wa {em('ja')} ni onegai shimasu",
           lambda: f"Chūmon bangō 注文番号 {la_order()}, {la_price('ja')} deshita", lambda: f"Yūbin bangō {la_zip('ja')} Tōkyō-to Chiyoda-ku"],
    "en": [lambda: f"new number is {ph(ch(['us', 'uk', 'ca']))} 📞", lambda: f"rent goes to {ib('uk')} as usual",
           lambda: f"use my card {cc_()} for the tickets, cvv in the other chat", lambda: f"order #{la_order()} lol",
           lambda: "<Media omitted>", lambda: f"meet at {la_coords()}"],
    "fr": [lambda: f"Mon numéro : {ph('fr')}", lambda: f"Virement sur {ib('fr')} stp {ch(EMOJI)}", lambda: f"colis {la_tracking()} livré",
           lambda: f"mon mail perso {em('fr')}"],
}


def f_chat_export():
    lang = ch(list(CHAT_LINES))
    names = [" ".join(person({"en": "uk"}.get(lang, lang))) for _ in range(3)]
    style = R.randint(0, 2)
    out = []
    if R.random() < 0.25:
        # Android "SMS Backup & Restore" XML
        out.append(f'<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n<smses count="{R.randint(2, 4)}" backup_date="{la_ts("epochms")}" type="full">')
        for _ in range(R.randint(2, 4)):
            body = ch([f"Din kod är {dg(6)}. Dela den inte med någon.", f"Kartınızdan {la_price('tr')} harcama yapıldı. Kart no: {masked_card()}",
                       f"Ihre TAN lautet {dg(6)} (gültig {R.randint(2, 10)} Min.)", f"Order {la_order()} dispatched, track {la_tracking()}",
                       f"Call me back on {ph(ch(['uk', 'us']))}", f"Ny IBAN: {ib('sv')}"])
            addr = ph(ch(["sv", "tr", "de", "uk", "us"]))
            out.append(f'  <sms protocol="0" address="{addr}" date="{la_ts("epochms")}" type="{ch([1, 2])}" subject="null" body="{body}" '
                       f'toa="null" sc_toa="null" service_center="{ph(ch(["sv", "tr", "de", "uk"]))}" read="1" status="-1" locked="0" '
                       f'readable_date="{la_ts("rfc2822")}" contact_name="{ch(names)}" />')
        out.append("</smses>")
        return "\n".join(out)
    for _ in range(R.randint(3, 6)):
        d = rdt()
        who = ch(names)
        msg = ch(CHAT_LINES[lang])()
        if style == 0:
            out.append(f"[{d.strftime('%d.%m.%y, %H:%M:%S')}] {who}: {msg}")
        elif style == 1:
            out.append(f"{d.strftime('%d/%m/%Y, %H:%M')} - {who}: {msg}")
        else:
            out.append(f"{d.strftime('%Y-%m-%d %H:%M')} - {who}: {msg}")
    return "\n".join(out)


# --------------------------------------------------------------------------- support transcripts (native languages)
def f_transcript():
    lang = ch(["es", "de", "fr", "sv", "tr", "ja"])
    nm = person(lang)
    agent = person(lang)[0]
    T = {
        "es": [("Agente", f"Buenas tardes, le atiende {agent}. ¿En qué puedo ayudarle?"),
               ("Cliente", f"Hola, llamo por la factura nº {la_order()}: me han cobrado dos veces {la_price('es')}."),
               ("Agente", "¿Me confirma el correo electrónico de la cuenta?"), ("Cliente", f"Sí, es {em('es', nm)}."),
               ("Agente", "¿Y un teléfono de contacto?"), ("Cliente", f"{ph(ch(['es', 'es', 'fr', 'uk']))}, mejor por las tardes."),
               ("Agente", "Para la devolución necesito el IBAN."), ("Cliente", f"Es {ib('es')}."),
               ("Agente", "¿Y la tarjeta con la que pagó?"), ("Cliente", f"La {cc_()}, caduca en {R.randint(1, 12):02d}/{R.randint(26, 30)}."),
               ("Agente", f"Gracias. Su incidencia es la {la_order(10)}; plazo estimado 3–5 días hábiles.")],
        "de": [("Sachbearbeiter", f"Guten Tag, Sie sprechen mit {agent}. Worum geht's?"),
               ("Kundin", f"Ich möchte meine Bankverbindung ändern, Vertragsnummer {la_order(10)}."),
               ("Sachbearbeiter", "Wie lautet die neue IBAN?"), ("Kundin", f"{ib(ch(['de', 'de', 'at', 'ch']))}, Bank in {ch(['Köln', 'Graz', 'Zürich'])}."),
               ("Sachbearbeiter", "Und unter welcher Nummer erreichen wir Sie?"), ("Kundin", f"Mobil {ph('de')}, tagsüber besser {ph('de')}."),
               ("Sachbearbeiter", f"Danke. Die Änderung gilt ab {la_ts('dedate')}, Vorgangsnummer {la_order(13)}."),
               ("Kundin", f"Schicken Sie die Bestätigung bitte an {em('de', nm)}.")],
        "fr": [("Conseiller", f"Bonjour, {agent} à l’appareil. Que puis-je faire pour vous\u202f?"),
               ("Client", f"Mon colis {la_tracking()} n’est jamais arrivé, commande n° {la_order()}."),
               ("Conseiller", "Pouvez-vous me confirmer votre numéro\u202f?"), ("Client", f"Oui, c’est le {ph('fr')}."),
               ("Conseiller", "Et votre adresse e-mail\u202f?"), ("Client", f"{em('fr', nm)}"),
               ("Conseiller", f"Je vous rembourse {la_price('fr')} sur le RIB enregistré\u202f: {ib('fr')}, c’est bien ça\u202f?"),
               ("Client", f"Oui. Code postal {la_zip('fr')}, au cas où.")],
        "sv": [("Handläggare", f"Hej, du pratar med {agent}. Vad gäller ärendet?"),
               ("Kund", f"Jag har fått en faktura på {la_price('sv')} som jag inte känner igen, OCR {la_order(14)}."),
               ("Handläggare", "Vilket mobilnummer är kopplat till kontot?"), ("Kund", f"Det är {ph('sv')}."),
               ("Handläggare", "Och e-postadressen?"), ("Kund", f"{em('sv', nm)} – med å blir det bara a."),
               ("Handläggare", f"Tack. Återbetalning sker till {ib('sv')} inom {R.randint(2, 10)} bankdagar, ärendenummer {la_order(8)}.")],
        "tr": [("Temsilci", f"İyi günler, ben {agent}. Size nasıl yardımcı olabilirim?"),
               ("Müşteri", f"Siparişim {la_order(12)} iki kez çekildi, toplam {la_price('tr')}."),
               ("Temsilci", "Telefon numaranızı alabilir miyim?"), ("Müşteri", f"Tabii: {ph('tr')}."),
               ("Temsilci", "Hangi kartla ödeme yaptınız?"), ("Müşteri", f"Kart numarası {cc_()}, son kullanma {R.randint(1, 12):02d}/{R.randint(26, 30)}."),
               ("Temsilci", f"Teşekkürler. İade {la_ts('dedate')} tarihine kadar yansır; e-posta ile {em('tr', nm)} adresine bilgi vereceğiz.")],
        "ja": [("Operētā (オペレーター)", f"O-matase itashimashita, {agent} de gozaimasu."),
               ("Kokyaku (お客様)", f"Chūmon bangō (注文番号) {la_order(12)} no ken desu. Kādo ga niju ni kakin sareta mitai de…"),
               ("Operētā (オペレーター)", "O-denwa bangō (電話番号) wo o-ukagai dekimasu ka?"), ("Kokyaku (お客様)", f"{ph('ja')} desu."),
               ("Operētā (オペレーター)", "Mēru adoresu (メールアドレス) mo onegai itashimasu."), ("Kokyaku (お客様)", f"{em('ja', nm)} desu. Yoroshiku onegai shimasu 🙇"),
               ("Operētā (オペレーター)", f"Henkin (返金) {la_price('ja')} wa {la_ts('ja')} made ni shori saremasu. Uketsuke bangō {la_order(10)}.")],
    }
    turns = T[lang]
    if R.random() < 0.4:
        turns = turns[:R.randint(4, len(turns))]
    out = []
    if R.random() < 0.4:  # WebVTT of a recorded call
        out.append("WEBVTT\n")
        t = R.uniform(0, 30)
        for i, (who, say) in enumerate(turns, 1):
            t2 = t + R.uniform(2, 9)
            f = lambda x: "%02d:%02d:%06.3f" % (x // 3600, (x % 3600) // 60, x % 60)
            out.append(f"{i}\n{f(t)} --> {f(t2)}\n<v {who}>{say}\n")
            t = t2 + R.uniform(0.2, 1.5)
        return "\n".join(out).rstrip()
    h, m, s = R.randint(8, 19), R.randint(0, 59), R.randint(0, 59)
    for who, say in turns:
        s += R.randint(4, 40)
        m += s // 60
        s %= 60
        out.append(f"[{h:02d}:{m % 60:02d}:{s:02d}] {who}: {say}")
    return "\n".join(out)


# --------------------------------------------------------------------------- bank statement CSV (semicolons, decimal commas)
def eur_amount(sign=True):
    a = R.randint(1, 999999) / 100
    s = f"{a:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if sign and R.random() < 0.6 else "") + s


def f_bank_csv():
    k = R.randint(0, 4)
    rows = []
    if k == 0:
        rows.append('"Buchungstag";"Valutadatum";"Buchungstext";"Auftraggeber / Begünstigter";"Verwendungszweck";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";"Währung"')
        for _ in range(R.randint(2, 4)):
            d = la_ts("dedate")
            nm = " ".join(person(ch(["de", "at", "ch"]))[::-1]).replace(" ", ", ", 1)
            txt, zw = ch([("SEPA-Überweisung", f"RE-{R.randint(2023, 2025)}-{dg(5)} Kd.-Nr. {la_order(8)}"),
                          ("SEPA-Lastschrift", f"Mandatsref. {hx(10, True)} Gläubiger-ID DE{dg(2)}ZZZ0{dg(10)}"),
                          ("Kartenzahlung", f"girocard {masked_card()} {la_ts('de')}"),
                          ("Dauerauftrag", f"Miete {la_ts('dedate')[3:]} Whg. 3. OG links"),
                          ("Gutschrift", f"Erstattung Bestellung {la_order()} Tel. Rückfragen {ph('de')}")])
            acct = ib(ch(["de", "de", "at", "ch", "nl", "fr"]), spaced=False) if txt != "Kartenzahlung" else ""
            rows.append(f'"{d}";"{d}";"{txt}";"{nm}";"{zw}";"{acct}";"{ch(BICS) if acct else ""}";"{eur_amount()}";"EUR"')
    elif k == 1:
        rows.append("Date opération;Date valeur;Libellé;Débit;Crédit;Solde")
        for _ in range(R.randint(2, 4)):
            d = la_ts("dedate").replace(".", "/")
            lib = ch([f"VIR SEPA RECU /DE {' '.join(person('fr'))} /MOTIF Loyer {la_ts('dedate')[3:]} /REF {la_order(10)}",
                      f"PRLV SEPA MUTUELLE EXEMPLE ICS FR{dg(2)}ZZZ{dg(6)} RUM {hx(12, True)}",
                      f"CB CARTE {masked_card()} PARIS 1{R.randint(1, 20)} {la_ts('dedate')[:5]}",
                      f"VIR INST EMIS VERS {ib('fr', spaced=True)}",
                      f"REMBT SINISTRE n°{la_order()} contact {em('fr')}"])
            amt = eur_amount(False)
            deb, cre = (amt, "") if R.random() < 0.6 else ("", amt)
            rows.append(f"{d};{d};{lib};{deb};{cre};{eur_amount(False)}")
    elif k == 2:
        rows.append("Bokföringsdag;Transaktionsdag;Text;Referens;Belopp;Saldo")
        for _ in range(R.randint(2, 4)):
            d = la_ts("date")
            t = ch([f"Insättning från {ib('sv', spaced=True)}", f"Kortköp {masked_card()} ICA Nära Södermalm",
                    f"Autogiro Telia avtal {la_order(10)}", f"Utlandsbetalning {ib(ch(['no', 'dk', 'fi']))}",
                    f"Swish {' '.join(person('sv'))}"])
            rows.append(f"{d};{d};{t};{la_order(ch([10, 14]))};{eur_amount().replace('.', ' ')};{eur_amount(False).replace('.', ' ')}")
    elif k == 3:
        rows.append('"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"')
        own = ib("nl", spaced=False)
        for _ in range(R.randint(2, 3)):
            d = la_ts("date").replace("-", "")
            rows.append(f'"{d}";"{" ".join(person(ch(["nl", "be"])))}";"{own}";"{ib(ch(["nl", "be", "de"]), spaced=False)}";"OV";"{ch(["Af", "Bij"])}";"{eur_amount(False)}";"Overschrijving";"Naam: x Omschrijving: factuur {la_order(10)} IBAN: see column Kenmerk: {dg(16)} Valutadatum: {la_ts("dedate").replace(".", "-")}"')
            own = own  # same own account on every row
    else:
        rows.append("Fecha;Concepto;Movimiento;Importe;Saldo;Divisa")
        for _ in range(R.randint(2, 4)):
            rows.append(f"{la_ts('dedate').replace('.', '/')};{ch(['Transferencia recibida de ' + ' '.join(person('es')), 'Recibo ' + ch(['Iberdrola', 'Movistar', 'Mapfre']) + ' ref. ' + la_order(12), 'Bizum a ' + (ph('es') if CLEAN else P('+34 6' + dg(2) + ' ' + dg(3) + ' ' + dg(3), PHONE)), 'Pago tarjeta ' + masked_card(), 'Transferencia a ' + ib(ch(['es', 'pt', 'it']))])};"
                        f"{ch(['Abono', 'Cargo'])};{eur_amount()};{eur_amount(False)};EUR")
    return "\n".join(rows)


# --------------------------------------------------------------------------- TSV spreadsheets
def f_tsv():
    k = R.randint(0, 2)
    out = []
    if k == 0:
        out.append("Teilnehmer-ID\tName\tE-Mail\tTelefon\tFirma\tPLZ\tAnreise\tBetrag")
        for _ in range(R.randint(2, 5)):
            l = ch(["de", "at", "ch", "fr", "sv", "nl", "pl", "it"])
            nm = person(l)
            out.append(f"T-{dg(5)}\t{nm[0]} {nm[1]}\t{em(l, nm)}\t{ph(l)}\t{ch(['Müller AG', 'Nordkust Bygg AB', 'Ricci S.r.l.', 'Wróbel Sp. z o.o.', ''])}\t{la_zip(l if l in ('de', 'fr', 'sv') else 'de')}\t{la_ts('dedate')}\t{eur_amount(False)} €")
    elif k == 1:
        out.append("Payee\tTIN Type\tTIN\tAddress\tZIP\tBox 1 Nonemployee comp\tEmail\tPhone")
        for _ in range(R.randint(2, 4)):
            nm = person("us")
            if R.random() < 0.7:
                tin_t, tin = "SSN", sn(ch(["dash", "dash", "bare", "space"]))
            else:
                tin_t, tin = "EIN", f"{dg(2)}-{dgnz(7)}"
            out.append(f"{nm[1]}, {nm[0]}\t{tin_t}\t{tin}\t{R.randint(10, 9999)} {ch(['Elm St', 'Oak Ave', 'Maple Dr'])}\t{la_zip('us')}\t${R.randint(600, 99999):,}.{dg(2)}\t{em('us', nm)}\t{ph('us')}")
    else:
        out.append("SKU\tEAN\tISBN\tColour\tWeight\tPrice\tSupplier contact\tSupplier IBAN")
        for _ in range(R.randint(2, 4)):
            l = ch(["uk", "ie", "dk", "no", "fi", "pt", "be"])
            out.append(f"SKU-{dg(6)}\t{la_order(13)}\t{la_isbn()}\t{la_colour()}\t{la_measure()}\t{la_price(l)}\t{em(l)}\t{ib(l)}")
    return "\n".join(out)


# --------------------------------------------------------------------------- Python tracebacks with locals
def f_pytrace():
    loc = ch(LOCS)
    nm = person(loc)
    if R.random() < 0.5:  # pytest --showlocals
        test = ch(["test_refund_to_iban", "test_signup_sends_sms", "test_kyc_ssn_roundtrip", "test_charge_card"])
        code = ch([422, 500, 409])
        lines = [f"{'_' * 27} {test} {'_' * 27}", "", "client = <FlaskClient <Flask 'billing'>>", "",
                 f"    def {test}(client):", "        payload = build_payload()",
                 ">       r = client.post(\"/v1/" + ch(["refunds", "signup", "kyc", "charges"]) + "\", json=payload)",
                 f"E       AssertionError: assert {code} == 201",
                 f"E        +  where {code} = <Response [{code}]>.status_code", ""]
        locs = [f"payload    = {{'amount': '{R.randint(1, 999)}.{dg(2)}', 'iban': '{ib(loc)}', 'email': '{em(loc, nm)}'}}",
                f"phone      = '{ph(loc)}'", f"card       = '{cc_()}'", f"ssn        = '{sn()}'  # social security number fixture",
                f"request_id = '{la_uuid()}'", f"remote     = ('{v4()}', {R.randint(1024, 65535)})", f"bad_card   = '{bad_card_str()}'",
                f"started    = datetime.datetime({R.randint(2024, 2026)}, {R.randint(1, 12)}, {R.randint(1, 28)}, 10, 22, 33)"]
        lines += R.sample(locs, R.randint(2, 5))
        lines += ["", f"tests/test_{test.split('_')[1]}.py:{R.randint(20, 300)}: AssertionError",
                  f"{'=' * 20} 1 failed, {R.randint(10, 400)} passed in {R.uniform(1, 90):.2f}s {'=' * 20}"]
        return "\n".join(lines)
    # rich traceback with boxed locals (box-drawing characters)
    W = 88
    body = [f"/srv/app/{ch(['billing', 'notify', 'kyc'])}/{ch(['refunds', 'sms', 'verify'])}.py:{R.randint(20, 400)} in {ch(['create_refund', 'send_code', 'verify_applicant'])}", "",
            f"  {R.randint(20, 80)} │   if not validate(payload):", f"❱ {R.randint(81, 99)} │   │   raise ValidationError(payload)", ""]
    inner = [f"customer = Customer(id={la_order(8)}, email='{em(loc, nm)}', tier='gold')",
             f" payload = {{'iban': '{ib(loc)}', 'amount': Decimal('{R.randint(1, 999)}.{dg(2)}')}}",
             f"   phone = '{ph(loc)}'", f"    peer = '{anyip()}'", f"  digest = '{hx(64)}'", f" timeout = {la_duration()!r}",
             f"    card = '{cc_()}'"]
    inner = R.sample(inner, R.randint(2, 4))
    out = ["╭" + "─" * 25 + " Traceback (most recent call last) " + "─" * (W - 62) + "╮"]
    for b in body:
        out.append("│ " + pad(b, W - 3) + "│")
    out.append("│ ╭" + "─" * 36 + " locals " + "─" * (W - 50) + "╮ │")
    for b in inner:
        out.append("│ │ " + pad(b, W - 7) + "│ │")
    out.append("│ ╰" + "─" * (W - 6) + "╯ │")
    out.append("╰" + "─" * (W - 2) + "╯")
    out.append(f"ValidationError: {ch(['IBAN check digits invalid: ' + bad_iban_str(), 'card rejected: ' + bad_card_str(), 'SSN not issued: ' + bad_ssn_str()])}")
    return "\n".join(out)


# --------------------------------------------------------------------------- protobuf text format
def f_protobuf():
    loc = ch(LOCS)
    nm = person(loc)
    if R.random() < 0.6:
        lines = ["# proto-file: acme/crm/v1/customer.proto", "# proto-message: acme.crm.v1.Customer",
                 f"id: {la_order(10)}", f'display_name: "{nm[0]} {nm[1]}"', "contact {", f'  email: "{em(loc, nm)}"',
                 f'  phone {{ e164: "{ph(loc)}" kind: MOBILE }}']
        if R.random() < 0.5:
            lines.append(f'  phone {{ e164: "{ph(ch(LOCS))}" kind: WORK }}')
        lines.append("}")
        lines += ["payment {", f'  iban: "{ib(loc)}"'] if R.random() < 0.7 else ["payment {"]
        if R.random() < 0.5:
            lines.append(f'  card {{ pan: "{cc_()}" exp_month: {R.randint(1, 12)} exp_year: {R.randint(2026, 2031)} }}')
        lines += [f'  mandate_ref: "{hx(12, True)}"', "}", f"created_at {{ seconds: {la_ts('epoch')} nanos: {R.randint(0, 999) * 1000000} }}",
                  f'client_ip: "{anyip()}"', f'build: "{la_version()}"', f"score: {R.uniform(0, 1):.4f}"]
        if loc == "us" or R.random() < 0.2:
            lines.insert(5, f'tax_id {{ kind: SSN value: "{sn(ch(["dash", "bare"]))}" }}')
        return "\n".join(lines)
    return "\n".join([
        "status {", "  code: 3", f'  message: "invalid payout request {la_uuid()}"', "  details {",
        '    [type.googleapis.com/google.rpc.BadRequest] {', "      field_violations {", '        field: "payout.iban"',
        f'        description: "checksum mismatch for {bad_iban_str()}"', "      }", "      field_violations {", '        field: "payout.notify_email"',
        f'        description: "mailbox {em(loc)} rejected by MX {v4()}"', "      }", "    }", "  }", "}",
        f'metadata {{ key: "x-request-id" value: "{la_uuid()}" }}', f'metadata {{ key: "x-forwarded-for" value: "{v4()}, {v4("priv")}" }}'])


# --------------------------------------------------------------------------- HTTP logs with X-Forwarded-For chains
def xff_chain():
    return ", ".join(anyip() for _ in range(R.randint(1, 3)))


def f_xff():
    out = []
    k = R.randint(0, 2)
    for _ in range(R.randint(1, 3)):
        path = ch([f"/api/v2/orders/{la_order()}", f"/checkout?cart={la_uuid()}", "/healthz", f"/static/app.{hx(8)}.js",
                   f"/graphql?op=CustomerProfile&v={la_version()}", f"/download/report-{la_ts('compact')}.pdf"])
        if k == 0:  # nginx with $http_x_forwarded_for and upstream addr
            up = v4("priv")
            out.append(f'{v4("priv")} - - [{rdt().strftime("%d/%b/%Y:%H:%M:%S")} +0100] "{ch(["GET", "POST"])} {path} HTTP/2.0" {ch([200, 201, 301, 404, 502])} {R.randint(0, 99999)} '
                       f'"-" "Mozilla/5.0 (X11; Linux x86_64; rv:{R.randint(110, 126)}.0) Gecko/20100101 Firefox/{R.randint(110, 126)}.0" '
                       f'xff="{xff_chain()}" rt={R.uniform(0, 3):.3f} upstream={up}:{ch([8080, 9000])}')
        elif k == 1:  # haproxy
            cl = anyip()
            cls = f"[{cl}]" if (not CLEAN and ":" in vis(cl)) else cl
            out.append(f'{la_ts("syslog")} lb1 haproxy[{R.randint(300, 99999)}]: {cls}:{R.randint(1024, 65535)} [{rdt().strftime("%d/%b/%Y:%H:%M:%S")}.{dg(3)}] '
                       f'fe_https~ be_api/api{R.randint(1, 4)} 0/0/{R.randint(0, 9)}/{R.randint(1, 900)}/{R.randint(1, 999)} {ch([200, 503, 429])} {R.randint(100, 9999)} - - ---- '
                       f'{R.randint(1, 99)}/{R.randint(1, 99)}/3/1/0 0/0 {{{xff_chain()}|{ch(["api.example.net", "shop.example.com"])}}} "{ch(["GET", "PUT"])} {path} HTTP/1.1"')
        else:  # AWS ALB
            out.append(f'https {la_ts("isoms")} app/prod-alb/{hx(16)} {v4()}:{R.randint(1024, 65535)} {v4("priv")}:8080 0.000 {R.uniform(0, 1):.3f} 0.000 '
                       f'{ch([200, 404])} {ch([200, 404])} {R.randint(100, 999)} {R.randint(100, 99999)} "GET https://shop.example.com:443{path} HTTP/2.0" '
                       f'"curl/8.{R.randint(0, 9)}.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:{dg(12)}:targetgroup/api/{hx(16)} '
                       f'"Root=1-{hx(8)}-{hx(24)}" "shop.example.com" "-" 0 {la_ts("isoms")} "forward" "-" "-" "{v4("priv")}:8080" "200" "-" "-"')
    return "\n".join(out)


# --------------------------------------------------------------------------- e-mail signatures
def f_signature():
    lang = ch(["de", "sv", "tr", "ja", "fr", "uk", "us", "es"])
    nm = person(lang)
    if lang == "de":
        lines = ["Mit freundlichen Grüßen / Kind regards", "", f"Dr. {nm[0]} {nm[1]}", "Leitung Zahlungsverkehr | Head of Payments",
                 "Musterbau GmbH · Königsallee 12 · 40212 Düsseldorf", f"Tel.: {ph('de')}", f"Mobil: {ph('de')}", f"E-Mail: {em('de', nm)}",
                 f"Amtsgericht Düsseldorf HRB {dg(5)} · USt-IdNr.: DE{dg(9)}", f"Bankverbindung: IBAN {ib('de', spaced=True)} · BIC {ch(BICS[:2])}"]
    elif lang == "sv":
        lines = ["Med vänliga hälsningar", f"{nm[0]} {nm[1]}", "Ekonomiansvarig, Nordkust Bygg AB", f"Växel: {ph('sv')}",
                 f"E-post: {em('sv', nm)}", f"Org.nr {dg(6)}-{dg(4)} · Bankgiro {dg(3)}-{dg(4)} · IBAN {ib('sv')}", f"Besöksadress: Götgatan 14, {la_zip('sv')} Stockholm"]
    elif lang == "tr":
        lines = ["Saygılarımla,", f"{nm[0]} {nm[1]}", "Muhasebe Müdürü – Anadolu Lojistik A.Ş.", f"Tel: {ph('tr')}", f"E-posta: {em('tr', nm)}",
                 f"Vergi Dairesi: Kadıköy · Vergi No: {dgnz(10)}", f"MERSİS No: 0{dg(15)}", f"Adres: Bağdat Cad. No:{R.randint(1, 400)}, {la_zip('tr')} İstanbul"]
    elif lang == "ja":
        lines = ["―――――――――――――――――――――――", "株式会社さくら商事　営業部", f"{nm[1]} {nm[0]} ({nm[1]} {nm[0]})", f"{la_zip('ja')} 東京都千代田区丸の内1-1-1",
                 f"TEL: {ph('ja')}", f"Mail: {em('ja', nm)}", "―――――――――――――――――――――――"]
    elif lang == "fr":
        lines = ["Cordialement,", f"{nm[0]} {nm[1]}", "Responsable facturation — Entreprise Dupont SAS", f"Tél. : {ph('fr') if CLEAN else P(phone_fr(mobile=False), PHONE)} | Port. : {ph('fr') if CLEAN else P(phone_fr(mobile=True), PHONE)}",
                 f"Courriel : {em('fr', nm)}", f"SIRET {dg(3)} {dg(3)} {dg(3)} {dg(5)} — TVA FR{dg(2)} {dg(9)}", f"RIB : {ib('fr', spaced=True)}"]
    elif lang == "es":
        lines = ["Un saludo,", f"{nm[0]} {nm[1]}", "Administración · Clínica San Roque", f"Tfno.: {ph('es')}", f"{em('es', nm)}",
                 f"CIF B{dg(8)} · Cuenta: {ib('es', spaced=True)}", "Este mensaje es confidencial…"]
    elif lang == "uk":
        lines = ["Kind regards,", "", f"{nm[0]} {nm[1]}", "Senior Associate | Pemberton Law LLP", f"T: {ph('uk')}  M: {P(phone_uk(False), PHONE) if not CLEAN else 'n/a'}",
                 f"E: {em('uk', nm)}", f"Registered in England and Wales No. OC{dg(6)} · VAT GB {dg(3)} {dg(4)} {dg(2)}"]
    else:
        lines = ["Best,", f"{nm[0]} {nm[1]} | Payroll Operations", "Lakeshore Credit Union", f"Direct: {ph('us')} | Cell: {ph('us')}",
                 f"{em('us', nm)}", f"NMLS #{dgnz(6)} · Routing {dgnz(9)}", "CONFIDENTIALITY NOTICE: This e-mail may contain personal data."]
    if R.random() < 0.4:
        lines = [f"> {la_any(lang)}", "", "--"] + lines
    return "\n".join(lines)


# --------------------------------------------------------------------------- plain-text tables (psql / mysql / box drawing)
def f_table():
    loc = ch(LOCS)
    cols = ["id"] + R.sample(["Name", "EMail", "phone", "IBAN", "Last_IP", "created_at", "ZIP", "card_last4", "SSN", "Order_No", "colour", "Card_Number"], R.randint(3, 5))
    if "SSN" in cols and loc not in ("us",):
        loc = "us"
    rows = []
    for i in range(R.randint(2, 4)):
        nm = person(loc)
        r = []
        for c in cols:
            r.append({"id": str(R.randint(1, 99999)), "Name": f"{nm[0]} {nm[1]}", "EMail": em(loc, nm) if R.random() < 0.9 else "NULL",
                      "phone": ph(loc), "IBAN": ib(loc), "Last_IP": anyip(), "created_at": la_ts(ch(["sql", "isooff"])),
                      "ZIP": la_zip(loc), "card_last4": dg(4), "Card_Number": cc_(style=ch(["none", "sp"])), "SSN": sn(), "Order_No": la_order(), "colour": la_colour()}[c])
        rows.append(r)
    w = [max(len(c), *(len(vis(r[i])) for r in rows)) for i, c in enumerate(cols)]
    style = R.randint(0, 2)
    fmt = lambda cells, sep: sep + sep.join(" " + pad(x, w[i] + 1) for i, x in enumerate(cells)) + sep
    if style == 0:  # psql
        out = [" " + " | ".join(c.center(w[i]) for i, c in enumerate(cols)), "-" + "-+-".join("-" * x for x in w) + "-"]
        out += [" " + " | ".join(pad(x, w[i] + 1)[:-1] if True else x for i, x in enumerate(r)) for r in rows]
        out.append(f"({len(rows)} rows)")
    elif style == 1:  # mysql
        line = "+" + "+".join("-" * (x + 2) for x in w) + "+"
        out = [line, fmt(cols, "|"), line] + [fmt(r, "|") for r in rows] + [line, f"{len(rows)} rows in set ({R.uniform(0, 1):.2f} sec)"]
    else:  # unicode box
        out = ["┌" + "┬".join("─" * (x + 2) for x in w) + "┐", fmt(cols, "│"), "├" + "┼".join("─" * (x + 2) for x in w) + "┤"]
        out += [fmt(r, "│") for r in rows] + ["└" + "┴".join("─" * (x + 2) for x in w) + "┘"]
    return "\n".join(x.rstrip() for x in out)


# --------------------------------------------------------------------------- LDIF
def f_ldif():
    recs = []
    for _ in range(R.randint(1, 2)):
        loc = ch(["tr", "sv", "de", "fr", "us", "no", "fi", "es"])
        nm = person(loc)
        uid = f"{fold(nm[0]).lower()}.{fold(nm[1]).lower()}"
        cn = f"{nm[0]} {nm[1]}"
        cnline = f"cn: {cn}" if cn.isascii() else f"cn:: {base64.b64encode(cn.encode()).decode()}"
        if R.random() < 0.7:
            lines = [f"dn: uid={uid},ou=People,dc=example,dc=com", "objectClass: inetOrgPerson", "objectClass: posixAccount",
                     f"uid: {uid}", cnline, f"sn: {fold(nm[1])}", f"mail: {em(loc, nm)}", f"telephoneNumber: {ph(loc)}"]
            if R.random() < 0.5:
                lines.append(f"mobile: {ph(loc)}")
            lines += [f"employeeNumber: {la_order(8)}", f"uidNumber: {R.randint(10000, 60000)}", "gidNumber: 10000",
                      f"homeDirectory: /home/{uid}", f"userPassword: {{SSHA}}{base64.b64encode(bytes(R.randint(0, 255) for _ in range(24))).decode()}"]
            if R.random() < 0.4:
                lines.append(f"ipHostNumber: {v4('priv')}")
            lines.append(f"modifyTimestamp: {la_ts('compact')}Z")
        else:
            lines = [f"dn: uid={uid},ou=People,dc=example,dc=com", "changetype: modify", "replace: mail", f"mail: {em(loc, nm)}", "-",
                     "replace: telephoneNumber", f"telephoneNumber: {ph(loc)}", "-", "add: description",
                     f"description: moved from {bad_ip_str()} range, ticket {la_order(8)}", "-"]
        recs.append("\n".join(lines))
    return "version: 1\n\n" + "\n\n".join(recs)


# --------------------------------------------------------------------------- Windows event log XML
def f_winevent():
    eid = ch([4624, 4625, 4740, 5156, 4771])
    ts = la_ts("isoz")[:-1] + "." + dg(7) + "Z"
    data = [("SubjectUserSid", f"S-1-5-21-{dgnz(10)}-{dgnz(10)}-{dgnz(8)}-{R.randint(500, 5000)}"),
            ("TargetUserName", ch(["j.okafor", "a.lindqvist", "svc_backup", "Administrator"])), ("TargetDomainName", "CORP"),
            ("LogonType", str(ch([2, 3, 10]))), ("LogonProcessName", "NtLmSsp "), ("WorkstationName", ch(["WS-0412", "LAPTOP-7Q2M3K", "-"]))]
    if eid in (4624, 4625, 4771):
        ipval = ch([lambda: v4(), lambda: v6("mapped"), lambda: v6("comp"), lambda: P("::1", IP) if not CLEAN else "-"])()
        data += [("IpAddress", ipval), ("IpPort", str(R.randint(0, 65535)))]
    elif eid == 5156:
        data = [("ProcessID", str(R.randint(4, 9999))), ("Application", r"\device\harddiskvolume3\program files\acme\agent.exe"),
                ("Direction", "%%14593"), ("SourceAddress", v4("priv")), ("SourcePort", str(R.randint(1024, 65535))),
                ("DestAddress", anyip()), ("DestPort", str(ch([443, 3389, 445]))), ("Protocol", "6"), ("FilterRTID", dgnz(5))]
    else:
        data += [("CallerComputerName", ch(["WS-0412", "DC02"]))]
    if R.random() < 0.6:  # .NET assembly string: a 4-part version that also parses as IPv4 (not labelled)
        data.append(("ProcessName", f"Acme.Agent.Core, Version={R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}, Culture=neutral, PublicKeyToken={hx(16)}"))
    if R.random() < 0.3:
        data.append(("Comment", f"helpdesk callback {ph(ch(['us', 'uk', 'de']))}, user mail {em(ch(['us', 'uk', 'de']))}"))
    lines = ['<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">', "  <System>",
             '    <Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}" />',
             f"    <EventID>{eid}</EventID>", "    <Version>0</Version>", "    <Level>0</Level>", f"    <Task>{R.randint(12000, 13000)}</Task>",
             f"    <Keywords>0x{ch(['8020', '8010'])}000000000000</Keywords>", f'    <TimeCreated SystemTime="{ts}" />',
             f"    <EventRecordID>{dgnz(7)}</EventRecordID>", f'    <Execution ProcessID="{R.randint(4, 999)}" ThreadID="{R.randint(100, 9999)}" />',
             "    <Channel>Security</Channel>", f"    <Computer>{ch(['DC01', 'DC02', 'FS-ARN-01'])}.corp.example.com</Computer>", "  </System>", "  <EventData>"]
    lines += [f'    <Data Name="{k}">{v}</Data>' for k, v in data]
    lines += ["  </EventData>", "</Event>"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- SEPA XML / SWIFT MT103
def f_payment_msg():
    loc = ch(["de", "fr", "nl", "be", "at", "it", "es", "pt", "fi", "ie"])
    dn, cn = person(loc), person(ch(LOCS))
    if R.random() < 0.6:
        return "\n".join([
            '<?xml version="1.0" encoding="UTF-8"?>', '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">', "<CstmrCdtTrfInitn>",
            f"  <GrpHdr><MsgId>MSG-{la_ts('compact')}-{dg(4)}</MsgId><CreDtTm>{la_ts('isoz')[:-1]}</CreDtTm><NbOfTxs>1</NbOfTxs><CtrlSum>{R.randint(1, 99999)}.{dg(2)}</CtrlSum></GrpHdr>",
            f"  <PmtInf><PmtInfId>PMT-{la_order(10)}</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>{la_ts('date')}</Dt></ReqdExctnDt>",
            f"    <Dbtr><Nm>{dn[0]} {dn[1]}</Nm><CtctDtls><EmailAdr>{em(loc, dn)}</EmailAdr></CtctDtls></Dbtr>",
            f"    <DbtrAcct><Id><IBAN>{ib(loc, spaced=False)}</IBAN></Id></DbtrAcct>",
            f"    <DbtrAgt><FinInstnId><BICFI>{ch(BICS)}</BICFI></FinInstnId></DbtrAgt>",
            f"    <CdtTrfTxInf><PmtId><EndToEndId>E2E-{la_order(12)}</EndToEndId></PmtId>",
            f'      <Amt><InstdAmt Ccy="EUR">{R.randint(1, 99999)}.{dg(2)}</InstdAmt></Amt>',
            f"      <Cdtr><Nm>{cn[0]} {cn[1]}</Nm></Cdtr><CdtrAcct><Id><IBAN>{ib(ch(LOCS), spaced=False)}</IBAN></Id></CdtrAcct>",
            f"      <RmtInf><Ustrd>Rechnung {la_order(10)} / Kd {la_order(8)} / {la_ts('dedate')}</Ustrd></RmtInf>",
            "    </CdtTrfTxInf>", "  </PmtInf>", "</CstmrCdtTrfInitn>", "</Document>"])
    return "\n".join([
        f"{{1:F01{ch(BICS)[:8]}AXXX{dg(10)}}}{{2:I103{ch(BICS)[:8]}XXXXN}}{{3:{{108:{hx(16, True)}}}{{121:{la_uuid()}}}}}{{4:",
        f":20:{hx(16, True)}", ":23B:CRED", f":32A:{la_ts('date')[2:].replace('-', '')}EUR{R.randint(1, 99999)},{dg(2)}",
        f":50K:/{ib(loc, spaced=False)}", f"{fold(dn[0]).upper()} {fold(dn[1]).upper()}", f"{ch(['HAUPTSTR. 5', 'RUE DE LA PAIX 8', 'KALVERSTRAAT 12'])}",
        f":59:/{ib(ch(LOCS), spaced=False)}", f"{fold(cn[0]).upper()} {fold(cn[1]).upper()}",
        f":70:INV {la_order(10)} TEL {ph(ch(['uk', 'de', 'fr']))}", ":71A:SHA", "-}"])


# --------------------------------------------------------------------------- HL7 v2
def f_hl7():
    nm = person("us")
    sep = ch(["\r", "\n"])
    segs = [f"MSH|^~\\&|EPIC|LAKESHORE|LAB|LAKESHORE|{la_ts('compact')}||ADT^A0{R.randint(1, 8)}|MSG{dg(8)}|P|2.5.1",
            f"EVN|A01|{la_ts('compact')}",
            f"PID|1||{la_order(8)}^^^HOSP^MR||{nm[1]}^{nm[0]}^{ch('ABCJKLM')}||{R.randint(1940, 2005)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}|{ch('MF')}|||"
            f"{R.randint(10, 9999)} {ch(['N Elm St', 'Lake Shore Dr', 'W Madison St'])}^^Chicago^IL^{la_zip('us')}^USA||{ph('us')}^PRN^PH|{ph('us')}^WPN||||AC{la_order(9)}|{sn()}",
            f"PV1|1|I|4N^{R.randint(400, 499)}^A|||||{dgnz(10)}^{person('us')[1]}^{person('us')[0]}|||||||||||{la_order(10)}"]
    segs.append(ch([f"NTE|1||SSN verified by registrar; guarantor email {em('us')}",
                    "NTE|1||Patient SSN (PID-19) confirmed against insurance card",
                    f"NTE|1||social security no. on file; callback {ph('us')}"]))
    if R.random() < 0.4:
        segs.append(f"OBX|1|NM|2345-7^GLUCOSE^LN||{R.randint(60, 200)}|mg/dL|70-99|H|||F|||{la_ts('compact')}")
    return sep.join(segs)


# --------------------------------------------------------------------------- postfix mail.log
def f_postfix():
    out = []
    qid = hx(10, True)
    host = ch(["mx1", "mx2", "relay-fra"])
    for _ in range(R.randint(2, 4)):
        t = la_ts("syslog")
        out.append(ch([
            lambda: f"{t} {host} postfix/smtpd[{R.randint(300, 99999)}]: connect from unknown[{anyip()}]",
            lambda: f"{t} {host} postfix/smtpd[{R.randint(300, 99999)}]: NOQUEUE: reject: RCPT from unknown[{v4()}]: 554 5.7.1 <{em(ch(LOCS))}>: Relay access denied; from=<{em(ch(LOCS))}> to=<{em(ch(LOCS))}> proto=ESMTP helo=<{ch(['localhost', 'ylmf-pc', 'mail.example.org'])}>",
            lambda: f"{t} {host} postfix/smtp[{R.randint(300, 99999)}]: {qid}: to=<{em(ch(LOCS))}>, relay=mx.example.net[{anyip()}]:25, delay={R.uniform(0, 9):.1f}, delays=0.1/0/0.3/{R.uniform(0, 9):.1f}, dsn=2.0.0, status=sent (250 2.0.0 OK {la_ts('epoch')} {hx(12)}.{R.randint(100, 999)} - gsmtp)",
            lambda: f"{t} {host} postfix/qmgr[{R.randint(300, 99999)}]: {qid}: from=<{em(ch(LOCS))}>, size={R.randint(1000, 999999)}, nrcpt=1 (queue active)",
            lambda: f"{t} {host} postfix/anvil[{R.randint(300, 99999)}]: statistics: max connection rate 1/60s for (smtp:{v4()}) at {la_ts('syslog')}",
        ])())
    return "\n".join(out)


# --------------------------------------------------------------------------- ansible output
def f_ansible():
    hosts = [anyip() if R.random() < 0.5 else f"web{R.randint(1, 20):02d}.example.net" for _ in range(R.randint(1, 3))]
    out = [f"PLAY [configure {ch(['payments', 'mail', 'bastion'])}] {'*' * 50}", "", f"TASK [Gathering Facts] {'*' * 55}"]
    for h in hosts:
        out.append(f"ok: [{h}]")
    out += ["", f"TASK [users : add on-call contact] {'*' * 44}"]
    l = ch(LOCS)
    nm = person(l)
    out.append(f"changed: [{hosts[0]}] => (item={{'name': '{fold(nm[0]).lower()}', 'email': '{em(l, nm)}', 'sms': '{ph(l)}', 'mode': '{la_perm()}'}})")
    if R.random() < 0.6:
        bad = anyip()
        out += [f"fatal: [{bad}]: UNREACHABLE! => {{\"changed\": false, \"msg\": \"Failed to connect to the host via ssh: ssh: connect to host {P(vis(bad), IP) if not CLEAN else vis(bad)} port 22: Connection timed out\", \"unreachable\": true}}"]
        hosts.append(bad)
    out += ["", f"PLAY RECAP {'*' * 68}"]
    for h in hosts:
        out.append(f"{pad(h, 26)}: ok={R.randint(1, 30)}    changed={R.randint(0, 9)}    unreachable={R.randint(0, 1)}    failed=0    skipped={R.randint(0, 5)}    rescued=0    ignored=0")
    # hosts appear multiple times: re-mark so every occurrence is labelled
    return "\n".join(out)


# --------------------------------------------------------------------------- git log with trailers
def f_gitlog():
    out = []
    for _ in range(R.randint(1, 2)):
        l = ch(LOCS)
        nm = person(l)
        a = em(l, nm) if R.random() < 0.7 else (P(f"{dgnz(8)}+{fold(nm[0]).lower()}@users.noreply.github.com", EMAIL) if not CLEAN else "<none>")
        d = rdt()
        subj = ch([f"fix(billing): reject IBANs like {bad_iban_str()} (bad check digits)", f"chore(deps): bump axios from {sv3()} to {sv3()}",
                   f"feat(kyc): mask SSN {bad_ssn_str()} style values in logs", f"ci: pin runner image to sha256:{hx(64)}",
                   f"docs: update on-call number to {ph(l)}", f"test: add fixture card {cc_()} for sandbox"])
        out += [f"commit {hx(40)}", f"Author: {nm[0]} {nm[1]} <{a}>", f"Date:   {DAY[d.weekday()]} {MON[d.month - 1]} {d.day} {d.strftime('%H:%M:%S')} {d.year} +0{R.randint(1, 3)}00", "",
                f"    {subj}", "", f"    Refs: #{R.randint(100, 9999)}, {ch(['JIRA', 'PAY', 'KYC'])}-{R.randint(10, 9999)}"]
        if R.random() < 0.6:
            l2 = ch(LOCS)
            n2 = person(l2)
            out.append(f"    Co-authored-by: {n2[0]} {n2[1]} <{em(l2, n2)}>")
        if R.random() < 0.3:
            out.append(f"    Reported-by: {em(ch(LOCS))}")
        out.append("")
    return "\n".join(out).rstrip()


# --------------------------------------------------------------------------- TOML / INI config
def f_config():
    l = ch(LOCS)
    if R.random() < 0.6:
        lines = [f"# rendered {la_ts('isooff')} by confd {la_version()}", "[server]", f'bind = "{v4("priv")}"', f"port = {ch([8080, 8443, 9000])}",
                 f'bind6 = "{v6()}"' if R.random() < 0.5 else f'read_timeout = "{la_duration()}"', f"umask = {la_perm()}", "",
                 "[smtp]", f'host = "{v4()}"', f"port = {ch([25, 465, 587])}", f'from = "{em(l)}"', f'reply_to = "{em(l)}"', "",
                 "[alerts]", f'sms_to = ["{ph(l)}", "{ph(ch(LOCS))}"]', f'theme_colour = "{la_colour()}"', "",
                 "[geo]", f"office = [{la_coords().replace('°', '').replace(' N', '').replace(' S', '').replace(' E', '').replace(' W', '')}]"]
        if R.random() < 0.4:
            lines += ["", "[payouts]", f'fallback_iban = "{ib(l)}"', f'min = "{la_price(l)}"']
        return "\n".join(lines)
    return "\n".join([f"; {ch(['php.ini', 'app.ini', 'settings.ini'])} – geändert am {la_ts('de')}", "[mail function]", f"SMTP = {v4('priv')}",
                      "smtp_port = 25", f"sendmail_from = {em(l)}", "", "[Session]", "session.gc_maxlifetime = 1440", f"session.save_path = \"{la_perm()};/var/lib/php/sessions\"",
                      "", "[Kontakt]", f"Hotline = {ph(l)}", f"Zuständig = {em(l)}", f"Version = {la_version()}"])


# --------------------------------------------------------------------------- SIP
def f_sip():
    a_l, b_l = ch(["us", "sv", "de", "uk", "fr"]), ch(["us", "uk", "tr", "ja", "es"])
    a_num, b_num = e164_compact(a_l), e164_compact(b_l)
    host = ip4_str()
    mk = lambda v, k: v if CLEAN else P(v, k)
    if CLEAN:
        a_num, b_num, host = "anonymous", "unknown", bad_ip_str()
    an = person(a_l)
    return "\n".join([
        f"INVITE sip:{mk(b_num, PHONE)}@{mk(host, IP)};user=phone SIP/2.0",
        f"Via: SIP/2.0/UDP {mk(host, IP)}:5060;branch=z9hG4bK{hx(10)};rport", "Max-Forwards: 70",
        f'From: "{an[0]} {an[1]}" <sip:{mk(a_num, PHONE)}@{mk(host, IP)}>;tag={dg(10)}', f"To: <sip:{mk(b_num, PHONE)}@{mk(host, IP)};user=phone>",
        f"Call-ID: {hx(32)}", f"CSeq: {R.randint(1, 999999)} INVITE", f"P-Asserted-Identity: <tel:{mk(a_num, PHONE)}>",
        f"User-Agent: Yealink SIP-T54W {la_version()}", "Content-Type: application/sdp", f"Content-Length: {R.randint(120, 400)}", "",
        "v=0", f"o=- {dgnz(10)} {dgnz(10)} IN IP4 {mk(host, IP)}", "s=-", f"c=IN IP4 {mk(host, IP)}", f"t=0 0", f"m=audio {R.randint(10000, 60000)} RTP/AVP 0 8 101"])


# --------------------------------------------------------------------------- BIND zone file
def f_zone():
    tld = ch(["se", "de", "fr", "com.tr", "co.jp", "es"])
    z = f"{ch(['nordkust', 'musterfirma', 'exemple', 'anadolu', 'sakura', 'ibarra'])}.{tld}"
    lines = [f"$ORIGIN {z}.", "$TTL 3600", f"@   IN SOA ns1.{z}. hostmaster.{z}. (", f"        {la_ts('date').replace('-', '')}{dg(2)} ; serial",
             "        7200 ; refresh", "        900 ; retry", "        1209600 ; expire", "        300 ) ; minimum",
             f"@       IN A     {v4('pub')}", f"@       IN AAAA  {v6('comp')}", f"mail    IN A     {v4('pub')}", "@       IN MX 10 mail",
             f'@       IN TXT   "v=spf1 ip4:{v4("doc")}/24 ip6:{v6("comp")}/48 -all"',
             f'_dmarc  IN TXT   "v=DMARC1; p=reject; rua=mailto:{em(ch(LOCS))}; pct=100"',
             f'@       IN TXT   "google-site-verification={base64.urlsafe_b64encode(bytes(R.randint(0, 255) for _ in range(32))).decode().rstrip("=")}"',
             f"@       IN LOC   {R.randint(10, 60)} {R.randint(0, 59)} {R.randint(0, 59)}.{dg(3)} N {R.randint(0, 30)} {R.randint(0, 59)} {R.randint(0, 59)}.{dg(3)} E {R.randint(0, 90)}.00m"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- Alertmanager webhook
def f_alert():
    inst_ip = v4("priv")
    alerts = []
    for _ in range(R.randint(1, 2)):
        alerts.append({"status": ch(["firing", "resolved"]),
                       "labels": {"alertname": ch(["HighErrorRate", "NodeDown", "DiskWillFillIn4Hours", "CertExpiry"]), "instance": f"{inst_ip}:9100",
                                  "job": "node", "severity": ch(["critical", "warning"])},
                       "annotations": {"summary": f"{ch(['5xx', 'disk', 'cert'])} issue on {inst_ip}",
                                       "description": f"value={R.uniform(0, 1):.4f} since {la_ts('isoz')}; runbook owner {em(ch(LOCS))}",
                                       "oncall": ph(ch(["us", "uk", "de", "sv"]))},
                       "startsAt": la_ts("isoms"), "endsAt": "0001-01-01T00:00:00Z",
                       "generatorURL": f"http://prometheus.example:9090/graph?g0.expr=rate%28http_requests_total%5B5m%5D%29&g0.tab=1",
                       "fingerprint": hx(16)})
    doc = {"receiver": "team-payments-pager", "status": alerts[0]["status"], "alerts": alerts,
           "groupLabels": {"alertname": alerts[0]["labels"]["alertname"]}, "externalURL": "http://alertmanager.example:9093",
           "version": "4", "groupKey": "{}:{alertname=\"" + alerts[0]["labels"]["alertname"] + "\"}", "truncatedAlerts": 0}
    s = json.dumps(doc, ensure_ascii=False, indent=2 if R.random() < 0.5 else None)
    # the same instance IP occurs several times; label every occurrence
    if not CLEAN:
        ipv = vis(inst_ip)
        s = s.replace(inst_ip, "\ue002")
        parts = s.split("\ue002")
        s = parts[0] + "".join(P(ipv, IP) + p for p in parts[1:])
    return s


# --------------------------------------------------------------------------- PDF-extracted invoice / W-2
def f_pdftext():
    if R.random() < 0.35:
        nm = person("us")
        return "\n".join([
            "a  Employee's social security number      OMB No. 1545-0008",
            f"   {sn(ch(['dash', 'dash', 'space']))}",
            f"b  Employer identification number (EIN)          1  Wages, tips, other compensation     2  Federal income tax withheld",
            f"   {dg(2)}-{dgnz(7)}                                   {R.randint(20000, 200000):,}.{dg(2)}                        {R.randint(1000, 40000):,}.{dg(2)}",
            "c  Employer's name, address, and ZIP code     3  Social security wages",
            f"   Lakeshore Credit Union, 400 W Madison St, Chicago IL {la_zip('us')}     {R.randint(20000, 160000):,}.{dg(2)}",
            f"e  Employee's first name and initial   Last name",
            f"   {nm[0]} {ch('ABCDEJKLM')}.                          {nm[1]}",
            f"   questions: payroll {ph('us')} · {em('us')}",
            f"Form W-2 Wage and Tax Statement   {R.randint(2023, 2025)}        Dept. of the Treasury—IRS   Cat. No. 10134D"])
    loc = ch(["de", "fr", "at", "ch", "nl", "be", "it"])
    nm = person(loc)
    hdr = {"de": ("RECHNUNG", "Rechnungsnr.", "Kundennr.", "Zahlbar bis", "Bankverbindung"), "at": ("RECHNUNG", "Rechnungsnr.", "Kundennr.", "Fällig am", "Bankverbindung"),
           "ch": ("RECHNUNG", "Rechnungsnr.", "Kundennr.", "Zahlbar bis", "QR-IBAN / Konto"), "fr": ("FACTURE", "N° facture", "N° client", "Échéance", "Coordonnées bancaires"),
           "nl": ("FACTUUR", "Factuurnr.", "Klantnr.", "Vervaldatum", "Bankgegevens"), "be": ("FACTUUR / FACTURE", "Factuurnr.", "Klantnr.", "Vervaldatum", "Bank"),
           "it": ("FATTURA", "Fattura n.", "Cod. cliente", "Scadenza", "Coordinate bancarie")}[loc]
    lines = [f"{hdr[0]:<40}{hdr[1]} {R.randint(2023, 2025)}-{dg(6)}", f"{nm[0]} {nm[1]:<30}{hdr[2]} {la_order(8)}",
             f"{la_zip('fr' if loc == 'fr' else 'de')} {dict(de='Köln', fr='Lyon', at='Graz', ch='Bern', nl='Utrecht', be='Gent', it='Torino')[loc]}{' ' * 24}Datum {la_ts('dedate')}",
             "", "Pos  Artikel                      Menge   Einzelpreis      Gesamt",
             f"1    {ch(['Wartungsvertrag', 'Licence logicielle', 'Servicebeurt', 'Consulenza'])} {la_version()}      {R.randint(1, 12)}   {eur_amount(False)} €   {eur_amount(False)} €",
             f"2    Versand {la_tracking()}         1   {eur_amount(False)} €   {eur_amount(False)} €",
             f"{' ' * 38}MwSt. {ch(['19', '20', '21', '7,7', '22'])} %   {eur_amount(False)} €",
             f"{hdr[3]}: {la_ts('dedate')}", f"{hdr[4]}: {ib(loc, spaced=True)}  BIC {ch(BICS)}",
             f"Kontakt: {ph(loc)} · {em(loc)}"]
    return "\n".join(lines)



# --------------------------------------------------------------------------- jPOS ISO 8583 logs (cards)
def f_jpos():
    d = card_digits()
    masked = R.random() < 0.25 or CLEAN
    if CLEAN:
        d = re.sub(r"\D", "", bad_card_str("none"))
    mask = d[:6] + "_" * (len(d) - 10) + d[-4:]
    pan = (d if CLEAN and R.random() < 0.5 else mask) if masked else P(d, CARD)
    pan2 = mask if masked else P(d, CARD)
    exp = f"{R.randint(26, 31)}{R.randint(1, 12):02d}"
    peer = v4("priv")
    lines = [f'<log realm="channel/{peer}:{ch([8000, 9000, 10000])}" at="{la_ts("isoms")[:-1]}" lifespan="{R.randint(2, 900)}ms">',
             f"  <{ch(['send', 'receive'])}>", f'    <isomsg direction="{ch(["outgoing", "incoming"])}">',
             "      <!-- org.jpos.iso.packager.GenericPackager[cfg/iso87ascii.xml] -->",
             f'      <field id="0" value="{ch(["0200", "0210", "0100", "0110", "0420"])}"/>', f'      <field id="2" value="{pan}"/>',
             '      <field id="3" value="000000"/>', f'      <field id="4" value="{R.randint(1, 99999999):012d}"/>',
             f'      <field id="7" value="{la_ts("compact")[4:]}"/>', f'      <field id="11" value="{dg(6)}"/>',
             f'      <field id="14" value="{exp}"/>', f'      <field id="22" value="{ch(["051", "071", "010"])}"/>',
             f'      <field id="35" value="{pan2}={exp}{dg(3)}{dg(12)}"/>', f'      <field id="37" value="{dg(12)}"/>',
             f'      <field id="38" value="{hx(6, True)}"/>' if R.random() < 0.5 else f'      <field id="39" value="{ch(["00", "05", "51", "54"])}"/>',
             f'      <field id="41" value="TERM{dg(4)}"/>', f'      <field id="42" value="MRCH{dg(11)}"/>',
             f'      <field id="49" value="{ch(["978", "840", "752", "949", "392"])}"/>', "    </isomsg>", f"  </{ch(['send', 'receive'])}>", "</log>"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- DLP / PCI scan report
def f_dlp():
    host = ch(["fs-arn-01", "share-muc-02", "nas-ist-1", "hr-filesrv"])
    rows = []
    paths = ["/srv/exports/orders_2024-03.csv", "/home/åsa/Skrivbord/kort.txt", "/mnt/hr/onboarding/W4_scan.txt",
             "/data/müller/Rückerstattung.docx", "C:\\Users\\ayşe\\Desktop\\kart bilgileri.xlsx", "/var/log/app/payments.log",
             "/srv/share/経理/請求書.pdf", "/tmp/export-{}.json".format(la_uuid())]
    for _ in range(R.randint(2, 5)):
        k = ch(["card", "card", "card", "card", "ssn", "ssn", "iban", "fp", "fp2"])
        path = ch(paths)
        if k == "card":
            brand = ch(["visa", "mc", "amex", "disc", "jcb", "diners", "up", "mc2"])
            rule, sev, val = f"PAN ({dict(visa='Visa', mc='Mastercard', mc2='Mastercard', amex='Amex', disc='Discover', jcb='JCB', diners='Diners', up='UnionPay')[brand]})", "HIGH", cc_(brand)
        elif k == "ssn":
            rule, sev, val = "US SSN", "HIGH", sn(ch(["dash", "dash", "space"]))
        elif k == "iban":
            rule, sev, val = "IBAN", "MEDIUM", ib()
        elif k == "fp":
            rule, sev, val = "PAN (suppressed: Luhn)", "INFO", bad_card_str()
        else:
            rule, sev, val = "SSN (suppressed: unissued)", "INFO", bad_ssn_str()
        rows.append(f"{rule:<28}{sev:<8}{path:<48}{R.randint(1, 99999):>6}  {val}")
    head = f"PCI/PII discovery report — host {host} ({v4('priv')}) — {la_ts('isoz')}\n{'Rule':<28}{'Sev':<8}{'File':<48}{'Line':>6}  Match"
    foot = f"Summary: {len(rows)} findings, scanned {R.randint(1000, 99999):,} files in {la_duration()} (engine {la_version()})"
    return head + "\n" + "\n".join(rows) + "\n" + foot


# --------------------------------------------------------------------------- chargeback / dispute letters (IT, NL, SV, PL, PT, TR)
def f_letter():
    lang = ch(["it", "nl", "sv", "pl", "pt", "tr"])
    nm = person(lang)
    date, amt, ref = la_ts("dedate"), la_price(lang), la_order()
    card = cc_()
    iban_loc = {"tr": "de", "nl": "nl"}.get(lang, lang)
    T = {
        "it": f"Spett.le Servizio Clienti,\n\ncon la presente contesto l’addebito del {date} di {amt} sulla carta n. {card}, operazione rif. {ref}, che non ho mai autorizzato. "
              f"Vi chiedo il riaccredito sull’IBAN {ib(iban_loc)}. Per qualsiasi chiarimento sono raggiungibile al {ph(lang)} o all’indirizzo {em(lang, nm)}.\n\nDistinti saluti,\n{nm[0]} {nm[1]}",
        "nl": f"Geachte heer/mevrouw,\n\nOp {date} is er {amt} van mijn creditcard {card} afgeschreven (kenmerk {ref}). Ik herken deze betaling niet. "
              f"Graag het bedrag terugstorten op {ib(iban_loc)}. Bereikbaar via {ph(lang)} of {em(lang, nm)}.\n\nMet vriendelijke groet,\n{nm[0]} {nm[1]}",
        "sv": f"Hej,\n\njag bestrider dragningen den {date} på {amt} från mitt kort {card} (referens {ref}). Jag har inte godkänt köpet. "
              f"Pengarna ska tillbaka till {ib(iban_loc)}. Nå mig på {ph(lang)} eller {em(lang, nm)}.\n\nVänliga hälsningar\n{nm[0]} {nm[1]}",
        "pl": f"Szanowni Państwo,\n\nniniejszym reklamuję transakcję z dnia {date} na kwotę {amt} obciążającą kartę nr {card} (nr ref. {ref}). "
              f"Proszę o zwrot środków na rachunek {ib(iban_loc)}. Kontakt: {ph(lang)}, {em(lang, nm)}.\n\nZ poważaniem\n{nm[0]} {nm[1]}",
        "pt": f"Exmos. Senhores,\n\nvenho por este meio contestar o débito de {amt}, efetuado em {date} no cartão n.º {card} (ref.ª {ref}). "
              f"Solicito a devolução para o IBAN {ib(iban_loc)}. Contacto: {ph(lang)} · {em(lang, nm)}.\n\nCom os melhores cumprimentos,\n{nm[0]} {nm[1]}",
        "tr": f"Sayın Yetkili,\n\n{date} tarihinde {card} numaralı kartımdan {amt} tutarında bir çekim yapılmıştır (işlem no {ref}). Bu işlemi ben yapmadım. "
              f"Tutarın Almanya'daki {ib(iban_loc)} hesabıma iadesini rica ederim. İletişim: {ph(lang)}, {em(lang, nm)}.\n\nSaygılarımla,\n{nm[0]} {nm[1]}",
    }
    return T[lang]


# --------------------------------------------------------------------------- US forms / background checks (SSN)
def f_us_forms():
    nm = person("us")
    k = R.randint(0, 2)
    if k == 0:
        doc = {"object": "candidate", "id": hx(24), "first_name": nm[0], "last_name": nm[1], "email": em("us", nm), "phone": ph("us"),
               "ssn": sn(ch(["dash", "dash", "bare"])), "dob": f"{R.randint(1950, 2004)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}",
               "zipcode": la_zip("us"), "report": {"id": hx(24), "status": ch(["pending", "clear", "consider"]), "package": "tasker_pro",
                                                   "ssn_trace": {"status": "clear", "no_ssn_matches": False, "issued_state": ch(["IL", "TX", "CA", "NY"])},
                                                   "created_at": la_ts("isoz"), "turnaround_time": R.randint(3600, 400000)}}
        return json.dumps(doc, indent=2)
    if k == 1:
        return "\n".join([
            "FORMULARIO DE ADMISIÓN DEL PACIENTE / PATIENT INTAKE", f"Nombre / Name: {nm[0]} {nm[1]}",
            f"Fecha de nacimiento / DOB: {R.randint(1, 12):02d}/{R.randint(1, 28):02d}/{R.randint(1945, 2005)}",
            f"Número de Seguro Social (SSN): {sn(ch(['dash', 'space']))}", f"Teléfono celular: {ph('us')}    Trabajo: {ph('us')}",
            f"Correo electrónico: {em('us', nm)}", f"Código postal / ZIP: {la_zip('us')}", f"Póliza / Member ID: {hx(3, True)}{dg(9)}",
            f"Firma: ____________   Fecha: {la_ts('us')}"])
    return "\n".join([
        f"CREDIT APPLICATION #{la_order(10)}  (received {la_ts('us')})", f"Applicant ........ {nm[1].upper()}, {nm[0].upper()}",
        f"SS# .............. {sn()}", f"Co-applicant SS# . {sn() if R.random() < 0.5 else bad_ssn_str() + ' (rejected: invalid)'}",
        f"Home phone ....... {ph('us')}", f"E-mail ........... {em('us', nm)}", f"Monthly income ... {la_price('us')}",
        f"Card requested ... {ch(['Platinum', 'Cash Rewards'])} — existing card {cc_(ch(['visa', 'amex', 'mc', 'disc']))}",
        f"Decision ......... {ch(['APPROVED', 'REFER', 'DECLINED'])} score {R.randint(300, 850)}"])


# --------------------------------------------------------------------------- US payroll register (fixed-width report)
def f_payroll():
    period = la_ts("date")
    head = [f"LAKESHORE CREDIT UNION            PAYROLL REGISTER            Period ending {period}   Page {R.randint(1, 40)}",
            f"Co code {hx(3, True)}   Batch {la_order(8)}   Run {la_ts('us')}",
            "EMP#    NAME                    SSN           GROSS       FED WH      SS TAX     MED TAX      NET PAY   DEPOSIT ACCT"]
    rows = []
    for _ in range(R.randint(2, 5)):
        nm = person("us")
        g = R.randint(1500, 12000) + R.randint(0, 99) / 100
        ss_ = sn(ch(["dash", "dash", "dash", "space"])) if R.random() < 0.85 else "***-**-" + dg(4)
        acct = ch([f"****{dg(4)}", f"RT {dgnz(9)} / {dg(10)}"])
        rows.append(f"{dg(6)}  {pad(nm[1].upper() + ', ' + nm[0].upper(), 24)}{pad(ss_, 14)}{g:>9,.2f}  {g * 0.12:>9,.2f}  {g * 0.062:>9,.2f}  {g * 0.0145:>9,.2f}  {g * 0.78:>11,.2f}   {acct}")
    foot = [f"TOTALS  {len(rows)} employees" + " " * 30 + f"questions: {em('us')}  fax {ph('us')}"]
    return "\n".join(head + rows + foot)

# ----------------------------------------------------------------------------- look-alike-only documents
def f_release():
    """Release notes / changelog style, look-alikes only (no PII by construction)."""
    lines = [f"## {la_version()} — {la_ts('date')}", "", "### Fixed",
             f"- IBAN validator no longer accepts {bad_iban_str()} (bad check digits)",
             f"- card form: {bad_card_str()} is now rejected client-side (Luhn)",
             f"- parser: reject octet > 255 in `{bad_ip_str()}`", f"- SSN masking covers `{bad_ssn_str()}` (never issued)",
             f"- bumped `lodash` {la_semver_range()}, `urllib3` {la_semver_range()}", "", "### Changed",
             f"- default timeout {la_duration()}, retries 3, colour {la_colour()}, umask {la_perm()}",
             f"- build {hx(7)} ({la_ts('isoz')}), image sha256:{hx(64)}", f"- tracking numbers like {la_tracking()} are linked",
             f"- coordinates ({la_coords()}) shown on the map; ISBN {la_isbn()}"]
    return "\n".join(lines[:3] + R.sample(lines[3:], R.randint(4, 8)))


FORMATS = [
    (f_kubectl, 6), (f_journald, 5), (f_kafka, 6), (f_graphql, 4), (f_terraform, 5), (f_pkg, 5), (f_chat_export, 7),
    (f_transcript, 9), (f_bank_csv, 7), (f_tsv, 5), (f_pytrace, 5), (f_protobuf, 5), (f_xff, 3), (f_signature, 7),
    (f_table, 5), (f_ldif, 4), (f_winevent, 4), (f_payment_msg, 4), (f_hl7, 3), (f_postfix, 3), (f_ansible, 3),
    (f_gitlog, 3), (f_config, 4), (f_sip, 2), (f_zone, 2), (f_alert, 3), (f_pdftext, 4), (f_release, 2),
    (f_jpos, 6), (f_dlp, 6), (f_letter, 6), (f_us_forms, 8), (f_payroll, 5),
]


# ============================================================================= checks
BRAND_RULES = [(r"4", (13, 16, 19)), (r"5[1-5]", (16,)), (r"2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)", (16,)),
               (r"3[47]", (15,)), (r"6011|65|64[4-9]", (16, 19)), (r"35(2[89]|[3-8]\d)", (16, 19)), (r"3[068]", (14, 16)),
               (r"62", (16, 17, 18, 19))]


def card_valid(digits):
    return luhn_ok(digits) and any(re.match(p, digits) and len(digits) in ls for p, ls in BRAND_RULES)


def ip_valid(s):
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
V4_RE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?!\.?\d)")
V6_RE = re.compile(r"(?<![\w:.])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]*)(?![\w:])")
RUN_RE = re.compile(r"\d(?:[ -]?\d)+")
IBAN_RE = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}")
SSN_RE = re.compile(r"(?<![\d-])(\d{3})[- ](\d{2})[- ](\d{4})(?![\d-])")
PLUS_RE = re.compile(r"\+\d[\d ()-]{6,}\d")


def hazards(text, spans):
    """Anything in the unlabelled text that would itself be a valid value."""
    m = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            m[i] = "\u2591"
    t = "".join(m)
    out = []
    for x in EMAIL_RE.finditer(t):
        out.append(("email", x.group()))
    for x in V4_RE.finditer(t):
        if ip_valid(x.group(1)) and not re.search(r"(?:[Vv]ersion[=: \"]*|v)$", t[:x.start()]):
            out.append(("ipv4", x.group(1)))
    for x in V6_RE.finditer(t):
        if x.group(1).count(":") >= 2 and ip_valid(x.group(1)):
            out.append(("ipv6", x.group(1)))
    for x in RUN_RE.finditer(t):
        d = re.sub(r"\D", "", x.group())
        if 13 <= len(d) <= 19 and card_valid(d):
            out.append(("card", x.group()))
    for x in IBAN_RE.finditer(t):
        c = x.group().replace(" ", "")
        L = IBAN_LEN.get(c[:2])
        if L and len(c) >= L and mod97(c[:L]) == 1:
            out.append(("iban", x.group()))
    for x in SSN_RE.finditer(t):
        a, g, s = x.groups()
        if a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000" and "-" in x.group():
            out.append(("ssn", x.group()))
    for x in PLUS_RE.finditer(t):
        if len(re.sub(r"\D", "", x.group())) >= 8:
            out.append(("phone", x.group()))
    return out


def check_doc(doc):
    text, spans = doc["text"], doc["spans"]
    last = 0
    for s in spans:
        assert s["start"] >= last and s["end"] > s["start"], s
        last = s["end"]
        v = text[s["start"]:s["end"]]
        before = text[s["start"] - 1] if s["start"] else " "
        after = text[s["end"]] if s["end"] < len(text) else " "
        assert not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum()), (v, before, after)
        k = s["type"]
        if k == CARD:
            assert card_valid(re.sub(r"[ -]", "", v)), v
        elif k == IBAN:
            c = v.replace(" ", "")
            assert IBAN_LEN[c[:2]] == len(c) and mod97(c) == 1, v
        elif k == IP:
            assert ip_valid(v), v
        elif k == EMAIL:
            assert EMAIL_RE.fullmatch(v) and before not in "._%+-" and after != "@", v
    h = hazards(text, spans)
    assert not h, h


def main():
    global CLEAN
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "pii-locales.jsonl")
    fns = [f for f, w in FORMATS for _ in range(w)]
    docs, redraws = [], 0
    while len(docs) < N_LINES:
        f = ch(fns)
        for attempt in range(20):
            _VALS.clear()
            CLEAN = R.random() < 0.09
            doc = finish(f())
            try:
                check_doc(doc)
                break
            except AssertionError as e:
                redraws += 1
                if os.environ.get("PII_DEBUG"):
                    print("redraw", f.__name__, e, file=sys.stderr)
                if attempt == 19:
                    raise
        docs.append(doc)
    CLEAN = False
    with open(out, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    counts = {}
    for d in docs:
        for s in d["spans"]:
            counts[s["type"]] = counts.get(s["type"], 0) + 1
    empty = sum(1 for d in docs if not d["spans"])
    print(f"wrote {len(docs)} lines to {out}; empty={empty}; redraws={redraws}; {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
