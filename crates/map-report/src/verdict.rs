//! How the report decides between maps, and when it will not.
//!
//! A timing is a median over rounds with a range; a byte count is exact
//! (dhat counts every byte) but two counts within 1% (or 4 KiB) are taken
//! as the same. The best candidate is the one with the lowest median; every
//! candidate whose range overlaps the best's is **tied** with it. A
//! recommendation names a winner only when nothing is tied with it. When
//! the best candidates tie on a need's first measure, its second measure
//! (if it has one) may separate them, by the same rule; otherwise the row
//! says tie and names them all.

use map_bench::rounds::Spread;
use serde::Serialize;

/// A map's score on one measure: lower is better.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The map.
    pub name: String,
    /// Its score.
    pub score: Spread,
}

/// A byte count as a score: exact, but counts within 1% (or 4 KiB) of each
/// other overlap.
pub fn bytes_score(bytes: f64) -> Spread {
    bytes_score_within(bytes, 4096.0)
}

/// A byte count as a score, counts within 1% (or `floor` bytes) of each
/// other overlapping: `floor` is 4 KiB for a map's total, half a byte for a
/// figure per entry.
pub fn bytes_score_within(bytes: f64, floor: f64) -> Spread {
    let half = (bytes.abs() * 0.01).max(floor) / 2.0;
    Spread {
        median: bytes,
        min: bytes - half,
        max: bytes + half,
        count: 1,
    }
}

/// What a comparison decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Verdict {
    /// One map beat every other; no range overlaps its range.
    Winner(Candidate),
    /// The best map's range overlaps these maps' ranges (best first).
    Tie(Vec<Candidate>),
    /// Nothing was measured.
    Unmeasured,
}

impl Verdict {
    /// The winner's name, if there is one.
    pub fn winner(&self) -> Option<&str> {
        match self {
            Verdict::Winner(c) => Some(&c.name),
            _ => None,
        }
    }
}

/// The best of `candidates` (lowest median), unless others tie with it.
pub fn decide(candidates: &[Candidate]) -> Verdict {
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by(|a, b| a.score.median.total_cmp(&b.score.median));
    let Some(best) = sorted.first() else {
        return Verdict::Unmeasured;
    };
    let tied: Vec<Candidate> = sorted
        .iter()
        .filter(|c| c.score.overlaps(&best.score))
        .map(|c| (*c).clone())
        .collect();
    if tied.len() == 1 {
        Verdict::Winner((*best).clone())
    } else {
        Verdict::Tie(tied)
    }
}

/// [`decide`] on the first measure; a tie there goes to `second`, scored
/// only among the tied maps. Returns the verdict and whether the second
/// measure decided it.
pub fn decide_then(
    candidates: &[Candidate],
    second: impl Fn(&str) -> Option<Spread>,
) -> (Verdict, bool) {
    match decide(candidates) {
        Verdict::Tie(tied) => {
            let again: Vec<Candidate> = tied
                .iter()
                .filter_map(|c| {
                    Some(Candidate {
                        name: c.name.clone(),
                        score: second(&c.name)?,
                    })
                })
                .collect();
            // Only if every tied map was measured on the second count.
            if again.len() == tied.len()
                && let Verdict::Winner(w) = decide(&again)
            {
                return (Verdict::Winner(w), true);
            }
            (Verdict::Tie(tied), false)
        }
        other => (other, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, median: f64, min: f64, max: f64) -> Candidate {
        Candidate {
            name: name.into(),
            score: Spread {
                median,
                min,
                max,
                count: 7,
            },
        }
    }

    #[test]
    fn a_clear_best_wins() {
        let v = decide(&[c("a", 2.0, 1.8, 2.2), c("b", 1.0, 0.9, 1.1)]);
        assert_eq!(v.winner(), Some("b"));
    }

    #[test]
    fn overlapping_ranges_tie_and_name_everyone_tied() {
        let v = decide(&[
            c("a", 1.0, 0.9, 1.3),
            c("b", 1.2, 1.1, 1.5),
            c("c", 3.0, 2.9, 3.1),
        ]);
        match v {
            Verdict::Tie(tied) => {
                let names: Vec<&str> = tied.iter().map(|c| c.name.as_str()).collect();
                assert_eq!(names, ["a", "b"]);
            }
            other => panic!("expected a tie, got {other:?}"),
        }
        assert_eq!(decide(&[]), Verdict::Unmeasured);
    }

    #[test]
    fn the_second_measure_breaks_a_tie_only_when_it_separates() {
        let tied = [
            c("a", 0.0, 0.0, 0.0),
            c("b", 0.0, 0.0, 0.0),
            c("z", 9.0, 9.0, 9.0),
        ];
        let (v, second) = decide_then(&tied, |name| {
            Some(match name {
                "a" => Spread::of(&[2.0, 2.1, 2.2]).unwrap(),
                _ => Spread::of(&[1.0, 1.1, 1.2]).unwrap(),
            })
        });
        assert_eq!((v.winner(), second), (Some("b"), true));
        let (v, second) = decide_then(&tied, |_| Spread::of(&[1.0, 2.0]));
        assert!(matches!(v, Verdict::Tie(ref t) if t.len() == 2) && !second);
        let (v, _) = decide_then(&tied, |name| {
            (name == "a").then(|| Spread::of(&[1.0]).unwrap())
        });
        assert!(
            matches!(v, Verdict::Tie(_)),
            "an unmeasured map cannot lose a tie-break"
        );
    }

    #[test]
    fn byte_counts_within_one_percent_tie() {
        assert!(bytes_score(1_000_000.0).overlaps(&bytes_score(1_009_000.0)));
        assert!(!bytes_score(1_000_000.0).overlaps(&bytes_score(1_030_000.0)));
        assert!(bytes_score(0.0).overlaps(&bytes_score(2_000.0)));
        let per_entry = |b| bytes_score_within(b, 0.5);
        assert!(!per_entry(200.0).overlaps(&per_entry(2_600.0)));
        assert!(per_entry(51.6).overlaps(&per_entry(51.7)));
    }
}
