//! Editorial checks: the slips a person makes writing an issue at speed,
//! each reported with its place and, where a fix cannot change meaning, the
//! exact bytes that fix it. The loader keeps these slips as they are; this is
//! where they are named.
//!
//! ```
//! use jianbao::core::editorial::lint::{CheckContext, apply_fixes, check_issue};
//!
//! let text = "# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [一篇文章](https://example.org/a)  \n摘要:一句话。  \n";
//! let issue = jianbao::core::parse(text);
//! let found = check_issue(text, &issue, &CheckContext::default());
//! assert_eq!(found[0].rule, "label-colon");
//! assert_eq!((found[0].line, found[0].column), (6, 3));
//! assert_eq!(apply_fixes(text, &found), text.replace("摘要:", "摘要："));
//! ```

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::core::editorial::links::{
    LinkIndex, arxiv_id_of_url, content_links, is_arxiv_id, normalize_url, strip_arxiv_version,
};
use crate::core::files::archive::linked_dates;
use crate::core::format::layout::{LineRole, layout, text_lines};
use crate::core::format::model::*;
pub use crate::core::format::parse::broken_link_at;
use crate::core::format::parse::{link_at, looks_like_date, parse, parse_body_line, split_trail};

/// How bad a finding is. `jianbao check` exits 1 when any is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rendered issue is broken (a dead or unclosed link, a wrong date).
    Error,
    /// A slip readers see or an editorial fault (a repeated story).
    Warning,
    /// Style only.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Replace the bytes `range` of the file's text with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Byte range in the text the diagnostic was made from.
    pub range: Range<usize>,
    pub replacement: String,
    /// What the fix does, for a button or a hint (`use a full-width colon`).
    pub title: String,
}

/// The other place a finding refers to (the earlier use of a repeated link).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The other issue's date (the same issue's for a repeat within it).
    pub date: String,
    /// Its section title (`业界新闻`…, or `热身新闻` for the warm-up news).
    pub section: String,
    /// The entry's title there.
    pub title: String,
    /// 1-based line in that issue's file.
    pub line: usize,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The rule's id (`empty-link`…), one of [`RULES`].
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub fix: Option<Fix>,
    /// The entry the line belongs to, so a tree can mark it.
    pub entry: Option<EntryId>,
    pub related: Option<Related>,
}

/// A rule: its id, severity and what it looks for.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// Whether it offers an automatic fix.
    pub fixable: bool,
}

