//! Command-line flags, and the plan of cases they describe.

use std::path::PathBuf;

use clap::Parser;
use map_api::Kind;
use map_bench::child::{Case, Workload};
use map_bench::values::ValueKind;
use serde::{Deserialize, Serialize};

use crate::results::{MapInfo, MapKind, REFERENCE};

/// Runs the map-retention workloads over every registered map and writes
/// the comparison report (index.html, REPORT.md, SVG charts, results.json).
#[derive(Debug, Parser)]
#[command(version, about, after_help = EXAMPLES)]
pub struct Args {
    /// Smaller workloads, to finish in under five minutes on 2 cores. The
    /// seed experiment keeps N = 1,000,000.
    #[arg(long)]
    pub quick: bool,

    /// Entries in the seed experiment and the burst and churn workloads.
    #[arg(long, value_parser = parse_n)]
    pub n: Option<usize>,

    /// Measure only these maps (comma-separated registry names).
    /// `hashbrown` is always measured: every ratio is to it.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,

    /// Where to write the report (default: target/map-report).
    #[arg(long)]
    pub out: Option<PathBuf>,

    /// Interleaved rounds of every timing workload (at least 3; default 7).
    #[arg(long, value_parser = parse_rounds)]
    pub rounds: Option<usize>,

    /// Run each timing round in this process instead of a child process
    /// per map per round (for comparing the two; children are the default).
    #[arg(long)]
    pub in_process: bool,

    /// A Go toolchain to run the reference program under (repeatable).
    /// Default: `go` on PATH and Debian's /usr/lib/go-*/bin/go.
    #[arg(long = "go", value_name = "PATH")]
    pub go: Vec<PathBuf>,

    /// Do not run any Go toolchain; show the recorded figures.
    #[arg(long)]
    pub no_go: bool,

    /// Render the report from a saved results.json without measuring.
    #[arg(long, value_name = "RESULTS_JSON")]
    pub from: Option<PathBuf>,
}

/// Shown after the flags in `--help`.
const EXAMPLES: &str = "\
Examples:
  map-report --quick                          every map at small sizes, into target/map-report
  map-report                                  full sizes (adds N = 8M and [u8; 128] throughput)
  map-report --only shrink-map --out /tmp/r   one strategy beside hashbrown
  map-report --go /usr/lib/go-1.19/bin/go --go go
                                              real Go under two toolchains, one row each
  map-report --from docs/report/results.json --out /tmp/again
                                              re-render a saved run without measuring

Every timing is a median over interleaved rounds with its range; a ratio is
the median of per-round ratios to hashbrown from the same round; maps whose
ranges overlap are reported as tied, and the recommendation picks no winner
on a tie.";

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

fn parse_rounds(text: &str) -> Result<usize, String> {
    let rounds: usize = text
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))?;
    if rounds < 3 {
        return Err("at least 3 rounds: a range needs a median between its ends".into());
    }
    Ok(rounds)
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
    /// Interleaved rounds of the throughput and policy workloads.
    pub rounds: usize,
    /// The sizes of the `u64` throughput workload: the scale section.
    pub scale_ns: Vec<usize>,
    /// The headline throughput size (docs/reference.md's 1,000,000).
    pub throughput_n: usize,
    /// Size of the `[u8; 128]` throughput workload, if it runs.
    pub large_value_n: Option<usize>,
    /// Operations a throughput round times at least per step (small maps
    /// repeat the workload).
    pub ops_per_round: usize,
    /// Entries in the latency workload.
    pub latency_n: usize,
    /// Rounds of the latency workload.
    pub latency_rounds: usize,
    /// Entries in the policy sweep's drain.
    pub policy_n: usize,
}

impl Sizes {
    /// The sizes for a full or `--quick` run, with the seed, burst and
    /// churn sizes overridden by `n` and the rounds by `rounds`.
    pub fn new(quick: bool, n: Option<usize>, rounds: Option<usize>) -> Self {
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
                rounds: 7,
                scale_ns: vec![1_000, 65_536, 1_000_000],
                throughput_n: 1_000_000,
                large_value_n: None,
                ops_per_round: 1 << 18,
                latency_n: 500_000,
                latency_rounds: 3,
                policy_n: 500_000,
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
                rounds: 7,
                scale_ns: vec![1_000, 65_536, 1_000_000, 8_000_000],
                throughput_n: 1_000_000,
                large_value_n: Some(1_000_000),
                ops_per_round: 1 << 20,
                latency_n: 2_000_000,
                latency_rounds: 5,
                policy_n: 1_000_000,
            }
        };
        if let Some(n) = n {
            sizes.seed_n = n;
            sizes.burst_n = n;
            sizes.churn_n = n;
            sizes.churn_steps = 2 * n;
        }
        if let Some(rounds) = rounds {
            sizes.rounds = rounds;
            sizes.latency_rounds = sizes.latency_rounds.min(rounds);
        }
        sizes
    }

    /// Repetitions of the throughput workload per round at `n`.
    pub fn reps(&self, n: usize) -> usize {
        map_bench::workloads::throughput::reps_for(n, self.ops_per_round)
    }
}

