//! The repository's state read in process (core::vcs::status) and commit,
//! pull and push through git (core::vcs::commit), on temporary repositories
//! made with the `git` binary: clean, an edited issue, an edited README, an
//! untracked inbox, staged changes, ahead of and behind a bare remote.

use std::path::{Path, PathBuf};
use std::process::Command;

use jianbao::core::vcs::commit;
use jianbao::core::vcs::status::{self, Kind, Via};

mod common;
use common::git::{ISSUE, git};

/// A bare remote and a clone holding the sample issue and a README, pushed.
fn repo_with_remote(tmp: &Path) -> (PathBuf, PathBuf) {
    common::git::repo_with_remote(tmp, "Issue 2026-11-20")
}

#[test]
fn a_clean_repository_has_its_branch_upstream_and_last_commit_and_nothing_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    let s = status::status(&work).unwrap();
    assert_eq!(s.branch.as_deref(), Some("main"));
    assert_eq!(s.upstream.as_deref(), Some("origin/main"));
    assert_eq!((s.ahead, s.behind), (0, 0));
    assert_eq!(s.via, Via::Gix);
    let last = s.last_commit.unwrap();
    assert_eq!(last.summary, "Issue 2026-11-20");
    assert_eq!(last.id, git(&work, &["rev-parse", "--short", "HEAD"]).trim());
    assert!(s.files.is_empty(), "{:?}", s.files);
    // From a folder inside the repository too.
    assert!(status::status(&work.join("embedded-ai-report")).unwrap().files.is_empty());
}

#[test]
fn edited_issue_and_readme_and_untracked_inbox_are_told_apart_and_other_files_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    let issue = work.join(ISSUE);
    let edited = jianbao::SAMPLE_ISSUE.replacen("导读", "导读 ", 1);
    std::fs::write(&issue, &edited).unwrap();
    std::fs::write(work.join("README.md"), "# Our test newsletter, edited\n").unwrap();
    std::fs::write(work.join("inbox.md"), "- https://example.org/a\n").unwrap();
    std::fs::write(work.join("notes.txt"), "changed, but not ours\n").unwrap();
    git(&work, &["add", "README.md"]);

    let s = status::status(&work).unwrap();
    let paths: Vec<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["README.md", ISSUE, "inbox.md"]);
    let f = s.file(&issue).unwrap();
    assert_eq!((f.staged, f.unstaged, f.untracked), (None, Some(Kind::Modified), false));
    let r = s.file(Path::new("README.md")).unwrap();
    assert_eq!((r.staged, r.unstaged), (Some(Kind::Modified), None));
    assert!(s.file(Path::new("inbox.md")).unwrap().untracked);

    // The same answer as git's own.
    let porcelain = Command::new("git")
        .arg("-C")
        .arg(&work)
        .args(["status", "--porcelain=v1", "-z", "--untracked-files=all"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(status::parse_porcelain(&porcelain), s.files);

    // Back to HEAD's bytes: clean again.
    std::fs::write(&issue, jianbao::SAMPLE_ISSUE).unwrap();
    assert!(status::status(&work).unwrap().file(&issue).is_none());
}

#[test]
fn a_deleted_issue_and_a_staged_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    std::fs::remove_file(work.join(ISSUE)).unwrap();
    let new = "embedded-ai-report/2026-12-04.md";
    std::fs::write(work.join(new), jianbao::SAMPLE_ISSUE).unwrap();
    git(&work, &["add", new]);
    let s = status::status(&work).unwrap();
    let old = s.file(Path::new(ISSUE)).unwrap();
    assert_eq!(old.unstaged, Some(Kind::Deleted));
    let added = s.file(Path::new(new)).unwrap();
    assert_eq!((added.staged, added.unstaged), (Some(Kind::Added), None));
}

#[test]
fn ahead_and_behind_come_from_local_refs() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, remote) = repo_with_remote(tmp.path());
    // Another clone pushes one commit.
    let other = second_clone(tmp.path(), &remote);
    std::fs::write(other.join("README.md"), "# Our test newsletter, from the other clone\n").unwrap();
    git(&other, &["commit", "-q", "-am", "Readme from the other clone"]);
    git(&other, &["push", "-q"]);
    // Here: two commits, then a fetch (the status itself never fetches).
    for k in 0..2 {
        std::fs::write(work.join("inbox.md"), format!("- https://example.org/{k}\n")).unwrap();
        git(&work, &["add", "inbox.md"]);
        git(&work, &["commit", "-q", "-m", &format!("inbox {k}")]);
    }
    let before = status::status(&work).unwrap();
    assert_eq!((before.ahead, before.behind), (2, 0));
    git(&work, &["fetch", "-q"]);
    let after = status::status(&work).unwrap();
    assert_eq!((after.ahead, after.behind), (2, 1));
    assert_eq!(jianbao_ahead_behind(&work), (2, 1));
}

/// git's own count, to compare with.
fn jianbao_ahead_behind(dir: &Path) -> (usize, usize) {
    let out = git(dir, &["rev-list", "--left-right", "--count", "HEAD...@{upstream}"]);
    let mut it = out.split_whitespace().map(|n| n.parse::<usize>().unwrap());
    (it.next().unwrap(), it.next().unwrap())
}

