//! Editorial checks: every rule on fixtures of our own words, the real slips
//! of the corpus, `--fix` touching only the offending bytes, and the CLI.

mod common;

use std::path::{Path, PathBuf};

use jianbao::core::editorial::links::{LinkIndex, normalize_url};
use jianbao::core::editorial::lint::{
    CheckContext, Diagnostic, Severity, apply_fixes, check_issue, check_readme, check_text,
};
use jianbao::core::parse;

/// A clean issue in our own words: no rule fires on it.
const CLEAN: &str = "---
layout: default
---

# 嵌入式AI简报 (2026-03-06)

**这是我们自己写的标语：端侧推理、量化与模型压缩**  

> 导读：本次3条。这是我们自己写的导读。  

好了，先是一些热身小新闻：

- 甲公司：发布了一块新芯片；
- 乙公司：开源了一个推理库。

## 业界新闻

- [一家公司发布端侧芯片 | 某某网](https://news.example.com/a1)  
摘要：这是一段我们自己写的摘要。  

## 论文

- [2101.00001] [一种新的量化方法](https://arxiv.org/abs/2101.00001)  
摘要：另一段自己写的摘要。  

## 开源项目

- [someone/tiny-infer: 一个小推理库](https://github.com/someone/tiny-infer)  
摘要：第三段摘要。  
";

const DATE: &str = "2026-03-06";

fn ctx() -> CheckContext<'static> {
    CheckContext { date: Some(DATE), ..CheckContext::default() }
}

/// 1-based (line, column in chars) of the first occurrence of `needle`.
fn pos(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let line_start = text[..at].rfind('\n').map(|p| p + 1).unwrap_or(0);
    (text[..at].matches('\n').count() + 1, text[line_start..at].chars().count() + 1)
}

fn of_rule<'a>(found: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    found.iter().filter(|d| d.rule == rule).collect()
}

/// Checks `bad` (CLEAN with one slip): exactly one finding, of `rule`, at
/// `at`; and when fixable, the fix gives back CLEAN byte for byte.
fn one_slip(bad: &str, rule: &str, at: (usize, usize), severity: Severity, fixable: bool) -> Diagnostic {
    assert_ne!(bad, CLEAN, "the slip changed nothing");
    let found = check_text(bad, &ctx());
    assert_eq!(found.len(), 1, "{rule}: {found:#?}");
    let d = found[0].clone();
    assert_eq!((d.rule, (d.line, d.column), d.severity), (rule, at, severity), "{d:#?}");
    assert_eq!(d.fix.is_some(), fixable, "{d:#?}");
    if fixable {
        assert_eq!(apply_fixes(bad, &found), CLEAN, "{rule}: the fix changes only the slip");
    }
    d
}

#[test]
fn the_clean_fixture_has_no_finding() {
    assert_eq!(check_text(CLEAN, &ctx()), Vec::<Diagnostic>::new());
}

#[test]
fn empty_link() {
    let bad = CLEAN.replace("](https://news.example.com/a1)", "]()");
    let d = one_slip(&bad, "empty-link", pos(&bad, "[一家公司"), Severity::Error, false);
    assert!(d.entry.is_some(), "the finding names its entry");
    // `( )` is empty too.
    let bad = CLEAN.replace("](https://news.example.com/a1)", "]( )");
    assert_eq!(of_rule(&check_text(&bad, &ctx()), "empty-link").len(), 1);
}

#[test]
fn unclosed_link() {
    let bad = CLEAN.replace("某某网](https://news", "某某网(https://news");
    one_slip(&bad, "unclosed-link", pos(&bad, "[一家公司"), Severity::Error, false);
}

#[test]
fn split_url() {
    let bad = CLEAN.replace("https://news.example.com/a1)", "https://news.exam\nple.com/a1)");
    one_slip(&bad, "split-url", pos(&bad, "[一家公司"), Severity::Error, true);
    // Link text running over two lines is valid markdown: no finding.
    let ok = CLEAN.replace("[一家公司发布端侧芯片 | 某某网]", "[一家公司发布\n端侧芯片 | 某某网]");
    let found = check_text(&ok, &ctx());
    assert!(of_rule(&found, "split-url").is_empty() && of_rule(&found, "unclosed-link").is_empty(), "{found:#?}");
}

#[test]
fn label_colon_ascii_or_missing() {
    let bad = CLEAN.replace("摘要：这是", "摘要:这是");
    let (l, c) = pos(&bad, "摘要:这是");
    one_slip(&bad, "label-colon", (l, c + 2), Severity::Warning, true);
    let bad = CLEAN.replace("摘要：这是", "摘要这是");
    let (l, c) = pos(&bad, "摘要这是");
    one_slip(&bad, "label-colon", (l, c + 2), Severity::Warning, true);
    let bad = CLEAN.replace("导读：", "导读:");
    let (l, c) = pos(&bad, "导读:");
    one_slip(&bad, "label-colon", (l, c + 2), Severity::Warning, true);
}

#[test]
fn empty_summary() {
    let bad = CLEAN.replace("摘要：第三段摘要。", "摘要：");
    one_slip(&bad, "empty-summary", (pos(&bad, "摘要：  \n").0, 1), Severity::Warning, false);
    // A summary that starts on the next line is not empty.
    let ok = CLEAN.replace("摘要：第三段摘要。", "摘要：  \n第三段摘要。");
    assert!(of_rule(&check_text(&ok, &ctx()), "empty-summary").is_empty());
}

#[test]
fn bullet_en_dash_or_missing() {
    let bad = CLEAN.replace("- [一家公司", "– [一家公司");
    one_slip(&bad, "bullet", pos(&bad, "– [一家公司"), Severity::Warning, true);
    let bad = CLEAN.replace("- [一家公司", "[一家公司");
    one_slip(&bad, "bullet", pos(&bad, "[一家公司"), Severity::Warning, true);
    let bad = CLEAN.replace("- 甲公司", "– 甲公司");
    one_slip(&bad, "bullet", pos(&bad, "– 甲公司"), Severity::Warning, true);
}

#[test]
fn title_separator() {
    let bad = CLEAN.replace(" | 某某网", "丨某某网");
    one_slip(&bad, "title-separator", pos(&bad, "丨某某网"), Severity::Warning, true);
    let bad = CLEAN.replace(" | 某某网", "｜ 某某网");
    one_slip(&bad, "title-separator", pos(&bad, "｜ 某某网"), Severity::Warning, true);
    let bad = CLEAN.replace(" | 某某网", "| 某某网");
    one_slip(&bad, "title-separator", pos(&bad, "| 某某网"), Severity::Info, true);
}

#[test]
fn hard_break() {
    let bad = CLEAN.replace("(https://news.example.com/a1)  \n", "(https://news.example.com/a1)\n");
    let (l, c) = pos(&bad, "(https://news.example.com/a1)\n");
    one_slip(&bad, "hard-break", (l, c + "(https://news.example.com/a1)".len()), Severity::Warning, true);
    // One space is not a hard break either.
    let bad = CLEAN.replace("(https://arxiv.org/abs/2101.00001)  \n", "(https://arxiv.org/abs/2101.00001) \n");
    let found = check_text(&bad, &ctx());
    assert_eq!(of_rule(&found, "hard-break").len(), 1);
    assert_eq!(apply_fixes(&bad, &found), CLEAN);
    // A sub-item starts a list of its own: no merge, no finding.
    let ok = CLEAN.replace("摘要：第三段摘要。  \n", "摘要：第三段摘要。\n    1. 第一点。  \n");
    assert!(of_rule(&check_text(&ok, &ctx()), "hard-break").is_empty());
    // The last line of an entry has nothing to merge with.
    let ok = CLEAN.replace("摘要：第三段摘要。  \n", "摘要：第三段摘要。\n");
    assert!(of_rule(&check_text(&ok, &ctx()), "hard-break").is_empty());
}

#[test]
fn warmup_terminators() {
    let bad = CLEAN.replace("新芯片；", "新芯片。");
    one_slip(&bad, "warmup-terminator", pos(&bad, "。\n- 乙"), Severity::Warning, true);
    let bad = CLEAN.replace("推理库。", "推理库；");
    one_slip(&bad, "warmup-terminator", pos(&bad, "；\n\n## 业界"), Severity::Warning, true);
    let bad = CLEAN.replace("新芯片；", "新芯片");
    let (l, c) = pos(&bad, "新芯片\n");
    one_slip(&bad, "warmup-terminator", (l, c + 3), Severity::Warning, true);
}

#[test]
fn digest_count() {
    let bad = CLEAN.replace("本次3条", "本次5条");
    let d = one_slip(&bad, "digest-count", pos(&bad, "5条"), Severity::Warning, true);
    assert!(d.message.contains('5') && d.message.contains('3'), "{}", d.message);
    let bad = CLEAN.replace("本次3条", "本期内容12条");
    let found = check_text(&bad, &ctx());
    assert_eq!((found.len(), found[0].rule, (found[0].line, found[0].column)), (1, "digest-count", pos(&bad, "12条")));
    assert_eq!(apply_fixes(&bad, &found), CLEAN.replace("本次3条", "本期内容3条"));
}

#[test]
fn arxiv_tag() {
    let bad = CLEAN.replace("[2101.00001] [", "[2101.00009] [");
    let d = one_slip(&bad, "arxiv-tag", pos(&bad, "2101.00009"), Severity::Warning, true);
    assert!(d.message.contains("2101.00009") && d.message.contains("2101.00001"));
    // A version on the tag or a pdf link names the same paper.
    let ok = CLEAN.replace("[2101.00001] [", "[2101.00001v2] [").replace("abs/2101.00001)", "pdf/2101.00001v3.pdf)");
    assert!(of_rule(&check_text(&ok, &ctx()), "arxiv-tag").is_empty());
}

#[test]
fn title_date() {
    let bad = CLEAN.replace("(2026-03-06)", "(2026-03-07)");
    one_slip(&bad, "title-date", pos(&bad, "2026-03-07"), Severity::Error, true);
    // Without a known file date there is nothing to compare.
    assert!(check_text(&bad, &CheckContext::default()).is_empty());
}

#[test]
fn stale_archive_in_the_issue_and_the_readme() {
    let readme_without = "# 仓库\n\n| 2 | 0 | 2 | 6 |\n|:---:|:---:|:---:|:---:|\n| [2026-02-20](./embedded-ai-report/2026-02-20.md) |\n";
    let readme_with = readme_without.replace(" |\n", " [2026-03-06](./embedded-ai-report/2026-03-06.md) |\n");
    let issue = parse(CLEAN);
    let c = CheckContext { date: Some(DATE), links: None, readme: Some(readme_without) };
    let found = check_issue(CLEAN, &issue, &c);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].rule, found[0].line), ("stale-archive", pos(CLEAN, "# 嵌入式").0));
    let c = CheckContext { readme: Some(&readme_with), ..c };
    assert!(check_issue(CLEAN, &issue, &c).is_empty());

    // The README itself: a dead link, a date listed twice, a missing issue.
    let readme = "| [2026-02-20](a/2026-02-20.md) | [2026-01-01](a/2026-01-01.md) | [2026-02-20](a/2026-02-20.md) |\n";
    let dates = vec!["2026-02-20".to_string(), "2026-03-06".to_string()];
    let found = check_readme(readme, &dates);
    let got: Vec<(usize, usize, &str)> = found.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
    assert_eq!(
        got,
        [
            (1, 1, "the archive does not list 2026-03-06"),
            (1, 35, "the archive links 2026-01-01, which has no issue file"),
            (1, 67, "the archive lists 2026-02-20 twice (also line 1)"),
        ]
    );
}

