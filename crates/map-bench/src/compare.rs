//! Paired comparisons over interleaved rounds: the engine that the report
//! and the crates' examples share, so a README's figure and the report's
//! come from the same code.
//!
//! Every timing workload runs once per map per round, the order rotating
//! from round to round ([`rounds::order`]), and each map's figure is
//! divided by the baseline's figure *from the same round*. A comparison
//! states the median of those per-round ratios and their range; when the
//! range contains 1, the rounds could not tell the map from the baseline,
//! and it says **tied**.
//!
//! An example that compares its crate's map with hashbrown is a few lines:
//!
//! ```no_run
//! use map_bench::compare;
//! use map_bench::values::ValueKind;
//!
//! #[global_allocator]
//! static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;
//!
//! # fn lookup(_: &str, _: &mut map_bench::child::CaseRunner) -> bool { false }
//! fn main() {
//!     // Children re-run this binary; `lookup` is `map_registry::visit_named`.
//!     map_bench::child::serve_if_child(lookup);
//!     let maps = ["hashbrown", "shrink-map"];
//!     print!("{}", compare::throughput(&maps, ValueKind::U64, 1_000_000, 7));
//! }
//! ```

use std::fmt;

use crate::child::{Case, Lookup, Workload, run_here, run_in_child};
use crate::heap::HeapProbe;
use crate::records::{
    DrainLevelsRecord, LatencyRecord, Op, Phase, Record, SeedRecord, ThroughputRecord,
};
use crate::rounds::{self, Spread};
use crate::values::ValueKind;
use crate::workloads::throughput::reps_for;

/// The map every ratio is taken against: `hashbrown::HashMap` with ahash.
pub const BASELINE: &str = "hashbrown";

/// The least number of rounds a comparison should run: fewer, and one
/// slow spell decides the range.
pub const MIN_ROUNDS: usize = 7;

/// Operations a throughput round times at least, per step: maps smaller
/// than this repeat the workload ([`reps_for`]).
pub const OPS_PER_ROUND: usize = 1 << 20;

/// Where each map's round runs.
#[derive(Debug, Clone, Copy)]
pub enum Isolation {
    /// A child process of this executable per map per round (the binary
    /// must call [`serve_if_child`](crate::child::serve_if_child)). Each
    /// measurement starts from the same fresh process: no heap left warm
    /// or fragmented by the map before it.
    Child,
    /// This process, finding maps through the lookup.
    InProcess(Lookup),
}

/// What a run of cases produced.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Every record, in the order measured.
    pub records: Vec<Record>,
    /// Cases that failed, and why. A map that fails is not run again in
    /// later rounds.
    pub failures: Vec<(Case, String)>,
}

impl Outcome {
    /// Adds another outcome's records and failures.
    pub fn extend(&mut self, other: Outcome) {
        self.records.extend(other.records);
        self.failures.extend(other.failures);
    }
}

/// Runs one case where `isolation` says.
pub fn run(case: &Case, isolation: Isolation) -> Result<Vec<Record>, String> {
    match isolation {
        Isolation::Child => run_in_child(case).map_err(|err| err.to_string()),
        Isolation::InProcess(lookup) => {
            run_here(case, &mut HeapProbe::reported_only(), lookup).map_err(|err| err.to_string())
        }
    }
}

/// Runs `case(map, round)` for every map in each of `rounds` rounds, the
/// order rotating from round to round, calling `progress` before each case.
pub fn interleaved_cases(
    maps: &[&str],
    rounds: usize,
    isolation: Isolation,
    case: &dyn Fn(&str, u32) -> Case,
    progress: &mut dyn FnMut(&Case),
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut failed = vec![false; maps.len()];
    for round in 0..rounds {
        for index in rounds::order(round, maps.len()) {
            if failed[index] {
                continue;
            }
            let case = case(maps[index], round as u32);
            progress(&case);
            match run(&case, isolation) {
                Ok(records) => outcome.records.extend(records),
                Err(err) => {
                    failed[index] = true;
                    outcome.failures.push((case, err));
                }
            }
        }
    }
    outcome
}

