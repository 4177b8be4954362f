#!/usr/bin/env python3
"""pii_fresh.py - writes pii-fresh.jsonl, a labelled PII corpus written to imitate a held-out
evaluation corpus ("other sentence shapes, other locales, other document formats (structured
logs, CSV, e-mail, JSON), with look-alikes beside real values").  It was written without
looking at the detectors and deliberately avoids the shapes, templates and locales of
pii_shapes.py, pii_formats.py, pii_locales.py and pii_wild.py.

Shapes: AWS CloudTrail events, VPC flow logs, GCP audit logs, Azure activity / Entra sign-in
logs, Kubernetes audit events, Elastic-Common-Schema (Filebeat/Logstash) events, Exim main
logs, ssh known_hosts / authorized_keys, iptables-save / ip6tables-save, pf.conf, ISC
dhcpd.leases, NX-OS and Junos configs, WireGuard configs, Zeek conn.log, Suricata eve.json,
FreeRADIUS detail files, Redis CLIENT LIST / mongosh output, Android logcat, Cloudflare
logpush / HAR entries, nmap XML, Windows DHCP audit CSV, CRM activity notes, insurance
first-notice-of-loss forms, medical appointment reminders, school rosters pasted from Excel,
real-estate listings, classified ads, CVs (LaTeX moderncv and plain text in several
languages), customer-support chats in es-MX/AR/CO, tr, vi, id, sw, el, cs, hu, fi, he, ru,
zh, th, bank SMS alerts, OTP messages, order confirmations, GDS PNR / rail / bus tickets,
government forms (US W-9 / SSA / UI / FAFSA, national-id forms elsewhere), card dispute forms,
CMS-1500 claim exports, tax-preparer intake notes, vendor master tables (tabs),
fixed-width exception reports, UBL invoices (XML), OpenAPI examples, Jupyter output,
localized forwarded e-mails, SEPA mandates / utility bills, CMDB CSV (semicolons), prose in
varied sentence shapes, and look-alike-only documents.

Label scheme (as pii-dev.jsonl): {"text", "spans": [{"start", "end", "type"}]}, code-point
offsets, end exclusive; types EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN,
IP_ADDRESS only.
  * phone span: the whole number incl. a leading "+", parentheses and an extension
    ("x1960", " ext. 204"), never "tel:"; national formats with real area / mobile prefixes;
  * e-mail span: the address only (no "mailto:", "<>", "user:" / "oidc:" prefixes);
  * IP span: the address only (no brackets, ":port", "/prefix", leading "/"); the address part
    of a CIDR block is labelled like any other address;
  * card span: the whole (grouped) number; IBAN span: the whole (possibly spaced) IBAN;
  * SSN span: the dashed number.
Validity: cards Luhn + issuer prefix + length; IBANs registry length + mod-97 (+ national
keys for BE, ES, FR, IT, NO); SSNs area 001-899 except 666, group != 00, serial != 0000;
IPs parse with ipaddress.  Look-alikes are never labelled, and each document is scanned so
that no unlabelled card / IBAN / SSN / IPv4 / IPv6 / e-mail that is valid remains (except
deliberate context look-alikes such as Message-IDs or build numbers in a "build" context,
which pii-dev also leaves unlabelled).  Failing documents are redrawn.

Run: python3 pii_fresh.py [OUT]   (stdlib only; deterministic: random.Random(SEED))
     PII_FRESH_DEBUG=1 prints the reason for every redrawn document.
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

SEED = 6021977
R = random.Random(SEED)

EMAIL, PHONE, CARD, IBAN, SSN, IP = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                     "IBAN_CODE", "US_SSN", "IP_ADDRESS")

# ============================================================================ marking
_V = []            # (value, kind) of labelled values
_LA = []           # look-alike values drawn for the current document
_ALLOW = []        # look-alikes that would pass a validator but are not PII in context
MARK = re.compile("\ue000(\\d+)\ue001")


def P(v, kind):
    _V.append((v, kind))
    return "\ue000%d\ue001" % (len(_V) - 1)


def LA(v, allow=False):
    """A look-alike (unlabelled).  allow=True: passes a syntax check, not PII in context."""
    _LA.append(v)
    if allow:
        _ALLOW.append(v)
    return v


def vis(s):
    return MARK.sub(lambda m: _V[int(m.group(1))][0], s)


def finish(s):
    out, spans, pos, n = [], [], 0, 0
    for m in MARK.finditer(s):
        out.append(s[pos:m.start()])
        n += len(s[pos:m.start()])
        v, k = _V[int(m.group(1))]
        spans.append({"start": n, "end": n + len(v), "type": k})
        out.append(v)
        n += len(v)
        pos = m.end()
    out.append(s[pos:])
    text = "".join(out)
    for sp, m in zip(spans, MARK.finditer(s)):
        assert text[sp["start"]:sp["end"]] == _V[int(m.group(1))][0]
    return {"text": text, "spans": spans}


# ============================================================================ random helpers
def ch(seq):
    return R.choice(list(seq))


def coin(p=0.5):
    return R.random() < p


def dg(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def dnz(n):
    return R.choice("23456789") + dg(n - 1)


def hx(n, upper=False):
    s = "".join(R.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def alnum(n, chars="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"):
    return "".join(R.choice(chars) for _ in range(n))


def pad(s, w):
    v = vis(s)
    return s + " " * max(1, w - len(v))


def rdate(y0=2023, y1=2025):
    start = dt.datetime(y0, 1, 1)
    return start + dt.timedelta(seconds=R.randint(0, (y1 - y0) * 365 * 86400))


FOLD = {"ı": "i", "ł": "l", "đ": "d", "Đ": "D", "ß": "ss", "ø": "o", "æ": "ae", "å": "a", "œ": "oe"}


def fold(s):
    s = "".join(FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


# ============================================================================ people
# Each entry: (display name, romanised given, romanised family)
def _lat(names, family_first=False):
    out = []
    for n in names.split(";"):
        n = n.strip()
        g, f = n.split(" ", 1)
        disp = f"{f} {g}" if family_first else n
        out.append((disp, fold(g).lower(), fold(f).lower().replace(" ", "")))
    return out


NAMES = {
    "us": _lat("Jordan Whitaker; Priya Raman; Marcus Delgado; Hannah Kowalski; Tyrone Bishop; Megan O'Rourke; "
               "Kevin Tran; Alicia Fernandez; Dwayne Mercer; Lauren Feldman; Cody Hutchins; Gabriela Soto"),
    "ca": _lat("Émilie Gagnon; Liam Tremblay; Chloé Bouchard; Noah MacDonald; Ava Chen; Owen Fraser"),
    "za": _lat("Thandiwe Nkosi; Pieter van der Merwe; Sipho Dlamini; Nomvula Khumalo; Johan Botha; Ayesha Patel; "
               "Lerato Mokoena; Ruan Steyn"),
    "nz": _lat("Aroha Ngata; Liam Fitzgerald; Mere Tūhoe; Oliver Sinclair; Ruby Patel; Tama Wiremu; Charlotte Reid"),
    "sg": _lat("Tan Wei Ling; Muhammad Faizal; Priya Nair; Lim Jun Jie; Chua Hui Min; Ravi Subramaniam"),
    "mx": _lat("Mariana López; Diego Ramírez; Ximena Hernández; José Luis Martínez; Fernanda Cruz; Alejandro Treviño"),
    "ar": _lat("Valentina Gómez; Martín Fernández; Lucía Sosa; Facundo Pereyra; Camila Romero; Santiago Acosta"),
    "co": _lat("Camila Rojas; Andrés Castaño; Daniela Ospina; Juan Pablo Restrepo; Laura Cárdenas; Sebastián Mejía"),
    "tr": _lat("Ayşe Yılmaz; Mehmet Demir; Elif Kaya; Emre Şahin; Zeynep Çelik; Burak Öztürk; Selin Aydın; Can Arslan"),
    "vi": [("Nguyễn Văn An", "an", "nguyen"), ("Trần Thị Bích", "bich", "tran"), ("Lê Minh Khoa", "khoa", "le"),
           ("Phạm Thu Hà", "ha", "pham"), ("Hoàng Đức Huy", "huy", "hoang"), ("Võ Thanh Tâm", "tam", "vo")],
    "id": _lat("Budi Santoso; Siti Rahmawati; Agus Setiawan; Dewi Lestari; Rizky Pratama; Putri Anggraini"),
    "sw": _lat("Amina Wanjiru; Baraka Otieno; Neema Mwangi; Juma Kamau; Zawadi Achieng; Hassan Mohamed"),
    "el": [("Γιώργος Παπαδόπουλος", "giorgos", "papadopoulos"), ("Μαρία Ιωάννου", "maria", "ioannou"),
           ("Νίκος Κωνσταντίνου", "nikos", "konstantinou"), ("Ελένη Γεωργίου", "eleni", "georgiou"),
           ("Δημήτρης Αντωνίου", "dimitris", "antoniou"), ("Κατερίνα Νικολάου", "katerina", "nikolaou")],
    "cs": _lat("Jan Novák; Petra Svobodová; Tomáš Dvořák; Lucie Černá; Martin Procházka; Kateřina Kučerová; "
               "Jiří Veselý; Tereza Horáková"),
    "hu": _lat("Eszter Nagy; Bence Kovács; Réka Tóth; Gábor Szabó; Anna Horváth; Dániel Varga; Zsófia Kiss",
               family_first=True),
    "fi": _lat("Mikko Virtanen; Aino Korhonen; Juha Mäkinen; Laura Nieminen; Ville Hämäläinen; Sanna Heikkinen"),
    "he": [("נועה כהן", "noa", "cohen"), ("יוסי לוי", "yossi", "levi"), ("מיכל מזרחי", "michal", "mizrahi"),
           ("אבי פרץ", "avi", "peretz"), ("תמר ביטון", "tamar", "biton"), ("דניאל אברהם", "daniel", "avraham")],
    "ru": [("Анна Смирнова", "anna", "smirnova"), ("Дмитрий Иванов", "dmitry", "ivanov"),
           ("Екатерина Кузнецова", "ekaterina", "kuznetsova"), ("Алексей Попов", "alexey", "popov"),
           ("Ольга Соколова", "olga", "sokolova"), ("Сергей Волков", "sergey", "volkov")],
    "zh": [("王伟", "wei", "wang"), ("李娜", "na", "li"), ("张敏", "min", "zhang"), ("刘洋", "yang", "liu"),
           ("陈静", "jing", "chen"), ("杨磊", "lei", "yang")],
    "th": [("สมชาย ใจดี", "somchai", "jaidee"), ("สุภาพร ศรีสุข", "supaporn", "srisuk"),
           ("ณัฐพล วงศ์ไทย", "nattapon", "wongthai"), ("กมลชนก แสงทอง", "kamonchanok", "saengthong")],
    "sv": _lat("Elin Lindqvist; Oskar Bergström; Maja Holm; Viktor Sjöberg"),
    "no": _lat("Ingrid Haugen; Magnus Solberg; Sigrid Bakke; Eirik Dahl"),
    "da": _lat("Freja Mortensen; Mads Kristensen; Ida Thygesen; Rasmus Bech"),
    "ch": _lat("Luca Brunner; Nina Baumgartner; Reto Zürcher; Céline Favre"),
    "at": _lat("Lukas Gruber; Katharina Pichler; Florian Huber; Theresa Wimmer"),
    "be": _lat("Lotte Peeters; Arnaud Dubois; Wout Janssens; Manon Lambert"),
    "nl": _lat("Sanne de Vries; Bram Visser; Femke Bakker; Joris Smit"),
    "pl": _lat("Zofia Wróbel; Kacper Zieliński; Natalia Pawlak"),
    "uk": _lat("Siobhan Gallagher; Rhys Evans; Imogen Clarke; Callum McLeod"),
    "de": _lat("Jonas Krüger; Lea Schubert; Malte Brandt"),
    "fr": _lat("Élodie Marchand; Théo Lefebvre; Inès Roussel"),
    "it": _lat("Chiara Ferri; Matteo Galli; Giulia Bellini"),
    "es": _lat("Nerea Etxeberria; Álvaro Pizarro; Irene Casals"),
    "ke": _lat("Wanjiku Kariuki; Otieno Ochieng; Akinyi Odhiambo"),
}

FREEMAIL = {
    "us": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "comcast.net", "att.net"],
    "ca": ["videotron.ca", "rogers.com", "gmail.com", "sympatico.ca"],
    "za": ["mweb.co.za", "webmail.co.za", "gmail.com", "telkomsa.net"],
    "nz": ["xtra.co.nz", "gmail.com", "slingshot.co.nz", "outlook.co.nz"],
    "sg": ["singnet.com.sg", "gmail.com", "yahoo.com.sg", "starhub.net.sg"],
    "mx": ["prodigy.net.mx", "hotmail.com", "gmail.com", "outlook.es"],
    "ar": ["fibertel.com.ar", "yahoo.com.ar", "gmail.com", "arnet.com.ar"],
    "co": ["une.net.co", "hotmail.com", "gmail.com", "etb.net.co"],
    "tr": ["gmail.com", "hotmail.com.tr", "yandex.com.tr", "ttmail.com"],
    "vi": ["gmail.com", "yahoo.com.vn", "fpt.vn", "vnn.vn"],
    "id": ["gmail.com", "yahoo.co.id", "ymail.com", "telkom.net"],
    "sw": ["gmail.com", "yahoo.co.ke", "africaonline.co.ke", "yahoo.co.tz"],
    "ke": ["gmail.com", "yahoo.co.ke", "africaonline.co.ke"],
    "el": ["otenet.gr", "gmail.com", "yahoo.gr", "hol.gr"],
    "cs": ["seznam.cz", "email.cz", "centrum.cz", "post.cz", "volny.cz"],
    "hu": ["freemail.hu", "citromail.hu", "gmail.com", "t-online.hu"],
    "fi": ["luukku.com", "gmail.com", "elisanet.fi", "kolumbus.fi"],
    "he": ["walla.co.il", "gmail.com", "012.net.il", "bezeqint.net"],
    "ru": ["mail.ru", "yandex.ru", "rambler.ru", "bk.ru", "list.ru", "inbox.ru"],
    "zh": ["163.com", "126.com", "qq.com", "sina.com", "foxmail.com"],
    "th": ["hotmail.com", "gmail.com", "yahoo.co.th", "outlook.co.th"],
    "sv": ["telia.com", "gmail.com", "bredband.net"], "no": ["online.no", "gmail.com", "hotmail.no"],
    "da": ["mail.dk", "gmail.com", "jubii.dk"], "ch": ["bluewin.ch", "gmx.ch", "sunrise.ch"],
    "at": ["aon.at", "gmx.at", "chello.at"], "be": ["skynet.be", "telenet.be", "proximus.be"],
    "nl": ["ziggo.nl", "kpnmail.nl", "planet.nl"], "pl": ["wp.pl", "onet.pl", "interia.pl"],
    "uk": ["btinternet.com", "sky.com", "virginmedia.com"], "de": ["web.de", "gmx.de", "t-online.de"],
    "fr": ["orange.fr", "free.fr", "sfr.fr"], "it": ["libero.it", "tiscali.it", "alice.it"],
    "es": ["telefonica.net", "ono.com", "gmail.com"],
}

# Company domains (fictitious) with varied, sometimes unusual TLDs
CORP = {
    "us": ["northwind.engineering", "tidewater.insure", "quarryworks.build", "sunbird.health", "orchard.coop"],
    "ca": ["maplecrest.ca", "boreal-robotics.ai"], "za": ["karoo-outdoor.co.za", "fynbos.capetown", "ubuntu-fin.africa"],
    "nz": ["kowhai.org.nz", "kauri-labs.kiwi", "tuiroad.co.nz"], "sg": ["merlion-fintech.sg", "lionsgate-clinic.com.sg"],
    "mx": ["maguey.mx", "nopal-digital.com.mx"], "ar": ["pampa-agro.com.ar", "malbec.wine"],
    "co": ["cafetal.com.co", "andes-logistica.co"], "tr": ["bosphorus-tekstil.com.tr", "kapadokya.travel"],
    "vi": ["lotus-logistics.vn", "saigon-shop.com.vn"], "id": ["nusantara-kopi.id", "garuda-kargo.co.id"],
    "sw": ["savanna-tech.co.ke", "kilimanjaro-safaris.co.tz"], "ke": ["savanna-tech.co.ke"],
    "el": ["aegean-ferries.gr", "olympus.energy"], "cs": ["vltava-soft.cz", "brnenska-pekarna.cz"],
    "hu": ["dunaparts.hu", "tokaj-borhaz.hu"], "fi": ["aurora-data.fi", "sauna.works"],
    "he": ["levant-trade.co.il", "negev-solar.org.il"], "ru": ["taiga-systems.ru", "volgatrans.ru"],
    "zh": ["jade-dragon.cn", "pearl-river.com.cn"], "th": ["siam-orchid.co.th", "chaophraya.asia"],
    "sv": ["fjallbacka.se", "norrsken.tech"], "no": ["fjordbyte.no"], "da": ["havnegade.dk"],
    "ch": ["alpenglow.swiss", "uhrwerk.ch"], "at": ["donaukanal.at"], "be": ["brugse-zot.be"],
    "nl": ["grachten.amsterdam"], "pl": ["wisla-it.pl"], "uk": ["thamesbank.london", "pennine.scot"],
    "de": ["spreewald.berlin"], "fr": ["lavande.paris"], "it": ["lagune.design"], "es": ["txoko.eus"],
}

TAGS = ["facturas", "eshop", "shop", "news", "bank", "invoices", "crm", "2024", "travel", "kyc", "hr", "jobs"]


def person(loc):
    return ch(NAMES[loc])


def email_str(loc, who=None, corp=None, style=None):
    disp, g, f = who or person(loc)
    g = re.sub(r"[^a-z]", "", g) or "info"
    f = re.sub(r"[^a-z]", "", f) or "user"
    corp = coin(0.4) if corp is None else corp
    dom = ch(CORP.get(loc, CORP["us"])) if corp else ch(FREEMAIL.get(loc, FREEMAIL["us"]))
    if loc == "zh" and not corp and coin(0.4):
        return f"{R.randint(10000, 99999999)}@qq.com"
    style = style or ch(["gf", "g.f", "g.f", "gf", "g_f", "f.g", "g-f", "gnum", "plus", "plus", "init", "caps",
                         "f.gnum"])
    local = {
        "gf": g + f, "g.f": f"{g}.{f}", "g_f": f"{g}_{f}", "f.g": f"{f}.{g}", "g-f": f"{g}-{f}",
        "gnum": f"{g}{R.randint(1, 99):02d}", "plus": f"{g}.{f}+{ch(TAGS)}", "init": f"{g[0]}.{f}",
        "caps": f"{g.capitalize()}.{f.capitalize()}", "f.gnum": f"{f}.{g[0]}{R.randint(70, 99)}",
    }[style]
    return f"{local}@{dom}"


def em(loc="us", who=None, corp=None, style=None):
    return P(email_str(loc, who, corp, style), EMAIL)


def role_email(loc, role=None):
    role = role or ch(["info", "support", "soporte", "reservations", "noc", "billing", "hr", "jobs", "recepce",
                       "asiakaspalvelu", "destek", "cskh", "layanan", "ugyfelszolgalat"])
    return P(f"{role}@{ch(CORP.get(loc, CORP['us']))}", EMAIL)


# ============================================================================ phones
US_AREAS = ["201", "206", "212", "213", "303", "305", "312", "404", "415", "503", "512", "602", "617", "646",
            "702", "713", "718", "801", "919", "470", "786", "929", "971", "331", "510", "614", "720"]
CA_AREAS = ["416", "437", "514", "604", "613", "403", "780", "902", "819", "306"]


def _nxx():
    while True:
        e = ch("23456789") + dg(2)
        if e[1:] != "11":
            return e


def ph_us(ca=False, style=None, ext=None):
    a, e, l = ch(CA_AREAS if ca else US_AREAS), _nxx(), dg(4)
    f = {"paren": f"({a}) {e}-{l}", "dash": f"{a}-{e}-{l}", "dot": f"{a}.{e}.{l}", "plus_sp": f"+1 {a} {e} {l}",
         "plus_dash": f"+1-{a}-{e}-{l}", "one_paren": f"1 ({a}) {e}-{l}", "e164": f"+1{a}{e}{l}",
         "plus_paren": f"+1 ({a}) {e}-{l}", "paren_ns": f"({a}){e}-{l}", "one_dash": f"1-{a}-{e}-{l}"}
    s = f[style or ch(list(f))]
    if ext:
        s += ch([f" x{dg(3)}", f" ext. {dg(3)}", f"x{dg(4)}", f" ext {dg(2)}", f" Ext. {dg(4)}"])
    return s


def _pick(f, style):
    return f[style] if style in f else f[ch(list(f))]


def ph_uk(style=None):
    k = ch(["lon", "man", "mob", "mob"])
    if k == "lon":
        s = ch("78") + dg(3) + " " + dg(4)
        return _pick({"nat": f"020 {s}", "intl": f"+44 20 {s}", "intl0": f"+44 (0)20 {s}"}, style)
    if k == "man":
        a, s = ch(["161", "113", "121", "131", "141", "117"]), dnz(3) + " " + dg(4)
        return _pick({"nat": f"0{a} {s}", "intl": f"+44 {a} {s}", "paren": f"(0{a}) {s}"}, style)
    m, s = "7" + ch("45789") + dg(2), dg(6)
    return _pick({"nat": f"0{m} {s}", "intl": f"+44 {m} {s}", "intl0": f"+44 (0){m} {s}", "natc": f"0{m}{s}"}, style)


def ph_de(style=None):
    if coin(0.5):
        a = ch(["30", "89", "40", "69", "221", "711", "351", "511"])
        s = dnz(8 - len(a) + 2 if len(a) == 2 else 7)
        return _pick({"nat": f"0{a} {s}", "slash": f"0{a}/{s}", "intl": f"+49 {a} {s}",
                      "intl0": f"+49 (0){a} {s}", "dw": f"0{a} {s[:-2]}-{s[-2:]}"}, style)
    m, s = ch(["151", "152", "160", "170", "171", "172", "173", "175", "176", "177", "178", "179"]), dg(7)
    return _pick({"nat": f"0{m} {s}", "intl": f"+49 {m} {s}", "natg": f"0{m} {s[:3]} {s[3:]}"}, style)


def ph_fr(style=None):
    z = ch("1234567")
    d = dg(8)
    pairs = " ".join(d[i:i + 2] for i in range(0, 8, 2))
    return _pick({"nat": f"0{z} {pairs}", "dot": f"0{z}.{pairs.replace(' ', '.')}", "intl": f"+33 {z} {pairs}",
                  "intl0": f"+33 (0){z} {pairs}", "e164": f"+33{z}{d}"}, style)


def ph_it(style=None):
    if coin(0.5):
        a = ch(["02", "06", "011", "055", "051"])
        s = dnz(8 if len(a) == 2 else 7)
        return _pick({"nat": f"{a} {s[:4]} {s[4:]}", "intl": f"+39 {a} {s[:4]} {s[4:]}", "natc": f"{a} {s}"}, style)
    p, n = ch(["320", "328", "333", "338", "339", "340", "345", "347", "348", "349", "366", "380", "392"]), dg(7)
    return _pick({"nat": f"{p} {n[:3]} {n[3:]}", "intl": f"+39 {p} {n[:3]} {n[3:]}", "e164": f"+39{p}{n}"}, style)


def ph_es(style=None):
    if coin(0.5):
        n = ch(["91", "93", "96", "95", "94"]) + dnz(7)
        return _pick({"nat": f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", "intl": f"+34 {n[:3]} {n[3:6]} {n[6:]}"}, style)
    n = ch("67") + dg(8)
    return _pick({"nat": f"{n[:3]} {n[3:6]} {n[6:]}", "intl": f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"}, style)


def ph_nl(style=None):
    if coin(0.5):
        a = ch(["20", "10", "70", "30", "40", "50"])
        s = dnz(7)
        return _pick({"nat": f"0{a}-{s}", "natsp": f"0{a} {s[:3]} {s[3:]}", "intl": f"+31 {a} {s[:3]} {s[3:]}"}, style)
    s = dg(8)
    return _pick({"nat": f"06-{s}", "natsp": f"06 {s[:4]} {s[4:]}", "intl": f"+31 6 {s[:4]} {s[4:]}"}, style)


def ph_be(style=None):
    if coin(0.5):
        s = dnz(7)
        return _pick({"nat": f"02 {s[:3]} {s[3:5]} {s[5:]}", "slash": f"02/{s[:3]}.{s[3:5]}.{s[5:]}",
                      "intl": f"+32 2 {s[:3]} {s[3:5]} {s[5:]}"}, style)
    m, s = ch(["470", "471", "472", "475", "476", "477", "478", "479", "484", "485", "486", "487", "488", "489",
               "490", "491", "492", "493", "494", "495", "496", "497", "498", "499"]), dg(6)
    return _pick({"nat": f"0{m} {s[:2]} {s[2:4]} {s[4:]}", "intl": f"+32 {m} {s[:2]} {s[2:4]} {s[4:]}",
                  "slash": f"0{m}/{s[:2]}.{s[2:4]}.{s[4:]}"}, style)


def ph_ch(style=None):
    a = ch(["21", "22", "26", "31", "41", "43", "44", "61", "71", "91", "75", "76", "77", "78", "79"])
    s = dnz(7)
    g = f"{s[:3]} {s[3:5]} {s[5:]}"
    return _pick({"nat": f"0{a} {g}", "intl": f"+41 {a} {g}", "intl0": f"+41 (0){a} {g}", "e164": f"+41{a}{s}"},
                 style)


def ph_at(style=None):
    k = ch(["vie", "graz", "mob", "mob"])
    if k == "vie":
        s = dnz(7)
        return _pick({"nat": f"01 {s[:3]} {s[3:5]} {s[5:]}", "intl": f"+43 1 {s[:3]} {s[3:]}",
                      "slash": f"01/{s}"}, style)
    if k == "graz":
        s = dnz(6)
        return _pick({"nat": f"0316 {s}", "intl0": f"+43 (0)316 {s}", "intl": f"+43 316 {s}"}, style)
    m, s = ch(["650", "660", "664", "676", "680", "681", "688", "699"]), dg(7)
    return _pick({"nat": f"0{m} {s}", "natg": f"0{m} {s[:3]} {s[3:5]} {s[5:]}", "intl": f"+43 {m} {s}",
                  "intlg": f"+43 {m} {s[:3]} {s[3:5]} {s[5:]}"}, style)


def ph_se(style=None):
    k = ch(["sth", "gbg", "mob", "mob"])
    if k == "sth":
        s = dnz(8)
        return _pick({"nat": f"08-{s[:3]} {s[3:6]} {s[6:]}", "intl": f"+46 8 {s[:3]} {s[3:6]} {s[6:]}"}, style)
    if k == "gbg":
        a, s = ch(["31", "40", "18", "13"]), dnz(6)
        return _pick({"nat": f"0{a}-{s[:2]} {s[2:4]} {s[4:]}", "intl": f"+46 {a} {s[:2]} {s[2:4]} {s[4:]}"}, style)
    m, s = ch(["70", "72", "73", "76", "79"]), dg(7)
    return _pick({"nat": f"0{m}-{s[:3]} {s[3:5]} {s[5:]}", "natc": f"0{m}{s}",
                  "intl": f"+46 {m} {s[:3]} {s[3:5]} {s[5:]}", "e164": f"+46{m}{s}"}, style)


def ph_no(style=None):
    if coin(0.5):
        s = ch("2357") + dg(7)
        g = f"{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"
    else:
        s = ch("49") + dg(7)
        g = f"{s[:3]} {s[3:5]} {s[5:]}"
    return _pick({"nat": g, "intl": f"+47 {g}", "e164": f"+47{s}", "intl00": f"0047 {g}"}, style)


def ph_dk(style=None):
    s = ch("23456789") + dg(7)
    g = f"{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"
    return _pick({"nat": g, "intl": f"+45 {g}", "e164": f"+45{s}", "natc": s}, style)


def ph_fi(style=None):
    if coin(0.4):
        s = dnz(7)
        return _pick({"nat": f"09 {s[:3]} {s[3:]}", "intl": f"+358 9 {s[:3]} {s[3:]}",
                      "natd": f"09-{s[:3]} {s[3:]}"}, style)
    m, s = ch(["40", "41", "44", "45", "46", "50"]), dg(7)
    return _pick({"nat": f"0{m} {s[:3]} {s[3:]}", "natd": f"0{m}-{s[:3]} {s[3:]}", "intl": f"+358 {m} {s[:3]} {s[3:]}",
                  "e164": f"+358{m}{s}"}, style)


def ph_pl(style=None):
    if coin(0.4):
        s = dnz(7)
        return _pick({"nat": f"22 {s[:3]} {s[3:5]} {s[5:]}", "intl": f"+48 22 {s[:3]} {s[3:5]} {s[5:]}"}, style)
    s = ch("5678") + dg(8)
    return _pick({"nat": f"{s[:3]} {s[3:6]} {s[6:]}", "intl": f"+48 {s[:3]} {s[3:6]} {s[6:]}",
                  "intld": f"+48 {s[:3]}-{s[3:6]}-{s[6:]}"}, style)


def ph_cz(style=None):
    p = ch(["2", "2", "3", "5", "60", "70", "72", "73", "77", "79"])
    s = p + dg(9 - len(p))
    g = f"{s[:3]} {s[3:6]} {s[6:]}"
    return _pick({"nat": g, "intl": f"+420 {g}", "e164": f"+420{s}", "intl00": f"00420 {g}", "nat2": g}, style)


def ph_hu(style=None):
    if coin(0.35):
        s = dnz(7)
        return _pick({"nat": f"06 1 {s[:3]} {s[3:]}", "intl": f"+36 1 {s[:3]} {s[3:]}", "natd": f"06-1-{s[:3]}-{s[3:]}",
                      "paren": f"(06-1) {s[:3]}-{s[3:]}"}, style)
    m, s = ch(["20", "30", "31", "50", "70"]), dnz(7)
    return _pick({"nat": f"06 {m} {s[:3]} {s[3:]}", "natd": f"06-{m}-{s[:3]}-{s[3:]}", "slash": f"06-{m}/{s[:3]}-{s[3:]}",
                  "intl": f"+36 {m} {s[:3]} {s[3:]}", "intlp": f"+36 ({m}) {s[:3]}-{s[3:]}", "e164": f"+36{m}{s}"}, style)


def ph_gr(style=None):
    if coin(0.45):
        k = ch(["210", "210", "2310", "2610", "2810"])
        s = dnz(10 - len(k))
        return _pick({"nat": f"{k} {s}", "natg": f"{k} {s[:3]} {s[3:]}" if len(s) == 7 else f"{k} {s}",
                      "intl": f"+30 {k} {s}", "intl00": f"0030 {k} {s}"}, style)
    s = "69" + ch("0345789") + dg(7)
    return _pick({"nat": f"{s[:3]} {s[3:6]} {s[6:]}", "natc": s, "intl": f"+30 {s[:3]} {s[3:6]} {s[6:]}",
                  "e164": f"+30{s}"}, style)


def ph_tr(style=None):
    if coin(0.35):
        a, s = ch(["212", "216", "312", "232", "224", "242"]), dnz(7)
        return _pick({"nat": f"0{a} {s[:3]} {s[3:5]} {s[5:]}", "intl": f"+90 {a} {s[:3]} {s[3:5]} {s[5:]}",
                      "paren": f"0 ({a}) {s[:3]} {s[3:5]} {s[5:]}"}, style)
    m = "5" + ch(["01", "05", "06", "07", "30", "31", "32", "33", "35", "36", "38", "41", "42", "43", "44", "45",
                  "46", "49", "51", "52", "53", "54", "55", "59"])
    s = dnz(7)
    return _pick({"nat": f"0{m} {s[:3]} {s[3:5]} {s[5:]}", "natc": f"0{m}{s}", "paren": f"0 ({m}) {s[:3]} {s[3:5]} {s[5:]}",
                  "intl": f"+90 {m} {s[:3]} {s[3:5]} {s[5:]}", "intlp": f"+90 ({m}) {s[:3]} {s[3:]}",
                  "nat4": f"0{m} {s[:3]} {s[3:]}"}, style)


def ph_ru(style=None):
    if coin(0.35):
        a = ch(["495", "499", "812", "343", "383", "846"])
    else:
        a = "9" + ch(["03", "05", "06", "09", "10", "15", "16", "17", "25", "26", "52", "60", "77", "85", "99"])
    s = dnz(7)
    g = f"{s[:3]}-{s[3:5]}-{s[5:]}"
    return _pick({"intlp": f"+7 ({a}) {g}", "intl": f"+7 {a} {g}", "natp": f"8 ({a}) {g}", "natd": f"8-{a}-{g}",
                  "natsp": f"8 {a} {s[:3]} {s[3:5]} {s[5:]}", "e164": f"+7{a}{s}"}, style)


def ph_il(style=None):
    if coin(0.4):
        a, s = ch("23489"), dnz(7)
        return _pick({"nat": f"0{a}-{s[:3]}-{s[3:]}", "natc": f"0{a}-{s}", "intl": f"+972-{a}-{s[:3]}-{s[3:]}",
                      "intlsp": f"+972 {a} {s[:3]} {s[3:]}"}, style)
    m, s = "5" + ch("023458"), dnz(7)
    return _pick({"nat": f"0{m}-{s[:3]}-{s[3:]}", "natc": f"0{m}-{s}", "intl": f"+972-{m}-{s}",
                  "intlsp": f"+972 {m} {s[:3]} {s[3:]}", "e164": f"+972{m}{s}"}, style)


def ph_za(style=None):
    if coin(0.4):
        a, s = ch(["11", "21", "31", "12", "41", "51"]), dnz(7)
    else:
        a, s = ch(["60", "61", "71", "72", "73", "74", "76", "78", "79", "81", "82", "83", "84"]), dnz(7)
    return _pick({"nat": f"0{a} {s[:3]} {s[3:]}", "natd": f"0{a}-{s[:3]}-{s[3:]}", "natc": f"0{a}{s}",
                  "intl": f"+27 {a} {s[:3]} {s[3:]}", "intl0": f"+27 (0){a} {s[:3]} {s[3:]}", "e164": f"+27{a}{s}"},
                 style)


def ph_mx(style=None):
    a = ch(["55", "55", "33", "81"]) if coin(0.7) else ch(["222", "442", "998", "664", "477"])
    s = dnz(10 - len(a))
    h = len(s) // 2
    g = f"{s[:h]} {s[h:]}" if len(a) == 2 else f"{s[:3]} {s[3:]}"
    return _pick({"nat": f"{a} {g}", "paren": f"({a}) {g.replace(' ', '-')}", "intl": f"+52 {a} {g}",
                  "intlp": f"+52 ({a}) {g.replace(' ', '-')}", "e164": f"+52{a}{s}", "natc": f"{a}{s}"}, style)


def ph_ar(style=None):
    if coin(0.5):
        s = ch("2345679") + dg(7)
        return _pick({"intl": f"+54 11 {s[:4]}-{s[4:]}", "paren": f"(011) {s[:4]}-{s[4:]}",
                      "nat": f"011 {s[:4]}-{s[4:]}", "mob_intl": f"+54 9 11 {s[:4]}-{s[4:]}",
                      "mob_nat": f"011 15-{s[:4]}-{s[4:]}", "mob_loc": f"11 {s[:4]}-{s[4:]}"}, style)
    a, s = ch(["351", "341", "261", "381"]), dnz(7)
    return _pick({"intl": f"+54 {a} {s[:3]}-{s[3:]}", "paren": f"(0{a}) {s[:3]}-{s[3:]}",
                  "mob_intl": f"+54 9 {a} {s[:3]}-{s[3:]}"}, style)


def ph_co(style=None):
    if coin(0.4):
        a, s = ch(["601", "604", "602", "605"]), dnz(7)
        return _pick({"intl": f"+57 {a} {s[:3]} {s[3:]}", "paren": f"({a}) {s[:3]} {s[3:]}", "nat": f"{a} {s}"},
                     style)
    m, s = ch(["300", "301", "304", "310", "311", "312", "313", "315", "316", "318", "320", "321", "350"]), dg(7)
    return _pick({"nat": f"{m} {s[:3]} {s[3:]}", "intl": f"+57 {m} {s[:3]} {s[3:]}", "e164": f"+57{m}{s}",
                  "natc": f"{m}{s}"}, style)


def ph_cn(style=None):
    if coin(0.65):
        m = "1" + ch(["30", "31", "35", "36", "37", "38", "39", "50", "52", "58", "59", "77", "80", "86", "88", "89",
                      "98"])
        s = dg(8)
        return _pick({"sp": f"{m} {s[:4]} {s[4:]}", "dash": f"{m}-{s[:4]}-{s[4:]}", "natc": f"{m}{s}",
                      "intl": f"+86 {m} {s[:4]} {s[4:]}", "intld": f"+86-{m}{s}"}, style)
    a, s = ch(["10", "21", "20", "755"]), dnz(8)
    return _pick({"nat": f"0{a}-{s[:4]} {s[4:]}", "natd": f"0{a}-{s}", "paren": f"(0{a}) {s[:4]}-{s[4:]}",
                  "intl": f"+86 {a} {s[:4]} {s[4:]}", "intld": f"+86-{a}-{s[:4]}-{s[4:]}"}, style)


def ph_th(style=None):
    if coin(0.35):
        s = dnz(7)
        return _pick({"nat": f"02-{s[:3]}-{s[3:]}", "natsp": f"02 {s[:3]} {s[3:]}", "intl": f"+66 2 {s[:3]} {s[3:]}"},
                     style)
    m, s = ch("689") + ch("123456789"), dg(7)
    return _pick({"nat": f"0{m}-{s[:3]}-{s[3:]}", "natsp": f"0{m[0]} {m[1]}{s[:3]} {s[3:]}", "natc": f"0{m}{s}",
                  "intl": f"+66 {m} {s[:3]} {s[3:]}", "intld": f"+66-{m}-{s[:3]}-{s[3:]}"}, style)


def ph_vn(style=None):
    if coin(0.3):
        a, s = ch(["28", "24"]), ch("3") + dg(7)
        return _pick({"nat": f"0{a} {s[:4]} {s[4:]}", "paren": f"(0{a}) {s[:4]} {s[4:]}",
                      "intl": f"+84 {a} {s[:4]} {s[4:]}"}, style)
    m, s = ch(["90", "91", "93", "94", "96", "97", "98", "32", "33", "35", "37", "38", "70", "77", "79", "81", "83",
               "85", "86", "88", "89"]), dg(7)
    n = m + s
    return _pick({"nat": f"0{n[:3]} {n[3:6]} {n[6:]}", "dot": f"0{n[:3]}.{n[3:6]}.{n[6:]}", "nat2": f"0{n[:2]} {n[2:5]} {n[5:]}",
                  "natc": f"0{n}", "intl": f"+84 {n[:3]} {n[3:6]} {n[6:]}", "intl2": f"+84 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"},
                 style)


def ph_id(style=None):
    if coin(0.3):
        s = dnz(8)
        return _pick({"paren": f"(021) {s[:4]}-{s[4:]}", "nat": f"021-{s}", "intl": f"+62 21 {s[:4]} {s[4:]}",
                      "natsp": f"021 {s[:4]} {s[4:]}"}, style)
    m = "8" + ch(["11", "12", "13", "21", "22", "23", "52", "53", "55", "56", "57", "58", "77", "78", "95", "96",
                  "97", "98", "99"])
    s = dg(ch([7, 8]))
    rest = f"{s[:4]}-{s[4:]}"
    return _pick({"nat": f"0{m}-{rest}", "natsp": f"0{m} {s[:4]} {s[4:]}", "natc": f"0{m}{s}",
                  "intl": f"+62 {m}-{rest}", "intlsp": f"+62 {m} {s[:4]} {s[4:]}", "e164": f"+62{m}{s}"}, style)


def ph_sg(style=None):
    s = ch("689") + dg(7)
    return _pick({"nat": f"{s[:4]} {s[4:]}", "intl": f"+65 {s[:4]} {s[4:]}", "intld": f"+65 {s[:4]}-{s[4:]}",
                  "e164": f"+65{s}", "paren": f"(+65) {s[:4]} {s[4:]}"}, style)


def ph_nz(style=None):
    if coin(0.4):
        a, s = ch("3469"), dnz(7)
        return _pick({"nat": f"0{a} {s[:3]} {s[3:]}", "paren": f"(0{a}) {s[:3]} {s[3:]}", "natd": f"0{a}-{s[:3]} {s[3:]}",
                      "intl": f"+64 {a} {s[:3]} {s[3:]}"}, style)
    m, s = ch(["21", "22", "27", "29"]), dnz(7)
    return _pick({"nat": f"0{m} {s[:3]} {s[3:]}", "natd": f"0{m}-{s[:3]}-{s[3:]}", "intl": f"+64 {m} {s[:3]} {s[3:]}",
                  "e164": f"+64{m}{s}"}, style)


def ph_ke(style=None):
    m, s = ch(["700", "710", "712", "714", "720", "722", "725", "733", "740", "757", "768", "790", "110", "111"]), dg(6)
    return _pick({"nat": f"0{m} {s[:3]} {s[3:]}", "natc": f"0{m}{s}", "intl": f"+254 {m} {s[:3]} {s[3:]}",
                  "intlc": f"+254 {m} {s}", "e164": f"+254{m}{s}"}, style)


def ph_tz(style=None):
    m, s = ch(["754", "755", "713", "715", "784", "655", "621"]), dg(6)
    return _pick({"nat": f"0{m} {s[:3]} {s[3:]}", "intl": f"+255 {m} {s[:3]} {s[3:]}"}, style)


PHONES = {"us": ph_us, "ca": lambda style=None: ph_us(True, style), "uk": ph_uk, "de": ph_de, "fr": ph_fr,
          "it": ph_it, "es": ph_es, "nl": ph_nl, "be": ph_be, "ch": ph_ch, "at": ph_at, "sv": ph_se, "no": ph_no,
          "da": ph_dk, "fi": ph_fi, "pl": ph_pl, "cs": ph_cz, "hu": ph_hu, "el": ph_gr, "tr": ph_tr, "ru": ph_ru,
          "he": ph_il, "za": ph_za, "mx": ph_mx, "ar": ph_ar, "co": ph_co, "zh": ph_cn, "th": ph_th, "vi": ph_vn,
          "id": ph_id, "sg": ph_sg, "nz": ph_nz, "sw": ph_ke, "ke": ph_ke, "tz": ph_tz}


def phone_str(loc, style=None):
    return PHONES[loc](style=style)


def ph(loc="us", style=None, ext=False):
    if loc in ("us", "ca"):
        return P(ph_us(loc == "ca", style, ext), PHONE)
    return P(phone_str(loc, style), PHONE)


def e164(loc):
    """Compact E.164 form (+CC...) of a locale number."""
    for _ in range(20):
        v = phone_str(loc)
        if v.startswith("+"):
            return "+" + re.sub(r"\D", "", v)
    raise AssertionError(loc)


CC = {"us": "1", "ca": "1", "uk": "44", "de": "49", "fr": "33", "it": "39", "es": "34", "nl": "31", "be": "32",
      "ch": "41", "at": "43", "sv": "46", "no": "47", "da": "45", "fi": "358", "pl": "48", "cs": "420", "hu": "36",
      "el": "30", "tr": "90", "ru": "7", "he": "972", "za": "27", "mx": "52", "ar": "54", "co": "57", "zh": "86",
      "th": "66", "vi": "84", "id": "62", "sg": "65", "nz": "64", "sw": "254", "ke": "254", "tz": "255"}


# ============================================================================ cards
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


MAESTRO = (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763)


def card_issuer_ok(d):
    n = len(d)
    if not d.isdigit() or n < 12:
        return False
    p2, p3, p4 = int(d[:2]), int(d[:3]), int(d[:4])
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16
    if p2 in (34, 37):
        return n == 15
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65:
        return 16 <= n <= 19
    if 300 <= p3 <= 305 or p2 in (36, 38, 39):
        return 14 <= n <= 19
    if 3528 <= p4 <= 3589 or p2 == 62 or 2200 <= p4 <= 2204:
        return 16 <= n <= 19
    if p4 in MAESTRO:
        return 12 <= n <= 19
    return False


def card_valid(d):
    return card_issuer_ok(d) and luhn_ok(d)


def card_digits(brand=None):
    brand = brand or ch(["visa", "visa", "visa", "mc", "mc", "mc2", "amex", "amex", "disc", "jcb", "diners", "cup"])
    if brand == "visa":
        return luhn_fill("4" + dg(1), 16)
    if brand == "mc":
        return luhn_fill(str(R.randint(51, 55)), 16)
    if brand == "mc2":
        return luhn_fill(str(R.randint(2221, 2720)), 16)
    if brand == "amex":
        return luhn_fill(ch(["34", "37"]), 15)
    if brand == "disc":
        return luhn_fill(ch(["6011", "65", str(R.randint(644, 649))]), 16)
    if brand == "jcb":
        return luhn_fill(str(R.randint(3528, 3589)), 16)
    if brand == "diners":
        return luhn_fill(ch(["36", "38", "30" + str(R.randint(0, 5))]), 14)
    if brand == "cup":
        return luhn_fill("62" + ch(["12", "22", "58", "84", "17"]), ch([16, 16, 19]))
    if brand == "mir":
        return luhn_fill("220" + str(R.randint(0, 4)), 16)
    if brand == "troy":   # Turkish TROY, 9792 - 16 digits; not in our issuer list -> never used labelled
        raise ValueError
    raise ValueError(brand)


def card_fmt(d, style=None):
    n = len(d)
    style = style or ch(["compact", "sp", "sp", "dash"])
    if style == "compact":
        return d
    sep = " " if style == "sp" else "-"
    if n == 15:
        return sep.join([d[:4], d[4:10], d[10:]])
    if n == 14:
        return sep.join([d[:4], d[4:10], d[10:]])
    return sep.join(d[i:i + 4] for i in range(0, n, 4))


def cc(brand=None, style=None):
    d = card_digits(brand)
    return P(card_fmt(d, style), CARD)


def la_bad_card(style=None, brand=None):
    while True:
        d = card_digits(brand)
        d = d[:-1] + str((int(d[-1]) + R.randint(1, 9)) % 10)
        if not luhn_ok(d):
            return LA(card_fmt(d, style))


def la_masked(style=None):
    last = dg(4)
    style = style or ch(["stars", "dots", "x", "bin", "ending"])
    return LA({"stars": f"**** **** **** {last}", "dots": f"•••• {last}", "x": f"XXXX-XXXX-XXXX-{last}",
               "bin": f"{ch(['4', '5'])}{dg(5)}******{last}", "ending": f"ending {last}"}[style])


# ============================================================================ IBAN
def _n36(s):
    return "".join(str(int(c, 36)) for c in s)


def mod97(s):
    return int(_n36(s)) % 97


IBAN_LEN = {"AT": 20, "BE": 16, "CH": 21, "CZ": 24, "DE": 22, "DK": 18, "ES": 24, "FI": 18, "FR": 27, "GB": 22,
            "GR": 27, "HU": 28, "IE": 22, "IL": 23, "IT": 27, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "SE": 24,
            "TR": 26, "SK": 24, "HR": 21, "SI": 19, "LU": 20, "MT": 31, "CY": 28, "EE": 20, "LT": 20, "LV": 21,
            "RO": 24, "BG": 22, "IS": 26, "LI": 21, "MC": 27, "SM": 27, "AD": 24, "SA": 24, "AE": 23, "QA": 29,
            "KW": 30, "BH": 22, "JO": 30, "LB": 28, "EG": 29, "PK": 24, "BR": 29, "UA": 29, "KZ": 20, "GE": 22,
            "AZ": 28, "MD": 24, "RS": 22, "BA": 20, "ME": 22, "MK": 19, "AL": 28, "XK": 20, "TN": 24, "MU": 30,
            "GI": 23, "FO": 18, "GL": 18, "DO": 28, "CR": 22, "GT": 28, "VG": 24, "BY": 28, "IQ": 23, "SC": 31,
            "LC": 32, "ST": 25, "TL": 23, "SV": 28, "VA": 22, "LY": 25, "SD": 18, "BI": 27, "DJ": 27, "RU": 33,
            "SO": 23, "NI": 28, "MN": 20, "FK": 18, "OM": 23, "YE": 30, "HN": 28}


def iban_ok(s):
    s = s.replace(" ", "")
    if len(s) < 5 or s[:2] not in IBAN_LEN or len(s) != IBAN_LEN[s[:2]]:
        return False
    if not s[2:4].isdigit() or not re.fullmatch(r"[A-Z0-9]+", s):
        return False
    return mod97(s[4:] + s[:4]) == 1


def _wsum(ds, ws):
    return sum(int(a) * b for a, b in zip(ds, ws))


def _bban(cc):
    while True:
        if cc == "AT":
            return ch("1234") + dg(4) + dg(11)
        if cc == "BE":
            b = dg(10)
            return b + "%02d" % (int(b) % 97 or 97)
        if cc == "CH":
            return "00" + dg(3) + dg(12)
        if cc == "CZ":
            pre = ch(["000000", "000019", "000035", "000000"])
            body = dg(9)
            r = -_wsum(body, [6, 3, 7, 9, 10, 5, 8, 4, 2]) % 11
            if r == 10:
                continue
            return ch(["0100", "0300", "0800", "2010", "0600", "5500", "3030", "0710"]) + pre + body + str(r)
        if cc == "DE":
            return ch("1234567") + dg(7) + dg(10)
        if cc == "DK":
            return dg(4) + dg(10)
        if cc == "ES":
            bank, br, acct = dg(4), dg(4), dg(10)
            w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

            def dc(x):
                v = 11 - _wsum(x, w) % 11
                return {11: 0, 10: 1}.get(v, v)
            return bank + br + str(dc("00" + bank + br)) + str(dc(acct)) + acct
        if cc == "FI":
            return ch("12345678") + dg(13)
        if cc == "FR":
            bank, br, acct = dg(5), dg(5), dg(11)
            key = 97 - ((89 * int(bank) + 15 * int(br) + 3 * int(acct)) % 97)
            return bank + br + acct + "%02d" % key
        if cc == "GB":
            return ch(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SCBL"]) + dg(6) + dg(8)
        if cc == "IE":
            return ch(["AIBK", "BOFI", "IPBS"]) + dg(6) + dg(8)
        if cc == "GR":
            return ch(["011", "014", "017", "026"]) + dg(4) + dg(16)
        if cc == "HU":
            def blk(n):
                while True:
                    x = dg(n - 1)
                    c = -_wsum(x, [9, 7, 3, 1] * 5) % 10
                    return x + str(c)
            return blk(8) + blk(16)
        if cc == "IL":
            return ch(["010", "012", "011", "020"]) + dg(3) + dg(13)
        if cc == "IT":
            abi, cab, conto = dg(5), dg(5), dg(12)
            odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
            s = abi + cab + conto
            tot = 0
            for i, c in enumerate(s):
                v = int(c, 36) - (10 if c.isalpha() else 0)
                tot += odd[v] if i % 2 == 0 else v
            return chr(65 + tot % 26) + s
        if cc == "NL":
            x = dg(10)
            if _wsum(x, range(10, 0, -1)) % 11:
                continue
            return ch(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB"]) + x
        if cc == "NO":
            x = dg(10)
            r = 11 - _wsum(x, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11
            if r == 10:
                continue
            return x + str(0 if r == 11 else r)
        if cc == "PL":
            b = dg(7)
            return b + str(-_wsum(b, [3, 9, 7, 1, 3, 9, 7]) % 10) + dg(16)
        if cc == "PT":
            b = dg(19)
            return b + "%02d" % (98 - int(b + "00") % 97)
        if cc == "SE":
            return ch(["500", "800", "600", "300"]) + dg(17)
        if cc == "TR":
            return ch(["00010", "00012", "00046", "00062", "00064", "00067"]) + "0" + dg(16)
        raise ValueError(cc)


def iban_compact(cc):
    b = _bban(cc)
    k = 98 - mod97(b + cc + "00")
    s = f"{cc}{k:02d}{b}"
    assert iban_ok(s), s
    return s


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def iban_str(cc, spaced=None):
    s = iban_compact(cc)
    spaced = coin(0.55) if spaced is None else spaced
    return group4(s) if spaced else s


def ib(cc, spaced=None):
    return P(iban_str(cc, spaced), IBAN)


def la_bad_iban(cc, spaced=None):
    s = iban_compact(cc)
    if coin(0.5):
        s = s[:2] + "%02d" % ((int(s[2:4]) + R.randint(1, 90)) % 97) + s[4:]
    else:
        i = R.randint(6, len(s) - 1)
        c = s[i]
        s = s[:i] + (str((int(c) + R.randint(1, 9)) % 10) if c.isdigit() else ch("BCDFGHJK".replace(c, ""))) + s[i + 1:]
    if iban_ok(s):
        return la_bad_iban(cc, spaced)
    spaced = coin(0.5) if spaced is None else spaced
    return LA(group4(s) if spaced else s)


def rf_ref():
    """ISO 11649 creditor reference (mod-97 valid, but RF is no IBAN country)."""
    ref = dg(R.randint(8, 14))
    k = 98 - mod97(ref + "RF00")
    return LA(f"RF{k:02d}{ref}")


# ============================================================================ SSN
def ssn_ok(s):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", s)
    if not m:
        return False
    a, g, n = m.groups()
    return a != "000" and a != "666" and a[0] != "9" and g != "00" and n != "0000"


def sn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return P(f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}", SSN)


def la_bad_ssn():
    k = ch(["000", "666", "9xx", "g00", "s0000"])
    a, g, n = f"{R.randint(1, 899):03d}", f"{R.randint(1, 99):02d}", f"{R.randint(1, 9999):04d}"
    if a == "666":
        a = "667"
    if k == "000":
        a = "000"
    elif k == "666":
        a = "666"
    elif k == "9xx":
        a = "9" + dg(2)
    elif k == "g00":
        g = "00"
    else:
        n = "0000"
    return LA(f"{a}-{g}-{n}")


def la_itin():
    return LA(f"9{dg(2)}-{ch(['70', '71', '72', '73', '75', '78', '80', '83', '88', '90', '92', '94', '97'])}-{dg(4)}")


def la_ein():
    return LA(f"{ch(['12', '20', '27', '45', '46', '47', '81', '82', '84', '86', '88', '93'])}-{dg(7)}")


# ============================================================================ IP
PUB1 = [5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 103, 109,
        110, 112, 113, 114, 116, 117, 118, 119, 121, 122, 123, 124, 125, 141, 146, 151, 176, 177, 178, 179, 180,
        181, 183, 185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200, 201, 202, 210, 211, 212, 213,
        217, 218, 219, 220, 221, 222, 41, 102, 105, 154, 155, 156, 165, 171, 175, 182, 184]


def ip4_str(kind=None):
    kind = kind or ch(["pub", "pub", "pub", "p10", "p192", "p172", "cgnat", "doc"])
    if kind == "pub":
        s = f"{ch(PUB1)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    elif kind == "p10":
        s = f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    elif kind == "p192":
        s = f"192.168.{R.randint(0, 99)}.{R.randint(2, 254)}"
    elif kind == "p172":
        s = f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    elif kind == "cgnat":
        s = f"100.{R.randint(64, 127)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    elif kind == "doc":
        s = f"{ch(['192.0.2', '198.51.100', '203.0.113'])}.{R.randint(1, 254)}"
    else:
        raise ValueError(kind)
    ipaddress.IPv4Address(s)
    return s


def _v6(prefix_groups, nzero=None):
    groups = list(prefix_groups)
    while len(groups) < 8:
        groups.append(hx(R.randint(1, 4)).lstrip("0") or "0")
    nz = R.randint(1, 4) if nzero is None else nzero
    start = R.randint(len(prefix_groups), 8 - nz) if 8 - nz >= len(prefix_groups) else len(prefix_groups)
    for i in range(start, min(8, start + nz)):
        groups[i] = "0"
    return ipaddress.IPv6Address(":".join(groups))


V6PFX = [["2a02", None], ["2a01", None], ["2600", None], ["2607", "f8b0"], ["2001", "4860"], ["2406", "da00"],
         ["2405", None], ["2804", None], ["2800", None], ["2c0f", None], ["2a00", "1450"], ["2400", "cb00"],
         ["240e", None], ["2402", None], ["2001", "0db8"], ["2001", "db8"], ["2a03", "2880"], ["2604", "a880"]]


def ip6_str(kind=None):
    kind = kind or ch(["glob", "glob", "glob", "doc", "full", "ll", "ula", "mapped", "upper"])
    if kind in ("glob", "full", "upper"):
        p = [x for x in ch(V6PFX) if x] + []
        p = [p[0]] + ([p[1]] if len(p) > 1 else [hx(4).lstrip("0") or "1"])
        a = _v6(p)
        if kind == "full":
            return a.exploded
        if kind == "upper":
            return a.compressed.upper()
        return a.compressed
    if kind == "doc":
        return _v6(["2001", "db8", hx(R.randint(1, 4)).lstrip("0") or "1"], R.randint(2, 4)).compressed
    if kind == "ll":
        m = [R.randint(0, 255) for _ in range(6)]
        return ipaddress.IPv6Address("fe80::%x:%xff:fe%02x:%x" % (((m[0] ^ 2) << 8) | m[1], m[2], m[3],
                                                                    (m[4] << 8) | m[5])).compressed
    if kind == "ula":
        return _v6(["fd" + hx(2), hx(4), hx(4), hx(R.randint(1, 4))], R.randint(2, 3)).compressed
    if kind == "mapped":
        return "::ffff:" + ip4_str(ch(["pub", "doc", "p10"]))
    if kind == "lo":
        return "::1"
    raise ValueError(kind)


def v4(kind=None):
    return P(ip4_str(kind), IP)


def v6(kind=None):
    return P(ip6_str(kind), IP)


def anyip(p6=0.3):
    return v6() if coin(p6) else v4()


def la_bad_ip():
    k = ch(["oct", "oct", "oct3", "five", "v6"])
    if k == "oct":
        parts = [str(R.randint(1, 223)), str(R.randint(0, 255)), str(R.randint(0, 255)), str(R.randint(1, 254))]
        parts[R.randint(0, 3)] = str(R.randint(256, 999))
        return LA(".".join(parts))
    if k == "oct3":
        return LA(f"{R.randint(10, 223)}.{R.randint(0, 255)}.{R.randint(256, 400)}.{R.randint(0, 255)}")
    if k == "five":
        return LA(f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}.{R.randint(0, 999)}.{R.randint(1, 9999)}")
    return LA(ch([f"2001:db8:{hx(3)}:::{hx(2)}", f"fe80::{hx(4)}::{hx(3)}", f"2001:db8:{hx(4)}:{hx(4)}:{hx(4)}:{hx(4)}:{hx(4)}:{hx(4)}:{hx(2)}",
                  f"2a02:{hx(4)}:g{hx(3)}::1"]))


# ============================================================================ look-alikes
def la_order(prefix=None):
    p = prefix if prefix is not None else ch(["#", "", "ORD-", "SO", "PO-", "No. ", "Nº "])
    return LA(p + ch([dnz(10), dnz(8), f"{dnz(3)}-{dg(7)}-{dg(7)}", f"{R.randint(2023, 2025)}-{dg(6)}", dnz(12)]))


def la_invoice():
    y = R.randint(2023, 2025)
    return LA(ch([f"INV-{y}-{dg(5)}", f"FV/{y}/{R.randint(1, 12):02d}/{dg(3)}", f"{y}{dg(6)}", f"F{dg(2)}-{dg(6)}",
                  f"R-{dg(4)}/{str(y)[2:]}", f"{dg(3)}-{dg(4)}"]))


def la_tracking():
    return LA(ch([f"1Z{alnum(6)}{dg(10)}", f"{ch('LRCE')}{ch('ABCJKLRXZ')}{dg(9)}{ch(['CN', 'CZ', 'HU', 'TR', 'GR', 'VN', 'TH', 'ID'])}",
                  f"SF{dg(13)}", f"JD{dg(18)}", f"{ch(['7946', '7735', '2865'])}{dg(8)}", f"00340434{dg(12)}",
                  f"JNE{dg(12)}", f"VN{dg(9)}", f"TH{dg(11)}A"]))


def la_ticket():
    return LA(ch([f"INC{dg(7)}", f"#{dnz(5)}", f"CS-{R.randint(2023, 2025)}-{dg(6)}", f"SR{dg(8)}", f"T-{dg(6)}",
                  f"REQ{dg(6)}", f"CASE-{dg(5)}"]))


def la_uuid():
    return LA(f"{hx(8)}-{hx(4)}-4{hx(3)}-{ch('89ab')}{hx(3)}-{hx(12)}")


def la_sha(n=40):
    return LA(hx(n))


def la_ts(kind=None, d=None):
    d = d or rdate()
    kind = kind or ch(["iso", "isoz", "compact", "epoch", "epochms", "space", "slash", "dots", "rfc", "syslog"])
    return LA({
        "iso": d.strftime("%Y-%m-%dT%H:%M:%S") + ch(["+01:00", "+03:00", "+07:00", "-05:00", "+02:00", "+08:00"]),
        "isoz": d.strftime("%Y-%m-%dT%H:%M:%S.") + dg(3) + "Z",
        "compact": d.strftime("%Y%m%d%H%M%S"),
        "epoch": str(int(d.timestamp())),
        "epochms": str(int(d.timestamp())) + dg(3),
        "space": d.strftime("%Y-%m-%d %H:%M:%S"),
        "slash": d.strftime("%d/%m/%Y %H:%M"),
        "dots": d.strftime("%d.%m.%Y %H:%M"),
        "rfc": d.strftime("%a, %d %b %Y %H:%M:%S ") + ch(["+0200", "-0300", "+0700", "+0000"]),
        "syslog": d.strftime("%b %d %H:%M:%S").replace(" 0", "  "),
        "date": d.strftime("%Y-%m-%d"),
    }[kind])


def la_date(fmt="%d/%m/%Y", d=None):
    return LA((d or rdate()).strftime(fmt))


def la_version():
    return LA(ch([f"v{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}",
                  f"{R.randint(1, 5)}.{R.randint(0, 40)}.{R.randint(0, 12)}-rc.{R.randint(1, 5)}",
                  f"10.0.{R.randint(19041, 26100)}.{R.randint(256, 4800)}",
                  f"{R.randint(100, 130)}.0.{R.randint(4000, 6500)}.{R.randint(20, 250)}",
                  f"1.{R.randint(26, 31)}.{R.randint(0, 9)}-gke.{R.randint(1000, 2000)}000",
                  f"{R.randint(1, 9)}.{R.randint(0, 9)}", f"{R.randint(17, 24)}.{R.randint(1, 4)}R{R.randint(1, 3)}-S{R.randint(1, 9)}"]))


def la_build_quad():
    """A dotted build number in a build / version context (pii-dev leaves these unlabelled)."""
    return LA(f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}.{R.randint(1, 255)}", allow=True)


def ean13_digits(prefix=None):
    while True:
        b = (prefix or ch(["590", "594", "599", "858", "859", "869", "520", "690", "693", "885", "893", "899", "729", "750",
                            "779", "770", "600", "601", "940", "489", "880", "471"])) + dg(9)
        b = b[:12]
        c = (10 - sum(int(x) * (3 if i % 2 else 1) for i, x in enumerate(b)) % 10) % 10
        s = b + str(c)
        if not card_valid(s):
            return s


def la_ean():
    return LA(ean13_digits())


def la_isbn():
    b = "978" + ch(["80", "963", "951", "605", "604", "602", "616", "7", "5"])
    b = b + dg(12 - len(b))
    c = (10 - sum(int(x) * (3 if i % 2 else 1) for i, x in enumerate(b)) % 10) % 10
    return LA(f"{b[:3]}-{b[3:]}{c}")


def la_amount(loc="us"):
    n = R.randint(1, 99999) + R.randint(0, 99) / 100
    en = f"{n:,.2f}"
    eu = en.replace(",", " ").replace(".", ",")
    de = en.replace(",", "X").replace(".", ",").replace("X", ".")
    return LA({
        "us": f"${en}", "ca": f"CA${en}", "za": f"R{eu}", "nz": f"NZ${en}", "sg": f"S${en}", "mx": f"${en} MXN",
        "ar": f"$ {de}", "co": f"$ {de.split(',')[0]}", "tr": f"{de} TL", "vi": f"{R.randint(50, 9999) * 1000:,}₫",
        "id": f"Rp {R.randint(10, 9999) * 1000:,}".replace(",", "."), "sw": f"KSh {en}", "ke": f"KSh {en}",
        "el": f"{de} €", "cs": f"{eu} Kč", "hu": f"{R.randint(1, 999) * 100:,} Ft".replace(",", " "),
        "fi": f"{eu} €", "he": f"₪{en}", "ru": f"{eu} ₽", "zh": f"¥{en}", "th": f"฿{en}",
    }.get(loc, f"€{en}"))


def la_duration():
    return LA(ch([f"{R.randint(1, 59)}m{R.randint(0, 59)}s", f"00:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}",
                  f"{R.randint(2, 900)} ms", f"PT{R.randint(1, 90)}M", f"{R.randint(1, 48)}h", f"{R.random() * 9:.3f}s"]))


def la_mac(sep=None):
    sep = ch([":", "-", ""]) if sep is None else sep
    b = [hx(2, upper=coin(0.5)) for _ in range(6)]
    if sep == ".":
        return LA(".".join(["".join(b[i:i + 2]) for i in range(0, 6, 2)]).lower())
    return LA(sep.join(b))


def la_coords():
    return LA(f"{R.uniform(-45, 60):.5f}, {R.uniform(-100, 150):.5f}")


def la_imei():
    b = ch(["35", "86", "01", "99"]) + dg(12)
    for c in "0123456789":
        if luhn_ok(b + c):
            return LA(b + c)


def la_postcode(loc):
    return LA({"us": f"{dnz(5)}", "ca": f"{ch('KLMHVT')}{R.randint(1, 9)}{ch('ABCEGHJ')} {R.randint(1, 9)}{ch('ABCEGHJ')}{R.randint(1, 9)}",
               "za": f"{R.randint(1000, 8099)}", "nz": f"{R.randint(600, 9800):04d}", "sg": f"{R.randint(10, 82)}{dg(4)}",
               "mx": f"{R.randint(1000, 99999):05d}", "ar": f"C{R.randint(1000, 1499)}{alnum(3, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}",
               "co": f"{R.randint(50, 99)}{dg(4)}", "tr": f"{R.randint(1, 81):02d}{dg(3)}", "vi": f"{R.randint(10, 99)}{dg(4)}",
               "id": f"{R.randint(10, 99)}{dg(3)}", "el": f"{R.randint(10, 85)}{dg(1)} {dg(2)}",
               "cs": f"{R.randint(100, 799)} {dg(2)}", "hu": f"{R.randint(1011, 9999)}", "fi": f"{R.randint(0, 99):02d}{dg(3)}",
               "he": f"{dnz(7)}", "ru": f"{R.randint(101, 692)}{dg(3)}", "zh": f"{R.randint(10, 85)}{dg(4)}",
               "th": f"{R.randint(10, 96)}{dg(3)}", "sw": f"{R.randint(100, 900)}{dg(2)}"}.get(loc, dnz(5)))


def la_sku():
    return LA(ch([f"{alnum(2, 'ABCDEFGHKLMNPRSTWXZ')}-{dg(4)}-{alnum(2, 'ABCDEFGHKLMNPRSTWXZ')}", f"SKU{dg(7)}",
                  f"{alnum(3, 'ABCDEFGHKLMNPRSTWXZ')}{dg(5)}", f"MPN {dg(3)}-{dg(5)}-{dg(2)}"]))


def la_pnr():
    return LA(alnum(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))


def la_eticket():
    return LA(ch([f"{ch(['235', '057', '176', '157', '074', '125', '618', '217', '738', '555'])}-{dnz(10)}",
                  f"{ch(['235', '176', '157', '217'])} {dnz(10)}"]))


def la_vin():
    return LA(alnum(17, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"))


def la_oid():
    return LA(f"1.3.6.1.4.1.{R.randint(2000, 60000)}.{R.randint(1, 20)}.{R.randint(1, 9)}.{R.randint(1, 99)}")


def la_port():
    return LA(str(ch([22, 25, 53, 80, 110, 143, 443, 465, 587, 993, 1194, 1812, 3306, 3389, 5060, 5432, 6379, 8080,
                      8443, 9200, 51820, 27017]) if coin(0.6) else R.randint(1024, 65535)))


def la_msgid(dom):
    return LA(f"{hx(8)}.{hx(4)}{dg(4)}@{dom}", allow=True)


def la_acct(loc):
    return LA({
        "cs": f"{ch(['', '19-', '35-'])}{dnz(9)}/{ch(['0100', '0800', '0300', '2010', '5500'])}",
        "hu": f"{dg(8)}-{dg(8)}" + ch(["", f"-{dg(8)}"]),
        "ru": f"40817810{dg(12)}", "us": f"{dg(10)}", "za": f"{dnz(10)}", "mx": f"CLABE {dg(18)}",
        "ar": f"CBU {dg(22)}", "co": f"{dg(3)}-{dg(6)}-{dg(2)}", "vi": f"{dnz(13)}", "id": f"{dg(3)}-{dg(3)}-{dg(4)}",
        "th": f"{dg(3)}-{dg(1)}-{dg(5)}-{dg(1)}", "zh": f"{dnz(5)}{dg(15)}",
        "sg": f"{dg(3)}-{dg(6)}-{dg(1)}", "nz": f"{dg(2)}-{dg(4)}-{dg(7)}-{dg(2)}", "sw": f"{dnz(13)}",
    }.get(loc, dnz(10)))


# ---- national ids (never US SSNs)
def natid(loc):
    if loc == "tr":
        while True:
            d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
            d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
            d.append(d10)
            d.append(sum(d) % 10)
            return LA("".join(map(str, d)))
    if loc == "el":
        if coin(0.5):
            b = rdate(1950, 2000).strftime("%d%m%y") + dg(4)
            for c in "0123456789":
                if luhn_ok(b + c):
                    return LA(b + c)           # AMKA
        b = dg(8)
        c = sum(int(x) * 2 ** (8 - i) for i, x in enumerate(b)) % 11 % 10
        return LA(b + str(c))                   # AFM
    if loc == "cs":
        while True:
            d = rdate(1960, 2000)
            mm = d.month + (50 if coin(0.5) else 0)
            b = f"{d.year % 100:02d}{mm:02d}{d.day:02d}{dg(3)}"
            c = int(b) % 11
            if c < 10:
                return LA(f"{b[:6]}/{b[6:]}{c}")
    if loc == "hu":
        b = dg(8)
        c = sum(int(x) * (3 if i % 2 == 0 else 7) for i, x in enumerate(b)) % 10
        s = b + str(c)
        return LA(ch([f"{s[:3]} {s[3:6]} {s[6:]}", f"{s[:3]}-{s[3:6]}-{s[6:]}"]))  # TAJ
    if loc == "fi":
        d = rdate(1950, 2005)
        n = f"{d.strftime('%d%m%y')}{R.randint(2, 899):03d}"
        return LA(f"{n[:6]}{'-' if d.year < 2000 else 'A'}{n[6:]}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[int(n) % 31]}")
    if loc == "he":
        while True:
            b = dg(8)
            for c in "0123456789":
                s = b + c
                t = sum(sum(divmod(int(x) * (1 + i % 2), 10)) for i, x in enumerate(s))
                if t % 10 == 0:
                    return LA(s)
    if loc == "za":
        b = rdate(1955, 1999).strftime("%y%m%d") + dg(4) + ch("01") + "8"
        for c in "0123456789":
            if luhn_ok(b + c):
                return LA(b + c)
    if loc == "mx":
        return LA(f"{alnum(4, 'ABCDEFGHJLMNOPRSTUVZ')}{rdate(1960, 2004).strftime('%y%m%d')}{ch('HM')}"
                  f"{ch(['DF', 'JC', 'NL', 'PL', 'MC', 'QT'])}{alnum(3, 'BCDFGHJKLMNPRSTVZ')}{ch('0A')}{dg(1)}")
    if loc == "ar":
        return LA(f"{ch(['20', '23', '27'])}-{R.randint(20000000, 45999999)}-{dg(1)}")
    if loc == "co":
        return LA(ch([f"{R.randint(10, 99)}.{dg(3)}.{dg(3)}", f"1.0{dg(2)}.{dg(3)}.{R.randint(256, 999)}"]))
    if loc == "zh":
        b = ch(["110105", "310104", "320102", "330106", "510107", "420106"]) + rdate(1960, 2004).strftime("%Y%m%d") + dg(3)
        w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        return LA(b + "10X98765432"[_wsum(b, w) % 11])
    if loc == "th":
        b = ch("12345678") + dg(11)
        c = (11 - _wsum(b, range(13, 1, -1)) % 11) % 10
        s = b + str(c)
        return LA(f"{s[0]}-{s[1:5]}-{s[5:10]}-{s[10:12]}-{s[12]}" if coin(0.6) else s)
    if loc == "vi":
        return LA(f"0{R.randint(1, 96):02d}{ch('0123')}{dg(2)}{dg(6)}")
    if loc == "id":
        while True:
            d = rdate(1965, 2004)
            dd = d.day + (40 if coin(0.5) else 0)
            s = f"{ch(['31', '32', '33', '34', '36', '12', '73', '64'])}{dg(4)}{dd:02d}{d.month:02d}{d.year % 100:02d}{dnz(4)}"
            if not card_valid(s):
                return LA(s)
    if loc == "sg":
        p = ch("ST")
        b = dg(7)
        k = (_wsum(b, [2, 7, 6, 5, 4, 3, 2]) + (4 if p == "T" else 0)) % 11
        return LA(f"{p}{b}{'JZIHGFEDCBA'[k]}")
    if loc == "nz":
        return LA(f"{R.randint(10, 150):03d}-{dg(3)}-{dg(3)}")
    if loc == "ru":
        return LA(ch([f"{dg(3)}-{dg(3)}-{dg(3)} {dg(2)}", f"{R.randint(10, 99)} {R.randint(10, 24)} {dg(6)}",
                      f"{R.randint(10, 99)}{dg(10)}"]))
    if loc == "ca":
        b = dnz(8)
        for c in "0123456789":
            if luhn_ok(b + c):
                s = b + c
                return LA(f"{s[:3]} {s[3:6]} {s[6:]}")
    if loc == "uk":
        return LA(f"{ch(['AB', 'JG', 'NP', 'SK', 'WL', 'HT'])} {dg(2)} {dg(2)} {dg(2)} {ch('ABCD')}")
    if loc in ("sw", "ke"):
        return LA(f"{R.randint(20000000, 39999999)}")
    if loc == "sv":
        d = rdate(1950, 2000)
        b = d.strftime("%y%m%d") + dg(3)
        for c in "0123456789":
            if luhn_ok(b + c):
                return LA(f"{b[:6]}-{b[6:]}{c}")
    if loc == "no":
        return LA(rdate(1950, 2000).strftime("%d%m%y") + " " + dg(5))
    if loc == "da":
        return LA(rdate(1950, 2000).strftime("%d%m%y") + "-" + dg(4))
    if loc == "pl":
        return LA(rdate(1950, 1999).strftime("%y%m%d") + dg(5))
    if loc == "es":
        n = R.randint(10000000, 99999999)
        return LA(f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}")
    return LA(dnz(9))


# ============================================================================ shapes: infrastructure
def jd(o, pretty=False):
    if pretty:
        return json.dumps(o, ensure_ascii=False, indent=2)
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))


def b64(n):
    return "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(n))


UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.112 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
       "aws-cli/2.15.21 Python/3.11.6 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off command/ec2.describe-instances",
       "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.15.0-1055-aws md/arch#x86_64 lang/python#3.12.2",
       "okhttp/4.12.0", "Dalvik/2.1.0 (Linux; U; Android 14; SM-S918B Build/UP1A.231005.007)",
       "terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.39.0",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"]

REGIONS = ["eu-central-1", "eu-west-1", "us-east-1", "ap-southeast-1", "ap-southeast-3", "sa-east-1", "af-south-1",
           "eu-south-2", "me-central-1", "ap-east-1", "il-central-1", "eu-north-1"]


def f_cloudtrail():
    acct = LA(dg(12))
    loc = ch(["us", "za", "sg", "cs", "hu", "tr", "el", "he", "fi", "mx", "nz"])
    region = ch(REGIONS)
    t = LA(rdate().strftime("%Y-%m-%dT%H:%M:%SZ"))
    kind = ch(["login", "sso", "contact", "sg", "cognito", "iam"])
    ev = {"eventVersion": "1.09"}
    user = ch(["deploy-bot", "j.ops", "ci-runner", "backup-svc", "admin-break-glass"])
    ident = {"type": "IAMUser", "principalId": LA("AIDA" + alnum(17)), "arn": f"arn:aws:iam::{acct}:user/{user}",
             "accountId": acct, "accessKeyId": LA("AKIA" + alnum(16)), "userName": user}
    req, resp, name, src = None, None, "DescribeInstances", "ec2.amazonaws.com"
    if kind == "sso":
        e = em(loc, corp=True)
        ident = {"type": "AssumedRole", "principalId": "AROA" + alnum(17) + ":" + e,
                 "arn": f"arn:aws:sts::{acct}:assumed-role/AWSReservedSSO_AdministratorAccess_{hx(16)}/{e}",
                 "accountId": acct, "accessKeyId": LA("ASIA" + alnum(16)),
                 "sessionContext": {"attributes": {"creationDate": t, "mfaAuthenticated": "false"}}}
        name, src = ch([("DescribeInstances", "ec2.amazonaws.com"), ("GetSecretValue", "secretsmanager.amazonaws.com"),
                        ("PutBucketPolicy", "s3.amazonaws.com")])
        req = {"instancesSet": {"items": [{"instanceId": "i-0" + hx(16)}]}} if name == "DescribeInstances" else \
            {"secretId": f"arn:aws:secretsmanager:{region}:{acct}:secret:prod/db-{hx(6)}"} if name == "GetSecretValue" else \
            {"bucketName": f"acme-{LA(dg(6))}-logs"}
    elif kind == "login":
        name, src = "ConsoleLogin", "signin.amazonaws.com"
        resp = {"ConsoleLogin": ch(["Success", "Failure"])}
        ev["additionalEventData"] = {"LoginTo": f"https://console.aws.amazon.com/console/home?region={region}",
                                     "MobileVersion": "No", "MFAUsed": ch(["Yes", "No"])}
    elif kind == "contact":
        name, src = "PutContactInformation", "account.amazonaws.com"
        who = person(loc)
        req = {"contactInformation": {"fullName": fold(who[0]) if loc not in ("el", "he") else f"{who[1].title()} {who[2].title()}",
                                      "addressLine1": f"{R.randint(1, 200)} {ch(['Harbour St', 'Rue Haute', 'Vinohradská', 'Andrássy út', 'Oxford Rd'])}",
                                      "city": ch(["Cape Town", "Praha", "Budapest", "Auckland", "Singapore", "Athens"]),
                                      "postalCode": la_postcode(loc), "countryCode": loc.upper()[:2],
                                      "phoneNumber": P(e164(loc) if coin(0.6) else phone_str(loc, "intl"), PHONE),
                                      "companyName": ch(["Kestrel Analytics", "Fynbos Retail", "Vltava Soft s.r.o."]),
                                      "websiteUrl": "https://" + ch(CORP.get(loc, CORP["us"]))}}
    elif kind == "sg":
        name = "AuthorizeSecurityGroupIngress"
        rng = [{"cidrIp": v4("pub") + "/32", "description": f"office {ch(['VPN', 'NAT', 'bastion'])} ({ch(['ticket', 'CHG'])} {la_ticket()})"}]
        req = {"groupId": "sg-0" + hx(16), "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22,
                                                                          "toPort": 22, "ipRanges": {"items": rng},
                                                                          "ipv6Ranges": {"items": [{"cidrIpv6": v6("glob") + "/128"}]} if coin(0.5) else {}}]}}
        resp = {"requestId": la_uuid(), "_return": True,
                "securityGroupRuleSet": {"items": [{"securityGroupRuleId": "sgr-0" + hx(16), "isEgress": False}]}}
    elif kind == "cognito":
        name, src = "AdminCreateUser", "cognito-idp.amazonaws.com"
        req = {"userPoolId": f"{region}_{alnum(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}",
               "username": la_uuid(), "userAttributes": [{"name": "email", "value": em(loc)},
                                                         {"name": "phone_number", "value": P(e164(loc), PHONE)},
                                                         {"name": "custom:tier", "value": "gold"}],
               "desiredDeliveryMediums": ["EMAIL"]}
    else:
        name, src = "CreateUser", "iam.amazonaws.com"
        req = {"userName": f"svc-{ch(['etl', 'grafana', 'backup'])}", "tags": [{"key": "owner", "value": em(loc, corp=True)},
                                                                              {"key": "cost-center", "value": LA(dg(6))}]}
    ip = anyip(0.25) if coin(0.9) else LA(ch(["AWS Internal", "cloudformation.amazonaws.com"]))
    ev.update({"userIdentity": ident, "eventTime": t, "eventSource": src, "eventName": name, "awsRegion": region,
               "sourceIPAddress": ip, "userAgent": ch(UAS), "requestParameters": req, "responseElements": resp,
               "requestID": la_uuid(), "eventID": la_uuid(), "readOnly": name.startswith(("Describe", "Get")),
               "eventType": "AwsConsoleSignIn" if kind == "login" else "AwsApiCall", "managementEvent": True,
               "recipientAccountId": acct, "eventCategory": "Management",
               "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                              "clientProvidedHostHeader": f"{src.split('.')[0]}.{region}.amazonaws.com"}})
    if coin(0.35):
        return jd({"Records": [ev]}, pretty=coin(0.5))
    return jd(ev, pretty=coin(0.3))


def f_vpcflow():
    acct, eni = LA(dg(12)), "eni-0" + hx(16)
    start = int(rdate().timestamp())
    out = []
    custom = coin(0.3)
    if custom:
        out.append("version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport "
                   "pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status")
    elif coin(0.6):
        out.append("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status")
    for _ in range(R.randint(1, 3)):
        v6_ = coin(0.2)
        src = v6() if v6_ else v4(ch(["p10", "pub", "pub"]))
        dst = v6() if v6_ else v4(ch(["p10", "pub", "p172"]))
        sp, dp = LA(str(R.randint(1024, 65535))), la_port()
        pk, by = R.randint(1, 900), R.randint(40, 900000)
        s0 = start + R.randint(0, 600)
        act = ch(["ACCEPT", "ACCEPT", "REJECT"])
        if coin(0.1):
            out.append(f"2 {acct} {eni} - - - - - - - {LA(str(s0))} {s0 + 60} - NODATA")
            continue
        if custom:
            out.append(f"5 vpc-0{hx(16)} subnet-0{hx(16)} i-0{hx(16)} {eni} {acct} {'IPv6' if v6_ else 'IPv4'} {src} {dst} "
                       f"{sp} {dp} - - {ch(['6', '17'])} {by} {pk} {LA(str(s0))} {s0 + 60} {act} "
                       f"{ch(['2', '3', '18', '19'])} OK")
        else:
            out.append(f"2 {acct} {eni} {src} {dst} {sp} {dp} {ch(['6', '17', '1'])} {pk} {by} {LA(str(s0))} {s0 + 60} {act} OK")
    return "\n".join(out)


def f_gcp_audit():
    loc = ch(["cs", "hu", "fi", "za", "sg", "nz", "mx", "co", "el", "tr"])
    proj = f"{ch(['acme', 'kestrel', 'fynbos', 'vltava', 'duna', 'aurora'])}-{ch(['prod', 'stg', 'data'])}-{LA(dg(6))}"
    sa = coin(0.35)
    principal = P(f"{ch(['deployer', 'terraform', 'etl-runner', 'github-actions'])}@{proj}.iam.gserviceaccount.com", EMAIL) \
        if sa else em(loc, corp=True)
    kind = ch(["iam", "fw", "sql", "bucket"])
    t = la_ts("isoz")
    pl = {"@type": "type.googleapis.com/google.cloud.audit.AuditLog", "status": {},
          "authenticationInfo": {"principalEmail": principal},
          "requestMetadata": {"callerIp": anyip(0.3),
                              "callerSuppliedUserAgent": ch(["google-cloud-sdk gcloud/467.0.0 command/gcloud.compute.firewall-rules.create",
                                                             "Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-google/5.19.0",
                                                             "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/122.0.6261.94,gzip(gfe)"]),
                              "requestAttributes": {"time": t, "auth": {}}, "destinationAttributes": {}}}
    if kind == "iam":
        pl.update({"serviceName": "cloudresourcemanager.googleapis.com", "methodName": "SetIamPolicy",
                   "resourceName": f"projects/{proj}",
                   "serviceData": {"@type": "type.googleapis.com/google.iam.v1.logging.AuditData",
                                   "policyDelta": {"bindingDeltas": [{"action": ch(["ADD", "REMOVE"]),
                                                                      "role": ch(["roles/storage.objectViewer", "roles/bigquery.dataViewer", "roles/owner"]),
                                                                      "member": "user:" + em(loc)}]}}})
    elif kind == "fw":
        pl.update({"serviceName": "compute.googleapis.com", "methodName": "v1.compute.firewalls.insert",
                   "resourceName": f"projects/{proj}/global/firewalls/allow-{ch(['office', 'vendor', 'vpn'])}-{la_date('%Y%m%d')}",
                   "request": {"@type": "type.googleapis.com/compute.firewalls.insert", "direction": "INGRESS",
                               "sourceRanges": [v4("pub") + "/32"] + ([v4("doc") + "/32"] if coin(0.4) else []),
                               "allowed": [{"IPProtocol": "tcp", "ports": [la_port()]}]}})
    elif kind == "sql":
        pl.update({"serviceName": "cloudsql.googleapis.com", "methodName": "cloudsql.instances.update",
                   "resourceName": f"projects/{proj}/instances/pg-{ch(['orders', 'crm', 'billing'])}",
                   "request": {"body": {"settings": {"ipConfiguration": {"authorizedNetworks": [
                       {"name": ch(["office-budapest", "home-ops", "partner-gw"]), "value": v4("pub") + "/32",
                        "expirationTime": la_ts("isoz")}]}}}}})
    else:
        pl.update({"serviceName": "storage.googleapis.com", "methodName": "storage.objects.get",
                   "resourceName": f"projects/_/buckets/{proj}-exports/objects/customers_{la_date('%Y%m%d')}.csv",
                   "resourceLocation": {"currentLocations": [ch(["europe-west3", "europe-central2", "asia-southeast1"])]}})
    doc = {"protoPayload": pl, "insertId": LA("-" + alnum(12, "abcdefghijklmnopqrstuvwxyz0123456789")),
           "resource": {"type": "audited_resource", "labels": {"project_id": proj, "service": pl["serviceName"]}},
           "timestamp": t, "severity": ch(["NOTICE", "INFO"]),
           "logName": f"projects/{proj}/logs/cloudaudit.googleapis.com%2F{ch(['activity', 'data_access'])}",
           "receiveTimestamp": la_ts("isoz")}
    return jd(doc, pretty=coin(0.5))


def f_azure():
    loc = ch(["fi", "sv", "no", "da", "he", "za", "sg", "nz", "hu", "cs", "el"])
    cities = {"fi": ("Espoo", "Uusimaa", "FI", 60.205, 24.655), "sv": ("Göteborg", "Västra Götaland", "SE", 57.707, 11.967),
              "no": ("Bergen", "Vestland", "NO", 60.391, 5.322), "da": ("Aarhus", "Midtjylland", "DK", 56.157, 10.211),
              "he": ("Haifa", "Haifa District", "IL", 32.794, 34.989), "za": ("Durban", "KwaZulu-Natal", "ZA", -29.858, 31.021),
              "sg": ("Singapore", "Singapore", "SG", 1.352, 103.820), "nz": ("Christchurch", "Canterbury", "NZ", -43.532, 172.636),
              "hu": ("Debrecen", "Hajdú-Bihar", "HU", 47.531, 21.627), "cs": ("Ostrava", "Moravskoslezský kraj", "CZ", 49.820, 18.262),
              "el": ("Patra", "Western Greece", "GR", 38.246, 21.734)}
    c = cities[loc]
    who = person(loc)
    if coin(0.55):
        doc = {"id": la_uuid(), "createdDateTime": la_ts("isoz"), "userDisplayName": who[0], "userPrincipalName": em(loc, who, True),
               "userId": la_uuid(), "appId": la_uuid(), "appDisplayName": ch(["Microsoft Teams", "Office 365 Exchange Online", "Azure Portal", "OfficeHome"]),
               "ipAddress": anyip(0.3), "clientAppUsed": ch(["Browser", "Mobile Apps and Desktop clients"]),
               "correlationId": la_uuid(), "conditionalAccessStatus": ch(["success", "failure", "notApplied"]),
               "isInteractive": True, "riskLevelDuringSignIn": ch(["none", "low", "medium"]),
               "status": ch([{"errorCode": 0}, {"errorCode": 50126, "failureReason": "Error validating credentials due to invalid username or password."},
                             {"errorCode": 50074, "failureReason": "Strong Authentication is required."}]),
               "deviceDetail": {"deviceId": "", "operatingSystem": ch(["Windows10", "iOS 17.3.1", "Android 14", "MacOs"]),
                                "browser": ch(["Edge 122.0.2365", "Chrome 122.0.0", "Mobile Safari", "Rich Client 16.0.17328.20162"])},
               "location": {"city": c[0], "state": c[1], "countryOrRegion": c[2],
                            "geoCoordinates": {"altitude": None, "latitude": float(LA(f"{c[3] + R.uniform(-0.05, 0.05):.4f}")),
                                               "longitude": float(LA(f"{c[4] + R.uniform(-0.05, 0.05):.4f}"))}}}
        if coin(0.3):
            doc["authenticationDetails"] = [{"authenticationMethod": "Mobile app notification", "succeeded": True,
                                             "authenticationStepDateTime": la_ts("isoz")},
                                            {"authenticationMethod": "Text message",
                                             "authenticationMethodDetail": LA("+" + CC[loc] + " XXXXXXX" + dg(2)),
                                             "succeeded": False}]
        return jd(doc, pretty=coin(0.4))
    sub = la_uuid()
    rule = ch(["ALLOW-SSH-ADMIN", "ALLOW-RDP-VENDOR", "ALLOW-HTTPS-PARTNER"])
    src = v4("pub")
    doc = {"time": la_ts("isoz"), "resourceId": f"/SUBSCRIPTIONS/{sub.upper()}/RESOURCEGROUPS/RG-{ch(['WEB', 'DATA', 'HUB'])}/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-{ch(['WEB', 'JUMP'])}/SECURITYRULES/{rule}",
           "operationName": "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE", "category": "Administrative",
           "resultType": ch(["Start", "Success"]), "resultSignature": ch(["Started.", "Succeeded.Created"]),
           "durationMs": LA(str(R.randint(10, 9000))), "callerIpAddress": anyip(0.3), "correlationId": la_uuid(),
           "identity": {"authorization": {"scope": "/subscriptions/" + sub, "action": "Microsoft.Network/networkSecurityGroups/securityRules/write"},
                        "claims": {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": em(loc, who, True),
                                   "ipaddr": None, "name": who[0], "appid": la_uuid()}},
           "level": "Information", "location": "global",
           "properties": {"statusCode": "Created", "serviceRequestId": la_uuid(),
                          "requestbody": None}}
    if coin(0.4):
        doc["identity"]["claims"]["ipaddr"] = v4("pub")
    else:
        del doc["identity"]["claims"]["ipaddr"]
    doc["properties"]["requestbody"] = "{\"properties\":{\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"" + src + \
        "\",\"destinationPortRange\":\"" + ch(["22", "3389", "443"]) + "\",\"access\":\"Allow\",\"priority\":" + str(R.randint(100, 4000)) + "}}"
    return jd(doc, pretty=coin(0.5))


def f_k8s_audit():
    loc = ch(["cs", "hu", "fi", "el", "tr", "za", "sg", "nz", "co", "ar", "id", "vi"])
    ns = ch(["payments", "crm", "kube-system", "ingress-nginx", "monitoring", "orders"])
    human = coin(0.65)
    user = {"username": ("oidc:" + em(loc, corp=True)) if human else f"system:serviceaccount:{ns}:deployer",
            "groups": ["oidc:platform-admins", "system:authenticated"] if human else [f"system:serviceaccounts:{ns}", "system:authenticated"]}
    ips = [v4(ch(["p10", "p172", "pub"]))] + ([v6(ch(["ula", "glob"]))] if coin(0.3) else [])
    verb, res = ch([("get", "secrets"), ("delete", "pods"), ("patch", "deployments"), ("create", "pods/exec"), ("list", "configmaps")])
    ev = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": ch(["Metadata", "RequestResponse"]), "auditID": la_uuid(),
          "stage": "ResponseComplete", "requestURI": f"/api/v1/namespaces/{ns}/{res}/{ch(['db-creds', 'api-7d9f8c6b5-x2kq9', 'web'])}",
          "verb": verb, "user": user, "sourceIPs": ips,
          "userAgent": ch([f"kubectl/v1.{R.randint(26, 30)}.{R.randint(0, 9)} (linux/amd64) kubernetes/{hx(7)}", "argocd-application-controller/v0.0.0 (linux/amd64)", "Go-http-client/2.0"]),
          "objectRef": {"resource": res.split("/")[0], "namespace": ns, "name": ch(["db-creds", "web", "api"]), "apiVersion": "v1",
                        "resourceVersion": LA(str(R.randint(100000, 99999999)))},
          "responseStatus": {"metadata": {}, "code": ch([200, 201, 403, 404])},
          "requestReceivedTimestamp": la_ts("isoz"), "stageTimestamp": la_ts("isoz"),
          "annotations": {"authorization.k8s.io/decision": "allow",
                          "authorization.k8s.io/reason": f"RBAC: allowed by ClusterRoleBinding \"{ch(['ops-admins', 'oncall'])}\" of ClusterRole \"cluster-admin\" to Group \"oidc:platform-admins\""}}
    if coin(0.3):
        ev["impersonatedUser"] = {"username": "system:node:ip-" + LA(f"10-{R.randint(0, 255)}-{R.randint(0, 255)}-{R.randint(1, 254)}") + ".ec2.internal"}
    return jd(ev)


def f_ecs():
    loc = ch(["tr", "ru", "zh", "vi", "id", "th", "mx", "ar", "co", "za", "el", "he", "cs"])
    cc_ = {"tr": "TR", "ru": "RU", "zh": "CN", "vi": "VN", "id": "ID", "th": "TH", "mx": "MX", "ar": "AR", "co": "CO",
           "za": "ZA", "el": "GR", "he": "IL", "cs": "CZ"}[loc]
    kind = ch(["ssh", "web", "auth"])
    src = anyip(0.2)
    port = R.randint(1024, 65535)
    doc = {"@timestamp": la_ts("isoz"), "ecs": {"version": "8.11.0"}, "log": {"file": {"path": ch(["/var/log/auth.log", "/var/log/app/api.json"])}, "offset": LA(str(R.randint(1000, 99999999)))}}
    if kind == "ssh":
        msg = f"Failed password for invalid user {ch(['admin', 'oracle', 'ubuntu', 'test'])} from {src} port {port} ssh2"
        doc.update({"event": {"kind": "event", "category": ["authentication"], "outcome": "failure", "action": "ssh_login"},
                    "source": {"ip": src, "port": port, "geo": {"country_iso_code": cc_, "location": {"lat": float(LA(f'{R.uniform(-40, 60):.4f}')), "lon": float(LA(f'{R.uniform(-80, 140):.4f}'))}}},
                    "process": {"name": "sshd", "pid": int(LA(str(R.randint(300, 65000))))}, "message": msg})
    else:
        doc.update({"event": {"kind": "event", "category": ["web"] if kind == "web" else ["authentication"],
                              "outcome": ch(["success", "failure"]), "duration": int(LA(str(R.randint(100000, 9000000))))},
                    "source": {"ip": src, "port": port},
                    "destination": {"port": int(la_port())},
                    "user": {"name": LA(f"u{dg(6)}"), "email": em(loc)},
                    "url": {"path": ch(["/api/v1/login", "/checkout", "/account/phone"]), "query": f"ref={LA(hx(12))}"},
                    "user_agent": {"original": ch(UAS)},
                    "message": f"{ch(['login', 'profile update', 'password reset'])} for {ch(['customer', 'user'])} id={LA(dg(8))}"})
        if coin(0.4):
            doc["labels"] = {"contact_phone": P(e164(loc), PHONE) if coin(0.5) else ph(loc)}
    doc["host"] = {"hostname": ch(["web-03", "edge-ams-2", "api-7", "bastion"]), "ip": [v4("p10"), v6("ll")] if coin(0.2) else [LA("web-03.internal")],
                   "mac": [la_mac("-").upper()], "os": {"kernel": ch(["6.1.0-18-amd64", "5.15.0-97-generic"])}}
    doc["agent"] = {"type": "filebeat", "version": ch(["8.11.3", "8.12.2"]), "id": la_uuid()}
    return jd(doc, pretty=coin(0.3))


def f_exim():
    loc = ch(["cs", "hu", "fi", "el", "za", "nz", "ru", "tr", "he", "sv", "da"])
    d = rdate()
    out = []
    for _ in range(1):
        mid = LA(f"1r{alnum(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}-{alnum(6, '0123456789ABCDEF')}-{alnum(2, 'ABCDEFGH0123456789')}")
        ts = lambda: LA(d.strftime("%Y-%m-%d %H:%M:%S"))
        frm_dom = ch(CORP[loc] + FREEMAIL[loc])
        out.append(f"{ts()} {mid} <= {em(loc)} H={ch(['mail', 'smtp', 'mx'])}.{frm_dom} [{anyip(0.25)}]:{R.randint(1024, 65535)} "
                   f"P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S={R.randint(900, 90000)} id={la_msgid(frm_dom)}")
        for _ in range(1):
            dom = ch(CORP[loc])
            out.append(f"{ts()} {mid} {ch(['=>', '->'])} {em(loc, corp=True)} R=dnslookup T=remote_smtp H=mx{R.randint(1, 3)}.{dom} "
                       f"[{anyip(0.3)}] X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=yes C=\"250 2.0.0 Ok: queued as {hx(10).upper()}\"")
        out.append(f"{ts()} {mid} Completed")
    if coin(0.4):
        spam = P(f"{ch(['noreply', 'promo', 'info', 'win'])}{R.randint(1, 999)}@{ch(['promo-deal.top', 'bulkmail.xyz', 'cheap-meds.click'])}", EMAIL)
        out.append(f"{LA(d.strftime('%Y-%m-%d %H:%M:%S'))} H=({ch(['ylmf-pc', 'User', 'win-' + alnum(6)])}) [{v4('pub')}]:{R.randint(1024, 65535)} "
                   f"F=<{spam}> rejected RCPT <{em(loc, corp=True)}>: "
                   f"{ch(['relay not permitted', 'Sender verify failed', 'rejected because ' + 'listed at zen.spamhaus.org'])}")
    return "\n".join(out)


def f_ssh():
    loc = ch(["cs", "fi", "sv", "no", "hu", "za", "nz", "sg", "el", "he"])
    out = []
    if coin(0.6):
        for _ in range(R.randint(2, 4)):
            k = ch(["plain", "port", "v6", "hashed", "hostonly"])
            key = ch([("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAI" + b64(43)), ("ecdsa-sha2-nistp256", "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB" + b64(86) + "="),
                      ("ssh-rsa", "AAAAB3NzaC1yc2EAAAADAQABAAABgQC" + b64(120))])
            host = f"{ch(['git', 'bastion', 'db1', 'build', 'backup'])}.{ch(CORP[loc])}"
            if k == "plain":
                out.append(f"{host},{v4(ch(['p10', 'pub']))} {key[0]} {key[1]}")
            elif k == "port":
                out.append(f"[{host}]:{R.randint(2200, 2299)},[{v4('pub')}]:{R.randint(2200, 2299)} {key[0]} {key[1]}")
            elif k == "v6":
                out.append(f"{v6(ch(['glob', 'doc', 'ula']))} {key[0]} {key[1]}")
            elif k == "hashed":
                out.append(f"|1|{b64(27)}=|{b64(27)}= {key[0]} {key[1]}")
            else:
                out.append(f"{host} {key[0]} {key[1]}")
        return "\n".join(out)
    out.append(f"# ~{ch(['deploy', 'git', 'backup'])}/.ssh/authorized_keys on {ch(['web-01', 'ci-02', 'nas'])} -- managed by ansible, do not edit")
    for _ in range(R.randint(2, 3)):
        k = ch(["from", "plain", "cmd", "comment_host"])
        key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64(43)
        if k == "from":
            out.append(f"from=\"{v4('pub')}/32,{v6(ch(['doc', 'glob']))}/128\",no-port-forwarding,no-agent-forwarding {key} {em(loc, corp=True)}")
        elif k == "plain":
            out.append(f"{key} {em(loc)}")
        elif k == "cmd":
            out.append(f"command=\"/usr/local/bin/rrsync -ro /srv/backup\",from=\"{v4('p10')}\",restrict {key} {LA(ch(['backup@nas01', 'root@pve2', 'ci@runner-7']))}")
        else:
            out.append(f"{key} {LA(ch(['jenkins@build-03', 'ops@jump', 'pi@raspberrypi']))}")
    return "\n".join(out)


def f_iptables():
    loc = ch(["cs", "hu", "el", "tr", "ru", "fi", "za", "nz", "he"])
    v6only = coin(0.3)
    d = rdate()
    tool = "ip6tables-save" if v6only else "iptables-save"
    out = [f"# Generated by {tool} v1.8.{ch('79')} on {LA(d.strftime('%a %b %d %H:%M:%S %Y'))}", "*filter",
           ":INPUT DROP [0:0]", ":FORWARD DROP [0:0]", f":OUTPUT ACCEPT [{LA(str(R.randint(100, 999999)))}:{R.randint(10000, 99999999)}]",
           "-A INPUT -i lo -j ACCEPT", "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"]
    ipf = (lambda: v6(ch(["glob", "doc"]))) if v6only else (lambda: v4("pub"))
    net = (lambda: v6("ula")) if v6only else (lambda: v4("p10"))
    pre = "/128" if v6only else "/32"
    who = person(loc)
    out.append(f"-A INPUT -s {ipf()}{pre} -p tcp -m tcp --dport {ch(['22', '2222'])} -m comment --comment \"jump host {fold(who[0]) if loc not in ('el', 'he', 'ru') else who[1]}, "
               f"on-call {ph(loc)}\" -j ACCEPT")
    if coin(0.5):
        out.append(f"-A INPUT -s {net()}{'/64' if v6only else '/32'} -p udp -m udp --dport 161 -j ACCEPT")
    out.append(f"-A INPUT -p tcp -m tcp --dport 443 -m limit --limit {R.randint(10, 60)}/minute --limit-burst {R.randint(50, 200)} -j ACCEPT")
    out.append(f"-A INPUT -s {ipf()}{pre} -m comment --comment \"abuse {la_ticket()} reported by {em(loc, corp=True)}\" -j DROP")
    if coin(0.5):
        out.append(f"-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m mark --mark 0x{R.randint(1, 64):x}/0xff -j LOG --log-prefix \"[fw-drop] \"")
    out.append("COMMIT")
    if not v6only and coin(0.4):
        out += ["*nat", ":PREROUTING ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]",
                f"-A PREROUTING -d {v4('doc')}/32 -p tcp -m tcp --dport {R.randint(8000, 9000)} -j DNAT --to-destination {v4('p192')}:{la_port()}",
                "-A POSTROUTING -o eth0 -j MASQUERADE", "COMMIT"]
    out.append(f"# Completed on {LA(d.strftime('%a %b %d %H:%M:%S %Y'))}")
    return "\n".join(out)


def f_pf():
    loc = ch(["nl", "be", "ch", "at", "da", "no", "fi", "sg", "nz"])
    trusted = [v4("pub") + "/32"] + ([v6("glob")] if coin(0.5) else [v4("doc")] if coin(0.5) else [])
    out = [f"# /etc/pf.conf -- {ch(['edge', 'fw1', 'gw-office'])} (OpenBSD {ch(['7.4', '7.5'])})",
           f"# owner: {em(loc, corp=True)}  escalation: {ph(loc)}" if coin(0.6) else "# owner: netops",
           "ext_if = \"em0\"", "int_if = \"em1\"",
           f"table <trusted> persist {{ {', '.join(trusted)} }}",
           "table <bruteforce> persist", "set skip on lo", "set block-policy drop",
           "match in all scrub (no-df random-id max-mss 1440)",
           "block in quick from <bruteforce>",
           f"pass in on $ext_if proto tcp from <trusted> to ($ext_if) port {{ 22 {R.randint(2200, 2299)} }} keep state \\",
           f"    (max-src-conn {R.randint(5, 30)}, max-src-conn-rate {R.randint(3, 9)}/{R.randint(2, 30)}, overload <bruteforce> flush global)",
           "pass out on $ext_if inet proto udp to port 53",
           f"rdr pass on $ext_if inet proto tcp to port {R.randint(8000, 8999)} -> {v4('p10')} port {la_port()}",
           f"pass in on $ext_if inet6 proto icmp6 from {v6('ll')} icmp6-type {{ echoreq neighbrsol neighbradv }}" if coin(0.5) else
           f"antispoof quick for $int_if inet"]
    return "\n".join(out)


def f_dhcpd():
    out = [f"# The format of this file is documented in the dhcpd.leases(5) manual page.",
           f"# This lease file was written by isc-dhcp-4.4.{ch('123')}", "",
           f"server-duid \"\\000\\001\\000\\001{LA(hx(8))}\";", ""]
    six = coin(0.3)
    for _ in range(R.randint(1, 3)):
        d = rdate()
        e = d + dt.timedelta(hours=R.choice([12, 24, 8]))
        w = (d.weekday() + 1) % 7
        st = LA(f"{w} {d.strftime('%Y/%m/%d %H:%M:%S')}")
        if six:
            out += [f"ia-na \"{LA(hx(4))}\\000\\001\\000\\001{hx(6)}\" {{", f"  cltt {st};",
                    f"  iaaddr {v6(ch(['glob', 'doc', 'ula']))} {{", "    binding state active;", f"    preferred-life {R.choice([3600, 7200, 27000])};",
                    f"    max-life {R.choice([7200, 43200])};", f"    ends {(e.weekday() + 1) % 7} {e.strftime('%Y/%m/%d %H:%M:%S')};", "  }", "}"]
        else:
            out += [f"lease {v4(ch(['p192', 'p10', 'p172']))} {{", f"  starts {st};", f"  ends {(e.weekday() + 1) % 7} {e.strftime('%Y/%m/%d %H:%M:%S')};",
                    f"  cltt {st};", "  binding state active;", "  next binding state free;", "  rewind binding state free;",
                    f"  hardware ethernet {la_mac(':').lower()};", f"  uid \"\\001{LA(hx(6))}\";",
                    f"  set vendor-class-identifier = \"{ch(['android-dhcp-14', 'MSFT 5.0', 'udhcp 1.36.1', 'dhcpcd-9.4.1:Linux-6.1.21-v8+:aarch64:Raspberry Pi 4 Model B Rev 1.4'])}\";",
                    f"  client-hostname \"{ch(['Galaxy-S23', 'DESKTOP-' + alnum(7), 'iPhone', 'printer-2f', 'raspberrypi'])}\";", "}"]
    return "\n".join(out)


def f_netcfg():
    loc = ch(["fi", "nl", "cs", "hu", "za", "sg", "nz", "el", "mx", "tr"])
    if coin(0.5):
        out = [f"!Command: show running-config", f"!Running configuration last done at: {LA(rdate().strftime('%a %b %d %H:%M:%S %Y'))}",
               f"version {ch(['9.3(10)', '10.2(6)', '10.3(4a)'])} Bios:version {LA(f'{R.randint(5, 9):02d}.{R.randint(10, 60)}')}",
               f"hostname {ch(['core-sw01', 'dc2-leaf-07', 'agg-hel-1'])}", "!",
               f"snmp-server contact NOC {ph(loc)}" if coin(0.5) else f"snmp-server contact {em(loc, corp=True)}",
               f"snmp-server location DC{R.randint(1, 4)} Rack {ch('ABCD')}{R.randint(1, 20):02d}",
               f"ntp server {v4('pub')} use-vrf management" if coin(0.5) else "feature ntp",
               f"logging server {v4('p10')} 6 use-vrf management" if coin(0.5) else "logging level local7 6",
               "!", f"interface Ethernet1/{R.randint(1, 48)}", f"  description Uplink ISP circuit {LA(f'{dg(4)}-{dg(4)}-XC')}",
               f"  ip address {v4('doc')}/30", f"  ipv6 address {v6('doc')}/64" if coin(0.4) else "  mtu 9216", "  no shutdown", "!",
               f"username admin password 5 $5${b64(8)}${b64(43)}  role network-admin"]
        return "\n".join(out)
    host = ch(["edge-ams-01", "pe1-bud", "mx204-jnb", "srx-akl-2"])
    out = [f"set version {la_version()}", f"set system host-name {host}"]
    opt = [
        lambda: "set system login message \"Unauthorized access prohibited. NOC: " + ph(loc) + "\"",
        lambda: f"set system name-server {v4('pub')}", lambda: f"set system ntp server {v4('pub')}",
        lambda: f"set system syslog host {v4('p10')} any notice",
        lambda: f"set interfaces ge-0/0/{R.randint(0, 9)} description \"transit {ch(['Telia', 'Cogent', 'Liquid'])} cid {LA(dg(9))}\"",
        lambda: f"set interfaces ge-0/0/0 unit 0 family inet address {v4('doc')}/31",
        lambda: f"set interfaces ge-0/0/0 unit 0 family inet6 address {v6('doc')}/127",
        lambda: f"set protocols bgp group TRANSIT neighbor {v4('doc')} peer-as {LA(str(R.randint(64512, 65534)))}",
        lambda: "set snmp contact \"" + em(loc, corp=True) + "\"",
        lambda: f"set snmp community {LA(alnum(12, 'abcdefghijkmnpqrstuvwxyz23456789'))} clients {v4('p10')}/32"]
    return "\n".join(out + [x() for x in opt if coin(0.5)])


def f_wireguard():
    loc = ch(["fi", "sv", "no", "cs", "hu", "nz", "sg", "za", "he", "el"])
    who = person(loc)
    out = ["[Interface]", f"# {fold(who[0]) if loc not in ('el', 'he') else who[1].title() + ' ' + who[2].title()} <" + em(loc, who) + f">, laptop {LA(alnum(8))}",
           f"PrivateKey = {b64(43)}=", f"Address = {v4('p10')}/32" + (f", {v6('ula')}/128" if coin(0.4) else ""),
           f"DNS = {v4('p10')}" if coin(0.3) else "# DNS pushed by the server", f"ListenPort = {la_port() if coin(0.3) else '51820'}", "", "[Peer]",
           f"PublicKey = {b64(43)}=", f"PresharedKey = {b64(43)}=",
           f"Endpoint = {v4('pub')}:51820" if coin(0.6) else f"Endpoint = [{v6('glob')}]:51820",
           "AllowedIPs = " + P(f"10.{R.randint(0, 255)}.0.0", IP) + "/16",
           f"PersistentKeepalive = {ch(['15', '25'])}"]
    return "\n".join(out)


def f_zeek():
    d = rdate()
    out = ["#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-", "#path\tconn",
           f"#open\t{LA(d.strftime('%Y-%m-%d-%H-%M-%S'))}",
           "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\thistory",
           "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tstring"]
    t = d.timestamp()
    for _ in range(R.randint(1, 3)):
        t += R.random() * 30
        six = coin(0.2)
        out.append("\t".join([LA(f"{t:.6f}"), LA("C" + alnum(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")),
                              v6() if six else v4(ch(["p10", "p192"])), str(R.randint(1024, 65535)),
                              v6("glob") if six else v4("pub"), la_port(), ch(["tcp", "udp"]),
                              ch(["ssl", "dns", "http", "-", "ssh"]), f"{R.random() * 40:.6f}", str(R.randint(0, 90000)),
                              str(R.randint(0, 900000)), ch(["SF", "S0", "REJ", "RSTO", "OTH"]), ch(["ShADadFf", "S", "Dd", "ShADTadtFf"])]))
    out.append(f"#close\t{LA((d + dt.timedelta(hours=1)).strftime('%Y-%m-%d-%H-%M-%S'))}")
    return "\n".join(out)


def f_suricata():
    loc = ch(["cs", "tr", "vi", "id", "th", "za", "mx", "co", "ru", "hu"])
    kind = ch(["alert", "alert", "smtp", "dns"])
    d = rdate()
    ev = {"timestamp": LA(d.strftime("%Y-%m-%dT%H:%M:%S.") + dg(6) + ch(["+0100", "+0700", "-0500", "+0300"])),
          "flow_id": int(LA(str(R.randint(1000000000000000, 1999999999999999)))), "in_iface": ch(["eth1", "ens192", "igb0"]),
          "event_type": kind, "src_ip": anyip(0.15), "src_port": R.randint(1024, 65535), "dest_ip": v4(ch(["p10", "pub"])),
          "dest_port": 25 if kind == "smtp" else 53 if kind == "dns" else R.choice([80, 443, 8080, 3389]),
          "proto": "UDP" if kind == "dns" else "TCP"}
    if kind == "alert":
        ev["alert"] = {"action": ch(["allowed", "blocked"]), "gid": 1, "signature_id": int(LA(str(R.randint(2000000, 2050000)))), "rev": R.randint(1, 9),
                       "signature": ch(["ET SCAN Suspicious inbound to MSSQL port 1433", "ET POLICY Possible Kali Linux hostname in DHCP Request Packet",
                                        "ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT", "ET INFO Observed DNS Query to .top TLD"]),
                       "category": ch(["Attempted Information Leak", "Potential Corporate Privacy Violation", "Web Application Attack"]), "severity": R.randint(1, 3)}
        ev["http"] = {"hostname": ch(CORP[loc]), "url": f"/login.php?user={LA(str(R.randint(1000, 99999)))}&id=1%27%20UNION%20SELECT",
                      "http_user_agent": ch(["sqlmap/1.8#stable (https://sqlmap.org)", "curl/8.4.0", "python-requests/2.31.0"]),
                      "http_method": ch(["GET", "POST"]), "protocol": "HTTP/1.1", "status": ch([200, 403, 500]), "length": R.randint(100, 9000)}
        ev["app_proto"] = "http"
    elif kind == "smtp":
        ev["smtp"] = {"helo": ch(["mail." + ch(CORP[loc]), "[" + "localhost" + "]"]), "mail_from": "<" + em(loc) + ">",
                      "rcpt_to": ["<" + em(loc, corp=True) + ">"] + (["<" + em(loc, corp=True) + ">"] if coin(0.4) else [])}
        ev["email"] = {"status": "PARSE_DONE", "subject": ch(["Faktura", "Invoice overdue", "Sipariş onayı", "Hóa đơn"]) + " " + la_invoice()}
    else:
        ev["dns"] = {"version": 2, "type": "answer", "id": R.randint(1, 65535), "rrname": ch(CORP[loc]), "rrtype": "A", "rcode": "NOERROR",
                     "answers": [{"rrname": ch(CORP[loc]), "rrtype": "A", "ttl": R.randint(30, 3600), "rdata": v4("pub")}]}
    return jd(ev)


def f_radius():
    loc = ch(["hu", "cs", "fi", "el", "tr", "za", "id", "vi", "ke", "mx"])
    d = rdate()
    mobile = coin(0.5)
    out = [LA(d.strftime("%a %b %d %H:%M:%S %Y").replace(" 0", "  ")),
           f"\tAcct-Session-Id = \"{LA(hx(8, True) + '-' + dg(8))}\"", f"\tAcct-Status-Type = {ch(['Start', 'Interim-Update', 'Stop'])}",
           f"\tUser-Name = \"{LA('cust' + dg(7)) if not mobile else LA(dg(15))}\"", f"\tNAS-IP-Address = {v4('p10')}" if coin(0.6) else "\tNAS-Identifier = \"bng-01\"",
           f"\tNAS-Port = {LA(str(R.randint(1, 60000)))}", f"\tFramed-IP-Address = {v4(ch(['cgnat', 'pub']))}"]
    if coin(0.35):
        out.append(f"\tFramed-IPv6-Address = {v6('glob')}")
    if mobile:
        msisdn = e164(loc)[1:]
        out.append(f"\tCalling-Station-Id = \"{P(msisdn, PHONE)}\"")
        out.append(f"\t3GPP-IMSI = \"{LA(ch(['216', '230', '244', '202', '286', '655', '510', '452', '639', '334']) + dg(12))}\"")
        out.append(f"\t3GPP-IMEISV = \"{LA(dg(16))}\"" if coin(0.5) else f"\t3GPP-SGSN-Address = {v4('p10')}")
    else:
        out.append(f"\tCalling-Station-Id = \"{la_mac('-').upper()}\"")
        out.append(f"\tCalled-Station-Id = \"{la_mac('-').upper()}:{ch(['eduroam', 'CORP-WIFI', 'Guest'])}\"")
    out += [f"\tAcct-Input-Octets = {LA(str(R.randint(1000, 999999999)))}", f"\tAcct-Output-Octets = {R.randint(1000, 999999999)}",
            f"\tAcct-Session-Time = {R.randint(1, 86400)}", f"\tEvent-Timestamp = \"{LA(d.strftime('%b %d %Y %H:%M:%S UTC'))}\"",
            f"\tTimestamp = {LA(str(int(d.timestamp())))}"]
    return "\n".join(out)


def f_kv_store():
    loc = ch(["cs", "hu", "fi", "el", "tr", "ru", "he", "za", "co", "ar", "th", "vi"])
    if coin(0.45):
        out = []
        for i in range(R.randint(1, 3)):
            six = coin(0.2)
            addr = ("[" + v6(ch(["glob", "ula", "lo"])) + "]") if six else v4(ch(["p10", "p172"]))
            out.append(f"id={R.randint(3, 99999)} addr={addr}:{R.randint(1024, 65535)} laddr=*:6379 fd={R.randint(7, 900)} "
                       f"name={ch(['worker-7', 'celery', 'sidekiq', ''])} age={R.randint(0, 90000)} idle={R.randint(0, 300)} flags=N db={R.randint(0, 15)} "
                       f"sub=0 psub=0 ssub=0 multi=-1 qbuf={R.randint(0, 40)} qbuf-free={R.randint(0, 40000)} argv-mem={R.randint(0, 30)} "
                       f"tot-mem={LA(str(R.randint(10000, 99999)))} events=r cmd={ch(['client|list', 'get', 'hgetall', 'xreadgroup'])} user=default "
                       f"lib-name={ch(['redis-py', 'go-redis', 'ioredis'])} lib-ver={LA(f'{R.randint(4, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}')}")
        return f"{ch(['redis-prod', 'cache-01', 'sessions'])}:6379> CLIENT LIST\n" + "\n".join(out)
    who = person(loc)
    docs = []
    for _ in range(1 if coin(0.7) else 2):
        who = person(loc)
        docs.append("  {\n"
                    f"    _id: ObjectId('{LA(hx(24))}'),\n"
                    f"    name: '{who[0]}',\n"
                    f"    email: '" + em(loc, who) + "',\n"
                    f"    phone: '" + (ph(loc) if coin(0.6) else "") + "',\n"
                    f"    lastLoginIp: '" + anyip(0.2) + "',\n"
                    f"    createdAt: ISODate('{la_ts('isoz')}'),\n"
                    f"    loyalty: {{ tier: '{ch(['gold', 'silver', 'basic'])}', points: Long('{LA(str(R.randint(100, 99999)))}') }}\n"
                    "  }")
    coll = ch(["users", "customers", "accounts"])
    return f"{ch(['test', 'shop', 'crm'])}> db.{coll}.find({{ lastLoginIp: {{ $exists: true }} }}).limit({len(docs)})\n[\n" + ",\n".join(docs) + "\n]"


def f_logcat():
    loc = ch(["sg", "id", "th", "vi", "zh", "tr", "ru", "he", "el", "za", "mx"])
    d = rdate()
    out = []
    pid = R.randint(1000, 9000)
    def ts():
        nonlocal d
        d += dt.timedelta(milliseconds=R.randint(5, 4000))
        return LA(d.strftime("%m-%d %H:%M:%S.") + f"{d.microsecond // 1000:03d}")
    out.append(f"{ts()}  {pid}  {pid + R.randint(10, 400)} I ConnectivityService: NetworkAgentInfo [WIFI () - {R.randint(100, 199)}] validation passed")
    out.append(f"{ts()}  {pid}  {pid + R.randint(10, 400)} D DhcpClient: Received packet: {la_mac(':').lower()} ACK: your new IP /{v4('p192')}, "
               f"prefixLength 24, lease time {R.choice([3600, 43200, 86400])}")
    if coin(0.3):
        out.append(f"{ts()}  {pid}  {pid + R.randint(10, 400)} I IpClient/wlan0: interfaceParams: InterfaceParams{{ Index: {R.randint(10, 40)} "
                   f"MacAddr: {la_mac(':').lower()} }} LinkAddress: {v6('ll')}/64")
    app = R.randint(10000, 30000)
    out.append(f"{ts()}  {app}  {app + R.randint(10, 90)} W AccountSync: sync failed for Account {{name=" + em(loc) +
               f", type=com.google}}: {ch(['AUTH_ERROR', 'IOException: timeout after 30000ms'])}")
    if coin(0.5):
        out.append(f"{ts()}  {app}  {app + R.randint(10, 90)} I SmsReceiver: incoming message from {P(e164(loc), PHONE)} len={R.randint(20, 160)} "
                   f"subId={R.randint(1, 3)} ts={la_ts('epochms')}")
    out.append(f"{ts()}  {app}  {app} E OkHttp: <-- HTTP FAILED: java.net.SocketTimeoutException: failed to connect to "
               f"api.{ch(CORP[loc])}/{v4('pub')} (port 443) after 10000ms")
    return "\n".join(out)


def f_edge():
    loc = ch(["vi", "id", "th", "zh", "sg", "tr", "cs", "hu", "mx", "co", "ar", "za"])
    if coin(0.5):
        ev = {"ClientIP": anyip(0.3), "ClientRequestHost": "shop." + ch(CORP[loc]), "ClientRequestMethod": ch(["GET", "POST"]),
              "ClientRequestURI": ch(["/api/checkout", "/account/login", "/search?q=" + LA(str(R.randint(10000, 99999)))]),
              "EdgeEndTimestamp": int(LA(str(int(rdate().timestamp())) + dg(9))), "EdgeResponseBytes": R.randint(300, 90000),
              "EdgeResponseStatus": ch([200, 302, 403, 429]), "EdgeStartTimestamp": la_ts("isoz"), "RayID": LA(hx(16)),
              "ClientCountry": {"vi": "vn", "id": "id", "th": "th", "zh": "cn", "sg": "sg", "tr": "tr", "cs": "cz", "hu": "hu",
                                "mx": "mx", "co": "co", "ar": "ar", "za": "za"}[loc], "ClientASN": int(LA(str(R.randint(1000, 150000)))),
              "ClientRequestUserAgent": ch(UAS), "OriginIP": v4("pub") if coin(0.4) else "", "WAFAction": ch(["unknown", "block", "challenge"])}
        if coin(0.4):
            ev["ClientRequestReferer"] = f"https://{ch(CORP[loc])}/p/{LA(dg(9))}"
        return jd(ev)
    body = json.dumps({"email": em(loc), "phone": ph(loc), "marketing": coin(0.5)}, ensure_ascii=False)
    entry = {"startedDateTime": la_ts("isoz"), "time": round(R.uniform(20, 900), 3),
             "request": {"method": "POST", "url": f"https://api.{ch(CORP[loc])}/v2/register", "httpVersion": "h2",
                         "headers": [{"name": "content-type", "value": "application/json"},
                                     {"name": "x-forwarded-for", "value": v4("pub")},
                                     {"name": "x-request-id", "value": la_uuid()}],
                         "postData": {"mimeType": "application/json", "text": body}},
             "response": {"status": ch([201, 400, 409]), "statusText": "", "httpVersion": "h2",
                          "content": {"size": R.randint(40, 900), "mimeType": "application/json"}},
             "serverIPAddress": ch(["[" + v6("glob") + "]", v4("pub")]), "connection": str(R.randint(100, 999)),
             "timings": {"blocked": round(R.random() * 5, 3), "dns": -1, "connect": -1, "send": 0.2, "wait": round(R.uniform(20, 800), 3), "receive": 0.9}}
    return jd({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": [entry]}}, pretty=True)


def f_nmap():
    d = int(rdate().timestamp())
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<nmaprun scanner="nmap" args="nmap -sS -O -oX - {P(f"192.168.{R.randint(0, 99)}.0", IP)}/24" start="{LA(str(d))}" version="7.94" xmloutputversion="1.05">']
    for _ in range(R.randint(1, 3)):
        out.append(f'<host starttime="{d}" endtime="{d + R.randint(1, 30)}"><status state="up" reason="arp-response" reason_ttl="0"/>')
        out.append(f'<address addr="{v4("p192")}" addrtype="ipv4"/>')
        if coin(0.3):
            out.append(f'<address addr="{v6("ll")}" addrtype="ipv6"/>')
        out.append(f'<address addr="{la_mac(":").upper()}" addrtype="mac" vendor="{ch(["Hewlett Packard", "Raspberry Pi Trading", "Ubiquiti", "Synology"])}"/>')
        out.append(f'<hostnames><hostname name="{ch(["printer-2f", "nas", "ap-lobby", "cam-07"])}.lan" type="PTR"/></hostnames>')
        p = la_port()
        out.append(f'<ports><port protocol="tcp" portid="{p}"><state state="open" reason="syn-ack" reason_ttl="64"/>'
                   f'<service name="{ch(["http", "ssh", "jetdirect", "microsoft-ds"])}" method="table" conf="3"/></port></ports>')
        out.append(f'<times srtt="{R.randint(300, 9000)}" rttvar="{R.randint(100, 5000)}" to="100000"/>')
        out.append("</host>")
    out.append(f'<runstats><finished time="{d + 40}" elapsed="{R.uniform(2, 60):.2f}" exit="success"/>'
               f'<hosts up="{R.randint(1, 12)}" down="{R.randint(200, 254)}" total="256"/></runstats>')
    out.append("</nmaprun>")
    return "\n".join(out)


def f_windhcp():
    out = ["ID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name, TransactionID, QResult,Probationtime, "
           "CorrelationID,Dhcid,VendorClass(Hex),VendorClass(ASCII),UserClass(Hex),UserClass(ASCII),RelayAgentInformation,DnsRegError."]
    d = rdate()
    for _ in range(R.randint(2, 5)):
        d += dt.timedelta(seconds=R.randint(3, 900))
        code, desc = ch([("10", "Assign"), ("11", "Renew"), ("12", "Release"), ("13", "DNS Update Request"), ("30", "DNS Update Request")])
        dom = ch(["corp.example.local", "ad.kestrel.io", "hq.dunaparts.hu"])
        out.append(",".join([code, LA(d.strftime("%m/%d/%y")), d.strftime("%H:%M:%S"), desc, v4(ch(["p10", "p172"])),
                             f"{ch(['LAPTOP-', 'DESKTOP-', 'WS-'])}{alnum(7)}.{dom}", la_mac("").upper(), "", LA(str(R.randint(100000000, 4294967295))),
                             "0", "", "", "", "0x4D53465420352E30" if coin(0.6) else "", "MSFT 5.0" if coin(0.6) else "", "", "", "", "0"]))
    return "\n".join(out)


# ============================================================================ shapes: chats
def mpesa_code():
    return LA(alnum(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))


def cn_uscc():
    return LA("91" + ch(["110105", "310115", "440300", "330100"]) + alnum(9, "0123456789ABCDEFGHJKLMNPQRTUWXY") + alnum(1, "0123456789"))


def ru_inn():
    return LA(str(R.randint(10, 99)) + dg(8))


CHAT_ROLES = {
    "es": ("Cliente", "Agente"), "tr": ("Müşteri", "Temsilci"), "vi": ("Khách hàng", "CSKH"), "id": ("Pelanggan", "CS"),
    "sw": ("Mteja", "Wakala"), "el": ("Πελάτης", "Εκπρόσωπος"), "cs": ("Zákazník", "Operátor"), "hu": ("Ügyfél", "Ügyintéző"),
    "fi": ("Asiakas", "Asiakaspalvelu"), "he": ("לקוח", "נציג"), "ru": ("Клиент", "Оператор"), "zh": ("客户", "客服"),
    "th": ("ลูกค้า", "พนักงาน"),
}


def chat_lines(lang):
    """Returns (loc, [(who, msg)]) for a support conversation; who in {'c', 'a'}."""
    if lang == "es":
        l = ch(["mx", "ar", "co"])
        cel = {"mx": "celular", "ar": "celu", "co": "celular"}[l]
        if coin(0.5):
            return l, [("c", f"Hola, buenas tardes. Hice el pedido {la_order('#')} el {la_date('%d/%m')} y todavía no me llega 😕"),
                       ("a", "Lamento la demora. ¿Me confirma un teléfono de contacto, por favor?"),
                       ("c", f"Sí, es el {ph(l)}, o si prefiere escríbame a {em(l)}"),
                       ("a", f"Gracias. Su guía es {la_tracking()} y el código postal registrado es {la_postcode(l)}. ¿Es correcto?"),
                       ("c", f"El CP está bien, pero cambié de {cel}: ahora es {ph(l)}. El anterior ya no lo uso."),
                       ("a", f"Listo, actualizado. Su número de caso es {la_ticket()}.")]
        return l, [("c", f"Buen día, me cobraron dos veces la suscripción ({la_amount(l)} cada una)."),
                   ("a", "¿Me indica los últimos 4 dígitos de la tarjeta?"),
                   ("c", f"Termina en {LA(dg(4))}. Bueno, es esta: {cc(ch(['visa', 'mc']))} — ¿la pueden buscar así?"),
                   ("a", f"Por seguridad no comparta el número completo por chat. Ya ubiqué los cargos; folio de reembolso {LA('RF-' + dg(8))}."),
                   ("c", f"Ok. Cualquier cosa mi WhatsApp es {ph(l)}.")]
    if lang == "tr":
        if coin(0.5):
            return "tr", [("c", f"Merhaba, {la_order('')} numaralı siparişim hâlâ kargoya verilmedi."),
                          ("a", "Merhaba, kontrol ediyorum. Sistemde kayıtlı numaranız hangisi?"),
                          ("c", f"{ph('tr')} ama iş yerinde {ph('tr', 'paren')} numarasından da ulaşabilirsiniz."),
                          ("a", f"Teşekkürler. Kargo takip no: {la_tracking()}, tahmini teslim {la_date('%d.%m.%Y')}.")]
        return "tr", [("c", f"İade tutarını hangi hesaba yatıracaksınız? IBAN'ım {ib('TR')}"),
                      ("a", f"Aldım, {la_amount('tr')} iade talebi oluşturuldu. Talep no {la_ticket()}. Onay e-postası {em('tr')} adresine gidecek."),
                      ("c", f"T.C. kimlik numaram lazım mı? {natid('tr')}"),
                      ("a", "Hayır, kimlik numaranızı paylaşmanıza gerek yok 🙏")]
    if lang == "vi":
        if coin(0.5):
            return "vi", [("c", f"Chào shop, mình đặt đơn {la_order('')} hôm {la_date('%d/%m')} mà chưa nhận được hàng."),
                          ("a", "Dạ em chào anh/chị. Anh/chị vui lòng cho em xin số điện thoại đặt hàng ạ."),
                          ("c", f"Số {ph('vi')} nha em. Email {em('vi')}"),
                          ("a", f"Em đã kiểm tra, mã vận đơn {la_tracking()}, dự kiến giao trong 2-3 ngày. Tổng tiền {la_amount('vi')}.")]
        return "vi", [("c", f"Shop ơi chuyển khoản rồi mà đơn vẫn báo chưa thanh toán. Số TK của mình {la_acct('vi')}, nội dung {LA('DH' + dg(7))}."),
                      ("a", f"Dạ anh/chị gửi giúp em ảnh biên lai qua Zalo {ph('vi')} hoặc email {role_email('vi', 'cskh')} ạ."),
                      ("c", f"Ok, mình gửi từ số {ph('vi')} nhé.")]
    if lang == "id":
        if coin(0.5):
            return "id", [("c", f"Halo kak, pesanan saya {la_order('')} belum sampai juga 🙏"),
                          ("a", "Mohon maaf atas ketidaknyamanannya, kak. Boleh minta nomor HP yang terdaftar?"),
                          ("c", f"{ph('id')} kak, atau WA ke {ph('id')}. Email saya {em('id')}"),
                          ("a", f"Terima kasih kak. Nomor resi {la_tracking()}, estimasi tiba {la_date('%d-%m-%Y')}. Total {la_amount('id')}.")]
        who = person("id")
        return "id", [("c", f"Kak, saya mau refund. NIK saya {natid('id')} perlu dikirim?"),
                      ("a", "Tidak perlu kak, mohon jangan bagikan NIK di chat. Cukup nomor pesanan saja."),
                      ("c", f"Oke. Pesanan {la_order('INV/')}, refund ke rekening {la_acct('id')} a.n. {who[0]}."),
                      ("a", f"Siap kak, sudah kami proses. Notifikasi akan dikirim ke {em('id', who)}.")]
    if lang == "sw":
        if coin(0.5):
            return "ke", [("c", f"Habari, nimelipa kwa M-Pesa lakini huduma haijaunganishwa. Kumbukumbu ya muamala ni {mpesa_code()}."),
                          ("a", "Pole sana kwa usumbufu. Tafadhali nipe namba yako ya simu iliyosajiliwa."),
                          ("c", f"Ni {ph('ke')}. Barua pepe yangu ni {em('sw')}."),
                          ("a", f"Asante. Akaunti {LA(dg(9))} imesasishwa. Router yako sasa ina anwani ya IP {v4(ch(['cgnat', 'pub']))}, tafadhali iwashe upya.")]
        who = person("sw")
        return "ke", [("c", f"Nilituma kifurushi kwenda Arusha, namba ya ufuatiliaji {la_tracking()}. Mpokeaji ni {who[0]}, simu {ph('tz')}."),
                      ("a", f"Kifurushi kiko njiani, kitafika kesho kabla ya saa nane mchana. Gharama ilikuwa {la_amount('ke')}."),
                      ("c", f"Sawa. Kama kuna tatizo nipigie {ph('ke')} au niandikie {em('sw')}.")]
    if lang == "el":
        if coin(0.5):
            return "el", [("c", f"Καλησπέρα, έχω πρόβλημα με τη σύνδεση από χθες. Η διεύθυνση IP του ρούτερ είναι {v4(ch(['pub', 'cgnat']))}."),
                          ("a", "Λυπούμαστε για την ταλαιπωρία. Μπορείτε να μου δώσετε ένα τηλέφωνο επικοινωνίας;"),
                          ("c", f"Βεβαίως, {ph('el')} ή στο σταθερό {ph('el')}. Email: {em('el')}"),
                          ("a", f"Το αίτημά σας καταχωρήθηκε με αριθμό {la_ticket()}. Ένας τεχνικός θα σας καλέσει έως τις {R.randint(10, 19)}:00.")]
        return "el", [("c", f"Θέλω να αλλάξω τον λογαριασμό χρέωσης. Νέο IBAN: {ib('GR')}"),
                      ("a", f"Το καταχωρίσαμε. Παρακαλώ επιβεβαιώστε τον αριθμό παροχής {LA(dg(1) + ' ' + dg(8) + '-' + dg(2))}."),
                      ("c", f"Ναι, σωστός. Ο ΑΜΚΑ μου είναι {natid('el')} αν χρειάζεται."),
                      ("a", "Δεν χρειάζεται, ευχαριστούμε! Θα λάβετε επιβεβαίωση με SMS.")]
    if lang == "cs":
        if coin(0.5):
            return "cs", [("c", f"Dobrý den, objednávka č. {la_order('')} dorazila poškozená."),
                          ("a", f"Omlouváme se. Pošlete prosím fotky na {role_email('cs', 'reklamace')}."),
                          ("c", f"Pošlu. Volat mi můžete na {ph('cs')}, peníze prosím vraťte na účet {ib('CZ')}."),
                          ("a", f"Děkuji, reklamace {LA('RMA-' + dg(6))} je založena. Doručovací PSČ {la_postcode('cs')} souhlasí.")]
        return "cs", [("c", f"Zdravím, nejde mi přihlásit do e-shopu, píše to blokovaná IP {v4('pub')}."),
                      ("a", f"Odblokováno. Zkuste to prosím znovu, případně volejte {ph('cs')} (po–pá 8–17)."),
                      ("c", f"Funguje, díky! Ještě prosím změňte e-mail na {em('cs')}, ten starý ruším.")]
    if lang == "hu":
        if coin(0.5):
            return "hu", [("c", f"Jó napot! A {la_order('')} számú rendelésem még nem érkezett meg."),
                          ("a", "Elnézést kérünk! Milyen telefonszámon érhetjük el?"),
                          ("c", f"A {ph('hu')} számon, vagy e-mailben: {em('hu')}"),
                          ("a", f"Köszönöm. A csomag azonosítója {la_tracking()}, irányítószám {la_postcode('hu')}. Holnap 8 és 16 óra között érkezik.")]
        return "hu", [("c", f"A visszatérítést erre a számlára kérném: {ib('HU')}"),
                      ("a", f"Rendben. TAJ-számot nem kell megadnia. Az ügyszám: {la_ticket()}."),
                      ("c", f"Köszönöm! Sürgős esetben hívjanak a {ph('hu')} számon.")]
    if lang == "fi":
        if coin(0.5):
            return "fi", [("c", f"Hei, laskussa {la_invoice()} on virhe, minulta veloitettiin kahdesti."),
                          ("a", "Pahoittelut! Voisitteko vahvistaa puhelinnumeronne?"),
                          ("c", f"{ph('fi')}. Hyvitys tilille {ib('FI')}, kiitos."),
                          ("a", f"Selvä. Viitenumero on {LA(dg(5) + ' ' + dg(5) + ' ' + dg(2))}. Vahvistus lähtee osoitteeseen {em('fi')}.")]
        return "fi", [("c", f"Moi! Vaihdoin numeroa, uusi on {ph('fi')} – vanhaa {ph('fi')} ei enää käytetä."),
                      ("a", f"Päivitetty. Asiakasnumeronne on {LA(dg(8))} ja seuraava eräpäivä {la_date('%d.%m.%Y')}.")]
    if lang == "he":
        if coin(0.5):
            return "he", [("c", f"שלום, ההזמנה שלי מספר {la_order('')} עדיין לא הגיעה."),
                          ("a", "מצטערים על העיכוב. מה מספר הטלפון שלך?"),
                          ("c", f"{ph('he')}, והמייל {em('he')}"),
                          ("a", f"תודה, מספר הפנייה {la_ticket()}. השליח יתקשר מחר בין 9 ל-13.")]
        return "he", [("c", f"אני רוצה לעדכן את חשבון הבנק להחזר: {ib('IL')}"),
                      ("a", f"עודכן. לשלוח אישור גם לכתובת {em('he')}?"),
                      ("c", f"כן, ואם צריך אפשר להתקשר למספר {ph('he')}. ת.ז. {natid('he')}")]
    if lang == "ru":
        if coin(0.5):
            return "ru", [("c", f"Здравствуйте! Заказ №{la_order('')} до сих пор не доставлен."),
                          ("a", "Приносим извинения. Подскажите, пожалуйста, номер телефона, указанный при заказе."),
                          ("c", f"{ph('ru')}, почта {em('ru')}"),
                          ("a", f"Спасибо. Трек-номер {la_tracking()}, ожидаемая дата доставки {la_date('%d.%m.%Y')}. ИНН продавца {ru_inn()}.")]
        return "ru", [("c", f"Списали деньги дважды с карты {cc(ch(['mir', 'visa', 'mc']))}"),
                      ("a", f"Пожалуйста, не присылайте полный номер карты в чат. Мы уже видим платёж на {la_amount('ru')}."),
                      ("c", f"Хорошо. Перезвоните мне на {ph('ru')} после 18:00."),
                      ("a", f"Заявка {la_ticket()} создана, ответ придёт на {em('ru')}.")]
    if lang == "zh":
        if coin(0.5):
            return "zh", [("c", f"你好，我的订单{la_order('')}还没有发货。"),
                          ("a", "您好，请提供下单时的手机号。"),
                          ("c", f"{ph('zh')}，邮箱是{em('zh')}。"),
                          ("a", f"已为您查询，快递单号{la_tracking()}，预计{la_date('%m月%d日')}送达。")]
        return "zh", [("c", f"发票抬头写公司，税号{cn_uscc()}，电子发票发到{em('zh', corp=True)}。"),
                      ("a", "好的，请问联系电话？"),
                      ("c", f"座机{ph('zh')}，或者手机{ph('zh')}都可以。")]
    if lang == "th":
        if coin(0.5):
            return "th", [("c", f"สวัสดีค่ะ คำสั่งซื้อ {la_order('')} ยังไม่ได้รับเลยค่ะ"),
                          ("a", "ขออภัยค่ะ รบกวนขอเบอร์โทรศัพท์ที่ใช้สั่งซื้อค่ะ"),
                          ("c", f"{ph('th')} ค่ะ อีเมล {em('th')}"),
                          ("a", f"ขอบคุณค่ะ หมายเลขพัสดุคือ {la_tracking()} จะจัดส่งภายในวันที่ {la_date('%d/%m/%Y')} ค่ะ")]
        return "th", [("c", f"ขอเปลี่ยนเบอร์ติดต่อเป็น {ph('th')} นะครับ เบอร์เดิมไม่ได้ใช้แล้ว"),
                      ("a", f"เรียบร้อยครับ เลขที่เรื่อง {la_ticket()} ครับ"),
                      ("c", f"ขอบคุณครับ ถ้ามีปัญหาโทรมาที่ออฟฟิศ{ph('th')}ได้เลย")]
    raise ValueError(lang)


def f_chat(lang=None):
    lang = lang or ch(list(CHAT_ROLES))
    loc, msgs = chat_lines(lang)
    rc, ra = CHAT_ROLES[lang]
    cust = person(loc if loc in NAMES else lang)[0]
    agent = person(loc if loc in NAMES else lang)[0].split()[0 if lang not in ("hu",) else -1]
    d = rdate()
    style = ch(["bracket", "zendesk", "wa_ios", "wa_android", "json", "plain"])
    out = []
    if style == "json":
        arr = []
        for w, m in msgs:
            d += dt.timedelta(seconds=R.randint(10, 300))
            arr.append({"ts": LA(d.strftime("%Y-%m-%dT%H:%M:%S") + "Z"), "from": "customer" if w == "c" else "agent",
                        "author": cust if w == "c" else agent, "text": m})
        return jd({"conversation_id": la_uuid(), "channel": ch(["web", "whatsapp", "messenger"]), "messages": arr}, pretty=coin(0.5))
    for w, m in msgs:
        d += dt.timedelta(seconds=R.randint(10, 300))
        name = (cust if w == "c" else f"{ra} {agent}") if style != "plain" else (rc if w == "c" else ra)
        if style == "bracket":
            out.append(f"[{d.strftime('%H:%M')}] {name}: {m}")
        elif style == "zendesk":
            out.append(f"({LA(d.strftime('%H:%M:%S'))}) {name}: {m}")
        elif style == "wa_ios":
            out.append(f"[{LA(d.strftime('%d/%m/%y, %H:%M:%S'))}] {name}: {m}")
        elif style == "wa_android":
            out.append(f"{LA(d.strftime('%d/%m/%Y, %H:%M'))} - {name}: {m}")
        else:
            out.append(f"{name}\n{m}")
    return ("\n\n" if style == "plain" else "\n").join(out)


# ============================================================================ shapes: business documents
COMPANIES = {"us": ["Harborline Freight LLC", "Redwood Dental Group", "Prairie Mutual"], "za": ["Fynbos Retail (Pty) Ltd", "Highveld Logistics"],
             "nz": ["Kōwhai Building Supplies Ltd", "Tasman Orchards"], "sg": ["Merlion Fintech Pte Ltd", "Tanjong Foods Pte Ltd"],
             "ca": ["Maplecrest Outfitters Inc.", "Boreal Robotics"], "mx": ["Maguey Digital S.A. de C.V."], "co": ["Cafetal Andino S.A.S."],
             "el": ["Aegean Ferries Α.Ε."], "cs": ["Vltava Soft s.r.o."], "tr": ["Boğaziçi Tekstil A.Ş."], "hu": ["Duna Parts Kft."],
             "fi": ["Aurora Data Oy"], "he": ["Levant Trade בע\"מ"], "ar": ["Pampa Agro S.R.L."]}


def f_crm():
    loc = ch(["us", "us", "za", "nz", "sg", "ca", "mx", "co", "el", "cs", "tr", "hu"])
    comp = ch(COMPANIES.get(loc, COMPANIES["us"]))
    owner = ch(["Dana Whitfield", "R. Okonkwo", "Marta Silva", "Ken Ito"])
    d = rdate()
    ents = []
    kinds = R.sample(["call", "email", "bounce", "card", "ssn" if loc == "us" else "iban", "meeting", "ip", "sms"], R.randint(2, 3))
    for k in kinds:
        d += dt.timedelta(days=R.randint(1, 9), minutes=R.randint(0, 600))
        stamp = LA(d.strftime(ch(["%Y-%m-%d %H:%M", "%b %d, %Y %I:%M %p", "%d %b %Y"])))
        who = person(loc)
        if k == "call":
            ents.append(f"{stamp} · Call · {owner}\n  Spoke with {who[0]} ({ch(['CFO', 'office manager', 'procurement lead', 'owner'])}). "
                        f"Prefers calls after 3pm on {ph(loc, ext=coin(0.4)) if loc in ('us', 'ca') else ph(loc)}" + (f"; assistant can be reached at {ph(loc)}." if coin(0.3) else "."))
        elif k == "email":
            ents.append(f"{stamp} · Email sent · Quote {LA(f'Q-{d.year}-{dg(4)}')} ({la_amount(loc)} net, valid 30 days) sent to "
                        f"{em(loc, who, True)}" + (f"; cc {em(loc, corp=True)}." if coin(0.3) else "."))
        elif k == "bounce":
            ents.append(f"{stamp} · Note · Old address {em(loc, who)} bounced (550 5.1.1 user unknown) — updated from the signature "
                        f"in their last reply: {em(loc, who, True)}.")
        elif k == "card":
            ents.append(f"{stamp} · Billing · Customer read the card over the phone for renewal {la_invoice()}: {cc()} exp "
                        f"{R.randint(1, 12):02d}/{R.randint(25, 30)}. Charged {la_amount(loc)}. Delete this note after audit (PCI)!")
        elif k == "ssn":
            ents.append(f"{stamp} · KYC · Co-signer {who[0]} — SSN {sn()} verified against DL {LA(ch('ABCDFGHJKLMNPRSTWY') + dg(7))}; "
                        f"bureau pull ref {LA(dg(12))}. ITIN {la_itin()} on file belongs to the spouse, not the co-signer.")
        elif k == "iban":
            cc_ = {"za": "GB", "nz": "GB", "sg": "GB", "ca": "FR", "mx": "ES", "co": "ES", "el": "GR", "cs": "CZ", "tr": "TR", "hu": "HU"}.get(loc, "DE")
            ents.append(f"{stamp} · Finance · Payout account changed to {ib(cc_)} per signed form {LA('F-' + dg(5))}. "
                        f"Old account {la_bad_iban(cc_)} (typo on form, failed validation) discarded.")
        elif k == "meeting":
            ents.append(f"{stamp} · Meeting · Site visit, {R.randint(1, 400)} {ch(['Main Rd', 'Harbour Ave', 'Industrial Way'])}. "
                        f"Gate code {LA(dg(4))}#, security desk {ph(loc)}. Bring PPE; induction video ID {LA(hx(6))}.")
        elif k == "ip":
            ents.append(f"{stamp} · System · Portal login for {em(loc, who, True)} from new IP {anyip(0.3)} (MFA ok, device {LA(alnum(8))}).")
        else:
            ents.append(f"{stamp} · SMS · Sent renewal reminder to {P(e164(loc), PHONE)}; delivery receipt {LA(hx(12))}.")
    return f"Activity timeline — {comp} (Acct #{LA(dg(7))}) · Owner: {owner}\n" + "\n".join(ents)


def f_insurance():
    k = ch(["us", "us", "cs", "hu", "el", "ch", "fi"])
    d = rdate()
    if k == "us":
        who, tp = person("us"), person("us")
        return "\n".join([
            f"FIRST NOTICE OF LOSS — {ch(['AUTO', 'PROPERTY', 'AUTO'])}",
            f"Claim no.: {LA(f'CLM-{d.year % 100}-{dg(7)}')}        Policy no.: {LA(f'PA-{dg(4)}-{dg(4)}-{dg(2)}')}",
            f"Date/time of loss: {LA(d.strftime('%m/%d/%Y'))} approx. {R.randint(1, 11)}:{R.randint(0, 59):02d} PM       "
            f"Reported: {LA((d + dt.timedelta(days=1)).strftime('%m/%d/%Y %H:%M'))} via phone",
            f"Insured: {who[0]}    DOB: {la_date('%m/%d/%Y', rdate(1950, 2000))}    SSN: {sn()}",
            f"Cell: {ph('us')}    Work: {ph('us', ext=True) if coin(0.5) else 'n/a'}",
            f"E-mail: {em('us', who)}",
            f"Vehicle: {R.randint(2012, 2024)} {ch(['Honda CR-V', 'Ford F-150', 'Toyota RAV4', 'Subaru Outback'])}  VIN {la_vin()}  Plate {LA(dnz(1) + alnum(3, 'ABCDEFGHJKLMNPRSTUVWXYZ') + dg(3))}",
            f"Third party: {tp[0]}, {ph('us') if coin(0.5) else 'phone unknown'}, carrier claim # {LA(dnz(10) + '-01')}",
            f"Adjuster notes: Claimant states the other vehicle ran the light at {ch(['5th & Main', 'Oak St / Route 9'])}. "
            f"Tow yard: {ch(['Ace', 'Big Jim', 'Eastside'])} Towing, {ph('us')} (lot #{LA(dg(3))}).",
            f"Payment: EFT — routing {LA(ch(['021000021', '121000358', '026009593', '111000025']))} acct ****{LA(dg(4))}"])
    if k == "cs":
        who = person("cs")
        return "\n".join(["HLÁŠENÍ POJISTNÉ UDÁLOSTI",
                          f"Číslo pojistné smlouvy: {LA(dnz(10))}    Číslo škody: {LA(f'{d.year}/{dg(6)}')}",
                          f"Pojištěný: {who[0]}, nar. {la_date('%-d. %-m. %Y', rdate(1950, 2000))}, RČ {natid('cs')}",
                          f"Telefon: {ph('cs')}   E-mail: {em('cs', who)}",
                          f"Místo události: Brno, Kounicova {R.randint(1, 90)}    Datum: {la_date('%-d. %-m. %Y', d)} cca {R.randint(6, 22)}:{R.choice(['00', '15', '30', '45'])}",
                          "Popis: Při zatečení z bytu nad námi došlo k poškození stropu a podlahy v kuchyni.",
                          f"Odhad škody: {la_amount('cs')}",
                          f"Pojistné plnění zašlete na účet: {ib('CZ')}"])
    if k == "hu":
        who = person("hu")
        return "\n".join(["KÁRBEJELENTŐ LAP – Gépjármű",
                          f"Kötvényszám: {LA(dnz(9))}   Kárszám: {LA(f'K{d.year}-{dg(6)}')}",
                          f"Szerződő: {who[0]}   Adóazonosító jel: {LA('8' + dg(9))}",
                          f"Telefonszám: {ph('hu')}   E-mail: {em('hu', who)}",
                          f"A káresemény időpontja: {la_date('%Y. %m. %d.', d)} {R.randint(6, 22)}:{R.randint(0, 59):02d}, helyszín: {la_postcode('hu')} Szeged, Tisza Lajos krt.",
                          f"Rendszám: {LA(alnum(3, 'ABCDEFGHJKLMNPRSTUVWXYZ') + '-' + dg(3))}   Alvázszám: {la_vin()}",
                          f"Kártérítést kérem a következő számlára: {ib('HU')}"])
    if k == "el":
        who = person("el")
        return "\n".join(["ΔΗΛΩΣΗ ΖΗΜΙΑΣ ΚΑΤΟΙΚΙΑΣ",
                          f"Αρ. συμβολαίου: {LA(dnz(8))}   Αρ. φακέλου: {LA('ΖΗΜ-' + dg(6))}",
                          f"Ασφαλισμένος: {who[0]}, ΑΦΜ {natid('el')}",
                          f"Κινητό: {ph('el')}" + (f"   Σταθερό: {ph('el')}" if coin(0.4) else ""),
                          f"Email: {em('el', who)}",
                          f"Ημερομηνία συμβάντος: {la_date('%d/%m/%Y', d)} — διαρροή νερού από τον επάνω όροφο.",
                          f"Εκτίμηση: {la_amount('el')}. Αποζημίωση στο IBAN {ib('GR')}."])
    if k == "ch":
        who = person("ch")
        return "\n".join(["DÉCLARATION DE SINISTRE — Ménage",
                          f"N° de police: {LA(f'{dg(2)}.{dg(3)}.{dg(3)}')}   N° de sinistre: {LA(f'{d.year}-{dg(7)}')}",
                          f"Preneur d'assurance: {who[0]}, né(e) le {la_date('%d.%m.%Y', rdate(1950, 2000))}, AVS {LA('756.' + dg(4) + '.' + dg(4) + '.' + dg(2))}",
                          f"Tél. privé: {ph('ch')}" + (f"   Tél. prof.: {ph('ch')}" if coin(0.4) else ""),
                          f"Courriel: {em('ch', who)}",
                          f"Date du sinistre: {la_date('%d.%m.%Y', d)}; vol de vélo devant la gare de Lausanne (plainte {LA('PJ-' + dg(6))}).",
                          f"Montant réclamé: CHF {LA(f'{R.randint(300, 4000)}.–')}. Versement sur IBAN {ib('CH')}."])
    who = person("fi")
    return "\n".join(["VAHINKOILMOITUS",
                      f"Vakuutusnumero: {LA(dnz(10))}   Vahinkonumero: {LA(f'V{d.year}{dg(6)}')}",
                      f"Vakuutettu: {who[0]}, hetu {natid('fi')}",
                      f"Puhelin: {ph('fi')}   Sähköposti: {em('fi', who)}",
                      f"Vahinkopäivä: {la_date('%d.%m.%Y', d)}. Kuvaus: Mökin laiturin rakenteet vaurioituivat myrskyssä.",
                      f"Korvaus maksetaan tilille {ib('FI')}."])


def f_appointment():
    k = ch(["nz", "ar", "fi", "tr", "hu", "cs", "za", "id", "th", "he", "sg", "mx", "el"])
    who = person(k)
    first = who[0].split()[-1 if k == "hu" else 0]
    d = rdate()
    if k == "nz":
        return (f"Kia ora {first}, reminder of your appointment with Dr {ch(['Patel', 'Ngata', 'MacLeod'])} at {ch(['Ponsonby', 'Riccarton', 'Te Aro'])} Medical Centre "
                f"on {la_date('%a %d %b', d)} at {R.randint(8, 11)}:{R.choice(['00', '20', '40'])}am. NHI {LA(alnum(3, 'ABCDEFGHJKLMNPQRSTUVWXYZ') + dg(4))}. "
                f"Reply Y to confirm or call {ph('nz')}. Can't make it? Email {role_email('nz', 'reception')}")
    if k in ("ar", "mx"):
        return (f"Recordatorio de {'turno' if k == 'ar' else 'cita'}: {who[0]}, tiene {'turno' if k == 'ar' else 'cita'} con la Dra. "
                f"{ch(['Paredes', 'Quiroga', 'Salinas'])} el {la_date('%d/%m', d)} a las {R.randint(8, 18)}:{R.choice(['00', '30'])} hs en Consultorio {R.randint(1, 12)}. "
                f"Historia clínica N.º {LA(dg(7))}. Para cancelar llame al {ph(k)} o escriba a {role_email(k, 'turnos')}. No responda este mensaje.")
    if k == "fi":
        return (f"Muistutus: ajanvarauksesi {la_date('%d.%m.', d)} klo {R.randint(8, 16)}.{R.choice(['00', '15', '30', '45'])}, "
                f"{ch(['Kallion', 'Hervannan', 'Tikkurilan'])} terveysasema. Peruutukset viimeistään 24 h ennen numeroon {ph('fi')}. "
                f"Asiakasnumero {LA(dg(6))}. Älä vastaa tähän viestiin.")
    if k == "tr":
        return (f"Sayın {who[0]}, {la_date('%d.%m.%Y', d)} saat {R.randint(8, 17)}:{R.choice(['00', '20', '40'])} tarihinde "
                f"Dr. {ch(['Aslan', 'Koç', 'Erdem'])} ile randevunuz bulunmaktadır. Randevu no: {LA(dg(9))}. "
                f"İptal için {ph('tr')} numaralı çağrı merkezini arayabilir veya {role_email('tr', 'randevu')} adresine yazabilirsiniz.")
    if k == "hu":
        return (f"Emlékeztető: {who[0]}, időpontja {la_date('%Y.%m.%d.', d)} {R.randint(8, 17)}:{R.choice(['00', '30'])}-kor, "
                f"{ch(['Bartók Béla úti', 'Szent István körúti'])} rendelő, {R.randint(1, 4)}. emelet. TAJ: {natid('hu')}. "
                f"Lemondás: {ph('hu')} vagy {role_email('hu', 'rendelo')}.")
    if k == "cs":
        return (f"Dobrý den, připomínáme termín {la_date('%-d. %-m.', d)} v {R.randint(7, 16)}:{R.choice(['00', '30'])} u MUDr. "
                f"{ch(['Horák', 'Němcová', 'Pokorný'])}, ordinace Lidická {R.randint(1, 80)}, Brno. Změny hlaste na {ph('cs')}. Děkujeme.")
    if k == "za":
        return (f"Hi {first}, your appointment at {ch(['Sea Point', 'Rosebank', 'Umhlanga'])} Family Practice is confirmed for "
                f"{la_date('%d %b', d)} at {R.randint(8, 16)}:{R.choice(['00', '15', '30'])}. Medical aid no. {LA(dg(9))}. "
                f"Please arrive 10 min early. Queries: {ph('za')} / {role_email('za', 'bookings')}")
    if k == "id":
        return (f"Yth. {who[0]}, jadwal kontrol Anda di RS {ch(['Harapan Sehat', 'Medika Utama'])} pada {la_date('%d-%m-%Y', d)} pukul "
                f"{R.randint(8, 15)}.{R.choice(['00', '30'])} WIB. No. RM {LA(dg(2) + '-' + dg(2) + '-' + dg(2))}. Konfirmasi via WA {ph('id')}.")
    if k == "th":
        return (f"เรียนคุณ{who[0]} นัดหมายของท่านวันที่ {la_date('%d/%m/%Y', d)} เวลา {R.randint(8, 15)}.{R.choice(['00', '30'])} น. "
                f"ที่โรงพยาบาล{ch(['สุขใจ', 'เมตตา'])} HN {LA(dg(7))} หากต้องการเลื่อนนัดโทร {ph('th')}")
    if k == "he":
        return (f"שלום {who[0]}, תזכורת לתור אצל ד\"ר {ch(['לוין', 'חדד', 'שפירא'])} ביום {la_date('%d/%m', d)} בשעה "
                f"{R.randint(8, 18)}:{R.choice(['00', '30'])}. לביטול השיבו 0 או התקשרו {ph('he')}.")
    if k == "el":
        return (f"Υπενθύμιση ραντεβού: {who[0]}, {la_date('%d/%m', d)} ώρα {R.randint(9, 20)}:{R.choice(['00', '30'])} στο ιατρείο "
                f"{ch(['Μαρούσι', 'Καλαμαριά'])}. Για ακύρωση καλέστε {ph('el')}.")
    return (f"Reminder: {who[0]}, your appt at {ch(['Orchard', 'Tampines', 'Jurong'])} Family Clinic on {la_date('%d %b', d)} "
            f"{R.randint(9, 17)}:{R.choice(['00', '15', '30'])}. Queue no. {LA('A' + dg(3))}. Call {ph('sg')} to reschedule.")


def f_roster():
    k = ch(["za", "nz", "sg", "fi", "cs", "hu"])
    hdr = {"za": ("Grade 7B — Register teacher: Ms {t}\tRoom 14\tTerm 2",
                  ["Learner no.", "Surname", "First name", "DOB", "Parent/guardian", "Cell", "E-mail", "Bus"]),
           "nz": ("Room 12 — Year 8 — Kaiako: {t}", ["Student ID", "Surname", "First name", "NSN", "Caregiver", "Mobile", "Email"]),
           "sg": ("Class 3 Integrity — Form teacher {t}", ["Reg no.", "Name", "DOB", "Parent", "HP", "Email"]),
           "fi": ("Luokka 7B — luokanvalvoja {t}", ["Oppilasnro", "Sukunimi", "Etunimi", "Syntymäaika", "Huoltaja", "Puhelin", "Sähköposti"]),
           "cs": ("Třída 6.A — třídní učitel(ka) {t}", ["Č.", "Příjmení", "Jméno", "Datum nar.", "Zákonný zástupce", "Telefon", "E-mail"]),
           "hu": ("6.b osztály — osztályfőnök: {t}", ["Sorsz.", "Név", "Oktatási azonosító", "Gondviselő", "Telefon", "E-mail"])}[k]
    out = [hdr[0].format(t=person(k)[0]), "\t".join(hdr[1])]
    for i in range(R.randint(2, 3)):
        kid, par = person(k), person(k)
        parts = kid[0].split()
        sur, given = (parts[0], " ".join(parts[1:])) if k == "hu" else (parts[-1], " ".join(parts[:-1]))
        dob = rdate(2009, 2014)
        tel = ph(k)
        mail = em(k, par) if coin(0.6) else "—"
        if k == "za":
            row = [LA(dg(6)), sur, given, la_date("%Y-%m-%d", dob), par[0], tel, mail, f"R{R.randint(1, 20)}"]
        elif k == "nz":
            row = [LA(str(R.randint(2000, 9999))), sur, given, LA(dnz(9)), par[0], tel, mail]
        elif k == "sg":
            row = [str(i + 1), kid[0], la_date("%d/%m/%Y", dob), par[0], tel, mail]
        elif k == "fi":
            row = [LA(dg(5)), sur, given, la_date("%d.%m.%Y", dob), par[0], tel, mail]
        elif k == "cs":
            row = [str(i + 1), sur, given, la_date("%-d. %-m. %Y", dob), par[0], tel, mail]
        else:
            row = [f"{i + 1}.", kid[0], LA("7" + dg(10)), par[0], tel, mail]
        out.append("\t".join(row))
    return "\n".join(out)


def f_realestate():
    k = ch(["za", "nz", "tr", "el", "mx", "hu", "co", "th"])
    agent = person(k)
    if k == "za":
        return (f"FOR SALE: {R.randint(2, 5)} Bedroom House in {ch(['Durbanville', 'Randburg', 'Ballito', 'Stellenbosch'])} — R {R.randint(12, 60) * 100} 000\n"
                f"Erf size {R.randint(300, 1200)} m² | Rates R{R.randint(600, 2500)} pm | Levies none | Listing ref {LA('P24-' + dg(9))}\n"
                f"Contact {agent[0]} on {ph('za')} or {em('za', agent, True)}. Show day Sun 14:00–16:00.")
    if k == "nz":
        return (f"{R.randint(1, 250)} {ch(['Kauri', 'Rimu', 'Tōtara'])} Street, {ch(['Grey Lynn', 'Karori', 'Merivale'])} — Deadline sale closes 4pm "
                f"{la_date('%a %d %B', rdate())}\n{R.randint(2, 5)} bed | {R.randint(1, 3)} bath | {R.randint(0, 2)} car | Land {R.randint(300, 900)}m² | "
                f"CV {la_amount('nz')} | Title {LA(f'NA{R.randint(10, 130)}{ch(string_upper())}/{R.randint(1, 999)}')}\n"
                f"Call {agent[0]} {ph('nz')} or the office {ph('nz')}. {em('nz', agent, True)}")
    if k == "tr":
        return (f"Sahibinden satılık 3+1 daire, {ch(['Kadıköy', 'Çankaya', 'Karşıyaka'])}, {R.randint(90, 160)} m² brüt, {R.randint(1, 9)}. kat, asansörlü, "
                f"doğalgaz kombili. Fiyat: {la_amount('tr')}. İlan no: {LA(dnz(10))}. Aidat {R.randint(300, 2000)} TL. İletişim: {ph('tr')} "
                f"({agent[0]}), e-posta {em('tr', agent)}")
    if k == "el":
        return (f"Πωλείται διαμέρισμα {R.randint(50, 120)} τ.μ., {R.randint(1, 6)}ος όροφος, {ch(['Κυψέλη', 'Παγκράτι', 'Τούμπα'])}, "
                f"έτος κατασκευής {R.randint(1965, 2010)}. Τιμή: {la_amount('el')}. Κωδικός αγγελίας {LA(dg(8))}. Τηλ.: {ph('el')}, email {em('el', agent)}")
    if k == "mx":
        return (f"Se renta departamento en Col. {ch(['Roma Norte', 'Narvarte', 'Providencia'])}. {R.randint(1, 3)} rec, {R.randint(1, 2)} baño(s), "
                f"{R.randint(45, 120)} m². {la_amount('mx')}/mes + mantenimiento. CP {la_postcode('mx')}. ID {LA(dg(8))}. "
                f"Informes: {ph('mx')} (WhatsApp) o {em('mx', agent)}")
    if k == "hu":
        return (f"Eladó {R.randint(1, 4)} szobás, {R.randint(35, 110)} m²-es lakás a XIII. kerületben. Irányár: {R.randint(30, 120)},{R.randint(1, 9)} M Ft. "
                f"Hirdetéskód: {LA(dg(8))}. Érd.: {ph('hu')} ({agent[0]})")
    if k == "co":
        return (f"Vendo apartamento en {ch(['Laureles', 'El Poblado', 'Chapinero'])}, estrato {R.randint(3, 6)}, {R.randint(60, 140)} m², "
                f"parqueadero cubierto. Precio {la_amount('co')}. Código {LA(dg(6))}. Llame al {ph('co')} o escriba a {em('co', agent)}")
    return (f"ขายคอนโด {R.randint(1, 2)} ห้องนอน {R.randint(28, 60)} ตร.ม. ใกล้ BTS {ch(['อ่อนนุช', 'อารีย์'])} ราคา {R.randint(15, 60) / 10} ล้านบาท "
            f"รหัสประกาศ {LA(dg(7))} สนใจโทร {ph('th')} หรืออีเมล {em('th', agent)}")


def string_upper():
    return "ABCDEFGHJKLMNPRSTUVWXYZ"


def f_classified():
    k = ch(["cs", "hu", "el", "ru", "id", "th", "vi", "tr", "mx", "sw", "fi", "sv", "no", "da", "ar"])
    ad = {
        "cs": lambda: f"Prodám zachovalou sedačku, rozměr 240×160 cm, cena {la_amount('cs')}. Osobní odběr Praha 4. Tel.: {ph('cs')}, e-mail {em('cs')}.",
        "hu": lambda: f"Eladó {ch(['Trek', 'Merida', 'Cube'])} országúti kerékpár, 56-os váz, {R.randint(90, 400)} ezer Ft. Tel: {ph('hu')} (este 6 után)",
        "el": lambda: f"Πωλείται ποδήλατο βουνού 27,5\", σε άριστη κατάσταση, {R.randint(150, 600)}€. Τηλ. {ph('el')} (μετά τις 17:00).",
        "ru": lambda: f"Продаю велосипед Stels Navigator, {R.randint(2018, 2023)} г.в., почти не ездил. Цена {la_amount('ru')}. Звоните: {ph('ru')}, {person('ru')[0].split()[0]}. Торг уместен.",
        "id": lambda: f"Dijual motor Honda Beat {R.randint(2017, 2023)}, plat B, pajak hidup, km {R.randint(5, 60)}rb. Harga {R.randint(9, 17)},{R.randint(0, 9)} jt nego. Hub/WA {ph('id')}",
        "th": lambda: f"ขายโทรศัพท์มือสอง iPhone 13 สภาพดี ราคา {R.randint(8, 20)},{R.randint(0, 9)}00 บาท สนใจโทร{ph('th')} IMEI {la_imei()}",
        "vi": lambda: f"Cần bán xe Honda Vision {R.randint(2018, 2023)}, màu đỏ, odo {R.randint(3, 40)}.000 km, giá {R.randint(18, 32)} triệu. LH: {ph('vi')} (chính chủ)",
        "tr": lambda: f"Satılık iPhone 13 128 GB, kutulu faturalı, {la_amount('tr')}. IMEI {la_imei()}. Tel: {ph('tr')}",
        "mx": lambda: f"Vendo refrigerador Mabe 14 pies, funciona perfecto. {la_amount('mx')}. Entrega en Guadalajara CP {la_postcode('mx')}. Cel. {ph('mx')}",
        "sw": lambda: f"Inauzwa: Toyota Vitz {R.randint(2012, 2018)}, {LA('K' + alnum(2, 'ABCDEFGHJKLMNPRSTUVWXYZ') + ' ' + dg(3) + alnum(1, 'ABCDEFGHJK'))}, bei {la_amount('ke')} (majadiliano). Piga {ph('ke')} au {ph('ke')}.",
        "fi": lambda: f"Myydään lastenvaunut Emmaljunga, hyvä kunto, {R.randint(50, 300)} €. Nouto Tampere. Puh. {ph('fi')}",
        "sv": lambda: f"Säljes: ekbord 180×90 med sex stolar, {R.randint(1, 9)} {R.randint(100, 999)} kr. Hämtas i Uppsala. Ring {ph('sv')} eller maila {em('sv')}",
        "no": lambda: f"Selges: vinterdekk 205/55 R16 på felg, {R.randint(1500, 4000)} kr. Ring {ph('no')} etter kl. 16.",
        "da": lambda: f"Sælges: ladcykel Christiania, {R.randint(2000, 9000)} kr. Kontakt {ph('da')} – afhentes i Aarhus C.",
        "ar": lambda: f"Vendo bicicleta rodado 29, impecable, {la_amount('ar')}. Zona Palermo. Llamar al {ph('ar')} o mensaje a {em('ar')}",
    }[k]()
    if coin(0.5):
        return f"Ad ID: {LA(dnz(9))} · Posted {la_ts(ch(['space', 'dots', 'slash']))} · Views {R.randint(3, 900)}\n{ad}"
    return ad


def f_cv():
    k = ch(["tex", "cs", "hu", "fi", "tr", "id", "co", "el", "ru", "zh", "vi", "us", "us", "letter"])
    if k == "tex":
        loc = ch(["cs", "hu", "fi", "tr", "el", "sv"])
        who = person(loc)
        parts = who[0].split()
        g, f = (parts[1], parts[0]) if loc == "hu" else (parts[0], " ".join(parts[1:]))
        out = ["\\documentclass[11pt,a4paper,sans]{moderncv}", "\\moderncvstyle{classic}", "\\moderncvcolor{blue}",
               f"\\name{{{g}}}{{{f}}}", f"\\title{{{ch(['Senior Accountant', 'Data Engineer', 'Project Manager'])}}}",
               "\\address{%s}{%s %s}" % ({"cs": ("Kounicova 12", "Brno"), "hu": ("Andrássy út 8", "Budapest"), "fi": ("Hämeenkatu 4", "Tampere"),
                                           "tr": ("Bağdat Cd. 211", "İstanbul"), "el": ("Πατησίων 76", "Αθήνα"),
                                           "sv": ("Svartbäcksgatan 9", "Uppsala")}[loc][0], la_postcode(loc),
                                          {"cs": "Brno", "hu": "Budapest", "fi": "Tampere", "tr": "İstanbul", "el": "Αθήνα", "sv": "Uppsala"}[loc]),
               f"\\phone[mobile]{{{ph(loc, 'intl')}}}"]
        if coin(0.2):
            out.append(f"\\phone[fixed]{{{ph(loc)}}}")
        out += [f"\\email{{{em(loc, who)}}}", f"\\social[linkedin]{{{who[1]}-{who[2]}-{LA(hx(8))}}}", "\\begin{document}", "\\makecvtitle",
                "\\section{Experience}",
                f"\\cventry{{{R.randint(2015, 2021)}--present}}{{Senior role}}{{{ch(['Vltava Soft', 'Duna Parts', 'Aurora Data'])}}}{{}}{{}}{{Led migration of {R.randint(20, 300)} services; cut costs by {R.randint(5, 40)}\\%.}}",
                "\\end{document}"]
        return "\n".join(out)
    if k == "us":
        who = person("us")
        return "\n".join([f"APPLICATION FOR EMPLOYMENT — {ch(COMPANIES['us'])}",
                          f"Position applied for: {ch(['Warehouse Associate', 'Dental Assistant', 'Claims Processor'])} (Req #{LA(dg(5))})   Date: {la_date('%m/%d/%Y')}",
                          f"Name (last, first, MI): {who[0].split()[-1]}, {who[0].split()[0]} {ch('ABCDJKLMRS')}.",
                          f"Social Security No.: {sn()}",
                          f"Home phone: {ph('us')}   Cell: {ph('us')}",
                          f"E-mail: {em('us', who)}",
                          f"Address: {R.randint(10, 9999)} {ch(['Elm St', 'Cedar Ave', 'Lakeview Dr'])}, {ch(['Tulsa, OK', 'Dayton, OH', 'Boise, ID'])} {la_postcode('us')}",
                          "Are you legally eligible to work in the U.S.? [X] Yes [ ] No",
                          f"Previous employer: {ch(['Walgreens #', 'Costco #', 'Target T-'])}{LA(dg(4))}, supervisor {person('us')[0]}, phone {ph('us', ext=coin(0.5))}"])
    if k == "letter":
        loc = ch(["sv", "no", "da"])
        who = person(loc)
        body = {"sv": f"Hej!\n\nJag söker tjänsten som {ch(['lagerchef', 'systemutvecklare', 'ekonomiassistent'])} (ref. {LA(dg(4) + '/' + dg(2))}). "
                      f"Jag har {R.randint(3, 15)} års erfarenhet och kan börja med en månads uppsägningstid.\n\nNå mig enklast på {ph('sv')} eller {em('sv', who)}.\n\nVänliga hälsningar\n{who[0]}",
                "no": f"Hei,\n\nJeg søker herved på stillingen som {ch(['prosjektleder', 'sykepleier', 'elektriker'])} (stillings-ID {LA(dg(7))}).\n\n"
                      f"Jeg treffes på {ph('no')} eller {em('no', who)}.\n\nMed vennlig hilsen\n{who[0]}",
                "da": f"Kære rekrutteringsansvarlige\n\nHermed min ansøgning til stillingen som {ch(['bogholder', 'kok', 'udvikler'])} (jobnr. {LA(dg(6))}).\n\n"
                      f"Ring gerne på {ph('da')} eller skriv til {em('da', who)}.\n\nVenlig hilsen\n{who[0]}"}[loc]
        return body
    loc = {"cs": "cs", "hu": "hu", "fi": "fi", "tr": "tr", "id": "id", "co": "co", "el": "el", "ru": "ru", "zh": "zh", "vi": "vi"}[k]
    who = person(loc)
    L = {"cs": ("ŽIVOTOPIS", "Jméno a příjmení", "Datum narození", "Telefon", "E-mail", "PRACOVNÍ ZKUŠENOSTI", f"{R.randint(2015, 2020)} – dosud   Senior účetní, Vltava Soft s.r.o., Brno", "%-d. %-m. %Y"),
         "hu": ("ÖNÉLETRAJZ", "Név", "Születési idő", "Telefon", "E-mail", "SZAKMAI TAPASZTALAT", f"{R.randint(2015, 2020)} – jelenleg   Logisztikai koordinátor, Duna Parts Kft., Győr", "%Y. %m. %d."),
         "fi": ("ANSIOLUETTELO", "Nimi", "Syntymäaika", "Puhelin", "Sähköposti", "TYÖKOKEMUS", f"{R.randint(2015, 2020)}– Ohjelmistokehittäjä, Aurora Data Oy, Oulu", "%d.%m.%Y"),
         "tr": ("ÖZGEÇMİŞ", "Ad Soyad", "Doğum Tarihi", "Telefon", "E-posta", "İŞ DENEYİMİ", f"{R.randint(2015, 2020)} – Halen   Satın Alma Uzmanı, Boğaziçi Tekstil A.Ş., Bursa", "%d.%m.%Y"),
         "id": ("DAFTAR RIWAYAT HIDUP", "Nama", "Tanggal Lahir", "No. HP", "Email", "PENGALAMAN KERJA", f"{R.randint(2015, 2020)} – sekarang   Staf Akuntansi, PT Nusantara Kopi, Bandung", "%d-%m-%Y"),
         "co": ("HOJA DE VIDA", "Nombre", "Fecha de nacimiento", "Celular", "Correo", "EXPERIENCIA LABORAL", f"{R.randint(2015, 2020)} – actual   Analista contable, Cafetal Andino S.A.S., Medellín", "%d/%m/%Y"),
         "el": ("ΒΙΟΓΡΑΦΙΚΟ ΣΗΜΕΙΩΜΑ", "Ονοματεπώνυμο", "Ημερομηνία γέννησης", "Τηλέφωνο", "Email", "ΕΠΑΓΓΕΛΜΑΤΙΚΗ ΕΜΠΕΙΡΙΑ", f"{R.randint(2015, 2020)} – σήμερα   Λογίστρια, Aegean Ferries Α.Ε., Πειραιάς", "%d/%m/%Y"),
         "ru": ("РЕЗЮМЕ", "ФИО", "Дата рождения", "Телефон", "E-mail", "ОПЫТ РАБОТЫ", f"{R.randint(2015, 2020)} – н. в.   Инженер-программист, ООО «Тайга Системс», Новосибирск", "%d.%m.%Y"),
         "zh": ("个人简历", "姓名", "出生日期", "手机", "邮箱", "工作经历", f"{R.randint(2015, 2020)}年至今   财务主管，珠江贸易有限公司，广州", "%Y年%m月%d日"),
         "vi": ("SƠ YẾU LÝ LỊCH", "Họ và tên", "Ngày sinh", "Số điện thoại", "Email", "KINH NGHIỆM LÀM VIỆC", f"{R.randint(2015, 2020)} – nay   Kế toán viên, Công ty TNHH Lotus Logistics, TP.HCM", "%d/%m/%Y")}[loc]
    sep = "：" if loc == "zh" else ": "
    lines = [L[0], "", f"{L[1]}{sep}{who[0]}", f"{L[2]}{sep}{la_date(L[7], rdate(1975, 2000))}", f"{L[3]}{sep}{ph(loc)}", f"{L[4]}{sep}{em(loc, who)}"]
    if loc == "co":
        lines.insert(3, f"C.C.{sep}{natid('co')} de Medellín")
    if loc == "tr":
        lines += ["Askerlik Durumu: Tamamlandı", "Ehliyet: B"]
    lines += ["", L[5], L[6]]
    if coin(0.2):
        lines.append({"cs": "Reference: ", "hu": "Referencia: ", "fi": "Suosittelija: ", "tr": "Referans: ", "id": "Referensi: ", "co": "Referencia: ",
                      "el": "Συστάσεις: ", "ru": "Рекомендации: ", "zh": "推荐人：", "vi": "Người tham chiếu: "}[loc] + f"{person(loc)[0]}, {ph(loc)}")
    return "\n".join(lines)


MERCH = ["MIGROS", "LIDL", "TESCO EXPRESS", "PYATEROCHKA", "INDOMARET", "CIRCLE K", "SHOPEE", "TOKOPEDIA", "GRAB*FOOD",
         "CHECKERS", "OXXO", "BILLA", "ALBERT", "SPAR", "7-ELEVEN", "SKROUTZ", "AB VASILOPOULOS"]


def f_bank_sms():
    out = []
    for _ in range(R.randint(1, 3)):
        k = ch(["tr", "vi", "id", "za", "el", "ru", "cs", "hu", "mx", "th", "sw"])
        d = rdate()
        last = LA(dg(4))
        m = ch(MERCH)
        msg = {
            "tr": lambda: ("ANKA BANK", f"{LA(d.strftime('%d.%m.%Y %H:%M'))} tarihinde **** {last} numarali kartinizla {m} isyerinde {la_amount('tr')} "
                                        f"harcama yapilmistir. Siz yapmadiysaniz {ph('tr')} numarasini arayiniz. Mersis: {LA('0' + dg(15))} B{dg(3)}"),
            "vi": lambda: ("SaoVietBank", f"TK {la_acct('vi')} -{R.randint(10, 9000) * 1000:,}VND luc {LA(d.strftime('%d-%m-%Y %H:%M:%S'))}. "
                                          f"SD: {R.randint(10, 90000) * 1000:,}VND. Ref {LA('MB' + dg(12))}. Hotline {ph('vi')}"),
            "id": lambda: ("BANK NUSANTARA", f"Transaksi Debit {la_amount('id')} di {m} pada {LA(d.strftime('%d/%m %H:%M'))}. "
                                             f"Sisa saldo {la_amount('id')}. Bukan Anda? Hub {ph('id')}"),
            "za": lambda: ("KarooBank", f"R{R.randint(20, 9000)}.{dg(2)} paid from Cheq acc ..{last} @ {m}. Avail R{R.randint(100, 90000)}.{dg(2)}. "
                                        f"{LA(d.strftime('%d%b %H:%M'))}. Not you? Call {ph('za')}"),
            "el": lambda: ("AEGEAN BANK", f"Χρέωση κάρτας ****{last} ποσό {R.randint(3, 400)},{dg(2)} EUR στο {m} {LA(d.strftime('%d/%m %H:%M'))}. "
                                          f"Για απορίες {ph('el')}."),
            "ru": lambda: ("900", f"Карта *{last}: покупка {la_amount('ru')} {m} {LA(d.strftime('%d.%m %H:%M'))}. Баланс: {la_amount('ru')}. "
                                  f"Если это не вы, позвоните {ph('ru', ch(['natp', 'natd', 'intlp']))}"),
            "cs": lambda: ("Info", f"Platba kartou ...{last} {la_amount('cs')} v {m} dne {LA(d.strftime('%-d.%-m.%Y'))}. Zůstatek {la_amount('cs')}. "
                                   f"Dotazy: {ph('cs')}"),
            "hu": lambda: ("DunaBank", f"Kártyás vásárlás: -{la_amount('hu')}; {m}; Kártyaszám: ...{last}; {LA(d.strftime('%Y.%m.%d %H:%M:%S'))}; "
                                       f"Egyenleg: {la_amount('hu')}. Letiltás: {ph('hu')}"),
            "mx": lambda: ("BancoSol", f"Compra aprobada por {la_amount('mx')} en {m} con tarjeta terminación {last}. "
                                       f"Si no la reconoces llama al {ph('mx')}."),
            "th": lambda: ("SiamBank", f"บัญชี xxx-x-x{last}-x ถอน/โอน {R.randint(100, 90000):,}.00 บาท คงเหลือ {R.randint(100, 900000):,}.{dg(2)} บาท "
                                       f"{LA(d.strftime('%d/%m/%y %H:%M'))}"),
            "sw": lambda: ("MPESA", f"{mpesa_code()} Confirmed. Ksh{R.randint(50, 20000):,}.00 sent to {person('ke')[0].upper()} {ph('ke', 'natc')} "
                                    f"on {LA(d.strftime('%-d/%-m/%y'))} at {d.strftime('%-I:%M %p')}. New M-PESA balance is Ksh{R.randint(10, 90000):,}.{dg(2)}. "
                                    f"Transaction cost, Ksh{ch(['0.00', '13.00', '33.00'])}."),
        }[k]()
        out.append(f"From: {msg[0]}\n{msg[1]}")
    return "\n\n".join(out)


def f_otp():
    out = []
    for _ in range(R.randint(2, 4)):
        code = LA(dg(ch([4, 6, 6, 8])))
        k = ch(["en", "vi", "id", "th", "ru", "tr", "he", "zh", "sg", "cs"])
        out.append({
            "en": lambda: f"<#> {code} is your {ch(['Orbit', 'Kestrel', 'PayLah'])} verification code. Don't share it with anyone. {LA(b64(11).replace('/', 'x').replace('+', 'Q'))}",
            "vi": lambda: f"Ma OTP cua Quy khach la {code}. Ma co hieu luc trong 5 phut. KHONG chia se ma nay voi bat ky ai.",
            "id": lambda: f"JANGAN BERIKAN KODE INI KE SIAPAPUN. Kode OTP Anda {code}, berlaku 3 menit. Ref {LA(alnum(6))}",
            "th": lambda: f"รหัส OTP ของคุณคือ {code} (Ref: {LA(alnum(4, 'ABCDEFGHJKLMNPQRSTUVWXYZ'))}) ใช้ได้ภายใน 5 นาที",
            "ru": lambda: f"Код подтверждения: {code}. Никому не сообщайте его. Если вы не запрашивали код, позвоните {ph('ru', 'natsp')}",
            "tr": lambda: f"Doğrulama kodunuz: {code}. Bu kodu kimseyle paylaşmayın. Mersis: {LA('0' + dg(15))} B{dg(3)}",
            "he": lambda: f"קוד האימות שלך: {code}. אין למסור קוד זה לאיש.",
            "zh": lambda: f"【{ch(['顺丰', '京东', '美团'])}】验证码{code}，5分钟内有效，请勿泄露给他人。如非本人操作请致电{ph('zh')}。",
            "sg": lambda: f"{ch(['DBS', 'SingPost', 'Grab'])}: Your one-time PIN is {code}. Never share it. Call {ph('sg')} if you didn't request this.",
            "cs": lambda: f"Potvrzovací kód: {code}. Platnost 10 minut. Kód nikomu nesdělujte.",
        }[k]())
    return "\n".join(out) if coin(0.5) else "\n---\n".join(out)


def f_order():
    k = ch(["sg", "nz", "za", "ar", "co", "tr", "vi", "cs", "hu", "th"])
    who = person(k)
    on = la_order("")
    lab = {
        "en": ("Your order {n} is confirmed", "Hi {f}, thanks for shopping with us!", "Order number", "Placed", "Item", "Qty", "Price",
               "Deliver to", "Payment", "Questions? Reply to this e-mail or contact"),
        "es": ("Tu pedido {n} fue confirmado", "¡Hola {f}! Gracias por tu compra.", "Número de pedido", "Fecha", "Producto", "Cant.", "Precio",
               "Enviar a", "Pago", "¿Dudas? Escríbenos a"),
        "tr": ("{n} numaralı siparişiniz onaylandı", "Merhaba {f}, bizi tercih ettiğiniz için teşekkürler!", "Sipariş no", "Tarih", "Ürün", "Adet",
               "Tutar", "Teslimat adresi", "Ödeme", "Sorularınız için"),
        "vi": ("Đơn hàng {n} đã được xác nhận", "Xin chào {f}, cảm ơn bạn đã mua sắm!", "Mã đơn hàng", "Ngày đặt", "Sản phẩm", "SL", "Giá",
               "Giao đến", "Thanh toán", "Cần hỗ trợ? Liên hệ"),
        "cs": ("Objednávka {n} byla přijata", "Dobrý den, {f}, děkujeme za nákup!", "Číslo objednávky", "Datum", "Položka", "Ks", "Cena",
               "Doručit na", "Platba", "Dotazy směřujte na"),
        "hu": ("A(z) {n} számú rendelését visszaigazoljuk", "Kedves {f}! Köszönjük a vásárlást.", "Rendelésszám", "Dátum", "Termék", "Db",
               "Ár", "Szállítási cím", "Fizetés", "Kérdése van? Írjon:"),
        "th": ("ยืนยันคำสั่งซื้อ {n}", "สวัสดีคุณ{f} ขอบคุณที่สั่งซื้อสินค้า", "หมายเลขคำสั่งซื้อ", "วันที่", "สินค้า", "จำนวน", "ราคา",
               "ที่อยู่จัดส่ง", "การชำระเงิน", "สอบถามเพิ่มเติม"),
    }[{"sg": "en", "nz": "en", "za": "en", "ar": "es", "co": "es"}.get(k, k)]
    first = who[0].split()[-1] if k == "hu" else who[0].split()[0]
    items = []
    for _ in range(R.randint(1, 3)):
        items.append(f"{ch(['Ergonomic chair', 'Kettle 1.7 L', 'USB-C hub', 'Yoga mat', 'Rice cooker', 'Backpack 28L']):<22}{pad(la_sku(), 18)}"
                     f"{R.randint(1, 3):<5}{la_amount(k)}")
    addr = {"sg": lambda: f"Blk {R.randint(100, 999)} Tampines St {R.randint(11, 99)} #{R.randint(2, 15):02d}-{R.randint(100, 400)}, Singapore {la_postcode('sg')}",
            "nz": lambda: f"{R.randint(1, 200)} Dominion Rd, Mt Eden, Auckland {la_postcode('nz')}", "za": lambda: f"{R.randint(1, 90)} Long St, Cape Town, {la_postcode('za')}",
            "ar": lambda: f"Av. Corrientes {R.randint(100, 6000)}, {la_postcode('ar')} CABA", "co": lambda: f"Cra. {R.randint(1, 80)} # {R.randint(1, 120)}-{R.randint(1, 99)}, Medellín",
            "tr": lambda: f"Moda Cd. No:{R.randint(1, 200)}, {la_postcode('tr')} Kadıköy/İstanbul", "vi": lambda: f"{R.randint(1, 300)} Nguyễn Trãi, Quận 1, TP.HCM",
            "cs": lambda: f"Vinohradská {R.randint(1, 200)}, {la_postcode('cs')} Praha 2", "hu": lambda: f"{la_postcode('hu')} Budapest, Váci út {R.randint(1, 180)}.",
            "th": lambda: f"{R.randint(1, 999)}/{R.randint(1, 99)} ถ.สุขุมวิท แขวงคลองเตย กรุงเทพฯ {la_postcode('th')}"}[k]()
    pay = ch([lambda: f"Visa {la_masked('dots')}", lambda: f"Mastercard {la_masked('ending')}", lambda: "COD",
              lambda: f"PayNow ref {LA(alnum(10))}", lambda: la_masked("x")])()
    lines = [f"Subject: {lab[0].format(n=on)}", f"To: {who[0]} <{em(k, who)}>", "", lab[1].format(f=first), "",
             f"{lab[2]}: {on}    {lab[3]}: {la_ts(ch(['space', 'slash', 'dots']))}", "",
             f"{lab[4]:<22}{'SKU':<18}{lab[5]:<5}{lab[6]}"] + items + [f"EAN {la_ean()}", "",
                                                                       f"{lab[7]}: {who[0]}, {addr}, {ph(k)}", f"{lab[8]}: {pay}", "",
                                                                       f"{lab[9]} " + (role_email(k, ch(["support", "help", "orders", "care"])) if coin(0.5) else ph(k)) + "."]
    return "\n".join(lines)


def f_ticket():
    k = ch(["pnr", "pnr", "rail", "rail", "bus"])
    if k == "pnr":
        loc = ch(["tr", "el", "ru", "he", "za", "th", "vi", "id", "co", "mx"])
        who = person(loc)
        sur, giv = who[2].upper(), who[1].upper()
        pnr = la_pnr()
        d = rdate()
        off = ch(["IST1S2100", "ATH1A0955", "TLV1S2300", "JNB1A0980", "BKK1S2111"])
        al, fn = ch([("TK", "1823"), ("A3", "650"), ("LY", "315"), ("SA", "334"), ("TG", "930"), ("VN", "55"), ("GA", "88")])
        return "\n".join([f"RP/{off}/{off}            AA/SU  {LA(d.strftime('%d%b%y').upper())}/{d.strftime('%H%M')}Z   {pnr}",
                          f"  1.{sur}/{giv} {ch(['MR', 'MS', 'MRS'])}",
                          f"  2  {al}{fn} Y {LA(d.strftime('%d%b').upper())} {R.randint(1, 7)} {ch(['ISTCDG', 'ATHLHR', 'TLVFCO', 'JNBCPT', 'BKKHKT', 'SGNHAN', 'CGKDPS'])} HK1  "
                          f"{R.randint(6, 22):02d}{R.choice(['05', '25', '40'])} {R.randint(7, 23):02d}{R.choice(['10', '35', '55'])}   E  {al}/{pnr}",
                          f"  3 AP {off[:3]} {ph(loc, 'intl') if coin(0.7) else ph(loc)} - M",
                          f"  4 APE {em(loc, who)}",
                          f"  5 TK OK{LA(d.strftime('%d%b').upper())}/{off}//ETTK",
                          f"  6 FA PAX {la_eticket()}/ETTK/{la_amount(loc).replace(' ', '')}/{LA(d.strftime('%d%b%y').upper())}/{off}/{LA(dg(8))}/S2",
                          f"  7 FP CCVI{LA('4' + dg(3) + 'XXXXXX' + dg(4))}/{R.randint(1, 12):02d}{R.randint(25, 30)}",
                          f"  8 SSR DOCS {al} HK1 P/{ch(['TUR', 'GRC', 'ISR', 'ZAF'])}/{LA(alnum(9))}/{ch(['TUR', 'GRC', 'ISR', 'ZAF'])}/{LA(d.strftime('%d%b%y').upper())}/{ch('MF')}/{LA((d + dt.timedelta(days=3000)).strftime('%d%b%y').upper())}/{sur}/{giv}"])
    if k == "rail":
        loc = ch(["cs", "hu", "fi", "th"])
        who = person(loc)
        d = rdate()
        if loc == "cs":
            return (f"JÍZDENKA — ČD eShop\nČíslo dokladu: {LA(dg(4) + ' ' + dg(4) + ' ' + dg(4) + ' ' + dg(2))}\nCestující: {who[0]}\n"
                    f"Praha hl.n. → Ostrava hl.n., {la_date('%-d. %-m. %Y', d)}, odj. {R.randint(5, 20)}:{R.randint(0, 59):02d}, vlak EC {R.randint(100, 199)}, vůz {R.randint(1, 12)}, místo {R.randint(11, 96)}\n"
                    f"Cena: {la_amount('cs')}\nKontakt: {em('cs', who)}, {ph('cs')}")
        if loc == "hu":
            return (f"MENETJEGY — MÁV Applikáció\nJegyazonosító: {LA(alnum(10))}\nUtas: {who[0]}\n"
                    f"Budapest-Keleti → Debrecen, {la_date('%Y.%m.%d.', d)} {R.randint(5, 20)}:{R.randint(0, 59):02d}, IC {R.randint(500, 699)}, {R.randint(1, 9)}. kocsi, {R.randint(11, 96)}. hely\n"
                    f"Ár: {la_amount('hu')}\nÉrtesítési e-mail: {em('hu', who)} · tel.: {ph('hu')}")
        if loc == "fi":
            return (f"LIPPU / BILJETT\nTilausnumero: {LA(alnum(8))}\nMatkustaja: {who[0]}\nHelsinki → Tampere {la_date('%d.%m.%Y', d)} klo {R.randint(5, 21)}.{R.randint(0, 59):02d}, "
                    f"IC {R.randint(1, 200)}, vaunu {R.randint(1, 9)}, paikka {R.randint(1, 80)}\nHinta {la_amount('fi')} (alv 10 %)\nYhteystiedot: {em('fi', who)} / {ph('fi')}")
        return (f"ตั๋วรถไฟ การรถไฟแห่งประเทศไทย\nเลขที่ตั๋ว {LA(dg(12))}\nผู้โดยสาร {who[0]}\nกรุงเทพอภิวัฒน์ → เชียงใหม่ {la_date('%d/%m/%Y', d)} "
                f"ขบวน {R.randint(7, 14)} ตู้ {R.randint(1, 12)} ที่นั่ง {R.randint(1, 40)}\nราคา {la_amount('th')}\nโทร {ph('th')} อีเมล {em('th', who)}")
    loc = ch(["mx", "ar", "co"])
    who = person(loc)
    return (f"BOLETO ELECTRÓNICO\nFolio: {LA(alnum(8))}   Asiento: {R.randint(1, 44)}   Corrida {LA(dg(6))}\nPasajero: {who[0]}\n"
            f"Salida: {ch(['TAPO CDMX', 'Retiro', 'Terminal del Norte'])} {la_date('%d/%m/%Y %H:%M')}   Llegada estimada: {la_date('%H:%M')}\n"
            f"Total pagado: {la_amount(loc)}\nDatos de contacto: {ph(loc)} · {em(loc, who)}")


def f_govform():
    k = ch(["w9", "ssa", "ui", "fafsa"]) if coin(0.5) else ch(["tr", "el", "cs", "za", "mx", "ar", "zh", "th", "vi", "sg", "he", "fi"])
    d = rdate()
    if k in ("w9", "ssa", "ui", "fafsa"):
        who = person("us")
        if k == "w9":
            return "\n".join(["Form W-9 (Rev. March 2024) — Request for Taxpayer Identification Number and Certification",
                              f"1 Name of entity/individual: {who[0]}", f"2 Business name: {ch(['', who[0].split()[-1] + ' Consulting LLC'])}",
                              "3a Federal tax classification: [X] Individual/sole proprietor",
                              f"5 Address: {R.randint(10, 9999)} {ch(['Maple Ave', 'Pine St', 'Sunset Blvd'])}", f"6 City, state, ZIP: {ch(['Austin, TX', 'Reno, NV', 'Albany, NY'])} {la_postcode('us')}",
                              "Part I  Taxpayer Identification Number (TIN)", f"Social security number: {sn()}",
                              f"Employer identification number: {la_ein() if coin(0.4) else '__-_______'}",
                              f"Requester contact: {em('us', corp=True)} / {ph('us', ext=True)}",
                              f"Signature of U.S. person: /s/ {who[0]}   Date: {la_date('%m/%d/%Y', d)}"])
        if k == "ssa":
            return "\n".join(["SSA-7050-F4 — Request for Social Security Earnings Information (web intake copy)",
                              f"Name shown on card: {who[0].upper()}", f"SSN: {sn()}   Other SSN(s) used: {sn() if coin(0.3) else 'none'}",
                              f"Date of birth: {la_date('%m/%d/%Y', rdate(1950, 1995))}", f"Daytime phone: {ph('us')}",
                              f"Earnings years requested: {R.randint(1990, 2005)} through {R.randint(2010, 2023)}",
                              f"Fee: {la_amount('us')}  Confirmation #{LA(dg(10))}  Submitted {la_ts('space')}",
                              f"Note: the number {la_bad_ssn()} on the attached W-2 is not a valid SSN and was not used."])
        if k == "ui":
            return "\n".join([f"{ch(['Ohio', 'Oregon', 'Georgia'])} Department of Job and Family Services — Unemployment Claim Intake",
                              f"Claimant: {who[0]}   SSN: {sn()}   Claim ID: {LA(dg(9))}",
                              f"Phone: {ph('us')}   Alt phone: {ph('us')}   E-mail: {em('us', who)}",
                              f"Last employer: {ch(COMPANIES['us'])}, FEIN {la_ein()}, separation date {la_date('%m/%d/%Y', d)}",
                              f"Weekly benefit amount: {la_amount('us')}   Direct deposit routing {LA('0' + dg(8))} account ****{LA(dg(4))}",
                              f"Submitted from {anyip(0.2)} at {la_ts('iso')}"])
        return "\n".join(["FAFSA — Parent Information (draft export)",
                          f"Student: {who[0]}   Student SSN: {sn()}",
                          f"Parent 1: {person('us')[0]}   SSN: {sn()}   ITIN (if no SSN): {la_itin() if coin(0.3) else '—'}",
                          f"Parent 1 e-mail: {em('us')}   Phone: {ph('us')}",
                          f"Household size: {R.randint(2, 7)}   AGI: {la_amount('us')}   School code: {LA('00' + dg(4))}",
                          f"FSA ID username: {LA(who[1] + dg(3))}"])
    who = person(k if k in NAMES else {"zh": "zh"}.get(k, "us"))
    if k == "tr":
        return (f"T.C. İÇİŞLERİ BAKANLIĞI — Adres Beyan Formu\nT.C. Kimlik No: {natid('tr')}\nAdı Soyadı: {who[0]}\n"
                f"Doğum Tarihi: {la_date('%d.%m.%Y', rdate(1960, 2000))}\nCep Telefonu: {ph('tr')}\nE-posta: {em('tr', who)}\n"
                f"Yeni adres: {ch(['Bahariye Cd.', 'Atatürk Blv.', 'Cumhuriyet Mah.'])} No:{R.randint(1, 120)} D:{R.randint(1, 20)}, {la_postcode('tr')}\n"
                f"Başvuru no: {LA(dg(12))}  Tarih: {la_date('%d.%m.%Y', d)}")
    if k == "el":
        return (f"ΑΙΤΗΣΗ — ΥΠΕΥΘΥΝΗ ΔΗΛΩΣΗ (άρθρο 8 Ν.1599/1986)\nΟνοματεπώνυμο: {who[0]}\nΑΦΜ: {natid('el')}   ΑΜΚΑ: {natid('el')}\n"
                f"Αρ. Δελτ. Ταυτότητας: {LA(alnum(2, 'ΑΒΕΗΙΚΜΝΟΡΤΥΧ') + ' ' + dg(6))}\nΤηλ.: {ph('el')}\nΔ/νση Ηλεκτρ. Ταχυδρομείου (Εmail): {em('el', who)}\n"
                f"Αρ. πρωτοκόλλου: {LA(dg(5) + '/' + str(d.year))}")
    if k == "cs":
        return (f"ŽÁDOST O VYDÁNÍ OBČANSKÉHO PRŮKAZU — předvyplněné údaje\nJméno a příjmení: {who[0]}\nRodné číslo: {natid('cs')}\n"
                f"Číslo dosavadního OP: {LA(dg(9))}\nTelefon (nepovinné): {ph('cs')}\nE-mail (nepovinné): {em('cs', who)}\n"
                f"Datová schránka: {LA(alnum(7, 'abcdefghijkmnpqrstuvwxyz23456789'))}\nČ. j.: {LA('MV-' + dg(6) + '/' + str(d.year))}")
    if k == "za":
        return (f"DEPARTMENT OF HOME AFFAIRS — Application for Smart ID Card (online booking)\nID Number: {natid('za')}\nSurname: {who[0].split()[-1]}\n"
                f"Forenames: {' '.join(who[0].split()[:-1])}\nCell: {ph('za')}\nE-mail: {em('za', who)}\nBranch: {ch(['Cape Town', 'Roodepoort', 'Umlazi'])}   "
                f"Booking ref: {LA(alnum(8))}   Fee: R{R.randint(100, 300)}.00")
    if k == "mx":
        return (f"SOLICITUD DE TRÁMITE — Registro Federal de Contribuyentes\nCURP: {natid('mx')}\nRFC: {LA(alnum(4, 'ABCDEFGHJLMNOPRSTUVZ') + rdate(1960, 2000).strftime('%y%m%d') + alnum(3))}\n"
                f"Nombre: {who[0]}\nTeléfono: {ph('mx')}\nCorreo electrónico: {em('mx', who)}\nC.P. {la_postcode('mx')}   Folio: {LA(dg(12))}")
    if k == "ar":
        return (f"ANSES — Solicitud de prestación\nCUIL: {natid('ar')}\nApellido y nombre: {who[0]}\nTeléfono: {ph('ar')}\nCorreo: {em('ar', who)}\n"
                f"Domicilio: {ch(['Av. Rivadavia', 'Calle 50', 'San Martín'])} {R.randint(100, 9000)}, CP {la_postcode('ar')}\nNº de trámite: {LA(dg(11))}")
    if k == "zh":
        return (f"居民身份证申领登记表（预填）\n姓名：{who[0]}\n公民身份号码：{natid('zh')}\n联系电话：{ph('zh')}\n电子邮箱：{em('zh', who)}\n"
                f"户籍地址：{ch(['北京市朝阳区', '上海市浦东新区', '广州市天河区'])}{R.randint(1, 300)}号\n受理编号：{LA(dg(14))}")
    if k == "th":
        return (f"แบบคำขอมีบัตรประจำตัวประชาชน (บ.ป.1)\nชื่อ-สกุล {who[0]}\nเลขประจำตัวประชาชน {natid('th')}\nโทรศัพท์ {ph('th')}\nอีเมล {em('th', who)}\n"
                f"ที่อยู่ {R.randint(1, 999)}/{R.randint(1, 99)} ถนนพหลโยธิน {la_postcode('th')}\nเลขที่คำขอ {LA(dg(10))}")
    if k == "vi":
        return (f"TỜ KHAI CĂN CƯỚC (CC01)\nHọ, chữ đệm và tên: {who[0]}\nSố định danh cá nhân: {natid('vi')}\nSố điện thoại: {ph('vi')}\n"
                f"Email: {em('vi', who)}\nNơi thường trú: Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh\nMã hồ sơ: {LA('G' + dg(2) + '.' + dg(2) + '-' + dg(6))}")
    if k == "sg":
        return (f"ICA — Change of Address (e-Service acknowledgement)\nNRIC/FIN: {natid('sg')}\nName: {who[0]}\nMobile: {ph('sg')}\nEmail: {em('sg', who)}\n"
                f"New address: Blk {R.randint(100, 999)} Ang Mo Kio Ave {R.randint(1, 10)} #{R.randint(2, 15):02d}-{R.randint(10, 400)}, Singapore {la_postcode('sg')}\n"
                f"Transaction no.: {LA(alnum(3) + dg(9))}   {la_ts('space')}")
    if k == "he":
        return (f"טופס בקשה לעדכון פרטים — רשות האוכלוסין\nשם מלא: {who[0]}\nמספר זהות: {natid('he')}\nטלפון נייד: {ph('he')}\n"
                f"דואר אלקטרוני: {em('he', who)}\nמספר פנייה: {LA(dg(9))}  תאריך: {la_date('%d/%m/%Y', d)}")
    return (f"HAKEMUS — Kela, asumistuki\nNimi: {who[0]}\nHenkilötunnus: {natid('fi')}\nPuhelin: {ph('fi')}\nSähköposti: {em('fi', who)}\n"
            f"Tilinumero (IBAN): {ib('FI')}\nVuokra {la_amount('fi')}/kk  Hakemusnumero {LA(dg(10))}")


def f_vendor_master():
    rows = []
    hdr = "Vendor No.\tName\tCountry\tVAT ID\tIBAN\tBIC\tContact\tPhone\tE-mail\tTerms\tStatus"
    for _ in range(R.randint(2, 3)):
        loc, cc_ = ch([("cs", "CZ"), ("hu", "HU"), ("el", "GR"), ("fi", "FI"), ("tr", "TR"), ("he", "IL"), ("be", "BE"), ("at", "AT"),
                       ("ch", "CH"), ("sv", "SE"), ("no", "NO"), ("da", "DK"), ("pl", "PL"), ("nl", "NL"), ("es", "ES"), ("it", "IT")])
        who = person(loc)
        bad = coin(0.2)
        iban = la_bad_iban(cc_) if bad else ib(cc_)
        vat = LA({"CZ": "CZ" + dg(8), "HU": "HU" + dg(8), "GR": "EL" + dg(9), "FI": "FI" + dg(8), "TR": dg(10), "IL": dg(9), "BE": "BE0" + dg(9),
                  "AT": "ATU" + dg(8), "CH": "CHE-" + dg(3) + "." + dg(3) + "." + dg(3) + " MWST", "SE": "SE" + dg(10) + "01", "NO": dg(9) + "MVA",
                  "DK": "DK" + dg(8), "PL": "PL" + dg(10), "NL": "NL" + dg(9) + "B01", "ES": "ES" + ch("ABCB") + dg(8), "IT": "IT" + dg(11)}[cc_])
        bic = LA(ch(["KOMB", "GIBA", "OTPV", "ETHN", "NDEA", "TGBA", "LOYD", "GEBA", "BKAU", "UBSW", "HAND", "DNBA", "DABA", "BREX",
                     "INGB", "CAIX", "BCIT"]) + cc_ + alnum(2, "ABCDEFGHJKLMNPRSTUVWXYZ2") + ch(["", "XXX"]))
        rows.append("\t".join([LA(str(R.randint(700000, 799999))), ch(["Vltava", "Duna", "Aegean", "Aurora", "Bosphorus", "Levant", "Brugse", "Alpen",
                                                                     "Norrsken", "Fjord", "Havne", "Wisla", "Grachten", "Txoko", "Laguna"]) + " " +
                               ch(["Trading", "Components", "Logistics", "Services"]), cc_, vat, iban, bic, who[0], ph(loc) if coin(0.6) else "", em(loc, who, True) if coin(0.7) else "",
                               ch(["30 days", "14 days net", "60 EOM"]), "BLOCKED – IBAN check failed" if bad else "active"]))
    return hdr + "\n" + "\n".join(rows)


def f_fixedwidth():
    d = rdate()
    out = [f"RUN DATE {LA(d.strftime('%d/%m/%Y'))}          CARD AUTHORISATION EXCEPTION REPORT               PAGE   {R.randint(1, 9)}",
           f"MERCHANT {LA(dg(7))}  TERMINAL {LA('T' + dg(4))}  BATCH {LA(dg(6))}",
           f"{'SEQ':<5}{'TIME':<10}{'PAN':<24}{'AMOUNT':>10}  {'RC':<4}REASON", "-" * 72]
    for i in range(R.randint(3, 6)):
        t = LA((d + dt.timedelta(minutes=i * R.randint(1, 20))).strftime("%H:%M:%S"))
        r = R.random()
        if r < 0.6:
            pan, rc, why = cc(style=ch(["sp", "compact"])), ch(["05", "51", "54", "61"]), ch(["DO NOT HONOUR", "INSUFFICIENT FUNDS", "EXPIRED CARD", "EXCEEDS LIMIT"])
        elif r < 0.85:
            pan, rc, why = la_bad_card(ch(["sp", "compact"])), "14", "INVALID CARD NUMBER (CHECK DIGIT)"
        else:
            pan, rc, why = la_masked("bin"), "N7", "CVV2 MISMATCH"
        out.append(f"{i + 1:04d} {t:<10}{pad(pan, 24)}{R.randint(1, 99999) / 100:>10,.2f}  {rc:<4}{why}")
    out.append("-" * 72)
    out.append(f"TOTAL EXCEPTIONS {len(out) - 5:>4}     REPORT ID {la_uuid()}")
    return "\n".join(out)


def f_ubl():
    loc, cc_ = ch([("fi", "FI"), ("no", "NO"), ("da", "DK"), ("sv", "SE"), ("be", "BE"), ("nl", "NL"), ("el", "GR"), ("hu", "HU"), ("cs", "CZ"), ("at", "AT")])
    sup, buy = person(loc), person(loc)
    inv = la_invoice()
    d = rdate()
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">',
        "  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>",
        f"  <cbc:ID>{inv}</cbc:ID>", f"  <cbc:IssueDate>{la_date('%Y-%m-%d', d)}</cbc:IssueDate>",
        f"  <cbc:DueDate>{la_date('%Y-%m-%d', d + dt.timedelta(days=30))}</cbc:DueDate>", "  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
        f"  <cbc:BuyerReference>{LA('PO' + dg(6))}</cbc:BuyerReference>",
        "  <cac:AccountingSupplierParty><cac:Party>",
        f"    <cbc:EndpointID schemeID=\"{ch(['0037', '0192', '0184', '0007', '0208', '0106'])}\">{LA(dg(9))}</cbc:EndpointID>",
        f"    <cac:PartyName><cbc:Name>{ch(COMPANIES.get(loc, ['Nordic Components AB']))}</cbc:Name></cac:PartyName>",
        "    <cac:Contact>", f"      <cbc:Name>{sup[0]}</cbc:Name>", f"      <cbc:Telephone>{ph(loc)}</cbc:Telephone>",
        f"      <cbc:ElectronicMail>{em(loc, sup, True)}</cbc:ElectronicMail>", "    </cac:Contact>", "  </cac:Party></cac:AccountingSupplierParty>",
        "  <cac:AccountingCustomerParty><cac:Party>", f"    <cac:Contact><cbc:Name>{buy[0]}</cbc:Name>" + (f"<cbc:ElectronicMail>{em(loc, buy, True)}</cbc:ElectronicMail>" if coin(0.4) else "") + "</cac:Contact>",
        "  </cac:Party></cac:AccountingCustomerParty>",
        "  <cac:PaymentMeans>", "    <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>", f"    <cbc:PaymentID>{rf_ref()}</cbc:PaymentID>",
        f"    <cac:PayeeFinancialAccount><cbc:ID>{ib(cc_, spaced=False)}</cbc:ID></cac:PayeeFinancialAccount>", "  </cac:PaymentMeans>",
        f"  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">{R.randint(100, 90000)}.{dg(2)}</cbc:PayableAmount></cac:LegalMonetaryTotal>",
        "</Invoice>"])


def f_openapi():
    loc = ch(["nz", "sg", "za", "ca", "us", "he", "th", "mx"])
    return "\n".join([
        "openapi: 3.0.3", "info:", f"  title: {ch(['Customer', 'Member', 'Patient'])} API", f"  version: {LA(f'{R.randint(1, 4)}.{R.randint(0, 30)}.{R.randint(0, 9)}')}",
        "  contact:", "    name: API Support", (f"    email: {role_email(loc, 'api')}" if coin(0.5) else "    url: https://status.example.org"), "servers:",
        f"  - url: https://api.{ch(CORP.get(loc, CORP['us']))}/v{R.randint(1, 3)}", "paths:", "  /customers/{id}:", "    get:",
        "      responses:", "        '200':", "          description: OK", "          content:", "            application/json:", "              example:",
        f"                id: {la_uuid()}", f"                email: {em(loc)}", f"                phone: '{ph(loc)}'",
        f"                lastLoginIp: {anyip(0.3) if coin(0.5) else 'null'}", f"                createdAt: '{la_ts('isoz')}'",
        f"                cardNumber: '{cc(ch(['visa', 'mc', 'amex']), 'compact')}'" if coin(0.5) else f"                loyaltyNo: '{LA(dg(16))}'",
        "components:", "  schemas:", "    Customer:", "      type: object", "      properties:", "        phone:", "          type: string",
        "          pattern: '^\\+[1-9]\\d{1,14}$'", f"          example: '{P(e164(loc), PHONE)}'",
        "        ip:", "          type: string", "          format: ipv4", f"          example: {v4('doc')}",
    ] + (["        ipv6:", "          type: string", "          format: ipv6", f"          example: '{v6('doc')}'"] if coin(0.4) else []))


def f_jupyter():
    n = R.randint(3, 15)
    if coin(0.55):
        rows = []
        for _ in range(2):
            loc = ch(["us", "ca", "sg", "nz", "za", "mx"])
            ok = coin(0.7)
            rows.append((LA(str(R.randint(100, 9999))), LA("TX-" + dg(7)), em(loc), cc(style="compact") if ok else la_bad_card("compact"),
                         f"{R.randint(1, 9999)}.{dg(2)}", anyip(0.2), "chargeback" if ok else "invalid_pan"))
        w = [max(len(vis(r[i])) for r in rows) + 2 for i in range(7)]
        hdr = ["", "txn_id", "email", "card_number", "amount", "ip_address", "status"]
        lines = [f"In [{n}]: df[df.status.isin(['chargeback', 'invalid_pan'])].head()", f"Out[{n}]:",
                 "".join(h.rjust(max(w[i], len(h) + 2)) for i, h in enumerate(hdr))]
        for r in rows:
            lines.append("".join(" " * (max(w[i], len(hdr[i]) + 2) - len(vis(x))) + x for i, x in enumerate(r)))
        lines.append("")
        lines.append(f"[{len(rows)} rows x 6 columns]")
        return "\n".join(lines)
    loc = ch(["us", "tr", "cs", "hu", "el", "fi"])
    d = {"id": LA(dg(8)), "email": em(loc), "phone": ph(loc), "signup_ip": anyip(0.3), "score": round(R.random(), 4)}
    if loc == "us":
        d["ssn"] = sn()
    else:
        d["iban"] = ib({"tr": "TR", "cs": "CZ", "hu": "HU", "el": "GR", "fi": "FI"}[loc])
    body = "{" + ", ".join(f"'{k}': " + (f"'{v}'" if isinstance(v, str) else str(v)) for k, v in d.items()) + "}"
    warn = ch(["", f"/opt/conda/lib/python3.11/site-packages/urllib3/connectionpool.py:1103: InsecureRequestWarning: Unverified HTTPS request is being made to host '{v4('p10')}'.\n  warnings.warn(\n"])
    return f"In [{n}]: resp = session.get(f\"{{BASE}}/users/{{uid}}\"); print(resp.status_code); resp.json()\n{warn}200\nOut[{n}]: {body}"


FWD = {"cs": ("-----Původní zpráva-----", "Od", "Odesláno", "Komu", "Kopie", "Předmět", "%A %d. %B %Y %H:%M"),
       "hu": ("-----Eredeti üzenet-----", "Feladó", "Elküldve", "Címzett", "Másolatot kap", "Tárgy", "%Y. %m. %d. %H:%M"),
       "fi": ("-----Alkuperäinen viesti-----", "Lähettäjä", "Lähetetty", "Vastaanottaja", "Kopio", "Aihe", "%d.%m.%Y %H.%M"),
       "el": ("-----Αρχικό μήνυμα-----", "Από", "Στάλθηκε", "Προς", "Κοιν.", "Θέμα", "%d/%m/%Y %H:%M"),
       "tr": ("-----Özgün İleti-----", "Kimden", "Gönderildi", "Kime", "Bilgi", "Konu", "%d.%m.%Y %H:%M"),
       "ru": ("-----Исходное сообщение-----", "От", "Отправлено", "Кому", "Копия", "Тема", "%d.%m.%Y %H:%M"),
       "mx": ("-----Mensaje original-----", "De", "Enviado el", "Para", "CC", "Asunto", "%d/%m/%Y %H:%M"),
       "id": ("-----Pesan Asli-----", "Dari", "Dikirim", "Kepada", "Cc", "Perihal", "%d/%m/%Y %H.%M"),
       "vi": ("-----Thư gốc-----", "Từ", "Đã gửi", "Đến", "Cc", "Chủ đề", "%d/%m/%Y %H:%M"),
       "he": ("-----הודעה מקורית-----", "מאת", "נשלח", "אל", "עותק", "נושא", "%d/%m/%Y %H:%M")}

FWD_BODY = {"cs": ("Dobrý den,\nposílám fakturu {inv} k úhradě. Splatnost {due}.", "S pozdravem", "mobil"),
            "hu": ("Tisztelt Partnerünk!\nMellékelten küldöm a(z) {inv} számú számlát. Fizetési határidő: {due}.", "Üdvözlettel", "mobil"),
            "fi": ("Hei,\nliitteenä lasku {inv}. Eräpäivä {due}.", "Ystävällisin terveisin", "puh."),
            "el": ("Καλημέρα σας,\nσας αποστέλλω το τιμολόγιο {inv}. Λήξη πληρωμής {due}.", "Με εκτίμηση", "κιν."),
            "tr": ("Merhaba,\n{inv} numaralı fatura ektedir. Son ödeme tarihi {due}.", "Saygılarımla", "GSM"),
            "ru": ("Добрый день!\nНаправляю счёт {inv}. Срок оплаты — {due}.", "С уважением", "моб."),
            "mx": ("Buen día,\nle comparto la factura {inv}. Fecha límite de pago: {due}.", "Saludos cordiales", "Cel."),
            "id": ("Selamat siang,\nterlampir invoice {inv}. Jatuh tempo {due}.", "Hormat kami", "HP"),
            "vi": ("Chào anh/chị,\nem gửi hóa đơn {inv}. Hạn thanh toán {due}.", "Trân trọng", "ĐT"),
            "he": ("שלום,\nמצורפת חשבונית {inv}. מועד תשלום {due}.", "בברכה", "נייד")}


def f_fwd_email():
    loc = ch(list(FWD))
    H = FWD[loc]
    B = FWD_BODY[loc]
    a, b, c = person(loc), person(loc), person(loc)
    d = rdate()
    ibcc = {"cs": "CZ", "hu": "HU", "fi": "FI", "el": "GR", "tr": "TR", "he": "IL"}.get(loc)
    sig = [f"{a[0]}", ch(COMPANIES.get(loc, ["Lotus Logistics"])), f"{B[2]} {ph(loc)}"]
    if coin(0.3):
        sig.append(f"tel. {ph(loc)}" if loc not in ("he",) else f"משרד {ph(loc)}")
    if ibcc and coin(0.6):
        sig.append(f"IBAN {ib(ibcc)}")
    top = ch(["FYI, viz níže." if loc == "cs" else "FYI", "Please check and pay, thanks.", "Lásd lent." if loc == "hu" else "See below."])
    return "\n".join([top, "", H[0],
                      f"{H[1]}: {a[0]} <{em(loc, a, True)}>", f"{H[2]}: {LA(d.strftime(H[6]))}",
                      f"{H[3]}: {b[0]} <{em(loc, b, True)}>",
                      (f"{H[4]}: {em(loc, c)}" if coin(0.2) else f"{H[4]}: {c[0]}"),
                      f"{H[5]}: {'RE: ' if coin(0.5) else ''}{la_invoice()}", "",
                      B[0].format(inv=la_invoice(), due=la_date('%d.%m.%Y' if loc in ('cs', 'fi', 'tr', 'ru', 'hu') else '%d/%m/%Y')), "",
                      B[1] + ","] + sig)


def f_mandate():
    k = ch(["es", "nl", "be", "at", "it", "fi", "cs_bill", "hu_bill", "el_bill"])
    who = person(k.split("_")[0] if k.split("_")[0] in NAMES else "es")
    if k == "es":
        return (f"ORDEN DE DOMICILIACIÓN DE ADEUDO DIRECTO SEPA\nReferencia de la orden de domiciliación: {LA('MND' + dg(9))}\n"
                f"Identificador del acreedor: {LA('ES' + dg(2) + '000B' + dg(8))}\nNombre del acreedor: Txoko Energía S.L.\n"
                f"Nombre del deudor: {who[0]}\nNúmero de cuenta - IBAN: {ib('ES')}\nTeléfono: {ph('es')}   Correo: {em('es', who)}\n"
                f"Tipo de pago: Pago recurrente   Fecha – Localidad: {la_date('%d/%m/%Y')} – Bilbao")
    if k == "nl":
        return (f"Doorlopende machtiging SEPA\nNaam incassant: Grachten Energie B.V.\nIncassant ID: {LA('NL' + dg(2) + 'ZZZ' + dg(12))}\n"
                f"Kenmerk machtiging: {LA(alnum(10))}\nNaam: {who[0]}\nIBAN: {ib('NL')}\nTelefoon: {ph('nl')}  E-mail: {em('nl', who)}\n"
                f"Plaats en datum: Utrecht, {la_date('%d-%m-%Y')}")
    if k == "be":
        return (f"Mandat de domiciliation européenne SEPA / Europees domiciliëringsmandaat\nIdentifiant du créancier: {LA('BE' + dg(2) + 'ZZZ0' + dg(9))}\n"
                f"Référence du mandat: {LA(dg(12))}\nNom du débiteur: {who[0]}\nIBAN: {ib('BE')}   BIC: {LA('GEBABEBB')}\n"
                f"Tél.: {ph('be')}   E-mail: {em('be', who)}")
    if k == "at":
        return (f"SEPA-Lastschrift-Mandat (wiederkehrend)\nCreditor-ID: {LA('AT' + dg(2) + 'ZZZ' + dg(11))}\nMandatsreferenz: {LA(dg(10))}\n"
                f"Zahlungspflichtige/r: {who[0]}\nIBAN: {ib('AT')}\nTelefon: {ph('at')}  E-Mail: {em('at', who)}\nOrt, Datum: Graz, {la_date('%d.%m.%Y')}")
    if k == "it":
        return (f"MANDATO PER ADDEBITO DIRETTO SEPA CORE\nCodice identificativo del creditore: {LA('IT' + dg(2) + 'ZZZ0000' + dg(11))}\n"
                f"Riferimento del mandato: {LA(alnum(12))}\nDebitore: {who[0]}\nCodice IBAN: {ib('IT')}\nCellulare: {ph('it')}  Email: {em('it', who)}")
    if k == "fi":
        return (f"SEPA-suoraveloitusvaltuutus\nVelkojan tunniste: {LA('FI' + dg(2) + 'ZZZ' + dg(8))}\nValtuutuksen viite: {LA(dg(12))}\n"
                f"Maksaja: {who[0]}\nIBAN: {ib('FI')}\nPuhelin: {ph('fi')}  Sähköposti: {em('fi', who)}")
    if k == "cs_bill":
        return (f"VYÚČTOVÁNÍ ELEKTŘINY\nZákaznické číslo: {LA(dg(10))}   EAN odběrného místa: {LA('8591824' + dg(11))}\nOdběratel: {who[0]}\n"
                f"Období: {la_date('%-d. %-m. %Y')} – {la_date('%-d. %-m. %Y')}   Spotřeba: {R.randint(800, 5000)} kWh\n"
                f"Přeplatek {la_amount('cs')} vrátíme na účet {ib('CZ')}.\nVariabilní symbol: {LA(dg(10))}\nZákaznická linka {ph('cs')} · {role_email('cs', 'zakaznici')}")
    if k == "hu_bill":
        return (f"GÁZSZÁMLA — elszámoló\nFelhasználási hely azonosító (POD): {LA('39N' + dg(11) + alnum(2))}\nVevő (fizető): {who[0]}\n"
                f"Fizetendő: {la_amount('hu')}   Fizetési határidő: {la_date('%Y.%m.%d.')}\nCsoportos beszedés számláról: {ib('HU')}\n"
                f"Ügyfélszolgálat: {ph('hu')}, {role_email('hu', 'ugyfelszolgalat')}")
    return (f"ΛΟΓΑΡΙΑΣΜΟΣ ΡΕΥΜΑΤΟΣ\nΑρ. παροχής: {LA(dg(1) + ' ' + dg(8) + '-' + dg(2) + ' ' + dg(1))}\nΟνοματεπώνυμο: {who[0]}\n"
            f"Ποσό πληρωμής: {la_amount('el')}   Λήξη: {la_date('%d/%m/%Y')}\nΠάγια εντολή σε IBAN: {ib('GR')}\n"
            f"Εξυπηρέτηση πελατών: {ph('el')}")


def f_cmdb():
    loc = ch(["hu", "cs", "fi", "el", "tr", "za", "nz", "sg"])
    hdr = "asset_tag;hostname;ip_v4;ip_v6;mac;serial;owner;owner_email;owner_phone;location;warranty_end"
    rows = []
    for _ in range(R.randint(2, 3)):
        who = person(loc)
        rows.append(";".join([LA(f"AT-{dg(6)}"), f"{ch(['fin', 'hr', 'dev', 'ops', 'lab'])}-{ch(['ws', 'nb', 'srv'])}-{R.randint(1, 99):02d}",
                              v4(ch(["p10", "p172"])), v6("ula") if coin(0.3) else "", la_mac("-"), LA(alnum(10)), who[0], em(loc, who, True),
                              ph(loc) if coin(0.4) else "", f"{ch(['BUD', 'PRG', 'HEL', 'ATH', 'IST', 'CPT', 'AKL', 'SIN'])}-{R.randint(1, 9)}F",
                              la_date("%Y-%m-%d", rdate(2025, 2028))]))
    return hdr + "\n" + "\n".join(rows)


def f_dispute():
    k = ch(["en", "en", "cs", "hu", "el", "es", "tr", "fi"])
    loc = {"en": ch(["us", "ca", "nz", "za", "sg"]), "cs": "cs", "hu": "hu", "el": "el", "es": ch(["mx", "co", "ar"]), "tr": "tr", "fi": "fi"}[k]
    who = person(loc)
    d = rdate()
    card = cc(ch(["visa", "mc", "mc2", "amex", "disc", "jcb", "cup"]) if loc != "tr" else ch(["visa", "mc"]))
    second = (f" and the replacement card {cc()}" if coin(0.3) else "")
    T = {
        "en": ["CARDHOLDER DISPUTE FORM", f"Cardholder name: {who[0]}", f"Card number: {card}{second}",
               f"Transaction date: {la_date('%m/%d/%Y', d)}   Amount: {la_amount(loc)}   Merchant: {ch(MERCH)}",
               f"Reason: [X] Charged twice  [ ] Not received  [ ] Not authorised   Merchant ref {LA(dg(12))}",
               f"Daytime phone: {ph(loc)}" + (f"   E-mail: {em(loc, who)}" if coin(0.6) else ""),
               f"ARN: {LA(dg(23))}   Case opened {la_ts('space')}"],
        "cs": ["REKLAMACE KARETNÍ TRANSAKCE", f"Držitel karty: {who[0]}", f"Číslo karty: {card}",
               f"Datum transakce: {la_date('%-d. %-m. %Y', d)}   Částka: {la_amount('cs')}   Obchodník: {ch(MERCH)}",
               "Důvod: platba byla stržena dvakrát.", f"Telefon: {ph('cs')}   E-mail: {em('cs', who)}", f"Číslo reklamace: {LA(dg(10))}"],
        "hu": ["KÁRTYAREKLAMÁCIÓS NYOMTATVÁNY", f"Kártyabirtokos: {who[0]}", f"Kártyaszám: {card}",
               f"Tranzakció dátuma: {la_date('%Y.%m.%d.', d)}   Összeg: {la_amount('hu')}", "Panasz oka: a szolgáltatást nem kaptam meg.",
               f"Telefon: {ph('hu')}   E-mail: {em('hu', who)}", f"Ügyazonosító: {LA(dg(9))}"],
        "el": ["ΑΙΤΗΣΗ ΑΜΦΙΣΒΗΤΗΣΗΣ ΣΥΝΑΛΛΑΓΗΣ", f"Κάτοχος: {who[0]}", f"Αριθμός κάρτας: {card}",
               f"Ημ/νία: {la_date('%d/%m/%Y', d)}   Ποσό: {la_amount('el')}", "Αιτία: διπλή χρέωση.",
               f"Τηλ.: {ph('el')}   Email: {em('el', who)}", f"Αρ. υπόθεσης: {LA(dg(9))}"],
        "es": ["FORMULARIO DE CONTRACARGO", f"Titular: {who[0]}", f"Número de tarjeta: {card}{second.replace('and the replacement card', 'y la tarjeta de reposición')}",
               f"Fecha de la operación: {la_date('%d/%m/%Y', d)}   Importe: {la_amount(loc)}", "Motivo: cargo no reconocido.",
               f"Teléfono: {ph(loc)}   Correo: {em(loc, who)}", f"Folio: {LA(dg(10))}"],
        "tr": ["HARCAMA İTİRAZ FORMU", f"Kart sahibi: {who[0]}", f"Kart numarası: {card}",
               f"İşlem tarihi: {la_date('%d.%m.%Y', d)}   Tutar: {la_amount('tr')}", "İtiraz nedeni: mükerrer çekim.",
               f"Cep telefonu: {ph('tr')}   E-posta: {em('tr', who)}", f"Başvuru no: {LA(dg(11))}"],
        "fi": ["KORTTITAPAHTUMAN REKLAMAATIO", f"Kortinhaltija: {who[0]}", f"Kortin numero: {card}",
               f"Tapahtumapäivä: {la_date('%d.%m.%Y', d)}   Summa: {la_amount('fi')}", "Syy: veloitettu kahdesti.",
               f"Puhelin: {ph('fi')}   Sähköposti: {em('fi', who)}", f"Reklamaationumero: {LA(dg(8))}"],
    }[k]
    if coin(0.4):
        T.insert(3, f"{'Previous (cancelled) card' if k == 'en' else 'Old card'}: {la_bad_card()}  — rejected by the form validator")
    return "\n".join(T)


def f_cms1500():
    who, pat = person("us"), person("us")
    return "\n".join([
        "HEALTH INSURANCE CLAIM FORM (CMS-1500 02/12) — text export",
        f"1a. INSURED'S I.D. NUMBER: {LA(alnum(3, 'ABCDEFGHJKLMNPRSTUVWXYZ') + dg(9))}",
        f"2. PATIENT'S NAME: {pat[0].split()[-1].upper()}, {pat[0].split()[0].upper()}   3. DOB: {la_date('%m %d %Y', rdate(1940, 2015))}",
        f"5. PATIENT'S ADDRESS: {R.randint(10, 9999)} {ch(['Birch Ln', 'Granite Rd', 'Harbor View Dr'])}, {ch(['Portland, ME', 'Macon, GA', 'Fresno, CA'])} {la_postcode('us')}   TELEPHONE: {ph('us', 'paren')}",
        f"11. INSURED'S POLICY GROUP OR FECA NUMBER: {LA(dg(7))}",
        f"21. DIAGNOSIS: A. {ch(['M54.50', 'J06.9', 'E11.9', 'I10'])}   B. {ch(['Z00.00', 'R51.9', 'K21.9'])}",
        f"24. DOS {la_date('%m/%d/%y')}  CPT {ch(['99213', '99214', '97110', '81002'])}  CHARGES {la_amount('us')}  NPI {LA(dg(10))}",
        f"25. FEDERAL TAX I.D. NUMBER: [X] SSN [ ] EIN   {sn()}",
        f"26. PATIENT'S ACCOUNT NO.: {LA(dg(8))}",
        f"33. BILLING PROVIDER INFO & PH #: {who[0]}, {ch(['DPT', 'MD', 'DO', 'LCSW'])}   " + (ph('us', 'paren') if coin(0.5) else "(see NPI registry)")])


def f_tax_intake():
    who, sp = person("us"), person("us")
    kids = [person("us") for _ in range(R.randint(0, 2))]
    lines = [f"Subject: {ch(['2023', '2024'])} return — intake notes for {who[0]}", "",
             f"Client: {who[0]}   SSN {sn()}   DOB {la_date('%m/%d/%Y', rdate(1950, 1995))}",
             f"Spouse: {sp[0]}   SSN {sn()}" if coin(0.7) else f"Spouse: n/a (single)",
             f"Phone: {ph('us')}  |  E-mail: {em('us', who)}"]
    for c in kids:
        lines.append(f"Dependent: {c[0].split()[0]} {who[0].split()[-1]}, age {R.randint(1, 17)}, SSN {sn()}")
    lines += [f"W-2 from {ch(COMPANIES['us'])} (EIN {la_ein()}), box 1 {la_amount('us')}",
              f"1099-INT from {ch(['Ally', 'Discover', 'Capital One'])} acct ending {LA(dg(4))}: {la_amount('us')}",
              f"Prior-year AGI {la_amount('us')}; IP PIN {LA(dg(6))}; refund by direct deposit, routing {LA('0' + dg(8))}.",
              f"Note: the ITIN {la_itin()} on last year's 1040 belonged to the previous preparer's test file — ignore."]
    return "\n".join(lines)


# ============================================================================ shapes: prose and negatives
def f_prose():
    k = R.randint(0, 17)
    loc = ch(["us", "ca", "za", "nz", "sg"])
    who = person(loc)
    first = who[0].split()[0]
    if k == 0:
        return f"Is {em(loc, who)} still the best way to reach you, or should I use {ph(loc)} from now on?"
    if k == 1:
        l2 = ch(["cs", "hu", "el", "fi"])
        return (f"To do before Friday:\n- call the landlord ({ph(l2)}), flat {LA(str(R.randint(1, 40)))}, ref {la_ticket()}\n"
                f"- forward the lease to {em(l2)}\n- pay the deposit ({la_amount(l2)}) to {ib({'cs': 'CZ', 'hu': 'HU', 'el': 'GR', 'fi': 'FI'}[l2])}\n"
                f"- NOT to {la_bad_iban({'cs': 'CZ', 'hu': 'HU', 'el': 'GR', 'fi': 'FI'}[l2])} — that one bounced last time")
    if k == 2:
        return (f"Our new office manager (reachable at {ph(loc, ext=loc in ('us', 'ca'))} — ask for {first}) will hand out keys; "
                f"badge numbers {LA(dg(6))}–{LA(dg(6))} are already assigned.")
    if k == 3:
        l2, c2 = ch([("tr", "TR"), ("he", "IL"), ("el", "GR"), ("hu", "HU")])
        return (f"The refund of {la_amount(l2)} was sent to {ib(c2)} on {la_date('%d %B %Y')}; a receipt has been e-mailed to {em(l2)} "
                f"under case {la_ticket()}.")
    if k == 4:
        return f"«Позвони мне на {ph('ru')}, только не после десяти», — сказала {person('ru')[0].split()[0]} и продиктовала ещё почту: {em('ru')}."
    if k == 5:
        return f"lol ok my new # is {ph(loc, style=ch(['dash', 'dot', 'paren_ns']) if loc in ('us', 'ca') else None)} txt me, the old one died w/ my phone 🙃"
    if k == 6:
        return f"{person('he')[0]} ביקשה שנחזור אליה במספר {ph('he')} או בכתובת {em('he')} עד יום חמישי."
    if k == 7:
        return f"服务器{v4(ch(['p10', 'pub']))}昨晚宕机了两次，IPv6地址{v6('glob')}也无法访问，请联系运维{person('zh')[0]}（{ph('zh')}）。工单号{LA(dg(10))}。"
    if k == 8:
        return f"แจ้งปัญหาอินเทอร์เน็ต IP {v4('cgnat')} ใช้งานไม่ได้ตั้งแต่ {R.randint(8, 22)}:00 น. ติดต่อกลับที่ {ph('th')} รหัสลูกค้า {LA(dg(9))}"
    if k == 9:
        return f"Anh {person('vi')[0]} nhờ chuyển lời: gọi lại số {ph('vi')} hoặc gửi mail về {em('vi')}, mã khách hàng {LA('KH' + dg(6))}."
    if k == 10:
        return (f"He typed his SSN, {sn()}, straight into the chat window even though the banner says not to; the ITIN {la_itin()} "
                f"he mentioned belongs to his brother.")
    if k == 11:
        return (f"The card ending {LA(dg(4))} is fine; the one that failed is {cc()} (not {la_bad_card()}, which is what the form "
                f"auto-filled).")
    if k == 12:
        return (f"Traffic from {v4('pub')} and {v6('glob')} spiked around {la_ts('syslog')}; the {la_bad_ip()} in the ticket is a typo and "
                f"port {la_port()} was never open.")
    if k == 13:
        return (f"Unlike {role_email(loc, 'info')}, the {role_email(loc, 'support')} inbox is monitored on weekends — "
                f"or ring {ph(loc)} if it's urgent.")
    if k == 14:
        return (f"If {ph(loc)} doesn't pick up, try the front desk on {ph(loc)}; room {LA(str(R.randint(100, 999)))}, "
                f"booking {la_pnr()}.")
    if k == 15:
        l2 = ch(["tr", "el", "cs", "hu", "fi", "id"])
        return {"tr": lambda: f"Yarın sabah {ph('tr')} numarasından sizi arayacağım; olmazsa {em('tr')} adresine yazın. Dosya no {LA(dg(8))}.",
                "el": lambda: f"Αν δεν απαντήσω στο {ph('el')}, στείλτε μου στο {em('el')} — ο αριθμός φακέλου είναι {LA(dg(7))}.",
                "cs": lambda: f"Kdyby něco, jsem k zastižení na {ph('cs')} nebo na {em('cs')}; číslo zakázky {LA(dg(8))}.",
                "hu": lambda: f"Ha nem érnek el a {ph('hu')} számon, írjanak a(z) {em('hu')} címre. Ügyszám: {LA(dg(8))}.",
                "fi": lambda: f"Soitathan numeroon {ph('fi')}, jos paketti {la_tracking()} ei tule perjantaihin mennessä.",
                "id": lambda: f"Kalau {ph('id')} tidak aktif, hubungi saja {em('id')} ya. Nomor tiket {la_ticket()}."}[l2]()
    if k == 16:
        l2 = ch(["sg", "nz", "za", "mx", "co", "ar"])
        return (f"Voicemail transcript ({la_duration()}): \"Hi, it's {person(l2)[0].split()[0]} — please call me back on {ph(l2)}, "
                f"my reference is {LA(dg(8))}. You can also e-mail {em(l2)}. Thanks, bye.\"")
    return (f"Three numbers on the sticky note: {ph(loc)} (mobile), {LA(dnz(10))} (the order number, not a phone!) and "
            f"{LA(dg(4))} (door code).")


def f_neg():
    k = R.randint(0, 9)
    if k == 0:
        out = []
        for _ in range(R.randint(2, 4)):
            s = f"GPGGA,{LA(f'{R.randint(0, 23):02d}{R.randint(0, 59):02d}{R.randint(0, 59):02d}')},{R.randint(0, 89):02d}{R.randint(0, 59):02d}.{dg(3)},N,{R.randint(0, 179):03d}{R.randint(0, 59):02d}.{dg(3)},E,1,{R.randint(4, 12):02d},{R.uniform(0.5, 2):.1f},{R.uniform(1, 900):.1f},M,{R.uniform(1, 60):.1f},M,,"
            c = 0
            for x in s:
                c ^= ord(x)
            out.append(f"${s}*{c:02X}")
        return "\n".join(out)
    if k == 1:
        return (f"Specimen ID {LA(dg(13))}  Collected {la_ts('space')}\nHemoglobin {R.uniform(11, 17):.1f} g/dL (13.5–17.5)\n"
                f"WBC {R.uniform(3, 12):.1f} x10^9/L (4.0–11.0)\nPlatelets {R.randint(140, 450)} x10^9/L\nMRN {LA(dg(8))}  Accession {LA('A' + dg(9))}")
    if k == 2:
        rows = [f"{ch('ABCDE')}-{R.randint(1, 40):02d}-{R.randint(1, 9):02d}-{R.randint(1, 6)}\t{la_sku()}\t{la_ean()}\t{R.randint(1, 24)}" for _ in range(4)]
        return "PICK LIST " + la_order("") + "\nBIN\tSKU\tEAN\tQTY\n" + "\n".join(rows)
    if k == 3:
        return (f"Loan slip — due {la_date('%d.%m.%Y')}\n" + "\n".join(f"ISBN {la_isbn()}  barcode {LA('3' + dg(13))}" for _ in range(R.randint(2, 3))))
    if k == 4:
        return (f"requests=={la_version().lstrip('v')}\nurllib3>={R.randint(1, 2)}.{R.randint(0, 26)}.{R.randint(0, 20)}\n"
                f"# sha256:{la_sha(64)}\nFROM python:3.12-slim@sha256:{la_sha(64)}\nLABEL build=\"{la_build_quad()}\" commit=\"{la_sha(40)}\"")
    if k == 5:
        return (f"Gift card {la_bad_card('sp')} (PIN {LA(dg(4))}) — balance {la_amount('us')}. Part no. {la_bad_ssn()}, "
                f"lot {la_bad_ssn()}, expires {la_date('%m/%y')}.")
    if k == 6:
        return (f"Router firmware {la_build_quad()} (build {LA(dg(8))}) installed; previous {la_version()}. "
                f"OID {la_oid()} now returns {R.randint(0, 99999)}. Uptime {la_duration()}.")
    if k == 7:
        return (f"Dep 07:{R.randint(10, 59)} Platform {R.randint(1, 12)} Train {LA(dg(4))} → arr {R.randint(8, 11)}:{R.randint(10, 59)}\n"
                f"Dep {R.randint(12, 16)}:{R.randint(10, 59)} Platform {R.randint(1, 12)} Train {LA(dg(4))} → arr {R.randint(17, 20)}:{R.randint(10, 59)}\n"
                f"Coordinates of the station: {la_coords()}")
    if k == 8:
        return (f"Transfer reference {rf_ref()} — the account {la_bad_iban(ch(['DE', 'FR', 'CZ', 'HU']))} was rejected "
                f"(checksum), amount {la_amount('fi')}, invoice {la_invoice()}, tracking {la_tracking()}.")
    return (f"Results {la_date('%Y-%m-%d')}: Home {R.randint(0, 5)}–{R.randint(0, 5)} Away, attendance {R.randint(1000, 60000):,}; "
            f"ticket {LA(dnz(10))}; seat {ch('ABCDEFG')}{R.randint(1, 40)}; match ID {la_uuid()}; epoch {la_ts('epoch')}.")


# ============================================================================ checks
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^(?:\+|\(\+\d{1,3}\) )?[\d ().\-/]+(?:(?: ?x| ext\.? | Ext\. )\d{2,5})?$")


def valid(kind, v):
    if kind == EMAIL:
        loc = v.split("@")[0]
        return bool(EMAIL_RE.match(v)) and ".." not in v and not loc.startswith(".") and not loc.endswith(".")
    if kind == PHONE:
        core = re.split(r" ?(?:x|ext\.?|Ext\.) ?\d+$", v)[0]
        n = len(re.sub(r"\D", "", core))
        return bool(PHONE_RE.match(v)) and 7 <= n <= 15 and v[-1].isdigit()
    if kind == IP:
        try:
            ipaddress.ip_address(v)
            return True
        except ValueError:
            return False
    if kind == CARD:
        return bool(re.fullmatch(r"[\d -]+", v)) and card_valid(re.sub(r"\D", "", v))
    if kind == IBAN:
        return iban_ok(v) and (v == v.replace(" ", "") or v == group4(v.replace(" ", "")))
    if kind == SSN:
        return ssn_ok(v)
    return False


SCAN_CARD = re.compile(r"(?<!\d)(\d{12,19}|\d{4}([ -])\d{4}\2\d{4}\2\d{1,7}|\d{4}([ -])\d{6}\3\d{4,5})(?!\d)")
SCAN_SSN = re.compile(r"(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])")
SCAN_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}")
SCAN_V4 = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?!\w|\.\d)")
SCAN_V6 = re.compile(r"(?<![\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?)(?![\w:])")
SCAN_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def check(doc):
    t, spans = doc["text"], doc["spans"]
    prev = 0
    for s in spans:
        a, b, k = s["start"], s["end"], s["type"]
        v = t[a:b]
        if a < prev or not v or v != v.strip():
            return f"overlap/empty {k} {v!r}"
        prev = b
        if not valid(k, v):
            return f"invalid {k} {v!r}"
        before, after = t[a - 1:a] if a else "", t[b:b + 1]
        if re.match(r"[A-Za-z0-9]", before) or re.match(r"[A-Za-z0-9]", after):
            return f"boundary {k} {t[max(0, a - 3):b + 3]!r}"
        if k == EMAIL and (before in "._%+-" and before) or (k == EMAIL and after == "@"):
            return f"email boundary {t[max(0, a - 3):b + 3]!r}"
        if k in (IP, PHONE, CARD, SSN) and (t[b:b + 2].startswith(".") and t[b + 1:b + 2].isdigit()):
            return f"trailing digits {k} {v!r}"
        if k in (PHONE, CARD, SSN) and (before in "+-" and before):
            return f"leading sign {k} {v!r}"
    masked = list(t)
    for s in spans:
        for i in range(s["start"], s["end"]):
            masked[i] = "\u2592"
    m = "".join(masked)
    allow = lambda x: any(x in al for al in _ALLOW)
    for g in SCAN_CARD.finditer(m):
        if card_valid(re.sub(r"\D", "", g.group(0))) and not allow(g.group(0)):
            return f"stray card {g.group(0)!r}"
    for g in SCAN_SSN.finditer(m):
        x = g.group(0).replace(" ", "-")
        if ssn_ok(x) and not allow(g.group(0)):
            return f"stray ssn {g.group(0)!r}"
    for g in SCAN_IBAN.finditer(m):
        c = g.group(0).replace(" ", "")
        L = IBAN_LEN.get(c[:2])
        if L and len(c) >= L and iban_ok(c[:L]):
            return f"stray iban {g.group(0)!r}"
    for g in SCAN_V4.finditer(m):
        try:
            ipaddress.IPv4Address(g.group(1))
        except ValueError:
            continue
        if not allow(g.group(1)):
            return f"stray ipv4 {g.group(1)!r}"
    for g in SCAN_V6.finditer(m):
        x = g.group(1)
        if x.count(":") < 2:
            continue
        try:
            ipaddress.IPv6Address(x)
        except ValueError:
            continue
        return f"stray ipv6 {x!r}"
    for g in SCAN_EMAIL.finditer(m):
        if not allow(g.group(0)):
            return f"stray email {g.group(0)!r}"
    if "\ue000" in t or "\ue001" in t:
        return "marker leak"
    return None


# ============================================================================ main
CHAT_LANGS = ["es", "tr", "vi", "id", "sw", "el", "cs", "hu", "fi", "he", "ru", "zh", "th"]

PLAN = [
    (f_cloudtrail, 7), (f_vpcflow, 3), (f_gcp_audit, 4), (f_azure, 4), (f_k8s_audit, 4), (f_ecs, 4), (f_exim, 4),
    (f_ssh, 5), (f_iptables, 3), (f_pf, 2), (f_dhcpd, 3), (f_netcfg, 4), (f_wireguard, 2), (f_zeek, 2),
    (f_suricata, 4), (f_radius, 3), (f_kv_store, 4), (f_logcat, 4), (f_edge, 4), (f_nmap, 2), (f_windhcp, 2),
    (f_crm, 5), (f_insurance, 8), (f_appointment, 14), (f_roster, 3), (f_realestate, 8), (f_classified, 14),
    (f_cv, 7), (f_bank_sms, 7), (f_otp, 8), (f_order, 7), (f_ticket, 7), (f_govform, 12), (f_vendor_master, 3),
    (f_fixedwidth, 7), (f_ubl, 3), (f_openapi, 3), (f_jupyter, 4), (f_fwd_email, 5), (f_mandate, 9), (f_cmdb, 2),
    (f_dispute, 14), (f_cms1500, 6), (f_tax_intake, 8), (f_prose, 13), (f_neg, 23),
] + [((lambda l: (lambda: f_chat(l)))(l), 2) for l in CHAT_LANGS]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "pii-fresh.jsonl")
    docs, fails, n_la = [], collections.Counter(), 0
    for fn, n in PLAN:
        for _ in range(n):
            for attempt in range(300):
                _ALLOW.clear()
                _LA.clear()
                doc = finish(fn())
                why = check(doc)
                if why is None:
                    break
                fails[why.split(" ")[0] + " " + why.split(" ")[1]] += 1
                if os.environ.get("PII_FRESH_DEBUG"):
                    print("redraw:", why, file=sys.stderr)
            else:
                raise SystemExit(f"could not draw a valid document from {fn}")
            for s in doc["spans"]:   # explicit offset re-check against the value drawn
                assert doc["text"][s["start"]:s["end"]].strip() == doc["text"][s["start"]:s["end"]]
            masked = list(doc["text"])
            for s in doc["spans"]:
                masked[s["start"]:s["end"]] = ["\u2592"] * (s["end"] - s["start"])
            masked = "".join(masked)
            n_la += sum(1 for v in _LA if v and v in masked)   # look-alikes that made it into the text
            docs.append(doc)
    R.shuffle(docs)
    with open(out, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    cnt = collections.Counter(s["type"] for d in docs for s in d["spans"])
    print(f"wrote {len(docs)} lines to {out}")
    print("spans:", sum(cnt.values()), dict(sorted(cnt.items())))
    print("unlabelled look-alikes in text:", n_la, " redraws:", dict(fails))


if __name__ == "__main__":
    main()
