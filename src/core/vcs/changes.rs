//! Entry-level changes between two versions of an issue: entries added,
//! removed, moved (section and position, from → to) and edited (field by
//! field), sections added, removed or moved, and the text outside entries
//! (preamble, the lines around a section's entries, footer) edited. Plain
//! data (serde) for the command line and a window's list alike.

use serde::Serialize;

use crate::core::format::model::*;
use crate::core::format::parse::parse;
use crate::core::format::render;
use crate::core::vcs::diff3::{TooLarge, lcs_matches};
use crate::core::vcs::structure::{Unit, Version, match_entries};

/// Which entry a change is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    pub title: String,
    /// The main link as written (empty when the entry has none).
    pub url: String,
}

/// Where an entry stands: its section and its 1-based position among the
/// section's entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub section: String,
    pub position: usize,
}

/// One field of an entry that differs: `title`, `source`, `url`, `tags`,
/// `repo`, `links` (the extra links), `head` (the rest of the first line),
/// a labelled line by its label (`摘要`, `代码`…), `body` (the unlabelled
/// lines) or `text` (an entry kept verbatim).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One change. `line` is the 1-based line in the new version (in the old
/// one for what was removed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    Added {
        entry: EntryRef,
        at: Place,
        line: usize,
    },
    Removed {
        entry: EntryRef,
        from: Place,
        line: usize,
    },
    Moved {
        entry: EntryRef,
        from: Place,
        to: Place,
        line: usize,
    },
    Edited {
        entry: EntryRef,
        at: Place,
        fields: Vec<FieldChange>,
        line: usize,
    },
    SectionAdded {
        section: String,
        position: usize,
        line: usize,
    },
    SectionRemoved {
        section: String,
        position: usize,
        line: usize,
    },
    SectionMoved {
        section: String,
        from: usize,
        to: usize,
        line: usize,
    },
    /// Lines outside entries: `part` is `preamble` (and `block` the kind of
    /// block: `digest`, `warm-up news`…), `section` (the heading and the
    /// lines around the section's entries; `block` names the section) or `footer`.
    TextEdited {
        part: String,
        block: String,
        old: Vec<String>,
        new: Vec<String>,
        line: usize,
    },
}

/// The changes from `old` to `new` (two texts of the same issue). `Err` only
/// when a stretch of lines is too large to compare.
pub fn changes(old: &str, new: &str) -> Result<Vec<Change>, TooLarge> {
    let (a, b) = (parse(old), parse(new));
    changes_between(&Version::new(&a, old), &Version::new(&b, new))
}

fn entry_ref(u: &Unit) -> EntryRef {
    let url = match &u.entry.body {
        EntryBody::Typed(t) => t.head.url.to_string(),
        EntryBody::Verbatim(_) => String::new(),
    };
    EntryRef { title: u.entry.label(), url }
}

