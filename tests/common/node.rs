//! The browser and validator scripts in tests/browser, run with Node.js: the tools they need
//! must be installed (a missing one is a failure, not a skip), and their output is shown
//! whole when a test fails.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `tests/browser/<script>` with `args` from the repository root.
pub fn node(script: &str, args: &[impl AsRef<OsStr>]) -> Output {
    let node_modules = root().join("node_modules");
    for pkg in ["playwright-core", "axe-core", "vnu-jar"] {
        assert!(node_modules.join(pkg).is_dir(), "node_modules/{pkg} is missing: run scripts/setup (it installs the browser test tools)");
    }
    Command::new("node")
        .current_dir(root())
        .arg(root().join("tests/browser").join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("can't run `node` ({e}): install Node.js and run scripts/setup"))
}

/// A process's exit status, stdout and stderr, for an assertion message.
pub fn show(out: &Output) -> String {
    format!("exit: {}\n--- stdout ---\n{}\n--- stderr ---\n{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}