#[test]
fn normal_form_of_links() {
    let same = [
        ("https://www.example.com/a/b/", "http://example.com/a/b"),
        ("https://example.com/a?utm_source=x&id=3&utm_medium=y", "https://example.com/a?id=3"),
        ("https://example.com/a?b=2&a=1#section", "https://example.com/a?a=1&b=2"),
        ("https://arxiv.org/abs/2101.00001v2", "http://arxiv.org/pdf/2101.00001.pdf"),
        ("https://export.arxiv.org/abs/2101.00001", "https://arxiv.org/pdf/2101.00001v1"),
        ("https://github.com/Someone/Tiny-Infer.git", "https://github.com/someone/tiny-infer/"),
        (
            "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=ab&chksm=zz&scene=21#wechat_redirect",
            "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=ab",
        ),
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
    ];
    for (a, b) in same {
        assert_eq!(normalize_url(a), normalize_url(b), "{a} ~ {b}");
    }
    let different = [
        ("https://example.com/a", "https://example.com/A"),
        ("https://example.com/a?id=3", "https://example.com/a?id=4"),
        ("https://arxiv.org/abs/2101.00001", "https://arxiv.org/abs/2101.00002"),
        ("https://mp.weixin.qq.com/s/AbC", "https://mp.weixin.qq.com/s/abc"),
    ];
    for (a, b) in different {
        assert_ne!(normalize_url(a), normalize_url(b), "{a} !~ {b}");
    }
    assert_eq!(normalize_url("https://www.example.com/a/?utm_source=x"), "example.com/a");
}

