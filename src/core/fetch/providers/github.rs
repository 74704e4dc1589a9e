//! GitHub: repository and release addresses, through the REST API
//! (`{api}/repos/OWNER/REPO`, `…/releases/tags/TAG`, `…/releases/latest`).
//! The newsletter writes a repository as
//! `- [owner/repo: what it is](https://github.com/owner/repo)` with the
//! description as its 摘要 (stars, language, licence are facts, not text);
//! a release as `- [owner/repo: v1.2 发布](…/releases/tag/v1.2)` with the
//! first lines of its notes. An optional `GITHUB_TOKEN` is sent; a spent
//! rate limit becomes "rate-limited until HH:MM" from its headers.

use std::sync::atomic::AtomicBool;

use serde::Deserialize;

use crate::core::fetch::http::Http;
use crate::core::fetch::providers::status_error;
use crate::core::fetch::{FetchConfig, FetchError, Kind, Meta, Target, sanitize};

/// The first path segments that are GitHub's own pages, not owners.
const NOT_OWNERS: &[&str] = &[
    "about",
    "apps",
    "collections",
    "contact",
    "customer-stories",
    "enterprise",
    "explore",
    "features",
    "login",
    "marketplace",
    "orgs",
    "pricing",
    "search",
    "settings",
    "site",
    "sponsors",
    "topics",
    "trending",
    "users",
    "notifications",
    "new",
    "codespaces",
    "readme",
];

/// A repository or release address: `github.com/OWNER/REPO[/…]`,
/// `…/releases/tag/TAG`, `…/releases` or `…/releases/latest`.
pub fn target_of(url: &str) -> Option<Target> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = host.to_ascii_lowercase();
    if host != "github.com" && host != "www.github.com" {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let (owner, repo) = (*parts.first()?, *parts.get(1)?);
    if NOT_OWNERS.contains(&owner.to_ascii_lowercase().as_str()) {
        return None;
    }
    let repo = repo.strip_suffix(".git").unwrap_or(repo);
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !ok(owner) || !ok(repo) {
        return None;
    }
    let (owner, repo) = (owner.to_string(), repo.to_string());
    match parts.get(2..) {
        Some(["releases", "tag", tag, ..]) => Some(Target::GithubRelease { owner, repo, tag: Some(tag.to_string()) }),
        Some(["releases"] | ["releases", "latest"]) => Some(Target::GithubRelease { owner, repo, tag: None }),
        _ => Some(Target::GithubRepo { owner, repo }),
    }
}

fn headers(config: &FetchConfig) -> Vec<(&'static str, String)> {
    let mut h =
        vec![("Accept", "application/vnd.github+json".to_string()), ("X-GitHub-Api-Version", "2022-11-28".into())];
    if let Some(token) = config.github_token.as_deref().filter(|t| !t.trim().is_empty()) {
        h.push(("Authorization", format!("Bearer {}", token.trim())));
    }
    h
}

fn get_json<T: for<'de> Deserialize<'de>>(
    http: &Http,
    config: &FetchConfig,
    path: &str,
    cancel: &AtomicBool,
) -> Result<T, FetchError> {
    let url = format!("{}{path}", config.github_api.trim_end_matches('/'));
    let resp = http.get(&url, &headers(config), cancel)?;
    if let Some(e) = status_error(&resp) {
        return Err(e);
    }
    serde_json::from_slice(&resp.body).map_err(|e| FetchError::Malformed(format!("GitHub's answer: {e}")))
}

#[derive(Deserialize)]
struct RepoJson {
    full_name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    stargazers_count: u64,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    license: Option<LicenseJson>,
    #[serde(default)]
    pushed_at: Option<String>,
    #[serde(default)]
    archived: bool,
}

