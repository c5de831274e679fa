//! go-hmap through its own surface. By Go's semantics it never shrinks by
//! itself and has no `shrink_to`; its own call, `compact` (the rebuild into
//! a right-sized map that Go users do by hand), stands in for
//! `shrink_to_fit`.
#![no_main]

use map_testkit::ops::{Counted, WeakKey, fuzz_bytes_on};

map_testkit::surface_ops_map!(
    Ops = go_hmap::GoMap,
    shrink_to_fit: |map| map.compact(),
    shrink_to: |_map, _min| (),
    extra: |map, _which| map.compact(),
);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bytes_on::<Ops<u64, Counted>, Ops<WeakKey, Counted>>("go-hmap", data)
});
