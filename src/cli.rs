//! The command line: `jianbao export`, `new`, `archive`, `check`, `diff`, `merge-driver`,
//! `git-setup`, `fill` and `inbox`. No window here.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::core::editorial::links::LinkIndex;
use crate::core::editorial::lint::{self, CheckContext, Diagnostic, Severity};
use crate::core::export::wechat::{self, Theme};
use crate::core::files::repo::{Repo, RepoError};
use crate::core::{Issue, export::json, files::io, files::new_issue, format::render, vcs};

#[derive(Parser, Debug)]
#[command(
    name = "jianbao",
    version,
    about = "An editor for 嵌入式AI简报 issues",
    after_help = "Any UTF-8 text file is an issue, from an empty file or a scratch draft (no title, no \
                  section yet) to a finished one, and saves back byte for byte. Only a missing, unreadable, \
                  non-UTF-8, binary or too large file is refused: one line on stderr naming it, the other \
                  files still processed, exit code 2.",
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
    /// Write issues out as saving would (markdown), as their structured model (json), as the
    /// inline-styled fragment to paste into the WeChat editor (wechat) or as a page to open in a
    /// browser (html).
    Export {
        #[arg(long, value_enum)]
        format: Format,
        /// The theme of the wechat and html formats: a built-in (classic, jade, ink), a theme of
        /// the data folder's themes/ or of the repository's .jianbao/themes/ by name, or a .ron file.
        #[arg(long, default_value = "classic")]
        theme: String,
        /// With --format html: the page as WeChat's dark mode recolours it (its published
        /// transform, wechatjs/mp-darkmode), on the dark page.
        #[arg(long)]
        dark: bool,
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
    /// Check issues for slips and repeated links; print them like a compiler. Drafts get
    /// missing-title, entry-outside-section and bare-url; no fix moves text between sections.
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
        /// Instead: whether each FILE will paste into the WeChat editor and save (the body's,
        /// title's and digest's lengths against the editor's limits, images, links, references).
        /// Exit 1 when something would stop it.
        #[arg(long, conflicts_with_all = ["fix", "repo"])]
        wechat: bool,
        files: Vec<PathBuf>,
    },
    /// What changed in an issue, entry by entry: entries added, removed, moved (from -> to)
    /// and edited (field by field), and the text outside entries. Without REV: the working
    /// file against HEAD; one REV: the working file against it; two: the first against the
    /// second. Exit 0 when nothing changed, 1 when something did, 2 on bad input.
    Diff {
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// [REV [REV]] FILE
        #[arg(required = true, num_args = 1..=3, value_name = "REV|FILE")]
        args: Vec<String>,
    },
    /// git's merge driver (set up by git-setup): merges BASE, OURS and THEIRS of PATH entry
    /// by entry and writes the result to OURS. Exit 0 when clean, 1 with conflict markers.
    /// A file that does not read as an issue goes to `git merge-file`.
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// The file's path in the repository (git's %P).
        path: String,
    },
    /// List the WeChat themes (the built-ins, the data folder's themes/, the repository's
    /// .jianbao/themes/, and any .ron FILE given) and check each in light and dark mode: every
    /// text colour against its background reaches WCAG AA, no pure black, no CSS the paste
    /// drops. Exit 0 when every theme passes, 1 when one fails, 2 when a file is refused.
    Themes {
        /// Also the themes of this repository's .jianbao/themes/.
        #[arg(long)]
        repo: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Theme files to check (only these when given).
        files: Vec<PathBuf>,
    },
    /// Install the merge driver in a repository: the .gitattributes lines for
    /// embedded-ai-report/*.md and README.md, and merge.jianbao.driver in its git config.
    GitSetup {
        #[arg(long)]
        repo: PathBuf,
    },
    /// Fill entries from links: print each as it would be inserted into an issue (arXiv papers,
    /// GitHub repositories and releases, WeChat articles, any page). With --repo, a link an
    /// earlier issue holds is answered from there ("already in DATE · SECTION").
    Fill {
        /// Addresses, or bare arXiv ids (2101.00001v2).
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        #[arg(long, value_enum, default_value_t = FillFormat::Markdown)]
        format: FillFormat,
        /// Never touch the network: the repository's issues and the cache only.
        #[arg(long)]
        offline: bool,
        /// A repository whose issues are looked at first.
        #[arg(long)]
        repo: Option<PathBuf>,
    },
    /// The repository's links inbox (inbox.md at its root): add links or notes, list them,
    /// take items into an issue.
    Inbox {
        #[command(subcommand)]
        action: InboxAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum InboxAction {
    /// Add items from TEXT (or stdin when none is given): one URL, many, or notes shaped like
    /// a scratch draft. Each is filled (unless --offline finds nothing) and marked when it
    /// repeats another item or an entry of the archive.
    Add {
        #[arg(long)]
        repo: PathBuf,
        #[arg(long)]
        offline: bool,
        text: Vec<String>,
    },
    /// List the items, numbered from 1, with their suggested section.
    List {
        #[arg(long)]
        repo: PathBuf,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Move items (numbers as `list` prints them) into a section of the issue of DATE.
    Take {
        #[arg(long)]
        repo: PathBuf,
        /// The issue's date (YYYY-MM-DD).
        #[arg(long)]
        issue: String,
        /// The section's title (default: each item's suggested section).
        #[arg(long)]
        section: Option<String>,
        #[arg(required = true)]
        items: Vec<usize>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FillFormat {
    /// The entries' markdown, as inserted.
    Markdown,
    /// One JSON array: per input its fields, origin, error, suggested section and markdown.
    Json,
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
    /// The HTML fragment for the WeChat editor: one root `<section>`, inline styles only.
    Wechat,
    /// The same fragment in a minimal standalone page.
    Html,
    /// The plain-text alternative the clipboard carries beside the fragment.
    Text,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Wechat | Format::Html => "html",
            Format::Text => "txt",
        }
    }
}

/// Exit code for bad input: a missing, unreadable, non-UTF-8 or non-issue file.
pub const EXIT_BAD_INPUT: u8 = 2;

fn fail(msg: impl std::fmt::Display) {
    eprintln!("jianbao: {msg}");
}

/// Renders one issue file in a format (the theme is used by `wechat` and `html`).
pub fn export_one(path: &Path, format: Format, theme: &Theme) -> Result<String, io::FileError> {
    export_one_in(path, format, theme, wechat::Mode::Light)
}

/// [`export_one`] in a colour mode (`html` only: dark is WeChat's dark mode).
pub fn export_one_in(path: &Path, format: Format, theme: &Theme, mode: wechat::Mode) -> Result<String, io::FileError> {
    let issue = io::load_issue(path)?;
    Ok(match format {
        Format::Markdown => render::render(&issue),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json::to_json(&issue)).expect("the JSON view serialises");
            s.push('\n');
            s
        }
        Format::Wechat => {
            let mut s = wechat::to_html(&wechat::build(&issue), theme);
            s.push('\n');
            s
        }
        Format::Html => wechat::to_standalone_page_in(&wechat::build(&issue), theme, mode),
        Format::Text => wechat::to_plain_text(&wechat::build(&issue)),
    })
}

