//! Search over every entry of every issue of a repository, as you type.
//!
//! The index keeps each issue's file text (shared with whoever loaded it,
//! for the snippets) and a copy with ASCII letters lowercased; its records
//! (each entry, every line of it, and each warm-up item) as ranges of that
//! text, newest issue first; the records' titles, sources and URLs,
//! lowercased, one haystack per field; and, for every 64 records, a
//! signature: for each of 2,048 slots, which of the 64 records hold a
//! feature hashed there. The features are every CJK (three- and four-byte)
//! character and every pair of ASCII bytes at an even offset of the record.
//!
//! A query takes the features of its words (for a word's ASCII pairs, those
//! at even offsets or those at odd ones, as the word may begin at either)
//! and ANDs their slots: what is left are the few records that may hold
//! every word, and only those are read, with memchr's `memmem` (substrings:
//! CJK needs no word splitting, `量化` finds `低比特量化`). Results are
//! ranked by where the longest word matched (title, source, URL, the rest
//! of the entry), then newest issue first, and are found in that order, so
//! a search stops at its limit: with many candidates, the words are looked
//! for in the fields' haystacks (a few dozen kilobytes) before the
//! candidates' texts. A word in no record costs a few AND operations per 64
//! records.
//!
//! ```
//! use jianbao::core::{parse, editorial::search::SearchIndex};
//! let a = parse("# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [低比特量化的新方法 | 某网](https://example.org/q)  \n摘要：一句话。  \n");
//! let index = SearchIndex::build(&[("2026-01-02", &a)]);
//! let hits = index.query("量化", 10);
//! assert_eq!(hits[0].date, "2026-01-02");
//! assert_eq!(hits[0].section, "论文");
//! assert_eq!(hits[0].line, 5);
//! assert!(index.query("EXAMPLE.org/Q", 10).len() == 1);
//! assert!(index.query("没有的词", 10).is_empty());
//! ```

use std::sync::Arc;

use memchr::memmem;

use crate::core::editorial::links::WARMUP_SECTION;
use crate::core::format::layout::text_lines;
use crate::core::format::model::*;
use crate::core::format::render;

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
    /// The issue's file text, shared with whoever loaded it.
    text: Arc<str>,
    /// The same with ASCII letters lowercased (so offsets agree).
    lower: String,
}

/// Slots of a signature (a power of two).
const SLOTS: usize = 2048;

/// Hashes a feature (three bytes of a CJK character, or an ASCII pair
/// with a different seed) to a slot.
#[inline(always)]
fn slot(x: u32, seed: u32) -> usize {
    ((x ^ seed).wrapping_mul(0x9E37_79B1) >> (32 - SLOTS.trailing_zeros())) as usize
}

