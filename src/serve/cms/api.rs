//! Decap CMS's local-backend protocol, as `decap-server` answers it (its `localFs`
//! middleware): one POST with `{action, params}` per call. Listing, reading, saving and
//! deleting entries and media, every path checked by [`guard`], every page checked by
//! [`validate`] before it is written. Errors come back as `{"error": "..."}`, which Decap
//! shows in the editor.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{Value, json};

use super::guard::{self, Area, Refused};
use super::validate;
use crate::load::{LoadOptions, Overlay};

/// What the API needs to know about the site.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site folder, canonical.
    pub root: PathBuf,
    pub drafts: bool,
}

/// An answer: the HTTP status and the JSON body.
pub type Answer = (u16, Value);

fn refused(message: impl std::fmt::Display) -> Answer {
    (422, json!({ "error": message.to_string() }))
}

fn failed(message: impl std::fmt::Display) -> Answer {
    (500, json!({ "error": message.to_string() }))
}

/// Answers one call.
pub fn answer(site: &Site, body: &Value) -> Answer {
    let params = &body["params"];
    let result = match body["action"].as_str().unwrap_or("") {
        "info" => Ok(json!({ "repo": repo_name(&site.root), "publish_modes": ["simple"], "type": "local_fs" })),
        "entriesByFolder" => entries_by_folder(site, params),
        "entriesByFiles" => {
            let files = params["files"].as_array().cloned().unwrap_or_default();
            files.iter().map(|f| entry(site, f["path"].as_str().unwrap_or(""))).collect::<Result<Vec<_>, _>>().map(Value::from)
        }
        "getEntry" => entry(site, params["path"].as_str().unwrap_or("")),
        "persistEntry" => return persist_entry(site, params),
        "getMedia" => get_media(site, params["mediaFolder"].as_str().unwrap_or("")),
        "getMediaFile" => media_file(site, params["path"].as_str().unwrap_or("")),
        "persistMedia" => persist_media(site, &params["asset"]).and_then(|rel| media_file(site, &rel)),
        "deleteFile" => return delete(site, &[params["path"].as_str().unwrap_or("").to_string()]),
        "deleteFiles" => {
            let paths: Vec<String> = params["paths"].as_array().into_iter().flatten().filter_map(|p| p.as_str().map(String::from)).collect();
            return delete(site, &paths);
        }
        "getDeployPreview" => Ok(Value::Null),
        "unpublishedEntries" => Ok(json!([])),
        other => return refused(format!("Unknown action {other}")),
    };
    result.map_or_else(|(status, v)| (status, v), |v| (200, v))
}

/// The site folder's name, which Decap shows as the repository.
fn repo_name(root: &Path) -> String {
    root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into())
}

fn check(path: &str, area: Area, root: &Path) -> Result<PathBuf, Answer> {
    let rel = guard::checked(path, area).map_err(refused)?;
    guard::no_symlinks(root, &rel).map_err(refused)?;
    Ok(rel)
}

/// An id Decap uses to tell versions of a file apart.
fn file_id(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("{:016x}{:08x}", h.finish(), bytes.len())
}

/// The pages of a folder (not its `_index.md`, which the sections collection edits), to
/// `depth` levels.
fn entries_by_folder(site: &Site, params: &Value) -> Result<Value, Answer> {
    let folder = params["folder"].as_str().unwrap_or("").trim_end_matches('/');
    let depth = params["depth"].as_u64().unwrap_or(1).clamp(1, 16) as usize;
    let probe = format!("{folder}/x.md");
    check(&probe, Area::Page, &site.root)?;
    let mut files = Vec::new();
    list(&site.root, Path::new(folder), depth, &mut files);
    files.sort();
    let entries: Vec<Value> =
        files.iter().filter(|p| p.file_name().is_some_and(|n| n != "_index.md")).filter_map(|p| entry(site, &p.to_string_lossy()).ok()).collect();
    Ok(Value::from(entries))
}

/// `.md` files under `dir`, skipping hidden names and symbolic links.
fn list(root: &Path, dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(root.join(dir)) else { return };
    for e in read.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        if name.starts_with('.') || crate::paths::is_ignored_name(&name) || kind.is_symlink() {
            continue;
        }
        let rel = dir.join(&name);
        if kind.is_dir() && depth > 1 {
            list(root, &rel, depth - 1, out);
        } else if kind.is_file() && name.ends_with(".md") {
            out.push(rel);
        }
    }
}

/// One entry: its text and id (`data: null` when it does not exist, as decap-server).
fn entry(site: &Site, path: &str) -> Result<Value, Answer> {
    let rel = check(path, Area::Page, &site.root)?;
    let file = json!({ "path": path });
    Ok(match std::fs::read(site.root.join(&rel)) {
        Ok(bytes) => {
            let id = file_id(&bytes);
            json!({ "data": String::from_utf8_lossy(&bytes), "file": { "path": path, "id": id } })
        }
        Err(_) => json!({ "data": null, "file": file }),
    })
}