/// The changes between two versions cut into pieces.
pub fn changes_between(old: &Version, new: &Version) -> Result<Vec<Change>, TooLarge> {
    let mut out = Vec::new();
    let kind = |i: usize| new.preamble_kinds.get(i).or(old.preamble_kinds.last()).copied().unwrap_or("preamble");
    text_hunks(&old.preamble, &new.preamble, |j| j + 1, "preamble", |j| kind(j).to_string(), &mut out)?;

    // Sections by key.
    let old_keys: Vec<&str> = old.sections.iter().map(|s| s.key.as_str()).collect();
    let new_keys: Vec<&str> = new.sections.iter().map(|s| s.key.as_str()).collect();
    let common_old: Vec<&str> = old_keys.iter().copied().filter(|k| new_keys.contains(k)).collect();
    let common_new: Vec<&str> = new_keys.iter().copied().filter(|k| old_keys.contains(k)).collect();
    let kept = lcs_matches(&common_new, &common_old)?;
    for (pos, s) in old.sections.iter().enumerate() {
        if !new_keys.contains(&s.key.as_str()) {
            out.push(Change::SectionRemoved { section: s.key.clone(), position: pos + 1, line: s.line });
        }
    }
    for (pos, s) in new.sections.iter().enumerate() {
        if !old_keys.contains(&s.key.as_str()) {
            out.push(Change::SectionAdded { section: s.key.clone(), position: pos + 1, line: s.line });
        } else if let Some(ci) = common_new.iter().position(|k| *k == s.key)
            && kept[ci].is_none()
        {
            let from = old_keys.iter().position(|k| *k == s.key).unwrap_or(0) + 1;
            out.push(Change::SectionMoved { section: s.key.clone(), from, to: pos + 1, line: s.line });
        }
    }
    // The text of each section around its entries.
    for s in &new.sections {
        let Some(o) = old.section(&s.key) else { continue };
        let ((of, _), (nf, numbers)) = (o.frame(), s.frame());
        let name = s.key.clone();
        let line_of = |j: usize| numbers.get(j).copied().unwrap_or(s.line);
        text_hunks(&of, &nf, line_of, "section", |_| name.clone(), &mut out)?;
    }
    // The footer.
    let (of, nf) = (old.footer.clone().unwrap_or_default(), new.footer.clone().unwrap_or_default());
    text_hunks(&of, &nf, |j| new.footer_line + j, "footer", |_| "footer".to_string(), &mut out)?;

    // Entries by identity.
    let ou = old.units();
    let nu = new.units();
    let old_refs: Vec<&Unit> = ou.iter().map(|(_, u)| *u).collect();
    let new_refs: Vec<&Unit> = nu.iter().map(|(_, u)| *u).collect();
    let partner = match_entries(&old_refs, &new_refs);
    let mut old_taken = vec![false; ou.len()];
    for p in partner.iter().flatten() {
        old_taken[*p] = true;
    }
    let place = |v: &Version, si: usize, u: &Unit| -> Place {
        let s = &v.sections[si];
        let position = s.units.iter().position(|x| std::ptr::eq(x, u)).unwrap_or(0) + 1;
        Place { section: s.key.clone(), position }
    };
    // Moves: an entry changed section, or left the longest run of entries
    // kept in order within its section.
    let mut moved = vec![false; nu.len()];
    for s in &new.sections {
        let idx: Vec<usize> = (0..nu.len()).filter(|&j| new.sections[nu[j].0].key == s.key).collect();
        let new_seq: Vec<usize> =
            idx.iter().filter_map(|&j| partner[j].filter(|&i| old.sections[ou[i].0].key == s.key)).collect();
        let mut old_seq: Vec<usize> = (0..ou.len()).filter(|&i| old.sections[ou[i].0].key == s.key).collect();
        old_seq.retain(|i| new_seq.contains(i));
        let kept = lcs_matches(&new_seq, &old_seq)?;
        for &j in &idx {
            match partner[j] {
                Some(i) if old.sections[ou[i].0].key != s.key => moved[j] = true,
                Some(i) => {
                    let k = new_seq.iter().position(|x| *x == i).unwrap_or(0);
                    moved[j] = kept[k].is_none();
                }
                None => {}
            }
        }
    }
    for (i, (si, u)) in ou.iter().enumerate() {
        if !old_taken[i] {
            out.push(Change::Removed { entry: entry_ref(u), from: place(old, *si, u), line: u.line });
        }
    }
    for (j, (si, u)) in nu.iter().enumerate() {
        let at = place(new, *si, u);
        match partner[j] {
            None => out.push(Change::Added { entry: entry_ref(u), at, line: u.line }),
            Some(i) => {
                let (osi, ouu) = ou[i];
                if moved[j] {
                    out.push(Change::Moved {
                        entry: entry_ref(u),
                        from: place(old, osi, ouu),
                        to: at.clone(),
                        line: u.line,
                    });
                }
                let fields = entry_fields(&ouu.entry, &u.entry);
                if !fields.is_empty() {
                    out.push(Change::Edited { entry: entry_ref(u), at, fields, line: u.line });
                }
            }
        }
    }
    Ok(out)
}

