//! The kit's random operation sequences, driven through split-map's own
//! surface (the entry API, `drain` and `extract_if` dropped part-way,
//! `get_disjoint_mut`, `clone`, an `into_iter` rebuild, `reserve`,
//! `shrink_to_fit`, `shrink_to`) rather than the `MapStrategy` emulation
//! the conformance kit uses. The sequences' own call for split-map sets
//! the largest table to 16–128 buckets, so that once one has run the
//! map splits and merges many times within a few hundred entries; the
//! model test (tests/model.rs) covers splits and merges with small tables
//! from the start.

use map_testkit::ops::{WeakKey, check_random_sequences_on};

map_testkit::surface_ops_map!(
    Ops = split_map::SplitMap,
    shrink_to_fit: |map| map.shrink_to_fit(),
    shrink_to: |map, min| map.shrink_to(min),
    extra: |map, which| map.set_max_table_buckets(16 << (which % 4)),
);

#[test]
fn random_sequences_through_the_surface() {
    check_random_sequences_on::<Ops<u64, _>, u64>("split-map", 4_096, map_testkit::scaled(128, 4));
}

#[test]
fn random_sequences_through_the_surface_with_colliding_hashes() {
    check_random_sequences_on::<Ops<WeakKey, _>, WeakKey>(
        "split-map",
        4_096,
        map_testkit::scaled(64, 4),
    );
}
