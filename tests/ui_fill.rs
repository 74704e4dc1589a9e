//! Filling entries from their links and the links inbox, in the window,
//! driven through egui_kittest. Every link points at a loopback server
//! (`tests/common/server.rs`) serving our own fixtures; the cache lives in
//! memory only. Tests wait for fills through `wait_for_fills()`, never by
//! sleeping; a "slow" page is held back by a gate the test opens.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use jianbao::app::filling::FillAction;
use jianbao::app::{Action, JianbaoApp, Selection};
use jianbao::core::fetch::FetchConfig;
use jianbao::core::{EntryId, Issue, TypedEntry};

mod common;
use common::server::{Reply, Server};

const OG_TITLE: &str = "Shipping a 1-bit Vision Model to Doorbells";
const OG_SITE: &str = "Example Engineering";
const OG_SUMMARY: &str =
    "How we trained, binarised and deployed a detector that runs on a 200 MHz core, and what broke on the way.";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fetch").join(name)).unwrap()
}

/// The loopback server; `/slow/…` answers once `gate` is open (or after 10 s).
fn start_server(gate: Arc<AtomicBool>) -> Server {
    Server::start(move |req| {
        let path = req.target.split('?').next().unwrap_or("").to_string();
        match path.as_str() {
            "/blog/post" => Reply::ok("text/html; charset=utf-8", fixture("opengraph.html")),
            "/slow/post" => {
                let started = Instant::now();
                while !gate.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(10) {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Reply::ok("text/html; charset=utf-8", fixture("opengraph.html"))
            }
            "/gh/repos/example-lab/tinyinfer" => Reply::ok("application/json", fixture("github_repo.json")),
            "/api/query" => Reply::ok("application/atom+xml", fixture("arxiv.xml")),
            _ => Reply::status(404),
        }
    })
}

fn config(server: &Server) -> FetchConfig {
    FetchConfig {
        arxiv_api: server.url("/api/query"),
        github_api: server.url("/gh"),
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(15),
        arxiv_interval: Duration::from_millis(50),
        cache_path: None,
        ..FetchConfig::default()
    }
}

fn harness(file: Option<PathBuf>, config: FetchConfig) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder().with_size([1280.0, 800.0]).build_eframe(move |cc| {
        let mut app = JianbaoApp::from_creation_context(cc, file.clone());
        app.use_fetch_config(config.clone());
        app
    });
    h.run();
    h
}

fn sample_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, jianbao::SAMPLE_ISSUE).unwrap();
    path
}

/// A repository holding the sample issue as 2026-11-20.
fn sample_repo(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("embedded-ai-report")).unwrap();
    sample_file(&dir.join("embedded-ai-report"), "2026-11-20.md")
}

/// A window on a repository holding the sample issue (made in `dir`).
fn repo_harness(dir: &Path, server: &Server) -> Harness<'static, JianbaoApp> {
    sample_repo(dir);
    let mut h = harness(None, config(server));
    assert!(h.state_mut().open_repo(dir));
    frames(&mut h);
    h
}

/// A few frames: while a fill runs the window keeps repainting (its
/// spinner), so `run()` would never settle.
fn frames(h: &mut Harness<'static, JianbaoApp>) {
    h.run_steps(4);
}

fn perform(h: &mut Harness<'static, JianbaoApp>, action: Action) {
    let ctx = h.ctx.clone();
    h.state_mut().perform(action, &ctx);
    frames(h);
}

fn typed(issue: &Issue, id: EntryId) -> TypedEntry {
    issue.entry(id).unwrap().typed().unwrap().clone()
}

/// A new entry below the selected one; returns its id (the URL field has the keyboard).
fn new_entry(h: &mut Harness<'static, JianbaoApp>) -> EntryId {
    perform(h, Action::AddEntry { above: false });
    match h.state().selection() {
        Some(Selection::Entry(id)) => id,
        other => panic!("a new entry is selected, not {other:?}"),
    }
}

fn type_into(h: &mut Harness<'static, JianbaoApp>, label: &str, text: &str) {
    h.get(By::new().role(Role::TextInput).label(label)).click();
    frames(h);
    h.get(By::new().role(Role::TextInput).label(label)).type_text(text);
    frames(h);
}

