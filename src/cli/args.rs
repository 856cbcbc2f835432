//! Argument groups that several commands share, flattened into their arguments
//! (`#[command(flatten)]`), so that one flag has one meaning, one help text and one check
//! everywhere it appears.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use detente::analysis::{Effort, Persons};

use detente::model::Date;
use detente::model::{Graph, Id};
use detente::render::report::Origin;
use detente::snapshot::{Aggregation, Ego, Filter, actor_named, kind_named};

use super::CliError;
use super::common::parse_date;
use super::output::{is_stdout, is_stream};

/// `--timeout SECONDS`: a time limit for the searches that can take long (frustration, blocs).
#[derive(Debug, clap::Args)]
pub struct Timeout {
    /// Stop with an error (exit 2) when the frustration and bloc searches take longer than this
    /// many seconds (default: no limit; they are bounded by their own budgets).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<f64>,
}

/// A positive number of seconds, at most a year.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 31_536_000.0 => Ok(s),
        _ => Err(format!(
            "`{text}` is not a number of seconds; write a positive number such as 30 or 0.5"
        )),
    }
}

impl Timeout {
    /// The searches' effort, with the deadline `--timeout` sets from now.
    pub fn effort(&self) -> Effort {
        match self.timeout {
            Some(s) => Effort::until(Instant::now() + Duration::from_secs_f64(s)),
            None => Effort::default(),
        }
    }

    /// An error when `effort`'s deadline passed: the results would be cut short.
    pub fn check(&self, effort: &Effort, what: &str) -> Result<(), CliError> {
        match self.timeout {
            Some(s) if effort.timed_out() => Err(CliError::msg(format!(
                "{what} took longer than --timeout {s} s; allow more time, or ask for less \
                 (--blocs K, a shorter range or a longer --every)"
            ))),
            _ => Ok(()),
        }
    }
}

/// `FILE --at DATE`: the graph file and the date to look at it on.
#[derive(Debug, clap::Args)]
pub struct FileAt {
    /// The graph file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The date: YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its first day).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub at: Date,
}

/// `--level` and `--aggregate`: every actor (persons with their states, or each on its own), or
/// states with persons' ties rolled up into them.
#[derive(Debug, clap::Args)]
pub struct Rollup {
    /// Every actor with persons analysed with the state whose post they hold (grouped), every
    /// actor on its own (all), or states only with persons' ties rolled up into them (state).
    #[arg(long, value_enum, default_value_t = Level::Grouped)]
    pub level: Level,
    /// With `--level state`: how the ties that land on one pair of states are combined.
    #[arg(long, value_enum, value_name = "RULE")]
    aggregate: Option<Aggregate>,
}

impl Rollup {
    /// Records `--level` (and, at state level, the aggregation rule) among the filters an
    /// output says it applied.
    pub fn record(&self, origin: Origin) -> Result<Origin, CliError> {
        let origin = origin.filter("level", self.level.as_str());
        Ok(match self.aggregation()? {
            Some(rule) => origin.filter("aggregate", rule.as_str()),
            None => origin,
        })
    }

    /// The rule to roll persons' ties up with, or `None` at `--level all`. `--aggregate` without
    /// `--level state` is an error rather than silently ignored.
    pub fn aggregation(&self) -> Result<Option<Aggregation>, CliError> {
        match (self.level, self.aggregate) {
            (Level::All | Level::Grouped, Some(_)) => Err(CliError::msg(
                "`--aggregate` applies only with `--level state`; add `--level state` or drop \
                 `--aggregate`",
            )),
            (Level::All | Level::Grouped, None) => Ok(None),
            (Level::State, rule) => Ok(Some(rule.map_or_else(Aggregation::default, Into::into))),
        }
    }
}

/// `--kinds`, `--exclude-kinds`, `--ego`/`--depth`, `--only` and `--exclude`: which ties and
/// actors a command reads, applied to each snapshot before anything else.
#[derive(Debug, clap::Args)]
pub struct Narrow {
    /// Only ties of these kinds, comma-separated (e.g. diplomatic,alliance).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    kinds: Vec<String>,
    /// Leave out ties of these kinds, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    exclude_kinds: Vec<String>,
    /// Only this actor (id or alias) and those within --depth ties of it, with the ties among
    /// them.
    #[arg(long, value_name = "ACTOR")]
    ego: Option<String>,
    /// With --ego: how many ties away an actor may be.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "ego")]
    depth: usize,
    /// Only these actors (ids or aliases), comma-separated, and the ties among them.
    #[arg(long, value_delimiter = ',', value_name = "ACTORS")]
    only: Vec<String>,
    /// Leave out these actors (ids or aliases), comma-separated, and their ties.
    #[arg(long, value_delimiter = ',', value_name = "ACTORS")]
    exclude: Vec<String>,
}

