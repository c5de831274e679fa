//! The measurements behind split-map's table size and its targets, beside
//! hashbrown + ahash in the same process.
//!
//! ```text
//! cargo run --release -p split-map --example split-map-sweep -- throughput [--n N] [--rounds R] [--buckets 1024,4096]
//! cargo run --release -p split-map --example split-map-sweep -- latency    [--n N] [--rounds R] [--buckets ...]
//! cargo run --release -p split-map --example split-map-sweep -- memory     [--buckets ...]
//! cargo run --release -p split-map --example split-map-sweep -- scale      [--rounds R]
//! ```
//!
//! Every workload is map-bench's, and every timing comes from map-bench's
//! paired, interleaved rounds (`map_bench::rounds`): each map runs once a
//! round, the order rotating, and each figure is the median, with the
//! range, of the per-round ratios to hashbrown + ahash from the same round.
//!
//! - `throughput`: REFERENCE.md's 1M xorshift `u64 -> u64` (insert, get
//!   hit, get miss, iterate, remove), plus churn.
//! - `latency`: map-bench's latency samples, growing a `u64 -> [u64; 4]`
//!   map to N (default 2M) keys and draining it in a shuffled order, every
//!   operation timed: p99, p99.9, p99.99 and the worst op per phase and for
//!   the whole run.
//! - `memory`: the seed experiment (1M `u64 -> [u8; 128]`, drain to 1%,
//!   delete all) and the burst workload (3 fills to 1M and drains to 1%),
//!   each in a child process measured by dhat.
//! - `scale`: ns/op and bytes per entry at 1k, 64k, 1M and 8M keys.
//! - `phases`: the same steps as `throughput`, paired per step rather than
//!   per round: both maps are built once, and each step (the loop over
//!   every key) alternates between them, so that the two halves of a pair
//!   are a fraction of a second apart instead of seconds. On a machine
//!   whose memory is shared with other tenants this narrows the ranges.
//! - `directory`: grows a `u64 -> [u64; 4]` map to N (default 10M) keys
//!   and times the inserts whose split doubled the directory, beside the
//!   median split, and the copy of the largest directory on its own.
//!
//! - `splits`: the worst-op target with preemption taken out. Each round
//!   grows hashbrown and split-map to N (default 2M) `u64 -> [u64; 4]`
//!   keys, timing every insert; hashbrown's figure is its slowest insert
//!   (the last resize), split-map's the inserts that split a table (their
//!   median, p99 and slowest). On a shared machine the slowest of 2M
//!   operations of any map is a scheduler quantum; the slowest *split* is
//!   still one of about a thousand samples of the operation that bounds the
//!   map's worst case.
//!
//! - `tail`: where the 0.1% tail comes from. Each round runs map-bench's
//!   latency samples (grow to N, default 2M, `u64 -> [u64; 4]`, drain
//!   shuffled) for hashbrown and each `--buckets` size, and prints per phase
//!   how many operations took longer than 1 µs to 100 µs, beside p99 and
//!   p99.9: a map whose slow operations outnumber 0.1% of the phase has them
//!   as its p99.9.
//!
//! `--buckets` lists the largest-table sizes to compare (`default` for the
//! map's own choice); a run takes several minutes.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use map_api::{MapIter, MapStrategy};
use map_baselines::HashbrownMap;
use map_bench::heap::HeapProbe;
use map_bench::records::{Op, SeriesRecord};
use map_bench::rounds::{Spread, interleaved};
use map_bench::workloads::latency::{DrainOrder, samples};
use map_bench::workloads::{burst, seed, throughput, xorshift_keys};
use split_map::SplitMap;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

/// The table size every `Tuned` map is built with; 0 for the map's default.
static BUCKETS: AtomicUsize = AtomicUsize::new(0);

/// A SplitMap whose `Default` uses the swept table size.
#[derive(Debug)]
struct Tuned<K, V>(SplitMap<K, V>);

impl<K, V> Default for Tuned<K, V>
where
    K: core::hash::Hash + Eq,
{
    fn default() -> Self {
        let mut map = SplitMap::new();
        match BUCKETS.load(Ordering::Relaxed) {
            0 => {}
            buckets => map.set_max_table_buckets(buckets),
        }
        Self(map)
    }
}