/// What to measure and where to write it.
#[derive(Debug)]
pub struct Plan {
    /// The workload sizes.
    pub sizes: Sizes,
    /// The maps to measure: registry order, then the policy variants of
    /// the chosen strategies.
    pub maps: Vec<MapInfo>,
    /// The report directory.
    pub out_dir: PathBuf,
    /// The Go toolchains to run; empty with `--no-go`.
    pub go: Vec<PathBuf>,
    /// Why no Go toolchain will run, if none will.
    pub go_note: Option<String>,
    /// Each timing round in this process rather than in a child.
    pub in_process: bool,
}

/// The seed experiment's value type.
pub const SEED_VALUE: ValueKind = ValueKind::Bytes128;
/// The value type of the burst and churn workloads.
pub const SERIES_VALUE: ValueKind = ValueKind::Bytes128;
/// The map whose seed experiment also runs at Go's other three value types,
/// so the report can set it beside the real Go runtime.
pub const GO_PORT: &str = "go-hmap";
/// Go's map types besides `map[int][128]byte`, as Rust values.
pub const GO_VALUES: [ValueKind; 3] = [ValueKind::Boxed128, ValueKind::Bytes256, ValueKind::U64];
/// The latency workload's value type (32 bytes, as in docs/reference.md).
pub const LATENCY_VALUE: ValueKind = ValueKind::Words4;

/// Every registered map and policy variant as report data.
pub fn registry_maps() -> Vec<MapInfo> {
    let main = map_registry::ALL.iter().map(|info| MapInfo {
        name: info.name.to_string(),
        kind: match info.kind {
            Kind::Baseline => MapKind::Baseline,
            Kind::Strategy => MapKind::Strategy,
        },
        about: info.about.to_string(),
        link: info.link.to_string(),
        variant_of: None,
    });
    let variants = map_registry::POLICY_VARIANTS.iter().map(|v| MapInfo {
        name: v.name.to_string(),
        kind: MapKind::Variant,
        about: v.setting.to_string(),
        link: map_registry::find(v.of).map_or_else(String::new, |info| info.link.to_string()),
        variant_of: Some(v.of.to_string()),
    });
    main.chain(variants).collect()
}

impl Args {
    /// Checks the flags against the registry.
    pub fn plan(&self) -> Result<Plan, String> {
        let all = registry_maps();
        for name in &self.only {
            if !all
                .iter()
                .any(|m| &m.name == name && m.kind != MapKind::Variant)
            {
                let known: Vec<&str> = map_registry::ALL.iter().map(|info| info.name).collect();
                return Err(format!(
                    "--only: no map is called {name:?}; the registry has {}",
                    known.join(", ")
                ));
            }
        }
        let chosen = |name: &str| {
            self.only.is_empty() || name == REFERENCE || self.only.iter().any(|n| n == name)
        };
        let maps = all
            .into_iter()
            .filter(|m| chosen(m.variant_of.as_deref().unwrap_or(&m.name)))
            .collect();
        let (go, go_note) = if self.no_go {
            (Vec::new(), Some("skipped (`--no-go`)".to_string()))
        } else if !self.go.is_empty() {
            (self.go.clone(), None)
        } else {
            let found = crate::go::discover();
            let note = found
                .is_empty()
                .then(|| "no `go` on PATH or in /usr/lib/go-*/bin".to_string());
            (found, note)
        };
        Ok(Plan {
            sizes: Sizes::new(self.quick, self.n, self.rounds),
            maps,
            out_dir: self.out.clone().unwrap_or_else(default_out_dir),
            go,
            go_note,
            in_process: self.in_process,
        })
    }
}

impl Plan {
    /// The names of the maps every section shows (not the variants).
    pub fn main_names(&self) -> Vec<&str> {
        self.maps
            .iter()
            .filter(|m| m.kind != MapKind::Variant)
            .map(|m| m.name.as_str())
            .collect()
    }

    /// The maps of the policy sweep: every variant (the default policy is
    /// one of them), and the reference its removal cost is paired with.
    pub fn policy_names(&self) -> Vec<&str> {
        let variants: Vec<&str> = self
            .maps
            .iter()
            .filter(|m| m.kind == MapKind::Variant)
            .map(|m| m.name.as_str())
            .collect();
        if variants.is_empty() {
            return Vec::new();
        }
        std::iter::once(REFERENCE).chain(variants).collect()
    }