#[test]
fn a_pasted_url_fills_the_empty_fields_keeps_a_typed_title_and_one_undo_removes_the_fill() {
    let gate = Arc::new(AtomicBool::new(false));
    let server = start_server(gate.clone());
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(sample_file(dir.path(), "2026-11-20.md")), config(&server));
    let id = new_entry(&mut h);

    type_into(&mut h, "URL", &server.url("/slow/post"));
    assert!(h.state().fill_view(id).pending, "the fill runs in the background");
    assert!(h.query(By::new().label("Filling from the link…")).is_some(), "the form says so");
    // The window keeps drawing and editing while the answer is held back.
    type_into(&mut h, "Title", "我自己的标题");
    assert_eq!(typed(h.state().issue(), id).head.title, "我自己的标题");
    let before_fill = h.state().document().text();

    gate.store(true, Ordering::Relaxed);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    let e = typed(h.state().issue(), id);
    assert_eq!(e.head.title, "我自己的标题", "what the person typed stays");
    assert_eq!(e.head.source.as_deref(), Some(OG_SITE), "the empty source is filled");
    assert_eq!(e.field("摘要"), Some(OG_SUMMARY), "the summary is filled");
    assert!(!h.state().fill_view(id).pending);
    assert!(h.query(By::new().label_contains("Filled the empty fields")).is_some());

    // One undo removes the whole fill, and only the fill.
    perform(&mut h, Action::Undo);
    assert_eq!(h.state().document().text(), before_fill);
    let e = typed(h.state().issue(), id);
    assert_eq!(e.head.title, "我自己的标题");
    assert_eq!(e.head.source, None);
}

#[test]
fn cancel_stops_a_fill_and_its_late_answer_changes_nothing() {
    let gate = Arc::new(AtomicBool::new(false));
    let server = start_server(gate.clone());
    let mut h = harness(None, config(&server));
    let id = new_entry(&mut h);
    type_into(&mut h, "URL", &server.url("/slow/post"));
    assert!(h.state().fill_view(id).pending);
    let before = h.state().document().text();

    h.get(By::new().role(Role::Button).label("Cancel")).click();
    frames(&mut h);
    assert!(!h.state().fill_view(id).pending, "no longer pending");
    assert!(h.query(By::new().label("Cancelled")).is_some(), "the form says it was cancelled");

    gate.store(true, Ordering::Relaxed);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert_eq!(h.state().document().text(), before, "the answer that came late is dropped");
}

#[test]
fn a_failure_is_named_in_the_form() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let mut h = harness(None, config(&server));
    let id = new_entry(&mut h);
    type_into(&mut h, "URL", &server.url("/missing"));
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert_eq!(h.state().fill_view(id).note.map(|n| (n.text, n.error)), Some(("Not filled: not found".into(), true)));
    assert!(h.query(By::new().label("Not filled: not found")).is_some(), "shown in the form");

    // Offline (a setting): named as such, and nothing is asked of the server.
    let asked = server.requests().len();
    perform(
        &mut h,
        Action::Fill(FillAction::SetSettings { arxiv_api: String::new(), github_api: String::new(), offline: true }),
    );
    let id = new_entry(&mut h);
    type_into(&mut h, "URL", &server.url("/blog/post"));
    h.state_mut().wait_for_fills();
    frames(&mut h);
    let note = h.state().fill_view(id).note.unwrap();
    assert_eq!(note.text, "Not filled: offline, and not in the archive or the cache");
    assert_eq!(server.requests().len(), asked, "offline never touches the network");
}

#[test]
fn the_settings_override_the_endpoints() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let mut h = harness(None, config(&server));
    assert_eq!(h.state_mut().fetch_config().arxiv_api, server.url("/api/query"));
    perform(
        &mut h,
        Action::Fill(FillAction::SetSettings {
            arxiv_api: " http://127.0.0.1:9/arxiv ".into(),
            github_api: "http://127.0.0.1:9/gh".into(),
            offline: false,
        }),
    );
    let c = h.state_mut().fetch_config();
    assert_eq!(
        (c.arxiv_api.as_str(), c.github_api.as_str(), c.offline),
        ("http://127.0.0.1:9/arxiv", "http://127.0.0.1:9/gh", false)
    );
    assert_eq!(h.state().settings().arxiv_api, "http://127.0.0.1:9/arxiv", "kept with the other settings");
    // Emptied: back to the base configuration.
    perform(
        &mut h,
        Action::Fill(FillAction::SetSettings { arxiv_api: String::new(), github_api: String::new(), offline: false }),
    );
    assert_eq!(h.state_mut().fetch_config().github_api, server.url("/gh"));
}

