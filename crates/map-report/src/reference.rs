//! Figures recorded on the real Go runtime and on hashbrown, from
//! `shared/REFERENCE.md` (2 cores, x86-64; go1.19.8, Debian golang-go,
//! classic hmap). The report shows them, marked as recorded, beside what
//! this run measured.

/// A recorded seed-experiment row.
#[derive(Debug, Clone, Copy)]
pub struct RecordedSeed {
    /// What was measured.
    pub map: &'static str,
    /// Bytes after 1M inserts.
    pub after_insert: u64,
    /// Bytes after deleting every key.
    pub after_delete: u64,
    /// Peak bytes, where recorded.
    pub peak: Option<u64>,
}

/// The Go version REFERENCE.md measured.
pub const GO_VERSION: &str = "go1.19.8";

/// REFERENCE.md's seed rows, N = 1,000,000.
pub const SEED: [RecordedSeed; 5] = [
    RecordedSeed {
        map: "Go `map[int][128]byte`",
        after_insert: 307_535_920,
        after_delete: 307_535_928,
        peak: None,
    },
    RecordedSeed {
        map: "Go `map[int]*[128]byte`",
        after_insert: 168_107_504,
        after_delete: 40_107_504,
        peak: None,
    },
    RecordedSeed {
        map: "Go `map[int][256]byte`",
        after_insert: 296_107_448,
        after_delete: 40_107_448,
        peak: None,
    },
    RecordedSeed {
        map: "Go `map[int]int`",
        after_insert: 40_148_488,
        after_delete: 40_148_488,
        peak: None,
    },
    RecordedSeed {
        map: "`hashbrown` 0.17 + ahash, `[u8; 128]`",
        after_insert: 287_309_840,
        after_delete: 287_309_840,
        peak: Some(430_964_768),
    },
];
