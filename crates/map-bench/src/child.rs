//! Running one measurement case, in this process or in a child.
//!
//! dhat allows one profiler per process and its peak cannot be reset, so
//! every retention case runs in a child process of its own: the parent
//! re-executes its own binary with [`CHILD_FLAG`] and a JSON [`Case`], and
//! the child prints its records as JSON lines on stdout.

use std::fmt;
use std::process::{Command, Stdio};

use map_api::{Family, Visitor};
use serde::{Deserialize, Serialize};

use crate::SwitchAlloc;
use crate::heap::HeapProbe;
use crate::records::{Record, ThroughputRecord, TimingSource};
use crate::values::{BenchValue, ValueKind, ValueVisitor};
use crate::workloads::{burst, churn, drain_levels, latency, seed, throughput, xorshift_keys};

/// The argument that makes a binary act as a measurement child.
pub const CHILD_FLAG: &str = "--map-bench-child";

/// The exit status of a child asked for a map its lookup does not know.
const UNKNOWN_STRATEGY: i32 = 3;

/// Which workload a case runs, with its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Workload {
    /// The seed experiment.
    Seed,
    /// Fill-and-drain cycles.
    Burst {
        /// Number of cycles.
        cycles: usize,
    },
    /// Sliding-window steady state.
    Churn {
        /// Steps after the fill.
        steps: usize,
    },
    /// One round of the throughput workload.
    Throughput {
        /// The round's number, from 0.
        round: u32,
        /// Repetitions of the workload within the round (see
        /// [`throughput::reps_for`]).
        reps: usize,
    },
    /// One round of the latency workload: grow, drain in insertion order,
    /// grow again, drain in a shuffled order.
    Latency {
        /// The round's number, from 0.
        round: u32,
    },
    /// One round of the policy sweep's drain (`u64` values whatever the
    /// case's value type): bytes at [`drain_levels::LEVELS`] and ns/remove.
    DrainLevels {
        /// The round's number, from 0.
        round: u32,
    },
}

impl Workload {
    /// Whether the workload measures bytes (and so wants dhat) rather than
    /// time (and so wants no profiler in the way).
    pub fn measures_heap(self) -> bool {
        matches!(
            self,
            Workload::Seed | Workload::Burst { .. } | Workload::Churn { .. }
        )
    }

    /// A short name: `seed`, `burst`, `churn`, `throughput`, `latency` or
    /// `drain levels`.
    pub fn name(self) -> &'static str {
        match self {
            Workload::Seed => "seed",
            Workload::Burst { .. } => "burst",
            Workload::Churn { .. } => "churn",
            Workload::Throughput { .. } => "throughput",
            Workload::Latency { .. } => "latency",
            Workload::DrainLevels { .. } => "drain levels",
        }
    }
}

/// One measurement: a workload, on one registered map, at one value type
/// and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// The workload.
    pub workload: Workload,
    /// The registry name of the map.
    pub strategy: String,
    /// The value type.
    pub value: ValueKind,
    /// The workload's size.
    pub n: usize,
}

/// Why a case produced no records.
#[derive(Debug)]
pub enum CaseError {
    /// No registered map has that name.
    UnknownStrategy(String),
    /// The child process could not be started.
    Spawn(std::io::Error),
    /// The child exited unsuccessfully (it panicked, or ran out of memory).
    ChildFailed {
        /// The exit status, as text.
        status: String,
        /// The end of what it wrote on stderr.
        stderr: String,
    },
    /// The child's output was not the expected JSON.
    BadOutput(String),
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseError::UnknownStrategy(name) => write!(f, "no registered map is called {name:?}"),
            CaseError::Spawn(err) => write!(f, "could not start the measurement child: {err}"),
            CaseError::ChildFailed { status, stderr } => {
                write!(f, "the measurement child failed ({status})")?;
                if !stderr.is_empty() {
                    write!(f, ": {stderr}")?;
                }
                Ok(())
            }
            CaseError::BadOutput(detail) => {
                write!(f, "the measurement child's output was unreadable: {detail}")
            }
        }
    }
}

impl std::error::Error for CaseError {}

/// Resolves a map's name to its [`Family`] and visits it: how a binary
/// tells map-bench which maps exist. map-report and the examples pass
/// `map_registry::visit_named`; map-bench itself knows no registry.
pub type Lookup = fn(&str, &mut CaseRunner) -> bool;

/// Runs one case on whatever family a [`Lookup`] hands it.
#[derive(Debug)]
pub struct CaseRunner {
    case: Case,
    probe: HeapProbe,
    records: Vec<Record>,
}

