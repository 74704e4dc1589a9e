//! Links: a normal form under which two spellings of one address compare
//! equal, the links an issue's entries hold, and an index of every link of a
//! repository ("was this already in an earlier issue?", asked on each
//! keystroke, so a single hash lookup).

use std::collections::HashMap;
use std::sync::Arc;

use smallvec::SmallVec;

use crate::core::format::layout::{LineRole, layout};
use crate::core::format::model::*;

/// Query parameters that only track where a reader came from.
fn is_tracking_param(name: &str) -> bool {
    if name.len() > 20 {
        return false;
    }
    let mut buf = [0u8; 20];
    buf[..name.len()].copy_from_slice(name.as_bytes());
    buf[..name.len()].make_ascii_lowercase();
    let n = std::str::from_utf8(&buf[..name.len()]).unwrap_or("");
    n.starts_with("utm_")
        || matches!(
            n,
            "spm"
                | "from"
                | "scene"
                | "srcid"
                | "chksm"
                | "sharer_sharetime"
                | "sharer_shareid"
                | "sessionid"
                | "isappinstalled"
                | "clicktime"
                | "enterid"
                | "ascene"
                | "devicetype"
                | "version"
                | "nettype"
                | "lang"
                | "pass_ticket"
                | "exportkey"
                | "fbclid"
                | "gclid"
                | "ref"
                | "ref_src"
                | "share_token"
                | "mpshare"
                | "subscene"
        )
}

/// The arXiv id of a path such as `/abs/2009.00278v2` or `/pdf/2009.00278.pdf`,
/// without its version.
pub fn arxiv_id_of_path(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/abs/").or_else(|| path.strip_prefix("/pdf/"))?;
    let rest = rest.trim_end_matches('/');
    let rest = rest.strip_suffix(".pdf").unwrap_or(rest);
    let id = strip_arxiv_version(rest);
    is_arxiv_id(id).then_some(id)
}

/// `2009.00278v2` → `2009.00278`.
pub fn strip_arxiv_version(id: &str) -> &str {
    match id.rfind('v') {
        Some(p) if p > 0 && p + 1 < id.len() && id[p + 1..].bytes().all(|b| b.is_ascii_digit()) => &id[..p],
        _ => id,
    }
}

/// A new-style arXiv id without version: `YYMM.NNNNN` (4 or 5 digits after the dot).
pub fn is_arxiv_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 9 && b.len() <= 10 && b[4] == b'.' && b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
}

/// The arXiv id (without version) a URL points to, if it is an arXiv paper.
pub fn arxiv_id_of_url(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("://").map(|(_, r)| r).unwrap_or(url.trim());
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = host.strip_prefix("www.").unwrap_or(host);
    if !(host.eq_ignore_ascii_case("arxiv.org") || host.eq_ignore_ascii_case("export.arxiv.org")) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    arxiv_id_of_path(path)
}

