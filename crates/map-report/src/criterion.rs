//! criterion's figures, accepted only from the `cargo bench` run that
//! produced this report.
//!
//! `target/criterion` keeps every estimate any earlier `cargo bench` left
//! behind, from any commit. So the bench binary writes a run manifest
//! ([`BenchRun`]) before its first group and hands it to the report; the
//! report reads an estimate only if the manifest is this run's, its commit
//! is the commit being measured, and the estimate was written after the
//! manifest. Anything else is ignored, and the report says so.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use map_bench::records::Op;
use serde::{Deserialize, Serialize};

/// The file the bench writes into the criterion directory.
pub const MANIFEST_FILE: &str = "map-report-run.json";

/// One `cargo bench` run, as its manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchRun {
    /// Unique to the run: start time and process id.
    pub run_id: String,
    /// The commit benchmarked, as `git rev-parse --short=12`.
    pub commit: String,
    /// Whether the tree was dirty.
    pub dirty: bool,
    /// When the bench started, in seconds since the Unix epoch.
    pub started_unix: u64,
}

impl BenchRun {
    /// A manifest for a run starting now in `workspace`.
    pub fn start(workspace: &Path) -> Self {
        let (commit, dirty) = crate::meta::git_commit(workspace);
        let started_unix = crate::meta::now_unix();
        Self {
            run_id: format!("{started_unix}-{}", std::process::id()),
            commit,
            dirty,
            started_unix,
        }
    }

    /// Writes the manifest into `dir` (criterion's output directory).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(MANIFEST_FILE), text)
    }
}

/// One criterion estimate, per operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionFigure {
    /// Registry name.
    pub strategy: String,
    /// Value type name.
    pub value: String,
    /// Keys.
    pub n: u64,
    /// The operation.
    pub op: Op,
    /// Mean ns per operation.
    pub mean_ns: f64,
    /// criterion's confidence interval of the mean, ns per operation.
    pub interval_ns: (f64, f64),
}

/// Whether this report uses criterion's figures, and why (not).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CriterionStatus {
    /// The run they come from, if used.
    pub run: Option<BenchRun>,
    /// What the report says about them.
    pub note: String,
    /// The figures, if used.
    pub figures: Vec<CriterionFigure>,
}

/// Where `cargo bench` leaves criterion's results.
pub fn criterion_dir(workspace: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"))
        .join("criterion")
}

/// Decides which criterion figures this report may use: those of `run`
/// (the bench run that called the report, if any) when it benchmarked
/// `commit`, read from `dir`.
pub fn status(
    dir: &Path,
    run: Option<&BenchRun>,
    commit: &str,
    strategies: &[&str],
) -> CriterionStatus {
    let on_disk: Option<BenchRun> = std::fs::read_to_string(dir.join(MANIFEST_FILE))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    let Some(run) = run else {
        let stale = count_estimates(dir);
        let note = if stale == 0 {
            "none: criterion figures are shown only when `cargo bench` produced this report"
                .to_string()
        } else {
            format!(
                "ignored: `{}` holds {stale} criterion estimates from {}; only a `cargo bench` run \
                 that produces the report itself is used",
                dir.display(),
                on_disk.map_or_else(
                    || "earlier runs".to_string(),
                    |r| format!("an earlier `cargo bench` (commit `{}`)", r.commit)
                )
            )
        };
        return CriterionStatus {
            run: None,
            note,
            figures: Vec::new(),
        };
    };
    if on_disk.as_ref() != Some(run) {
        return CriterionStatus {
            run: None,
            note: format!(
                "ignored: the manifest in `{}` is not this bench run's ({})",
                dir.display(),
                run.run_id
            ),
            figures: Vec::new(),
        };
    }
    if run.commit != commit {
        return CriterionStatus {
            run: None,
            note: format!(
                "ignored: the bench ran commit `{}`, the report measured `{commit}`",
                run.commit
            ),
            figures: Vec::new(),
        };
    }
    let figures = read_estimates(dir, run.started_unix, strategies);
    CriterionStatus {
        note: format!(
            "used: {} estimates from this `cargo bench` run ({}, commit `{}`)",
            figures.len(),
            run.run_id,
            run.commit
        ),
        run: Some(run.clone()),
        figures,
    }
}

#[derive(Deserialize)]
struct BenchmarkId {
    group_id: String,
    function_id: Option<String>,
}

#[derive(Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Option<Interval>,
}

#[derive(Deserialize)]
struct Estimates {
    mean: Estimate,
}

/// Every `new/estimates.json` under `dir`.
fn estimate_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(groups) = std::fs::read_dir(dir) else {
        return found;
    };
    for group in groups.flatten() {
        let Ok(functions) = std::fs::read_dir(group.path()) else {
            continue;
        };
        for function in functions.flatten() {
            let new = function.path().join("new");
            if new.join("estimates.json").exists() {
                found.push(new);
            }
        }
    }
    found
}

fn count_estimates(dir: &Path) -> usize {
    estimate_dirs(dir).len()
}

