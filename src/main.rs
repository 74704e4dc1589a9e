use std::process::ExitCode;

use clap::Parser;
use jianbao::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run(command),
        None => open_window(cli.file, cli.repo),
    }
}

#[cfg(feature = "gui")]
fn open_window(file: Option<std::path::PathBuf>, repo: Option<std::path::PathBuf>) -> ExitCode {
    match jianbao::app::run(file, repo) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jianbao: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<std::path::PathBuf>, _repo: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!("jianbao: built without the window (feature `gui`); use a subcommand, see --help");
    ExitCode::FAILURE
}