/// The normal form of a URL: two links that lead to the same page get the
/// same string. Drops the scheme, `www.`, a trailing slash, the fragment
/// and tracking parameters (`utm_*`, WeChat's `chksm`, `scene`…); sorts the
/// remaining parameters; lowercases the host (and GitHub's owner/repo, which
/// GitHub treats case-insensitively); and writes every arXiv abs/pdf link,
/// any version, as `arxiv.org/abs/ID`.
///
/// ```
/// use jianbao::core::editorial::links::normalize_url;
/// assert_eq!(normalize_url("https://www.Example.com/a/?utm_source=x"), "example.com/a");
/// assert_eq!(normalize_url("http://arxiv.org/pdf/2009.00278v2.pdf"), normalize_url("https://arxiv.org/abs/2009.00278"));
/// ```
pub fn normalize_url(url: &str) -> String {
    let url = url.trim().trim_start_matches('<').trim_end_matches('>');
    // The scheme: letters, then `://` (found by hand: this runs for every
    // link of the archive, and a substring searcher costs more to set up
    // than the scheme takes to read).
    let scheme = url.bytes().position(|b| !b.is_ascii_alphabetic()).unwrap_or(url.len());
    let rest = match url.get(scheme..) {
        Some(r) if r.starts_with("://") => &r[3..],
        _ => url.strip_prefix("//").unwrap_or(url),
    };
    // Drop the fragment, but keep a `#/route` of a single-page site.
    let rest = match memchr::memchr(b'#', rest.as_bytes()) {
        Some(p) if !rest[p..].starts_with("#/") => &rest[..p],
        _ => rest,
    };
    let (before_query, query) = match memchr::memchr(b'?', rest.as_bytes()) {
        Some(p) => (&rest[..p], Some(&rest[p + 1..])),
        None => (rest, None),
    };
    let (host, path) =
        before_query.split_at(memchr::memchr(b'/', before_query.as_bytes()).unwrap_or(before_query.len()));
    let mut out = String::with_capacity(url.len());
    out.push_str(host);
    out.make_ascii_lowercase();
    if out.starts_with("www.") {
        out.drain(..4);
    }
    for port in [":443", ":80"] {
        if out.ends_with(port) {
            out.truncate(out.len() - port.len());
        }
    }
    if out == "export.arxiv.org" {
        out.replace_range(.., "arxiv.org");
    }
    if out == "arxiv.org"
        && let Some(id) = arxiv_id_of_path(path)
    {
        out.push_str("/abs/");
        out.push_str(id);
        return out;
    }
    let path = path.trim_end_matches('/');
    if out == "github.com" {
        // github.com/Owner/Repo(.git) → lowercase owner and repo.
        let mut parts = path.splitn(4, '/');
        let _ = parts.next();
        let owner = parts.next().unwrap_or("");
        let repo = parts.next().unwrap_or("");
        let tail = parts.next();
        let at = out.len();
        if !owner.is_empty() {
            out.push('/');
            out.push_str(owner);
        }
        if !repo.is_empty() {
            out.push('/');
            out.push_str(repo.strip_suffix(".git").unwrap_or(repo));
        }
        out[at..].make_ascii_lowercase();
        if let Some(t) = tail {
            out.push('/');
            out.push_str(t);
        }
    } else {
        out.push_str(path);
    }
    if let Some(q) = query {
        let mut params: Vec<&str> = q
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| !is_tracking_param(p.split('=').next().unwrap_or("")))
            .collect();
        if !params.is_empty() {
            params.sort_unstable();
            for (i, p) in params.iter().enumerate() {
                out.push(if i == 0 { '?' } else { '&' });
                out.push_str(p);
            }
        }
    }
    out
}

/// A URL found in a line: its byte offset in the line and its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlAt<'a> {
    pub start: usize,
    pub url: &'a str,
}

fn is_url_end(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, ')' | ']' | '>' | '"' | '\'' | '<' | '，' | '。' | '；' | '、' | '）' | '】' | '」' | '“' | '”')
        || (c as u32) >= 0x2E80 // CJK text right after a bare URL
}

/// The http(s) URLs of a line: the targets of `[text](url)` links and bare
/// `https://…` addresses, in order, each once per position.
pub fn urls_in_line(line: &str) -> Vec<UrlAt<'_>> {
    let mut out = Vec::new();
    urls_in_line_into(line, &mut out);
    out
}

/// [`urls_in_line`] into a buffer, which is cleared first.
fn urls_in_line_into<'a>(line: &'a str, out: &mut Vec<UrlAt<'a>>) {
    out.clear();
    let bytes = line.as_bytes();
    // Markdown link targets.
    for p in memchr::memchr_iter(b']', bytes) {
        if bytes.get(p + 1) != Some(&b'(') {
            continue;
        }
        let start = p + 2;
        let mut depth = 0usize;
        let mut end = None;
        for i in memchr::memchr3_iter(b'(', b')', b' ', &bytes[start..]) {
            match bytes[start + i] {
                b'(' => depth += 1,
                b')' if depth > 0 => depth -= 1,
                _ => {
                    end = Some(start + i);
                    break;
                }
            }
        }
        let end = end.unwrap_or(bytes.len());
        let url = &line[start..end];
        if url.starts_with("http://") || url.starts_with("https://") {
            out.push(UrlAt { start, url });
        }
    }
    // Bare addresses outside link targets.
    for p in memchr::memchr_iter(b'h', bytes) {
        let rest = &line[p..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        if out.iter().any(|u| p >= u.start && p < u.start + u.url.len().max(1)) {
            continue;
        }
        if p >= 2 && &bytes[p - 2..p] == b"](" {
            continue;
        }
        let len = rest.find(is_url_end).unwrap_or(rest.len());
        let url = rest[..len].trim_end_matches(['.', ',', ';', ':']);
        if url.len() > "https://".len() {
            out.push(UrlAt { start: p, url });
        }
    }
    if out.len() > 1 {
        out.sort_by_key(|u| u.start);
    }
}

