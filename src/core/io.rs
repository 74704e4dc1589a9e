//! Reading and writing files: size limits, clear errors, atomic writes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::Issue;
use super::parse::{LoadError, load_bytes};

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
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
    move |source| FileError::Io { path: path.to_path_buf(), source }
}

/// Reads a file's bytes, refusing a directory or a file over the limit.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, FileError> {
    let meta = fs::metadata(path).map_err(io_err(path))?;
    if meta.is_dir() {
        return Err(FileError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory, not a file"),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { path: path.to_path_buf(), size: meta.len(), limit: MAX_FILE_BYTES });
    }
    fs::read(path).map_err(io_err(path))
}

/// Loads an issue file: UTF-8 text that reads as an issue.
pub fn load_issue(path: &Path) -> Result<Issue, FileError> {
    let bytes = read_limited(path)?;
    load_bytes(&bytes).map_err(|source| FileError::Load { path: path.to_path_buf(), source })
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.jianbao-{}.tmp", std::process::id()))
}

fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf, FileError> {
    write_temp_with(path, bytes, true)
}

fn write_temp_with(path: &Path, bytes: &[u8], sync: bool) -> Result<PathBuf, FileError> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if sync { f.sync_all() } else { Ok(()) }
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(FileError::Io { path: path.to_path_buf(), source: e });
    }
    Ok(tmp)
}

/// Writes a file so that a crash leaves the old or the new content, never a
/// torn one: a temporary file in the same folder, flushed, renamed over.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let tmp = write_temp(path, bytes)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        FileError::Io { path: path.to_path_buf(), source: e }
    })
}

/// Like [`write_atomic`] without waiting for the disk: readers still see the
/// old or the new content, never a torn one, but a crash may lose the new
/// file. For derived output a rerun regenerates (exports), where a flush per
/// file would dominate an export of many files.
pub fn write_replace(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let tmp = write_temp_with(path, bytes, false)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        FileError::Io { path: path.to_path_buf(), source: e }
    })
}

/// Like [`write_atomic`], but refuses to replace an existing file.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    if path.exists() {
        return Err(FileError::Exists { path: path.to_path_buf() });
    }
    let tmp = write_temp(path, bytes)?;
    // A hard link fails if the target exists, so no race can overwrite it.
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(FileError::Exists { path: path.to_path_buf() }),
        Err(_) => {
            // A file system without hard links: create_new still refuses to overwrite.
            let mut f = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => FileError::Exists { path: path.to_path_buf() },
                _ => FileError::Io { path: path.to_path_buf(), source: e },
            })?;
            f.write_all(bytes).and_then(|_| f.sync_all()).map_err(io_err(path))
        }
    }
}
