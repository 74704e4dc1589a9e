//! The links inbox: intake from any text, duplicates, suggested sections,
//! byte-for-byte files, and taking items into an issue as one undoable step.

mod common;

use std::path::Path;

use jianbao::core::fetch::inbox::{self, Inbox, intake};
use jianbao::core::fetch::{ArchiveIndex, Meta};
use jianbao::core::format::style::DraftLine;
use jianbao::core::{Document, parse};

/// Our own archive: two issues of a made-up repository.
const OLD_ISSUE: &str = "# 嵌入式AI简报 (2021-06-01)\n\n## 业界新闻\n\n\
- [某芯片发布 | 芯片早报](https://mp.weixin.qq.com/s/AAAA)  \n摘要：一句。  \n\n\
## 论文\n\n\
- [2101.00001] [Folding Tiny Kernels | arXiv](https://arxiv.org/abs/2101.00001)  \n摘要：一句。  \n\n\
## 开源项目\n\n\
- [example-lab/tinyinfer: small engine](https://github.com/example-lab/tinyinfer)  \n\n\
## 博文\n\n\
- [量化入门 | 模型压缩笔记](https://mp.weixin.qq.com/s/BBBB)  \n摘要：一句。  \n\
- [剪枝入门 | 模型压缩笔记](https://mp.weixin.qq.com/s/CCCC)  \n摘要：一句。  \n";

const NEW_ISSUE: &str = "# 嵌入式AI简报 (2021-07-01)\n\n## 业界新闻\n\n\n## 论文\n\n\n## 开源项目\n\n\n## 博文\n\n";

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("embedded-ai-report")).unwrap();
    std::fs::write(dir.path().join("embedded-ai-report/2021-06-01.md"), OLD_ISSUE).unwrap();
    std::fs::write(dir.path().join("embedded-ai-report/2021-07-01.md"), NEW_ISSUE).unwrap();
    dir
}

fn archive() -> ArchiveIndex {
    let mut a = ArchiveIndex::default();
    a.add_issue("2021-06-01", &parse(OLD_ISSUE));
    a
}

#[test]
fn one_url_and_thirty_urls() {
    let one = intake("https://example.org/post/1\n");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].url, "https://example.org/post/1");
    assert_eq!(one[0].title, "");

    let mut text = String::new();
    for k in 0..25 {
        text.push_str(&format!("https://example.org/post/{k}\n"));
    }
    text.push_str(
        "https://example.org/a https://example.org/b\n2101.00001v2\n\n  https://github.com/a/b  \n2102.00002\n",
    );
    let many = intake(&text);
    assert_eq!(many.len(), 30);
    assert_eq!(many[25].url, "https://example.org/a");
    assert_eq!(many[26].url, "https://example.org/b");
    assert_eq!(many[27].url, "https://arxiv.org/abs/2101.00001v2");
    assert_eq!(many[28].url, "https://github.com/a/b");
}

