//! Golden tests: render the committed sample run (`docs/report/results.json`)
//! and check the report's structure and logic: the answer first, every
//! section present, ties marked where the ranges say so, and the
//! recommendation never picking a winner on a tie. They check no figure,
//! so they hold for whatever run the sample was regenerated from.

use std::path::PathBuf;

use map_bench::records::Op;
use map_report::Results;
use map_report::doc::{self, Block};
use map_report::results::{MapKind, REFERENCE};
use map_report::verdict::Verdict;

fn sample() -> Results {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/report/results.json");
    map_report::load(&path).expect("docs/report/results.json is a results file")
}

fn headings(blocks: &[Block], level: u8) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, text) if *l == level => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// The blocks from the heading `title` up to the next heading of the
/// same or a higher level.
fn section<'a>(blocks: &'a [Block], title: &str) -> &'a [Block] {
    let start = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(_, t) if t == title))
        .unwrap_or_else(|| panic!("no section {title:?}"));
    let Block::Heading(level, _) = blocks[start] else {
        unreachable!()
    };
    let end = blocks[start + 1..]
        .iter()
        .position(|b| matches!(b, Block::Heading(l, _) if *l <= level))
        .map_or(blocks.len(), |i| start + 1 + i);
    &blocks[start..end]
}

fn tables(blocks: &[Block]) -> Vec<&doc::Table> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn charts(blocks: &[Block]) -> Vec<&doc::Chart> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn the_answer_comes_first() {
    let results = sample();
    let blocks = map_report::render(&results, "../..");
    let sections = headings(&blocks, 2);
    assert_eq!(
        sections.first().map(String::as_str),
        Some("Summary"),
        "{sections:?}"
    );
    for expected in [
        "Method",
        "Retention: the seed experiment",
        "Memory over time",
        "Throughput",
        "Scale",
        "Latency",
        "Reproduce",
    ] {
        assert!(
            sections.iter().any(|s| s == expected),
            "no {expected:?} in {sections:?}"
        );
    }
    let summary = section(&blocks, "Summary");
    let summary_charts = charts(summary);
    assert_eq!(summary_charts.len(), 1);
    assert_eq!(summary_charts[0].file, "summary-retention.svg");
    assert!(
        summary_charts[0].svg.contains("log scale"),
        "the retention chart is on a log axis"
    );
    let recommendation = tables(summary)
        .into_iter()
        .find(|t| t.header.first().map(String::as_str) == Some("need"))
        .expect("a recommendation table in the summary");
    assert_eq!(
        recommendation.rows.len(),
        map_report::recommendations(&results).len(),
        "one line per need"
    );
}

#[test]
fn every_map_is_described_and_linked_beside_its_name() {
    let results = sample();
    let blocks = map_report::render(&results, "../..");
    let maps = tables(section(&blocks, "The maps"))
        .into_iter()
        .next()
        .expect("the maps table");
    assert_eq!(maps.rows.len(), results.maps.len());
    for (row, map) in maps.rows.iter().zip(&results.maps) {
        assert!(
            row[0].text.contains(&format!("[`{}`](", map.name)),
            "{}",
            row[0].text
        );
        if map.kind == MapKind::Strategy {
            assert!(
                row[0]
                    .text
                    .contains(&format!("(../../crates/{}/README.md)", map.name)),
                "{}",
                row[0].text
            );
        }
        assert_eq!(row[2].text, map.about);
        assert!(!map.about.is_empty());
    }
}

