//! Properties: any sequence of commands undone restores the original bytes;
//! loading any text never panics and renders it back unchanged.

mod common;

use jianbao::core::format::style::{DraftLine, EntryDraft};
use jianbao::core::{BodyLine, Command, Document, WarmupItem, parse, render};
use proptest::prelude::*;

/// One random edit, interpreted against the document's current state.
#[derive(Clone, Debug)]
struct Op {
    kind: u8,
    a: usize,
    b: usize,
    c: usize,
    text: String,
}

fn op() -> impl Strategy<Value = Op> {
    (0u8..23, any::<usize>(), any::<usize>(), any::<usize>(), "[a-z中文：| ]{0,12}")
        .prop_map(|(kind, a, b, c, text)| Op { kind, a, b, c, text })
}

fn to_command(doc: &mut Document, op: &Op) -> Option<Command> {
    let issue = doc.issue();
    let sections: Vec<_> = issue.sections.iter().map(|s| s.id).collect();
    let entries: Vec<_> = issue.entries().map(|(_, e)| e.id).collect();
    let pick_entry = |n: usize| (!entries.is_empty()).then(|| entries[n % entries.len()]);
    let pick_section = |n: usize| (!sections.is_empty()).then(|| sections[n % sections.len()]);
    Some(match op.kind {
        0 => {
            let entry = pick_entry(op.a)?;
            let section = pick_section(op.b)?;
            let count = doc.issue().section(section)?.entry_count();
            Command::MoveEntry { entry, section, index: op.c % (count + 1) }
        }
        1 => Command::DeleteEntry { entry: pick_entry(op.a)? },
        2 => {
            let entry = pick_entry(op.a)?;
            let new_id = doc.new_entry_id();
            Command::DuplicateEntry { entry, new_id }
        }
        3 => {
            let section = pick_section(op.a)?;
            let count = doc.issue().section(section)?.entry_count();
            let draft = EntryDraft {
                title: op.text.as_str().into(),
                url: "https://example.com/x".into(),
                lines: vec![DraftLine::Field { label: "摘要".into(), value: op.text.as_str().into() }],
                ..EntryDraft::default()
            };
            let id = doc.new_entry_id();
            Command::InsertEntry { section, index: op.b % (count + 1), entry: draft.to_entry_with_id(id) }
        }
        4 => {
            let entry = pick_entry(op.a)?;
            let mut head = doc.issue().entry(entry)?.typed()?.head.clone();
            head.title = op.text.as_str().into();
            Command::SetHead { entry, head }
        }
        5 => {
            let entry = pick_entry(op.a)?;
            let n = doc.issue().entry(entry)?.typed()?.lines.len();
            Command::InsertLine { entry, index: op.b % (n + 1), line: BodyLine::field("代码", &op.text) }
        }
        6 => {
            let entry = pick_entry(op.a)?;
            let n = doc.issue().entry(entry)?.typed()?.lines.len();
            if n == 0 {
                return None;
            }
            Command::RemoveLine { entry, index: op.b % n }
        }
        7 => {
            let entry = pick_entry(op.a)?;
            let n = doc.issue().entry(entry)?.typed()?.lines.len();
            if n == 0 {
                return None;
            }
            Command::MoveLine { entry, from: op.b % n, to: op.c % n }
        }
        8 => {
            let index = op.a % (sections.len() + 1);
            let id = doc.new_section_id();
            Command::AddSection { index, id, title: format!("栏目{}", op.text) }
        }
        9 => Command::RenameSection { section: pick_section(op.a)?, title: op.text.clone() },
        10 => Command::RemoveSection { section: pick_section(op.a)? },
        11 => Command::MoveSection { section: pick_section(op.a)?, index: op.b % sections.len() },
        12 => Command::SetDigest { text: format!("{}\n{}", op.text, op.text) },
        13 => {
            let n = doc.issue().warmup_items().len();
            Command::InsertWarmupItem {
                index: op.a % (n + 1), item: WarmupItem::usual("某公司", &op.text, "", false)
            }
        }
        14 => {
            let n = doc.issue().warmup_items().len();
            if n == 0 {
                return None;
            }
            Command::RemoveWarmupItem { index: op.a % n }
        }
        15 => {
            let n = doc.issue().warmup_items().len();
            if n == 0 {
                return None;
            }
            Command::MoveWarmupItem { from: op.a % n, to: op.b % n }
        }
        16 => Command::SetTitle { date: "2030-01-01".into(), subtitle: op.text.clone() },
        17 => {
            let entry = pick_entry(op.a)?;
            let n = doc.issue().entry(entry)?.typed()?.lines.len();
            if n == 0 {
                return None;
            }
            let index = op.b % n;
            let mut line = doc.issue().entry(entry)?.typed()?.lines[index].clone();
            let (BodyLine::Field { value, .. }
            | BodyLine::Text { text: value, .. }
            | BodyLine::Item { text: value, .. }) = &mut line;
            *value = format!("改{}", op.text).into();
            Command::SetLine { entry, index, line }
        }
        18 => {
            let entry = pick_entry(op.a)?;
            Command::SetEntryText {
                entry,
                text: format!("- [{}](https://example.com/y)  \n摘要：{}  ", op.text, op.text),
            }
        }
        20 => Command::AddTitle {
            blocks: jianbao::core::files::new_issue::title_blocks(None, "2026-05-01", doc.issue().crlf),
        },
        21 => jianbao::core::edit::draft::add_usual_sections(doc.issue())?,
        22 => {
            let urls = jianbao::core::edit::draft::bare_url_items(doc.issue());
            if urls.is_empty() {
                return None;
            }
            let (section, item) = urls[op.a % urls.len()];
            jianbao::core::edit::draft::entry_from_url(doc.issue(), section, item)
        }
        _ => Command::SetTagline { text: op.text.clone() },
    })
}

