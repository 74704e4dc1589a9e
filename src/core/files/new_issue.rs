//! The next issue: boilerplate from the newest one, a new date, empty
//! sections in the usual order and an archive that lists every issue.

use std::path::{Path, PathBuf};

use crate::core::files::archive;
use crate::core::files::io::FileError;
use crate::core::files::repo::{Repo, RepoError};
use crate::core::format::model::*;

pub use crate::core::files::repo::ISSUES_DIR;

/// How far after the newest issue the next one is dated by default.
pub const DEFAULT_INTERVAL_DAYS: i64 = 14;

#[derive(Debug, thiserror::Error)]
pub enum NewIssueError {
    #[error("{0}: not a newsletter repository (no embedded-ai-report/ folder)")]
    NotARepository(PathBuf),
    #[error("{0}: no issue (embedded-ai-report/YYYY-MM-DD.md) to take the boilerplate from")]
    NoIssue(PathBuf),
    #[error("{0:?} is not a date of the form YYYY-MM-DD")]
    BadDate(String),
    #[error("the issue has no date (YYYY-MM-DD) to date the next one from")]
    NoDate,
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Repo(RepoError),
}

impl From<RepoError> for NewIssueError {
    fn from(e: RepoError) -> Self {
        match e {
            RepoError::NotARepository(p) | RepoError::NotFound(p) => NewIssueError::NotARepository(p),
            RepoError::BadDate(d) => NewIssueError::BadDate(d),
            RepoError::File(f) => NewIssueError::File(f),
            other => NewIssueError::Repo(other),
        }
    }
}

/// The dates of the issues in a repository, oldest first.
pub fn issue_dates(repo: &Path) -> Result<Vec<String>, NewIssueError> {
    let mut dates = Repo::open(repo)?.issue_dates()?;
    dates.reverse();
    Ok(dates)
}

/// The issue after the newest of `dates` (oldest first): dated
/// [`DEFAULT_INTERVAL_DAYS`] later, or `date` when given, with `template`'s
/// boilerplate and an archive of `dates` and itself. The window's New and the
/// `new` command both come through here.
pub fn following(template: &Issue, dates: &[String], date: Option<&str>) -> Result<(String, Issue), NewIssueError> {
    let date = match date {
        Some(d) if archive::is_valid_date(d) => d.to_string(),
        Some(d) => return Err(NewIssueError::BadDate(d.to_string())),
        None => {
            let newest = dates.last().ok_or(NewIssueError::NoDate)?;
            archive::add_days(newest, DEFAULT_INTERVAL_DAYS).ok_or_else(|| NewIssueError::BadDate(newest.clone()))?
        }
    };
    let issue = next_issue(template, &date, dates);
    Ok((date, issue))
}

/// Builds the next issue from a template (the newest issue).
pub fn next_issue(template: &Issue, date: &str, all_dates: &[String]) -> Issue {
    let mut issue = Issue::empty();
    issue.crlf = template.crlf;
    issue.bom = template.bom;
    let eol = template.eol_decor().to_string();

    for block in &template.preamble {
        match block {
            PreambleBlock::Title(t) => issue.preamble.push(PreambleBlock::Title(TitleLine {
                date: date.into(),
                subtitle_sep: Str::default(),
                subtitle: Str::default(),
                ..t.clone()
            })),
            PreambleBlock::Digest(d) => {
                let first = d.lines.first().cloned().unwrap_or(QuoteLine {
                    marker: "> ".into(),
                    text: Str::default(),
                    trail: eol.as_str().into(),
                });
                issue.preamble.push(PreambleBlock::Digest(Digest {
                    label: d.label.clone(),
                    colon: d.colon.clone(),
                    lines: vec![QuoteLine { text: Str::default(), ..first }],
                }))
            }
            // The items are this issue's news; the intro stays.
            PreambleBlock::Warmup(_) => {
                if let Some(PreambleBlock::Blank(_)) = issue.preamble.last() {
                    issue.preamble.pop();
                }
            }
            PreambleBlock::Raw(_) | PreambleBlock::Paragraph(_) => {}
            other => issue.preamble.push(other.clone()),
        }
    }

    let heading_trail =
        template.named_sections().next().map(|s| s.heading.trail.clone()).unwrap_or_else(|| eol.as_str().into());
    for title in SectionKind::USUAL {
        let id = issue.new_section_id();
        let mut items = vec![SectionItem::Blank(eol.clone())];
        // Keep the section's standing notes (`> 注：…` in 开源项目).
        if let Some(old) = template.sections.iter().find(|s| s.heading.title.trim() == title) {
            let notes: Vec<_> = old.items.iter().filter(|i| matches!(i, SectionItem::Text(_))).cloned().collect();
            if !notes.is_empty() {
                items.extend(notes);
                items.push(SectionItem::Blank(eol.clone()));
            }
        }
        items.push(SectionItem::Blank(eol.clone()));
        items.push(SectionItem::Blank(eol.clone()));
        issue.sections.push(Section {
            id,
            heading: Heading { marker: "## ".into(), title: title.into(), url: None, trail: heading_trail.clone() },
            items,
            unnamed: false,
        });
    }

    if let Some(old) = template.sections.iter().find(|s| s.kind() == SectionKind::Archive) {
        let mut dates: Vec<String> = all_dates.to_vec();
        dates.push(date.to_string());
        let leading = old.items.iter().take_while(|i| matches!(i, SectionItem::Blank(_))).count().max(1);
        let trailing = old.items.iter().rev().take_while(|i| matches!(i, SectionItem::Blank(_))).count().max(1);
        let mut items: Vec<SectionItem> = (0..leading).map(|_| SectionItem::Blank(eol.clone())).collect();
        items.extend(
            archive::table(&dates, &format!("../{ISSUES_DIR}/"))
                .into_iter()
                .map(|l| SectionItem::Text(format!("{l}{eol}"))),
        );
        items.extend((0..trailing).map(|_| SectionItem::Blank(eol.clone())));
        let id = issue.new_section_id();
        issue.sections.push(Section { id, heading: old.heading.clone(), items, unnamed: false });
    }

    issue.footer = template.footer.as_ref().map(|f| {
        // Drop what trails the licence (stray lines of one issue), keeping
        // the file's final newline.
        let mut lines = f.lines.clone();
        if let Some(lic) = lines.iter().rposition(|l| l.contains("creativecommons.org/licenses")) {
            lines.truncate(lic + 1);
            lines.push(String::new());
        }
        Footer { lines }
    });
    if issue.footer.is_none() {
        // Without a footer the last section's blank lines end the file.
        if let Some(last) = issue.sections.last_mut() {
            while let Some(SectionItem::Blank(_)) = last.items.last() {
                last.items.pop();
            }
            last.items.push(SectionItem::Blank(String::new()));
        }
    }
    issue
}

