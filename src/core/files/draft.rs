//! Drafts that survive a crash: the text of an open document, written now and
//! then (the window decides when) as versioned RON in the platform's data
//! folder, outside any repository, one file per document. On start the window
//! offers to restore the drafts newer than their files; saving the document
//! discards its draft.
//!
//! ```
//! use jianbao::core::files::draft::{Draft, DraftStore};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = DraftStore::at(dir.path());
//! let draft = Draft::for_new("untitled-1", "# 嵌入式AI简报 (2026-01-02)\n");
//! store.save(&draft).unwrap();
//! assert_eq!(store.load(&draft.key).unwrap().text, draft.text);
//! assert_eq!(store.list().unwrap().len(), 1);
//! store.discard(&draft.key).unwrap();
//! assert!(store.list().unwrap().is_empty());
//! ```

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::core::files::io::{self, FileError, FileStamp};

/// The draft format this build writes.
pub const DRAFT_FORMAT_VERSION: u32 = 1;

/// The draft formats this build reads (older ones it knows how to upgrade,
/// and its own).
pub const READABLE_VERSIONS: &[u32] = &[1];

/// Environment variable naming the data folder (drafts go to its `drafts/`),
/// instead of the platform's (`~/.local/share/jianbao` on Linux).
pub const DATA_DIR_ENV: &str = "JIANBAO_DATA_DIR";

const EXTENSION: &str = "ron";

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("no data folder for drafts on this system; set {DATA_DIR_ENV}")]
    NoDataDir,
    #[error(
        "{path}: draft format version {version} is newer than this jianbao reads (up to {DRAFT_FORMAT_VERSION}); \
         the draft is kept, not restored"
    )]
    TooNew { path: PathBuf, version: u32 },
    #[error(
        "{path}: draft format version {version} is unknown (this jianbao reads {READABLE_VERSIONS:?}); the draft is kept, not restored"
    )]
    UnknownVersion { path: PathBuf, version: u32 },
    #[error("{path}: not a readable draft ({message}); the draft is kept, not restored")]
    Corrupt { path: PathBuf, message: String },
    #[error("no draft {0}")]
    NotFound(String),
    #[error(transparent)]
    File(#[from] FileError),
}

/// Names a document's draft: a hash of the file's canonical path, or of an
/// id the window gives an unsaved new document. Safe as a file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DraftKey(String);

impl DraftKey {
    /// The key of a file's draft (the same for every spelling of its path).
    pub fn for_path(path: &Path) -> DraftKey {
        let canonical = canonical_path(path);
        DraftKey(format!("file-{:032x}", xxhash_rust::xxh3::xxh3_128(canonical.to_string_lossy().as_bytes())))
    }

    /// The key of an unsaved document's draft.
    pub fn for_new(id: &str) -> DraftKey {
        DraftKey(format!("new-{:032x}", xxhash_rust::xxh3::xxh3_128(id.as_bytes())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key a draft file name holds, if it is one of ours.
    fn from_file_name(name: &str) -> Option<DraftKey> {
        let stem = name.strip_suffix(&format!(".{EXTENSION}"))?;
        let ok = (stem.starts_with("file-") || stem.starts_with("new-"))
            && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        ok.then(|| DraftKey(stem.to_string()))
    }
}

impl std::fmt::Display for DraftKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The canonical form of a path, also for a file that does not exist yet.
fn canonical_path(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent().and_then(|p| std::fs::canonicalize(p).ok()), abs.file_name()) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => abs,
    }
}

/// One document's draft, as written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Draft")]
pub struct Draft {
    /// The format version ([`DRAFT_FORMAT_VERSION`] when written by this build).
    pub version: u32,
    pub key: DraftKey,
    /// The document's file; `None` for a document never saved.
    pub path: Option<PathBuf>,
    /// The document's whole text.
    pub text: String,
    /// The file's stamp when it was opened (or last saved), if it has one.
    pub opened: Option<FileStamp>,
    /// When the draft was written.
    pub written: SystemTime,
}

impl Draft {
    /// A draft of a file's document.
    pub fn for_file(path: &Path, text: impl Into<String>, opened: Option<FileStamp>) -> Draft {
        Draft {
            version: DRAFT_FORMAT_VERSION,
            key: DraftKey::for_path(path),
            path: Some(canonical_path(path)),
            text: text.into(),
            opened,
            written: SystemTime::now(),
        }
    }

    /// A draft of a document not saved yet, named by an id of the window's.
    pub fn for_new(id: &str, text: impl Into<String>) -> Draft {
        Draft {
            version: DRAFT_FORMAT_VERSION,
            key: DraftKey::for_new(id),
            path: None,
            text: text.into(),
            opened: None,
            written: SystemTime::now(),
        }
    }
}

/// Why a draft is offered for restoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftState {
    /// Its file still holds what it held when opened; the draft has more.
    Newer,
    /// Its file changed on disk after it was opened (and before the draft
    /// was written): restoring would replace that change.
    FileChangedToo,
    /// Its file no longer exists.
    FileMissing,
    /// A document never saved.
    Unsaved,
    /// The draft cannot be read (an unknown format version, damage): the
    /// message says why. It stays on disk until discarded.
    Unreadable(String),
}

/// A draft offered on start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInfo {
    pub key: DraftKey,
    /// The draft's own file.
    pub draft_file: PathBuf,
    /// The document's file, if any (unknown for an unreadable draft).
    pub path: Option<PathBuf>,
    /// When it was written (unknown for an unreadable draft).
    pub written: Option<SystemTime>,
    pub state: DraftState,
}

