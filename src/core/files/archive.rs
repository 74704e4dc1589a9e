//! Archive tables: the 4-column table of issue dates, newest first, with a
//! row of digits before each year (`| 2 | 0 | 2 | 0 |`).

use crate::core::format::parse::looks_like_date;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A real calendar date `YYYY-MM-DD` (2019-02-30 is not one).
pub fn is_valid_date(s: &str) -> bool {
    if !looks_like_date(s) {
        return false;
    }
    let (y, m, d) = split(s);
    civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

fn split(s: &str) -> (i64, i64, i64) {
    (s[0..4].parse().unwrap_or(0), s[5..7].parse().unwrap_or(0), s[8..10].parse().unwrap_or(0))
}

/// `date` plus `days`; `None` when `date` is not a valid date.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    if !is_valid_date(date) {
        return None;
    }
    let (y, m, d) = split(date);
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// The archive table for these dates (any order, duplicates dropped), each
/// linked as `{link_prefix}DATE.md`: per year, newest first, four a row, the
/// year's first row padded at its start so that the others are full.
///
/// ```
/// let dates = ["2026-01-16".to_string(), "2026-01-02".to_string()];
/// assert_eq!(
///     jianbao::core::files::archive::table(&dates, "./embedded-ai-report/"),
///     [
///         "| 2 | 0 | 2 | 6 |",
///         "|:---:|:---:|:---:|:---:|",
///         "|  |  | [2026-01-16](./embedded-ai-report/2026-01-16.md) | [2026-01-02](./embedded-ai-report/2026-01-02.md) |",
///     ]
/// );
/// ```
pub fn table(dates: &[String], link_prefix: &str) -> Vec<String> {
    let mut dates: Vec<&String> = dates.iter().collect();
    dates.sort_by(|a, b| b.cmp(a));
    dates.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < dates.len() {
        let year = &dates[i][..4];
        let n = dates[i..].iter().take_while(|d| d.starts_with(year)).count();
        out.push(row(&year.chars().map(|c| c.to_string()).collect::<Vec<_>>()));
        if i == 0 {
            out.push("|:---:|:---:|:---:|:---:|".to_string());
        }
        let mut cells: Vec<String> = vec![String::new(); (4 - n % 4) % 4];
        cells.extend(dates[i..i + n].iter().map(|d| format!("[{d}]({link_prefix}{d}.md)")));
        for chunk in cells.chunks(4) {
            out.push(row(chunk));
        }
        i += n;
    }
    out
}

/// The dates an archive's lines link to, in order of appearance.
pub fn linked_dates(lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let mut rest = *line;
        while let Some(p) = rest.find("](") {
            let before = &rest[..p];
            if let Some(open) = before.rfind('[') {
                let text = &before[open + 1..];
                if looks_like_date(text) {
                    out.push(text.to_string());
                }
            }
            rest = &rest[p + 2..];
        }
    }
    out
}

/// The link prefix of the README's archive table (issues link `../` instead).
pub const README_LINK_PREFIX: &str = "./embedded-ai-report/";

/// A README holds no archive table to regenerate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no archive table (a `|:---:|` table of dates linking embedded-ai-report/DATE.md) found")]
pub struct NoArchiveTable;

/// One line of a text with its byte range, the terminator excluded.
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    crlf: bool,
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let crlf = piece.ends_with("\r\n");
        let body = body.strip_suffix('\r').filter(|_| crlf).unwrap_or(body);
        out.push(Line { start, end: start + body.len(), text: body, crlf });
        start += piece.len();
    }
    out
}

fn is_table_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// The cells of a table row, trimmed: `| a | b |` gives `["a", "b"]`.
fn cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

fn is_align_row(line: &str) -> bool {
    is_table_row(line)
        && cells(line).iter().all(|c| {
            let c = c.strip_prefix(':').unwrap_or(c);
            let c = c.strip_suffix(':').unwrap_or(c);
            c.len() >= 3 && c.bytes().all(|b| b == b'-')
        })
}

fn is_year_row(line: &str) -> bool {
    let c = cells(line);
    c.len() == 4 && c.iter().all(|c| c.len() == 1 && c.as_bytes()[0].is_ascii_digit())
}

