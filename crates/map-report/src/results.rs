//! Everything one run measured, as saved in `results.json`.

use map_bench::records::{
    LatencyRecord, Op, Phase, Record, SeedRecord, SeriesRecord, ThroughputRecord, TimingSource,
};
use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::meta::Meta;
use crate::plan::Sizes;

/// A case that produced no records, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// Registry name (or `go`).
    pub strategy: String,
    /// The case, as a label such as `seed [u8; 128] n=1000000`.
    pub case: String,
    /// What went wrong.
    pub error: String,
}

/// Whether the real Go runtime was measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "detail")]
pub enum GoStatus {
    /// `go` ran; the detail is its version.
    Measured(String),
    /// `go` is not on PATH.
    NotFound,
    /// `go` was found but the reference program failed.
    Failed(String),
    /// The run was told not to try.
    Skipped,
}

/// One run's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Results {
    /// Machine, toolchain, date and commit.
    pub meta: Meta,
    /// The sizes the workloads ran at.
    pub sizes: Sizes,
    /// The maps measured, in registry order.
    pub strategies: Vec<String>,
    /// Every record, from the children, criterion and Go.
    pub records: Vec<Record>,
    /// Cases that failed.
    pub failures: Vec<Failure>,
    /// The real Go runtime's status.
    pub go: GoStatus,
}

impl Results {
    /// The seed record of `strategy` at value type `value` and size `n`.
    pub fn seed(&self, strategy: &str, value: &str, n: usize) -> Option<&SeedRecord> {
        self.records.iter().find_map(|r| match r {
            Record::Seed(s) if s.strategy == strategy && s.value == value && s.n == n as u64 => {
                Some(s)
            }
            _ => None,
        })
    }

    /// Every seed record of `strategy`.
    pub fn seeds_of<'a>(&'a self, strategy: &'a str) -> impl Iterator<Item = &'a SeedRecord> + 'a {
        self.records.iter().filter_map(move |r| match r {
            Record::Seed(s) if s.strategy == strategy => Some(s),
            _ => None,
        })
    }

    /// The burst (`churn == false`) or churn series of `strategy`.
    pub fn series(&self, strategy: &str, churn: bool) -> Option<&SeriesRecord> {
        self.records.iter().find_map(|r| match r {
            Record::Burst(s) if !churn && s.strategy == strategy => Some(s),
            Record::Churn(s) if churn && s.strategy == strategy => Some(s),
            _ => None,
        })
    }

    /// The throughput of `strategy` for `op` at `value` and `n`: criterion's
    /// figure when there is one, else the fastest of the passes.
    pub fn throughput(
        &self,
        strategy: &str,
        value: &str,
        n: u64,
        op: Op,
    ) -> Option<&ThroughputRecord> {
        let rank = |t: &ThroughputRecord| (t.source != TimingSource::Criterion, t.ns_per_op);
        self.records
            .iter()
            .filter_map(|record| match record {
                Record::Throughput(t)
                    if t.strategy == strategy && t.value == value && t.n == n && t.op == op =>
                {
                    Some(t)
                }
                _ => None,
            })
            .min_by(|a, b| rank(a).partial_cmp(&rank(b)).unwrap_or(Ordering::Equal))
    }

    /// Every `(value, n)` pair with throughput figures, sorted.
    pub fn throughput_shapes(&self) -> Vec<(String, u64)> {
        let mut shapes: Vec<(String, u64)> = self
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Throughput(t) => Some((t.value.clone(), t.n)),
                _ => None,
            })
            .collect();
        shapes.sort_by_key(|(value, n)| (value_order(value), *n));
        shapes.dedup();
        shapes
    }

    /// The latency record of `strategy` in `phase`.
    pub fn latency(&self, strategy: &str, phase: Phase) -> Option<&LatencyRecord> {
        self.records.iter().find_map(|r| match r {
            Record::Latency(l) if l.strategy == strategy && l.phase == phase => Some(l),
            _ => None,
        })
    }

    /// Why `strategy` has no record for a case whose label starts with
    /// `case_prefix`, if a failure was recorded.
    pub fn failure(&self, strategy: &str, case_prefix: &str) -> Option<&Failure> {
        self.failures
            .iter()
            .find(|f| f.strategy == strategy && f.case.starts_with(case_prefix))
    }
}

/// Sort key of value type names: by size, Go's names after Rust's.
fn value_order(value: &str) -> usize {
    map_bench::values::ValueKind::ALL
        .iter()
        .find(|kind| kind.type_name() == value)
        .map_or(usize::MAX, |kind| kind.size())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(records: Vec<Record>) -> Results {
        Results {
            meta: Meta {
                cpu: String::new(),
                cores: 1,
                memory_bytes: None,
                rustc: String::new(),
                date_utc: String::new(),
                commit: String::new(),
                command: String::new(),
            },
            sizes: Sizes::new(true, None),
            strategies: vec!["a".into()],
            records,
            failures: Vec::new(),
            go: GoStatus::Skipped,
        }
    }

    fn timing(ns_per_op: f64, source: TimingSource) -> Record {
        Record::Throughput(ThroughputRecord {
            strategy: "a".into(),
            value: "u64".into(),
            n: 10,
            op: Op::Remove,
            ns_per_op,
            source,
        })
    }

    #[test]
    fn throughput_keeps_the_fastest_pass_unless_criterion_measured_it() {
        let passes = results(vec![
            timing(30.0, TimingSource::Harness),
            timing(20.0, TimingSource::Harness),
            timing(25.0, TimingSource::Harness),
        ]);
        let found = passes.throughput("a", "u64", 10, Op::Remove);
        assert_eq!(found.map(|t| t.ns_per_op), Some(20.0));
        assert!(passes.throughput("a", "u64", 10, Op::Insert).is_none());

        let mut both = passes;
        both.records.push(timing(27.0, TimingSource::Criterion));
        let found = both.throughput("a", "u64", 10, Op::Remove);
        assert_eq!(found.map(|t| t.source), Some(TimingSource::Criterion));
    }
}
