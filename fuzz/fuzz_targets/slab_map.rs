//! slab-map through its own surface, with explicit compactions on top of
//! the automatic ones.
#![no_main]

use map_testkit::ops::{Counted, WeakKey, fuzz_bytes_on};

map_testkit::surface_ops_map!(
    Ops = slab_map::SlabMap,
    shrink_to_fit: |map| map.shrink_to_fit(),
    shrink_to: |map, min| map.shrink_to(min),
    extra: |map, _which| map.compact(),
);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bytes_on::<Ops<u64, Counted>, Ops<WeakKey, Counted>>("slab-map", data)
});
