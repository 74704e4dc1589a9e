//! Real git on temporary repositories: one way to run it and one set of
//! settings, so the machine's own configuration never matters.

use std::path::Path;
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