fn sources() -> Vec<String> {
    let mut out: Vec<String> = common::own_fixtures().into_iter().map(|(_, t)| t).collect();
    out.push(jianbao::SAMPLE_ISSUE.replace('\n', "\r\n"));
    // Scratch drafts (issue 12): no title, no section yet.
    let scratch = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scratch/2026-05-01.md");
    let scratch = std::fs::read_to_string(scratch).unwrap();
    out.push(scratch.replace('\n', "\r\n"));
    out.push(scratch);
    out.push(String::new());
    if let Some((_, bytes)) = common::corpus_issues().into_iter().last() {
        out.push(String::from_utf8(bytes).unwrap());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256), ..ProptestConfig::default() })]

    #[test]
    fn undoing_every_command_restores_the_original_bytes(which in any::<usize>(), ops in prop::collection::vec(op(), 1..40)) {
        let sources = sources();
        let original = &sources[which % sources.len()];
        let mut doc = Document::from_text(original);
        let mut applied = 0;
        for op in &ops {
            if let Some(cmd) = to_command(&mut doc, op) {
                let before = doc.text();
                match doc.apply(cmd) {
                    Ok(()) => applied += 1,
                    Err(_) => prop_assert_eq!(doc.text(), before, "a refused command changes nothing"),
                }
            }
        }
        let edited = doc.text();
        // What was saved loads back to the same bytes.
        prop_assert_eq!(render(&parse(&edited)), edited.clone());
        while doc.undo() {}
        prop_assert_eq!(&doc.text(), original);
        prop_assert!(!doc.is_modified());
        let mut redone = 0;
        while doc.redo() { redone += 1; }
        prop_assert_eq!(redone, applied);
        prop_assert_eq!(doc.text(), edited);
    }

    #[test]
    fn any_text_loads_without_panic_and_round_trips(text in any::<String>()) {
        prop_assert_eq!(render(&parse(&text)), text.clone());
        // Any UTF-8 text without a NUL byte opens: "not an issue" is no reason to refuse.
        if !text.contains('\0') {
            let issue = jianbao::core::load_bytes(text.as_bytes());
            prop_assert!(issue.is_ok());
            prop_assert_eq!(render(&issue.unwrap()), text);
        }
    }

    #[test]
    fn scratch_like_text_round_trips_and_its_unnamed_group_reads_back(lines in prop::collection::vec(prop::sample::select(vec![
        "", "\r", "- [标题](https://e.com/a)", "摘要：一句话", "– 公司：消息；", "某个标题", "https://e.com/b",
        "论文：题目", "链接：https://e.com/c", "GitHub 地址：https://github.com/a/b", "**粗体**", "一段粘贴的文字，",
        "没有标点的半句", "# 嵌入式AI简报 (2026-01-02)", "先来几条：", "## 论文", "[甲](https://e.com/d", ")和乙",
    ]), 0..40)) {
        let text = lines.join("\n");
        let issue = parse(&text);
        prop_assert_eq!(render(&issue), text.clone());
        if let Some(g) = issue.unnamed_group() {
            prop_assert!(std::ptr::eq(g, &issue.sections[0]));
            prop_assert!(issue.sections[1..].iter().all(|s| !s.unnamed));
        }
        // Each draft command, applied and undone, gives the bytes back, and what it writes reads back alike.
        let mut doc = Document::from_text(&text);
        let cmds = [
            Some(Command::AddTitle { blocks: jianbao::core::files::new_issue::title_blocks(None, "2026-05-01", issue.crlf) }),
            jianbao::core::edit::draft::add_usual_sections(&issue),
            jianbao::core::edit::draft::bare_url_items(&issue).first().map(|&(s, i)| jianbao::core::edit::draft::entry_from_url(&issue, s, i)),
        ];
        for cmd in cmds.into_iter().flatten() {
            if doc.apply(cmd).is_ok() {
                let saved = doc.text();
                let again = parse(&saved);
                prop_assert_eq!(
                    again.sections.iter().map(|s| (s.unnamed, s.entry_count())).collect::<Vec<_>>(),
                    doc.issue().sections.iter().map(|s| (s.unnamed, s.entry_count())).collect::<Vec<_>>(),
                    "{:?}", saved
                );
                prop_assert!(doc.undo());
                prop_assert_eq!(doc.text(), text.clone());
            }
        }
    }

    #[test]
    fn format_like_text_round_trips(lines in prop::collection::vec(prop::sample::select(vec![
        "---", "layout: default", "# 嵌入式AI简报 (2020-01-01)：x", "**标语**  ", "> 导读：本期2条", "> 注：说明",
        "好了：", "- 公司：消息；", "- [公司：消息](u)。", "## 业界新闻", "## 论文  ", "## [往期回顾](u)", "----",
        "- [标题 | 来源](https://e.com)  ", "- [2001.00001] [题](u)", "摘要：x  ", "摘要:x", "摘要x", "    1. 项  ",
        "  - 子项", "段落。  ", "", "   ", "\r", "[无符号 | 源](u)", "– [短横 | 源](u)", "- [未闭合](u", "u)", "|:---:|",
        "- [a/b: 描述](https://github.com/a/b)", "- [[x]](u) [[y]](v)；", "\u{feff}", "- ", "[", "](", "- [x]", "\t- [t](u)",
    ]), 0..60)) {
        let text = lines.join("\n");
        let issue = parse(&text);
        prop_assert_eq!(render(&issue), text);
    }
}