#[test]
fn duplicate_link_in_one_issue_and_across_issues() {
    // The same story again in 博文, spelt differently.
    let again = CLEAN.to_string()
        + "\n## 博文\n\n- [再说那块芯片 | 某博客](http://www.news.example.com/a1/?utm_source=feed)  \n摘要：同一个链接。  \n";
    let again = again.replace("本次3条", "本次4条");
    let found = check_text(&again, &ctx());
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!((d.rule, d.line, d.severity), ("duplicate-link", pos(&again, "[再说").0, Severity::Warning));
    assert_eq!(d.column, pos(&again, "http://www.news").1);
    let r = d.related.as_ref().unwrap();
    assert_eq!((r.date.as_str(), r.section.as_str(), r.line), (DATE, "业界新闻", pos(&again, "[一家公司").0));
    assert!(d.message.contains("业界新闻"), "{}", d.message);

    // An earlier issue of the repository used the project's link.
    let earlier = "# 嵌入式AI简报 (2026-02-20)\n\n## 开源项目\n\n- [Someone/Tiny-Infer: 旧的介绍](https://github.com/Someone/Tiny-Infer.git)  \n摘要：上次的摘要。  \n";
    let later = CLEAN.replace("(2026-03-06)", "(2026-04-01)");
    let (e, l, c) = (parse(earlier), parse(&later), parse(CLEAN));
    let index = LinkIndex::build(&[("2026-02-20", earlier, &e), ("2026-03-06", CLEAN, &c), ("2026-04-01", &later, &l)]);
    let uses = index.lookup("http://github.com/someone/tiny-infer/");
    let dates: Vec<&str> = uses.iter().map(|o| o.date.as_str()).collect();
    assert_eq!(dates, ["2026-02-20", "2026-03-06", "2026-04-01"]);
    assert_eq!((uses[0].section.as_str(), uses[0].line, &*uses[0].title), ("开源项目", 5, "旧的介绍"));

    let found = check_issue(CLEAN, &c, &CheckContext { date: Some(DATE), links: Some(&index), readme: None });
    assert_eq!(found.len(), 1, "{found:#?}");
    let r = found[0].related.as_ref().unwrap();
    assert_eq!((found[0].rule, r.date.as_str(), r.section.as_str()), ("duplicate-link", "2026-02-20", "开源项目"));
    assert!(found[0].message.contains("2026-02-20 · 开源项目"), "{}", found[0].message);
    // The later issue is told about the latest earlier use.
    let found = check_issue(&later, &l, &CheckContext { date: Some("2026-04-01"), links: Some(&index), readme: None });
    let repeated: Vec<&str> = found.iter().filter_map(|d| d.related.as_ref()).map(|r| r.date.as_str()).collect();
    assert_eq!(repeated, ["2026-03-06", "2026-03-06", "2026-03-06"]);
    // The first issue repeats nothing.
    let found = check_issue(earlier, &e, &CheckContext { date: Some("2026-02-20"), links: Some(&index), readme: None });
    assert!(of_rule(&found, "duplicate-link").is_empty());
}

