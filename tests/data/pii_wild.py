#!/usr/bin/env python3
"""pii_wild.py - writes pii-wild.jsonl, a labelled PII corpus in "wild" document shapes.

Imitates a held-out corpus described as "other sentence shapes, other locales, other
document formats (structured logs, CSV, e-mail, JSON), with look-alikes beside real
values", while avoiding the templates of pii_shapes.py / pii_formats.py / pii_locales.py.
Shapes: mbox / RFC 822 threads with "> " and ">> " quoted replies and signatures (en pt-BR
it nl pl de ja), Outlook / Google / HubSpot contact exports, call-detail records,
Stripe / chargeback / Adyen payment exports, HR TSV, logfmt, nginx / Apache error logs,
auth.log and RFC 5424 syslog, netfilter kernel logs, Windows event text, mysqldump /
COPY ... FROM stdin / slow-query log / UPDATE, HTML footers, JSON-LD and microdata,
vCard 2.1 / jCard, Zoom / Teams / Meet / Webex invitations with dial-ins and one-tap
strings, Confluence / org / AsciiDoc / reST tables, git diffs, traceroute / ping / ss /
ip addr / arp / dig output, Sentry events, invoices (IT NL PL PT BR ES DE AE IN JP FR UK),
carrier notifications, chats (pt-BR it nl pl ja ko ar hi-Latn; Slack / LINE / KakaoTalk /
Telegram / IRC exports), dotenv / compose / YAML fixtures / smb.conf / odbc.ini, helpdesk
JSON, HAProxy / CEF / LEEF, till receipts, MT940 statements, staff directories, incident
write-ups, US web-form notifications and screening-API JSON (SSNs), hotel / car / airline
bookings and payment-gateway debug logs (cards), prose in varied sentence shapes in twelve
languages, and look-alike-only documents.

Label scheme (as pii-dev.jsonl): one {"text", "spans": [{"start", "end", "type"}]} per
line, offsets in code points, end exclusive, types EMAIL_ADDRESS, PHONE_NUMBER,
CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS only (the six types pii-dev uses).
  * phone span: the whole number incl. leading "+", "00", parentheses, "(0)", and an
    extension ("x1960", " ext. 204"); never "tel:", quotes, or one-tap ",,123#" suffixes;
    fax numbers are phone numbers and are labelled;
  * e-mail span: the address only (no "mailto:", "<>", display name, "?subject=");
  * IP span: the address only (no brackets, ":port", "#port", "/prefix");
  * card span: the whole grouped number; IBAN span: the whole (possibly spaced) IBAN.
Validity: cards Luhn + issuer prefix + length; IBANs registry length + BBAN shape +
mod-97 (plus national keys for BE ES FR IT NO PT); SSNs area 001-899 except 666, group
not 00, serial not 0000; IPs parse with ipaddress; phones follow national numbering plans.
Look-alikes are never labelled and are checked: Luhn-failing card-length numbers,
IBAN-shaped strings failing mod-97 or length, SSN shapes with area 000/666/9xx, group 00
or serial 0000, ITINs, dotted quads with an octet > 255 (or version strings in a "build" /
"version" context, as pii-dev does), plus order / invoice / tracking numbers, dates,
epochs, UUIDs, hashes, tax ids (CPF, CNPJ, NIP, BSN, P.IVA, SIRET, GSTIN ...), postcodes,
amounts, ports, MACs, OIDs, IMEIs / IMSIs, meeting ids, internal extensions, Message-IDs,
image names like logo@2x.png, UPI ids, container digests, routing / sort codes, ISBNs, EANs.
Every document is checked before it is written (offsets, validity, and a scan of the
unlabelled text for any stray valid card / IBAN / SSN / IP / e-mail); failures are
redrawn from the same seeded stream.

Run: python3 pii_wild.py [OUT]   (default: pii-wild.jsonl next to this file; stdlib only,
deterministic: random.Random(SEED))
"""
import calendar
import collections
import datetime as dt
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata

SEED = 73019
R = random.Random(SEED)
N_DOCS = 400

EMAIL, PHONE, CARD, IBAN, SSN, IP = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                     "IBAN_CODE", "US_SSN", "IP_ADDRESS")
TYPES = (EMAIL, PHONE, CARD, IBAN, SSN, IP)


# ============================================================================ marking
def P(v, kind):
    """A labelled value."""
    assert kind in TYPES
    return f"\x01{kind}\x02{v}\x03"


def LA(v, kind="LA"):
    """An unlabelled look-alike (recorded so it can be checked and counted)."""
    return f"\x04{kind}\x02{v}\x05"


def finish(marked):
    out, spans, looks = [], [], []
    pos, i, n = 0, 0, len(marked)
    while i < n:
        c = marked[i]
        if c in "\x01\x04":
            j = marked.index("\x02", i)
            k = marked.index("\x03" if c == "\x01" else "\x05", j)
            kind, value = marked[i + 1:j], marked[j + 1:k]
            assert not re.search("[\x01-\x05]", value), repr(value)
            (spans if c == "\x01" else looks).append({"start": pos, "end": pos + len(value),
                                                      "type": kind, "value": value})
            out.append(value)
            pos += len(value)
            i = k + 1
        else:
            out.append(c)
            pos += 1
            i += 1
    return "".join(out), spans, looks


def jd(obj, **kw):
    """json.dumps that keeps the marker characters intact."""
    s = json.dumps(obj, ensure_ascii=False, **kw)
    for c in "\x01\x02\x03\x04\x05":
        s = s.replace("\\u%04x" % ord(c), c)
    return s


def ch(seq):
    return R.choice(seq)


