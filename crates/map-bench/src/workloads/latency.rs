//! Latency: every single operation timed, for the tail that averages hide.

use std::hint::black_box;
use std::time::Instant;

use map_api::MapStrategy;

use super::xorshift_keys;
use crate::records::{LatencyRecord, Phase, TimelineRecord};
use crate::values::BenchValue;

/// The order a drain removes keys in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrainOrder {
    /// The order the keys were inserted in.
    Insertion,
    /// A fixed shuffle of it, as a cache evicts.
    Random,
}

/// Grows an empty map to `n` entries, timing every insert, then removes
/// every entry in insertion order, timing every remove. A resize or a
/// shrink shows up as one slow operation: the maximum.
pub fn run<M, V>(strategy: &str, n: usize) -> Vec<LatencyRecord>
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    run_ordered::<M, V>(strategy, n, DrainOrder::Insertion)
}

/// Points per timeline: one per pixel column of a wide chart, and few
/// enough to keep `results.json` small.
pub const TIMELINE_POINTS: usize = 1_000;

/// One round of the latency workload as the report runs it: grow to `n`
/// and drain in insertion order, then grow a fresh map and drain it in a
/// shuffled order (as a cache evicts). Returns the percentiles of the
/// first grow and of both drains, and a timeline of each.
pub fn round<M, V>(
    strategy: &str,
    n: usize,
    round: u32,
) -> (Vec<LatencyRecord>, Vec<TimelineRecord>)
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    let (grow, drain) = samples::<M, V>(n, DrainOrder::Insertion);
    let (_, drain_random) = samples::<M, V>(n, DrainOrder::Random);
    let mut latencies = Vec::with_capacity(3);
    let mut timelines = Vec::with_capacity(3);
    for (phase, mut ns) in [
        (Phase::Grow, grow),
        (Phase::Drain, drain),
        (Phase::DrainRandom, drain_random),
    ] {
        timelines.push(timeline(
            strategy,
            V::NAME,
            n,
            phase,
            round,
            &ns,
            TIMELINE_POINTS,
        ));
        let mut record = summarise(strategy, V::NAME, n, phase, &mut ns);
        record.round = round;
        latencies.push(record);
    }
    (latencies, timelines)
}

/// The timeline of `samples`: the slowest of each run of consecutive
/// operations, about `points` runs.
pub fn timeline(
    strategy: &str,
    value: &str,
    n: usize,
    phase: Phase,
    round: u32,
    samples: &[u64],
    points: usize,
) -> TimelineRecord {
    let per_point = samples.len().div_ceil(points.max(1)).max(1);
    TimelineRecord {
        strategy: strategy.to_string(),
        value: value.to_string(),
        n: n as u64,
        phase,
        round,
        ops_per_point: per_point as u64,
        max_ns: samples
            .chunks(per_point)
            .map(|run| run.iter().copied().max().unwrap_or(0))
            .collect(),
    }
}

/// [`run`], draining in `order`; the drain's record is [`Phase::Drain`]
/// or [`Phase::DrainRandom`].
pub fn run_ordered<M, V>(strategy: &str, n: usize, order: DrainOrder) -> Vec<LatencyRecord>
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    let (mut grow, mut drain) = samples::<M, V>(n, order);
    let phase = match order {
        DrainOrder::Insertion => Phase::Drain,
        DrainOrder::Random => Phase::DrainRandom,
    };
    vec![
        summarise(strategy, V::NAME, n, Phase::Grow, &mut grow),
        summarise(strategy, V::NAME, n, phase, &mut drain),
    ]
}

/// Every operation's time in nanoseconds, in the order performed: the
/// inserts growing an empty map to `n` entries, then the removes draining
/// it in `order`. A timeline of these shows each resize, shrink,
/// compaction or migration as a spike.
pub fn samples<M, V>(n: usize, order: DrainOrder) -> (Vec<u64>, Vec<u64>)
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    let mut keys = xorshift_keys(n);
    let mut grow = Vec::with_capacity(n);
    let mut map = M::default();
    for &key in &keys {
        let value = V::from_key(key);
        let start = Instant::now();
        map.insert(key, value);
        grow.push(start.elapsed().as_nanos() as u64);
    }
    if order == DrainOrder::Random {
        super::drain_levels::shuffle(&mut keys, 0x5EED_D2A1);
    }
    let mut drain = Vec::with_capacity(n);
    for key in &keys {
        let start = Instant::now();
        let removed = map.remove(key);
        drain.push(start.elapsed().as_nanos() as u64);
        black_box(removed);
    }
    (grow, drain)
}

/// Each operation's fastest time over several runs of [`samples`], for
/// the slowest operation that is slow in every run.
///
/// On a shared machine the slowest single operation of one run is often
/// not the map's at all: the host or the scheduler stalls whichever
/// operation is running, for hundreds of microseconds or more. The
/// workload is deterministic, so for a map whose pauses depend only on
/// the sequence of operations (a resize at a given length, a migration
/// batch every so many writes), each pause falls on the same operation in
/// every run and survives the minimum, while a stall that strikes a random
/// operation does not, unless it strikes the same one in every run.
/// [`repeatable_worst`](Self::repeatable_worst) is therefore a lower bound
/// on the map's own worst pause, and an exact one for such maps; a map
/// whose pauses move with its hash seed (split-map's splits) gets no
/// meaning from it.
#[derive(Debug, Clone, Default)]
pub struct FastestPerOp {
    grow: Vec<u64>,
    drain: Vec<u64>,
    runs: usize,
}

