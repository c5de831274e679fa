//! `cargo bench`: criterion throughput of every registered map, then the
//! comparison report with criterion's figures from this same run.
//!
//! The criterion groups time the steps of map-bench's throughput workload
//! (`map_bench::workloads::throughput`, the same functions the report's
//! rounds time): insert into an empty map, get hit, get miss, full
//! iteration, remove and churn over the reference xorshift keys. They are
//! grouped by operation, value type and size (`op/value/n`), with one
//! entry per map, so criterion's reports compare the maps side by side and
//! map-report can read the figures back. `MAP_BENCH_SIZES=1000,65536`
//! chooses the sizes (default: 1,000, 65,536 and 1,000,000).
//!
//! Before the first group the bench writes a run manifest
//! (`target/criterion/map-report-run.json`: run id, commit, start time);
//! the report then uses only estimates written by this run of this commit,
//! never what an earlier `cargo bench` left in `target/criterion`.
//! `MAP_BENCH_NO_REPORT=1` skips the report; `cargo bench -- --quick` makes
//! both criterion and the report quick.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, measurement::WallTime,
};
use map_api::{Family, MapStrategy, Visitor};
use map_bench::records::Op;
use map_bench::values::BenchValue;
use map_bench::workloads::throughput as steps;
use map_bench::workloads::xorshift_keys;

fn sizes() -> Vec<usize> {
    std::env::var("MAP_BENCH_SIZES")
        .ok()
        .map(|text| {
            text.split(',')
                .map(|n| {
                    n.trim()
                        .parse()
                        .expect("MAP_BENCH_SIZES is a comma-separated list of sizes")
                })
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 65_536, 1_000_000])
}

fn filled<M: MapStrategy<u64, V> + Default, V: BenchValue>(keys: &[u64]) -> M {
    let mut map = M::default();
    steps::insert_all(&mut map, keys);
    map
}

/// Adds one operation's benchmark for every registered map to a group.
struct OpBench<'g, 'c, V> {
    group: &'g mut BenchmarkGroup<'c, WallTime>,
    op: Op,
    keys: &'g [u64],
    fresh: &'g [u64],
    value: core::marker::PhantomData<V>,
}

impl<V: BenchValue> Visitor for OpBench<'_, '_, V> {
    fn visit<F: Family>(&mut self) {
        let (keys, fresh) = (self.keys, self.fresh);
        let name = F::NAME;
        match self.op {
            Op::Insert => self.group.bench_function(name, |b| {
                b.iter_batched(
                    F::Map::<u64, V>::default,
                    |mut map| {
                        steps::insert_all(&mut map, keys);
                        map
                    },
                    BatchSize::PerIteration,
                )
            }),
            Op::GetHit => {
                let map = filled::<F::Map<u64, V>, V>(keys);
                self.group
                    .bench_function(name, |b| b.iter(|| steps::get_hits(&map, keys)))
            }
            Op::GetMiss => {
                let map = filled::<F::Map<u64, V>, V>(keys);
                self.group
                    .bench_function(name, |b| b.iter(|| steps::get_misses(&map, keys)))
            }
            Op::Remove => self.group.bench_function(name, |b| {
                b.iter_batched(
                    || filled::<F::Map<u64, V>, V>(keys),
                    |mut map| {
                        steps::remove_all(&mut map, keys);
                        map
                    },
                    BatchSize::PerIteration,
                )
            }),
            Op::Churn => self.group.bench_function(name, |b| {
                // Each iteration slides the window by `n` keys and back, so
                // the map is full and in steady state throughout.
                let mut map = filled::<F::Map<u64, V>, V>(keys);
                b.iter(|| {
                    steps::churn(&mut map, keys, fresh);
                    steps::churn(&mut map, fresh, keys);
                    black_box(map.len())
                })
            }),
            Op::Iterate => {
                let map = filled::<F::Map<u64, V>, V>(keys);
                self.group
                    .bench_function(name, |b| b.iter(|| steps::iterate(&map)))
            }
        };
    }
}

fn bench_value<V: BenchValue>(c: &mut Criterion) {
    for n in sizes() {
        let keys = xorshift_keys(2 * n);
        let (keys, fresh) = keys.split_at(n);
        for op in Op::TIMED {
            let mut group =
                c.benchmark_group(format!("{}/{}/{n}", op.label().replace(' ', "_"), V::NAME));
            let per_iteration = if op == Op::Churn { 2 * n } else { n };
            group.throughput(Throughput::Elements(per_iteration as u64));
            map_registry::visit(&mut OpBench::<V> {
                group: &mut group,
                op,
                keys,
                fresh,
                value: core::marker::PhantomData,
            });
            group.finish();
        }
    }
}

fn throughput(c: &mut Criterion) {
    bench_value::<u64>(c);
    bench_value::<[u8; 128]>(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = throughput
}

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() {
    // The report re-executes this binary for each measurement.
    map_bench::child::serve_if_child(map_registry::visit_named);
    let args: Vec<String> = std::env::args().collect();
    // criterion reads its own flags, `--quick` among them; the report
    // shrinks its workloads for it too.
    let quick = args.iter().any(|a| a == "--quick");
    let probing = args.iter().any(|a| a == "--test" || a == "--list");
    let report = !probing && std::env::var_os("MAP_BENCH_NO_REPORT").is_none();
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = map_report::criterion::BenchRun::start(workspace);
    if report {
        let dir = map_report::criterion::criterion_dir(workspace);
        if let Err(err) = run.write(&dir) {
            eprintln!(
                "warning: could not write the run manifest to {}: {err}",
                dir.display()
            );
        }
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
    if !report {
        return;
    }
    let mut report_args = vec!["map-report".to_string()];
    if quick {
        report_args.push("--quick".to_string());
    }
    let report = <map_report::Args as clap::Parser>::parse_from(report_args);
    if map_report::run_with(&report, Some(&run)) != std::process::ExitCode::SUCCESS {
        std::process::exit(1);
    }
}