def dg(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def dgnz(n):
    return R.choice("123456789") + dg(n - 1)


def hx(n, upper=False):
    s = "".join(R.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def an(n, alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"):
    return "".join(R.choice(alphabet) for _ in range(n))


def coin(p=0.5):
    return R.random() < p


BASE = dt.datetime(2024, 1, 2, 0, 0, 0)


def rdt():
    return BASE + dt.timedelta(seconds=R.randint(0, 520 * 86400))


def epoch(d):
    return calendar.timegm(d.timetuple())


# ============================================================================ people
NAMES = {
    "us": ["Tyler Brooks", "Megan O'Connor", "Jamal Washington", "Kaitlyn Nguyen", "Derek Hoffman",
           "Rosa Delgado", "Brianna Patel", "Marcus Greene", "Hannah Kowalski", "DeShawn Carter"],
    "ca": ["Émilie Tremblay", "Connor MacDonald", "Ava Gagnon", "Liam Côté", "Noémie Bouchard"],
    "uk": ["Oliver Pemberton", "Harriet Lowe", "Callum Fraser", "Imogen Walsh", "Rhys Llewellyn",
           "Niamh O'Brien", "Priya Chauhan"],
    "de": ["Jannik Brandt", "Lea Hoffmann", "Moritz Krüger", "Sophie Wagner", "Lukas Schäfer",
           "Jana Weiß", "Ömer Yıldız"],
    "fr": ["Camille Lefèvre", "Hugo Girard", "Manon Fontaine", "Théo Chevalier", "Léa Dubois"],
    "es": ["Lucía Navarro", "Álvaro Ortega", "Carmen Molina", "Sergio Castillo", "Nuria Vidal"],
    "it": ["Giorgia Conti", "Lorenzo Ferrari", "Martina Russo", "Stefano De Luca", "Elena Marchetti",
           "Paolo Barbieri", "Niccolò Santoro"],
    "nl": ["Femke Kuipers", "Joost van der Meer", "Anouk Peeters", "Sven de Graaf", "Lieke Bos",
           "Maarten Dekker", "Iris van Leeuwen"],
    "pl": ["Katarzyna Wójcik", "Piotr Kowalczyk", "Agnieszka Zielińska", "Tomasz Lewandowski",
           "Małgorzata Dąbrowska", "Paweł Szymański", "Łukasz Nowicki"],
    "br": ["Ana Beatriz Souza", "João Pedro Oliveira", "Mariana Costa", "Rafael Almeida",
           "Luíza Ferreira", "Thiago Ribeiro", "Camila Rocha", "Gustavo Araújo"],
    "pt": ["Inês Carvalho", "Tiago Mendes", "Beatriz Santos", "Duarte Lopes", "Leonor Pires"],
    "in": ["Rahul Sharma", "Priya Iyer", "Ankit Verma", "Sneha Reddy", "Arjun Mehta", "Pooja Nair",
           "Vikram Singh"],
    "au": ["Lachlan Murphy", "Chloe Fitzgerald", "Jack Thompson", "Matilda Wright", "Ngaio Parata"],
    "jp": [("佐藤 健", "ken", "sato"), ("鈴木 美咲", "misaki", "suzuki"), ("高橋 翔太", "shota", "takahashi"),
           ("田中 由美", "yumi", "tanaka"), ("伊藤 大輔", "daisuke", "ito"), ("渡辺 さくら", "sakura", "watanabe")],
    "kr": [("김민준", "minjun", "kim"), ("이서연", "seoyeon", "lee"), ("박지훈", "jihoon", "park"),
           ("최유나", "yuna", "choi"), ("정하은", "haeun", "jung")],
    "ae": [("محمد العتيبي", "mohammed", "alotaibi"), ("فاطمة الزهراء", "fatima", "alzahra"),
           ("عمر حداد", "omar", "haddad"), ("ليلى منصور", "layla", "mansour"), ("يوسف الشامسي", "yousef", "alshamsi")],
}

DOMAINS = {
    "us": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "comcast.net", "brightline-logistics.com",
           "harborviewdental.com", "northpeak.capital", "mail.acme-robotics.io"],
    "ca": ["sympatico.ca", "videotron.ca", "maplefreight.ca", "gmail.com"],
    "uk": ["btinternet.com", "hotmail.co.uk", "ashworth-legal.co.uk", "kingsmead.ac.uk", "nhs-trust.example.uk"],
    "de": ["web.de", "gmx.de", "t-online.de", "mueller-anlagenbau.de", "stadtwerke-beispiel.de", "posteo.de"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "atelier-girard.fr", "mairie-exemple.fr"],
    "es": ["telefonica.net", "navarro-abogados.es", "gmail.com", "clinica-molina.es"],
    "it": ["libero.it", "tiscali.it", "studio-marchetti.it", "ferramentarossi.it", "virgilio.it"],
    "nl": ["ziggo.nl", "kpnmail.nl", "dekkerbouw.nl", "fietsenwinkel-bos.nl", "xs4all.nl"],
    "pl": ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "kowalczyk-transport.pl"],
    "br": ["uol.com.br", "bol.com.br", "terra.com.br", "lojaverde.com.br", "construtora-araujo.com.br", "gmail.com"],
    "pt": ["sapo.pt", "mendes-advogados.pt", "gmail.com"],
    "in": ["rediffmail.com", "infotech-solutions.co.in", "sharmatraders.in", "gmail.com"],
    "au": ["bigpond.com", "optusnet.com.au", "southerncross-plumbing.com.au", "iinet.net.au"],
    "jp": ["yahoo.co.jp", "docomo.ne.jp", "sakura-shoji.co.jp", "ezweb.ne.jp"],
    "kr": ["naver.com", "daum.net", "hanmail.net", "hanbit-tech.co.kr"],
    "ae": ["alnoor-trading.ae", "emirates-logistics.com", "eim.ae"],
}


def fold(s):
    for a, b in (("ß", "ss"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("æ", "ae"), ("ı", "i"), ("đ", "d")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def person(loc):
    p = ch(NAMES[loc])
    if isinstance(p, tuple):
        return p
    parts = p.split()
    first = re.sub(r"[^a-z]", "", fold(parts[0]).lower())
    last = re.sub(r"[^a-z]", "", fold("".join(parts[1:])).lower())
    return (p, first, last)


def email(loc, p=None, style=None, domain=None):
    p = p or person(loc)
    _, f, l = p
    style = style or ch(["f.l", "f.l", "fl", "f_l", "l.f", "f.l+tag", "fl99", "f99", "l-f", "cap", "f.l.d"])
    tag = ch(["news", "shop", "work", "2024", "amazon", "bank"])
    local = {"f.l": f"{f}.{l}", "fl": f"{f[0]}{l}", "f_l": f"{f}_{l}", "l.f": f"{l}.{f}",
             "f.l+tag": f"{f}.{l}+{tag}", "fl99": f"{f}{l}{R.randint(1, 99)}", "f99": f"{f}{R.randint(70, 2005)}",
             "l-f": f"{l}-{f[0]}", "cap": f"{f.capitalize()}.{l.capitalize()}", "f.l.d": f"{f[0]}.{l}{R.randint(1, 9)}"}[style]
    return local + "@" + (domain or ch(DOMAINS[loc]))


COMPANY = {"us": ["brightline-logistics.com", "harborviewdental.com", "northpeak.capital"], "ca": ["maplefreight.ca"],
           "uk": ["ashworth-legal.co.uk", "kingsmead.ac.uk"], "de": ["mueller-anlagenbau.de", "stadtwerke-beispiel.de"],
           "fr": ["atelier-girard.fr", "mairie-exemple.fr"], "es": ["navarro-abogados.es", "clinica-molina.es"],
           "it": ["studio-marchetti.it", "ferramentarossi.it"], "nl": ["dekkerbouw.nl", "fietsenwinkel-bos.nl"],
           "pl": ["kowalczyk-transport.pl"], "br": ["lojaverde.com.br", "construtora-araujo.com.br"], "pt": ["mendes-advogados.pt"],
           "in": ["infotech-solutions.co.in", "sharmatraders.in"], "au": ["southerncross-plumbing.com.au"], "jp": ["sakura-shoji.co.jp"],
           "kr": ["hanbit-tech.co.kr"], "ae": ["alnoor-trading.ae", "emirates-logistics.com"]}
ROLE_LOC = {"de": ["info", "kontakt", "buchhaltung", "service", "rechnung"], "it": ["info", "amministrazione", "assistenza", "ordini"],
            "nl": ["info", "klantenservice", "administratie", "facturen"], "pl": ["biuro", "kontakt", "faktury"],
            "br": ["contato", "financeiro", "sac"], "pt": ["geral", "faturacao"], "es": ["info", "facturacion", "atencion.cliente"],
            "fr": ["contact", "compta", "service-client"], "jp": ["info", "support", "eigyo"], "kr": ["help", "cs"], "ae": ["info", "accounts", "sales"]}


def role_email(loc):
    return ch(ROLE_LOC.get(loc, ["info", "support", "billing", "accounts", "hr", "sales", "noreply", "bookings"])) + "@" + ch(COMPANY[loc])


def E(loc, p=None, style=None, domain=None):
    return P(email(loc, p, style, domain), EMAIL)


# ============================================================================ phones
US_AREAS = ["212", "415", "312", "617", "206", "303", "512", "702", "646", "213", "404", "305", "713", "480",
            "503", "612", "718", "801", "470", "628", "737", "919", "202", "314", "216", "858"]
CA_AREAS = ["416", "604", "514", "613", "403", "780", "902", "647", "438", "506", "204"]
TOLLFREE = ["800", "888", "877", "866", "855"]


def nxx():
    while True:
        e = ch("23456789") + dg(2)
        if e[1:] != "11" and e != "555":
            return e


def ph_nanp(ca=False, style=None, ext=None, tollfree=False):
    a = ch(TOLLFREE) if tollfree else ch(CA_AREAS if ca else US_AREAS)
    e, l = nxx(), dg(4)
    f = {"paren": f"({a}) {e}-{l}", "paren_ns": f"({a}){e}-{l}", "dash": f"{a}-{e}-{l}", "dot": f"{a}.{e}.{l}",
         "sp": f"{a} {e} {l}", "plus_sp": f"+1 {a} {e} {l}", "plus_dash": f"+1-{a}-{e}-{l}",
         "plus_paren": f"+1 ({a}) {e}-{l}", "one_dash": f"1-{a}-{e}-{l}", "e164": f"+1{a}{e}{l}",
         "plus_dot": f"+1.{a}.{e}.{l}", "one_paren": f"1 ({a}) {e}-{l}"}
    s = f[style] if style else ch(list(f.values()))
    if ext is None:
        ext = coin(0.15)
    if ext:
        s += ch([f"x{dg(R.randint(3, 5))}", f" x{dg(3)}", f" ext. {dg(R.randint(2, 4))}", f" ext {dg(3)}",
                 f" Ext. {dg(4)}", f"x{dg(4)}"])
    return s


def ph_uk(style=None, ext=None):
    k = ch(["lon", "lon", "city", "mob", "mob", "mob"])
    if k == "lon":
        n = ch("378") + dg(7)
        a, sub = "20", f"{n[:4]} {n[4:]}"
    elif k == "city":
        a = ch(["161", "121", "113", "141", "131", "117", "191", "115", "118", "114"])
        n = ch("2345789") + dg(6)
        sub = f"{n[:3]} {n[3:]}"
    else:
        a = "7" + ch(["400", "412", "507", "723", "824", "852", "911", "947", "960", "980", "387", "578"])
        sub = dg(6)
    f = {"nat": f"0{a} {sub}", "intl": f"+44 {a} {sub}", "intl0": f"+44 (0){a} {sub}", "zz": f"0044 {a} {sub}",
         "e164": "+44" + a + sub.replace(" ", ""), "natc": f"0{a}{sub.replace(' ', '')}"}
    s = f[style] if style else ch(list(f.values()))
    if ext is None:
        ext = coin(0.1)
    if ext and k != "mob":
        s += ch([f" ext. {dg(3)}", f" x{dg(4)}", f" ext {dg(3)}"])
    return s


def ph_de(style=None):
    if coin():
        a = ch(["30", "40", "89", "69", "221", "211", "711", "341", "351", "511", "911", "228", "201", "231", "561", "761"])
        s = ch("23456789") + dg((7 if len(a) == 2 else 6) - 1 + R.randint(0, 1))
        mob = False
    else:
        a = ch(["151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "177", "179"])
        s = dg(8 if a.startswith("15") else R.choice([7, 8]))
        mob = True
    f = {"nat": f"0{a} {s}", "slash": f"0{a}/{s}", "dash": f"0{a}-{s}", "intl": f"+49 {a} {s}",
         "intl0": f"+49 (0){a} {s}", "zz": f"0049 {a} {s}", "e164": f"+49{a}{s}",
         "grp": f"0{a} {s[:3]} {s[3:]}" if mob else f"0{a} {s}"}
    return f[style] if style else ch(list(f.values()))


def ph_fr(style=None):
    z = ch("1234566677")
    d = dg(8)
    if z == "7":
        d = ch("3456789") + d[1:]
    pairs = " ".join(d[i:i + 2] for i in range(0, 8, 2))
    f = {"nat": f"0{z} {pairs}", "dot": f"0{z}." + pairs.replace(" ", "."), "intl": f"+33 {z} {pairs}",
         "intl0": f"+33 (0){z} {pairs}", "zz": f"0033 {z} {pairs}", "e164": f"+33{z}{d}", "natc": f"0{z}{d}"}
    return f[style] if style else ch(list(f.values()))


def ph_it(style=None):
    if coin():
        p = ch(["320", "328", "333", "338", "339", "340", "345", "347", "348", "349", "351", "366", "380", "392"])
        n = dg(7)
        f = {"nat": f"{p} {n[:3]} {n[3:]}", "natc": f"{p} {n}", "dash": f"{p}-{n}", "dot": f"{p}.{n[:3]}.{n[3:]}",
             "slash": f"{p}/{n}", "intl": f"+39 {p} {n[:3]} {n[3:]}", "zz": f"0039 {p} {n}", "e164": f"+39{p}{n}",
             "intld": f"+39 {p}-{n}"}
    else:
        a = ch(["06", "02", "011", "055", "081", "051", "041", "010", "091", "045"])
        n = ch("2345789") + dg(10 - len(a) - 1)
        g = f"{n[:4]} {n[4:]}" if len(a) == 2 else f"{n[:3]} {n[3:]}"
        f = {"nat": f"{a} {g}", "natc": f"{a} {n}", "slash": f"{a}/{n}", "intl": f"+39 {a} {g}", "zz": f"0039 {a} {g}",
             "e164": f"+39{a}{n}", "dash": f"{a}-{n}"}
    return f[style] if style else ch(list(f.values()))


def ph_es(style=None):
    if coin(0.55):
        n = "6" + dg(8) if coin(0.8) else "7" + ch("1234") + dg(7)
        g2 = f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"
    else:
        n = ch(["91", "93", "95", "96", "94", "98", "92"]) + ch("2345678") + dg(6)
        g2 = f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"
    g1 = f"{n[:3]} {n[3:6]} {n[6:]}"
    f = {"nat": g1, "nat2": g2, "intl": f"+34 {g1}", "intl2": f"+34 {g2}", "zz": f"0034 {g1}", "e164": f"+34{n}", "natc": n}
    return f[style] if style else ch(list(f.values()))


def ph_nl(style=None):
    if coin():
        s = ch("123456") + dg(7)
        f = {"dash": f"06-{s}", "sp": f"06 {s[:4]} {s[4:]}", "pairs": f"06 {s[:2]} {s[2:4]} {s[4:6]} {s[6:]}",
             "intl": f"+31 6 {s}", "intlg": f"+31 6 {s[:4]} {s[4:]}", "intl0": f"+31 (0)6 {s}", "e164": f"+316{s}",
             "zz": f"0031 6 {s}"}
    else:
        a = ch(["20", "10", "70", "30", "40", "50", "13", "15", "23", "24", "26", "43", "45", "53", "58", "71", "73", "76", "79"])
        s = ch("2345678") + dg(6)
        f = {"dash": f"0{a}-{s[:3]} {s[3:]}", "dashc": f"0{a}-{s}", "sp": f"0{a} {s[:3]} {s[3:]}",
             "intl": f"+31 {a} {s[:3]} {s[3:]}", "intl0": f"+31 (0){a} {s[:3]} {s[3:]}", "zz": f"0031 {a} {s}",
             "e164": f"+31{a}{s}"}
    return f[style] if style else ch(list(f.values()))


def ph_pl(style=None):
    if coin(0.6):
        p = ch(["501", "502", "504", "510", "512", "531", "533", "535", "570", "600", "601", "602", "604", "605", "660",
                "661", "664", "690", "691", "692", "696", "720", "721", "730", "781", "782", "790", "791", "880", "881", "885", "887"])
        n = p + dg(6)
        g = f"{n[:3]} {n[3:6]} {n[6:]}"
        f = {"nat": g, "dash": g.replace(" ", "-"), "intl": f"+48 {g}", "intld": "+48 " + g.replace(" ", "-"),
             "e164": f"+48{n}", "zz": f"0048 {g}", "paren": f"(+48) {g}"}
    else:
        a = ch(["22", "12", "61", "71", "58", "42", "32", "81", "91", "85"])
        s = ch("2345678") + dg(6)
        f = {"nat": f"{a} {s[:3]} {s[3:5]} {s[5:]}", "paren": f"({a}) {s[:3]}-{s[3:5]}-{s[5:]}",
             "intl": f"+48 {a} {s[:3]} {s[3:5]} {s[5:]}", "e164": f"+48{a}{s}"}
    return f[style] if style else ch(list(f.values()))


def ph_br(style=None, mobile=None):
    ddd = ch(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48", "62", "92", "13"])
    mobile = coin(0.65) if mobile is None else mobile
    if mobile:
        n = "9" + ch("6789") + dg(7)
        loc = f"{n[:5]}-{n[5:]}"
    else:
        n = ch("2345") + dg(7)
        loc = f"{n[:4]}-{n[4:]}"
    f = {"paren": f"({ddd}) {loc}", "sp": f"{ddd} {loc}", "intl": f"+55 {ddd} {loc}", "intlp": f"+55 ({ddd}) {loc}",
         "e164": f"+55{ddd}{n}", "paren_ns": f"({ddd}){loc}", "zero": f"(0{ddd}) {loc}"}
    return f[style] if style else ch(list(f.values()))


def ph_pt(style=None):
    if coin(0.6):
        n = "9" + ch("1236") + dg(7)
        g = f"{n[:3]} {n[3:6]} {n[6:]}"
    else:
        n = ch(["21", "22"]) + ch("2345678") + dg(6)
        g = f"{n[:2]} {n[2:5]} {n[5:]}"
    f = {"nat": g, "intl": f"+351 {g}", "e164": f"+351{n}", "zz": f"00351 {g}"}
    return f[style] if style else ch(list(f.values()))


def ph_in(style=None):
    if coin(0.7):
        n = ch("6789") + dg(9)
        f = {"sp": f"{n[:5]} {n[5:]}", "intl": f"+91 {n[:5]} {n[5:]}", "intld": f"+91-{n[:5]}-{n[5:]}",
             "intlc": f"+91 {n}", "zero": f"0{n[:5]} {n[5:]}", "e164": f"+91{n}", "intl_dash": f"+91-{n}"}
    else:
        std = ch(["22", "11", "80", "44", "33", "40", "20"])
        s = ch("23456") + dg(7)
        f = {"nat": f"0{std} {s[:4]} {s[4:]}", "dash": f"0{std}-{s[:4]}-{s[4:]}", "paren": f"(0{std}) {s[:4]} {s[4:]}",
             "intl": f"+91 {std} {s[:4]} {s[4:]}", "intld": f"+91-{std}-{s[:4]}-{s[4:]}", "natc": f"0{std}-{s}", "e164": f"+91{std}{s}"}
    return f[style] if style else ch(list(f.values()))


def ph_jp(style=None):
    k = ch(["mob", "mob", "mob", "tokyo", "osaka", "3dig", "free"])
    b = dg(4)
    if k == "free":
        return f"0120-{dg(3)}-{dg(3)}"
    if k == "mob":
        p, a = ch(["90", "80", "70"]), ch("123456789") + dg(3)
    elif k == "tokyo":
        p, a = "3", ch("3456") + dg(3)
    elif k == "osaka":
        p, a = "6", ch("6789") + dg(3)
    else:
        p, a = ch(["45", "52", "92", "75", "78", "11", "22"]), ch("23456789") + dg(2)
    f = {"nat": f"0{p}-{a}-{b}", "paren": f"(0{p}) {a}-{b}", "jpp": f"0{p}({a}){b}", "intl": f"+81 {p}-{a}-{b}",
         "intld": f"+81-{p}-{a}-{b}", "intls": f"+81 {p} {a} {b}", "e164": f"+81{p}{a}{b}"}
    if style is None:
        style = ch(["nat", "nat", "nat", "paren", "jpp", "intl", "intld", "intls", "e164"])
    return f[style]


def ph_kr(style=None):
    b = dg(4)
    k = ch(["mob", "mob", "mob", "seoul", "other"])
    if k == "mob":
        a = ch("23456789") + dg(3)
        f = {"nat": f"010-{a}-{b}", "intl": f"+82 10-{a}-{b}", "intld": f"+82-10-{a}-{b}", "intls": f"+82 10 {a} {b}",
             "e164": f"+8210{a}{b}", "natsp": f"010 {a} {b}"}
    elif k == "seoul":
        a = ch("23456789") + dg(R.choice([2, 3]))
        f = {"nat": f"02-{a}-{b}", "intl": f"+82 2-{a}-{b}", "intls": f"+82 2 {a} {b}", "paren": f"(02) {a}-{b}"}
    else:
        area = ch(["31", "32", "51", "53", "42", "62", "64"])
        a = ch("23456789") + dg(R.choice([2, 3]))
        f = {"nat": f"0{area}-{a}-{b}", "intl": f"+82 {area}-{a}-{b}"}
    return f.get(style) or ch(list(f.values()))


def ph_au(style=None):
    k = ch(["mob", "mob", "land", "land", "rate"])
    if k == "rate":
        return f"{ch(['1300', '1800'])} {dg(3)} {dg(3)}"
    if k == "mob":
        n = "4" + dg(8)
        f = {"nat": f"0{n[:3]} {n[3:6]} {n[6:]}", "intl": f"+61 {n[:3]} {n[3:6]} {n[6:]}",
             "intl2": f"+61 {n[0]} {n[1:5]} {n[5:]}", "e164": f"+61{n}", "natc": f"0{n}"}
    else:
        a = ch("2378")
        s = ch("3456789") + dg(7)
        f = {"paren": f"(0{a}) {s[:4]} {s[4:]}", "nat": f"0{a} {s[:4]} {s[4:]}", "intl": f"+61 {a} {s[:4]} {s[4:]}",
             "intl0": f"+61 (0){a} {s[:4]} {s[4:]}", "e164": f"+61{a}{s}"}
    return f.get(style) or ch(list(f.values()))


def ph_ae(style=None):
    if coin(0.65):
        p = ch(["50", "52", "54", "55", "56", "58"])
        s = ch("123456789") + dg(6)
        f = {"intl": f"+971 {p} {s[:3]} {s[3:]}", "intld": f"+971-{p}-{s[:3]}-{s[3:]}", "nat": f"0{p} {s[:3]} {s[3:]}",
             "zz": f"00971 {p} {s}", "e164": f"+971{p}{s}", "intlc": f"+971 {p} {s}"}
    else:
        a = ch("24679")
        s = ch("2345678") + dg(6)
        f = {"intl": f"+971 {a} {s[:3]} {s[3:]}", "nat": f"0{a} {s[:3]} {s[3:]}", "e164": f"+971{a}{s}"}
    return f.get(style) or ch(list(f.values()))


PH = {"us": ph_nanp, "ca": lambda style=None: ph_nanp(ca=True, style=style), "uk": ph_uk, "de": ph_de,
      "fr": ph_fr, "it": ph_it, "es": ph_es, "nl": ph_nl, "pl": ph_pl, "br": ph_br, "pt": ph_pt, "in": ph_in,
      "jp": ph_jp, "kr": ph_kr, "au": ph_au, "ae": ph_ae}


def ph(loc, style=None, **kw):
    return PH[loc](style=style, **kw) if kw else PH[loc](style=style)


def PHN(loc, style=None, **kw):
    return P(ph(loc, style, **kw), PHONE)


def ph_intl(loc):
    """A number of the locale written internationally with a leading '+' (spaced)."""
    while True:
        v = ph(loc, "plus_sp" if loc in ("us", "ca") else "intl")
        if v.startswith("+") and " " in v and not re.search("x|ext", v):
            return v


def compact_e164(s):
    """'+44 20 7946 0321' -> '+442079460321' (for tel: hrefs); NANP/other nationals get the country code."""
    s = re.sub(r"\s*(x|ext\.?|Ext\.?)\s*\d+$", "", s)
    d = re.sub(r"\D", "", s.replace("(0)", ""))
    if s.lstrip("(").startswith("+"):
        return "+" + d
    if s.startswith("00"):
        return "+" + d[2:]
    return None


# ============================================================================ cards
def luhn_ok(d):
    t = 0
    for i, c in enumerate(reversed(d)):
        x = int(c)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        t += x
    return t % 10 == 0


def luhn_fill(prefix, n):
    body = prefix + dg(n - len(prefix) - 1)
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


def card_brand(d):
    n = len(d)
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720) and n == 16:
        return "mc"
    if d[:2] in ("34", "37") and n == 15:
        return "amex"
    if (d[:4] == "6011" or d[:2] == "65" or 644 <= int(d[:3]) <= 649) and 16 <= n <= 19:
        return "discover"
    if 3528 <= int(d[:4]) <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (d[:2] in ("36", "38") or 300 <= int(d[:3]) <= 305) and 14 <= n <= 19:
        return "diners"
    return None


def card_valid(d):
    return d.isdigit() and 13 <= len(d) <= 19 and luhn_ok(d) and card_brand(d) is not None


def card_digits(brand=None):
    brand = brand or ch(["visa", "visa", "visa", "mc", "mc", "mc2", "amex", "amex", "disc", "jcb", "diners"])
    if brand == "visa":
        return luhn_fill("4" + ch(["0", "1", "2", "4", "5", "7", "8", "9"]) + dg(4), 16)
    if brand == "mc":
        return luhn_fill(str(R.randint(51, 55)), 16)
    if brand == "mc2":
        return luhn_fill(str(R.randint(2221, 2720)), 16)
    if brand == "amex":
        return luhn_fill(ch(["34", "37"]), 15)
    if brand == "disc":
        return luhn_fill(ch(["6011", "65", "644", "649"]), 16)
    if brand == "jcb":
        return luhn_fill(str(R.randint(3528, 3589)), 16)
    return luhn_fill(ch(["36", "38"]), 14)


def card_fmt(d, style=None):
    style = style or ch(["plain", "space", "space", "dash"])
    if style == "plain":
        return d
    sep = " " if style == "space" else "-"
    if len(d) == 15:
        g = [d[:4], d[4:10], d[10:]]
    elif len(d) == 14:
        g = [d[:4], d[4:10], d[10:]]
    else:
        g = [d[i:i + 4] for i in range(0, len(d), 4)]
    return sep.join(g)


def CC(brand=None, style=None):
    return P(card_fmt(card_digits(brand), style), CARD)


BRAND_NAME = {"4": "VISA", "5": "MASTERCARD", "2": "MASTERCARD", "3": "AMEX", "6": "DISCOVER"}


# ============================================================================ IBANs
IBAN_SPEC = {  # length, bban spec
    "DE": (22, "8n10n"), "GB": (22, "4a6n8n"), "NL": (18, "4a10n"), "FR": (27, "5n5n11c2n"), "IT": (27, "1a5n5n12c"),
    "ES": (24, "4n4n1n1n10n"), "PL": (28, "8n16n"), "PT": (25, "4n4n11n2n"), "BE": (16, "3n7n2n"), "AT": (20, "5n11n"),
    "CH": (21, "5n12c"), "IE": (22, "4a6n8n"), "SE": (24, "3n16n1n"), "NO": (15, "4n6n1n"), "DK": (18, "4n9n1n"),
    "FI": (18, "3n11n"), "BR": (29, "8n5n10n1a1c"), "AE": (23, "3n16n"), "SA": (24, "2n18c"), "TR": (26, "5n1n16c"),
    "LU": (20, "3n13c"), "CZ": (24, "4n6n10n"),
}


def bban_regex(spec):
    cls = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}
    return "".join(f"{cls[k]}{{{n}}}" for n, k in re.findall(r"(\d+)([nac])", spec))


BBAN_RE = {cc: re.compile("^" + bban_regex(s) + "$") for cc, (_, s) in IBAN_SPEC.items()}


def mod97(s):
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban_valid(compact):
    cc = compact[:2]
    if cc not in IBAN_SPEC or len(compact) != IBAN_SPEC[cc][0]:
        return False
    if not compact[2:4].isdigit() or not BBAN_RE[cc].match(compact[4:]):
        return False
    return mod97(compact[4:] + compact[:4]) == 1


def _es_dc(s10):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(a) * b for a, b in zip(s10, w)) % 11
    return {11: 0, 10: 1}.get(d, d)


IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _it_cin(s22):
    t = 0
    for i, c in enumerate(s22):
        v = int(c) if c.isdigit() else ord(c) - 65
        t += IT_ODD[v] if i % 2 == 0 else v
    return chr(65 + t % 26)


BANKS = {
    "DE": ["10010010", "37040044", "50010517", "20041133", "70150000", "10050000", "50070010", "76026000", "60050101", "12030000"],
    "GB": [("NWBK", "60"), ("BARC", "20"), ("LOYD", "30"), ("HBUK", "40"), ("MIDL", "40"), ("MONZ", "04")],
    "NL": ["ABNA", "INGB", "RABO", "TRIO", "KNAB", "BUNQ", "SNSB", "ASNB"],
    "FR": ["30004", "30003", "20041", "10278", "30002", "10107", "18206"],
    "IT": ["03069", "02008", "05034", "03062", "01030", "05696", "03111"],
    "ES": ["2100", "0049", "0182", "0081", "2085", "0128", "1465"],
    "PL": ["10901014", "11402004", "10201026", "10501445", "12401037", "24901044", "10203219"],
    "PT": ["0033", "0035", "0007", "0010", "0036", "0018"],
    "BE": ["310", "001", "068", "363", "735", "539", "063"],
    "AT": ["12000", "20111", "14000", "32000", "60000", "38000"],
    "CH": ["00762", "00230", "09000", "00700", "08390"],
    "IE": ["AIBK", "BOFI", "IPBS"], "SE": ["500", "800", "600", "300", "120"],
    "BR": ["00360305", "60701190", "00000000", "90400888"], "AE": ["033", "026", "035", "044", "030"],
    "TR": ["00062", "00010", "00046", "00064", "00067"], "SA": ["80", "10", "45", "20"],
}


def bban(cc):
    if cc == "DE":
        return ch(BANKS["DE"]) + dg(10)
    if cc == "GB":
        b, s = ch(BANKS["GB"])
        return b + s + dg(4) + dg(8)
    if cc == "IE":
        return ch(BANKS["IE"]) + "9" + dg(5) + dg(8)
    if cc == "NL":
        return ch(BANKS["NL"]) + "0" + dgnz(9)
    if cc == "FR":
        b, g, a = ch(BANKS["FR"]), dg(5), dg(11)
        key = 97 - ((89 * int(b) + 15 * int(g) + 3 * int(a)) % 97)
        return f"{b}{g}{a}{key:02d}"
    if cc == "IT":
        rest = ch(BANKS["IT"]) + dg(5) + ch(["0000", "1000"]) + dg(8)
        return _it_cin(rest) + rest
    if cc == "ES":
        b, o, a = ch(BANKS["ES"]), dg(4), dg(10)
        return f"{b}{o}{_es_dc('00' + b + o)}{_es_dc(a)}{a}"
    if cc == "PL":
        return ch(BANKS["PL"]) + dg(16)
    if cc == "PT":
        s19 = ch(BANKS["PT"]) + dg(4) + dg(11)
        return s19 + "%02d" % (98 - (int(s19) * 100) % 97)
    if cc == "BE":
        s10 = ch(BANKS["BE"]) + dg(7)
        k = int(s10) % 97 or 97
        return s10 + "%02d" % k
    if cc == "AT":
        return ch(BANKS["AT"]) + "00" + dg(9)
    if cc == "CH":
        return ch(BANKS["CH"]) + "0" + dg(11)
    if cc == "SE":
        return ch(BANKS["SE"]) + "0000" + dg(13)
    if cc == "NO":
        while True:
            s10 = dgnz(4) + dg(6)
            w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
            k = 11 - sum(int(a) * b for a, b in zip(s10, w)) % 11
            if k == 11:
                k = 0
            if k != 10:
                return s10 + str(k)
    if cc == "DK":
        return dgnz(4) + dg(10)
    if cc == "FI":
        return dgnz(3) + dg(11)
    if cc == "BR":
        return ch(BANKS["BR"]) + dg(5) + dg(10) + ch("CP") + "1"
    if cc == "AE":
        return ch(BANKS["AE"]) + dg(16)
    if cc == "SA":
        return ch(BANKS["SA"]) + dg(18)
    if cc == "TR":
        return ch(BANKS["TR"]) + "0" + dg(16)
    if cc == "LU":
        return dg(3) + dg(13)
    if cc == "CZ":
        return ch(["0800", "0100", "2010", "0300"]) + "0000" + dg(2) + dg(10)
    raise KeyError(cc)


def iban_compact(cc):
    b = bban(cc)
    chk = 98 - mod97(b + cc + "00")
    s = f"{cc}{chk:02d}{b}"
    assert iban_valid(s), s
    return s


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban_str(cc, spaced=None):
    s = iban_compact(cc)
    spaced = coin(0.55) if spaced is None else spaced
    return group4(s) if spaced else s


def IB(cc, spaced=None):
    return P(iban_str(cc, spaced), IBAN)


LOC_CC = {"de": "DE", "uk": "GB", "nl": "NL", "fr": "FR", "it": "IT", "es": "ES", "pl": "PL", "pt": "PT", "br": "BR",
          "ae": "AE", "be": "BE", "at": "AT", "ch": "CH", "ie": "IE"}


def la_bad_iban(cc=None, spaced=None):
    """IBAN-shaped but invalid: wrong check digits, or one character short/long."""
    cc = cc or ch(list(IBAN_SPEC))
    good = iban_compact(cc)
    mode = ch(["chk", "chk", "len"])
    while True:
        if mode == "chk":
            c2 = "%02d" % ((int(good[2:4]) + R.randint(1, 96)) % 97 + 2)
            s = good[:2] + c2[-2:] + good[4:]
        else:
            s = good[:-1]  # (a longer string would still contain the valid IBAN)
        if not iban_valid(s):
            break
    spaced = coin(0.5) if spaced is None else spaced
    return LA(group4(s) if spaced else s, "IBANLIKE")


# ============================================================================ SSN
def ssn_valid(s):
    m = re.fullmatch(r"(\d{3})([- ]?)(\d{2})\2(\d{4})", s)
    if not m:
        return False
    a, g, n = m.group(1), m.group(3), m.group(4)
    return a not in ("000", "666") and a[0] != "9" and g != "00" and n != "0000"


def ssn_str(sep=None):
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        g, n = R.randint(1, 99), R.randint(1, 9999)
        s = f"{a:03d}-{g:02d}-{n:04d}"
        if s not in ("078-05-1120", "219-09-9999", "123-45-6789"):
            break
    sep = sep if sep is not None else ch(["-", "-", "-", "-", " "])
    return s.replace("-", sep)


def SS(sep=None):
    return P(ssn_str(sep), SSN)


def la_bad_ssn(sep="-"):
    k = ch(["000", "666", "9xx", "g00", "s0000"])
    a, g, n = "%03d" % R.randint(1, 899), "%02d" % R.randint(1, 99), "%04d" % R.randint(1, 9999)
    if a == "666":
        a = "667"
    if k == "000":
        a = "000"
    elif k == "666":
        a = "666"
    elif k == "9xx":
        a = str(R.randint(900, 999))
    elif k == "g00":
        g = "00"
    else:
        n = "0000"
    return LA(f"{a}{sep}{g}{sep}{n}", "SSNLIKE")


def la_itin():  # 9xx-7x-xxxx: an ITIN, not an SSN
    return LA(f"9{dg(2)}-{ch('78')}{dg(1)}-{dg(4)}", "SSNLIKE")


def la_ein():
    return LA(f"{R.randint(10, 98)}-{dg(7)}", "TAXID")


# ============================================================================ IPs
def ip4(kind=None):
    kind = kind or ch(["pub", "pub", "pub", "priv", "priv", "doc", "cgnat"])
    if kind == "priv":
        return ch([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                   f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                   f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}"])
    if kind == "doc":
        return ch(["192.0.2", "198.51.100", "203.0.113"]) + f".{R.randint(1, 254)}"
    if kind == "cgnat":
        return f"100.{R.randint(64, 127)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    while True:
        a = R.randint(1, 223)
        if a not in (10, 100, 127, 169, 172, 192, 198, 203):
            return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def ip6(kind=None):
    kind = kind or ch(["full", "comp", "comp", "comp", "mapped", "ll", "upper", "lead0"])
    if kind == "mapped":
        return "::ffff:" + ip4(ch(["pub", "priv", "doc"]))
    pre = ch(["2001:db8", "2a02:" + hx(4), "2600:" + hx(4), "2a01:" + hx(4), "2001:" + hx(4), "2804:" + hx(3), "240e:" + hx(3)])
    if kind == "ll":
        pre = "fe80:0"
    groups = pre.split(":") + [hx(R.randint(1, 4)) for _ in range(6)]
    if kind in ("comp", "ll"):
        z0 = R.randint(2, 5)
        zl = R.randint(2, 8 - z0 - 1) if kind == "comp" else 3
        for i in range(z0, z0 + zl):
            groups[i] = "0"
        if kind == "ll":
            groups[1:4] = ["0", "0", "0"]
        return str(ipaddress.IPv6Address(":".join(groups)))
    if kind == "lead0":
        return ":".join(g.zfill(4) for g in groups)
    s = ":".join(g.lstrip("0") or "0" for g in groups)
    return s.upper() if kind == "upper" else s



def IPV(kind=None, v6=None):
    if v6 is True:
        return P(ip6(kind), IP)
    if v6 is None and coin(0.2):
        return P(ip6(), IP)
    return P(ip4(kind), IP)


def ip_valid(s):
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


# ============================================================================ look-alikes
def la_date(loc="iso", d=None):
    d = d or rdt()
    mo_pt = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"]
    mo_nl = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
    mo_pl = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"]
    mo_it = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"]
    f = {"iso": d.strftime("%Y-%m-%d"), "us": d.strftime("%m/%d/%Y"), "eu": d.strftime("%d/%m/%Y"), "de": d.strftime("%d.%m.%Y"),
         "pl": d.strftime("%d.%m.%Y"), "nl": f"{d.day} {mo_nl[d.month - 1]} {d.year}", "br": d.strftime("%d/%m/%Y"),
         "pt": f"{d.day} de {mo_pt[d.month - 1]} de {d.year}", "it": f"{d.day} {mo_it[d.month - 1]} {d.year}",
         "plw": f"{d.day} {mo_pl[d.month - 1]} {d.year}", "jp": f"{d.year}年{d.month}月{d.day}日", "kr": f"{d.year}. {d.month}. {d.day}.",
         "uk": d.strftime("%d %b %Y"), "ae": d.strftime("%d/%m/%Y"), "in": d.strftime("%d-%m-%Y"), "short": d.strftime("%d/%m/%y")}
    return LA(f.get(loc, f["iso"]), "DATE")


def la_ts(kind=None, d=None):
    d = d or rdt()
    kind = kind or ch(["iso", "isotz", "rfc2822", "clf", "syslog", "epoch", "epochms", "pylog", "compact"])
    ms = R.randint(0, 999)
    tz = ch(["+01:00", "-05:00", "+09:00", "+05:30", "-03:00", "+02:00", "Z"])
    f = {"iso": d.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms:03d}Z", "isotz": d.strftime("%Y-%m-%dT%H:%M:%S") + tz,
         "rfc2822": d.strftime("%a, %d %b %Y %H:%M:%S ") + ch(["+0100", "-0500", "+0000", "+0900", "-0300"]),
         "clf": d.strftime("%d/%b/%Y:%H:%M:%S ") + ch(["+0000", "+0100", "-0400"]),
         "syslog": d.strftime("%b ") + f"{d.day:>2}" + d.strftime(" %H:%M:%S"), "epoch": str(epoch(d)),
         "epochms": str(epoch(d) * 1000 + ms), "pylog": d.strftime("%Y-%m-%d %H:%M:%S") + f",{ms:03d}",
         "compact": d.strftime("%Y%m%dT%H%M%SZ"), "nginx": d.strftime("%Y/%m/%d %H:%M:%S"),
         "apache": d.strftime("%a %b %d %H:%M:%S") + f".{R.randint(0, 999999):06d}" + d.strftime(" %Y"),
         "win": d.strftime("%m/%d/%Y %I:%M:%S %p"), "sql": d.strftime("%Y-%m-%d %H:%M:%S"), "hm": d.strftime("%H:%M")}
    return LA(f[kind], "TS")


def la_version(kind=None):
    kind = kind or ch(["4big", "4big", "semver", "semver", "pre", "build4"])
    if kind == "4big":  # 4 dotted parts, one > 255: never an IPv4
        parts = [str(R.randint(1, 16)), str(R.randint(0, 9)), str(R.randint(256, 29999)), str(R.randint(0, 9999))]
        if coin():
            parts[1], parts[2] = parts[2], parts[1]
        v = ".".join(parts)
    elif kind == "semver":
        v = f"{R.randint(0, 14)}.{R.randint(0, 40)}.{R.randint(0, 30)}"
    elif kind == "pre":
        v = f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}-{ch(['rc.', 'beta.', 'alpha.'])}{R.randint(1, 5)}"
    else:  # all-octet 4-part version; only ever used after "build"/"version" (pii-dev does this too)
        v = f"{R.randint(1, 12)}.{R.randint(0, 30)}.{R.randint(0, 255)}.{R.randint(0, 255)}"
    return LA(v, "VERSION")


def la_dob(fmt="iso"):
    d = dt.date(1950, 1, 1) + dt.timedelta(days=R.randint(0, 54 * 365))
    return LA({"iso": d.isoformat(), "us": d.strftime("%m/%d/%Y"), "eu": d.strftime("%d/%m/%Y")}[fmt], "DATE")


def la_uuid():
    return LA(f"{hx(8)}-{hx(4)}-4{hx(3)}-{ch('89ab')}{hx(3)}-{hx(12)}", "UUID")


def la_sha(n=40):
    return LA(hx(n), "HASH")


def la_order(kind=None):
    kind = kind or ch(["ord", "hash", "so", "amz", "po", "num8"])
    v = {"ord": f"ORD-{dg(8)}", "hash": f"#{dgnz(7)}", "so": f"SO{dg(9)}", "amz": f"{ch(['111', '112', '113', '114'])}-{dg(7)}-{dg(7)}",
         "po": f"PO-{R.randint(2023, 2025)}-{dg(5)}", "num8": dgnz(8), "num10": dgnz(10), "num12": dgnz(12)}[kind]
    return LA(v, "ORDER")


def la_invoice(loc="us"):
    y = R.randint(2023, 2025)
    v = {"it": f"{y}/{dg(5)}", "nl": f"{y}-{dg(4)}", "pl": f"FV/{y}/{R.randint(1, 12):02d}/{dg(4)}", "pt": f"FT {y}A1/{R.randint(1, 999)}",
         "br": f"{dg(3)}.{dg(3)}.{dg(3)}", "es": f"A-{y}/{dg(4)}", "de": f"RE-{y}-{dg(5)}", "ae": f"INV-{y}-{dg(6)}",
         "in": f"GST/{y % 100}-{y % 100 + 1}/{dg(4)}", "jp": f"{y}-{dg(4)}-{dg(2)}"}.get(loc, f"INV-{y}-{dg(6)}")
    return LA(v, "INVOICE")


def s10(prefix, country):
    n = dg(8)
    w = [8, 6, 4, 2, 3, 5, 9, 7]
    c = 11 - sum(int(a) * b for a, b in zip(n, w)) % 11
    c = {10: 0, 11: 5}.get(c, c)
    return f"{prefix}{n}{c}{country}"


def la_tracking(kind=None):
    kind = kind or ch(["ups", "dhl", "s10", "postnl", "usps", "inpost", "yamato", "fedex"])
    v = {"ups": f"1Z{an(6)}{dg(2)}{dg(8)}", "dhl": f"JJD{dg(18)}", "s10": s10(ch(["LB", "RR", "CP", "LX", "EE"]), ch(["BR", "PL", "NL", "IT", "JP"])),
         "postnl": f"3S{an(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}{dg(9)}", "usps": "9400 " + " ".join(dg(4) for _ in range(4)) + " " + dg(2),
         "inpost": dg(24), "yamato": f"{dg(4)}-{dg(4)}-{dg(4)}", "fedex": dg(12)}[kind]
    return LA(v, "TRACKING")


def la_amount(loc="us"):
    a = R.randint(100, 250000) / 100 if coin(0.75) else R.randint(100000, 250000000) / 100
    en = f"{a:,.2f}"
    eu = en.replace(",", "_").replace(".", ",").replace("_", ".")
    sp = en.replace(",", "\u202f").replace(".", ",")
    ip_, fp = f"{a:.2f}".split(".")
    if len(ip_) > 3:  # Indian lakh/crore grouping: 12,34,567.89
        h, groups = ip_[:-3], []
        while len(h) > 2:
            groups.insert(0, h[-2:])
            h = h[:-2]
        if h:
            groups.insert(0, h)
        ip_ = ",".join(groups) + "," + ip_[-3:]
    v = {"us": f"${en}", "uk": f"£{en}", "de": f"{eu} €", "fr": f"{sp} €", "it": f"€ {eu}", "nl": f"€ {eu}", "es": f"{eu} €",
         "br": f"R$ {eu}", "pt": f"{eu} €", "pl": f"{sp} zł", "in": f"₹{ip_}.{fp}", "jp": f"¥{int(a):,}", "kr": f"₩{int(a) * 10:,}",
         "ae": f"AED {en}", "au": f"A${en}", "ch": "CHF " + en.replace(",", "'"), "plain": f"{a:.2f}", "ca": f"{en} $ CA"}
    return LA(v.get(loc, v["us"]), "AMOUNT")


def la_postal(loc):
    v = {"us": f"{R.randint(10001, 99950):05d}", "uk": f"{ch(['SW1A', 'EC2V', 'M1', 'LS1', 'G2', 'EH3'])} {R.randint(1, 9)}{an(2, 'ABDEFGHJLNPQRSTUWXYZ')}",
         "de": f"{R.randint(10115, 99998):05d}", "fr": f"{R.randint(1000, 95999):05d}", "it": f"{R.randint(10, 98)}{R.randint(0, 199):03d}",
         "es": f"{R.randint(1000, 52999):05d}", "nl": f"{R.randint(1011, 9999)} {an(2, 'ABCDEGHJKLMNPRSTVWXZ')}", "pl": f"{R.randint(0, 99):02d}-{dg(3)}",
         "br": f"{dg(5)}-{dg(3)}", "pt": f"{R.randint(1000, 9999)}-{dg(3)}", "in": f"{R.randint(110001, 855126)}", "jp": f"〒{dg(3)}-{dg(4)}",
         "kr": f"{dg(5)}", "au": f"{R.randint(2000, 7999)}", "ae": f"P.O. Box {R.randint(100, 99999)}", "ca": f"M{R.randint(1, 9)}{ch('ABCEGHJ')} {R.randint(1, 9)}{ch('ABCEGH')}{R.randint(1, 9)}"}
    return LA(v[loc], "POSTAL")


def la_mac(sep=":"):
    return LA(sep.join(hx(2) for _ in range(6)), "MAC")


def imei():
    tac = ch(["35", "86", "01"]) + dg(6)
    return luhn_fill(tac, 15)


def la_isbn():
    b = "978" + ch(["3", "88", "85", "90", "83", "4"]) + ""
    b = b + dg(12 - len(b))
    c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b)) % 10) % 10
    full = b + str(c)
    return LA(f"{full[:3]}-{full[3]}-{full[4:7]}-{full[7:12]}-{full[12]}", "ISBN")


