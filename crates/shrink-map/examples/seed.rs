//! The seed experiment, measured by dhat: ShrinkMap beside plain hashbrown.
//!
//! ```text
//! cargo run --release -p shrink-map --example seed
//! ```
//!
//! Inserts keys 0..1,000,000 with `[u8; 128]` values, removes keys until 1%
//! (10,000) remain, then removes the rest, with no explicit shrink call.
//! dhat allows one profiler per process and cannot reset its peak, so each
//! map is measured in a child process of its own (this binary, re-run with
//! `child <map>`); the parent prints the figures beside the targets. The
//! last column is a lazier policy (shrink at 1/16 full), for comparison.

use std::process::Command;

use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use shrink_map::{Load, ShrinkMap, ShrinkPolicy};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const N: u64 = 1_000_000;
const KEEP: u64 = N / 100;

/// The heap at each phase, relative to the start, and the peak.
struct Figures {
    after_insert: usize,
    after_drain: usize,
    after_delete: usize,
    peak: usize,
}

fn measure<M: MapStrategy<u64, [u8; 128]> + Default>() -> Figures {
    // ahash allocates its process-wide seed on first use.
    drop(M::default());
    let mut warm = M::default();
    warm.insert(0, [0; 128]);
    drop(warm);

    let _profiler = dhat::Profiler::builder().testing().build();
    let heap = || dhat::HeapStats::get();
    let base = heap().curr_bytes;
    let mut map = M::default();
    for k in 0..N {
        map.insert(k, [k as u8; 128]);
    }
    let after_insert = heap().curr_bytes - base;
    for k in 0..N - KEEP {
        map.remove(&k);
    }
    let after_drain = heap().curr_bytes - base;
    for k in N - KEEP..N {
        map.remove(&k);
    }
    let after_delete = heap().curr_bytes - base;
    let peak = heap().max_bytes - base;
    assert!(map.is_empty());
    drop(map);
    Figures {
        after_insert,
        after_drain,
        after_delete,
        peak,
    }
}

/// ShrinkMap with a low-water mark of 1/16 instead of 1/4, for comparison.
#[derive(Debug)]
struct Lazy(ShrinkMap<u64, [u8; 128]>);

impl Default for Lazy {
    fn default() -> Self {
        Self(ShrinkMap::with_policy(ShrinkPolicy {
            shrink_below: Load::new(1, 16),
            ..ShrinkPolicy::DEFAULT
        }))
    }
}

impl MapStrategy<u64, [u8; 128]> for Lazy {
    fn insert(&mut self, key: u64, value: [u8; 128]) -> Option<[u8; 128]> {
        self.0.insert(key, value)
    }
    fn get(&self, key: &u64) -> Option<&[u8; 128]> {
        self.0.get(key)
    }
    fn get_mut(&mut self, key: &u64) -> Option<&mut [u8; 128]> {
        self.0.get_mut(key)
    }
    fn remove(&mut self, key: &u64) -> Option<[u8; 128]> {
        self.0.remove(key)
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

fn child(which: &str) {
    let figures = match which {
        "hashbrown" => measure::<HashbrownMap<u64, [u8; 128]>>(),
        "shrink-map" => measure::<ShrinkMap<u64, [u8; 128]>>(),
        "shrink-map-lazy" => measure::<Lazy>(),
        "reserved-1%" => {
            drop(HashbrownMap::<u64, [u8; 128]>::default());
            let _profiler = dhat::Profiler::builder().testing().build();
            let map: HashbrownMap<u64, [u8; 128]> = HashbrownMap::with_capacity(KEEP as usize);
            let bytes = dhat::HeapStats::get().curr_bytes;
            drop(map);
            Figures {
                after_insert: bytes,
                after_drain: bytes,
                after_delete: bytes,
                peak: bytes,
            }
        }
        other => panic!("unknown map {other}"),
    };
    println!(
        "{} {} {} {}",
        figures.after_insert, figures.after_drain, figures.after_delete, figures.peak
    );
}

fn run_child(which: &str) -> Figures {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .args(["child", which])
        .output()
        .expect("child runs");
    assert!(
        output.status.success(),
        "child {which} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let numbers: Vec<usize> = text
        .split_whitespace()
        .map(|n| n.parse().expect("number"))
        .collect();
    Figures {
        after_insert: numbers[0],
        after_drain: numbers[1],
        after_delete: numbers[2],
        peak: numbers[3],
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 && args[1] == "child" {
        child(&args[2]);
        return;
    }
    let hashbrown = run_child("hashbrown");
    let ours = run_child("shrink-map");
    let lazy = run_child("shrink-map-lazy");
    let reserved = run_child("reserved-1%").after_insert;

    println!("seed experiment: 1,000,000 u64 -> [u8; 128], dhat bytes, no explicit shrink call");
    println!(
        "{:<22} {:>14} {:>14} {:>30} {:>16}",
        "phase", "hashbrown", "shrink-map", "target", "(below 1/16)"
    );
    let row = |phase: &str, theirs: usize, mine: usize, target: String, other: usize| {
        println!("{phase:<22} {theirs:>14} {mine:>14} {target:>30} {other:>16}");
    };
    row(
        "after 1M inserts",
        hashbrown.after_insert,
        ours.after_insert,
        String::new(),
        lazy.after_insert,
    );
    row(
        "after draining to 1%",
        hashbrown.after_drain,
        ours.after_drain,
        format!("<= {} (2x {})", 2 * reserved, reserved),
        lazy.after_drain,
    );
    row(
        "after deleting all",
        hashbrown.after_delete,
        ours.after_delete,
        "<= 65536".to_string(),
        lazy.after_delete,
    );
    row(
        "peak",
        hashbrown.peak,
        ours.peak,
        format!("<= {}", hashbrown.peak),
        lazy.peak,
    );
    let met = ours.after_drain <= 2 * reserved
        && ours.after_delete <= 65_536
        && ours.peak <= hashbrown.peak;
    println!("targets met by the default policy: {met}");
}
