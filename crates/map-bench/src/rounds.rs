//! Paired, interleaved rounds: how every timing in the workspace is taken.
//!
//! A shared VM moves one run of one map by tens of percent: the same map
//! measured 0.48× and 1.16× hashbrown within minutes. A single run, or a
//! best-of-N that a slow spell can fall on for one map and not the next,
//! says little. So every map of a comparison runs once per round, the
//! order rotating from round to round, and each map's figure is compared
//! with the baseline's figure *from the same round*: a slow spell slows
//! both halves of the pair. A comparison reports the median of the
//! per-round ratios and their range.
//!
//! ```
//! use map_bench::rounds::{Spread, interleaved};
//!
//! // Two "maps", each returning one figure per round (say ns/op).
//! let times = interleaved(7, &mut [&mut || vec![10.0], &mut || vec![12.0]]);
//! assert_eq!(times.len(), 2); // one row per map
//! assert_eq!(times[1].len(), 7); // one figure set per round
//! let ratio = Spread::of_ratios(&times[1], &times[0], 0).unwrap();
//! assert_eq!(ratio.median, 1.2);
//! ```

/// The median of some samples and their range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The median (the mean of the middle two for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// How many samples.
    pub count: usize,
}

impl Spread {
    /// The spread of `samples`, ignoring NaNs; `None` if none remain.
    pub fn of(samples: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|x| !x.is_nan()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Some(Spread {
            median,
            min: sorted[0],
            max: sorted[n - 1],
            count: n,
        })
    }

    /// The spread of the per-round ratios `candidate[r][op] /
    /// baseline[r][op]`: each round's figure over the baseline's figure
    /// from the same round.
    pub fn of_ratios(candidate: &[Vec<f64>], baseline: &[Vec<f64>], op: usize) -> Option<Spread> {
        let ratios: Vec<f64> = candidate
            .iter()
            .zip(baseline)
            .filter_map(|(c, b)| Some(c.get(op)? / b.get(op)?))
            .collect();
        Spread::of(&ratios)
    }

    /// Whether two spreads' ranges overlap, so that the runs cannot tell
    /// them apart.
    pub fn overlaps(&self, other: &Spread) -> bool {
        self.min <= other.max && other.min <= self.max
    }

    /// The range relative to the median, `(max - min) / median`: how noisy
    /// the samples were.
    pub fn relative_range(&self) -> f64 {
        (self.max - self.min) / self.median
    }
}

/// Runs every closure once per round for `rounds` rounds, starting each
/// round one closure later than the last, and returns each closure's
/// figures per round: `result[map][round]`.
///
/// Each closure is one map's measurement, returning its figures (one per
/// operation, say). Rotating the start spreads whatever the first run of a
/// round pays (a cold cache, a page-fault storm) over every map.
pub fn interleaved(rounds: usize, runs: &mut [&mut dyn FnMut() -> Vec<f64>]) -> Vec<Vec<Vec<f64>>> {
    let maps = runs.len();
    let mut results: Vec<Vec<Vec<f64>>> = (0..maps).map(|_| Vec::with_capacity(rounds)).collect();
    for round in 0..rounds {
        for turn in 0..maps {
            let map = (round + turn) % maps;
            results[map].push((runs[map])());
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_odd_and_even_counts() {
        let s = Spread::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.count), (2.0, 1.0, 3.0, 3));
        let s = Spread::of(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(s.median, 2.5);
        assert!(Spread::of(&[]).is_none());
        assert!(Spread::of(&[f64::NAN]).is_none());
    }

    #[test]
    fn ratios_pair_rounds() {
        // The baseline is slow in round 1; so is the candidate: the pair
        // cancels the slow spell.
        let baseline = vec![vec![10.0], vec![20.0], vec![10.0]];
        let candidate = vec![vec![11.0], vec![22.0], vec![12.0]];
        let s = Spread::of_ratios(&candidate, &baseline, 0).unwrap();
        assert!((s.median - 1.1).abs() < 1e-12);
        assert!((s.max - 1.2).abs() < 1e-12);
    }

    #[test]
    fn rounds_rotate_the_order() {
        let order = std::cell::RefCell::new(Vec::new());
        let mut a = || {
            order.borrow_mut().push('a');
            vec![1.0]
        };
        let mut b = || {
            order.borrow_mut().push('b');
            vec![2.0]
        };
        let mut c = || {
            order.borrow_mut().push('c');
            vec![3.0]
        };
        let results = interleaved(3, &mut [&mut a, &mut b, &mut c]);
        assert_eq!(order.into_inner().iter().collect::<String>(), "abcbcacab");
        assert_eq!(results[2], vec![vec![3.0]; 3]);
    }

    #[test]
    fn overlap() {
        let a = Spread::of(&[1.0, 2.0]).unwrap();
        let b = Spread::of(&[1.9, 3.0]).unwrap();
        let c = Spread::of(&[2.1, 3.0]).unwrap();
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c));
    }
}
