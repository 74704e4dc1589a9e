//! The three-way merge of an issue, entry by entry, for git's merge driver.
//!
//! Entries are matched across base, ours and theirs by identity (the
//! normalised URL of the main link first, then the title), sections by
//! name. Each entry takes the side that changed it, field by field; where
//! both sides changed the same field differently the entry alone is wrapped
//! in git-style conflict markers. Where entries stand follows the side that
//! moved or reordered them, new entries go after their neighbour on the
//! side that added them. The text outside entries (preamble, the lines
//! around a section's entries, footer) merges line by line. Every piece no
//! side touched is written back with its exact bytes.
//!
//! A file the model cannot type (not an issue), or a change this merge
//! cannot place without guessing (both sides reordered a section
//! differently, moved one entry to two places, changed the section list
//! differently), gives [`MergeOutcome::Fallback`]: the caller then runs
//! git's own line merge. The result of a clean merge is read back and
//! compared with what was meant before it is returned; if it reads back
//! differently, that is a fallback too.

use std::collections::HashMap;

use crate::core::files::archive;
use crate::core::format::model::*;
use crate::core::format::parse::parse;
use crate::core::format::render;
use crate::core::vcs::diff3::{self, Chunk, merge_value};
use crate::core::vcs::structure::{Unit, Version, match_entries};

/// What a merge gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeOutcome {
    /// Both sides' work, no conflict.
    Clean(String),
    /// The merged text with `conflicts` places marked `<<<<<<< ours` /
    /// `=======` / `>>>>>>> theirs`.
    Conflicted { text: String, conflicts: usize },
    /// This merge cannot take the file (the reason says why): use git's line merge.
    Fallback(String),
}

impl MergeOutcome {
    /// The merged text, if there is one.
    pub fn text(&self) -> Option<&str> {
        match self {
            MergeOutcome::Clean(t) | MergeOutcome::Conflicted { text: t, .. } => Some(t),
            MergeOutcome::Fallback(_) => None,
        }
    }
}

/// Merges a file of the newsletter repository by its path: `README.md` by
/// [`merge_readme`], anything else as an issue by [`merge_issue`].
pub fn merge_path(path: &str, base: &[u8], ours: &[u8], theirs: &[u8]) -> MergeOutcome {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if name.eq_ignore_ascii_case("README.md") {
        merge_readme(base, ours, theirs)
    } else {
        merge_issue(base, ours, theirs)
    }
}

fn texts<'a>(base: &'a [u8], ours: &'a [u8], theirs: &'a [u8]) -> Result<[&'a str; 3], String> {
    let mut out = [""; 3];
    for (i, (name, bytes)) in [("base", base), ("ours", ours), ("theirs", theirs)].into_iter().enumerate() {
        if let Some(offset) = bytes.iter().position(|b| *b == 0) {
            return Err(format!("{name} is not text: a binary file (NUL byte at offset {offset})"));
        }
        out[i] = std::str::from_utf8(bytes).map_err(|e| format!("{name} is not text: not UTF-8 ({e})"))?;
    }
    Ok(out)
}

/// Writes lines of a conflict with git's markers.
fn push_conflict(out: &mut Vec<String>, ours: &[String], theirs: &[String], eol: &str) {
    out.push(format!("<<<<<<< ours{eol}"));
    out.extend(ours.iter().cloned());
    out.push(format!("======={eol}"));
    out.extend(theirs.iter().cloned());
    out.push(format!(">>>>>>> theirs{eol}"));
}

/// Writes merged chunks of lines; returns how many conflicts were marked.
fn push_chunks(out: &mut Vec<String>, chunks: Vec<Chunk<String>>, eol: &str) -> usize {
    let mut n = 0;
    for c in chunks {
        match c {
            Chunk::Clean(lines) => out.extend(lines),
            Chunk::Conflict { ours, theirs, .. } => {
                push_conflict(out, &ours, &theirs, eol);
                n += 1;
            }
        }
    }
    n
}

fn merge_lines(base: &[String], ours: &[String], theirs: &[String]) -> Result<Vec<Chunk<String>>, String> {
    diff3::merge(base, ours, theirs).map_err(|_| "a stretch of lines too large to compare".to_string())
}

