//! `detente generate`: a synthetic graph of a given size, for trying the tool at scale.

use std::path::PathBuf;

use detente::generate::{Spec, SpecError, generate};
use detente::load::Syntax;

use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente generate --actors 300 --relations 2000 -o big.yaml
  detente generate --actors 50000 --relations 1000000 --points 1 -o huge.json

The same options and seed always give the same graph. Sizes are capped: at most 1,000,000
actors, 10,000,000 relations and 20,000,000 points in all.";

/// Write a synthetic graph of random actors and ties (for benchmarks and experiments).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Number of actors; a tenth of them are persons holding posts.
    #[arg(long, default_value_t = 100)]
    actors: usize,
    /// Number of relations between random actors.
    #[arg(long, default_value_t = 300)]
    relations: usize,
    /// Points per relation's series.
    #[arg(long, default_value_t = 3)]
    points: usize,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write here (YAML, or JSON for .json) instead of YAML to stdout.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    if args.actors < 2 {
        return Err(CliError::msg("--actors must be at least 2"));
    }
    let spec = Spec {
        seed: args.seed,
        ..Spec::sized(args.actors, args.relations, args.points)
    };
    spec.check().map_err(|e| {
        let flag = match e {
            SpecError::TooFewActors(_) | SpecError::TooManyActors { .. } => "--actors",
            SpecError::TooManyRelations { .. } => "--relations",
            SpecError::NoPoints | SpecError::TooManyPoints { .. } => "--points",
        };
        CliError::msg(format!("{flag}: {e}"))
    })?;
    let sink = Sink::open(args.output.as_deref(), &[])?;
    let graph = generate(&spec);
    let syntax = args.output.as_deref().map_or(Syntax::Yaml, Syntax::of_path);
    let text = match syntax {
        Syntax::Yaml => detente::load::to_yaml(&graph),
        Syntax::Json => detente::load::to_json(&graph),
    }
    .map_err(CliError::msg)?;
    sink.write(text.as_bytes())?;
    Ok(ExitStatus::Success)
}
