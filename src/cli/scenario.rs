//! `detente scenario new|add|apply|list`: create scenario files, append edits to them, write the
//! resulting graph, and list each edit with its effect.

use std::path::{Path, PathBuf};

use detente::load::{Diagnostic, Diagnostics, LoadError};
use detente::model::{
    Actor, ActorKind, Attribute, Date, Ends, Event, Id, Interpolation, Membership, Point,
    PointDetail, Post, Relation,
};
use detente::render::report::Origin;
use detente::render::report::scenario as view;
use detente::scenario::{
    self as scenario, Edit, Field, LoadedScenario, Provenance, ScenarioHeader, TieRef,
};

use super::common::{TextOrJson, load_graph, parse_date, print, write_atomically};
use super::lock::lock;
use super::output::{Sink, is_stdout};
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente scenario new what-if.yaml --base graphs/us-belarus.yaml --title 'Embassy reopens'
  detente scenario add what-if.yaml set --between USA BLR --kind diplomatic --date 2025-09 --weight 0.2
  detente scenario add what-if.yaml end --from pompeo --to lukashenko --kind contact --date 2021-01-20
  detente scenario list what-if.yaml
  detente scenario apply what-if.yaml -o what-if-graph.yaml
  detente show what-if.yaml --at 2025-10     (every command accepts a scenario in place of a graph)";

/// Create, edit, list and apply scenario files ("what if" edits on a base graph).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    New(NewArgs),
    Add(AddArgs),
    Apply(ApplyArgs),
    List(ListArgs),
}

/// Create a scenario file with no edits on a base graph (or scenario).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  detente scenario new what-if.yaml --base graphs/us-belarus.yaml --title 'Embassy reopens'"
)]
struct NewArgs {
    /// The scenario file to create.
    #[arg(value_name = "OUT.yaml")]
    out: PathBuf,
    /// The graph or scenario it edits; written relative to OUT's directory.
    #[arg(long, value_name = "FILE")]
    base: PathBuf,
    /// A one-line title.
    #[arg(long)]
    title: Option<String>,
    /// A longer description.
    #[arg(long)]
    description: Option<String>,
    /// What the scenario assumes, in free text.
    #[arg(long)]
    assumes: Option<String>,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    force: bool,
}

/// Append one edit to a scenario file, after checking it against the scenario's graph.
///
/// The file's existing text and comments are kept byte for byte; the edit is added as one
/// flow-style line at the end of `edits:`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente scenario add s.yaml set --between USA BLR --kind diplomatic --date 2025-09 --weight 0.2
  detente scenario add s.yaml shift --between USA BLR --kind diplomatic --date 2025-09 --delta -0.1
  detente scenario add s.yaml end --from pompeo --to lukashenko --kind contact --date 2021-01-20
  detente scenario add s.yaml add-actor --id coale --name 'John Coale' --kind person
  detente scenario add s.yaml remove-actor --id kellogg")]
struct AddArgs {
    /// The scenario file to add the edit to.
    #[arg(value_name = "SCENARIO.yaml")]
    file: PathBuf,
    #[command(subcommand)]
    edit: EditCommand,
}

