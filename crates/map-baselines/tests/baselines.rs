//! Behaviour of the baselines that the retention comparison relies on.

use map_api::MapStrategy;
use map_baselines::{BoxedMap, HashbrownMap, IndexMapAhash, StdHashMap};

#[test]
fn new_maps_hold_no_heap() {
    assert_eq!(
        MapStrategy::<u64, u64>::heap_bytes(&StdHashMap::<u64, u64>::default()),
        0
    );
    assert_eq!(
        MapStrategy::<u64, u64>::heap_bytes(&HashbrownMap::<u64, u64>::default()),
        0
    );
    assert_eq!(
        MapStrategy::<u64, u64>::heap_bytes(&IndexMapAhash::<u64, u64>::default()),
        0
    );
    assert_eq!(
        MapStrategy::<u64, u64>::heap_bytes(&BoxedMap::<u64, u64>::default()),
        0
    );
}

#[test]
fn boxed_map_counts_its_boxes_and_frees_them() {
    let mut map = BoxedMap::<u64, [u8; 128]>::default();
    for key in 0..1_000 {
        map.insert(key, [1; 128]);
    }
    let table = map.as_inner().allocation_size();
    assert_eq!(map.heap_bytes(), table + 1_000 * 128);
    for key in 0..1_000 {
        map.remove(&key);
    }
    assert_eq!(map.heap_bytes(), table, "the table stays, the boxes go");
}

#[test]
fn indexmap_removes_with_swap_remove() {
    let mut map = IndexMapAhash::<u64, u64>::default();
    for key in 0..5 {
        MapStrategy::insert(&mut map, key, key);
    }
    MapStrategy::remove(&mut map, &1);
    // swap_remove moved the last entry into the hole.
    let order: Vec<u64> = map.keys().copied().collect();
    assert_eq!(order, [0, 4, 2, 3]);
}

#[test]
fn std_and_hashbrown_report_the_same_table() {
    let mut std_map = StdHashMap::<u64, [u8; 128]>::default();
    let mut brown = HashbrownMap::<u64, [u8; 128]>::default();
    for key in 0..20_000 {
        MapStrategy::insert(&mut std_map, key, [0; 128]);
        MapStrategy::insert(&mut brown, key, [0; 128]);
        assert_eq!(
            MapStrategy::heap_bytes(&std_map),
            MapStrategy::heap_bytes(&brown),
            "at {key}"
        );
    }
}
