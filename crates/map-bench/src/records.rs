//! The serde records every measurement produces: the interface between
//! map-bench, the report and the Go reference program.
//!
//! Records are written as JSON, one object per line, tagged by
//! `"workload"`. The Go program in `scripts/go-reference` emits the same
//! shapes, so real Go sits beside the Rust maps in one report.

use serde::{Deserialize, Serialize};

/// One measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "workload", rename_all = "snake_case")]
pub enum Record {
    /// The seed experiment.
    Seed(SeedRecord),
    /// Fill-and-drain cycles, as a time series.
    Burst(SeriesRecord),
    /// Sliding-window steady state, as a time series.
    Churn(SeriesRecord),
    /// ns per operation.
    Throughput(ThroughputRecord),
    /// Per-operation latency percentiles.
    Latency(LatencyRecord),
}

impl Record {
    /// The strategy the record measures.
    pub fn strategy(&self) -> &str {
        match self {
            Record::Seed(r) => &r.strategy,
            Record::Burst(r) | Record::Churn(r) => &r.strategy,
            Record::Throughput(r) => &r.strategy,
            Record::Latency(r) => &r.strategy,
        }
    }
}

/// How heap bytes were measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeapSource {
    /// dhat's count of live bytes, relative to a baseline taken just
    /// before the map was created.
    #[default]
    Dhat,
    /// The map's own `heap_bytes()`, when no profiler ran.
    Reported,
    /// The Go runtime's `HeapAlloc` after a GC, relative to a baseline.
    GoRuntime,
}

/// The seed experiment: insert keys `0..n`, drain to 1%, delete all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedRecord {
    /// Registry name (or `go` for the real Go runtime).
    pub strategy: String,
    /// Value type name.
    pub value: String,
    /// Keys inserted.
    pub n: u64,
    /// Heap bytes after inserting every key.
    pub after_insert: u64,
    /// Heap bytes after removing all but 1% of the keys.
    pub after_drain: u64,
    /// Heap bytes after removing every key.
    pub after_delete: u64,
    /// The most heap held at any moment, if the source can tell.
    pub peak: Option<u64>,
    /// How the bytes above were measured.
    #[serde(default)]
    pub source: HeapSource,
    /// What the map's `heap_bytes()` said at the same three points, for
    /// checking it against the allocator.
    #[serde(default)]
    pub reported: Option<[u64; 3]>,
}

/// One point of a heap time series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// Operations performed so far.
    pub op: u64,
    /// Entries in the map.
    pub len: u64,
    /// Heap bytes at that point.
    pub bytes: u64,
}

/// A heap time series (burst or churn).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesRecord {
    /// Registry name.
    pub strategy: String,
    /// Value type name.
    pub value: String,
    /// The workload's size parameter.
    pub n: u64,
    /// How the bytes were measured.
    #[serde(default)]
    pub source: HeapSource,
    /// The series, in operation order.
    pub points: Vec<SeriesPoint>,
}

/// The operations the throughput workload times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Insert every key into an empty map.
    Insert,
    /// Look up every key.
    GetHit,
    /// Look up every key plus one: a miss.
    GetMiss,
    /// Remove every key.
    Remove,
    /// Remove the oldest key and insert a new one, in a full map.
    Churn,
    /// Visit every entry.
    Iterate,
}

impl Op {
    /// The timed operations, in workload order.
    pub const TIMED: [Op; 6] = [
        Op::Insert,
        Op::GetHit,
        Op::GetMiss,
        Op::Iterate,
        Op::Remove,
        Op::Churn,
    ];

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::GetHit => "get hit",
            Op::GetMiss => "get miss",
            Op::Remove => "remove",
            Op::Churn => "churn",
            Op::Iterate => "iterate",
        }
    }
}

/// Where a timing came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimingSource {
    /// map-bench's own loop: best of several rounds.
    #[default]
    Harness,
    /// criterion's mean estimate, from a `cargo bench` run.
    Criterion,
}

/// ns per operation for one operation of the throughput workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThroughputRecord {
    /// Registry name (or `go`).
    pub strategy: String,
    /// Value type name.
    pub value: String,
    /// Keys in the workload.
    pub n: u64,
    /// The operation.
    pub op: Op,
    /// Nanoseconds per operation, best of the rounds run.
    pub ns_per_op: f64,
    /// Where the figure came from.
    #[serde(default)]
    pub source: TimingSource,
}

/// The phases of the latency workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Inserting into a map growing from empty to `n`.
    Grow,
    /// Removing from a map draining from `n` to empty, in insertion order.
    Drain,
    /// Removing from a map draining from `n` to empty, in a shuffled key
    /// order, as a cache evicts.
    DrainRandom,
}

/// Latency percentiles of every single operation in one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatencyRecord {
    /// Registry name.
    pub strategy: String,
    /// Value type name.
    pub value: String,
    /// Entries at the top of the phase.
    pub n: u64,
    /// Growing or draining.
    pub phase: Phase,
    /// Operations timed.
    pub count: u64,
    /// Median, in nanoseconds.
    pub p50_ns: u64,
    /// 99th percentile.
    pub p99_ns: u64,
    /// 99.9th percentile.
    pub p999_ns: u64,
    /// 99.99th percentile.
    pub p9999_ns: u64,
    /// The slowest single operation.
    pub max_ns: u64,
    /// Operations slower than one millisecond.
    pub over_1ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_go_reference_shapes() {
        let seed: Record = serde_json::from_str(
            r#"{"workload":"seed","strategy":"go","value":"[128]byte","n":1000000,
                "after_insert":307535920,"after_drain":307535928,"after_delete":307535928,"peak":null}"#,
        )
        .expect("go seed record");
        assert!(
            matches!(&seed, Record::Seed(r) if r.after_insert == 307_535_920 && r.peak.is_none())
        );
        let op: Record = serde_json::from_str(
            r#"{"workload":"throughput","strategy":"go","value":"uint64","n":1000000,"op":"get_hit","ns_per_op":63.0}"#,
        )
        .expect("go throughput record");
        assert!(matches!(&op, Record::Throughput(r) if r.op == Op::GetHit));
    }

    #[test]
    fn round_trips() {
        let record = Record::Latency(LatencyRecord {
            strategy: "hashbrown".into(),
            value: "[u64; 4]".into(),
            n: 10,
            phase: Phase::Grow,
            count: 10,
            p50_ns: 1,
            p99_ns: 2,
            p999_ns: 3,
            p9999_ns: 4,
            max_ns: 5,
            over_1ms: 0,
        });
        let text = serde_json::to_string(&record).expect("serialise");
        assert_eq!(
            serde_json::from_str::<Record>(&text).expect("parse"),
            record
        );
    }
}
