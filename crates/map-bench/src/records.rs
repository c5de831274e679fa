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
    /// ns per operation, one round of one map.
    Throughput(ThroughputRecord),
    /// Per-operation latency percentiles, one round of one map.
    Latency(LatencyRecord),
    /// Every operation's time, as the slowest of each run of operations.
    Timeline(TimelineRecord),
    /// Bytes held at several fill levels of one drain, and its ns/remove.
    DrainLevels(DrainLevelsRecord),
}

impl Record {
    /// The strategy the record measures.
    pub fn strategy(&self) -> &str {
        match self {
            Record::Seed(r) => &r.strategy,
            Record::Burst(r) | Record::Churn(r) => &r.strategy,
            Record::Throughput(r) => &r.strategy,
            Record::Latency(r) => &r.strategy,
            Record::Timeline(r) => &r.strategy,
            Record::DrainLevels(r) => &r.strategy,
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
    /// map-bench's own loop: one round of paired, interleaved rounds.
    #[default]
    Harness,
    /// The Go reference program's loop, the same workload on the Go
    /// runtime, one round per record.
    GoRuntime,
}

/// ns per operation of each step of the throughput workload.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct OpTimes {
    /// Insert every key into an empty map.
    pub insert: f64,
    /// Look up every key.
    pub get_hit: f64,
    /// Look up every key plus one.
    pub get_miss: f64,
    /// Visit every entry, per entry.
    pub iterate: f64,
    /// Remove every key.
    pub remove: f64,
    /// Remove the oldest key and insert a new one, in a full map.
    pub churn: f64,
}

impl OpTimes {
    /// Every time, in [`Op::TIMED`]'s order: the shape
    /// [`rounds::interleaved`](crate::rounds::interleaved) and
    /// [`Spread::of_ratios`](crate::rounds::Spread::of_ratios) pair.
    pub fn timed(&self) -> [f64; 6] {
        Op::TIMED.map(|op| self.get(op))
    }

    /// The time of `op`.
    pub fn get(&self, op: Op) -> f64 {
        match op {
            Op::Insert => self.insert,
            Op::GetHit => self.get_hit,
            Op::GetMiss => self.get_miss,
            Op::Iterate => self.iterate,
            Op::Remove => self.remove,
            Op::Churn => self.churn,
        }
    }

    /// The time of `op`, to set.
    pub fn get_mut(&mut self, op: Op) -> &mut f64 {
        match op {
            Op::Insert => &mut self.insert,
            Op::GetHit => &mut self.get_hit,
            Op::GetMiss => &mut self.get_miss,
            Op::Iterate => &mut self.iterate,
            Op::Remove => &mut self.remove,
            Op::Churn => &mut self.churn,
        }
    }
}

/// One round of the throughput workload on one map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThroughputRecord {
    /// Registry name (or `go` for the real Go runtime).
    pub strategy: String,
    /// Value type name.
    pub value: String,
    /// Keys in the workload.
    pub n: u64,
    /// Which round of the interleaved rounds, from 0.
    #[serde(default)]
    pub round: u32,
    /// How many times the round repeated the workload to time enough
    /// operations (small `n` only); the times are per operation.
    #[serde(default = "one")]
    pub reps: u32,
    /// ns per operation.
    pub ns: OpTimes,
    /// `heap_bytes()` with all `n` keys in, when the map could tell.
    #[serde(default)]
    pub full_bytes: Option<u64>,
    /// Where the figures came from.
    #[serde(default)]
    pub source: TimingSource,
}

fn one() -> u32 {
    1
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

impl Phase {
    /// Every phase, in workload order.
    pub const ALL: [Phase; 3] = [Phase::Grow, Phase::Drain, Phase::DrainRandom];

    /// A short label for tables and file names.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Grow => "grow",
            Phase::Drain => "drain",
            Phase::DrainRandom => "drain (random order)",
        }
    }
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
    /// Which round of the interleaved rounds, from 0.
    #[serde(default)]
    pub round: u32,
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

/// Every operation of one latency phase, in order, as the slowest of each
/// run of `ops_per_point` consecutive operations: a timeline that loses no
/// spike (a resize is the slowest of its run) at a size a chart can draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineRecord {
    /// Registry name.
    pub strategy: String,
    /// Value type name.
    pub value: String,
    /// Entries at the top of the phase.
    pub n: u64,
    /// The phase.
    pub phase: Phase,
    /// Which round, from 0.
    pub round: u32,
    /// Operations per point; the last point may cover fewer.
    pub ops_per_point: u64,
    /// The slowest operation of each run, in nanoseconds.
    pub max_ns: Vec<u64>,
}

/// One drain of the policy sweep: bytes held as the map empties, and what
/// the removals cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrainLevelsRecord {
    /// Registry name (a policy variant's `strategy@setting`).
    pub strategy: String,
    /// Entries when the drain started.
    pub n: u64,
    /// Which round, from 0.
    pub round: u32,
    /// `heap_bytes()` when full.
    pub full_bytes: u64,
    /// ns per remove over the whole drain.
    pub ns_per_remove: f64,
    /// `(kept fraction, heap_bytes())` at each level, largest first.
    pub levels: Vec<(f64, u64)>,
    /// `heap_bytes()` once empty.
    pub empty_bytes: u64,
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
            r#"{"workload":"throughput","strategy":"go","value":"uint64","n":1000000,"round":2,
                "ns":{"insert":162,"get_hit":63,"get_miss":70,"iterate":9,"remove":83,"churn":150},
                "source":"go_runtime"}"#,
        )
        .expect("go throughput record");
        assert!(matches!(&op, Record::Throughput(r)
            if r.ns.get(Op::GetHit) == 63.0 && r.round == 2 && r.reps == 1 && r.full_bytes.is_none()));
    }

    #[test]
    fn round_trips() {
        let record = Record::Latency(LatencyRecord {
            strategy: "hashbrown".into(),
            value: "[u64; 4]".into(),
            n: 10,
            phase: Phase::Grow,
            round: 0,
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
