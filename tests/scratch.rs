//! Issue 12: every real file opens. Scratch drafts (no title, no section
//! yet), empty files and CRLF drafts load, save back byte for byte, are typed
//! where they can be, and turn into an issue by undoable commands; the
//! checks name what a draft lacks and `--fix` never moves text between
//! sections. The fixtures in tests/fixtures/scratch are our own text.

mod common;

use std::path::{Path, PathBuf};

use jianbao::core::editorial::lint::{CheckContext, Diagnostic, apply_fixes, check_text};
use jianbao::core::files::new_issue::title_blocks;
use jianbao::core::{Command, Document, EntryBody, Issue, SectionItem, load_bytes, parse, render};

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scratch").join(name);
    std::fs::read_to_string(p).unwrap()
}

fn draft() -> String {
    fixture("2026-05-01.md")
}

/// (heading title, unnamed, entry labels) of every section: what a fix must not change.
fn shape(issue: &Issue) -> Vec<(String, bool, Vec<String>)> {
    issue
        .sections
        .iter()
        .map(|s| (s.heading.title.to_string(), s.unnamed, s.entries().map(|e| e.label()).collect()))
        .collect()
}

fn of_rule<'a>(found: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    found.iter().filter(|d| d.rule == rule).collect()
}

#[test]
fn a_scratch_draft_loads_typed_where_it_can_and_round_trips() {
    for text in [draft(), draft().replace('\n', "\r\n")] {
        let issue = load_bytes(text.as_bytes()).expect("any UTF-8 text is an issue");
        assert_eq!(render(&issue), text);
        assert!(issue.title().is_none());
        let group = issue.unnamed_group().expect("entries before any heading form the unnamed group");
        assert_eq!(issue.sections.len(), 1, "no named section yet");
        let entries: Vec<_> = group.entries().collect();
        assert_eq!(entries.len(), 3, "{entries:#?}");
        let first = entries[0].typed().expect("a linked entry is typed");
        assert_eq!(first.head.title, "一种给微控制器用的四比特量化方法");
        assert_eq!(first.head.source.as_deref(), Some("某实验室"));
        assert!(first.field("摘要").map(|s| s.trim_end_matches('\r').len()).unwrap_or(0) > 0);
        // The en-dash warm-up lines are typed entries of the group.
        for e in &entries[1..] {
            let t = e.typed().expect("an en-dash line is typed");
            assert_eq!(t.bullet, "– ");
        }
        assert!(entries[1].label().starts_with("甲公司"));
        // Prose, the title+address pair, labelled links and the pasted
        // paragraph stay as text, line by line.
        let texts: Vec<&str> = group
            .items
            .iter()
            .filter_map(|i| match i {
                SectionItem::Text(l) => Some(l.trim_end_matches('\r')),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"https://example.org/sparse-attention-phone"), "{texts:#?}");
        assert!(texts.contains(&"把稀疏注意力搬到手机上的一次尝试"));
        assert!(texts.contains(&"链接：https://example.org/mixed-precision"));
        assert!(texts.iter().any(|t| t.starts_with("下面这段是从原文复制过来的")));
        assert!(!group.items.iter().any(|i| matches!(i, SectionItem::Raw(_))));
        // The bold line before the first entry stays in the preamble? No: it
        // follows the first entry, so it is a line of the group.
        assert!(texts.contains(&"**这周还没整理的**"));
    }
}

#[test]
fn a_draft_with_a_title_keeps_its_warmup_and_groups_the_entries_before_any_section() {
    let text = fixture("2026-05-15.md");
    let issue = parse(&text);
    assert_eq!(render(&issue), text);
    assert_eq!(issue.title().unwrap().date, "2026-05-15");
    assert_eq!(issue.warmup_items().len(), 2, "after the intro, bullets are warm-up items");
    let group = issue.unnamed_group().expect("the entry with a summary before any heading");
    assert_eq!(group.entry_count(), 1);
    let e = group.entries().next().unwrap().typed().unwrap();
    assert_eq!(e.head.url, "https://example.org/phone-sr");
    assert_eq!(e.lines.len(), 2, "the summary wrapped over two lines");
    assert_eq!(issue.sections[1].heading.title, "论文");
    assert_eq!(issue.sections[1].entry_count(), 1);
}

#[test]
fn empty_files_and_a_single_newline_are_issues_with_nothing_in_them() {
    for text in ["", "\n", "\r\n", "   \n\n"] {
        let issue = load_bytes(text.as_bytes()).expect("opens");
        assert_eq!(render(&issue), text);
        assert_eq!(issue.entries().count(), 0);
        assert!(issue.unnamed_group().is_none());
        let found = check_text(text, &CheckContext { date: Some("2026-06-01"), ..CheckContext::default() });
        let missing = of_rule(&found, "missing-title");
        assert_eq!(missing.len(), 1, "{found:#?}");
        let fixed = apply_fixes(text, &found);
        assert!(fixed.starts_with("# 嵌入式AI简报 (2026-06-01)"), "{fixed:?}");
        assert_eq!(parse(&fixed).title().unwrap().date, "2026-06-01");
    }
    // Only what is not text is refused.
    assert!(load_bytes(b"\xff\xfe").is_err());
    assert!(load_bytes(b"a\0b").is_err());
}