#[test]
fn timings_carry_ranges_and_ties_are_marked_where_ranges_hold_one() {
    let results = sample();
    let blocks = map_report::render(&results, "../..");
    let n = results.sizes.throughput_n;
    let title = format!("`u64` values, N = {}", group(n));
    let table = tables(section(&blocks, &title))
        .into_iter()
        .next()
        .expect("the headline throughput table");
    let mut checked = 0;
    for map in results.main_maps() {
        let Some(row) = table
            .rows
            .iter()
            .find(|r| r[0].text.contains(&format!("`{}`", map.name)))
        else {
            continue;
        };
        for (i, &op) in Op::TIMED.iter().enumerate() {
            let cell = &row[i + 1].text;
            if map.name == REFERENCE {
                assert!(cell.contains('(') && cell.contains('–'), "a range: {cell}");
                continue;
            }
            let Some(ratio) = results.ratio(&map.name, "u64", n, &[op]) else {
                continue;
            };
            assert!(
                cell.contains('×') && cell.contains('–'),
                "median and range: {cell}"
            );
            assert_eq!(
                cell.contains("tied"),
                ratio.contains(1.0),
                "{} {}: {cell}",
                map.name,
                op.label()
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "the sample has paired ratios to check");
    let markdown = doc::to_markdown(&blocks);
    assert!(markdown.contains("noise of this run"));
}

#[test]
fn the_recommendation_never_picks_a_winner_on_a_tie() {
    let results = sample();
    let recommendations = map_report::recommendations(&results);
    assert!(
        recommendations
            .iter()
            .any(|r| !matches!(r.verdict, Verdict::Unmeasured))
    );
    for rec in &recommendations {
        match &rec.verdict {
            Verdict::Winner(w) if !rec.pool.is_empty() => {
                if rec.by_second {
                    assert!(rec.second.is_some(), "{}", rec.need);
                    assert!(rec.because.contains("separates them"), "{}", rec.because);
                    // Every map the first measure tied with the best is
                    // named with its first-measure figure, not only the pick.
                    let first_part = rec.because.split("separates them").next().unwrap_or("");
                    let best = rec
                        .pool
                        .iter()
                        .min_by(|a, b| a.score.median.total_cmp(&b.score.median))
                        .expect("a pool");
                    for tied in rec.pool.iter().filter(|c| c.score.overlaps(&best.score)) {
                        let named = format!("`{}`", tied.name);
                        assert!(first_part.contains(&named), "{}", rec.because);
                    }
                } else {
                    for other in rec.pool.iter().filter(|c| c.name != w.name) {
                        assert!(
                            !other.score.overlaps(&w.score),
                            "{}: {} is tied with the pick {}",
                            rec.need,
                            other.name,
                            w.name
                        );
                        assert!(other.score.median >= w.score.median);
                    }
                }
                assert!(
                    results.is_strategy(&w.name)
                        || rec.pool.iter().all(|c| !results.is_strategy(&c.name))
                );
            }
            Verdict::Winner(_) | Verdict::Unmeasured => {}
            Verdict::Tie(tied) => {
                assert!(tied.len() >= 2, "{}", rec.need);
                let best = &tied[0];
                assert!(tied.iter().all(|c| c.score.overlaps(&best.score)));
                for other in rec
                    .pool
                    .iter()
                    .filter(|c| !tied.iter().any(|t| t.name == c.name))
                {
                    assert!(
                        !other.score.overlaps(&best.score),
                        "{}: {}",
                        rec.need,
                        other.name
                    );
                }
                assert!(rec.because.contains("no pick"), "{}", rec.because);
            }
        }
    }
    let blocks = map_report::render(&results, "../..");
    let table = tables(section(&blocks, "Recommendation"))
        .into_iter()
        .next()
        .expect("the recommendation table");
    for (row, rec) in table.rows.iter().zip(&recommendations) {
        assert_eq!(
            row[1].text.starts_with("tie:"),
            matches!(rec.verdict, Verdict::Tie(_))
        );
    }
}

#[test]
fn latency_shows_every_phase_and_a_timeline() {
    let results = sample();
    let blocks = map_report::render(&results, "../..");
    let latency = section(&blocks, "Latency");
    let files: Vec<&str> = charts(latency).iter().map(|c| c.file.as_str()).collect();
    for file in [
        "latency-grow.svg",
        "latency-drain.svg",
        "latency-drain-random.svg",
        "timeline-grow.svg",
        "timeline-drain-random.svg",
    ] {
        assert!(files.contains(&file), "{file} missing from {files:?}");
    }
    for chart in charts(&blocks) {
        assert!(chart.svg.contains("<svg"), "{}", chart.file);
    }
}

#[test]
fn results_round_trip_and_render_the_same() {
    let results = sample();
    let text = serde_json::to_string(&results).expect("serialise");
    let again: Results = serde_json::from_str(&text).expect("parse");
    assert_eq!(
        doc::to_markdown(&map_report::render(&results, "../..")),
        doc::to_markdown(&map_report::render(&again, "../.."))
    );
}

fn group(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
