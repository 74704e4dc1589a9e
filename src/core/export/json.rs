//! The structured view of an issue (`export --format json`) and the counts
//! that say how much of it was typed.

use serde::Serialize;

use crate::core::format::model::*;
use crate::core::format::render;

#[derive(Serialize)]
pub struct IssueJson<'a> {
    pub title: Option<TitleJson<'a>>,
    pub tagline: Option<&'a str>,
    pub digest: Option<String>,
    pub warmup: Vec<WarmupJson<'a>>,
    pub sections: Vec<SectionJson<'a>>,
    pub has_footer: bool,
    pub entries_typed: usize,
    pub entries_verbatim: usize,
    pub bytes_total: usize,
    pub bytes_verbatim: usize,
}

#[derive(Serialize)]
pub struct TitleJson<'a> {
    pub name: &'a str,
    pub date: &'a str,
    pub subtitle: &'a str,
}

#[derive(Serialize)]
pub struct WarmupJson<'a> {
    pub subject: &'a str,
    pub text: &'a str,
    pub url: Option<&'a str>,
    pub terminator: &'a str,
}

#[derive(Serialize)]
pub struct SectionJson<'a> {
    pub id: u64,
    pub title: &'a str,
    pub kind: &'static str,
    /// The unnamed group of a draft: entries before any `## ` heading.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unnamed: bool,
    pub entries: Vec<EntryJson<'a>>,
}

#[derive(Serialize)]
pub struct EntryJson<'a> {
    pub id: u64,
    /// `typed` or `verbatim`.
    pub kind: &'static str,
    pub tags: Vec<&'a str>,
    pub title: Option<&'a str>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    pub repo: Option<&'a str>,
    pub links: Vec<LinkJson<'a>>,
    pub fields: Vec<FieldJson<'a>>,
    pub lines: Vec<LineJson<'a>>,
    /// The entry's text as saved.
    pub text: String,
}

#[derive(Serialize)]
pub struct LinkJson<'a> {
    pub text: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct FieldJson<'a> {
    pub label: &'a str,
    pub value: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LineJson<'a> {
    Field { label: &'a str, value: &'a str },
    Item { indent: usize, marker: &'a str, text: &'a str },
    Text { text: &'a str },
}

pub fn kind_name(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::News => "news",
        SectionKind::Papers => "papers",
        SectionKind::Projects => "projects",
        SectionKind::Blogs => "blogs",
        SectionKind::Archive => "archive",
        SectionKind::Other => "other",
    }
}

/// Counts of typed and verbatim content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub entries_typed: usize,
    pub entries_verbatim: usize,
    pub bytes_total: usize,
    pub bytes_verbatim: usize,
}

/// How much of an issue the loader typed. A line's bytes count its `\n`.
pub fn coverage(issue: &Issue) -> Coverage {
    let mut c = Coverage { bytes_total: render::render(issue).len(), ..Coverage::default() };
    let line_bytes = |l: &String| l.len() + 1;
    for block in &issue.preamble {
        if let PreambleBlock::Raw(l) = block {
            c.bytes_verbatim += line_bytes(l);
        }
    }
    for section in &issue.sections {
        for item in &section.items {
            match item {
                SectionItem::Entry(e) => match &e.body {
                    EntryBody::Typed(_) => c.entries_typed += 1,
                    EntryBody::Verbatim(lines) => {
                        c.entries_verbatim += 1;
                        c.bytes_verbatim += lines.iter().map(line_bytes).sum::<usize>();
                    }
                },
                SectionItem::Raw(l) => c.bytes_verbatim += line_bytes(l),
                SectionItem::Blank(_) | SectionItem::Text(_) => {}
            }
        }
    }
    c.bytes_verbatim = c.bytes_verbatim.min(c.bytes_total);
    c
}

fn entry_json(e: &Entry) -> EntryJson<'_> {
    let text = render::entry_text(&e.body);
    match &e.body {
        EntryBody::Typed(t) => {
            let h = &t.head;
            EntryJson {
                id: e.id.0,
                kind: "typed",
                tags: h.tags.iter().map(|t| t.text.as_str()).collect(),
                title: Some(&h.title),
                source: h.source.as_deref(),
                url: h.linked.then_some(h.url.as_str()),
                repo: h.repo.as_deref(),
                links: h.extras.iter().map(|x| LinkJson { text: &x.text, url: &x.url }).collect(),
                fields: t.fields().map(|(label, value)| FieldJson { label, value }).collect(),
                lines: t
                    .lines
                    .iter()
                    .map(|l| match l {
                        BodyLine::Field { label, value, .. } => LineJson::Field { label, value },
                        BodyLine::Item { indent, marker, text, .. } => {
                            LineJson::Item { indent: indent.chars().count(), marker: marker.trim_end(), text }
                        }
                        BodyLine::Text { text, .. } => LineJson::Text { text },
                    })
                    .collect(),
                text,
            }
        }
        EntryBody::Verbatim(_) => EntryJson {
            id: e.id.0,
            kind: "verbatim",
            tags: Vec::new(),
            title: None,
            source: None,
            url: None,
            repo: None,
            links: Vec::new(),
            fields: Vec::new(),
            lines: Vec::new(),
            text,
        },
    }
}

/// The structured view of an issue.
pub fn to_json(issue: &Issue) -> IssueJson<'_> {
    let cov = coverage(issue);
    IssueJson {
        title: issue.title().map(|t| TitleJson { name: &t.name, date: &t.date, subtitle: &t.subtitle }),
        tagline: issue.tagline().map(|t| t.text.as_str()),
        digest: issue.digest().map(|d| d.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")),
        warmup: issue
            .warmup_items()
            .into_iter()
            .map(|w| WarmupJson {
                subject: &w.subject,
                text: &w.text,
                url: (w.link != WarmupLink::None).then_some(w.url.as_str()),
                terminator: &w.terminator,
            })
            .collect(),
        sections: issue
            .sections
            .iter()
            .map(|s| SectionJson {
                id: s.id.0,
                title: &s.heading.title,
                kind: kind_name(s.kind()),
                unnamed: s.unnamed,
                entries: s.entries().map(entry_json).collect(),
            })
            .collect(),
        has_footer: issue.footer.is_some(),
        entries_typed: cov.entries_typed,
        entries_verbatim: cov.entries_verbatim,
        bytes_total: cov.bytes_total,
        bytes_verbatim: cov.bytes_verbatim,
    }
}
