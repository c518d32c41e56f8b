//! The one path classifier: which part of a site a file belongs to ([`ChangeKind`]), shared by
//! the loader (which skips the files it calls ignored) and the watcher (which turns a burst
//! of file events into one [`ChangeSet`], that is one rebuild).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode};

/// What a changed file is to the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// `config.toml`.
    Config,
    /// A file under `content/`, relative to the site root (`content/kurs/a.md`).
    Content(PathBuf),
    /// The site's own `templates/`.
    Template,
    /// Anything under `themes/`.
    Theme,
    /// The site's `static/` folder.
    Static,
    /// Editor swap and backup files, hidden files, the output folder and everything else.
    Ignored,
}

/// Editor and tool droppings, and hidden files: never part of the site.
///
/// `.#x` (Emacs lock), `#x#` (Emacs autosave), `x~` (backup), `.x.swp` (Vim swap), `4913`
/// (Vim's write test), `x.tmp`, `x___jb_tmp___` (JetBrains safe write).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with(".tmp")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// Classifies paths below one site root.
#[derive(Debug, Clone)]
pub struct Classifier {
    root: PathBuf,
    /// The output folder relative to the root (`public`).
    output_dir: PathBuf,
}

impl Classifier {
    /// `root` should be canonical, as the watcher reports canonical paths.
    pub fn new(root: &Path, output_dir: &Path) -> Classifier {
        let output_dir = output_dir.strip_prefix(root).unwrap_or(output_dir).to_path_buf();
        Classifier { root: root.to_path_buf(), output_dir }
    }

    /// What `path` (absolute, or relative to the root) is. Only looks at the path.
    pub fn classify(&self, path: &Path) -> ChangeKind {
        let rel = if path.is_absolute() {
            match path.strip_prefix(&self.root) {
                Ok(rel) => rel,
                Err(_) => return ChangeKind::Ignored,
            }
        } else {
            path
        };
        let mut names = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(n) => names.push(n.to_string_lossy()),
                Component::CurDir => {}
                _ => return ChangeKind::Ignored,
            }
        }
        if names.iter().any(|n| is_ignored_name(n)) || (!self.output_dir.as_os_str().is_empty() && rel.starts_with(&self.output_dir)) {
            return ChangeKind::Ignored;
        }
        match (names.first().map(|n| n.as_ref()), names.len()) {
            (Some("config.toml"), 1) => ChangeKind::Config,
            (Some("content"), n) if n > 1 => ChangeKind::Content(rel.to_path_buf()),
            (Some("templates"), _) => ChangeKind::Template,
            (Some("themes"), _) | (Some("i18n"), _) => ChangeKind::Theme,
            (Some("static"), _) => ChangeKind::Static,
            _ => ChangeKind::Ignored,
        }
    }
}

/// The changes of one burst of file events: what one rebuild has to take into account.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// Content files (relative to the root) that changed, appeared or went away.
    pub content: BTreeSet<PathBuf>,
    /// Config, templates, themes or static files changed: everything is rebuilt.
    pub site_wide: BTreeSet<ChangeKind>,
}

impl ChangeSet {
    /// Adds one event: every path it names (a rename names both) is classified.
    pub fn add_event(&mut self, classifier: &Classifier, event: &notify::Event) {
        if !changes_files(&event.kind) {
            return;
        }
        for path in &event.paths {
            self.add(classifier.classify(path));
        }
    }

    pub fn add(&mut self, kind: ChangeKind) {
        match kind {
            ChangeKind::Ignored => {}
            ChangeKind::Content(p) => {
                self.content.insert(p);
            }
            other => {
                self.site_wide.insert(other);
            }
        }
    }

    /// Nothing that the site is made from changed.
    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && self.site_wide.is_empty()
    }

    /// How many files or kinds of file changed, for the log line.
    pub fn len(&self) -> usize {
        self.content.len() + self.site_wide.len()
    }
}