/// Saves the entry's files (after checking the site with them) and its media.
fn persist_entry(site: &Site, params: &Value) -> Answer {
    let data_files: Vec<Value> = match params["dataFiles"].as_array() {
        Some(files) => files.clone(),
        None if params["entry"].is_object() => vec![params["entry"].clone()],
        None => return refused("persistEntry needs dataFiles"),
    };
    let mut overlay = Overlay::new();
    let mut writes = Vec::new();
    for file in &data_files {
        let raw = file["raw"].as_str().unwrap_or("");
        if raw.len() > guard::MAX_PAGE_BYTES {
            return refused(format!("the page is larger than {} MB", guard::MAX_PAGE_BYTES / 1024 / 1024));
        }
        let rel = match check(file["path"].as_str().unwrap_or(""), Area::Page, &site.root) {
            Ok(rel) => rel,
            Err(a) => return a,
        };
        let target = match file["newPath"].as_str() {
            Some(new) => match check(new, Area::Page, &site.root) {
                Ok(new) => {
                    overlay.insert(rel.clone(), None);
                    new
                }
                Err(a) => return a,
            },
            None => rel,
        };
        overlay.insert(target.clone(), Some(raw.replace("\r\n", "\n")));
        writes.push((target, raw.to_string()));
    }
    let options = LoadOptions { drafts: site.drafts, now: Some(crate::now_from_env()), ..Default::default() };
    let errors = validate::errors_of_save(&site.root, &options, &overlay);
    if !errors.is_empty() {
        return refused(validate::message(&errors));
    }
    let assets = params["assets"].as_array().cloned().unwrap_or_default();
    for asset in &assets {
        if let Err(a) = persist_media(site, asset) {
            return a;
        }
    }
    for (rel, raw) in &writes {
        if let Err(e) = write_file(&site.root, rel, raw.as_bytes()) {
            return failed(format!("can't write {}: {e}", rel.display()));
        }
    }
    for (rel, text) in &overlay {
        if text.is_none() {
            let _ = std::fs::remove_file(site.root.join(rel));
        }
    }
    (200, json!({ "message": "entry persisted" }))
}

/// Writes `bytes` to `rel` through a hidden file beside it renamed into place, so the
/// watcher never sees half a file.
fn write_file(root: &Path, rel: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = root.join(rel);
    let parent = path.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(parent)?;
    // A folder made just now could not be a link, but one made by someone else meanwhile could.
    guard::no_symlinks(root, rel).map_err(std::io::Error::other)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.planverk-save"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Writes one uploaded file; returns its path.
fn persist_media(site: &Site, asset: &Value) -> Result<String, Answer> {
    let path = asset["path"].as_str().unwrap_or("");
    let rel = check(path, Area::Media, &site.root)?;
    if asset["encoding"].as_str() != Some("base64") {
        return Err(refused("media must be sent base64-encoded"));
    }
    let content = asset["content"].as_str().unwrap_or("");
    if content.len() / 4 * 3 > guard::MAX_MEDIA_BYTES + 3 {
        return Err(refused(format!("`{path}` is larger than {} MB; make it smaller first", guard::MAX_MEDIA_BYTES / 1024 / 1024)));
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(content).map_err(|e| refused(format!("`{path}` is not valid base64: {e}")))?;
    if bytes.len() > guard::MAX_MEDIA_BYTES {
        return Err(refused(format!("`{path}` is larger than {} MB", guard::MAX_MEDIA_BYTES / 1024 / 1024)));
    }
    write_file(&site.root, &rel, &bytes).map_err(|e| failed(format!("can't write {path}: {e}")))?;
    Ok(path.to_string())
}

/// The media files of a folder (one level), with their bytes.
fn get_media(site: &Site, folder: &str) -> Result<Value, Answer> {
    let folder = folder.trim_end_matches('/');
    check(&format!("{folder}/x.png"), Area::Media, &site.root)?;
    let Ok(read) = std::fs::read_dir(site.root.join(folder)) else { return Ok(json!([])) };
    let mut names: Vec<String> = read
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| guard::checked(&format!("{folder}/{n}"), Area::Media).is_ok())
        .collect();
    names.sort();
    names.iter().map(|n| media_file(site, &format!("{folder}/{n}"))).collect::<Result<Vec<_>, _>>().map(Value::from)
}

fn media_file(site: &Site, path: &str) -> Result<Value, Answer> {
    let rel = check(path, Area::Media, &site.root)?;
    let bytes = std::fs::read(site.root.join(&rel)).map_err(|e| refused(format!("can't read {path}: {e}")))?;
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let content = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(json!({ "id": file_id(&bytes), "content": content, "encoding": "base64", "path": path, "name": name }))
}

/// Deletes pages (after checking that the site still builds without them) and media.
fn delete(site: &Site, paths: &[String]) -> Answer {
    let mut overlay = Overlay::new();
    let mut media = Vec::new();
    for path in paths {
        let page = check(path, Area::Page, &site.root);
        match page {
            Ok(rel) => {
                overlay.insert(rel, None);
            }
            Err(_) => match check(path, Area::Media, &site.root) {
                Ok(rel) => media.push(rel),
                Err(_) => return refused(Refused::Outside(path.clone())),
            },
        }
    }
    if !overlay.is_empty() {
        let options = LoadOptions { drafts: site.drafts, now: Some(crate::now_from_env()), ..Default::default() };
        let errors = validate::errors_of_save(&site.root, &options, &overlay);
        if !errors.is_empty() {
            return refused(validate::message(&errors));
        }
    }
    for rel in overlay.keys().chain(&media) {
        if let Err(e) = std::fs::remove_file(site.root.join(rel))
            && e.kind() != std::io::ErrorKind::NotFound
        {
            return failed(format!("can't delete {}: {e}", rel.display()));
        }
    }
    (200, json!({ "message": format!("deleted {}", paths.join(", ")) }))
}