#[test]
fn notes_shaped_like_a_scratch_draft() {
    let notes = "\
端侧推理的新框架
https://example.org/news/1
链接：https://example.org/news/1-mirror
这是粘贴进来的一段话，说它快。
又一段。

论文：Folding Tiny Kernels
https://arxiv.org/abs/2101.00001
GitHub 地址：https://github.com/example-lab/tinyinfer

- [已成形的条目 | 某号](https://mp.weixin.qq.com/s/DDDD)  
摘要：已经写好的摘要。  

一个标题 https://example.org/inline
## 不是标题的一行
";
    let items = intake(notes);
    assert_eq!(items.len(), 4, "{items:#?}");
    assert_eq!(items[0].title, "端侧推理的新框架");
    assert_eq!(items[0].url, "https://example.org/news/1");
    assert_eq!(items[0].extras, vec![("[链接]".into(), "https://example.org/news/1-mirror".into())]);
    assert_eq!(
        items[0].lines[0],
        DraftLine::Field { label: "摘要".into(), value: "这是粘贴进来的一段话，说它快。".into() }
    );
    assert_eq!(items[0].lines[1], DraftLine::Text { text: "又一段。".into() });

    assert_eq!(items[1].url, "https://arxiv.org/abs/2101.00001");
    assert_eq!(items[1].title, "论文：Folding Tiny Kernels");
    assert_eq!(items[1].extras, vec![("[GitHub 地址]".into(), "https://github.com/example-lab/tinyinfer".into())]);

    assert_eq!(items[2].title, "已成形的条目");
    assert_eq!(items[2].source.as_deref(), Some("某号"));
    assert_eq!(items[2].lines[0], DraftLine::Field { label: "摘要".into(), value: "已经写好的摘要。".into() });

    assert_eq!(items[3].title, "一个标题");
    assert_eq!(items[3].lines[0], DraftLine::Field { label: "摘要".into(), value: "不是标题的一行".into() });
}

#[test]
fn extra_links_are_written_in_double_brackets_and_arxiv_ids_in_notes_are_papers() {
    let notes = "\
一篇讲小模型的博客
https://example.org/blog/tiny
论文：arXiv 2101.00001
GitHub 地址：https://github.com/example-lab/tinyinfer

我们喜欢的另一篇
论文：arXiv:2102.00002v2

第三篇，只有编号
论文：2103.00003
";
    let items = intake(notes);
    assert_eq!(items.len(), 3, "{items:#?}");
    assert_eq!(items[0].url, "https://example.org/blog/tiny");
    assert_eq!(
        items[0].extras,
        vec![
            ("[论文]".into(), "https://arxiv.org/abs/2101.00001".into()),
            ("[GitHub 地址]".into(), "https://github.com/example-lab/tinyinfer".into())
        ]
    );
    assert!(items[0].lines.is_empty(), "the paper line is a link, not a field: {:?}", items[0].lines);
    assert_eq!(
        (items[1].title.as_str(), items[1].url.as_str()),
        ("我们喜欢的另一篇", "https://arxiv.org/abs/2102.00002v2")
    );
    assert_eq!(
        (items[2].title.as_str(), items[2].url.as_str()),
        ("第三篇，只有编号", "https://arxiv.org/abs/2103.00003")
    );

    let mut inbox = Inbox::new();
    inbox.add(&items[..1], None);
    assert!(
        inbox.text().ends_with(
            "- [一篇讲小模型的博客](https://example.org/blog/tiny) [[论文]](https://arxiv.org/abs/2101.00001) \
             [[GitHub 地址]](https://github.com/example-lab/tinyinfer)  \n"
        ),
        "{}",
        inbox.text()
    );
    // A note that only mentions arXiv, with no id, stays text.
    let plain = intake("https://example.org/a\n备注：arXiv 上还没有\n");
    assert!(plain[0].extras.is_empty());
}

#[test]
fn an_item_whose_fill_failed_keeps_its_link_as_title_until_a_fill_gives_one() {
    let mut inbox = Inbox::new();
    inbox.add(&intake("https://example.org/gone\n\n一个有标题的\nhttps://example.org/titled\n"), None);
    assert!(inbox.keep_link_as_title(0).unwrap());
    assert!(!inbox.keep_link_as_title(1).unwrap(), "a title of its own stays");
    assert!(
        inbox.text().ends_with(
            "- [https://example.org/gone](https://example.org/gone)  \n- [一个有标题的](https://example.org/titled)  \n"
        ),
        "{}",
        inbox.text()
    );
    assert!(!inbox.keep_link_as_title(0).unwrap(), "once");
    // A later fill (Retry) replaces the placeholder, as it fills an empty title.
    let meta = Meta { title: "终于读到的标题".into(), ..Meta::default() };
    assert!(inbox.fill(0, &meta).unwrap());
    assert_eq!(inbox.items()[0].title, "终于读到的标题");
}

#[test]
fn text_without_any_link_is_kept_as_one_item() {
    let items = intake("只是一些想法\n第二行\n");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title, "只是一些想法");
    assert_eq!(items[0].url, "");
    let mut inbox = Inbox::new();
    inbox.add(&items, None);
    assert!(inbox.text().ends_with("- 只是一些想法  \n摘要：第二行  \n"), "{}", inbox.text());
}

#[test]
fn the_file_reads_back_byte_for_byte_and_adding_only_appends() {
    let own = "# 收件箱\r\n\r\n随手记的链接。\r\n\r\n- [一篇 | 某站](https://example.org/x)  \r\n摘要：手写的。\r\n– [破折号条目](https://example.org/y)\r\n";
    let mut inbox = Inbox::parse(own);
    assert_eq!(inbox.text(), own);
    assert_eq!(inbox.items().len(), 2);
    inbox.add(&intake("https://example.org/z"), None);
    let text = inbox.text();
    assert!(text.starts_with(own));
    assert_eq!(&text[own.len()..], "- [](https://example.org/z)  \r\n");
    assert_eq!(Inbox::parse(&text).text(), text);
}

#[test]
fn duplicates_are_marked_at_intake() {
    let mut inbox = Inbox::new();
    let a = archive();
    let pos = inbox.add(
        &intake("https://example.org/new\nhttp://arxiv.org/pdf/2101.00001v2.pdf\nhttps://www.example.org/new/?utm_source=x\n"),
        Some(&a),
    );
    assert_eq!(pos, vec![0, 1, 2]);
    let items = inbox.items();
    assert_eq!(items[0].duplicate, None);
    assert_eq!(items[1].duplicate.as_deref(), Some("已在 2021-06-01 · 论文"));
    assert_eq!(items[2].duplicate.as_deref(), Some("收件箱里已有"));
    // A later intake sees the items already there.
    inbox.add(&intake("https://example.org/new"), Some(&a));
    assert_eq!(inbox.items()[3].duplicate.as_deref(), Some("收件箱里已有"));
}

