//! A newsletter repository: a folder holding `embedded-ai-report/DATE.md`
//! issues and a README.md with the archive table. Saves are confined to those
//! files, atomic, and refuse to overwrite a file changed behind the editor's
//! back when given the stamp taken at open.

use std::path::{Path, PathBuf};

use crate::core::files::archive::{self, ArchiveReport, NoArchiveTable};
use crate::core::files::io::{self, Changed, FileError, FileStamp};
use crate::core::format::model::Issue;

/// The folder of a repository that holds the issues.
pub const ISSUES_DIR: &str = "embedded-ai-report";

/// The repository's README, whose archive table lists every issue.
pub const README: &str = "README.md";

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("{0}: no such folder")]
    NotFound(PathBuf),
    #[error("{0}: not a newsletter repository (no embedded-ai-report/ folder)")]
    NotARepository(PathBuf),
    #[error("{0}: embedded-ai-report/ leads outside the repository (a symbolic link); not using it")]
    OutsideRepository(PathBuf),
    #[error("{0:?} is not a date of the form YYYY-MM-DD")]
    BadDate(String),
    #[error("{0}: no issue (embedded-ai-report/YYYY-MM-DD.md) in the repository")]
    NoIssues(PathBuf),
    #[error("{0}: the repository has no README.md")]
    NoReadme(PathBuf),
    #[error("{path}: {source}")]
    NoArchiveTable { path: PathBuf, source: NoArchiveTable },
    #[error("{path}: not UTF-8 text; not rewriting it")]
    ReadmeNotText { path: PathBuf },
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Changed(#[from] Changed),
}

/// One issue file of a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueFile {
    /// `YYYY-MM-DD`, the file's name without `.md`.
    pub date: String,
    pub path: PathBuf,
}

/// An open repository. Paths it hands out are under its canonical root.
#[derive(Debug, Clone)]
pub struct Repo {
    root: PathBuf,
}

/// The README's archive table as it is and as `archive` would write it: the
/// preview a window shows before refreshing it.
#[derive(Debug, Clone)]
pub struct ArchiveUpdate {
    pub readme_path: PathBuf,
    /// README.md as read, and its stamp (checked again before writing).
    pub old_text: String,
    pub stamp: FileStamp,
    /// README.md with the table regenerated (equal to `old_text` when fresh).
    pub new_text: String,
    /// The table's lines before and after.
    pub old_table: Vec<String>,
    pub new_table: Vec<String>,
    pub report: ArchiveReport,
    /// The issue dates the table was built from, newest first.
    pub dates: Vec<String>,
}

impl ArchiveUpdate {
    /// Whether the README already holds the regenerated table.
    pub fn is_fresh(&self) -> bool {
        self.report.fresh
    }
}

impl Repo {
    /// Opens a repository: a folder holding `embedded-ai-report/`.
    pub fn open(dir: impl AsRef<Path>) -> Result<Repo, RepoError> {
        let dir = dir.as_ref();
        let meta = std::fs::metadata(dir).map_err(|_| RepoError::NotFound(dir.to_path_buf()))?;
        if !meta.is_dir() {
            return Err(RepoError::NotARepository(dir.to_path_buf()));
        }
        let root = canonical(dir).map_err(|_| RepoError::NotFound(dir.to_path_buf()))?;
        let issues = root.join(ISSUES_DIR);
        if !issues.is_dir() {
            return Err(RepoError::NotARepository(dir.to_path_buf()));
        }
        let real = canonical(&issues).map_err(|_| RepoError::NotARepository(dir.to_path_buf()))?;
        if real.parent() != Some(root.as_path()) {
            return Err(RepoError::OutsideRepository(dir.to_path_buf()));
        }
        Ok(Repo { root })
    }

    /// The repository's folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `ROOT/embedded-ai-report`.
    pub fn issues_dir(&self) -> PathBuf {
        self.root.join(ISSUES_DIR)
    }

    /// `ROOT/README.md`.
    pub fn readme_path(&self) -> PathBuf {
        self.root.join(README)
    }