impl<K: core::hash::Hash + Eq, V> MapStrategy<K, V> for Tuned<K, V> {
    #[inline(always)]
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.0.insert(key, value)
    }
    #[inline(always)]
    fn get(&self, key: &K) -> Option<&V> {
        self.0.get(key)
    }
    #[inline(always)]
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.0.get_mut(key)
    }
    #[inline(always)]
    fn remove(&mut self, key: &K) -> Option<V> {
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

impl<K: core::hash::Hash + Eq, V> MapIter<K, V> for Tuned<K, V> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.0.iter().for_each(|(k, v)| f(k, v));
    }
    fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain(f);
    }
}

struct Args {
    mode: String,
    n: Option<usize>,
    rounds: usize,
    /// Largest-table sizes; 0 is the map's default.
    buckets: Vec<usize>,
    rest: Vec<String>,
}

fn args() -> Args {
    let mut it = std::env::args().skip(1);
    let mode = it.next().unwrap_or_else(|| "throughput".into());
    let mut out = Args {
        mode,
        n: None,
        rounds: 7,
        buckets: vec![0],
        rest: Vec::new(),
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--n" => out.n = it.next().map(|v| v.parse().expect("--n N")),
            "--rounds" => out.rounds = it.next().map_or(7, |v| v.parse().expect("--rounds R")),
            "--buckets" => {
                out.buckets = it
                    .next()
                    .expect("--buckets LIST")
                    .split(',')
                    .map(|b| {
                        if b == "default" {
                            0
                        } else {
                            b.parse().expect("bucket count")
                        }
                    })
                    .collect()
            }
            _ => out.rest.push(arg),
        }
    }
    out
}

fn label(buckets: usize) -> String {
    if buckets == 0 {
        "split-map".into()
    } else {
        format!("split {buckets}")
    }
}