/// `rounds` rounds of the throughput workload at `value` and `n` over
/// `maps`, each round repeating the workload `reps` times (see
/// [`reps_for`]).
pub fn throughput_rounds(
    maps: &[&str],
    (value, n, reps): (ValueKind, usize, usize),
    rounds: usize,
    isolation: Isolation,
    progress: &mut dyn FnMut(&Case),
) -> Outcome {
    interleaved_cases(
        maps,
        rounds,
        isolation,
        &|map, round| Case {
            workload: Workload::Throughput { round, reps },
            strategy: map.to_string(),
            value,
            n,
        },
        progress,
    )
}

/// The throughput records of `map` at `value` and `n`.
pub fn throughput_of<'a>(
    records: &'a [Record],
    map: &'a str,
    value: &'a str,
    n: u64,
) -> impl Iterator<Item = &'a ThroughputRecord> + 'a {
    records.iter().filter_map(move |record| match record {
        Record::Throughput(t) if t.strategy == map && t.value == value && t.n == n => Some(t),
        _ => None,
    })
}

/// ns/op of `op` over the rounds: median and range.
pub fn ns(records: &[Record], map: &str, value: &str, n: u64, op: Op) -> Option<Spread> {
    let samples: Vec<f64> = throughput_of(records, map, value, n)
        .map(|t| t.ns.get(op))
        .collect();
    Spread::of(&samples)
}

/// The per-round ratio of `map`'s time to `baseline`'s for the sum of
/// `ops`, paired round by round: median and range.
pub fn ratio(
    records: &[Record],
    map: &str,
    baseline: &str,
    value: &str,
    n: u64,
    ops: &[Op],
) -> Option<Spread> {
    let sum = |t: &ThroughputRecord| ops.iter().map(|&op| t.ns.get(op)).sum::<f64>();
    let theirs: Vec<&ThroughputRecord> = throughput_of(records, baseline, value, n).collect();
    let ratios: Vec<f64> = throughput_of(records, map, value, n)
        .filter_map(|ours| {
            let base = theirs.iter().find(|t| t.round == ours.round)?;
            let base = sum(base);
            (base > 0.0).then(|| sum(ours) / base)
        })
        .collect();
    Spread::of(&ratios)
}

/// `rounds` rounds of the latency workload over `maps`.
pub fn latency_rounds(
    maps: &[&str],
    value: ValueKind,
    n: usize,
    rounds: usize,
    isolation: Isolation,
    progress: &mut dyn FnMut(&Case),
) -> Outcome {
    interleaved_cases(
        maps,
        rounds,
        isolation,
        &|map, round| Case {
            workload: Workload::Latency { round },
            strategy: map.to_string(),
            value,
            n,
        },
        progress,
    )
}

/// The latency records of `map` in `phase`, one per round.
pub fn latency_of<'a>(
    records: &'a [Record],
    map: &'a str,
    phase: Phase,
) -> impl Iterator<Item = &'a LatencyRecord> + 'a {
    records.iter().filter_map(move |record| match record {
        Record::Latency(l) if l.strategy == map && l.phase == phase => Some(l),
        _ => None,
    })
}

/// One latency figure over the rounds, in ns: median and range.
pub fn latency(
    records: &[Record],
    map: &str,
    phase: Phase,
    figure: fn(&LatencyRecord) -> u64,
) -> Option<Spread> {
    let samples: Vec<f64> = latency_of(records, map, phase)
        .map(|l| figure(l) as f64)
        .collect();
    Spread::of(&samples)
}

/// `rounds` rounds of the policy sweep's drain over `maps`, at `n`.
pub fn drain_level_rounds(
    maps: &[&str],
    n: usize,
    rounds: usize,
    isolation: Isolation,
    progress: &mut dyn FnMut(&Case),
) -> Outcome {
    interleaved_cases(
        maps,
        rounds,
        isolation,
        &|map, round| Case {
            workload: Workload::DrainLevels { round },
            strategy: map.to_string(),
            value: ValueKind::U64,
            n,
        },
        progress,
    )
}

/// The drain-levels records of `map`, one per round.
pub fn drain_levels_of<'a>(
    records: &'a [Record],
    map: &'a str,
) -> impl Iterator<Item = &'a DrainLevelsRecord> + 'a {
    records.iter().filter_map(move |record| match record {
        Record::DrainLevels(d) if d.strategy == map => Some(d),
        _ => None,
    })
}

