//! The repository: confined atomic saves, external changes, bad input, the
//! README's archive table, on a temporary copy of the corpus and on our own
//! small repositories.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jianbao::core::files::archive::{self, ArchiveProblem};
use jianbao::core::files::io::{self, Changed, FileError, FileStamp};
use jianbao::core::files::repo::{Repo, RepoError};
use jianbao::core::{Command, Document};

/// Every file under a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A small repository of our own: three issues and a README with a table.
fn own_repo(readme: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let issues = dir.path().join("embedded-ai-report");
    std::fs::create_dir(&issues).unwrap();
    for date in ["2025-12-19", "2026-01-02", "2026-01-16"] {
        std::fs::write(issues.join(format!("{date}.md")), format!("# 嵌入式AI简报 ({date})\n\n## 论文\n\n")).unwrap();
    }
    std::fs::write(dir.path().join("README.md"), readme).unwrap();
    dir
}

#[test]
fn open_refuses_what_is_not_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    let e = Repo::open(dir.path()).unwrap_err();
    assert!(matches!(e, RepoError::NotARepository(_)), "{e}");
    assert!(e.to_string().contains("not a newsletter repository"), "{e}");
    let e = Repo::open(dir.path().join("nope")).unwrap_err();
    assert!(e.to_string().contains("no such folder"), "{e}");
    let file = dir.path().join("f.md");
    std::fs::write(&file, "x").unwrap();
    assert!(matches!(Repo::open(&file).unwrap_err(), RepoError::NotARepository(_)));
}

#[cfg(unix)]
#[test]
fn an_issues_folder_linking_outside_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("embedded-ai-report")).unwrap();
    let e = Repo::open(dir.path()).unwrap_err();
    assert!(matches!(e, RepoError::OutsideRepository(_)), "{e}");
}

#[test]
fn issues_are_listed_newest_first_and_other_files_ignored() {
    let repo_dir = own_repo("");
    let issues = repo_dir.path().join("embedded-ai-report");
    std::fs::write(issues.join("notes.md"), "x").unwrap();
    std::fs::write(issues.join("2026-02-30.md"), "not a real date").unwrap();
    std::fs::write(issues.join(".2026-01-16.md.jianbao-1-0.tmp"), "left by a crash").unwrap();
    std::fs::create_dir(issues.join("2026-03-01.md")).unwrap();
    let repo = Repo::open(repo_dir.path()).unwrap();
    let dates: Vec<String> = repo.issues().unwrap().into_iter().map(|i| i.date).collect();
    assert_eq!(dates, ["2026-01-16", "2026-01-02", "2025-12-19"]);
    assert_eq!(repo.issues().unwrap()[0].path, repo.root().join("embedded-ai-report/2026-01-16.md"));
}

#[test]
fn dates_are_validated_so_no_path_is_smuggled_in() {
    let repo_dir = own_repo("");
    let repo = Repo::open(repo_dir.path()).unwrap();
    for bad in ["../README", "../../etc/passwd", "2026-01-02/../../x", "2026-13-01", "2026-02-29", "", "2026-1-2"] {
        assert!(matches!(repo.issue_path(bad), Err(RepoError::BadDate(_))), "{bad:?}");
        assert!(matches!(repo.save_issue(bad, "x"), Err(RepoError::BadDate(_))), "{bad:?}");
        assert!(matches!(repo.create_issue(bad, "x"), Err(RepoError::BadDate(_))), "{bad:?}");
    }
    assert_eq!(repo.issue_path("2028-02-29").unwrap(), repo.root().join("embedded-ai-report/2028-02-29.md"));
    assert_eq!(repo.date_of(&repo_dir.path().join("embedded-ai-report/2026-01-02.md")).as_deref(), Some("2026-01-02"));
    assert_eq!(repo.date_of(&repo_dir.path().join("README.md")), None);
}

