//! `planverk init`: a new site skeleton that builds as it is.

use std::path::Path;

/// Why a skeleton could not be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} already exists and is not empty; choose a new folder")]
    NotEmpty(String),
    #[error("can't write {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

const FILES: &[(&str, &str)] = &[
    (
        "config.toml",
        "title = \"Mitt nettsted\"\nbase_url = \"https://example.org\"\nlanguage = \"nb\"\ntimezone = \"Europe/Oslo\"\ntheme = \"default\"\noutput_dir = \"public\"\n# Cards per page in section, topic and target-group listings (0: all on one page).\npaginate_by = 20\n\n# A banner at the top of every page (\"the course calendar is being updated\"); remove the\n# table when it is no longer needed. level: info or warning; link: a content path or an address.\n[notice]\ntext = \"Nettstedet er under arbeid.\"\nlevel = \"info\"\nlink = \"planer\"\nlink_text = \"Se planene\"\n",
    ),
    ("content/_index.md", "---\ntitle: Velkommen\n---\nDette er forsiden. Skriv om det dere gjør her.\n"),
    ("content/planer/_index.md", "---\ntitle: Planer\nkind: plan\n---\nPlanene våre.\n"),
    (
        "content/planer/handlingsplan.md",
        "---\ntitle: Handlingsplan\nplan_type: action-plan\nstatus: draft\nperiod: \"2027-2030\"\nstrategies:\n  - id: S1\n    title: Forebygging\n    measures:\n      - id: S1-A\n        title: Et første tiltak\n        status: planned\n---\nOm planen.\n",
    ),
    ("content/kurs/_index.md", "---\ntitle: Kurs\nkind: course\n---\nKurs og konferanser.\n"),
    (
        "content/aktuelt/_index.md",
        "---\ntitle: Aktuelt\nkind: news\n# Nyheter per side i listen (overstyrer paginate_by i config.toml).\npaginate_by: 20\n---\nNyheter.\n",
    ),
    ("static/.gitkeep", ""),
];

/// Creates a site skeleton in `dir` (which must be missing or empty).
pub fn init_site(dir: &Path) -> Result<(), InitError> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(InitError::NotEmpty(dir.display().to_string()));
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        let io = |source| InitError::Io { path: path.display().to_string(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, text).map_err(|source| InitError::Io { path: path.display().to_string(), source })?;
    }
    Ok(())
}