impl Narrow {
    /// The library's filter, with actor names resolved in `graph` (an unknown name or kind is an
    /// error with a suggestion).
    pub fn filter(&self, graph: &Graph) -> Result<Filter, CliError> {
        let actor = |flag: &str, name: &str| -> Result<Id, CliError> {
            actor_named(graph, name).map_err(|e| CliError::msg(format!("{flag}: {e}")))
        };
        let kind = |flag: &str, name: &str| -> Result<String, CliError> {
            kind_named(graph, name).map_err(|e| CliError::msg(format!("{flag}: {e}")))
        };
        Ok(Filter {
            kinds: (self.kinds.iter())
                .map(|k| kind("--kinds", k))
                .collect::<Result<_, _>>()?,
            exclude_kinds: (self.exclude_kinds.iter())
                .map(|k| kind("--exclude-kinds", k))
                .collect::<Result<_, _>>()?,
            only: (self.only.iter())
                .map(|a| actor("--only", a))
                .collect::<Result<_, _>>()?,
            exclude: (self.exclude.iter())
                .map(|a| actor("--exclude", a))
                .collect::<Result<_, _>>()?,
            ego: match &self.ego {
                Some(name) => Some(Ego {
                    actor: actor("--ego", name)?,
                    depth: self.depth,
                }),
                None => None,
            },
        })
    }

    /// The filter in words for a reader of the output (`kinds diplomatic; only BLR, USA`), or
    /// `None` when it narrows nothing.
    pub fn describe(filter: &Filter) -> Option<String> {
        fn list(set: &BTreeSet<impl AsRef<str>>) -> String {
            set.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")
        }
        let mut parts = Vec::new();
        if !filter.kinds.is_empty() {
            parts.push(format!("only ties of kinds {}", list(&filter.kinds)));
        }
        if !filter.exclude_kinds.is_empty() {
            parts.push(format!(
                "without ties of kinds {}",
                list(&filter.exclude_kinds)
            ));
        }
        if !filter.only.is_empty() {
            parts.push(format!("only actors {}", list(&filter.only)));
        }
        if !filter.exclude.is_empty() {
            parts.push(format!("without actors {}", list(&filter.exclude)));
        }
        if let Some(ego) = &filter.ego {
            parts.push(format!("within {} ties of {}", ego.depth, ego.actor));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// `--level`: which actors a command is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Level {
    /// Every actor; balance, frustration and blocs place each person holding a post with the
    /// state of that post (diagrams and tables show every actor, as `all`).
    #[default]
    Grouped,
    /// Every actor, each on its own: a person may land in a bloc against their own state.
    All,
    /// States and organisations: persons' ties rolled up into the states where they hold a post.
    State,
}

impl Level {
    /// How persons enter balance, frustration and blocs at this level (at state level they are
    /// already rolled up, and nothing is left to group).
    pub fn persons(self) -> Persons {
        match self {
            Level::All => Persons::Separate,
            Level::Grouped | Level::State => Persons::WithTheirState,
        }
    }

    /// The name used on the command line and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Grouped => "grouped",
            Level::All => "all",
            Level::State => "state",
        }
    }
}

/// `--aggregate`: the command line's names for [`Aggregation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Aggregate {
    /// The arithmetic mean of the weights (the default): every contact counts equally.
    Mean,
    /// The sum of the weights, clamped to the scale: many contacts make a stronger tie.
    Sum,
    /// The weight of largest magnitude (on a tie of magnitudes, the more hostile one).
    Strongest,
}

impl From<Aggregate> for Aggregation {
    fn from(rule: Aggregate) -> Aggregation {
        match rule {
            Aggregate::Mean => Aggregation::Mean,
            Aggregate::Sum => Aggregation::Sum,
            Aggregate::Strongest => Aggregation::Strongest,
        }
    }
}

/// A `--format` whose value the extension of `-o` can imply.
pub trait OutputFormat: clap::ValueEnum + Copy + PartialEq + Send + Sync + 'static {
    /// What each `-o` extension (lower case, without the dot) means; extensions of one format
    /// are listed together.
    const EXTENSIONS: &'static [(&'static str, Self)];
    /// The format without `-o` or `--format`.
    const DEFAULT: Self;
    /// The name `--format` takes.
    fn name(self) -> &'static str;
}

/// `-o PATH` and `--format`: where the output goes and in which format, the one implied by the
/// other.
#[derive(Debug, clap::Args)]
pub struct Output<F: OutputFormat> {
    // The help texts list the extensions from the table the code reads, so the two cannot drift.
    #[arg(short, long, value_name = "PATH", help = output_help::<F>())]
    output: Option<PathBuf>,
    #[arg(long, value_enum, help = format_help::<F>())]
    format: Option<F>,
}

