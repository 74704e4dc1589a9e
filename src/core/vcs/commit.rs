//! Writing to the repository: commit, pull and push, through the `git`
//! binary, so the person's own setup keeps working (credential helpers, the
//! SSH agent, hooks, commit signing, `pull.rebase`, the merge driver).
//! Nothing here ever waits on a prompt: `GIT_TERMINAL_PROMPT=0` and no
//! standard input.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use super::status::is_newsletter_file;

/// `git` in `root`, never asking on a terminal.
fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root).env("GIT_TERMINAL_PROMPT", "0").stdin(Stdio::null());
    cmd
}

fn output(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run git: {e}"))?;
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
    if out.status.success() {
        Ok(text(&out.stdout))
    } else {
        let (o, e) = (text(&out.stdout), text(&out.stderr));
        Err(format!("{what} failed:\n{}", [o, e].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n")))
    }
}

/// The author git would write (`Name <email>`), from its configuration and
/// the environment; an error that says how to set one when there is none.
pub fn author(root: &Path) -> Result<String, String> {
    let ident = output(git(root).args(["var", "GIT_AUTHOR_IDENT"]), "git var GIT_AUTHOR_IDENT").map_err(|e| {
        format!(
            "No author is set for git ({e}).\nSet one with: git config --global user.name \"Your Name\" and git config --global user.email you@example.com"
        )
    })?;
    // `Name <email> 1700000000 +0800`: the time goes.
    Ok(match ident.rfind('>') {
        Some(i) => ident[..=i].to_string(),
        None => ident,
    })
}

/// Commits exactly `paths` (relative to `root`, newsletter files only) with
/// `message`: their worktree contents, additions and deletions included.
/// Anything else staged stays staged and out of the commit. The new commit's
/// abbreviated id.
pub fn commit(root: &Path, paths: &[String], message: &str) -> Result<String, String> {
    if paths.is_empty() {
        return Err("Nothing to commit: no file is chosen".into());
    }
    if let Some(p) = paths.iter().find(|p| !is_newsletter_file(p)) {
        return Err(format!("{p} is not one of the newsletter's files"));
    }
    if message.trim().is_empty() {
        return Err("The commit message is empty".into());
    }
    output(git(root).args(["add", "-A", "--"]).args(paths), "git add")?;
    let mut cmd = git(root);
    cmd.args(["commit", "--only", "--cleanup=strip", "-m", message, "--"]).args(paths);
    output(&mut cmd, "git commit")?;
    output(git(root).args(["rev-parse", "--short", "HEAD"]), "git rev-parse")
}

/// What a pull or a push said, line by line as it ran.
pub enum Progress {
    Line(String),
}

/// `git pull` (with the person's `pull.rebase`, and the merge driver when
/// installed): the progress lines to `progress` as they come; the whole
/// output on failure.
pub fn pull(root: &Path, progress: &mut dyn FnMut(Progress)) -> Result<String, String> {
    streaming(git(root).args(["pull", "--no-edit", "--progress"]), "git pull", progress)
}

/// `git push` to the branch's upstream (as `push.default` says).
pub fn push(root: &Path, progress: &mut dyn FnMut(Progress)) -> Result<String, String> {
    streaming(git(root).args(["push", "--progress"]), "git push", progress)
}

/// Runs `cmd`, sending each line of its standard error (git's progress,
/// `\r` or `\n` ended) to `progress`. The output, both streams, is returned
/// whole: `Ok` on success, `Err` (with what failed) otherwise.
fn streaming(cmd: &mut Command, what: &str, progress: &mut dyn FnMut(Progress)) -> Result<String, String> {
    let mut child =
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let mut stderr = child.stderr.take().expect("piped");
    let mut all_err = Vec::new();
    let mut line = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = match stderr.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &buf[..n] {
            if b == b'\n' || b == b'\r' {
                if !line.is_empty() {
                    progress(Progress::Line(String::from_utf8_lossy(&line).trim_end().to_string()));
                    // Only whole lines are kept (a `\r` line is replaced by the next).
                    if b == b'\n' {
                        all_err.extend_from_slice(&line);
                        all_err.push(b'\n');
                    }
                    line.clear();
                }
            } else {
                line.push(b);
            }
        }
    }
    if !line.is_empty() {
        progress(Progress::Line(String::from_utf8_lossy(&line).to_string()));
        all_err.extend_from_slice(&line);
    }
    let status = child.wait().map_err(|e| format!("{what}: {e}"))?;
    let out = reader.join().unwrap_or_default();
    let text = [String::from_utf8_lossy(&out).trim().to_string(), String::from_utf8_lossy(&all_err).trim().to_string()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if status.success() { Ok(text) } else { Err(format!("{what} failed ({status}):\n{text}")) }
}
