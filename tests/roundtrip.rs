//! Loading never normalises: every file comes back byte for byte, and the
//! typed model covers the real format.

mod common;

use jianbao::core::format::style::{EntryDraft, has_usual_decor};
use jianbao::core::{EntryBody, PreambleBlock, SectionKind, export::json, format::render, parse, render};

#[test]
fn every_corpus_issue_round_trips_byte_for_byte() {
    let issues = common::corpus_issues();
    for (name, bytes) in &issues {
        let text = std::str::from_utf8(bytes).expect("corpus is UTF-8");
        let issue = parse(text);
        assert!(issue.looks_like_issue(), "{name} reads as an issue");
        assert!(issue.unnamed_group().is_none(), "{name}: a finished issue has no entries outside a section");
        assert_eq!(render(&issue), *text, "{name} changed on a round trip");
    }
    if !issues.is_empty() {
        assert!(issues.len() >= 20, "expected the corpus's issues, found {}", issues.len());
    }
}

#[test]
fn corpus_is_almost_entirely_typed() {
    let mut total = json::Coverage::default();
    for (name, bytes) in common::corpus_issues() {
        let issue = parse(std::str::from_utf8(&bytes).unwrap());
        let c = json::coverage(&issue);
        assert!(c.entries_typed > 0, "{name} has typed entries");
        total.entries_typed += c.entries_typed;
        total.entries_verbatim += c.entries_verbatim;
        total.bytes_total += c.bytes_total;
        total.bytes_verbatim += c.bytes_verbatim;
    }
    if total.bytes_total == 0 {
        return;
    }
    let typed = total.entries_typed as f64 / (total.entries_typed + total.entries_verbatim) as f64;
    let verbatim_bytes = total.bytes_verbatim as f64 / total.bytes_total as f64;
    assert!(typed >= 0.98, "only {:.2}% of entries typed", typed * 100.0);
    assert!(verbatim_bytes <= 0.0005, "{:.3}% of bytes verbatim", verbatim_bytes * 100.0);
}

#[test]
fn own_fixtures_round_trip() {
    for (name, text) in common::own_fixtures() {
        assert_eq!(render(&parse(&text)), text, "{name}");
    }
}

#[test]
fn sample_issue_has_every_part() {
    let issue = parse(jianbao::SAMPLE_ISSUE);
    let title = issue.title().expect("title");
    assert_eq!(title.date, "2026-11-20");
    assert!(issue.tagline().is_some());
    assert!(issue.digest().is_some());
    assert_eq!(issue.warmup_items().len(), 5);
    assert_eq!(issue.warmup_items().last().unwrap().terminator, "。");
    let kinds: Vec<SectionKind> = issue.sections.iter().map(|s| s.kind()).collect();
    assert_eq!(
        kinds,
        [SectionKind::News, SectionKind::Papers, SectionKind::Projects, SectionKind::Blogs, SectionKind::Archive]
    );
    for s in &issue.sections[..4] {
        assert_eq!(s.entry_count(), 4, "{}", s.heading.title);
        assert!(s.entries().all(|e| e.is_typed()));
    }
    assert!(issue.footer.is_some());
    let projects = &issue.sections[2];
    assert!(projects.entries().any(|e| e.typed().unwrap().head.repo.is_some()), "开源项目 names repositories");
    let papers = &issue.sections[1];
    assert!(papers.entries().any(|e| e.typed().unwrap().head.tags.len() == 2), "a paper with two tags");
}

#[test]
fn irregular_fixture_keeps_what_cannot_be_typed_verbatim() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/irregular.md")).unwrap();
    let issue = parse(&text);
    let verbatim: Vec<String> = issue
        .entries()
        .filter_map(|(_, e)| match &e.body {
            EntryBody::Verbatim(lines) => Some(lines.join("\n")),
            _ => None,
        })
        .collect();
    assert_eq!(verbatim.len(), 2, "the unclosed link and the split URL: {verbatim:?}");
    assert!(verbatim.iter().any(|v| v.contains("(https://example.com/x")));
    assert!(issue.sections.iter().any(|s| s.heading.title == "应用"));
    assert!(issue.preamble.iter().any(|b| matches!(b, PreambleBlock::Note(_))), "<font> note");
    let ascii_colon = issue.entries().filter_map(|(_, e)| e.typed()).find(|t| {
        t.lines.iter().any(
            |l| matches!(l, jianbao::core::BodyLine::Field { label, colon, .. } if label == "摘要" && colon == ":"),
        )
    });
    assert!(ascii_colon.is_some(), "摘要: with an ASCII colon is typed as a field");
    assert!(text.ends_with("\n\n"));
}

#[test]
fn crlf_bom_and_tabs_survive() {
    let sample = jianbao::SAMPLE_ISSUE;
    let crlf = sample.replace('\n', "\r\n");
    let issue = parse(&crlf);
    assert!(issue.crlf);
    assert_eq!(render(&issue), crlf);
    assert_eq!(issue.entries().filter(|(_, e)| e.is_typed()).count(), 16);

    let bom = format!("\u{feff}{sample}");
    let issue = parse(&bom);
    assert!(issue.title().is_some(), "a BOM does not hide the front matter and title");
    assert_eq!(render(&issue), bom);

    let tabs = sample.replace("摘要：", "摘要：\t").replace("  \n", "\t\n");
    assert_eq!(render(&parse(&tabs)), tabs);

    let no_final_newline = sample.trim_end_matches('\n');
    assert_eq!(render(&parse(no_final_newline)), no_final_newline);
}

/// Every typed entry written in its section's usual style comes back from its
/// fields alone: the usual style is what the format really is.
#[test]
fn usual_entries_re_render_from_their_fields_alone() {
    let mut texts: Vec<(String, String)> = common::own_fixtures();
    texts.extend(common::corpus_issues().into_iter().map(|(n, b)| (n, String::from_utf8(b).unwrap())));
    let (mut usual, mut all) = (0, 0);
    for (name, text) in &texts {
        let issue = parse(text);
        for (_, entry) in issue.entries() {
            let Some(typed) = entry.typed() else { continue };
            all += 1;
            if !has_usual_decor(typed) {
                continue;
            }
            usual += 1;
            let original = render::entry_text(&entry.body);
            let rebuilt = EntryDraft::of(typed).to_entry();
            assert_eq!(render::entry_text(&rebuilt.into()), original, "{name}");
        }
    }
    // The check means something only if most entries are in the usual style.
    assert!(usual * 2 > all, "only {usual} of {all} entries in the usual style");
}