#[test]
fn fixes_change_only_their_bytes_and_skip_overlaps() {
    let bad = CLEAN
        .replace("摘要：这是", "摘要:这是")
        .replace(" | 某某网", "丨某某网")
        .replace("(https://news.example.com/a1)  \n", "(https://news.example.com/a1)\n")
        .replace("本次3条", "本次9条")
        .replace("新芯片；", "新芯片。");
    let found = check_text(&bad, &ctx());
    assert_eq!(found.iter().filter(|d| d.fix.is_some()).count(), 5, "{found:#?}");
    assert_eq!(apply_fixes(&bad, &found), CLEAN);
    // Two fixes over the same bytes: the first by position wins, the rest waits.
    let mut twice = found.clone();
    let mut other = found[0].clone();
    other.fix.as_mut().unwrap().replacement = "X".into();
    twice.push(other);
    assert_eq!(apply_fixes(&bad, &twice).len(), CLEAN.len());
}

// ---- the real corpus ----

struct Corpus {
    docs: Vec<(String, String, jianbao::core::Issue)>,
}

fn corpus() -> Option<Corpus> {
    common::corpus_repo()?;
    let docs = common::corpus_issues()
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let issue = parse(&text);
            (name.trim_end_matches(".md").to_string(), text, issue)
        })
        .collect();
    Some(Corpus { docs })
}

