//! A tiny HTTP/1.1 server for the gcp-kms and azure-kv tests: a *recorded fixture*, not
//! the real service. Each test gives it a handler that checks a request against the
//! shape the public API documentation gives (method, path, headers, exact JSON fields)
//! and answers with the documented response shape, doing real cryptography so that
//! round trips are genuine. A request the handler finds wrong is answered with 400
//! `FIXTURE_VIOLATION` and recorded, so a test fails with the reason.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{json, Value};

/// One request as the fixture received it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// The query string (without `?`), empty if none.
    pub query: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, or `Null` if it is not JSON.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// The fixture's answer.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    pub body: Value,
}

impl Response {
    pub(crate) fn ok(body: Value) -> Self {
        Response { status: 200, body }
    }

    /// A request that does not match the documented shape.
    pub(crate) fn violation(msg: impl Into<String>) -> Self {
        let msg = msg.into();
        Response {
            status: 400,
            body: json!({"error": {"code": 400, "status": "FIXTURE_VIOLATION", "message": msg}}),
        }
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

pub(crate) struct FixtureServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    hits: Arc<AtomicUsize>,
    violations: Arc<Mutex<Vec<String>>>,
}

impl FixtureServer {
    pub(crate) fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind fixture server");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr");
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(AtomicUsize::new(0));
        let violations = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = {
            let (stop, hits, violations) = (stop.clone(), hits.clone(), violations.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((s, _)) => {
                            let (h, hits, v) = (handler.clone(), hits.clone(), violations.clone());
                            std::thread::spawn(move || serve(s, &*h, &hits, &v));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        FixtureServer {
            addr,
            stop,
            thread: Some(thread),
            hits,
            violations,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests answered so far.
    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub(crate) fn violations(&self) -> Vec<String> {
        self.violations.lock().expect("lock").clone()
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(s: TcpStream, h: &Handler, hits: &AtomicUsize, violations: &Mutex<Vec<String>>) {
    let _ = s.set_nonblocking(false);
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(mut w) = s.try_clone() else { return };
    let mut r = BufReader::new(s);
    let mut line = String::new();
    if r.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return;
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (target.to_owned(), String::new()),
    };
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        if r.read_line(&mut l).is_err() || l.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let len = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    if r.read_exact(&mut body).is_err() {
        return;
    }
    let req = Request {
        method: method.to_owned(),
        path,
        query,
        headers,
        body,
    };
    hits.fetch_add(1, Ordering::SeqCst);
    let resp = h(&req);
    if resp.body["error"]["status"] == "FIXTURE_VIOLATION" {
        violations.lock().expect("lock").push(format!(
            "{} {}: {}",
            req.method, req.path, resp.body["error"]["message"]
        ));
    }
    let body = resp.body.to_string();
    let reason = match resp.status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let _ = write!(
        w,
        "HTTP/1.1 {} {reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        resp.status,
        body.len()
    );
    let _ = w.flush();
}

/// Checks that `v` is a JSON object with exactly `fields` (the documented request body).
pub(crate) fn exact_fields(v: &Value, fields: &[&str]) -> Result<(), String> {
    let obj = v.as_object().ok_or("body is not a JSON object")?;
    let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
    got.sort_unstable();
    let mut want = fields.to_vec();
    want.sort_unstable();
    if got != want {
        return Err(format!("body fields {got:?}, documented {want:?}"));
    }
    Ok(())
}