/// The three-way merge of three versions of an issue.
pub fn merge_issue(base: &[u8], ours: &[u8], theirs: &[u8]) -> MergeOutcome {
    let [b, o, t] = match texts(base, ours, theirs) {
        Ok(t) => t,
        Err(e) => return MergeOutcome::Fallback(e),
    };
    let (ib, io, it) = (parse(b), parse(o), parse(t));
    for (name, text, issue) in [("base", b, &ib), ("ours", o, &io), ("theirs", t, &it)] {
        // An empty base is the common ancestor of two files added on both sides.
        let empty_base = name == "base" && text.trim().is_empty();
        if !(issue.looks_like_issue() || empty_base) {
            return MergeOutcome::Fallback(format!("{name} does not read as a newsletter issue"));
        }
    }
    let versions = [Version::new(&ib, b), Version::new(&io, o), Version::new(&it, t)];
    match merge_versions(&versions) {
        Ok(m) => m,
        Err(reason) => MergeOutcome::Fallback(reason),
    }
}

/// Where one entry is in each version: (section index, unit index).
#[derive(Clone, Copy, Default, Debug)]
struct Canon {
    at: [Option<(usize, usize)>; 3],
}

/// The merged content of one entry.
enum Content {
    Lines(Vec<String>),
    Conflict { ours: Vec<String>, theirs: Vec<String> },
}

struct Placed {
    content: Content,
    gap: Vec<Chunk<String>>,
}

