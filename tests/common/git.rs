//! Real git on temporary repositories: one way to run it and one set of
//! settings, so the machine's own configuration never matters.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `git -C dir args…`, never prompting and without the system's
/// configuration; panics with git's message when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository's settings of its own (the app's git reads them too), so the
/// machine's global ones do not matter.
pub fn configure(dir: &Path) {
    for (k, v) in [
        ("user.name", "Tester A"),
        ("user.email", "a@example.org"),
        ("commit.gpgsign", "false"),
        ("core.autocrlf", "false"),
        ("core.hooksPath", "/dev/null"),
        ("pull.rebase", "false"),
    ] {
        git(dir, &["config", k, v]);
    }
}

/// The issue file of the repositories [`repo_with_remote`] makes.
pub const ISSUE: &str = "embedded-ai-report/2026-11-20.md";

/// A bare `remote.git` in `tmp` and its clone `work` on `main`, holding the
/// sample issue, a README and a file that is not the newsletter's, committed
/// as `message` and pushed; returns (work, remote).
pub fn repo_with_remote(tmp: &Path, message: &str) -> (PathBuf, PathBuf) {
    let remote = tmp.join("remote.git");
    git(tmp, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
    let work = clone(tmp, &remote, "work");
    git(&work, &["checkout", "-q", "-b", "main"]);
    std::fs::create_dir_all(work.join("embedded-ai-report")).unwrap();
    std::fs::write(work.join(ISSUE), jianbao::SAMPLE_ISSUE).unwrap();
    std::fs::write(work.join("README.md"), "# Our test newsletter\n").unwrap();
    std::fs::write(work.join("notes.txt"), "not a newsletter file\n").unwrap();
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-q", "-m", message]);
    git(&work, &["push", "-q", "-u", "origin", "main"]);
    (work, remote)
}

/// A clone `name` of `remote` in `tmp`, configured.
pub fn clone(tmp: &Path, remote: &Path, name: &str) -> PathBuf {
    git(tmp, &["clone", "-q", remote.to_str().unwrap(), name]);
    let dir = tmp.join(name);
    configure(&dir);
    dir
}
