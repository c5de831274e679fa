//! Criterion benches of the port: REFERENCE.md's four operations at
//! 100,000 xorshift keys, beside hashbrown + ahash, plus the price of the
//! remedies Go lacks (`clear` keeps the array; `compact` rebuilds).
//!
//! ```text
//! cargo bench -p go-hmap --bench ops
//! ```
//!
//! The comparison with the real Go runtime is `map-report`'s (it runs
//! `scripts/go-reference` in the same session); criterion cannot time Go.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use go_hmap::GoMap;
use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use map_baselines::XorShift64;

const N: usize = 100_000;

fn keys() -> Vec<u64> {
    let mut rng = XorShift64::new(XorShift64::REFERENCE_SEED);
    (0..N).map(|_| rng.next()).collect()
}

fn filled<M: MapStrategy<u64, u64> + Default>(keys: &[u64]) -> M {
    let mut map = M::default();
    for &k in keys {
        map.insert(k, k);
    }
    map
}

fn operations<M: MapStrategy<u64, u64> + Default>(c: &mut Criterion, name: &str) {
    let keys = keys();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(20);
    group.bench_function("insert", |b| {
        b.iter_batched(
            M::default,
            |mut map| {
                for &k in &keys {
                    map.insert(k, k);
                }
                map
            },
            BatchSize::LargeInput,
        )
    });
    let map: M = filled(&keys);
    group.bench_function("get hit", |b| {
        b.iter(|| keys.iter().filter(|k| map.get(k).is_some()).count())
    });
    group.bench_function("get miss", |b| {
        b.iter(|| keys.iter().filter(|k| map.get(&(*k + 1)).is_some()).count())
    });
    drop(map);
    group.bench_function("remove", |b| {
        b.iter_batched(
            || filled::<M>(&keys),
            |mut map| {
                for k in &keys {
                    black_box(map.remove(k));
                }
                map
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// What giving memory back costs in the port: `clear` zeroes the array in
/// place and keeps it; `compact` of a map drained to 1% rebuilds it small.
fn remedies(c: &mut Criterion) {
    let keys = keys();
    let mut group = c.benchmark_group("go-hmap remedies");
    group.sample_size(20);
    group.bench_function("clear (keeps the array)", |b| {
        b.iter_batched(
            || filled::<GoMap<u64, u64>>(&keys),
            |mut map| {
                map.clear();
                map
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("compact after draining to 1%", |b| {
        b.iter_batched(
            || {
                let mut map = filled::<GoMap<u64, u64>>(&keys);
                map.retain(|k, _| k % 100 == 0);
                map
            },
            |mut map| {
                map.compact();
                map
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    operations::<GoMap<u64, u64>>(c, "go-hmap");
    operations::<HashbrownMap<u64, u64>>(c, "hashbrown");
    remedies(c);
}

criterion_group!(ops, benches);
criterion_main!(ops);
