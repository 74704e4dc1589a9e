//! `jianbao fill` and `jianbao inbox`: the CLI side of the fetch layer.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use serde_json::json;

use super::{CheckFormat, EXIT_BAD_INPUT, FillFormat, InboxAction, fail};
use crate::core::Document;
use crate::core::fetch::inbox::{self, Inbox};
use crate::core::fetch::providers::archive::default_section;
use crate::core::fetch::{ArchiveIndex, FetchConfig, FillResult, Filler, Origin};
use crate::core::files::repo::Repo;

fn open_archive(repo: &Path) -> Result<(Repo, ArchiveIndex), String> {
    let r = Repo::open(repo).map_err(|e| e.to_string())?;
    let index = ArchiveIndex::build(&r).map_err(|e| e.to_string())?;
    Ok((r, index))
}

fn filler(offline: bool, archive: Option<ArchiveIndex>) -> Result<Filler, String> {
    let config = FetchConfig { offline, ..FetchConfig::from_env() };
    Filler::new(config, archive).map_err(|e| e.to_string())
}

fn fill_inputs(filler: &Filler, inputs: &[String]) -> Vec<FillResult> {
    let (tx, rx) = std::sync::mpsc::channel();
    let cancel = AtomicBool::new(false);
    filler.fill_all(inputs, &cancel, &tx);
    drop(tx);
    let mut out: Vec<FillResult> = rx.into_iter().collect();
    out.sort_by_key(|r| r.index);
    out
}

fn suggest(filler: &Filler, url: &str, source: Option<&str>) -> String {
    match filler.archive() {
        Some(a) => a.suggest_section(url, source),
        None => default_section(url).to_string(),
    }
}

