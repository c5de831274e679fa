//! The real Go runtime: `scripts/go-reference` under every Go toolchain
//! the run was given or could find.

use std::path::{Path, PathBuf};
use std::process::Command;

use map_bench::records::Record;
use map_bench::reference::GoMapImpl;

use crate::results::GoRun;

/// `go` on PATH and Debian's versioned toolchains (`golang-go` installs
/// Go 1.19 as /usr/lib/go-1.19/bin/go), without duplicates.
pub fn discover() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("PATH")
        && let Some(go) = std::env::split_paths(&path)
            .map(|dir| dir.join("go"))
            .find(|candidate| candidate.is_file())
    {
        found.push(go);
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib") {
        let mut debian: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("go-"))
            .map(|e| e.path().join("bin/go"))
            .filter(|go| go.is_file())
            .collect();
        debian.sort();
        found.extend(debian);
    }
    // The same toolchain can be on PATH and in /usr/lib; keep one of each
    // version.
    let mut versions = Vec::new();
    found.retain(|go| match version_of(go) {
        Some(version) if !versions.contains(&version) => {
            versions.push(version);
            true
        }
        _ => false,
    });
    found
}

/// `go version`'s version word, such as `go1.27.3`.
pub fn version_of(go: &Path) -> Option<String> {
    let output = Command::new(go)
        .arg("version")
        .env("GOTOOLCHAIN", "local")
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .nth(2)
        .map(str::to_string)
}

/// Runs the reference program under `go`: the seed experiment at `seed_n`
/// and `rounds` rounds of the throughput workload at `throughput_n`.
pub fn run(go: &Path, seed_n: usize, throughput_n: usize, rounds: usize) -> GoRun {
    let binary = go.display().to_string();
    let Some(version) = version_of(go) else {
        return GoRun {
            binary,
            version: "unknown".into(),
            implementation: None,
            error: Some(format!("`{} version` failed", go.display())),
            records: Vec::new(),
        };
    };
    let goexperiment = Command::new(go)
        .args(["env", "GOEXPERIMENT"])
        .env("GOTOOLCHAIN", "local")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let implementation = GoMapImpl::of_version(&version, &goexperiment);
    let mut run = GoRun {
        binary,
        version,
        implementation,
        error: None,
        records: Vec::new(),
    };
    let program = crate::plan::workspace_root().join("scripts/go-reference");
    if !program.join("main.go").exists() {
        run.error = Some(format!("{} is missing", program.display()));
        return run;
    }
    let modes = [
        vec![
            "-mode".to_string(),
            "seed".into(),
            "-n".into(),
            seed_n.to_string(),
        ],
        vec![
            "-mode".to_string(),
            "throughput".into(),
            "-n".into(),
            throughput_n.to_string(),
            "-rounds".into(),
            rounds.to_string(),
        ],
    ];
    for args in modes {
        // The toolchain's own directory first on PATH, so that anything
        // `go run` starts is the same toolchain.
        let mut path = go
            .parent()
            .map(Path::to_path_buf)
            .into_iter()
            .collect::<Vec<_>>();
        if let Some(existing) = std::env::var_os("PATH") {
            path.extend(std::env::split_paths(&existing));
        }
        let output = Command::new(go)
            .arg("run")
            .arg(".")
            .args(&args)
            .current_dir(&program)
            .env("GOFLAGS", "-mod=mod")
            .env("GOTOOLCHAIN", "local")
            .env("PATH", std::env::join_paths(path).unwrap_or_default())
            .output();
        let output = match output {
            Ok(output) if output.status.success() => output,
            Ok(output) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                run.error = Some(format!("go run . {}: {}", args.join(" "), stderr.trim()));
                return run;
            }
            Err(err) => {
                run.error = Some(format!("go run: {err}"));
                return run;
            }
        };
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            if let Ok(record) = serde_json::from_str::<Record>(line) {
                run.records.push(normalise(record, &run.version));
            }
        }
    }
    run
}

/// Gives Go's records the Rust value names they correspond to and the
/// toolchain's version as their strategy, so they line up with the Rust
/// maps in the tables.
pub fn normalise(record: Record, version: &str) -> Record {
    let rename = |value: &str| match value {
        "uint64" | "int" => "u64".to_string(),
        "[128]byte" => "[u8; 128]".to_string(),
        "*[128]byte" => "Box<[u8; 128]>".to_string(),
        "[256]byte" => "[u8; 256]".to_string(),
        other => other.to_string(),
    };
    match record {
        Record::Seed(mut r) => {
            r.value = rename(&r.value);
            r.strategy = version.to_string();
            Record::Seed(r)
        }
        Record::Throughput(mut r) => {
            r.value = rename(&r.value);
            r.strategy = version.to_string();
            Record::Throughput(r)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_values_get_rust_names_and_the_version() {
        let record: Record = serde_json::from_str(
            r#"{"workload":"throughput","strategy":"go","value":"uint64","n":10,"round":0,
                "ns":{"insert":1,"get_hit":1,"get_miss":1,"iterate":1,"remove":1,"churn":1},"source":"go_runtime"}"#,
        )
        .expect("parse");
        assert!(
            matches!(normalise(record, "go1.19.8"), Record::Throughput(r) if r.value == "u64" && r.strategy == "go1.19.8")
        );
    }
}
