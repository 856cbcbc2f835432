//! Hostile input: `detente check` rejects each with a clear error and exit code 2, never a panic
//! or a hang. (How fast each is rejected is measured by `bench/load-hostile.sh`, not here.)

use std::path::PathBuf;

use crate::support::detente;

/// Writes `bytes` to a file named `name` in a fresh temporary directory.
fn file(name: &str, bytes: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("the file is written");
    (dir, path)
}

/// Checks that `detente check` rejects the file with exit code 2 and the error line `expected`
/// (after `error: FILE`), and that nothing panicked.
#[track_caller]
fn rejects(name: &str, bytes: impl AsRef<[u8]>, expected: &str) {
    let (_dir, path) = file(name, bytes);
    let out = detente(["check"]).arg(&path).run();
    out.code(2);
    let first = out.stderr.lines().next().unwrap_or_default();
    let expected = format!("error: {}{expected}", path.display());
    assert_eq!(first, expected, "\nfull stderr:\n{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut text =
        String::from("detente: 1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    rejects(
        "bomb.yaml",
        text,
        ":7:20: the file expands to more values than its size allows (an alias bomb?)",
    );
}

#[test]
fn deep_nesting_of_brackets_is_refused() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    rejects(
        "deep.yaml",
        text,
        ":1:256: the file is nested too deeply to be a graph file",
    );
    let text = format!("{}1{}", "{a: ".repeat(100_000), "}".repeat(100_000));
    rejects(
        "deep.yaml",
        text,
        ":1:1021: the file is nested too deeply to be a graph file",
    );
    let text = format!(
        "detente: 1\nactors: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    rejects(
        "deep.yaml",
        text,
        ":2:264: the file is nested too deeply to be a graph file",
    );
}

#[test]
fn deep_nesting_of_block_maps_is_refused() {
    let text: String = (0..3000)
        .map(|i| format!("{}a:\n", "  ".repeat(i)))
        .collect();
    rejects(
        "deep.yaml",
        text,
        ":65:129: the file is nested too deeply to be a graph file",
    );
}

#[test]
fn deep_nesting_in_json_is_refused() {
    let text = format!(
        "{{\"detente\": 1, \"actors\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    rejects(
        "deep.json",
        text,
        // Too deep to be read again as YAML for its position, but reported all the same.
        ": `actors` must be a map, found a list",
    );
}

#[test]
fn a_20_mb_scalar_is_reported_cut_short() {
    let text = format!("detente: \"{}\"\n", "x".repeat(20_000_000));
    rejects(
        "big.yaml",
        text,
        ":1:10: `detente` must be a format version (`1` or `1.1`), found `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`",
    );
    rejects(
        "big.yaml",
        "x".repeat(20_000_000),
        ":1:1: a graph file must be a map, found `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`",
    );
}

#[test]
fn binary_junk_is_not_text() {
    // A fixed pseudo-random sequence (a linear congruential generator), so the test is stable.
    let mut x: u32 = 12345;
    let junk: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8 | 0x80
        })
        .collect();
    rejects(
        "junk.yaml",
        junk,
        ":1:3: the file is not UTF-8 text (invalid byte at offset 5)",
    );
    rejects(
        "utf16.yaml",
        [0xff, 0xfe, b'd', 0],
        ":1:1: the file is not UTF-8 text (invalid byte at offset 0)",
    );
    let controls: Vec<u8> = (1..32).cycle().take(31_000).collect();
    rejects(
        "controls.yaml",
        controls,
        ":1:1: invalid YAML: unexpected character: `\\u{1}'",
    );
}

#[test]
fn empty_and_blank_files_are_refused() {
    rejects("empty.yaml", "", ": the file is empty");
    rejects("blank.yaml", "  \n\n\t\n", ": the file is empty");
    rejects("empty.json", "", ": the file is empty");
    rejects(
        "comment.yaml",
        "# nothing else\n",
        ":2:1: a graph file must be a map, found nothing",
    );
}

#[test]
fn a_truncated_file_is_a_syntax_error() {
    let valid = std::fs::read_to_string("tests/fixtures/minimal.yaml").expect("the fixture");
    rejects(
        "truncated.yaml",
        &valid[..valid.len() / 2],
        ":10:9: invalid YAML: unclosed bracket '{'",
    );
    rejects(
        "truncated.json",
        "{\"detente\": 1, \"actors\": {\"A\": {\"name\"",
        ":1:38: invalid JSON: EOF while parsing an object",
    );
}

#[test]
fn a_list_where_a_map_belongs() {
    rejects(
        "list.yaml",
        "- detente: 1\n",
        ":1:1: a graph file must be a map, found a list",
    );
    rejects(
        "list.yaml",
        "detente: 1\nactors: [USA, BLR]\n",
        ":2:9: `actors` must be a map, found a list",
    );
    rejects(
        "list.json",
        "[1, 2]",
        ":1:1: a graph file must be a map, found a list",
    );
}

#[test]
fn nul_bytes_are_refused_and_never_printed() {
    let (_dir, path) = file("nul.yaml", "detente: 1\0\nactors: {}\n");
    let out = detente(["check"]).arg(&path).run();
    out.code(2).stderr_has("invalid YAML: unexpected character");
    assert!(!out.stderr.contains('\0'), "a NUL reached the terminal");
}

#[test]
fn huge_numbers_are_out_of_range() {
    let text = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
                relations:\n  - between: [A, B]\n    series: [{date: 2019, weight: 1e400}]\n";
    rejects(
        "huge.yaml",
        text,
        ":7:35: weight inf is outside the scale [-1, 1]",
    );
    rejects(
        "huge.yaml",
        "detente: 99999999999999999999\n",
        ":1:10: `detente` must be a format version (`1` or `1.1`), found `100000000000000000000`",
    );
}

#[test]
fn a_utf8_bom_is_accepted_in_json_too() {
    let (_dir, path) = file("bom.json", "\u{feff}{\"detente\": 1}");
    detente(["check"])
        .arg(&path)
        .run()
        .ok()
        .stdout_has(": ok (0 actors, 0 relations, 0 points, 0 events, 0 sources)");
}

#[test]
fn a_utf8_bom_is_accepted() {
    let valid = std::fs::read_to_string("tests/fixtures/minimal.yaml").expect("the fixture");
    let (_dir, path) = file("bom.yaml", format!("\u{feff}{valid}"));
    detente(["check"])
        .arg(&path)
        .run()
        .ok()
        .stdout_has(": ok (3 actors, 1 relations, 3 points, 0 events, 0 sources)");
}
