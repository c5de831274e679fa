//! The comparison report: runs the retention, throughput, scale, latency
//! and shrink-policy workloads over every registered map and writes
//! `index.html`, `REPORT.md`, SVG charts and `results.json`.
//!
//! The `map-report` binary is the usual way in:
//!
//! ```text
//! cargo run --release -p map-report                 # full sizes, under 20 minutes on 2 cores
//! cargo run --release -p map-report -- --quick      # under 5 minutes on 2 cores
//! cargo run --release -p map-report -- --only shrink-map --out /tmp/report
//! cargo run --release -p map-report -- --from docs/report/results.json --out /tmp/again
//! ```
//!
//! `results.json` carries everything the report shows, each map's name,
//! kind and description among it, so [`render`] needs no registry and
//! `--from` re-renders a saved run exactly.
//!
//! The workspace's criterion bench calls [`run_with`] after its own groups,
//! so `cargo bench` writes the report with criterion's figures from that
//! same run. Each case runs in a child process of the calling binary: a
//! host binary installs [`map_bench::SwitchAlloc`] as its global allocator
//! and calls `map_bench::child::serve_if_child(map_registry::visit_named)`
//! first thing in `main`.
#![warn(missing_docs)]

mod charts;
mod collect;
pub mod criterion;
pub mod doc;
mod format;
mod go;
mod meta;
mod plan;
pub mod results;
mod sections;
pub mod verdict;
mod write;

use std::path::Path;
use std::process::ExitCode;

pub use meta::Manifest;
pub use plan::{Args, Sizes};
pub use results::Results;
pub use sections::{Ctx, Recommendation, recommendations};

/// Runs the report as the command line `args` describes.
pub fn run(args: &Args) -> ExitCode {
    run_with(args, None)
}

/// [`run`], from the `cargo bench` run `bench` (whose criterion figures
/// the report may then use).
pub fn run_with(args: &Args, bench: Option<&criterion::BenchRun>) -> ExitCode {
    if let Some(from) = &args.from {
        let results = match load(from) {
            Ok(results) => results,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        };
        let out = args
            .out
            .clone()
            .unwrap_or_else(|| from.parent().map_or_else(|| ".".into(), Path::to_path_buf));
        return finish(&out, &results);
    }
    let plan = match args.plan() {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let results = collect::collect(&plan, bench);
    for failure in &results.failures {
        eprintln!(
            "warning: {} / {}: {}",
            failure.strategy, failure.case, failure.error
        );
    }
    for go in results.go.iter().filter(|g| g.error.is_some()) {
        eprintln!(
            "warning: {}: {}",
            go.binary,
            go.error.as_deref().unwrap_or("")
        );
    }
    finish(&plan.out_dir, &results)
}

fn finish(out: &Path, results: &Results) -> ExitCode {
    match write::write(out, results) {
        Ok(written) => {
            println!("{}", write::summary(results));
            println!("report: {}", written.html.display());
            println!("        {}", written.markdown.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!(
                "error: could not write the report to {}: {err}",
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Reads a saved `results.json`.
pub fn load(path: &Path) -> Result<Results, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("could not read {}: {err}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|err| format!("{} is not a results file: {err}", path.display()))
}

/// The whole report as document blocks, with links to the workspace's
/// files relative to `link_root` (the workspace root as seen from where
/// the report is written, such as `../..`).
pub fn render(results: &Results, link_root: &str) -> Vec<doc::Block> {
    sections::report(&Ctx { results, link_root })
}