impl Visitor for CaseRunner {
    fn visit<F: Family>(&mut self) {
        self.records = if let Workload::DrainLevels { round } = self.case.workload {
            let levels = drain_levels::run(
                F::Map::<u64, u64>::default(),
                self.case.n,
                &drain_levels::LEVELS,
            );
            vec![Record::DrainLevels(
                levels.record(&self.case.strategy, round),
            )]
        } else {
            self.case.value.dispatch(ByValue::<F> {
                case: &self.case,
                probe: &mut self.probe,
                family: core::marker::PhantomData,
            })
        };
    }
}

struct ByValue<'a, F> {
    case: &'a Case,
    probe: &'a mut HeapProbe,
    family: core::marker::PhantomData<F>,
}

impl<F: Family> ValueVisitor for ByValue<'_, F> {
    type Output = Vec<Record>;
    fn visit<V: BenchValue>(self) -> Vec<Record> {
        run_case::<F::Map<u64, V>, V>(self.case, self.probe)
    }
}

/// Runs `case` in this process, on the map `lookup` finds for its name.
/// Heap workloads use `probe`.
pub fn run_here(
    case: &Case,
    probe: &mut HeapProbe,
    lookup: Lookup,
) -> Result<Vec<Record>, CaseError> {
    let mut runner = CaseRunner {
        case: case.clone(),
        probe: std::mem::replace(probe, HeapProbe::reported_only()),
        records: Vec::new(),
    };
    let found = lookup(&case.strategy, &mut runner);
    *probe = runner.probe;
    if found {
        Ok(runner.records)
    } else {
        Err(CaseError::UnknownStrategy(case.strategy.clone()))
    }
}

fn run_case<M, V>(case: &Case, probe: &mut HeapProbe) -> Vec<Record>
where
    M: map_api::MapStrategy<u64, V> + map_api::MapIter<u64, V> + Default,
    V: BenchValue,
{
    let name = case.strategy.as_str();
    match case.workload {
        Workload::Seed => vec![Record::Seed(seed::run::<M, V>(name, case.n, probe))],
        Workload::Burst { cycles } => vec![Record::Burst(burst::run::<M, V>(
            name, case.n, cycles, probe,
        ))],
        Workload::Churn { steps } => vec![Record::Churn(churn::run::<M, V>(
            name, case.n, steps, probe,
        ))],
        Workload::Throughput { round, reps } => {
            let keys = xorshift_keys(2 * case.n);
            let (first, fresh) = keys.split_at(case.n);
            let (ns, full_bytes) = throughput::one_round::<M, V>(first, fresh, reps);
            vec![Record::Throughput(ThroughputRecord {
                strategy: name.to_string(),
                value: V::NAME.to_string(),
                n: case.n as u64,
                round,
                reps: reps.max(1) as u32,
                ns,
                full_bytes: Some(full_bytes),
                source: TimingSource::Harness,
            })]
        }
        Workload::Latency { round } => {
            let (latencies, timelines) = latency::round::<M, V>(name, case.n, round);
            latencies
                .into_iter()
                .map(Record::Latency)
                .chain(timelines.into_iter().map(Record::Timeline))
                .collect()
        }
        Workload::DrainLevels { .. } => unreachable!("drain levels run on u64 values, above"),
    }
}

/// If this process was started as a measurement child, runs its case on
/// the map `lookup` finds, prints the records and exits; otherwise returns
/// at once.
///
/// Call it first thing in `main` of any binary that uses [`run_in_child`],
/// with [`SwitchAlloc`] as that binary's global allocator.
pub fn serve_if_child(lookup: Lookup) {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() != Some(CHILD_FLAG) {
        return;
    }
    let spec = args.next().unwrap_or_default();
    let case: Case = match serde_json::from_str(&spec) {
        Ok(case) => case,
        Err(err) => {
            eprintln!("bad case {spec:?}: {err}");
            std::process::exit(2);
        }
    };
    let mut probe = if case.workload.measures_heap() {
        SwitchAlloc::enable_dhat();
        warm_up_hashers();
        HeapProbe::dhat()
    } else {
        HeapProbe::reported_only()
    };
    match run_here(&case, &mut probe, lookup) {
        Ok(records) => {
            drop(probe);
            for record in records {
                println!(
                    "{}",
                    serde_json::to_string(&record).expect("records serialise")
                );
            }
            std::process::exit(0);
        }
        Err(err @ CaseError::UnknownStrategy(_)) => {
            eprintln!("{err}");
            std::process::exit(UNKNOWN_STRATEGY);
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(2);
        }
    }
}

