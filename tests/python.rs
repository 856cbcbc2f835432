//! The Python bindings' tests: builds the extension module (`cargo build -p detente-python`, the
//! dev profile and this workspace's target directory, so the library compiled for these tests is
//! reused), lays it out as the `detente` package in a temporary directory, and runs
//! `python3 -m pytest python/tests` against the `detente` binary built for this test. Skipped
//! with a notice when python3 or pytest is missing, except under CI, which installs them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `python3` can import every module in `modules`.
fn python_has(modules: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds the extension module and returns the path of the shared library cargo wrote.
fn build_extension() -> PathBuf {
    let cargo = option_env!("CARGO").unwrap_or("cargo");
    let output = Command::new(cargo)
        .current_dir(root())
        .args([
            "build",
            "-p",
            "detente-python",
            "--message-format=json-render-diagnostics",
        ])
        // What maturin sets: an extension module does not link libpython (the interpreter that
        // loads it provides the symbols).
        .env("PYO3_BUILD_EXTENSION_MODULE", "1")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo build -p detente-python failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == "_detente")
        .flat_map(|message| message["filenames"].as_array().cloned().unwrap_or_default())
        .filter_map(|name| name.as_str().map(PathBuf::from))
        .find(|path| {
            path.extension()
                .is_some_and(|e| e == "so" || e == "dylib" || e == "dll")
        })
        .expect("cargo names the extension's shared library")
}

/// The `detente` package as Python imports it: the pure-Python files and the extension module.
fn lay_out_package(library: &Path, dir: &Path) {
    let package = dir.join("detente");
    std::fs::create_dir_all(&package).expect("a package directory");
    for file in ["__init__.py", "__init__.pyi", "py.typed"] {
        std::fs::copy(root().join("python/detente").join(file), package.join(file))
            .expect("the package's files copy");
    }
    let module = package.join(if cfg!(windows) {
        "_detente.pyd"
    } else {
        "_detente.abi3.so"
    });
    // A link, not a copy: the debug build is large.
    #[cfg(unix)]
    std::os::unix::fs::symlink(library, &module).expect("a link to the extension");
    #[cfg(not(unix))]
    std::fs::copy(library, &module).expect("a copy of the extension");
}

#[test]
fn the_python_package_passes_its_tests() {
    if !python_has("pytest") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs pytest (.ci/run); python3 or pytest is missing"
        );
        eprintln!("skipped: the Python tests need python3 with pytest");
        return;
    }
    let library = build_extension();
    let dir = tempfile::tempdir().expect("a temporary directory");
    lay_out_package(&library, dir.path());
    let status = Command::new("python3")
        .current_dir(root())
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "python/tests",
        ])
        .env("PYTHONPATH", dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("DETENTE_BIN", env!("CARGO_BIN_EXE_detente"))
        // The package always has the built-in renderer; the binary it is compared with may not.
        .env(
            "DETENTE_BIN_DRAWS",
            if cfg!(feature = "builtin-render") {
                "1"
            } else {
                "0"
            },
        )
        .status()
        .expect("python3 runs");
    assert!(status.success(), "pytest failed: {status}");
}
