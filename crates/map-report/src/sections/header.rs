//! Header: what this is, where and when it was measured, and how noisy the
//! machine was; the method; how to reproduce it.

use crate::doc::{Block, Cell, Table};
use crate::format;
use crate::results::{REFERENCE, go_label};

use super::Ctx;

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let m = &results.manifest;
    let s = &results.sizes;
    let mode = if s.quick { "quick (`--quick`)" } else { "full" };
    let memory = m.memory_bytes.map_or_else(
        || "unknown".to_string(),
        |b| format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
    );
    let load = |l: Option<f64>| l.map_or_else(|| "?".to_string(), |l| format!("{l:.2}"));
    let noise = match results.noise() {
        Some((op, spread)) => format!(
            "**±{:.0}%**: `{REFERENCE}` measured against itself, its {} rounds of {} at N = {} ranged from \
             {} to {} (median {}), the widest of its operations. Differences smaller than that are noise; \
             every figure below carries its own range.",
            spread.relative_range() * 50.0,
            spread.count,
            op.label(),
            format::group(s.throughput_n as u64),
            format::ns(spread.min),
            format::ns(spread.max),
            format::ns(spread.median)
        ),
        None => "not measured (no `hashbrown` throughput rounds)".to_string(),
    };
    let go = if results.go.is_empty() {
        format!(
            "{}: recorded figures (docs/reference.md) are shown instead, marked as recorded",
            results.go_note.as_deref().unwrap_or("not run")
        )
    } else {
        results
            .go
            .iter()
            .map(|g| match &g.error {
                None => format!("{} (`{}`)", g.label(), g.binary),
                Some(err) => format!("{}: failed ({err})", go_label(&g.version, g.implementation)),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let facts = [
        ("noise of this run", noise),
        ("CPU", m.cpu.clone()),
        ("cores", m.cores.to_string()),
        ("memory", memory),
        (
            "load average",
            format!(
                "{} at the start, {} at the end",
                load(m.load.0),
                load(m.load.1)
            ),
        ),
        ("toolchain", format!("`{}`", m.rustc)),
        ("date", m.date_utc.clone()),
        ("commit", format!("`{}`", m.commit_label())),
        (
            "mode",
            format!("{mode}, measured in {}", format::duration(m.elapsed_secs)),
        ),
        (
            "time by stage",
            if m.stages.is_empty() {
                "not recorded".to_string()
            } else {
                m.stages
                    .iter()
                    .map(|(stage, secs)| format!("{stage} {}", format::duration(*secs)))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        (
            "rounds",
            format!(
                "{} interleaved rounds of every timing workload ({} of latency), {}",
                m.rounds, s.latency_rounds, m.isolation
            ),
        ),
        ("real Go runtime", go),
        ("criterion", results.criterion.note.clone()),
    ];
    vec![
        Block::Heading(1, "Map retention report".into()),
        Block::Paragraph(
            "How much memory each hash map still holds after its entries are deleted, what it holds over \
             time, and what giving it back costs in throughput and in the longest single operation. Every \
             figure below was measured by this run unless it is marked as recorded."
                .into(),
        ),
        Block::Table(Table {
            header: vec!["".into(), "".into()],
            rows: facts
                .into_iter()
                .map(|(k, v)| vec![Cell::plain(format!("**{k}**")), Cell::plain(v)])
                .collect(),
            numeric_from: 2,
        }),
    ]
}

pub fn method(ctx: &Ctx<'_>) -> Vec<Block> {
    let s = &ctx.results.sizes;
    vec![
        Block::Heading(2, "Method".into()),
        Block::List(vec![
            "**Bytes** are the live heap bytes dhat counts, relative to a baseline taken just before the map \
             is created, each case in a child process of its own (dhat allows one profiler per process and \
             cannot reset its peak). Byte counts are exact: the same code gives the same count on every run."
                .into(),
            format!(
                "**Timings** run in {} interleaved rounds: each round runs every map once, in an order that \
                 rotates from round to round, so a slow spell of this shared machine falls on one round of \
                 every map rather than on every round of one. Every timing is the **median over the rounds, \
                 with the range** (min–max) beside it or as an error bar.",
                s.rounds
            ),
            format!(
                "**Ratios** are to `{REFERENCE}` (`hashbrown::HashMap` + ahash): in each round, a map's time \
                 over `{REFERENCE}`'s time *in the same round*; the report gives the median of those per-round \
                 ratios and their range. A ratio whose range includes 1.00× is marked **tied**: the rounds \
                 cannot tell that map from `{REFERENCE}`."
            ),
            "**Ties between maps**: the best map on a measure is the one with the lowest median; every map \
             whose range overlaps the best's range is tied with it. Two byte counts within 1% (or 4 KiB; half a byte per entry) are \
             tied. The recommendation names a winner only when nothing is tied with it."
                .into(),
            format!(
                "**Throughput** workload: {} xorshift64 keys (docs/reference.md's stream), value = key: insert \
                 into an empty map, get every key (hit), get every key + 1 (miss), iterate, remove every key; \
                 then churn (remove the oldest, insert a new key) in a full map. Smaller maps repeat the \
                 workload until each step has timed {} operations.",
                format::group(s.throughput_n as u64),
                format::group(s.ops_per_round as u64)
            ),
            format!(
                "**Latency**: `Instant::now()` around every single insert while growing to {} entries of \
                 `[u64; 4]`, then around every remove while draining, once in insertion order and once in a \
                 shuffled order (how a cache evicts); nearest-rank percentiles, median over {} rounds.",
                format::group(s.latency_n as u64),
                s.latency_rounds
            ),
        ]),
    ]
}

pub fn reproduce(ctx: &Ctx<'_>) -> Vec<Block> {
    let m = &ctx.results.manifest;
    let quick = if ctx.results.sizes.quick {
        " -- --quick"
    } else {
        ""
    };
    vec![
        Block::Heading(2, "Reproduce".into()),
        Block::Code(format!(
            "cargo run --release -p map-report{quick}     # measure, write target/map-report/\n\
             cargo run --release -p map-report -- --from results.json   # re-render without measuring\n\
             cargo bench                                   # criterion, then this report with its figures\n\
             # this run: {} (commit {})",
            m.command,
            m.commit_label()
        )),
    ]
}
