//! Gathering results: the cases in child processes, criterion's figures
//! from a `cargo bench` run, and the real Go runtime when it is installed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use indicatif::{ProgressBar, ProgressStyle};
use map_bench::child::run_in_child;
use map_bench::records::{Op, Record, ThroughputRecord, TimingSource};
use serde::Deserialize;

use crate::meta::Meta;
use crate::plan::{self, Plan};
use crate::results::{Failure, GoStatus, Results};

/// Runs every planned case, then adds criterion's and Go's figures.
pub fn collect(plan: &Plan) -> Results {
    let meta = Meta::collect(&plan::workspace_root());
    let cases = plan.cases();
    let bar = ProgressBar::new(cases.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("[{elapsed_precise}] {bar:32.cyan/blue} {pos}/{len} {msg}")
            .expect("a valid progress template"),
    );
    let mut records = Vec::new();
    let mut failures = Vec::new();
    let data_dir = plan.out_dir.join("data");
    // Throughput cases run once per pass; each pass keeps its own file.
    let mut runs: HashMap<(String, String), usize> = HashMap::new();
    for case in &cases {
        let label = plan::label(case);
        bar.set_message(format!("{}: {label}", case.strategy));
        let run = runs
            .entry((case.strategy.clone(), label.clone()))
            .and_modify(|k| *k += 1)
            .or_insert(1);
        let file_label = match *run {
            1 => label.clone(),
            k => format!("{label} pass {k}"),
        };
        match run_in_child(case) {
            Ok(found) => {
                // Raw records as each case finishes, so an interrupted run
                // still leaves what it measured.
                if let Err(err) = save_case(&data_dir, &case.strategy, &file_label, &found) {
                    bar.println(format!(
                        "warning: could not save {label} for {}: {err}",
                        case.strategy
                    ));
                }
                records.extend(found);
            }
            Err(err) => failures.push(Failure {
                strategy: case.strategy.clone(),
                case: label,
                error: err.to_string(),
            }),
        }
        bar.inc(1);
    }
    let names: Vec<String> = plan
        .strategies
        .iter()
        .map(|info| info.name.to_string())
        .collect();
    records.extend(
        criterion_records(&criterion_dir(), &names)
            .into_iter()
            .map(Record::Throughput),
    );
    let go = if plan.go {
        bar.set_message("real Go runtime");
        run_go(plan, &mut records)
    } else {
        GoStatus::Skipped
    };
    bar.finish_and_clear();
    Results {
        meta,
        sizes: plan.sizes.clone(),
        strategies: names,
        records,
        failures,
        go,
    }
}

/// Writes one case's records as JSON lines to `data/<map>--<case>.jsonl`.
fn save_case(dir: &Path, strategy: &str, label: &str, records: &[Record]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let slug: String = format!("{strategy}--{label}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let lines: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(r).map_err(std::io::Error::other))
        .collect::<Result<_, _>>()?;
    std::fs::write(dir.join(format!("{slug}.jsonl")), lines.join("\n") + "\n")
}

/// Where `cargo bench` leaves criterion's results.
fn criterion_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| plan::workspace_root().join("target"))
        .join("criterion")
}

