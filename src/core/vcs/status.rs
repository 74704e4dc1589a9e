//! The repository's state as the window shows it, read in process with
//! gitoxide (`gix`): the branch, ahead/behind its upstream (local refs only,
//! no network), the last commit, and which of the newsletter's files (issue
//! files, `README.md`, `inbox.md`) differ from HEAD, staged or not, or are
//! untracked.
//!
//! A file's worktree bytes are hashed as a blob and compared with the index
//! entry, and the index entry with HEAD's tree. That is git's own answer as
//! long as no clean filter rewrites the file on its way into the index
//! (`core.autocrlf`, or `text`/`eol`/`filter` attributes); when the
//! repository has one, the file columns come from `git status` instead
//! ([`Via::GitBinary`]), so a filter never shows a clean file as changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gix::bstr::ByteSlice;

/// The folder of the issue files, relative to the repository's root.
pub const ISSUES_DIR: &str = "embedded-ai-report";
/// The other newsletter files a commit from the window may hold.
pub const README: &str = "README.md";
pub const INBOX: &str = "inbox.md";
/// git's attributes file: `jianbao git-setup` writes it, and it is to be
/// committed so every clone routes the issues to the merge driver.
pub const ATTRIBUTES: &str = ".gitattributes";

/// How one side of a file differs (HEAD → index: staged; index → worktree: unstaged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Added,
    Modified,
    Deleted,
}

/// One newsletter file that differs from HEAD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStatus {
    /// Relative to the repository's root, with `/`.
    pub path: String,
    /// HEAD against the index.
    pub staged: Option<Kind>,
    /// The index against the worktree.
    pub unstaged: Option<Kind>,
    /// In the worktree only (not in the index).
    pub untracked: bool,
}

impl FileStatus {
    /// A word for a list: "new", "edited", "deleted", with "staged" when it is.
    pub fn describe(&self) -> &'static str {
        match (self.untracked, self.staged, self.unstaged) {
            (true, _, _) => "new, untracked",
            (_, _, Some(Kind::Deleted)) => "deleted",
            (_, Some(Kind::Added), None) => "new, staged",
            (_, Some(Kind::Added), Some(_)) => "new, staged and edited",
            (_, Some(Kind::Deleted), _) => "deleted, staged",
            (_, Some(_), None) => "edited, staged",
            (_, Some(_), Some(_)) => "edited, partly staged",
            _ => "edited",
        }
    }
}

/// The last commit on HEAD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastCommit {
    /// The abbreviated id.
    pub id: String,
    /// The message's first line.
    pub summary: String,
    /// Seconds since the epoch, and the committer's offset from UTC in seconds.
    pub time: i64,
    pub offset: i32,
}

impl LastCommit {
    /// `YYYY-MM-DD HH:MM` in the committer's own time.
    pub fn date(&self) -> String {
        let t = self.time + self.offset as i64;
        let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
    }
}

/// Where the file columns came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Gix,
    /// The repository has clean filters; `git status` was asked.
    GitBinary,
}

/// The repository's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoStatus {
    /// The worktree's root.
    pub root: PathBuf,
    /// The branch's short name; `None` when HEAD is detached.
    pub branch: Option<String>,
    /// The upstream's short name (`origin/main`) when the branch has one and it exists locally.
    pub upstream: Option<String>,
    /// Commits on HEAD not on the upstream, and the other way.
    pub ahead: usize,
    pub behind: usize,
    /// `None` before the first commit.
    pub last_commit: Option<LastCommit>,
    /// The newsletter's files (and `.gitattributes`) that differ from HEAD, by path.
    pub files: Vec<FileStatus>,
    pub via: Via,
}

impl RepoStatus {
    /// The status of `path` (absolute, or relative to the root), if it differs from HEAD.
    pub fn file(&self, path: &Path) -> Option<&FileStatus> {
        let rel = relative(&self.root, path)?;
        self.files.iter().find(|f| f.path == rel)
    }

    /// The changed issue files, README and inbox: what a commit from the window may hold.
    pub fn changed(&self) -> impl Iterator<Item = &FileStatus> {
        self.files.iter()
    }
}

/// `path` relative to `root`, with `/` (`None` outside it).
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let path = if path.is_absolute() {
        let canon = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        canon.strip_prefix(&root).ok()?.to_path_buf()
    } else {
        path.to_path_buf()
    };
    let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(parts.join("/"))
}

/// Whether `rel` is one of the newsletter's files: an issue file, the README, the inbox.
pub fn is_newsletter_file(rel: &str) -> bool {
    if rel == README || rel == INBOX {
        return true;
    }
    match rel.strip_prefix(ISSUES_DIR).and_then(|r| r.strip_prefix('/')) {
        Some(name) => !name.contains('/') && name.ends_with(".md"),
        None => false,
    }
}