#[test]
fn a_draft_becomes_an_issue_by_undoable_commands() {
    let text = draft();
    let mut doc = Document::from_text(&text);
    // The title, from the file name's date.
    doc.apply(Command::AddTitle { blocks: title_blocks(None, "2026-05-01", false) }).unwrap();
    assert!(doc.text().starts_with("# 嵌入式AI简报 (2026-05-01)\n\n"), "{}", doc.text());
    assert!(doc.apply(Command::AddTitle { blocks: title_blocks(None, "2026-05-01", false) }).is_err(), "only once");
    // The usual sections, after the group.
    let cmd = jianbao::core::edit::draft::add_usual_sections(doc.issue()).unwrap();
    doc.apply(cmd).unwrap();
    let titles: Vec<String> = doc.issue().named_sections().map(|s| s.heading.title.to_string()).collect();
    assert_eq!(titles, ["业界新闻", "论文", "开源项目", "博文"]);
    assert!(jianbao::core::edit::draft::add_usual_sections(doc.issue()).is_none(), "all four are there");
    assert!(
        doc.text()
            .ends_with("https://example.org/only-a-link\n\n## 业界新闻\n\n\n## 论文\n\n\n## 开源项目\n\n\n## 博文\n\n")
    );
    // The title line and the address under it become an entry.
    let (section, item) = jianbao::core::edit::draft::bare_url_items(doc.issue())[0];
    let cmd = jianbao::core::edit::draft::entry_from_url(doc.issue(), section, item);
    doc.apply(cmd).unwrap();
    assert!(
        doc.text()
            .contains("\n- [把稀疏注意力搬到手机上的一次尝试](https://example.org/sparse-attention-phone)  \n\n论文："),
        "{}",
        doc.text()
    );
    let group = doc.issue().unnamed_group().unwrap();
    assert_eq!(group.entry_count(), 4);
    // Every entry of the group moves into 论文.
    let papers = doc.issue().named_sections().nth(1).unwrap().id;
    let ids: Vec<_> = group.entries().map(|e| e.id).collect();
    for (k, id) in ids.iter().enumerate() {
        doc.apply(Command::MoveEntry { entry: *id, section: papers, index: k }).unwrap();
    }
    assert_eq!(doc.issue().unnamed_group().unwrap().entry_count(), 0);
    assert_eq!(doc.issue().section(papers).unwrap().entry_count(), 4);
    // What is saved reads back as the same issue.
    let saved = doc.text();
    let again = parse(&saved);
    assert_eq!(shape(&again), shape(doc.issue()), "{saved}");
    assert_eq!(render(&again), saved);
    // Undo all: the draft's bytes; redo all: the issue's.
    while doc.undo() {}
    assert_eq!(doc.text(), text);
    while doc.redo() {}
    assert_eq!(doc.text(), saved);
}

#[test]
fn the_title_takes_the_boilerplate_of_a_template_and_the_drafts_line_endings() {
    let template = parse(jianbao::SAMPLE_ISSUE);
    let text = draft().replace('\n', "\r\n");
    let mut doc = Document::from_text(&text);
    doc.apply(Command::AddTitle { blocks: title_blocks(Some(&template), "2026-05-01", true) }).unwrap();
    let issue = doc.issue();
    assert_eq!(issue.title().unwrap().date, "2026-05-01");
    assert_eq!(issue.tagline().map(|t| t.text.clone()), template.tagline().map(|t| t.text.clone()));
    assert!(issue.warmup_items().is_empty());
    let saved = doc.text();
    assert!(saved.split('\n').rev().skip(1).all(|l| l.ends_with('\r')), "CRLF kept: {saved:?}");
    assert_eq!(shape(&parse(&saved)), shape(issue));
    assert!(doc.undo());
    assert_eq!(doc.text(), text);
}

#[test]
fn the_unnamed_group_stays_first_and_has_no_heading_to_rename() {
    let mut doc = Document::from_text(&draft());
    let group = doc.issue().sections[0].id;
    let id = doc.new_section_id();
    assert!(doc.apply(Command::AddSection { index: 0, id, title: "论文".into() }).is_err());
    assert!(doc.apply(Command::RenameSection { section: group, title: "x".into() }).is_err());
    doc.apply(Command::AddSection { index: 1, id, title: "论文".into() }).unwrap();
    assert!(doc.apply(Command::MoveSection { section: id, index: 0 }).is_err());
    assert!(doc.apply(Command::MoveSection { section: group, index: 1 }).is_err());
    assert_eq!(shape(&parse(&doc.text())), shape(doc.issue()));
}

