//! SVG drawings: published as they are, but refused when they could run script on the
//! site's address (a `<script>`, an event handler, a `javascript:` URL, embedded HTML), and
//! sized from their `viewBox` so that pages don't jump as they load.

/// Why a drawing is refused, or could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgProblem {
    /// Not well-formed XML (or not SVG at all).
    Unreadable(String),
    /// Something in it runs script; with the line where it is.
    Script { what: String, line: u32 },
}

/// What a drawing says of its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SvgSize {
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Checks a drawing and reads its size from its `viewBox` (rounded to whole pixels).
pub fn check(bytes: &[u8]) -> Result<SvgSize, SvgProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| SvgProblem::Unreadable("it is not UTF-8 text".into()))?;
    // DTDs are refused by the parser's defaults except for entities, whose expansion it
    // bounds; an SVG needs none.
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| SvgProblem::Unreadable(e.to_string()))?;
    let root = doc.root_element();
    if !root.tag_name().name().eq_ignore_ascii_case("svg") {
        return Err(SvgProblem::Unreadable(format!("its first element is <{}>, not <svg>", root.tag_name().name())));
    }
    for node in doc.descendants() {
        let line = doc.text_pos_at(node.range().start).row;
        if node.is_element() {
            let name = node.tag_name().name().to_ascii_lowercase();
            if name == "script" || name == "foreignobject" || name == "iframe" || name == "embed" || name == "object" {
                return Err(SvgProblem::Script { what: format!("a <{}> element", node.tag_name().name()), line });
            }
            for attr in node.attributes() {
                if attr.name().to_ascii_lowercase().starts_with("on") {
                    return Err(SvgProblem::Script { what: format!("an event handler ({}=\"…\")", attr.name()), line });
                }
                if is_script_url(attr.value()) {
                    return Err(SvgProblem::Script { what: format!("a script address in {}=\"…\"", attr.name()), line });
                }
            }
        } else if node.is_text() && node.text().is_some_and(|t| t.to_ascii_lowercase().contains("javascript:")) {
            return Err(SvgProblem::Script { what: "a javascript: address in a stylesheet or text".into(), line });
        }
    }
    Ok(view_box_size(root.attribute("viewBox")))
}

/// `javascript:` (and `vbscript:`, `data:text/html`), as browsers read it: case and the
/// whitespace and control characters inside the scheme ignored.
fn is_script_url(value: &str) -> bool {
    let squeezed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(20).collect::<String>().to_ascii_lowercase();
    squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:") || squeezed.starts_with("data:text/html")
}

/// `0 0 640 480` → 640 × 480.
fn view_box_size(view_box: Option<&str>) -> SvgSize {
    let Some(vb) = view_box else { return SvgSize::default() };
    let nums: Vec<f64> = vb.split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
    match nums.as_slice() {
        [_, _, w, h] if w.is_finite() && h.is_finite() && *w > 0.0 && *h > 0.0 && *w < 1e6 && *h < 1e6 => {
            SvgSize { width: Some((w.round() as u32).max(1)), height: Some((h.round() as u32).max(1)) }
        }
        _ => SvgSize::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640.4 480"><a href="/om/"><rect width="10" height="10"/></a></svg>"#;

    #[test]
    fn a_clean_drawing_gets_its_size() {
        assert_eq!(check(OK.as_bytes()), Ok(SvgSize { width: Some(640), height: Some(480) }));
        assert_eq!(check(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#), Ok(SvgSize::default()));
    }

    #[test]
    fn script_is_refused_in_every_form() {
        let refused = [
            "<svg><script>alert(1)</script></svg>",
            "<svg xmlns:x=\"urn:x\"><x:SCRIPT/></svg>",
            "<svg>\n<rect onload=\"alert(1)\"/></svg>",
            "<svg><a href=\" JaVa\tScript:alert(1)\">x</a></svg>",
            "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
            "<svg><foreignObject><div/></foreignObject></svg>",
            "<svg><style>a { background: url(javascript:alert(1)) }</style></svg>",
        ];
        for svg in refused {
            assert!(matches!(check(svg.as_bytes()), Err(SvgProblem::Script { .. })), "{svg}");
        }
        assert!(matches!(check(b"<svg>\n<rect onload=\"x\"/></svg>"), Err(SvgProblem::Script { line: 2, .. })));
    }

    #[test]
    fn what_is_not_svg_is_unreadable() {
        for bad in ["hei", "<html/>", "<svg>", "<!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg>&a;</svg>"] {
            assert!(matches!(check(bad.as_bytes()), Err(SvgProblem::Unreadable(_))), "{bad}");
        }
        assert!(matches!(check(&[0xff, 0xfe]), Err(SvgProblem::Unreadable(_))));
    }
}