/// Whether a commit from the window may hold `rel`: a newsletter file, or
/// `.gitattributes` at the root.
pub fn is_commit_file(rel: &str) -> bool {
    rel == ATTRIBUTES || is_newsletter_file(rel)
}

fn err(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

/// Opens the repository holding `dir` (its worktree, not a bare one).
fn open(dir: &Path) -> Result<gix::Repository, String> {
    let repo = gix::discover(dir).map_err(|e| err(&format!("{}: not a git repository", dir.display()), e))?;
    if repo.workdir().is_none() {
        return Err(format!("{}: a bare repository has no files to edit", dir.display()));
    }
    Ok(repo)
}

/// The state of the repository holding `dir`.
pub fn status(dir: &Path) -> Result<RepoStatus, String> {
    let repo = open(dir)?;
    let root = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
    let head_name = repo.head_name().map_err(|e| err("HEAD", e))?;
    let head_id = repo.head_id().ok().map(|id| id.detach());
    let branch = head_name.as_ref().map(|n| n.shorten().to_str_lossy().into_owned());

    let (mut upstream, mut ahead, mut behind) = (None, 0, 0);
    if let (Some(name), Some(head)) = (&head_name, head_id)
        && let Some(Ok(tracking)) = repo.branch_remote_tracking_ref_name(name.as_ref(), gix::remote::Direction::Fetch)
        && let Ok(Some(mut reference)) = repo.try_find_reference(tracking.as_ref())
        && let Ok(up) = reference.peel_to_id()
    {
        let up = up.detach();
        upstream = Some(tracking.shorten().to_str_lossy().into_owned());
        ahead = count_hidden(&repo, head, up)?;
        behind = count_hidden(&repo, up, head)?;
    }

    let last_commit = match repo.head_commit() {
        Ok(c) => {
            let time = c.time().map_err(|e| err("HEAD's commit", e))?;
            let summary = c.message_raw_sloppy().lines().next().unwrap_or_default().to_str_lossy().trim().to_string();
            Some(LastCommit {
                id: c.id().shorten_or_id().to_string(),
                summary,
                time: time.seconds,
                offset: time.offset,
            })
        }
        Err(_) => None,
    };

    let (files, via) = if has_clean_filters(&repo, &root) {
        (files_by_git(&root)?, Via::GitBinary)
    } else {
        (files_by_gix(&repo, &root, head_id.is_some())?, Via::Gix)
    };
    Ok(RepoStatus { root, branch, upstream, ahead, behind, last_commit, files, via })
}

/// Commits reachable from `tip` but not from `hidden`.
fn count_hidden(repo: &gix::Repository, tip: gix::ObjectId, hidden: gix::ObjectId) -> Result<usize, String> {
    let walk = repo.rev_walk([tip]).with_hidden([hidden]).all().map_err(|e| err("walking the history", e))?;
    let mut n = 0;
    for info in walk {
        info.map_err(|e| err("walking the history", e))?;
        n += 1;
    }
    Ok(n)
}

/// Whether a clean filter may rewrite files on their way into the index.
fn has_clean_filters(repo: &gix::Repository, root: &Path) -> bool {
    let config = repo.config_snapshot();
    let autocrlf = config.string("core.autocrlf").map(|v| v.to_str_lossy().to_ascii_lowercase());
    if autocrlf.is_some_and(|v| v != "false") {
        return true;
    }
    let attributes = std::fs::read_to_string(root.join(".gitattributes")).unwrap_or_default();
    let info = repo.git_dir().join("info").join("attributes");
    let info = std::fs::read_to_string(info).unwrap_or_default();
    attributes.lines().chain(info.lines()).any(|l| {
        let l = l.trim();
        !l.starts_with('#')
            && l.split_whitespace().skip(1).any(|a| {
                a == "text"
                    || a.starts_with("text=")
                    || a.starts_with("eol=")
                    || a.starts_with("filter=")
                    || a.starts_with("working-tree-encoding=")
            })
    })
}

/// The newsletter's files in the worktree: the issue folder's `.md` files, README, inbox.
fn worktree_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for name in [README, INBOX, ATTRIBUTES] {
        if root.join(name).is_file() {
            out.push(name.to_string());
        }
    }
    if let Ok(read) = std::fs::read_dir(root.join(ISSUES_DIR)) {
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = format!("{ISSUES_DIR}/{name}");
            if is_newsletter_file(&rel) && e.path().is_file() {
                out.push(rel);
            }
        }
    }
    out
}

