//! The recommendation: one line per need, decided from this run's figures
//! by the rules of `verdict.rs`, never on a tie.

use map_bench::records::Op;
use map_bench::rounds::Spread;
use serde::Serialize;

use crate::doc::{Cell, Table, Tone};
use crate::format;
use crate::plan::{GO_PORT, SEED_VALUE};
use crate::results::{REFERENCE, Results};
use crate::verdict::{self, Candidate, Verdict};

use super::Ctx;

/// How a measure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// Bytes.
    Bytes,
    /// A ratio to the reference.
    Ratio,
    /// Nanoseconds.
    Nanos,
    /// Bytes per entry.
    PerEntry,
}

impl Unit {
    fn show(self, s: &Spread) -> String {
        match self {
            Unit::Bytes => format::mib(s.median.max(0.0) as u64),
            Unit::Ratio => format::spread_ratio(s),
            Unit::Nanos => format::spread_ns(s),
            Unit::PerEntry => format!("{:.1} B", s.median),
        }
    }
}

/// A map's score on a measure, if it was measured.
type Score = Box<dyn Fn(&Results, &str) -> Option<Spread>>;

/// One measure a need is decided on: lower is better.
struct Measure {
    label: &'static str,
    unit: Unit,
    score: Score,
}

/// One row of the recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// The need, such as `bursty cache`.
    pub need: &'static str,
    /// The measure it is decided on first.
    pub measure: &'static str,
    /// The measure that breaks a tie on the first, if the need has one.
    pub second: Option<&'static str>,
    /// Every candidate scored on the first measure.
    pub pool: Vec<Candidate>,
    /// The decision.
    pub verdict: Verdict,
    /// Whether the second measure decided it.
    pub by_second: bool,
    /// The figures behind it, in words.
    pub because: String,
}

fn bytes(f: impl Fn(&Results, &str) -> Option<f64> + 'static) -> Score {
    Box::new(move |r, name| f(r, name).map(verdict::bytes_score))
}

fn ratio(ops: &'static [Op]) -> Score {
    Box::new(move |r, name| r.ratio(name, "u64", r.sizes.throughput_n, ops))
}

fn needs() -> Vec<(&'static str, Measure, Option<Measure>)> {
    let burst_end = || Measure {
        label: "bytes held after a burst drains to 1%",
        unit: Unit::Bytes,
        score: bytes(|r, name| Some(r.series(name, false)?.points.last()?.bytes as f64)),
    };
    let churn = || Measure {
        label: "churn time, paired ratio to hashbrown",
        unit: Unit::Ratio,
        score: ratio(&[Op::Churn]),
    };
    let peak = Measure {
        label: "peak bytes in the seed experiment",
        unit: Unit::Bytes,
        score: bytes(|r, name| {
            let seed = r.seed(name, SEED_VALUE.type_name(), r.sizes.seed_n)?;
            seed.peak.map(|p| p as f64)
        }),
    };
    let after_delete = Measure {
        label: "bytes kept after deleting everything",
        unit: Unit::Bytes,
        score: bytes(|r, name| {
            Some(
                r.seed(name, SEED_VALUE.type_name(), r.sizes.seed_n)?
                    .after_delete as f64,
            )
        }),
    };
    let pause = Measure {
        label: "slowest single insert or remove (median of the rounds' worst)",
        unit: Unit::Nanos,
        score: Box::new(|r, name| r.worst_pause(name)),
    };
    let p999 = Measure {
        label: "p99.9 of removes in random order",
        unit: Unit::Nanos,
        score: Box::new(|r, name| {
            r.latency(name, map_bench::records::Phase::DrainRandom, |l| l.p999_ns)
        }),
    };
    let reads = Measure {
        label: "get hit + get miss time, paired ratio to hashbrown",
        unit: Unit::Ratio,
        score: ratio(&[Op::GetHit, Op::GetMiss]),
    };
    let iterate = Measure {
        label: "iteration time, paired ratio to hashbrown",
        unit: Unit::Ratio,
        score: ratio(&[Op::Iterate]),
    };
    let large = Measure {
        label: "overhead bytes per entry, largest values, full map",
        unit: Unit::PerEntry,
        score: Box::new(|r, name| {
            let s = &r.sizes;
            let largest = *s.sweep_values.iter().max_by_key(|v| v.size())?;
            let seed = r.seed(name, largest.type_name(), s.sweep_n)?;
            let overhead = seed.after_insert as f64 / s.sweep_n as f64 - largest.size() as f64;
            Some(verdict::bytes_score_within(overhead, 0.5))
        }),
    };
    vec![
        (
            "bursty cache (fills, drains, refills)",
            burst_end(),
            Some(churn()),
        ),
        ("memory-tight (lowest peak)", peak, Some(after_delete)),
        ("latency-sensitive (no long pauses)", pause, Some(p999)),
        ("read-heavy", reads, None),
        ("write-heavy (steady churn)", churn(), Some(burst_end())),
        ("iteration-heavy", iterate, None),
        ("large values", large, None),
    ]
}

/// The candidates for a need: the workspace's strategies that were
/// measured on it (the Go port answers one need only, Go compatibility),
/// or the baselines if no strategy was.
fn candidates(results: &Results, measure: &Measure) -> Vec<Candidate> {
    let scored = |strategies: bool| -> Vec<Candidate> {
        results
            .main_maps()
            .filter(|m| results.is_strategy(&m.name) == strategies && m.name != GO_PORT)
            .filter_map(|m| {
                Some(Candidate {
                    name: m.name.clone(),
                    score: (measure.score)(results, &m.name)?,
                })
            })
            .collect()
    };
    let strategies = scored(true);
    if strategies.is_empty() {
        scored(false)
    } else {
        strategies
    }
}