#[test]
fn the_settings_window_shows_the_endpoint_in_use_and_where_it_comes_from() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let mut h = harness(None, config(&server));
    perform(&mut h, Action::Fill(FillAction::OpenSettings));
    let arxiv = server.url("/api/query");
    let in_use = format!("In use: {arxiv} (from the configuration given at start)");
    assert!(h.query(By::new().label(in_use.as_str())).is_some(), "not the public default");
    assert!(h.query(By::new().label_contains("export.arxiv.org")).is_none());

    perform(
        &mut h,
        Action::Fill(FillAction::SetSettings {
            arxiv_api: "http://127.0.0.1:9/arxiv".into(),
            github_api: String::new(),
            offline: false,
        }),
    );
    perform(&mut h, Action::Fill(FillAction::OpenSettings));
    assert!(h.query(By::new().label("In use: http://127.0.0.1:9/arxiv (from the setting)")).is_some());
    let gh = format!("In use: {} (from the configuration given at start)", server.url("/gh"));
    assert!(h.query(By::new().label(gh.as_str())).is_some());
}

#[test]
fn refill_shows_old_and_new_and_replaces_only_on_request() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let mut h = harness(None, config(&server));
    let id = new_entry(&mut h);
    type_into(&mut h, "Title", "Mine");
    type_into(&mut h, "URL", &server.url("/blog/post"));
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert_eq!(typed(h.state().issue(), id).head.title, "Mine");
    let filled = h.state().document().text();

    h.get(By::new().role(Role::Button).label("Refill…")).click();
    frames(&mut h);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert!(h.query(By::new().label("Refill from the link")).is_some(), "the window shows");
    assert!(h.query(By::new().label(OG_TITLE)).is_some(), "the new title beside the old");
    h.get(By::new().role(Role::Button).label("Keep mine")).click();
    frames(&mut h);
    assert_eq!(h.state().document().text(), filled, "Keep mine changes nothing");

    h.get(By::new().role(Role::Button).label("Refill…")).click();
    frames(&mut h);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    h.get(By::new().role(Role::Button).label("Use new")).click();
    frames(&mut h);
    assert_eq!(typed(h.state().issue(), id).head.title, OG_TITLE);
    perform(&mut h, Action::Undo);
    assert_eq!(h.state().document().text(), filled, "one undo step");
}

#[test]
fn a_fill_started_in_one_document_never_lands_in_another() {
    let gate = Arc::new(AtomicBool::new(false));
    let server = start_server(gate.clone());
    let dir = tempfile::tempdir().unwrap();
    let a = sample_file(dir.path(), "2026-11-20.md");
    let b = dir.path().join("2026-12-04.md");
    // B: the sample with two more entries after all the others, their link
    // the same and their fields empty: the second has the very id A's new
    // entry gets (checked below).
    let b_text = jianbao::SAMPLE_ISSUE.replacen("## [往期回顾]", "- [](SLOW)  \n- [](SLOW)  \n\n## [往期回顾]", 1);
    let b_text = b_text.replace("SLOW", &server.url("/slow/post"));
    std::fs::write(&b, &b_text).unwrap();
    let mut h = harness(Some(a), config(&server));
    let id = new_entry(&mut h);
    type_into(&mut h, "URL", &server.url("/slow/post"));
    assert!(h.state().fill_view(id).pending);

    assert!(h.state_mut().open_path(&b));
    frames(&mut h);
    let twin = typed(h.state().issue(), id);
    assert_eq!(twin.head.url, server.url("/slow/post"), "B's entry of the same id has the same link");
    gate.store(true, Ordering::Relaxed);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert_eq!(h.state().document().text(), b_text, "B is as it was on disk");
    assert!(!h.state().document().is_modified());
}

/// The inbox's items as (title, duplicate mark).
fn items(h: &Harness<'static, JianbaoApp>) -> Vec<(String, Option<String>)> {
    h.state().inbox().unwrap().items().into_iter().map(|i| (i.title, i.duplicate)).collect()
}

fn paste_into_inbox(h: &mut Harness<'static, JianbaoApp>, text: &str) {
    // An empty inbox is folded: its header opens it.
    if h.query(By::new().label("Paste into the inbox")).is_none() {
        h.get(By::new().label_contains("Inbox (")).click();
        frames(h);
    }
    h.get(By::new().role(Role::MultilineTextInput).label("Paste into the inbox")).click();
    frames(h);
    h.get(By::new().role(Role::MultilineTextInput).label("Paste into the inbox")).type_text(text);
    frames(h);
    h.get(By::new().role(Role::Button).label("Add to the inbox")).click();
    frames(h);
    h.state_mut().wait_for_fills();
    frames(h);
}