/// `map`'s ns/remove over the drain as a ratio to `baseline`'s in the same
/// round: median and range.
pub fn removal_ratio(records: &[Record], map: &str, baseline: &str) -> Option<Spread> {
    let theirs: Vec<&DrainLevelsRecord> = drain_levels_of(records, baseline).collect();
    let ratios: Vec<f64> = drain_levels_of(records, map)
        .filter_map(|ours| {
            let base = theirs.iter().find(|t| t.round == ours.round)?;
            (base.ns_per_remove > 0.0).then(|| ours.ns_per_remove / base.ns_per_remove)
        })
        .collect();
    Spread::of(&ratios)
}

/// `[N] [ROUNDS]` from an example's command line, with defaults; N may
/// use `_` or `,` between digits.
///
/// # Panics
///
/// Panics with a usage message if either is not a whole number.
#[track_caller]
pub fn cli_args(default_n: usize, default_rounds: usize) -> (usize, usize) {
    let mut args = std::env::args().skip(1);
    let mut number = |default: usize, what: &str| {
        args.next().map_or(default, |text| {
            text.replace(['_', ','], "").parse().unwrap_or_else(|_| {
                panic!("usage: [N] [ROUNDS]; {what} {text:?} is not a whole number")
            })
        })
    };
    let n = number(default_n, "N");
    let rounds = number(default_rounds, "ROUNDS");
    (n, rounds)
}

/// The seed experiment on each of `maps`, each in a child process measured
/// by dhat.
pub fn seed(maps: &[&str], value: ValueKind, n: usize) -> SeedComparison {
    let mut outcome = Outcome::default();
    for map in maps {
        let case = Case {
            workload: Workload::Seed,
            strategy: map.to_string(),
            value,
            n,
        };
        match run_in_child(&case) {
            Ok(records) => outcome.records.extend(records),
            Err(err) => outcome.failures.push((case, err.to_string())),
        }
    }
    SeedComparison {
        maps: maps.iter().map(|m| m.to_string()).collect(),
        outcome,
    }
}

/// The seed experiment's figures for a few maps, printable as a table.
#[derive(Debug, Clone)]
pub struct SeedComparison {
    /// The maps, in the order asked for.
    pub maps: Vec<String>,
    /// Their records.
    pub outcome: Outcome,
}

impl SeedComparison {
    /// The record of `map`.
    pub fn record(&self, map: &str) -> Option<&SeedRecord> {
        self.outcome.records.iter().find_map(|r| match r {
            Record::Seed(s) if s.strategy == map => Some(s),
            _ => None,
        })
    }
}

impl fmt::Display for SeedComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.outcome.records.iter().find_map(|r| match r {
            Record::Seed(s) => Some(s),
            _ => None,
        });
        if let Some(s) = first {
            writeln!(
                f,
                "seed experiment: insert keys 0..{} with {} values, drain to 1%, delete all; bytes ({:?})",
                group(s.n),
                s.value,
                s.source
            )?;
        }
        writeln!(
            f,
            "{:<18} {:>14} {:>14} {:>14} {:>14}",
            "map", "after insert", "after drain", "after delete", "peak"
        )?;
        for map in &self.maps {
            match self.record(map) {
                Some(r) => writeln!(
                    f,
                    "{map:<18} {:>14} {:>14} {:>14} {:>14}",
                    group(r.after_insert),
                    group(r.after_drain),
                    group(r.after_delete),
                    r.peak.map_or_else(|| "n/a".to_string(), group)
                )?,
                None => writeln!(f, "{map:<18} failed")?,
            }
        }
        failures(f, &self.outcome)
    }
}

/// Paired rounds of the throughput workload for a few maps beside
/// [`BASELINE`], in child processes. The baseline is added if `maps` lacks it.
pub fn throughput(
    maps: &[&str],
    value: ValueKind,
    n: usize,
    rounds: usize,
) -> ThroughputComparison {
    let maps = with_baseline(maps);
    let names: Vec<&str> = maps.iter().map(String::as_str).collect();
    let shape = (value, n, reps_for(n, OPS_PER_ROUND));
    let outcome = throughput_rounds(&names, shape, rounds, Isolation::Child, &mut |_| {});
    ThroughputComparison {
        maps,
        value: value.type_name().to_string(),
        n: n as u64,
        rounds,
        outcome,
    }
}

fn with_baseline(maps: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = maps.iter().map(|m| m.to_string()).collect();
    if !all.iter().any(|m| m == BASELINE) {
        all.insert(0, BASELINE.to_string());
    }
    all
}

