//! Where the slowest single operations of map-bench's latency workload go
//! (`map_bench::workloads::latency::samples`: grow to N `u64 -> [u64; 4]`,
//! drain in a shuffled order), for docs/gen-map.md.
//!
//! ```text
//! cargo run --release -p gen-map --example gen-map-worst -- [N] [TOP]
//! ```
//!
//! The map is wrapped so that each operation is also timed with the
//! thread's CPU clock (on the project's VM it sometimes reads more than
//! the wall time, so the ranking is by wall time),
//! counted in page faults and involuntary context switches (`getrusage`;
//! an operation the scheduler interrupted is left out of the ranking, its
//! wall time not being the map's), and labelled with what
//! `stats()` says it did: a rotation, a migration batch, a block prepared,
//! released or freed. Prints the TOP (default 12) operations by wall time,
//! and the worst operation of each kind.

use std::cell::RefCell;
use std::time::Instant;

use map_api::MapStrategy;
use map_bench::workloads::latency::{DrainOrder, samples};

use gen_map::{GenMap, Stats};

#[derive(Clone, Copy, Debug)]
struct Sample {
    index: usize,
    insert: bool,
    wall_ns: u64,
    cpu_ns: u64,
    faults: u64,
    /// Involuntary context switches during the operation: the scheduler
    /// took the CPU away, so its wall time is not the map's.
    preempted: u64,
    what: &'static str,
    before: Stats,
    after: Stats,
}

thread_local! {
    static SAMPLES: RefCell<Vec<Sample>> = const { RefCell::new(Vec::new()) };
}

fn cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Page faults and involuntary context switches of this thread so far.
fn usage() -> (u64, u64) {
    // SAFETY: an all-zero rusage is a valid value to be overwritten.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage.
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
    (
        (usage.ru_minflt + usage.ru_majflt) as u64,
        usage.ru_nivcsw as u64,
    )
}

/// What the operation did, from the change in `stats()`.
fn classify(b: &Stats, a: &Stats) -> &'static str {
    let rotations = |s: &Stats| s.grow_rotations + s.shrink_rotations + s.manual_rotations;
    if rotations(a) > rotations(b) {
        "rotation"
    } else if a.retiring_bytes < b.retiring_bytes && a.retiring_bytes == 0 {
        "final free of a retired block"
    } else if b.previous_buckets > 0 && a.previous_buckets == 0 {
        "migration ends (table retired)"
    } else if a.prepared_bytes > b.prepared_bytes {
        "block prepared (allocated)"
    } else if a.retiring_bytes < b.retiring_bytes {
        "release slice"
    } else if a.migrated > b.migrated && a.prepared_bytes > 0 {
        "migration batch + prefault"
    } else if a.migrated > b.migrated {
        "migration batch"
    } else if a.prepared_bytes > 0 {
        "prefault slice"
    } else {
        "plain"
    }
}

#[derive(Default)]
struct Probe(GenMap<u64, [u64; 4]>);

impl Probe {
    fn timed<R>(&mut self, insert: bool, op: impl FnOnce(&mut GenMap<u64, [u64; 4]>) -> R) -> R {
        let before = self.0.stats();
        let ((f0, s0), c0, w0) = (usage(), cpu_ns(), Instant::now());
        let result = op(&mut self.0);
        let wall_ns = w0.elapsed().as_nanos() as u64;
        let (c1, (f1, s1)) = (cpu_ns(), usage());
        let after = self.0.stats();
        SAMPLES.with(|s| {
            let mut s = s.borrow_mut();
            let index = s.len();
            s.push(Sample {
                index,
                insert,
                wall_ns,
                cpu_ns: c1 - c0,
                faults: f1 - f0,
                preempted: s1 - s0,
                what: classify(&before, &after),
                before,
                after,
            });
        });
        result
    }
}

impl MapStrategy<u64, [u64; 4]> for Probe {
    fn insert(&mut self, key: u64, value: [u64; 4]) -> Option<[u64; 4]> {
        self.timed(true, |m| m.insert(key, value))
    }
    fn get(&self, key: &u64) -> Option<&[u64; 4]> {
        self.0.get(key)
    }
    fn get_mut(&mut self, key: &u64) -> Option<&mut [u64; 4]> {
        self.0.get_mut(key)
    }
    fn remove(&mut self, key: &u64) -> Option<[u64; 4]> {
        self.timed(false, |m| m.remove(key))
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

fn show(s: &Sample) {
    println!(
        "#{:>8} {} cpu {:>7.1} us wall {:>7.1} us faults {:>5} switches {} {:<32} cur {}b prev {}b prep {} ret {}->{} batch {}",
        s.index,
        if s.insert { "ins" } else { "rem" },
        s.cpu_ns as f64 / 1e3,
        s.wall_ns as f64 / 1e3,
        s.faults,
        s.preempted,
        s.what,
        s.after.current_buckets,
        s.before.previous_buckets,
        s.after.prepared_bytes,
        s.before.retiring_bytes,
        s.after.retiring_bytes,
        s.after.migration_batch,
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n = args.next().map_or(2_000_000, |n| n.parse().expect("N"));
    let top = args.next().map_or(12, |n| n.parse().expect("TOP"));
    // WARM_MB: touch and free this much memory first, so that the run's
    // page faults find memory the VM's host has already backed (a fresh
    // VM's first touch of guest memory costs a host fault too).
    let warm_mb: usize = std::env::var("WARM_MB").map_or(0, |v| v.parse().expect("WARM_MB"));
    if warm_mb > 0 {
        let mut warm = vec![0u8; warm_mb << 20];
        for page in warm.chunks_mut(4096) {
            page[0] = 1;
        }
        std::hint::black_box(&warm);
    }
    let (grow, drain) = samples::<Probe, [u64; 4]>(n, DrainOrder::Random);
    let worst_wall = grow.iter().chain(&drain).max().copied().unwrap_or(0);
    let mut all = SAMPLES.with(|s| s.take());
    println!(
        "{n} u64 -> [u64; 4], grow then shuffled drain: worst wall (map-bench's own timer) {:.1} us",
        worst_wall as f64 / 1e3
    );
    let mut walls: Vec<u64> = all.iter().map(|s| s.wall_ns).collect();
    walls.sort_unstable();
    let at = |q: f64| walls[((walls.len() as f64 * q).ceil() as usize).clamp(1, walls.len()) - 1];
    println!(
        "every op, wrapper's wall clock: p99 {:.1} us, p99.9 {:.1} us, p99.99 {:.1} us",
        at(0.99) as f64 / 1e3,
        at(0.999) as f64 / 1e3,
        at(0.9999) as f64 / 1e3
    );
    let preempted = all.iter().filter(|s| s.preempted > 0).count();
    println!(
        "{preempted} of {} operations were preempted (an involuntary context switch); the rest, by wall time:",
        all.len()
    );
    all.retain(|s| s.preempted == 0);
    all.sort_by_key(|s| std::cmp::Reverse(s.wall_ns));
    println!("top {top}:");
    all.iter().take(top).for_each(show);
    println!("worst of each kind:");
    let mut seen: Vec<&str> = Vec::new();
    for s in &all {
        if !seen.contains(&s.what) {
            seen.push(s.what);
            show(s);
        }
    }
    let max_faults = all.iter().map(|s| s.faults).max().unwrap_or(0);
    let total_faults: u64 = all.iter().map(|s| s.faults).sum();
    println!("most faults in one op: {max_faults}; total {total_faults}");
}