#[test]
fn three_urls_pasted_into_the_inbox_are_three_filled_items_and_a_duplicate_is_marked() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let dir = tempfile::tempdir().unwrap();
    let mut h = repo_harness(dir.path(), &server);

    // A page, a repository, and a link the archive holds (the sample's own 博文).
    let pasted = format!(
        "{}\nhttps://github.com/example-lab/tinyinfer\nhttps://zhuanlan.zhihu.com/p/795120384\n",
        server.url("/blog/post")
    );
    paste_into_inbox(&mut h, &pasted);
    let got = items(&h);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0], (OG_TITLE.to_string(), None));
    let repo_item = &h.state().inbox().unwrap().items()[1];
    assert!(repo_item.text.starts_with("- [example-lab/tinyinfer: A small inference engine"), "{}", repo_item.text);
    assert_eq!(got[2].1.as_deref(), Some("已在 2026-11-20 · 博文"), "marked at intake");
    let on_disk = std::fs::read_to_string(dir.path().join("inbox.md")).unwrap();
    assert!(on_disk.contains(OG_TITLE) && on_disk.contains("重复：已在 2026-11-20 · 博文"), "{on_disk}");
    // The panel shows each item's suggested section.
    assert!(h.query(By::new().label("→ 开源项目")).is_some());

    // The same page again: marked as already in the inbox.
    paste_into_inbox(&mut h, &server.url("/blog/post"));
    assert_eq!(items(&h)[3].1.as_deref(), Some("收件箱里已有"));
}

#[test]
fn an_item_dragged_onto_a_section_leaves_the_inbox_in_one_undo_step() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let dir = tempfile::tempdir().unwrap();
    let mut h = repo_harness(dir.path(), &server);
    paste_into_inbox(&mut h, &format!("A note on the post\n{}\n", server.url("/blog/post")));
    let original = h.state().document().text();
    let inbox_before = std::fs::read_to_string(dir.path().join("inbox.md")).unwrap();
    assert_eq!(items(&h).len(), 1);

    let from = h.get(By::new().role(Role::Button).label("A note on the post")).rect().center();
    let to = h.get_by_label("▼ 业界新闻").rect().center();
    h.drag_at(from);
    frames(&mut h);
    for k in 1..=6 {
        h.hover_at(from + (to - from) * (k as f32 / 6.0));
        frames(&mut h);
    }
    h.drop_at(to);
    frames(&mut h);

    let issue = h.state().issue();
    let news = issue.named_sections().find(|s| s.heading.title.trim() == "业界新闻").unwrap();
    let first = news.entries().next().unwrap().typed().unwrap();
    assert_eq!(first.head.title, "A note on the post", "at the top of 业界新闻");
    assert_eq!(first.field("摘要"), Some(OG_SUMMARY), "with what the fill gave");
    assert!(items(&h).is_empty(), "out of the inbox");
    let on_disk = std::fs::read_to_string(dir.path().join("inbox.md")).unwrap();
    assert!(!on_disk.contains("A note on the post"), "and out of inbox.md");

    perform(&mut h, Action::Undo);
    assert_eq!(h.state().document().text(), original, "the issue as it was");
    assert_eq!(items(&h).len(), 1, "the item is back");
    assert_eq!(std::fs::read_to_string(dir.path().join("inbox.md")).unwrap(), inbox_before);

    // Redo, then the key: the selected item to its suggested section (a page → 博文).
    perform(&mut h, Action::Redo);
    assert!(items(&h).is_empty());
    perform(&mut h, Action::Undo);
    h.get(By::new().role(Role::Button).label("A note on the post")).click();
    frames(&mut h);
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Enter);
    frames(&mut h);
    let issue = h.state().issue();
    let blog = issue.named_sections().find(|s| s.heading.title.trim() == "博文").unwrap();
    let last = blog.entries().last().unwrap().typed().unwrap();
    assert_eq!(last.head.title, "A note on the post");
    assert!(items(&h).is_empty());
}

