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

    mod properties {
        use super::super::slugify;
        use proptest::prelude::*;

        fn name() -> impl Strategy<Value = String> {
            prop_oneof!["[a-zA-Z0-9æøåÆØÅéü .,!?/_\\-]{0,60}", any::<String>()]
        }

        proptest! {
            #[test]
            fn slugs_are_plain_and_stable(text in name()) {
                let slug = slugify(&text);
                prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{:?}", slug);
                prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{:?}", slug);
                prop_assert_eq!(slugify(&slug), slug.clone(), "slugify is not idempotent");
                prop_assert_eq!(slugify(&text), slug, "slugify is not deterministic");
            }

            #[test]
            fn norwegian_letters_are_written_as_in_addresses(text in "[a-zA-Z æøåÆØÅ]{0,40}") {
                let spelled = text.replace('æ', "ae").replace('Æ', "AE").replace('ø', "o").replace('Ø', "O").replace('å', "a").replace('Å', "A");
                prop_assert_eq!(slugify(&text), slugify(&spelled));
            }
        }
    }
}