/// Throughput of a few maps over paired rounds, printable as a table.
#[derive(Debug, Clone)]
pub struct ThroughputComparison {
    /// The maps, the baseline among them.
    pub maps: Vec<String>,
    /// The value type's name.
    pub value: String,
    /// Keys.
    pub n: u64,
    /// Rounds run.
    pub rounds: usize,
    /// The records.
    pub outcome: Outcome,
}

impl ThroughputComparison {
    /// ns/op of `map` for `op`.
    pub fn ns(&self, map: &str, op: Op) -> Option<Spread> {
        ns(&self.outcome.records, map, &self.value, self.n, op)
    }

    /// `map`'s paired ratio to the baseline for `op`.
    pub fn ratio(&self, map: &str, op: Op) -> Option<Spread> {
        ratio(
            &self.outcome.records,
            map,
            BASELINE,
            &self.value,
            self.n,
            &[op],
        )
    }
}

impl fmt::Display for ThroughputComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "throughput: {} xorshift keys, {} values, {} paired rounds, each map in a child process per round",
            group(self.n),
            self.value,
            self.rounds
        )?;
        writeln!(
            f,
            "ns/op median (min-max); ratio: median (min-max) of the per-round ratios to {BASELINE}; tied: the range holds 1"
        )?;
        for op in Op::TIMED {
            write!(f, "{:<9}", op.label())?;
            for map in &self.maps {
                let cell = match (self.ns(map, op), self.ratio(map, op)) {
                    (Some(ns), _) if map == BASELINE => format!("{map} {}", spread_ns(&ns)),
                    (Some(ns), Some(r)) => format!(
                        "{map} {} {}{}",
                        spread_ns(&ns),
                        spread_ratio(&r),
                        if r.contains(1.0) { " tied" } else { "" }
                    ),
                    _ => format!("{map} n/a"),
                };
                write!(f, " | {cell:<44}")?;
            }
            writeln!(f)?;
        }
        if let Some(noise) = Op::TIMED
            .iter()
            .filter_map(|&op| self.ns(BASELINE, op))
            .map(|s| s.relative_range())
            .max_by(f64::total_cmp)
        {
            writeln!(
                f,
                "noise: {BASELINE}'s own rounds spread by up to {:.0}% of their median",
                noise * 100.0
            )?;
        }
        failures(f, &self.outcome)
    }
}

/// Paired rounds of the latency workload for a few maps, in child
/// processes. The baseline is added if `maps` lacks it.
pub fn latency_comparison(
    maps: &[&str],
    value: ValueKind,
    n: usize,
    rounds: usize,
) -> LatencyComparison {
    let maps = with_baseline(maps);
    let names: Vec<&str> = maps.iter().map(String::as_str).collect();
    let outcome = latency_rounds(&names, value, n, rounds, Isolation::Child, &mut |_| {});
    LatencyComparison {
        maps,
        value: value.type_name().to_string(),
        n: n as u64,
        rounds,
        outcome,
    }
}

/// Per-operation latency of a few maps over rounds, printable as a table.
#[derive(Debug, Clone)]
pub struct LatencyComparison {
    /// The maps.
    pub maps: Vec<String>,
    /// The value type's name.
    pub value: String,
    /// Entries at the top.
    pub n: u64,
    /// Rounds run.
    pub rounds: usize,
    /// The records.
    pub outcome: Outcome,
}

impl fmt::Display for LatencyComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "latency: every operation timed, growing to {} entries of {} and draining; median (min-max) over {} rounds",
            group(self.n),
            self.value,
            self.rounds
        )?;
        writeln!(
            f,
            "{:<18} {:<21} {:>22} {:>22} {:>22} {:>26}",
            "map", "phase", "p50", "p99", "p99.9", "max"
        )?;
        let figures: [fn(&LatencyRecord) -> u64; 4] =
            [|l| l.p50_ns, |l| l.p99_ns, |l| l.p999_ns, |l| l.max_ns];
        for map in &self.maps {
            for phase in Phase::ALL {
                write!(f, "{map:<18} {:<21}", phase.label())?;
                for (i, figure) in figures.iter().enumerate() {
                    let width = if i == 3 { 26 } else { 22 };
                    let cell = latency(&self.outcome.records, map, phase, *figure)
                        .map_or_else(|| "n/a".to_string(), |s| spread_ns(&s));
                    write!(f, " {cell:>width$}")?;
                }
                writeln!(f)?;
            }
        }
        failures(f, &self.outcome)
    }
}