impl FastestPerOp {
    /// Folds in one run's samples, as [`samples`] returns them.
    ///
    /// # Panics
    ///
    /// Panics if the run's lengths differ from the earlier runs'.
    #[track_caller]
    pub fn add(&mut self, grow: &[u64], drain: &[u64]) {
        if self.runs == 0 {
            self.grow = grow.to_vec();
            self.drain = drain.to_vec();
        } else {
            assert!(
                grow.len() == self.grow.len() && drain.len() == self.drain.len(),
                "every run must perform the same operations"
            );
            for (fastest, &ns) in self.grow.iter_mut().zip(grow) {
                *fastest = (*fastest).min(ns);
            }
            for (fastest, &ns) in self.drain.iter_mut().zip(drain) {
                *fastest = (*fastest).min(ns);
            }
        }
        self.runs += 1;
    }

    /// The runs folded in so far.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// The slowest operation's fastest time, in nanoseconds, over the grow
    /// and the drain: 0 before any run.
    pub fn repeatable_worst(&self) -> u64 {
        self.slowest().map_or(0, |(_, ns)| ns)
    }

    /// Which operation [`repeatable_worst`](Self::repeatable_worst) is, as
    /// its position in the run (the grow's inserts, then the drain's
    /// removes), and its time; `None` before any run. The first of equals.
    pub fn slowest(&self) -> Option<(usize, u64)> {
        self.grow
            .iter()
            .chain(&self.drain)
            .copied()
            .enumerate()
            .fold(None, |slowest, (at, ns)| match slowest {
                Some((_, worst)) if worst >= ns => slowest,
                _ => Some((at, ns)),
            })
    }

    /// The operations of one run's grow: the inserts come first in
    /// [`slowest`](Self::slowest)'s positions.
    pub fn grow_len(&self) -> usize {
        self.grow.len()
    }
}

/// Percentiles of `samples` (which it sorts).
pub fn summarise(
    strategy: &str,
    value: &str,
    n: usize,
    phase: Phase,
    samples: &mut [u64],
) -> LatencyRecord {
    samples.sort_unstable();
    let at = |quantile: f64| -> u64 {
        if samples.is_empty() {
            return 0;
        }
        let rank = ((samples.len() as f64 * quantile).ceil() as usize).clamp(1, samples.len());
        samples[rank - 1]
    };
    LatencyRecord {
        strategy: strategy.to_string(),
        value: value.to_string(),
        n: n as u64,
        phase,
        round: 0,
        count: samples.len() as u64,
        p50_ns: at(0.50),
        p99_ns: at(0.99),
        p999_ns: at(0.999),
        p9999_ns: at(0.9999),
        max_ns: samples.last().copied().unwrap_or(0),
        over_1ms: samples
            .iter()
            .rev()
            .take_while(|&&ns| ns > 1_000_000)
            .count() as u64,
    }
}

#[cfg(test)]
mod tests {
    use map_baselines::HashbrownMap;

    use super::*;

    #[test]
    fn fastest_per_op_keeps_a_pause_every_run_shares_and_drops_one_that_moves() {
        let mut fastest = FastestPerOp::default();
        assert_eq!(fastest.repeatable_worst(), 0);
        // A pause at operation 2 in both runs, a stall at 0 then at 3.
        fastest.add(&[900, 10, 500, 10], &[10, 10]);
        fastest.add(&[10, 10, 600, 800], &[10, 20]);
        assert_eq!(fastest.runs(), 2);
        assert_eq!(fastest.repeatable_worst(), 500);
        assert_eq!(fastest.slowest(), Some((2, 500)));
        assert_eq!(fastest.grow_len(), 4);
    }

    #[test]
    #[should_panic(expected = "same operations")]
    fn fastest_per_op_refuses_runs_of_different_lengths() {
        let mut fastest = FastestPerOp::default();
        fastest.add(&[1, 2], &[3]);
        fastest.add(&[1], &[3]);
    }

    #[test]
    fn a_round_measures_three_phases_with_timelines() {
        let (latencies, timelines) = round::<HashbrownMap<u64, u64>, u64>("hashbrown", 5_000, 3);
        let phases: Vec<Phase> = latencies.iter().map(|r| r.phase).collect();
        assert_eq!(phases, Phase::ALL);
        assert!(latencies.iter().all(|r| r.count == 5_000 && r.round == 3));
        assert!(timelines.iter().all(|t| t.ops_per_point == 5
            && t.max_ns.len() == 1_000
            && t.phase == latencies[timelines.iter().position(|x| x == t).unwrap()].phase));
    }

    #[test]
    fn timelines_keep_every_spike() {
        let mut samples = vec![10u64; 2_500];
        samples[1_234] = 9_999;
        let t = timeline("m", "u64", 2_500, Phase::Grow, 0, &samples, 1_000);
        assert_eq!(t.ops_per_point, 3);
        assert_eq!(t.max_ns.len(), 834);
        assert_eq!(t.max_ns[1_234 / 3], 9_999);
        assert_eq!(t.max_ns.iter().filter(|&&ns| ns == 9_999).count(), 1);
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut samples: Vec<u64> = (1..=10_000).rev().collect();
        let record = summarise("m", "u64", 10_000, Phase::Grow, &mut samples);
        assert_eq!(record.p50_ns, 5_000);
        assert_eq!(record.p99_ns, 9_900);
        assert_eq!(record.p999_ns, 9_990);
        assert_eq!(record.p9999_ns, 9_999);
        assert_eq!(record.max_ns, 10_000);
        assert_eq!(record.over_1ms, 0);
        let mut slow = vec![5, 2_000_000, 3_000_000];
        assert_eq!(
            summarise("m", "u64", 3, Phase::Drain, &mut slow).over_1ms,
            2
        );
    }
}
