//! A fixture site with courses, a network, news and a newsletter, built with the real
//! `planverk` binary; plus the Python checkers for .ics and Atom files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// "Now" for the fixture: 2026-12-01T12:00:00Z.
pub const NOW: &str = "1796126400";

/// A course title with every character iCalendar must escape, and an emoji.
pub const TRICKY_TITLE: &str = "Kurs, del 1; sti C:\\temp\nlinje to 🎉";

/// 300 characters of Norwegian.
pub fn long_summary() -> String {
    let text: String = "Blåbærsyltetøy på Ørland, kurs for ansatte i bydelene; særlig om rus og helse. ".chars().cycle().take(300).collect();
    text.trim_end().to_string() + "."
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

/// The fixture's files: path → text.
pub fn files() -> Vec<(String, String)> {
    let tricky = format!(
        "---\ntitle: {}\nsummary: {}\ndate: 2026-10-01\ntopics: [overdose]\ndistricts: [frogner]\nformat: course\nstatus: open\n\
         audience: [ansatte i bydelene]\nlocation: \"Rådhuset, sal 1\"\nimplements: [planer/plan#G1]\n\
         registration: {{url: \"https://example.org/meld-på\", deadline: 2027-02-20, price: \"500 kr\"}}\n\
         contact: {{name: \"Kari Nordmann\", email: \"kari@example.org\"}}\n\
         sessions:\n  - id: s1\n    start: 2027-03-08T09:00\n    end: 2027-03-08T15:30\n  - id: s2\n    title: \"Dag 2\"\n    start: 2027-03-09T09:00\n    end: 2027-03-09T15:30\n    online: \"https://meet.example.org/abc\"\n---\nKursbeskrivelse.\n",
        yaml_quote(TRICKY_TITLE),
        yaml_quote(&long_summary())
    );
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    vec![
        f("config.toml", "title = \"Kurssted\"\nbase_url = \"https://kurs.example.org\"\nlanguage = \"nb\"\ntimezone = \"Europe/Oslo\"\n"),
        f("content/_index.md", "---\ntitle: Forside\n---\nVelkommen.\n"),
        f("content/planer/_index.md", "---\ntitle: Planer\nkind: plan\n---\n"),
        f("content/planer/plan.md", "---\ntitle: Planen\ngoals:\n  - id: G1\n    title: Færre overdoser\n---\n"),
        f("content/bydeler/_index.md", "---\ntitle: Bydeler\nkind: district\n---\n"),
        f("content/bydeler/frogner.md", "---\ntitle: Bydel Frogner\n---\n"),
        f("content/bydeler/alna.md", "---\ntitle: Bydel Alna\n---\n"),
        f("content/kurs/_index.md", "---\ntitle: Kurs\nkind: course\n---\nAlle kursene.\n"),
        ("content/kurs/tricky.md".to_string(), tricky),
        f(
            "content/kurs/gammelt.md",
            "---\ntitle: Gammelt seminar\nformat: seminar\ntopics: [alkohol]\nregistration: {deadline: 2026-03-01}\n\
             materials:\n  - title: Lysark\n    url: \"https://example.org/lysark.pdf\"\n\
             sessions:\n  - start: 2026-03-10T09:00\n    end: 2026-03-10T12:00\n---\n",
        ),
        f("content/kurs/fristen-ute.md", &fristen_ute("2027-01-12T09:00", "2027-01-12T12:00")),
        f(
            "content/kurs/avlyst.md",
            "---\ntitle: Avlyst fagdag\nstatus: cancelled\nformat: seminar\nsessions:\n  - start: 2027-05-03T09:00\n    end: 2027-05-03T12:00\n---\n",
        ),
        f(
            "content/kurs/utsatt.md",
            "---\ntitle: Utsatt webinar\nstatus: postponed\nformat: webinar\nsessions:\n  - start: 2027-06-03T09:00\n    end: 2027-06-03T10:00\n    online: \"https://meet.example.org/x\"\n---\n",
        ),
        f("content/nettverk/_index.md", "---\ntitle: Nettverk\nkind: network\n---\n"),
        f(
            "content/nettverk/nett.md",
            "---\ntitle: Overdosenettverket\nmembers: [frogner, \"Uteseksjonen\"]\nmeetings:\n  - id: m1\n    title: Møte 1\n    start: 2027-02-01T09:00\n    end: 2027-02-01T11:00\n    location: KoRus\n---\n",
        ),
        f("content/aktuelt/_index.md", "---\ntitle: Aktuelt\nkind: news\n---\n"),
        f("content/aktuelt/a.md", "---\ntitle: Nyhet A\ndate: 2026-10-05\nsummary: Om A\n---\nSe [kursene](/kurs/).\n"),
        f("content/aktuelt/b.md", "---\ntitle: Nyhet B\ndate: 2026-11-20\nupdated: 2026-11-21\n---\nB.\n"),
        f("content/nyhetsbrev/_index.md", "---\ntitle: Nyhetsbrev\nkind: newsletter\n---\n"),
        f(
            "content/nyhetsbrev/nr-1.md",
            "---\ntitle: Nyhetsbrev 1/2026\ndate: 2026-11-01\nissue: \"1/2026\"\ncovers: {from: 2026-10-01, to: 2026-10-31}\n---\nHei! Les [om A](/aktuelt/a/).\n",
        ),
    ]
}

/// The waitlisted course: one session without `id`, for the UID/SEQUENCE test.
pub fn fristen_ute(start: &str, end: &str) -> String {
    format!(
        "---\ntitle: Fristen er ute\nstatus: waitlist\ndistricts: [alna]\naudience: [lærere]\nformat: course\n\
         registration: {{deadline: 2026-11-15}}\nsessions:\n  - start: 2027-01-10T09:00\n    end: 2027-01-10T12:00\n  - start: {start}\n    end: {end}\n---\n"
    )
}

/// The fixture written into a fresh temporary folder, with an output folder beside it.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let Ok(dir) = tempfile::tempdir() else { panic!("no temp dir") };
        let fx = Fixture { dir };
        for (path, text) in files() {
            fx.write(&path, &text);
        }
        fx
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn write(&self, path: &str, text: &str) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap_or(Path::new("."))).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    /// Builds into `out()`; panics with the output on failure.
    pub fn build(&self) {
        build(&self.root(), &self.out());
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// Runs `planverk build` with the fixed "now".
pub fn build(root: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_planverk"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .expect("run planverk");
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
pub fn find(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(find(&p, suffix));
        } else if p.to_string_lossy().ends_with(suffix) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Runs a checker in tests/tools on `files`; returns its JSON report, asserting exit 0.
pub fn check(tool: &str, files: &[PathBuf]) -> serde_json::Value {
    assert!(!files.is_empty(), "no files to check with {tool}");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools").join(tool);
    let o = Command::new("python3").arg(script).args(files).output().expect("run python3");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{tool} failed:\n{stdout}\n{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{tool} printed no JSON ({e}):\n{stdout}"))
}

/// The events of one checked .ics file.
pub fn events<'a>(report: &'a serde_json::Value, file_suffix: &str) -> &'a Vec<serde_json::Value> {
    let files = report["files"].as_array().expect("files");
    let f = files.iter().find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(file_suffix)));
    f.and_then(|f| f["events"].as_array()).unwrap_or_else(|| panic!("no {file_suffix} in the report"))
}

/// Undoes the HTML escaping tera applies to attribute values (`&#x2F;` for `/`).
pub fn unescape(html: &str) -> String {
    html.replace("&#x2F;", "/").replace("&amp;", "&").replace("&quot;", "\"").replace("&#x27;", "'")
}
