//! `planverk check --external` against a local HTTP server the test starts (never the
//! internet): a page that answers, one that is gone, a chain of redirects, one too slow
//! for the timeout, an https link to a server that speaks no TLS, a skipped host; and the
//! cache, which keeps a second run from asking a link that answered well.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A local server counting the requests to each path.
struct Local {
    port: u16,
    /// A server that answers anything with plain text: no TLS handshake can succeed.
    plain: u16,
    hits: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Local {
    fn start() -> Local {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("listen"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let hits: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
        for _ in 0..4 {
            let (server, hits) = (Arc::clone(&server), Arc::clone(&hits));
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let path = request.url().to_string();
                    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
                    let redirect = |to: &str| {
                        tiny_http::Response::from_string("").with_status_code(301).with_header(tiny_http::Header::from_bytes("Location", to).unwrap())
                    };
                    let _ = match path.as_str() {
                        "/ok" => request.respond(tiny_http::Response::from_string("hei")),
                        "/gone" => request.respond(tiny_http::Response::from_string("borte").with_status_code(404)),
                        "/moved" => request.respond(redirect("/moved-again")),
                        "/moved-again" => request.respond(redirect("/ok")),
                        "/moved-to-nothing" => request.respond(redirect("/gone")),
                        "/slow" => {
                            std::thread::sleep(Duration::from_secs(4));
                            request.respond(tiny_http::Response::from_string("sent"))
                        }
                        _ => request.respond(tiny_http::Response::from_string("?").with_status_code(500)),
                    };
                }
            });
        }
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
        let plain = listener.local_addr().expect("address").port();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                use std::io::Write;
                let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            }
        });
        Local { port, plain, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn site(local: &Local) -> common::Site {
    let config = "title = \"T\"\nbase_url = \"https://test.example.org\"\n\n[link_checker]\ntimeout = 1\nper_host = 2\nskip = [\"lovdata.no\"]\n";
    let body = format!(
        "Se [denne]({ok}) og [den]({gone}).\n\nOmdirigert: [her]({moved}), [der]({nothing}).\n\n[Treg]({slow}), [TLS](https://127.0.0.1:{port}/ok), \
         [loven](https://lovdata.no/dokument/NL/lov/1999-07-02-61), [vår egen](https://test.example.org/x/).\n",
        ok = local.url("/ok"),
        gone = local.url("/gone"),
        moved = local.url("/moved"),
        nothing = local.url("/moved-to-nothing"),
        slow = local.url("/slow"),
        port = local.plain,
    );
    common::Site::new().config(config).page("content/_index.md", "title: Hjem", "").page("content/a.md", "title: A", &body)
}

#[test]
fn dead_links_are_warnings_at_their_place_and_good_ones_are_cached() {
    let local = Local::start();
    let site = site(&local);
    let (run, diags) = {
        let run = site.cmd("check", &["--external", "--format", "json"]);
        let diags: Vec<common::Diag> = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.describe()));
        (run, diags)
    };
    assert_eq!(run.code, Some(0), "warnings don't fail the check:\n{}", run.describe());
    let dead: Vec<&common::Diag> = diags.iter().filter(|d| d.code == "W-DEAD-LINK").collect();
    let said = |needle: &str| dead.iter().find(|d| d.message.contains(needle)).unwrap_or_else(|| panic!("no warning naming {needle}: {dead:#?}"));
    let gone = said("/gone ");
    assert!(gone.message.contains("404"), "{}", gone.message);
    let column = format!("Se [denne]({}) og ", local.url("/ok")).chars().count() as u32 + 1;
    assert_eq!(gone.at(), ("content/a.md", 4, column), "the place of the link");
    assert!(said("/moved-to-nothing").message.contains("404"), "a redirect chain ends at its last answer");
    assert!(said("/slow").message.contains("within 1 s"));
    let tls = said("https://127.0.0.1");
    assert!(tls.message.contains("TLS"), "{}", tls.message);
    assert_eq!(dead.len(), 4, "{dead:#?}");
    assert!(run.stderr.contains("2 skipped"), "lovdata.no and the site's own host:\n{}", run.stderr);
    // Once for itself, once at the end of the redirect chain.
    assert_eq!(local.hits("/ok"), 2);
    assert_eq!(local.hits("/moved"), 1);

    // The second run asks only what did not answer well.
    let again = site.cmd("check", &["--external"]);
    assert_eq!(again.code, Some(0), "{}", again.describe());
    assert_eq!(local.hits("/ok"), 2, "a link that answered well was asked again");
    assert_eq!(local.hits("/moved"), 1, "a redirected link that answered well was asked again");
    // Itself and the end of /moved-to-nothing, in each run.
    assert_eq!(local.hits("/gone"), 4, "a dead link is asked every time");
    assert!(site.root().join(".planverk/links.json").is_file());
}

#[test]
fn strict_makes_dead_links_errors() {
    let local = Local::start();
    let site = common::Site::new().page("content/_index.md", "title: Hjem", &format!("[x]({})\n", local.url("/gone")));
    let run = site.cmd("check", &["--external", "--strict"]);
    assert_eq!(run.code, Some(1), "{}", run.describe());
    assert!(run.stderr.contains("E-DEAD-LINK") && run.stderr.contains("404"), "{}", run.describe());
    // Without --external no link is asked.
    site.check().assert_ok();
    assert_eq!(local.hits("/gone"), 1);
}