fn cell(s: Option<Spread>, digits: usize) -> String {
    match s {
        Some(s) => format!("{:.d$} ({:.d$}-{:.d$})", s.median, s.min, s.max, d = digits),
        None => "-".into(),
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Paired rounds of map-bench's throughput round at `n` keys: hashbrown
/// first in the list, then split-map at each size. `result[map][round]`.
fn throughput_rounds(n: usize, rounds: usize, buckets: &[usize]) -> Vec<Vec<Vec<f64>>> {
    let all = xorshift_keys(2 * n);
    let (keys, fresh) = all.split_at(n);
    let mut hashbrown = || {
        throughput::one_round::<HashbrownMap<u64, u64>, u64>(keys, fresh, 1)
            .0
            .timed()
            .to_vec()
    };
    let mut ours: Vec<Box<dyn FnMut() -> Vec<f64> + '_>> = buckets
        .iter()
        .map(|&b| -> Box<dyn FnMut() -> Vec<f64> + '_> {
            Box::new(move || {
                BUCKETS.store(b, Ordering::Relaxed);
                throughput::one_round::<Tuned<u64, u64>, u64>(keys, fresh, 1)
                    .0
                    .timed()
                    .to_vec()
            })
        })
        .collect();
    let mut runs: Vec<&mut dyn FnMut() -> Vec<f64>> = vec![&mut hashbrown];
    for run in &mut ours {
        runs.push(run.as_mut());
    }
    interleaved(rounds, &mut runs)
}

fn run_throughput(args: &Args) {
    let n = args.n.unwrap_or(1_000_000);
    println!(
        "throughput: {n} xorshift u64 -> u64, {} paired rounds (load before: {})",
        args.rounds,
        load()
    );
    let results = throughput_rounds(n, args.rounds, &args.buckets);
    println!("load after: {}", load());
    print!("{:<10} {:>22}", "op", "hashbrown ns/op");
    for &b in &args.buckets {
        print!(" {:>26}", format!("{} / hashbrown", label(b)));
    }
    println!();
    for (op, name) in Op::TIMED.iter().enumerate() {
        let ns: Vec<f64> = results[0].iter().map(|r| r[op]).collect();
        print!("{:<10} {:>22}", name.label(), cell(Spread::of(&ns), 1));
        for ours in &results[1..] {
            print!(" {:>26}", cell(Spread::of_ratios(ours, &results[0], op), 3));
        }
        println!();
    }
}

/// Nearest-rank quantiles of one phase's samples: p99, p99.9, p99.99, max.
fn tail(mut ns: Vec<u64>) -> Vec<f64> {
    ns.sort_unstable();
    let at = |q: f64| {
        let rank = ((ns.len() as f64 * q).ceil() as usize).clamp(1, ns.len());
        ns[rank - 1] as f64
    };
    vec![
        at(0.99),
        at(0.999),
        at(0.9999),
        *ns.last().expect("timed ops") as f64,
    ]
}

/// One latency round of one map: the tails of the grow phase, the
/// shuffled drain and the two together, concatenated.
fn latency_round<M: MapStrategy<u64, [u64; 4]> + Default>(n: usize) -> Vec<f64> {
    let (grow, drain) = samples::<M, [u64; 4]>(n, DrainOrder::Random);
    let both: Vec<u64> = grow.iter().chain(&drain).copied().collect();
    let mut out = tail(grow);
    out.extend(tail(drain));
    out.extend(tail(both));
    out
}

fn run_latency(args: &Args) {
    let n = args.n.unwrap_or(2_000_000);
    println!(
        "latency: grow to {n} u64 -> [u64; 4], drain in a shuffled order, every op timed; \
         {} paired rounds (load before: {})",
        args.rounds,
        load()
    );
    let mut hashbrown = || latency_round::<HashbrownMap<u64, [u64; 4]>>(n);
    let mut ours: Vec<Box<dyn FnMut() -> Vec<f64>>> = args
        .buckets
        .iter()
        .map(|&b| -> Box<dyn FnMut() -> Vec<f64>> {
            Box::new(move || {
                BUCKETS.store(b, Ordering::Relaxed);
                latency_round::<Tuned<u64, [u64; 4]>>(n)
            })
        })
        .collect();
    let mut runs: Vec<&mut dyn FnMut() -> Vec<f64>> = vec![&mut hashbrown];
    for run in &mut ours {
        runs.push(run.as_mut());
    }
    let results = interleaved(args.rounds, &mut runs);
    println!("load after: {}", load());
    let names: Vec<String> = std::iter::once("hashbrown".to_string())
        .chain(args.buckets.iter().map(|&b| label(b)))
        .collect();
    for (phase, title) in ["grow", "shuffled drain", "grow + drain"]
        .iter()
        .enumerate()
    {
        println!("\n{title}: ns, median (range) over rounds; ratios paired by round");
        println!(
            "{:<12} {:>20} {:>22} {:>26} {:>30} {:>26} {:>24}",
            "map",
            "p99",
            "p99.9",
            "p99.99",
            "worst op",
            "worst / hashbrown's",
            "p99.9 / hashbrown's"
        );
        for (map, name) in names.iter().enumerate() {
            let column =
                |q: usize| -> Vec<f64> { results[map].iter().map(|r| r[phase * 4 + q]).collect() };
            println!(
                "{:<12} {:>20} {:>22} {:>26} {:>30} {:>26} {:>24}",
                name,
                cell(Spread::of(&column(0)), 0),
                cell(Spread::of(&column(1)), 0),
                cell(Spread::of(&column(2)), 0),
                cell(Spread::of(&column(3)), 0),
                cell(
                    Spread::of_ratios(&results[map], &results[0], phase * 4 + 3),
                    5
                ),
                cell(
                    Spread::of_ratios(&results[map], &results[0], phase * 4 + 1),
                    2
                ),
            );
        }
    }
}

/// A child process: runs one heap case under dhat and prints its figures.
fn child(rest: &[String]) {
    let (case, buckets) = (rest[0].as_str(), rest[1].parse::<usize>().expect("buckets"));
    BUCKETS.store(buckets, Ordering::Relaxed);
    map_bench::SwitchAlloc::enable_dhat();
    drop(HashbrownMap::<u64, u64>::default());
    drop(Tuned::<u64, u64>::default());
    let mut probe = HeapProbe::dhat();
    match case {
        "seed" => {
            let record =
                seed::run::<Tuned<u64, [u8; 128]>, [u8; 128]>("split", 1_000_000, &mut probe);
            println!(
                "{} {} {} {}",
                record.after_insert,
                record.after_drain,
                record.after_delete,
                record.peak.unwrap_or(0)
            );
            let reported = record.reported.expect("reported");
            assert_eq!(
                [record.after_insert, record.after_drain, record.after_delete],
                reported,
                "heap_bytes() differs from dhat"
            );
        }
        "burst" => {
            let record: SeriesRecord =
                burst::run::<Tuned<u64, [u8; 128]>, [u8; 128]>("split", 1_000_000, 3, &mut probe);
            // The sample right after each drain: the last one, and each one
            // with the drained length before a fill.
            let floor = 10_000;
            let mut after_drains = Vec::new();
            for w in record.points.windows(2) {
                if w[0].len == floor && w[1].len >= floor && w[1].op == w[0].op {
                    after_drains.push(w[0].bytes);
                }
            }
            if let Some(last) = record.points.last() {
                after_drains.push(last.bytes);
            }
            after_drains.dedup();
            let peak = record.points.iter().map(|p| p.bytes).max().unwrap_or(0);
            println!(
                "{} {}",
                peak,
                after_drains
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            );
        }
        "hashbrown-seed" => {
            let record = seed::run::<HashbrownMap<u64, [u8; 128]>, [u8; 128]>(
                "hashbrown",
                1_000_000,
                &mut probe,
            );
            println!(
                "{} {} {} {}",
                record.after_insert,
                record.after_drain,
                record.after_delete,
                record.peak.unwrap_or(0)
            );
        }
        other => panic!("unknown case {other}"),
    }
}

fn in_child(case: &str, buckets: usize) -> String {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .args(["child", case, &buckets.to_string()])
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "child {case} {buckets} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}

fn run_memory(args: &Args) {
    const RIGHT_SIZED: u64 = 2_244_624;
    let hb = in_child("hashbrown-seed", 0);
    println!(
        "seed, 1M u64 -> [u8; 128], dhat bytes: after insert, after drain to 1%, after delete, peak"
    );
    println!("{:<16} {hb}", "hashbrown");
    let hb: Vec<f64> = hb.split(' ').map(|x| x.parse().expect("number")).collect();
    for &b in &args.buckets {
        let seed = in_child("seed", b);
        let f: Vec<f64> = seed
            .split(' ')
            .map(|x| x.parse().expect("number"))
            .collect();
        println!(
            "{:<16} {seed}   full {:.4}x, peak {:.4}x hashbrown, 1% {:.3}x right-sized",
            label(b),
            f[0] / hb[0],
            f[3] / hb[3],
            f[1] / RIGHT_SIZED as f64
        );
        let burst = in_child("burst", b);
        let (peak, drains) = burst.split_once(' ').expect("two fields");
        let worst = drains
            .split(',')
            .map(|x| x.parse::<u64>().expect("number"))
            .max()
            .unwrap_or(0);
        println!(
            "{:<16} burst: peak {peak}, after each drain {drains} (worst {:.3}x right-sized)",
            "",
            worst as f64 / RIGHT_SIZED as f64
        );
    }
}

/// ns/op of every throughput step, and bytes per entry after the inserts,
/// at several sizes. Small sizes repeat the round, keeping its best, so a
/// round lasts long enough to time.
fn run_scale(args: &Args) {
    println!(
        "scale: u64 -> u64, {} paired rounds per size (load before: {})",
        args.rounds,
        load()
    );
    println!(
        "{:>9} {:<10} {:>14} {:>14} {:>22} {:>14} {:>14}",
        "n", "op", "hashbrown ns", "split-map ns", "ratio", "hb B/entry", "split B/entry"
    );
    for n in [1_000usize, 64_000, 1_000_000, 8_000_000] {
        let rounds = if n >= 8_000_000 {
            args.rounds.min(5)
        } else {
            args.rounds
        };
        let repeats = (2_000_000 / n).clamp(1, 200);
        let all = xorshift_keys(2 * n);
        let (keys, fresh) = all.split_at(n);
        let best = |one: &dyn Fn() -> [f64; 6]| -> Vec<f64> {
            let mut best = [f64::INFINITY; 6];
            for _ in 0..repeats {
                for (b, x) in best.iter_mut().zip(one()) {
                    *b = b.min(x);
                }
            }
            best.to_vec()
        };
        let mut hashbrown = || {
            best(&|| {
                throughput::one_round::<HashbrownMap<u64, u64>, u64>(keys, fresh, 1)
                    .0
                    .timed()
            })
        };
        let mut ours = || {
            BUCKETS.store(args.buckets[0], Ordering::Relaxed);
            best(&|| {
                throughput::one_round::<Tuned<u64, u64>, u64>(keys, fresh, 1)
                    .0
                    .timed()
            })
        };
        let results = interleaved(rounds, &mut [&mut hashbrown, &mut ours]);
        let bytes = |heap: usize| heap as f64 / n as f64;
        let hb_bytes = {
            let mut m = HashbrownMap::<u64, u64>::default();
            keys.iter().for_each(|&k| {
                m.insert(k, k);
            });
            bytes(m.heap_bytes())
        };
        let our_bytes = {
            let mut m = Tuned::<u64, u64>::default();
            keys.iter().for_each(|&k| {
                m.insert(k, k);
            });
            bytes(m.heap_bytes())
        };
        for (op, name) in Op::TIMED.iter().enumerate() {
            let median = |r: &[Vec<f64>]| {
                Spread::of(&r.iter().map(|x| x[op]).collect::<Vec<_>>()).map_or(0.0, |s| s.median)
            };
            println!(
                "{n:>9} {:<10} {:>14.1} {:>14.1} {:>22} {:>14} {:>14}",
                name.label(),
                median(&results[0]),
                median(&results[1]),
                cell(Spread::of_ratios(&results[1], &results[0], op), 2),
                if op == 0 {
                    format!("{hb_bytes:.1}")
                } else {
                    String::new()
                },
                if op == 0 {
                    format!("{our_bytes:.1}")
                } else {
                    String::new()
                },
            );
        }
    }
}

/// One step over every key, timed, in ns per key.
fn timed(keys: usize, step: impl FnOnce()) -> f64 {
    let start = std::time::Instant::now();
    step();
    start.elapsed().as_nanos() as f64 / keys as f64
}

/// The steps of one map: `[insert, get hit, get miss, iterate, remove,
/// churn]`, each run on its own with the map in the state the step needs.
/// `which` picks the step; maps are built with `fill`.
fn step<M>(which: usize, keys: &[u64], fresh: &[u64], built: &M) -> f64
where
    M: MapStrategy<u64, u64> + MapIter<u64, u64> + Default,
{
    use std::hint::black_box;
    let fill = || {
        let mut map = M::default();
        for &k in keys {
            map.insert(k, k);
        }
        map
    };
    match which {
        0 => {
            let mut map = M::default();
            let ns = timed(keys.len(), || {
                for &k in keys {
                    map.insert(k, k);
                }
            });
            black_box(map.len());
            ns
        }
        1 => timed(keys.len(), || {
            let mut d = 0;
            for k in keys {
                d ^= built.get(k).copied().unwrap_or(0);
            }
            black_box(d);
        }),
        2 => timed(keys.len(), || {
            let mut d = 0usize;
            for k in keys {
                d += usize::from(built.get(&k.wrapping_add(1)).is_none());
            }
            black_box(d);
        }),
        3 => timed(keys.len(), || {
            let mut d = 0;
            built.for_each_entry(|_, v| d ^= v);
            black_box(d);
        }),
        4 => {
            let mut map = fill();
            timed(keys.len(), || {
                for k in keys {
                    black_box(map.remove(k));
                }
            })
        }
        _ => {
            let mut map = fill();
            timed(keys.len(), || {
                for (old, &new) in keys.iter().zip(fresh) {
                    black_box(map.remove(old));
                    map.insert(new, new);
                }
            })
        }
    }
}

fn run_phases(args: &Args) {
    let n = args.n.unwrap_or(1_000_000);
    BUCKETS.store(args.buckets[0], Ordering::Relaxed);
    let all = xorshift_keys(2 * n);
    let (keys, fresh) = all.split_at(n);
    println!(
        "phases: {n} xorshift u64 -> u64, {} pairs per step, each step alternating \
         between the maps (load before: {})",
        args.rounds,
        load()
    );
    let mut hb = HashbrownMap::<u64, u64>::default();
    let mut ours = Tuned::<u64, u64>::default();
    for &k in keys {
        hb.insert(k, k);
        ours.insert(k, k);
    }
    println!(
        "{:<10} {:>22} {:>22} {:>24}",
        "step", "hashbrown ns/op", "split-map ns/op", "split-map / hashbrown"
    );
    for (which, op) in Op::TIMED.iter().enumerate() {
        let mut a = || vec![step(which, keys, fresh, &hb)];
        let mut b = || vec![step(which, keys, fresh, &ours)];
        let results = interleaved(args.rounds, &mut [&mut a, &mut b]);
        let column = |r: &[Vec<f64>]| Spread::of(&r.iter().map(|x| x[0]).collect::<Vec<_>>());
        println!(
            "{:<10} {:>22} {:>22} {:>24}",
            op.label(),
            cell(column(&results[0]), 1),
            cell(column(&results[1]), 1),
            cell(Spread::of_ratios(&results[1], &results[0], 0), 3)
        );
    }
    println!("load after: {}", load());
}

/// The cost of doubling the directory, at up to `n` entries.
fn run_directory(args: &Args) {
    use std::time::Instant;
    let n = args.n.unwrap_or(10_000_000);
    BUCKETS.store(args.buckets[0], Ordering::Relaxed);
    let mut map = Tuned::<u64, [u64; 4]>::default();
    let mut splits = Vec::new();
    let mut doublings = Vec::new();
    for key in xorshift_keys(n) {
        let before = map.0.stats();
        let start = Instant::now();
        map.insert(key, [key; 4]);
        let ns = start.elapsed().as_nanos() as u64;
        let after = map.0.stats();
        if after.directory_doublings != before.directory_doublings {
            doublings.push((1usize << after.global_depth, ns));
        } else if after.splits != before.splits {
            splits.push(ns);
        }
    }
    splits.sort_unstable();
    println!(
        "{n} u64 -> [u64; 4], {} tables of {} buckets at most (load: {})",
        map.0.stats().tables,
        map.0.max_table_buckets(),
        load()
    );
    println!(
        "splits without a doubling: {}, median {} ns, p90 {} ns",
        splits.len(),
        splits[splits.len() / 2],
        splits[splits.len() * 9 / 10]
    );
    for (slots, ns) in doublings.iter().filter(|(slots, _)| *slots >= 256) {
        println!(
            "split that doubled the directory to {slots} slots ({} KiB): {ns} ns",
            slots * 4 / 1024
        );
    }
    // The copy itself, measured apart from the split, on a directory of
    // the final size: a Vec<u32> doubled as the map doubles it.
    let slots = 1usize << map.0.stats().global_depth;
    let mut copies = Vec::new();
    for _ in 0..9 {
        let mut dir: Vec<u32> = (0..slots as u32).collect();
        let start = Instant::now();
        dir.extend_from_within(..);
        copies.push(start.elapsed().as_nanos() as u64);
        std::hint::black_box(&dir);
    }
    copies.sort_unstable();
    println!(
        "doubling a {slots}-slot directory alone: median {} ns (min {}, max {})",
        copies[4], copies[0], copies[8]
    );
}

/// One line of `tail`: p99, p99.9, slowest, and the operations over each
/// threshold.
fn tail_line(name: &str, phase: &str, ns: &[u64]) {
    let mut sorted = ns.to_vec();
    sorted.sort_unstable();
    let at =
        |q: f64| sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1];
    let over = |t: u64| ns.iter().filter(|&&x| x > t).count();
    println!(
        "{name:>10} {phase:>5}: p99 {:>6} p99.9 {:>7} max {:>10} | over 1 µs {:>6}, 2 µs {:>5}, 5 µs {:>5}, 10 µs {:>5}, 20 µs {:>5}, 50 µs {:>5}, 100 µs {:>4}",
        at(0.99),
        at(0.999),
        sorted[sorted.len() - 1],
        over(1_000),
        over(2_000),
        over(5_000),
        over(10_000),
        over(20_000),
        over(50_000),
        over(100_000)
    );
}

/// The `tail` mode: see the module docs.
fn run_tail(args: &Args) {
    let n = args.n.unwrap_or(2_000_000);
    println!(
        "tail: grow to {n} u64 -> [u64; 4], drain shuffled; ns (load before: {})",
        load()
    );
    for round in 0..args.rounds {
        println!("round {round}");
        let (grow, drain) = samples::<HashbrownMap<u64, [u64; 4]>, [u64; 4]>(n, DrainOrder::Random);
        tail_line("hashbrown", "grow", &grow);
        tail_line("hashbrown", "drain", &drain);
        for &buckets in &args.buckets {
            BUCKETS.store(buckets, Ordering::Relaxed);
            let (grow, drain) = samples::<Tuned<u64, [u64; 4]>, [u64; 4]>(n, DrainOrder::Random);
            tail_line(&label(buckets), "grow", &grow);
            tail_line(&label(buckets), "drain", &drain);
        }
    }
    println!("load after: {}", load());
}

/// One round of `splits`: hashbrown's slowest insert, then split-map's
/// split inserts' median, p99 and slowest, in ns.
fn splits_round(n: usize, buckets: usize, hashbrown_first: bool) -> [f64; 4] {
    use std::time::Instant;
    let keys = xorshift_keys(n);
    let hashbrown = || {
        let mut map = HashbrownMap::<u64, [u64; 4]>::default();
        let mut worst = 0u64;
        for &key in &keys {
            let start = Instant::now();
            map.insert(key, [key; 4]);
            worst = worst.max(start.elapsed().as_nanos() as u64);
        }
        worst as f64
    };
    let split = || {
        BUCKETS.store(buckets, Ordering::Relaxed);
        let mut map = Tuned::<u64, [u64; 4]>::default();
        let mut splits = Vec::new();
        for &key in &keys {
            let before = map.0.stats().splits;
            let start = Instant::now();
            map.insert(key, [key; 4]);
            let ns = start.elapsed().as_nanos() as u64;
            if map.0.stats().splits != before {
                splits.push(ns);
            }
        }
        splits.sort_unstable();
        let at = |q: f64| splits[((splits.len() - 1) as f64 * q) as usize] as f64;
        [at(0.5), at(0.99), at(1.0)]
    };
    let (worst, [median, p99, max]) = if hashbrown_first {
        let worst = hashbrown();
        (worst, split())
    } else {
        let split = split();
        (hashbrown(), split)
    };
    [worst, median, p99, max]
}

/// The `splits` mode: see the module docs.
fn run_splits(args: &Args) {
    let n = args.n.unwrap_or(2_000_000);
    println!(
        "splits: grow to {n} u64 -> [u64; 4], {} paired rounds, order alternating (load before: {})",
        args.rounds,
        load()
    );
    for &buckets in &args.buckets {
        let rounds: Vec<[f64; 4]> = (0..args.rounds)
            .map(|round| splits_round(n, buckets, round % 2 == 0))
            .collect();
        let column = |i: usize| rounds.iter().map(|r| r[i]).collect::<Vec<_>>();
        let ratio = |i: usize| rounds.iter().map(|r| r[0] / r[i]).collect::<Vec<_>>();
        println!("{}", label(buckets));
        println!(
            "  hashbrown's resize pause, ms: {}",
            cell(
                Spread::of(&column(0).iter().map(|ns| ns / 1e6).collect::<Vec<_>>()),
                1
            )
        );
        for (i, name) in [(1, "median split"), (2, "p99 split"), (3, "slowest split")] {
            println!(
                "  {name:<13} µs: {:<24} resize / it: {}",
                cell(
                    Spread::of(&column(i).iter().map(|ns| ns / 1e3).collect::<Vec<_>>()),
                    1
                ),
                cell(Spread::of(&ratio(i)), 0)
            );
        }
    }
    println!("load after: {}", load());
}

fn main() {
    let args = args();
    match args.mode.as_str() {
        "child" => child(&args.rest),
        "throughput" => run_throughput(&args),
        "latency" => run_latency(&args),
        "memory" => run_memory(&args),
        "scale" => run_scale(&args),
        "directory" => run_directory(&args),
        "phases" => run_phases(&args),
        "splits" => run_splits(&args),
        "tail" => run_tail(&args),
        other => panic!(
            "unknown mode {other}: throughput, latency, memory, scale, phases, directory, splits or tail"
        ),
    }
}
