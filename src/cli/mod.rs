//! The command line: one file per subcommand, each with its arguments, help and run function.
//! Everything here is a thin shell over the library.

mod analyze;
mod args;
mod check;
mod columnar;
mod common;
mod diff;
mod explain;
mod export;
mod generate;
mod git;
mod import;
mod lock;
mod output;
mod render;
mod scenario;
mod schema;
mod show;
mod textconv;
mod timeline;
mod trend;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use common::CliError;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  only where a command documents it (e.g. `diff --exit-code` found differences)
  2  any error: bad input, a missing file, invalid options

Start with `detente render graphs/us-belarus.yaml --at 2025-05 -o us-belarus.svg`,
`detente show graphs/us-belarus.yaml --at 2020-03` or `detente check FILE`.";

/// detente: how relationships between political actors change over time.
#[derive(Debug, Parser)]
#[command(name = "detente", version, about, long_about = None, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// Parses the process arguments; `--help` and `--version` exit 0, bad arguments exit 2.
    pub fn parse_from_env() -> Cli {
        Cli::parse()
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::Args),
    Show(show::Args),
    Render(render::Args),
    Analyze(analyze::Args),
    Trend(trend::Args),
    Timeline(timeline::Args),
    Diff(diff::Args),
    Explain(explain::Args),
    Scenario(scenario::Args),
    Schema(schema::Args),
    Textconv(textconv::Args),
    Generate(generate::Args),
    Import(import::Args),
    Export(export::Args),
}

/// How a successful run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Exit 0.
    Success,
    /// Exit 1: the command's documented "found something" outcome.
    Found,
    /// Exit 2: an error, already reported.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        self.into()
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Found => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<ExitStatus, CliError> {
    output::clean_up_on_signals();
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Check(args) => check::run(args),
        Command::Show(args) => show::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Render(args) => render::run(args),
        Command::Scenario(args) => scenario::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Textconv(args) => textconv::run(args),
        Command::Trend(args) => trend::run(args),
        Command::Timeline(args) => timeline::run(args),
        Command::Schema(args) => schema::run(args),
    }
}