#[test]
fn an_edit_saved_into_a_copy_of_the_corpus_changes_only_its_bytes() {
    let Some(dir) = common::corpus_copy() else { return };
    let repo = Repo::open(dir.path()).unwrap();
    let before = snapshot(dir.path());
    let date = &repo.issues().unwrap()[3].date.clone();
    let (issue, stamp) = repo.load_issue(date).unwrap();
    let old = std::fs::read_to_string(repo.issue_path(date).unwrap()).unwrap();

    // An entry whose title occurs once in the file, renamed.
    let mut doc = Document::new(issue);
    let (id, title) = doc
        .issue()
        .entries()
        .filter_map(|(_, e)| Some((e.id, e.typed()?.head.title.to_string())))
        .find(|(_, t)| !t.is_empty() && old.matches(t.as_str()).count() == 1)
        .expect("an entry with a unique title");
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    head.title = "一个新的标题".into();
    doc.apply(Command::SetHead { entry: id, head }).unwrap();
    let new_stamp = repo.save_issue_checked(date, &doc.text(), &stamp).unwrap();

    let after = snapshot(dir.path());
    let rel = PathBuf::from(format!("embedded-ai-report/{date}.md"));
    assert_eq!(after[&rel], old.replacen(&title, "一个新的标题", 1).into_bytes(), "only the title's bytes changed");
    assert_eq!(after.len(), before.len(), "no temporary file is left, no other file made");
    for (path, bytes) in &before {
        if *path != rel {
            assert_eq!(&after[path], bytes, "{} untouched", path.display());
        }
    }
    // The new stamp is the file's: the next checked save goes through.
    assert!(new_stamp.same_content(&after[&rel]));
    io::check_unchanged(&repo.issue_path(date).unwrap(), &new_stamp).unwrap();
}

