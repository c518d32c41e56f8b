//! A running `planverk serve` for black-box tests over plain HTTP: start it on a free port,
//! fetch pages, follow the live-reload event stream, and read what it printed to the terminal.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any wait may take.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running `planverk serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// The first line it printed: `Serving … at http://127.0.0.1:PORT/ (Ctrl+C to stop)`.
    pub banner: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planverk"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start planverk serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (pipe, into) = (child.stderr.take().expect("stderr"), Arc::clone(&stderr));
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = into.lock().unwrap_or_else(|e| e.into_inner());
                all.push_str(&line);
                all.push('\n');
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let banner = rx.recv_timeout(WAIT).unwrap_or_else(|_| panic!("planverk serve printed no line within {WAIT:?}"));
        let port = banner.split("http://127.0.0.1:").nth(1).and_then(|rest| rest.split('/').next()).and_then(|p| p.parse().ok());
        let port = port.unwrap_or_else(|| panic!("no port in the line {banner:?}"));
        Server { child, port, banner, stderr }
    }

    pub fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    /// Fetches `path` until `pred` holds, for at most [`WAIT`].
    pub fn poll(&self, path: &str, what: &str, pred: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if pred(&reply) {
                return reply;
            }
            assert!(started.elapsed() < WAIT, "{what}: not within {WAIT:?}; last reply to {path}:\n{reply:?}\nterminal:\n{}", self.terminal());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Everything the server printed to stderr so far.
    pub fn terminal(&self) -> String {
        self.stderr.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits until the terminal output satisfies `pred`.
    pub fn wait_terminal(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let text = self.terminal();
            if pred(&text) {
                return text;
            }
            assert!(started.elapsed() < WAIT, "{what}: not in the terminal within {WAIT:?}:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// The value of the header `name` (any case), trimmed.
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.head.lines().find(|l| l.to_ascii_lowercase().starts_with(&prefix)).map(|l| l[prefix.len()..].trim().to_string())
    }
}

/// A minimal HTTP/1.1 GET; the path is sent exactly as given. Errors are returned, not
/// panicked on, so load tests can count them.
pub fn try_get(port: u16, path: &str) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_read_timeout(Some(WAIT))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(Reply { status, head: head.to_string(), body: body.to_string() })
}

pub fn get(port: u16, path: &str) -> Reply {
    try_get(port, path).unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// Reads the event stream on its own thread; each `data:` line arrives on the channel.
pub fn events(port: u16) -> Receiver<serde_json::Value> {
    events_for(port, "")
}

/// The event stream as a tab sees it: `query` names its page and the generation it was
/// served in (`?path=/om/&since=3`), so `reload` says whether that page changed.
pub fn events_for(port: u16, query: &str) -> Receiver<serde_json::Value> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect to the event stream");
    write!(stream, "GET /__planverk/events{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send request");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ")
                && tx.send(serde_json::from_str(data).unwrap_or(serde_json::Value::Null)).is_err()
            {
                return;
            }
        }
    });
    rx
}

/// The first event for which `pred` holds, within [`WAIT`].
pub fn next_event(rx: &Receiver<serde_json::Value>, what: &str, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let started = Instant::now();
    let mut last = serde_json::Value::Null;
    while let Some(left) = WAIT.checked_sub(started.elapsed()) {
        match rx.recv_timeout(left) {
            Ok(event) if pred(&event) => return event,
            Ok(event) => last = event,
            Err(e) => panic!("{what}: no such event ({e}); the last one was {last}"),
        }
    }
    panic!("{what}: no such event within {WAIT:?}; the last one was {last}");
}
