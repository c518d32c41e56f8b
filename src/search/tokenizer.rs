//! The analyzer registered as tantivy tokenizers, one per term class.

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

use super::analyzer::{Analyzer, TermClass};

/// The tokenizer name tantivy knows a term class by.
pub fn tokenizer_name(class: TermClass) -> String {
    format!("planverk_no_{}", class.name())
}

/// Registers the three tokenizers (exact, folded, part) with an index's manager.
pub fn register(manager: &TokenizerManager, analyzer: &Arc<Analyzer>) {
    for class in TermClass::ALL {
        manager.register(&tokenizer_name(class), NorwegianTokenizer { analyzer: analyzer.clone(), class });
    }
}

/// Emits the terms of one class; the terms of a word share its position.
#[derive(Clone)]
pub struct NorwegianTokenizer {
    analyzer: Arc<Analyzer>,
    class: TermClass,
}

impl Tokenizer for NorwegianTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        for (position, w) in super::analyzer::tokenize(text).into_iter().enumerate() {
            let terms = self.analyzer.word(&w.text);
            for t in terms.of(self.class) {
                tokens.push(Token { offset_from: w.from, offset_to: w.to, position, text: t.to_string(), position_length: 1 });
            }
        }
        VecTokenStream { tokens, index: 0 }
    }
}

/// Tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}
