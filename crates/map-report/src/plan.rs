//! Command-line flags, and the plan of cases they describe.

use std::path::PathBuf;

use clap::Parser;
use map_bench::child::{Case, Workload};
use map_bench::values::ValueKind;
use map_registry::StrategyInfo;
use serde::{Deserialize, Serialize};

/// Runs the map-retention workloads over every registered map and writes
/// the comparison report (index.html, REPORT.md, SVG charts, results.json).
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// Smaller workloads, to finish in a few minutes on 2 cores. The seed
    /// experiment keeps N = 1,000,000.
    #[arg(long)]
    pub quick: bool,

    /// Entries in the seed experiment and the burst and churn workloads.
    #[arg(long, value_parser = parse_n)]
    pub n: Option<usize>,

    /// Measure only these maps (comma-separated registry names).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,

    /// Where to write the report (default: target/map-report).
    #[arg(long)]
    pub out: Option<PathBuf>,

    /// Do not run the real Go runtime even if `go` is on PATH.
    #[arg(long)]
    pub no_go: bool,
}

fn parse_n(text: &str) -> Result<usize, String> {
    let n: usize = text
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))?;
    if n < 1_000 {
        return Err("N must be at least 1000, so that the 1% drain keeps ten entries".into());
    }
    Ok(n)
}

/// The sizes every workload runs at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sizes {
    /// Whether `--quick` chose them.
    pub quick: bool,
    /// The seed experiment's N.
    pub seed_n: usize,
    /// N of the value-size sweep (the seed experiment at several value sizes).
    pub sweep_n: usize,
    /// The value sizes of the sweep.
    pub sweep_values: Vec<ValueKind>,
    /// The burst workload's fill level.
    pub burst_n: usize,
    /// Fill-and-drain cycles.
    pub burst_cycles: usize,
    /// The churn workload's map size.
    pub churn_n: usize,
    /// Churn steps after the fill.
    pub churn_steps: usize,
    /// Keys in the throughput workload.
    pub throughput_n: usize,
    /// Throughput rounds in each child; the best is kept.
    pub throughput_rounds: usize,
    /// Throughput passes: each pass runs every map's throughput case once,
    /// and the best of all passes is kept.
    pub throughput_passes: usize,
    /// Entries in the latency workload.
    pub latency_n: usize,
}

impl Sizes {
    /// The sizes for a full or `--quick` run, with the seed, burst and
    /// churn sizes overridden by `n`.
    pub fn new(quick: bool, n: Option<usize>) -> Self {
        let mut sizes = if quick {
            Sizes {
                quick,
                seed_n: 1_000_000,
                sweep_n: 20_000,
                sweep_values: vec![
                    ValueKind::Bytes8,
                    ValueKind::Bytes128,
                    ValueKind::Bytes512,
                    ValueKind::Bytes4096,
                ],
                burst_n: 200_000,
                burst_cycles: 3,
                churn_n: 200_000,
                churn_steps: 400_000,
                throughput_n: 200_000,
                throughput_rounds: 1,
                throughput_passes: 2,
                latency_n: 500_000,
            }
        } else {
            Sizes {
                quick,
                seed_n: 1_000_000,
                sweep_n: 100_000,
                sweep_values: vec![
                    ValueKind::Bytes8,
                    ValueKind::Bytes64,
                    ValueKind::Bytes128,
                    ValueKind::Bytes512,
                    ValueKind::Bytes4096,
                ],
                burst_n: 1_000_000,
                burst_cycles: 3,
                churn_n: 1_000_000,
                churn_steps: 2_000_000,
                throughput_n: 1_000_000,
                throughput_rounds: 2,
                throughput_passes: 4,
                latency_n: 2_000_000,
            }
        };
        if let Some(n) = n {
            sizes.seed_n = n;
            sizes.burst_n = n;
            sizes.churn_n = n;
            sizes.churn_steps = 2 * n;
        }
        sizes
    }
}

