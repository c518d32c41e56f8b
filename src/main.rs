//! The `planverk` command line: build, check, serve, search, init and new.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use planverk::{BuildError, BuildOptions, diagnostics::Diagnostics};

/// mimalloc instead of the system allocator: see its line in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator for public drug-policy plans, courses and networks.
#[derive(Parser)]
#[command(name = "planverk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (the old output stays if the build fails).
    Build {
        /// The site folder (with config.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; default: `output_dir` from config.toml.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Publish at this address instead of config.toml's `base_url` (a staging host, or a
        /// sub-path such as https://example.org/rusplan/); only the URLs change.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<planverk::model::SiteUrl>,
    },
    /// Report every problem in the site, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also ask every link to another site whether it still answers (see [link_checker]).
        #[arg(long)]
        external: bool,
        /// With --external: a dead link is an error, not a warning.
        #[arg(long, requires = "external")]
        strict: bool,
        /// Publish at this address instead of config.toml's `base_url` (a staging host, or a
        /// sub-path such as https://example.org/rusplan/); only the URLs change.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<planverk::model::SiteUrl>,
    },
    /// Serve the site from memory on 127.0.0.1, rebuilding and reloading the page on every save.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port; 0 picks any free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage of each rebuild took.
        #[arg(long)]
        timings: bool,
        /// The address the pages name (feeds, canonical links); default: the server's own
        /// address with config.toml's sub-path. The site is served under its path.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<planverk::model::SiteUrl>,
        /// Keep the editor at /admin/ (which writes files) on when --bind is not loopback.
        #[arg(long)]
        allow_remote_editing: bool,
    },
    /// Search the site (builds the search index in .planverk/search/ first when the content changed).
    Search {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// What to look for; every word must match.
        query: String,
        /// Only results of this kind (page, plan, goal, measure, course, network, newsletter, news, district, service).
        #[arg(long)]
        kind: Option<String>,
        /// Only results for this district (its key, the file name of its page).
        #[arg(long)]
        district: Option<String>,
        /// Only results with this topic.
        #[arg(long)]
        topic: Option<String>,
        /// How many results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print a JSON array instead of lines.
        #[arg(long)]
        json: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Search this language version's index (`nn`); default: the site's language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Create a new site skeleton that builds.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write a new page of a kind, with its required fields and a comment per optional one.
    New {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// page, news, plan, course, network, newsletter, district or service.
        kind: String,
        /// The page's path under content/: kurs/nytt-kurs (or content/kurs/nytt-kurs.md).
        path: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { root, output, drafts, timings, base_url } => build(BuildOptions { output, drafts, timings, base_url, ..BuildOptions::new(root) }),
        Command::Check { root, format, base_url, external, strict } => {
            check(BuildOptions { base_url, ..BuildOptions::new(root) }, format, external.then_some(strict))
        }
        Command::Serve { root, port, bind, drafts, timings, base_url, allow_remote_editing } => {
            match planverk::serve::serve(&planverk::serve::ServeOptions { root, port, bind, drafts, timings, base_url, allow_remote_editing }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Search { root, query, kind, district, topic, limit, json, drafts, lang } => {
            let request = planverk::search::SearchRequest { query, kind, district, topic, limit };
            search(BuildOptions { drafts, ..BuildOptions::new(root) }, lang.as_deref(), request, json)
        }
        Command::New { root, kind, path } => match planverk::skeleton::new_page(&root, &kind, &path) {
            Ok(file) => {
                println!("Wrote {}. Fill it in, then see it with: planverk serve --root {}", file.display(), root.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Init { dir } => match planverk::init::init_site(&dir) {
            Ok(()) => {
                println!("Created a new site in {}. Build it with: planverk build --root {}", dir.display(), dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// `--base-url`: a full http(s) address, with or without a sub-path.
fn parse_base_url(s: &str) -> Result<planverk::model::SiteUrl, String> {
    planverk::model::SiteUrl::parse(s).ok_or_else(|| format!("`{s}` is not a full address; write it as https://example.org or https://example.org/rusplan"))
}

fn print_diagnostics(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal();
    for d in diags.iter() {
        eprintln!("{}", d.render(color));
    }
}

fn build(options: BuildOptions) -> ExitCode {
    let started = Instant::now();
    // The bar only on a terminal; otherwise nothing but the summary line.
    let progress = if std::io::stderr().is_terminal() { planverk::progress::Progress::stderr() } else { planverk::progress::Progress::hidden() };
    let options = BuildOptions { progress: progress.clone(), ..options };
    let result = planverk::build(&options);
    progress.finish();
    match result {
        Ok(summary) => {
            print_diagnostics(&summary.warnings);
            let ms = started.elapsed().as_millis();
            let rendered = summary.updated.map_or(String::new(), |n| format!("{n} HTML files rendered again; "));
            println!(
                "Built {} pages ({rendered}{} files, {} written) into {} in {ms} ms{}",
                summary.pages,
                summary.files,
                summary.written.written,
                summary.output_dir.display(),
                match summary.warnings.warning_count() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                }
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diags)) => {
            print_diagnostics(&diags);
            eprintln!("Build failed: {} error(s). The previous output was left as it was.", diags.error_count());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("The previous output was left as it was.");
            ExitCode::FAILURE
        }
    }
}

/// `external`: `Some(strict)` with `--external`.
fn check(options: BuildOptions, format: Format, external: Option<bool>) -> ExitCode {
    let mut diags = planverk::check(&options);
    if let Some(strict) = external
        && let Some((found, s)) = planverk::check_external(&options, strict)
    {
        eprintln!(
            "External links: {} on {} host(s) asked, {} answered well in the last days (cached), {} skipped, {} dead.",
            s.links - s.cached - s.skipped,
            s.hosts,
            s.cached,
            s.skipped,
            s.dead
        );
        diags.extend(found);
    }
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&diags).unwrap_or_else(|_| "[]".into())),
        Format::Text => {
            print_diagnostics(&diags);
            println!("{} error(s), {} warning(s)", diags.error_count(), diags.warning_count());
        }
    }
    if diags.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn search(options: BuildOptions, lang: Option<&str>, request: planverk::search::SearchRequest, json: bool) -> ExitCode {
    let result = planverk::search::open_or_build(&options, lang).and_then(|index| planverk::search::search(&index, &request));
    match result {
        Ok(results) if json => {
            println!("{}", serde_json::to_string_pretty(&results).unwrap_or_else(|_| "[]".into()));
            ExitCode::SUCCESS
        }
        Ok(results) => {
            if results.is_empty() {
                eprintln!("No results for “{}”.", request.query);
            }
            for r in &results {
                println!("{}  {}  — {}", r.url, r.title, marked(&r.snippet, &r.marks));
            }
            ExitCode::SUCCESS
        }
        Err(planverk::search::SearchError::Content(diags)) => {
            print_diagnostics(&diags);
            eprintln!("error: the site has {} error(s); fix them and search again.", diags.error_count());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The snippet with its matched words between « and ».
fn marked(snippet: &str, marks: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for &(a, b) in marks {
        out.push_str(&snippet[last..a]);
        out.push('«');
        out.push_str(&snippet[a..b]);
        out.push('»');
        last = b;
    }
    out.push_str(&snippet[last..]);
    out
}