fn merge_versions(v: &[Version; 3]) -> Result<MergeOutcome, String> {
    let [vb, vo, vt] = v;
    let eol = if vo.crlf { "\r" } else { "" };
    let mut out: Vec<String> = Vec::new();
    let mut conflicts = 0;

    // Preamble.
    conflicts += push_chunks(&mut out, merge_lines(&vb.preamble, &vo.preamble, &vt.preamble)?, eol);

    // The section list.
    let keys = |v: &Version| v.sections.iter().map(|s| s.key.clone()).collect::<Vec<_>>();
    let (kb, ko, kt) = (keys(vb), keys(vo), keys(vt));
    let merged_keys = merge_value(&kb, &ko, &kt).ok_or("both sides changed the list of sections, differently")?.clone();

    // Entries: canonical identities across the three versions.
    let units: Vec<Vec<(usize, usize, &Unit)>> = v
        .iter()
        .map(|ver| {
            ver.sections
                .iter()
                .enumerate()
                .flat_map(|(si, s)| s.units.iter().enumerate().map(move |(ui, u)| (si, ui, u)))
                .collect()
        })
        .collect();
    let refs = |k: usize| -> Vec<&Unit> { units[k].iter().map(|(_, _, u)| *u).collect() };
    let mut canon: Vec<Canon> =
        units[0].iter().map(|(si, ui, _)| Canon { at: [Some((*si, *ui)), None, None] }).collect();
    let mut added: [Vec<usize>; 3] = Default::default();
    for side in 1..3 {
        let m = match_entries(&refs(0), &refs(side));
        for (j, p) in m.iter().enumerate() {
            let (si, ui, _) = units[side][j];
            match p {
                Some(i) => canon[*i].at[side] = Some((si, ui)),
                None => added[side].push(j),
            }
        }
    }
    // The same entry added on both sides.
    let add_o: Vec<&Unit> = added[1].iter().map(|&j| units[1][j].2).collect();
    let add_t: Vec<&Unit> = added[2].iter().map(|&j| units[2][j].2).collect();
    let pair = match_entries(&add_o, &add_t);
    let mut t_of_o: HashMap<usize, usize> = HashMap::new();
    for (jt, p) in pair.iter().enumerate() {
        if let Some(jo) = p {
            t_of_o.insert(*jo, jt);
        }
    }
    for (k, &j) in added[1].iter().enumerate() {
        let (si, ui, _) = units[1][j];
        let mut c = Canon { at: [None, Some((si, ui)), None] };
        if let Some(&jt) = t_of_o.get(&k) {
            let (sti, uti, _) = units[2][added[2][jt]];
            c.at[2] = Some((sti, uti));
        }
        canon.push(c);
    }
    for (jt, &j) in added[2].iter().enumerate() {
        if pair[jt].is_none() {
            let (si, ui, _) = units[2][j];
            canon.push(Canon { at: [None, None, Some((si, ui))] });
        }
    }

    // Each entry: kept or not, its section, its content.
    let unit = |side: usize, at: (usize, usize)| -> &Unit { &v[side].sections[at.0].units[at.1] };
    let sec_key = |side: usize, at: (usize, usize)| -> &str { &v[side].sections[at.0].key };
    let mut placed: Vec<Option<(String, Placed)>> = Vec::with_capacity(canon.len());
    for c in &canon {
        let [b, o, t] = c.at;
        let none: Vec<String> = Vec::new();
        let gap = |side: usize| c.at[side].map(|a| unit(side, a).gap.clone()).unwrap_or_default();
        let lines = |side: usize| c.at[side].map(|a| unit(side, a).lines.clone()).unwrap_or_default();
        let item = match (b, o, t) {
            (Some(pb), Some(po), Some(pt)) => {
                let (kb, ko, kt) = (sec_key(0, pb), sec_key(1, po), sec_key(2, pt));
                let key = merge_value(&kb, &ko, &kt).ok_or_else(|| {
                    format!("both sides moved \"{}\", to different sections", unit(0, pb).entry.label())
                })?;
                let content = merge_entry(unit(0, pb), unit(1, po), unit(2, pt))?;
                Some((key.to_string(), Placed { content, gap: merge_lines(&gap(0), &gap(1), &gap(2))? }))
            }
            (Some(_), Some(po), None) => {
                // Removed by theirs: gone, unless ours changed it.
                let ours = lines(1);
                if ours == lines(0) {
                    None
                } else {
                    let g = vec![Chunk::Clean(gap(1))];
                    Some((
                        sec_key(1, po).to_string(),
                        Placed { content: Content::Conflict { ours, theirs: none }, gap: g },
                    ))
                }
            }
            (Some(_), None, Some(pt)) => {
                let theirs = lines(2);
                if theirs == lines(0) {
                    None
                } else {
                    let g = vec![Chunk::Clean(gap(2))];
                    Some((
                        sec_key(2, pt).to_string(),
                        Placed { content: Content::Conflict { ours: none, theirs }, gap: g },
                    ))
                }
            }
            (Some(_), None, None) | (None, None, None) => None,
            (None, Some(po), Some(_)) => {
                let (ours, theirs) = (lines(1), lines(2));
                let content = if ours == theirs { Content::Lines(ours) } else { Content::Conflict { ours, theirs } };
                let g = merge_lines(&[], &gap(1), &gap(2))?;
                Some((sec_key(1, po).to_string(), Placed { content, gap: g }))
            }
            (None, Some(po), None) => Some((
                sec_key(1, po).to_string(),
                Placed { content: Content::Lines(lines(1)), gap: vec![Chunk::Clean(gap(1))] },
            )),
            (None, None, Some(pt)) => Some((
                sec_key(2, pt).to_string(),
                Placed { content: Content::Lines(lines(2)), gap: vec![Chunk::Clean(gap(2))] },
            )),
        };
        if let Some((key, _)) = &item
            && !merged_keys.contains(key)
        {
            return Err(format!("an entry stands in section {key}, which the other side removed or renamed"));
        }
        placed.push(item);
    }

    // Order within each section.
    let mut expected_entries: Vec<String> = Vec::new();
    let mut clean_text = true;
    for key in &merged_keys {
        let members: Vec<usize> =
            (0..canon.len()).filter(|&c| placed[c].as_ref().is_some_and(|(k, _)| k == key)).collect();
        let seq = |side: usize| -> Vec<usize> {
            let mut s: Vec<(usize, usize)> = members
                .iter()
                .filter_map(|&c| canon[c].at[side].filter(|a| sec_key(side, *a) == key).map(|a| (a.1, c)))
                .collect();
            s.sort();
            s.into_iter().map(|(_, c)| c).collect()
        };
        let (sb, so, st) = (seq(0), seq(1), seq(2));
        let common: Vec<usize> = sb.iter().copied().filter(|c| so.contains(c) && st.contains(c)).collect();
        let rel = |s: &[usize]| -> Vec<usize> { s.iter().copied().filter(|c| common.contains(c)).collect() };
        let (rb, ro, rt) = (rel(&sb), rel(&so), rel(&st));
        let (skeleton, other) = if ro == rb {
            (st, so)
        } else if rt == rb || ro == rt {
            (so, st)
        } else {
            return Err(format!("both sides reordered the entries of {key}, differently"));
        };
        let mut order = skeleton;
        let mut last: Option<usize> = None;
        for c in other {
            match order.iter().position(|x| *x == c) {
                Some(p) => last = Some(p),
                None => {
                    let at = last.map(|p| p + 1).unwrap_or(0);
                    order.insert(at, c);
                    last = Some(at);
                }
            }
        }
        for &c in &members {
            if !order.contains(&c) {
                order.push(c);
            }
        }

        // The section's own lines.
        let sec = |side: usize| v[side].section(key);
        let heading = |side: usize| sec(side).and_then(|s| s.heading.clone());
        let part = |side: usize, f: fn(&crate::core::vcs::structure::Sec) -> &Vec<String>| -> Vec<String> {
            sec(side).map(|s| f(s).clone()).unwrap_or_default()
        };
        let (hb, ho, ht) = (heading(0), heading(1), heading(2));
        match merge_value(&hb, &ho, &ht) {
            Some(h) => out.extend(h.iter().cloned()),
            None => {
                conflicts += 1;
                push_conflict(&mut out, &ho.into_iter().collect::<Vec<_>>(), &ht.into_iter().collect::<Vec<_>>(), eol);
            }
        }
        let prefix = merge_lines(&part(0, |s| &s.prefix), &part(1, |s| &s.prefix), &part(2, |s| &s.prefix))?;
        conflicts += push_chunks(&mut out, prefix, eol);
        for c in order {
            let Some((_, p)) = placed[c].take() else { continue };
            match p.content {
                Content::Lines(lines) => {
                    expected_entries.push(lines.join("\n"));
                    out.extend(lines);
                }
                Content::Conflict { ours, theirs } => {
                    conflicts += 1;
                    clean_text = false;
                    push_conflict(&mut out, &ours, &theirs, eol);
                }
            }
            conflicts += push_chunks(&mut out, p.gap, eol);
        }
        let suffix = merge_lines(&part(0, |s| &s.suffix), &part(1, |s| &s.suffix), &part(2, |s| &s.suffix))?;
        conflicts += push_chunks(&mut out, suffix, eol);
    }

    // Footer.
    let foot = |v: &Version| v.footer.clone().unwrap_or_default();
    conflicts += push_chunks(&mut out, merge_lines(&foot(vb), &foot(vo), &foot(vt))?, eol);

    let mut text = String::new();
    if vo.bom {
        text.push('\u{feff}');
    }
    text.push_str(&out.join("\n"));
    if conflicts > 0 || !clean_text {
        return Ok(MergeOutcome::Conflicted { text, conflicts: conflicts.max(1) });
    }
    // Read the result back: the same sections and the same entries, in order.
    let back = parse(&text);
    let got: Vec<String> = back.entries().map(|(_, e)| render::entry_text(&e.body)).collect();
    let sections: Vec<String> = Version::new(&back, &text).sections.into_iter().map(|s| s.key).collect();
    if got != expected_entries || sections != merged_keys {
        return Err("the merged text would read back with other entries than merged".to_string());
    }
    Ok(MergeOutcome::Clean(text))
}

