//! The three-language fixture (bokmål, nynorsk, English) the language tests share.

use super::common::Site;

pub const CONFIG: &str = "title = \"KoRus Test\"\nbase_url = \"https://test.example.org\"\nlanguage = \"nb\"\ntimezone = \"Europe/Oslo\"\n\
    [languages.nn]\ntitle = \"KoRus Test på nynorsk\"\n[languages.en]\ntitle = \"KoRus Test in English\"\ndescription = \"Plans and courses\"\n";

pub fn md(yaml: &str, body: &str) -> String {
    format!("---\n{yaml}---\n{body}")
}

/// The three-language fixture: a home page in all three, a course section and a course in
/// bokmål and nynorsk, news with one item translated, a plan with its nynorsk translation,
/// an about page only in bokmål and a page only in English.
pub fn three_languages() -> Site {
    let course = |title: &str| {
        md(
            &format!("title: {title}\nkind: course\ntopics: [Forebygging]\nsessions:\n  - id: s1\n    start: 2027-03-08T09:00\n    end: 2027-03-08T15:30\n"),
            "Om kurset.\n",
        )
    };
    let plan = |title: &str, goal: &str| {
        md(&format!("title: {title}\nkind: plan\ngoals:\n  - id: G1\n    title: {goal}\n  - id: G2\n    title: Mål to\n"), "Planen.\n")
    };
    Site::new()
        .config(CONFIG)
        .file("content/_index.md", &md("title: Forside\n", "Velkommen.\n"))
        .file("content/_index.nn.md", &md("title: Framside\n", "Velkomen.\n"))
        .file("content/_index.en.md", &md("title: Home\n", "Welcome.\n"))
        .file("content/kurs/_index.md", &md("title: Kurs\nkind: course\n", "Alle kursa.\n"))
        .file("content/kurs/_index.nn.md", &md("title: Kurs på nynorsk\n", "Alle kursa.\n"))
        .file("content/kurs/mi-grunnkurs.md", &course("MI grunnkurs"))
        .file("content/kurs/mi-grunnkurs.nn.md", &course("MI-grunnkurs på nynorsk"))
        .file("content/aktuelt/_index.md", &md("title: Aktuelt\nkind: news\n", ""))
        .file("content/aktuelt/a.md", &md("title: Nyhet A\ndate: 2026-10-05\nupdated: 2026-10-06\n", "Tekst.\n"))
        .file("content/aktuelt/a.nn.md", &md("title: Nyheit A\ndate: 2026-10-07\n", "Tekst.\n"))
        .file("content/aktuelt/b.md", &md("title: Nyhet B\ndate: 2026-11-20\n", "Berre bokmål.\n"))
        .file("content/planer/_index.md", &md("title: Planer\nkind: plan\n", ""))
        .file("content/planer/plan.md", &plan("Planen", "Færre overdosar"))
        .file("content/planer/plan.nn.md", &plan("Planen på nynorsk", "Færre overdosar"))
        .file("content/om.md", &md("title: Om oss\n", "Om oss.\n"))
        .file("content/partners.en.md", &md("title: Partners\nslug: our-partners\n", "Only in English.\n"))
}

/// The fixture with references to pages that have no nynorsk version: a plan only in
/// bokmål that both course versions implement, and `@/` links from the course to the
/// bokmål-only about page and to the translated plan.
pub fn with_references() -> Site {
    let course = |title: &str, body: &str| {
        let yaml = format!(
            "title: {title}\nkind: course\nimplements: [planer/byplan#B1]\nsessions:\n  - id: s1\n    start: 2027-03-08T09:00\n    end: 2027-03-08T15:30\n"
        );
        md(&yaml, body)
    };
    three_languages()
        .file("content/planer/byplan.md", &md("title: Byplanen\nkind: plan\ngoals:\n  - id: B1\n    title: Eit mål\n", ""))
        .file("content/kurs/mi-grunnkurs.md", &course("MI grunnkurs", "Se [om oss](@/om.md).\n"))
        .file("content/kurs/mi-grunnkurs.nn.md", &course("MI-grunnkurs på nynorsk", "Sjå [om oss](@/om.md) og [planen](@/planer/plan.md).\n"))
}
