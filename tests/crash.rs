//! A process killed (SIGKILL) while saving leaves the old or the new file,
//! never a torn one.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BYTES: usize = 6 * 1024 * 1024;

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let issues = dir.path().join("embedded-ai-report");
    std::fs::create_dir(&issues).unwrap();
    let path = issues.join("2026-01-02.md");
    let a = "a".repeat(BYTES);
    let b = "b".repeat(BYTES + 1);
    std::fs::write(&path, &a).unwrap();

    let mut mid_save = 0;
    let mut rounds = 0;
    for round in 0..40u64 {
        if round >= 10 && mid_save >= 3 {
            break;
        }
        rounds += 1;
        let mut child = Command::new(env!("CARGO_BIN_EXE_jianbao"))
            .args(["debug-save-loop", "--repo", dir.path().to_str().unwrap(), "--date", "2026-01-02"])
            .args(["--bytes", &BYTES.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        // Let it save a few times, then kill it at a moment that varies.
        let start = Instant::now();
        let first = std::fs::metadata(&path).unwrap().modified().unwrap();
        while std::fs::metadata(&path).unwrap().modified().unwrap() == first {
            assert!(start.elapsed() < Duration::from_secs(60), "the save loop never saved");
            assert!(child.try_wait().unwrap().is_none(), "the save loop stopped early");
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(3 + 7 * (round % 12)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes == a.as_bytes() || bytes == b.as_bytes(),
            "round {round}: a torn file of {} bytes starting {:?}",
            bytes.len(),
            &bytes[..bytes.len().min(8)]
        );
        // A temporary file left behind shows the kill landed inside a save.
        for e in std::fs::read_dir(&issues).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            if jianbao::core::files::io::is_temp_file_name(&name) {
                mid_save += 1;
                std::fs::remove_file(issues.join(name)).unwrap();
            }
        }
    }
    eprintln!("{mid_save} of {rounds} kills landed inside a save");
    assert!(mid_save > 0, "no kill landed inside a save: the test proved nothing");
    // The repository still lists exactly the one issue.
    let repo = jianbao::core::files::repo::Repo::open(dir.path()).unwrap();
    assert_eq!(repo.issues().unwrap().len(), 1);
}
