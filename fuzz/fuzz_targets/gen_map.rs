//! gen-map through its own surface, with its generation calls: a
//! rotation starts a migration at any point, `maintain` advances one by a
//! fuzzed budget, and `finish_migration` completes it.
#![no_main]

use map_testkit::ops::{Counted, WeakKey, fuzz_bytes_on};

map_testkit::surface_ops_map!(
    Ops = gen_map::GenMap,
    shrink_to_fit: |map| map.shrink_to_fit(),
    shrink_to: |map, min| map.shrink_to(min),
    extra: |map, which| match which % 3 {
        0 => map.rotate(),
        1 => map.maintain(usize::from(which)),
        _ => map.finish_migration(),
    },
);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bytes_on::<Ops<u64, Counted>, Ops<WeakKey, Counted>>("gen-map", data)
});
