//! Finds content files and reads them as text: UTF-8 checked, BOM dropped, CRLF made LF.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};
use crate::model::SourcePos;

use super::config::position;

/// What the content folder holds, relative to the site root, sorted.
#[derive(Debug, Default)]
pub struct ContentFiles {
    pub markdown: Vec<PathBuf>,
    /// Other files (images, PDFs) copied to the output beside their page.
    pub assets: Vec<PathBuf>,
    /// Symbolic links that lead out of the site folder: never read (E-OUTSIDE-SITE).
    pub outside: Vec<PathBuf>,
}

/// Lists `content/` recursively; hidden files and folders and editor swap and backup files
/// are skipped (the same rule the live-reload watcher uses: [`crate::paths`]).
pub fn list_content(root: &Path) -> std::io::Result<ContentFiles> {
    let mut files = ContentFiles::default();
    let content = root.join("content");
    if content.is_dir() {
        let canonical = root.canonicalize()?;
        walk(root, &canonical, &content, &mut files)?;
    }
    files.markdown.sort();
    files.assets.sort();
    files.outside.sort();
    Ok(files)
}

fn walk(root: &Path, canonical_root: &Path, dir: &Path, out: &mut ContentFiles) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if crate::paths::is_ignored_name(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if kind.is_symlink() {
            // A link that leads out of the site would publish what it points at (a link to
            // /etc/passwd named kart.png): refused. One that leads nowhere is left to the
            // reader, which reports it (a `.md`) or skips it.
            match std::fs::canonicalize(&path) {
                Ok(target) if !target.starts_with(canonical_root) => {
                    out.outside.push(rel);
                    continue;
                }
                Ok(target) if target.is_file() && path.extension().is_none_or(|e| e != "md") => {
                    out.assets.push(rel);
                    continue;
                }
                _ => {}
            }
        }
        if kind.is_dir() {
            walk(root, canonical_root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.markdown.push(rel);
        } else if kind.is_file() {
            out.assets.push(rel);
        }
    }
    Ok(())
}

/// Every file and folder under `dir` (none when it is missing), for fingerprints.
pub fn walk_all(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        out.push(path.clone());
        if entry.file_type()?.is_dir() {
            walk_all(&path, out)?;
        }
    }
    Ok(())
}

/// `static/` and the non-Markdown files under `content/`, as they are, by output path.
pub fn read_static_files(root: &Path, assets: &[PathBuf], diags: &mut crate::diagnostics::Diagnostics) -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut errors = Vec::new();
    super::theme::read_static(&root.join("static"), &root.join("static"), &mut files, &mut errors);
    errors.into_iter().for_each(|d| diags.push(d));
    for rel in assets {
        match read_regular(&root.join(rel)) {
            Ok(bytes) => {
                files.insert(asset_key(rel), bytes);
            }
            Err(e) => diags.push(Diagnostic::new(Code::Read, rel, SourcePos::default(), format!("can't read this file: {e}"))),
        }
    }
    files
}

/// The output path of a content asset: `content/kurs/bilde.png` → `kurs/bilde.png`.
pub fn asset_key(rel: &Path) -> String {
    rel.strip_prefix("content").unwrap_or(rel).to_string_lossy().replace('\\', "/")
}

/// Content files above this size are refused (E-TOO-LARGE): such a file is not a page but a
/// log or an export saved under content/ by mistake, and it would slow every build down.
pub const MAX_CONTENT_BYTES: u64 = 20 * 1024 * 1024;

/// Reads a file as text for parsing. Folders, pipes and devices named `.md` and files over
/// [`MAX_CONTENT_BYTES`] are refused without reading them (a pipe would block the build).
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let cant = |e: std::io::Error| {
        Diagnostic::new(Code::Read, rel, SourcePos::default(), format!("can't read this file: {e}"))
            .with_help(Some("check that the file exists and can be read; a symbolic link must lead to a file".into()))
    };
    let meta = std::fs::metadata(&path).map_err(cant)?;
    too_large(meta.len(), rel)?;
    let bytes = read_regular(&path).map_err(cant)?;
    too_large(bytes.len() as u64, rel)?;
    decode(bytes, rel)
}

fn too_large(len: u64, rel: &Path) -> Result<(), Diagnostic> {
    if len <= MAX_CONTENT_BYTES {
        return Ok(());
    }
    let mb = |n: u64| n.div_ceil(1024 * 1024);
    Err(Diagnostic::new(
        Code::TooLarge,
        rel,
        SourcePos::default(),
        format!("this file is {} MB; a content file may be at most {} MB", mb(len), mb(MAX_CONTENT_BYTES)),
    )
    .with_help(Some("a file this large is not a page; move it to static/ if it should be published as it is".into())))
}

/// Reads a regular file (following symbolic links). Anything else is an error rather than a
/// read that blocks (a pipe) or never ends (a device).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "it is not a regular file (a folder, pipe, socket or device)"));
    }
    std::fs::read(path)
}

/// UTF-8 check, BOM removal and line-end normalisation (line numbers stay the same).
pub fn decode(bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let pos = position(&prefix, prefix.len());
        Diagnostic::new(Code::Encoding, rel, pos, "this file is not UTF-8 text")
            .with_help(Some("save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8); if it is a picture or PDF, put it in static/".into()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // A lone CR (old Mac files, mixed line ends) ends a line for YAML, Markdown and editors
    // alike, so it becomes LF too: line numbers then agree with what the parsers report.
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode(b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n".to_vec(), Path::new("a.md")).unwrap();
        assert_eq!(t, "---\ntitle: A\n---\n");
    }

    /// Found by the `front_matter` fuzz target: with lone CRs the YAML parser reported line 91
    /// of what was an 86-line file by LF count, and no source line could be shown.
    #[test]
    fn lone_carriage_returns_end_lines() {
        let t = decode(b"---\rtitle: A\r\nsummary: @x\r---\rBody\r".to_vec(), Path::new("a.md")).unwrap();
        assert_eq!(t, "---\ntitle: A\nsummary: @x\n---\nBody\n");
    }

    #[test]
    fn non_utf8_points_at_the_byte() {
        let d = decode(b"---\ntitle: K\xf8benhavn\n".to_vec(), Path::new("a.md")).unwrap_err();
        assert_eq!((d.line, d.column, d.code), (2, 9, Code::Encoding));
    }

    #[test]
    fn files_that_cannot_be_read_are_refused_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let code = |rel: &str| read_text(root, Path::new(rel)).map(|_| ()).map_err(|d| d.code);
        assert_eq!(code("borte.md"), Err(Code::Read), "a file deleted after it was listed");
        std::fs::create_dir(root.join("mappe.md")).unwrap();
        assert_eq!(code("mappe.md"), Err(Code::Read));
        std::os::unix::fs::symlink("sirkel.md", root.join("sirkel.md")).unwrap();
        assert_eq!(code("sirkel.md"), Err(Code::Read));
        // A pipe: reading it would wait for a writer forever.
        assert!(std::process::Command::new("mkfifo").arg(root.join("ror.md")).status().unwrap().success());
        assert_eq!(code("ror.md"), Err(Code::Read));
        // Sparse, so the test writes nothing to disk.
        std::fs::File::create(root.join("stor.md")).unwrap().set_len(MAX_CONTENT_BYTES + 1).unwrap();
        assert_eq!(code("stor.md"), Err(Code::TooLarge));
        std::fs::File::create(root.join("akkurat.md")).unwrap().set_len(MAX_CONTENT_BYTES).unwrap();
        assert_eq!(code("akkurat.md"), Ok(()), "the limit itself is allowed");
    }
}
