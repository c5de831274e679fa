//! Running the planned cases, each in a child process.

use indicatif::{ProgressBar, ProgressStyle};
use map_bench::child::{Case, Workload, run_in_child};
use map_bench::records::{Record, SeedRecord};
use map_bench::values::ValueKind;

use crate::args::Plan;

/// The outcome for one map: its record, or why there is none.
#[derive(Debug)]
pub struct SeedOutcome {
    /// Registry name.
    pub strategy: &'static str,
    /// The measurement, or the error that prevented it.
    pub result: Result<SeedRecord, String>,
}

/// The value type of the seed experiment.
pub const SEED_VALUE: ValueKind = ValueKind::Bytes128;

/// Runs the seed experiment on every planned map, showing progress.
pub fn run(plan: &Plan) -> Vec<SeedOutcome> {
    let bar = ProgressBar::new(plan.strategies.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
            .expect("valid template"),
    );
    let outcomes = plan
        .strategies
        .iter()
        .map(|info| {
            bar.set_message(format!("seed experiment: {}", info.name));
            let case = Case {
                workload: Workload::Seed,
                strategy: info.name.to_string(),
                value: SEED_VALUE,
                n: plan.n,
            };
            let result = run_in_child(&case)
                .map_err(|err| err.to_string())
                .and_then(|records| {
                    records
                        .into_iter()
                        .find_map(|record| match record {
                            Record::Seed(seed) => Some(seed),
                            _ => None,
                        })
                        .ok_or_else(|| "the child returned no seed record".to_string())
                });
            bar.inc(1);
            SeedOutcome {
                strategy: info.name,
                result,
            }
        })
        .collect();
    bar.finish_and_clear();
    outcomes
}
