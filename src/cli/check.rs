//! `detente check FILE...`: validate graph files and report every problem with its location.

use std::path::PathBuf;

use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente check graphs/us-belarus.yaml
  detente check graphs/*.yaml

Exit code 0 when every file is valid, 2 when any is not (every problem is printed).";

/// Validate graph files: report every problem with file:line:column and a likely fix.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Graph files to check (YAML, or JSON with a .json extension), or scenario files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print nothing for valid files.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let mut failed = false;
    let mut out = String::new();
    for file in &args.files {
        match super::common::load_graph(file) {
            Ok(graph) => {
                if !args.quiet {
                    let points: usize = graph.relations.iter().map(|r| r.series.len()).sum();
                    out.push_str(&format!(
                        "{}: ok ({} actors, {} relations, {} points, {} events, {} sources)\n",
                        file.display(),
                        graph.actors.len(),
                        graph.relations.len(),
                        points,
                        graph.events.len(),
                        graph.sources.len()
                    ));
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("{e}");
            }
        }
    }
    super::common::print(&out)?;
    Ok(if failed {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}