/// What to measure and where to write it.
#[derive(Debug)]
pub struct Plan {
    /// The workload sizes.
    pub sizes: Sizes,
    /// The maps to measure, in registry order.
    pub strategies: Vec<&'static StrategyInfo>,
    /// The report directory.
    pub out_dir: PathBuf,
    /// Whether to try the real Go runtime.
    pub go: bool,
}

/// The seed experiment's value type.
pub const SEED_VALUE: ValueKind = ValueKind::Bytes128;
/// The value type of the burst and churn workloads.
pub const SERIES_VALUE: ValueKind = ValueKind::Bytes128;
/// The throughput workload's value types.
pub const THROUGHPUT_VALUES: [ValueKind; 2] = [ValueKind::U64, ValueKind::Bytes128];
/// The map whose seed experiment also runs at Go's other three value types,
/// so the report can set it beside the real Go runtime.
pub const GO_PORT: &str = "go-hmap";
/// Go's map types besides `map[int][128]byte`, as Rust values.
pub const GO_VALUES: [ValueKind; 3] = [ValueKind::Boxed128, ValueKind::Bytes256, ValueKind::U64];
/// The latency workload's value type (32 bytes, as in REFERENCE.md).
pub const LATENCY_VALUE: ValueKind = ValueKind::Words4;

impl Args {
    /// Checks the flags against the registry.
    pub fn plan(&self) -> Result<Plan, String> {
        for name in &self.only {
            if map_registry::find(name).is_none() {
                let known: Vec<&str> = map_registry::ALL.iter().map(|info| info.name).collect();
                return Err(format!(
                    "--only: no map is called {name:?}; the registry has {}",
                    known.join(", ")
                ));
            }
        }
        let strategies = map_registry::ALL
            .iter()
            .filter(|info| self.only.is_empty() || self.only.iter().any(|name| name == info.name))
            .collect();
        Ok(Plan {
            sizes: Sizes::new(self.quick, self.n),
            strategies,
            out_dir: self.out.clone().unwrap_or_else(default_out_dir),
            go: !self.no_go,
        })
    }
}

impl Plan {
    /// Every case, in the order they run: all maps for one workload before
    /// the next workload, and the throughput workload once per pass.
    pub fn cases(&self) -> Vec<Case> {
        let s = &self.sizes;
        let mut shapes: Vec<(Workload, ValueKind, usize)> =
            vec![(Workload::Seed, SEED_VALUE, s.seed_n)];
        shapes.extend(
            s.sweep_values
                .iter()
                .map(|&v| (Workload::Seed, v, s.sweep_n)),
        );
        shapes.push((
            Workload::Burst {
                cycles: s.burst_cycles,
            },
            SERIES_VALUE,
            s.burst_n,
        ));
        shapes.push((
            Workload::Churn {
                steps: s.churn_steps,
            },
            SERIES_VALUE,
            s.churn_n,
        ));
        let per_map = |(workload, value, n): (Workload, ValueKind, usize)| {
            self.strategies.iter().map(move |info| Case {
                workload,
                strategy: info.name.to_string(),
                value,
                n,
            })
        };
        let mut cases: Vec<Case> = shapes.into_iter().flat_map(per_map).collect();
        // Throughput goes in passes over every map, so that a slow spell of
        // the machine (its memory is shared with other tenants) lands on
        // one pass of every map rather than on all rounds of one map.
        let throughput = Workload::Throughput {
            rounds: s.throughput_rounds,
        };
        cases.extend(
            (0..s.throughput_passes)
                .flat_map(|_| THROUGHPUT_VALUES.iter())
                .flat_map(|&v| per_map((throughput, v, s.throughput_n))),
        );
        cases.extend(per_map((Workload::Latency, LATENCY_VALUE, s.latency_n)));
        if self.strategies.iter().any(|info| info.name == GO_PORT) {
            // Right after the port's own seed case, while the heap
            // workloads run.
            let at = cases
                .iter()
                .position(|c| c.workload == Workload::Seed && c.strategy == GO_PORT)
                .map_or(0, |i| i + 1);
            let extra = GO_VALUES.iter().map(|&value| Case {
                workload: Workload::Seed,
                strategy: GO_PORT.to_string(),
                value,
                n: s.seed_n,
            });
            cases.splice(at..at, extra);
        }
        cases
    }
}

