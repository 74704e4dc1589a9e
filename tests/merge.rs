//! The entry-level diff and the three-way merge, in process: fixed cases on
//! our own sample issue, real issues of the corpus as bases, and property
//! tests on generated edits.

mod common;
mod merge_support;

use jianbao::core::vcs::changes::{Change, change_json, change_text, changes};
use jianbao::core::vcs::merge::{MergeOutcome, merge_issue, merge_path};
use merge_support::*;
use proptest::prelude::*;

fn merge(b: &str, o: &str, t: &str) -> MergeOutcome {
    merge_issue(b.as_bytes(), o.as_bytes(), t.as_bytes())
}

fn clean(b: &str, o: &str, t: &str) -> String {
    match merge(b, o, t) {
        MergeOutcome::Clean(text) => text,
        other => panic!("expected a clean merge, got {other:?}"),
    }
}

const BITSLIDE: &str = "[BitSlide: Sliding-Window";
const TINYDRAFT: &str = "[TinyDraft: Speculative";
const ROTATION: &str = "[Outlier-Free Rotation";
const SBC: &str = "[在单板机上部署3B量化模型";
const NNAPI: &str = "[NNAPI之后";

#[test]
fn edits_to_different_entries_merge_cleanly_and_untouched_bytes_stay() {
    let base = sample();
    let ours = replace_once(&base, "解码速度反而因访存减少提升了约1.3倍。", "解码速度提升了约1.3倍（实测）。");
    let theirs = replace_once(
        &base,
        "TinyDraft: Speculative Decoding with a 30M Draft Model",
        "TinyDraft: Speculative Decoding on MCUs",
    );
    let expected = replace_once(
        &ours,
        "TinyDraft: Speculative Decoding with a 30M Draft Model",
        "TinyDraft: Speculative Decoding on MCUs",
    );
    assert_eq!(clean(&base, &ours, &theirs), expected);
    assert_eq!(clean(&base, &theirs, &ours), expected);
}

#[test]
fn different_fields_of_one_entry_merge_field_by_field() {
    let base = sample();
    // Ours changes the source of the head line, theirs the summary below it.
    let ours = replace_once(&base, "功耗不到3W | 芯东西]", "功耗不到3W | 量子位]");
    let theirs = replace_once(&base, "典型功耗控制在3W以内。", "典型功耗低于3W。");
    let expected = replace_once(&ours, "典型功耗控制在3W以内。", "典型功耗低于3W。");
    assert_eq!(clean(&base, &ours, &theirs), expected);
}

#[test]
fn the_same_field_changed_differently_conflicts_around_that_entry_only() {
    let base = sample();
    let ours = replace_once(&base, "整体生成速度提升约2.1倍。", "整体生成速度提升约2倍。");
    let theirs = replace_once(&base, "整体生成速度提升约2.1倍。", "整体生成速度提升一倍有余。");
    let other_edit = "INT8矩阵乘吞吐。"; // theirs also edits another entry: merged in
    let theirs = replace_once(&theirs, other_edit, "INT8矩阵乘吞吐量。");
    let MergeOutcome::Conflicted { text, conflicts } = merge(&base, &ours, &theirs) else {
        panic!("expected a conflict")
    };
    assert_eq!(conflicts, 1);
    let block = format!(
        "<<<<<<< ours\n{}=======\n{}>>>>>>> theirs\n",
        entry_text(&ours, TINYDRAFT),
        entry_text(&theirs, TINYDRAFT)
    );
    assert_eq!(text.matches("<<<<<<<").count(), 1);
    assert!(text.contains(&block), "{text}");
    // Outside the markers: ours with theirs' other edit, byte for byte.
    let r = entry_range(&ours, TINYDRAFT);
    let mut expected = ours.clone();
    expected.replace_range(r, &block);
    let expected = replace_once(&expected, other_edit, "INT8矩阵乘吞吐量。");
    assert_eq!(text, expected);
}

#[test]
fn a_reorder_on_one_side_and_an_edit_on_the_other_merge_cleanly() {
    let base = sample();
    let ours = move_before(&base, TINYDRAFT, BITSLIDE);
    let theirs =
        replace_once(&base, "BitSlide让7B模型的可用上下文从4K扩展到32K", "BitSlide让7B模型的上下文从4K扩展到32K");
    let expected =
        replace_once(&ours, "BitSlide让7B模型的可用上下文从4K扩展到32K", "BitSlide让7B模型的上下文从4K扩展到32K");
    assert_eq!(clean(&base, &ours, &theirs), expected);
    assert_eq!(clean(&base, &theirs, &ours), expected);
}

