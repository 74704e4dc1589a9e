//! Edits for the merge tests: text edits of our own sample issue, and
//! model edits (by entry, by section) that property tests generate.
#![allow(dead_code)]

use jianbao::core::editorial::links::normalize_url;
use jianbao::core::{
    BodyLine, Entry, EntryBody, EntryId, Head, Issue, SectionItem, SectionKind, TypedEntry, parse, render,
};

/// Our sample issue (assets/sample-issue.md).
pub fn sample() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-issue.md")).unwrap()
}

/// `text` with the one occurrence of `from` replaced by `to`.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} should occur once");
    text.replacen(from, to, 1)
}

/// The byte range of the entry whose first line contains `marker`: from its
/// `- ` line to the next line starting an entry, a heading, or a blank line.
pub fn entry_range(text: &str, marker: &str) -> std::ops::Range<usize> {
    let at = text.find(marker).unwrap_or_else(|| panic!("{marker:?} not found"));
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let mut end = start + text[start..].find('\n').map_or(text.len() - start, |p| p + 1);
    while end < text.len() {
        let line = &text[end..end + text[end..].find('\n').map_or(text.len() - end, |p| p + 1)];
        if line.starts_with("- ") || line.starts_with("## ") || line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    start..end
}

/// The entry (its lines, with the final newline) whose first line contains `marker`.
pub fn entry_text(text: &str, marker: &str) -> String {
    text[entry_range(text, marker)].to_string()
}

/// `text` with the entry containing `marker` moved just before the entry
/// containing `before`.
pub fn move_before(text: &str, marker: &str, before: &str) -> String {
    let r = entry_range(text, marker);
    let moved = text[r.clone()].to_string();
    let mut rest = text.to_string();
    rest.replace_range(r, "");
    let at = entry_range(&rest, before).start;
    rest.insert_str(at, &moved);
    rest
}

/// `text` with `new` (lines ending in `\n`) inserted just before the entry containing `before`.
pub fn insert_before(text: &str, before: &str, new: &str) -> String {
    let at = entry_range(text, before).start;
    let mut out = text.to_string();
    out.insert_str(at, new);
    out
}

/// `text` with `new` inserted just after the entry containing `after`.
pub fn insert_after(text: &str, after: &str, new: &str) -> String {
    let at = entry_range(text, after).end;
    let mut out = text.to_string();
    out.insert_str(at, new);
    out
}

/// `text` without the entry containing `marker`.
pub fn remove_entry(text: &str, marker: &str) -> String {
    let mut out = text.to_string();
    out.replace_range(entry_range(text, marker), "");
    out
}

// ---- Model edits, for generated cases ----

/// One edit of an issue, on an entry picked by index among the editable
/// ones (typed, with a link no other entry shares).
#[derive(Clone, Debug)]
pub enum Op {
    /// Set the first labelled line's value (or add a `摘要` line).
    Field {
        entry: usize,
        value: String,
    },
    Title {
        entry: usize,
        title: String,
    },
    Delete {
        entry: usize,
    },
    /// A new entry with a link of its own, in a section (by index among the
    /// sections that hold entries) at an entry position.
    Insert {
        section: usize,
        pos: usize,
        title: String,
    },
    /// To another section, at an entry position.
    Move {
        entry: usize,
        section: usize,
        pos: usize,
    },
    /// Within its section, to an entry position (only one side does these).
    Reorder {
        entry: usize,
        pos: usize,
    },
}

/// What an edit must leave in the merged issue, checked by link.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    Field { url: String, label: String, value: String },
    Title { url: String, title: String },
    Gone { url: String },
    InSection { url: String, section: String },
}

/// The editable entries of an issue: typed, linked, with a normalised link
/// no other entry has; their links, in file order.
pub fn editable(issue: &Issue) -> Vec<String> {
    let keys: Vec<String> = issue
        .entries()
        .filter_map(|(_, e)| e.typed().filter(|t| !t.head.url.trim().is_empty()).map(|t| normalize_url(&t.head.url)))
        .collect();
    let all: Vec<String> =
        issue.entries().map(|(_, e)| jianbao::core::vcs::structure::entry_keys(e).0.unwrap_or_default()).collect();
    let mut out = Vec::new();
    for (_, e) in issue.entries() {
        let Some(t) = e.typed() else { continue };
        if t.head.url.trim().is_empty() || !t.head.linked || t.head.title.trim().is_empty() {
            continue;
        }
        let k = normalize_url(&t.head.url);
        if all.iter().filter(|x| **x == k).count() == 1 && keys.iter().filter(|x| **x == k).count() == 1 {
            out.push(t.head.url.to_string());
        }
    }
    out
}

/// The sections new entries may go to (not the archive, not the unnamed group).
pub fn entry_sections(issue: &Issue) -> Vec<usize> {
    (0..issue.sections.len())
        .filter(|&i| !issue.sections[i].unnamed && issue.sections[i].kind() != SectionKind::Archive)
        .collect()
}

fn find(issue: &Issue, url: &str) -> Option<EntryId> {
    issue.entries().find(|(_, e)| e.typed().is_some_and(|t| t.head.url == url)).map(|(_, e)| e.id)
}

fn take_entry(issue: &mut Issue, id: EntryId) -> Entry {
    let (s, i) = issue.locate(id).unwrap();
    match issue.sections[s].items.remove(i) {
        SectionItem::Entry(e) => e,
        _ => unreachable!(),
    }
}

fn put_entry(issue: &mut Issue, section: usize, pos: usize, e: Entry) {
    let s = &mut issue.sections[section];
    let pos = pos.min(s.entry_count());
    let at = s.item_index_for_entry(pos);
    s.items.insert(at, SectionItem::Entry(e));
}

