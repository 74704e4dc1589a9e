//! Readiness before copying: the body's, title's and digest's lengths at and
//! past the editor's limits, images, links and references (`check --wechat`).

use std::process::Command;

use jianbao::core::export::wechat::readiness::{self, BODY_LIMIT_CHARS, DIGEST_LIMIT, Level, Readiness, TITLE_LIMIT};
use jianbao::core::export::wechat::{self, Theme};
use jianbao::core::parse;

fn ready(text: &str) -> Readiness {
    readiness::check_issue(&parse(text), &Theme::default())
}

fn rules(r: &Readiness, level: Level) -> Vec<&'static str> {
    r.findings.iter().filter(|f| f.level == level).map(|f| f.rule).collect()
}

/// A prose-only issue whose body the editor counts as `chars` characters.
fn body_of(chars: usize) -> String {
    // The fragment around one paragraph of n letters shows n + base characters.
    let base = ready("x\n").counts.body_chars - 1;
    format!("{}\n", "字".repeat(chars - base))
}

#[test]
fn the_body_just_under_the_limit_passes_and_at_it_fails() {
    let under = ready(&body_of(BODY_LIMIT_CHARS - 1));
    assert_eq!(under.counts.body_chars, BODY_LIMIT_CHARS - 1);
    assert!(under.ready(), "{:?}", under.findings);
    assert!(rules(&under, Level::Info).contains(&"body-length"));

    // "必须少于2万字符": 20,000 is one too many.
    let at = ready(&body_of(BODY_LIMIT_CHARS));
    assert_eq!(at.counts.body_chars, BODY_LIMIT_CHARS);
    assert!(!at.ready());
    let f = at.findings.iter().find(|f| f.rule == "body-length").unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(f.message.contains("cut 1 characters"), "{}", f.message);

    let past = ready(&body_of(BODY_LIMIT_CHARS + 500));
    assert!(past.findings.iter().any(|f| f.rule == "body-length" && f.message.contains("cut 501 characters")));
}

#[test]
fn styles_are_not_counted_as_body_text() {
    let r = ready("# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [题目](https://arxiv.org/abs/1)  \n摘要：一句。  \n");
    // Title (20) + heading (2) + bullet, space, title, [1] (1+1+2+3) + 摘要：一句。(6)
    // + 参考资料 (4) + "[1] 题目: https://arxiv.org/abs/1" (3+1+2+2+23) + two edge &nbsp; (2).
    assert_eq!(r.counts.body_chars, 20 + 2 + 7 + 6 + 4 + 31 + 2);
    assert!(r.counts.body_bytes > 1000, "the styles are in the bytes, not the count");
}

fn titled(name_chars: usize) -> String {
    // The title is "NAME (2026-01-02)": the name plus 13 characters.
    format!("# {} (2026-01-02)\n", "题".repeat(name_chars))
}

#[test]
fn the_title_at_and_past_its_limit() {
    let at = ready(&titled(TITLE_LIMIT - 13));
    assert_eq!(at.counts.title_chars, TITLE_LIMIT);
    assert!(!rules(&at, Level::Error).contains(&"title-length"));
    let past = ready(&titled(TITLE_LIMIT - 12));
    assert_eq!(past.counts.title_chars, TITLE_LIMIT + 1);
    let f = past.findings.iter().find(|f| f.rule == "title-length").unwrap();
    assert_eq!(f.level, Level::Error);
    assert!(f.message.contains("shorten it by 1"), "{}", f.message);
    // No title at all: said, not an error.
    assert!(rules(&ready("正文\n"), Level::Warning).contains(&"title"));
}

#[test]
fn the_digest_at_and_past_its_limit() {
    let digest = |n: usize| format!("# 嵌入式AI简报 (2026-01-02)\n\n> 导读：{}\n", "读".repeat(n));
    let at = ready(&digest(DIGEST_LIMIT));
    assert_eq!(at.counts.digest_chars, DIGEST_LIMIT);
    assert!(!at.findings.iter().any(|f| f.rule == "digest-length"));
    let past = ready(&digest(DIGEST_LIMIT + 1));
    let f = past.findings.iter().find(|f| f.rule == "digest-length").unwrap();
    assert_eq!(f.level, Level::Warning);
    assert!(f.message.contains("121 characters") && f.message.contains("摘要"), "{}", f.message);
}

#[test]
fn local_and_plain_http_images_are_found() {
    let r = ready(
        "# 嵌入式AI简报 (2026-01-02)\n\n![图一](./figs/a.png)\n\n![图二](http://example.com/b.png)\n\n![图三](https://example.com/c.png)\n",
    );
    assert_eq!(r.counts.images, 3);
    let local = r.findings.iter().find(|f| f.rule == "image-local").unwrap();
    assert!(local.message.contains("./figs/a.png") && local.message.contains("upload"), "{}", local.message);
    assert_eq!(local.level, Level::Error);
    let http = r.findings.iter().find(|f| f.rule == "image-http").unwrap();
    assert!(http.message.contains("http://example.com/b.png") && http.message.contains("https"));
    assert_eq!(r.findings.iter().filter(|f| f.rule.starts_with("image")).count(), 2);
}

#[test]
fn references_are_counted_and_no_refused_link_remains() {
    let text = "# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [甲](https://arxiv.org/abs/1)  \n- [乙](https://github.com/a/b)  \n- [丙](https://arxiv.org/abs/1)  \n- [丁](https://mp.weixin.qq.com/s/abc)  \n";
    let r = ready(text);
    assert_eq!(r.counts.references, 2);
    let f = r.findings.iter().find(|f| f.rule == "references").unwrap();
    assert!(f.message.starts_with("2 references"), "{}", f.message);
    assert!(!r.findings.iter().any(|f| f.rule == "link-refused"));
    // A fragment carrying another site's link (built by hand) is refused.
    let doc = wechat::build(&parse(text));
    let html =
        wechat::to_html(&doc, &Theme::default()).replace("https://mp.weixin.qq.com/s/abc", "https://example.com/x");
    let bad = readiness::check(&doc, &html, text);
    let f = bad.findings.iter().find(|f| f.rule == "link-refused").unwrap();
    assert!(f.message.contains("https://example.com/x") && f.message.contains("reference"));
    assert!(!bad.ready());
}

#[test]
fn check_wechat_prints_the_findings_and_exits_by_them() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("2026-01-02.md");
    std::fs::write(&good, "# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [甲](https://arxiv.org/abs/1)  \n").unwrap();
    let long = dir.path().join("2026-01-16.md");
    std::fs::write(&long, body_of(BODY_LIMIT_CHARS + 10)).unwrap();
    let run = |file: &std::path::Path, json: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jianbao"));
        cmd.args(["check", "--wechat"]);
        if json {
            cmd.args(["--format", "json"]);
        }
        let out = cmd.arg(file).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, out) = run(&good, false);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("2026-01-02.md: info[references]: 1 reference listed under 参考资料"), "{out}");
    let (code, out) = run(&long, false);
    assert_eq!(code, Some(1));
    assert!(out.contains("error[body-length]") && out.contains("cut 11 characters"), "{out}");
    let (_, out) = run(&long, true);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["rule"], "body-length");
    assert_eq!(first["severity"], "error");
    // A missing file is bad input.
    let (code, _) = run(&dir.path().join("nope.md"), false);
    assert_eq!(code, Some(2));
}
