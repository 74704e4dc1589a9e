//! Search over every entry of every issue of a repository, as you type.
//!
//! The index is one lowercased haystack holding each entry's text (title,
//! source, URL, summary and every other line, as saved) and each warm-up
//! item, records separated by a NUL byte, plus the start of each record. A
//! query is a substring search (memchr's SIMD `memmem`) for its longest
//! word; the other words must occur in the same record. That is CJK-friendly
//! (no word splitting needed: `量化` finds `低比特量化`) and costs one pass
//! over the text, about a megabyte for ten times today's archive.
//!
//! ```
//! use jianbao::core::{parse, search::SearchIndex};
//! let a = parse("# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [低比特量化的新方法 | 某网](https://example.org/q)  \n摘要：一句话。  \n");
//! let index = SearchIndex::build(&[("2026-01-02", &a)]);
//! let hits = index.query("量化", 10);
//! assert_eq!(hits[0].date, "2026-01-02");
//! assert_eq!(hits[0].section, "论文");
//! assert_eq!(hits[0].line, 5);
//! assert!(index.query("EXAMPLE.org/Q", 10).len() == 1);
//! assert!(index.query("没有的词", 10).is_empty());
//! ```

use memchr::memmem;

use super::layout::{LineRole, layout};
use super::links::WARMUP_SECTION;
use super::model::*;
use super::render;

/// Which part of an entry a query matched first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchField {
    Title,
    Source,
    Url,
    /// The summary or another line of the entry.
    Body,
}

/// One entry that matches a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the issue in the slice given to [`SearchIndex::build`].
    pub issue: usize,
    pub date: Str,
    /// The section's title, or `热身新闻` for a warm-up item.
    pub section: Str,
    /// The entry to open (None for a warm-up item).
    pub entry: Option<EntryId>,
    /// The warm-up item's index, for a warm-up item.
    pub warmup: Option<usize>,
    /// 1-based line of the entry's first line in its file.
    pub line: usize,
    /// The entry's title (or the warm-up item's text).
    pub title: String,
    pub source: Option<Str>,
    pub url: Str,
    pub field: MatchField,
    /// The matched text with some context, one line, in its original case.
    pub snippet: String,
}

#[derive(Clone, Debug)]
struct Record {
    start: usize,
    end: usize,
    issue: u32,
    line: u32,
    section: Str,
    entry: Option<EntryId>,
    warmup: Option<u32>,
    title: String,
    source: Option<Str>,
    url: Str,
}

/// The search index of a repository's issues.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Records' text as saved, separated by `\0`.
    text: String,
    /// The same, lowercased where that keeps the byte length (so offsets agree).
    lower: String,
    records: Vec<Record>,
    dates: Vec<Str>,
}

/// Appends `s` lowercased, each character keeping its UTF-8 length.
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(lc), None) if lc.len_utf8() == c.len_utf8() => out.push(lc),
            _ => out.push(c),
        }
    }
}

/// Lowercases a query the way the index is lowercased.
fn lower_query(q: &str) -> String {
    let mut s = String::with_capacity(q.len());
    push_lower(&mut s, q);
    s
}

impl SearchIndex {
    /// Indexes every entry and warm-up item of these issues, given as (date, issue).
    pub fn build(issues: &[(&str, &Issue)]) -> SearchIndex {
        let mut index = SearchIndex::default();
        let mut scratch = String::with_capacity(4096);
        for (n, (date, issue)) in issues.iter().enumerate() {
            index.dates.push((*date).into());
            let roles = layout(issue);
            let items = issue.warmup_items();
            for (line, role) in roles.iter().enumerate() {
                match *role {
                    LineRole::Entry { section, entry, line: 0, .. } => {
                        let Some(e) = issue.entry(entry) else { continue };
                        scratch.clear();
                        render::write_entry_body(&e.body, &mut render::LineWriter::new(&mut scratch));
                        let (source, url) = match e.typed() {
                            Some(t) => (t.head.source.clone(), t.head.url.clone()),
                            None => (None, Str::default()),
                        };
                        let record = Record {
                            start: 0,
                            end: 0,
                            issue: n as u32,
                            line: line as u32 + 1,
                            section: issue.sections[section].heading.title.trim().into(),
                            entry: Some(entry),
                            warmup: None,
                            title: e.label(),
                            source,
                            url,
                        };
                        index.push(record, &scratch);
                    }
                    LineRole::Warmup { index: w } => {
                        let Some(item) = items.get(w) else { continue };
                        scratch.clear();
                        render::write_warmup_item(item, &mut scratch);
                        let record = Record {
                            start: 0,
                            end: 0,
                            issue: n as u32,
                            line: line as u32 + 1,
                            section: WARMUP_SECTION.into(),
                            entry: None,
                            warmup: Some(w as u32),
                            title: format!("{}{}{}", item.subject, item.colon, item.text),
                            source: None,
                            url: item.url.clone(),
                        };
                        index.push(record, &scratch);
                    }
                    _ => {}
                }
            }
        }
        index
    }

