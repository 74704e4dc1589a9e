//! Reading and writing files: size limits, clear errors, atomic writes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::core::format::model::Issue;
use crate::core::format::parse::{LoadError, load_bytes};

/// Larger files are refused: no real issue comes near it (the largest is
/// about 40 KB) and laying out more would make the editor unusable.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: too large to be an issue ({size} bytes; the limit is {limit} bytes)")]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{path}: {source}")]
    Load { path: PathBuf, source: LoadError },
    #[error("{path}: already exists; not overwriting it")]
    Exists { path: PathBuf },
    #[error("{path}: not saved: the disk is full ({source}); the file on disk is unchanged")]
    DiskFull { path: PathBuf, source: std::io::Error },
    #[error("{path}: not saved: it is read-only; save it elsewhere or make it writable")]
    ReadOnly { path: PathBuf },
    #[error("{path}: not saved: no permission to write there ({source}); save it elsewhere")]
    NoPermission { path: PathBuf, source: std::io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
    move |source| FileError::Io { path: path.to_path_buf(), source }
}

/// Reads a file's bytes, refusing a directory or a file over the limit.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, FileError> {
    let mut bytes = Vec::new();
    read_limited_into(path, &mut bytes)?;
    Ok(bytes)
}

/// [`read_limited`] into `buf` (cleared first), so that a caller reading many
/// files reuses one buffer. One open, one `fstat`, then reads straight into
/// room sized from it.
pub fn read_limited_into(path: &Path, buf: &mut Vec<u8>) -> Result<(), FileError> {
    use std::io::Read;
    let is_dir = || FileError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory, not a file"),
    };
    let file = match fs::File::open(path) {
        Ok(f) => f,
        // Some systems refuse to open a folder at all.
        Err(_) if path.is_dir() => return Err(is_dir()),
        Err(e) => return Err(io_err(path)(e)),
    };
    let meta = file.metadata().map_err(io_err(path))?;
    if meta.is_dir() {
        return Err(is_dir());
    }
    let too_large = |size| FileError::TooLarge { path: path.to_path_buf(), size, limit: MAX_FILE_BYTES };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    buf.clear();
    // Room for the whole file and one byte more, so that the read that
    // finds the end needs no growth; `take` also bounds a file that grows.
    buf.reserve(meta.len() as usize + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(buf).map_err(io_err(path))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(buf.len() as u64));
    }
    Ok(())
}

/// Loads an issue file: UTF-8 text that reads as an issue.
pub fn load_issue(path: &Path) -> Result<Issue, FileError> {
    let bytes = read_limited(path)?;
    load_bytes(&bytes).map_err(|source| FileError::Load { path: path.to_path_buf(), source })
}

/// A write error as the person should read it: a full disk and a refused
/// permission get their own messages.
fn write_err(path: &Path, e: std::io::Error) -> FileError {
    let path = path.to_path_buf();
    // ENOSPC (28) and EDQUOT (122 on Linux) where the kind is not mapped.
    if e.kind() == std::io::ErrorKind::StorageFull || matches!(e.raw_os_error(), Some(28) | Some(122)) {
        return FileError::DiskFull { path, source: e };
    }
    match e.kind() {
        std::io::ErrorKind::ReadOnlyFilesystem => FileError::ReadOnly { path },
        std::io::ErrorKind::PermissionDenied => FileError::NoPermission { path, source: e },
        _ => FileError::Io { path, source: e },
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary file a save writes first: hidden, beside the target, unique
/// per process and per save (`.NAME.jianbao-PID-N.tmp`).
fn temp_path(path: &Path) -> PathBuf {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let pid = *PID.get_or_init(std::process::id);
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = std::ffi::OsString::with_capacity(path.file_name().map_or(0, |n| n.len()) + 40);
    name.push(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".jianbao-{pid}-{n}.tmp"));
    path.with_file_name(name)
}

/// Whether a file name is one of the temporary files a save writes (a crash
/// can leave one behind; it never holds the only copy of anything).
pub fn is_temp_file_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(".jianbao-")
}