#[test]
fn a_repository_with_crlf_conversion_asks_git_for_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    git(&work, &["config", "core.autocrlf", "true"]);
    let s = status::status(&work).unwrap();
    assert_eq!(s.via, Via::GitBinary);
    assert!(s.files.is_empty(), "{:?}", s.files);
}

#[test]
fn head_file_reads_the_committed_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    std::fs::write(work.join(ISSUE), "changed").unwrap();
    let bytes = status::head_file(&work, &work.join(ISSUE)).unwrap().unwrap();
    assert_eq!(bytes, jianbao::SAMPLE_ISSUE.as_bytes());
    assert_eq!(status::head_file(&work, Path::new("inbox.md")).unwrap(), None);
}

#[test]
fn not_a_repository_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let e = status::status(tmp.path()).unwrap_err();
    assert!(e.contains("not a git repository"), "{e}");
}

#[test]
fn commit_takes_only_the_chosen_files_and_leaves_the_rest_staged() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    std::fs::write(work.join("README.md"), "# Edited readme\n").unwrap();
    std::fs::write(work.join("inbox.md"), "- https://example.org/x\n").unwrap();
    std::fs::write(work.join("notes.txt"), "staged, not ours\n").unwrap();
    git(&work, &["add", "notes.txt"]);
    let id = commit::commit(&work, &["README.md".into(), "inbox.md".into()], "Readme and inbox 2026-11-20").unwrap();
    assert_eq!(id, git(&work, &["rev-parse", "--short", "HEAD"]).trim());
    let files = git(&work, &["show", "--name-only", "--format=%s", "HEAD"]);
    assert_eq!(files.trim(), "Readme and inbox 2026-11-20\n\nREADME.md\ninbox.md");
    // notes.txt is still staged, not committed.
    assert_eq!(git(&work, &["diff", "--cached", "--name-only"]).trim(), "notes.txt");
    // Refusals.
    assert!(commit::commit(&work, &["notes.txt".into()], "x").unwrap_err().contains("not one of"));
    assert!(commit::commit(&work, &[], "x").is_err());
    assert!(commit::commit(&work, &["README.md".into()], "  ").is_err());
}

#[test]
fn push_and_pull_through_a_bare_remote_with_progress_and_errors_in_full() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, remote) = repo_with_remote(tmp.path());
    let other = second_clone(tmp.path(), &remote);
    std::fs::write(work.join("inbox.md"), "- https://example.org/pushed\n").unwrap();
    commit::commit(&work, &["inbox.md".into()], "inbox").unwrap();
    let mut lines = Vec::new();
    commit::push(&work, &mut |commit::Progress::Line(l)| lines.push(l)).unwrap();
    assert!(!lines.is_empty(), "push reports progress");
    let pulled = commit::pull(&other, &mut |_| {}).unwrap();
    assert!(!pulled.text.is_empty());
    assert!(pulled.conflicts.is_empty());
    assert_eq!(std::fs::read_to_string(other.join("inbox.md")).unwrap(), "- https://example.org/pushed\n");
    // A remote that is gone: the whole error, never a prompt.
    git(&other, &["remote", "set-url", "origin", tmp.path().join("gone.git").to_str().unwrap()]);
    let e = commit::pull(&other, &mut |_| {}).unwrap_err();
    assert!(e.starts_with("git pull failed"), "{e}");
    assert!(e.contains("gone.git"), "{e}");
}

#[test]
fn the_author_is_the_one_git_would_write() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    assert_eq!(commit::author(&work).unwrap(), "Tester A <a@example.org>");
}

/// Lines of the sample issue the pull tests edit: two entries far apart,
/// and the last line of one entry with the first line of the next.
const FIRST_TITLE: &str = "功耗不到3W | 芯东西]";
const FAR_TITLE: &str = "一套模型适配多家NPU | 开源中国]";
const CORVIA_LAST: &str = "方便主流推理框架直接接入。";
const RISCV_TITLE: &str = "有望统一指令集 | 量子位]";

