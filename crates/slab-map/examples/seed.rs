//! The seed experiment for slab-map and for hashbrown, measured by dhat:
//! insert keys 0..1,000,000 with `[u8; 128]` values, drain to 1%, delete
//! all. Also the index's size as values grow from 8 to 4,096 bytes.
//!
//! `cargo run --release -p slab-map --example seed`
//!
//! dhat allows one profiler per process, so the example re-runs itself once
//! per map.

use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use slab_map::SlabMap;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const N: u64 = 1_000_000;

fn measure<M: MapStrategy<u64, [u8; 128]> + Default>() -> [usize; 4] {
    let _profiler = dhat::Profiler::builder().testing().build();
    let base = dhat::HeapStats::get().curr_bytes;
    let now = || dhat::HeapStats::get().curr_bytes - base;
    let mut map = M::default();
    for k in 0..N {
        map.insert(k, [k as u8; 128]);
    }
    let full = now();
    for k in 0..N - N / 100 {
        map.remove(&k);
    }
    let drained = now();
    for k in N - N / 100..N {
        map.remove(&k);
    }
    let empty = now();
    let peak = dhat::HeapStats::get().max_bytes - base;
    drop(map);
    [full, drained, empty, peak]
}

fn index_sweep<const V: usize>() -> (usize, usize) {
    let map: SlabMap<u64, [u8; V]> = (0..100_000u64).map(|k| (k, [0; V])).collect();
    let stats = map.stats();
    (stats.index_bytes, stats.slab_bytes)
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("slab-map") => println!("{:?}", measure::<SlabMap<u64, [u8; 128]>>()),
        Some("hashbrown") => println!("{:?}", measure::<HashbrownMap<u64, [u8; 128]>>()),
        _ => {
            let exe = std::env::current_exe().expect("own path");
            println!("seed experiment, N = 1,000,000 u64 -> [u8; 128], bytes (dhat)");
            println!(
                "{:<10} {:>13} {:>13} {:>13} {:>13}",
                "map", "after insert", "drain to 1%", "after delete", "peak"
            );
            for name in ["hashbrown", "slab-map"] {
                let out = std::process::Command::new(&exe)
                    .arg(name)
                    .output()
                    .expect("child");
                let text = String::from_utf8_lossy(&out.stdout);
                let figures: Vec<usize> = text
                    .trim()
                    .trim_matches(['[', ']'])
                    .split(", ")
                    .map(|f| f.parse().expect("a number"))
                    .collect();
                println!(
                    "{name:<10} {:>13} {:>13} {:>13} {:>13}",
                    figures[0], figures[1], figures[2], figures[3]
                );
            }
            println!("\nindex and slab bytes at 100,000 entries, by value size");
            for (size, (index, slab)) in [
                (8, index_sweep::<8>()),
                (128, index_sweep::<128>()),
                (512, index_sweep::<512>()),
                (4096, index_sweep::<4096>()),
            ] {
                println!("{size:>5}-byte values: index {index:>9} bytes, slab {slab:>11} bytes");
            }
        }
    }
}
