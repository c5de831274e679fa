//! The measurements behind split-map's table size and its targets, beside
//! hashbrown + ahash in the same process.
//!
//! ```text
//! cargo run --release -p split-map --example sweep -- throughput [--n N] [--rounds R] [--buckets 1024,4096]
//! cargo run --release -p split-map --example sweep -- latency    [--n N] [--rounds R] [--buckets ...]
//! cargo run --release -p split-map --example sweep -- memory     [--buckets ...]
//! cargo run --release -p split-map --example sweep -- scale      [--rounds R]
//! ```
//!
//! - `throughput`: map-bench's throughput workload (REFERENCE.md's 1M
//!   xorshift `u64 -> u64`: insert, get hit, get miss, iterate, remove,
//!   plus churn), one round per map per pass, the maps' order rotated each
//!   pass. Each figure is the median of the per-pass ratios to hashbrown,
//!   with their range.
//! - `latency`: grows a `u64 -> [u64; 4]` map to N (default 2M) xorshift
//!   keys timing every insert, then removes them in a shuffled order timing
//!   every remove. Prints per-pass worst op and p99.9, and the median and
//!   range over passes.
//! - `memory`: the seed experiment (1M `u64 -> [u8; 128]`, drain to 1%,
//!   delete all) and the burst workload (3 fills to 1M and drains to 1%),
//!   from map-bench, each in a child process measured by dhat.
//! - `scale`: ns/op and bytes per entry at 1k, 64k, 1M and 8M keys.
//!
//! The shuffled drain is this example's own loop (map-bench's latency
//! workload drains in insertion order); it belongs in map-bench.

use std::hint::black_box;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use map_api::baselines::HashbrownMap;
use map_api::{MapIter, MapStrategy, XorShift64};
use map_bench::heap::HeapProbe;
use map_bench::records::{Op, SeriesRecord};
use map_bench::values::BenchValue;
use map_bench::workloads::{burst, seed, throughput, xorshift_keys};
use split_map::SplitMap;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

/// The table size every `Tuned` map is built with.
static BUCKETS: AtomicUsize = AtomicUsize::new(4096);

/// A SplitMap whose `Default` uses the swept table size.
#[derive(Debug)]
struct Tuned<K, V>(SplitMap<K, V>);

impl<K, V> Default for Tuned<K, V>
where
    K: core::hash::Hash + Eq,
{
    fn default() -> Self {
        let mut map = SplitMap::new();
        map.set_max_table_buckets(BUCKETS.load(Ordering::Relaxed));
        Self(map)
    }
}

impl<K: core::hash::Hash + Eq, V> MapStrategy<K, V> for Tuned<K, V> {
    #[inline]
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.0.insert(key, value)
    }
    #[inline]
    fn get(&self, key: &K) -> Option<&V> {
        self.0.get(key)
    }
    #[inline]
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.0.get_mut(key)
    }
    #[inline]
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

fn median_and_range(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    let median = if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    };
    (median, xs[0], xs[n - 1])
}

struct Args {
    mode: String,
    n: Option<usize>,
    rounds: usize,
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
        buckets: vec![4096],
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
                    .map(|b| b.parse().expect("bucket count"))
                    .collect()
            }
            _ => out.rest.push(arg),
        }
    }
    out
}

/// One map's ns/op in one round, in `Op::TIMED` order.
fn throughput_round<M>(n: usize) -> Vec<f64>
where
    M: MapStrategy<u64, u64> + MapIter<u64, u64> + Default,
{
    throughput::run::<M, u64>("m", n, 1)
        .into_iter()
        .map(|r| r.ns_per_op)
        .collect()
}

fn run_throughput(args: &Args) {
    let n = args.n.unwrap_or(1_000_000);
    // Slot 0 is hashbrown; slot i + 1 is split-map at buckets[i].
    let slots = args.buckets.len() + 1;
    let mut ratios: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); Op::TIMED.len()]; slots];
    let mut hashbrown_ns: Vec<Vec<f64>> = vec![Vec::new(); Op::TIMED.len()];
    println!(
        "throughput: {n} xorshift u64 -> u64, {} passes, order rotated (load: {})",
        args.rounds,
        load()
    );
    for pass in 0..args.rounds {
        let mut results: Vec<Vec<f64>> = vec![Vec::new(); slots];
        for step in 0..slots {
            let slot = (pass + step) % slots;
            results[slot] = if slot == 0 {
                throughput_round::<HashbrownMap<u64, u64>>(n)
            } else {
                BUCKETS.store(args.buckets[slot - 1], Ordering::Relaxed);
                throughput_round::<Tuned<u64, u64>>(n)
            };
        }
        for (op, ns) in results[0].iter().enumerate() {
            hashbrown_ns[op].push(*ns);
        }
        for slot in 1..slots {
            for op in 0..Op::TIMED.len() {
                ratios[slot][op].push(results[slot][op] / results[0][op]);
            }
        }
    }
    print!("{:<10} {:>16}", "op", "hashbrown ns");
    for b in &args.buckets {
        print!(" {:>22}", format!("split {b}"));
    }
    println!();
    for (op_index, op) in Op::TIMED.iter().enumerate() {
        let (hb, lo, hi) = median_and_range(hashbrown_ns[op_index].clone());
        print!("{:<10} {:>16}", op.label(), format!("{hb:.1} ({lo:.1}-{hi:.1})"));
        for per_op in &ratios[1..] {
            let (m, lo, hi) = median_and_range(per_op[op_index].clone());
            print!(" {:>22}", format!("{m:.3} ({lo:.3}-{hi:.3})"));
        }
        println!();
    }
}