/// The merged lines of one entry present in all three versions.
fn merge_entry(b: &Unit, o: &Unit, t: &Unit) -> Result<Content, String> {
    if let Some(l) = merge_value(&b.lines, &o.lines, &t.lines) {
        return Ok(Content::Lines(l.clone()));
    }
    let conflict = || Content::Conflict { ours: o.lines.clone(), theirs: t.lines.clone() };
    if let (Some(eb), Some(eo), Some(et)) = (b.entry.typed(), o.entry.typed(), t.entry.typed()) {
        let Some(head) = merge_head(&eb.head, &eo.head, &et.head) else { return Ok(conflict()) };
        let Some(bullet) = merge_value(&eb.bullet, &eo.bullet, &et.bullet) else { return Ok(conflict()) };
        let chunks = diff3::merge(&eb.lines, &eo.lines, &et.lines).map_err(|_| "an entry too large to compare")?;
        let Some(lines) = diff3::clean_result(&chunks) else { return Ok(conflict()) };
        let merged = TypedEntry { bullet: bullet.clone(), head, lines };
        let text = render::entry_text(&EntryBody::Typed(Box::new(merged)));
        return Ok(Content::Lines(text.split('\n').map(str::to_string).collect()));
    }
    let chunks = merge_lines(&b.lines, &o.lines, &t.lines)?;
    Ok(match diff3::clean_result(&chunks) {
        Some(lines) => Content::Lines(lines),
        None => conflict(),
    })
}

