//! `map-report`: runs the retention workloads over every registered map and
//! writes the comparison report.
//!
//! ```text
//! cargo run --release -p map-report              # N = 1,000,000
//! cargo run --release -p map-report -- --n 100000 --only hashbrown,std
//! ```
//!
//! Each case runs in a child process of this binary, because dhat allows
//! one profiler per process; see `map_bench::child`.
#![warn(missing_docs)]

mod args;
mod reference;
mod render;
mod run;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() -> ExitCode {
    map_bench::child::serve_if_child();
    let args = args::Args::parse();
    let plan = match args.plan() {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let results = run::run(&plan);
    let report = render::seed_report(&plan, &results);
    println!("{}", report.terminal);
    match render::write(&plan, &results, &report) {
        Ok(paths) => {
            for path in paths {
                println!("wrote {}", path.display());
            }
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