/// Reads the throughput bench's estimates written at or after `since`
/// (`benches/throughput.rs` names its groups `op/value/n`, one function
/// per map).
pub fn read_estimates(dir: &Path, since: u64, strategies: &[&str]) -> Vec<CriterionFigure> {
    let mut figures = Vec::new();
    for new in estimate_dirs(dir) {
        let estimates_path = new.join("estimates.json");
        let written = std::fs::metadata(&estimates_path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        if written < since {
            continue;
        }
        let read = |file: &str| std::fs::read_to_string(new.join(file)).ok();
        let (Some(id), Some(estimates)) = (read("benchmark.json"), read("estimates.json")) else {
            continue;
        };
        let (Ok(id), Ok(estimates)) = (
            serde_json::from_str::<BenchmarkId>(&id),
            serde_json::from_str::<Estimates>(&estimates),
        ) else {
            continue;
        };
        if let Some(figure) = figure(&id, &estimates, strategies) {
            figures.push(figure);
        }
    }
    figures.sort_by(|a, b| {
        (a.value.as_str(), a.n, a.op.label(), a.strategy.as_str()).cmp(&(
            b.value.as_str(),
            b.n,
            b.op.label(),
            b.strategy.as_str(),
        ))
    });
    figures
}

fn figure(id: &BenchmarkId, estimates: &Estimates, strategies: &[&str]) -> Option<CriterionFigure> {
    let strategy = id.function_id.as_ref()?;
    if !strategies.contains(&strategy.as_str()) {
        return None;
    }
    let mut parts = id.group_id.splitn(3, '/');
    let op: Op =
        serde_json::from_value(serde_json::Value::String(parts.next()?.to_string())).ok()?;
    let value = parts.next()?.to_string();
    let n: u64 = parts.next()?.parse().ok()?;
    // A churn iteration slides the window out and back: 2n operations.
    let ops = if op == Op::Churn { 2 * n } else { n } as f64;
    let mean = estimates.mean.point_estimate / ops;
    let interval = estimates
        .mean
        .confidence_interval
        .as_ref()
        .map_or((mean, mean), |ci| {
            (ci.lower_bound / ops, ci.upper_bound / ops)
        });
    Some(CriterionFigure {
        strategy: strategy.clone(),
        value,
        n,
        op,
        mean_ns: mean,
        interval_ns: interval,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_estimate(dir: &Path, group: &str, function: &str, mean: f64) {
        let new = dir.join(group.replace('/', "_")).join(function).join("new");
        std::fs::create_dir_all(&new).expect("temp dir");
        std::fs::write(
            new.join("benchmark.json"),
            format!(r#"{{"group_id":"{group}","function_id":"{function}","value_str":null}}"#),
        )
        .expect("write");
        std::fs::write(
            new.join("estimates.json"),
            format!(
                r#"{{"mean":{{"point_estimate":{mean},"confidence_interval":{{"lower_bound":{},"upper_bound":{},"confidence_level":0.95}}}}}}"#,
                mean * 0.9,
                mean * 1.1
            ),
        )
        .expect("write");
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("map-report-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        dir
    }

    #[test]
    fn uses_only_this_runs_estimates_of_this_commit() {
        let dir = temp("criterion-run");
        write_estimate(&dir, "get_hit/u64/1000", "hashbrown", 25_000.0);
        write_estimate(&dir, "get_hit/u64/1000", "unregistered", 1.0);
        let run = BenchRun {
            run_id: "1-2".into(),
            commit: "abc".into(),
            dirty: false,
            started_unix: 0,
        };
        run.write(&dir).expect("manifest");

        let used = status(&dir, Some(&run), "abc", &["hashbrown"]);
        assert_eq!(used.figures.len(), 1, "{}", used.note);
        let f = &used.figures[0];
        assert_eq!((f.op, f.value.as_str(), f.n), (Op::GetHit, "u64", 1000));
        assert!((f.mean_ns - 25.0).abs() < 1e-9);
        assert!((f.interval_ns.0 - 22.5).abs() < 1e-9);

        // Another commit, another run, or no bench run at all: ignored.
        let other_commit = status(&dir, Some(&run), "def", &["hashbrown"]);
        assert!(other_commit.figures.is_empty() && other_commit.note.starts_with("ignored"));
        let other_run = BenchRun {
            run_id: "9-9".into(),
            ..run.clone()
        };
        let stale = status(&dir, Some(&other_run), "abc", &["hashbrown"]);
        assert!(stale.figures.is_empty() && stale.note.starts_with("ignored"));
        let standalone = status(&dir, None, "abc", &["hashbrown"]);
        assert!(standalone.figures.is_empty());
        assert!(
            standalone.note.contains("2 criterion estimates"),
            "{}",
            standalone.note
        );

        // Estimates older than the run's start are an earlier run's.
        let later = BenchRun {
            started_unix: u64::MAX,
            ..run
        };
        later.write(&dir).expect("manifest");
        assert!(
            status(&dir, Some(&later), "abc", &["hashbrown"])
                .figures
                .is_empty()
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_missing_directory_is_not_an_error() {
        let status = status(Path::new("/nonexistent/criterion"), None, "abc", &[]);
        assert!(status.figures.is_empty() && status.note.starts_with("none"));
    }
}