/// The head merged part by part (tags, repo, title, source, link, extra
/// links, what follows); `None` when one part changed differently on both sides.
fn merge_head(b: &Head, o: &Head, t: &Head) -> Option<Head> {
    Some(Head {
        tags: merge_value(&b.tags, &o.tags, &t.tags)?.clone(),
        linked: *merge_value(&b.linked, &o.linked, &t.linked)?,
        repo: merge_value(&b.repo, &o.repo, &t.repo)?.clone(),
        repo_sep: merge_value(&b.repo_sep, &o.repo_sep, &t.repo_sep)?.clone(),
        title: merge_value(&b.title, &o.title, &t.title)?.clone(),
        source: merge_value(&b.source, &o.source, &t.source)?.clone(),
        source_sep: merge_value(&b.source_sep, &o.source_sep, &t.source_sep)?.clone(),
        url: merge_value(&b.url, &o.url, &t.url)?.clone(),
        extras: merge_value(&b.extras, &o.extras, &t.extras)?.clone(),
        tail: merge_value(&b.tail, &o.tail, &t.tail)?.clone(),
        trail: merge_value(&b.trail, &o.trail, &t.trail)?.clone(),
    })
}

/// The README: its archive table is not merged but written anew from the
/// dates both sides list (a date either side removed stays out); the rest
/// merges line by line.
pub fn merge_readme(base: &[u8], ours: &[u8], theirs: &[u8]) -> MergeOutcome {
    let [b, o, t] = match texts(base, ours, theirs) {
        Ok(t) => t,
        Err(e) => return MergeOutcome::Fallback(e),
    };
    let table = |s: &str| archive::readme_table_lines(s).ok();
    let (Some(to), Some(tt)) = (table(o), table(t)) else {
        return MergeOutcome::Fallback("a side's README has no archive table".to_string());
    };
    let tb = table(b).unwrap_or_default();
    let dates = |lines: &[String]| {
        let refs: Vec<&str> = lines.iter().map(|s| s.as_str()).collect();
        archive::linked_dates(&refs)
    };
    let (db, d_o, dt) = (dates(&tb), dates(&to), dates(&tt));
    let mut merged: Vec<String> = d_o.iter().chain(dt.iter()).cloned().collect();
    merged.retain(|d| !(db.contains(d) && (!d_o.contains(d) || !dt.contains(d))));
    // The rest of the file, the table standing as one placeholder line.
    const MARK: &str = "\u{0}archive table\u{0}";
    let cut = |s: &str, table: &[String]| -> Vec<String> {
        let lines: Vec<String> = s.split('\n').map(str::to_string).collect();
        let strip = |l: &String| l.strip_suffix('\r').unwrap_or(l).to_string();
        let start = (0..lines.len()).find(|&i| {
            !table.is_empty()
                && i + table.len() <= lines.len()
                && lines[i..i + table.len()].iter().map(&strip).eq(table.iter().cloned())
        });
        match start {
            Some(i) => {
                let mut v = lines[..i].to_vec();
                v.push(MARK.to_string());
                v.extend_from_slice(&lines[i + table.len()..]);
                v
            }
            None => lines,
        }
    };
    let (lb, lo, lt) = (cut(b, &tb), cut(o, &to), cut(t, &tt));
    let chunks = match merge_lines(&lb, &lo, &lt) {
        Ok(c) => c,
        Err(e) => return MergeOutcome::Fallback(e),
    };
    let eol = if o.contains("\r\n") { "\r" } else { "" };
    let mut out = Vec::new();
    let conflicts = push_chunks(&mut out, chunks, eol);
    let marks = out.iter().filter(|l| *l == MARK).count();
    if marks != 1 {
        return MergeOutcome::Fallback("the archive table's place is not clear after merging".to_string());
    }
    let own_table: Vec<String> = to.iter().map(|l| format!("{l}{eol}")).collect();
    let text =
        out.iter().map(|l| if l == MARK { own_table.join("\n") } else { l.clone() }).collect::<Vec<_>>().join("\n");
    let text = match archive::regenerate_readme(&text, &merged) {
        Ok(t) => t,
        Err(e) => return MergeOutcome::Fallback(e.to_string()),
    };
    if conflicts > 0 { MergeOutcome::Conflicted { text, conflicts } } else { MergeOutcome::Clean(text) }
}
