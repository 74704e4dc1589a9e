//! Archive tables: the 4-column table of issue dates, newest first, with a
//! row of digits before each year (`| 2 | 0 | 2 | 0 |`).

use super::parse::looks_like_date;

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
///     jianbao::core::archive::table(&dates, "./embedded-ai-report/"),
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