/// The blobs of the newsletter's files in HEAD's tree.
fn head_files(repo: &gix::Repository) -> Result<BTreeMap<String, gix::ObjectId>, String> {
    let mut out = BTreeMap::new();
    let tree = repo.head_tree().map_err(|e| err("HEAD's tree", e))?;
    let decoded = tree.decode().map_err(|e| err("HEAD's tree", e))?;
    let mut issues = None;
    for entry in &decoded.entries {
        let name = entry.filename.to_str_lossy();
        if (name == README || name == INBOX || name == ATTRIBUTES) && entry.mode.is_blob() {
            out.insert(name.into_owned(), entry.oid.to_owned());
        } else if name == ISSUES_DIR && entry.mode.is_tree() {
            issues = Some(entry.oid.to_owned());
        }
    }
    if let Some(id) = issues {
        let sub = repo.find_tree(id).map_err(|e| err("the issues' tree", e))?;
        let decoded = sub.decode().map_err(|e| err("the issues' tree", e))?;
        for entry in &decoded.entries {
            let rel = format!("{ISSUES_DIR}/{}", entry.filename.to_str_lossy());
            if entry.mode.is_blob() && is_newsletter_file(&rel) {
                out.insert(rel, entry.oid.to_owned());
            }
        }
    }
    Ok(out)
}

fn files_by_gix(repo: &gix::Repository, root: &Path, has_head: bool) -> Result<Vec<FileStatus>, String> {
    let head = if has_head { head_files(repo)? } else { BTreeMap::new() };
    let index = repo.index_or_empty().map_err(|e| err("the index", e))?;
    let mut staged: BTreeMap<String, gix::ObjectId> = BTreeMap::new();
    for entry in index.entries() {
        let rel = entry.path(&index).to_str_lossy().into_owned();
        if is_commit_file(&rel) && entry.stage_raw() == 0 {
            staged.insert(rel, entry.id);
        } else if is_commit_file(&rel) {
            // A conflicted path (stages 1-3): changed, in the index and the worktree.
            staged.entry(rel).or_insert_with(|| gix::ObjectId::null(repo.object_hash()));
        }
    }
    let mut paths: Vec<String> = worktree_files(root);
    paths.extend(head.keys().cloned());
    paths.extend(staged.keys().cloned());
    paths.sort();
    paths.dedup();

    let kind = repo.object_hash();
    let mut out = Vec::new();
    for rel in paths {
        let in_head = head.get(&rel);
        let in_index = staged.get(&rel);
        let on_disk = match std::fs::read(root.join(&rel)) {
            Ok(bytes) => Some(gix::objs::compute_hash(kind, gix::objs::Kind::Blob, &bytes).map_err(|e| err(&rel, e))?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(err(&rel, e)),
        };
        let staged_kind = match (in_head, in_index) {
            (None, Some(_)) => Some(Kind::Added),
            (Some(_), None) => Some(Kind::Deleted),
            (Some(a), Some(b)) if a != b => Some(Kind::Modified),
            _ => None,
        };
        let (unstaged, untracked) = match (in_index, on_disk) {
            (None, Some(_)) => (None, true),
            (Some(_), None) => (Some(Kind::Deleted), false),
            (Some(a), Some(b)) if *a != b => (Some(Kind::Modified), false),
            _ => (None, false),
        };
        if staged_kind.is_some() || unstaged.is_some() || untracked {
            out.push(FileStatus { path: rel, staged: staged_kind, unstaged, untracked });
        }
    }
    Ok(out)
}

/// The file columns from `git status --porcelain` (a repository with clean filters).
fn files_by_git(root: &Path) -> Result<Vec<FileStatus>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--"])
        .args([README, INBOX, ATTRIBUTES, ISSUES_DIR])
        .output()
        .map_err(|e| err("cannot run git", e))?;
    if !out.status.success() {
        return Err(format!("git status: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(parse_porcelain(&out.stdout))
}

/// `git status --porcelain=v1 -z` output, newsletter files only.
pub fn parse_porcelain(bytes: &[u8]) -> Vec<FileStatus> {
    let side = |c: u8| match c {
        b'A' => Some(Kind::Added),
        b'D' => Some(Kind::Deleted),
        b'M' | b'T' | b'U' | b'R' | b'C' => Some(Kind::Modified),
        _ => None,
    };
    let mut out = Vec::new();
    for record in bytes.split(|b| *b == 0) {
        if record.len() < 4 {
            continue;
        }
        let path = String::from_utf8_lossy(&record[3..]).into_owned();
        if !is_commit_file(&path) {
            continue;
        }
        let untracked = &record[..2] == b"??";
        let (staged, unstaged) = if untracked { (None, None) } else { (side(record[0]), side(record[1])) };
        out.push(FileStatus { path, staged, unstaged, untracked });
    }
    out
}

/// The bytes of `path` (absolute, or relative to the worktree's root) in
/// HEAD's tree; `None` when HEAD does not have it (or there is no commit yet).
pub fn head_file(dir: &Path, path: &Path) -> Result<Option<Vec<u8>>, String> {
    let repo = open(dir)?;
    let root = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
    let rel = relative(&root, path).ok_or_else(|| format!("{}: not in the repository", path.display()))?;
    let Ok(tree) = repo.head_tree() else { return Ok(None) };
    let entry = tree.lookup_entry_by_path(&rel).map_err(|e| err(&rel, e))?;
    match entry {
        Some(e) if e.mode().is_blob() => Ok(Some(e.object().map_err(|e| err(&rel, e))?.detach().data)),
        _ => Ok(None),
    }
}

/// The first lines of the last `n` commits on HEAD, newest first (none
/// before the first commit).
pub fn recent_subjects(dir: &Path, n: usize) -> Result<Vec<String>, String> {
    let repo = open(dir)?;
    let Ok(head) = repo.head_id() else { return Ok(Vec::new()) };
    let walk = repo.rev_walk([head.detach()]).first_parent_only().all().map_err(|e| err("walking the history", e))?;
    let mut out = Vec::new();
    for info in walk.take(n) {
        let info = info.map_err(|e| err("walking the history", e))?;
        let commit = info.object().map_err(|e| err("reading a commit", e))?;
        let line = commit.message_raw_sloppy().lines().next().unwrap_or_default().to_str_lossy().trim().to_string();
        out.push(line);
    }
    Ok(out)
}

/// A `YYYY-MM-DD` in `s`: its byte range.
fn find_date(s: &str) -> Option<std::ops::Range<usize>> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let shape = w.iter().enumerate().all(|(k, c)| if k == 4 || k == 7 { *c == b'-' } else { c.is_ascii_digit() });
        let alone = |j: Option<&u8>| j.is_none_or(|c| !c.is_ascii_digit());
        (shape && alone(i.checked_sub(1).and_then(|j| b.get(j))) && alone(b.get(i + 10))).then_some(i..i + 10)
    })
}

