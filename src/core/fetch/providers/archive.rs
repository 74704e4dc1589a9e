//! The archive first, and offline: a link already used in an earlier issue
//! (compared after [`normalize_url`], as the duplicate check does) offers
//! that entry's title, source, tags and fields, and "already in DATE ·
//! SECTION". The same pass learns where kinds of links went before (arXiv
//! papers, repositories, each WeChat account's articles, each site's
//! pages), which suggests a section for an inbox item.

use std::collections::HashMap;

use crate::core::editorial::links::{arxiv_id_of_url, normalize_url};
use crate::core::fetch::http::host_of;
use crate::core::fetch::{Already, Meta};
use crate::core::files::repo::{Repo, RepoError};
use crate::core::format::model::*;

/// One use of a link in an issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    pub date: String,
    pub section: String,
    pub meta: Meta,
}

/// The repository's entries by normalised link, and where each kind of link went.
#[derive(Clone, Debug, Default)]
pub struct ArchiveIndex {
    /// Newest use first.
    links: HashMap<String, Vec<Use>>,
    /// Placement key → section title → count.
    places: HashMap<String, HashMap<String, usize>>,
}

/// The placement keys of a link, most specific first: `wechat:ACCOUNT`,
/// `wechat`; `arxiv`; `github`; `host:HOST`.
pub fn place_keys(url: &str, source: Option<&str>) -> Vec<String> {
    let host = host_of(url).to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if arxiv_id_of_url(url).is_some() || host == "arxiv.org" {
        return vec!["arxiv".into()];
    }
    if host == "github.com" {
        return vec!["github".into()];
    }
    if host == "mp.weixin.qq.com" {
        let mut keys = Vec::new();
        if let Some(s) = source.map(str::trim).filter(|s| !s.is_empty()) {
            keys.push(format!("wechat:{s}"));
        }
        keys.push("wechat".into());
        return keys;
    }
    vec![format!("host:{host}")]
}

/// The fields of an archived entry.
pub fn meta_of(entry: &TypedEntry) -> Meta {
    let h = &entry.head;
    Meta {
        kind: None,
        url: h.url.to_string(),
        tags: h.tags.iter().map(|t| t.text.to_string()).collect(),
        repo: h.repo.as_deref().map(str::to_string),
        title: h.title.to_string(),
        source: h.source.as_deref().map(str::to_string),
        fields: entry
            .lines
            .iter()
            .filter_map(|l| match l {
                BodyLine::Field { label, value, .. } => Some((label.to_string(), value.to_string())),
                _ => None,
            })
            .collect(),
        facts: Vec::new(),
    }
}

impl ArchiveIndex {
    /// Reads every issue of a repository (an issue that cannot be read is skipped).
    pub fn build(repo: &Repo) -> Result<ArchiveIndex, RepoError> {
        let mut index = ArchiveIndex::default();
        for file in repo.issues()? {
            if let Ok(issue) = crate::core::files::io::load_issue(&file.path) {
                index.add_issue(&file.date, &issue);
            }
        }
        Ok(index)
    }

    /// Adds an issue's entries (issues are best added newest first).
    pub fn add_issue(&mut self, date: &str, issue: &Issue) {
        for section in issue.named_sections().filter(|s| s.kind() != SectionKind::Archive) {
            let title = section.heading.title.trim().to_string();
            for entry in section.entries() {
                let Some(typed) = entry.typed() else { continue };
                let url = typed.head.url.trim();
                if url.is_empty() {
                    continue;
                }
                for key in place_keys(url, typed.head.source.as_deref()) {
                    *self.places.entry(key).or_default().entry(title.clone()).or_default() += 1;
                }
                let uses = self.links.entry(normalize_url(url)).or_default();
                let at = uses.iter().position(|u| u.date.as_str() < date).unwrap_or(uses.len());
                uses.insert(at, Use { date: date.to_string(), section: title.clone(), meta: meta_of(typed) });
            }
        }
    }

    /// Every use of a link, newest first.
    pub fn uses(&self, url: &str) -> &[Use] {
        self.links.get(&normalize_url(url)).map_or(&[], Vec::as_slice)
    }

    /// The newest use of a link: where, and its fields.
    pub fn lookup(&self, url: &str) -> Option<(Already, Meta)> {
        let u = self.uses(url).first()?;
        Some((Already { date: u.date.clone(), section: u.section.clone() }, u.meta.clone()))
    }

    /// The section a link would go to: where links of its kind went most
    /// often (its WeChat account's, then any WeChat article's; arXiv's;
    /// GitHub's; its site's), else the usual home of its kind (arXiv →
    /// 论文, a repository → 开源项目, anything else → 博文).
    pub fn suggest_section(&self, url: &str, source: Option<&str>) -> String {
        for key in place_keys(url, source) {
            if let Some(counts) = self.places.get(&key)
                && let Some((title, _)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            {
                return title.clone();
            }
        }
        default_section(url).to_string()
    }

    /// The number of links known.
    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

/// Where a link goes when the archive says nothing.
pub fn default_section(url: &str) -> &'static str {
    match place_keys(url, None)[0].as_str() {
        "arxiv" => "论文",
        "github" => "开源项目",
        _ => "博文",
    }
}
