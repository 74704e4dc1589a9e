//! A generated newsletter repository, in our own words: for tests and
//! benches that need many issues (the benches include this file too).

use std::path::PathBuf;

/// Writes a repository of `issues` weekly issues of `entries` entries each
/// (twenty years of a weekly is about 1,000 issues, 25,000 entries) under
/// `dir`, in our own words, every entry with a link of its own and some
/// links repeated across issues as real archives have. Returns the issue paths.
pub fn synthetic_repo(dir: &std::path::Path, issues: usize, entries: usize) -> Vec<PathBuf> {
    let reports = dir.join("embedded-ai-report");
    std::fs::create_dir_all(&reports).unwrap();
    let sections = ["业界新闻", "论文", "开源项目", "博文"];
    let mut paths = Vec::with_capacity(issues);
    let mut readme = String::from("# 合成的仓库\n\n| 2 | 0 | 0 | 6 |\n|:--:|:--:|:--:|:--:|\n");
    for n in 0..issues {
        // A week apart from 2006-01-02, written out by hand to need no date crate.
        let day = 2 + 7 * n as u64;
        let (y, m, d) = civil_from_days(days_from_civil(2006, 1, 1) + day - 1);
        let date = format!("{y:04}-{m:02}-{d:02}");
        let mut s = format!(
            "# 嵌入式AI简报 ({date})：第{n}期\n\n**合成的期刊，用于基准测试**  \n\n> 导读：本期{entries}条。\n\n"
        );
        for (k, title) in sections.iter().enumerate() {
            s.push_str(&format!("## {title}\n\n"));
            let count = entries / sections.len() + usize::from(k < entries % sections.len());
            for i in 0..count {
                // One link in twenty is one an earlier issue ran.
                let url = if i % 20 == 7 && n > 0 {
                    format!("https://example.org/{}/{k}/{i}", n / 2)
                } else {
                    format!("https://example.org/{n}/{k}/{i}")
                };
                s.push_str(&format!(
                    "- [第{n}期{k}-{i}条：端侧推理框架新增低比特算子 | 来源{}]({url})  \n\
                     摘要：合成的摘要，描述一个虚构的模型压缩与量化部署案例，第{i}条。  \n",
                    i % 7
                ));
            }
            s.push_str("\n\n");
        }
        let path = reports.join(format!("{date}.md"));
        std::fs::write(&path, s).unwrap();
        readme.push_str(&format!("| [{date}](./embedded-ai-report/{date}.md) |\n"));
        paths.push(path);
    }
    std::fs::write(dir.join("README.md"), readme).unwrap();
    paths
}

fn days_from_civil(y: i64, m: u64, d: u64) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = (y - era * 400) as u64;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097) as u64 + doe
}

fn civil_from_days(z: u64) -> (i64, u64, u64) {
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = (yoe + era * 400) as i64 + i64::from(m <= 2);
    (y, m, d)
}