/// The title and its boilerplate for a draft that has none, for
/// [`crate::core::Command::AddTitle`]: with a template (the repository's
/// newest issue), what `new` takes from it (front matter, title, tagline,
/// notes, an empty digest) but the warm-up intro, which comes with warm-up
/// items; without one, the bare title `# 嵌入式AI简报 (date)`. A blank line
/// follows; line endings are `crlf`'s.
pub fn title_blocks(template: Option<&Issue>, date: &str, crlf: bool) -> Vec<PreambleBlock> {
    let eol = if crlf { "\r" } else { "" };
    let mut blocks = match template {
        Some(t) => next_issue(t, date, &[])
            .preamble
            .into_iter()
            .filter(|b| !matches!(b, PreambleBlock::WarmupIntro(_)))
            .collect(),
        None => vec![PreambleBlock::Title(TitleLine {
            name: "嵌入式AI简报".into(),
            date: date.into(),
            subtitle_sep: Str::default(),
            subtitle: Str::default(),
            trail: eol.into(),
        })],
    };
    // One blank line after the boilerplate, none doubled.
    while let Some(PreambleBlock::Blank(_)) = blocks.last() {
        blocks.pop();
    }
    blocks.push(PreambleBlock::Blank(eol.into()));
    // The template's line endings become the draft's.
    let mut text = String::new();
    let mut w = crate::core::format::render::LineWriter::new(&mut text);
    blocks.iter().for_each(|b| crate::core::format::render::write_preamble_block(b, &mut w));
    let text: String =
        text.split('\n').map(|l| format!("{}{eol}", l.trim_end_matches('\r'))).collect::<Vec<_>>().join("\n");
    crate::core::format::parse::parse(&text).preamble
}

/// The next issue of a repository, not yet written: its date, where it goes
/// and its text (for a window to show before creating it).
#[derive(Debug, Clone)]
pub struct NewIssue {
    pub date: String,
    pub path: PathBuf,
    pub text: String,
}

/// Prepares the next issue: `date` or two weeks after the newest issue,
/// boilerplate from the newest issue. Refuses a date whose file exists.
pub fn prepare(repo: &Repo, date: Option<&str>) -> Result<NewIssue, NewIssueError> {
    let mut dates = repo.issue_dates()?;
    dates.reverse();
    let newest = dates.last().ok_or_else(|| NewIssueError::NoIssue(repo.root().to_path_buf()))?;
    if let Some(d) = date
        && !archive::is_valid_date(d)
    {
        return Err(NewIssueError::BadDate(d.to_string()));
    }
    let next = match date {
        Some(d) => d.to_string(),
        None => following(&Issue::empty(), &dates, None)?.0,
    };
    let path = repo.issue_path(&next)?;
    if path.exists() {
        return Err(NewIssueError::File(FileError::Exists { path }));
    }
    let (template, _) = repo.load_issue(newest)?;
    let (date, issue) = following(&template, &dates, Some(&next))?;
    Ok(NewIssue { date, path, text: crate::core::format::render::render(&issue) })
}

/// Creates the next issue of a repository through its confined, never
/// overwriting save; returns its path.
pub fn create(repo: &Path, date: Option<&str>) -> Result<PathBuf, NewIssueError> {
    let repo = Repo::open(repo)?;
    let new = prepare(&repo, date)?;
    repo.create_issue(&new.date, &new.text)?;
    Ok(new.path)
}