def cpf():
    n = [R.randint(0, 9) for _ in range(9)]
    for k in (10, 11):
        s = sum(a * b for a, b in zip(n, range(k, 1, -1)))
        d = 11 - s % 11
        n.append(0 if d >= 10 else d)
    s = "".join(map(str, n))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def cnpj():
    n = [R.randint(0, 9) for _ in range(8)] + [0, 0, 0, 1]
    for w in ([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]):
        s = sum(a * b for a, b in zip(n, w))
        n.append(0 if s % 11 < 2 else 11 - s % 11)
    s = "".join(map(str, n))
    return f"{s[:2]}.{s[2:5]}.{s[5:8]}/{s[8:12]}-{s[12:]}"


def nip():
    while True:
        n = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
        c = sum(a * b for a, b in zip(n, [6, 5, 7, 2, 3, 4, 5, 6, 7])) % 11
        if c != 10:
            s = "".join(map(str, n)) + str(c)
            return f"{s[:3]}-{s[3:6]}-{s[6:8]}-{s[8:]}"


def bsn():
    while True:
        n = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
        if (sum(a * b for a, b in zip(n[:8], range(9, 1, -1))) - n[8]) % 11 == 0:
            return "".join(map(str, n))


def piva():
    n = [R.randint(0, 9) for _ in range(10)]
    t = 0
    for i, x in enumerate(n):
        if i % 2:
            x *= 2
            x -= 9 if x > 9 else 0
        t += x
    return "".join(map(str, n)) + str((10 - t % 10) % 10)


def la_taxid(loc):
    v = {"it": f"P.IVA {piva()}", "nl": f"KvK {dgnz(8)}", "pl": f"NIP {nip()}", "pt": f"NIF {ch('125')}{dg(8)}", "br": f"CNPJ {cnpj()}",
         "es": f"CIF B{dg(8)}", "de": f"USt-IdNr. DE{dgnz(9)}", "ae": f"TRN 100{dg(12)}", "in": f"GSTIN {R.randint(10, 37)}{an(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}{dg(4)}{ch('ABCDEFGH')}1Z{ch('0123456789ABCDEFGHIJ')}",
         "jp": f"登録番号 T{dgnz(13)}", "fr": f"SIRET {luhn_fill(ch('45789') + dg(3), 14)}", "uk": f"VAT GB{dg(3)} {dg(4)} {dg(2)}",
         "kr": f"사업자등록번호 {dg(3)}-{dg(2)}-{dg(5)}", "us": f"EIN {R.randint(10, 98)}-{dg(7)}", "au": f"ABN {dgnz(2)} {dg(3)} {dg(3)} {dg(3)}"}[loc]
    return LA(v, "TAXID")


def la_bad_card(style=None):
    while True:
        d = card_digits()
        i = R.randint(6, len(d) - 2)
        d = d[:i] + str((int(d[i]) + R.randint(1, 9)) % 10) + d[i + 1:]
        if not luhn_ok(d):
            return LA(card_fmt(d, style), "CARDLIKE")


def la_num16(sep=""):
    """A 16-digit reference (payment reference, PSP reference ...) that fails Luhn."""
    while True:
        d = dgnz(16)
        if not luhn_ok(d):
            return LA(sep.join(d[i:i + 4] for i in range(0, 16, 4)) if sep else d, "CARDLIKE")


def la_masked(d=None):
    d = d or card_digits()
    k = ch(["stars", "x", "bin", "dots"])
    if k == "stars":
        v = "**** **** **** " + d[-4:]
    elif k == "x":
        v = "XXXX-XXXX-XXXX-" + d[-4:]
    elif k == "bin":
        v = d[:6] + "*" * (len(d) - 10) + d[-4:]
    else:
        v = "•••• " + d[-4:]
    return LA(v, "CARDLIKE")


def la_duration():
    return LA(ch([f"{R.randint(0, 2):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}", f"{R.randint(1, 999)}ms",
                  f"{R.randint(1, 59)}m{R.randint(0, 59)}s", f"PT{R.randint(1, 59)}M{R.randint(0, 59)}S", f"{R.uniform(0, 30):.3f}s"]), "DURATION")


def la_oid():
    return LA(ch(["1.3.6.1.4.1." + ".".join(str(R.randint(1, 40000)) for _ in range(R.randint(2, 5))),
                  "2.16.840.1.101.3.4.2." + str(R.randint(1, 3)), "1.2.840.113549.1.1." + str(R.randint(1, 13))]), "OID")


def la_bad_ip():
    k = ch(["big", "big", "three", "five"])
    if k == "big":
        parts = [R.randint(0, 255) for _ in range(4)]
        parts[R.randint(0, 3)] = R.randint(256, 999)
        v = ".".join(map(str, parts))
    elif k == "three":
        v = f"{ch(['10', '192.168', '172'])}.{R.randint(0, 255)}" + ("" if coin() else f".{R.randint(0, 255)}")
        if v.count(".") != 2:
            v = f"10.{R.randint(0, 255)}.{R.randint(0, 255)}"
    else:
        v = ".".join(str(R.randint(0, 255)) for _ in range(5))
    return LA(v, "IPLIKE")


def la_eport():
    return LA(str(R.randint(32768, 65535)), "PORT")


def la_port():
    return LA(str(ch([22, 25, 53, 80, 443, 465, 587, 993, 3306, 5432, 6379, 8080, 8443, 9200, 27017, R.randint(1024, 65535)])), "PORT")


def la_id(n=10):
    while True:
        v = dgnz(n)
        if not card_valid(v):
            return LA(v, "ID")


def la_otp():
    return LA(dg(6), "OTP")



# ============================================================================ checks
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^(\(\+|\+|00)?[\d ()./-]+?((x| x| ext\.? | Ext\. )\d{2,5})?$")


def valid_value(v, kind):
    if kind == EMAIL:
        loc = v.split("@")[0]
        return bool(EMAIL_RE.match(v)) and not loc.startswith(".") and not loc.endswith(".") and ".." not in v
    if kind == PHONE:
        m = PHONE_RE.match(v)
        if not m:
            return False
        core = v[:m.start(2)] if m.group(2) else v
        nd = len(re.sub(r"\D", "", core))
        return 7 <= nd <= 15 and core[-1].isdigit() and (core[0].isdigit() or core[0] in "+(")
    if kind == CARD:
        if not re.fullmatch(r"\d+(?:([ -])\d+(?:\1\d+)*)?", v):
            return False
        return card_valid(re.sub(r"\D", "", v))
    if kind == IBAN:
        if not re.fullmatch(r"[A-Z]{2}\d{2}(?:[A-Z0-9]+|(?: [A-Z0-9]{1,4})+|[A-Z0-9]{2}(?: [A-Z0-9]{1,4})+)", v):
            return False
        return iban_valid(v.replace(" ", ""))
    if kind == SSN:
        return ssn_valid(v)
    if kind == IP:
        return ip_valid(v)
    return False


def look_ok(v, kind):
    d = re.sub(r"[ -]", "", v)
    if kind == "CARDLIKE":
        return not (d.isdigit() and card_valid(d))
    if kind == "IBANLIKE":
        return not iban_valid(v.replace(" ", ""))
    if kind == "SSNLIKE":
        return not ssn_valid(v)
    if kind == "IPLIKE":
        return not ip_valid(v)
    return True


CAND_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CAND_V4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d]|\.\d)")
CAND_V6 = re.compile(r"[0-9A-Fa-f:.]+")
CAND_SSN = re.compile(r"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])")
CAND_DIGRUN = re.compile(r"\d+(?:[ -]\d+)*")
CAND_IBAN = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8,34}")


def hazards(text, spans, looks):
    """Valid-looking values in the unlabelled text. Returns a list of problems."""
    t = list(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            t[i] = "\x00"
    m_text = "".join(t)
    inlook = [False] * len(text)
    ver_ok = [False] * len(text)
    for lk in looks:
        for i in range(lk["start"], lk["end"]):
            inlook[i] = True
            if lk["type"] == "VERSION":
                ver_ok[i] = True
    probs = []
    for m in CAND_EMAIL.finditer(m_text):
        if not all(inlook[m.start():m.end()]):
            probs.append(("email", m.group()))
    for m in CAND_V4.finditer(m_text):
        if all(int(x) <= 255 for x in m.group().split(".")) and not all(ver_ok[m.start():m.end()]):
            probs.append(("ipv4", m.group()))
    for m in CAND_V6.finditer(m_text):
        g = m.group().rstrip(".")
        if g.count(":") < 2:
            continue
        b = m_text[m.start() - 1] if m.start() else " "
        a = m_text[m.start() + len(g)] if m.start() + len(g) < len(m_text) else " "
        if re.match(r"\w", b) or re.match(r"\w", a):
            continue
        if ip_valid(g) and not all(inlook[m.start():m.start() + len(g)]):
            probs.append(("ipv6", g))
    for m in CAND_SSN.finditer(m_text):
        if ssn_valid(m.group()):
            probs.append(("ssn", m.group()))
    for m in CAND_DIGRUN.finditer(m_text):
        groups = re.split(r"[ -]", m.group())
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) > 19:
                    break
                if len(acc) >= 13 and card_valid(acc):
                    probs.append(("card", acc))
    for m in CAND_IBAN.finditer(m_text):
        comp = m.group().replace(" ", "")
        cc = comp[:2]
        if cc in IBAN_SPEC:
            L_ = IBAN_SPEC[cc][0]
            if len(comp) >= L_ and iban_valid(comp[:L_]):
                probs.append(("iban", comp[:L_]))
    return probs


def check(text, spans, looks):
    for s in spans:
        v = text[s["start"]:s["end"]]
        assert v == s["value"], (v, s)
        if not valid_value(v, s["type"]):
            return [("invalid", s["type"], v)]
        if v != v.strip():
            return [("space", v)]
    for lk in looks:
        assert text[lk["start"]:lk["end"]] == lk["value"]
        if not look_ok(lk["value"], lk["type"]):
            return [("lookalike-valid", lk["type"], lk["value"])]
    ss = sorted(spans, key=lambda s: s["start"])
    for a, b in zip(ss, ss[1:]):
        assert a["end"] <= b["start"], (a, b)
    return hazards(text, spans, looks)


# ============================================================================ generators
# --------------------------------------------------------------------------- e-mail threads (mbox, quoted replies, signatures)
def _mail_lang(lang, me, them, loc_me, loc_them):
    """Returns (subject, intro-line-for-quote, body, quoted lines, signature)."""
    d = rdt()
    nm_me, nm_them = me[0], them[0]
    if lang == "en":
        subj = ch([f"Re: Invoice {la_invoice()} – updated remittance details", "Re: Callback request",
                   f"RE: Your order {la_order('amz')}", "Re: contract renewal", f"Re: Ticket {LA('#' + dgnz(6), 'ID')}"])
        intro = f"On {d.strftime('%a, %b')} {d.day}, {d.year} at {d.strftime('%I:%M %p').lstrip('0')} {nm_them} <{E(loc_them, them)}> wrote:"
        body = ch([f"Hi {nm_them.split()[0]},\n\nThanks – I've updated the account. The best number to reach me this week is {PHN(loc_me)} (I'm travelling, so mobile only).",
                   f"Hello,\n\nFollowing up on the below: the refund of {la_amount(loc_me)} was sent on {la_date('us' if loc_me == 'us' else 'uk')}, ref {LA('RF' + dgnz(9), 'REF')}. Call {PHN(loc_me)} if it hasn't arrived.",
                   f"Hi all —\n\nlooping in {E(loc_me, style='f.l')} who owns billing now. Build {la_version('build4')} fixed the export, so the numbers below should be right."])
        quoted = [f"Could you call me back on {PHN(loc_them)}? I'm free after 3pm.",
                  f"My order number is {la_order()} and the tracking number {la_tracking()} hasn't moved since {la_date('us')}.",
                  f"Card on file ends in {LA(dg(4), 'LAST4')}; please don't charge it again."]
        sig = ch([f"--\n{nm_me}\nSenior Account Manager | Brightline Logistics\nDirect: {PHN(loc_me, ext=coin(0.3)) if loc_me == 'us' else PHN(loc_me)}\nM: {PHN(loc_me)}\n{E(loc_me, me)}",
                  f"Best,\n{nm_me}\n☎ {PHN(loc_me)} · ✉ {E(loc_me, me)}",
                  f"Kind regards,\n\n{nm_me} | Office Manager\nT: {PHN(loc_me)} | F: {PHN(loc_me)}\nThis e-mail and any attachments are confidential. Company No. {LA(dgnz(8), 'ID')}"])
    elif lang == "pt":
        subj = ch([f"Re: Boleto vencido – pedido {la_order('num8')}", f"RES: Nota fiscal {la_invoice('br')}", "Re: Cadastro de fornecedor"])
        intro = f"Em {d.strftime('%d/%m/%Y')} às {d.strftime('%H:%M')}, {nm_them} <{E(loc_them, them)}> escreveu:"
        body = ch([f"Olá {nm_them.split()[0]},\n\nsegue em anexo a segunda via. O vencimento foi prorrogado para {la_date('br')}. Qualquer dúvida me liga no {PHN('br')} ou responde este e-mail.",
                   f"Bom dia!\n\nConfirmo o recebimento de {la_amount('br')} via PIX (ID {LA('E' + dg(8) + d.strftime('%Y%m%d') + an(11), 'TXID')}). Para o próximo pedido, o contato é {E('br', style='f.l')}."])
        quoted = [f"Preciso da segunda via do boleto do pedido {la_order('num8')}.",
                  f"Meu WhatsApp é {PHN('br', mobile=True)}, pode mandar por lá também.",
                  f"CPF do titular: {LA(cpf(), 'TAXID')} (CEP {la_postal('br')})."]
        sig = f"Atenciosamente,\n{nm_me}\nFinanceiro · Construtora Araújo Ltda.\nTel.: {PHN('br', mobile=False)} | Cel.: {PHN('br', mobile=True)}\n{E(loc_me, me)}\n{la_taxid('br')}"
    elif lang == "it":
        subj = ch([f"R: Fattura n. {la_invoice('it')} – coordinate bancarie", "R: Richiesta di richiamata", f"R: Ordine {la_order('ord')}"])
        intro = f"Il giorno {d.strftime('%d/%m/%Y')} alle ore {d.strftime('%H:%M')}, {nm_them} <{E(loc_them, them)}> ha scritto:"
        body = ch([f"Gentile {nm_them},\n\nle confermo che il bonifico di {la_amount('it')} è stato disposto sull'IBAN {IB('IT')} con valuta {la_date('eu')}. Per urgenze mi trova al {PHN('it')}.",
                   f"Buongiorno,\n\nin allegato il DDT n. {LA(dg(5) + '/' + str(d.year), 'REF')}. Il corriere la contatterà al numero indicato; per qualsiasi cosa scriva pure a {E('it', style='f.l')}."])
        quoted = [f"Potete richiamarmi al {PHN('it')}? Sono in ufficio fino alle 18.",
                  f"Il codice cliente è {LA(dgnz(10), 'ID')} e la pratica {LA('PR-' + dg(6), 'ID')}.",
                  f"CAP di consegna {la_postal('it')}, interno {LA(str(R.randint(1, 40)), 'ID')}."]
        sig = f"Cordiali saluti\n{nm_me}\nUfficio amministrazione – Ferramenta Rossi S.r.l.\nTel. {PHN('it')} – Cell. {PHN('it')}\n{E(loc_me, me)} · {la_taxid('it')}"
    elif lang == "nl":
        subj = ch([f"RE: Factuur {la_invoice('nl')}", "RE: Terugbelverzoek", f"Re: bestelling {la_order('num8')}"])
        intro = f"Op {d.strftime('%d-%m-%Y')} om {d.strftime('%H:%M')} schreef {nm_them} <{E(loc_them, them)}>:"
        body = ch([f"Beste {nm_them.split()[0]},\n\nDank voor je bericht. Ik ben morgen bereikbaar op {PHN('nl')}; anders graag even mailen naar {E('nl', style='f.l')}.",
                   f"Hoi,\n\nhet bedrag van {la_amount('nl')} is teruggestort op {IB('NL')} (betalingskenmerk {la_num16(' ')})."])
        quoted = [f"Kunnen jullie mij terugbellen op {PHN('nl')}?",
                  f"Mijn klantnummer is {LA(dgnz(9), 'ID')}, postcode {la_postal('nl')}.",
                  f"Zending {la_tracking('postnl')} staat al sinds {la_date('nl')} stil."]
        sig = f"Met vriendelijke groet,\n\n{nm_me}\nDekker Bouw B.V.\nT {PHN('nl')}\nM {PHN('nl')}\nE {E(loc_me, me)}\n{la_taxid('nl')} | BTW {LA('NL' + dgnz(9) + 'B01', 'TAXID')}"
    elif lang == "pl":
        subj = ch([f"Odp: Faktura {la_invoice('pl')}", "Odp: Prośba o kontakt", f"RE: Zamówienie nr {la_order('num8')}"])
        intro = f"W dniu {d.strftime('%d.%m.%Y')} o {d.strftime('%H:%M')}, {nm_them} <{E(loc_them, them)}> pisze:"
        body = ch([f"Dzień dobry,\n\nw załączeniu korekta faktury. Płatność proszę kierować na rachunek {IB('PL')}. W razie pytań proszę dzwonić: {PHN('pl')}.",
                   f"Witam,\n\nprzesyłkę nadaliśmy dziś, numer {la_tracking('inpost')}. Kurier zadzwoni pod {PHN('pl')} przed doręczeniem."])
        quoted = [f"Proszę o kontakt pod numerem {PHN('pl')}.",
                  f"Numer klienta: {LA(dgnz(8), 'ID')}, {la_taxid('pl')}.",
                  f"Kod pocztowy {la_postal('pl')}, termin płatności {la_date('pl')}."]
        sig = f"Pozdrawiam serdecznie\n{nm_me}\nKowalczyk Transport sp. z o.o.\ntel. kom. {PHN('pl')}\ne-mail: {E(loc_me, me)}\n{la_taxid('pl')} · KRS {LA(dg(10), 'ID')}"
    elif lang == "de":
        subj = ch([f"AW: Rechnung {la_invoice('de')}", "AW: Rückrufbitte", f"WG: Lieferung {la_tracking('dhl')}"])
        intro = f"Am {d.strftime('%d.%m.%Y')} um {d.strftime('%H:%M')} schrieb {nm_them} <{E(loc_them, them)}>:"
        body = ch([f"Hallo {nm_them.split()[0]},\n\ndanke für die Info. Die Gutschrift über {la_amount('de')} geht heute raus. Rückfragen gern unter {PHN('de')}.",
                   f"Sehr geehrte Damen und Herren,\n\nbitte ändern Sie unsere Bankverbindung ab sofort auf {IB('DE')} (BIC {LA('COBADEFF' + ch(['XXX', '370']), 'BIC')})."])
        quoted = [f"Bitte rufen Sie mich unter {PHN('de')} zurück.", f"Kundennummer {LA(dg(4) + '-' + dg(4), 'ID')}, Vorgang {LA(dgnz(9), 'ID')}.",
                  f"Lieferadresse: Hauptstraße {R.randint(1, 200)}, {la_postal('de')} Köln."]
        sig = f"Mit freundlichen Grüßen\n{nm_me}\nMüller Anlagenbau GmbH · Vertrieb Innendienst\nTel. {PHN('de')}\nMobil {PHN('de')}\n{E(loc_me, me)}\n{la_taxid('de')} · Amtsgericht Köln HRB {LA(dgnz(5), 'ID')}"
    else:  # ja
        subj = ch([f"Re: 請求書送付のご案内（{la_invoice('jp')}）", "Re: 折り返しのお願い", f"Re: ご注文 {la_order('num12')} について"])
        intro = f"{d.year}年{d.month}月{d.day}日(火) {d.strftime('%H:%M')} {nm_them} <{E(loc_them, them)}>:"
        body = ch([f"{nm_them}様\n\nいつもお世話になっております。\n請求書を添付にてお送りいたします。お支払期限は{la_date('jp')}です。\nご不明点がございましたら {PHN('jp')} までご連絡ください。",
                   f"{nm_them}様\n\nお問い合わせありがとうございます。\n担当の{E('jp', style='f.l')}より改めてご連絡いたします。\n（受付番号：{LA(dg(4) + '-' + dg(4) + '-' + dg(4), 'ID')}）"])
        quoted = [f"お手数ですが、{PHN('jp')} まで折り返しお電話いただけますでしょうか。",
                  f"注文番号は {la_order('num12')} です。", f"送付先：{la_postal('jp')} 東京都千代田区丸の内1-2-3"]
        sig = f"────────────────\n株式会社さくら商事 営業部\n{nm_me}\nTEL: {PHN('jp', 'nat')} / FAX: {PHN('jp', 'nat')}\n携帯: {PHN('jp')}\nE-mail: {E('jp', me)}\n{la_postal('jp')} 東京都千代田区丸の内{R.randint(1, 3)}-{R.randint(1, 9)}-{R.randint(1, 9)}\n────────────────"
    R.shuffle(quoted)
    quoted = quoted[:R.randint(1, len(quoted))]
    return subj, intro, body, quoted, sig


