//! The loader types each shape of the format into the right fields.

use jianbao::core::format::parse::{parse_body_line, parse_head, parse_warmup_item};
use jianbao::core::{BodyLine, SectionKind, WarmupLink, files::archive, parse};

#[test]
fn heads_in_every_usual_shape() {
    let h = parse_head("[端侧大模型的三种量化路线 | 机器之心](https://example.com/a)  ", SectionKind::News).unwrap();
    assert_eq!(
        (h.title.as_str(), h.source.as_deref(), h.url.as_str(), h.trail.as_str()),
        ("端侧大模型的三种量化路线", Some("机器之心"), "https://example.com/a", "  ")
    );
    assert!(h.tags.is_empty() && h.repo.is_none() && h.linked);

    let h = parse_head(
        "[ICLR2026][2610.04567] [稀疏注意力的端侧实现](https://arxiv.org/abs/2610.04567)",
        SectionKind::Papers,
    )
    .unwrap();
    let tags: Vec<&str> = h.tags.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(tags, ["ICLR2026", "2610.04567"]);
    assert_eq!((h.tags[0].sep.as_str(), h.tags[1].sep.as_str()), ("", " "));
    assert_eq!(h.source, None);

    let h = parse_head(
        "[tiny-org/tinyquant: 面向MCU的4比特量化工具](https://github.com/tiny-org/tinyquant)  ",
        SectionKind::Projects,
    )
    .unwrap();
    assert_eq!(
        (h.repo.as_deref(), h.repo_sep.as_str(), h.title.as_str()),
        (Some("tiny-org/tinyquant"), ": ", "面向MCU的4比特量化工具")
    );

    let h = parse_head(
        "[edge-ai/npu-kit：统一的NPU推理接口 | 量子位](https://mp.weixin.qq.com/s/x)",
        SectionKind::Projects,
    )
    .unwrap();
    assert_eq!(
        (h.repo.as_deref(), h.repo_sep.as_str(), h.title.as_str(), h.source.as_deref()),
        (Some("edge-ai/npu-kit"), "：", "统一的NPU推理接口", Some("量子位"))
    );

    // Outside 开源项目 a slash names a repository only when the link is its page.
    let h = parse_head("[TensorFlow/PyTorch：两种框架的对比 | 博客](https://blog.example.com/x)", SectionKind::Blogs)
        .unwrap();
    assert_eq!(h.repo, None);
    assert_eq!(h.title, "TensorFlow/PyTorch：两种框架的对比");

    let h = parse_head("[题目丨来源](u)", SectionKind::Blogs).unwrap();
    assert_eq!((h.title.as_str(), h.source_sep.as_str(), h.source.as_deref()), ("题目", "丨", Some("来源")));
    let h = parse_head("[题目| 来源](u)", SectionKind::Blogs).unwrap();
    assert_eq!(h.source_sep, "| ");

    let h = parse_head(
        "[论文题目](https://arxiv.org/abs/1) [[code]](https://github.com/a/b) [解读](https://example.com/c)",
        SectionKind::Papers,
    )
    .unwrap();
    let extras: Vec<(&str, &str)> = h.extras.iter().map(|e| (e.text.as_str(), e.url.as_str())).collect();
    assert_eq!(extras, [("[code]", "https://github.com/a/b"), ("解读", "https://example.com/c")]);

    let h = parse_head("[空链接 | 来源]()", SectionKind::News).unwrap();
    assert_eq!(h.url, "");

    let h = parse_head("没有链接的标题 | 来源  ", SectionKind::Blogs).unwrap();
    assert!(!h.linked);
    assert_eq!((h.title.as_str(), h.source.as_deref()), ("没有链接的标题", Some("来源")));

    assert!(parse_head("[未闭合 | 来源](https://example.com/x  ", SectionKind::Blogs).is_none());
    assert!(parse_head("[被折断的链接](https://example.com/a/", SectionKind::Blogs).is_none());
}