/// Every need's recommendation, computed from `results`.
pub fn recommendations(results: &Results) -> Vec<Recommendation> {
    let mut rows: Vec<Recommendation> = needs()
        .into_iter()
        .map(|(need, first, second)| {
            let pool = candidates(results, &first);
            let (verdict, by_second) = match &second {
                Some(m) => verdict::decide_then(&pool, |name| (m.score)(results, name)),
                None => (verdict::decide(&pool), false),
            };
            let reference = (first.score)(results, REFERENCE)
                .map(|s| format!(" ({REFERENCE}: {})", first.unit.show(&s)))
                .unwrap_or_default();
            let list = |tied: &[Candidate], m: &Measure, score: &dyn Fn(&str) -> Option<Spread>| {
                tied.iter()
                    .map(|c| {
                        let s = score(&c.name).unwrap_or(c.score);
                        format!("`{}` {}", c.name, m.unit.show(&s))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let because = match &verdict {
                Verdict::Unmeasured => "not measured in this run".to_string(),
                Verdict::Winner(_) if by_second => {
                    let m = second.as_ref().expect("decided by the second measure");
                    // The maps the first measure could not tell apart: the
                    // same tie `decide_then` broke with the second measure.
                    let tied = match verdict::decide(&pool) {
                        Verdict::Tie(tied) => tied,
                        _ => Vec::new(),
                    };
                    format!(
                        "tied on {} (ranges overlap): {}{reference}; {} separates them: {}",
                        first.label,
                        list(&tied, &first, &|_| None),
                        m.label,
                        list(&tied, m, &|n| (m.score)(results, n))
                    )
                }
                Verdict::Winner(w) => {
                    let runner_up = pool
                        .iter()
                        .filter(|c| c.name != w.name)
                        .min_by(|a, b| a.score.median.total_cmp(&b.score.median))
                        .map(|c| format!("; next: `{}` {}", c.name, first.unit.show(&c.score)))
                        .unwrap_or_default();
                    format!(
                        "{}: {}{reference}{runner_up}",
                        first.label,
                        first.unit.show(&w.score)
                    )
                }
                Verdict::Tie(tied) => {
                    let mut text = format!(
                        "tied on {} (ranges overlap): {}{reference}",
                        first.label,
                        list(tied, &first, &|_| None)
                    );
                    if let Some(m) = &second {
                        text.push_str(&format!(
                            "; {} does not separate them: {}",
                            m.label,
                            list(tied, m, &|n| (m.score)(results, n))
                        ));
                    }
                    text.push_str("; no pick");
                    text
                }
            };
            Recommendation {
                need,
                measure: first.label,
                second: second.as_ref().map(|m| m.label),
                pool,
                verdict,
                by_second,
                because,
            }
        })
        .collect();
    rows.push(go_compatible(results));
    rows
}

/// The maps tied with `winner` on the first measure.
fn go_compatible(results: &Results) -> Recommendation {
    let need = "Go-compatible behaviour";
    let measure = "bytes kept, against Go's classic hmap";
    let Some(record) = results.seed(GO_PORT, SEED_VALUE.type_name(), results.sizes.seed_n) else {
        return Recommendation {
            need,
            measure,
            second: None,
            pool: Vec::new(),
            verdict: Verdict::Unmeasured,
            by_second: false,
            because: "not measured in this run".into(),
        };
    };
    let classic = results
        .go_measured()
        .find(|g| g.implementation == Some(map_bench::reference::GoMapImpl::ClassicHmap));
    let (go_bytes, source) = match classic.and_then(|g| results.go_seed(g, SEED_VALUE.type_name()))
    {
        Some(r) => (
            r.after_delete,
            format!(
                "{} in this run",
                classic.map(|g| g.label()).unwrap_or_default()
            ),
        ),
        None => {
            let recorded = map_bench::reference::GO[0];
            (
                recorded.seed[0].after_delete,
                format!(
                    "Go {} as recorded",
                    recorded.version.trim_start_matches("go")
                ),
            )
        }
    };
    let diff = (record.after_delete as f64 / go_bytes as f64 - 1.0) * 100.0;
    Recommendation {
        need,
        measure,
        second: None,
        pool: Vec::new(),
        verdict: Verdict::Winner(Candidate {
            name: GO_PORT.into(),
            score: verdict::bytes_score(record.after_delete as f64),
        }),
        by_second: false,
        because: format!(
            "the port of Go's classic map, by design: keeps {} after deleting everything, {diff:+.4}% from {source} ({})",
            format::bytes(record.after_delete),
            format::bytes(go_bytes)
        ),
    }
}

/// The recommendation as a table.
pub fn table(ctx: &Ctx<'_>) -> Table {
    let rows = recommendations(ctx.results)
        .into_iter()
        .map(|rec| {
            let pick = match &rec.verdict {
                Verdict::Winner(w) => {
                    let baseline = if ctx.results.is_strategy(&w.name) {
                        ""
                    } else {
                        " (a baseline: no strategy was measured)"
                    };
                    Cell::toned(format!("{}{baseline}", ctx.map_link(&w.name)), Tone::Good)
                }
                Verdict::Tie(tied) => Cell::toned(
                    format!(
                        "tie: {}",
                        tied.iter()
                            .map(|c| format!("`{}`", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Tone::Tied,
                ),
                Verdict::Unmeasured => Cell::toned("—", Tone::Missing),
            };
            vec![
                Cell::plain(format!("**{}**", rec.need)),
                pick,
                Cell::plain(rec.because),
            ]
        })
        .collect();
    Table {
        header: vec![
            "need".into(),
            "pick".into(),
            "because (this run's figures)".into(),
        ],
        rows,
        numeric_from: 3,
    }
}