MAIL_LANG_LOC = {"en": ["us", "uk", "au", "ca", "in"], "pt": ["br"], "it": ["it"], "nl": ["nl"], "pl": ["pl"], "de": ["de"], "jp": ["jp"]}


def g_mail():
    lang = ch(["en", "en", "pt", "it", "nl", "pl", "de", "jp"])
    lang_ = lang if lang != "jp" else "ja"
    loc_me = ch(MAIL_LANG_LOC[lang])
    loc_them = ch(MAIL_LANG_LOC[lang])
    me, them = person(loc_me), person(loc_them)
    subj, intro, body, quoted, sig = _mail_lang(lang_, me, them, loc_me, loc_them)
    sl = sig.split("\n")
    phone_lines = [i for i, x in enumerate(sl) if "\x01" + PHONE in x]
    if len(phone_lines) >= 2 and coin(0.6):  # shorter signatures
        del sl[ch(phone_lines)]
        sig = "\n".join(sl)
    d = rdt()
    h = []
    full = coin(0.4)
    if full and coin(0.3):
        h.append(f"From {E(loc_me, me, 'f.l')} {d.strftime('%a %b')} {d.day:>2} {d.strftime('%H:%M:%S %Y')}")
    if full and coin(0.4):
        if coin(0.4):
            h.append(f"Received: by {P(ip6('full'), IP)} with SMTP id {LA(an(8, 'abcdefghijklmnopqrstuvwxyz0123456789'), 'ID')};\n        {la_ts('rfc2822', d)}")
        else:
            host = ch(["mail-wr1-f54.google.com", "EUR03-VI1-obe.outbound.protection.outlook.com", "smtp.wp.pl", "mx.ziggo.nl", "smtpout.aruba.it"])
            h.append(f"Received: from {host} ({host} [{IPV('pub', v6=False)}])\n        by mx1.example.net (Postfix) with ESMTPS id {LA(an(10), 'ID')}\n        for <{E(loc_them, them)}>; {la_ts('rfc2822', d)}")
    if full:
        fr = ch([f'"{me[0]}" <{E(loc_me, me)}>', f"{me[0]} <{E(loc_me, me)}>"])
        h.append(f"From: {fr}")
        h.append(f"To: {them[0]} <{E(loc_them, them)}>")
        if coin(0.3):
            h.append(f"Cc: {P(role_email(loc_me), EMAIL)}")
        h.append(f"Subject: {subj}")
        h.append(f"Date: {la_ts('rfc2822', d)}")
        if coin(0.5):
            mid = ch([f"{epoch(d)}.{hx(8)}@{ch(DOMAINS[loc_me][-2:])}", f"CA{an(12, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789')}+{an(10)}@mail.gmail.com",
                      f"{hx(8).upper()}{dg(4)}@{ch(['AM0PR07MB', 'DB9PR10MB', 'PAXPR08MB'])}{dg(4)}.eurprd07.prod.outlook.com"])
            h.append(f"Message-ID: <{LA(mid, 'EMAILLIKE')}>")
        if coin(0.3):
            h.append("X-Mailer: " + ch([f"Microsoft Outlook {LA('16.0.' + str(R.randint(10000, 17999)) + '.' + str(R.randint(20000, 21999)), 'VERSION')}",
                                        f"Apple Mail ({LA('2.' + str(R.randint(3000, 3800)) + '.' + str(R.randint(300, 600)) + '.' + str(R.randint(1, 20)), 'VERSION')})",
                                        f"Mozilla Thunderbird {la_version('semver')}", f"iPhone Mail ({LA('21D' + str(R.randint(10, 99)), 'VERSION')})"]))
        if coin(0.3):
            h.append(f"X-Originating-IP: [{IPV()}]")
    if full:
        h.append(f'Content-Type: text/plain; charset="UTF-8"')
    q = ["> " + x for x in quoted]
    if coin(0.3):
        q.append(">")
        q.append(">> " + ch([f"Pedido {la_order()} confirmado.", f"Ticket {LA('#' + dgnz(6), 'ID')} opened.", f"Order {la_order()} shipped {la_date('iso')}.",
                             f"Nuova sede: tel. {PHN('it')}", f"Neue Durchwahl: {PHN('de')}", f"New desk line {PHN('uk')}"]))
    if coin(0.25):  # plain-text signature of the quoted sender too
        q.append("> --")
        q.append(f"> {them[0]}")
        q.append(f"> {ch(['Mob.', 'Cel.', 'M:', 'Tel.', '📱', 'Handy:'])} {PHN(loc_them)}")
    head = "\n".join(h) + "\n\n" if h else ""
    return head + body + "\n\n" + sig + "\n\n" + intro + "\n" + "\n".join(q)