#[test]
fn entries_added_to_different_sections_and_to_one_section_merge_cleanly() {
    let base = sample();
    let paper = "- [2612.00042] [Our Own Paper on 3-bit Attention](https://arxiv.org/abs/2612.00042)  \n摘要：我们自己写的测试条目。  \n";
    let blog = "- [一篇测试博文 | 示例博客](https://blog.example.org/test-post)  \n摘要：另一条测试条目。  \n";
    let blog2 = "- [第二篇测试博文 | 示例博客](https://blog.example.org/second)  \n摘要：同一栏目里的另一条。  \n";
    let ours = insert_after(&base, TINYDRAFT, paper);
    let ours = insert_before(&ours, SBC, blog2);
    let theirs = insert_before(&base, NNAPI, blog);
    let merged = clean(&base, &ours, &theirs);
    let expected = insert_before(&ours, NNAPI, blog);
    assert_eq!(merged, expected);
}

#[test]
fn an_entry_moved_to_another_section_keeps_the_other_sides_edit() {
    let base = sample();
    let e = entry_text(&base, SBC);
    let ours = insert_after(&remove_entry(&base, SBC), TINYDRAFT, &e);
    let theirs = replace_once(&base, "最终稳定在每秒6个token左右。", "最终稳定在每秒7个token左右。");
    let expected = replace_once(&ours, "最终稳定在每秒6个token左右。", "最终稳定在每秒7个token左右。");
    assert_eq!(clean(&base, &ours, &theirs), expected);
}

#[test]
fn removed_on_one_side_edited_on_the_other_is_a_conflict_and_removed_untouched_is_gone() {
    let base = sample();
    let ours = remove_entry(&base, ROTATION);
    let theirs = replace_once(&base, "端到端提速2.7倍。", "端到端提速近3倍。");
    let MergeOutcome::Conflicted { text, .. } = merge(&base, &ours, &theirs) else { panic!("expected a conflict") };
    assert!(text.contains(&format!("<<<<<<< ours\n=======\n{}>>>>>>> theirs\n", entry_text(&theirs, ROTATION))));
    // Removed on one side, untouched on the other: removed.
    let theirs = replace_once(&base, "整体生成速度提升约2.1倍。", "整体生成速度提升约2倍。");
    assert_eq!(clean(&base, &ours, &theirs), remove_entry(&theirs, ROTATION));
}

#[test]
fn the_same_entry_added_on_both_sides_is_added_once() {
    let base = sample();
    let blog = "- [一篇测试博文 | 示例博客](https://blog.example.org/test-post)  \n摘要：两边都加了它。  \n";
    let ours = insert_before(&base, NNAPI, blog);
    let theirs = insert_before(&base, NNAPI, blog);
    assert_eq!(clean(&base, &ours, &theirs), ours);
    // Added on both sides with different summaries: a conflict around it.
    let theirs = replace_once(&theirs, "两边都加了它。", "两边都加了，说法不同。");
    let MergeOutcome::Conflicted { text, conflicts } = merge(&base, &ours, &theirs) else {
        panic!("expected a conflict")
    };
    assert_eq!(conflicts, 1);
    assert!(text.contains("<<<<<<< ours\n- [一篇测试博文"));
}

#[test]
fn preamble_edits_merge_line_by_line_and_conflict_only_where_both_changed() {
    let base = sample();
    let ours = replace_once(&base, "首发价299元", "首发价259元");
    let theirs = replace_once(&base, "包括两家手机厂商和一家智能座舱方案商", "包括三家手机厂商");
    let expected = replace_once(&ours, "包括两家手机厂商和一家智能座舱方案商", "包括三家手机厂商");
    assert_eq!(clean(&base, &ours, &theirs), expected);
    let theirs = replace_once(&base, "首发价299元", "首发价199元");
    let MergeOutcome::Conflicted { text, conflicts } = merge(&base, &ours, &theirs) else {
        panic!("expected a conflict")
    };
    assert_eq!(conflicts, 1);
    assert!(text.contains("<<<<<<< ours\n- 鸿途电子"), "{text}");
}

