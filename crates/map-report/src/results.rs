//! Everything one run measured, as saved in `results.json`: enough to
//! render the whole report again (`map-report --from results.json`)
//! without measuring and without the registry.

use map_bench::compare;
use map_bench::records::{
    DrainLevelsRecord, LatencyRecord, Op, Phase, Record, SeedRecord, SeriesRecord, TimelineRecord,
};
use map_bench::reference::GoMapImpl;
use map_bench::rounds::Spread;
use serde::{Deserialize, Serialize};

use crate::criterion::CriterionStatus;
use crate::meta::Manifest;
use crate::plan::Sizes;

/// The map every ratio is taken against.
pub const REFERENCE: &str = compare::BASELINE;

/// What a measured map is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MapKind {
    /// An existing map, measured as it is.
    Baseline,
    /// One of the workspace's strategy crates.
    Strategy,
    /// A strategy with a non-default shrink policy, measured in the policy
    /// sweep only.
    Variant,
}

/// A measured map, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapInfo {
    /// The registry name.
    pub name: String,
    /// Baseline, strategy or policy variant.
    pub kind: MapKind,
    /// The registry's one-line description.
    pub about: String,
    /// Its README (relative to the workspace root) or documentation (a URL).
    pub link: String,
    /// For a policy variant, the strategy it configures.
    #[serde(default)]
    pub variant_of: Option<String>,
}

/// A case that produced no records, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// Registry name (or a Go version).
    pub strategy: String,
    /// The case, as a label such as `seed [u8; 128] n=1000000`.
    pub case: String,
    /// What went wrong.
    pub error: String,
}

/// One Go toolchain's run of the reference program.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoRun {
    /// The `go` binary.
    pub binary: String,
    /// Its version, such as `go1.19.8`: the `strategy` of its records.
    pub version: String,
    /// Its map implementation.
    pub implementation: Option<GoMapImpl>,
    /// Why it produced nothing, if it failed.
    pub error: Option<String>,
    /// Its records: seed records per Go map type, throughput rounds.
    pub records: Vec<Record>,
}

impl GoRun {
    /// `Go 1.19.8 (classic hmap)`.
    pub fn label(&self) -> String {
        go_label(&self.version, self.implementation)
    }
}

/// `go1.27.3` and Swiss as `Go 1.27.3 (Swiss tables)`.
pub fn go_label(version: &str, implementation: Option<GoMapImpl>) -> String {
    let number = version.trim_start_matches("go");
    match implementation {
        Some(imp) => format!("Go {number} ({})", imp.label()),
        None => format!("Go {number}"),
    }
}

/// One run's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Results {
    /// The run manifest: commit, machine, time, rounds.
    pub manifest: Manifest,
    /// The sizes the workloads ran at.
    pub sizes: Sizes,
    /// Every measured map, in registry order, policy variants last.
    pub maps: Vec<MapInfo>,
    /// Every record from the children.
    pub records: Vec<Record>,
    /// Cases that failed.
    pub failures: Vec<Failure>,
    /// One entry per Go toolchain run.
    pub go: Vec<GoRun>,
    /// Why no Go toolchain ran, if none did.
    pub go_note: Option<String>,
    /// Whether criterion's figures were used, and which.
    pub criterion: CriterionStatus,
}

impl Results {
    /// The map called `name`.
    pub fn map(&self, name: &str) -> Option<&MapInfo> {
        self.maps.iter().find(|m| m.name == name)
    }

    /// The maps every section shows: baselines and strategies, not the
    /// policy variants.
    pub fn main_maps(&self) -> impl Iterator<Item = &MapInfo> {
        self.maps.iter().filter(|m| m.kind != MapKind::Variant)
    }

    /// The names of [`main_maps`](Self::main_maps).
    pub fn main_names(&self) -> Vec<&str> {
        self.main_maps().map(|m| m.name.as_str()).collect()
    }

    /// Whether `name` is one of the workspace's strategies.
    pub fn is_strategy(&self, name: &str) -> bool {
        self.map(name).is_some_and(|m| m.kind == MapKind::Strategy)
    }

    /// The index of `name` among the maps, for its colour; Go runs follow.
    pub fn colour_index(&self, name: &str) -> usize {
        self.maps
            .iter()
            .position(|m| m.name == name)
            .or_else(|| {
                self.go
                    .iter()
                    .position(|g| g.version == name)
                    .map(|i| self.maps.len() + i)
            })
            .unwrap_or(self.maps.len() + self.go.len())
    }

    /// The seed record of `strategy` at value type `value` and size `n`.
    pub fn seed(&self, strategy: &str, value: &str, n: usize) -> Option<&SeedRecord> {
        self.records.iter().find_map(|r| match r {
            Record::Seed(s) if s.strategy == strategy && s.value == value && s.n == n as u64 => {
                Some(s)
            }
            _ => None,
        })
    }

    /// The burst (`churn == false`) or churn series of `strategy`.
    pub fn series(&self, strategy: &str, churn: bool) -> Option<&SeriesRecord> {
        self.records.iter().find_map(|r| match r {
            Record::Burst(s) if !churn && s.strategy == strategy => Some(s),
            Record::Churn(s) if churn && s.strategy == strategy => Some(s),
            _ => None,
        })
    }

    /// ns/op of `strategy` for `op` at `value` and `n`, over the rounds.
    pub fn ns(&self, strategy: &str, value: &str, n: usize, op: Op) -> Option<Spread> {
        compare::ns(&self.records, strategy, value, n as u64, op)
    }

