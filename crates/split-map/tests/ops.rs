//! The kit's random operation sequences, driven through split-map's own
//! surface (the entry API, `drain` dropped part-way, `clone`, `reserve`,
//! `shrink_to_fit`) rather than the `MapStrategy` emulation the
//! conformance kit uses. Splits and merges under random sequences are the
//! model test's job (tests/model.rs, with small tables).

use map_testkit::ops::{WeakKey, check_random_sequences_on};

map_testkit::surface_ops_map!(Ops = split_map::SplitMap, |map| map.shrink_to_fit());

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