/// A commit message in the repository's own habit, for a commit of the issue of `date`.
///
/// The subjects (newest first) that name a date are reduced to their shape
/// (the date taken out); the most frequent shape wins, the newest on a tie,
/// and gets `date`. A history that never names a date gives `Update DATE`
/// (or, with no date, the newest subject's shape is not guessed at:
/// `Update the newsletter`).
pub fn suggest_message(subjects: &[String], date: Option<&str>) -> String {
    let mut shapes: Vec<(String, String, usize)> = Vec::new();
    for s in subjects {
        if let Some(r) = find_date(s) {
            let (before, after) = (s[..r.start].to_string(), s[r.end..].to_string());
            match shapes.iter_mut().find(|(b, a, _)| *b == before && *a == after) {
                Some(shape) => shape.2 += 1,
                None => shapes.push((before, after, 1)),
            }
        }
    }
    let best = shapes.iter().enumerate().max_by_key(|(i, (_, _, n))| (*n, std::cmp::Reverse(*i))).map(|(_, s)| s);
    match (best, date) {
        (Some((before, after, _)), Some(d)) => format!("{before}{d}{after}"),
        (None, Some(d)) => format!("Update {d}"),
        (_, None) => "Update the newsletter".to_string(),
    }
}

/// (year, month, day) of a count of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_takes_the_most_frequent_dated_shape() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let log = s(&["fix typo", "update 2025-03-10", "update 2025-02-24", "简报 2025-02-10 发布"]);
        assert_eq!(suggest_message(&log, Some("2025-03-24")), "update 2025-03-24");
        assert_eq!(suggest_message(&s(&["fix", "wip"]), Some("2025-03-24")), "Update 2025-03-24");
        assert_eq!(suggest_message(&[], None), "Update the newsletter");
        // A longer number is not a date.
        assert_eq!(find_date("v12025-01-01"), None);
        assert_eq!(find_date("at 2025-01-01."), Some(3..13));
    }

    #[test]
    fn dates_in_the_committers_time() {
        let c = LastCommit { id: "abc".into(), summary: String::new(), time: 1_700_000_000, offset: 8 * 3600 };
        assert_eq!(c.date(), "2023-11-15 06:13");
        let c = LastCommit { offset: 0, ..c };
        assert_eq!(c.date(), "2023-11-14 22:13");
    }

    #[test]
    fn porcelain_lines_are_read_for_newsletter_files_only() {
        let bytes = b" M README.md\0?? inbox.md\0A  embedded-ai-report/2025-01-01.md\0 M src/x.rs\0";
        let files = parse_porcelain(bytes);
        assert_eq!(files.len(), 3);
        assert_eq!(files[0].unstaged, Some(Kind::Modified));
        assert!(files[1].untracked);
        assert_eq!(files[2].staged, Some(Kind::Added));
    }
}