    /// `strategy`'s time for the sum of `ops` over [`REFERENCE`]'s in the
    /// same round: the median of the per-round ratios, and their range.
    pub fn ratio(&self, strategy: &str, value: &str, n: usize, ops: &[Op]) -> Option<Spread> {
        compare::ratio(&self.records, strategy, REFERENCE, value, n as u64, ops)
    }

    /// `heap_bytes()` per entry of `strategy` with `n` `value` entries, from
    /// the throughput rounds.
    pub fn bytes_per_entry(&self, strategy: &str, value: &str, n: usize) -> Option<f64> {
        compare::throughput_of(&self.records, strategy, value, n as u64)
            .find_map(|t| t.full_bytes)
            .map(|bytes| bytes as f64 / n.max(1) as f64)
    }

    /// Every `(value, n)` with throughput rounds, by value size then n.
    pub fn throughput_shapes(&self) -> Vec<(String, usize)> {
        let mut shapes: Vec<(String, usize)> = self
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Throughput(t) => Some((t.value.clone(), t.n as usize)),
                _ => None,
            })
            .collect();
        shapes.sort_by_key(|(value, n)| (value_order(value), *n));
        shapes.dedup();
        shapes
    }

    /// One latency figure of `strategy` in `phase` over the rounds.
    pub fn latency(
        &self,
        strategy: &str,
        phase: Phase,
        figure: fn(&LatencyRecord) -> u64,
    ) -> Option<Spread> {
        compare::latency(&self.records, strategy, phase, figure)
    }

    /// The worst single operation of `strategy` over every phase: in each
    /// round the slowest of its phases, then median and range over rounds.
    pub fn worst_pause(&self, strategy: &str) -> Option<Spread> {
        let mut by_round: Vec<(u32, u64)> = Vec::new();
        for phase in Phase::ALL {
            for l in compare::latency_of(&self.records, strategy, phase) {
                match by_round.iter_mut().find(|(round, _)| *round == l.round) {
                    Some((_, worst)) => *worst = (*worst).max(l.max_ns),
                    None => by_round.push((l.round, l.max_ns)),
                }
            }
        }
        let samples: Vec<f64> = by_round.iter().map(|&(_, ns)| ns as f64).collect();
        Spread::of(&samples)
    }

    /// The timeline of `strategy` in `phase` from the round whose slowest
    /// operation is the median of the rounds': a typical round, not the
    /// luckiest or the unluckiest.
    pub fn timeline(&self, strategy: &str, phase: Phase) -> Option<&TimelineRecord> {
        let mut rounds: Vec<&LatencyRecord> =
            compare::latency_of(&self.records, strategy, phase).collect();
        rounds.sort_by_key(|l| l.max_ns);
        let typical = rounds.get(rounds.len().saturating_sub(1) / 2)?.round;
        self.records.iter().find_map(|r| match r {
            Record::Timeline(t)
                if t.strategy == strategy && t.phase == phase && t.round == typical =>
            {
                Some(t)
            }
            _ => None,
        })
    }

    /// The policy sweep's drains of `strategy`, one per round.
    pub fn drain_levels<'a>(&'a self, strategy: &'a str) -> Vec<&'a DrainLevelsRecord> {
        compare::drain_levels_of(&self.records, strategy).collect()
    }

    /// `strategy`'s ns/remove in the policy sweep over [`REFERENCE`]'s in
    /// the same round.
    pub fn removal_ratio(&self, strategy: &str) -> Option<Spread> {
        compare::removal_ratio(&self.records, strategy, REFERENCE)
    }

    /// [`REFERENCE`]'s own round-to-round spread: the largest relative
    /// range `(max - min) / median` of its ns/op over the operations at the
    /// headline size. How noisy this run was.
    pub fn noise(&self) -> Option<(Op, Spread)> {
        let n = self.sizes.throughput_n;
        Op::TIMED
            .iter()
            .filter_map(|&op| Some((op, self.ns(REFERENCE, "u64", n, op)?)))
            .max_by(|a, b| a.1.relative_range().total_cmp(&b.1.relative_range()))
    }

    /// Why `strategy` has no record for a case whose label starts with
    /// `case_prefix`, if a failure was recorded.
    pub fn failure(&self, strategy: &str, case_prefix: &str) -> Option<&Failure> {
        self.failures
            .iter()
            .find(|f| f.strategy == strategy && f.case.starts_with(case_prefix))
    }

    /// The Go runs that measured something.
    pub fn go_measured(&self) -> impl Iterator<Item = &GoRun> {
        self.go
            .iter()
            .filter(|g| g.error.is_none() && !g.records.is_empty())
    }

    /// The seed record of Go run `go` for the Rust value `value`.
    pub fn go_seed<'a>(&'a self, go: &'a GoRun, value: &str) -> Option<&'a SeedRecord> {
        go.records.iter().find_map(|r| match r {
            Record::Seed(s) if s.value == value => Some(s),
            _ => None,
        })
    }

    /// Go run `go`'s ns/op for `op` over its rounds.
    pub fn go_ns(&self, go: &GoRun, op: Op) -> Option<Spread> {
        let n = self.sizes.throughput_n as u64;
        compare::ns(&go.records, &go.version, "u64", n, op)
    }
}

/// Sort key of value type names: by size.
fn value_order(value: &str) -> usize {
    map_bench::values::ValueKind::ALL
        .iter()
        .find(|kind| kind.type_name() == value)
        .map_or(usize::MAX, |kind| kind.size())
}