/// A link of an issue's content (an entry or a warm-up item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef<'a> {
    /// 0-based line in the file.
    pub line: usize,
    /// Byte offset of the URL in its line.
    pub start: usize,
    pub url: &'a str,
    /// The section's title; empty for a warm-up item (the preamble).
    pub section: &'a str,
    pub entry: Option<EntryId>,
    /// The warm-up item's index, for a link of the warm-up news.
    pub warmup: Option<usize>,
}

/// The name the preamble's warm-up news goes by where a section title is shown.
pub const WARMUP_SECTION: &str = "热身新闻";

/// The links an issue's readers follow to its stories: those of entries and
/// warm-up items (not the digest, notes, archive or footer, which point at
/// the issue itself or repeat in every issue). `text` is the issue's file
/// text (`render(issue)`).
pub fn content_links<'a>(text: &'a str, issue: &'a Issue) -> Vec<LinkRef<'a>> {
    let roles = layout(issue);
    let bytes = text.as_bytes();
    let base = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut out = Vec::new();
    // One pass over the text for `http`; only the lines holding one are read,
    // their numbers counted from one such line to the next.
    let (mut line, mut line_start, mut line_end) = (0usize, base, base);
    let mut last = usize::MAX;
    let titles: Vec<&str> = issue.sections.iter().map(|s| s.heading.title.trim()).collect();
    let mut found = Vec::new();
    for pos in memchr::memmem::find_iter(&bytes[base..], b"http").map(|p| p + base) {
        if pos < line_end && last == line {
            continue;
        }
        if pos >= line_end && line_end != base {
            // Move to the line holding `pos`.
            line += 1 + memchr::memchr_iter(b'\n', &bytes[line_end + 1..pos]).count();
        }
        if pos >= line_end {
            line_start = memchr::memrchr(b'\n', &bytes[..pos]).map(|p| p + 1).unwrap_or(base).max(base);
            line_end = memchr::memchr(b'\n', &bytes[pos..]).map(|p| pos + p).unwrap_or(bytes.len());
            if last == usize::MAX {
                line = memchr::memchr_iter(b'\n', &bytes[base..line_start]).count();
            }
        }
        last = line;
        let (section, entry, warmup) = match roles.get(line) {
            Some(LineRole::Entry { section, entry, .. }) => (*section, Some(*entry), None),
            Some(LineRole::Warmup { index }) => (usize::MAX, None, Some(*index)),
            _ => continue,
        };
        let section_title = titles.get(section).copied().unwrap_or(WARMUP_SECTION);
        urls_in_line_into(&text[line_start..line_end], &mut found);
        for u in &found {
            out.push(LinkRef { line, start: u.start, url: u.url, section: section_title, entry, warmup });
        }
    }
    out
}

/// Where a link was used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The issue's date (its file name).
    pub date: Str,
    /// The section's title (`业界新闻`…), or [`WARMUP_SECTION`].
    pub section: Str,
    /// The entry's title (or the warm-up item's subject and text), shared
    /// by the entry's links.
    pub title: Arc<str>,
    /// 1-based line in that issue's file.
    pub line: usize,
    pub entry: Option<EntryId>,
}

/// Every content link of a repository, by normal form.
#[derive(Clone, Debug, Default)]
pub struct LinkIndex {
    /// Most links are used once: their one use is kept inline.
    map: HashMap<String, SmallVec<[Occurrence; 1]>, foldhash::fast::RandomState>,
}