/// Write the graph a scenario gives (its base with its edits applied) as a graph file.
///
/// With `-o`, also prints each edit's effect (what a removal took with it, for one).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  detente scenario apply what-if.yaml -o what-if-graph.yaml")]
struct ApplyArgs {
    /// The scenario file.
    #[arg(value_name = "SCENARIO.yaml")]
    file: PathBuf,
    /// Where to write the graph (`.json` for JSON, YAML otherwise); stdout (YAML) without it.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// Each edit of a scenario with its effect on the graph.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  detente scenario list graphs/scenarios/relief-track.yaml")]
struct ListArgs {
    /// The scenario file.
    #[arg(value_name = "SCENARIO.yaml")]
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

/// Which tie: `--between A B`, or `--from A --to B`; and its `--kind`.
#[derive(Debug, clap::Args)]
struct TieArgs {
    /// The two ends of a mutual tie.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with_all = ["from", "to"])]
    between: Option<Vec<Id>>,
    /// The source of a directed tie.
    #[arg(long, requires = "to")]
    from: Option<Id>,
    /// The target of a directed tie.
    #[arg(long, requires = "from")]
    to: Option<Id>,
    /// The relation's kind.
    #[arg(long, default_value = detente::model::DEFAULT_KIND)]
    kind: Id,
}

impl TieArgs {
    fn tie(&self) -> Result<TieRef, CliError> {
        let ends = match (&self.between, &self.from, &self.to) {
            (Some(pair), _, _) => match pair.as_slice() {
                [a, b] => Ends::Mutual(a.clone(), b.clone()),
                _ => return Err(CliError::msg("--between takes two actors")),
            },
            (None, Some(from), Some(to)) => Ends::Directed {
                from: from.clone(),
                to: to.clone(),
            },
            _ => {
                return Err(CliError::msg(
                    "say which tie: `--between A B` for a mutual tie, or `--from A --to B`",
                ));
            }
        };
        Ok(TieRef {
            ends,
            kind: self.kind.clone(),
        })
    }
}

/// What stands behind the new point.
#[derive(Debug, clap::Args)]
struct WhyArgs {
    /// A note on the new point.
    #[arg(long)]
    note: Option<String>,
    /// The event behind it (declared in the base or added by an earlier edit).
    #[arg(long)]
    event: Option<Id>,
    /// A source behind it (repeat for several).
    #[arg(long = "source", value_name = "ID")]
    sources: Vec<Id>,
    /// How sure the new weight is, from 0 to 1 (not on `end`).
    #[arg(long)]
    confidence: Option<f64>,
}

impl WhyArgs {
    fn provenance(&self) -> Provenance {
        Provenance {
            note: self.note.clone(),
            event: self.event.clone(),
            sources: self.sources.clone(),
            confidence: self.confidence,
        }
    }
}

/// An actor kind from the command line: a built-in or an open collective kind.
fn parse_kind(text: &str) -> Result<ActorKind, String> {
    ActorKind::parse(text).map_err(|e| {
        format!("{e}; kinds are state, organisation, person, or a collective kind such as `group`")
    })
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum InterpolationArg {
    Step,
    Linear,
}

/// One edit, with flags mirroring the scenario file's fields.
#[derive(Debug, clap::Subcommand)]
enum EditCommand {
    /// A tie's weight from a date (adds or replaces the point on that date).
    Set {
        #[command(flatten)]
        tie: TieArgs,
        /// From when.
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// The weight, in the graph's scale.
        #[arg(long, allow_negative_numbers = true)]
        weight: f64,
        #[command(flatten)]
        why: WhyArgs,
    },
    /// Add a delta to a tie's weight from a date on (clamped to the scale).
    Shift {
        #[command(flatten)]
        tie: TieArgs,
        /// From when.
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// What to add; negative to cool the tie.
        #[arg(long, allow_negative_numbers = true)]
        delta: f64,
        #[command(flatten)]
        why: WhyArgs,
    },
    /// End a tie on a date for good (later points are dropped).
    End {
        #[command(flatten)]
        tie: TieArgs,
        /// The first day without the tie.
        #[arg(long, value_parser = parse_date)]
        date: Date,
        #[command(flatten)]
        why: WhyArgs,
    },
    /// Add an actor.
    AddActor {
        /// Its id.
        #[arg(long)]
        id: Id,
        /// Its display name.
        #[arg(long)]
        name: String,
        /// What sort of actor: state, organisation, person, or any lower-case snake_case
        /// collective kind (group, party, armed_group...).
        #[arg(long, value_parser = parse_kind)]
        kind: ActorKind,
        /// A note.
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove an actor, its ties, the posts it holds or that are held in it, and its mentions in
    /// events.
    RemoveActor {
        /// Its id.
        #[arg(long)]
        id: Id,
    },
    /// Add a relation with its first point (add more with `set`).
    AddRelation {
        #[command(flatten)]
        tie: TieArgs,
        /// The date of its first point.
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// The weight from that date.
        #[arg(long, allow_negative_numbers = true)]
        weight: f64,
        /// How its weight behaves between points (the graph's by default).
        #[arg(long, value_enum)]
        interpolation: Option<InterpolationArg>,
        #[command(flatten)]
        why: WhyArgs,
    },
    /// Remove a relation and its series.
    RemoveRelation {
        #[command(flatten)]
        tie: TieArgs,
    },
    /// A person takes up a post.
    AddPost {
        /// The person.
        #[arg(long)]
        actor: Id,
        /// The post's title.
        #[arg(long)]
        title: String,
        /// The state or organisation it belongs to.
        #[arg(long)]
        of: Id,
        /// First day in office.
        #[arg(long, value_parser = parse_date)]
        from: Option<Date>,
        /// First day out of office.
        #[arg(long, value_parser = parse_date)]
        until: Option<Date>,
        /// Among the posts held on a date, this one places the person.
        #[arg(long)]
        primary: bool,
        /// A source that reports the post (a declared source id; repeat for more).
        #[arg(long = "source", value_name = "ID")]
        sources: Vec<Id>,
        /// A note on the post.
        #[arg(long)]
        note: Option<String>,
    },
    /// A collective becomes part of another (`part_of`) for a period.
    AddPartOf {
        /// The collective.
        #[arg(long)]
        actor: Id,
        /// The collective it becomes part of.
        #[arg(long)]
        of: Id,
        /// First day part of it.
        #[arg(long, value_parser = parse_date)]
        from: Option<Date>,
        /// First day no longer part of it.
        #[arg(long, value_parser = parse_date)]
        until: Option<Date>,
        /// A source that reports it (a declared source id; repeat for more).
        #[arg(long = "source", value_name = "ID")]
        sources: Vec<Id>,
        /// A note.
        #[arg(long)]
        note: Option<String>,
    },
    /// A collective stops being part of another on a date.
    EndPartOf {
        /// The collective.
        #[arg(long)]
        actor: Id,
        /// The collective it leaves.
        #[arg(long)]
        of: Id,
        /// The first day no longer part of it.
        #[arg(long, value_parser = parse_date)]
        date: Date,
    },
    /// Another name for an actor.
    AddAlias {
        /// The actor.
        #[arg(long)]
        actor: Id,
        /// The alias.
        #[arg(long)]
        alias: String,
    },
    /// Set a free attribute of an actor (text, a number, or true/false).
    SetAttribute {
        /// The actor.
        #[arg(long)]
        actor: Id,
        /// The attribute's name.
        #[arg(long)]
        name: String,
        /// Its value: `true`/`false` and numbers are read as such, anything else as text.
        #[arg(long)]
        value: String,
    },
    /// A person leaves the post they hold on a date.
    EndPost {
        /// The person.
        #[arg(long)]
        actor: Id,
        /// The first day out of office.
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// Which post, when they hold more than one then.
        #[arg(long)]
        title: Option<String>,
    },
    /// Add an event, which later edits may cite with `--event`.
    AddEvent {
        /// Its id.
        #[arg(long)]
        id: Id,
        /// When it happens.
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// A one-line description.
        #[arg(long)]
        title: String,
        /// An actor involved (repeat for several).
        #[arg(long = "actor", value_name = "ID")]
        actors: Vec<Id>,
        /// A source reporting it (repeat for several).
        #[arg(long = "source", value_name = "ID")]
        sources: Vec<Id>,
        /// A longer description.
        #[arg(long)]
        description: Option<String>,
    },
}

impl EditCommand {
    fn edit(self) -> Result<Edit, CliError> {
        Ok(match self {
            EditCommand::Set {
                tie,
                date,
                weight,
                why,
            } => Edit::Set {
                tie: tie.tie()?,
                date,
                weight,
                why: why.provenance(),
            },
            EditCommand::Shift {
                tie,
                date,
                delta,
                why,
            } => Edit::Shift {
                tie: tie.tie()?,
                date,
                delta,
                why: why.provenance(),
            },
            EditCommand::End { tie, date, why } => Edit::End {
                tie: tie.tie()?,
                date,
                why: why.provenance(),
            },
            EditCommand::AddActor {
                id,
                name,
                kind,
                note,
            } => Edit::AddActor(Actor {
                id,
                name,
                kind,
                posts: Vec::new(),
                note,
                aliases: Vec::new(),
                attributes: Default::default(),
                part_of: Vec::new(),
            }),
            EditCommand::RemoveActor { id } => Edit::RemoveActor { id },
            EditCommand::AddRelation {
                tie,
                date,
                weight,
                interpolation,
                why,
            } => {
                let tie = tie.tie()?;
                let why = why.provenance();
                Edit::AddRelation(Relation {
                    ends: tie.ends,
                    kind: tie.kind,
                    interpolation: interpolation.map(|i| match i {
                        InterpolationArg::Step => Interpolation::Step,
                        InterpolationArg::Linear => Interpolation::Linear,
                    }),
                    series: vec![Point::weight(date, weight).with(PointDetail {
                        note: why.note,
                        event: why.event,
                        sources: why.sources,
                        confidence: why.confidence,
                        ..PointDetail::default()
                    })],
                    note: None,
                })
            }
            EditCommand::RemoveRelation { tie } => Edit::RemoveRelation { tie: tie.tie()? },
            EditCommand::AddPost {
                actor,
                title,
                of,
                from,
                until,
                primary,
                sources,
                note,
            } => Edit::AddPost {
                actor,
                post: Post {
                    title,
                    of,
                    from,
                    until,
                    primary,
                    sources,
                    note,
                    ..Default::default()
                },
            },
            EditCommand::AddPartOf {
                actor,
                of,
                from,
                until,
                sources,
                note,
            } => Edit::AddPartOf {
                actor,
                membership: Membership {
                    of,
                    from,
                    until,
                    sources,
                    note,
                    ..Default::default()
                },
            },
            EditCommand::EndPartOf { actor, of, date } => Edit::EndPartOf { actor, of, date },
            EditCommand::AddAlias { actor, alias } => Edit::AddAlias { actor, alias },
            EditCommand::SetAttribute { actor, name, value } => Edit::SetAttribute {
                actor,
                name,
                value: match value.as_str() {
                    "true" => Attribute::Bool(true),
                    "false" => Attribute::Bool(false),
                    _ => match value.parse::<f64>() {
                        Ok(n) if n.is_finite() => Attribute::Number(n),
                        _ => Attribute::Text(value),
                    },
                },
            },
            EditCommand::EndPost { actor, date, title } => Edit::EndPost { actor, date, title },
            EditCommand::AddEvent {
                id,
                date,
                title,
                actors,
                sources,
                description,
            } => Edit::AddEvent {
                id,
                event: Event {
                    date,
                    title,
                    actors,
                    sources,
                    description,
                },
            },
        })
    }
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    match args.command {
        Command::New(args) => new(args),
        Command::Add(args) => add(args),
        Command::Apply(args) => apply(args),
        Command::List(args) => list(args),
    }
}

fn new(args: NewArgs) -> Result<ExitStatus, CliError> {
    if args.out.exists() && !args.force {
        return Err(CliError::msg(format!(
            "{} already exists; pass --force to overwrite it",
            args.out.display()
        )));
    }
    // The base must load now, so that a typo in --base shows here and not on first use.
    load_graph(&args.base)?;
    let sink = Sink::open(Some(&args.out), &[&args.base])?;
    let dir = match args.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = scenario::relative_path(&args.base, &dir);
    // Paths in the file use `/` on every platform.
    let base = base
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let text = scenario::new_scenario_yaml(&ScenarioHeader {
        title: args.title,
        description: args.description,
        assumes: args.assumes,
        base,
    })
    .map_err(CliError::msg)?;
    sink.write(text.as_bytes())?;
    Ok(ExitStatus::Success)
}

fn load_scenario(path: &Path) -> Result<LoadedScenario, CliError> {
    Ok(open_scenario(path)?.0)
}

/// A scenario file, opened with every file read (the scenario and its bases) and its sha256.
fn open_scenario(path: &Path) -> Result<(LoadedScenario, Vec<detente::InputFile>), CliError> {
    let name = path.display().to_string();
    let text = detente::load::read_input_text(path).map_err(|source| LoadError::Io {
        path: name.clone(),
        source,
    })?;
    if !scenario::is_scenario(&text) {
        return Err(CliError::msg(format!(
            "{name} is not a scenario file (it has no `detente-scenario: 1` line); \
             create one with `detente scenario new`"
        )));
    }
    let mut opened = detente::open_bytes(text.as_bytes(), &name)?;
    let inputs = std::mem::take(&mut opened.inputs);
    let loaded = opened
        .into_scenario()
        .ok_or_else(|| CliError::msg(format!("{name} is not a scenario file")))?;
    Ok((loaded, inputs))
}

fn add(args: AddArgs) -> Result<ExitStatus, CliError> {
    // Through a symlink, the file it names is edited: its `base:` resolves from that file's
    // directory, and the link stays a link.
    let file = detente::load::follow_links(&args.file)
        .map_err(|e| CliError::msg(format!("cannot read {}: {e}", args.file.display())))?;
    // Held from reading the file to writing it back, so that parallel adds take turns and each
    // reads the edits of the one before.
    let _lock = lock(&file)?;
    let loaded = load_scenario(&file)?;
    let mut edit = args.edit.edit()?;
    // An actor may be named by an alias on the command line; the file records its id.
    edit.resolve_actors(&loaded.outcome.graph);
    let outcome =
        scenario::apply(&loaded.outcome.graph, std::slice::from_ref(&edit)).map_err(|error| {
            // The edit comes from flags, so name the flag rather than a line of the file.
            let items = error
                .problems
                .iter()
                .map(|p| {
                    let mut d = Diagnostic::new(None, format!("{}{}", flag(p.field), p.message));
                    d.help = p.help.clone();
                    d
                })
                .collect();
            LoadError::Invalid(Diagnostics::new(
                &format!("{} (new {} edit)", args.file.display(), edit.name()),
                items,
                None,
            ))
        })?;
    let text = detente::load::read_input_text(&file).map_err(|source| LoadError::Io {
        path: args.file.display().to_string(),
        source,
    })?;
    let appended = scenario::append_edit(&text, &edit)
        .map_err(|e| CliError::msg(format!("{}: {e}", args.file.display())))?;
    write_atomically(&file, appended.as_bytes())?;
    let mut out = String::new();
    for effect in &outcome.effects {
        out.push_str(&format!(
            "added edit {}: {}\n",
            loaded.file.edits.len() + 1,
            view::effect_line(effect)
        ));
    }
    print(&out)?;
    Ok(ExitStatus::Success)
}

/// The flag a field of an edit comes from, as a message prefix.
fn flag(field: Field) -> String {
    let name = match field.name {
        "" => return String::new(),
        "sources" | "source" => "source",
        "actors" => "actor",
        other => other,
    };
    format!("--{}: ", name.replace('_', "-"))
}

fn apply(args: ApplyArgs) -> Result<ExitStatus, CliError> {
    let output = args.output.as_deref().filter(|path| !is_stdout(path));
    let sink = Sink::open(output, &[&args.file])?;
    let loaded = load_scenario(&args.file)?;
    let graph = &loaded.outcome.graph;
    match output {
        Some(path) => {
            let text = match detente::load::Syntax::of_path(path) {
                detente::load::Syntax::Json => detente::load::to_json(graph),
                detente::load::Syntax::Yaml => detente::load::to_yaml(graph),
            }
            .map_err(CliError::msg)?;
            sink.write(text.as_bytes())?;
            // Say what the edits did, removals above all, since the written file cannot show it.
            let mut out = format!(
                "wrote {} ({} edits applied to {})\n",
                path.display(),
                loaded.outcome.effects.len(),
                loaded.file.header.base
            );
            for (i, effect) in loaded.outcome.effects.iter().enumerate() {
                out.push_str(&format!("{}. {}\n", i + 1, view::effect_line(effect)));
            }
            print(&out)?;
        }
        None => sink.write(
            detente::load::to_yaml(graph)
                .map_err(CliError::msg)?
                .as_bytes(),
        )?,
    }
    Ok(ExitStatus::Success)
}

fn list(args: ListArgs) -> Result<ExitStatus, CliError> {
    let (loaded, inputs) = open_scenario(&args.file)?;
    let text = match args.format {
        TextOrJson::Text => view::text(&loaded),
        TextOrJson::Json => view::json(&loaded, &Origin::new(inputs)),
    };
    print(&text)?;
    Ok(ExitStatus::Success)
}