    /// The issue files (`embedded-ai-report/YYYY-MM-DD.md` with a real
    /// date), newest first.
    pub fn issues(&self) -> Result<Vec<IssueFile>, RepoError> {
        let dir = self.issues_dir();
        let read =
            std::fs::read_dir(&dir).map_err(|source| RepoError::File(FileError::Io { path: dir.clone(), source }))?;
        let mut out: Vec<IssueFile> = read
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let date = name.strip_suffix(".md")?;
                if !archive::is_valid_date(date) || !e.path().is_file() {
                    return None;
                }
                Some(IssueFile { date: date.to_string(), path: e.path() })
            })
            .collect();
        out.sort_by(|a, b| b.date.cmp(&a.date));
        Ok(out)
    }

    /// The issue dates, newest first.
    pub fn issue_dates(&self) -> Result<Vec<String>, RepoError> {
        Ok(self.issues()?.into_iter().map(|i| i.date).collect())
    }

    /// Where the issue of `date` lives. Only a real `YYYY-MM-DD` date is
    /// accepted, so no other path can be formed.
    pub fn issue_path(&self, date: &str) -> Result<PathBuf, RepoError> {
        if !archive::is_valid_date(date) {
            return Err(RepoError::BadDate(date.to_string()));
        }
        Ok(self.issues_dir().join(format!("{date}.md")))
    }

    /// The date of `path` when it is an issue file of this repository (for a
    /// window that opened a file by path and wants to save it here).
    pub fn date_of(&self, path: &Path) -> Option<String> {
        let name = path.file_name()?.to_str()?;
        let date = name.strip_suffix(".md")?;
        if !archive::is_valid_date(date) {
            return None;
        }
        let parent = canonical(path.parent()?).ok()?;
        (parent == canonical(&self.issues_dir()).ok()?).then(|| date.to_string())
    }

    /// Loads an issue with the stamp to check before saving it.
    pub fn load_issue(&self, date: &str) -> Result<(Issue, FileStamp), RepoError> {
        Ok(io::load_issue_stamped(&self.issue_path(date)?)?)
    }

    /// Saves an issue's text (atomically, creating or replacing the file) and
    /// returns the new stamp. The text is written as given: its line endings
    /// are the document's own.
    pub fn save_issue(&self, date: &str, text: &str) -> Result<FileStamp, RepoError> {
        let path = self.issue_path(date)?;
        io::write_atomic(&path, text.as_bytes())?;
        Ok(io::stamp_written(&path, text.as_bytes()))
    }

    /// Saves an issue opened with stamp `opened`: refused with
    /// [`RepoError::Changed`] (nothing written) when the file no longer holds
    /// what it held then.
    pub fn save_issue_checked(&self, date: &str, text: &str, opened: &FileStamp) -> Result<FileStamp, RepoError> {
        let path = self.issue_path(date)?;
        io::check_unchanged(&path, opened)?;
        io::write_atomic(&path, text.as_bytes())?;
        Ok(io::stamp_written(&path, text.as_bytes()))
    }

    /// Writes a new issue; refuses ([`FileError::Exists`]) when the date's
    /// file exists.
    pub fn create_issue(&self, date: &str, text: &str) -> Result<FileStamp, RepoError> {
        let path = self.issue_path(date)?;
        io::write_new(&path, text.as_bytes())?;
        Ok(io::stamp_written(&path, text.as_bytes()))
    }

    /// README.md's text and stamp.
    pub fn read_readme(&self) -> Result<(String, FileStamp), RepoError> {
        let path = self.readme_path();
        if !path.is_file() {
            return Err(RepoError::NoReadme(self.root.clone()));
        }
        let (bytes, stamp) = io::read_stamped(&path)?;
        let text = String::from_utf8(bytes).map_err(|_| RepoError::ReadmeNotText { path: path.clone() })?;
        Ok((text, stamp))
    }

    /// Reads README.md and computes its regenerated archive table from the
    /// issue files: the check and the preview in one.
    pub fn archive_update(&self) -> Result<ArchiveUpdate, RepoError> {
        let (old_text, stamp) = self.read_readme()?;
        let dates = self.issue_dates()?;
        if dates.is_empty() {
            // A table of nothing would leave nothing to find next time.
            return Err(RepoError::NoIssues(self.root.clone()));
        }
        let path = self.readme_path();
        let no_table = |source| RepoError::NoArchiveTable { path: path.clone(), source };
        let report = archive::check_readme(&old_text, &dates).map_err(no_table)?;
        let new_text = archive::regenerate_readme(&old_text, &dates).map_err(no_table)?;
        let old_table = archive::readme_table_lines(&old_text).map_err(no_table)?;
        let new_table = archive::readme_table_lines(&new_text).map_err(no_table)?;
        Ok(ArchiveUpdate { readme_path: path, old_text, stamp, new_text, old_table, new_table, report, dates })
    }

    /// Writes an update's README (atomically) unless it is already fresh;
    /// refused with [`RepoError::Changed`] when README.md changed since the
    /// update was computed. Returns README.md's stamp.
    pub fn write_archive(&self, update: &ArchiveUpdate) -> Result<FileStamp, RepoError> {
        let path = self.readme_path();
        io::check_unchanged(&path, &update.stamp)?;
        if update.new_text == update.old_text {
            return Ok(update.stamp.clone());
        }
        io::write_atomic(&path, update.new_text.as_bytes())?;
        Ok(io::stamp_written(&path, update.new_text.as_bytes()))
    }
}

/// `canonicalize`, which also resolves symbolic links.
fn canonical(path: &Path) -> std::io::Result<PathBuf> {
    std::fs::canonicalize(path)
}
