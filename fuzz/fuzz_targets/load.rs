//! The loader never panics, and whatever it loads renders back byte for byte;
//! undoing an edit restores those bytes.
#![no_main]

use jianbao::core::{Command, Document, load_bytes, parse, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = load_bytes(data);
    let Ok(text) = std::str::from_utf8(data) else { return };
    let issue = parse(text);
    assert_eq!(render(&issue), text);
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