#[test]
fn both_sides_reordering_one_section_differently_falls_back_to_git() {
    let base = sample();
    let ours = move_before(&base, TINYDRAFT, BITSLIDE);
    let theirs = move_before(&base, ROTATION, BITSLIDE);
    assert!(matches!(merge(&base, &ours, &theirs), MergeOutcome::Fallback(_)));
}

#[test]
fn a_file_that_is_not_an_issue_or_not_text_falls_back_to_git() {
    let base = sample();
    let MergeOutcome::Fallback(reason) = merge("a plain note\n", "a plain note, edited\n", "another note\n") else {
        panic!("expected a fallback")
    };
    assert!(reason.contains("does not read as a newsletter issue"), "{reason}");
    let bad = merge_issue(base.as_bytes(), b"\xff\xfe binary", base.as_bytes());
    assert!(matches!(bad, MergeOutcome::Fallback(r) if r.contains("ours is not text")));
}

#[test]
fn crlf_issues_merge_with_crlf_markers() {
    let base = sample().replace('\n', "\r\n");
    let ours = replace_once(&base, "整体生成速度提升约2.1倍。", "整体生成速度提升约2倍。");
    let theirs = replace_once(&base, "整体生成速度提升约2.1倍。", "整体生成速度提升两倍。");
    let MergeOutcome::Conflicted { text, .. } = merge(&base, &ours, &theirs) else { panic!("expected a conflict") };
    assert!(text.contains("<<<<<<< ours\r\n") && text.contains("=======\r\n") && text.contains(">>>>>>> theirs\r\n"));
    let theirs = replace_once(&base, "功耗不到3W | 芯东西]", "功耗不到3W | 量子位]");
    let expected = replace_once(&ours, "功耗不到3W | 芯东西]", "功耗不到3W | 量子位]");
    assert_eq!(clean(&base, &ours, &theirs), expected);
}

#[test]
fn the_readme_archive_table_is_regenerated_from_both_sides_dates() {
    let readme = |dates: &[&str], intro: &str| {
        let dates: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        let table = jianbao::core::files::archive::table(&dates, "./embedded-ai-report/").join("\n");
        format!("# 简报\n\n{intro}\n\n## 往期\n\n{table}\n\n更多见仓库。\n")
    };
    let base = readme(&["2026-01-02", "2026-01-16"], "介绍。");
    let ours = readme(&["2026-01-02", "2026-01-16", "2026-01-30"], "介绍，改过。");
    let theirs = readme(&["2026-01-16", "2026-02-13"], "介绍。");
    let MergeOutcome::Clean(text) = merge_path("README.md", base.as_bytes(), ours.as_bytes(), theirs.as_bytes()) else {
        panic!("expected a clean merge")
    };
    // 2026-01-02 removed by theirs; 2026-01-30 and 2026-02-13 added on each side.
    assert_eq!(text, readme(&["2026-01-16", "2026-01-30", "2026-02-13"], "介绍，改过。"));
}

// ---- Entry-level changes ----

#[test]
fn a_long_value_edited_at_its_end_shows_the_edit_not_its_start() {
    let long = "这是一段为了测试而写的很长的摘要，说明某个端侧推理框架如何把模型切成小块，在内存很小的板子上依次执行，并且在三种开发板上测了延迟和功耗。";
    let issue = |summary: &str| {
        format!(
            "# 嵌入式AI简报 (2026-03-01)\n\n## 博文\n\n- [一篇长摘要的测试博文 | 示例博客](https://blog.example.org/long)  \n摘要：{summary}  \n"
        )
    };
    let (old, new) = (issue(long), issue(&format!("{long}另外补了一句结论。")));
    let found = changes(&old, &new).unwrap();
    let text = change_text("x.md", &found[0]);
    let detail = text.lines().find(|l| l.trim_start().starts_with("摘要:")).unwrap_or_else(|| panic!("{text}"));
    assert!(detail.contains("另外补了一句结论。\""), "the edit shows: {detail}");
    assert!(detail.contains("\"…"), "the common start is elided: {detail}");
    assert!(detail.contains("延迟和功耗。\" ->"), "the old value ends where it ended, with context: {detail}");
    assert!(!detail.contains("这是一段"), "not the start: {detail}");

    // An edit nearer the middle keeps context around it on both sides.
    let mid = long.replace("三种开发板", "五种开发板");
    let text = change_text("x.md", &changes(&old, &issue(&mid)).unwrap()[0]);
    let detail = text.lines().find(|l| l.trim_start().starts_with("摘要:")).unwrap();
    assert!(detail.contains("三种开发板") && detail.contains("五种开发板"), "{detail}");
    assert_eq!(detail.matches("\"…").count(), 2, "both quotes start at the edit's context: {detail}");
}

