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

use super::layout::text_lines;
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

/// One entry that matches a query; its strings borrow from the index (a
/// query allocates nothing per hit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit<'a> {
    /// Index of the issue in the slice given to [`SearchIndex::build`].
    pub issue: usize,
    pub date: &'a str,
    /// The section's title, or `热身新闻` for a warm-up item.
    pub section: &'a str,
    /// The entry to open (None for a warm-up item).
    pub entry: Option<EntryId>,
    /// The warm-up item's index, for a warm-up item.
    pub warmup: Option<usize>,
    /// 1-based line of the entry's first line in its file.
    pub line: usize,
    /// The entry's title (or the warm-up item's text).
    pub title: &'a str,
    pub source: Option<&'a str>,
    pub url: &'a str,
    pub field: MatchField,
    /// Where the first word matched: record index and byte offset in it,
    /// for [`SearchIndex::snippet`].
    pub at: (usize, usize),
    /// Length in bytes of the matched word.
    pub len: usize,
}

/// The records of one issue.
#[derive(Clone, Debug, Default)]
struct Chunk {
    /// Records' text as saved, separated by `\0`.
    text: String,
    /// The same with ASCII letters lowercased (so offsets agree).
    lower: String,
    /// Index of its first record.
    first: usize,
}

/// A span of [`SearchIndex::strings`].
type Span = (u32, u32);

#[derive(Clone, Debug)]
struct Record {
    start: usize,
    end: usize,
    issue: u32,
    line: u32,
    section: u32,
    entry: Option<EntryId>,
    warmup: Option<u32>,
    title: Span,
    source: Option<Span>,
    url: Span,
}

/// The search index of a repository's issues.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// One per issue (issue-sized buffers come from the allocator's heap,
    /// where one archive-sized buffer would be mapped fresh by the kernel).
    chunks: Vec<Chunk>,
    records: Vec<Record>,
    dates: Vec<Str>,
    /// Section titles, each once.
    sections: Vec<Str>,
    /// Titles, sources and URLs of the records, end to end.
    strings: String,
    /// The same, lowercased as the text is.
    strings_lower: String,
}

/// Appends `s` with its ASCII letters lowercased. Only ASCII is folded:
/// it keeps every offset of the lowercased text an offset of the original,
/// runs at memory speed, and covers what a person types into this search
/// (English names like `ARM`, `NPU`, `TFLite`; Chinese has no case).
fn push_lower(out: &mut String, s: &str) {
    let start = out.len();
    out.push_str(s);
    out[start..].make_ascii_lowercase();
}

/// Lowercases a query the way the index is lowercased.
fn lower_query(q: &str) -> String {
    let mut s = String::with_capacity(q.len());
    push_lower(&mut s, q);
    s
}

impl SearchIndex {
    /// Indexes every entry and warm-up item of these issues, given as
    /// (date, issue). Renders each issue once; with the files' texts at hand,
    /// [`SearchIndex::build_with_texts`] skips that.
    pub fn build(issues: &[(&str, &Issue)]) -> SearchIndex {
        let texts: Vec<String> = issues.iter().map(|(_, i)| render::render(i)).collect();
        let with: Vec<(&str, &str, &Issue)> =
            issues.iter().zip(&texts).map(|((d, i), t)| (*d, t.as_str(), *i)).collect();
        SearchIndex::build_with_texts(&with)
    }

    /// Indexes issues given as (date, file text, parsed issue), the text being
    /// the issue's (`render(issue)`, which for a loaded file is the file).
    pub fn build_with_texts(issues: &[(&str, &str, &Issue)]) -> SearchIndex {
        let mut index = SearchIndex::default();
        for (n, (date, text, issue)) in issues.iter().enumerate() {
            index.dates.push((*date).into());
            index.chunks.push(Chunk {
                text: String::with_capacity(text.len()),
                lower: String::with_capacity(text.len()),
                first: index.records.len(),
            });
            let lines = text_lines(text);
            let slice = |first: usize, count: usize| -> &str {
                let (start, _) = lines[first.min(lines.len() - 1)];
                let (last_start, last) = lines[(first + count - 1).min(lines.len() - 1)];
                &text[start..last_start + last.len()]
            };
            // Walk the model in file order, counting lines as the writer writes them.
            let mut line = 0usize;
            let mut warmup = 0usize;
            for block in &issue.preamble {
                match block {
                    PreambleBlock::FrontMatter(l) | PreambleBlock::Note(l) => line += l.len(),
                    PreambleBlock::Digest(d) => line += d.lines.len(),
                    PreambleBlock::Warmup(items) => {
                        for item in items {
                            let section = index.section_id(WARMUP_SECTION);
                            let title = index.store3(&item.subject, &item.colon, &item.text);
                            let url = index.store(&item.url);
                            let record = Record {
                                start: 0,
                                end: 0,
                                issue: n as u32,
                                line: line as u32 + 1,
                                section,
                                entry: None,
                                warmup: Some(warmup as u32),
                                title,
                                source: None,
                                url,
                            };
                            index.push(record, slice(line, 1));
                            line += 1;
                            warmup += 1;
                        }
                    }
                    _ => line += 1,
                }
            }
            for s in &issue.sections {
                line += 1;
                let section = index.section_id(s.heading.title.trim());
                for item in &s.items {
                    let SectionItem::Entry(e) = item else {
                        line += 1;
                        continue;
                    };
                    let count = match &e.body {
                        EntryBody::Typed(t) => 1 + t.lines.len(),
                        EntryBody::Verbatim(l) => l.len().max(1),
                    };
                    let (title, source, url) = match e.typed() {
                        Some(t) if !t.head.title.trim().is_empty() => (
                            index.store(t.head.title.trim()),
                            t.head.source.as_deref().map(|s| index.store(s)),
                            index.store(&t.head.url),
                        ),
                        Some(t) => (index.store(&e.label()), None, index.store(&t.head.url)),
                        None => (index.store(&e.label()), None, (0, 0)),
                    };
                    let record = Record {
                        start: 0,
                        end: 0,
                        issue: n as u32,
                        line: line as u32 + 1,
                        section,
                        entry: Some(e.id),
                        warmup: None,
                        title,
                        source,
                        url,
                    };
                    index.push(record, slice(line, count));
                    line += count;
                }
            }
        }
        index
    }