# --------------------------------------------------------------------------- contact-manager exports
def csvq(s):
    plain = re.sub("[\x01-\x05]", "", s)
    if any(c in plain for c in ',"\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def g_contacts():
    kind = ch(["outlook", "google", "hubspot"])
    locs = [ch(["us", "uk", "de", "it", "nl", "pl", "br", "fr", "es", "au", "in", "ca", "pt"]) for _ in range(R.randint(1, 2))]
    rows = []
    if kind == "outlook":
        hdr = "First Name,Last Name,Company,E-mail Address,Business Phone,Mobile Phone,Birthday,Business Postal Code,Notes"
        for loc in locs:
            p = person(loc)
            first, last = p[0].split()[0], " ".join(p[0].split()[1:])
            note = ch(["", f"Customer ID {la_id(10)}", f"met at expo {la_date('iso')}", f"VAT {la_taxid(loc) if loc in ('it', 'nl', 'pl', 'de', 'es', 'uk') else la_id(8)}",
                       f"prefers WhatsApp; alt {PHN(loc)}", f"PO {la_order('po')}"])
            rows.append(",".join([csvq(first), csvq(last), csvq(ch(["Acme GmbH", "Rossi, Bianchi & C. S.n.c.", "Kowalczyk Transport", "Lusa Lda.", "Southern Cross Plumbing", "Infotech Solutions Pvt Ltd", ""])),
                                  E(loc, p), csvq(PHN(loc)) if coin(0.85) else "", csvq(PHN(loc)) if coin(0.6) else "",
                                  la_date(ch(["us", "iso"])) if coin(0.5) else "", la_postal(loc) if loc != "ae" else "", csvq(note)]))
    elif kind == "google":
        hdr = "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value"
        for loc in locs:
            p = person(loc)
            grp = ch(["* myContacts", "* myContacts ::: Coworkers", "Family ::: * myContacts", "* starred ::: * myContacts"])
            ph1 = PHN(loc) + (f" ::: {PHN(loc)}" if coin(0.3) else "")
            ph2 = ("Work", PHN(loc)) if coin(0.5) else ("", "")
            rows.append(",".join([csvq(p[0]), csvq(p[0].split()[0]), csvq(" ".join(p[0].split()[1:]) or p[0]), grp, "* Home",
                                  E(loc, p), ch(["Mobile", "Home"]), csvq(ph1), ph2[0], csvq(ph2[1])]))
    else:
        hdr = "Record ID,First name,Last name,Email,Phone number,Lifecycle Stage,Create Date,Last Activity Date,IP Country,Associated Deal"
        for loc in locs:
            p = person(loc)
            rows.append(",".join([la_id(10), csvq(p[0].split()[0]), csvq(" ".join(p[0].split()[1:]) or "-"), E(loc, p),
                                  csvq(PHN(loc)), ch(["lead", "customer", "opportunity"]), la_ts("sql"), la_ts("sql"),
                                  ch(["de", "it", "nl", "br", "pl", "us", "in"]), la_id(11)]))
    return hdr + "\n" + "\n".join(rows)


# --------------------------------------------------------------------------- call-detail records
MCC = {"nl": "20408", "de": "26201", "uk": "23415", "us": "310260", "br": "72405", "in": "40445", "jp": "44010", "pl": "26002", "it": "22210", "au": "50501"}


def g_cdr():
    home = ch(list(MCC))
    style = ch(["csv", "csv", "semi", "pipe"])
    sep = {"csv": ",", "semi": ";", "pipe": "|"}[style]
    cols = ["call_id", "start_utc", "duration_s", "caller", "callee", "direction", "imsi", "imei", "cell_id", "disposition", "cost"]
    if coin():
        cols = ["seq", "setup_time", "answer_time", "a_number", "b_number", "billsec", "trunk", "cause", "rate_eur"]
    out = [sep.join(cols)]
    for i in range(R.randint(1, 2)):
        d = rdt()
        a = PHN(home, "e164" if coin(0.5) else None)
        if coin(0.15):
            b = LA(ch(["112", "911", "*100#", "1233", "voicemail", "anonymous", "19222", "116117"]), "SHORTCODE")
            disp = "ANSWERED"
        else:
            bl = ch([home, home, "us", "uk", "de", "in", "br", "ae", "fr"])
            b = PHN(bl) if bl == home else P(tel_pair(bl)[0], PHONE)  # foreign numbers are stored in E.164
            disp = ch(["ANSWERED", "NO ANSWER", "BUSY", "FAILED"])
        if cols[0] == "call_id":
            row = [la_uuid() if coin() else la_id(13), la_ts("iso", d), LA(str(R.randint(0, 3600)), "DURATION"), a, b,
                   ch(["MO", "MT", "FWD"]), LA(MCC[home] + dg(15 - len(MCC[home])), "IMSI"), LA(imei(), "IMEI"),
                   LA(f"{MCC[home][:3]}-{MCC[home][3:]}-{R.randint(1000, 65000)}-{R.randint(1, 268435455)}", "CELLID"), disp,
                   LA(f"{R.randint(0, 999) / 1000:.4f}".replace(".", "," if style == "semi" else "."), "AMOUNT")]
        else:
            row = [LA(str(R.randint(100000, 99999999)), "ID"), la_ts("sql", d), la_ts("sql", d + dt.timedelta(seconds=R.randint(2, 30))), a, b,
                   LA(str(R.randint(0, 5400)), "DURATION"), ch(["SIP-TRUNK-01", "pstn-out-fra", "BT_WHOLESALE_2", "tdm0/1"]),
                   LA(str(ch([16, 17, 19, 21, 31, 34])), "CAUSE"), LA(f"{R.randint(1, 999) / 10000:.4f}", "AMOUNT")]
        out.append(sep.join(x if sep != "," else csvq(x) for x in row))
    return "\n".join(out)


# --------------------------------------------------------------------------- payment-processor exports
def g_payments():
    kind = ch(["stripe", "chargeback", "adyen"])
    out = []
    if kind == "stripe":
        out.append("id,Created (UTC),Amount,Currency,Status,Customer Email,Card Brand,Card Last4,Card Exp,Client IP,Description")
        for _ in range(R.randint(1, 2)):
            d = card_digits()
            loc = ch(["us", "uk", "de", "nl", "it", "br", "in", "au"])
            out.append(",".join([LA("ch_3" + an(23, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), "ID"), la_ts("sql"),
                                 la_amount("plain"), ch(["usd", "eur", "gbp", "brl", "inr", "aud"]), ch(["succeeded", "failed", "refunded"]),
                                 E(loc), BRAND_NAME[d[0]].title(), LA(d[-4:], "LAST4"), LA(f"{R.randint(1, 12):02d}/{R.randint(2026, 2031)}", "EXP"),
                                 IPV(), csvq(ch([f"Order {la_order()}", f"Invoice {la_invoice()}", f"Subscription {LA('sub_' + an(14, 'abcdefghijklmnopqrstuvwxyz0123456789'), 'ID')}"]))]))
    elif kind == "chargeback":
        out.append("case_id;received;reason_code;pan;arn;auth_code;amount;cardholder_email;merchant_ref")
        for _ in range(R.randint(1, 3)):
            full = coin(0.75)
            d = card_digits()
            pan = P(card_fmt(d, ch(["plain", "plain", "space"])), CARD) if full else la_masked(d)
            out.append(";".join([LA("CB" + dg(9), "ID"), la_date("de"), LA(ch(["10.4", "13.1", "4837", "4853", "83", "13.3"]), "REASON"), pan,
                                 LA(ch("27") + dg(22), "ARN"), LA(an(6, "0123456789ABCDEF"), "AUTH"), la_amount("de"),
                                 E(ch(["de", "nl", "it", "pl", "fr"])), la_order()]))
    else:
        out.append("Company Account\tMerchant Account\tPsp Reference\tMerchant Reference\tPayment Method\tCreation Date\tShopper IP\tShopper Email\tIBAN / Card\tAmount")
        for _ in range(R.randint(1, 2)):
            loc = ch(["nl", "de", "be", "at", "fr", "it", "es"])
            if coin(0.5):
                pm, acct = "sepadirectdebit", IB(LOC_CC.get(loc, "DE"), spaced=False)
            else:
                d = card_digits()
                pm, acct = BRAND_NAME[d[0]].lower(), (P(d, CARD) if coin(0.5) else la_masked(d))
            out.append("\t".join(["AcmeCorp", "AcmeCorpEU", la_num16(""), la_order(), pm, la_ts("sql"), IPV(),
                                  E(loc if loc in DOMAINS else "de"), acct, la_amount("plain")]))
    return "\n".join(out)


# --------------------------------------------------------------------------- HR export (TSV)
def g_hr():
    out = ["emp_id\tfull_name\tcountry\tnational_id\tdate_of_birth\thire_date\twork_email\tmobile\tpayout_account\tannual_salary"]
    for _ in range(R.randint(1, 2)):
        loc = ch(["us", "us", "us", "us", "us", "us", "us", "us", "de", "nl", "pl", "it", "br", "in", "uk", "es"])
        p = person(loc)
        if loc == "us":
            nid = SS() if coin(0.85) else la_itin()
            acct = f"ABA {LA(aba(), 'ROUTING')} / {LA(dg(R.randint(8, 12)), 'ACCOUNT')}"
        else:
            nid = {"de": LA(dgnz(11), "TAXID"), "nl": LA(bsn(), "BSN"), "pl": LA(dg(11), "PESEL"), "it": LA(fold(p[2][:3]).upper() + "XX" + dg(2) + "A01F205" + ch("XYZ"), "TAXID"),
                   "br": LA(cpf(), "TAXID"), "in": LA(an(5, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + dg(4) + ch("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), "PAN"),
                   "uk": LA(f"{ch(['AB', 'JG', 'NH', 'PR', 'SK', 'WL'])} {dg(2)} {dg(2)} {dg(2)} {ch('ABCD')}", "NINO"), "es": LA(dg(8) + ch("TRWAGMYFPDXBNJZSQVHLCKE"), "TAXID")}[loc]
            if loc in ("uk",):
                acct = f"sort {LA(dg(2) + '-' + dg(2) + '-' + dg(2), 'SORTCODE')} acc {LA(dg(8), 'ACCOUNT')}" if coin() else IB("GB")
            elif loc in ("in",):
                acct = f"IFSC {LA(ch(['HDFC', 'ICIC', 'SBIN', 'UTIB']) + '0' + dg(6), 'IFSC')} / {LA(dg(14), 'ACCOUNT')}"
            elif loc == "br":
                acct = f"ag. {LA(dg(4), 'ACCOUNT')} c/c {LA(dg(5) + '-' + dg(1), 'ACCOUNT')}" if coin() else IB("BR")
            else:
                acct = IB(LOC_CC[loc])
        out.append("\t".join([LA("E" + dg(6), "ID"), p[0], loc.upper(), nid, la_dob(), la_date("iso"),
                              E(loc, p, domain=ch(["acme-robotics.io", "brightline-logistics.com"])), PHN(loc), acct,
                              LA(f"{R.randint(28, 180) * 1000}", "AMOUNT")]))
    return "\n".join(out)


def aba():
    while True:
        b = f"{ch(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '21', '22', '26', '31', '32'])}{dg(6)}"
        for c in "0123456789":
            n = b + c
            if (3 * (int(n[0]) + int(n[3]) + int(n[6])) + 7 * (int(n[1]) + int(n[4]) + int(n[7])) + (int(n[2]) + int(n[5]) + int(n[8]))) % 10 == 0:
                return n


# --------------------------------------------------------------------------- logfmt
def g_logfmt():
    lines = []
    for _ in range(R.randint(1, 2)):
        d = rdt()
        k = ch(["login", "router", "sms", "payout", "signup", "audit", "worker"])
        t = f"time={la_ts('iso', d)} " if coin(0.6) else f"ts={la_ts('isotz', d)} "
        if k == "login":
            lines.append(t + f'level=info msg="login succeeded" user_id={la_id(8)} email={E(ch(["us", "de", "br", "it"]))} remote_ip={IPV()} '
                             f'request_id={la_uuid()} mfa=totp latency_ms={R.randint(3, 900)} build={la_version("semver")}')
        elif k == "router":
            fwd = IPV("pub", v6=False) + (f",{IPV('priv', v6=False)}" if coin() else "")
            lines.append(f'at=info method={ch(["GET", "POST", "PUT"])} path="/api/v{R.randint(1, 3)}/{ch(["checkout", "users/me", "orders/" + dgnz(7)])}" host=shop.example.com '
                         f'request_id={la_uuid()} fwd="{fwd}" dyno=web.{R.randint(1, 9)} connect={R.randint(0, 3)}ms service={R.randint(5, 3000)}ms status={ch([200, 201, 302, 499, 503])} bytes={R.randint(200, 90000)} protocol=https')
        elif k == "sms":
            loc = ch(["de", "uk", "in", "br", "nl", "pl", "au", "ae"])
            lines.append(t + f'level=info component=sms-gateway to="{P(tel_pair(loc)[0], PHONE)}" template=otp_v{R.randint(2, 5)} code={la_otp()} '
                             f'provider_msg_id={LA("SM" + hx(32), "HASH")} segments=1 status=queued')
        elif k == "payout":
            cc = ch(["DE", "NL", "FR", "IT", "ES", "BE", "AT", "PL"])
            lines.append(t + f'level=warn msg="payout held for review" payout_id={LA("po_" + an(16, "abcdefghijklmnopqrstuvwxyz0123456789"), "ID")} amount_minor={R.randint(100, 999999)} '
                             f'currency=EUR body="{{\\"iban\\":\\"{IB(cc, spaced=False)}\\",\\"holder\\":\\"{person(ch(["de", "nl", "it", "fr"]))[0]}\\",\\"ref\\":\\"{la_invoice("de")}\\"}}"')
        elif k == "signup":
            loc = ch(["in", "jp", "kr", "br", "pt", "ae"])
            lines.append(t + f'level=debug msg="signup form" locale={ {"in": "hi-IN", "jp": "ja-JP", "kr": "ko-KR", "br": "pt-BR", "pt": "pt-PT", "ae": "ar-AE"}[loc]} '
                             f'email={E(loc)} phone="{PHN(loc)}" client_ip={IPV()} app_version={la_version("4big")} device_id={la_uuid()}')
        elif k == "audit":
            lines.append(t + f'level=info event=role.changed actor={E("us", style="f.l")} target_user={la_id(7)} from=viewer to=admin source_ip={IPV(v6=coin(0.4))} session={la_sha(16)}')
        else:
            lines.append(t + f'level=error worker=mailer job_id={la_id(9)} attempt={R.randint(1, 5)} err="550 5.1.1 <{E(ch(["fr", "es", "uk", "au"]))}>: Recipient address rejected" '
                             f'smtp_host={IPV("priv", v6=False)}:{LA(ch(["25", "587", "465"]), "PORT")} elapsed={la_duration()}')
    return "\n".join(lines)


# --------------------------------------------------------------------------- nginx / apache error logs
def g_weberr():
    out = []
    for _ in range(R.randint(1, 2)):
        d = rdt()
        if coin(0.55):
            pid = R.randint(100, 65000)
            k = ch(["upstream", "limit", "ssl", "open"])
            if k == "upstream":
                out.append(f"{la_ts('nginx', d)} [error] {pid}#{pid}: *{R.randint(1, 9999999)} connect() failed (111: Connection refused) while connecting to upstream, "
                           f'client: {IPV()}, server: api.example.com, request: "POST /v1/orders HTTP/1.1", upstream: "http://{IPV("priv", v6=False)}:{la_port()}/v1/orders", '
                           f'host: "api.example.com", referrer: "https://shop.example.com/checkout?step=2&email={E(ch(["it", "de", "us", "nl"]))}"')
            elif k == "limit":
                out.append(f'{la_ts("nginx", d)} [warn] {pid}#{pid}: *{R.randint(1, 9999999)} limiting requests, excess: {R.randint(1, 99)}.{dg(3)} by zone "login", client: {IPV(v6=coin(0.4))}, '
                           f'server: auth.example.com, request: "POST /login HTTP/2.0", host: "auth.example.com"')
            elif k == "ssl":
                out.append(f"{la_ts('nginx', d)} [crit] {pid}#{pid}: *{R.randint(1, 9999999)} SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: {IPV()}, server: www.example.com:443")
            else:
                out.append(f'{la_ts("nginx", d)} [error] {pid}#{pid}: *{R.randint(1, 9999999)} open() "/var/www/html/wp-login.php" failed (2: No such file or directory), client: {IPV()}, server: _, request: "GET /wp-login.php HTTP/1.1"')
        else:
            k = ch(["php", "authz", "ssl"])
            head = f"[{la_ts('apache', d)}] "
            if k == "php":
                out.append(head + f"[proxy_fcgi:error] [pid {R.randint(100, 65000)}:tid {R.randint(10 ** 14, 10 ** 15 - 1)}] [client {IPV(v6=False)}:{la_eport()}] AH01071: Got error 'PHP message: "
                           f"PHP Warning:  mail(): Failed to send to {E(ch(['uk', 'au', 'in']))} in /var/www/html/contact.php on line {R.randint(10, 400)}', referer: https://www.example.co.uk/contact")
            elif k == "authz":
                out.append(head + f"[authz_core:error] [pid {R.randint(100, 65000)}] [client {IPV(v6=False)}:{la_eport()}] AH01630: client denied by server configuration: /srv/app/.env")
            else:
                out.append(head + f"[ssl:info] [pid {R.randint(100, 65000)}] [client {IPV(v6=False)}:{la_eport()}] AH02008: SSL library error 1 in handshake (server www.example.com:443)")
    if coin(0.3):
        out.insert(0, "==> /var/log/nginx/error.log <==")
    return "\n".join(out)


# --------------------------------------------------------------------------- auth.log / RFC 5424
def g_authlog():
    host = ch(["bastion-01", "web-03", "db-eu-1", "vpn-gw", "mail"])
    out = []
    for _ in range(R.randint(1, 3)):
        d = rdt()
        head = f"{la_ts('syslog', d)} {host} " if coin(0.7) else f"<{R.randint(30, 90)}>1 {la_ts('isotz', d)} {host} "
        pid = R.randint(300, 99999)
        k = ch(["fail", "fail", "accept", "closed", "ban", "sudo", "dovecot", "pam"])
        if k == "fail":
            out.append(head + f"sshd[{pid}]: Failed password for {ch(['invalid user admin', 'root', 'invalid user oracle', 'ubuntu'])} from {IPV(v6=coin(0.25))} port {la_eport()} ssh2")
        elif k == "accept":
            out.append(head + f"sshd[{pid}]: Accepted publickey for deploy from {IPV('priv', v6=coin(0.2))} port {la_eport()} ssh2: ED25519 SHA256:{LA(an(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), 'HASH')}")
        elif k == "closed":
            out.append(head + f"sshd[{pid}]: Connection closed by authenticating user root {IPV(v6=True)} port {la_eport()} [preauth]")
        elif k == "ban":
            out.append(head + f"fail2ban.actions[{pid}]: NOTICE [sshd] Ban {IPV('pub', v6=False)}")
        elif k == "sudo":
            out.append(head + f"sudo:   deploy : TTY=pts/{R.randint(0, 5)} ; PWD=/srv/app ; USER=root ; COMMAND=/usr/bin/systemctl restart {LA('app@' + str(R.randint(1, 4)) + '.service', 'EMAILLIKE')}")
        elif k == "dovecot":
            loc = ch(["de", "nl", "it", "pl", "fr"])
            out.append(head + f"dovecot[{pid}]: imap-login: Login: user=<{E(loc)}>, method=PLAIN, rip={IPV(v6=coin(0.3))}, lip={IPV('priv', v6=False)}, mpid={R.randint(1000, 99999)}, TLS, session=<{LA(an(16, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/'), 'ID')}>")
        else:
            out.append(head + f"sshd[{pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={IPV('pub', v6=False)}  user=root")
    return "\n".join(out)


# --------------------------------------------------------------------------- netfilter kernel log
def g_netfilter():
    out = []
    for _ in range(1 if coin(0.75) else 2):
        d = rdt()
        v6 = coin(0.3)
        mac = ":".join(hx(2) for _ in range(14 if not v6 else 14))
        src = P(ip6("lead0") if v6 else ip4("pub"), IP)
        dst = P(ip6("lead0") if v6 else ip4("priv"), IP)
        extra = f"LEN={R.randint(40, 1500)} TC=0 HOPLIMIT={R.randint(30, 64)} FLOWLBL={R.randint(0, 999999)}" if v6 else \
            f"LEN={R.randint(40, 1500)} TOS=0x00 PREC=0x00 TTL={R.randint(30, 128)} ID={R.randint(1, 65535)} DF"
        out.append(f"{la_ts('syslog', d)} fw01 kernel: [{R.randint(1000, 9999999)}.{dg(6)}] [UFW BLOCK] IN=eth0 OUT= MAC={LA(mac, 'MAC')} SRC={src} DST={dst} "
                   f"{extra} PROTO=TCP SPT={la_eport()} DPT={la_port()} WINDOW={R.randint(1000, 65535)} RES=0x00 SYN URGP=0")
    return "\n".join(out)


# --------------------------------------------------------------------------- Windows event (text rendering)
def g_winevent():
    d = rdt()
    ev = ch(["4625", "4624", "4740"])
    ws = f"DESKTOP-{an(7)}"
    if ev == "4625":
        addr = IPV(v6=coin(0.2))
        body = (f"An account failed to log on.\n\nSubject:\n\tSecurity ID:\t\tS-1-0-0\n\tAccount Name:\t\t-\n\tLogon ID:\t\t{LA('0x' + hx(3).upper(), 'ID')}\n\n"
                f"Logon Type:\t\t\t{ch([3, 10])}\n\nAccount For Which Logon Failed:\n\tSecurity ID:\t\tS-1-0-0\n\tAccount Name:\t\t{ch(['administrator', 'jdoe', 'svc_backup'])}\n\tAccount Domain:\t\tCONTOSO\n\n"
                f"Failure Information:\n\tFailure Reason:\t\tUnknown user name or bad password.\n\tStatus:\t\t\t0xC000006D\n\tSub Status:\t\t0xC000006A\n\n"
                f"Process Information:\n\tCaller Process ID:\t0x0\n\nNetwork Information:\n\tWorkstation Name:\t{ws}\n\tSource Network Address:\t{addr}\n\tSource Port:\t\t{la_eport()}")
    elif ev == "4624":
        addr = P(ch([ip4("priv"), "::ffff:" + ip4("priv"), ip6("ll")]), IP)
        body = (f"An account was successfully logged on.\n\nSubject:\n\tSecurity ID:\t\tS-1-5-18\n\tLogon ID:\t\t0x3E7\n\nLogon Information:\n\tLogon Type:\t\t3\n\n"
                f"New Logon:\n\tSecurity ID:\t\t{LA('S-1-5-21-' + dgnz(10) + '-' + dgnz(10) + '-' + dgnz(10) + '-' + str(R.randint(1000, 9999)), 'SID')}\n\tAccount Name:\t\t{ch(['m.rossi', 'j.brandt', 'svc_sql'])}\n\t"
                f"Logon ID:\t\t{LA('0x' + hx(7).upper(), 'ID')}\n\tLogon GUID:\t\t{{{la_uuid()}}}\n\nProcess Information:\n\tProcess ID:\t\t{LA('0x' + hx(3), 'ID')}\n\n"
                f"Network Information:\n\tWorkstation Name:\t{ws}\n\tSource Network Address:\t{addr}\n\tSource Port:\t\t{la_eport()}")
    else:
        body = (f"A user account was locked out.\n\nSubject:\n\tSecurity ID:\t\tS-1-5-18\n\tAccount Name:\t\tDC01$\n\n"
                f"Account That Was Locked Out:\n\tAccount Name:\t\t{ch(['a.kowalska', 'p.nowak', 'h.lowe'])}\n\nAdditional Information:\n\tCaller Computer Name:\t{ws} ({IPV('priv', v6=False)})")
    return (f"Log Name:      Security\nSource:        Microsoft-Windows-Security-Auditing\nDate:          {la_ts('win', d)}\nEvent ID:      {ev}\n"
            f"Task Category: Logon\nLevel:         Information\nKeywords:      Audit {'Failure' if ev == '4625' else 'Success'}\nComputer:      DC01.contoso.local\nDescription:\n{body}")


# --------------------------------------------------------------------------- SQL dumps / COPY / slow log
def sq(v):
    return "'" + v.replace("'", "''") + "'"


def g_sql():
    k = ch(["mysqldump", "mysqldump", "copy", "slowlog", "update"])
    if k == "mysqldump":
        tbl = ch(["customers", "leads", "wp_users", "shop_orders"])
        rows = []
        third_col = ch(["iban", "ip", "phone"])
        for i in range(R.randint(1, 3)):
            loc = ch(["it", "de", "nl", "br", "pl", "us", "fr", "es", "in"])
            p = person(loc)
            third = third_col if coin(0.85) else "none"
            extra = {"iban": IB(LOC_CC.get(loc, "DE"), spaced=False) if loc in LOC_CC else IB("DE", spaced=False), "ip": IPV(),
                     "phone": PHN(loc), "none": "NULL"}[third]
            extra = extra if extra == "NULL" else sq(extra)
            rows.append(f"({R.randint(1000, 99999)},{sq(p[0])},{sq(E(loc, p))},{sq(PHN(loc)) if coin(0.7) else 'NULL'},{sq(la_ts('sql'))},{extra},{la_amount('plain')})")
        return (f"--\n-- Dumping data for table `{tbl}`\n--\n\nLOCK TABLES `{tbl}` WRITE;\n/*!40000 ALTER TABLE `{tbl}` DISABLE KEYS */;\n"
                f"INSERT INTO `{tbl}` VALUES " + ",".join(rows) + f";\n/*!40000 ALTER TABLE `{tbl}` ENABLE KEYS */;\nUNLOCK TABLES;")
    if k == "copy":
        lines = ["COPY public.payment_methods (id, user_id, kind, number, exp, billing_ip, created_at) FROM stdin;"]
        for i in range(R.randint(2, 3)):
            if coin(0.6):
                kind, num = "card", P(card_digits(), CARD)
                exp = LA(f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "EXP")
            elif coin(0.5):
                kind, num, exp = "sepa", IB(ch(["DE", "NL", "FR", "AT", "BE"]), spaced=False), "\\N"
            else:
                kind, num, exp = "card", la_bad_card("plain"), LA(f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "EXP")
            lines.append("\t".join([str(R.randint(1, 99999)), la_id(7), kind, num, exp, IPV() if coin(0.7) else "\\N", la_ts("sql") + "+00"]))
        lines.append("\\.")
        return "\n".join(lines)
    if k == "slowlog":
        d = rdt()
        ipp = ip4("priv")
        loc = ch(["uk", "de", "au", "in", "us"])
        return (f"# Time: {la_ts('iso', d)}\n# User@Host: app[app] @ {LA('ip-' + ipp.replace('.', '-'), 'HOST')} [{P(ipp, IP)}]  Id: {R.randint(1000, 9999999)}\n"
                f"# Query_time: {R.uniform(0, 9):.6f}  Lock_time: {R.uniform(0, 0.01):.6f} Rows_sent: 1  Rows_examined: {R.randint(1000, 9999999)}\n"
                f"SET timestamp={la_ts('epoch', d)};\nSELECT id, status FROM customers WHERE email = {sq(E(loc))} OR phone = {sq(PHN(loc))} LIMIT 1;")
    loc = ch(["us", "us", "uk", "de"])
    if loc == "us":
        return (f"UPDATE employees SET ssn = {sq(SS('-'))}, updated_by = {sq(E('us', style='f.l'))}, updated_at = NOW() WHERE employee_no = {la_id(6)};\n"
                f"-- previous value {la_bad_ssn()} rejected by CHECK constraint chk_ssn_area")
    return (f"UPDATE suppliers SET iban = {sq(IB(LOC_CC[loc], spaced=False))}, contact_phone = {sq(PHN(loc))} "
            f"WHERE supplier_id = {la_id(6)} AND version = {R.randint(1, 40)};")


# --------------------------------------------------------------------------- HTML snippets
def tel_pair(loc):
    """(href value, display value) for a tel: link; both are the same number."""
    while True:
        disp = ph(loc)
        if re.search(r"x|ext", disp):
            continue
        href = compact_e164(disp)
        if href is None:
            # national display: build the E.164 form of the same number
            cc = {"us": "1", "ca": "1", "uk": "44", "de": "49", "fr": "33", "it": "39", "es": "34", "nl": "31", "pl": "48", "br": "55",
                  "pt": "351", "in": "91", "jp": "81", "kr": "82", "au": "61", "ae": "971"}[loc]
            d = re.sub(r"\D", "", disp)
            if loc in ("us", "ca"):
                d = d[-10:]
            elif loc in ("it",):
                pass
            elif loc in ("br",):
                d = d.lstrip("0")
            elif loc in ("es", "pl", "pt"):
                pass
            else:
                if not d.startswith("0"):
                    continue
                d = d[1:]
            if loc == "au" and disp.startswith("1"):
                continue
            if loc == "jp" and disp.startswith("0120"):
                continue
            href = "+" + cc + d
        return href, disp


BIZ = {"nl": "Dekker Bouw B.V.", "de": "Müller Anlagenbau GmbH", "it": "Ferramenta Rossi S.r.l.", "uk": "Ashworth Legal LLP", "au": "Southern Cross Plumbing",
       "br": "Loja Verde", "fr": "Atelier Girard", "es": "Clínica Molina", "pl": "Kowalczyk Transport", "us": "Harborview Dental", "in": "Sharma Traders",
       "jp": "株式会社さくら商事"}


def g_html():
    loc = ch(["nl", "de", "it", "uk", "au", "br", "fr", "es", "pl", "us", "in", "jp"])
    k = ch(["footer", "jsonld", "microdata", "mailtpl"])
    href, disp = tel_pair(loc)
    mail = role_email(loc)
    if k == "footer":
        label = {"nl": "Klantenservice", "de": "Kundenservice", "it": "Servizio clienti", "br": "Atendimento", "fr": "Service client", "es": "Atención al cliente",
                 "pl": "Obsługa klienta", "jp": "お問い合わせ"}.get(loc, "Customer care")
        return (f'<footer class="site-footer">\n  <p>{label}: '
                f'<a href="tel:{P(href, PHONE)}">{P(disp, PHONE)}</a> <span class="hours">(9:00–17:30)</span></p>\n'
                f'  <p><a href="mailto:{P(mail, EMAIL)}?subject=Offerte%20{LA(dgnz(6), "ID")}">{P(mail, EMAIL)}</a></p>\n'
                f'  <p class="legal">{la_taxid(loc) if loc not in ("us",) else la_ein()} · {la_postal(loc)}</p>\n'
                f'  <link rel="stylesheet" href="/assets/app.css?v={la_version("4big")}">\n'
                f'  <img src="/img/{LA("logo@2x.png", "EMAILLIKE")}" srcset="/img/{LA("logo@3x.png", "EMAILLIKE")} 3x" alt="logo">\n</footer>')
    if k == "jsonld":
        obj = {"@context": "https://schema.org", "@type": "LocalBusiness", "name": BIZ.get(loc, "Brightline Logistics"),
               "telephone": P(disp, PHONE), "email": P(mail, EMAIL), "address": {"@type": "PostalAddress", "postalCode": la_postal(loc)},
               "geo": {"@type": "GeoCoordinates", "latitude": LA(f"{R.uniform(-40, 60):.6f}", "COORD"), "longitude": LA(f"{R.uniform(-120, 150):.6f}", "COORD")},
               "openingHours": "Mo-Fr 08:00-17:00", "priceRange": "€€"}
        if coin(0.4):
            obj["faxNumber"] = PHN(loc)
        return '<script type="application/ld+json">\n' + jd(obj, indent=2) + "\n</script>"
    if k == "microdata":
        p = person(loc)
        return (f'<div itemscope itemtype="https://schema.org/Person">\n  <span itemprop="name">{p[0]}</span>\n'
                f'  <span itemprop="telephone"><a href="tel:{P(href, PHONE)}">{P(disp, PHONE)}</a></span>\n'
                f'  <a itemprop="email" href="mailto:{E(loc, p)}">{ch(["E-mail", "Scrivimi", "Mail mij", "メール", "Napisz"])}</a>\n'
                f'  <meta itemprop="identifier" content="{la_id(10)}">\n  <!-- cache-bust {la_sha(7)} build {la_version("build4")} -->\n</div>')
    return (f'<table role="presentation" width="600"><tr><td style="font-family:Arial;font-size:13px;color:#555555">\n'
            f'Questions about order <b>{la_order()}</b>? Call <strong>{PHN("us", tollfree=True) if loc == "us" else P(disp, PHONE)}</strong> '
            f'or reply to <a href="mailto:{P(mail, EMAIL)}" style="color:#0a66c2">{P(mail, EMAIL)}</a>.<br>\n'
            f'Amount charged: {la_amount(loc)} to {la_masked()} on {la_date("iso")}.\n</td></tr></table>')


# --------------------------------------------------------------------------- vCard 2.1 / jCard
def g_card():
    loc = ch(["pl", "de", "nl", "br", "jp", "kr", "uk", "in", "it", "ae"])
    p = person(loc)
    if coin(0.55):
        lines = ["BEGIN:VCARD", "VERSION:2.1", f"N;CHARSET=UTF-8:{p[0].split()[-1]};{p[0].split()[0]};;;", f"FN;CHARSET=UTF-8:{p[0]}",
                 f"TEL;CELL;PREF:{PHN(loc, 'e164' if coin() else None)}"]
        if coin(0.7):
            lines.append(f"TEL;WORK;VOICE:{PHN(loc)}")
        lines.append(f"EMAIL;INTERNET;PREF:{E(loc, p)}")
        lines += [f"BDAY:{la_dob()}", f"REV:{la_ts('compact')}", f"X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;{p[1].capitalize()};1;;;;;;;;;;;;;",
                  f"UID:{la_uuid()}", "END:VCARD"]
        return "\n".join(lines)
    props = [["version", {}, "text", "4.0"], ["fn", {}, "text", p[0]],
             ["tel", {"type": ["cell", "voice"]}, "uri", "tel:" + P(tel_pair(loc)[0], PHONE)],
             ["email", {"type": "work"}, "text", E(loc, p)],
             ["rev", {}, "timestamp", la_ts("compact")], ["uid", {}, "uri", "urn:uuid:" + la_uuid()]]
    if coin(0.5):
        props.insert(3, ["tel", {"type": "work"}, "text", PHN(loc)])
    return jd(["vcard", props])


# --------------------------------------------------------------------------- meeting invitations with dial-ins
DIAL_LOC = {"us": "US (New York)", "uk": "United Kingdom", "de": "Germany", "nl": "Netherlands", "fr": "France", "it": "Italy", "es": "Spain",
            "pl": "Poland", "br": "Brazil", "jp": "Japan", "in": "India", "au": "Australia", "ca": "Canada"}


CITY = {"uk": "London", "de": "Frankfurt", "nl": "Amsterdam", "it": "Milan", "us": "New York City"}


def g_meeting():
    k = ch(["zoom", "zoom", "teams", "meet", "webex"])
    host = person(ch(["it", "nl", "de", "us", "uk", "pl"]))
    hloc = ch(["us", "uk", "de"])
    if k == "zoom":
        mid = dgnz(11)
        mid_sp = f"{mid[:3]} {mid[3:7]} {mid[7:]}"
        pwd = dg(6)
        locs = R.sample(list(DIAL_LOC), R.randint(2, 3))
        one_tap = "\n".join(f"{P(tel_pair(l)[0], PHONE)},,{LA(mid, 'MEETINGID')}#,,,,*{LA(pwd, 'OTP')}# {DIAL_LOC[l]}" for l in locs[:2])
        dial = "\n".join(f"• {P(ph_intl(l), PHONE)} {DIAL_LOC[l]}" for l in locs)
        h323 = ""
        if coin(0.5):
            h323 = f"\n\nJoin by H.323\n• {IPV('pub', v6=False)} (US West)\n• {IPV('pub', v6=False)} (Amsterdam Netherlands)"
        return (f"{host[0]} is inviting you to a scheduled Zoom meeting.\n\nTopic: {ch(['Weekly sync – Q2 rollout', 'Revisione contratto', 'Overleg planning', 'Spotkanie zespołu'])}\n"
                f"Time: {la_date('uk')} {la_ts('hm')} Amsterdam\n\nJoin Zoom Meeting\nhttps://us02web.zoom.us/j/{LA(mid, 'MEETINGID')}?pwd={LA(an(32, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), 'TOKEN')}.1\n\n"
                f"Meeting ID: {LA(mid_sp, 'MEETINGID')}\nPasscode: {LA(pwd, 'OTP')}\n\n---\n\nOne tap mobile\n{one_tap}\n\n---\n\nDial by your location\n{dial}\n\n"
                f"Meeting ID: {LA(mid_sp, 'MEETINGID')}\nPasscode: {LA(pwd, 'OTP')}\n\nFind your local number: https://us02web.zoom.us/u/{LA('k' + an(9, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), 'TOKEN')}{h323}")
    if k == "teams":
        cid = f"{dgnz(3)} {dg(3)} {dg(3)}"
        l1 = ch(["uk", "de", "nl", "it", "us"])
        n1 = ph_intl(l1)
        return (f"________________________________________________________________________________\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room device\n"
                f"Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_{LA(an(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), 'TOKEN')}%40thread.v2/0>\n"
                f"Meeting ID: {LA(dgnz(3) + ' ' + dg(3) + ' ' + dg(3) + ' ' + dg(3), 'MEETINGID')}\nPasscode: {LA(an(6, 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'), 'OTP')}\n"
                f"Or call in (audio only)\n{P(n1, PHONE)},,{LA(cid.replace(' ', ''), 'MEETINGID')}#   {DIAL_LOC[l1].split(' (')[0]}, {CITY[l1]}\n"
                f"Phone Conference ID: {LA(cid, 'MEETINGID')}#\nFind a local number | Reset PIN\nOrganizer: {E(hloc, person(hloc))}\n"
                f"________________________________________________________________________________")
    if k == "meet":
        pin = f"{dgnz(3)} {dg(3)} {dg(3)}"
        l1 = ch(["us", "uk", "de", "fr", "br", "jp", "in"])
        return (f"Join with Google Meet\nmeet.google.com/{LA(an(3, 'abcdefghijklmnopqrstuvwxyz') + '-' + an(4, 'abcdefghijklmnopqrstuvwxyz') + '-' + an(3, 'abcdefghijklmnopqrstuvwxyz'), 'TOKEN')}\n"
                f"Join by phone\n({l1.upper()}) {PHN(l1)} PIN: {LA(pin, 'MEETINGID')}#\nMore phone numbers\n\nOrganizer\n{E(hloc)}\nGuests\n{E(ch(['it', 'nl', 'pl', 'br']))}\n{E(ch(['jp', 'kr', 'in']))}")
    acc = f"{dgnz(4)} {dg(3)} {dg(4)}"
    l1 = ch(["us", "uk", "de", "au", "in"])
    return (f"Join by meeting number\nMeeting number (access code): {LA(acc, 'MEETINGID')}\nMeeting password: {LA(an(10), 'OTP')}\n\nTap to join from a mobile device (attendees only)\n"
            f"{P(tel_pair(l1)[0], PHONE)},,{LA(acc.replace(' ', ''), 'MEETINGID')}## {DIAL_LOC[l1]} Toll\n\nJoin by phone\n{P(ph_intl(l1), PHONE)} {DIAL_LOC[l1]} Toll\n"
            f"Access code: {LA(acc, 'MEETINGID')}\n\nJoin from a video system or application\nDial {LA(acc.replace(' ', '') + '@acme.webex.com', 'EMAILLIKE')}\n"
            f"You can also dial {IPV('pub', v6=False)} and enter your meeting number.")


# --------------------------------------------------------------------------- wiki / org / AsciiDoc tables
def g_wikitable():
    loc = ch(["de", "nl", "pl", "it", "uk", "br", "in", "au", "es"])
    hdrs = {"de": ["Name", "Rolle", "Telefon", "E-Mail", "Raum"], "nl": ["Naam", "Rol", "Telefoon", "E-mail", "Kamer"],
            "pl": ["Imię i nazwisko", "Stanowisko", "Telefon", "E-mail", "Pokój"], "it": ["Nome", "Ruolo", "Telefono", "Email", "Stanza"],
            "br": ["Nome", "Cargo", "Telefone", "E-mail", "Sala"], "es": ["Nombre", "Cargo", "Teléfono", "Correo", "Despacho"]}.get(loc, ["Name", "Role", "Phone", "Email", "Room"])
    rows = []
    for _ in range(R.randint(1, 2)):
        p = person(loc)
        rows.append([p[0], ch(["Teamlead", "On-call", "DBA", "Backoffice", "SRE", "Product"]), PHN(loc), E(loc, p),
                     LA(f"{ch('ABC')}{R.randint(1, 5)}.{R.randint(1, 40):02d}", "ROOM")])
    style = ch(["confluence", "org", "asciidoc", "rst"])
    if style == "confluence":
        out = ["||" + "||".join(hdrs) + "||"] + ["|" + "|".join(r) + "|" for r in rows]
    elif style == "org":
        out = ["| " + " | ".join(hdrs) + " |", "|" + "+".join("-" * (len(h) + 2) for h in hdrs) + "|"] + ["| " + " | ".join(r) + " |" for r in rows]
    elif style == "asciidoc":
        out = ['[cols="2,1,2,2,1", options="header"]', "|===", "|" + " |".join(hdrs)] + ["", *["|" + "\n|".join(r) for r in rows]] + ["|==="]
    else:
        out = [".. list-table:: On-call", "   :header-rows: 1", "", "   * - " + "\n     - ".join(hdrs)] + ["   * - " + "\n     - ".join(r) for r in rows]
    return "\n".join(out)


# --------------------------------------------------------------------------- git diffs
def g_gitdiff():
    loc = ch(["uk", "de", "nl", "us", "it", "pl"])
    f = ch(["config/notifications.yml", "deploy/allowlist.yaml", "fixtures/suppliers.json", ".github/CODEOWNERS"])
    a, b = hx(7), hx(7)
    ln = R.randint(3, 200)
    head = f"diff --git a/{f} b/{f}\nindex {LA(a, 'HASH')}..{LA(b, 'HASH')} 100644\n--- a/{f}\n+++ b/{f}\n@@ -{ln},{R.randint(5, 9)} +{ln},{R.randint(5, 10)} @@ "
    if f.endswith("allowlist.yaml"):
        body = (f"ingress:\n   allow:\n-    - {P(ip4('pub'), IP)}/32\n+    - {P(ip4('pub'), IP)}/32\n+    - {P(ip6('comp'), IP)}/64\n     - {P(ip4('priv'), IP)}/16\n"
                f"   # ticket {LA('OPS-' + dg(4), 'ID')}, approved {la_date('iso')}")
    elif f.endswith(".json"):
        body = (f'  {{\n     "supplier_id": {la_id(6)},\n-    "iban": "{IB(ch(["DE", "NL", "IT", "PL", "GB"]), spaced=False)}",\n+    "iban": "{IB(ch(["DE", "NL", "IT", "PL", "GB"]), spaced=False)}",\n'
                f'-    "contact": "{E(loc)}",\n+    "contact": "{E(loc)}",\n     "vat": "{la_taxid(loc) if loc not in ("us",) else la_ein()}"\n   }},')
    elif f.endswith("CODEOWNERS"):
        body = (f"/billing/  @acme/payments\n-/infra/    @{LA(ch(['jbrandt', 'hlowe', 'mrossi']), 'HANDLE')}\n+/infra/    @acme/sre {E(loc, style='f.l')}\n /docs/     @acme/docs")
    else:
        body = (f"escalation:\n   primary:\n-    email: {E(loc)}\n-    phone: \"{PHN(loc)}\"\n+    email: {E(loc)}\n+    phone: \"{PHN(loc)}\"\n"
                f"+    pager: \"{PHN(loc)}\"\n   retries: {R.randint(1, 5)}\n   window: {la_duration()}")
    return head + "\n" + body


# --------------------------------------------------------------------------- network tool output
def g_nettools():
    k = ch(["traceroute", "ping", "ss", "ipaddr", "arp", "dig"])
    if k == "traceroute":
        dst = ip4("pub")
        out = [f"traceroute to api.example.com ({P(dst, IP)}), 30 hops max, 60 byte packets",
               f" 1  _gateway ({P(ip4('priv'), IP)})  {LA(f'{R.uniform(0.2, 2):.3f}', 'RTT')} ms  {R.uniform(0.2, 2):.3f} ms  {R.uniform(0.2, 2):.3f} ms"]
        for i in range(2, R.randint(3, 5)):
            if coin(0.2):
                out.append(f" {i}  * * *")
                continue
            h = ip4("pub")
            name = ch([f"ae-{R.randint(1, 9)}.r{R.randint(10, 30)}.amstnl07.nl.bb.gin.ntt.net", f"{LA('ip-' + h.replace('.', '-'), 'HOST')}.eu-west-1.compute.internal", h,
                       f"be{R.randint(100, 999)}.ccr{R.randint(10, 99)}.fra03.atlas.cogentco.com"])
            out.append(f" {i}  {name if name != h else P(h, IP)} ({P(h, IP)})  {R.uniform(2, 90):.3f} ms  {R.uniform(2, 90):.3f} ms  {R.uniform(2, 90):.3f} ms")
        return "\n".join(out)
    if k == "ping":
        a = ip4("pub")
        lines = [f"PING {ch(['dns.google', 'cloudflare.com', 'gw.example.net', 'db-replica-2'])} ({P(a, IP)}) 56(84) bytes of data."]
        for i in range(1, R.randint(2, 3)):
            lines.append(f"64 bytes from {P(a, IP)}: icmp_seq={i} ttl={R.randint(50, 120)} time={R.uniform(1, 80):.1f} ms")
        lines.append(f"\n--- {P(a, IP)} ping statistics ---\n{i} packets transmitted, {i} received, 0% packet loss, time {R.randint(1000, 3000)}ms\nrtt min/avg/max/mdev = {LA('/'.join(f'{x:.3f}' for x in sorted(R.uniform(1, 80) for _ in range(3))) + f'/{R.uniform(0, 9):.3f}', 'RTT')} ms")
        return "\n".join(lines)
    if k == "ss":
        lines = ["State   Recv-Q  Send-Q  Local Address:Port      Peer Address:Port   Process"]
        for _ in range(R.randint(2, 3)):
            if coin(0.3):
                lines.append(f"ESTAB   0       0       [{P('::ffff:' + ip4('priv'), IP)}]:{la_port()}   [{P('::ffff:' + ip4('pub'), IP)}]:{la_eport()}  users:((\"java\",pid={R.randint(100, 99999)},fd={R.randint(3, 300)}))")
            else:
                lines.append(f"ESTAB   0       0       {P(ip4('priv'), IP)}:{la_port()}      {P(ip4(), IP)}:{la_eport()}   users:((\"postgres\",pid={R.randint(100, 99999)},fd={R.randint(3, 300)}))")
        return "\n".join(lines)
    if k == "ipaddr":
        a = ip4("priv")
        net = ipaddress.ip_network(a + "/24", strict=False)
        return (f"2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n"
                f"    link/ether {la_mac()} brd {LA('ff:ff:ff:ff:ff:ff', 'MAC')}\n    inet {P(a, IP)}/24 brd {P(str(net.broadcast_address), IP)} scope global dynamic eth0\n"
                f"       valid_lft {R.randint(1000, 86400)}sec preferred_lft {R.randint(1000, 86400)}sec\n    inet6 {P(ip6('ll'), IP)}/64 scope link\n       valid_lft forever preferred_lft forever")
    if k == "arp":
        return "\n".join(f"? ({P(ip4('priv'), IP)}) at {la_mac()} [ether] on {ch(['wlan0', 'eth0', 'br0'])}" for _ in range(R.randint(2, 3)))
    srv = ch(["127.0.0.53", ip4("priv")])
    ans = ip4("pub")
    return (f"; <<>> DiG {LA('9.18.' + str(R.randint(1, 24)) + '-0ubuntu0.22.04.1-Ubuntu', 'VERSION')} <<>> shop.example.com\n;; ANSWER SECTION:\nshop.example.com.\t{R.randint(30, 3600)}\tIN\tA\t{P(ans, IP)}\n\n"
            f";; Query time: {R.randint(1, 200)} msec\n;; SERVER: {P(srv, IP)}#53({P(srv, IP)}) (UDP)\n;; WHEN: {la_ts('rfc2822')}\n;; MSG SIZE  rcvd: {R.randint(40, 200)}")


# --------------------------------------------------------------------------- Sentry-style error events
def g_sentry():
    loc = ch(["de", "br", "jp", "kr", "it", "nl", "pl", "in", "us"])
    msgs = {"de": "Ungültige Telefonnummer", "br": "Telefone inválido", "jp": "電話番号が無効です", "kr": "전화번호가 올바르지 않습니다",
            "it": "Numero di telefono non valido", "nl": "Ongeldig telefoonnummer", "pl": "Nieprawidłowy numer telefonu", "in": "Invalid mobile number", "us": "Invalid phone number"}
    p = person(loc)
    obj = {"event_id": la_sha(32), "timestamp": LA(f"{epoch(rdt())}.{dg(6)}", "TS"), "platform": "python", "level": "error",
           "release": LA(f"shop@{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}", "VERSION"),
           "exception": {"values": [{"type": "ValidationError", "value": f"{msgs[loc]}: {PHN(loc)}"}]},
           "user": {"id": la_id(6), "email": E(loc, p), "ip_address": IPV()},
           "request": {"url": f"https://shop.example.com/api/v2/customers/{LA(dgnz(7), 'ID')}", "method": "PATCH",
                       "headers": {"X-Forwarded-For": IPV("pub", v6=False) + (", " + IPV("priv", v6=False) if coin(0.3) else ""), "User-Agent": f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/{LA(str(R.randint(110, 126)) + '.0.' + str(R.randint(5000, 6500)) + '.' + str(R.randint(1, 200)), 'VERSION')} Safari/537.36"}},
           "contexts": {"os": {"name": "Windows", "version": LA(f"10.0.{R.randint(19041, 22631)}", "VERSION")}, "device": {"model_id": LA(an(8), "ID")}},
           "breadcrumbs": {"values": [{"category": "http", "data": {"url": "/api/v2/contacts", "status_code": 422}},
                                      {"category": "form", "message": "contacts", "data": {"phones": [PHN(loc)] if coin(0.5) else [], "alt_email": E(loc) if coin(0.3) else None}}]}}
    return jd(obj, indent=None if coin(0.5) else 2)


# --------------------------------------------------------------------------- invoices (plain text as extracted / e-mailed)
def ean13():
    while True:
        b = ch(["400", "800", "871", "590", "789", "450", "690", "629"]) + dg(9)
        c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b)) % 10) % 10
        v = b + str(c)
        if not card_valid(v):
            return LA(v, "EAN")


def g_invoice():
    loc = ch(["it", "nl", "pl", "pt", "br", "es", "de", "ae", "in", "jp", "fr", "uk"])
    cust = person(loc)
    if loc == "it":
        return (f"FATTURA N. {la_invoice('it')} del {la_date('eu')}\nCedente: Ferramenta Rossi S.r.l. – Via Roma {R.randint(1, 99)}, {la_postal('it')} Milano (MI)\n"
                f"{la_taxid('it')} · REA {LA('MI-' + dg(7), 'ID')} · Tel. {PHN('it')} · PEC {P('amministrazione@pec.ferramentarossi.it', EMAIL)}\n"
                f"Cessionario: {cust[0]} – {E('it', cust)}\n\nDescrizione                          Q.tà   Prezzo   IVA\n"
                f"Viti inox M6x40 (EAN {ean13()})    {R.randint(10, 500)}   {la_amount('it')}   22%\n"
                f"Totale documento: {la_amount('it')}\n\nModalità di pagamento: bonifico bancario – IBAN {IB('IT')} – scadenza {la_date('eu')}")
    if loc == "nl":
        return (f"FACTUUR\nFactuurnummer: {la_invoice('nl')}    Factuurdatum: {la_date('nl')}\nDekker Bouw B.V. · {la_taxid('nl')} · BTW-id {LA('NL' + dgnz(9) + 'B01', 'TAXID')}\n"
                f"Tel. {PHN('nl')} · {P(role_email('nl'), EMAIL)}\n\nAan: {cust[0]}, {la_postal('nl')} Utrecht\n\nTotaal incl. 21% btw: {la_amount('nl')}\n"
                f"Gelieve binnen 14 dagen te voldoen op {IB('NL')} t.n.v. Dekker Bouw B.V. o.v.v. betalingskenmerk {la_num16(' ')}.")
    if loc == "pl":
        return (f"Faktura VAT nr {la_invoice('pl')}\nData wystawienia: {la_date('pl')}   Data sprzedaży: {la_date('pl')}\n"
                f"Sprzedawca: Kowalczyk Transport sp. z o.o., {la_taxid('pl')}, REGON {LA(dgnz(9), 'TAXID')}\ntel. {PHN('pl')}, e-mail: {P(role_email('pl'), EMAIL)}\n"
                f"Nabywca: {cust[0]}\nDo zapłaty: {la_amount('pl')}\nSłownie: {ch(['tysiąc dwieście', 'trzysta czterdzieści', 'dwa tysiące'])} złotych 00/100\n"
                f"Nr rachunku: {IB('PL')}\nTermin płatności: {la_date('plw')}")
    if loc == "pt":
        return (f"FATURA {la_invoice('pt')}\nATCUD: {LA(an(8) + '-' + str(R.randint(1, 999)), 'ID')}\nMendes & Pires, Lda. · {la_taxid('pt')} · Tel. {PHN('pt')}\n"
                f"Cliente: {cust[0]} (NIF {LA(ch('12') + dg(8), 'TAXID')}) · {E('pt', cust)}\nTotal: {la_amount('pt')}\n"
                f"Pagamento por transferência para {IB('PT')} até {la_date('pt')}.\nReferência MB: Entidade {LA(dg(5), 'ID')} Ref. {LA(dg(3) + ' ' + dg(3) + ' ' + dg(3), 'ID')}")
    if loc == "br":
        chave = " ".join(dg(4) for _ in range(11))
        return (f"NOTA FISCAL DE SERVIÇOS ELETRÔNICA – NFS-e Nº {LA(dg(8), 'ID')}\nPrestador: Construtora Araújo Ltda. – {la_taxid('br')}\n"
                f"Tomador: {cust[0]} – CPF {LA(cpf(), 'TAXID')} – {E('br', cust)} – Fone {PHN('br')}\nCódigo de verificação: {LA(an(4) + '-' + an(4), 'ID')}\n"
                f"Chave de acesso: {LA(chave, 'NFEKEY')}\nValor total: {la_amount('br')}\nChave PIX: {PHN('br', 'e164')} (celular) · Banco {LA(dg(3), 'ID')} Ag. {LA(dg(4), 'ACCOUNT')} C/C {LA(dg(6) + '-' + dg(1), 'ACCOUNT')}")
    if loc == "es":
        return (f"FACTURA Nº {la_invoice('es')}\nFecha: {la_date('eu')}\nNavarro Abogados S.L.P. · {la_taxid('es')} · Tel. {PHN('es')} · {P(role_email('es'), EMAIL)}\n"
                f"Cliente: {cust[0]} · NIF {LA(dg(8) + ch('TRWAGMYFPD'), 'TAXID')}\nBase imponible: {la_amount('es')} · IVA 21 %\n"
                f"Forma de pago: transferencia a {IB('ES')}")
    if loc == "de":
        return (f"Rechnung Nr. {la_invoice('de')}\nRechnungsdatum: {la_date('de')} · Kundennr. {LA(dg(4) + '-' + dg(4), 'ID')}\n"
                f"Müller Anlagenbau GmbH · Steuernummer {LA(dg(2) + '/' + dg(3) + '/' + dg(5), 'TAXID')} · {la_taxid('de')}\nTel. {PHN('de')} · {P(role_email('de'), EMAIL)}\n\n"
                f"Gesamtbetrag: {la_amount('de')}\nBankverbindung: IBAN {IB('DE')} · BIC {LA(ch(['COBADEFFXXX', 'DEUTDEDBKOE', 'GENODED1KOE']), 'BIC')}\n"
                f"Verwendungszweck: {la_invoice('de')} / {LA(dgnz(8), 'ID')}")
    if loc == "ae":
        return (f"TAX INVOICE  فاتورة ضريبية\nInvoice No: {la_invoice('ae')}   Date: {la_date('ae')}\nAl Noor Trading LLC · {la_taxid('ae')} · {la_postal('ae')}, Dubai\n"
                f"Tel: {PHN('ae')} · {P(role_email('ae'), EMAIL)}\nBill to: {cust[0]} ({E('ae', cust)})\nTotal (incl. VAT 5%): {la_amount('ae')}\n"
                f"Bank: Emirates NBD · IBAN {IB('AE')} · SWIFT {LA('EBILAEAD', 'BIC')}")
    if loc == "in":
        return (f"TAX INVOICE\nInvoice No. {la_invoice('in')}  Dated {la_date('in')}\nSharma Traders · {la_taxid('in')} · PAN {LA(an(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + dg(4) + 'F', 'PAN')}\n"
                f"Ph: {PHN('in')} · Email: {E('in')}\nBuyer: {cust[0]}, Mob. {PHN('in')}\nHSN {LA(dg(4), 'ID')} · Amount: {la_amount('in')}\n"
                f"Bank: HDFC Bank, A/c {LA(dg(14), 'ACCOUNT')}, IFSC {LA('HDFC0' + dg(6), 'IFSC')}")
    if loc == "jp":
        return (f"御請求書\n請求番号：{la_invoice('jp')}\n発行日：{la_date('jp')}\n{cust[0]} 様\n\n株式会社さくら商事\n{la_taxid('jp')}\nTEL：{PHN('jp', 'nat')}\nE-mail：{P(role_email('jp'), EMAIL)}\n\n"
                f"ご請求金額：{la_amount('jp')}（税込）\n振込先：三菱UFJ銀行 丸の内支店 普通 {LA(dg(7), 'ACCOUNT')}\nお支払期限：{la_date('jp')}")
    if loc == "fr":
        return (f"FACTURE N° {LA('F' + str(R.randint(2023, 2025)) + '-' + dg(4), 'INVOICE')}\nDate : {la_date('eu')}\nAtelier Girard SARL · {la_taxid('fr')} · TVA {LA('FR' + dg(2) + dgnz(9), 'TAXID')}\n"
                f"Tél. {PHN('fr')} · {P(role_email('fr'), EMAIL)}\nClient : {cust[0]}\nTotal TTC : {la_amount('fr')}\nRèglement par virement : {IB('FR')}")
    return (f"INVOICE {la_invoice()}\nDate: {la_date('uk')}\nAshworth Legal LLP · {la_taxid('uk')} · Company No. {LA('OC' + dg(6), 'ID')}\nT: {PHN('uk')} · {P(role_email('uk'), EMAIL)}\n"
            f"Client: {cust[0]}\nTotal due: {la_amount('uk')}\nPay to sort code {LA(dg(2) + '-' + dg(2) + '-' + dg(2), 'SORTCODE')}, account {LA(dg(8), 'ACCOUNT')} or IBAN {IB('GB')}")


# --------------------------------------------------------------------------- carrier notifications
def g_shipping():
    k = ch(["dhl", "postnl", "inpost", "correios", "yamato", "auspost", "delhivery", "aramex", "ups"])
    if k == "dhl":
        return (f"Ihre Sendung {la_tracking('dhl')} kommt heute zwischen {LA('14:00', 'TS')} und {LA('18:00', 'TS')} Uhr.\nSSCC {LA('00' + dg(18), 'SSCC')}\n"
                f"Ihr Zusteller erreicht Sie ggf. unter {PHN('de')}. Fragen? Antworten Sie nicht auf diese E-Mail – schreiben Sie an {P(role_email('de'), EMAIL)}.\nEmpfänger-PLZ: {la_postal('de')}")
    if k == "postnl":
        return (f"Goed nieuws! Je pakket {la_tracking('postnl')} wordt {la_date('nl')} bezorgd tussen 17:45 en 20:15.\nBezorgadres: postcode {la_postal('nl')}\n"
                f"Niet thuis? De bezorger belt je op {PHN('nl')}. Vragen over je bestelling {la_order('num8')}? Mail {P(role_email('nl'), EMAIL)}.")
    if k == "inpost":
        return (f"InPost: Paczka {la_tracking('inpost')} czeka w Paczkomacie {LA('WAW' + dg(3) + 'M', 'ID')}. Kod odbioru: {la_otp()}.\n"
                f"Nadawca: {person('pl')[0]}, tel. {PHN('pl')}. Odbierz do {la_date('pl')}.")
    if k == "correios":
        return (f"Objeto {la_tracking('s10')} postado em {la_date('br')} – CEP destino {la_postal('br')}.\nSituação: saiu para entrega ao destinatário.\n"
                f"Dúvidas: fale com a loja pelo WhatsApp {PHN('br', mobile=True)} ou {P(role_email('br'), EMAIL)}. Pedido {la_order('num8')}.")
    if k == "yamato":
        return (f"【ヤマト運輸】お荷物お届けのお知らせ\nお問合せ伝票番号：{la_tracking('yamato')}\nお届け予定日時：{la_date('jp')} 19時～21時\n"
                f"ご依頼主：株式会社さくら商事（{PHN('jp', 'nat')}）\n配達担当ドライバー：{PHN('jp', 'nat')}\nお届け先：{la_postal('jp')}")
    if k == "auspost":
        return (f"Your parcel {LA('33' + an(3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + dg(8), 'TRACKING')} is on its way.\nEstimated delivery: {la_date('uk')}\n"
                f"Sender: Southern Cross Plumbing, {PHN('au')}, {P(role_email('au'), EMAIL)}\nDelivery postcode {la_postal('au')}. Consignment {la_id(10)}.")
    if k == "delhivery":
        return (f"Your order {la_order('ord')} is out for delivery. AWB {LA(dgnz(13), 'TRACKING')}.\nDelivery executive: {person('in')[0]} ({PHN('in')}).\n"
                f"OTP for delivery: {la_otp()}. Pincode {la_postal('in')}. Cash to collect: {la_amount('in')}")
    if k == "aramex":
        return (f"شحنتك رقم {LA(dgnz(11), 'TRACKING')} في الطريق إليك.\nYour shipment {LA(dgnz(11), 'TRACKING')} is with our courier today.\n"
                f"Courier / المندوب: {PHN('ae')} · Support: {P(role_email('ae'), EMAIL)}\nCOD: {la_amount('ae')}")
    return (f"UPS Update: Package {la_tracking('ups')} scheduled for delivery {la_date('us')} by 8:00 PM.\nShipper: Brightline Logistics, {PHN('us')}\n"
            f"Reply STOP to {LA(dgnz(5), 'SHORTCODE')} to opt out. Questions: {P(role_email('us'), EMAIL)}. Ref {la_order('po')}")


# --------------------------------------------------------------------------- chats in many languages
def chat_lines(lang):
    if lang == "pt":
        return [lambda: f"me chama no zap: {PHN('br', mobile=True)} 😊", lambda: f"meu e-mail é {E('br')}, manda a nota lá",
                lambda: f"o pedido {la_order('num8')} chegou? rastreio {la_tracking('s10')}", lambda: f"PIX: chave é meu CPF {LA(cpf(), 'TAXID')}",
                lambda: f"valor: {la_amount('br')} em 3x no cartão", lambda: f"pode pagar no cartão {CC()} validade {LA(str(R.randint(1, 12)).zfill(2) + '/' + str(R.randint(26, 31)), 'EXP')}",
                lambda: f"CEP {la_postal('br')} apto {R.randint(11, 1504)}"]
    if lang == "it":
        return [lambda: f"il mio cell è {PHN('it')}", lambda: f"scrivimi a {E('it')} che ti giro il preventivo",
                lambda: f"IBAN per il bonifico: {IB('IT')}", lambda: f"ordine n. {la_order('num8')}, cap {la_postal('it')}",
                lambda: f"sono {la_amount('it')} in tutto 🙈", lambda: f"fisso dell'ufficio {PHN('it')}, chiedi di me"]
    if lang == "nl":
        return [lambda: f"bel me even op {PHN('nl')}", lambda: f"tikkie van {la_amount('nl')} komt eraan", lambda: f"mijn IBAN: {IB('NL')}",
                lambda: f"postcode {la_postal('nl')}, huisnummer {R.randint(1, 300)}", lambda: f"bestelnummer {la_order('num10')} 👍",
                lambda: f"mail het maar naar {E('nl')}"]
    if lang == "pl":
        return [lambda: f"mój numer: {PHN('pl')}", lambda: f"BLIK {LA(dg(3) + ' ' + dg(3), 'OTP')} ważny 2 min", lambda: f"przelew na {IB('PL')}",
                lambda: f"paczkomat {LA('KRA' + dg(2) + 'M', 'ID')}, kod {la_otp()}", lambda: f"faktura idzie na {E('pl')}", lambda: f"kwota {la_amount('pl')}"]
    if lang == "ja":
        return [lambda: f"電話番号は{PHN('jp')}です", lambda: f"メールは{E('jp')}までお願いします🙏", lambda: f"注文番号：{la_order('num12')}",
                lambda: f"郵便番号{la_postal('jp')}", lambda: f"金額：{la_amount('jp')}（税込）", lambda: f"会社の代表番号は「{PHN('jp', 'nat')}」です。"]
    if lang == "ko":
        return [lambda: f"제 번호는 {PHN('kr')}이에요", lambda: f"이메일: {E('kr')}", lambda: f"주문번호 {LA(str(R.randint(20240101, 20241228)) + '-' + dg(7), 'ORDER')}",
                lambda: f"{la_taxid('kr')} 확인 부탁드려요", lambda: f"계좌 {LA(dg(3) + '-' + dg(3) + '-' + dg(6), 'ACCOUNT')} (신한) 로 보내주세요", lambda: f"금액 {la_amount('kr')}"]
    if lang == "ar":
        return [lambda: f"رقمي الجديد {PHN('ae')}", lambda: f"الإيميل: {E('ae')}", lambda: f"رقم الطلب {la_order('num8')}",
                lambda: f"الآيبان: {IB('AE')}", lambda: f"المبلغ {LA('٣٬' + ''.join(ch('٠١٢٣٤٥٦٧٨٩') for _ in range(3)), 'AMOUNT')} درهم",
                lambda: f"اتصل على المكتب {PHN('ae')} من ٩ إلى ٥"]
    return [lambda: f"mera number {PHN('in')} hai, WhatsApp pe message karo", lambda: f"email id {E('in')} hai",
            lambda: f"UPI id {LA(ch(['priya', 'rahul.s', 'ankit99', 'sneha.r']) + '@' + ch(['okicici', 'oksbi', 'ybl', 'paytm']), 'EMAILLIKE')} pe bhej do",
            lambda: f"PNR {la_id(10)} confirm ho gaya", lambda: f"Aadhaar {LA(ch('23456789') + dg(3) + ' ' + dg(4) + ' ' + dg(4), 'AADHAAR')} ki copy bhejo",
            lambda: f"pincode {la_postal('in')}", lambda: f"{la_amount('in')} transfer kar diya"]


def g_chat():
    lang = ch(["pt", "it", "nl", "pl", "ja", "ko", "ar", "hi"])
    loc = {"pt": "br", "it": "it", "nl": "nl", "pl": "pl", "ja": "jp", "ko": "kr", "ar": "ae", "hi": "in"}[lang]
    names = [person(loc)[0] for _ in range(2)]
    gens = chat_lines(lang)
    msgs = [f() for f in R.sample(gens, R.randint(2, min(4, len(gens))))]
    d = rdt()
    style = ch(["slack", "line", "kakao", "telegram", "plain"]) if lang in ("ja", "ko") else ch(["slack", "telegram", "plain", "irc"])
    if lang == "ja" and style == "kakao":
        style = "line"
    if lang == "ko" and style == "line":
        style = "kakao"
    out = []
    for m in msgs:
        d += dt.timedelta(seconds=R.randint(20, 900))
        who = ch(names)
        if style == "slack":
            out.append(f"{who}  {d.strftime('%I:%M %p').lstrip('0')}\n{m}")
        elif style == "line":
            out.append(f"{d.strftime('%H:%M')}\t{who}\t{m}")
        elif style == "kakao":
            ampm = "오후" if d.hour >= 12 else "오전"
            out.append(f"{d.year}년 {d.month}월 {d.day}일 {ampm} {d.hour % 12 or 12}:{d.minute:02d}, {who} : {m}")
        elif style == "telegram":
            out.append(f"[{d.strftime('%d.%m.%Y %H:%M:%S')}] {who}: {m}")
        elif style == "irc":
            out.append(f"[{d.strftime('%H:%M')}] <{fold(who.split()[0]).lower()}> {m}")
        else:
            out.append(f"{who}: {m}")
    if style == "line":
        out.insert(0, f"[LINE] {names[0]}とのトーク履歴\n保存日時：{d.strftime('%Y/%m/%d %H:%M')}\n\n{d.strftime('%Y/%m/%d')}(火)")
    return "\n".join(out)


# --------------------------------------------------------------------------- config files
def g_config():
    k = ch(["dotenv", "compose", "fixture", "smb", "odbc"])
    loc = ch(["de", "uk", "nl", "it", "us", "in", "au"])
    if k == "dotenv":
        return (f"APP_ENV=production\nAPP_VERSION={la_version('4big')}\nDB_HOST={IPV('priv', v6=False)}\nDB_PORT={LA(ch(['5432', '3306', '1433', '6432']), 'PORT')}\nMAIL_FROM_ADDRESS={P(role_email(loc), EMAIL)}\n"
                f"ADMIN_PHONE={P(tel_pair(loc)[0], PHONE)}\nALLOWED_IPS={IPV('pub', v6=False)},{IPV('doc', v6=False)}\nSENTRY_RELEASE={LA('shop@' + str(R.randint(1, 9)) + '.' + str(R.randint(0, 20)) + '.0', 'VERSION')}\n"
                f"SESSION_LIFETIME={R.randint(60, 720)}\nREDIS_URL=redis://{IPV('priv', v6=False)}:6379/0")
    if k == "compose":
        return (f"services:\n  app:\n    image: {LA('ghcr.io/acme/shop@sha256:' + hx(64), 'EMAILLIKE')}\n    environment:\n      - SUPPORT_EMAIL={P(role_email(loc), EMAIL)}\n"
                f"      - ONCALL_PHONE={PHN(loc)}\n      - TRUSTED_PROXIES={IPV('priv', v6=False)}/16\n    ports:\n      - \"{la_port()}:8080\"\n"
                f"  db:\n    image: postgres:{R.randint(13, 16)}.{R.randint(1, 6)}\n    networks:\n      backend:\n        ipv4_address: {IPV('priv', v6=False)}\n        ipv6_address: {IPV('comp', v6=True)}")
    if k == "fixture":
        p = person(loc)
        return (f"# test/fixtures/customers.yml\n{p[1]}:\n  id: {la_id(6)}\n  name: \"{p[0]}\"\n  email: {E(loc, p)}\n  phone: \"{PHN(loc)}\"\n"
                f"  last_sign_in_ip: {IPV()}\n  created_at: <%= {R.randint(2, 30)}.days.ago %>\n  payout_iban: {IB(ch(['DE', 'NL', 'GB', 'IT']), spaced=False)}\n  lock_version: {R.randint(0, 9)}")
    if k == "smb":
        base = ip4("priv")
        pref = ".".join(base.split(".")[:3]) + "."
        return (f"[global]\n   workgroup = ACME\n   server string = Samba %v\n   interfaces = {P(base, IP)}/24 eth0\n   hosts allow = {LA(pref, 'IPLIKE')} {LA('127.', 'IPLIKE')}\n"
                f"   wins server = {IPV('priv', v6=False)}\n   log file = /var/log/samba/log.%m\n   max log size = {R.randint(50, 5000)}\n\n[scans]\n   path = /srv/scans\n   comment = contact {P(role_email(loc), EMAIL)}")
    return (f"[crm_prod]\nDriver=PostgreSQL Unicode\nServername={IPV('priv', v6=False)}\nPort={la_port()}\nDatabase=crm\nUsername=report\n"
            f"; owner: {E(loc, style='f.l')} / {PHN(loc)}\n; created {la_date('iso')}, driver {la_version('semver')}")


# --------------------------------------------------------------------------- helpdesk JSON exports
def g_ticket():
    loc = ch(["br", "it", "pl", "nl", "de", "es", "fr", "in", "jp", "us", "uk", "au"])
    p = person(loc)
    texts = {"br": (f"Não consigo alterar meu telefone", lambda: f"Meu novo número é {PHN('br')}. Pedido {la_order('num8')}."),
             "it": ("Cambio recapito", lambda: f"Nuovo numero: {PHN('it')}; vecchio {PHN('it')}. Cliente {la_id(8)}."),
             "pl": ("Zmiana numeru konta", lambda: f"Proszę zaktualizować rachunek na {IB('PL')}. Tel. {PHN('pl')}."),
             "nl": ("Terugbetaling", lambda: f"Graag terugstorten op {IB('NL')}. Bereikbaar op {PHN('nl')}."),
             "de": ("Rückruf", lambda: f"Bitte Rückruf unter {PHN('de')}, Vertragsnr. {la_id(10)}."),
             "es": ("Cambio de correo", lambda: f"Mi correo nuevo es {E('es', p)}; el teléfono {PHN('es')}."),
             "fr": ("Remboursement", lambda: f"Merci de rembourser sur {IB('FR')}. Tél : {PHN('fr')}."),
             "in": ("Refund not received", lambda: f"Refund of {la_amount('in')} for order {la_order('ord')} not received. Call me on {PHN('in')}."),
             "jp": ("電話番号の変更", lambda: f"新しい電話番号は{PHN('jp')}です。会員番号{la_id(8)}"),
             "us": ("Charged twice", lambda: f"I was charged twice on my card {CC() if coin(0.5) else la_masked()}. Call {PHN('us')}."),
             "uk": ("Update direct debit", lambda: f"New account: {IB('GB')}. Mobile {PHN('uk')}."),
             "au": ("Wrong delivery address", lambda: f"Please call {PHN('au')} before delivery, postcode {la_postal('au')}.")}
    subj, body = texts[loc]
    obj = {"ticket": {"id": int(dgnz(6)), "subject": subj, "status": ch(["open", "pending", "solved"]),
                      "requester": {"name": p[0], "email": E(loc, p)}, "via": {"channel": ch(["email", "web", "mobile"]), "source": {"from": {"address": E(loc, p)} if coin(0.4) else {}}},
                      "comments": [{"id": int(dgnz(12)), "public": True, "body": body(),
                                    "metadata": {"system": {"client": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)", "ip_address": IPV(),
                                                            "latitude": LA(f"{R.uniform(-40, 60):.4f}", "COORD"), "longitude": LA(f"{R.uniform(-120, 150):.4f}", "COORD")}}}],
                      "custom_fields": [{"id": int(dgnz(12)), "value": la_order()}, {"id": int(dgnz(12)), "value": None}],
                      "created_at": la_ts("iso")}}
    return jd(obj, indent=2 if coin(0.4) else None)


# --------------------------------------------------------------------------- HAProxy / CEF / LEEF
def g_seclog():
    k = ch(["haproxy", "cef", "leef"])
    d = rdt()
    if k == "haproxy":
        return (f"{la_ts('syslog', d)} lb1 haproxy[{R.randint(100, 65000)}]: {IPV(v6=False)}:{la_eport()} [{LA(d.strftime('%d/%b/%Y:%H:%M:%S') + '.' + dg(3), 'TS')}] https-in~ api_backend/api-0{R.randint(1, 4)} "
                f"0/0/1/{R.randint(1, 900)}/{R.randint(1, 900)} {ch([200, 201, 403, 502])} {R.randint(200, 90000)} - - ---- {R.randint(1, 400)}/{R.randint(1, 400)}/{R.randint(1, 40)}/{R.randint(1, 9)}/0 0/0 "
                f"{{shop.example.com|Mozilla/5.0}} \"GET /api/v2/users/lookup?email={E(ch(['us', 'de', 'it', 'nl']))} HTTP/2.0\"")
    if k == "cef":
        return (f"{la_ts('syslog', d)} fgt01 CEF:0|Fortinet|FortiGate|{LA('7.' + str(R.randint(0, 4)) + '.' + str(R.randint(0, 15)) + '.' + str(R.randint(1000, 2600)), 'VERSION')}|{LA(dg(10), 'ID')}|traffic:forward close|3|deviceExternalId=FG200F{dg(10)} "
                f"src={IPV('priv', v6=False)} spt={la_eport()} dst={IPV('pub', v6=False)} dpt={la_port()} proto=6 act=accept suser={E(ch(['uk', 'de', 'nl']), style='f.l')} "
                f"app=HTTPS in={R.randint(100, 99999)} out={R.randint(100, 99999)} sessionid={R.randint(10 ** 8, 10 ** 9)}")
    return (f"LEEF:2.0|Microsoft|Office 365|1.0|UserLoggedIn|^|devTime={la_ts('iso', d)}^usrName={E(ch(['us', 'uk', 'au', 'in']), style='f.l')}^src={IPV(v6=coin(0.4))}"
            f"^CorrelationId={la_uuid()}^ResultStatus=Succeeded^UserAgent=Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook {la_version('4big')}; Pro)")


# --------------------------------------------------------------------------- till receipts
ITEMS = {"it": ["Caffè macinato 250g", "Pane integrale", "Mozzarella di bufala", "Acqua frizzante 6x1,5L"], "de": ["Brötchen x6", "Laugenbrezel", "Bienenstich", "Kaffee to go"],
         "uk": ["Flat white", "Bacon bap", "Sausage roll", "Still water"], "us": ["Bananas 2.1 lb", "Oat milk", "Sourdough loaf", "Cold brew"],
         "nl": ["Binnenband 28 inch", "Fietsbel", "Remblokjes", "Stroopwafels"], "pl": ["Bułka kajzerka", "Twaróg półtłusty", "Kefir", "Pączek"],
         "br": ["Pão de queijo", "Café coado", "Pão francês (kg)", "Coxinha"], "jp": ["おにぎり 鮭", "緑茶 500ml", "サンドイッチ", "からあげ"],
         "au": ["Flat white", "Banana bread", "Avo toast", "Sausage roll"]}


def g_receipt():
    loc = ch(["it", "de", "uk", "us", "nl", "pl", "br", "jp", "au"])
    d = card_digits()
    store = {"it": ("MERCATO VERDE S.R.L.", "Via Torino 45 – Milano"), "de": ("Bäckerei Krüger", "Lindenstraße 8, Leipzig"), "uk": ("THE CORNER DELI", "12 High St, Leeds"),
             "us": ("HARBORVIEW MARKET #0412", "1500 Pike St, Seattle WA"), "nl": ("Fietsenwinkel Bos", "Oudegracht 120, Utrecht"),
             "pl": ("Sklep Społem", "ul. Długa 5, Gdańsk"), "br": ("PADARIA PÃO DOURADO", "R. Augusta 900 – São Paulo/SP"), "jp": ("さくらマート 丸の内店", "東京都千代田区丸の内1-1-1"),
             "au": ("SOUTHERN CROSS CAFE", "88 George St, Sydney NSW")}[loc]
    lines = [store[0].center(32), store[1].center(32), f"Tel. {PHN(loc)}".center(32)]
    if coin(0.5):
        lines.append((la_taxid(loc) if loc in ("it", "de", "uk", "nl", "pl", "br", "jp", "au") else la_ein()))
    lines.append("-" * 32)
    for _ in range(R.randint(2, 4)):
        item = ch(ITEMS[loc])
        lines.append(item.ljust(22) + f"{R.randint(50, 2000) / 100:>10.2f}".replace(".", "," if loc in ("it", "de", "nl", "pl", "br") else "."))
    lines += [f"TOTAL {la_amount(loc)}", f"{BRAND_NAME[d[0]]} {la_masked(d)}", f"AID {LA('A00000000' + ch(['31010', '41010', '25010', '651010']), 'AID')}",
              f"TERM {LA(dg(8), 'ID')}  STAN {LA(dg(6), 'ID')}  AUTH {LA(dg(6), 'AUTH')}", f"{la_ts('sql')}  RCPT {LA(dg(4) + '-' + dg(4), 'ID')}"]
    if coin(0.25):
        lines.append(f"*** MERCHANT COPY *** PAN {P(card_fmt(d, 'plain'), CARD)}")
    if coin(0.35):
        lines.append(f"Feedback: {P(role_email(loc), EMAIL)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- MT940 statements
def creditor_id():
    nat = "ZZZ0" + dg(10)
    chk = 98 - mod97(nat[4:] + "DE00")
    return f"DE{chk:02d}{nat}"


def g_mt940():
    own = iban_compact("DE")
    cp = iban_compact(ch(["DE", "DE", "NL", "AT", "FR", "IT"]))
    d = rdt()
    lines = [":20:STARTUMS", f":25:{P(own, IBAN)}" if coin(0.6) else f":25:{LA(own[4:12], 'BLZ')}/{LA(own[12:], 'ACCOUNT')}",
             f":28C:{LA(dg(5) + '/001', 'ID')}", f":60F:C{d.strftime('%y%m%d')}EUR{la_amount('de').replace(' €', '').replace('.', '')}",
             f":61:{d.strftime('%y%m%d%m%d')}DR{R.randint(1, 9999)},{dg(2)}NDDTNONREF//{LA(dgnz(9), 'ID')}",
             f":86:105?00SEPA-LASTSCHRIFT?20EREF+{la_invoice('de')}?21MREF+{LA('M-' + dg(4) + '-' + dg(4), 'ID')}?22CRED+{LA(creditor_id(), 'IBANLIKE')}"
             f"?23SVWZ+Rechnung {d.strftime('%Y-%m')}?30{LA('COBADEFFXXX', 'BIC')}?31{P(cp, IBAN)}?32Stadtwerke Beispiel GmbH",
             f":62F:C{d.strftime('%y%m%d')}EUR{R.randint(100, 99999)},{dg(2)}", "-"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- staff directories (fixed width)
def g_directory():
    loc = ch(["uk", "us", "au", "de", "nl", "in"])
    out = [f"{'NAME':<22}{'DEPT':<12}{'EXT':<7}{'ROOM':<8}{'DIRECT':<22}MOBILE"]
    for _ in range(R.randint(1, 2)):
        p = person(loc)
        direct = ph(loc)
        mob = ph(loc)
        room = f"{ch('ABC')}{R.randint(1, 5)}.{R.randint(1, 40):02d}"
        dept = ch(["Finance", "IT", "Legal", "Sales", "HR", "Ops"])
        out.append(f"{p[0]:<22}{dept:<12}" + LA(dg(4), "EXT") + " " * 3 + LA(room, "ROOM") + " " * (8 - len(room)) + P(direct, PHONE)
                   + " " * max(1, 22 - len(direct)) + (P(mob, PHONE) if coin(0.8) else "-"))
    out.append(f"Internal extensions: dial {LA(ch(['9', '0']), 'ID')} for an outside line. Reception: ext. {LA(dg(4), 'EXT')}.")
    return "\n".join(out)


# --------------------------------------------------------------------------- incident write-ups (Markdown)
def g_incident():
    loc = ch(["us", "uk", "de", "nl", "in"])
    a, b = ip4("priv"), ip4("priv")
    d = rdt()
    d2, d3 = d + dt.timedelta(minutes=R.randint(2, 15)), d + dt.timedelta(minutes=R.randint(20, 90))
    return (f"## Incident {d.strftime('%Y-%m-%d')}: elevated 5xx on checkout (SEV-{R.randint(1, 3)})\n\n**Timeline (UTC)**\n"
            f"- {la_ts('hm', d)} PagerDuty alert {LA('#P' + an(5), 'ID')} fired; on-call {LA('@' + person(loc)[1], 'HANDLE')} paged via {PHN(loc)}\n"
            f"- {la_ts('hm', d2)} bad deploy `{la_version('pre')}` (`{la_sha(7)}`) identified on {P(a, IP)} and {P(b, IP)}\n"
            f"- {la_ts('hm', d3)} rolled back to `{la_version('semver')}`; error rate {R.randint(5, 40)}.{R.randint(0, 9)}% → 0.{R.randint(1, 9)}%\n\n"
            f"**Impact**: {R.randint(100, 9999):,} orders failed; {R.randint(2, 40)} tickets, e.g. from {E(ch(['us', 'uk', 'de', 'br']))}.\n"
            f"**Follow-up**: block {IPV('pub', v6=coin(0.3))} (scraper, {R.randint(1000, 90000):,} req/min); owner {E(loc, style='f.l')}.")


# --------------------------------------------------------------------------- web-form notifications (US applications with SSNs)
def g_form():
    k = ch(["rental", "loan", "w9", "onboarding", "medical"])
    p = person("us")
    d = rdt()
    title = {"rental": "Rental Application", "loan": "Loan Pre-Qualification", "w9": "W-9 Request", "onboarding": "New Hire Packet", "medical": "Patient Intake"}[k]
    head = f"New submission: {title} (form #{la_id(6)})\nSubmitted: {la_ts('win', d)} EST from IP {IPV(v6=coin(0.2))}\n\n"
    if k == "rental":
        body = (f"Applicant: {p[0]}\nDate of birth: {la_dob('us')}\nSSN: {SS()}\nPhone (cell): {PHN('us')}\nCurrent employer: Harborview Dental, {PHN('us', ext=coin(0.5))}\n"
                f"Monthly income: {la_amount('us')}\nPrevious ZIP: {la_postal('us')}\nCo-applicant SSN: {SS() if coin(0.7) else '(none)'}")
    elif k == "loan":
        body = (f"Name: {p[0]}\nSocial Security #: {SS()}\nEmail: {E('us', p)}\nRequested amount: {la_amount('us')}\nTerm: {R.randint(12, 84)} months\n"
                f"Employer EIN (if self-employed): {la_ein()}\nRouting number: {LA(aba(), 'ROUTING')}")
    elif k == "w9":
        body = (f"Payee: {p[0]}\nTIN type: SSN\nTIN: {SS(ch(['-', ' ']))}\nAddress ZIP: {la_postal('us')}\nEmail for 1099: {E('us', p)}\n"
                f"Note: prior TIN {la_bad_ssn()} was rejected by IRS TIN matching (invalid area number).")
    elif k == "onboarding":
        body = (f"Employee: {p[0]}\nStart date: {la_date('us')}\nSSN: {SS()}\nI-9 document: US Passport {LA(ch('ACEF') + dg(8), 'PASSPORT')}\nDirect deposit routing {LA(aba(), 'ROUTING')} account {LA(dg(10), 'ACCOUNT')}\n"
                f"Emergency contact: {person('us')[0]}, {PHN('us')}")
    else:
        body = (f"Patient: {p[0]}  DOB {la_dob('us')}\nMRN: {la_id(8)}\nInsurance member ID: {LA(an(3, 'ABCDEFGHJKLMNPQRSTUVWXYZ') + dg(9), 'ID')}\nSSN (last 4 only please): {LA('XXX-XX-' + dg(4), 'SSNLIKE')}\n"
                f"Preferred phone: {PHN('us')}\nPharmacy fax: {PHN('us')}")
    return head + body


# --------------------------------------------------------------------------- prose in varied sentence shapes
def g_prose():
    lang = ch(["en", "it", "es", "pt", "pl", "nl", "de", "fr", "ja", "ko", "ar", "hi"])
    T = {
        "en": [lambda: f"“Call me on {PHN(ch(['uk', 'au', 'us']))},” she said, “not the office line.”", lambda: f"Is {E(ch(['us', 'uk']))} still the right address?",
               lambda: f"Numbers to try, in order: {PHN('us')}; {PHN('ca')}; and, failing that, {PHN('uk')}.", lambda: f"(For the record, the SSN on the lease — {SS()} — was typed by the tenant.)",
               lambda: f"{PHN('au')} is the after-hours number; {la_order()} is the job reference.", lambda: f"Reimburse to {IB('GB')}. Not to {la_bad_iban('GB')}, which bounced.",
               lambda: f"He read the card out twice: {CC()}, expiry {exp_str()}.", lambda: f"Card {CC()} was declined; {la_bad_card()} is just a typo of it."],
        "it": [lambda: f"«Mi chiami al {PHN('it')}», disse, «dopo le sei».", lambda: f"L'indirizzo giusto è {E('it')}, non quello vecchio.", lambda: f"Bonifico su {IB('IT')} entro il {la_date('eu')}, grazie!"],
        "es": [lambda: f"¿Me puedes escribir a {E('es')}?", lambda: f"¡Llámame al {PHN('es')} cuando llegues!", lambda: f"El reembolso irá a {IB('ES')} (referencia {la_invoice('es')}).", lambda: f"Cárguelo a la tarjeta {CC()}, por favor."],
        "pt": [lambda: f"— Liga pra mim no {PHN('br')}, tá? — disse ela.", lambda: f"O e-mail ({E('pt')}) foi atualizado em {la_date('pt')}.", lambda: f"Transferência para {IB('PT')}…"],
        "pl": [lambda: f"Numer: {PHN('pl')} (prywatny).", lambda: f"„Napisz na {E('pl')}” – odpisał.", lambda: f"Zwrot na {IB('PL')}, tytułem {la_invoice('pl')}."],
        "nl": [lambda: f"Bel ’s avonds liever {PHN('nl')}.", lambda: f"Het adres {E('nl')} werkt niet meer; gebruik {E('nl')}.", lambda: f"Terugstorten op {IB('NL')}?"],
        "de": [lambda: f"„Erreichbar bin ich unter {PHN('de')}“, schrieb sie.", lambda: f"Bitte an {E('de')} – nicht an die alte Adresse!", lambda: f"Die Kaution geht auf {IB('DE')}.", lambda: f"Belasten Sie bitte die Karte {CC()} (gültig bis {exp_str()})."],
        "fr": [lambda: f"« Rappelez-moi au {PHN('fr')} », a-t-il dit.", lambda: f"Écrivez plutôt à {E('fr')} !", lambda: f"Virement sur {IB('FR')}, merci."],
        "ja": [lambda: f"「{PHN('jp')}」にお電話ください。", lambda: f"連絡先：{E('jp')}（平日のみ）", lambda: f"至急、{PHN('jp')}まで折り返しをお願いします！"],
        "ko": [lambda: f"\"{PHN('kr')}\"로 연락 주세요.", lambda: f"메일은 {E('kr')}으로 보내 주세요.", lambda: f"문의: {PHN('kr')} (평일 9시~18시)"],
        "ar": [lambda: f"يرجى الاتصال على {PHN('ae')} بعد الساعة الخامسة.", lambda: f"أرسل الفاتورة إلى {E('ae')} من فضلك.", lambda: f"التحويل إلى {IB('AE')} شكراً."],
        "hi": [lambda: f"Bhai, {PHN('in')} pe call kar lena, main bahar hoon.", lambda: f"Mail {E('in')} pe bhejo na.", lambda: f"Office ka number {PHN('in')} hai, extension {LA(dg(3), 'EXT')}."],
    }
    k = R.randint(1, 3)
    filler = {"en": f"Ref {la_order()}, logged {la_date('uk')}.", "it": f"Pratica {la_id(8)}.", "es": f"Pedido {la_order('num8')}.", "pt": f"Protocolo {la_id(10)}.",
              "pl": f"Zgłoszenie {la_id(8)}.", "nl": f"Dossier {la_id(8)}.", "de": f"Vorgang {la_id(9)}.", "fr": f"Dossier n° {la_id(8)}.",
              "ja": f"受付番号{la_id(8)}。", "ko": f"접수번호 {la_id(8)}.", "ar": f"رقم الطلب {la_id(8)}.", "hi": f"Ticket {la_id(8)}."}[lang]
    parts = [f() for f in R.sample(T[lang], min(k, len(T[lang])))]
    parts.insert(R.randint(0, len(parts)), filler)
    return " ".join(parts)


# --------------------------------------------------------------------------- hotel / car / airline bookings (cards on file)
HOTELS = ["Hotel Lindenhof Leipzig", "Albergo Santa Chiara", "Hotel Oranje Amsterdam", "The Kingsmead Inn", "Pousada Mar Azul", "Hotel Sakura Shinjuku",
          "Harbour View Suites Sydney", "Hostal La Giralda"]


def exp_str():
    return LA(f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "EXP")


def g_booking():
    k = ch(["hotel", "hotel", "car", "airline"])
    loc = ch(["us", "uk", "de", "it", "es", "fr", "nl", "jp", "au", "br", "in"])
    p = person(loc)
    d = card_digits()
    card = P(card_fmt(d), CARD) if coin(0.8) else la_masked(d)
    if k == "hotel":
        d0 = rdt()
        return (f"Reservation confirmed – {ch(HOTELS)}\nConfirmation number: {la_id(10)}   PIN: {LA(dg(4), 'OTP')}\nGuest: {p[0]}\n"
                f"Phone: {PHN(loc)}\nEmail: {E(loc, p)}\nCheck-in: {la_date('uk', d0)} (from 15:00) · Check-out: {la_date('uk', d0 + dt.timedelta(days=R.randint(1, 9)))}\n"
                f"Room: Deluxe King · rate plan {LA('BAR-' + dg(3), 'ID')} · {R.randint(1, 3)} guest(s)\nGuarantee: {BRAND_NAME[d[0]]} {card} exp {exp_str()} CVC ***\n"
                f"Total: {la_amount(loc)} incl. city tax · Booking.com ID {la_id(10)}")
    if k == "car":
        return (f"RENTAL AGREEMENT {LA('RA' + dg(9), 'ID')}\nDriver: {p[0]}   Licence: {LA(an(9), 'ID')}   Mobile: {PHN(loc)}\n"
                f"Pick-up: {la_ts('sql')}  {ch(['FRA T1', 'MXP', 'AMS Schiphol', 'LHR T5', 'GRU', 'SYD'])}  Odometer {LA(str(R.randint(1000, 99999)), 'ID')} km\n"
                f"Card on file: {card} ({BRAND_NAME[d[0]].title()}) · Deposit {la_amount(loc)} · Plate {LA(an(3, 'ABCDEFGHJKLMNPRSTUVWXYZ') + '-' + dg(3), 'ID')}\n"
                f"Damage hotline: {PHN(ch(['de', 'uk', 'it', 'nl']))}")
    code = {"4": "VI", "5": "CA", "2": "CA", "3": "AX" if d[:2] in ("34", "37") else "DC" if d[:2] in ("36", "38") else "JC", "6": "DS"}[d[0]]
    return (f"BOOKING REF {LA(an(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ'), 'PNR')}\n 1.1{fold(p[2]).upper()}/{fold(p[1]).upper()}\n"
            f" 2  {ch(['LH', 'KL', 'AZ', 'BA', 'NH', 'QF'])} {R.randint(100, 1999)} Y {la_date('uk').upper()} {ch(['FRAJFK', 'AMSGRU', 'FCONRT', 'LHRSYD'])} HK1  {la_ts('hm')} {la_ts('hm')}\n"
            f" 3 APM {PHN(loc)}\n 4 APE {E(loc, p)}\n 5 FP CC/{code}/{P(d, CARD)}/{LA(f'{R.randint(1, 12):02d}{R.randint(26, 31)}', 'EXP')}\n"
            f" 6 FA PAX {LA(dg(3) + '-' + dg(10), 'TICKET')}/ETLH/EUR{R.randint(100, 3000)}.{dg(2)}")


# --------------------------------------------------------------------------- payment-gateway debug logs
def g_gateway():
    k = ch(["json", "form", "xml"])
    d = card_digits()
    loc = ch(["us", "uk", "de", "nl", "it", "br", "au", "in", "es"])
    if k == "json":
        obj = {"ts": la_ts("iso"), "created_ms": la_ts("epochms"), "level": "debug", "svc": "checkout", "trace_id": la_sha(32), "msg": "authorize request",
               "req": {"amount": R.randint(100, 99999), "currency": ch(["EUR", "USD", "GBP", "BRL"]),
                       "source": {"object": "card", "number": P(d, CARD), "exp_month": R.randint(1, 12), "exp_year": R.randint(2026, 2031), "cvc": "***"},
                       "billing_details": {"email": E(loc), "phone": PHN(loc) if coin(0.6) else None}},
               "client_ip": IPV(), "idempotency_key": la_uuid()}
        return jd(obj)
    if k == "form":
        return (f"{la_ts('pylog')} DEBUG [gateway.http] POST /v1/tokens body=\"card[number]={P(d, CARD)}&card[exp_month]={R.randint(1, 12)}&card[exp_year]={R.randint(2026, 2031)}"
                f"&card[cvc]=***&email={E(loc)}\" status=200 latency={la_duration()} request_id={LA('req_' + an(14, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), 'ID')}")
    return (f"<soapenv:Body>\n  <ns2:AuthorizeRequest>\n    <MerchantRef>{la_order()}</MerchantRef>\n    <PAN>{P(card_fmt(d, ch(['plain', 'space'])), CARD)}</PAN>\n"
            f"    <Expiry>{LA(f'{R.randint(26, 31)}{R.randint(1, 12):02d}', 'EXP')}</Expiry>\n    <Amount currency=\"EUR\">{la_amount('plain')}</Amount>\n"
            f"    <CustomerIP>{IPV(v6=False)}</CustomerIP>\n    <TerminalId>{LA(dg(8), 'ID')}</TerminalId>\n  </ns2:AuthorizeRequest>\n</soapenv:Body>")


# --------------------------------------------------------------------------- tenant / background screening API responses (SSNs)
def g_screening():
    p = person("us")
    obj = {"report_id": la_uuid(), "ordered_at": la_ts("iso"), "package": ch(["TENANT_PLUS", "EMPLOYMENT_STD", "ID_VERIFY"]),
           "subject": {"name": p[0], "ssn": SS(), "dob": la_dob(), "phones": [{"type": "mobile", "number": PHN("us")}],
                       "emails": [E("us", p)]},
           "ssn_trace": {"issued_state": ch(["CA", "TX", "NY", "FL", "IL", "WA"]), "issued_years": f"{R.randint(1975, 2010)}", "deceased_flag": False,
                         "variants_seen": [la_bad_ssn()] if coin(0.5) else []},
           "address_history": [{"zip": la_postal("us"), "from": la_date("iso")}],
           "employer_ein": la_ein(), "score": R.randint(300, 850)}
    if coin(0.35):
        obj["subject"]["aliases"] = [{"name": p[0].split()[0][0] + ". " + p[0].split()[-1], "ssn": SS()}]
    return jd(obj, indent=2 if coin(0.5) else None)


# --------------------------------------------------------------------------- look-alike-only documents
def g_clean():
    k = ch(["release", "build", "prices", "timetable", "inventory", "metrics", "bank_nonpii", "checksums", "books"])
    if k == "books":
        return ("Bestellung / order " + la_order("ord") + "\n" + "\n".join(
            f"{R.randint(1, 3)} x ISBN {la_isbn()}  {ch(['Der Prozess', 'Il nome della rosa', 'Max Havelaar', 'Lalka', 'Dom Casmurro', '雪国'])}  {la_amount(ch(['de', 'it', 'nl', 'pl', 'br', 'jp']))}"
            for _ in range(R.randint(2, 4))) + f"\nVersand: {la_tracking('dhl')} · {la_date('de')}")
    if k == "release":
        return (f"## {la_version('semver')} ({la_date('iso')})\n- bump openssl to {LA('3.0.' + str(R.randint(10, 15)), 'VERSION')}\n- Windows build {la_version('4big')} signed\n"
                f"- fixed crash in phone parser on inputs longer than {R.randint(16, 64)} chars (#{R.randint(1000, 9999)})\n- SBOM digest sha256:{la_sha(64)}\n- OID {la_oid()} now accepted")
    if k == "build":
        return (f"[{la_ts('iso')}] Step {R.randint(1, 20)}/{R.randint(20, 40)} : RUN make -j{R.randint(2, 16)}\n ---> Running in {la_sha(12)}\n"
                f"   Compiling lango-node v{la_version('semver')}\n   Finished release [optimized] target(s) in {la_duration()}\n"
                f"build {la_version('build4')} released; artifact {la_uuid()}.tar.gz ({R.randint(1, 900)}.{R.randint(0, 9)} MB)")
    if k == "prices":
        locs = R.sample(["us", "de", "br", "in", "jp", "pl", "ch", "uk"], 3)
        return "SKU,Description,Price,EAN\n" + "\n".join(f"{LA(an(3, 'ABCDEFGHJKLMNPQRSTUVWXYZ') + '-' + dg(5), 'SKU')},{ch(['Drill 18V', 'Bit set', 'Ladder 3m'])},{csvq(la_amount(l))},{ean13()}" for l in locs)
    if k == "timetable":
        rows = []
        for _ in range(3):
            d0 = rdt()
            rows.append(f"{LA(ch(['IC', 'ICE', 'RE', 'Frecciarossa', 'Thalys']) + ' ' + str(R.randint(100, 9999)), 'ID')}  dep {la_ts('hm', d0)}  "
                        f"arr {la_ts('hm', d0 + dt.timedelta(minutes=R.randint(25, 400)))}  platform {R.randint(1, 20)}  delay +{R.randint(0, 45)} min")
        return "\n".join(rows)
    if k == "inventory":
        return ("serial,imei,mac,firmware,purchased\n" + "\n".join(f"{LA(an(12), 'SERIAL')},{LA(imei(), 'IMEI')},{la_mac()},{la_version('4big')},{la_date('iso')}" for _ in range(R.randint(2, 3))))
    if k == "metrics":
        return (f"# HELP http_request_duration_seconds request latency\nhttp_request_duration_seconds_bucket{{le=\"0.25\",route=\"/api/v2/orders\"}} {R.randint(1000, 999999)}\n"
                f"process_start_time_seconds {la_ts('epoch')}.{dg(2)}\nbuild_info{{version=\"{la_version('4big')}\",commit=\"{la_sha(40)}\"}} 1\nnode_network_address_info{{address=\"{la_bad_ip()}\"}} 0")
    if k == "bank_nonpii":
        return (f"Sort code {LA(dg(2) + '-' + dg(2) + '-' + dg(2), 'SORTCODE')} is not an IBAN; neither is {la_bad_iban()} (check digits fail) nor {la_bad_iban()}.\n"
                f"Test PAN {la_bad_card()} fails Luhn; SSN {la_bad_ssn()} uses a never-issued area; {la_bad_ip()} is not an address.")
    return "\n".join(f"{la_sha(64)}  {ch(['lango-node', 'libphone', 'ingest'])}-{la_version('semver')}-{ch(['x86_64', 'aarch64'])}.tar.gz" for _ in range(R.randint(2, 4)))


# ============================================================================ main
GENERATORS = [  # (generator, weight); documents are allotted in proportion, then shuffled
    (g_mail, 10), (g_contacts, 5), (g_cdr, 6), (g_payments, 9), (g_hr, 9), (g_logfmt, 11), (g_weberr, 7), (g_authlog, 7),
    (g_netfilter, 4), (g_winevent, 6), (g_sql, 8), (g_html, 8), (g_card, 5), (g_meeting, 5), (g_wikitable, 4), (g_gitdiff, 5),
    (g_nettools, 7), (g_sentry, 5), (g_invoice, 18), (g_shipping, 13), (g_chat, 30), (g_config, 6), (g_ticket, 7), (g_seclog, 6),
    (g_receipt, 8), (g_mt940, 5), (g_directory, 4), (g_incident, 3), (g_form, 24), (g_prose, 31), (g_clean, 44),
    (g_booking, 20), (g_gateway, 19), (g_screening, 16),
]


def make_doc(gen):
    for attempt in range(200):
        text, spans, looks = finish(gen())
        probs = check(text, spans, looks)
        if not probs:
            return text, spans, looks, attempt
    raise RuntimeError(f"{gen.__name__}: cannot draw a clean document: {probs}")


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "pii-wild.jsonl")
    total_w = sum(w for _, w in GENERATORS)
    quota = [(g, N_DOCS * w / total_w) for g, w in GENERATORS]
    alloc = {g: int(q) for g, q in quota}
    for g, q in sorted(quota, key=lambda x: -(x[1] - int(x[1])))[:N_DOCS - sum(alloc.values())]:
        alloc[g] += 1
    schedule = [g for g, _ in GENERATORS for _ in range(alloc[g])]
    R.shuffle(schedule)
    by_type, by_gen, looks_n, redraws = collections.Counter(), collections.Counter(), collections.Counter(), 0
    docs = []
    for g in schedule:
        text, spans, looks, att = make_doc(g)
        redraws += att
        for s in spans:
            assert text[s["start"]:s["end"]] == s["value"]
            by_type[s["type"]] += 1
        for lk in looks:
            looks_n[lk["type"]] += 1
        by_gen[g.__name__] += 1
        docs.append({"text": text, "spans": [{"start": s["start"], "end": s["end"], "type": s["type"]} for s in spans]})
    with open(out_path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    # re-read and re-verify what was written
    n = 0
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            for s in d["spans"]:
                assert valid_value(d["text"][s["start"]:s["end"]], s["type"])
            n += 1
    assert n == N_DOCS
    print(f"wrote {n} documents to {out_path}; {sum(by_type.values())} spans; {sum(looks_n.values())} look-alikes; {redraws} redraws", file=sys.stderr)
    print("spans:", dict(sorted(by_type.items())), file=sys.stderr)
    print("look-alikes:", dict(looks_n.most_common()), file=sys.stderr)
    print("generators:", dict(by_gen.most_common()), file=sys.stderr)
    print("empty docs:", sum(1 for d in docs if not d["spans"]), file=sys.stderr)


if __name__ == "__main__":
    main()