#[test]
fn changes_list_added_removed_moved_and_edited_entries_field_by_field() {
    let base = sample();
    let blog = "- [一篇测试博文 | 示例博客](https://blog.example.org/test-post)  \n摘要：新加的。  \n";
    let new = insert_before(&base, NNAPI, blog);
    let new = remove_entry(&new, ROTATION);
    let new = move_before(&new, TINYDRAFT, BITSLIDE);
    let new = replace_once(&new, "整体生成速度提升约2.1倍。", "整体生成速度提升约2倍。");
    let new = replace_once(&new, "功耗不到3W | 芯东西]", "功耗不到3W | 量子位]");
    let found = changes(&base, &new).unwrap();
    let texts: Vec<String> = found.iter().map(|c| change_text("x.md", c)).collect();
    let all = texts.join("\n");
    assert!(texts.contains(&"x.md: added 博文 #4 \"一篇测试博文\"".to_string()), "{all}");
    assert!(texts.iter().any(|t| t.starts_with("x.md: removed 论文 #3 \"Outlier-Free Rotation")), "{all}");
    assert!(
        texts.iter().any(|t| t.starts_with("x.md: moved \"TinyDraft") && t.ends_with("from 论文 #4 to 论文 #1")),
        "{all}"
    );
    let edited: Vec<&Change> = found.iter().filter(|c| matches!(c, Change::Edited { .. })).collect();
    assert_eq!(edited.len(), 2, "{all}");
    let fields: Vec<(String, Vec<String>)> = edited
        .iter()
        .map(|c| match c {
            Change::Edited { entry, fields, .. } => {
                (entry.title.clone(), fields.iter().map(|f| f.field.clone()).collect())
            }
            _ => unreachable!(),
        })
        .collect();
    assert!(fields.iter().any(|(t, f)| t.starts_with("星川科技发布") && f == &["source"]), "{fields:?}");
    assert!(fields.iter().any(|(t, f)| t.starts_with("TinyDraft") && f == &["摘要"]), "{fields:?}");
    // Nothing else: BitSlide and the others only shifted.
    assert_eq!(found.len(), 5, "{all}");
    let json = change_json("x.md", &found[0]);
    assert_eq!(json["file"], "x.md");
    assert!(json["change"].is_string());
    assert!(changes(&base, &base).unwrap().is_empty());
}