/// Applies edits to the entries `owned` says this side may touch (by index
/// among the editable entries); returns the new text and what each edit
/// must leave. `tag` keeps new links apart between sides.
pub fn apply_ops(text: &str, ops: &[Op], owned: impl Fn(usize) -> bool, tag: &str) -> (String, Vec<Expect>) {
    let mut issue = parse(text);
    let links = editable(&issue);
    let sections = entry_sections(&issue);
    let mut touched: Vec<String> = Vec::new();
    let mut expect = Vec::new();
    let pick = |i: usize| -> Option<usize> {
        if links.is_empty() {
            return None;
        }
        let k = i % links.len();
        owned(k).then_some(k)
    };
    for (n, op) in ops.iter().enumerate() {
        match op {
            Op::Field { entry, value } | Op::Title { entry, title: value } => {
                let Some(k) = pick(*entry) else { continue };
                let url = links[k].clone();
                if touched.contains(&url) {
                    continue;
                }
                let Some(id) = find(&issue, &url) else { continue };
                let t = issue.entry_mut(id).unwrap().typed_mut().unwrap();
                if let Op::Title { .. } = op {
                    t.head.title = value.as_str().into();
                    expect.push(Expect::Title { url: normalize_url(&url), title: value.clone() });
                } else {
                    let slot = t.lines.iter_mut().find_map(|l| match l {
                        BodyLine::Field { label, value, .. } if !label.is_empty() => Some((label.to_string(), value)),
                        _ => None,
                    });
                    let label = match slot {
                        Some((label, v)) => {
                            *v = value.as_str().into();
                            label
                        }
                        None => {
                            t.lines.push(BodyLine::field("摘要", value));
                            "摘要".to_string()
                        }
                    };
                    expect.push(Expect::Field { url: normalize_url(&url), label, value: value.clone() });
                }
                touched.push(url);
            }
            Op::Delete { entry } => {
                let Some(k) = pick(*entry) else { continue };
                let url = links[k].clone();
                if touched.contains(&url) {
                    continue;
                }
                let Some(id) = find(&issue, &url) else { continue };
                take_entry(&mut issue, id);
                expect.push(Expect::Gone { url: normalize_url(&url) });
                touched.push(url);
            }
            Op::Insert { section, pos, title } => {
                if sections.is_empty() {
                    continue;
                }
                let s = sections[section % sections.len()];
                let url = format!("https://example.org/{tag}/{n}");
                let id = issue.new_entry_id();
                let head = Head {
                    linked: true,
                    title: title.as_str().into(),
                    url: url.as_str().into(),
                    trail: "  ".into(),
                    ..Head::default()
                };
                let body = TypedEntry {
                    bullet: "- ".into(),
                    head,
                    lines: vec![BodyLine::field("摘要", &format!("{tag}{n}"))],
                };
                put_entry(&mut issue, s, *pos, Entry { id, body: EntryBody::Typed(Box::new(body)) });
                let name = issue.sections[s].heading.title.trim().to_string();
                expect.push(Expect::InSection { url: normalize_url(&url), section: name });
            }
            Op::Move { .. } | Op::Reorder { .. } => {
                let (entry, section, pos) = match op {
                    Op::Move { entry, section, pos } => (entry, Some(*section), pos),
                    Op::Reorder { entry, pos } => (entry, None, pos),
                    _ => unreachable!(),
                };
                let Some(k) = pick(*entry) else { continue };
                let url = links[k].clone();
                if touched.contains(&url) || sections.is_empty() {
                    continue;
                }
                let Some(id) = find(&issue, &url) else { continue };
                let (from, _) = issue.locate(id).unwrap();
                let to = match section {
                    None => from,
                    Some(section) => {
                        let to = sections[section % sections.len()];
                        if to == from {
                            continue;
                        }
                        to
                    }
                };
                let e = take_entry(&mut issue, id);
                put_entry(&mut issue, to, *pos, e);
                let name = issue.sections[to].heading.title.trim().to_string();
                expect.push(Expect::InSection { url: normalize_url(&url), section: name });
                touched.push(url);
            }
        }
    }
    (render(&issue), expect)
}

/// Whether a text holds what an edit must leave; the reason when not.
pub fn holds(text: &str, e: &Expect) -> Result<(), String> {
    let issue = parse(text);
    let by_url = |url: &str| {
        issue
            .entries()
            .filter(|(_, en)| en.typed().is_some_and(|t| normalize_url(&t.head.url) == url))
            .map(|(s, en)| (s.heading.title.trim().to_string(), en.typed().unwrap().clone()))
            .collect::<Vec<_>>()
    };
    match e {
        Expect::Gone { url } => by_url(url).is_empty().then_some(()).ok_or(format!("{url} still there")),
        Expect::Title { url, title } => match by_url(url).as_slice() {
            [(_, t)] if t.head.title == title.as_str() => Ok(()),
            other => Err(format!("{url}: title {title:?} expected, found {other:?}")),
        },
        Expect::Field { url, label, value } => match by_url(url).as_slice() {
            [(_, t)] if t.field(label) == Some(value.as_str()) => Ok(()),
            other => Err(format!("{url}: {label} {value:?} expected, found {other:?}")),
        },
        Expect::InSection { url, section } => match by_url(url).as_slice() {
            [(s, _)] if s == section => Ok(()),
            other => Err(format!("{url}: in {section} expected, found {other:?}")),
        },
    }
}

/// The entries' texts of an issue, for comparisons.
pub fn entry_texts(text: &str) -> Vec<String> {
    parse(text).entries().map(|(_, e)| jianbao::core::format::render::entry_text(&e.body)).collect()
}