#[test]
fn sections_are_suggested_from_the_archive() {
    let a = archive();
    assert_eq!(a.suggest_section("https://arxiv.org/abs/2109.00001", None), "论文");
    assert_eq!(a.suggest_section("https://github.com/other/repo", None), "开源项目");
    // This account's articles went to 博文 before; an unknown account's to where WeChat articles went most.
    assert_eq!(a.suggest_section("https://mp.weixin.qq.com/s/ZZZZ", Some("模型压缩笔记")), "博文");
    assert_eq!(a.suggest_section("https://mp.weixin.qq.com/s/ZZZZ", Some("芯片早报")), "业界新闻");
    // With nothing learned: the usual homes.
    let empty = ArchiveIndex::default();
    assert_eq!(empty.suggest_section("2101.00001", None), "博文");
    assert_eq!(empty.suggest_section("https://arxiv.org/abs/2101.00001", None), "论文");
    assert_eq!(empty.suggest_section("https://github.com/a/b", None), "开源项目");
}

#[test]
fn take_moves_an_item_as_one_undoable_step() {
    let mut inbox = Inbox::new();
    inbox.add(&intake("第一条\nhttps://example.org/one\n\nhttp://arxiv.org/abs/2101.00001\n"), Some(&archive()));
    let inbox_before = inbox.text();
    let mut doc = Document::from_text(NEW_ISSUE);
    let papers = doc.issue().named_sections().find(|s| s.heading.title == "论文").unwrap().id;
    let id = doc.new_entry_id();
    let cmd = inbox.take_command(1, doc.issue(), papers, None, id).unwrap();
    doc.apply(cmd).unwrap();
    inbox.apply_effects(&doc.take_inbox_effects()).unwrap();

    assert!(doc.text().contains("## 论文\n\n- [](http://arxiv.org/abs/2101.00001)  \n"), "{}", doc.text());
    assert!(!doc.text().contains("重复"), "the mark stays behind");
    assert_eq!(inbox.items().len(), 1);
    assert_eq!(inbox.items()[0].url, "https://example.org/one");
    assert_eq!(doc.undo_label(), Some("Take from the inbox"));

    doc.undo();
    inbox.apply_effects(&doc.take_inbox_effects()).unwrap();
    assert_eq!(doc.text(), NEW_ISSUE);
    assert_eq!(inbox.text(), inbox_before);

    doc.redo();
    inbox.apply_effects(&doc.take_inbox_effects()).unwrap();
    assert_eq!(inbox.items().len(), 1);
    assert_eq!(doc.issue().section(papers).unwrap().entries().count(), 1);
}

fn jianbao(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(args)
        .env("JIANBAO_FETCH_CACHE", "off")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_cli_adds_lists_and_takes() {
    let dir = repo();
    let root = dir.path();
    let out = jianbao(
        &["inbox", "add", "--repo", s(root), "--offline"],
        Some("某篇文章\nhttps://example.org/a\n\nhttps://arxiv.org/abs/2101.00001v2\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.contains("  1. [博文] - [某篇文章](https://example.org/a)"), "{listed}");
    // The archive filled the paper offline and marked it.
    assert!(
        listed
            .contains("  2. [论文] - [2101.00001] [Folding Tiny Kernels | arXiv](https://arxiv.org/abs/2101.00001v2)"),
        "{listed}"
    );
    assert!(listed.contains("(重复：已在 2021-06-01 · 论文)"), "{listed}");
    let file = std::fs::read_to_string(inbox::path_in(root)).unwrap();
    assert!(file.starts_with(inbox::HEADER));

    let out = jianbao(&["inbox", "list", "--repo", s(root), "--format", "json"], None);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["suggested_section"], "论文");

    let out = jianbao(&["inbox", "take", "--repo", s(root), "--issue", "2021-07-01", "2"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let issue = std::fs::read_to_string(root.join("embedded-ai-report/2021-07-01.md")).unwrap();
    assert!(issue.contains("## 论文\n\n- [2101.00001] [Folding Tiny Kernels | arXiv](https://arxiv.org/abs/2101.00001v2)  \n摘要：一句。  \n"), "{issue}");
    let file = std::fs::read_to_string(inbox::path_in(root)).unwrap();
    assert!(!file.contains("2101.00001"), "{file}");
    assert!(file.contains("https://example.org/a"));

    let out =
        jianbao(&["inbox", "take", "--repo", s(root), "--issue", "2021-07-01", "--section", "没有这节", "1"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no section “没有这节”"));
    let out = jianbao(&["inbox", "take", "--repo", s(root), "--issue", "2021-07-01", "9"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_corpus_links_suggest_their_sections() {
    let Some(corpus) = common::corpus_repo() else { return };
    let repo = jianbao::core::files::repo::Repo::open(&corpus).unwrap();
    let a = ArchiveIndex::build(&repo).unwrap();
    assert!(!a.is_empty());
    assert_eq!(a.suggest_section("https://arxiv.org/abs/2601.00001", None), "论文");
    assert_eq!(a.suggest_section("https://github.com/someone/new-thing", None), "开源项目");
}
