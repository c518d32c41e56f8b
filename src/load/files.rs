//! Finds content files and reads them as text: UTF-8 checked, BOM dropped, CRLF made LF.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::SourcePos;

use super::config::position;

/// What the content folder holds, relative to the site root, sorted.
#[derive(Debug, Default)]
pub struct ContentFiles {
    pub markdown: Vec<PathBuf>,
    /// Other files (images, PDFs) copied to the output beside their page.
    pub assets: Vec<PathBuf>,
}

/// Lists `content/` recursively; hidden files and folders and editor swap and backup files
/// are skipped (the same rule the live-reload watcher uses: [`crate::paths`]).
pub fn list_content(root: &Path) -> std::io::Result<ContentFiles> {
    let mut files = ContentFiles::default();
    let content = root.join("content");
    if content.is_dir() {
        walk(root, &content, &mut files)?;
    }
    files.markdown.sort();
    files.assets.sort();
    Ok(files)
}

fn walk(root: &Path, dir: &Path, out: &mut ContentFiles) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if crate::paths::is_ignored_name(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.markdown.push(rel);
        } else if kind.is_file() {
            out.assets.push(rel);
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
        match std::fs::read(root.join(rel)) {
            Ok(bytes) => {
                files.insert(asset_key(rel), bytes);
            }
            Err(e) => diags.push(Diagnostic::error(rel, SourcePos::default(), format!("can't read this file: {e}"))),
        }
    }
    files
}

/// The output path of a content asset: `content/kurs/bilde.png` → `kurs/bilde.png`.
pub fn asset_key(rel: &Path) -> String {
    rel.strip_prefix("content").unwrap_or(rel).to_string_lossy().replace('\\', "/")
}

/// Reads a file as text for parsing.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| Diagnostic::error(rel, SourcePos::default(), format!("can't read this file: {e}")))?;
    decode(bytes, rel)
}

/// UTF-8 check, BOM removal and line-end normalisation (line numbers stay the same).
pub fn decode(bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let pos = position(&prefix, prefix.len());
        Diagnostic::error(rel, pos, "this file is not UTF-8 text")
            .with_help(Some("save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8); if it is a picture or PDF, put it in static/".into()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') { text.replace("\r\n", "\n") } else { text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode(b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n".to_vec(), Path::new("a.md")).unwrap();
        assert_eq!(t, "---\ntitle: A\n---\n");
    }

    #[test]
    fn non_utf8_points_at_the_byte() {
        let d = decode(b"---\ntitle: K\xf8benhavn\n".to_vec(), Path::new("a.md")).unwrap_err();
        assert_eq!((d.line, d.column), (2, 9));
        assert!(d.message.contains("not UTF-8"));
    }
}