/// The slot of a CJK character, from its first three UTF-8 bytes.
#[inline(always)]
fn cjk_slot(b: &[u8]) -> usize {
    slot((b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32, 0)
}

/// The slot of a pair of ASCII bytes (its own seed: no clash by design
/// with a character's).
#[inline(always)]
fn pair_slot(a: u8, b: u8) -> usize {
    slot((a as u32) << 8 | b as u32, 0x5BD1_E995)
}

/// Calls `f` with the slot of every feature of `s`, a record's lowercased
/// text: each character whose UTF-8 takes three or four bytes, and each
/// pair of ASCII bytes starting at an even offset ([`Probe`] takes a query
/// word's). Tight loops for runs of each kind, as records are
/// runs of Chinese and runs of ASCII (URLs, English names).
#[inline(always)]
fn features(s: &[u8], mut f: impl FnMut(usize)) {
    let n = s.len();
    let mut i = 0;
    while i < n {
        let b = s[i];
        if b >= 0xE0 {
            // Valid UTF-8: a lead byte this high has two bytes after it.
            while i + 2 < n && s[i] >= 0xE0 {
                f(cjk_slot(&s[i..i + 3]));
                i += 3;
            }
            if i + 2 >= n && i < n && s[i] >= 0xE0 {
                break;
            }
        } else if b < 0x80 {
            i += i & 1;
            while i + 1 < n && (s[i] | s[i + 1]) < 0x80 {
                f(pair_slot(s[i], s[i + 1]));
                i += 2;
            }
            if i < n && s[i] < 0x80 {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
}

/// The slots a query word's records must have: its CJK characters, and its
/// ASCII pairs at even offsets (`pairs[0]`, the word at an even offset of
/// the record) or at odd ones (`pairs[1]`).
#[derive(Debug, Default)]
struct Probe {
    cjk: Vec<usize>,
    pairs: [Vec<usize>; 2],
}

impl Probe {
    fn of(word: &[u8]) -> Probe {
        let mut p = Probe::default();
        let mut i = 0;
        while i < word.len() {
            let b = word[i];
            if b >= 0xE0 && i + 2 < word.len() {
                p.cjk.push(cjk_slot(&word[i..i + 3]));
                i += 3;
                continue;
            }
            if b < 0x80 && i + 1 < word.len() && word[i + 1] < 0x80 {
                p.pairs[i & 1].push(pair_slot(b, word[i + 1]));
            }
            i += 1;
        }
        p
    }

    /// Which records of a signature may hold the word.
    fn records(&self, sig: &[u64]) -> u64 {
        let all = |slots: &[usize]| slots.iter().fold(u64::MAX, |m, &s| m & sig[s]);
        all(&self.cjk) & (all(&self.pairs[0]) | all(&self.pairs[1]))
    }
}

/// Above this many candidates, a query reads the fields' haystacks rather
/// than each candidate's fields.
const FEW: usize = 48;

/// The fields results are ranked by, before the rest of the entry.
const FIELDS: [MatchField; 3] = [MatchField::Title, MatchField::Source, MatchField::Url];

/// One field (title, source or URL) of every record, lowercased, in rank
/// order (newest issue first), each ended by a NUL.
#[derive(Clone, Debug, Default)]
struct FieldText {
    lower: String,
    /// Where each record's text starts.
    starts: Vec<u32>,
}

impl FieldText {
    /// Record `r`'s text, without its NUL.
    fn get(&self, r: usize) -> &[u8] {
        let start = self.starts[r] as usize;
        let end = self.starts.get(r + 1).map(|&e| e as usize).unwrap_or(self.lower.len()) - 1;
        &self.lower.as_bytes()[start..end]
    }
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
    /// One per issue, in the order given.
    chunks: Vec<Chunk>,
    /// The signature of each 64 records, [`SLOTS`] words each.
    signatures: Vec<u64>,
    /// Titles, sources and URLs, a haystack each ([`FIELDS`]).
    fields: [FieldText; 3],
    records: Vec<Record>,
    dates: Vec<Str>,
    /// Section titles, each once.
    sections: Vec<Str>,
    /// Titles, sources and URLs of the records, end to end.
    strings: String,
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

/// A query's words, lowercased: the longest is searched for, the others
/// must be in the same record.
struct Words<'q> {
    /// Every word, longest first, each once.
    all: Vec<&'q str>,
    first: memmem::Finder<'q>,
    others: Vec<memmem::Finder<'q>>,
    /// Length in bytes of the first word.
    len: usize,
    /// Whether some other word is in fewer records than the first, so a
    /// record is best checked for the others first.
    others_first: bool,
}

impl<'q> Words<'q> {
    /// None for a query with no word (or with a NUL, which ends records).
    fn of(q: &'q str) -> Option<Words<'q>> {
        let mut all: Vec<&str> = q.split_whitespace().collect();
        if all.is_empty() || q.contains('\0') {
            return None;
        }
        all.sort_by_key(|w| std::cmp::Reverse(w.len()));
        all.dedup();
        Some(Words {
            first: memmem::Finder::new(all[0].as_bytes()),
            others: all[1..].iter().map(|w| memmem::Finder::new(w.as_bytes())).collect(),
            len: all[0].len(),
            all,
            others_first: false,
        })
    }

    /// Orders the checks of the other words by how many records may hold
    /// each (`counts[i]` for `all[i]`): the rarest rules out most at once.
    fn order_by(&mut self, counts: &[u32]) {
        let mut others: Vec<(u32, memmem::Finder<'q>)> =
            counts[1..].iter().copied().zip(std::mem::take(&mut self.others)).collect();
        others.sort_by_key(|(count, _)| *count);
        self.others_first = others.first().is_some_and(|(count, _)| *count < counts[0]);
        self.others = others.into_iter().map(|(_, f)| f).collect();
    }

    fn others_in(&self, body: &[u8]) -> bool {
        self.others.iter().all(|f| f.find(body).is_some())
    }
}

impl SearchIndex {
    /// Indexes every entry and warm-up item of these issues, given as
    /// (date, issue). Renders each issue once; with the files' texts at hand,
    /// [`SearchIndex::build_with_texts`] skips that.
    pub fn build(issues: &[(&str, &Issue)]) -> SearchIndex {
        let with: Vec<(&str, Arc<str>, &Issue)> =
            issues.iter().map(|(d, i)| (*d, Arc::from(render::render(i)), *i)).collect();
        SearchIndex::build_shared(&with)
    }

    /// Indexes issues given as (date, file text, parsed issue), the text being
    /// the issue's (`render(issue)`, which for a loaded file is the file).
    /// Copies each text: [`SearchIndex::build_shared`] shares them instead.
    pub fn build_with_texts(issues: &[(&str, &str, &Issue)]) -> SearchIndex {
        let with: Vec<(&str, Arc<str>, &Issue)> = issues.iter().map(|(d, t, i)| (*d, Arc::from(*t), *i)).collect();
        SearchIndex::build_shared(&with)
    }

    /// Indexes issues given as (date, file text, parsed issue), keeping a
    /// share of each text (for the snippets) rather than a copy.
    pub fn build_shared(issues: &[(&str, Arc<str>, &Issue)]) -> SearchIndex {
        let mut index = SearchIndex {
            dates: issues.iter().map(|(date, _, _)| (*date).into()).collect(),
            chunks: vec![Chunk::default(); issues.len()],
            ..SearchIndex::default()
        };
        // Records are kept in rank order: newest issue first.
        let mut newest_first: Vec<usize> = (0..issues.len()).collect();
        newest_first.sort_by(|&a, &b| issues[b].0.cmp(issues[a].0).then(a.cmp(&b)));
        for n in newest_first {
            let (_, shared, issue) = &issues[n];
            let text: &str = shared;
            index.chunks[n] = Chunk { text: shared.clone(), lower: text.to_ascii_lowercase() };
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
        index.sign();
        index.fill_fields();
        index
    }

    /// The fields' haystacks, in rank order.
    fn fill_fields(&mut self) {
        let mut fields: [FieldText; 3] = Default::default();
        for rec in &self.records {
            for (f, span) in [Some(rec.title), rec.source, Some(rec.url)].into_iter().enumerate() {
                let text = &mut fields[f];
                text.starts.push(text.lower.len() as u32);
                if let Some(s) = span {
                    push_lower(&mut text.lower, &self.strings[s.0 as usize..s.1 as usize]);
                }
                text.lower.push('\0');
            }
        }
        self.fields = fields;
    }

    /// The signature of every 64 records.
    fn sign(&mut self) {
        let mut signatures = vec![0u64; self.records.len().div_ceil(64) * SLOTS];
        for (records, sig) in self.records.chunks(64).zip(signatures.chunks_exact_mut(SLOTS)) {
            for (k, rec) in records.iter().enumerate() {
                let bit = 1u64 << k;
                let lower = self.chunks[rec.issue as usize].lower.as_bytes();
                features(&lower[rec.start..rec.end], |s| sig[s] |= bit);
            }
        }
        self.signatures = signatures;
    }

    fn store(&mut self, s: &str) -> Span {
        self.store3(s, "", "")
    }

    fn store3(&mut self, a: &str, b: &str, c: &str) -> Span {
        let start = self.strings.len() as u32;
        for part in [a, b, c] {
            self.strings.push_str(part);
        }
        (start, self.strings.len() as u32)
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
        let chunk = &self.chunks[record.issue as usize];
        // `text` is a slice of the chunk's text: its place there.
        record.start = text.as_ptr() as usize - chunk.text.as_ptr() as usize;
        record.end = record.start + text.len();
        debug_assert!(chunk.text.get(record.start..record.end) == Some(text));
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
    /// case-insensitive), those where the longest word is in the title
    /// first, then in the source, the URL, the rest of the entry; newest
    /// issue first within each; at most `limit`. An empty query finds nothing.
    pub fn query(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let q = lower_query(query);
        let Some(words) = Words::of(&q) else { return Vec::new() };
        if limit == 0 {
            return Vec::new();
        }
        let probes: Vec<Probe> = words.all.iter().map(|w| Probe::of(w.as_bytes())).collect();
        // The records that may hold every word, in rank order within a
        // field; and how many may hold each word.
        let mut candidates: Vec<u32> = Vec::new();
        let mut counts = vec![0u32; probes.len()];
        for (g, sig) in self.signatures.chunks_exact(SLOTS).enumerate() {
            let mut m = u64::MAX >> (64 - (self.records.len() - g * 64).min(64));
            let valid = m;
            for (count, p) in counts.iter_mut().zip(&probes) {
                let word = p.records(sig) & valid;
                *count += word.count_ones();
                m &= word;
            }
            while m != 0 {
                candidates.push((g * 64) as u32 + m.trailing_zeros());
                m &= m - 1;
            }
        }
        let mut words = words;
        words.order_by(&counts);
        let mut hits = Vec::new();
        if candidates.len() > FEW {
            // Many records may hold the words: find them in each field's
            // haystack of every title (source, URL) in rank order, which
            // reads a few dozen kilobytes and stops at the limit; then the
            // candidates whose fields lack the longest word.
            let mut in_field = vec![false; self.records.len()];
            for (f, &rank) in FIELDS.iter().enumerate() {
                let text = &self.fields[f];
                let hay = text.lower.as_bytes();
                let mut at = 0;
                while let Some(p) = words.first.find(&hay[at..]) {
                    let r = text.starts.partition_point(|&s| s as usize <= at + p) - 1;
                    at = text.starts.get(r + 1).map(|&e| e as usize).unwrap_or(hay.len());
                    if std::mem::replace(&mut in_field[r], true) {
                        continue;
                    }
                    if let Some(hit) = self.verify(r, &words, rank) {
                        hits.push(hit);
                        if hits.len() == limit {
                            return hits;
                        }
                    }
                }
            }
            for &r in &candidates {
                if in_field[r as usize] {
                    continue;
                }
                if let Some(hit) = self.verify(r as usize, &words, MatchField::Body) {
                    hits.push(hit);
                    if hits.len() == limit {
                        return hits;
                    }
                }
            }
            return hits;
        }
        // A few candidates: where the longest word is in each (the title, the
        // source, the URL, or none of them), a field looked at only when the
        // earlier ones lack the word, and only while results are wanted.
        let mut field: Vec<Option<MatchField>> = vec![None; candidates.len()];
        for rank in [MatchField::Title, MatchField::Source, MatchField::Url, MatchField::Body] {
            for (n, &r) in candidates.iter().enumerate() {
                if field[n].is_some() {
                    continue;
                }
                let has = match rank {
                    MatchField::Body => true,
                    _ => words.first.find(self.fields[rank as usize].get(r as usize)).is_some(),
                };
                if !has {
                    continue;
                }
                field[n] = Some(rank);
                if let Some(hit) = self.verify(r as usize, &words, rank) {
                    hits.push(hit);
                    if hits.len() == limit {
                        return hits;
                    }
                }
            }
        }
        hits
    }

    /// Record `r` as a hit ranked by `field`, if its text holds every word.
    fn verify(&self, r: usize, words: &Words, field: MatchField) -> Option<Hit<'_>> {
        let rec = &self.records[r];
        let body = &self.chunks[rec.issue as usize].lower.as_bytes()[rec.start..rec.end];
        if words.others_first && !words.others_in(body) {
            return None;
        }
        let pos = words.first.find(body)?;
        (words.others_first || words.others_in(body)).then(|| self.hit(r, rec.start + pos, words.len, field))
    }

    /// The same results as [`SearchIndex::query`], found the slow way:
    /// every record read, ranked afterwards. For the tests, which hold the
    /// fast way to it.
    #[doc(hidden)]
    pub fn query_exhaustive(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let q = lower_query(query);
        let Some(words) = Words::of(&q) else { return Vec::new() };
        let mut found: Vec<(MatchField, std::cmp::Reverse<&str>, usize, usize)> = Vec::new();
        for (r, rec) in self.records.iter().enumerate() {
            let body = &self.chunks[rec.issue as usize].lower.as_bytes()[rec.start..rec.end];
            let Some(pos) = words.first.find(body) else { continue };
            if words.others_in(body) {
                let field = self.field_of(r, &words.first);
                found.push((field, std::cmp::Reverse(self.dates[rec.issue as usize].as_str()), r, rec.start + pos));
            }
        }
        found.sort();
        found.truncate(limit);
        found.into_iter().map(|(field, _, r, pos)| self.hit(r, pos, words.len, field)).collect()
    }

    fn field_of(&self, r: usize, word: &memmem::Finder) -> MatchField {
        match (0..3).find(|&f| word.find(self.fields[f].get(r)).is_some()) {
            Some(f) => FIELDS[f],
            None => MatchField::Body,
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
