//! Criterion benches of the five throughput operations, ShrinkMap beside
//! hashbrown + ahash, at 100,000 xorshift keys (the example `shrink-map-throughput`
//! runs the reference 1,000,000-key workload, docs/reference.md).
//!
//! ```text
//! cargo bench -p shrink-map --bench ops
//! ```

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use map_bench::workloads::throughput as steps;
use map_bench::workloads::xorshift_keys;
use shrink_map::ShrinkMap;

const N: usize = 100_000;

fn keys() -> (Vec<u64>, Vec<u64>) {
    let all = xorshift_keys(2 * N);
    let (first, fresh) = all.split_at(N);
    (first.to_vec(), fresh.to_vec())
}

fn filled<M: MapStrategy<u64, u64> + Default>(keys: &[u64]) -> M {
    let mut map = M::default();
    steps::insert_all(&mut map, keys);
    map
}

fn bench_map<M: MapStrategy<u64, u64> + Default>(c: &mut Criterion, name: &str) {
    let (keys, fresh) = keys();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(20);

    group.bench_function("insert", |b| {
        b.iter_batched(
            M::default,
            |mut map| {
                steps::insert_all(&mut map, &keys);
                map
            },
            BatchSize::LargeInput,
        )
    });
    let map: M = filled(&keys);
    group.bench_function("get hit", |b| b.iter(|| steps::get_hits(&map, &keys)));
    group.bench_function("get miss", |b| b.iter(|| steps::get_misses(&map, &keys)));
    drop(map);
    group.bench_function("remove", |b| {
        b.iter_batched(
            || filled::<M>(&keys),
            |mut map| {
                steps::remove_all(&mut map, &keys);
                map
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("churn", |b| {
        b.iter_batched(
            || filled::<M>(&keys),
            |mut map| {
                steps::churn(&mut map, &keys, &fresh);
                map
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_map::<HashbrownMap<u64, u64>>(c, "hashbrown");
    bench_map::<ShrinkMap<u64, u64>>(c, "shrink-map");
}

criterion_group!(ops, benches);
criterion_main!(ops);
