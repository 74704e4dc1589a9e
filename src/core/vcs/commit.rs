//! Writing to the repository: commit, pull and push, through the `git`
//! binary, so the person's own setup keeps working (credential helpers, the
//! SSH agent, hooks, commit signing, `pull.rebase`, the merge driver).
//! Nothing here ever waits on a prompt: `GIT_TERMINAL_PROMPT=0` and no
//! standard input.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use super::status::{is_commit_file, is_newsletter_file};

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

/// Commits exactly `paths` (relative to `root`; newsletter files and
/// `.gitattributes` only) with
/// `message`: their worktree contents, additions and deletions included.
/// Anything else staged stays staged and out of the commit. The new commit's
/// abbreviated id.
pub fn commit(root: &Path, paths: &[String], message: &str) -> Result<String, String> {
    if paths.is_empty() {
        return Err("Nothing to commit: no file is chosen".into());
    }
    if let Some(p) = paths.iter().find(|p| !is_commit_file(p)) {
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

/// What a pull did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pulled {
    /// git's output.
    pub text: String,
    /// Files whose saved, uncommitted edits could not be put back over what
    /// the pull brought without a conflict. The edits are safe in git's
    /// stash (kept for as long as any file is here) and the file holds both
    /// versions between conflict markers (`ours`: the person's, `theirs`:
    /// the pulled).
    pub conflicts: Vec<StashConflict>,
}

impl Pulled {
    /// The output of a push or a commit, in the same shape.
    pub fn from_text(text: String) -> Pulled {
        Pulled { text, conflicts: Vec::new() }
    }
}

/// One file left with conflicts after a pull put the saved edits back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StashConflict {
    /// Relative to the repository's root.
    pub path: String,
    /// How many places are marked (0 when git marked them itself).
    pub places: usize,
}

/// The arguments `git pull` gets: `--no-rebase` (merge, so the entry-level
/// merge driver is reached) when the person's configuration, in any scope,
/// sets neither `pull.rebase`, `branch.<name>.rebase` nor `pull.ff` (git
/// 2.27+ then refuses divergent branches); their setting when they have one.
/// `--autostash` always: saved but uncommitted edits are put aside for the
/// pull and put back after it.
pub fn pull_args(root: &Path) -> Vec<String> {
    let set = |key: &str| git(root).args(["config", "--get", key]).output().is_ok_and(|o| o.status.success());
    let branch = output(git(root).args(["symbolic-ref", "--short", "-q", "HEAD"]), "git symbolic-ref").ok();
    let mut keys = vec!["pull.rebase".to_string(), "pull.ff".to_string()];
    keys.extend(branch.filter(|b| !b.is_empty()).map(|b| format!("branch.{b}.rebase")));
    let mut args: Vec<String> = ["pull", "--no-edit", "--progress", "--autostash"].map(String::from).to_vec();
    if !keys.iter().any(|k| set(k)) {
        args.push("--no-rebase".into());
    }
    args
}

/// `git pull` (see [`pull_args`]; the merge driver when installed): the
/// progress lines to `progress` as they come; the whole output on failure.
/// When the saved edits put aside for the pull conflict with what it
/// brought, each such newsletter file is merged again entry by entry
/// ([`super::merge::merge_path`]): cleanly merged, it is written and the
/// stash dropped; otherwise the file keeps both versions, marked, the stash
/// keeps the edits, and [`Pulled::conflicts`] names it.
pub fn pull(root: &Path, progress: &mut dyn FnMut(Progress)) -> Result<Pulled, String> {
    let args = pull_args(root);
    let text = streaming(git(root).args(&args), "git pull", progress)?;
    let conflicts = settle_autostash(root)?;
    Ok(Pulled { text, conflicts })
}

/// After a pull: the files git's autostash left unmerged, merged again.
fn settle_autostash(root: &Path) -> Result<Vec<StashConflict>, String> {
    let listed = output(git(root).args(["ls-files", "-u", "-z"]), "git ls-files")?;
    let mut paths: Vec<String> =
        listed.split('\0').filter_map(|r| r.split_once('\t')).map(|(_, p)| p.to_string()).collect();
    paths.dedup();
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let top = output(git(root).args(["stash", "list", "-1", "--format=%gs"]), "git stash list")?;
    if top.trim() != "autostash" {
        return Ok(paths.into_iter().map(|path| StashConflict { path, places: 0 }).collect());
    }
    let stage = |n: u8, path: &str| -> Vec<u8> {
        git(root)
            .args(["cat-file", "blob", &format!(":{n}:{path}")])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| o.stdout)
            .unwrap_or_default()
    };
    let mut left = Vec::new();
    for path in paths {
        if !is_newsletter_file(&path) {
            left.push(StashConflict { path, places: 0 });
            continue;
        }
        // Stage 2 is what the pull brought, stage 3 the person's edits.
        let (base, pulled, mine) = (stage(1, &path), stage(2, &path), stage(3, &path));
        let outcome = super::merge::merge_path(&path, &base, &mine, &pulled);
        let file = root.join(&path);
        match outcome {
            super::merge::MergeOutcome::Clean(text) => {
                std::fs::write(&file, text).map_err(|e| format!("{path}: {e}"))?;
            }
            super::merge::MergeOutcome::Conflicted { text, conflicts } => {
                std::fs::write(&file, text).map_err(|e| format!("{path}: {e}"))?;
                left.push(StashConflict { path: path.clone(), places: conflicts });
            }
            // git's own markers stay.
            super::merge::MergeOutcome::Fallback(_) => left.push(StashConflict { path: path.clone(), places: 0 }),
        }
        // Out of the unmerged state: the file is an ordinary edit again.
        output(git(root).args(["reset", "-q", "--", &path]), "git reset")?;
    }
    if left.is_empty() {
        output(git(root).args(["stash", "drop", "-q"]), "git stash drop")?;
    }
    Ok(left)
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
