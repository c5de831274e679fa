//! `map-report`: measures every registered map and writes the comparison
//! report. See the library's documentation for the flags.

use clap::Parser;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() -> std::process::ExitCode {
    map_bench::child::serve_if_child(map_registry::visit_named);
    map_report::run(&map_report::Args::parse())
}