#[test]
fn changes_outside_entries_are_their_own_changes() {
    let base = sample();
    let new = replace_once(&base, "首发价299元", "首发价259元");
    let new = replace_once(&new, "本示例简报按", "本简报按");
    let found = changes(&base, &new).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    match &found[0] {
        Change::TextEdited { part, block, old, new, .. } => {
            assert_eq!((part.as_str(), block.as_str()), ("preamble", "warm-up news"));
            assert!(old[0].contains("299") && new[0].contains("259"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&found[1], Change::TextEdited { part, .. } if part == "footer"));
}

// ---- Real issues of the corpus as bases ----

#[test]
fn corpus_issues_merge_disjoint_edits_and_round_trip() {
    let issues = common::corpus_issues();
    let mut merged_count = 0;
    for (name, bytes) in issues.iter() {
        let base = String::from_utf8(bytes.clone()).unwrap();
        let ops = [
            Op::Field { entry: 0, value: "一处修改".into() },
            Op::Insert { section: 0, pos: 0, title: "新条目".into() },
            Op::Reorder { entry: 2, pos: 0 },
        ];
        let ops_y = [
            Op::Title { entry: 1, title: "改过的标题".into() },
            Op::Insert { section: 1, pos: 99, title: "另一条".into() },
        ];
        let (x, ex) = apply_ops(&base, &ops, |k| k % 2 == 0, "x");
        let (y, ey) = apply_ops(&base, &ops_y, |k| k % 2 == 1, "y");
        if ex.iter().chain(&ey).any(|e| holds(if ex.contains(e) { &x } else { &y }, e).is_err()) {
            continue; // an edit that does not read back on its own side
        }
        assert_eq!(clean(&base, &x, &base), x, "{name}");
        assert_eq!(clean(&base, &base, &y), y, "{name}");
        assert_eq!(clean(&base, &x, &x), x, "{name}");
        let m = match merge(&base, &x, &y) {
            MergeOutcome::Clean(m) => m,
            other => panic!("{name}: {other:?}"),
        };
        for e in ex.iter().chain(&ey) {
            holds(&m, e).unwrap_or_else(|err| panic!("{name}: {err}"));
        }
        assert_eq!(jianbao::core::render(&jianbao::core::parse(&m)), m);
        merged_count += 1;
    }
    if !issues.is_empty() {
        assert!(merged_count * 10 >= issues.len() * 9, "only {merged_count} of {} corpus issues merged", issues.len());
    }
}

// ---- Properties ----

fn bases() -> Vec<String> {
    let mut out: Vec<String> = common::own_fixtures().into_iter().map(|(_, t)| t).collect();
    out.extend(common::corpus_issues().into_iter().step_by(4).map(|(_, b)| String::from_utf8(b).unwrap()));
    out.retain(|t| {
        let issue = jianbao::core::parse(t);
        issue.looks_like_issue() && !merge_support::editable(&issue).is_empty()
    });
    out
}

fn word() -> impl Strategy<Value = String> {
    "[a-z一二三四五六七]{1,10}"
}

fn op(reorder: bool) -> impl Strategy<Value = Op> {
    let e = 0usize..64;
    let mut options = vec![
        (e.clone(), word()).prop_map(|(entry, value)| Op::Field { entry, value }).boxed(),
        (e.clone(), word()).prop_map(|(entry, title)| Op::Title { entry, title }).boxed(),
        e.clone().prop_map(|entry| Op::Delete { entry }).boxed(),
        (0usize..8, 0usize..12, word()).prop_map(|(section, pos, title)| Op::Insert { section, pos, title }).boxed(),
        (e.clone(), 0usize..8, 0usize..12).prop_map(|(entry, section, pos)| Op::Move { entry, section, pos }).boxed(),
    ];
    if reorder {
        options.push((e, 0usize..12).prop_map(|(entry, pos)| Op::Reorder { entry, pos }).boxed());
    }
    proptest::strategy::Union::new(options)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn merge_laws_and_a_clean_merge_holds_every_edit(
        which in 0usize..1000,
        xs in proptest::collection::vec(op(true), 1..6),
        ys in proptest::collection::vec(op(false), 1..6),
    ) {
        let bases = bases();
        let base = &bases[which % bases.len()];
        let (x, ex) = apply_ops(base, &xs, |k| k % 2 == 0, "x");
        let (y, ey) = apply_ops(base, &ys, |k| k % 2 == 1, "y");
        // merge(b, x, b) = x, merge(b, b, y) = y, merge(b, x, x) = x.
        prop_assert_eq!(merge(base, &x, base), MergeOutcome::Clean(x.clone()));
        prop_assert_eq!(merge(base, base, &y), MergeOutcome::Clean(y.clone()));
        prop_assert_eq!(merge(base, &x, &x), MergeOutcome::Clean(x.clone()));
        prop_assert_eq!(merge(base, &y, &y), MergeOutcome::Clean(y.clone()));
        // Disjoint edits: each side's edits that read back on that side hold in the merge.
        let ex: Vec<_> = ex.into_iter().filter(|e| holds(&x, e).is_ok()).collect();
        let ey: Vec<_> = ey.into_iter().filter(|e| holds(&y, e).is_ok()).collect();
        match merge(base, &x, &y) {
            MergeOutcome::Clean(m) => {
                for e in ex.iter().chain(&ey) {
                    prop_assert!(holds(&m, e).is_ok(), "{:?}", holds(&m, e));
                }
                prop_assert_eq!(jianbao::core::render(&jianbao::core::parse(&m)), m.clone());
            }
            other => prop_assert!(false, "disjoint edits did not merge cleanly: {:?}", other),
        }
    }
}