/// Every rule, in the order they are documented.
pub const RULES: &[Rule] = &[
    Rule { id: "empty-link", severity: Severity::Error, summary: "a link with no address `[…]()`", fixable: false },
    Rule { id: "unclosed-link", severity: Severity::Error, summary: "a `[` or `](` that never closes", fixable: false },
    Rule {
        id: "split-url",
        severity: Severity::Error,
        summary: "a link's address broken across two lines",
        fixable: true,
    },
    Rule {
        id: "label-colon",
        severity: Severity::Warning,
        summary: "a label with an ASCII colon (`摘要:`) or none (`摘要`)",
        fixable: true,
    },
    Rule {
        id: "empty-summary",
        severity: Severity::Warning,
        summary: "a `摘要：` with nothing after it",
        fixable: false,
    },
    Rule {
        id: "bullet",
        severity: Severity::Warning,
        summary: "an entry or warm-up item with an en-dash bullet `– ` or none",
        fixable: true,
    },
    Rule {
        id: "title-separator",
        severity: Severity::Warning,
        summary: "a title/source separator other than ` | ` (`丨`, `｜`, odd spacing)",
        fixable: true,
    },
    Rule {
        id: "hard-break",
        severity: Severity::Warning,
        summary: "a line without its two trailing spaces, so it merges with the next when rendered (a line wrapped mid-sentence: join them)",
        fixable: true,
    },
    Rule {
        id: "warmup-terminator",
        severity: Severity::Warning,
        summary: "a warm-up item not ending in `；` (the last: `。`)",
        fixable: true,
    },
    Rule {
        id: "digest-count",
        severity: Severity::Warning,
        summary: "the digest's count of entries (`本次N条`) disagrees with the entries",
        fixable: true,
    },
    Rule {
        id: "arxiv-tag",
        severity: Severity::Warning,
        summary: "an arXiv tag that names another paper than the link",
        fixable: true,
    },
    Rule {
        id: "title-date",
        severity: Severity::Error,
        summary: "the title's date is not the file name's",
        fixable: true,
    },
    Rule {
        id: "missing-title",
        severity: Severity::Warning,
        summary: "no `# 嵌入式AI简报 (YYYY-MM-DD)` title (a draft)",
        fixable: true,
    },
    Rule {
        id: "entry-outside-section",
        severity: Severity::Warning,
        summary: "an entry before any `## ` section heading (a draft's unnamed group)",
        fixable: false,
    },
    Rule {
        id: "bare-url",
        severity: Severity::Warning,
        summary: "an address not inside a link `[…](…)`: the article shows it as plain text",
        fixable: false,
    },
    Rule {
        id: "stale-archive",
        severity: Severity::Warning,
        summary: "README.md's archive misses an issue, lists one twice or links a missing file",
        fixable: false,
    },
    Rule {
        id: "duplicate-link",
        severity: Severity::Warning,
        summary: "a link used twice in one issue or already in an earlier issue",
        fixable: false,
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

fn severity_of(id: &str) -> Severity {
    rule(id).map(|r| r.severity).unwrap_or(Severity::Warning)
}

/// What a check knows beyond the file: its date, the repository's links
/// and README.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckContext<'a> {
    /// The file's date, from its name (`2020-08-26.md`).
    pub date: Option<&'a str>,
    /// Every link of the repository, for links already used in an earlier issue.
    pub links: Option<&'a LinkIndex>,
    /// The repository's README.md, for an archive that misses this issue.
    pub readme: Option<&'a str>,
}

/// The date a file's name carries (`…/2020-08-26.md` → `2020-08-26`).
pub fn date_of_path(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    looks_like_date(stem).then(|| stem.to_string())
}

struct Checker<'a> {
    text: &'a str,
    lines: Vec<(usize, &'a str)>,
    roles: Vec<LineRole>,
    issue: &'a Issue,
    ctx: &'a CheckContext<'a>,
    out: Vec<Diagnostic>,
    /// Lines whose link goes on on the next line: no hard break is wanted there.
    continued: Vec<usize>,
}

/// Checks an issue. `text` is the file's text and `issue` its parse
/// (`parse(text)`): fixes are byte ranges of `text`. Diagnostics come sorted
/// by line and column.
pub fn check_issue(text: &str, issue: &Issue, ctx: &CheckContext) -> Vec<Diagnostic> {
    let mut c = Checker {
        text,
        lines: text_lines(text),
        roles: layout(issue),
        issue,
        ctx,
        out: Vec::new(),
        continued: Vec::new(),
    };
    debug_assert_eq!(c.lines.len(), c.roles.len(), "the issue is the text's parse");
    c.links_markup();
    c.entries();
    c.warmup();
    c.digest();
    c.title();
    c.draft();
    c.bare_urls();
    c.duplicates();
    let mut out = c.out;
    out.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    out
}

/// Parses and checks a text.
pub fn check_text(text: &str, ctx: &CheckContext) -> Vec<Diagnostic> {
    check_issue(text, &parse(text), ctx)
}

impl<'a> Checker<'a> {
    fn line(&self, i: usize) -> &'a str {
        self.lines[i].1
    }

    fn role(&self, i: usize) -> LineRole {
        self.roles.get(i).copied().unwrap_or(LineRole::Footer)
    }

    /// A diagnostic at byte `at` of line `i` (0-based).
    fn push(&mut self, i: usize, at: usize, rule: &'static str, message: String) -> &mut Diagnostic {
        let line = self.line(i);
        let at = at.min(line.len());
        let column = line[..at].chars().count() + 1;
        self.out.push(Diagnostic {
            line: i + 1,
            column,
            rule,
            severity: severity_of(rule),
            message,
            fix: None,
            entry: self.role(i).entry(),
            related: None,
        });
        self.out.last_mut().unwrap()
    }

    /// A fix replacing bytes `r` of line `i`.
    fn fix(&self, i: usize, r: Range<usize>, replacement: &str, title: impl Into<String>) -> Option<Fix> {
        let start = self.lines[i].0;
        Some(Fix { range: start + r.start..start + r.end, replacement: replacement.into(), title: title.into() })
    }

    /// Empty, unclosed and split links, on every line but the front matter.
    fn links_markup(&mut self) {
        // Bytes at the start of a line that finish a link begun on the line before.
        let mut carried = 0;
        for i in 0..self.lines.len() {
            let skip = std::mem::take(&mut carried);
            if self.role(i) == LineRole::FrontMatter {
                continue;
            }
            let line = self.line(i);
            for p in memchr::memmem::find_iter(line.as_bytes(), b"](") {
                let rest = &line[p + 2..];
                let inner = rest.find(')').map(|e| &rest[..e]);
                if inner.is_some_and(|s| s.trim().is_empty()) {
                    let open = line[..p].rfind('[').unwrap_or(p);
                    let text = line.get(open + 1..p).unwrap_or("");
                    self.push(i, open, "empty-link", format!("the link `[{text}]()` has no address"));
                }
            }
            let Some(at) = broken_link_at(&line[skip..]).map(|a| a + skip) else { continue };
            let (content, _) = split_trail(line);
            // A link that continues on the next line of the same block.
            if i + 1 < self.lines.len() && self.same_block(i, i + 1) {
                let next = self.line(i + 1);
                let next_start = next.len() - next.trim_start().len();
                let joined = format!("{} {}", &content[at..], &next[next_start..]);
                let closes = broken_link_at(&joined).is_none_or(|b| b > content.len() - at);
                if closes {
                    self.continued.push(i);
                    // Where the carried-over link ends on the next line.
                    carried = next.find(')').map(|p| p + 1).unwrap_or(0);
                    if url_is_open(&content[at..]) {
                        let start = self.lines[i].0 + content.len();
                        let end = self.lines[i + 1].0 + next_start;
                        self.push(i, at, "split-url", "the link's address is broken across two lines".into()).fix =
                            Some(Fix {
                                range: start..end,
                                replacement: String::new(),
                                title: "join the address into one line".into(),
                            });
                    }
                    // Otherwise link text running over two lines: valid markdown.
                    continue;
                }
            }
            self.push(i, at, "unclosed-link", "a link that does not close on this line".into());
        }
    }

    /// Whether two lines belong to one paragraph-like block (one entry, the
    /// digest, one note).
    fn same_block(&self, a: usize, b: usize) -> bool {
        use LineRole as R;
        let text_like = |r: LineRole| {
            matches!(
                r,
                R::Digest { .. }
                    | R::Note
                    | R::Paragraph
                    | R::PreambleRaw
                    | R::SectionText { .. }
                    | R::SectionRaw { .. }
            )
        };
        match (self.role(a), self.role(b)) {
            (R::Entry { entry: x, .. }, R::Entry { entry: y, .. }) => x == y,
            (x, y) if text_like(x) && text_like(y) => x.section() == y.section(),
            _ => false,
        }
    }

    /// Per entry: bullet, separator, arXiv tag, labels, summaries, hard breaks.
    fn entries(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let LineRole::Entry { entry, .. } = self.role(i) else {
                i += 1;
                continue;
            };
            let mut end = i + 1;
            while end < self.lines.len() && matches!(self.role(end), LineRole::Entry { entry: e, .. } if e == entry) {
                end += 1;
            }
            self.entry(i, end, entry);
            i = end;
        }
    }

    fn entry(&mut self, first: usize, end: usize, id: EntryId) {
        let head = self.line(first);
        if head.starts_with("– ") {
            let fix = self.fix(first, 0..'–'.len_utf8(), "-", "use `-` as the bullet");
            self.push(first, 0, "bullet", "an en-dash `–` as the bullet: markdown shows no list item".into()).fix = fix;
        } else if !head.starts_with("- ") && !head.starts_with("* ") {
            let fix = self.fix(first, 0..0, "- ", "add the bullet `- `");
            self.push(first, 0, "bullet", "an entry without its bullet `- `".into()).fix = fix;
        }
        if let Some(t) = self.issue.entry(id).and_then(Entry::typed) {
            self.head(first, t);
        }
        for i in first + 1..end {
            self.body_line(i, i + 1 < end);
        }
        for i in first..end - 1 {
            self.hard_break(i, self.line(i + 1));
        }
    }

    fn head(&mut self, i: usize, t: &TypedEntry) {
        let h = &t.head;
        let mut at = t.bullet.len();
        let mut tags = Vec::new();
        for tag in &h.tags {
            tags.push((at + 1, tag));
            at += 1 + tag.text.len() + 1 + tag.sep.len();
        }
        if h.linked {
            at += 1;
        }
        if let Some(repo) = &h.repo {
            at += repo.len() + h.repo_sep.len();
        }
        at += h.title.len();
        if h.source.is_some() && h.source_sep != " | " {
            let odd = h.source_sep.contains(['丨', '｜']);
            let sep = &h.source_sep;
            let fix = self.fix(i, at..at + sep.len(), " | ", "use ` | ` between title and source");
            let d = self.push(
                i,
                at,
                "title-separator",
                if odd {
                    format!("`{}` between title and source: the newsletter uses ` | `", sep.trim())
                } else {
                    format!("`{sep}` between title and source: the newsletter uses ` | `, one space each side")
                },
            );
            d.fix = fix;
            if !odd {
                d.severity = Severity::Info;
            }
        }
        // arXiv tags against the paper's address.
        let Some(url_id) = arxiv_id_of_url(&h.url) else { return };
        for (at, tag) in tags {
            let tag_id = strip_arxiv_version(tag.text.trim());
            if is_arxiv_id(tag_id) && tag_id != url_id {
                let written = url_written_id(&h.url).unwrap_or(url_id).to_string();
                let fix = self.fix(i, at..at + tag.text.len(), &written, format!("tag it `{written}`"));
                self.push(
                    i,
                    at,
                    "arxiv-tag",
                    format!("the tag names arXiv {tag_id} but the link is to arXiv {url_id}"),
                )
                .fix = fix;
            }
        }
    }

    /// Labels and summaries of a continuation line of an entry.
    fn body_line(&mut self, i: usize, has_next: bool) {
        let line = self.line(i);
        let BodyLine::Field { indent, label, colon, value, .. } = parse_body_line(line) else { return };
        let at = indent.len() + label.len();
        if colon == ":" {
            let fix = self.fix(i, at..at + 1, "：", "use a full-width colon `：`");
            self.push(
                i,
                at,
                "label-colon",
                format!("`{label}:` with an ASCII colon: the newsletter writes `{label}：`"),
            )
            .fix = fix;
        } else if colon.is_empty() {
            let fix = self.fix(i, at..at, "：", "add the colon `：`");
            self.push(i, at, "label-colon", format!("`{label}` without its colon `：`")).fix = fix;
        }
        if label == "摘要" && value.trim().is_empty() {
            let continues =
                has_next && matches!(parse_body_line(self.line(i + 1)), BodyLine::Text { .. } | BodyLine::Item { .. });
            if !continues {
                self.push(i, 0, "empty-summary", "the summary `摘要：` is empty".into());
            }
        }
    }

    /// Line `i` followed by `next` in one paragraph: without two trailing
    /// spaces (or a `\`) they merge into one line when rendered.
    fn hard_break(&mut self, i: usize, next: &str) {
        if self.continued.contains(&i) {
            return;
        }
        let line = self.line(i);
        let no_cr = line.strip_suffix('\r').unwrap_or(line);
        let content = no_cr.trim_end_matches([' ', '\t']);
        if content.trim().is_empty() || content.ends_with('\\') || no_cr.ends_with("  ") {
            return;
        }
        if content.trim_start_matches(['>', ' ']).is_empty() {
            return;
        }
        let n = next.trim_start();
        let n = if matches!(self.role(i), LineRole::Digest { .. }) { n.trim_start_matches(['>', ' ']) } else { n };
        if n.trim().is_empty() || starts_block(n) {
            return;
        }
        if let Some(sep) = wrapped_mid_sentence(content, n) {
            // The sentence goes on: the right fix joins the lines.
            let start = self.lines[i].0 + content.len();
            let end = self.lines[i + 1].0 + (next.len() - n.len());
            self.push(
                i,
                content.len(),
                "hard-break",
                "a line wrapped in the middle of a sentence: it goes on on the next line".into(),
            )
            .fix = Some(Fix { range: start..end, replacement: sep.into(), title: "join the two lines".into() });
            return;
        }
        let fix = self.fix(i, content.len()..no_cr.len(), "  ", "end the line in two spaces");
        self.push(
            i,
            content.len(),
            "hard-break",
            "no hard break (two trailing spaces): this line and the next merge when rendered".into(),
        )
        .fix = fix;
    }

    /// A draft's slips: no title, entries before any section.
    fn draft(&mut self) {
        if self.issue.title().is_none() {
            let first = (0..self.lines.len()).find(|&i| self.role(i) != LineRole::FrontMatter);
            let at = first.unwrap_or(self.lines.len() - 1);
            let fix = match (self.ctx.date, first) {
                (Some(date), Some(first)) => {
                    let eol = if self.issue.crlf { "\r\n" } else { "\n" };
                    let blank_after = crate::core::format::parse::is_blank(self.lines[first].1);
                    let title = format!("# 嵌入式AI简报 ({date}){eol}{}", if blank_after { "" } else { eol });
                    let start = self.lines[first].0;
                    Some(Fix { range: start..start, replacement: title, title: format!("add the title of {date}") })
                }
                _ => None,
            };
            self.push(at, 0, "missing-title", "the issue has no title `# 嵌入式AI简报 (YYYY-MM-DD)`".into()).fix = fix;
        }
        let Some(group) = self.issue.unnamed_group() else { return };
        let ids: Vec<EntryId> = group.entries().map(|e| e.id).collect();
        for i in 0..self.lines.len() {
            if let LineRole::Entry { entry, line: 0, .. } = self.role(i)
                && ids.contains(&entry)
            {
                self.push(
                    i,
                    0,
                    "entry-outside-section",
                    "an entry before any `## ` section: move it into a section".into(),
                );
            }
        }
    }

    /// Addresses not inside a link, in the text a reader sees (entries,
    /// paragraphs, the digest, the warm-up news; not the archive, notes or footer).
    fn bare_urls(&mut self) {
        for i in 0..self.lines.len() {
            let role = self.role(i);
            let counted = match role {
                LineRole::Entry { .. }
                | LineRole::Paragraph
                | LineRole::PreambleRaw
                | LineRole::Digest { .. }
                | LineRole::Warmup { .. } => true,
                LineRole::SectionText { section } | LineRole::SectionRaw { section } => {
                    self.issue.sections.get(section).is_some_and(|s| s.kind() != SectionKind::Archive)
                }
                _ => false,
            };
            if !counted {
                continue;
            }
            let line = self.line(i);
            if let Some(at) = bare_urls(line).next() {
                let end = line[at..].find(|c: char| c.is_whitespace()).map(|e| at + e).unwrap_or(line.len());
                let url = short(&line[at..end]);
                self.push(i, at, "bare-url", format!("the address {url} is not a link: the article shows it as text"));
            }
        }
    }

    fn warmup(&mut self) {
        let has_intro = self.issue.preamble.iter().any(|b| matches!(b, PreambleBlock::WarmupIntro(_)));
        let items = self.issue.warmup_items();
        if !has_intro || items.is_empty() {
            return;
        }
        let last = items.len() - 1;
        let rows: Vec<(usize, usize)> = (0..self.lines.len())
            .filter_map(|i| match self.role(i) {
                LineRole::Warmup { index } => Some((i, index)),
                _ => None,
            })
            .collect();
        for (i, index) in rows {
            let line = self.line(i);
            let item = items[index];
            if line.starts_with("– ") {
                let fix = self.fix(i, 0..'–'.len_utf8(), "-", "use `-` as the bullet");
                self.push(i, 0, "bullet", "an en-dash `–` as the bullet: markdown shows no list item".into()).fix = fix;
            }
            let want = if index == last { "。" } else { "；" };
            if item.terminator == want {
                continue;
            }
            let (content, _) = split_trail(line);
            let end = content.len();
            let start = end - item.terminator.len();
            let msg = match (index == last, item.terminator.is_empty()) {
                (true, true) => "the last warm-up item does not end in `。`".to_string(),
                (true, false) => format!("the last warm-up item ends in `{}`, not `。`", item.terminator),
                (false, true) => "a warm-up item (not the last) does not end in `；`".to_string(),
                (false, false) => format!("a warm-up item (not the last) ends in `{}`, not `；`", item.terminator),
            };
            let fix = self.fix(i, start..end, want, format!("end it in `{want}`"));
            self.push(i, start, "warmup-terminator", msg).fix = fix;
        }
    }

    fn digest(&mut self) {
        let Some(first) = (0..self.lines.len()).find(|&i| self.role(i) == LineRole::Digest { index: 0 }) else {
            return;
        };
        let line = self.line(first);
        let digest = self.issue.digest();
        if digest.is_some_and(|d| d.colon == ":")
            && let Some(p) = line.find("导读:")
        {
            let at = p + "导读".len();
            let fix = self.fix(first, at..at + 1, "：", "use a full-width colon `：`");
            self.push(first, at, "label-colon", "`导读:` with an ASCII colon: the newsletter writes `导读：`".into())
                .fix = fix;
        }
        if let Some((range, stated)) = digest_count(line) {
            let actual =
                self.issue.sections.iter().filter(|s| counts_in_digest(s)).map(Section::entry_count).sum::<usize>();
            if stated != actual {
                let fix = self.fix(first, range.clone(), &actual.to_string(), format!("say {actual}"));
                self.push(
                    first,
                    range.start,
                    "digest-count",
                    format!("the digest counts {stated} entries; the sections hold {actual}"),
                )
                .fix = fix;
            }
        }
        let last = (first..self.lines.len()).take_while(|&i| matches!(self.role(i), LineRole::Digest { .. })).last();
        for i in first..last.unwrap_or(first) {
            self.hard_break(i, self.line(i + 1));
        }
    }

    fn title(&mut self) {
        let Some(i) = (0..self.lines.len()).find(|&i| self.role(i) == LineRole::Title) else { return };
        let Some(t) = self.issue.title() else { return };
        if let Some(date) = self.ctx.date {
            if t.date != date {
                let at = "# ".len() + t.name.len() + " (".len();
                let fix = self.fix(i, at..at + t.date.len(), date, format!("date the title {date}"));
                self.push(i, at, "title-date", format!("the title says {} but the file is {date}.md", t.date)).fix =
                    fix;
            }
            if let Some(readme) = self.ctx.readme {
                let lines: Vec<&str> = readme.lines().collect();
                if !linked_dates(&lines).iter().any(|d| d == date) {
                    self.push(i, 0, "stale-archive", format!("README.md's archive does not list this issue ({date})"));
                }
            }
        }
    }

    fn duplicates(&mut self) {
        let date = self.ctx.date.unwrap_or("");
        let links = content_links(self.text, self.issue);
        // key → (unit, 0-based line, section)
        let mut first: HashMap<String, FirstUse> = HashMap::new();
        let mut found = Vec::new();
        for l in &links {
            let key = normalize_url(l.url);
            match first.get(&key) {
                Some(&(entry, warmup, line, section)) => {
                    if (entry, warmup) != (l.entry, l.warmup) {
                        let title = match entry {
                            Some(id) => self.issue.entry(id).map(|e| e.label()).unwrap_or_default(),
                            None => String::new(),
                        };
                        found.push((
                            l.line,
                            l.start,
                            format!("the link is already at line {} of this issue ({section})", line + 1),
                            Related { date: date.to_string(), section: section.to_string(), title, line: line + 1 },
                        ));
                    }
                }
                None => {
                    first.insert(key.clone(), (l.entry, l.warmup, l.line, l.section));
                    if let (Some(index), false) = (self.ctx.links, date.is_empty())
                        && let Some(o) = index
                            .lookup_normalized(&key)
                            .iter()
                            .filter(|o| o.date.as_str() < date)
                            .max_by(|a, b| (&a.date, a.line).cmp(&(&b.date, b.line)))
                    {
                        found.push((
                            l.line,
                            l.start,
                            format!("already in {} · {} (“{}”)", o.date, o.section, short(&o.title)),
                            Related {
                                date: o.date.to_string(),
                                section: o.section.to_string(),
                                title: o.title.to_string(),
                                line: o.line,
                            },
                        ));
                    }
                }
            }
        }
        for (line, at, message, related) in found {
            self.push(line, at, "duplicate-link", message).related = Some(related);
        }
    }
}