pub(super) fn run_fill(urls: Vec<String>, format: FillFormat, offline: bool, repo: Option<PathBuf>) -> ExitCode {
    let archive = match repo.as_deref().map(open_archive).transpose() {
        Ok(a) => a.map(|(_, i)| i),
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let filler = match filler(offline, archive) {
        Ok(f) => f,
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let results = fill_inputs(&filler, &urls);
    let failed = results.iter().filter(|r| r.result.is_err()).count();
    let mut out = String::new();
    match format {
        FillFormat::Markdown => {
            for r in &results {
                match &r.result {
                    Ok(f) => {
                        if let Some(a) = &f.already {
                            eprintln!("jianbao: {}: {a}", r.input);
                        }
                        out.push_str(&f.meta.markdown());
                        out.push('\n');
                    }
                    Err(e) => eprintln!("jianbao: {}: {e}", r.input),
                }
            }
        }
        FillFormat::Json => {
            let items: Vec<serde_json::Value> = results
                .iter()
                .map(|r| match &r.result {
                    Ok(f) => json!({
                        "input": r.input,
                        "ok": true,
                        "origin": match f.origin { Origin::Archive => "archive", Origin::Cache => "cache", Origin::Network => "network" },
                        "already": f.already.as_ref().map(|a| json!({"date": a.date, "section": a.section})),
                        "kind": f.meta.kind.map(|k| k.as_str()),
                        "url": f.meta.url,
                        "tags": f.meta.tags,
                        "repo": f.meta.repo,
                        "title": f.meta.title,
                        "source": f.meta.source,
                        "fields": f.meta.fields.iter().map(|(l, v)| json!({"label": l, "value": v})).collect::<Vec<_>>(),
                        "facts": f.meta.facts.iter().map(|(l, v)| json!({"name": l, "value": v})).collect::<Vec<_>>(),
                        "suggested_section": suggest(&filler, &f.meta.url, f.meta.source.as_deref()),
                        "markdown": f.meta.markdown(),
                    }),
                    Err(e) => json!({"input": r.input, "ok": false, "error": e.to_string(), "error_kind": format!("{e:?}").split(['(', ' ', '{']).next().unwrap_or("")}),
                })
                .collect();
            out = serde_json::to_string_pretty(&items).unwrap_or_default();
            out.push('\n');
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

pub(super) fn run_inbox(action: InboxAction) -> ExitCode {
    match action {
        InboxAction::Add { repo, offline, text } => inbox_add(&repo, offline, text),
        InboxAction::List { repo, format } => inbox_list(&repo, format),
        InboxAction::Take { repo, issue, section, items } => inbox_take(&repo, &issue, section.as_deref(), &items),
    }
}

fn load_inbox(repo: &Path) -> Result<(Repo, ArchiveIndex, Inbox), ExitCode> {
    let (r, archive) = open_archive(repo).map_err(|e| {
        fail(e);
        ExitCode::from(EXIT_BAD_INPUT)
    })?;
    let inbox = Inbox::load(r.root()).map_err(|e| {
        fail(e);
        ExitCode::from(EXIT_BAD_INPUT)
    })?;
    Ok((r, archive, inbox))
}

fn inbox_add(repo: &Path, offline: bool, text: Vec<String>) -> ExitCode {
    let (r, archive, mut inbox) = match load_inbox(repo) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let text = if text.is_empty() {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            fail(format!("stdin: {e}"));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
        s
    } else {
        text.join("\n")
    };
    let drafts = inbox::intake(&text);
    if drafts.is_empty() {
        fail("nothing to add: no link or text in the input");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let added = inbox.add(&drafts, Some(&archive));
    // Fill what was added; the archive answers for links it holds.
    let items = inbox.items();
    let inputs: Vec<String> = added.iter().map(|p| items[*p].url.clone()).collect();
    let filler = match filler(offline, Some(archive)) {
        Ok(f) => f,
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let with_url: Vec<(usize, String)> =
        added.iter().zip(&inputs).filter(|(_, u)| !u.is_empty()).map(|(p, u)| (*p, u.clone())).collect();
    let urls: Vec<String> = with_url.iter().map(|(_, u)| u.clone()).collect();
    for r in fill_inputs(&filler, &urls) {
        let pos = with_url[r.index].0;
        match r.result {
            Ok(f) => {
                let _ = inbox.fill(pos, &f.meta);
            }
            Err(e) => eprintln!("jianbao: {}: {e} (kept as written)", r.input),
        }
    }
    if let Err(e) = inbox.save(r.root()) {
        fail(e);
        return ExitCode::FAILURE;
    }
    let items = inbox.items();
    let mut out = String::new();
    for p in &added {
        out.push_str(&list_line(&items[*p], &filler));
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

fn list_line(item: &inbox::Item, filler: &Filler) -> String {
    let section = suggest(filler, &item.url, item.source.as_deref());
    let mut line = format!("{:>3}. [{section}] {}", item.pos + 1, item.text.lines().next().unwrap_or("").trim_end());
    if let Some(d) = &item.duplicate {
        line.push_str(&format!("  (重复：{d})"));
    }
    line.push('\n');
    line
}

fn inbox_list(repo: &Path, format: CheckFormat) -> ExitCode {
    let (_, archive, inbox) = match load_inbox(repo) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let filler = match filler(true, Some(archive)) {
        Ok(f) => f,
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let mut out = String::new();
    for item in inbox.items() {
        match format {
            CheckFormat::Text => out.push_str(&list_line(&item, &filler)),
            CheckFormat::Json => {
                out.push_str(
                    &json!({
                        "number": item.pos + 1,
                        "url": item.url,
                        "title": item.title,
                        "source": item.source,
                        "duplicate": item.duplicate,
                        "suggested_section": suggest(&filler, &item.url, item.source.as_deref()),
                        "text": item.text,
                    })
                    .to_string(),
                );
                out.push('\n');
            }
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

fn inbox_take(repo: &Path, date: &str, section: Option<&str>, numbers: &[usize]) -> ExitCode {
    let (r, archive, mut inbox) = match load_inbox(repo) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let (issue, stamp) = match r.load_issue(date) {
        Ok(x) => x,
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let items = inbox.items();
    for n in numbers {
        if *n == 0 || *n > items.len() {
            fail(format!("the inbox has no item {n} (it has {})", items.len()));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    }
    let mut doc = Document::new(issue);
    // Highest position first, so the positions of the others stay right.
    let mut order: Vec<usize> = numbers.iter().map(|n| n - 1).collect();
    order.sort_unstable();
    order.dedup();
    let mut cmds = Vec::new();
    let mut issue_view = doc.issue().clone();
    for pos in order.iter().rev() {
        let item = &items[*pos];
        let title = match section {
            Some(s) => s.to_string(),
            None => archive.suggest_section(&item.url, item.source.as_deref()),
        };
        let Some(sec) = issue_view.named_sections().find(|s| s.heading.title.trim() == title.trim()).map(|s| s.id)
        else {
            fail(format!("the issue {date} has no section “{title}”"));
            return ExitCode::from(EXIT_BAD_INPUT);
        };
        let id = doc.new_entry_id();
        let cmd = match inbox.take_command(*pos, &issue_view, sec, None, id) {
            Ok(c) => c,
            Err(e) => {
                fail(format!("item {}: {e}", pos + 1));
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        };
        // Keep a view with the earlier takes applied, for positions and ids.
        if let Err(e) = crate::core::edit::apply::apply(&mut issue_view, cmd.clone()) {
            fail(format!("item {}: {e}", pos + 1));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
        cmds.push(cmd);
    }
    if let Err(e) = doc.apply_all("Take from the inbox", cmds) {
        fail(e);
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let effects = doc.take_inbox_effects();
    if let Err(e) = inbox.apply_effects(&effects) {
        fail(e);
        return ExitCode::FAILURE;
    }
    if let Err(e) = r.save_issue_checked(date, &doc.text(), &stamp) {
        fail(e);
        return ExitCode::FAILURE;
    }
    if let Err(e) = inbox.save(r.root()) {
        fail(format!("the issue was saved, but the inbox could not be: {e}"));
        return ExitCode::FAILURE;
    }
    eprintln!("jianbao: {} item(s) moved into {date}", order.len());
    ExitCode::SUCCESS
}