/// The hunks of a line diff as `TextEdited` changes.
fn text_hunks(
    old: &[String],
    new: &[String],
    line_of: impl Fn(usize) -> usize,
    part: &str,
    block: impl Fn(usize) -> String,
    out: &mut Vec<Change>,
) -> Result<(), TooLarge> {
    let m = lcs_matches(old, new)?;
    let (mut i, mut j) = (0usize, 0usize);
    while i < old.len() || j < new.len() {
        if i < old.len() && m[i] == Some(j) {
            i += 1;
            j += 1;
            continue;
        }
        let i0 = i;
        while i < old.len() && m[i].is_none() {
            i += 1;
        }
        let j_end = if i < old.len() { m[i].unwrap_or(new.len()) } else { new.len() };
        let (j0, j1) = (j, j_end.max(j));
        out.push(Change::TextEdited {
            part: part.to_string(),
            block: block(j0.min(new.len().saturating_sub(1))),
            old: old[i0..i].to_vec(),
            new: new[j0..j1].to_vec(),
            line: line_of(j0),
        });
        j = j1;
    }
    Ok(())
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> Option<String> {
    let v: Vec<&str> = parts.collect();
    (!v.is_empty()).then(|| v.join("\n"))
}

/// The fields in which two versions of an entry differ.
pub fn entry_fields(old: &Entry, new: &Entry) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: Option<String>, b: Option<String>| {
        if a != b {
            out.push(FieldChange { field: name.to_string(), old: a, new: b });
        }
    };
    match (&old.body, &new.body) {
        (EntryBody::Typed(a), EntryBody::Typed(b)) => {
            let (ha, hb) = (&a.head, &b.head);
            let tags = |h: &Head| join(h.tags.iter().map(|t| t.text.as_str())).map(|s| s.replace('\n', " "));
            field("tags", tags(ha), tags(hb));
            field("repo", ha.repo.as_ref().map(|s| s.to_string()), hb.repo.as_ref().map(|s| s.to_string()));
            field("title", Some(ha.title.to_string()), Some(hb.title.to_string()));
            field("source", ha.source.as_ref().map(|s| s.to_string()), hb.source.as_ref().map(|s| s.to_string()));
            field("url", Some(ha.url.to_string()), Some(hb.url.to_string()));
            let extras = |h: &Head| {
                let v: Vec<String> = h.extras.iter().map(|e| format!("[{}]({})", e.text, e.url)).collect();
                (!v.is_empty()).then(|| v.join(" "))
            };
            field("links", extras(ha), extras(hb));
            let semantic_equal = ha.tags.iter().map(|t| &t.text).eq(hb.tags.iter().map(|t| &t.text))
                && ha.repo == hb.repo
                && ha.title == hb.title
                && ha.source == hb.source
                && ha.url == hb.url
                && extras(ha) == extras(hb);
            let (la, lb) = (render::head_line(&a.bullet, ha), render::head_line(&b.bullet, hb));
            if semantic_equal && la != lb {
                field("head", Some(la), Some(lb));
            }
            // Labelled lines by label (the n-th of a label with the n-th).
            let labelled = |t: &TypedEntry| -> Vec<(String, String)> {
                let mut seen: Vec<String> = Vec::new();
                t.lines
                    .iter()
                    .filter_map(|l| match l {
                        BodyLine::Field { label, .. } => {
                            let n = seen.iter().filter(|s| **s == label.as_str()).count();
                            seen.push(label.to_string());
                            let key = if n == 0 { label.to_string() } else { format!("{label}#{}", n + 1) };
                            Some((key, render::body_line(l)))
                        }
                        _ => None,
                    })
                    .collect()
            };
            let (fa, fb) = (labelled(a), labelled(b));
            for (k, v) in &fa {
                let other = fb.iter().find(|(kb, _)| kb == k).map(|(_, v)| v.clone());
                field(k, Some(v.clone()), other);
            }
            for (k, v) in &fb {
                if !fa.iter().any(|(ka, _)| ka == k) {
                    field(k, None, Some(v.clone()));
                }
            }
            let body = |t: &TypedEntry| {
                let lines: Vec<String> =
                    t.lines.iter().filter(|l| !matches!(l, BodyLine::Field { .. })).map(render::body_line).collect();
                join(lines.iter().map(|s| s.as_str()))
            };
            field("body", body(a), body(b));
            // Same fields, lines in another order or another decor.
            if out.is_empty() && a != b {
                let (ta, tb) = (render::entry_text(&old.body), render::entry_text(&new.body));
                if ta != tb {
                    out.push(FieldChange { field: "text".into(), old: Some(ta), new: Some(tb) });
                }
            }
        }
        _ => {
            let (ta, tb) = (render::entry_text(&old.body), render::entry_text(&new.body));
            field("text", Some(ta), Some(tb));
        }
    }
    out
}

