//! The run manifest: which code ran where and when, and how.
//!
//! The report's header shows it; criterion's figures are accepted only
//! from a `cargo bench` run of the same commit (see `criterion.rs`).

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

/// Where, when and how the figures were measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The workspace's git commit (12 hex digits), or `unknown`.
    pub commit: String,
    /// Whether the work tree had uncommitted changes.
    pub dirty: bool,
    /// When the run started, as `YYYY-MM-DD HH:MM UTC`.
    pub date_utc: String,
    /// When the run started, in seconds since the Unix epoch.
    pub started_unix: u64,
    /// How long measuring took, in seconds.
    pub elapsed_secs: f64,
    /// The command line that produced the results.
    pub command: String,
    /// CPU model, from /proc/cpuinfo.
    pub cpu: String,
    /// Logical cores available to this process.
    pub cores: usize,
    /// Total memory in bytes, from /proc/meminfo.
    pub memory_bytes: Option<u64>,
    /// `rustc --version`.
    pub rustc: String,
    /// The 1-minute load average when the run started and when it ended:
    /// how busy the machine was.
    pub load: (Option<f64>, Option<f64>),
    /// Interleaved rounds of each timing workload.
    pub rounds: usize,
    /// Where each round of each map ran.
    pub isolation: String,
    /// Wall-clock seconds of each stage of the run, in order.
    #[serde(default)]
    pub stages: Vec<(String, f64)>,
}

impl Manifest {
    /// Reads the facts of this machine and workspace as the run starts.
    pub fn start(workspace: &Path, rounds: usize, isolation: &str) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| {
                line.strip_prefix("model name")
                    .and_then(|rest| rest.split(':').nth(1))
            })
            .map_or_else(
                || std::env::consts::ARCH.to_string(),
                |name| name.trim().to_string(),
            );
        let memory_bytes = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|line| line.strip_prefix("MemTotal:"))
                    .and_then(|rest| {
                        rest.trim()
                            .trim_end_matches("kB")
                            .trim()
                            .parse::<u64>()
                            .ok()
                    })
                    .map(|kib| kib * 1024)
            });
        let (commit, dirty) = git_commit(workspace);
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
        let started_unix = now_unix();
        Self {
            commit,
            dirty,
            date_utc: format_utc(started_unix),
            started_unix,
            elapsed_secs: 0.0,
            command: std::env::args()
                .skip(1)
                .fold("map-report".to_string(), |acc, arg| acc + " " + &arg),
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_bytes,
            rustc: output_of(Command::new(rustc).arg("--version"))
                .unwrap_or_else(|| "unknown".to_string()),
            load: (load_average(), None),
            rounds,
            isolation: isolation.to_string(),
            stages: Vec::new(),
        }
    }

    /// Records the end of the run.
    pub fn finish(&mut self) {
        self.elapsed_secs = now_unix().saturating_sub(self.started_unix) as f64;
        self.load.1 = load_average();
    }

    /// The commit as the header shows it: `abc123def456`, or with
    /// `-dirty` when the tree had changes.
    pub fn commit_label(&self) -> String {
        if self.dirty {
            format!("{}-dirty", self.commit)
        } else {
            self.commit.clone()
        }
    }
}

/// The workspace's commit and whether its tree is dirty.
pub fn git_commit(workspace: &Path) -> (String, bool) {
    let hash = output_of(Command::new("git").arg("-C").arg(workspace).args([
        "rev-parse",
        "--short=12",
        "HEAD",
    ]));
    let dirty = output_of(
        Command::new("git")
            .arg("-C")
            .arg(workspace)
            .args(["status", "--porcelain"]),
    )
    .is_some_and(|status| !status.is_empty());
    (hash.unwrap_or_else(|| "unknown".to_string()), dirty)
}

/// Seconds since the Unix epoch.
pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn output_of(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DD HH:MM UTC`, using
/// the days-to-civil-date conversion of the proleptic Gregorian calendar.
fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (hour, minute) = ((secs % 86_400) / 3_600, (secs % 3_600) / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_795_559_400), "2026-11-24 22:30 UTC");
    }
}