/// The repository a file of `embedded-ai-report/` belongs to.
fn repo_of(file: &Path) -> Option<PathBuf> {
    let dir = file.parent()?;
    (dir.file_name()? == "embedded-ai-report").then(|| dir.parent().map(Path::to_path_buf)).flatten()
}

fn run_export(format: Format, theme: &str, dark: bool, out_dir: Option<PathBuf>, files: Vec<PathBuf>) -> ExitCode {
    let repo = files.first().and_then(|f| repo_of(f));
    let dirs = wechat::theme_file::theme_dirs(crate::core::files::draft::data_dir().as_deref(), repo.as_deref());
    let theme = match Theme::by_name(theme) {
        Some(t) => t,
        None => match wechat::theme_file::resolve(theme, &dirs) {
            Ok(t) => t,
            Err(e) => {
                fail(e);
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        },
    };
    if dark && format != Format::Html {
        // The paste must stay light: WeChat recolours it for dark-mode readers.
        fail("--dark applies to --format html only (what is pasted into WeChat stays light)");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let mode = if dark { wechat::Mode::Dark } else { wechat::Mode::Light };
    if out_dir.is_none() && files.len() > 1 {
        fail(format_args!("{} files given: name an --out-dir to write them into", files.len()));
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    if let Some(dir) = &out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        fail(format_args!("{}: cannot create the output folder: {e}", dir.display()));
        return ExitCode::FAILURE;
    }
    let Some(dir) = out_dir else {
        // One file, to stdout.
        let Some(file) = files.first() else { return ExitCode::SUCCESS };
        return match export_one_in(file, format, &theme, mode) {
            Ok(out) => {
                let mut stdout = std::io::stdout().lock();
                if stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).is_err() {
                    return ExitCode::FAILURE;
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                fail(e);
                ExitCode::from(EXIT_BAD_INPUT)
            }
        };
    };
    // Each input's target, refusing a second input that would overwrite it.
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(files.len());
    let mut jobs = Vec::with_capacity(files.len());
    let mut written = std::collections::HashSet::new();
    for (i, file) in files.iter().enumerate() {
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "issue".into());
        let target = dir.join(format!("{stem}.{}", format.extension()));
        if written.insert(target.clone()) {
            outcomes.push(None);
            jobs.push((i, file.as_path(), target));
        } else {
            outcomes.push(Some(Outcome::Bad(format!(
                "{}: its output {} was already written by an earlier file of this call",
                file.display(),
                target.display()
            ))));
        }
    }
    // The files are independent: spread them over the cores.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let exporter = Exporter { format, theme: &theme, mode, style: wechat::HtmlStyle::new(&theme) };
    let done: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    // Buffers reused from file to file.
                    let mut bufs = Buffers::default();
                    loop {
                        let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((i, file, target)) = jobs.get(j) else { break };
                        out.push((*i, export_to(file, target, &exporter, &mut bufs)));
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("an export worker panicked")).collect()
    });
    for (i, outcome) in done {
        outcomes[i] = Some(outcome);
    }
    // Messages in the order the files were given.
    let (mut bad, mut write_failed) = (false, false);
    for outcome in outcomes.into_iter().flatten() {
        match outcome {
            Outcome::Written => {}
            Outcome::Bad(msg) => {
                fail(msg);
                bad = true;
            }
            Outcome::WriteFailed(msg) => {
                fail(msg);
                write_failed = true;
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

enum Outcome {
    Written,
    /// Bad input: the message names the file.
    Bad(String),
    WriteFailed(String),
}

/// What every file of one export call shares.
struct Exporter<'a> {
    format: Format,
    theme: &'a Theme,
    mode: wechat::Mode,
    /// The WeChat fragment's tags, computed once for all files.
    style: wechat::HtmlStyle,
}

/// A worker's buffers: the file read, the output written.
#[derive(Default)]
struct Buffers {
    input: Vec<u8>,
    output: String,
}

/// Exports one file into its target. Exports are derived output a rerun
/// regenerates: written atomically, not flushed to disk one by one.
fn export_to(file: &Path, target: &Path, exporter: &Exporter, bufs: &mut Buffers) -> Outcome {
    let out = match exporter.format {
        Format::Wechat => {
            let issue = io::read_limited_into(file, &mut bufs.input).and_then(|()| {
                crate::core::format::parse::load_bytes(&bufs.input)
                    .map_err(|source| io::FileError::Load { path: file.to_path_buf(), source })
            });
            match issue {
                Err(e) => return Outcome::Bad(e.to_string()),
                Ok(issue) => {
                    bufs.output.clear();
                    wechat::write_html(&wechat::build(&issue), &exporter.style, &mut bufs.output);
                    bufs.output.push('\n');
                    &bufs.output
                }
            }
        }
        format => match export_one_in(file, format, exporter.theme, exporter.mode) {
            Err(e) => return Outcome::Bad(e.to_string()),
            Ok(out) => {
                bufs.output = out;
                &bufs.output
            }
        },
    };
    match io::write_replace(target, out.as_bytes()) {
        Ok(()) => Outcome::Written,
        Err(e) => Outcome::WriteFailed(e.to_string()),
    }
}

fn run_new(repo: PathBuf, date: Option<String>) -> ExitCode {
    use new_issue::NewIssueError as E;
    match new_issue::create(&repo, date.as_deref()) {
        Ok(path) => {
            println!("{}", path.display());
            // The README's archive table does not list the new issue yet.
            if let Ok(update) = Repo::open(&repo).and_then(|r| r.archive_update())
                && !update.is_fresh()
            {
                eprintln!(
                    "jianbao: note: {} does not list every issue; `jianbao archive --repo {}` rewrites its table",
                    update.readme_path.display(),
                    repo.display()
                );
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
                    | E::NoDate
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
                update
                    .report
                    .problems
                    .iter()
                    .filter(|p| **p != crate::core::files::archive::ArchiveProblem::Layout)
                    .count()
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
        Command::Export { format, theme, dark, out_dir, files } => run_export(format, &theme, dark, out_dir, files),
        Command::Themes { repo, format, files } => run_themes(repo, format, files),
        Command::New { repo, date } => run_new(repo, date),
        Command::Archive { repo, check } => run_archive(repo, check),
        Command::DebugSaveLoop { repo, date, bytes, count } => run_save_loop(repo, date, bytes, count),
        Command::Check { wechat: true, format, files, .. } => run_check_wechat(format, files),
        Command::Check { repo, format, fix, files, .. } => run_check(repo, format, fix, files),
        Command::Diff { format, args } => run_diff(format, args),
        Command::MergeDriver { base, ours, theirs, path } => run_merge_driver(&base, &ours, &theirs, &path),
        Command::GitSetup { repo } => run_git_setup(&repo),
        Command::Fill { urls, format, offline, repo } => fill_cli::run_fill(urls, format, offline, repo),
        Command::Inbox { action } => fill_cli::run_inbox(action),
    }
}

/// The bytes of one side of a diff: a revision of the file, or the file itself.
fn diff_side(rev: Option<&str>, file: &Path) -> Result<Vec<u8>, String> {
    match rev {
        Some(rev) => vcs::git::show(rev, file),
        None => io::read_limited(file).map_err(|e| e.to_string()),
    }
}

fn run_diff(format: CheckFormat, args: Vec<String>) -> ExitCode {
    let Some((file, revs)) = args.split_last() else { return ExitCode::from(EXIT_BAD_INPUT) };
    let file = PathBuf::from(file);
    let (old_rev, new_rev) = match revs {
        [] => ("HEAD", None),
        [a] => (a.as_str(), None),
        [a, b] => (a.as_str(), Some(b.as_str())),
        _ => return ExitCode::from(EXIT_BAD_INPUT),
    };
    let read = |rev: Option<&str>| -> Result<String, String> {
        let bytes = diff_side(rev, &file)?;
        crate::core::load_bytes(&bytes)
            .map_err(|e| format!("{} at {}: {e}", file.display(), rev.unwrap_or("the working tree")))?;
        String::from_utf8(bytes).map_err(|e| e.to_string())
    };
    let (old, new) = match (read(Some(old_rev)), read(new_rev)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            fail(e);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let found = match vcs::changes::changes(&old, &new) {
        Ok(c) => c,
        Err(_) => {
            fail(format!("{}: too large to compare entry by entry", file.display()));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let name = file.display().to_string();
    let mut out = std::io::stdout().lock();
    for c in &found {
        let line = match format {
            CheckFormat::Text => vcs::changes::change_text(&name, c),
            CheckFormat::Json => vcs::changes::change_json(&name, c).to_string(),
        };
        if writeln!(out, "{line}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    if found.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn run_merge_driver(base: &Path, ours: &Path, theirs: &Path, path: &str) -> ExitCode {
    let mut bytes = Vec::new();
    for p in [base, ours, theirs] {
        match std::fs::read(p) {
            Ok(b) => bytes.push(b),
            Err(e) => {
                fail(format!("{}: {e}", p.display()));
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        }
    }
    let outcome = vcs::merge::merge_path(path, &bytes[0], &bytes[1], &bytes[2]);
    let (text, code) = match outcome {
        vcs::merge::MergeOutcome::Clean(text) => (text, 0),
        vcs::merge::MergeOutcome::Conflicted { text, conflicts } => {
            eprintln!("jianbao: {path}: {conflicts} conflict(s) marked entry by entry");
            (text, 1)
        }
        vcs::merge::MergeOutcome::Fallback(reason) => {
            eprintln!("jianbao: {path}: {reason}; using git's line merge");
            return match vcs::git::merge_file(ours, base, theirs) {
                Ok(0) => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(e) => {
                    fail(e);
                    ExitCode::from(EXIT_BAD_INPUT)
                }
            };
        }
    };
    match std::fs::write(ours, text) {
        Ok(()) => ExitCode::from(code),
        Err(e) => {
            fail(format!("{}: {e}", ours.display()));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

fn run_git_setup(repo: &Path) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            fail(format!("cannot find this program's path: {e}"));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    match vcs::git::setup(repo, &exe) {
        Ok(s) => {
            if s.added.is_empty() {
                println!("{}: already routes the newsletter's files to the driver", s.attributes.display());
            } else {
                println!("{}: added {}", s.attributes.display(), s.added.join("; "));
            }
            println!("merge.jianbao.driver = {}", s.driver);
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

#[path = "cli_fill.rs"]
mod fill_cli;

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

/// `check --wechat`: one line per finding, `FILE: level[rule]: message`.
fn run_themes(repo: Option<PathBuf>, format: CheckFormat, files: Vec<PathBuf>) -> ExitCode {
    use wechat::contrast;
    use wechat::theme_file::{self, ThemeSet};
    let mut refused = false;
    // (where, theme)
    let mut themes: Vec<(String, Theme)> = Vec::new();
    if files.is_empty() {
        let dirs = theme_file::theme_dirs(crate::core::files::draft::data_dir().as_deref(), repo.as_deref());
        let set = ThemeSet::load(&dirs);
        for e in &set.errors {
            fail(e);
            refused = true;
        }
        for s in set.themes {
            let place = s.path.map(|p| p.display().to_string()).unwrap_or_else(|| "built-in".into());
            themes.push((place, s.theme));
        }
    }
    for f in &files {
        match theme_file::read(f) {
            Ok(t) => themes.push((f.display().to_string(), t)),
            Err(e) => {
                fail(e);
                refused = true;
            }
        }
    }
    let mut failed = false;
    let mut stdout = std::io::stdout().lock();
    for (place, theme) in &themes {
        let problems = contrast::check_theme(theme);
        let failing = problems.iter().filter(|p| p.is_failure()).count();
        failed |= failing > 0;
        let mut lines = Vec::new();
        match format {
            CheckFormat::Text => {
                let verdict = if failing == 0 { "passes".to_string() } else { format!("{failing} problem(s)") };
                lines.push(format!("{} ({}, {place}): {verdict}", theme.name, theme.label));
                for p in &problems {
                    let level = if p.is_failure() { "error" } else { "note" };
                    lines.push(format!("  {level}: {}", p.message()));
                }
            }
            CheckFormat::Json => {
                for p in &problems {
                    lines.push(
                        serde_json::json!({
                            "theme": theme.name,
                            "file": place,
                            "severity": if p.is_failure() { "error" } else { "note" },
                            "message": p.message(),
                        })
                        .to_string(),
                    );
                }
            }
        }
        for line in lines {
            if writeln!(stdout, "{line}").is_err() {
                return ExitCode::FAILURE;
            }
        }
    }
    if refused {
        ExitCode::from(EXIT_BAD_INPUT)
    } else if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_check_wechat(format: CheckFormat, files: Vec<PathBuf>) -> ExitCode {
    use crate::core::export::wechat::readiness::{self, Level};
    if files.is_empty() {
        fail("check --wechat needs FILEs");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let (mut bad, mut errors) = (false, false);
    let mut stdout = std::io::stdout().lock();
    for file in &files {
        let issue = match io::load_issue(file) {
            Ok(issue) => issue,
            Err(e) => {
                fail(e);
                bad = true;
                continue;
            }
        };
        let r = readiness::check_issue(&issue, &Theme::default());
        for f in &r.findings {
            errors |= f.level == Level::Error;
            let line = match format {
                CheckFormat::Text => format!("{}: {}[{}]: {}", file.display(), f.level.name(), f.rule, f.message),
                CheckFormat::Json => serde_json::json!({
                    "file": file.display().to_string(),
                    "rule": f.rule,
                    "severity": f.level.name(),
                    "message": f.message,
                })
                .to_string(),
            };
            if writeln!(stdout, "{line}").is_err() {
                return ExitCode::FAILURE;
            }
        }
    }
    if bad {
        ExitCode::from(EXIT_BAD_INPUT)
    } else if errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
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