/// The longest quote of a value on one line of text output, in characters.
const QUOTE_MAX: usize = 60;
/// Characters kept on each side of what differs.
const QUOTE_CONTEXT: usize = 16;

fn one_line(s: &str) -> Vec<char> {
    s.replace('\n', " ⏎ ").trim().chars().collect()
}

/// `chars[from..to]` quoted, with `…` where the value goes on.
fn quote_span(chars: &[char], from: usize, to: usize) -> String {
    let to = to.min(chars.len()).max(from);
    let (open, close) = (if from > 0 { "…" } else { "" }, if to < chars.len() { "…" } else { "" });
    format!("\"{open}{}{close}\"", chars[from..to].iter().collect::<String>())
}

/// A short quote of a value for one line of text output.
fn quote(s: &Option<String>) -> String {
    match s {
        None => "(none)".to_string(),
        Some(s) => {
            let c = one_line(s);
            quote_span(&c, 0, QUOTE_MAX.min(c.len()))
        }
    }
}

/// Old and new values quoted so that what differs shows: a long value's
/// common start and end are left out (`…`), keeping a little around the
/// edit, so text added at the end of a long 摘要 is seen.
pub fn quote_pair(old: &Option<String>, new: &Option<String>) -> (String, String) {
    let (Some(a), Some(b)) = (old, new) else { return (quote(old), quote(new)) };
    let (a, b) = (one_line(a), one_line(b));
    if a.len() <= QUOTE_MAX && b.len() <= QUOTE_MAX {
        return (quote_span(&a, 0, a.len()), quote_span(&b, 0, b.len()));
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
    let from = prefix.saturating_sub(QUOTE_CONTEXT);
    let span = |c: &[char]| {
        let to = (c.len() - suffix + QUOTE_CONTEXT).min(c.len());
        // A long edit shows its start (the part that differs first).
        quote_span(c, from, to.min(from + QUOTE_MAX + 2 * QUOTE_CONTEXT))
    };
    (span(&a), span(&b))
}

/// The change as compiler-like text, `file: added 论文 #3 "title"`, with
/// indented detail lines for edits.
pub fn change_text(file: &str, c: &Change) -> String {
    match c {
        Change::Added { entry, at, .. } => format!("{file}: added {} #{} \"{}\"", at.section, at.position, entry.title),
        Change::Removed { entry, from, .. } => {
            format!("{file}: removed {} #{} \"{}\"", from.section, from.position, entry.title)
        }
        Change::Moved { entry, from, to, .. } => format!(
            "{file}: moved \"{}\" from {} #{} to {} #{}",
            entry.title, from.section, from.position, to.section, to.position
        ),
        Change::Edited { entry, at, fields, .. } => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            let mut s =
                format!("{file}: edited {} #{} \"{}\": {}", at.section, at.position, entry.title, names.join(", "));
            for f in fields {
                let (old, new) = quote_pair(&f.old, &f.new);
                s.push_str(&format!("\n    {}: {old} -> {new}", f.field));
            }
            s
        }
        Change::SectionAdded { section, position, .. } => format!("{file}: added section {section} (#{position})"),
        Change::SectionRemoved { section, position, .. } => {
            format!("{file}: removed section {section} (#{position})")
        }
        Change::SectionMoved { section, from, to, .. } => {
            format!("{file}: moved section {section} from #{from} to #{to}")
        }
        Change::TextEdited { part, block, old, new, .. } => {
            let what = if part == "section" { format!("text of section {block}") } else { format!("{part} ({block})") };
            let mut s = format!("{file}: edited {what}: {} line(s) -> {} line(s)", old.len(), new.len());
            for l in old {
                s.push_str(&format!("\n    - {}", l.trim_end()));
            }
            for l in new {
                s.push_str(&format!("\n    + {}", l.trim_end()));
            }
            s
        }
    }
}

/// The change as one JSON object, with `file`.
pub fn change_json(file: &str, c: &Change) -> serde_json::Value {
    let mut v = serde_json::to_value(c).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut v {
        map.insert("file".into(), serde_json::Value::String(file.to_string()));
    }
    v
}