fn failures(f: &mut fmt::Formatter<'_>, outcome: &Outcome) -> fmt::Result {
    for (case, err) in &outcome.failures {
        writeln!(
            f,
            "failed: {} {}: {err}",
            case.strategy,
            case.workload.name()
        )?;
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
fn group(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ns_text(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.1} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

fn spread_ns(s: &Spread) -> String {
    format!(
        "{} ({}-{})",
        ns_text(s.median),
        ns_text(s.min),
        ns_text(s.max)
    )
}

fn spread_ratio(s: &Spread) -> String {
    format!("{:.2}x ({:.2}-{:.2})", s.median, s.min, s.max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{OpTimes, TimingSource};

    fn round(map: &str, round: u32, remove: f64) -> Record {
        Record::Throughput(ThroughputRecord {
            strategy: map.into(),
            value: "u64".into(),
            n: 10,
            round,
            reps: 1,
            ns: OpTimes {
                remove,
                get_hit: 1.0,
                get_miss: 1.0,
                ..OpTimes::default()
            },
            full_bytes: None,
            source: TimingSource::Harness,
        })
    }

    #[test]
    fn ratios_pair_each_round_with_the_baselines() {
        // Round 1 is slow for both: the paired ratio does not see it.
        let records = vec![
            round("hashbrown", 0, 10.0),
            round("a", 0, 12.0),
            round("hashbrown", 1, 30.0),
            round("a", 1, 36.0),
            round("a", 2, 99.0), // no baseline in round 2: unpaired, left out
        ];
        let r = ratio(&records, "a", "hashbrown", "u64", 10, &[Op::Remove]).expect("paired");
        assert_eq!(r.count, 2);
        assert!((r.median - 1.2).abs() < 1e-12 && (r.max - 1.2).abs() < 1e-12);
        assert!(!r.contains(1.0));
        let ns = ns(&records, "a", "u64", 10, Op::Remove).expect("rounds");
        assert_eq!((ns.min, ns.max, ns.count), (12.0, 99.0, 3));
        let read = ratio(
            &records,
            "a",
            "hashbrown",
            "u64",
            10,
            &[Op::GetHit, Op::GetMiss],
        );
        assert_eq!(read.map(|r| r.median), Some(1.0));
    }

    #[test]
    fn rounds_run_every_map_in_rotating_order_in_process() {
        fn lookup(name: &str, runner: &mut crate::child::CaseRunner) -> bool {
            use map_api::{Family, Kind, Visitor};
            struct Hashbrown;
            impl Family for Hashbrown {
                const NAME: &'static str = "hashbrown";
                const ABOUT: &'static str = "";
                const KIND: Kind = Kind::Baseline;
                type Map<K: core::hash::Hash + Eq, V> = map_baselines::HashbrownMap<K, V>;
            }
            struct Boxed;
            impl Family for Boxed {
                const NAME: &'static str = "boxed";
                const ABOUT: &'static str = "";
                const KIND: Kind = Kind::Baseline;
                type Map<K: core::hash::Hash + Eq, V> = map_baselines::BoxedMap<K, V>;
            }
            match name {
                "hashbrown" => runner.visit::<Hashbrown>(),
                "boxed" => runner.visit::<Boxed>(),
                _ => return false,
            }
            true
        }
        let mut order = Vec::new();
        let outcome = throughput_rounds(
            &["hashbrown", "boxed", "nope"],
            (ValueKind::U64, 1_000, 2),
            3,
            Isolation::InProcess(lookup),
            &mut |case| order.push(case.strategy.clone()),
        );
        // "nope" fails in round 0 and is not tried again.
        assert_eq!(
            order,
            [
                "hashbrown",
                "boxed",
                "nope",
                "boxed",
                "hashbrown",
                "hashbrown",
                "boxed"
            ]
        );
        assert_eq!(outcome.failures.len(), 1);
        assert_eq!(outcome.records.len(), 6);
        let table = ThroughputComparison {
            maps: vec!["hashbrown".into(), "boxed".into()],
            value: "u64".into(),
            n: 1_000,
            rounds: 3,
            outcome,
        };
        let text = table.to_string();
        assert!(text.contains("insert") && text.contains("boxed") && text.contains("noise"));
        assert_eq!(table.ratio("boxed", Op::Insert).map(|r| r.count), Some(3));
    }
}