impl Corpus {
    fn index(&self) -> LinkIndex {
        let input: Vec<(&str, &str, &jianbao::core::Issue)> =
            self.docs.iter().map(|(d, t, i)| (d.as_str(), t.as_str(), i)).collect();
        LinkIndex::build(&input)
    }

    fn check(&self, index: &LinkIndex) -> Vec<(String, Diagnostic)> {
        let mut out = Vec::new();
        for (date, text, issue) in &self.docs {
            let ctx = CheckContext { date: Some(date), links: Some(index), readme: None };
            out.extend(check_issue(text, issue, &ctx).into_iter().map(|d| (date.clone(), d)));
        }
        out
    }

    fn has(&self, date: &str) -> bool {
        self.docs.iter().any(|(d, _, _)| d == date)
    }
}

#[test]
fn corpus_links_repeated_in_a_later_issue_are_found_with_their_dates() {
    let Some(corpus) = corpus() else { return };
    let index = corpus.index();
    let found = corpus.check(&index);
    // (issue, line, url of the repeated link, an earlier issue that has it, its section there)
    let known = [
        ("2019-10-03", 32, "https://github.com/JDAI-CV/dabnn", "2019-05-15", "开源项目"),
        ("2020-06-03", 27, "https://mp.weixin.qq.com/s/2rEM7T5WiaS8ft4WLYCNsg", "2020-04-04", "博文"),
        ("2020-04-04", 45, "https://arxiv.org/abs/1909.10788", "2019-10-03", "论文"),
        ("2020-07-18", 64, "https://arxiv.org/abs/2006.16669", "2020-07-02", "论文"),
    ];
    let mut checked = 0;
    for (date, line, url, earlier, section) in known {
        if !corpus.has(date) || !corpus.has(earlier) {
            continue;
        }
        checked += 1;
        let uses = index.lookup(url);
        assert!(
            uses.iter().any(|o| o.date == earlier && o.section == section),
            "{url} in {earlier} · {section}: {uses:#?}"
        );
        assert!(uses.iter().any(|o| o.date == date && o.line == line), "{url} at {date}:{line}: {uses:#?}");
        let d = found
            .iter()
            .find(|(d, f)| d == date && f.line == line && f.rule == "duplicate-link")
            .unwrap_or_else(|| panic!("no duplicate-link at {date}:{line}"));
        let r = d.1.related.as_ref().unwrap();
        assert!(r.date.as_str() >= earlier && r.date.as_str() < date, "{r:?}");
        assert!(d.1.message.contains(&format!("{} · {}", r.date, r.section)), "{}", d.1.message);
    }
    assert!(checked > 0 || corpus.docs.len() < 20, "the known cases are in the corpus");
    // Every cross-issue finding points to an earlier issue that really has the link.
    for (date, d) in found.iter().filter(|(_, d)| d.rule == "duplicate-link") {
        let r = d.related.as_ref().unwrap();
        assert!(r.date.as_str() <= date.as_str(), "{date}: {r:?}");
    }
}

