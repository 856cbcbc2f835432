//! The integration tests: one binary that runs the real `detente` command.
//!
//! Each module covers one subcommand or concern; `support` runs the command and checks its
//! stdout, stderr and exit code.

mod support;

mod check;
mod errors;
mod generate;
mod hostile;
mod schema;
mod show;
