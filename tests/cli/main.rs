//! The integration tests: one binary that runs the real `detente` command.
//!
//! Each module covers one subcommand or concern; `support` runs the command and checks its
//! stdout, stderr and exit code.

mod support;

/// The modules whose helpers serve only the tests that need the built-in renderer: without it,
/// those helpers are unused.
macro_rules! render_modules {
    ($($module:ident),*) => {
        $(
            #[cfg_attr(
                not(feature = "builtin-render"),
                allow(
                    dead_code,
                    unused_imports,
                    reason = "helpers of the tests that need the built-in renderer"
                )
            )]
            mod $module;
        )*
    };
}
render_modules!(frames, layouts, publish, raster, readme, story);

mod analyze;
mod bounded;
mod check;
mod cli_errors;
mod diff;
mod diff_balance;
mod diff_diagram;
mod disclosure;
mod errors;
mod escapes;
mod event_sql;
mod events;
mod examples;
mod explain;
mod export;
mod format_actors;
mod format_fields;
mod format_kinds;
mod format_posts;
mod generate;
mod geometry;
mod graphs;
mod hostile;
mod import;
mod names;
mod narrow;
mod numbers;
mod origin;
mod output;
mod parquet;
mod references;
mod relation_kinds;
mod render;
mod scenario;
mod scenario_add;
mod schema;
mod show;
mod sources;
mod timeline;
mod trend;
mod values;
