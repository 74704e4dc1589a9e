//! The command line: `jianbao export`, `jianbao new` and `jianbao check`. No window here.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::core::links::LinkIndex;
use crate::core::lint::{self, CheckContext, Diagnostic, Severity};
use crate::core::{Issue, export, io, new_issue, render};

#[derive(Parser, Debug)]
#[command(
    name = "jianbao",
    version,
    about = "An editor for 嵌入式AI简报 issues",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The issue to open in the window (default: the shipped sample issue).
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write issues out as saving would (markdown) or as their structured model (json).
    Export {
        #[arg(long, value_enum)]
        format: Format,
        /// Write one output file per input into this folder (created if missing).
        #[arg(long)]
        out_dir: Option<PathBuf>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Create the next issue of a repository from its newest one.
    New {
        /// The repository: the folder that holds embedded-ai-report/.
        #[arg(long)]
        repo: PathBuf,
        /// The new issue's date (default: two weeks after the newest issue).
        #[arg(long)]
        date: Option<String>,
    },
    /// Check issues for slips and repeated links; print them like a compiler.
    Check {
        /// Check every issue of this repository (and its README.md archive);
        /// with FILEs, check those against the repository's links.
        #[arg(long)]
        repo: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Apply the safe fixes, rewriting only the offending bytes, then report what is left.
        #[arg(long)]
        fix: bool,
        files: Vec<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// `file:line:col: warning[rule]: message`, then the suggested fix.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }
}

/// Exit code for bad input: a missing, unreadable, non-UTF-8 or non-issue file.
pub const EXIT_BAD_INPUT: u8 = 2;

fn fail(msg: impl std::fmt::Display) {
    eprintln!("jianbao: {msg}");
}

/// Renders one issue file in a format.
pub fn export_one(path: &Path, format: Format) -> Result<String, io::FileError> {
    let issue = io::load_issue(path)?;
    Ok(match format {
        Format::Markdown => render::render(&issue),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&export::to_json(&issue)).expect("the JSON view serialises");
            s.push('\n');
            s
        }
    })
}

fn run_export(format: Format, out_dir: Option<PathBuf>, files: Vec<PathBuf>) -> ExitCode {
    if out_dir.is_none() && files.len() > 1 {
        fail(format_args!("{} files given: name an --out-dir to write them into", files.len()));
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    if let Some(dir) = &out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            fail(format_args!("{}: cannot create the output folder: {e}", dir.display()));
            return ExitCode::FAILURE;
        }
    }
    let mut bad = false;
    let mut write_failed = false;
    let mut written = std::collections::HashSet::new();
    for file in &files {
        let out = match export_one(file, format) {
            Ok(out) => out,
            Err(e) => {
                fail(e);
                bad = true;
                continue;
            }
        };
        match &out_dir {
            None => {
                let mut stdout = std::io::stdout().lock();
                if stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).is_err() {
                    return ExitCode::FAILURE;
                }
            }
            Some(dir) => {
                let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "issue".into());
                let target = dir.join(format!("{stem}.{}", format.extension()));
                if !written.insert(target.clone()) {
                    fail(format_args!(
                        "{}: its output {} was already written by an earlier file of this call",
                        file.display(),
                        target.display()
                    ));
                    bad = true;
                    continue;
                }
                if let Err(e) = io::write_atomic(&target, out.as_bytes()) {
                    fail(e);
                    write_failed = true;
                }
            }
        }
    }
    if bad {
        ExitCode::from(EXIT_BAD_INPUT)
    } else if write_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_new(repo: PathBuf, date: Option<String>) -> ExitCode {
    use new_issue::NewIssueError as E;
    match new_issue::create(&repo, date.as_deref()) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(&e);
            // Bad input (what the person named, or the template) is 2; an
            // existing issue or a failed write is 1.
            let bad_input = matches!(
                e,
                E::BadDate(_)
                    | E::NotARepository(_)
                    | E::NoIssue(_)
                    | E::File(io::FileError::Load { .. } | io::FileError::TooLarge { .. })
            );
            if bad_input { ExitCode::from(EXIT_BAD_INPUT) } else { ExitCode::FAILURE }
        }
    }
}

/// Runs a subcommand.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Export { format, out_dir, files } => run_export(format, out_dir, files),
        Command::New { repo, date } => run_new(repo, date),
        Command::Check { repo, format, fix, files } => run_check(repo, format, fix, files),
    }
}

struct Checked {
    path: PathBuf,
    date: Option<String>,
    text: String,
    issue: Issue,
}

fn load_checked(path: &Path) -> Result<Checked, io::FileError> {
    let issue = io::load_issue(path)?;
    // load_issue read UTF-8 text; render gives the same bytes back.
    let text = render::render(&issue);
    Ok(Checked { path: path.to_path_buf(), date: lint::date_of_path(path), text, issue })
}

/// One diagnostic as `jianbao check --format json` prints it.
pub fn diagnostic_json(file: &Path, text: &str, d: &Diagnostic) -> serde_json::Value {
    let mut v = serde_json::json!({
        "file": file.display().to_string(),
        "line": d.line,
        "column": d.column,
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
    });
    if let Some(id) = d.entry {
        v["entry"] = serde_json::json!(id.0);
    }
    if let Some(f) = &d.fix {
        v["fix"] = serde_json::json!({
            "start": f.range.start,
            "end": f.range.end,
            "old": text.get(f.range.clone()).unwrap_or(""),
            "replacement": f.replacement,
            "title": f.title,
        });
    }
    if let Some(r) = &d.related {
        v["related"] = serde_json::json!({ "date": r.date, "section": r.section, "title": r.title, "line": r.line });
    }
    v
}