impl LinkIndex {
    /// Indexes issues given as (date, file text, parsed issue).
    pub fn build(issues: &[(&str, &str, &Issue)]) -> LinkIndex {
        let mut index = LinkIndex { map: HashMap::with_capacity_and_hasher(issues.len() * 32, Default::default()) };
        for (date, text, issue) in issues {
            index.add_issue(date, text, issue);
        }
        index
    }

    /// Adds one issue's links (an issue already present is not removed first:
    /// call [`LinkIndex::remove_issue`] to replace it).
    pub fn add_issue(&mut self, date: &str, text: &str, issue: &Issue) {
        let links = content_links(text, issue);
        if links.is_empty() {
            return;
        }
        let date: Str = date.into();
        let mut warmups: Option<Vec<Arc<str>>> = None;
        // Links come in file order: the entry's title is made once per entry.
        let mut last_entry: Option<(EntryId, Arc<str>)> = None;
        for (n, l) in links.iter().enumerate() {
            // Once per line: `[https://x](https://x)` is one link.
            if links[..n].iter().rev().take_while(|o| o.line == l.line).any(|o| o.url == l.url) {
                continue;
            }
            let title: Arc<str> = match (l.entry, l.warmup) {
                (Some(id), _) => match &last_entry {
                    Some((last, t)) if *last == id => t.clone(),
                    _ => {
                        let t: Arc<str> = match issue.entry(id) {
                            Some(e) => match e.typed() {
                                Some(t) if !t.head.title.trim().is_empty() => Arc::from(t.head.title.trim()),
                                _ => Arc::from(e.label()),
                            },
                            None => Arc::from(""),
                        };
                        last_entry = Some((id, t.clone()));
                        t
                    }
                },
                (None, Some(w)) => warmups
                    .get_or_insert_with(|| {
                        issue
                            .warmup_items()
                            .iter()
                            .map(|i| Arc::from(format!("{}{}{}", i.subject, i.colon, i.text)))
                            .collect()
                    })
                    .get(w)
                    .cloned()
                    .unwrap_or_else(|| Arc::from("")),
                _ => Arc::from(""),
            };
            let uses = self.map.entry(normalize_url(l.url)).or_default();
            uses.push(Occurrence {
                date: date.clone(),
                section: l.section.into(),
                title,
                line: l.line + 1,
                entry: l.entry,
            });
            // Oldest first, whatever order the issues come in.
            if uses.len() > 1 && uses[uses.len() - 2].date > uses[uses.len() - 1].date {
                uses.sort_by(|a, b| (&a.date, a.line).cmp(&(&b.date, b.line)));
            }
        }
    }

    /// Drops every occurrence of an issue (before re-adding it after an edit).
    pub fn remove_issue(&mut self, date: &str) {
        self.map.retain(|_, v| {
            v.retain(|o| o.date != date);
            !v.is_empty()
        });
    }

    /// Where a URL (any spelling) was used, oldest issue first.
    pub fn lookup(&self, url: &str) -> &[Occurrence] {
        self.lookup_normalized(&normalize_url(url))
    }

    /// Like [`LinkIndex::lookup`] for a key already normalised.
    pub fn lookup_normalized(&self, key: &str) -> &[Occurrence] {
        self.map.get(key).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// The latest use of a URL in an issue dated before `date`.
    pub fn latest_before(&self, url: &str, date: &str) -> Option<&Occurrence> {
        self.lookup(url).iter().filter(|o| o.date.as_str() < date).max_by(|a, b| a.date.cmp(&b.date))
    }

    /// Number of distinct links.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every normalised link used in more than one issue, with its uses.
    pub fn repeated_across_issues(&self) -> Vec<(&str, &[Occurrence])> {
        let mut out: Vec<(&str, &[Occurrence])> = self
            .map
            .iter()
            .filter(|(_, v)| v.iter().any(|o| o.date != v[0].date))
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        out.sort_by_key(|(k, _)| *k);
        out
    }
}
