//! Full iteration, slab-map against hashbrown: the strategy's advantage is
//! a dense walk over one vector instead of a scan of a sparse table.
//!
//! `cargo bench -p slab-map --bench iteration`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use map_baselines::HashbrownMap;
use slab_map::SlabMap;

fn keys(n: u64) -> impl Iterator<Item = u64> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n).map(move |_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    })
}

fn iteration(c: &mut Criterion) {
    for n in [1_000u64, 100_000, 1_000_000] {
        let mut group = c.benchmark_group(format!("iterate/u64/{n}"));
        group.throughput(Throughput::Elements(n));
        let slab: SlabMap<u64, u64> = keys(n).map(|k| (k, k)).collect();
        let brown: HashbrownMap<u64, u64> = keys(n).map(|k| (k, k)).collect();
        group.bench_function("slab-map", |b| {
            b.iter(|| slab.values().fold(0u64, |a, v| a ^ black_box(*v)))
        });
        group.bench_function("hashbrown", |b| {
            b.iter(|| brown.values().fold(0u64, |a, v| a ^ black_box(*v)))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = iteration
}
criterion_main!(benches);