    /// The heap cases (seed, value sweep, burst, churn), in the order they
    /// run: all maps for one workload before the next.
    pub fn heap_cases(&self) -> Vec<Case> {
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
        let names = self.main_names();
        let mut cases: Vec<Case> = shapes
            .into_iter()
            .flat_map(|(workload, value, n)| {
                names.iter().map(move |name| Case {
                    workload,
                    strategy: name.to_string(),
                    value,
                    n,
                })
            })
            .collect();
        if names.contains(&GO_PORT) {
            // Right after the port's own seed case.
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

    /// The throughput shapes: `u64` at every scale size, then `[u8; 128]`.
    pub fn throughput_shapes(&self) -> Vec<(ValueKind, usize)> {
        let s = &self.sizes;
        let mut shapes: Vec<(ValueKind, usize)> =
            s.scale_ns.iter().map(|&n| (ValueKind::U64, n)).collect();
        if let Some(n) = s.large_value_n {
            shapes.push((ValueKind::Bytes128, n));
        }
        shapes
    }

    /// How many cases the whole run has, for the progress bar.
    pub fn case_count(&self) -> usize {
        let maps = self.main_names().len();
        self.heap_cases().len()
            + self.throughput_shapes().len() * maps * self.sizes.rounds
            + maps * self.sizes.latency_rounds
            + self.policy_names().len() * self.sizes.rounds
    }
}

/// A case as a short label, for progress and failure rows.
pub fn label(case: &Case) -> String {
    format!(
        "{} {} n={}",
        case.workload.name(),
        case.value.type_name(),
        case.n
    )
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
    fn the_command_line_is_well_formed_and_its_help_shows_the_examples() {
        use clap::CommandFactory;
        Args::command().debug_assert();
        let help = Args::command().render_long_help().to_string();
        assert!(help.contains("--quick") && help.contains("--from docs/report/results.json"));
    }

    #[test]
    fn rejects_unknown_maps_naming_the_known_ones() {
        let args = Args::parse_from(["map-report", "--only", "hashbrown,nope", "--no-go"]);
        let err = args.plan().expect_err("unknown map");
        assert!(
            err.contains("\"nope\"") && err.contains("hashbrown"),
            "{err}"
        );
    }

    #[test]
    fn parses_sizes_with_separators_and_rejects_bad_ones() {
        let args = Args::parse_from(["map-report", "--n", "100_000", "--only", "std", "--no-go"]);
        let plan = args.plan().expect("valid");
        assert_eq!((plan.sizes.seed_n, plan.sizes.burst_n), (100_000, 100_000));
        // hashbrown comes along: every ratio is to it.
        assert_eq!(plan.main_names(), ["std", "hashbrown"]);
        assert!(Args::try_parse_from(["map-report", "--n", "10"]).is_err());
        assert!(Args::try_parse_from(["map-report", "--n", "lots"]).is_err());
        assert!(Args::try_parse_from(["map-report", "--rounds", "2"]).is_err());
        assert!(Args::try_parse_from(["map-report", "--bogus"]).is_err());
    }

    #[test]
    fn plans_every_workload_for_every_map() {
        let plan = Args::parse_from(["map-report", "--quick", "--only", "std,boxed", "--no-go"])
            .plan()
            .expect("valid");
        let cases = plan.heap_cases();
        // seed + 4 sweep sizes + burst + churn, per map.
        assert_eq!(cases.len(), 3 * 7);
        assert_eq!(label(&cases[0]), "seed [u8; 128] n=1000000");
        assert_eq!(
            plan.throughput_shapes(),
            [
                (ValueKind::U64, 1_000),
                (ValueKind::U64, 65_536),
                (ValueKind::U64, 1_000_000)
            ]
        );
        assert!(plan.policy_names().is_empty(), "no strategy, no sweep");
        assert!(plan.sizes.rounds >= 7);
        assert_eq!(plan.go_note.as_deref(), Some("skipped (`--no-go`)"));
    }

    #[test]
    fn full_runs_add_eight_million_and_large_values() {
        let plan = Args::parse_from(["map-report", "--no-go"])
            .plan()
            .expect("valid");
        let shapes = plan.throughput_shapes();
        assert!(shapes.contains(&(ValueKind::U64, 8_000_000)));
        assert!(shapes.contains(&(ValueKind::Bytes128, 1_000_000)));
    }

    #[test]
    fn the_policy_sweep_pairs_variants_with_their_strategy_and_hashbrown() {
        let plan = Args::parse_from(["map-report", "--quick", "--only", "shrink-map", "--no-go"])
            .plan()
            .expect("valid");
        let names = plan.policy_names();
        assert_eq!(names[0], "hashbrown");
        assert!(names[1..].iter().all(|n| n.starts_with("shrink-map@")));
        assert!(names.len() >= 4);
    }

    #[test]
    fn the_go_port_also_runs_gos_other_map_types() {
        let plan = Args::parse_from(["map-report", "--quick", "--only", "go-hmap,std", "--no-go"])
            .plan()
            .expect("valid");
        let seeds: Vec<String> = plan
            .heap_cases()
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
