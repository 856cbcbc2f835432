//! The YAML parser's settings and errors, shared by graph and scenario files.

use super::diagnostic::{Diagnostic, Position};

/// Parser options whose budgets grow with the input, so that a legitimate large file loads while
/// hostile input (alias bombs, deep nesting) is still rejected quickly.
pub(crate) fn yaml_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = Some(len.saturating_add(1024));
    budget.max_events = budget.max_events.max(len);
    budget.max_nodes = budget.max_nodes.max(len / 2);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    // Repeated keys reach our own map readers, which report every one of them with both
    // positions instead of stopping at the first.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    // YAML 1.1 merge keys (`<<: *base`) are not part of the format: they reach the map readers
    // as ordinary keys and are reported as unknown fields. Expanding them would also make the
    // parser remember every key of every map, which costs a fifth of the reading time.
    options.merge_keys = serde_saphyr::MergeKeyPolicy::AsOrdinary;
    // A weight of `1e999` reaches the validator as infinity and is reported as out of scale.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    // The format is YAML 1.2: only `true` and `false` are booleans. YAML 1.1's `yes`, `no`,
    // `on`, `off`, `y` and `n` stay text, so that `NO: {name: Norway}` is Norway's id and
    // `kind: Off` is a kind, never `false`.
    options.strict_booleans = true;
    // Dates are read as the text they are written as (`Shape::SPELLED`), and `date:` left empty
    // is reported as a missing value rather than stopping the parser.
    options.null_as_string = true;
    options
}

/// A parser error (YAML syntax, budgets) as a diagnostic, in plain words.
pub(crate) fn yaml_error(e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::MessageFormatter;
    let position = e.location().and_then(Position::from_location);
    let message = serde_saphyr::UserMessageFormatter.format_message(e);
    // The formatter's text quotes the input in part; keep it on one line, printable.
    let message: String = message
        .lines()
        .next()
        .unwrap_or("unreadable")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let too_deep = || {
        Diagnostic::new(position, "the file is nested too deeply to be a graph file").with_help(
            "a graph file needs only a few levels of nesting; check for unbalanced brackets",
        )
    };
    // Budget breaches may come wrapped (in alias or snippet errors); their text names the limit.
    let budget =
        matches!(e, serde_saphyr::Error::Budget { .. }) || message.contains("limits breached");
    if budget && message.contains("Depth") || message.contains("recursion limit") {
        too_deep()
    } else if budget {
        Diagnostic::new(
            position,
            "the file expands to more values than its size allows (an alias bomb?)",
        )
        .with_help("write values out instead of repeating them through aliases (`*name`)")
    } else {
        Diagnostic::new(position, format!("invalid YAML: {message}"))
            .with_help("fix the YAML syntax here; see docs/format.md for the format")
    }
}
