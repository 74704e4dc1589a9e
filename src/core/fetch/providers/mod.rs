//! The sources an entry is filled from. [`classify`] tells, without a
//! request, what an input is; [`fetch`] asks the network for one target
//! (arXiv ids go through [`arxiv::fetch_batch`], many at once).
//! [`archive`] answers first and offline from the repository's own issues.

pub mod archive;
pub mod arxiv;
pub mod github;
pub mod page;

use std::sync::atomic::AtomicBool;

use crate::core::fetch::http::{Http, Response};
use crate::core::fetch::{FetchConfig, FetchError, Meta, Target, now_unix};

/// What an input is: an arXiv paper (an abs, pdf or html address, any
/// version, or a bare id), a GitHub repository or release, or a page
/// (a WeChat article is recognised by its address here, or by the page
/// itself once fetched). `None` for what is not an address at all.
pub fn classify(input: &str) -> Option<Target> {
    let s = input.trim().trim_start_matches('<').trim_end_matches('>');
    if s.is_empty() || s.contains(char::is_whitespace) {
        return None;
    }
    if let Some(id) = arxiv::id_of(s) {
        return Some(Target::Arxiv { id });
    }
    let url = if s.contains("://") {
        s.to_string()
    } else if s.contains('.') && !s.starts_with('.') && s.split('/').next().is_some_and(|h| h.contains('.')) {
        format!("https://{s}")
    } else {
        return None;
    };
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    if let Some(t) = github::target_of(&url) {
        return Some(t);
    }
    Some(Target::Page { url })
}

/// Fetches one target that is not an arXiv paper.
pub fn fetch(http: &Http, config: &FetchConfig, target: &Target, cancel: &AtomicBool) -> Result<Meta, FetchError> {
    match target {
        Target::Arxiv { id } => {
            arxiv::fetch_batch(http, config, &[id], cancel).pop().unwrap_or(Err(FetchError::NotFound))
        }
        Target::GithubRepo { owner, repo } => github::repo(http, config, owner, repo, cancel),
        Target::GithubRelease { owner, repo, tag } => {
            github::release(http, config, owner, repo, tag.as_deref(), cancel)
        }
        Target::Page { url } => page::fetch(http, url, cancel),
    }
}

/// `Retry-After` as a Unix time (seconds or an HTTP date are both allowed;
/// only seconds are read).
pub fn retry_after(resp: &Response) -> Option<u64> {
    let secs: u64 = resp.header("retry-after")?.trim().parse().ok()?;
    Some(now_unix() + secs)
}

/// `X-RateLimit-Reset` (a Unix time), when `X-RateLimit-Remaining` is 0.
pub fn rate_limit_until(resp: &Response) -> Option<u64> {
    let remaining: u64 = resp.header("x-ratelimit-remaining")?.trim().parse().ok()?;
    if remaining > 0 {
        return None;
    }
    resp.header("x-ratelimit-reset")?.trim().parse().ok()
}

/// The error a status names, for the statuses every provider shares.
pub fn status_error(resp: &Response) -> Option<FetchError> {
    match resp.status {
        200..=299 => None,
        404 | 410 => Some(FetchError::NotFound),
        429 => Some(FetchError::RateLimited { until: retry_after(resp).or_else(|| rate_limit_until(resp)) }),
        403 if rate_limit_until(resp).is_some() => Some(FetchError::RateLimited { until: rate_limit_until(resp) }),
        s => Some(FetchError::Status(s)),
    }
}
