//! Asking the hosts: one GET per link (ureq; redirects followed up to ten), several hosts
//! at a time and at most `per_host` requests to one host at a time, each bounded by the
//! timeout. Nothing is read past the status line and headers.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::model::config::LinkChecker;

/// Hosts asked at the same time.
const HOSTS_AT_ONCE: usize = 8;

/// How a link answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A status below 400, after any redirects.
    Ok(u16),
    /// An HTTP error status (404, 410, 500, …).
    Status(u16),
    Timeout(u64),
    Tls(String),
    TooManyRedirects,
    /// No connection: no such host, refused, reset.
    Unreachable(String),
}

impl Answer {
    /// The rest of "the link … ": what went wrong, in plain words.
    pub fn describe(&self) -> String {
        match self {
            Answer::Ok(s) => format!("answered {s}"),
            Answer::Status(s) => format!("answered HTTP {s} {}", reason(*s)),
            Answer::Timeout(secs) => format!("gave no answer within {secs} s"),
            Answer::Tls(e) => format!("failed its TLS (https) handshake: {e}"),
            Answer::TooManyRedirects => "redirects more than ten times (or in a circle)".into(),
            Answer::Unreachable(e) => format!("could not be reached: {e}"),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Asks every URL of `by_host` (host → its URLs); the answers by URL.
pub fn fetch_all(by_host: &BTreeMap<String, Vec<String>>, settings: &LinkChecker) -> BTreeMap<String, Answer> {
    let timeout = settings.timeout.max(1);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(timeout)))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("planverk-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let hosts: Mutex<Vec<&Vec<String>>> = Mutex::new(by_host.values().rev().collect());
    let answers = Mutex::new(BTreeMap::new());
    let per_host = settings.per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..HOSTS_AT_ONCE.min(by_host.len()) {
            scope.spawn(|| {
                while let Some(urls) = lock(&hosts).pop() {
                    let queue = Mutex::new(urls.iter().rev().collect::<Vec<_>>());
                    std::thread::scope(|inner| {
                        for _ in 0..per_host.min(urls.len()) {
                            inner.spawn(|| {
                                while let Some(url) = lock(&queue).pop() {
                                    let answer = ask(&agent, url, timeout);
                                    lock(&answers).insert(url.clone(), answer);
                                }
                            });
                        }
                    });
                }
            });
        }
    });
    answers.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn ask(agent: &ureq::Agent, url: &str, timeout: u64) -> Answer {
    match agent.get(url).call() {
        Ok(response) => {
            let status = response.status().as_u16();
            if status < 400 { Answer::Ok(status) } else { Answer::Status(status) }
        }
        Err(ureq::Error::Timeout(_)) => Answer::Timeout(timeout),
        Err(ureq::Error::TooManyRedirects) => Answer::TooManyRedirects,
        Err(e @ (ureq::Error::Tls(_) | ureq::Error::Rustls(_))) => Answer::Tls(e.to_string()),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => Answer::Timeout(timeout),
        // rustls reports a handshake that went wrong as invalid data on the connection.
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData && url.to_ascii_lowercase().starts_with("https:") => Answer::Tls(e.to_string()),
        Err(e) => {
            let text = e.to_string();
            if text.to_ascii_lowercase().contains("tls") || text.contains("certificate") { Answer::Tls(text) } else { Answer::Unreachable(text) }
        }
    }
}
