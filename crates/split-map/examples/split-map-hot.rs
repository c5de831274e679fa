//! One step of the throughput workload on its own, for callgrind and
//! cachegrind, whose instruction and miss counts are steadier than timings
//! on a shared machine.
//!
//! ```text
//! cargo build --release -p split-map --example split-map-hot
//! valgrind --tool=callgrind target/release/examples/hot split hit 200000
//! ```
//!
//! Arguments: MAP (`hashbrown` or `split`), OP (`insert`, `hit`, `miss`,
//! `remove`, `iterate` or `churn`) and N (default 1,000,000). Every run
//! inserts N xorshift keys first, so the cost of OP is the run's count minus
//! that of an `insert` run. `SPLIT_BUCKETS` sets split-map's largest table.

use std::hint::black_box;
use std::time::Instant;

use map_api::{MapIter, MapStrategy};
use map_baselines::HashbrownMap;
use map_bench::workloads::xorshift_keys;
use split_map::SplitMap;

/// What a map can tell about itself after a run.
trait Describe {
    fn describe(&self) -> String;
}

impl Describe for HashbrownMap<u64, u64> {
    fn describe(&self) -> String {
        format!("{} bytes", self.heap_bytes())
    }
}

impl Describe for Env {
    fn describe(&self) -> String {
        format!("{:?}", self.0.stats())
    }
}

fn run<M: MapStrategy<u64, u64> + MapIter<u64, u64> + Default + Describe>(op: &str, n: usize) {
    let keys = xorshift_keys(2 * n);
    let (keys, fresh) = keys.split_at(n);
    let mut map = M::default();
    let start = Instant::now();
    for &k in keys {
        map.insert(k, k);
    }
    let insert = start.elapsed();
    if op == "insert" {
        println!("insert {:.1} ns/op", insert.as_nanos() as f64 / n as f64);
        return;
    }
    let start = Instant::now();
    match op {
        "hit" => {
            let mut d = 0;
            for k in keys {
                d ^= map.get(k).copied().unwrap_or(0);
            }
            black_box(d);
        }
        "miss" => {
            let mut d = 0;
            for k in keys {
                d += usize::from(map.get(&k.wrapping_add(1)).is_none());
            }
            black_box(d);
        }
        "remove" => {
            for k in keys {
                black_box(map.remove(k));
            }
        }
        "iterate" => {
            let mut d = 0;
            map.for_each_entry(|_, v| d ^= v);
            black_box(d);
        }
        "churn" => {
            for (old, &new) in keys.iter().zip(fresh) {
                black_box(map.remove(old));
                map.insert(new, new);
            }
        }
        other => panic!("op {other}"),
    }
    println!(
        "{op} {:.1} ns/op",
        start.elapsed().as_nanos() as f64 / n as f64
    );
    if std::env::var_os("SPLIT_STATS").is_some() {
        println!("{}", map.describe());
    }
}

/// SplitMap with `SPLIT_BUCKETS` from the environment.
#[derive(Debug)]
struct Env(SplitMap<u64, u64>);

impl Default for Env {
    fn default() -> Self {
        let mut map = SplitMap::new();
        if let Ok(b) = std::env::var("SPLIT_BUCKETS") {
            map.set_max_table_buckets(b.parse().expect("SPLIT_BUCKETS"));
        }
        Self(map)
    }
}

impl MapStrategy<u64, u64> for Env {
    #[inline]
    fn insert(&mut self, k: u64, v: u64) -> Option<u64> {
        self.0.insert(k, v)
    }
    #[inline]
    fn get(&self, k: &u64) -> Option<&u64> {
        self.0.get(k)
    }
    #[inline]
    fn get_mut(&mut self, k: &u64) -> Option<&mut u64> {
        self.0.get_mut(k)
    }
    #[inline]
    fn remove(&mut self, k: &u64) -> Option<u64> {
        self.0.remove(k)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn clear(&mut self) {
        self.0.clear()
    }
    fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
}

impl MapIter<u64, u64> for Env {
    fn for_each_entry(&self, mut f: impl FnMut(&u64, &u64)) {
        self.0.iter().for_each(|(k, v)| f(k, v));
    }
    fn retain_entries(&mut self, f: impl FnMut(&u64, &mut u64) -> bool) {
        self.0.retain(f);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(3).map_or(1_000_000, |a| a.parse().expect("N"));
    match args[1].as_str() {
        "hashbrown" => run::<HashbrownMap<u64, u64>>(&args[2], n),
        "split" => run::<Env>(&args[2], n),
        other => panic!("map {other}"),
    }
}