#[test]
fn corpus_empty_and_broken_links_are_real() {
    let Some(corpus) = corpus() else { return };
    let found = corpus.check(&LinkIndex::default());
    for (date, d) in &found {
        let (_, text, _) = corpus.docs.iter().find(|(x, _, _)| x == date).unwrap();
        let line = text.split('\n').nth(d.line - 1).unwrap();
        match d.rule {
            "empty-link" => assert!(line.contains("]()") || line.contains("]( )"), "{date}:{}: {line}", d.line),
            "split-url" => assert!(!line.trim_end().ends_with(')'), "{date}:{}", d.line),
            _ => {}
        }
    }
    // The two addresses broken across lines of 2020-02-16.
    if corpus.has("2020-02-16") {
        let split: Vec<usize> =
            found.iter().filter(|(d, f)| d == "2020-02-16" && f.rule == "split-url").map(|(_, f)| f.line).collect();
        assert_eq!(split, [94, 95]);
        let digest: Vec<&Diagnostic> =
            found.iter().filter(|(d, f)| d == "2020-02-16" && f.rule == "digest-count").map(|(_, f)| f).collect();
        assert_eq!(digest.len(), 1);
        assert!(digest[0].message.contains("counts 20"), "{}", digest[0].message);
    }
    if corpus.has("2019-08-15") {
        let n = found.iter().filter(|(d, f)| d == "2019-08-15" && f.rule == "label-colon").count();
        assert_eq!(n, 9, "the ASCII colons of 2019-08-15");
    }
    if corpus.has("2021-05-21") {
        let lines: Vec<usize> = found
            .iter()
            .filter(|(d, f)| d == "2021-05-21" && f.rule == "warmup-terminator")
            .map(|(_, f)| f.line)
            .collect();
        assert_eq!(lines, [15, 23]);
    }
}

#[test]
fn corpus_fixes_touch_only_offending_lines_and_leave_nothing_fixable() {
    let Some(corpus) = corpus() else { return };
    for (date, text, issue) in &corpus.docs {
        let found = check_issue(text, issue, &CheckContext { date: Some(date), ..CheckContext::default() });
        let fixed = apply_fixes(text, &found);
        let fixed_issue = parse(&fixed);
        assert_eq!(jianbao::core::render(&fixed_issue), fixed);
        assert_eq!(fixed_issue.entries().count(), issue.entries().count(), "{date}");
        // Lines no fix touches come through unchanged (joins shift the rest).
        let touched: Vec<usize> =
            found.iter().filter_map(|d| d.fix.as_ref().map(|f| text[..f.range.start].matches('\n').count())).collect();
        let joins = found.iter().filter(|d| d.fix.as_ref().is_some_and(|f| text[f.range.clone()].contains('\n')));
        if joins.count() == 0 {
            let a: Vec<&str> = text.split('\n').collect();
            let b: Vec<&str> = fixed.split('\n').collect();
            assert_eq!(a.len(), b.len());
            for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                if x != y {
                    assert!(touched.contains(&i), "{date}: line {} changed without a fix", i + 1);
                }
            }
        }
        let again = check_text(&fixed, &CheckContext { date: Some(date), ..CheckContext::default() });
        let left: Vec<&Diagnostic> = again.iter().filter(|d| d.fix.is_some()).collect();
        assert!(left.is_empty(), "{date}: fixable after fixing: {left:#?}");
    }
}

