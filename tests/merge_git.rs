//! The merge driver with real git: a bare repository as the shared remote,
//! two clones, the driver installed by `jianbao git-setup`; one clone
//! pushes, the other pulls and merges. Git runs isolated from the
//! machine's configuration (GIT_CONFIG_GLOBAL=/dev/null…).

mod common;
mod merge_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jianbao::core::files::archive;
use merge_support::*;

const ISSUE: &str = "embedded-ai-report/2026-11-20.md";

fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Tester A")
        .env("GIT_AUTHOR_EMAIL", "a@example.org")
        .env("GIT_COMMITTER_NAME", "Tester A")
        .env("GIT_COMMITTER_EMAIL", "a@example.org")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("GIT_EDITOR", "true")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
}

/// A bare remote and two clones with the driver set up, holding `files`.
struct Repos {
    tmp: tempfile::TempDir,
}

impl Repos {
    fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }

    fn git_out(&self, dir: &Path, args: &[&str]) -> Output {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(dir).args(args);
        isolate(&mut cmd, &self.home());
        cmd.output().expect("git runs")
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git_out(dir, args);
        assert!(out.status.success(), "git {args:?} in {}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn jianbao(&self, args: &[&str]) -> Output {
        let mut cmd = common::jianbao_command();
        cmd.args(args);
        isolate(&mut cmd, &self.home());
        cmd.output().expect("jianbao runs")
    }

    fn a(&self) -> PathBuf {
        self.tmp.path().join("a")
    }

    fn b(&self) -> PathBuf {
        self.tmp.path().join("b")
    }

    fn new(files: &[(&str, &str)]) -> Repos {
        let repos = Repos { tmp: tempfile::tempdir().unwrap() };
        let root = repos.tmp.path().to_path_buf();
        std::fs::create_dir(repos.home()).unwrap();
        repos.git(&root, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
        repos.git(&root, &["init", "-q", "-b", "main", "seed"]);
        let seed = root.join("seed");
        for (path, text) in files {
            let p = seed.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let out = repos.jianbao(&["git-setup", "--repo", seed.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        repos.git(&seed, &["add", "-A"]);
        repos.git(&seed, &["commit", "-q", "-m", "base"]);
        repos.git(&seed, &["push", "-q", "../remote.git", "main"]);
        for clone in ["a", "b"] {
            repos.git(&root, &["clone", "-q", "remote.git", clone]);
            let dir = root.join(clone);
            let out = repos.jianbao(&["git-setup", "--repo", dir.to_str().unwrap()]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            // The attributes came with the clone: setup only adds the config.
            assert!(String::from_utf8_lossy(&out.stdout).contains("already routes"));
            let driver = repos.git(&dir, &["config", "merge.jianbao.driver"]);
            assert!(driver.trim().ends_with("merge-driver %O %A %B %P"), "{driver}");
        }
        repos
    }

    fn write(&self, dir: &Path, path: &str, text: &str) {
        std::fs::write(dir.join(path), text).unwrap();
    }

    fn read(&self, dir: &Path, path: &str) -> String {
        std::fs::read_to_string(dir.join(path)).unwrap()
    }

    /// Commits in a and pushes; commits in b and pulls (a merge). Whether the pull was clean.
    fn a_pushes_b_pulls(&self, a_edits: &[(&str, String)], b_edits: &[(&str, String)]) -> bool {
        for (dir, edits) in [(self.a(), a_edits), (self.b(), b_edits)] {
            for (path, text) in edits {
                self.write(&dir, path, text);
            }
            self.git(&dir, &["add", "-A"]);
            self.git(&dir, &["commit", "-q", "-m", "edit"]);
        }
        self.git(&self.a(), &["push", "-q", "origin", "main"]);
        self.git_out(&self.b(), &["pull", "-q", "--no-rebase", "origin", "main"]).status.success()
    }
}

fn readme(dates: &[&str]) -> String {
    let dates: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
    format!(
        "# 嵌入式AI简报（测试仓库）\n\n我们自己的测试仓库。\n\n## 往期回顾\n\n{}\n\n欢迎投稿。\n",
        archive::table(&dates, archive::README_LINK_PREFIX).join("\n")
    )
}

fn sample_repos() -> (Repos, String) {
    let base = sample();
    let repos = Repos::new(&[("README.md", &readme(&["2026-11-20"])), (ISSUE, &base)]);
    (repos, base)
}

fn round_trips(text: &str) {
    assert_eq!(jianbao::core::render(&jianbao::core::parse(text)), text);
}

#[test]
fn different_entries_edited_on_two_clones_merge_on_pull() {
    let (repos, base) = sample_repos();
    let a = replace_once(&base, "解码速度反而因访存减少提升了约1.3倍。", "解码速度提升了约1.3倍。");
    let b = replace_once(&base, "最终稳定在每秒6个token左右。", "最终稳定在每秒7个token左右。");
    assert!(repos.a_pushes_b_pulls(&[(ISSUE, a.clone())], &[(ISSUE, b)]));
    let merged = repos.read(&repos.b(), ISSUE);
    assert_eq!(merged, replace_once(&a, "最终稳定在每秒6个token左右。", "最终稳定在每秒7个token左右。"));
    round_trips(&merged);
}

#[test]
fn the_same_entry_edited_on_two_clones_conflicts_around_that_entry_only() {
    let (repos, base) = sample_repos();
    let a = replace_once(&base, "整体生成速度提升约2.1倍。", "整体生成速度提升约2倍。");
    let a = replace_once(&a, "首发价299元", "首发价259元");
    let b = replace_once(&base, "整体生成速度提升约2.1倍。", "整体生成速度提升两倍多。");
    assert!(!repos.a_pushes_b_pulls(&[(ISSUE, a.clone())], &[(ISSUE, b.clone())]));
    let merged = repos.read(&repos.b(), ISSUE);
    assert_eq!(merged.matches("<<<<<<< ours").count(), 1, "{merged}");
    let marker = "[TinyDraft: Speculative";
    let block = format!("<<<<<<< ours\n{}=======\n{}>>>>>>> theirs\n", entry_text(&b, marker), entry_text(&a, marker));
    let mut expected = a.clone();
    expected.replace_range(entry_range(&a, marker), &block);
    assert_eq!(merged, expected);
    let status = repos.git(&repos.b(), &["status", "--porcelain"]);
    assert!(status.contains(&format!("UU {ISSUE}")), "{status}");
}

#[test]
fn a_reorder_on_one_clone_and_an_edit_on_the_other_merge_on_pull() {
    let (repos, base) = sample_repos();
    let a = move_before(&base, "[TinyDraft: Speculative", "[BitSlide: Sliding-Window");
    let b = replace_once(&base, "典型功耗控制在3W以内。", "典型功耗低于3W。");
    let b = replace_once(&b, "端到端提速2.7倍。", "端到端提速近3倍。");
    assert!(repos.a_pushes_b_pulls(&[(ISSUE, a.clone())], &[(ISSUE, b)]));
    let merged = repos.read(&repos.b(), ISSUE);
    let expected = replace_once(&a, "典型功耗控制在3W以内。", "典型功耗低于3W。");
    assert_eq!(merged, replace_once(&expected, "端到端提速2.7倍。", "端到端提速近3倍。"));
}

#[test]
fn entries_added_to_different_sections_on_two_clones_merge_on_pull() {
    let (repos, base) = sample_repos();
    let paper = "- [2612.00042] [Our Own Paper on 3-bit Attention](https://arxiv.org/abs/2612.00042)  \n摘要：我们自己写的测试条目。  \n";
    let blog = "- [一篇测试博文 | 示例博客](https://blog.example.org/test-post)  \n摘要：另一条测试条目。  \n";
    let a = insert_after(&base, "[TinyDraft: Speculative", paper);
    let b = insert_before(&base, "[NNAPI之后", blog);
    assert!(repos.a_pushes_b_pulls(&[(ISSUE, a.clone())], &[(ISSUE, b)]));
    let merged = repos.read(&repos.b(), ISSUE);
    assert_eq!(merged, insert_before(&a, "[NNAPI之后", blog));
    round_trips(&merged);
}

#[test]
fn the_readme_table_touched_on_both_clones_is_regenerated_on_pull() {
    let (repos, _) = sample_repos();
    for (dir, date) in [(repos.a(), "2026-12-04"), (repos.b(), "2026-12-18")] {
        let d = dir.to_str().unwrap();
        let out = repos.jianbao(&["new", "--repo", d, "--date", date]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = repos.jianbao(&["archive", "--repo", d]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(repos.a_pushes_b_pulls(&[], &[]));
    let merged = repos.read(&repos.b(), "README.md");
    assert_eq!(merged, readme(&["2026-11-20", "2026-12-04", "2026-12-18"]));
    let out = repos.jianbao(&["archive", "--repo", repos.b().to_str().unwrap(), "--check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_file_that_is_not_an_issue_goes_to_gits_line_merge() {
    let notes = "第一行\n第二行\n第三行\n第四行\n";
    let repos = Repos::new(&[("README.md", &readme(&["2026-11-20"])), ("embedded-ai-report/notes.md", notes)]);
    let a = notes.replace("第一行", "第一行（改）");
    let b = notes.replace("第四行", "第四行（改）");
    assert!(repos.a_pushes_b_pulls(&[("embedded-ai-report/notes.md", a)], &[("embedded-ai-report/notes.md", b)]));
    assert_eq!(repos.read(&repos.b(), "embedded-ai-report/notes.md"), "第一行（改）\n第二行\n第三行\n第四行（改）\n");
}

#[test]
fn a_real_corpus_issue_edited_on_two_clones_merges_and_holds_both_sides_work() {
    let issues = common::corpus_issues();
    let Some((name, bytes)) = issues.iter().max_by_key(|(_, b)| b.len()) else { return };
    let base = String::from_utf8(bytes.clone()).unwrap();
    let path = format!("embedded-ai-report/{name}");
    let repos = Repos::new(&[("README.md", &readme(&[&name[..10]])), (&path, &base)]);
    let (a, ea) = apply_ops(
        &base,
        &[
            Op::Field { entry: 0, value: "一处修改".into() },
            Op::Reorder { entry: 4, pos: 0 },
            Op::Insert { section: 1, pos: 1, title: "新条目".into() },
        ],
        |k| k % 2 == 0,
        "a",
    );
    let (b, eb) = apply_ops(
        &base,
        &[
            Op::Title { entry: 1, title: "改过的标题".into() },
            Op::Delete { entry: 3 },
            Op::Insert { section: 2, pos: 0, title: "另一条".into() },
            Op::Move { entry: 5, section: 0, pos: 0 },
        ],
        |k| k % 2 == 1,
        "b",
    );
    for e in &ea {
        holds(&a, e).unwrap();
    }
    for e in &eb {
        holds(&b, e).unwrap();
    }
    assert!(repos.a_pushes_b_pulls(&[(&path, a)], &[(&path, b)]));
    let merged = repos.read(&repos.b(), &path);
    for e in ea.iter().chain(&eb) {
        holds(&merged, e).unwrap_or_else(|err| panic!("{name}: {err}"));
    }
    round_trips(&merged);
}

#[test]
fn diff_lists_entry_changes_against_head_and_between_revisions() {
    let (repos, base) = sample_repos();
    let dir = repos.a();
    let blog = "- [一篇测试博文 | 示例博客](https://blog.example.org/test-post)  \n摘要：另一条测试条目。  \n";
    let edited = insert_before(&base, "[NNAPI之后", blog);
    let edited = replace_once(&edited, "整体生成速度提升约2.1倍。", "整体生成速度提升约2倍。");
    repos.write(&dir, ISSUE, &edited);
    let file = dir.join(ISSUE);
    let f = file.to_str().unwrap();
    let out = repos.jianbao(&["diff", f]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("{f}: added 博文 #4 \"一篇测试博文\"")), "{text}");
    assert!(text.contains(&format!("{f}: edited 论文 #4 \"TinyDraft")), "{text}");
    // The long 摘要 shows the part that differs, not its first characters.
    assert!(text.contains("    摘要: \"…") && text.contains("提升约2.1倍。\" -> \"…"), "{text}");
    assert!(text.contains("提升约2倍。\"\n"), "{text}");
    repos.git(&dir, &["commit", "-q", "-am", "edit"]);
    let out = repos.jianbao(&["diff", "--format", "json", "HEAD~1", "HEAD", f]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    // In file order: the edit in 论文, then the addition in 博文.
    assert_eq!(lines[0]["change"], "edited");
    assert_eq!(lines[0]["fields"][0]["field"], "摘要");
    assert_eq!(lines[0]["file"], f);
    assert_eq!(lines[1]["change"], "added");
    assert_eq!(lines[1]["at"]["section"], "博文");
    assert_eq!(lines[1]["at"]["position"], 4);
    // Nothing changed: exit 0, no output.
    let out = repos.jianbao(&["diff", f]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    // A revision that does not exist: bad input.
    let out = repos.jianbao(&["diff", "no-such-rev", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git show no-such-rev"));
}

#[test]
fn git_setup_is_idempotent_and_refuses_a_folder_outside_git() {
    let (repos, _) = sample_repos();
    let a = repos.a();
    let attrs = repos.read(&a, ".gitattributes");
    assert_eq!(attrs, "embedded-ai-report/*.md merge=jianbao\nREADME.md merge=jianbao\n");
    let out = repos.jianbao(&["git-setup", "--repo", a.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(repos.read(&a, ".gitattributes"), attrs);
    let config = repos.git(&a, &["config", "--get-all", "merge.jianbao.driver"]);
    assert_eq!(config.lines().count(), 1);
    let plain = repos.tmp.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    let out = repos.jianbao(&["git-setup", "--repo", plain.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a git repository"));
}
