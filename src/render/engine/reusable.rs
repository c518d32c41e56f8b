//! A template context reused from render to render: the shared base (site, UI strings) stays,
//! and what one render adds is taken out again, so the base is not copied for every page.

use serde::Serialize;
use tera::{Context, Value};

/// The base context plus what the current render added, with what each addition replaced.
pub struct ReusableContext {
    context: Context,
    added: Vec<(String, Option<Value>)>,
}

impl ReusableContext {
    /// Starts from a copy of `base`, made once.
    pub fn new(base: &Context) -> ReusableContext {
        ReusableContext { context: base.clone(), added: Vec::new() }
    }

    /// Adds `key` for the current render; [`ReusableContext::reset`] takes it out again.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let replaced = self.context.remove(key);
        self.context.insert(key, value);
        self.added.push((key.to_string(), replaced));
    }

    /// The context to render with: the base and what was added since the last reset.
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// Takes out what was added, in reverse order, so that the base is as it was.
    pub fn reset(&mut self) {
        while let Some((key, replaced)) = self.added.pop() {
            self.context.remove(&key);
            if let Some(value) = replaced {
                self.context.insert(key, &value);
            }
        }
    }
}

/// Where a view inserts what a template sees: a fresh context or a reused one.
pub trait InsertInto {
    fn insert_value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T);
}

impl InsertInto for Context {
    fn insert_value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.insert(key, value);
    }
}

impl InsertInto for ReusableContext {
    fn insert_value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_brings_back_the_base() {
        let mut base = Context::new();
        base.insert("site", "S");
        base.insert("lang", "nb");
        let mut c = ReusableContext::new(&base);
        c.insert("page", &1);
        c.insert("lang", "en");
        c.insert("lang", "nn");
        assert_eq!(c.context().get("lang"), Some(&Value::from("nn")));
        c.reset();
        assert_eq!(c.context().clone().into_json(), base.clone().into_json());
        c.insert("page", &2);
        assert_eq!(c.context().get("page"), Some(&Value::from(2)));
    }
}
