//! `detente textconv FILE`: a graph file as stable line-oriented text, for git's textconv so that
//! `git diff` and `git log -p` show graph changes instead of YAML lines.

use std::path::PathBuf;

use detente::render::report::textconv;

use super::common::print;
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente textconv graphs/us-belarus.yaml

As a git textconv driver (see docs/diff.md):
  echo '*.yaml diff=detente' >> .gitattributes
  git config diff.detente.textconv 'detente textconv'
  git diff          # graph files now show as actors, posts and one line per series point

A file that is not a valid graph (an unrelated YAML file, or a broken revision) is printed as it
is, after a line saying so, and the exit code stays 0, so that `git diff` keeps working.";

/// Print a graph file as stable, line-oriented text (one line per actor, post, point, event and
/// source), for `git diff` through a textconv driver.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The graph file (YAML, or JSON with a .json extension).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    if detente::import::parquet::is_graph_dir(&args.file) {
        // A columnar graph (`G.parquet/`) has no text to fall back to: it reads or it fails.
        let graph = detente::open(&args.file)?.into_graph();
        return listed(&graph);
    }
    let name = args.file.display().to_string();
    let bytes = detente::load::read_input(&args.file)
        .map_err(|e| CliError::msg(format!("cannot read {name}: {e}")))?;
    let syntax = detente::load::Syntax::of_path(&args.file);
    let text = match detente::load::load_bytes(&bytes, &name, syntax) {
        Ok(graph) => return listed(&graph),
        // git shows whatever textconv prints; a failure would hide the whole diff, so a file
        // that is not a valid graph is shown as written.
        Err(_) if bytes.is_empty() => String::new(),
        Err(_) => {
            let mut text = String::from("# (not a valid detente graph; shown as written)\n");
            text.push_str(&String::from_utf8_lossy(&bytes));
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
    };
    print(&text)?;
    Ok(ExitStatus::Success)
}

/// Prints the listing of `graph` as it is made: the listing of a large graph is gigabytes.
fn listed(graph: &detente::model::Graph) -> Result<ExitStatus, CliError> {
    Sink::open(None, &[])?.write_with(|out| textconv::write_text(graph, out))?;
    Ok(ExitStatus::Success)
}
