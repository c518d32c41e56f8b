//! The browser's search client against Rust: the same tokens and terms for every word of the
//! example site, and the same top 3 as `planverk search` for a fixed set of queries, with the
//! client (themes/default/static/search.js) run under node on the written static index.
//!
//! Needs node (scripts/setup); a missing node is a failure, not a skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use planverk::search::analyzer::{query_word, tokenize};
use planverk::search::shards::shard_of;

/// The same fixed "now" as the browser tests.
const NOW: &str = "1795000000";

/// Compounds, folding, derived forms, multi-word queries, ids, and plain words.
const QUERIES: &[&str] = &[
    "forebygging",
    "forebyggende",
    "forebygge",
    "rusmiddelforebygging",
    "samtale",
    "oppfølgingssamtale",
    "samtaletilbud",
    "sondre nordstrand",
    "søndre nordstrand",
    "ostensjo",
    "grunerlokka",
    "parorende",
    "pårørende",
    "nalokson",
    "overdose",
    "kjentmann",
    "motiverende intervju",
    "barn og unge",
    "psykisk helse",
    "bolig",
    "alkohol",
    "lavterskel",
    "A1-T1-M3",
    "S3-G4-C",
    "recovery",
    "frogner",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map_or(tmp.clone(), Path::to_path_buf)
}

fn node(args: &[&str]) -> std::process::Output {
    Command::new("node")
        .current_dir(root())
        .arg(root().join("tests/browser/search-node.mjs"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("can't run `node` ({e}): install Node.js and run scripts/setup"))
}

fn show(out: &std::process::Output) -> String {
    format!("exit: {}\n{}\n{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read content").flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

#[test]
fn the_client_tokenizes_folds_and_stems_like_rust() {
    let mut files = Vec::new();
    markdown_files(&root().join("content"), &mut files);
    files.sort();
    let mut texts = Vec::new();
    let mut words: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    let extra = "Søndre Nordstrand Målselv kjærlighet KJÆRLIGHET nivå får far Grünerløkka Østensjø Ærlig Åsane Kaare café naïve S1-C R1-B 2027-03 \
                 forebygging forebyggende forebygge samtalene hetenes tjenestene kunnskapers havers giverers lærerne rotters gutters";
    let mut sources: Vec<(String, String)> = files.iter().map(|f| (f.display().to_string(), std::fs::read_to_string(f).expect("read"))).collect();
    sources.push(("extra".into(), extra.into()));
    for (name, text) in &sources {
        let tokens: Vec<String> = tokenize(text).into_iter().map(|w| w.text).collect();
        for t in &tokens {
            let w = query_word(t);
            words.insert(t.clone(), serde_json::json!({ "exact": w.exact, "folded": w.folded, "shard": shard_of(t, 4096) }));
        }
        texts.push(serde_json::json!({ "name": name, "text": text, "tokens": tokens }));
    }
    assert!(words.len() > 3000, "the example site should give thousands of words, got {}", words.len());
    let file = target_dir().join("search-analyzer.json");
    std::fs::write(&file, serde_json::json!({ "texts": texts, "words": words }).to_string()).expect("write analyzer.json");
    let out = node(&["analyzer", &file.to_string_lossy()]);
    assert!(out.status.success(), "the client's analyzer differs from Rust's:\n{}", show(&out));
}

#[test]
fn the_client_ranks_like_the_cli_on_the_example_site() {
    let out_dir = target_dir().join("search-client-site");
    let _ = std::fs::remove_dir_all(&out_dir);
    let build = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["build", "--root"])
        .arg(root())
        .arg("--output")
        .arg(&out_dir)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .expect("run planverk");
    assert!(build.status.success(), "build failed:\n{}", show(&build));
    let root = root().to_string_lossy().into_owned();
    let out = out_dir.to_string_lossy().into_owned();
    let mut args = vec!["compare", root.as_str(), out.as_str(), env!("CARGO_BIN_EXE_planverk"), NOW];
    args.extend_from_slice(QUERIES);
    let run = node(&args);
    assert!(run.status.success(), "the browser client and the CLI disagree:\n{}", show(&run));
}