/// A case as a short label, for progress and failure rows.
pub fn label(case: &Case) -> String {
    let workload = match case.workload {
        Workload::Seed => "seed",
        Workload::Burst { .. } => "burst",
        Workload::Churn { .. } => "churn",
        Workload::Throughput { .. } => "throughput",
        Workload::Latency => "latency",
    };
    format!("{workload} {} n={}", case.value.type_name(), case.n)
}

/// The workspace root, for the default output and the Go program.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `target/map-report` under the workspace's target directory.
fn default_out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("map-report")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_maps_naming_the_known_ones() {
        let args = Args::parse_from(["map-report", "--only", "hashbrown,nope"]);
        let err = args.plan().expect_err("unknown map");
        assert!(
            err.contains("\"nope\"") && err.contains("hashbrown"),
            "{err}"
        );
    }

    #[test]
    fn parses_sizes_with_separators_and_rejects_bad_ones() {
        let args = Args::parse_from(["map-report", "--n", "100_000", "--only", "std"]);
        let plan = args.plan().expect("valid");
        assert_eq!((plan.sizes.seed_n, plan.sizes.burst_n), (100_000, 100_000));
        assert_eq!(plan.strategies.len(), 1);
        assert!(Args::try_parse_from(["map-report", "--n", "10"]).is_err());
        assert!(Args::try_parse_from(["map-report", "--n", "lots"]).is_err());
        assert!(Args::try_parse_from(["map-report", "--bogus"]).is_err());
    }

    #[test]
    fn plans_every_workload_for_every_map() {
        let plan = Args::parse_from(["map-report", "--quick", "--only", "std,boxed"])
            .plan()
            .expect("valid");
        let cases = plan.cases();
        // seed + 4 sweep sizes + burst + churn + 2 throughput per pass +
        // latency, per map.
        let passes = plan.sizes.throughput_passes;
        assert_eq!(cases.len(), 2 * (8 + 2 * passes));
        assert!(
            cases
                .iter()
                .all(|c| c.strategy == "std" || c.strategy == "boxed")
        );
        assert_eq!(label(&cases[0]), "seed [u8; 128] n=1000000");
    }

    #[test]
    fn throughput_passes_take_every_map_in_turn() {
        let plan = Args::parse_from(["map-report", "--only", "std,boxed"])
            .plan()
            .expect("valid");
        let cases = plan.cases();
        let order: Vec<(&str, ValueKind)> = cases
            .iter()
            .filter(|c| matches!(c.workload, Workload::Throughput { .. }))
            .map(|c| (c.strategy.as_str(), c.value))
            .collect();
        let pass: Vec<(&str, ValueKind)> = THROUGHPUT_VALUES
            .iter()
            .flat_map(|&v| ["std", "boxed"].map(|name| (name, v)))
            .collect();
        assert!(plan.sizes.throughput_passes > 1);
        assert_eq!(order, pass.repeat(plan.sizes.throughput_passes));
    }

    #[test]
    fn the_go_port_also_runs_gos_other_map_types() {
        let plan = Args::parse_from(["map-report", "--quick", "--only", "go-hmap,std"])
            .plan()
            .expect("valid");
        let seeds: Vec<String> = plan
            .cases()
            .iter()
            .filter(|c| c.strategy == GO_PORT && c.n == plan.sizes.seed_n)
            .map(label)
            .collect();
        assert_eq!(
            seeds,
            [
                "seed [u8; 128] n=1000000",
                "seed Box<[u8; 128]> n=1000000",
                "seed [u8; 256] n=1000000",
                "seed u64 n=1000000",
            ]
        );
    }
}
