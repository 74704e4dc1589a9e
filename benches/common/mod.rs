//! What the benches measure: the real issues of `$JIANBAO_CORPUS` (or
//! ../shared/corpus/awesome-embedded-ai), or our own sample and fixtures
//! when the corpus is absent.
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus repository, if it is there.
pub fn corpus_root() -> Option<PathBuf> {
    let repo = std::env::var_os("JIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/awesome-embedded-ai"));
    repo.join("embedded-ai-report").is_dir().then_some(repo)
}

/// The corpus's issue files, sorted by name (empty without the corpus).
pub fn issue_paths() -> Vec<PathBuf> {
    let Some(repo) = corpus_root() else { return Vec::new() };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo.join("embedded-ai-report"))
        .map(|r| {
            r.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

/// (label, [(date, text)]): the corpus issues, or the sample issue and the
/// named fixtures of tests/fixtures when there is no corpus.
pub fn issues(fixtures: &[&str]) -> (String, Vec<(String, String)>) {
    let files: Vec<(String, String)> = issue_paths()
        .into_iter()
        .filter_map(|p| {
            let date = p.file_stem()?.to_string_lossy().into_owned();
            std::fs::read_to_string(&p).ok().map(|t| (date, t))
        })
        .collect();
    if !files.is_empty() {
        return (format!("corpus ({} issues)", files.len()), files);
    }
    eprintln!("notice: corpus not found; benchmarking the sample issue and fixtures");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![("2026-11-20".to_string(), jianbao::SAMPLE_ISSUE.to_string())];
    for (i, name) in fixtures.iter().enumerate() {
        let text = std::fs::read_to_string(root.join("tests/fixtures").join(name)).expect("fixture");
        files.push((format!("2026-01-0{}", i + 1), text));
    }
    ("own fixtures".to_string(), files)
}

/// Just the texts of [`issues`].
pub fn texts(fixtures: &[&str]) -> (String, Vec<String>) {
    let (label, files) = issues(fixtures);
    (label, files.into_iter().map(|(_, t)| t).collect())
}

#[path = "../../tests/common/synthetic.rs"]
mod synthetic;
#[allow(unused_imports)]
pub use synthetic::synthetic_repo;
