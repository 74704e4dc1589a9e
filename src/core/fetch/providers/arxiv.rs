//! arXiv: the query API's Atom feed (`{api}?id_list=ID,ID&max_results=N`).
//! An entry gives the title, the authors, the abstract (→ 摘要), the primary
//! category and the comment, whose venue ("Accepted to CVPR 2021") becomes a
//! `[CVPR2021]` tag before the `[2101.00001]` tag. There is no source: the
//! newsletter writes paper entries with the id tag and the title only,
//! `- [CVPR2021] [2101.00001] [Title](https://arxiv.org/abs/2101.00001)`.

use std::sync::atomic::AtomicBool;

use quick_xml::events::Event;

use crate::core::editorial::links::{is_arxiv_id, strip_arxiv_version};
use crate::core::fetch::http::Http;
use crate::core::fetch::providers::{rate_limit_until, retry_after};
use crate::core::fetch::{FetchConfig, FetchError, Kind, Meta, sanitize};

/// Ids per request (arXiv's API takes many; a URL stays short).
pub const MAX_BATCH: usize = 50;

/// Authors named before `等`.
const MAX_AUTHORS: usize = 6;

/// The id of an arXiv address or a bare id, version kept as written:
/// `https://arxiv.org/pdf/2101.00001v2.pdf` → `2101.00001v2`,
/// `arXiv:2101.00001` → `2101.00001`.
pub fn id_of(input: &str) -> Option<String> {
    let s = input.trim();
    let s = s.strip_prefix("arXiv:").or_else(|| s.strip_prefix("arxiv:")).unwrap_or(s);
    if is_arxiv_id(strip_arxiv_version(s)) {
        return Some(s.to_string());
    }
    let rest = s.split_once("://").map_or(s, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if !matches!(host, "arxiv.org" | "export.arxiv.org") {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut parts = path.trim_matches('/').split('/');
    if !matches!(parts.next(), Some("abs" | "pdf" | "html" | "format")) {
        return None;
    }
    let id = parts.next()?;
    let id = id.strip_suffix(".pdf").unwrap_or(id);
    is_arxiv_id(strip_arxiv_version(id)).then(|| id.to_string())
}

/// Fetches many ids in one request. One result per id, in order: a paper,
/// or [`FetchError::NotFound`] for an id the feed does not hold.
pub fn fetch_batch(
    http: &Http,
    config: &FetchConfig,
    ids: &[&str],
    cancel: &AtomicBool,
) -> Vec<Result<Meta, FetchError>> {
    let sep = if config.arxiv_api.contains('?') { '&' } else { '?' };
    let url = format!("{}{sep}id_list={}&max_results={}", config.arxiv_api, ids.join(","), ids.len());
    let resp = match http.get(&url, &[("Accept", "application/atom+xml".into())], cancel) {
        Ok(r) => r,
        Err(e) => return vec![Err(e); ids.len()],
    };
    let error = match resp.status {
        200 => None,
        404 | 410 => Some(FetchError::NotFound),
        429 | 503 => Some(FetchError::RateLimited { until: retry_after(&resp).or_else(|| rate_limit_until(&resp)) }),
        s => Some(FetchError::Status(s)),
    };
    if let Some(e) = error {
        return vec![Err(e); ids.len()];
    }
    let papers = match parse_feed(&resp.text()) {
        Ok(p) => p,
        Err(e) => return vec![Err(e); ids.len()],
    };
    ids.iter()
        .map(|id| {
            let want = strip_arxiv_version(id);
            papers.iter().find(|p| strip_arxiv_version(&p.id) == want).map(|p| p.meta(id)).ok_or(FetchError::NotFound)
        })
        .collect()
}

/// One `<entry>` of the feed, raw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paper {
    /// The id with its version (`2101.00001v2`).
    pub id: String,
    pub title: String,
    pub summary: String,
    pub authors: Vec<String>,
    pub comment: String,
    pub journal_ref: String,
    pub primary_category: String,
}

impl Paper {
    /// The entry, for the id as the person wrote it.
    pub fn meta(&self, asked: &str) -> Meta {
        let mut tags = Vec::new();
        if let Some(v) = venue(&self.comment).or_else(|| venue(&self.journal_ref)) {
            tags.push(v);
        }
        tags.push(asked.to_string());
        let mut fields = Vec::new();
        if !self.authors.is_empty() {
            let names: Vec<String> = self.authors.iter().take(MAX_AUTHORS).map(|a| sanitize::clean(a, 60)).collect();
            let mut names = names.join("、");
            if self.authors.len() > MAX_AUTHORS {
                names.push_str(" 等");
            }
            fields.push(("作者".to_string(), names));
        }
        fields.push(("摘要".to_string(), sanitize::summary(&self.summary)));
        let mut facts = Vec::new();
        if !self.primary_category.is_empty() {
            facts.push(("category".to_string(), sanitize::clean(&self.primary_category, 40)));
        }
        if !self.comment.is_empty() {
            facts.push(("comment".to_string(), sanitize::clean(&self.comment, 200)));
        }
        Meta {
            kind: Some(Kind::Arxiv),
            url: format!("https://arxiv.org/abs/{asked}"),
            tags,
            repo: None,
            title: sanitize::title(&self.title),
            source: None,
            fields,
            facts,
        }
    }
}

/// Reads arXiv's Atom feed. An `<entry>` whose id is not a paper (the
/// API's error entries) is left out.
pub fn parse_feed(xml: &str) -> Result<Vec<Paper>, FetchError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut papers = Vec::new();
    let mut current: Option<Paper> = None;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader.read_event().map_err(|e| FetchError::Malformed(format!("arXiv feed: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == "entry" {
                    current = Some(Paper::default());
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if let (Some(p), "primary_category") = (current.as_mut(), name.as_str())
                    && let Ok(Some(a)) = e.try_get_attribute("term")
                {
                    p.primary_category = a.unescape_value().map(|v| v.into_owned()).unwrap_or_default();
                }
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| FetchError::Malformed(e.to_string()))?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| FetchError::Malformed(e.to_string()))?),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| FetchError::Malformed(e.to_string()))?;
                text.push_str(&sanitize::decode_entities(&format!("&{name};")));
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str);
                if let Some(p) = current.as_mut() {
                    let value = text.trim().to_string();
                    match (parent, name.as_str()) {
                        (Some("entry"), "id") => {
                            p.id = value.rsplit_once("/abs/").map(|(_, id)| id.to_string()).unwrap_or_default();
                        }
                        (Some("entry"), "title") => p.title = value,
                        (Some("entry"), "summary") => p.summary = value,
                        (Some("entry"), "comment") => p.comment = value,
                        (Some("entry"), "journal_ref") => p.journal_ref = value,
                        (Some("author"), "name") => p.authors.push(value),
                        (_, "entry") => {
                            let p = current.take().expect("inside an entry");
                            if is_arxiv_id(strip_arxiv_version(&p.id)) {
                                papers.push(p);
                            }
                        }
                        _ => {}
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(papers)
}

/// Venues the newsletter tags, as written in tags.
const VENUES: &[&str] = &[
    "CVPR",
    "ICCV",
    "ECCV",
    "NeurIPS",
    "NIPS",
    "ICLR",
    "ICML",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "KDD",
    "MLSys",
    "DAC",
    "ISCA",
    "MICRO",
    "HPCA",
    "ASPLOS",
    "WACV",
    "BMVC",
    "ICASSP",
    "INTERSPEECH",
    "SIGGRAPH",
    "TPAMI",
    "IROS",
    "ICRA",
    "CoRL",
    "COLING",
    "SIGIR",
    "ICCAD",
    "FPGA",
    "MobiSys",
    "MobiCom",
    "SenSys",
    "EuroSys",
    "OSDI",
    "SOSP",
    "NSDI",
    "ICME",
    "TCAD",
    "TNNLS",
    "IJCV",
    "ACM MM",
];

/// The venue a comment names, as a tag: "Accepted to CVPR 2021" →
/// `CVPR2021`, "ICLR'22 camera ready" → `ICLR2022`. `None` when it names
/// no known venue with a year.
pub fn venue(comment: &str) -> Option<String> {
    let upper = comment.to_ascii_uppercase();
    let mut best: Option<(usize, String)> = None;
    for v in VENUES {
        let key = v.to_ascii_uppercase();
        let mut from = 0;
        while let Some(p) = upper[from..].find(&key) {
            let at = from + p;
            from = at + key.len();
            let before_ok = at == 0 || !upper.as_bytes()[at - 1].is_ascii_alphanumeric();
            let rest = &comment[at + key.len()..];
            let rest_trim = rest.trim_start_matches([' ', '\'', '-', '’', '\u{a0}']);
            let digits: String = rest_trim.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after_ok = !rest.starts_with(|c: char| c.is_ascii_alphabetic());
            let year = match digits.len() {
                4 if digits.starts_with("19") || digits.starts_with("20") => digits,
                2 => format!("20{digits}"),
                _ => continue,
            };
            if before_ok && after_ok && best.as_ref().is_none_or(|(b, _)| at < *b) {
                best = Some((at, format!("{}{year}", v.replace(' ', ""))));
            }
        }
    }
    best.map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_every_shape() {
        assert_eq!(id_of("https://arxiv.org/abs/2101.00001v2").as_deref(), Some("2101.00001v2"));
        assert_eq!(id_of("http://arxiv.org/pdf/2101.00001.pdf").as_deref(), Some("2101.00001"));
        assert_eq!(id_of("https://arxiv.org/html/2405.12345v1").as_deref(), Some("2405.12345v1"));
        assert_eq!(id_of("arXiv:2101.00001").as_deref(), Some("2101.00001"));
        assert_eq!(id_of("2101.00001v3").as_deref(), Some("2101.00001v3"));
        assert_eq!(id_of("https://arxiv.org/list/cs.CV/recent"), None);
        assert_eq!(id_of("https://example.com/abs/2101.00001"), None);
    }

    #[test]
    fn venues_from_comments() {
        assert_eq!(venue("Accepted to CVPR 2021 (oral)").as_deref(), Some("CVPR2021"));
        assert_eq!(venue("ICLR'22 camera ready").as_deref(), Some("ICLR2022"));
        assert_eq!(venue("NeurIPS 2020; code at github").as_deref(), Some("NeurIPS2020"));
        assert_eq!(venue("12 pages, 5 figures"), None);
        assert_eq!(venue("MICROSOFT 2021"), None);
        assert_eq!(venue("published in ACM MM 2021").as_deref(), Some("ACMMM2021"));
    }
}