    fn push(&mut self, mut record: Record, text: &str) {
        record.start = self.text.len();
        self.text.push_str(text);
        push_lower(&mut self.lower, text);
        record.end = self.text.len();
        self.text.push('\0');
        self.lower.push('\0');
        self.records.push(record);
    }

    /// Number of entries and warm-up items indexed.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The entries holding every word of `query` (case-insensitive
    /// substrings), those matching in their title first, then newest issue
    /// first; at most `limit`. An empty query finds nothing.
    pub fn query(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = lower_query(query);
        let mut words: Vec<&str> = q.split_whitespace().collect();
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words.dedup();
        let others: Vec<memmem::Finder> = words[1..].iter().map(|w| memmem::Finder::new(w.as_bytes())).collect();
        let hay = self.lower.as_bytes();
        let mut found: Vec<(MatchField, std::cmp::Reverse<&str>, usize, usize)> = Vec::new();
        let mut last_record = usize::MAX;
        for pos in memmem::find_iter(hay, words[0].as_bytes()) {
            let r = self.records.partition_point(|rec| rec.start <= pos) - 1;
            if r == last_record {
                continue;
            }
            last_record = r;
            let rec = &self.records[r];
            let body = &hay[rec.start..rec.end];
            if !others.iter().all(|f| f.find(body).is_some()) {
                continue;
            }
            let field = self.field_of(rec, words[0]);
            found.push((field, std::cmp::Reverse(self.dates[rec.issue as usize].as_str()), r, pos));
        }
        found.sort();
        found.truncate(limit);
        found.into_iter().map(|(field, _, r, pos)| self.hit(r, pos, words[0].len(), field)).collect()
    }

    fn field_of(&self, rec: &Record, word: &str) -> MatchField {
        let has = |s: &str| lower_query(s).contains(word);
        if has(&rec.title) {
            MatchField::Title
        } else if rec.source.as_deref().is_some_and(has) {
            MatchField::Source
        } else if !rec.url.is_empty() && has(&rec.url) {
            MatchField::Url
        } else {
            MatchField::Body
        }
    }

    fn hit(&self, r: usize, pos: usize, len: usize, field: MatchField) -> Hit {
        let rec = &self.records[r];
        Hit {
            issue: rec.issue as usize,
            date: self.dates[rec.issue as usize].clone(),
            section: rec.section.clone(),
            entry: rec.entry,
            warmup: rec.warmup.map(|w| w as usize),
            line: rec.line as usize,
            title: rec.title.clone(),
            source: rec.source.clone(),
            url: rec.url.clone(),
            field,
            snippet: self.snippet(rec, pos, len),
        }
    }

    /// Up to 24 characters either side of the match, within its line.
    fn snippet(&self, rec: &Record, pos: usize, len: usize) -> String {
        let text = &self.text[rec.start..rec.end];
        let at = pos - rec.start;
        let line_start = text[..at].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let line_end = text[at..].find('\n').map(|p| at + p).unwrap_or(text.len());
        let before: String = {
            let mut v: Vec<char> = text[line_start..at].chars().rev().take(24).collect();
            v.reverse();
            v.into_iter().collect()
        };
        let end = (at + len).min(line_end);
        let after: String = text[end..line_end].chars().take(24).collect();
        format!("{before}{}{after}", &text[at..end]).trim().to_string()
    }
}
