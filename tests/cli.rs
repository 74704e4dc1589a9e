//! The command line, run as a person runs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::jianbao;

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-issue.md")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn export_markdown_is_the_file_itself() {
    let out = jianbao(&["export", "--format", "markdown", sample_path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, std::fs::read(sample_path()).unwrap());
}

#[test]
fn export_markdown_of_the_corpus_into_a_folder_is_byte_identical() {
    let Some(repo) = common::corpus_repo() else { return };
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> =
        common::corpus_issues().iter().map(|(n, _)| repo.join("embedded-ai-report").join(n)).collect();
    let mut args = vec!["export", "--format", "markdown", "--out-dir", dir.path().to_str().unwrap()];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let out = jianbao(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    for f in &files {
        let written = std::fs::read(dir.path().join(f.file_name().unwrap())).unwrap();
        assert_eq!(written, std::fs::read(f).unwrap(), "{}", f.display());
    }
}

#[test]
fn export_json_is_the_structured_model() {
    let out = jianbao(&["export", "--format", "json", sample_path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["title"]["date"], "2026-11-20");
    assert_eq!(v["entries_typed"], 16);
    assert_eq!(v["entries_verbatim"], 0);
    assert_eq!(v["bytes_total"], std::fs::metadata(sample_path()).unwrap().len());
    assert_eq!(v["bytes_verbatim"], 0);
    let sections = v["sections"].as_array().unwrap();
    let titles: Vec<&str> = sections.iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(&titles[..4], ["业界新闻", "论文", "开源项目", "博文"]);
    let first = &sections[0]["entries"][0];
    assert_eq!(first["kind"], "typed");
    assert!(first["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(first["url"].as_str().is_some_and(|u| u.starts_with("http")));
    let fields = first["fields"].as_array().unwrap();
    assert_eq!(fields[0]["label"], "摘要");
    assert!(fields[0]["value"].as_str().is_some_and(|t| !t.is_empty()));
    let papers = &sections[1]["entries"];
    assert!(papers.as_array().unwrap().iter().any(|e| e["tags"].as_array().unwrap().len() == 2));
    let projects = &sections[2]["entries"];
    assert!(projects.as_array().unwrap().iter().all(|e| e["repo"].as_str().is_some()));
    assert_eq!(v["warmup"].as_array().unwrap().len(), 5);
}

#[test]
fn bad_input_exits_2_naming_each_bad_file_after_writing_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"# \xe9t\xe9 (2020-01-01)\n").unwrap();
    let binary = dir.path().join("binary.md");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# Shopping list\n\n- milk\n").unwrap();
    let missing = dir.path().join("missing.md");
    let out_dir = dir.path().join("out");
    let sample = sample_path();
    let out = jianbao(&[
        "export",
        "--format",
        "json",
        "--out-dir",
        out_dir.to_str().unwrap(),
        latin1.to_str().unwrap(),
        binary.to_str().unwrap(),
        sample.to_str().unwrap(),
        notes.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "one line per bad file: {err}");
    assert!(lines[0].contains("latin1.md") && lines[0].contains("not UTF-8"), "{err}");
    assert!(lines[1].contains("binary.md") && lines[1].contains("binary"), "{err}");
    assert!(lines[2].contains("missing.md"), "{err}");
    assert!(out_dir.join("sample-issue.json").is_file(), "the good file was written");
    // Any UTF-8 text is an issue (here a draft with one entry in its unnamed group).
    let notes_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("notes.json")).unwrap()).unwrap();
    assert_eq!(notes_json["sections"][0]["unnamed"], true, "{notes_json}");
    assert_eq!(notes_json["sections"][0]["entries"][0]["title"], "milk", "{notes_json}");
    assert!(!out_dir.join("latin1.json").exists());
}

#[test]
fn several_files_without_an_out_dir_are_refused() {
    let s = sample_path();
    let out = jianbao(&["export", "--format", "markdown", s.to_str().unwrap(), s.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out-dir"));
}

fn sample_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let issues = dir.path().join("embedded-ai-report");
    std::fs::create_dir(&issues).unwrap();
    std::fs::copy(sample_path(), issues.join("2026-11-20.md")).unwrap();
    std::fs::write(issues.join("2026-11-06.md"), "older").unwrap();
    dir
}

#[test]
fn new_creates_the_next_issue_two_weeks_later_and_never_overwrites() {
    let repo = sample_repo();
    let repo_s = repo.path().to_str().unwrap();
    let out = jianbao(&["new", "--repo", repo_s]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = repo.path().join("embedded-ai-report/2026-12-04.md");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), path.to_str().unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    let issue = jianbao::core::parse(&text);
    assert_eq!(issue.title().unwrap().date, "2026-12-04");
    assert_eq!(issue.title().unwrap().subtitle, "");
    assert_eq!(issue.warmup_items().len(), 0, "the warm-up items are the last issue's news");
    assert_eq!(issue.entries().count(), 0);
    let titles: Vec<&str> = issue.sections.iter().map(|s| s.heading.title.as_str()).collect();
    assert_eq!(titles, ["业界新闻", "论文", "开源项目", "博文", "往期回顾"]);
    assert!(text.contains("| 2 | 0 | 2 | 6 |\n|:---:|:---:|:---:|:---:|\n|  | [2026-12-04](../embedded-ai-report/2026-12-04.md) | [2026-11-20](../embedded-ai-report/2026-11-20.md) | [2026-11-06](../embedded-ai-report/2026-11-06.md) |\n"));
    let template = std::fs::read_to_string(sample_path()).unwrap();
    let footer = &template[template.find("\n----\n").unwrap()..];
    assert!(text.ends_with(footer), "the footer and licence are the newest issue's");
    assert_eq!(jianbao::core::render(&issue), text);

    // Again: the file exists, and is left alone.
    let again = jianbao(&["new", "--repo", repo_s, "--date", "2026-12-04"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    let bad = jianbao(&["new", "--repo", repo_s, "--date", "2026-02-30"]);
    assert_eq!(bad.status.code(), Some(2));
    let smuggle = jianbao(&["new", "--repo", repo_s, "--date", "../../x"]);
    assert_eq!(smuggle.status.code(), Some(2));
    let not_repo = jianbao(&["new", "--repo", repo.path().join("embedded-ai-report").to_str().unwrap()]);
    assert_eq!(not_repo.status.code(), Some(2));
    assert!(stderr(&not_repo).contains("not a newsletter repository"));
}

#[test]
fn new_on_a_copy_of_the_corpus() {
    let Some(corpus) = common::corpus_repo() else { return };
    let dir = tempfile::tempdir().unwrap();
    let issues = dir.path().join("embedded-ai-report");
    std::fs::create_dir(&issues).unwrap();
    for (name, bytes) in common::corpus_issues() {
        std::fs::write(issues.join(name), bytes).unwrap();
    }
    let _ = corpus;
    let out = jianbao(&["new", "--repo", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let newest = common::corpus_issues().last().unwrap().0.trim_end_matches(".md").to_string();
    let expected = jianbao::core::files::archive::add_days(&newest, 14).unwrap();
    let text = std::fs::read_to_string(issues.join(format!("{expected}.md"))).unwrap();
    let issue = jianbao::core::parse(&text);
    assert_eq!(issue.title().unwrap().date, expected);
    assert_eq!(jianbao::core::render(&issue), text);
    assert_eq!(issue.entries().count(), 0);
}