/// Probe for the version alone: the rest may be any later layout.
#[derive(Deserialize)]
#[serde(rename = "Draft")]
struct VersionProbe {
    version: u32,
}

/// The folder of drafts.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
}

/// jianbao's data folder: `$JIANBAO_DATA_DIR`, else the platform's data
/// folder's `jianbao/` (`~/.local/share/jianbao` on Linux); none when the
/// system has no data folder.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join("jianbao")),
    }
}

impl DraftStore {
    /// The drafts folder: `$JIANBAO_DATA_DIR/drafts`, else the platform's
    /// data folder's `jianbao/drafts`. Created on the first save.
    pub fn new() -> Result<DraftStore, DraftError> {
        let data = data_dir().ok_or(DraftError::NoDataDir)?;
        Ok(DraftStore { dir: data.join("drafts") })
    }

    /// Drafts kept in `dir` itself.
    pub fn at(dir: impl Into<PathBuf>) -> DraftStore {
        DraftStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file_of(&self, key: &DraftKey) -> PathBuf {
        self.dir.join(format!("{}.{EXTENSION}", key.as_str()))
    }

    /// Writes a draft atomically (a crash leaves the previous draft or this
    /// one). Costs one small file write and flush.
    pub fn save(&self, draft: &Draft) -> Result<PathBuf, DraftError> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|source| DraftError::File(FileError::Io { path: self.dir.clone(), source }))?;
        let text = ron::ser::to_string_pretty(draft, ron::ser::PrettyConfig::new().struct_names(true))
            .map_err(|e| DraftError::Corrupt { path: self.file_of(&draft.key), message: e.to_string() })?;
        let path = self.file_of(&draft.key);
        io::write_atomic(&path, text.as_bytes())?;
        Ok(path)
    }

    /// Reads a draft: its own version, or an older one it knows; a newer or
    /// unknown version is refused with an error naming it.
    pub fn load(&self, key: &DraftKey) -> Result<Draft, DraftError> {
        let path = self.file_of(key);
        if !path.exists() {
            return Err(DraftError::NotFound(key.to_string()));
        }
        read_draft(&path)
    }

    /// Removes a draft (once its document is saved, or when declined). A
    /// draft already gone is fine.
    pub fn discard(&self, key: &DraftKey) -> Result<(), DraftError> {
        let path = self.file_of(key);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(DraftError::File(FileError::Io { path, source })),
        }
    }

    /// The drafts to offer on start, newest first: those whose text differs
    /// from their file and that were written after the file last changed,
    /// drafts of unsaved documents, and drafts that cannot be read (with the
    /// reason; never dropped silently). A missing folder has none.
    pub fn list(&self) -> Result<Vec<DraftInfo>, DraftError> {
        let read = match std::fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(DraftError::File(FileError::Io { path: self.dir.clone(), source })),
        };
        let mut out = Vec::new();
        for entry in read.filter_map(|e| e.ok()) {
            let Some(key) = entry.file_name().to_str().and_then(DraftKey::from_file_name) else { continue };
            let draft_file = entry.path();
            match read_draft(&draft_file) {
                Ok(draft) => {
                    if let Some(state) = offer(&draft) {
                        out.push(DraftInfo { key, draft_file, path: draft.path, written: Some(draft.written), state });
                    }
                }
                Err(e) => out.push(DraftInfo {
                    key,
                    draft_file,
                    path: None,
                    written: None,
                    state: DraftState::Unreadable(e.to_string()),
                }),
            }
        }
        out.sort_by(|a, b| b.written.cmp(&a.written).then_with(|| a.key.cmp(&b.key)));
        Ok(out)
    }
}

/// Whether (and why) a readable draft is worth offering.
fn offer(draft: &Draft) -> Option<DraftState> {
    let Some(path) = &draft.path else { return Some(DraftState::Unsaved) };
    let (bytes, now) = match io::read_stamped(path) {
        Ok(read) => read,
        Err(FileError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Some(DraftState::FileMissing);
        }
        // Unreadable or too large now: the draft may be all there is.
        Err(_) => return Some(DraftState::FileChangedToo),
    };
    if bytes == draft.text.as_bytes() {
        return None;
    }
    if now.modified.is_some_and(|m| m > draft.written) {
        // The file changed after the draft was written: the draft is older.
        return None;
    }
    match &draft.opened {
        Some(opened) if opened.len == now.len && opened.hash == now.hash => Some(DraftState::Newer),
        _ => Some(DraftState::FileChangedToo),
    }
}

fn read_draft(path: &Path) -> Result<Draft, DraftError> {
    let bytes = std::fs::read(path).map_err(|source| FileError::Io { path: path.to_path_buf(), source })?;
    let corrupt = |message: String| DraftError::Corrupt { path: path.to_path_buf(), message };
    let text = std::str::from_utf8(&bytes).map_err(|e| corrupt(e.to_string()))?;
    let probe: VersionProbe = ron::from_str(text).map_err(|e| corrupt(e.to_string()))?;
    match probe.version {
        DRAFT_FORMAT_VERSION => ron::from_str(text).map_err(|e| corrupt(e.to_string())),
        // Older versions this build can upgrade would be read here, each by
        // its own struct, then converted. Version 1 is the first format.
        v if v > DRAFT_FORMAT_VERSION => Err(DraftError::TooNew { path: path.to_path_buf(), version: v }),
        v => Err(DraftError::UnknownVersion { path: path.to_path_buf(), version: v }),
    }
}
