//! The command line: `jianbao export`, `jianbao new` and `jianbao archive`.
//! No window here.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::core::repo::{Repo, RepoError};
use crate::core::{export, io, new_issue, render};

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
    /// A repository (the folder that holds embedded-ai-report/) to open in the window.
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
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
    /// Regenerate README.md's archive table from the issue files (or only check it).
    Archive {
        /// The repository: the folder that holds embedded-ai-report/ and README.md.
        #[arg(long)]
        repo: PathBuf,
        /// List the table's problems and exit 1 if it is stale, 0 if fresh; write nothing.
        #[arg(long)]
        check: bool,
    },
    /// Test aid: save the issue of DATE over and over, alternating two texts of
    /// BYTES and BYTES+1 bytes, until killed (or COUNT saves).
    #[command(hide = true)]
    DebugSaveLoop {
        #[arg(long)]
        repo: PathBuf,
        #[arg(long)]
        date: String,
        #[arg(long)]
        bytes: usize,
        #[arg(long)]
        count: Option<u64>,
    },
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
            // The README's archive table does not list the new issue yet.
            if let Ok(update) = Repo::open(&repo).and_then(|r| r.archive_update()) {
                if !update.is_fresh() {
                    eprintln!(
                        "jianbao: note: {} does not list every issue; `jianbao archive --repo {}` rewrites its table",
                        update.readme_path.display(),
                        repo.display()
                    );
                }
            }
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
                    | E::Repo(RepoError::OutsideRepository(_))
            );
            if bad_input { ExitCode::from(EXIT_BAD_INPUT) } else { ExitCode::FAILURE }
        }
    }
}

/// Exit code of `archive --check` when the table is stale.
pub const EXIT_STALE: u8 = 1;

fn repo_error_code(e: &RepoError) -> ExitCode {
    match e {
        RepoError::File(_) | RepoError::Changed(_) => ExitCode::FAILURE,
        _ => ExitCode::from(EXIT_BAD_INPUT),
    }
}

fn run_archive(repo: PathBuf, check: bool) -> ExitCode {
    let result = Repo::open(&repo).and_then(|r| {
        let update = r.archive_update()?;
        Ok((r, update))
    });
    let (repo, update) = match result {
        Ok(ok) => ok,
        Err(e) => {
            fail(&e);
            return repo_error_code(&e);
        }
    };
    let readme = update.readme_path.display();
    let n = update.dates.len();
    if check {
        if update.is_fresh() {
            println!("{readme}: the archive table is up to date ({n} issues)");
            return ExitCode::SUCCESS;
        }
        for problem in &update.report.problems {
            println!("{readme}: {problem}");
        }
        fail(format_args!(
            "{readme}: the archive table is stale ({} problems); `jianbao archive --repo {}` rewrites it",
            update.report.problems.len(),
            repo.root().display()
        ));
        return ExitCode::from(EXIT_STALE);
    }
    if update.is_fresh() {
        println!("{readme}: the archive table is already up to date ({n} issues); nothing written");
        return ExitCode::SUCCESS;
    }
    match repo.write_archive(&update) {
        Ok(_) => {
            println!(
                "{readme}: archive table rewritten: {n} issues ({} problems fixed)",
                update.report.problems.iter().filter(|p| **p != crate::core::archive::ArchiveProblem::Layout).count()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(&e);
            ExitCode::FAILURE
        }
    }
}

fn run_save_loop(repo: PathBuf, date: String, bytes: usize, count: Option<u64>) -> ExitCode {
    let repo = match Repo::open(&repo) {
        Ok(r) => r,
        Err(e) => {
            fail(&e);
            return repo_error_code(&e);
        }
    };
    let texts = ["a".repeat(bytes), "b".repeat(bytes + 1)];
    let mut i = 0u64;
    while count.is_none_or(|c| i < c) {
        if let Err(e) = repo.save_issue(&date, &texts[(i % 2) as usize]) {
            fail(&e);
            return ExitCode::FAILURE;
        }
        i += 1;
    }
    ExitCode::SUCCESS
}

/// Runs a subcommand.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Export { format, out_dir, files } => run_export(format, out_dir, files),
        Command::New { repo, date } => run_new(repo, date),
        Command::Archive { repo, check } => run_archive(repo, check),
        Command::DebugSaveLoop { repo, date, bytes, count } => run_save_loop(repo, date, bytes, count),
    }
}
