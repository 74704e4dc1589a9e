//! Archive search: every entry of every issue, found as you type.

mod common;

use jianbao::core::editorial::search::{MatchField, SearchIndex};
use jianbao::core::{Issue, parse};

const OLDER: &str = "# 嵌入式AI简报 (2026-01-02)

先是一些热身小新闻：

- 丙公司：推出了新的开发板；
- 丁公司：更新了编译器。

## 业界新闻

- [某厂发布低功耗NPU芯片 | 某某网](https://news.example.com/npu)  
摘要：一块面向手机的芯片，支持INT8量化。  

## 论文

- [2101.00001] [Binary Networks 的新训练方法](https://arxiv.org/abs/2101.00001)  
摘要：用二值化减少模型体积。  
";

const NEWER: &str = "# 嵌入式AI简报 (2026-01-16)

## 开源项目

- [someone/TinyQuant: 一个量化工具 | 某论坛](https://github.com/someone/TinyQuant)  
摘要：支持 int8 和 int4。  
    1. 第一点：离线量化。  

## 博文

- [聊聊 NPU 的内存带宽](https://blog.example.org/npu-bw)  
摘要：从芯片设计说起。  
";

fn index() -> (Vec<Issue>, SearchIndex) {
    let issues = vec![parse(OLDER), parse(NEWER)];
    let index = SearchIndex::build(&[("2026-01-02", &issues[0]), ("2026-01-16", &issues[1])]);
    (issues, index)
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn every_entry_and_warmup_item_is_indexed() {
    let (issues, index) = index();
    let entries: usize = issues.iter().map(|i| i.entries().count() + i.warmup_items().len()).sum();
    assert_eq!(index.len(), entries);
    assert_eq!(index.len(), 6);
}

#[test]
fn chinese_substrings_case_folding_and_where_it_matched() {
    let (issues, index) = index();
    // A CJK substring inside a word: titles first, then newest first.
    let hits = index.query("量化", 10);
    let got: Vec<(&str, &str, MatchField)> = hits.iter().map(|h| (h.date, h.section, h.field)).collect();
    assert_eq!(got, [("2026-01-16", "开源项目", MatchField::Title), ("2026-01-02", "业界新闻", MatchField::Body)]);
    let h = &hits[0];
    assert_eq!(h.line, line_of(NEWER, "- [someone/TinyQuant"));
    assert_eq!(h.issue, 1);
    let entry = issues[1].entry(h.entry.unwrap()).unwrap();
    assert_eq!(entry.typed().unwrap().head.url, "https://github.com/someone/TinyQuant");
    assert_eq!(h.title, "一个量化工具");
    assert_eq!(h.source, Some("某论坛"));
    let snippet = index.snippet(h);
    assert!(snippet.contains("量化") && snippet.contains("一个"), "{snippet}");

    // Case-insensitive, in a URL and in the summary.
    let urls: Vec<MatchField> = index.query("github.com/SOMEONE", 10).iter().map(|h| h.field).collect();
    assert_eq!(urls, [MatchField::Url]);
    let int8: Vec<String> = index.query("INT8", 10).iter().map(|h| h.date.to_string()).collect();
    assert_eq!(int8, ["2026-01-16", "2026-01-02"]);
    // The source.
    let src = index.query("某某网", 10);
    assert_eq!((src.len(), src[0].field), (1, MatchField::Source));
    // A sub-item line is part of its entry.
    assert_eq!(index.query("离线量化", 10).len(), 1);
}

#[test]
fn several_words_must_all_match_one_entry() {
    let (_, index) = index();
    assert_eq!(index.query("npu", 10).len(), 2);
    let both = index.query("npu  内存", 10);
    assert_eq!(both.len(), 1);
    assert_eq!(both[0].section, "博文");
    // Words from two different entries find nothing.
    assert!(index.query("内存 INT8", 10).is_empty());
    assert!(index.query("", 10).is_empty());
    assert!(index.query("   ", 10).is_empty());
    assert!(index.query("不存在的词", 10).is_empty());
    // No match across the boundary of two entries.
    assert_eq!(index.query("单元测试之外", 10).len(), 0);
    assert!(index.query("int8量化。", 10).len() == 1 && index.query("量化。  \n- [2101", 10).is_empty());
}

#[test]
fn warmup_items_and_the_limit() {
    let (_, index) = index();
    let hits = index.query("公司", 10);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h.section == "热身新闻" && h.entry.is_none()));
    let warm: Vec<(Option<usize>, usize)> = hits.iter().map(|h| (h.warmup, h.line)).collect();
    assert_eq!(warm, [(Some(0), line_of(OLDER, "- 丙公司")), (Some(1), line_of(OLDER, "- 丁公司"))]);
    assert_eq!(index.query("公司", 1).len(), 1);
    assert!(index.query("公司", 0).is_empty());
}

#[test]
fn the_corpus_is_searchable() {
    let Some(_) = common::corpus_repo() else { return };
    let files = common::corpus_issues();
    let issues: Vec<(String, Issue)> = files
        .iter()
        .map(|(n, b)| (n.trim_end_matches(".md").to_string(), parse(std::str::from_utf8(b).unwrap())))
        .collect();
    let input: Vec<(&str, &Issue)> = issues.iter().map(|(d, i)| (d.as_str(), i)).collect();
    let index = SearchIndex::build(&input);
    let entries: usize = issues.iter().map(|(_, i)| i.entries().count() + i.warmup_items().len()).sum();
    assert_eq!(index.len(), entries);
    // A project named in two issues (its URL), found in both, newest first.
    let hits = index.query("github.com/JDAI-CV/dabnn", 50);
    let dates: Vec<String> = hits.iter().map(|h| h.date.to_string()).collect();
    for date in ["2019-10-03", "2019-05-15"] {
        if issues.iter().any(|(d, _)| d == date) {
            assert!(dates.contains(&date.to_string()), "{date} in {dates:?}");
        }
    }
    // Ranked by where it matched (title, source, URL, body), then newest first.
    let order: Vec<(MatchField, std::cmp::Reverse<String>)> =
        hits.iter().map(|h| (h.field, std::cmp::Reverse(h.date.to_string()))).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // Every hit for a common word opens at an entry's first line in its file.
    for h in index.query("量化", 1000) {
        let (_, bytes) = &files[h.issue];
        let text = std::str::from_utf8(bytes).unwrap();
        let line = text.split('\n').nth(h.line - 1).unwrap();
        let issue = &issues[h.issue].1;
        match h.entry {
            Some(id) => {
                let text = jianbao::core::format::render::entry_text(&issue.entry(id).unwrap().body);
                assert_eq!(text.split('\n').next().unwrap(), line);
                assert!(text.contains("量化"), "{}: {text}", h.date);
            }
            None => assert!(line.contains("量化"), "{line}"),
        }
    }
}

/// The search stops early and skips records by their signatures; whatever it skips,
/// it must give exactly what reading every record would, in the same order.
#[test]
fn the_fast_search_gives_what_reading_everything_gives() {
    let texts: Vec<(String, String)> = match common::corpus_repo() {
        Some(_) => common::corpus_issues()
            .into_iter()
            .map(|(n, b)| (n.trim_end_matches(".md").to_string(), String::from_utf8(b).unwrap()))
            .collect(),
        None => common::own_fixtures(),
    };
    let issues: Vec<Issue> = texts.iter().map(|(_, t)| parse(t)).collect();
    let with: Vec<(&str, &str, &Issue)> =
        texts.iter().zip(&issues).map(|((d, t), i)| (d.as_str(), t.as_str(), i)).collect();
    let index = SearchIndex::build_with_texts(&with);

    // Substrings of the issues at spread-out places, of one to six
    // characters (so at both parities of their bytes), some upper-cased,
    // some paired with the next one as a second word; and words in no issue.
    let mut queries: Vec<String> =
        ["量化", "github.com", "ARM NPU", "模型 压缩", "zzzzqqq", "a", "的", "arxiv.org/abs", "）"]
            .map(String::from)
            .to_vec();
    let total: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let step = (total / 300).max(1);
    let mut prev = String::new();
    for (_, text) in &texts {
        let mut at = 0;
        while at < text.len() {
            let start = (at..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
            let chars: Vec<char> = text[start..].chars().take(6).collect();
            for n in [1, 2, 3, 6] {
                if chars.len() >= n {
                    let word: String = chars[..n].iter().collect();
                    let word = if n == 3 { word.to_uppercase() } else { word };
                    if n == 2 && !prev.trim().is_empty() {
                        queries.push(format!("{word} {prev}"));
                    }
                    queries.push(word);
                }
            }
            prev = chars.iter().take(2).collect();
            at = start + step;
        }
    }
    let mut nonempty = 0;
    for q in &queries {
        for limit in [1, 7, 50, usize::MAX] {
            let fast = index.query(q, limit);
            let slow = index.query_exhaustive(q, limit);
            assert_eq!(fast, slow, "query {q:?}, limit {limit}");
            nonempty += !fast.is_empty() as usize;
        }
    }
    // Most of those substrings are found (the test compares hits, not nothing).
    assert!(nonempty * 2 > queries.len() * 4, "{nonempty} of {} searches found something", queries.len() * 4);
}
