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
use crate::records::Record;
use crate::values::{BenchValue, ValueKind, ValueVisitor};
use crate::workloads::{burst, churn, latency, seed, throughput};

/// The argument that makes a binary act as a measurement child.
pub const CHILD_FLAG: &str = "--map-bench-child";

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
    /// ns/op of the timed operations.
    Throughput {
        /// Rounds; the best is kept.
        rounds: usize,
    },
    /// Per-operation latency.
    Latency,
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

/// Runs `case` in this process. Heap workloads use `probe`.
pub fn run_here(case: &Case, probe: &mut HeapProbe) -> Result<Vec<Record>, CaseError> {
    struct ByFamily<'a> {
        case: &'a Case,
        probe: &'a mut HeapProbe,
        records: Vec<Record>,
    }
    impl Visitor for ByFamily<'_> {
        fn visit<F: Family>(&mut self) {
            self.records = self.case.value.dispatch(ByValue::<F> {
                case: self.case,
                probe: self.probe,
                family: core::marker::PhantomData,
            });
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

    let mut visitor = ByFamily {
        case,
        probe,
        records: Vec::new(),
    };
    if map_registry::visit_named(&case.strategy, &mut visitor) {
        Ok(visitor.records)
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
        Workload::Throughput { rounds } => throughput::run::<M, V>(name, case.n, rounds)
            .into_iter()
            .map(Record::Throughput)
            .collect(),
        Workload::Latency => latency::run::<M, V>(name, case.n)
            .into_iter()
            .map(Record::Latency)
            .collect(),
    }
}

/// If this process was started as a measurement child, runs its case,
/// prints the records and exits; otherwise returns at once.
///
/// Call it first thing in `main` of any binary that uses [`run_in_child`],
/// with [`SwitchAlloc`] as that binary's global allocator.
pub fn serve_if_child() {
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
    match run_here(&case, &mut probe) {
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
    if map_registry::find(&case.strategy).is_none() {
        return Err(CaseError::UnknownStrategy(case.strategy.clone()));
    }
    let exe = std::env::current_exe().map_err(CaseError::Spawn)?;
    let spec = serde_json::to_string(case).expect("cases serialise");
    let output = Command::new(exe)
        .arg(CHILD_FLAG)
        .arg(spec)
        .stdin(Stdio::null())
        .output()
        .map_err(CaseError::Spawn)?;
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
    use super::*;

    #[test]
    fn runs_a_case_in_process() {
        let case = Case {
            workload: Workload::Seed,
            strategy: "boxed".into(),
            value: ValueKind::Bytes128,
            n: 2_000,
        };
        let records = run_here(&case, &mut HeapProbe::reported_only()).expect("registered");
        assert!(
            matches!(&records[..], [Record::Seed(r)] if r.strategy == "boxed" && r.value == "[u8; 128]")
        );
    }

    #[test]
    fn rejects_unknown_strategies() {
        let case = Case {
            workload: Workload::Latency,
            strategy: "no-such-map".into(),
            value: ValueKind::U64,
            n: 10,
        };
        let err = run_in_child(&case).expect_err("unknown");
        assert!(err.to_string().contains("no-such-map"));
    }

    #[test]
    fn cases_round_trip_as_json() {
        let case = Case {
            workload: Workload::Burst { cycles: 3 },
            strategy: "std".into(),
            value: ValueKind::Bytes4096,
            n: 1_000,
        };
        let text = serde_json::to_string(&case).expect("serialise");
        assert_eq!(serde_json::from_str::<Case>(&text).expect("parse"), case);
    }
}
