//! `jianbao archive` and `jianbao --repo`, run as a person runs them.

mod common;

use std::path::Path;
use std::process::Output;

use common::jianbao;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Each issue file's bytes and modification time.
fn issue_files(repo: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut out: Vec<_> = std::fs::read_dir(repo.join("embedded-ai-report"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let meta = std::fs::metadata(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
                meta.modified().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn archive_check_fails_on_the_hand_made_readme_and_passes_after_archive() {
    let Some(dir) = common::corpus_copy() else { return };
    let repo = dir.path().to_str().unwrap();
    let issues_before = issue_files(dir.path());
    let readme_before = std::fs::read(dir.path().join("README.md")).unwrap();

    let check = jianbao(&["archive", "--repo", repo, "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let out = stdout(&check);
    assert!(out.contains("dead link to 2019-09-16"), "{out}");
    assert!(out.contains("dead link to 2019-11-30"), "{out}");
    assert!(out.contains("a row of 5 cells, not 4"), "{out}");
    assert!(out.contains("duplicate: 2021-08-05 is linked 2 times"), "{out}");
    assert!(stderr(&check).contains("stale"), "{}", stderr(&check));
    assert_eq!(std::fs::read(dir.path().join("README.md")).unwrap(), readme_before, "--check writes nothing");

    let fix = jianbao(&["archive", "--repo", repo]);
    assert_eq!(fix.status.code(), Some(0), "{}", stderr(&fix));
    assert!(stdout(&fix).contains("rewritten: 27 issues"), "{}", stdout(&fix));
    assert_eq!(issue_files(dir.path()), issues_before, "no issue file touched (bytes and times)");
    let readme = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(!readme.contains("2019-09-16") && !readme.contains("2019-11-30"));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");

    let again = jianbao(&["archive", "--repo", repo, "--check"]);
    assert_eq!(again.status.code(), Some(0), "{}{}", stdout(&again), stderr(&again));
    assert!(stdout(&again).contains("up to date (27 issues)"));

    // A new issue makes it stale again: `new` says so, `--check` fails.
    let new = jianbao(&["new", "--repo", repo]);
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    assert!(stderr(&new).contains("jianbao archive --repo"), "{}", stderr(&new));
    let stale = jianbao(&["archive", "--repo", repo, "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(stdout(&stale).contains("missing: embedded-ai-report/"), "{}", stdout(&stale));
}

#[test]
fn archive_on_our_own_repository_and_on_bad_folders() {
    let dir = tempfile::tempdir().unwrap();
    let issues = dir.path().join("embedded-ai-report");
    std::fs::create_dir(&issues).unwrap();
    for date in ["2026-01-02", "2026-01-16"] {
        std::fs::write(issues.join(format!("{date}.md")), format!("# 嵌入式AI简报 ({date})\n")).unwrap();
    }
    let readme = "Intro line.\n\n| 2 | 0 | 2 | 6 |\n|:---:|:---:|:---:|:---:|\n| [2026-01-02](./embedded-ai-report/2026-01-02.md) | | | |\n\nOutro.\n";
    std::fs::write(dir.path().join("README.md"), readme).unwrap();
    let repo = dir.path().to_str().unwrap();
    assert_eq!(jianbao(&["archive", "--repo", repo, "--check"]).status.code(), Some(1));
    assert_eq!(jianbao(&["archive", "--repo", repo]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "Intro line.\n\n| 2 | 0 | 2 | 6 |\n|:---:|:---:|:---:|:---:|\n|  |  | [2026-01-16](./embedded-ai-report/2026-01-16.md) | [2026-01-02](./embedded-ai-report/2026-01-02.md) |\n\nOutro.\n"
    );
    let unchanged = jianbao(&["archive", "--repo", repo]);
    assert!(stdout(&unchanged).contains("nothing written"), "{}", stdout(&unchanged));

    let not_repo = jianbao(&["archive", "--repo", issues.to_str().unwrap(), "--check"]);
    assert_eq!(not_repo.status.code(), Some(2));
    assert!(stderr(&not_repo).contains("not a newsletter repository"), "{}", stderr(&not_repo));

    std::fs::write(dir.path().join("README.md"), "No table here.\n").unwrap();
    let no_table = jianbao(&["archive", "--repo", repo]);
    assert_eq!(no_table.status.code(), Some(2));
    assert!(stderr(&no_table).contains("no archive table"), "{}", stderr(&no_table));

    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir(empty.path().join("embedded-ai-report")).unwrap();
    std::fs::write(empty.path().join("README.md"), readme).unwrap();
    let no_issue = jianbao(&["archive", "--repo", empty.path().to_str().unwrap()]);
    assert_eq!(no_issue.status.code(), Some(2));
    assert!(stderr(&no_issue).contains("no issue"), "{}", stderr(&no_issue));
    assert_eq!(std::fs::read_to_string(empty.path().join("README.md")).unwrap(), readme);

    std::fs::remove_file(dir.path().join("README.md")).unwrap();
    let no_readme = jianbao(&["archive", "--repo", repo, "--check"]);
    assert_eq!(no_readme.status.code(), Some(2));
    assert!(stderr(&no_readme).contains("no README.md"), "{}", stderr(&no_readme));
}

#[test]
fn the_window_takes_a_repository_option() {
    use clap::Parser;
    let cli = jianbao::cli::Cli::try_parse_from(["jianbao", "--repo", "/some/where"]).unwrap();
    assert_eq!(cli.repo.as_deref(), Some(Path::new("/some/where")));
    assert!(cli.command.is_none() && cli.file.is_none());
    let help = jianbao(&["--help"]);
    assert!(stdout(&help).contains("--repo <DIR>"), "{}", stdout(&help));
    assert!(stdout(&help).contains("archive"));
    assert!(!stdout(&help).contains("debug-save-loop"), "the test aid is hidden");
}
