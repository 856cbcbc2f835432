//! `detente schema`: print the JSON Schema of the graph file format, for editors.

use super::common::print;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente schema > schema/detente-1.json

With yaml-language-server (VS Code's YAML extension, Neovim, Helix...), start a graph file with
  # yaml-language-server: $schema=../schema/detente-1.json
to get completion and checking as you type. The schema is JSON Schema draft 2020-12.";

/// Print the JSON Schema of the graph file format (for editors and yaml-language-server).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitStatus, CliError> {
    print(&detente::load::schema_text())?;
    Ok(ExitStatus::Success)
}
