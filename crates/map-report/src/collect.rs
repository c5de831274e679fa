//! Gathering results: every case in child processes, the Go toolchains,
//! and criterion's figures when `cargo bench` called the report.

use std::io::Write;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use map_bench::child::Case;
use map_bench::compare::{self, Isolation, Outcome};
use map_bench::records::Record;

use crate::criterion::{self, BenchRun};
use crate::meta::Manifest;
use crate::plan::{self, LATENCY_VALUE, Plan};
use crate::results::{Failure, Results};

/// Runs every planned case, then the Go toolchains; `bench` is the
/// `cargo bench` run that called the report, if one did.
pub fn collect(plan: &Plan, bench: Option<&BenchRun>) -> Results {
    let isolation = if plan.in_process {
        Isolation::InProcess(map_registry::visit_named)
    } else {
        Isolation::Child
    };
    let isolation_label = if plan.in_process {
        "every round of every map in the report's own process"
    } else {
        "a child process per map per round"
    };
    let root = plan::workspace_root();
    let mut manifest = Manifest::start(&root, plan.sizes.rounds, isolation_label);
    let bar = ProgressBar::new((plan.case_count() + plan.go.len()) as u64);
    bar.set_style(
        ProgressStyle::with_template("[{elapsed_precise}] {bar:32.cyan/blue} {pos}/{len} {msg}")
            .expect("a valid progress template"),
    );
    let log = RecordLog::open(&plan.out_dir.join("data"));
    let mut progress = |case: &Case| {
        bar.set_message(format!("{}: {}", case.strategy, plan::label(case)));
        bar.inc(1);
    };
    let mut all = Outcome::default();
    let mut stages: Vec<(String, f64)> = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &str, stages: &mut Vec<(String, f64)>| {
        stages.push((name.to_string(), clock.elapsed().as_secs_f64()));
        clock = std::time::Instant::now();
    };
    let stage = |outcome: Outcome, all: &mut Outcome| {
        log.append(&outcome.records, &bar);
        all.extend(outcome);
    };

    // Bytes: each case in a child of its own, where dhat counts.
    for case in plan.heap_cases() {
        progress(&case);
        let result = compare::run(&case, Isolation::Child);
        let mut outcome = Outcome::default();
        match result {
            Ok(records) => outcome.records = records,
            Err(err) => outcome.failures.push((case, err)),
        }
        stage(outcome, &mut all);
    }
    lap("bytes: seed, value sizes, burst, churn", &mut stages);

    // Time: interleaved rounds, paired with hashbrown round by round.
    let names = plan.main_names();
    let s = &plan.sizes;
    for (value, n) in plan.throughput_shapes() {
        let outcome = compare::throughput_rounds(
            &names,
            (value, n, s.reps(n)),
            s.rounds,
            isolation,
            &mut progress,
        );
        stage(outcome, &mut all);
        lap(
            &format!("throughput {} n={n}", value.type_name()),
            &mut stages,
        );
    }
    let outcome = compare::latency_rounds(
        &names,
        LATENCY_VALUE,
        s.latency_n,
        s.latency_rounds,
        isolation,
        &mut progress,
    );
    stage(outcome, &mut all);
    lap("latency", &mut stages);
    let policy = plan.policy_names();
    if !policy.is_empty() {
        let outcome =
            compare::drain_level_rounds(&policy, s.policy_n, s.rounds, isolation, &mut progress);
        stage(outcome, &mut all);
        lap("policy sweep", &mut stages);
    }

    let mut go = Vec::new();
    for toolchain in &plan.go {
        bar.set_message(format!("Go: {}", toolchain.display()));
        go.push(crate::go::run(
            toolchain,
            s.seed_n,
            s.throughput_n,
            s.rounds,
        ));
        bar.inc(1);
        lap(&format!("Go: {}", toolchain.display()), &mut stages);
    }
    bar.finish_and_clear();

    manifest.stages = stages;
    manifest.finish();
    let strategies: Vec<&str> = plan.maps.iter().map(|m| m.name.as_str()).collect();
    let criterion = criterion::status(
        &criterion::criterion_dir(&root),
        bench,
        &manifest.commit,
        &strategies,
    );
    Results {
        manifest,
        sizes: plan.sizes.clone(),
        maps: plan.maps.clone(),
        records: all.records,
        failures: all
            .failures
            .into_iter()
            .map(|(case, error)| Failure {
                strategy: case.strategy.clone(),
                case: plan::label(&case),
                error,
            })
            .collect(),
        go_note: plan.go_note.clone(),
        go,
        criterion,
    }
}

/// `data/records.jsonl`: every record as it is measured, one JSON object
/// a line, so an interrupted run still leaves what it measured.
struct RecordLog {
    file: Option<std::fs::File>,
}

impl RecordLog {
    fn open(dir: &Path) -> Self {
        let file = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::File::create(dir.join("records.jsonl")))
            .ok();
        Self { file }
    }

    fn append(&self, records: &[Record], bar: &ProgressBar) {
        let Some(mut file) = self.file.as_ref() else {
            return;
        };
        for record in records {
            let line = serde_json::to_string(record).expect("records serialise");
            if let Err(err) = writeln!(file, "{line}") {
                bar.println(format!("warning: could not log a record: {err}"));
                return;
            }
        }
    }
}
