//! `config.toml`: parsing must not panic, and problems point at lines of the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = text.matches('\n').count() as u32 + 1;
    if let Err(diags) = planverk::load::config::parse_config(text, Path::new("config.toml")) {
        assert!(!diags.is_empty());
        for d in diags {
            assert!(d.line <= lines, "line {} of a {lines}-line config: {d:?}", d.line);
        }
    }
});