#[test]
fn continuation_lines() {
    let field = |l: &str| match parse_body_line(l) {
        BodyLine::Field { label, colon, value, trail, .. } => {
            Some((label.to_string(), colon.to_string(), value.to_string(), trail.to_string()))
        }
        _ => None,
    };
    assert_eq!(field("摘要：一句话。  "), Some(("摘要".into(), "：".into(), "一句话。".into(), "  ".into())));
    assert_eq!(field("摘要:一句话。"), Some(("摘要".into(), ":".into(), "一句话。".into(), "".into())));
    assert_eq!(field("摘要一句话。"), Some(("摘要".into(), "".into(), "一句话。".into(), "".into())));
    assert_eq!(field("在线PDF：https://example.com/a.pdf  ").map(|f| f.0), Some("在线PDF".into()));
    assert_eq!(field("https://example.com/a"), None, "a URL is not a label");
    assert_eq!(field("TFLite：2.4.0"), None, "a label holds a Chinese character");
    assert_eq!(field("这是一句很长的话，其中有冒号：但它不是标签"), None);
    match parse_body_line("    2. 第二点；  ") {
        BodyLine::Item { indent, marker, text, trail } => {
            assert_eq!(
                (indent.as_str(), marker.as_str(), text.as_str(), trail.as_str()),
                ("    ", "2. ", "第二点；", "  ")
            );
        }
        other => panic!("{other:?}"),
    }
    match parse_body_line("        - 子项") {
        BodyLine::Item { indent, marker, .. } => assert_eq!((indent.as_str(), marker.as_str()), ("        ", "- ")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(parse_body_line("普通的段落行。  "), BodyLine::Text { .. }));
}

#[test]
fn warm_up_items() {
    let w = parse_warmup_item("- 某芯片公司：发布新一代NPU；").unwrap();
    assert_eq!(
        (w.subject.as_str(), w.text.as_str(), w.link, w.terminator.as_str()),
        ("某芯片公司", "发布新一代NPU", WarmupLink::None, "；")
    );
    let w = parse_warmup_item("- [某公司：开源推理框架](https://example.com/x)。").unwrap();
    assert_eq!(
        (w.subject.as_str(), w.link, w.url.as_str(), w.terminator.as_str()),
        ("某公司", WarmupLink::Whole, "https://example.com/x", "。")
    );
    let w = parse_warmup_item("- 某公司:[发布新品](https://example.com/y)；").unwrap();
    assert_eq!((w.colon.as_str(), w.text.as_str(), w.link), (":", "发布新品", WarmupLink::Text));
    let w = parse_warmup_item("- 某公司：[发布](https://e.com)，并宣布合作。  ").unwrap();
    assert_eq!(
        (w.link, w.text.as_str(), w.trail.as_str()),
        (WarmupLink::None, "[发布](https://e.com)，并宣布合作", "  ")
    );
}

#[test]
fn entries_end_at_blank_lines_bullets_headings_and_the_footer() {
    let text = "# 嵌入式AI简报 (2026-01-02)\n\n## 博文\n\n- [a](u)  \n摘要：x  \n– [b](v)  \n[c](w)  \n正文\n\n- [d](x)\n----\nfooter\n";
    let issue = parse(text);
    let titles: Vec<String> = issue.entries().map(|(_, e)| e.label()).collect();
    assert_eq!(titles, ["a", "b", "c", "d"]);
    let bullets: Vec<&str> = issue.entries().map(|(_, e)| e.typed().unwrap().bullet.as_str()).collect();
    assert_eq!(bullets, ["- ", "– ", "", "- "]);
    assert_eq!(issue.footer.as_ref().unwrap().lines, ["----", "footer", ""]);
}

#[test]
fn archive_tables_and_dates() {
    let dates: Vec<String> =
        ["2026-11-20", "2026-11-06", "2026-10-23", "2025-12-19", "2026-11-20"].iter().map(|s| s.to_string()).collect();
    assert_eq!(
        archive::table(&dates, "../embedded-ai-report/"),
        [
            "| 2 | 0 | 2 | 6 |",
            "|:---:|:---:|:---:|:---:|",
            "|  | [2026-11-20](../embedded-ai-report/2026-11-20.md) | [2026-11-06](../embedded-ai-report/2026-11-06.md) | [2026-10-23](../embedded-ai-report/2026-10-23.md) |",
            "| 2 | 0 | 2 | 5 |",
            "|  |  |  | [2025-12-19](../embedded-ai-report/2025-12-19.md) |",
        ]
    );
    let five: Vec<String> = (1..=5).map(|d| format!("2024-01-0{d}")).collect();
    let t = archive::table(&five, "./x/");
    assert_eq!(t.len(), 4);
    assert!(t[2].starts_with("|  |  |  | [2024-01-05]"));
    assert!(t[3].starts_with("| [2024-01-04]"));
    assert_eq!(archive::add_days("2021-07-01", 14).as_deref(), Some("2021-07-15"));
    assert_eq!(archive::add_days("2024-02-20", 14).as_deref(), Some("2024-03-05"));
    assert_eq!(archive::add_days("2026-12-25", 14).as_deref(), Some("2027-01-08"));
    assert!(!archive::is_valid_date("2026-02-29"));
    assert!(archive::is_valid_date("2024-02-29"));
    assert!(!archive::is_valid_date("../../etc"));
    let lines = ["| [2020-01-06](../embedded-ai-report/2020-01-06.md) | [2019-12-17](x) |"];
    assert_eq!(archive::linked_dates(&lines), ["2020-01-06", "2019-12-17"]);
}

#[test]
fn pathological_lines_load_and_round_trip() {
    // Each of these would take hours with a quadratic scan.
    for line in ["[".repeat(60_000), "[a](".repeat(30_000), "](".repeat(60_000), format!("- {}", "[x]".repeat(40_000))]
    {
        let text = format!("# 嵌入式AI简报 (2026-01-02)\n\n## 博文\n\n{line}\n- {line}\n摘要：{line}\n");
        assert_eq!(jianbao::core::render(&parse(&text)), text);
    }
}