#[test]
fn an_item_taken_into_an_issue_closed_unsaved_goes_back_to_the_inbox() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let dir = tempfile::tempdir().unwrap();
    let issue_path = sample_repo(dir.path());
    let mut h = harness(None, config(&server));
    assert!(h.state_mut().open_repo(dir.path()));
    frames(&mut h);
    paste_into_inbox(&mut h, &server.url("/blog/post"));
    let inbox_before = std::fs::read_to_string(dir.path().join("inbox.md")).unwrap();
    let section = h.state().issue().named_sections().find(|s| s.heading.title.trim() == "博文").unwrap().id;
    let text = h.state().inbox().unwrap().items()[0].text.clone();
    perform(&mut h, Action::Fill(FillAction::Take { pos: 0, text, section, index: None }));
    assert!(items(&h).is_empty());

    // "Open" another file, then "Don't save": the unsaved take is undone in the inbox.
    perform(&mut h, Action::OpenRecent(issue_path.clone()));
    assert!(h.state().pending_confirmation().is_some(), "asked to save first");
    perform(&mut h, Action::Answer(jianbao::app::Answer::DontSave));
    assert_eq!(std::fs::read_to_string(dir.path().join("inbox.md")).unwrap(), inbox_before);
    assert_eq!(items(&h).len(), 1);
    assert_eq!(std::fs::read_to_string(&issue_path).unwrap(), jianbao::SAMPLE_ISSUE, "the issue file untouched");
}

#[test]
fn ctrl_enter_in_the_inbox_box_adds_to_the_inbox_and_elsewhere_adds_an_entry() {
    let server = start_server(Arc::new(AtomicBool::new(true)));
    let dir = tempfile::tempdir().unwrap();
    let mut h = repo_harness(dir.path(), &server);
    let before = h.state().document().text();

    h.get_by_label_contains("Inbox (").click();
    frames(&mut h);
    let pasted = format!("A note on the post\n{}\n", server.url("/blog/post"));
    h.get(By::new().role(Role::MultilineTextInput).label("Paste into the inbox")).click();
    frames(&mut h);
    h.get(By::new().role(Role::MultilineTextInput).label("Paste into the inbox")).type_text(&pasted);
    frames(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    frames(&mut h);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert_eq!(items(&h).len(), 1, "the notes went to the inbox");
    assert_eq!(items(&h)[0].0, "A note on the post");
    assert_eq!(h.state().document().text(), before, "the issue is unchanged");

    // Outside the inbox's box, Ctrl+Enter still adds an entry.
    let entries = h.state().issue().entries().count();
    h.get(By::new().role(Role::Button).label("A note on the post")).click();
    frames(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    frames(&mut h);
    assert_eq!(h.state().issue().entries().count(), entries + 1, "Add entry");
}

/// A server whose `/flaky/post` is missing until `up` is set.
fn flaky_server(up: Arc<AtomicBool>) -> Server {
    Server::start(move |req| match req.target.split('?').next().unwrap_or("") {
        "/flaky/post" if up.load(Ordering::Relaxed) => Reply::ok("text/html; charset=utf-8", fixture("opengraph.html")),
        _ => Reply::status(404),
    })
}

#[test]
fn a_failed_inbox_item_keeps_its_link_as_title_says_why_and_retries() {
    let up = Arc::new(AtomicBool::new(false));
    let server = flaky_server(up.clone());
    let dir = tempfile::tempdir().unwrap();
    let mut h = repo_harness(dir.path(), &server);
    let url = server.url("/flaky/post");
    paste_into_inbox(&mut h, &url);
    frames(&mut h);
    assert_eq!(items(&h), vec![(url.clone(), None)], "the link is its title");
    let on_disk = std::fs::read_to_string(dir.path().join("inbox.md")).unwrap();
    assert!(on_disk.contains(&format!("- [{url}]({url})")), "{on_disk}");
    assert!(h.query(By::new().label_contains("Not filled: not found")).is_some(), "the failure is named");

    up.store(true, Ordering::Relaxed);
    h.get(By::new().role(Role::Button).label(url.as_str())).click_secondary();
    frames(&mut h);
    h.get(By::new().role(Role::Button).label("Retry")).click();
    frames(&mut h);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert_eq!(items(&h), vec![(OG_TITLE.to_string(), None)], "the retry filled the title");
    assert!(h.query(By::new().label_contains("Not filled")).is_none());
}

#[test]
fn the_form_offers_retry_after_a_failure() {
    let up = Arc::new(AtomicBool::new(false));
    let server = flaky_server(up.clone());
    let mut h = harness(None, config(&server));
    let id = new_entry(&mut h);
    type_into(&mut h, "URL", &server.url("/flaky/post"));
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert!(h.query(By::new().label("Not filled: not found")).is_some());
    up.store(true, Ordering::Relaxed);
    h.get(By::new().role(Role::Button).label("Retry")).click();
    frames(&mut h);
    h.state_mut().wait_for_fills();
    frames(&mut h);
    assert_eq!(typed(h.state().issue(), id).head.title, OG_TITLE);
}