/// How the bytes go into the open temporary file; tests swap it to simulate a
/// full disk.
type Writer<'a> = &'a mut dyn FnMut(&mut fs::File, &[u8]) -> std::io::Result<()>;

/// Creates a new temporary file beside `path` (another name if one is left
/// from a crashed process of the same id).
fn create_temp(path: &Path) -> std::io::Result<(PathBuf, fs::File)> {
    let mut tries = 0;
    loop {
        let tmp = temp_path(path);
        match fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => tries += 1,
            Err(e) => return Err(e),
        }
    }
}

fn write_temp(path: &Path, bytes: &[u8], write: Writer<'_>) -> Result<PathBuf, FileError> {
    let existing = fs::metadata(path).ok();
    let (tmp, mut f) = create_temp(path).map_err(|e| write_err(path, e))?;
    let result = (|| {
        write(&mut f, bytes)?;
        if let Some(meta) = &existing {
            // The replacement keeps the file's permissions.
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(write_err(path, e));
    }
    Ok(tmp)
}

/// Flushes a folder's entry list so that a rename in it survives a power cut.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Refuses to replace a file marked read-only (renaming over it would
/// otherwise succeed, as it only needs the folder to be writable).
fn refuse_read_only(path: &Path) -> Result<(), FileError> {
    match fs::metadata(path) {
        Ok(meta) if meta.permissions().readonly() => Err(FileError::ReadOnly { path: path.to_path_buf() }),
        _ => Ok(()),
    }
}

/// Writes a file so that a crash leaves the old or the new content, never a
/// torn one: a temporary file in the same folder, flushed, renamed over.
/// A read-only target is refused; the replacement keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_atomic_with(path, bytes, &mut |f, b| f.write_all(b))
}

/// Like [`write_atomic`] without waiting for the disk: readers still see the
/// old or the new content, never a torn one, but a crash may lose the new
/// file. For derived output that a rerun regenerates (exports), where a flush
/// per file would dominate an export of many files.
pub fn write_replace(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let (tmp, mut f) = create_temp(path).map_err(|e| write_err(path, e))?;
    if let Err(e) = f.write_all(bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(write_err(path, e));
    }
    drop(f);
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        write_err(path, e)
    })
}

/// [`write_atomic`] with the step that writes the bytes supplied by the
/// caller: for tests that simulate a failing disk.
#[doc(hidden)]
pub fn write_atomic_with(path: &Path, bytes: &[u8], write: Writer<'_>) -> Result<(), FileError> {
    refuse_read_only(path)?;
    let tmp = write_temp(path, bytes, write)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        write_err(path, e)
    })?;
    sync_dir(path);
    Ok(())
}

/// Like [`write_atomic`], but refuses to replace an existing file.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    if path.exists() {
        return Err(FileError::Exists { path: path.to_path_buf() });
    }
    let tmp = write_temp(path, bytes, &mut |f, b| f.write_all(b))?;
    // A hard link fails if the target exists, so no race can overwrite it.
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_dir(path);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(FileError::Exists { path: path.to_path_buf() }),
        Err(_) => {
            // A file system without hard links: create_new still refuses to overwrite.
            let mut f = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => FileError::Exists { path: path.to_path_buf() },
                _ => write_err(path, e),
            })?;
            f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| write_err(path, e))
        }
    }
}

/// What a file was when it was opened or saved: its length, modification
/// time and a hash of its bytes. Compared before a save to notice a change
/// made behind the editor's back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// XXH3-64 of the bytes (stable across runs and versions).
    pub hash: u64,
}

impl FileStamp {
    /// The stamp of these bytes, read from a file with this metadata.
    pub fn of(bytes: &[u8], meta: &fs::Metadata) -> FileStamp {
        FileStamp { len: bytes.len() as u64, modified: meta.modified().ok(), hash: Self::hash_bytes(bytes) }
    }

    /// The content hash a stamp holds.
    pub fn hash_bytes(bytes: &[u8]) -> u64 {
        xxhash_rust::xxh3::xxh3_64(bytes)
    }