// ---- the command line ----

use common::jianbao;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn cli_prints_compiler_style_lines_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let bad = CLEAN.replace("摘要：这是", "摘要:这是");
    let p = write(dir.path(), "2026-03-06.md", &bad);
    let out = jianbao(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "warnings only: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (l, c) = pos(&bad, "摘要:");
    let want = format!(
        "{}:{l}:{}: warning[label-colon]: `摘要:` with an ASCII colon: the newsletter writes `摘要：`\n    fix: use a full-width colon `：`: replace \":\" with \"：\"\n",
        p.display(),
        c + 2
    );
    assert_eq!(stdout, want);
    // A clean file prints nothing.
    let p = write(dir.path(), "2026-03-20.md", &CLEAN.replace("2026-03-06", "2026-03-20"));
    let out = jianbao(&["check", p.to_str().unwrap()]);
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
}

#[test]
fn cli_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(dir.path(), "2026-03-06.md", &CLEAN.replace("](https://news.example.com/a1)", "]()"));
    let out = jianbao(&["check", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "an error exits 1");
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[empty-link]"));

    let missing = dir.path().join("2026-01-01.md");
    let out = jianbao(&["check", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2026-01-01.md"));
    let binary = dir.path().join("2026-01-02.md");
    std::fs::write(&binary, b"\x00\x01\x02").unwrap();
    let out = jianbao(&["check", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = jianbao(&["check", "--repo", dir.path().join("nowhere").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = jianbao(&["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_json_lines_parse_and_name_the_earlier_issue() {
    let repo = tempfile::tempdir().unwrap();
    let issues = repo.path().join("embedded-ai-report");
    std::fs::create_dir(&issues).unwrap();
    let earlier = CLEAN.replace("2026-03-06", "2026-02-20");
    write(&issues, "2026-02-20.md", &earlier);
    let later = CLEAN.replace("摘要：第三段", "摘要:第三段");
    let later_path = write(&issues, "2026-03-06.md", &later);
    write(
        repo.path(),
        "README.md",
        "# 仓库\n\n| [2026-02-20](./embedded-ai-report/2026-02-20.md) | [2026-01-01](./embedded-ai-report/2026-01-01.md) |\n",
    );
    let out = jianbao(&["check", "--format", "json", "--repo", repo.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    for r in &rows {
        for key in ["file", "line", "column", "rule", "severity", "message"] {
            assert!(r.get(key).is_some(), "{key} in {r}");
        }
    }
    let dups: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["rule"] == "duplicate-link" && r["file"] == later_path.display().to_string())
        .collect();
    assert_eq!(dups.len(), 3, "each of the three links ran in 2026-02-20: {rows:#?}");
    for d in &dups {
        assert_eq!(d["related"]["date"], "2026-02-20");
        assert_eq!(d["severity"], "warning");
    }
    let sections: Vec<&str> = dups.iter().map(|d| d["related"]["section"].as_str().unwrap()).collect();
    assert_eq!(sections, ["业界新闻", "论文", "开源项目"]);
    let colon = rows.iter().find(|r| r["rule"] == "label-colon").unwrap();
    assert_eq!(colon["fix"]["replacement"], "：");
    assert_eq!(colon["fix"]["old"], ":");
    // README: 2026-01-01 has no file; 2026-03-06 is not listed.
    let stale: Vec<&str> =
        rows.iter().filter(|r| r["rule"] == "stale-archive").map(|r| r["message"].as_str().unwrap()).collect();
    assert!(stale.contains(&"the archive links 2026-01-01, which has no issue file"), "{stale:?}");
    assert!(stale.contains(&"the archive does not list 2026-03-06"), "{stale:?}");
    assert!(stale.contains(&"README.md's archive does not list this issue (2026-03-06)"), "{stale:?}");
}

#[test]
fn cli_fix_rewrites_only_the_offending_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let bad = CLEAN
        .replace("摘要：这是", "摘要这是")
        .replace("- [一家公司", "– [一家公司")
        .replace("https://news.example.com/a1)", "https://news.exam\nple.com/a1)")
        .replace("摘要：第三段摘要。", "摘要：");
    let p = write(dir.path(), "2026-03-06.md", &bad);
    let out = jianbao(&["check", "--fix", p.to_str().unwrap()]);
    // The empty summary has no automatic fix: it is what is left.
    let after = std::fs::read_to_string(&p).unwrap();
    assert_eq!(after, CLEAN.replace("摘要：第三段摘要。", "摘要："));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("warning[empty-summary]"), "{stdout}");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 3"), "{}", String::from_utf8_lossy(&out.stderr));
    // Nothing left to fix: the file is not rewritten.
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    let out = jianbao(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), after);
}

#[test]
fn cli_check_repo_on_the_corpus() {
    let Some(repo) = common::corpus_repo() else { return };
    let out = jianbao(&["check", "--repo", repo.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Addresses broken across lines are errors.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    if repo.join("embedded-ai-report/2019-10-03.md").exists() {
        let line = stdout
            .lines()
            .find(|l| l.contains("2019-10-03.md:32:") && l.contains("warning[duplicate-link]"))
            .expect("the repeated dabnn link");
        assert!(line.contains("already in 20"), "{line}");
    }
}

#[test]
fn crlf_files_get_the_same_findings_and_fixes() {
    let crlf = CLEAN.replace('\n', "\r\n");
    assert!(check_text(&crlf, &ctx()).is_empty(), "{:#?}", check_text(&crlf, &ctx()));
    let bad = crlf
        .replace("摘要：这是", "摘要:这是")
        .replace("(https://news.example.com/a1)  \r\n", "(https://news.example.com/a1)\r\n");
    let found = check_text(&bad, &ctx());
    let rules: Vec<&str> = found.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["hard-break", "label-colon"]);
    assert_eq!(apply_fixes(&bad, &found), crlf);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn slips() -> impl Strategy<Value = String> {
        // Pieces of the format and of its slips, in any order.
        let piece = prop::sample::select(vec![
            "# 嵌入式AI简报 (2026-03-06)",
            "## 论文",
            "## 业界新闻",
            "- [题目 | 来源](https://e.org/a)  ",
            "– [题目丨来源](http://www.e.org/a/)",
            "[题目](https://arxiv.org/abs/2101.00001)",
            "- [2101.00009] [题](https://arxiv.org/pdf/2101.00001v2.pdf)",
            "摘要:值",
            "摘要",
            "摘要：",
            "文字 [链接](",
            "https://e.org/b)",
            "]()",
            "> 导读：本次7条。",
            "- 甲：乙；",
            "- 丙：丁。",
            "好了，热身：",
            "    1. 子项",
            "",
            "  ",
            "\r",
            "----",
            "é É ａ Ａ",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn checks_and_fixes_any_text(text in slips()) {
            let found = check_text(&text, &ctx());
            for d in &found {
                prop_assert!(d.line >= 1 && d.column >= 1);
                if let Some(f) = &d.fix {
                    prop_assert!(f.range.end <= text.len() && text.is_char_boundary(f.range.start));
                }
            }
            let fixed = apply_fixes(&text, &found);
            // The fixed text loads and checks again without panicking.
            let again = check_text(&fixed, &ctx());
            prop_assert!(again.len() <= found.len() + again.len());
        }

        #[test]
        fn any_string_is_checked_without_panic(text in "\\PC{0,200}") {
            let found = check_text(&text, &ctx());
            let _ = apply_fixes(&text, &found);
        }
    }
}
