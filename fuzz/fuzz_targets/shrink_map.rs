//! shrink-map through its own surface. Its shrinks are automatic, so it
//! has no calls of its own beyond `shrink_to_fit` and `shrink_to`.
#![no_main]

use map_testkit::ops::{Counted, WeakKey, fuzz_bytes_on};

map_testkit::surface_ops_map!(
    Ops = shrink_map::ShrinkMap,
    shrink_to_fit: |map| map.shrink_to_fit(),
    shrink_to: |map, min| map.shrink_to(min),
    extra: |_map, _which| (),
);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bytes_on::<Ops<u64, Counted>, Ops<WeakKey, Counted>>("shrink-map", data)
});