/// Per-op nanoseconds of a grow to `keys.len()` then a drain in `order`.
fn latency_pass<M: MapStrategy<u64, [u64; 4]> + Default>(
    keys: &[u64],
    order: &[u64],
) -> (Vec<u64>, Vec<u64>) {
    let mut map = M::default();
    let mut grow = Vec::with_capacity(keys.len());
    for &key in keys {
        let value = <[u64; 4]>::from_key(key);
        let start = Instant::now();
        map.insert(key, value);
        grow.push(start.elapsed().as_nanos() as u64);
    }
    let mut drain = Vec::with_capacity(keys.len());
    for key in order {
        let start = Instant::now();
        let removed = map.remove(key);
        drain.push(start.elapsed().as_nanos() as u64);
        black_box(removed);
    }
    assert_eq!(map.len(), 0);
    (grow, drain)
}

fn percentile(sorted: &[u64], q: f64) -> u64 {
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[derive(Clone, Copy, Default)]
struct Tail {
    p99: u64,
    p999: u64,
    p9999: u64,
    max: u64,
}

fn tail(mut ns: Vec<u64>) -> Tail {
    ns.sort_unstable();
    Tail {
        p99: percentile(&ns, 0.99),
        p999: percentile(&ns, 0.999),
        p9999: percentile(&ns, 0.9999),
        max: *ns.last().expect("timed ops"),
    }
}

fn shuffled(keys: &[u64]) -> Vec<u64> {
    let mut order = keys.to_vec();
    let mut rng = XorShift64::new(0xD1CE_5EED);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    order
}

fn run_latency(args: &Args) {
    let n = args.n.unwrap_or(2_000_000);
    let keys = xorshift_keys(n);
    let order = shuffled(&keys);
    let slots = args.buckets.len() + 1;
    // [slot][phase: grow, drain, both][pass]
    let mut tails: Vec<[Vec<Tail>; 3]> = vec![Default::default(); slots];
    println!(
        "latency: grow to {n} u64 -> [u64; 4] timing every insert, drain in shuffled order \
         timing every remove; {} passes (load: {})",
        args.rounds,
        load()
    );
    for pass in 0..args.rounds {
        for step in 0..slots {
            let slot = (pass + step) % slots;
            let (grow, drain) = if slot == 0 {
                latency_pass::<HashbrownMap<u64, [u64; 4]>>(&keys, &order)
            } else {
                BUCKETS.store(args.buckets[slot - 1], Ordering::Relaxed);
                latency_pass::<Tuned<u64, [u64; 4]>>(&keys, &order)
            };
            let both: Vec<u64> = grow.iter().chain(&drain).copied().collect();
            tails[slot][0].push(tail(grow));
            tails[slot][1].push(tail(drain));
            tails[slot][2].push(tail(both));
        }
        let hb = tails[0][2][pass];
        print!("pass {pass}: hashbrown max {:.1} ms p99.9 {} ns", hb.max as f64 / 1e6, hb.p999);
        for (phases, buckets) in tails[1..].iter().zip(&args.buckets) {
            let t = phases[2][pass];
            print!(
                " | split {} max {:.1} us p99.9 {} ns",
                buckets,
                t.max as f64 / 1e3,
                t.p999
            );
        }
        println!();
    }
    let names: Vec<String> = std::iter::once("hashbrown".to_string())
        .chain(args.buckets.iter().map(|b| format!("split {b}")))
        .collect();
    for (phase_index, phase) in ["grow", "drain", "grow+drain"].iter().enumerate() {
        println!("\n{phase}: median (range) over passes, ns");
        println!(
            "{:<12} {:>22} {:>22} {:>22} {:>26} {:>18} {:>18}",
            "map", "p99", "p99.9", "p99.99", "max", "max / hb max", "p99.9 / hb"
        );
        for slot in 0..slots {
            let pick = |f: fn(&Tail) -> u64| -> Vec<f64> {
                tails[slot][phase_index].iter().map(|t| f(t) as f64).collect()
            };
            let cell = |xs: Vec<f64>| {
                let (m, lo, hi) = median_and_range(xs);
                format!("{m:.0} ({lo:.0}-{hi:.0})")
            };
            let ratio = |f: fn(&Tail) -> u64| -> String {
                let xs: Vec<f64> = tails[slot][phase_index]
                    .iter()
                    .zip(&tails[0][phase_index])
                    .map(|(t, h)| f(t) as f64 / f(h) as f64)
                    .collect();
                let (m, lo, hi) = median_and_range(xs);
                format!("{m:.4} ({lo:.4}-{hi:.4})")
            };
            println!(
                "{:<12} {:>22} {:>22} {:>22} {:>26} {:>18} {:>18}",
                names[slot],
                cell(pick(|t| t.p99)),
                cell(pick(|t| t.p999)),
                cell(pick(|t| t.p9999)),
                cell(pick(|t| t.max)),
                ratio(|t| t.max),
                ratio(|t| t.p999),
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
            let record = seed::run::<Tuned<u64, [u8; 128]>, [u8; 128]>("split", 1_000_000, &mut probe);
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
    String::from_utf8(out.stdout).expect("utf-8").trim().to_string()
}

fn run_memory(args: &Args) {
    const RIGHT_SIZED: u64 = 2_244_624;
    let hb = in_child("hashbrown-seed", 4096);
    println!("seed, 1M u64 -> [u8; 128], dhat bytes: after insert, after drain to 1%, after delete, peak");
    println!("{:<16} {hb}", "hashbrown");
    let hb: Vec<f64> = hb.split(' ').map(|x| x.parse().expect("number")).collect();
    for &b in &args.buckets {
        let seed = in_child("seed", b);
        let f: Vec<f64> = seed.split(' ').map(|x| x.parse().expect("number")).collect();
        println!(
            "{:<16} {seed}   full {:.4}x, peak {:.4}x hashbrown, 1% {:.3}x right-sized",
            format!("split {b}"),
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

fn run_scale(args: &Args) {
    println!(
        "scale: ns/op (median of {} passes) and bytes/entry after insert, u64 -> u64 (load: {})",
        args.rounds,
        load()
    );
    println!(
        "{:>9} {:<10} {:>12} {:>12} {:>9} {:>12} {:>12}",
        "n", "op", "hashbrown", "split-map", "ratio", "hb B/entry", "split B/entry"
    );
    for n in [1_000usize, 64_000, 1_000_000, 8_000_000] {
        let rounds = if n >= 8_000_000 { args.rounds.min(3) } else { args.rounds };
        let mut hb = vec![Vec::new(); Op::TIMED.len()];
        let mut ours = vec![Vec::new(); Op::TIMED.len()];
        let mut ratio = vec![Vec::new(); Op::TIMED.len()];
        // Small maps finish in microseconds: repeat them.
        let reps = (4_000_000 / n).max(1);
        for pass in 0..rounds {
            let mut a = vec![0.0; Op::TIMED.len()];
            let mut b = vec![0.0; Op::TIMED.len()];
            for step in 0..2 {
                let target = if (pass + step) % 2 == 0 { &mut a } else { &mut b };
                let mut best = vec![f64::INFINITY; Op::TIMED.len()];
                for _ in 0..reps.min(50) {
                    let r = if (pass + step) % 2 == 0 {
                        throughput_round::<HashbrownMap<u64, u64>>(n)
                    } else {
                        throughput_round::<Tuned<u64, u64>>(n)
                    };
                    for (x, y) in best.iter_mut().zip(r) {
                        *x = x.min(y);
                    }
                }
                *target = best;
            }
            for op in 0..Op::TIMED.len() {
                hb[op].push(a[op]);
                ours[op].push(b[op]);
                ratio[op].push(b[op] / a[op]);
            }
        }
        let bytes = |fill: &dyn Fn() -> usize| fill() as f64 / n as f64;
        let hb_bytes = bytes(&|| {
            let mut m = HashbrownMap::<u64, u64>::default();
            for k in xorshift_keys(n) {
                m.insert(k, k);
            }
            m.heap_bytes()
        });
        let our_bytes = bytes(&|| {
            let mut m = Tuned::<u64, u64>::default();
            for k in xorshift_keys(n) {
                m.insert(k, k);
            }
            m.heap_bytes()
        });
        for (i, op) in Op::TIMED.iter().enumerate() {
            let (h, ..) = median_and_range(hb[i].clone());
            let (o, ..) = median_and_range(ours[i].clone());
            let (r, lo, hi) = median_and_range(ratio[i].clone());
            println!(
                "{n:>9} {:<10} {h:>12.1} {o:>12.1} {:>9} {:>12} {:>12}",
                op.label(),
                format!("{r:.2} ({lo:.2}-{hi:.2})"),
                if i == 0 { format!("{hb_bytes:.1}") } else { String::new() },
                if i == 0 { format!("{our_bytes:.1}") } else { String::new() },
            );
        }
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    let args = args();
    match args.mode.as_str() {
        "child" => child(&args.rest),
        "throughput" => run_throughput(&args),
        "latency" => run_latency(&args),
        "memory" => run_memory(&args),
        "scale" => run_scale(&args),
        other => panic!("unknown mode {other}: throughput, latency, memory or scale"),
    }
}