/// Where a link was first seen in an issue: (entry, warm-up item, 0-based line, section).
type FirstUse<'a> = (Option<EntryId>, Option<usize>, usize, &'a str);

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().count() > 30 {
        out.push('…');
    }
    out
}

/// The sections whose entries a digest's count counts: all but the archive.
fn counts_in_digest(s: &Section) -> bool {
    s.kind() != SectionKind::Archive
}

/// The arXiv id as written in a URL (`2009.00278v2`), without `.pdf`.
fn url_written_id(url: &str) -> Option<&str> {
    let p = url.find("/abs/").or_else(|| url.find("/pdf/"))?;
    let rest = &url[p + 5..];
    let rest = rest.split(['?', '#', '/']).next()?;
    Some(rest.strip_suffix(".pdf").unwrap_or(rest))
}

/// Whether `content` (a line without its trailing whitespace) was wrapped
/// in the middle of a sentence that `next` goes on with: it ends in a letter
/// or a Chinese character (no closing punctuation, no link) and `next`
/// starts with one (not a label `摘要：`). The separator that joins them: a
/// space between two ASCII words, nothing in Chinese text.
fn wrapped_mid_sentence(content: &str, next: &str) -> Option<&'static str> {
    let last = content.chars().last()?;
    let first = next.chars().next()?;
    let cjk = |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF);
    if !(cjk(last) || last.is_ascii_alphanumeric()) || !(cjk(first) || first.is_ascii_lowercase()) {
        return None;
    }
    if matches!(parse_body_line(next), BodyLine::Field { .. }) {
        return None;
    }
    // A line ending inside a word of an address or a label is no sentence.
    let last_word = content.rsplit(char::is_whitespace).next().unwrap_or("");
    if last_word.contains("://") || content.trim_start().starts_with(['#', '|', '!', '<']) {
        return None;
    }
    Some(if last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric() { " " } else { "" })
}