#[test]
fn checks_name_what_a_draft_lacks_and_fixes_move_nothing_between_sections() {
    let ctx = CheckContext { date: Some("2026-05-01"), ..CheckContext::default() };
    for text in [draft(), draft().replace('\n', "\r\n"), fixture("2026-05-15.md")] {
        let found = check_text(&text, &ctx);
        let issue = parse(&text);
        let outside = of_rule(&found, "entry-outside-section");
        assert_eq!(outside.len(), issue.unnamed_group().unwrap().entry_count(), "{found:#?}");
        assert!(outside.iter().all(|d| d.fix.is_none()), "moving is the person's call");
        let fixed = apply_fixes(&text, &found);
        let after = parse(&fixed);
        assert_eq!(shape(&after), shape(&issue), "no entry changes section:\n{fixed}");
        assert!(after.title().is_some());
    }
    let text = draft();
    let found = check_text(&text, &ctx);
    let missing = of_rule(&found, "missing-title");
    assert_eq!((missing[0].line, missing[0].column), (1, 1));
    let bare: Vec<usize> = of_rule(&found, "bare-url").iter().map(|d| d.line).collect();
    let line_of = |s: &str| text.lines().position(|l| l.contains(s)).unwrap() + 1;
    assert_eq!(
        bare,
        [
            line_of("https://example.org/sparse-attention-phone"),
            line_of("链接："),
            line_of("GitHub 地址："),
            line_of("https://example.org/only-a-link")
        ]
    );
    // The entry's own link is no bare address.
    assert!(!bare.contains(&line_of("mcu-int4")));
}

#[test]
fn a_line_wrapped_mid_sentence_is_joined_not_broken() {
    let ctx = CheckContext { date: Some("2026-05-15"), ..CheckContext::default() };
    let text = fixture("2026-05-15.md");
    let found = check_text(&text, &ctx);
    let hb = of_rule(&found, "hard-break");
    assert_eq!(hb.len(), 1, "{found:#?}");
    assert_eq!(hb[0].fix.as_ref().unwrap().title, "join the two lines");
    let fixed = apply_fixes(&text, &found);
    assert!(fixed.contains("详细的延迟对比和内存占用数据。  \n"), "{fixed}");
    // A finished sentence followed by another line still gets its break.
    let s = "## 论文\n\n- [题目](https://example.org/p)  \n摘要：第一句说完了。\n第二句接着说。  \n";
    let found = check_text(s, &ctx);
    let hb = of_rule(&found, "hard-break");
    assert_eq!(hb.len(), 1);
    assert_eq!(apply_fixes(s, &hb.into_iter().cloned().collect::<Vec<_>>()), s.replace("完了。\n", "完了。  \n"));
    // English words wrapped mid-sentence are joined with a space.
    let s = "## 论文\n\n- [题目](https://example.org/p)  \n摘要：the model runs on\na small board.  \n";
    let found = check_text(s, &ctx);
    assert_eq!(
        apply_fixes(s, &of_rule(&found, "hard-break").into_iter().cloned().collect::<Vec<_>>()),
        s.replace("on\na", "on a")
    );
}

#[test]
fn typed_paragraph_links_running_over_lines_are_not_verbatim() {
    let s = "## 业界新闻\n\n先说两家：[甲](https://example.org/a\n)和[乙](https://example.org/b\n)，都出了新品。\n";
    let issue = parse(s);
    assert_eq!(render(&issue), s);
    assert!(issue.sections[0].items.iter().all(|i| !matches!(i, SectionItem::Raw(_))));
    let c = jianbao::core::export::json::coverage(&issue);
    assert_eq!(c.bytes_verbatim, 0);
    // A link that never closes stays verbatim.
    let broken = "## 业界新闻\n\n先说一家：[甲](https://example.org/a\n\n后面没有了。\n";
    let issue = parse(broken);
    assert!(issue.sections[0].items.iter().any(|i| matches!(i, SectionItem::Raw(_))));
    assert!(issue.entries().all(|(_, e)| matches!(e.body, EntryBody::Typed(_))));
}

// ---- the command line ----

use common::jianbao;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn cli_exports_and_checks_drafts_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        write(dir.path(), "2026-05-01.md", &draft()),
        write(dir.path(), "2026-05-02.md", &draft().replace('\n', "\r\n")),
        write(dir.path(), "2026-05-03.md", ""),
        write(dir.path(), "2026-05-04.md", "\n"),
    ];
    for f in &files {
        let out = jianbao(&["export", "--format", "markdown", f.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout, std::fs::read(f).unwrap(), "{} byte for byte", f.display());
        for format in ["json", "wechat", "text"] {
            let out = jianbao(&["export", "--format", format, f.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(0), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let out = jianbao(&["check", files[0].to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only: {stdout}");
    assert!(stdout.contains("2026-05-01.md:1:1: warning[missing-title]"), "{stdout}");
    assert!(stdout.contains("warning[entry-outside-section]"), "{stdout}");
    assert!(stdout.contains("warning[bare-url]"), "{stdout}");
    let out = jianbao(&["check", "--fix", files[0].to_str().unwrap(), files[2].to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let fixed = std::fs::read_to_string(&files[0]).unwrap();
    assert!(fixed.starts_with("# 嵌入式AI简报 (2026-05-01)\n"), "{fixed}");
    assert_eq!(shape(&parse(&fixed)), shape(&parse(&draft())));
    assert_eq!(std::fs::read_to_string(&files[2]).unwrap(), "# 嵌入式AI简报 (2026-05-03)\n");
}
