//! The integration tests: one binary that runs the real `detente` command.
//!
//! Each module covers one subcommand or concern; `support` runs the command and checks its
//! stdout, stderr and exit code.

mod support;

mod analyze;
mod check;
mod cli_errors;
mod diff;
mod diff_balance;
mod diff_diagram;
mod errors;
mod escapes;
mod examples;
mod explain;
mod generate;
mod graphs;
mod hostile;
mod numbers;
mod origin;
mod output;
mod readme;
mod references;
mod render;
mod scenario;
mod schema;
mod show;
mod sources;
mod trend;
