//! Recommendation: which crate to pick for which need, citing this run's
//! figures.

use map_bench::records::{Op, Phase};

use super::{REFERENCE, is_strategy};
use crate::doc::{Block, Cell, Table};
use crate::format;
use crate::plan::{GO_PORT, SEED_VALUE};
use crate::reference;
use crate::results::Results;

/// Chooses a map for one need, or `None` when nothing relevant was measured.
type Chooser = fn(&Results) -> Option<Pick>;

/// A pick: the map, and the figures that justify it.
struct Pick {
    name: String,
    why: String,
}

/// The candidate that minimises `score`, among the workspace's strategies
/// if any has a score, else among the baselines.
fn best_by(results: &Results, score: impl Fn(&str) -> Option<f64>) -> Option<(String, f64)> {
    let scored = |strategies: bool| {
        results
            .strategies
            .iter()
            .filter(|name| is_strategy(name) == strategies)
            // The Go port never gives memory back by design: it is the
            // answer to one need only, Go compatibility.
            .filter(|name| name.as_str() != GO_PORT)
            .filter_map(|name| score(name).map(|s| (name.clone(), s)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    };
    scored(true).or_else(|| scored(false))
}

fn bursty(results: &Results) -> Option<Pick> {
    let end = |name: &str| {
        results
            .series(name, false)
            .and_then(|s| s.points.last())
            .map(|p| p.bytes as f64)
    };
    let (name, bytes) = best_by(results, end)?;
    let reference = end(REFERENCE).map_or_else(|| "n/a".to_string(), |b| format::mib(b as u64));
    let churn = results
        .throughput_shapes()
        .into_iter()
        .filter(|(v, _)| v == "u64")
        .max_by_key(|(_, n)| *n)
        .and_then(|(v, n)| {
            let ours = results.throughput(&name, &v, n, Op::Churn)?.ns_per_op;
            let theirs = results.throughput(REFERENCE, &v, n, Op::Churn)?.ns_per_op;
            Some(format!(
                "; churn {} ({} of {REFERENCE})",
                format::ns(ours),
                format::ratio(ours / theirs)
            ))
        })
        .unwrap_or_default();
    Some(Pick {
        why: format!(
            "holds {} after a burst drains to 1% ({REFERENCE}: {reference}){churn}",
            format::mib(bytes as u64)
        ),
        name,
    })
}

fn latency_sensitive(results: &Results) -> Option<Pick> {
    let worst = |name: &str| {
        let grow = results.latency(name, Phase::Grow)?.max_ns;
        let drain = results.latency(name, Phase::Drain)?.max_ns;
        Some(grow.max(drain) as f64)
    };
    let (name, ns) = best_by(results, worst)?;
    let reference = worst(REFERENCE).map_or_else(|| "n/a".to_string(), format::ns);
    Some(Pick {
        why: format!(
            "slowest single insert or remove {} ({REFERENCE}'s resize: {reference})",
            format::ns(ns)
        ),
        name,
    })
}

fn read_heavy(results: &Results) -> Option<Pick> {
    let (value, n) = results
        .throughput_shapes()
        .into_iter()
        .filter(|(v, _)| v == "u64")
        .max_by_key(|(_, n)| *n)?;
    let get = |name: &str| {
        let hit = results.throughput(name, &value, n, Op::GetHit)?.ns_per_op;
        let miss = results.throughput(name, &value, n, Op::GetMiss)?.ns_per_op;
        Some(hit + miss)
    };
    let (name, _) = best_by(results, get)?;
    let hit = results.throughput(&name, &value, n, Op::GetHit)?.ns_per_op;
    let miss = results.throughput(&name, &value, n, Op::GetMiss)?.ns_per_op;
    let ratio = |ours: f64, op| {
        results
            .throughput(REFERENCE, &value, n, op)
            .map_or_else(String::new, |r| {
                format!(" ({})", format::ratio(ours / r.ns_per_op))
            })
    };
    Some(Pick {
        why: format!(
            "get hit {}{}, get miss {}{} at N = {}",
            format::ns(hit),
            ratio(hit, Op::GetHit),
            format::ns(miss),
            ratio(miss, Op::GetMiss),
            format::group(n)
        ),
        name,
    })
}

fn large_values(results: &Results) -> Option<Pick> {
    let s = &results.sizes;
    let largest = *s.sweep_values.iter().max_by_key(|v| v.size())?;
    let overhead = |name: &str| {
        results
            .seed(name, largest.type_name(), s.sweep_n)
            .map(|r| r.after_insert as f64 / s.sweep_n as f64 - largest.size() as f64)
    };
    let (name, bytes) = best_by(results, overhead)?;
    let reference = overhead(REFERENCE).map_or_else(|| "n/a".to_string(), |b| format!("{b:.0}"));
    Some(Pick {
        why: format!(
            "{bytes:.0} bytes of overhead per {}-byte entry when full ({REFERENCE}: {reference})",
            largest.size()
        ),
        name,
    })
}

fn memory_tight(results: &Results) -> Option<Pick> {
    let n = results.sizes.seed_n;
    let value = SEED_VALUE.type_name();
    let peak = |name: &str| {
        results
            .seed(name, value, n)
            .and_then(|r| r.peak)
            .map(|p| p as f64)
    };
    let (name, bytes) = best_by(results, peak)?;
    let record = results.seed(&name, value, n)?;
    let reference = peak(REFERENCE).map_or_else(|| "n/a".to_string(), |b| format::mib(b as u64));
    Some(Pick {
        why: format!(
            "peak {} ({REFERENCE}: {reference}); {} after draining to 1%, {} when empty",
            format::mib(bytes as u64),
            format::mib(record.after_drain),
            format::mib(record.after_delete)
        ),
        name,
    })
}

fn go_compatible(results: &Results) -> Option<Pick> {
    let name = GO_PORT;
    let record = results.seed(name, SEED_VALUE.type_name(), results.sizes.seed_n)?;
    let go = reference::SEED.first()?;
    let diff = (record.after_delete as f64 / go.after_delete as f64 - 1.0) * 100.0;
    Some(Pick {
        name: name.to_string(),
        why: format!(
            "keeps {} after deleting everything, {diff:+.2}% from real Go's recorded {}",
            format::bytes(record.after_delete),
            format::bytes(go.after_delete)
        ),
    })
}

pub fn blocks(results: &Results) -> Vec<Block> {
    let needs: [(&str, Chooser); 6] = [
        ("bursty cache", bursty),
        ("latency-sensitive", latency_sensitive),
        ("read-heavy", read_heavy),
        ("large values", large_values),
        ("memory-tight", memory_tight),
        ("needs Go-compatible behaviour", go_compatible),
    ];
    let rows = needs
        .iter()
        .map(|(need, pick)| match pick(results) {
            Some(p) => {
                let kind = if is_strategy(&p.name) {
                    ""
                } else {
                    " (a baseline: no strategy measured)"
                };
                vec![
                    Cell::plain(need.to_string()),
                    Cell::plain(format!("`{}`{kind}", p.name)),
                    Cell::plain(p.why),
                ]
            }
            None => vec![
                Cell::plain(need.to_string()),
                Cell::plain("—"),
                Cell::plain("not measured in this run"),
            ],
        })
        .collect();
    vec![
        Block::Heading(2, "Recommendation".into()),
        Block::Paragraph(
            "Each row picks, among the workspace's strategy crates, the one this run measured best for the \
             need, and cites the figures. The picks are computed from this run's results, not written by hand."
                .into(),
        ),
        Block::Table(Table {
            header: vec!["need".into(), "pick".into(), "because (measured in this run)".into()],
            rows,
            numeric_from: 3,
        }),
    ]
}