    fn store(&mut self, s: &str) -> Span {
        self.store3(s, "", "")
    }

    fn store3(&mut self, a: &str, b: &str, c: &str) -> Span {
        let start = self.strings.len() as u32;
        for part in [a, b, c] {
            self.strings.push_str(part);
            push_lower(&mut self.strings_lower, part);
        }
        (start, self.strings.len() as u32)
    }

    fn span_lower(&self, s: Span) -> &[u8] {
        &self.strings_lower.as_bytes()[s.0 as usize..s.1 as usize]
    }

    fn span(&self, s: Span) -> &str {
        &self.strings[s.0 as usize..s.1 as usize]
    }

    fn section_id(&mut self, title: &str) -> u32 {
        match self.sections.iter().position(|s| s == title) {
            Some(i) => i as u32,
            None => {
                self.sections.push(title.into());
                self.sections.len() as u32 - 1
            }
        }
    }

    fn push(&mut self, mut record: Record, text: &str) {
        let chunk = self.chunks.last_mut().expect("a chunk per issue");
        record.start = chunk.text.len();
        chunk.text.push_str(text);
        push_lower(&mut chunk.lower, text);
        record.end = chunk.text.len();
        chunk.text.push('\0');
        chunk.lower.push('\0');
        self.records.push(record);
    }

    /// Number of entries and warm-up items indexed.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The entries holding every word of `query` (substrings, ASCII letters
    /// case-insensitive), those matching in their title first, then newest issue
    /// first; at most `limit`. An empty query finds nothing.
    pub fn query(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let q = lower_query(query);
        let mut words: Vec<&str> = q.split_whitespace().collect();
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words.dedup();
        let others: Vec<memmem::Finder> = words[1..].iter().map(|w| memmem::Finder::new(w.as_bytes())).collect();
        let mut found: Vec<(MatchField, std::cmp::Reverse<&str>, usize, usize)> = Vec::new();
        let first = memmem::Finder::new(words[0].as_bytes());
        for (c, chunk) in self.chunks.iter().enumerate() {
            let hay = chunk.lower.as_bytes();
            let end = self.chunks.get(c + 1).map(|n| n.first).unwrap_or(self.records.len());
            let records = &self.records[chunk.first..end];
            let mut at = 0;
            while let Some(p) = first.find(&hay[at..]) {
                let pos = at + p;
                let r = records.partition_point(|rec| rec.start <= pos) - 1;
                let rec = &records[r];
                // The rest of this record needs no look: go on after it.
                at = rec.end + 1;
                let body = &hay[rec.start..rec.end];
                if !others.iter().all(|f| f.find(body).is_some()) {
                    continue;
                }
                let field = self.field_of(rec, &first);
                found.push((field, std::cmp::Reverse(self.dates[rec.issue as usize].as_str()), chunk.first + r, pos));
            }
        }
        found.sort();
        found.truncate(limit);
        found.into_iter().map(|(field, _, r, pos)| self.hit(r, pos, words[0].len(), field)).collect()
    }

    fn field_of(&self, rec: &Record, word: &memmem::Finder) -> MatchField {
        let has = |s: Span| word.find(self.span_lower(s)).is_some();
        if has(rec.title) {
            MatchField::Title
        } else if rec.source.is_some_and(has) {
            MatchField::Source
        } else if has(rec.url) {
            MatchField::Url
        } else {
            MatchField::Body
        }
    }

    fn hit(&self, r: usize, pos: usize, len: usize, field: MatchField) -> Hit<'_> {
        let rec = &self.records[r];
        Hit {
            issue: rec.issue as usize,
            date: &self.dates[rec.issue as usize],
            section: &self.sections[rec.section as usize],
            entry: rec.entry,
            warmup: rec.warmup.map(|w| w as usize),
            line: rec.line as usize,
            title: self.span(rec.title),
            source: rec.source.map(|s| self.span(s)),
            url: self.span(rec.url),
            field,
            at: (r, pos - rec.start),
            len,
        }
    }

    /// The matched text of a hit with up to 24 characters either side,
    /// within its line, in its original case (for a result list).
    pub fn snippet(&self, hit: &Hit) -> String {
        let Some(rec) = self.records.get(hit.at.0) else { return String::new() };
        let Some(text) = self.chunks.get(rec.issue as usize).and_then(|c| c.text.get(rec.start..rec.end)) else {
            return String::new();
        };
        let at = hit.at.1.min(text.len());
        let line_start = text[..at].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let line_end = text[at..].find('\n').map(|p| at + p).unwrap_or(text.len());
        let before =
            text[line_start..at].char_indices().rev().nth(23).map(|(i, _)| line_start + i).unwrap_or(line_start);
        let end = (at + hit.len).min(line_end);
        let after = text[end..line_end].char_indices().nth(24).map(|(i, _)| end + i).unwrap_or(line_end);
        text[before..after].trim().to_string()
    }
}
