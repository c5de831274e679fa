//! Criterion benches of the five throughput operations, ShrinkMap beside
//! hashbrown + ahash, at 100,000 xorshift keys (the example `throughput`
//! runs REFERENCE.md's full 1,000,000-key workload).
//!
//! ```text
//! cargo bench -p shrink-map --bench ops
//! ```

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use map_baselines::XorShift64;
use shrink_map::ShrinkMap;

const N: usize = 100_000;

fn keys() -> (Vec<u64>, Vec<u64>) {
    let mut rng = XorShift64::new(XorShift64::REFERENCE_SEED);
    let all: Vec<u64> = (0..2 * N).map(|_| rng.next()).collect();
    let (first, fresh) = all.split_at(N);
    (first.to_vec(), fresh.to_vec())
}

fn filled<M: MapStrategy<u64, u64> + Default>(keys: &[u64]) -> M {
    let mut map = M::default();
    for &k in keys {
        map.insert(k, k);
    }
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
        b.iter(|| {
            keys.iter()
                .filter(|k| map.get(&k.wrapping_add(1)).is_some())
                .count()
        })
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
    group.bench_function("churn", |b| {
        b.iter_batched(
            || filled::<M>(&keys),
            |mut map| {
                for (old, &new) in keys.iter().zip(&fresh) {
                    black_box(map.remove(old));
                    map.insert(new, new);
                }
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
