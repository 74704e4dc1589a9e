//! Edits as commands: exact bytes after each edit, and undo restoring them.

use jianbao::core::format::style::{DraftLine, EntryDraft};
use jianbao::core::{BodyLine, Command, CommandError, Document, EntryId, MergeKey, SectionId, WarmupItem};

const ISSUE: &str = "---
layout: default
---

# 嵌入式AI简报 (2026-01-02)

**端侧推理周报**  

> 导读：本期3条。

先来看几条热身小新闻：

- 甲公司：发布新芯片；
- 乙公司：[开源推理库](https://example.com/b)。


## 业界新闻

- [新闻一 | 来源甲](https://example.com/1)  
摘要：第一条。  
- [新闻二 | 来源乙](https://example.com/2)  
摘要：第二条。  
第二条的第二行。  


## 论文

- [2601.00001] [论文一](https://arxiv.org/abs/2601.00001)  
摘要：论文摘要。  


## 博文



----

Editor: someone
";

fn doc() -> Document {
    Document::from_text(ISSUE)
}

fn entry_ids(doc: &Document, section: usize) -> Vec<EntryId> {
    doc.issue().sections[section].entries().map(|e| e.id).collect()
}

fn section_id(doc: &Document, section: usize) -> SectionId {
    doc.issue().sections[section].id
}

fn undo_all(doc: &mut Document) {
    while doc.undo() {}
}

#[test]
fn editing_a_title_changes_only_that_line() {
    let mut doc = doc();
    let id = entry_ids(&doc, 0)[0];
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    head.title = "新闻一（更正）".into();
    doc.apply(Command::SetHead { entry: id, head }).unwrap();
    let expected = ISSUE.replace(
        "- [新闻一 | 来源甲](https://example.com/1)  ",
        "- [新闻一（更正） | 来源甲](https://example.com/1)  ",
    );
    assert_eq!(doc.text(), expected);
    assert!(doc.is_modified());
    assert!(doc.undo());
    assert_eq!(doc.text(), ISSUE);
    assert!(!doc.is_modified());
    assert!(doc.redo());
    assert_eq!(doc.text(), expected);
}

#[test]
fn editing_a_field_keeps_its_decor() {
    let mut doc = doc();
    let id = entry_ids(&doc, 0)[1];
    let BodyLine::Field { indent, label, colon, trail, .. } =
        doc.issue().entry(id).unwrap().typed().unwrap().lines[0].clone()
    else {
        panic!("摘要 is a field")
    };
    let line = BodyLine::Field { indent, label, colon, value: "改写后的摘要。".into(), trail };
    doc.apply(Command::SetLine { entry: id, index: 0, line }).unwrap();
    assert_eq!(doc.text(), ISSUE.replace("摘要：第二条。  ", "摘要：改写后的摘要。  "));
}

#[test]
fn moving_within_a_section_moves_exact_bytes() {
    let mut doc = doc();
    let ids = entry_ids(&doc, 0);
    doc.apply(Command::MoveEntry { entry: ids[1], section: section_id(&doc, 0), index: 0 }).unwrap();
    let first = "- [新闻一 | 来源甲](https://example.com/1)  \n摘要：第一条。  \n";
    let second = "- [新闻二 | 来源乙](https://example.com/2)  \n摘要：第二条。  \n第二条的第二行。  \n";
    assert!(ISSUE.contains(&format!("{first}{second}")));
    assert_eq!(doc.text(), ISSUE.replace(&format!("{first}{second}"), &format!("{second}{first}")));
    assert_eq!(entry_ids(&doc, 0), vec![ids[1], ids[0]], "ids survive the move");
    doc.undo();
    assert_eq!(doc.text(), ISSUE);
}

#[test]
fn moving_across_sections_and_into_an_empty_one() {
    let mut doc = doc();
    let news = entry_ids(&doc, 0);
    let paper = entry_ids(&doc, 1)[0];
    // A paper to the end of 业界新闻.
    doc.apply(Command::MoveEntry { entry: paper, section: section_id(&doc, 0), index: 2 }).unwrap();
    assert_eq!(entry_ids(&doc, 0), vec![news[0], news[1], paper]);
    assert_eq!(doc.issue().sections[1].entry_count(), 0);
    let text = doc.text();
    assert!(text.contains("第二条的第二行。  \n- [2601.00001] [论文一](https://arxiv.org/abs/2601.00001)  \n摘要：论文摘要。  \n\n\n## 论文\n\n\n\n## 博文"));
    // The first news item into the empty 博文 section: after its first blank line.
    doc.apply(Command::MoveEntry { entry: news[0], section: section_id(&doc, 2), index: 0 }).unwrap();
    let text = doc.text();
    assert!(
        text.contains("## 博文\n\n- [新闻一 | 来源甲](https://example.com/1)  \n摘要：第一条。  \n\n\n----"),
        "{text}"
    );
    doc.undo();
    doc.undo();
    assert_eq!(doc.text(), ISSUE);
    // Out of range is refused and changes nothing.
    let err = doc.apply(Command::MoveEntry { entry: paper, section: section_id(&doc, 0), index: 5 });
    assert_eq!(err, Err(CommandError::OutOfRange(5)));
    assert_eq!(doc.text(), ISSUE);
    assert!(!doc.is_modified());
}

#[test]
fn add_duplicate_delete_and_undo() {
    let mut doc = doc();
    let news = section_id(&doc, 0);
    let id = doc.new_entry_id();
    let draft = EntryDraft {
        title: "新闻三".into(),
        source: Some("来源丙".into()),
        url: "https://example.com/3".into(),
        lines: vec![DraftLine::Field { label: "摘要".into(), value: "第三条。".into() }],
        ..EntryDraft::default()
    };
    let entry = draft.to_entry_with_id(id);
    doc.apply(Command::InsertEntry { section: news, index: 1, entry }).unwrap();
    let added = "- [新闻三 | 来源丙](https://example.com/3)  \n摘要：第三条。  \n";
    let expected = ISSUE.replace("- [新闻二", &format!("{added}- [新闻二"));
    assert_eq!(doc.text(), expected);

    let copy = doc.new_entry_id();
    doc.apply(Command::DuplicateEntry { entry: id, new_id: copy }).unwrap();
    assert_eq!(doc.text(), ISSUE.replace("- [新闻二", &format!("{added}{added}- [新闻二")));

    let first = entry_ids(&doc, 0)[0];
    doc.apply(Command::DeleteEntry { entry: first }).unwrap();
    assert!(!doc.text().contains("新闻一"));
    assert_eq!(entry_ids(&doc, 0).len(), 3);

    undo_all(&mut doc);
    assert_eq!(doc.text(), ISSUE);
    assert!(!doc.is_modified());
    while doc.redo() {}
    assert!(doc.text().starts_with(&ISSUE[..ISSUE.find("- [新闻一").unwrap()]));
    assert!(!doc.text().contains("新闻一"));
}

#[test]
fn labelled_fields_can_be_added_removed_and_reordered() {
    let mut doc = doc();
    let id = entry_ids(&doc, 1)[0];
    doc.apply(Command::InsertLine { entry: id, index: 1, line: BodyLine::field("代码", "https://github.com/a/b") })
        .unwrap();
    doc.apply(Command::InsertLine { entry: id, index: 2, line: BodyLine::field("代码", "https://github.com/a/c") })
        .unwrap();
    assert!(
        doc.text().contains("摘要：论文摘要。  \n代码：https://github.com/a/b  \n代码：https://github.com/a/c  \n")
    );
    doc.apply(Command::MoveLine { entry: id, from: 0, to: 2 }).unwrap();
    assert!(doc.text().contains("(https://arxiv.org/abs/2601.00001)  \n代码：https://github.com/a/b  \n代码：https://github.com/a/c  \n摘要：论文摘要。  \n"));
    doc.apply(Command::RemoveLine { entry: id, index: 1 }).unwrap();
    assert!(
        doc.text()
            .contains("(https://arxiv.org/abs/2601.00001)  \n代码：https://github.com/a/b  \n摘要：论文摘要。  \n")
    );
    // A line that would break the entry apart is refused.
    let bad = doc.apply(Command::InsertLine { entry: id, index: 0, line: BodyLine::paragraph("- 不是续行") });
    assert!(matches!(bad, Err(CommandError::Invalid(_))));
    let bad = doc.apply(Command::InsertLine { entry: id, index: 0, line: BodyLine::field("摘要", "两\n行") });
    assert!(matches!(bad, Err(CommandError::Invalid(_))));
    // Nor may a line that the loader would read as the footer's rule or a new entry.
    for text in ["----", "[另一条 | 来源](https://example.com/x)"] {
        let bad = doc.apply(Command::InsertLine { entry: id, index: 0, line: BodyLine::paragraph(text) });
        assert!(matches!(bad, Err(CommandError::Invalid(_))), "{text}");
    }
    undo_all(&mut doc);
    assert_eq!(doc.text(), ISSUE);
}

#[test]
fn sections_can_be_added_renamed_moved_and_removed() {
    let mut doc = doc();
    let new_id = doc.new_section_id();
    doc.apply(Command::AddSection { index: 3, id: new_id, title: "应用".into() }).unwrap();
    assert!(doc.text().contains("## 博文\n\n\n\n## 应用\n\n\n\n----"), "{}", doc.text());
    doc.apply(Command::RenameSection { section: new_id, title: "端侧应用".into() }).unwrap();
    assert!(doc.text().contains("## 端侧应用\n"));
    doc.apply(Command::MoveSection { section: new_id, index: 0 }).unwrap();
    assert_eq!(doc.issue().sections[0].heading.title, "端侧应用");
    let papers = section_id(&doc, 2);
    doc.apply(Command::RemoveSection { section: papers }).unwrap();
    assert!(!doc.text().contains("## 论文"));
    undo_all(&mut doc);
    assert_eq!(doc.text(), ISSUE);
}

#[test]
fn digest_title_and_warmup_edits() {
    let mut doc = doc();
    doc.apply(Command::SetDigest { text: "本期4条。\n第二行。".into() }).unwrap();
    assert!(doc.text().contains("> 导读：本期4条。\n> 第二行。\n"));
    doc.apply(Command::SetTitle { date: "2026-01-16".into(), subtitle: "新芯片".into() }).unwrap();
    assert!(doc.text().contains("# 嵌入式AI简报 (2026-01-16)：新芯片\n"));
    doc.apply(Command::InsertWarmupItem {
        index: 2, item: WarmupItem::usual("丙公司", "发布新框架", "", true)
    })
    .unwrap();
    let mut item = doc.issue().warmup_items()[1].clone();
    item.terminator = "；".into();
    doc.apply(Command::SetWarmupItem { index: 1, item }).unwrap();
    assert!(
        doc.text().contains(
            "- 甲公司：发布新芯片；\n- 乙公司：[开源推理库](https://example.com/b)；\n- 丙公司：发布新框架。\n"
        )
    );
    doc.apply(Command::MoveWarmupItem { from: 2, to: 0 }).unwrap();
    assert!(doc.text().contains("- 丙公司：发布新框架。\n- 甲公司：发布新芯片；\n"));
    doc.apply(Command::RemoveWarmupItem { index: 0 }).unwrap();
    assert_eq!(doc.issue().warmup_items().len(), 2);
    undo_all(&mut doc);
    assert_eq!(doc.text(), ISSUE);
}

#[test]
fn a_burst_of_typing_is_one_undo_step_and_dirty_follows_history() {
    let mut doc = doc();
    let id = entry_ids(&doc, 0)[0];
    let key = MergeKey(format!("title:{id:?}"));
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    for (i, t) in ["新", "新闻", "新闻A"].iter().enumerate() {
        head.title = (*t).into();
        doc.apply_merging(Command::SetHead { entry: id, head: head.clone() }, key.clone(), i as f64 * 0.3).unwrap();
    }
    // A pause starts a new step.
    head.title = "新闻AB".into();
    doc.apply_merging(Command::SetHead { entry: id, head: head.clone() }, key.clone(), 5.0).unwrap();
    assert!(doc.text().contains("[新闻AB | 来源甲]"));
    doc.undo();
    assert!(doc.text().contains("[新闻A | 来源甲]"));
    doc.mark_saved();
    assert!(!doc.is_modified());
    doc.undo();
    assert_eq!(doc.text(), ISSUE);
    assert!(doc.is_modified(), "the saved state was the one before this undo");
    doc.redo();
    assert!(!doc.is_modified());
    // Typing after a save makes the document modified even when it merges.
    head.title = "新闻A!".into();
    doc.apply_merging(Command::SetHead { entry: id, head }, key, 5.1).unwrap();
    assert!(doc.is_modified());
}

#[test]
fn a_verbatim_entry_is_edited_as_text() {
    let text =
        ISSUE.replace("- [新闻二 | 来源乙](https://example.com/2)  ", "- [新闻二 | 来源乙](https://example.com/2  ");
    let mut doc = Document::from_text(&text);
    let id = entry_ids(&doc, 0)[1];
    assert!(!doc.issue().entry(id).unwrap().is_typed());
    let head = jianbao::core::Head { title: "x".into(), ..Default::default() };
    assert_eq!(doc.apply(Command::SetHead { entry: id, head }), Err(CommandError::Verbatim));
    doc.apply(Command::SetEntryText {
        entry: id,
        text: "- [新闻二 | 来源乙](https://example.com/2)  \n摘要：第二条。  \n第二条的第二行。  ".into(),
    })
    .unwrap();
    assert!(doc.issue().entry(id).unwrap().is_typed());
    assert_eq!(doc.text(), ISSUE);
    let bad = doc.apply(Command::SetEntryText { entry: id, text: "- [a](b)\n\n- [c](d)".into() });
    assert!(matches!(bad, Err(CommandError::Invalid(_))));
}

#[test]
fn edits_in_a_crlf_file_keep_crlf() {
    let crlf = ISSUE.replace('\n', "\r\n");
    let mut doc = Document::from_text(&crlf);
    let id = entry_ids(&doc, 1)[0];
    doc.apply(Command::InsertLine { entry: id, index: 1, line: BodyLine::field("代码", "https://github.com/a/b") })
        .unwrap();
    // A new line gets the file's line ending.
    assert!(doc.text().contains("摘要：论文摘要。  \r\n代码：https://github.com/a/b  \r\n"));
    assert!(!doc.text().replace("\r\n", "").contains('\n'), "no bare LF");
    // Editing an existing line of a CRLF file keeps its CRLF.
    let mut line = doc.issue().entry(id).unwrap().typed().unwrap().lines[0].clone();
    if let BodyLine::Field { value, .. } = &mut line {
        *value = "新摘要。".into();
    }
    doc.apply(Command::SetLine { entry: id, index: 0, line }).unwrap();
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    head.title = "论文一（修订）".into();
    doc.apply(Command::SetHead { entry: id, head }).unwrap();
    assert!(doc.text().contains("[论文一（修订）](https://arxiv.org/abs/2601.00001)  \r\n摘要：新摘要。  \r\n"));
    let new_id = doc.new_section_id();
    doc.apply(Command::AddSection { index: 0, id: new_id, title: "应用".into() }).unwrap();
    assert!(doc.text().contains("## 应用\r\n\r\n"));
}

#[test]
fn modified_is_by_content_not_by_revision() {
    let mut doc = doc();
    let id = entry_ids(&doc, 0)[0];
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    let original = head.title.clone();
    // A character typed, then deleted: two undo steps, the text as saved.
    head.title = format!("{original}x").into();
    doc.apply(Command::SetHead { entry: id, head: head.clone() }).unwrap();
    assert!(doc.is_modified());
    head.title = original;
    doc.apply(Command::SetHead { entry: id, head }).unwrap();
    assert!(doc.can_undo());
    assert_eq!(doc.text(), ISSUE);
    assert!(!doc.is_modified(), "the text equals the saved text");
    // A new issue with nothing on disk is modified whatever it holds.
    doc.mark_unsaved();
    assert!(doc.is_modified());
    // A restored draft: modified exactly while it differs from the disk's text.
    let mut draft = Document::from_text(&ISSUE.replace("第一条。", "第一条，改过。"));
    draft.mark_saved_text(ISSUE);
    assert!(draft.is_modified());
    let first = entry_ids(&draft, 0)[0];
    let line = BodyLine::field("摘要", "第一条。");
    draft.apply(Command::SetLine { entry: first, index: 0, line }).unwrap();
    assert_eq!(draft.text(), ISSUE);
    assert!(!draft.is_modified());
}

#[test]
fn two_documents_never_share_a_revision() {
    let mut a = doc();
    let mut b = doc();
    assert_ne!(a.id(), b.id());
    assert_ne!(a.revision(), b.revision(), "equal texts opened twice are still two documents");
    let (ia, ib) = (entry_ids(&a, 0)[0], entry_ids(&b, 0)[0]);
    a.apply(Command::DeleteEntry { entry: ia }).unwrap();
    b.apply(Command::DeleteEntry { entry: ib }).unwrap();
    assert_eq!(a.text(), b.text());
    assert_ne!(a.revision(), b.revision());
    let before = a.revision();
    a.undo();
    a.redo();
    assert_eq!(a.revision(), before, "redo returns to the same state");
}

#[test]
fn a_source_typed_into_a_new_entry_gets_the_usual_separator() {
    let mut doc = doc();
    let papers = section_id(&doc, 1);
    let id = doc.new_entry_id();
    let entry = jianbao::core::format::style::new_entry_draft().to_entry_with_id(id);
    doc.apply(Command::InsertEntry { section: papers, index: 1, entry }).unwrap();
    // The form sets the fields one at a time, as the person types them.
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    head.title = "测试条目：一种新方法".into();
    doc.apply(Command::SetHead { entry: id, head: head.clone() }).unwrap();
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    head.source = Some("arXiv".into());
    doc.apply(Command::SetHead { entry: id, head }).unwrap();
    assert!(doc.text().contains("- [测试条目：一种新方法 | arXiv]()  \n"), "{}", doc.text());
    let ctx = jianbao::core::editorial::lint::CheckContext::default();
    let findings = jianbao::core::editorial::lint::check_text(&doc.text(), &ctx);
    assert!(findings.iter().all(|d| d.rule != "title-separator"), "{findings:?}");
    // Clearing the source takes the separator with it.
    let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
    head.source = Some("".into());
    doc.apply(Command::SetHead { entry: id, head }).unwrap();
    assert!(doc.text().contains("- [测试条目：一种新方法]()  \n"), "{}", doc.text());
    // A separator already written in another style is kept.
    let old = entry_ids(&doc, 0)[0];
    let mut head = doc.issue().entry(old).unwrap().typed().unwrap().head.clone();
    head.source_sep = "丨".into();
    doc.apply(Command::SetHead { entry: old, head }).unwrap();
    assert!(doc.text().contains("- [新闻一丨来源甲](https://example.com/1)  \n"));
}