#[derive(Deserialize)]
struct LicenseJson {
    #[serde(default)]
    spdx_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct ReleaseJson {
    tag_name: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    prerelease: bool,
}

/// `1234` → `1.2k`.
fn stars(n: u64) -> String {
    match n {
        0..=999 => n.to_string(),
        1000..=999_999 => format!("{:.1}k", n as f64 / 1000.0).replace(".0k", "k"),
        _ => format!("{:.1}M", n as f64 / 1_000_000.0).replace(".0M", "M"),
    }
}

/// A repository.
pub fn repo(
    http: &Http,
    config: &FetchConfig,
    owner: &str,
    repo: &str,
    cancel: &AtomicBool,
) -> Result<Meta, FetchError> {
    let j: RepoJson = get_json(http, config, &format!("/repos/{owner}/{repo}"), cancel)?;
    let full = sanitize::clean(&j.full_name, 120);
    let description = j.description.as_deref().map(sanitize::summary).filter(|d| !d.is_empty());
    let title = description
        .as_deref()
        .map(|d| sanitize::clean(d, sanitize::MAX_TITLE_CHARS))
        .unwrap_or_else(|| full.rsplit('/').next().unwrap_or(&full).to_string());
    // Stars, language, licence and the last push are facts beside the
    // entry, not text in it: the newsletter never writes them.
    let mut facts = vec![("stars".to_string(), stars(j.stargazers_count))];
    if let Some(l) = j.language.as_deref().map(|l| sanitize::clean(l, 40)).filter(|l| !l.is_empty()) {
        facts.push(("language".into(), l));
    }
    let licence = j
        .license
        .as_ref()
        .and_then(|l| l.spdx_id.as_deref().filter(|s| !s.is_empty() && *s != "NOASSERTION").or(l.name.as_deref()));
    if let Some(l) = licence.map(|l| sanitize::clean(l, 60)).filter(|l| !l.is_empty()) {
        facts.push(("license".into(), l));
    }
    if let Some(date) = j.pushed_at.as_deref().and_then(|d| d.get(..10)) {
        facts.push(("pushed".into(), sanitize::clean(date, 10)));
    }
    if j.archived {
        facts.push(("archived".into(), "yes".into()));
    }
    if !j.topics.is_empty() {
        facts.push(("topics".into(), sanitize::clean(&j.topics.join(", "), 200)));
    }
    // The 摘要 is the description as GitHub gives it (the title may be cut).
    let fields = description.map(|d| vec![("摘要".to_string(), d)]).unwrap_or_default();
    Ok(Meta {
        kind: Some(Kind::GithubRepo),
        url: format!("https://github.com/{owner}/{repo}"),
        tags: Vec::new(),
        repo: Some(full),
        title,
        source: None,
        fields,
        facts,
    })
}

/// The first lines of release notes, as one line: headings, bullets,
/// emphasis and link targets dropped.
pub fn notes_summary(body: &str) -> String {
    let mut parts = Vec::new();
    for line in body.lines() {
        let raw = line.trim();
        let l = raw.trim_start_matches(['#', '-', '*', '+', '>', ' ']).trim();
        if l.is_empty() || l.starts_with("<!--") || raw.starts_with("**Full Changelog**") {
            continue;
        }
        // `[text](url)` → `text`.
        let mut text = String::new();
        let mut rest = l;
        while let Some(p) = rest.find("](") {
            let open = rest[..p].rfind('[');
            let close = rest[p + 2..].find(')');
            match (open, close) {
                (Some(o), Some(c)) => {
                    text.push_str(&rest[..o]);
                    text.push_str(&rest[o + 1..p]);
                    rest = &rest[p + 2 + c + 1..];
                }
                _ => break,
            }
        }
        text.push_str(rest);
        parts.push(text.replace("**", "").replace('`', ""));
        if parts.len() >= 4 {
            break;
        }
    }
    sanitize::summary(&parts.join("；"))
}

/// A release (`tag` `None`: the latest).
pub fn release(
    http: &Http,
    config: &FetchConfig,
    owner: &str,
    repo: &str,
    tag: Option<&str>,
    cancel: &AtomicBool,
) -> Result<Meta, FetchError> {
    let path = match tag {
        Some(t) => format!("/repos/{owner}/{repo}/releases/tags/{t}"),
        None => format!("/repos/{owner}/{repo}/releases/latest"),
    };
    let j: ReleaseJson = get_json(http, config, &path, cancel)?;
    let name = j.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&j.tag_name);
    let tag_name = sanitize::clean(&j.tag_name, 80);
    let url = match j.html_url.as_deref() {
        Some(u)
            if u.starts_with("https://github.com/")
                && !u.contains(char::is_whitespace)
                && !u.contains(['(', ')', '[', ']', '<', '>']) =>
        {
            u.to_string()
        }
        _ => format!("https://github.com/{owner}/{repo}/releases/tag/{tag_name}"),
    };
    let mut facts = vec![("tag".to_string(), tag_name)];
    if let Some(d) = j.published_at.as_deref().and_then(|d| d.get(..10)) {
        facts.push(("published".into(), sanitize::clean(d, 10)));
    }
    if j.prerelease {
        facts.push(("prerelease".into(), "yes".into()));
    }
    let mut fields = Vec::new();
    let notes = j.body.as_deref().map(notes_summary).unwrap_or_default();
    if !notes.is_empty() {
        fields.push(("摘要".to_string(), notes));
    }
    Ok(Meta {
        kind: Some(Kind::GithubRelease),
        url,
        tags: Vec::new(),
        repo: Some(sanitize::clean(&format!("{owner}/{repo}"), 120)),
        title: sanitize::title(&format!("{name} 发布")),
        source: None,
        fields,
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_and_release_addresses() {
        assert_eq!(
            target_of("https://github.com/Tencent/ncnn"),
            Some(Target::GithubRepo { owner: "Tencent".into(), repo: "ncnn".into() })
        );
        assert_eq!(
            target_of("https://github.com/Tencent/ncnn.git"),
            Some(Target::GithubRepo { owner: "Tencent".into(), repo: "ncnn".into() })
        );
        assert_eq!(
            target_of("https://github.com/a/b/releases/tag/v1.0"),
            Some(Target::GithubRelease { owner: "a".into(), repo: "b".into(), tag: Some("v1.0".into()) })
        );
        assert_eq!(
            target_of("https://github.com/a/b/releases"),
            Some(Target::GithubRelease { owner: "a".into(), repo: "b".into(), tag: None })
        );
        assert_eq!(target_of("https://github.com/topics/edge-ai"), None);
        assert_eq!(target_of("https://github.com/ysh329"), None);
        assert_eq!(target_of("https://gitlab.com/a/b"), None);
    }

    #[test]
    fn notes_keep_their_first_lines_as_text() {
        let notes = "## What's new\n\n- **INT4** kernels for [ARM](https://x.y)\n- faster `conv`\n\n**Full Changelog**: https://x";
        assert_eq!(notes_summary(notes), "What's new；INT4 kernels for ARM；faster conv");
        assert_eq!(stars(1234), "1.2k");
        assert_eq!(stars(2000), "2k");
    }
}