/// The line indexes `[start, end)` of the README's archive table: the first
/// table whose header is a year row or whose rows link issue dates.
fn find_table(lines: &[Line<'_>]) -> Option<(usize, usize)> {
    for i in 1..lines.len() {
        if !is_align_row(lines[i].text) || !is_table_row(lines[i - 1].text) {
            continue;
        }
        let start = i - 1;
        let end = (i + 1..lines.len()).find(|&j| !is_table_row(lines[j].text)).unwrap_or(lines.len());
        let texts: Vec<&str> = lines[start..end].iter().map(|l| l.text).collect();
        if is_year_row(texts[0]) || !linked_dates(&texts).is_empty() {
            return Some((start, end));
        }
    }
    None
}

/// The README's archive table as it stands, one string a line.
pub fn readme_table_lines(readme: &str) -> Result<Vec<String>, NoArchiveTable> {
    let lines = lines_of(readme);
    let (start, end) = find_table(&lines).ok_or(NoArchiveTable)?;
    Ok(lines[start..end].iter().map(|l| l.text.to_string()).collect())
}

/// The README with its archive table rewritten from `dates` (the issue files
/// that exist, any order): each once, newest first, four a row, year rows,
/// `./embedded-ai-report/DATE.md` links. Every byte outside the table's lines
/// is kept, and the table's line ending (LF or CRLF) is the README's.
pub fn regenerate_readme(readme: &str, dates: &[String]) -> Result<String, NoArchiveTable> {
    let lines = lines_of(readme);
    let (start, end) = find_table(&lines).ok_or(NoArchiveTable)?;
    let eol = if lines[start].crlf { "\r\n" } else { "\n" };
    let dates: Vec<String> = dates.iter().filter(|d| is_valid_date(d)).cloned().collect();
    let table = table(&dates, README_LINK_PREFIX).join(eol);
    let (from, to) = (lines[start].start, lines[end - 1].end);
    let mut out = String::with_capacity(readme.len() + table.len());
    out.push_str(&readme[..from]);
    out.push_str(&table);
    out.push_str(&readme[to..]);
    Ok(out)
}

/// One way the README's archive table disagrees with the issue files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveProblem {
    /// A linked date has no issue file. `line` is 1-based in the README.
    DeadLink { line: usize, date: String },
    /// An issue file the table does not link.
    Missing { date: String },
    /// A date linked more than once.
    Duplicate { date: String, times: usize },
    /// A row that does not have four cells.
    MalformedRow { line: usize, cells: usize },
    /// A date whose link is not `./embedded-ai-report/DATE.md`.
    WrongTarget { line: usize, date: String, target: String },
    /// A date after a newer one: the table is not newest first.
    OutOfOrder { line: usize, date: String },
    /// None of the above, yet the table is not laid out as `archive` writes
    /// it (year rows, padding of a year's first row, spacing).
    Layout,
}

impl std::fmt::Display for ArchiveProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArchiveProblem::DeadLink { line, date } => {
                write!(f, "line {line}: dead link to {date} (no embedded-ai-report/{date}.md)")
            }
            ArchiveProblem::Missing { date } => write!(f, "missing: embedded-ai-report/{date}.md is not in the table"),
            ArchiveProblem::Duplicate { date, times } => write!(f, "duplicate: {date} is linked {times} times"),
            ArchiveProblem::MalformedRow { line, cells } => write!(f, "line {line}: a row of {cells} cells, not 4"),
            ArchiveProblem::WrongTarget { line, date, target } => {
                write!(f, "line {line}: {date} links to {target}, not {README_LINK_PREFIX}{date}.md")
            }
            ArchiveProblem::OutOfOrder { line, date } => {
                write!(f, "line {line}: {date} comes after a newer date (the table is newest first)")
            }
            ArchiveProblem::Layout => {
                write!(f, "the table's layout (year rows, padding, spacing) differs from the regenerated one")
            }
        }
    }
}

/// What [`check_readme`] found. `fresh` is true exactly when regenerating
/// would leave the README unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveReport {
    pub fresh: bool,
    pub problems: Vec<ArchiveProblem>,
}

/// The `[DATE](target)` links of a cell.
fn date_links(cell: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = cell;
    while let Some(p) = rest.find("](") {
        let before = &rest[..p];
        let after = &rest[p + 2..];
        if let Some(open) = before.rfind('[') {
            let text = &before[open + 1..];
            if crate::core::format::parse::looks_like_date(text) {
                let target = after.find(')').map(|e| &after[..e]).unwrap_or(after);
                out.push((text.to_string(), target.to_string()));
            }
        }
        rest = after;
    }
    out
}

/// Lists how the README's archive table disagrees with the issue files that
/// exist (`dates`, any order): dead links, missing issues, duplicates,
/// malformed rows, wrong link targets, dates out of order.
pub fn check_readme(readme: &str, dates: &[String]) -> Result<ArchiveReport, NoArchiveTable> {
    let lines = lines_of(readme);
    let (start, end) = find_table(&lines).ok_or(NoArchiveTable)?;
    let fresh = regenerate_readme(readme, dates)? == readme;
    let existing: std::collections::BTreeSet<&str> = dates.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut previous: Option<String> = None;
    let mut order_reported = false;
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        let n = i + 1;
        if is_align_row(line.text) {
            continue;
        }
        let cells = cells(line.text);
        if cells.len() != 4 {
            problems.push(ArchiveProblem::MalformedRow { line: n, cells: cells.len() });
        }
        for date in linked_dates(&[line.text]) {
            *counts.entry(date.clone()).or_default() += 1;
            if !existing.contains(date.as_str()) {
                problems.push(ArchiveProblem::DeadLink { line: n, date: date.clone() });
            }
            if let Some(prev) = &previous
                && date > *prev
                && !order_reported
            {
                problems.push(ArchiveProblem::OutOfOrder { line: n, date: date.clone() });
                order_reported = true;
            }
            previous = Some(date);
        }
        for cell in &cells {
            for (date, target) in date_links(cell) {
                if target != format!("{README_LINK_PREFIX}{date}.md") {
                    problems.push(ArchiveProblem::WrongTarget { line: n, date, target });
                }
            }
        }
    }
    for (date, times) in &counts {
        if *times > 1 {
            problems.push(ArchiveProblem::Duplicate { date: date.clone(), times: *times });
        }
    }
    for date in &existing {
        if is_valid_date(date) && !counts.contains_key(*date) {
            problems.push(ArchiveProblem::Missing { date: date.to_string() });
        }
    }
    if !fresh && problems.is_empty() {
        problems.push(ArchiveProblem::Layout);
    }
    Ok(ArchiveReport { fresh, problems })
}