/// One diagnostic as `jianbao check` prints it: the compiler-style line and,
/// when there is a fix, the fix on the next line.
pub fn diagnostic_text(file: &Path, text: &str, d: &Diagnostic) -> String {
    let mut s =
        format!("{}:{}:{}: {}[{}]: {}", file.display(), d.line, d.column, d.severity.as_str(), d.rule, d.message);
    if let Some(f) = &d.fix {
        let old = text.get(f.range.clone()).unwrap_or("");
        let what = if old.is_empty() {
            format!("insert {:?}", f.replacement)
        } else if f.replacement.is_empty() {
            format!("delete {old:?}")
        } else {
            format!("replace {old:?} with {:?}", f.replacement)
        };
        s.push_str(&format!("\n    fix: {}: {what}", f.title));
    }
    s
}

fn issue_files(repo: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = repo.join("embedded-ai-report");
    let read = std::fs::read_dir(&dir).map_err(|e| {
        format!("{}: not a newsletter repository (no readable embedded-ai-report/: {e})", repo.display())
    })?;
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && lint::date_of_path(p).is_some())
        .collect();
    files.sort();
    Ok(files)
}

fn run_check(repo: Option<PathBuf>, format: CheckFormat, fix: bool, files: Vec<PathBuf>) -> ExitCode {
    if repo.is_none() && files.is_empty() {
        fail("check needs FILEs or --repo DIR");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let mut bad = false;
    let repo_files = match &repo {
        Some(r) => match issue_files(r) {
            Ok(f) => f,
            Err(e) => {
                fail(e);
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        },
        None => Vec::new(),
    };
    let readme = repo.as_ref().and_then(|r| std::fs::read_to_string(r.join("README.md")).ok());
    let targets: Vec<PathBuf> = if files.is_empty() { repo_files.clone() } else { files.clone() };

    // Load every file once: the repository's and those named.
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut docs: Vec<Checked> = Vec::new();
    let mut by_path = std::collections::HashMap::new();
    for path in repo_files.iter().chain(&files) {
        let key = canon(path);
        if by_path.contains_key(&key) {
            continue;
        }
        match load_checked(path) {
            Ok(c) => {
                by_path.insert(key, docs.len());
                docs.push(c);
            }
            Err(e) => {
                fail(e);
                bad = true;
            }
        }
    }
    let index_input: Vec<(&str, &str, &Issue)> =
        docs.iter().filter_map(|d| d.date.as_deref().map(|date| (date, d.text.as_str(), &d.issue))).collect();
    let index = LinkIndex::build(&index_input);

    let mut errors = false;
    let mut write_failed = false;
    let mut stdout = std::io::stdout().lock();
    let mut emit = |file: &Path, text: &str, list: &[Diagnostic], errors: &mut bool| -> bool {
        for d in list {
            *errors |= d.severity == Severity::Error;
            let line = match format {
                CheckFormat::Text => diagnostic_text(file, text, d),
                CheckFormat::Json => diagnostic_json(file, text, d).to_string(),
            };
            if writeln!(stdout, "{line}").is_err() {
                return false;
            }
        }
        true
    };
    for target in &targets {
        let Some(&i) = by_path.get(&canon(target)) else { continue };
        let doc = &docs[i];
        let ctx = CheckContext { date: doc.date.as_deref(), links: Some(&index), readme: readme.as_deref() };
        let mut found = lint::check_issue(&doc.text, &doc.issue, &ctx);
        let mut text = doc.text.clone();
        if fix && found.iter().any(|d| d.fix.is_some()) {
            let fixed = lint::apply_fixes(&doc.text, &found);
            if fixed != doc.text {
                match io::write_atomic(&doc.path, fixed.as_bytes()) {
                    Ok(()) => {
                        let before = found.iter().filter(|d| d.fix.is_some()).count();
                        let issue = crate::core::parse(&fixed);
                        found = lint::check_issue(&fixed, &issue, &ctx);
                        let after = found.iter().filter(|d| d.fix.is_some()).count();
                        eprintln!("jianbao: {}: fixed {} problem(s)", doc.path.display(), before.saturating_sub(after));
                        text = fixed;
                    }
                    Err(e) => {
                        fail(e);
                        write_failed = true;
                    }
                }
            }
        }
        if !emit(&doc.path, &text, &found, &mut errors) {
            return ExitCode::FAILURE;
        }
    }
    if let (Some(repo), Some(readme)) = (&repo, &readme) {
        let dates: Vec<String> = repo_files.iter().filter_map(|p| lint::date_of_path(p)).collect();
        let found = lint::check_readme(readme, &dates);
        if !emit(&repo.join("README.md"), readme, &found, &mut errors) {
            return ExitCode::FAILURE;
        }
    }
    if bad {
        ExitCode::from(EXIT_BAD_INPUT)
    } else if errors || write_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
