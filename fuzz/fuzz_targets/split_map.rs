//! split-map through its own surface. Its own call changes the largest
//! table size mid-run (16 to 128 buckets), so that even the small maps a
//! fuzzer builds split and merge many times.
#![no_main]

use map_testkit::ops::{Counted, WeakKey, fuzz_bytes_on};

map_testkit::surface_ops_map!(
    Ops = split_map::SplitMap,
    shrink_to_fit: |map| map.shrink_to_fit(),
    shrink_to: |map, min| map.shrink_to(min),
    extra: |map, which| map.set_max_table_buckets(16 << (which % 4)),
);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bytes_on::<Ops<u64, Counted>, Ops<WeakKey, Counted>>("split-map", data)
});
