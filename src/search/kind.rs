//! Which analyzer a language's search index gets: Norwegian, English, or plain (lowercase and fold).
//!
//! - **Norwegian** (`nb`, `no`, `nn`): Snowball Norwegian, the `-ing` rule and compound
//!   splitting. Bokmål and nynorsk share one dictionary, `data/wordlist-no.txt.gz`, made by
//!   `scripts/make-wordlist.py` from *both* Norsk ordbank lists (bokmål 2005 and nynorsk
//!   2012). One merged list rather than one per language: the two share most lemmas, so a
//!   second list would nearly double the 390 kB embedded in the binary for little gain, and
//!   a lemma of the other written standard only ever adds a split (a part that is found),
//!   never takes one away. Snowball has one Norwegian stemmer for both, so the query side is
//!   the same too.
//! - **English** (`en`): tantivy's Snowball English (Porter2) stemmer, no decompounding.
//! - **Plain** (every other language, `se`, `smj`, …): lowercase and fold, nothing more.

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{Language as Snowball, RawTokenizer, Stemmer, TextAnalyzer, TokenStream};

use super::analyzer::{WordTerms, fold};
use crate::model::Language;

/// The analyzer of one language's index; the static index's `meta.json` names it
/// (`"analyzer": "english"`) so that the browser client analyzes queries the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnalyzerKind {
    #[default]
    Norwegian,
    English,
    Plain,
}

impl AnalyzerKind {
    /// The analyzer for a BCP 47 language tag, by its primary language.
    pub fn for_language(lang: &Language) -> AnalyzerKind {
        match lang.primary() {
            "nb" | "no" | "nn" | "nob" | "nno" => AnalyzerKind::Norwegian,
            "en" | "eng" => AnalyzerKind::English,
            _ => AnalyzerKind::Plain,
        }
    }

    /// The name `meta.json` and the README give it.
    pub fn name(self) -> &'static str {
        match self {
            AnalyzerKind::Norwegian => "norwegian",
            AnalyzerKind::English => "english",
            AnalyzerKind::Plain => "plain",
        }
    }

    /// Whether compounds are split (with the Norwegian dictionary).
    pub fn decompounds(self) -> bool {
        self == AnalyzerKind::Norwegian
    }

    /// The stem of a lowercased word: Snowball (then, for Norwegian, `-ing` removed when
    /// four letters stay); a plain analyzer leaves the word as it is.
    pub fn stem(self, lower: &str) -> String {
        let language = match self {
            AnalyzerKind::Norwegian => Snowball::Norwegian,
            AnalyzerKind::English => Snowball::English,
            AnalyzerKind::Plain => return lower.to_string(),
        };
        let mut analyzer = TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(language)).build();
        let mut stream = analyzer.token_stream(lower);
        let mut out = if stream.advance() { stream.token().text.clone() } else { lower.to_string() };
        if self == AnalyzerKind::Norwegian && out.ends_with("ing") && out.chars().count() >= 7 {
            out.truncate(out.len() - 3);
        }
        out
    }

    /// The terms of a lowercased query word: exact and folded (stemmed in both orders, as
    /// the stemmer may treat `å` and `a` differently), never decompounded.
    pub fn query_word(self, lower: &str) -> WordTerms {
        if self == AnalyzerKind::Plain || !lower.chars().all(char::is_alphabetic) {
            return WordTerms { exact: lower.to_string(), folded: vec![fold(lower)], parts: Vec::new() };
        }
        let exact = self.stem(lower);
        let a = self.stem(&fold(lower));
        let b = fold(&exact);
        let folded = if a == b { vec![a] } else { vec![a, b] };
        WordTerms { exact, folded, parts: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(code: &str) -> AnalyzerKind {
        AnalyzerKind::for_language(&Language::parse(code).expect("a tag"))
    }

    #[test]
    fn languages_get_their_analyzer() {
        assert_eq!(kind("nb"), AnalyzerKind::Norwegian);
        assert_eq!(kind("no"), AnalyzerKind::Norwegian);
        assert_eq!(kind("nn"), AnalyzerKind::Norwegian);
        assert_eq!(kind("en"), AnalyzerKind::English);
        assert_eq!(kind("en-GB"), AnalyzerKind::English);
        assert_eq!(kind("se"), AnalyzerKind::Plain);
        assert_eq!(kind("smj"), AnalyzerKind::Plain);
    }

    #[test]
    fn english_stems_inflections_together_and_plain_only_folds() {
        let en = AnalyzerKind::English;
        assert_eq!(en.stem("strategies"), en.stem("strategy"));
        assert_eq!(en.stem("running"), "run");
        assert_eq!(en.stem("forebygging"), "forebyg");
        assert_eq!(AnalyzerKind::Plain.query_word("Čoahkkin".to_lowercase().as_str()).exact, "čoahkkin");
        assert_eq!(AnalyzerKind::Plain.query_word("ålesund").folded, ["alesund"]);
        assert_eq!(AnalyzerKind::Plain.query_word("strategies").exact, "strategies");
    }
}
