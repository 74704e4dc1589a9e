//! The git commands the merge and the diff need, run through the `git`
//! binary (the person's own git: its configuration, its version).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `.gitattributes` lines that route the newsletter's files to the driver.
pub const ATTRIBUTES: [&str; 2] = ["embedded-ai-report/*.md merge=jianbao", "README.md merge=jianbao"];

/// The driver's name in git's configuration (`merge.jianbao.*`).
pub const DRIVER: &str = "jianbao";

fn run(cmd: &mut Command) -> Result<std::process::Output, String> {
    cmd.output().map_err(|e| format!("cannot run git: {e}"))
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().to_string()
}

/// The bytes of `file` at revision `rev` (`git show REV:./NAME`, run in the
/// file's folder).
pub fn show(rev: &str, file: &Path) -> Result<Vec<u8>, String> {
    let dir = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = file.file_name().ok_or_else(|| format!("{}: not a file name", file.display()))?;
    let spec = format!("{rev}:./{}", name.to_string_lossy());
    let out = run(Command::new("git").arg("-C").arg(dir).args(["show", &spec]))?;
    if out.status.success() { Ok(out.stdout) } else { Err(format!("git show {spec}: {}", stderr_of(&out))) }
}

/// git's own line merge (`git merge-file`), the result written to `ours`.
/// The number of conflicts (0: clean).
pub fn merge_file(ours: &Path, base: &Path, theirs: &Path) -> Result<u32, String> {
    let out = run(Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(ours)
        .arg(base)
        .arg(theirs))?;
    match out.status.code() {
        Some(n) if (0..=127).contains(&n) => Ok(n as u32),
        _ => Err(format!("git merge-file failed: {}", stderr_of(&out))),
    }
}

/// What [`setup`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    pub attributes: PathBuf,
    /// Lines added to `.gitattributes` (none when it had them all).
    pub added: Vec<String>,
    /// The driver command written to `merge.jianbao.driver`.
    pub driver: String,
}

/// A path quoted for the shell git runs the driver with.
fn shell_quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Installs the merge driver in a repository: the `.gitattributes` lines
/// (added if missing, nothing else touched) and `merge.jianbao.name` and
/// `merge.jianbao.driver` in the repository's own configuration, calling
/// `exe`. Running it again changes nothing.
pub fn setup(repo: &Path, exe: &Path) -> Result<Setup, String> {
    let top = run(Command::new("git").arg("-C").arg(repo).args(["rev-parse", "--show-toplevel"]))?;
    if !top.status.success() {
        return Err(format!("{}: not a git repository with a work tree ({})", repo.display(), stderr_of(&top)));
    }
    let attributes = repo.join(".gitattributes");
    let old = match std::fs::read(&attributes) {
        Ok(b) => String::from_utf8(b).map_err(|_| format!("{}: not UTF-8 text", attributes.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", attributes.display())),
    };
    let have: Vec<&str> = old.lines().map(str::trim).collect();
    let added: Vec<String> = ATTRIBUTES.iter().filter(|l| !have.contains(l)).map(|l| l.to_string()).collect();
    if !added.is_empty() {
        let mut text = old.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for l in &added {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(&attributes, text).map_err(|e| format!("{}: {e}", attributes.display()))?;
    }
    let exe = std::fs::canonicalize(exe).unwrap_or_else(|_| exe.to_path_buf());
    let driver = format!("{} merge-driver %O %A %B %P", shell_quote(&exe.to_string_lossy()));
    for (key, value) in [
        (format!("merge.{DRIVER}.name"), "jianbao: entry-level merge of newsletter issues"),
        (format!("merge.{DRIVER}.driver"), driver.as_str()),
    ] {
        let out = run(Command::new("git").arg("-C").arg(repo).args(["config", "--local", &key, value]))?;
        if !out.status.success() {
            return Err(format!("git config {key}: {}", stderr_of(&out)));
        }
    }
    Ok(Setup { attributes, added, driver })
}