    /// Reads a file (within [`MAX_FILE_BYTES`]) and stamps it.
    pub fn read(path: &Path) -> Result<FileStamp, FileError> {
        read_stamped(path).map(|(_, stamp)| stamp)
    }

    /// Whether these bytes are the content the stamp was taken of.
    pub fn same_content(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() as u64 && self.hash == Self::hash_bytes(bytes)
    }
}

/// Reads a file's bytes (within the limit) with their stamp.
pub fn read_stamped(path: &Path) -> Result<(Vec<u8>, FileStamp), FileError> {
    let bytes = read_limited(path)?;
    let meta = fs::metadata(path).map_err(io_err(path))?;
    let stamp = FileStamp::of(&bytes, &meta);
    Ok((bytes, stamp))
}

/// Loads an issue file and stamps it, for a later [`check_unchanged`].
pub fn load_issue_stamped(path: &Path) -> Result<(Issue, FileStamp), FileError> {
    let (bytes, stamp) = read_stamped(path)?;
    let issue = load_bytes(&bytes).map_err(|source| FileError::Load { path: path.to_path_buf(), source })?;
    Ok((issue, stamp))
}

/// A file changed on disk since it was stamped: the person chooses to reload,
/// overwrite or save elsewhere.
#[derive(Debug, thiserror::Error)]
pub enum Changed {
    #[error("{path}: changed on disk since it was opened ({was_len} bytes then, {now_len} bytes now)")]
    Modified { path: PathBuf, was_len: u64, now_len: u64 },
    #[error("{path}: deleted or moved away since it was opened")]
    Removed { path: PathBuf },
    #[error("{path}: cannot tell whether it changed on disk: {source}")]
    Unreadable { path: PathBuf, source: Box<FileError> },
}

/// Checks that a file still holds what it held when `stamp` was taken. Only
/// the content counts: a file touched but not changed is unchanged. A changed
/// length is noticed without reading the file; otherwise its bytes are hashed.
pub fn check_unchanged(path: &Path, stamp: &FileStamp) -> Result<(), Changed> {
    let modified = |now_len| Changed::Modified { path: path.to_path_buf(), was_len: stamp.len, now_len };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Changed::Removed { path: path.to_path_buf() });
        }
        Err(e) => {
            let source = Box::new(FileError::Io { path: path.to_path_buf(), source: e });
            return Err(Changed::Unreadable { path: path.to_path_buf(), source });
        }
    };
    if meta.len() != stamp.len {
        return Err(modified(meta.len()));
    }
    match read_limited(path) {
        Ok(bytes) if stamp.same_content(&bytes) => Ok(()),
        Ok(bytes) => Err(modified(bytes.len() as u64)),
        Err(e) => Err(Changed::Unreadable { path: path.to_path_buf(), source: Box::new(e) }),
    }
}

/// Saving failed: the file changed behind the editor's back, or the write
/// itself failed.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Changed(#[from] Changed),
    #[error(transparent)]
    File(#[from] FileError),
}

/// Saves a document's bytes atomically and returns the new stamp. With
/// `opened` (the stamp taken at open or last save) the file must still hold
/// what it held then, else [`SaveError::Changed`] and nothing is written;
/// with `None` the file must not exist yet (it is never overwritten).
pub fn save_checked(path: &Path, bytes: &[u8], opened: Option<&FileStamp>) -> Result<FileStamp, SaveError> {
    match opened {
        Some(stamp) => {
            check_unchanged(path, stamp)?;
            write_atomic(path, bytes)?;
        }
        None => write_new(path, bytes)?,
    }
    Ok(stamp_written(path, bytes))
}

/// The stamp of bytes just written to `path`.
pub fn stamp_written(path: &Path, bytes: &[u8]) -> FileStamp {
    FileStamp {
        len: bytes.len() as u64,
        modified: fs::metadata(path).and_then(|m| m.modified()).ok(),
        hash: FileStamp::hash_bytes(bytes),
    }
}