/// Whether an event can change a file's contents or existence. Reads (which the build
/// itself causes) must not trigger a rebuild, or every build would trigger the next.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind, RenameMode};

    fn classifier() -> Classifier {
        Classifier::new(Path::new("/site"), Path::new("/site/public"))
    }

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        paths.iter().fold(notify::Event::new(kind), |e, p| e.add_path(PathBuf::from(p)))
    }

    fn collapse(events: &[notify::Event]) -> ChangeSet {
        let c = classifier();
        let mut set = ChangeSet::default();
        events.iter().for_each(|e| set.add_event(&c, e));
        set
    }

    fn content(paths: &[&str]) -> BTreeSet<PathBuf> {
        paths.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn classifies_each_part_of_a_site() {
        let c = classifier();
        assert_eq!(c.classify(Path::new("/site/config.toml")), ChangeKind::Config);
        assert_eq!(c.classify(Path::new("/site/content/kurs/a.md")), ChangeKind::Content("content/kurs/a.md".into()));
        assert_eq!(c.classify(Path::new("content/bilde.png")), ChangeKind::Content("content/bilde.png".into()));
        assert_eq!(c.classify(Path::new("/site/templates/page.html")), ChangeKind::Template);
        assert_eq!(c.classify(Path::new("/site/themes/default/static/style.css")), ChangeKind::Theme);
        assert_eq!(c.classify(Path::new("/site/static/logo.svg")), ChangeKind::Static);
    }

    #[test]
    fn ignores_editor_files_output_and_everything_else() {
        let c = classifier();
        for p in [
            "/site/content/.#a.md",
            "/site/content/#a.md#",
            "/site/content/a.md~",
            "/site/content/.a.md.swp",
            "/site/content/4913",
            "/site/content/a.md.tmp",
            "/site/content/.git/HEAD",
            "/site/public/index.html",
            "/site/target/debug/planverk",
            "/site/config.toml~",
            "/site/content",
            "/elsewhere/content/a.md",
            "/site/content/../config.toml",
        ] {
            assert_eq!(c.classify(Path::new(p)), ChangeKind::Ignored, "{p}");
        }
    }

    #[test]
    fn the_events_of_one_save_collapse_into_one_change() {
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let set = collapse(&[
            event(modify, &["/site/content/a.md"]),
            event(EventKind::Access(AccessKind::Close(AccessMode::Write)), &["/site/content/a.md"]),
            event(modify, &["/site/content/a.md"]),
        ]);
        assert_eq!(set.content, content(&["content/a.md"]));
        assert!(set.site_wide.is_empty());
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn a_temp_file_renamed_over_the_real_one_is_a_change_of_the_real_file() {
        let set = collapse(&[
            event(EventKind::Create(CreateKind::File), &["/site/content/kurs/a.md.tmp"]),
            event(EventKind::Modify(ModifyKind::Data(DataChange::Content)), &["/site/content/kurs/a.md.tmp"]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &["/site/content/kurs/a.md.tmp", "/site/content/kurs/a.md"]),
        ]);
        assert_eq!(set.content, content(&["content/kurs/a.md"]));
    }

    #[test]
    fn a_vim_save_is_one_change_of_the_real_file() {
        // Vim: write test file 4913, rename a.md to a.md~, write a.md, delete a.md~.
        let set = collapse(&[
            event(EventKind::Create(CreateKind::File), &["/site/content/4913"]),
            event(EventKind::Remove(RemoveKind::File), &["/site/content/4913"]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::From)), &["/site/content/a.md"]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &["/site/content/a.md~"]),
            event(EventKind::Create(CreateKind::File), &["/site/content/a.md"]),
            event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/site/content/.a.md.swp"]),
            event(EventKind::Remove(RemoveKind::File), &["/site/content/a.md~"]),
        ]);
        assert_eq!(set.content, content(&["content/a.md"]));
        assert!(set.site_wide.is_empty());
    }

    #[test]
    fn reads_and_metadata_changes_are_no_change() {
        let set = collapse(&[
            event(EventKind::Access(AccessKind::Open(AccessMode::Read)), &["/site/content/a.md"]),
            event(EventKind::Access(AccessKind::Close(AccessMode::Read)), &["/site/content/a.md"]),
            event(EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)), &["/site/config.toml"]),
        ]);
        assert!(set.is_empty(), "{set:?}");
    }

    #[test]
    fn template_and_config_changes_are_site_wide() {
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let set = collapse(&[
            event(modify, &["/site/templates/page.html"]),
            event(modify, &["/site/templates/base.html"]),
            event(modify, &["/site/config.toml"]),
            event(modify, &["/site/content/a.md"]),
        ]);
        assert_eq!(set.site_wide, [ChangeKind::Config, ChangeKind::Template].into_iter().collect());
        assert_eq!(set.content, content(&["content/a.md"]));
        assert_eq!(set.len(), 3);
    }
}