/// Byte offsets of the addresses on a line that are not inside a link
/// (`[text](url)`, `<url>`, `href="url"`).
fn bare_urls(line: &str) -> impl Iterator<Item = usize> + '_ {
    let mut links: Vec<std::ops::Range<usize>> = Vec::new();
    for (p, _) in line.match_indices('[') {
        if links.last().is_some_and(|r| r.contains(&p)) {
            continue;
        }
        if let Some(l) = link_at(&line[p..]) {
            links.push(p..p + l.end);
        }
    }
    memchr::memmem::find_iter(line.as_bytes(), b"http").filter(move |&p| {
        let rest = &line[p..];
        (rest.starts_with("http://") || rest.starts_with("https://"))
            && !links.iter().any(|r| r.contains(&p))
            && !matches!(line[..p].chars().last(), Some('<' | '"' | '\'' | '=' | '(' | '/' | '['))
    })
}

/// A line that starts a block of its own rather than continuing a paragraph.
fn starts_block(s: &str) -> bool {
    if s.starts_with(['>', '#', '|']) || s.starts_with("![") {
        return true;
    }
    let marker = s.chars().next().filter(|c| matches!(c, '-' | '*' | '+' | '–'));
    if marker.is_some_and(|c| s[c.len_utf8()..].starts_with(' ')) {
        return true;
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits <= 3 && matches!(s.as_bytes().get(digits), Some(b'.') | Some(b')'))
}

/// Whether a line ends inside a link's address: `](http…` with no `)`.
fn url_is_open(content: &str) -> bool {
    match content.rfind("](") {
        Some(p) => {
            let rest = &content[p + 2..];
            !rest.is_empty() && !rest.contains([')', ' '])
        }
        None => false,
    }
}

/// The number a digest states (`本次20条`, `本期19条`, `本次内容20条`) and its bytes.
pub fn digest_count(line: &str) -> Option<(Range<usize>, usize)> {
    for marker in ["本次", "本期"] {
        let Some(p) = line.find(marker) else { continue };
        let mut at = p + marker.len();
        for filler in ["内容", "共", " "] {
            if line[at..].starts_with(filler) {
                at += filler.len();
            }
        }
        let digits = line[at..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !line[at + digits..].trim_start().starts_with('条') {
            continue;
        }
        let n = line[at..at + digits].parse().ok()?;
        return Some((at..at + digits, n));
    }
    None
}

/// Checks a repository's README.md archive against the issue files that
/// exist (`dates`): dates it links with no file, dates it lists twice, and
/// issues it does not list.
pub fn check_readme(readme: &str, dates: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut first_table_line = None;
    for (i, line) in readme.split('\n').enumerate() {
        let mut cursor = 0;
        for date in linked_dates(&[line]) {
            first_table_line.get_or_insert(i);
            let at = line[cursor..].find(&format!("[{date}]")).map(|p| p + cursor).unwrap_or(cursor);
            cursor = at + 1;
            let column = line[..at].chars().count() + 1;
            let mut d = Diagnostic {
                line: i + 1,
                column,
                rule: "stale-archive",
                severity: severity_of("stale-archive"),
                message: String::new(),
                fix: None,
                entry: None,
                related: None,
            };
            if let Some(&earlier) = seen.get(&date) {
                d.message = format!("the archive lists {date} twice (also line {})", earlier + 1);
                out.push(d);
            } else {
                seen.insert(date.clone(), i);
                if !dates.contains(&date) {
                    d.message = format!("the archive links {date}, which has no issue file");
                    out.push(d);
                }
            }
        }
    }
    let mut missing: Vec<&String> = dates.iter().filter(|d| !seen.contains_key(*d)).collect();
    missing.sort();
    for date in missing {
        out.push(Diagnostic {
            line: first_table_line.map(|l| l + 1).unwrap_or(1),
            column: 1,
            rule: "stale-archive",
            severity: severity_of("stale-archive"),
            message: format!("the archive does not list {date}"),
            fix: None,
            entry: None,
            related: None,
        });
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// Applies the fixes of these diagnostics to `text`: only the bytes each
/// names change. A fix overlapping one before it (by start) is left out; run
/// the check again to get it.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut fixes: Vec<&Fix> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    fixes.sort_by_key(|f| (f.range.start, f.range.end));
    fixes.dedup();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    let mut last_start = None;
    for f in fixes {
        // Overlapping, or a second edit at the same byte: left for the next run.
        if f.range.start < at || f.range.end > text.len() || last_start == Some(f.range.start) {
            continue;
        }
        last_start = Some(f.range.start);
        if !text.is_char_boundary(f.range.start) || !text.is_char_boundary(f.range.end) {
            continue;
        }
        out.push_str(&text[at..f.range.start]);
        out.push_str(&f.replacement);
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    out
}