#[derive(Deserialize)]
struct BenchmarkId {
    group_id: String,
    function_id: Option<String>,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

#[derive(Deserialize)]
struct Estimates {
    mean: Estimate,
}

/// Reads the throughput bench's results (`benches/throughput.rs`), whose
/// groups are named `op/value/n` with one function per map. A missing or
/// unreadable directory yields nothing: the harness's figures stand.
pub fn criterion_records(dir: &Path, strategies: &[String]) -> Vec<ThroughputRecord> {
    let mut records = Vec::new();
    let Ok(groups) = std::fs::read_dir(dir) else {
        return records;
    };
    for group in groups.flatten() {
        let Ok(functions) = std::fs::read_dir(group.path()) else {
            continue;
        };
        for function in functions.flatten() {
            let new = function.path().join("new");
            let read = |file: &str| std::fs::read_to_string(new.join(file)).ok();
            let (Some(id), Some(estimates)) = (read("benchmark.json"), read("estimates.json"))
            else {
                continue;
            };
            let (Ok(id), Ok(estimates)) = (
                serde_json::from_str::<BenchmarkId>(&id),
                serde_json::from_str::<Estimates>(&estimates),
            ) else {
                continue;
            };
            if let Some(record) = criterion_record(&id, &estimates, strategies) {
                records.push(record);
            }
        }
    }
    records
}

fn criterion_record(
    id: &BenchmarkId,
    estimates: &Estimates,
    strategies: &[String],
) -> Option<ThroughputRecord> {
    let strategy = id.function_id.as_ref()?;
    if !strategies.contains(strategy) {
        return None;
    }
    let mut parts = id.group_id.splitn(3, '/');
    let op: Op =
        serde_json::from_value(serde_json::Value::String(parts.next()?.to_string())).ok()?;
    let value = parts.next()?.to_string();
    let n: u64 = parts.next()?.parse().ok()?;
    // A churn iteration slides the window out and back: 2n operations.
    let ops_per_iteration = if op == Op::Churn { 2 * n } else { n };
    Some(ThroughputRecord {
        strategy: strategy.clone(),
        value,
        n,
        op,
        ns_per_op: estimates.mean.point_estimate / ops_per_iteration as f64,
        source: TimingSource::Criterion,
    })
}

/// Runs `scripts/go-reference` on the real Go runtime, if `go` is
/// installed, adding its records.
fn run_go(plan: &Plan, records: &mut Vec<Record>) -> GoStatus {
    let program = plan::workspace_root().join("scripts/go-reference");
    let version = match Command::new("go").arg("version").output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => return GoStatus::NotFound,
    };
    if !program.join("main.go").exists() {
        return GoStatus::Failed(format!("{} is missing", program.display()));
    }
    let runs = [
        vec![
            "-mode".to_string(),
            "seed".to_string(),
            "-n".to_string(),
            plan.sizes.seed_n.to_string(),
        ],
        vec![
            "-mode".to_string(),
            "throughput".to_string(),
            "-n".to_string(),
            plan.sizes.throughput_n.to_string(),
        ],
    ];
    for args in runs {
        let output = Command::new("go")
            .arg("run")
            .arg(".")
            .args(&args)
            .current_dir(&program)
            .env("GOFLAGS", "-mod=mod")
            .env("GOTOOLCHAIN", "local")
            .output();
        let output = match output {
            Ok(output) if output.status.success() => output,
            Ok(output) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                return GoStatus::Failed(format!("go run {}: {}", args.join(" "), stderr.trim()));
            }
            Err(err) => return GoStatus::Failed(format!("go run: {err}")),
        };
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            if let Ok(record) = serde_json::from_str::<Record>(line) {
                records.push(normalise_go(record));
            }
        }
    }
    GoStatus::Measured(version)
}

/// Gives Go's records the Rust value names they correspond to, so they
/// line up with the Rust maps in the tables.
fn normalise_go(record: Record) -> Record {
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
            Record::Seed(r)
        }
        Record::Throughput(mut r) => {
            r.value = rename(&r.value);
            Record::Throughput(r)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_estimates() {
        let dir = std::env::temp_dir().join(format!("map-report-criterion-{}", std::process::id()));
        let new = dir.join("get_hit_u64_1000/hashbrown/new");
        std::fs::create_dir_all(&new).expect("temp dir");
        std::fs::write(
            new.join("benchmark.json"),
            r#"{"group_id":"get_hit/u64/1000","function_id":"hashbrown","value_str":null}"#,
        )
        .expect("write");
        std::fs::write(
            new.join("estimates.json"),
            r#"{"mean":{"point_estimate":25000.0}}"#,
        )
        .expect("write");
        let other = dir.join("get_hit_u64_1000/unregistered/new");
        std::fs::create_dir_all(&other).expect("temp dir");
        std::fs::write(
            other.join("benchmark.json"),
            r#"{"group_id":"get_hit/u64/1000","function_id":"unregistered"}"#,
        )
        .expect("write");
        std::fs::write(
            other.join("estimates.json"),
            r#"{"mean":{"point_estimate":1.0}}"#,
        )
        .expect("write");

        let records = criterion_records(&dir, &["hashbrown".to_string()]);
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(
            (r.op, r.value.as_str(), r.n, r.source),
            (Op::GetHit, "u64", 1000, TimingSource::Criterion)
        );
        assert!((r.ns_per_op - 25.0).abs() < 1e-9);
    }

    #[test]
    fn missing_criterion_dir_is_not_an_error() {
        assert!(criterion_records(Path::new("/nonexistent/criterion"), &[]).is_empty());
    }

    #[test]
    fn go_values_get_rust_names() {
        let record: Record = serde_json::from_str(
            r#"{"workload":"throughput","strategy":"go","value":"uint64","n":10,"op":"insert","ns_per_op":1.0}"#,
        )
        .expect("parse");
        assert!(matches!(normalise_go(record), Record::Throughput(r) if r.value == "u64"));
    }
}