impl<F: OutputFormat> Output<F> {
    /// `-o`, if given and not stdout (`-o -` and `-o /dev/stdout` are as if it were not).
    pub fn path(&self) -> Option<&Path> {
        self.output.as_deref().filter(|path| !is_stdout(path))
    }

    /// `-o` as given, stdout included (`-`), for commands whose `-o` may name a directory.
    pub fn raw_path(&self) -> Option<&Path> {
        self.output.as_deref()
    }

    /// `--format`, if given.
    pub fn given_format(&self) -> Option<F> {
        self.format
    }

    /// The format to write: `--format`, or the one the extension of `-o` implies; the two must
    /// agree. Without either, the command's default.
    pub fn format(&self) -> Result<F, CliError> {
        let Some(path) = self.path() else {
            return Ok(self.format.unwrap_or(F::DEFAULT));
        };
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let implied = F::EXTENSIONS
            .iter()
            .find(|(e, _)| Some(*e) == extension.as_deref())
            .map(|(_, f)| *f);
        match (implied, self.format) {
            (Some(implied), Some(format)) if implied != format => Err(CliError::msg(format!(
                "`--format {}` contradicts the extension of `{}`; drop `--format` or name the \
                 file .{}",
                format.name(),
                path.display(),
                format.name()
            ))),
            (Some(implied), _) => Ok(implied),
            (None, Some(format)) => Ok(format),
            // `/dev/null` or a FIFO (`-o >(gzip > x.gz)`) is written like stdout.
            (None, None) if extension.is_none() && is_stream(path) => Ok(F::DEFAULT),
            (None, None) => {
                let names: Vec<String> =
                    F::EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect();
                let (last, rest) = names
                    .split_last()
                    .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
                Err(CliError::msg(format!(
                    "cannot tell the format of `{}` from its extension; name it {} or {last}, \
                     or give `--format`",
                    path.display(),
                    rest.join(", ")
                )))
            }
        }
    }
}

/// The help of `-o`.
fn output_help<F: OutputFormat>() -> String {
    let mut extensions = String::new();
    let mut previous = None;
    for (extension, format) in F::EXTENSIONS {
        match previous {
            None => {}
            Some(p) if p == *format => extensions.push('/'),
            Some(_) => extensions.push_str(", "),
        }
        extensions.push('.');
        extensions.push_str(extension);
        previous = Some(*format);
    }
    format!(
        "Write to PATH (atomically); the format follows its extension ({extensions}). Without \
         it, the output goes to stdout"
    )
}

/// The help of `--format`.
fn format_help<F: OutputFormat>() -> String {
    format!(
        "Output format [default: from the -o extension, else {}]",
        F::DEFAULT.name()
    )
}

/// The betweenness sources `--betweenness-samples` asks for: every actor when it is not given.
pub fn betweenness_sources(samples: Option<u32>) -> detente::analysis::BetweennessSources {
    use detente::analysis::BetweennessSources;
    samples.map_or(BetweennessSources::All, |k| {
        BetweennessSources::Sample(k as usize)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
    enum Picture {
        Dot,
        Svg,
    }

    impl OutputFormat for Picture {
        const EXTENSIONS: &'static [(&'static str, Picture)] = &[
            ("dot", Picture::Dot),
            ("gv", Picture::Dot),
            ("svg", Picture::Svg),
        ];
        const DEFAULT: Picture = Picture::Dot;
        fn name(self) -> &'static str {
            match self {
                Picture::Dot => "dot",
                Picture::Svg => "svg",
            }
        }
    }

    #[test]
    fn the_output_help_lists_each_formats_extensions_together() {
        assert_eq!(
            output_help::<Picture>(),
            "Write to PATH (atomically); the format follows its extension (.dot/.gv, .svg). \
             Without it, the output goes to stdout"
        );
        assert_eq!(
            format_help::<Picture>(),
            "Output format [default: from the -o extension, else dot]"
        );
    }

    #[test]
    fn the_extension_and_format_agree_or_fail() {
        let output = |path: Option<&str>, format| Output::<Picture> {
            output: path.map(PathBuf::from),
            format,
        };
        assert_eq!(output(None, None).format().unwrap(), Picture::Dot);
        assert_eq!(output(Some("a.GV"), None).format().unwrap(), Picture::Dot);
        assert_eq!(
            output(Some("a.x"), Some(Picture::Svg)).format().unwrap(),
            Picture::Svg
        );
        assert!(output(Some("a.svg"), Some(Picture::Dot)).format().is_err());
        assert!(output(Some("a.x"), None).format().is_err());
    }
}
