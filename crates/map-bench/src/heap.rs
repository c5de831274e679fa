//! Heap measurement for the retention workloads.

use map_api::MapStrategy;

use crate::records::HeapSource;

/// Measures the heap a map holds, through dhat when a profiler runs in
/// this process, or through the map's own `heap_bytes()` otherwise.
#[derive(Debug)]
pub struct HeapProbe {
    profiler: Option<dhat::Profiler>,
    baseline: usize,
}

impl HeapProbe {
    /// Starts a dhat profiler. The process's global allocator must route
    /// through dhat (see [`SwitchAlloc`](crate::SwitchAlloc)), and no other
    /// profiler may be running: dhat allows one per process.
    pub fn dhat() -> Self {
        let profiler = dhat::Profiler::builder().testing().build();
        let mut probe = Self {
            profiler: Some(profiler),
            baseline: 0,
        };
        probe.rebase();
        probe
    }

    /// A probe that trusts the map's `heap_bytes()`: for quick runs and
    /// doc tests, where no profiler can run.
    pub fn reported_only() -> Self {
        Self {
            profiler: None,
            baseline: 0,
        }
    }

    /// Where the bytes come from.
    pub fn source(&self) -> HeapSource {
        if self.profiler.is_some() {
            HeapSource::Dhat
        } else {
            HeapSource::Reported
        }
    }

    /// Takes the current heap as zero. Workloads call this just before
    /// creating their map, so that only the map is counted.
    pub fn rebase(&mut self) {
        if self.profiler.is_some() {
            self.baseline = dhat::HeapStats::get().curr_bytes;
        }
    }

    /// The heap bytes the map holds now.
    pub fn bytes<K, V, M: MapStrategy<K, V>>(&self, map: &M) -> u64 {
        match self.profiler {
            Some(_) => dhat::HeapStats::get()
                .curr_bytes
                .saturating_sub(self.baseline) as u64,
            None => map.heap_bytes() as u64,
        }
    }

    /// The most heap held since the profiler started, above the baseline;
    /// `None` without a profiler.
    pub fn peak(&self) -> Option<u64> {
        self.profiler.as_ref().map(|_| {
            dhat::HeapStats::get()
                .max_bytes
                .saturating_sub(self.baseline) as u64
        })
    }
}
