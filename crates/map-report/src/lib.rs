//! The comparison report: runs the retention, throughput and latency
//! workloads over every registered map and writes `index.html`,
//! `REPORT.md`, SVG charts and `results.json`.
//!
//! The `map-report` binary is the usual way in:
//!
//! ```text
//! cargo run --release -p map-report                 # full sizes
//! cargo run --release -p map-report -- --quick      # a few minutes on 2 cores
//! cargo run --release -p map-report -- --only hashbrown,std --out /tmp/report
//! ```
//!
//! The workspace's criterion bench calls [`run`] after its own groups, so
//! `cargo bench` refreshes the report with criterion's figures. Each case
//! runs in a child process of the calling binary, because dhat allows one
//! profiler per process: a host binary installs
//! [`map_bench::SwitchAlloc`] as its global allocator and calls
//! [`map_bench::child::serve_if_child`] first thing in `main`.
#![warn(missing_docs)]

mod charts;
mod collect;
mod doc;
mod format;
mod meta;
mod plan;
mod reference;
mod results;
mod sections;
mod write;

use std::process::ExitCode;

pub use plan::Args;

/// Runs the report as the command line `args` describes, printing the seed
/// table and where the report went.
pub fn run(args: &Args) -> ExitCode {
    let plan = match args.plan() {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let results = collect::collect(&plan);
    for failure in &results.failures {
        eprintln!(
            "warning: {} / {}: {}",
            failure.strategy, failure.case, failure.error
        );
    }
    let blocks = sections::report(&results);
    match write::write(&plan.out_dir, &results, &blocks) {
        Ok(written) => {
            println!("{}", write::summary(&results));
            println!("report: {}", written.html.display());
            println!("        {}", written.markdown.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!(
                "error: could not write the report to {}: {err}",
                plan.out_dir.display()
            );
            ExitCode::FAILURE
        }
    }
}
