//! What the editor's API may touch and who may call it: requests only from the server's own
//! address (`Host` and `Origin`, against DNS rebinding and other sites' pages posting to
//! localhost), and paths only to `.md` files under `content/` and media under `static/` or
//! beside pages, never through `..`, hidden names or symbolic links.

use std::path::{Component, Path, PathBuf};

/// Largest page the editor writes (as `load` reads at most this much).
pub const MAX_PAGE_BYTES: usize = 20 * 1024 * 1024;
/// Largest picture or document the editor uploads.
pub const MAX_MEDIA_BYTES: usize = 10 * 1024 * 1024;
/// Largest request body: a page with its media, base64-encoded.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// File types that may be uploaded: pictures and documents. No SVG (it can hold scripts)
/// and nothing executable or that a theme or the config would read.
pub const MEDIA_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"];

/// What a path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// A page: `content/**.md`.
    Page,
    /// A picture or document: under `static/`, or beside pages under `content/`.
    Media,
}

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("`{0}` is not a path inside the site (no `..`, no leading /, no hidden names)")]
    Outside(String),
    #[error("`{0}` is not a page: pages are .md files under content/")]
    NotPage(String),
    #[error("`{0}` can't be uploaded: media go under static/ or beside a page in content/, as {1}")]
    NotMedia(String, String),
    #[error("`{0}` passes through a symbolic link; the editor writes only real folders of the site")]
    Symlink(String),
}

/// Checks `path` (relative to the site root, as Decap sends it) for `area` and returns it
/// as a relative path. Nothing on disk is looked at; see [`no_symlinks`].
pub fn checked(path: &str, area: Area) -> Result<PathBuf, Refused> {
    let outside = || Refused::Outside(path.to_string());
    if path.is_empty() || path.starts_with('/') || path.contains(['\\', '\0', ':']) {
        return Err(outside());
    }
    let rel = Path::new(path);
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str().ok_or_else(outside)?;
                if s.starts_with('.') || crate::paths::is_ignored_name(s) {
                    return Err(outside());
                }
                parts.push(s);
            }
            _ => return Err(outside()),
        }
    }
    if parts.len() < 2 || path.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Err(match area {
            Area::Page => Refused::NotPage(path.to_string()),
            Area::Media => Refused::NotMedia(path.to_string(), MEDIA_EXTENSIONS.join(", ")),
        });
    }
    let ext = rel.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match area {
        Area::Page if parts[0] == "content" && ext == "md" => Ok(rel.to_path_buf()),
        Area::Page => Err(Refused::NotPage(path.to_string())),
        Area::Media if matches!(parts[0], "static" | "content") && MEDIA_EXTENSIONS.contains(&ext.as_str()) => Ok(rel.to_path_buf()),
        Area::Media => Err(Refused::NotMedia(path.to_string(), MEDIA_EXTENSIONS.join(", "))),
    }
}

/// Refuses a path any of whose existing parts (folders or the file) is a symbolic link, so
/// that a link planted under `content/` can't lead a write out of the site.
pub fn no_symlinks(root: &Path, rel: &Path) -> Result<(), Refused> {
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(Refused::Symlink(rel.display().to_string())),
            Ok(_) => {}
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// The addresses the server answers the editor on: `127.0.0.1:PORT`, `localhost:PORT`,
/// `[::1]:PORT`, and the listening address when it is another.
pub fn own_hosts(bind: std::net::IpAddr, port: u16) -> Vec<String> {
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
    let own = match bind {
        std::net::IpAddr::V6(ip) => format!("[{ip}]:{port}"),
        std::net::IpAddr::V4(ip) => format!("{ip}:{port}"),
    };
    if !bind.is_unspecified() && !hosts.contains(&own) {
        hosts.push(own);
    }
    hosts
}

/// Whether a request with these `Host` and `Origin` headers comes from the editor page the
/// server itself served: the Host is one of `hosts`, and the Origin (when `need_origin`, as
/// for writes) is `http://` and that same host.
pub fn same_origin(hosts: &[String], host: Option<&str>, origin: Option<&str>, need_origin: bool) -> bool {
    let Some(host) = host.map(|h| h.trim().to_ascii_lowercase()) else { return false };
    if !hosts.contains(&host) {
        return false;
    }
    match origin {
        Some(origin) => origin.trim().eq_ignore_ascii_case(&format!("http://{host}")),
        None => !need_origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_md_files_under_content() {
        assert_eq!(checked("content/kurs/x.md", Area::Page), Ok(PathBuf::from("content/kurs/x.md")));
        assert_eq!(checked("content/_index.md", Area::Page), Ok(PathBuf::from("content/_index.md")));
        for bad in [
            "config.toml",
            "content/../config.toml",
            "content/kurs/../../config.toml",
            "/etc/passwd",
            "templates/page.html",
            "themes/default/templates/base.html",
            "static/x.md",
            "content/x.html",
            "content//x.md",
            "content/.git/x.md",
            "content/x.md~",
            "content\\x.md",
            "C:/x.md",
            "content/./x.md",
            "",
        ] {
            assert!(checked(bad, Area::Page).is_err(), "{bad}");
        }
    }

    #[test]
    fn media_are_pictures_and_documents_under_static_or_content() {
        assert!(checked("static/media/bilde.jpg", Area::Media).is_ok());
        assert!(checked("content/kurs/x/plakat.PDF", Area::Media).is_ok());
        for bad in ["static/x.svg", "static/x.html", "static/x.js", "content/x.md", "config.toml", "static/../config.toml", "themes/x.png", "x.png"] {
            assert!(checked(bad, Area::Media).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_servers_own_origin_may_write() {
        let hosts = own_hosts(std::net::IpAddr::from([127, 0, 0, 1]), 1111);
        assert!(same_origin(&hosts, Some("127.0.0.1:1111"), Some("http://127.0.0.1:1111"), true));
        assert!(same_origin(&hosts, Some("localhost:1111"), Some("http://localhost:1111"), true));
        assert!(!same_origin(&hosts, Some("localhost:1111"), Some("http://127.0.0.1:1111"), true), "origin and host differ");
        assert!(!same_origin(&hosts, Some("evil.example:1111"), Some("http://evil.example:1111"), true), "DNS rebinding");
        assert!(!same_origin(&hosts, Some("127.0.0.1:1111"), Some("https://evil.example"), true));
        assert!(!same_origin(&hosts, Some("127.0.0.1:1111"), None, true), "a write needs an Origin");
        assert!(same_origin(&hosts, Some("127.0.0.1:1111"), None, false));
        assert!(!same_origin(&hosts, None, None, false));
        assert!(!same_origin(&hosts, Some("127.0.0.1:2222"), None, false));
    }

    #[test]
    fn symlinks_on_the_way_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/kurs")).unwrap();
        let outside = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/ut")).unwrap();
        assert!(no_symlinks(dir.path(), Path::new("content/kurs/x.md")).is_ok());
        #[cfg(unix)]
        assert!(no_symlinks(dir.path(), Path::new("content/ut/x.md")).is_err());
    }
}
