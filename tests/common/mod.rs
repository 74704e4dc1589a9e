//! Shared test helpers: where the real corpus is, and reading it.
#![allow(dead_code)]

pub mod git;
pub mod server;

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output};

mod synthetic;
#[allow(unused_imports)]
pub use synthetic::synthetic_repo;

/// Runs the `jianbao` binary with `args`, as a person runs it, and returns
/// what it printed and its exit status.
pub fn jianbao<S: AsRef<OsStr>>(args: &[S]) -> Output {
    jianbao_command().args(args).output().expect("the binary runs")
}

/// The `jianbao` binary as a command, for a test that sets its environment
/// or folder before running it.
pub fn jianbao_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jianbao"))
}

/// The corpus repository: `$JIANBAO_CORPUS`, or `../shared/corpus/awesome-embedded-ai`.
/// Without it a test skips with a notice, except when `CI` is set: there it fails.
pub fn corpus_repo() -> Option<PathBuf> {
    let path = match std::env::var_os("JIANBAO_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/awesome-embedded-ai"),
    };
    if path.join("embedded-ai-report").is_dir() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        // In CI a missing corpus is a broken setup, not a reason to pass.
        panic!("CI is set but the corpus is not at {} (set JIANBAO_CORPUS)", path.display());
    } else {
        eprintln!("notice: corpus not found at {} (set JIANBAO_CORPUS); skipping corpus checks", path.display());
        None
    }
}

/// Every issue of the corpus: (file name, bytes), sorted by name.
pub fn corpus_issues() -> Vec<(String, Vec<u8>)> {
    let Some(repo) = corpus_repo() else { return Vec::new() };
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(repo.join("embedded-ai-report"))
        .expect("corpus folder readable")
        .map(|e| e.expect("dir entry"))
        .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("readable")))
        .collect();
    out.sort();
    out
}

/// The project's own fixtures: the sample issue and tests/fixtures/*.md.
pub fn own_fixtures() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out =
        vec![("sample-issue.md".to_string(), std::fs::read_to_string(root.join("assets/sample-issue.md")).unwrap())];
    let mut more: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    more.sort();
    out.extend(more);
    out
}

/// A writable temporary copy of the corpus repository (README.md and every
/// issue), or None without the corpus. The files are written anew: the
/// corpus copy in CI carries no write bits.
pub fn corpus_copy() -> Option<tempfile::TempDir> {
    let corpus = corpus_repo()?;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("embedded-ai-report")).unwrap();
    std::fs::write(dir.path().join("README.md"), std::fs::read(corpus.join("README.md")).unwrap()).unwrap();
    for (name, bytes) in corpus_issues() {
        std::fs::write(dir.path().join("embedded-ai-report").join(name), bytes).unwrap();
    }
    Some(dir)
}
