//! Slugs: the URL-safe form of a name, used by every stage.

/// Lower-case ASCII slug; Norwegian letters transliterated (ø→o, æ→ae, å→a).
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters_are_transliterated() {
        assert_eq!(slugify("Søndre Nordstrand"), "sondre-nordstrand");
        assert_eq!(slugify("Grünerløkka"), "grunerlokka");
        assert_eq!(slugify("Æ og Å!"), "ae-og-a");
        assert_eq!(slugify("  St. Hanshaugen "), "st-hanshaugen");
        assert_eq!(slugify("Te ka slags nøtte?"), "te-ka-slags-notte");
    }
}
