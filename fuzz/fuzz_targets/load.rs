//! The loader never panics, and whatever it loads renders back byte for byte;
//! undoing an edit restores those bytes. Any UTF-8 text opens (scratch drafts,
//! empty files, prose): the draft commands (title, usual sections, an entry
//! from a bare address) and a move out of the unnamed group undo too.
#![no_main]

use jianbao::core::edit::draft;
use jianbao::core::files::new_issue::title_blocks;
use jianbao::core::{Command, Document, load_bytes, parse, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = load_bytes(data);
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Text is refused only for a NUL byte.
    assert_eq!(loaded.is_ok(), !data.contains(&0));
    let issue = parse(text);
    assert_eq!(render(&issue), text);
    if let Some(g) = issue.unnamed_group() {
        assert!(std::ptr::eq(g, &issue.sections[0]));
    }
    let mut doc = Document::new(issue.clone());
    let cmds = [
        Some(Command::AddTitle { blocks: title_blocks(None, "2026-05-01", issue.crlf) }),
        draft::add_usual_sections(&issue),
        draft::bare_url_items(&issue).first().map(|&(s, i)| draft::entry_from_url(&issue, s, i)),
    ];
    for cmd in cmds.into_iter().flatten() {
        if doc.apply(cmd).is_ok() {
            let saved = doc.text();
            assert_eq!(render(&parse(&saved)), saved);
            assert!(doc.undo());
            assert_eq!(doc.text(), text);
        }
    }
    // One move and its undo.
    let mut doc = Document::new(issue);
    let first = doc.issue().entries().next().map(|(_, e)| e.id);
    let last_section = doc.issue().sections.last().map(|s| s.id);
    if let (Some(entry), Some(section)) = (first, last_section) {
        if doc.apply(Command::MoveEntry { entry, section, index: 0 }).is_ok() {
            assert!(doc.undo());
            assert_eq!(doc.text(), text);
        }
    }
});