/// `ISSUE` in `dir` with `from` replaced by `to` (once, and it must be there).
fn edit_issue(dir: &Path, from: &str, to: &str) {
    let path = dir.join(ISSUE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The clone `other` of the remote, configured.
fn second_clone(tmp: &Path, remote: &Path) -> PathBuf {
    common::git::clone(tmp, remote, "other")
}

/// A second clone of the remote edits the issue (`from` → `to`), commits
/// it as "theirs" and pushes it.
fn pushed_by_other(tmp: &Path, remote: &Path, from: &str, to: &str) {
    let other = second_clone(tmp, remote);
    edit_issue(&other, from, to);
    git(&other, &["commit", "-q", "-am", "theirs"]);
    git(&other, &["push", "-q"]);
}

/// `work` and the remote diverged: the other clone pushed an edit of the
/// first entry, `work` committed an edit of a far one. Returns `work`.
fn diverged(tmp: &Path) -> PathBuf {
    let (work, remote) = repo_with_remote(tmp);
    pushed_by_other(tmp, &remote, FIRST_TITLE, "功耗不到3W（对方） | 芯东西]");
    edit_issue(&work, FAR_TITLE, "一套模型适配多家NPU（我方） | 开源中国]");
    git(&work, &["commit", "-q", "-am", "mine"]);
    work
}

#[test]
fn a_pull_of_divergent_branches_merges_when_the_person_configured_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let work = diverged(tmp.path());
    // Nothing says how to pull (as on a fresh machine): git alone refuses.
    git(&work, &["config", "--unset", "pull.rebase"]);
    assert!(commit::pull_args(&work).contains(&"--no-rebase".to_string()));
    let pulled = commit::pull(&work, &mut |_| {}).unwrap();
    assert!(pulled.conflicts.is_empty());
    let text = std::fs::read_to_string(work.join(ISSUE)).unwrap();
    assert!(text.contains("（对方）") && text.contains("（我方）"), "both sides' entries");
    // A merge: HEAD has two parents.
    assert_eq!(git(&work, &["rev-list", "--parents", "-n1", "HEAD"]).split_whitespace().count(), 3);
}

#[test]
fn a_pull_honours_the_persons_pull_rebase() {
    let tmp = tempfile::tempdir().unwrap();
    let work = diverged(tmp.path());
    git(&work, &["config", "pull.rebase", "true"]);
    assert!(!commit::pull_args(&work).contains(&"--no-rebase".to_string()));
    commit::pull(&work, &mut |_| {}).unwrap();
    // Rebased: a straight line, mine on top of theirs.
    assert_eq!(git(&work, &["log", "--format=%s", "-3"]).trim(), "mine\ntheirs\nIssue 2026-11-20");
    assert_eq!(git(&work, &["rev-list", "--parents", "-n1", "HEAD"]).split_whitespace().count(), 2);
}

#[test]
fn saved_uncommitted_edits_survive_a_pull_and_are_merged_entry_by_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, remote) = repo_with_remote(tmp.path());
    // Adjacent lines of two entries: git's line merge of the stash conflicts.
    pushed_by_other(tmp.path(), &remote, RISCV_TITLE, "有望统一指令集（对方） | 量子位]");
    edit_issue(&work, CORVIA_LAST, "方便主流推理框架直接接入（我方）。");
    let pulled = commit::pull(&work, &mut |_| {}).unwrap();
    assert!(pulled.conflicts.is_empty(), "{:?}", pulled.conflicts);
    let text = std::fs::read_to_string(work.join(ISSUE)).unwrap();
    assert!(text.contains("（对方）") && text.contains("（我方）"), "{text}");
    assert!(!text.contains("<<<<<<<"));
    assert_eq!(git(&work, &["log", "-1", "--format=%s"]).trim(), "theirs", "the pulled commit is HEAD");
    // Mine is an edit again, not committed, not conflicted; the stash is gone.
    assert_eq!(git(&work, &["status", "--porcelain"]).trim(), format!("M {ISSUE}"));
    assert_eq!(git(&work, &["stash", "list"]).trim(), "");
}

#[test]
fn a_saved_edit_that_conflicts_with_the_pull_is_kept_in_the_stash_and_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, remote) = repo_with_remote(tmp.path());
    pushed_by_other(tmp.path(), &remote, RISCV_TITLE, "有望统一指令集（对方） | 量子位]");
    edit_issue(&work, RISCV_TITLE, "有望统一指令集（我方） | 量子位]");
    let pulled = commit::pull(&work, &mut |_| {}).unwrap();
    assert_eq!(pulled.conflicts.len(), 1, "{:?}", pulled.conflicts);
    assert_eq!(pulled.conflicts[0].path, ISSUE);
    assert!(pulled.conflicts[0].places >= 1);
    let text = std::fs::read_to_string(work.join(ISSUE)).unwrap();
    assert!(text.contains("<<<<<<< ours") && text.contains("（我方）") && text.contains("（对方）"), "{text}");
    // The edit is in the stash, whole; the file is no longer unmerged.
    assert!(git(&work, &["stash", "show", "-p"]).contains("（我方）"));
    assert_eq!(git(&work, &["ls-files", "-u"]).trim(), "");
}

#[test]
fn gitattributes_is_listed_and_can_be_committed_but_other_files_cannot() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, _) = repo_with_remote(tmp.path());
    std::fs::write(work.join(".gitattributes"), "embedded-ai-report/*.md merge=jianbao\n").unwrap();
    let s = status::status(&work).unwrap();
    let paths: Vec<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, [".gitattributes"]);
    assert!(s.files[0].untracked);
    commit::commit(&work, &[".gitattributes".into()], "Route the issues to the merge driver").unwrap();
    assert_eq!(git(&work, &["show", "--name-only", "--format=", "HEAD"]).trim(), ".gitattributes");
    assert!(status::status(&work).unwrap().files.is_empty());
    assert!(commit::commit(&work, &["sub/.gitattributes".into()], "x").unwrap_err().contains("not one of"));
}
