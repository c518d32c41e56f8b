//! `planverk serve`: builds the site into memory, serves it on 127.0.0.1 and rebuilds when
//! a file changes, with live reload and build errors shown over the page.
//!
//! 1. [`build`] keeps a [`crate::Workspace`], updates it on every save and puts the outputs
//!    that changed into the shared [`state::ServeState`];
//! 2. [`http`] answers requests from that state only (never from disk);
//! 3. [`watch`] turns file events, classified by [`crate::paths`], into one rebuild per save;
//! 4. [`reload`] tells open pages over Server-Sent Events to reload or show the errors
//!    (and, while the site builds, its warnings: [`warnings`]);
//! 5. [`cms`] serves the editor at `/admin/` (Decap CMS) and answers its local backend,
//!    writing only checked saves into `content/` and the media folders.

pub mod build;
pub mod cms;
pub mod http;
pub mod reload;
pub mod state;
pub mod warnings;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::BuildOptions;
use state::ServeState;

/// What `planverk serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// 0 means any free port.
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
    /// Print how long each stage of each rebuild took.
    pub timings: bool,
    /// `--base-url`: the address pages name; `None`: the server's own address with the
    /// config's sub-path. Either way the site is served under that address's path.
    pub base_url: Option<crate::model::SiteUrl>,
    /// Serve the editor (which writes files) also when listening on an address other than
    /// loopback.
    pub allow_remote_editing: bool,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("can't open the site folder {path}: {source}")]
    Root { path: PathBuf, source: std::io::Error },
    #[error("can't listen on {addr}: {message}")]
    Listen { addr: SocketAddr, message: String },
    #[error("can't watch the site folder: {0}")]
    Watch(#[from] notify::Error),
    #[error("can't write to stdout: {0}")]
    Stdout(#[from] std::io::Error),
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let root = options.root.canonicalize().map_err(|source| ServeError::Root { path: options.root.clone(), source })?;
    // Listening first: the pages name the server's own address, port included.
    let addr = SocketAddr::new(options.bind, options.port);
    let server = tiny_http::Server::http(addr).map_err(|e| ServeError::Listen { addr, message: e.to_string() })?;
    let port = server.server_addr().to_ip().map_or(options.port, |a| a.port());
    let host = match options.bind {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let own = format!("http://{host}:{port}");
    let config = crate::load::config::load_config(&root).ok();
    let title = config.as_ref().map_or_else(|| root.display().to_string(), |c| c.title.clone());
    let site_url = options.base_url.clone().or_else(|| config.map(|c| c.site_url.with_origin(&own)));
    let state = Arc::new(ServeState::new());
    let base_path = site_url.as_ref().map_or("", |u| u.base_path());
    state.set_base_path(base_path);
    let watch = watch::Watch::start(&root)?;
    let options_for_build =
        BuildOptions { drafts: options.drafts, timings: options.timings, base_url: site_url.clone(), plain_names: true, ..BuildOptions::new(&root) };
    let mut builder = build::Builder::new(options_for_build);
    builder.build_all(&state, true);
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "Serving {title} at {own}{base_path}/ (Ctrl+C to stop)")?;
    let editor = editor(options, &root, port);
    if let Some(e) = &editor {
        writeln!(stdout, "Editor at http://{host}:{port}{}/ (saves are checked, then written into content/ and static/media/)", cms::PREFIX)?;
        if e.remote {
            writeln!(stdout, "warning: the editor writes files and anyone who can reach {host}:{port} can use it (--allow-remote-editing)")?;
        }
    } else {
        writeln!(stdout, "warning: the editor at /admin/ is off while listening on {host}, which is not loopback; give --allow-remote-editing to turn it on")?;
    }
    stdout.flush()?;
    drop(stdout);
    let accepting = Arc::clone(&state);
    std::thread::spawn(move || accept(&server, &accepting, editor.map(Arc::new)));
    let output_dir = builder.output_dir().map_or_else(|| root.join("public"), Path::to_path_buf);
    let classifier = crate::paths::Classifier::new(&root, &output_dir);
    let builder = std::cell::RefCell::new(builder);
    watch.run(
        &classifier,
        |changes| {
            builder.borrow_mut().rebuild(&state, &changes);
        },
        || {
            let mut builder = builder.borrow_mut();
            builder.finish_step(&state);
            builder.has_pending()
        },
    );
    Ok(())
}

/// The editor, unless listening beyond loopback without `--allow-remote-editing`.
fn editor(options: &ServeOptions, root: &Path, port: u16) -> Option<cms::Editor> {
    (options.bind.is_loopback() || options.allow_remote_editing).then(|| cms::Editor::new(root, options.drafts, options.bind, port))
}

/// Answers each request on its own thread (live-reload streams stay open).
fn accept(server: &tiny_http::Server, state: &Arc<ServeState>, editor: Option<Arc<cms::Editor>>) {
    for request in server.incoming_requests() {
        let state = Arc::clone(state);
        let editor = editor.clone().filter(|_| cms::is_editor_url(request.url()));
        let spawned = std::thread::Builder::new().name("planverk-http".into()).spawn(move || match editor {
            Some(editor) => cms::handle(&editor, &state, request),
            None => http::handle(&state, request),
        });
        if let Err(e) = spawned {
            eprintln!("warning: can't answer a request: {e}");
        }
    }
}