#[test]
fn an_unedited_save_of_every_corpus_issue_is_byte_identical() {
    let Some(dir) = common::corpus_copy() else { return };
    let repo = Repo::open(dir.path()).unwrap();
    let before = snapshot(dir.path());
    for issue in repo.issues().unwrap() {
        let (loaded, stamp) = repo.load_issue(&issue.date).unwrap();
        repo.save_issue_checked(&issue.date, &jianbao::core::render(&loaded), &stamp).unwrap();
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn crlf_line_endings_are_kept() {
    let repo_dir = own_repo("");
    let repo = Repo::open(repo_dir.path()).unwrap();
    let text = "# 嵌入式AI简报 (2026-01-30)\r\n\r\n## 论文\r\n\r\n- [题目](https://arxiv.org/abs/2601.00002)  \r\n摘要：一句话。  \r\n";
    repo.create_issue("2026-01-30", text).unwrap();
    let (issue, stamp) = repo.load_issue("2026-01-30").unwrap();
    let mut doc = Document::new(issue);
    let id = doc.issue().entries().next().unwrap().1.id;
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    head.title = "新题目".into();
    doc.apply(Command::SetHead { entry: id, head }).unwrap();
    repo.save_issue_checked("2026-01-30", &doc.text(), &stamp).unwrap();
    assert_eq!(
        std::fs::read_to_string(repo.issue_path("2026-01-30").unwrap()).unwrap(),
        text.replace("[题目]", "[新题目]")
    );
}

#[test]
fn a_change_made_behind_the_editors_back_is_detected_before_saving() {
    let repo_dir = own_repo("");
    let repo = Repo::open(repo_dir.path()).unwrap();
    let path = repo.issue_path("2026-01-02").unwrap();
    let (_, stamp) = repo.load_issue("2026-01-02").unwrap();
    io::check_unchanged(&path, &stamp).unwrap();

    // Touched but not changed: still unchanged.
    let same = std::fs::read(&path).unwrap();
    std::fs::write(&path, &same).unwrap();
    io::check_unchanged(&path, &stamp).unwrap();

    // Same length, other bytes: changed (the hash tells).
    let mut other = same.clone();
    let last = other.len() - 3;
    other[last] = b'X';
    std::fs::write(&path, &other).unwrap();
    let e = repo.save_issue_checked("2026-01-02", "mine", &stamp).unwrap_err();
    assert!(matches!(e, RepoError::Changed(Changed::Modified { .. })), "{e}");
    assert!(e.to_string().contains("changed on disk since it was opened"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), other, "nothing written");

    // Longer: changed.
    std::fs::write(&path, [same.as_slice(), b"more\n"].concat()).unwrap();
    assert!(matches!(io::check_unchanged(&path, &stamp), Err(Changed::Modified { .. })));

    // Deleted: reported as such.
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(io::check_unchanged(&path, &stamp), Err(Changed::Removed { .. })));

    // The generic save: None means "must not exist", Some checks the stamp.
    let fresh = io::save_checked(&path, b"new", None).unwrap();
    assert!(matches!(io::save_checked(&path, b"again", None), Err(io::SaveError::File(FileError::Exists { .. }))));
    io::save_checked(&path, b"newer", Some(&fresh)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"newer");
}

#[test]
fn create_issue_never_overwrites() {
    let repo_dir = own_repo("");
    let repo = Repo::open(repo_dir.path()).unwrap();
    let path = repo.issue_path("2026-01-16").unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = repo.create_issue("2026-01-16", "replacement").unwrap_err();
    assert!(matches!(e, RepoError::File(FileError::Exists { .. })), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn bad_files_get_clear_errors_and_nothing_panics() {
    let repo_dir = own_repo("");
    let repo = Repo::open(repo_dir.path()).unwrap();
    let issues = repo.issues_dir();

    std::fs::write(issues.join("2026-02-13.md"), b"# \xe9t\xe9 (2026-02-13)\n").unwrap();
    let e = repo.load_issue("2026-02-13").unwrap_err();
    assert!(e.to_string().contains("2026-02-13.md") && e.to_string().contains("not UTF-8"), "{e}");

    std::fs::write(issues.join("2026-02-27.md"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let e = repo.load_issue("2026-02-27").unwrap_err();
    assert!(e.to_string().contains("binary"), "{e}");

    // 50 MB: refused by its size, without reading it whole.
    let big = issues.join("2026-03-13.md");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let e = repo.load_issue("2026-03-13").unwrap_err();
    assert!(matches!(e, RepoError::File(FileError::TooLarge { size: 52428800, .. })), "{e}");
    assert!(e.to_string().contains("too large"), "{e}");
    let e = FileStamp::read(&big).unwrap_err();
    assert!(e.to_string().contains("too large"), "{e}");

    let e = repo.load_issue("2026-04-01").unwrap_err();
    assert!(e.to_string().contains("2026-04-01.md"), "{e}");
}

#[test]
fn a_read_only_file_is_not_replaced() {
    let repo_dir = own_repo("");
    let repo = Repo::open(repo_dir.path()).unwrap();
    let path = repo.issue_path("2026-01-02").unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms.clone()).unwrap();
    let e = repo.save_issue("2026-01-02", "mine").unwrap_err();
    assert!(matches!(e, RepoError::File(FileError::ReadOnly { .. })), "{e}");
    assert!(e.to_string().contains("read-only") && e.to_string().contains("2026-01-02.md"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
}

#[test]
fn a_full_disk_leaves_the_old_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026-01-02.md");
    std::fs::write(&path, "the old text\n").unwrap();
    let e = io::write_atomic_with(&path, b"the new text, longer\n", &mut |f, b| {
        use std::io::Write;
        f.write_all(&b[..4])?;
        Err(std::io::Error::from_raw_os_error(28)) // ENOSPC
    })
    .unwrap_err();
    assert!(matches!(e, FileError::DiskFull { .. }), "{e}");
    let msg = e.to_string();
    assert!(msg.contains("2026-01-02.md") && msg.contains("disk is full") && msg.contains("unchanged"), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), b"the old text\n");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "the temporary file is removed: {names:?}");
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, "x").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    io::write_atomic(&path, b"y").unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

const OWN_README: &str = "# Our archive\n\
\n\
| 2 | 0 | 2 | 6 |\n\
|:---:|:---:|:---:|:---:|\n\
| [2026-01-16](./embedded-ai-report/2026-01-16.md) | [2026-01-30](./embedded-ai-report/2026-01-30.md) | [2026-01-02](./embedded-ai-report/2026-01-02.md) | [2026-01-02](./embedded-ai-report/2026-01-02.md) | [2026-01-02](./embedded-ai-report/2026-01-02.md) |  \n\
| 2 | 0 | 2 | 5 |\n\
| [2025-12-05](./embedded-ai-report/2025-12-05.md) | | |\n\
\n\
Text after the table.  \n";

#[test]
fn check_readme_lists_each_kind_of_problem() {
    let dates: Vec<String> = ["2025-12-19", "2026-01-02", "2026-01-16"].map(String::from).to_vec();
    let report = archive::check_readme(OWN_README, &dates).unwrap();
    assert!(!report.fresh);
    let p = &report.problems;
    assert!(p.contains(&ArchiveProblem::DeadLink { line: 5, date: "2026-01-30".into() }), "{p:?}");
    assert!(p.contains(&ArchiveProblem::DeadLink { line: 7, date: "2025-12-05".into() }), "{p:?}");
    assert!(p.contains(&ArchiveProblem::Missing { date: "2025-12-19".into() }), "{p:?}");
    assert!(p.contains(&ArchiveProblem::Duplicate { date: "2026-01-02".into(), times: 3 }), "{p:?}");
    assert!(p.contains(&ArchiveProblem::MalformedRow { line: 5, cells: 5 }), "{p:?}");
    assert!(p.contains(&ArchiveProblem::MalformedRow { line: 7, cells: 3 }), "{p:?}");
    assert!(p.contains(&ArchiveProblem::OutOfOrder { line: 5, date: "2026-01-30".into() }), "{p:?}");
    assert!(!p.contains(&ArchiveProblem::Layout));

    let new = archive::regenerate_readme(OWN_README, &dates).unwrap();
    assert_eq!(
        new,
        "# Our archive\n\n\
         | 2 | 0 | 2 | 6 |\n\
         |:---:|:---:|:---:|:---:|\n\
         |  |  | [2026-01-16](./embedded-ai-report/2026-01-16.md) | [2026-01-02](./embedded-ai-report/2026-01-02.md) |\n\
         | 2 | 0 | 2 | 5 |\n\
         |  |  |  | [2025-12-19](./embedded-ai-report/2025-12-19.md) |\n\
         \n\
         Text after the table.  \n"
    );
    let again = archive::check_readme(&new, &dates).unwrap();
    assert!(again.fresh && again.problems.is_empty(), "{again:?}");
    assert_eq!(archive::regenerate_readme(&new, &dates).unwrap(), new, "regenerating is idempotent");
}

#[test]
fn a_wrong_link_target_and_a_mere_layout_difference_are_reported() {
    let dates = vec!["2026-01-02".to_string()];
    let wrong =
        "| 2 | 0 | 2 | 6 |\n|:---:|:---:|:---:|:---:|\n|  |  |  | [2026-01-02](./embedded-ai-report/2026-01-16.md) |\n";
    let report = archive::check_readme(wrong, &dates).unwrap();
    assert_eq!(
        report.problems,
        [ArchiveProblem::WrongTarget {
            line: 3,
            date: "2026-01-02".into(),
            target: "./embedded-ai-report/2026-01-16.md".into()
        }]
    );
    let spaced = "| 2 | 0 | 2 | 6 |\n| :---: | :---: | :---: | :---: |\n|  |  |  | [2026-01-02](./embedded-ai-report/2026-01-02.md) |\n";
    let report = archive::check_readme(spaced, &dates).unwrap();
    assert_eq!(report.problems, [ArchiveProblem::Layout]);
    assert!(!report.fresh);
}

#[test]
fn a_crlf_readme_keeps_crlf_and_a_readme_without_a_table_is_refused() {
    let dates = vec!["2026-01-02".to_string(), "2025-12-19".to_string()];
    let crlf = OWN_README.replace('\n', "\r\n");
    let new = archive::regenerate_readme(&crlf, &dates).unwrap();
    assert!(!new.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert!(new.starts_with("# Our archive\r\n\r\n| 2 | 0 | 2 | 6 |\r\n"));
    assert!(new.ends_with("\r\n\r\nText after the table.  \r\n"));

    assert_eq!(
        archive::regenerate_readme("# Nothing here\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", &dates),
        Err(archive::NoArchiveTable)
    );
    let repo_dir = own_repo("# No table\n");
    let e = Repo::open(repo_dir.path()).unwrap().archive_update().unwrap_err();
    assert!(e.to_string().contains("README.md") && e.to_string().contains("no archive table"), "{e}");
}

#[test]
fn the_corpus_readme_is_regenerated_from_the_files_that_exist() {
    let Some(dir) = common::corpus_copy() else { return };
    let repo = Repo::open(dir.path()).unwrap();
    let old = std::fs::read_to_string(repo.readme_path()).unwrap();
    let update = repo.archive_update().unwrap();
    assert!(!update.is_fresh());
    let problems = &update.report.problems;
    for dead in ["2019-09-16", "2019-11-30"] {
        assert!(problems.iter().any(|p| matches!(p, ArchiveProblem::DeadLink { date, .. } if date == dead)), "{dead}");
        assert!(old.contains(&format!("[{dead}]")));
    }
    assert!(problems.iter().any(|p| matches!(p, ArchiveProblem::Duplicate { times: 2, .. })), "{problems:?}");
    assert!(problems.iter().any(|p| matches!(p, ArchiveProblem::MalformedRow { cells: 5, .. })), "{problems:?}");

    let before = snapshot(dir.path());
    repo.write_archive(&update).unwrap();
    let new = std::fs::read_to_string(repo.readme_path()).unwrap();
    assert_eq!(new, update.new_text);

    // Only README.md changed.
    let after = snapshot(dir.path());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (p, b) in &before {
        if p != Path::new("README.md") {
            assert_eq!(&after[p], b, "{}", p.display());
        }
    }

    // Everything outside the table is byte-identical.
    let (ob, oe) = table_span(&old);
    let (nb, ne) = table_span(&new);
    assert_eq!(old[..ob], new[..nb]);
    assert_eq!(old[oe..], new[ne..]);

    // The table: every issue once, newest first, rows of at most four,
    // a year row before each year, README links.
    let table = &new[nb..ne];
    assert!(!table.contains("2019-09-16") && !table.contains("2019-11-30"));
    let lines: Vec<&str> = table.lines().collect();
    let linked = archive::linked_dates(&lines);
    let mut expected: Vec<String> =
        common::corpus_issues().iter().map(|(n, _)| n.trim_end_matches(".md").to_string()).collect();
    expected.reverse();
    assert_eq!(linked, expected, "each issue once, newest first");
    let mut year = String::new();
    for line in &lines {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 4, "{line}");
        if cells.iter().all(|c| c.len() == 1) {
            year = cells.concat();
            continue;
        }
        for c in cells.iter().filter(|c| c.starts_with('[')) {
            let d = &c[1..11];
            assert!(d.starts_with(&year), "{d} under the year row {year}");
            assert_eq!(*c, format!("[{d}](./embedded-ai-report/{d}.md)"));
        }
    }
    assert!(archive::check_readme(&new, &expected).unwrap().fresh);
}

/// The byte span of the archive table in a README (from its first `|` line
/// to the end of its last, terminator excluded).
fn table_span(text: &str) -> (usize, usize) {
    let lines = archive::readme_table_lines(text).unwrap();
    let start = text.find(&format!("{}\n", lines[0])).unwrap();
    let last = lines.last().unwrap();
    let end = text[start..].find(last.as_str()).unwrap() + start + last.len();
    (start, end)
}

#[test]
fn a_readme_changed_between_preview_and_write_is_not_overwritten() {
    let repo_dir = own_repo(OWN_README);
    let repo = Repo::open(repo_dir.path()).unwrap();
    let update = repo.archive_update().unwrap();
    std::fs::write(repo.readme_path(), format!("{OWN_README}edited elsewhere\n")).unwrap();
    let e = repo.write_archive(&update).unwrap_err();
    assert!(matches!(e, RepoError::Changed(_)), "{e}");
    assert!(std::fs::read_to_string(repo.readme_path()).unwrap().ends_with("edited elsewhere\n"));
}

#[test]
fn a_new_issue_lists_every_issue_itself_included_with_its_own_links() {
    let Some(dir) = common::corpus_copy() else { return };
    // The newest issues of the corpus have no archive section; keep those
    // up to the newest that has one, so that the new issue gets one.
    let issues = dir.path().join("embedded-ai-report");
    let with_archive = common::corpus_issues()
        .into_iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains("## [往期回顾]"))
        .map(|(n, _)| n)
        .next_back()
        .expect("an issue with an archive");
    for (name, _) in common::corpus_issues() {
        if name > with_archive {
            std::fs::remove_file(issues.join(&name)).unwrap();
        }
    }
    let repo = Repo::open(dir.path()).unwrap();
    let mut dates = repo.issue_dates().unwrap();
    let before = snapshot(dir.path());
    let new = jianbao::core::files::new_issue::prepare(&repo, None).unwrap();
    assert_eq!(new.path, repo.issue_path(&new.date).unwrap());
    repo.create_issue(&new.date, &new.text).unwrap();
    let text = std::fs::read_to_string(&new.path).unwrap();
    assert_eq!(text, new.text);
    assert_eq!(snapshot(dir.path()).len(), before.len() + 1, "one file added, nothing else");

    dates.insert(0, new.date.clone());
    let archive_part = &text[text.find("## [往期回顾]").unwrap()..];
    let lines: Vec<&str> = archive_part.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(archive::linked_dates(&lines), dates, "every issue once, itself included, newest first");
    for d in &dates {
        assert!(archive_part.contains(&format!("[{d}](../embedded-ai-report/{d}.md)")), "{d}");
    }
    // Preparing the same date again is refused: it exists now.
    let again = jianbao::core::files::new_issue::prepare(&repo, Some(&new.date)).unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
}

#[test]
fn the_repository_index_reports_progress_names_skipped_files_and_stops_when_cancelled() {
    use jianbao::core::editorial::index::{Progress, RepoIndex};
    use std::sync::atomic::AtomicBool;
    let dir = own_repo("# 仓库\n");
    let issues = dir.path().join("embedded-ai-report");
    std::fs::write(
        issues.join("2026-01-16.md"),
        "# 嵌入式AI简报 (2026-01-16)\n\n## 论文\n\n- [一篇论文 | arXiv](https://arxiv.org/abs/2601.00002)  \n摘要：一句话。  \n",
    )
    .unwrap();
    std::fs::write(issues.join("2026-01-30.md"), b"\xff\xfe not text").unwrap();
    let repo = Repo::open(dir.path()).unwrap();
    let mut seen = Vec::new();
    let index = RepoIndex::build_with(&repo, 7, &mut |p| seen.push(p), &AtomicBool::new(false)).unwrap();
    assert_eq!(index.issues, 3);
    assert_eq!(index.generation, 7);
    assert_eq!(index.skipped.len(), 1);
    assert_eq!(index.skipped[0].0, "2026-01-30");
    assert!(seen.contains(&Progress::Reading { done: 4, total: 4 }), "{seen:?}");
    assert_eq!(seen.last(), Some(&Progress::Indexing));
    assert_eq!(index.links.lookup("https://arxiv.org/abs/2601.00002v3").len(), 1);
    assert!(RepoIndex::build_with(&repo, 8, &mut |_| {}, &AtomicBool::new(true)).is_none());
}