/// Lets hashers allocate their process-wide state (ahash's random seed
/// lives in a lazily allocated box) before any baseline is taken.
fn warm_up_hashers() {
    drop(map_baselines::HashbrownMap::<u64, u64>::default());
    drop(std::collections::HashMap::<u64, u64>::default());
}

/// Runs `case` in a child process (this same executable, which must call
/// [`serve_if_child`]) and returns its records.
pub fn run_in_child(case: &Case) -> Result<Vec<Record>, CaseError> {
    let exe = std::env::current_exe().map_err(CaseError::Spawn)?;
    let spec = serde_json::to_string(case).expect("cases serialise");
    let output = Command::new(exe)
        .arg(CHILD_FLAG)
        .arg(spec)
        .stdin(Stdio::null())
        .output()
        .map_err(CaseError::Spawn)?;
    if output.status.code() == Some(UNKNOWN_STRATEGY) {
        return Err(CaseError::UnknownStrategy(case.strategy.clone()));
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(6).collect();
        return Err(CaseError::ChildFailed {
            status: output.status.to_string(),
            stderr: tail.into_iter().rev().collect::<Vec<_>>().join(" | "),
        });
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            serde_json::from_str(line).map_err(|err| CaseError::BadOutput(format!("{err}: {line}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use map_api::Kind;

    use super::*;

    /// A lookup that knows one map, as map-registry's would.
    fn lookup(name: &str, runner: &mut CaseRunner) -> bool {
        struct Hashbrown;
        impl Family for Hashbrown {
            const NAME: &'static str = "hashbrown";
            const ABOUT: &'static str = "hashbrown";
            const KIND: Kind = Kind::Baseline;
            type Map<K: core::hash::Hash + Eq, V> = map_baselines::HashbrownMap<K, V>;
        }
        if name == Hashbrown::NAME {
            runner.visit::<Hashbrown>();
            true
        } else {
            false
        }
    }

    fn case(workload: Workload, strategy: &str, value: ValueKind, n: usize) -> Case {
        Case {
            workload,
            strategy: strategy.into(),
            value,
            n,
        }
    }

    #[test]
    fn runs_each_workload_in_process() {
        let mut probe = HeapProbe::reported_only();
        let seed = case(Workload::Seed, "hashbrown", ValueKind::Bytes128, 2_000);
        let records = run_here(&seed, &mut probe, lookup).expect("known");
        assert!(
            matches!(&records[..], [Record::Seed(r)] if r.strategy == "hashbrown" && r.value == "[u8; 128]")
        );
        let round = Workload::Throughput { round: 4, reps: 2 };
        let records = run_here(
            &case(round, "hashbrown", ValueKind::U64, 1_000),
            &mut probe,
            lookup,
        )
        .expect("known");
        assert!(
            matches!(&records[..], [Record::Throughput(r)] if r.round == 4 && r.reps == 2 && r.full_bytes.is_some())
        );
        let latency = Workload::Latency { round: 1 };
        let records = run_here(
            &case(latency, "hashbrown", ValueKind::U64, 1_000),
            &mut probe,
            lookup,
        )
        .expect("known");
        assert_eq!(records.len(), 6, "three phases, each with a timeline");
        let levels = Workload::DrainLevels { round: 2 };
        let records = run_here(
            &case(levels, "hashbrown", ValueKind::Bytes128, 5_000),
            &mut probe,
            lookup,
        )
        .expect("known");
        assert!(
            matches!(&records[..], [Record::DrainLevels(r)] if r.levels.len() == 3 && r.round == 2)
        );
    }

    #[test]
    fn rejects_unknown_strategies() {
        let unknown = case(Workload::Seed, "no-such-map", ValueKind::U64, 10);
        let err = run_here(&unknown, &mut HeapProbe::reported_only(), lookup).expect_err("unknown");
        assert!(err.to_string().contains("no-such-map"));
    }

    #[test]
    fn cases_round_trip_as_json() {
        for workload in [
            Workload::Burst { cycles: 3 },
            Workload::Throughput { round: 2, reps: 16 },
            Workload::DrainLevels { round: 0 },
        ] {
            let case = case(workload, "std", ValueKind::Bytes4096, 1_000);
            let text = serde_json::to_string(&case).expect("serialise");
            assert_eq!(serde_json::from_str::<Case>(&text).expect("parse"), case);
        }
    }
}
