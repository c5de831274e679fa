//! Every way of emptying a map gives its memory back, measured with dhat:
//! an empty map holds at most 64 KiB, and one that keeps 1% of its entries
//! at most four times a table right-sized for them.
//!
//! The O(n) paths (`retain`, `drain`, `clear`) owe it the moment they
//! return. Removals release a large table's pages a slice per write, so
//! after the last one the map owes it within the bounded number of writes
//! that `GenMap::stats` reports as `settle_writes`, or after one
//! `maintain` call.

use gen_map::{Entry, GenMap};
use map_api::layout::{buckets_for_capacity, raw_table_bytes};
use map_testkit::scaled;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const EMPTY_LIMIT: usize = 64 << 10;

type Map = GenMap<u64, u64>;

/// The entries each test fills the map with: the 300,000, whose
/// table is large enough to be released page by page.
fn n() -> u64 {
    scaled(300_000, 3_000) as u64
}

/// What a hashbrown table reserved for exactly `len` entries allocates.
fn right_sized(len: usize) -> usize {
    raw_table_bytes::<(u64, u64)>(buckets_for_capacity(len))
}

/// The cases run one after another in one test, so that no other test
/// allocates while dhat counts; each reports its own failure.
fn every_way_of_emptying_gives_the_memory_back() {
    let cases: [(&str, fn()); 8] = [
        ("remove every key", remove_every_key),
        (
            "remove every key, then maintain",
            remove_every_key_then_maintain_once,
        ),
        ("entry remove every key", entry_remove_every_key),
        ("retain nothing", retain_nothing_frees_at_once),
        ("drain", drain_frees_at_once),
        ("clear", clear_frees_at_once),
        (
            "keep 1%",
            keeping_one_percent_holds_at_most_four_times_right_sized,
        ),
        (
            "removals empty previous",
            previous_emptied_by_removals_is_retired_at_once,
        ),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(name, case)| map_testkit::failure_of(name, case))
        .collect();
    map_testkit::assert_no_failures("emptying", &failures);
}

/// Runs `case` under a fresh dhat profiler, with `heap` reading the bytes
/// allocated since the case began.
fn measured(case: impl FnOnce(&dyn Fn() -> usize)) {
    // ahash allocates its seed source on first use; do that before the
    // baseline.
    drop(Map::from_iter([(0, 0)]));
    let _profiler = dhat::Profiler::builder().testing().build();
    let baseline = dhat::HeapStats::get().curr_bytes;
    let heap = move || dhat::HeapStats::get().curr_bytes - baseline;
    case(&heap);
}

fn filled() -> Map {
    (0..n()).map(|k| (k, k)).collect()
}

/// After removals emptied the map: at most `settle_writes` more writes
/// (here removals of absent keys) bring it down to 64 KiB.
fn settles_after_writes(map: &mut Map, heap: &dyn Fn() -> usize, path: &str) {
    assert!(map.is_empty());
    let bound = map.stats().settle_writes;
    for _ in 0..bound {
        map.remove(&u64::MAX);
    }
    assert!(
        heap() <= EMPTY_LIMIT,
        "{path}: {} bytes held {bound} writes after the map emptied: {:?}",
        heap(),
        map.stats()
    );
    assert_eq!(
        map.heap_bytes(),
        heap(),
        "{path}: heap_bytes() against dhat"
    );
}

fn remove_every_key() {
    measured(|heap| {
        let mut map = filled();
        for k in 0..n() {
            map.remove(&k);
        }
        settles_after_writes(&mut map, heap, "remove");
    });
}

fn remove_every_key_then_maintain_once() {
    measured(|heap| {
        let mut map = filled();
        // A rotation just before the drain leaves a large table retiring
        // when the map empties.
        map.rotate();
        for k in 0..n() {
            map.remove(&k);
        }
        map.maintain(usize::MAX);
        assert!(heap() <= EMPTY_LIMIT, "{} bytes: {:?}", heap(), map.stats());
        assert_eq!(map.heap_bytes(), heap());
    });
}

fn entry_remove_every_key() {
    measured(|heap| {
        let mut map = filled();
        for k in 0..n() {
            match map.entry(k) {
                Entry::Occupied(entry) => drop(entry.remove()),
                Entry::Vacant(_) => panic!("{k} is present"),
            }
        }
        settles_after_writes(&mut map, heap, "entry remove");
    });
}

fn retain_nothing_frees_at_once() {
    measured(|heap| {
        let mut map = filled();
        map.retain(|_, _| false);
        assert!(map.is_empty());
        assert!(heap() <= EMPTY_LIMIT, "{} bytes: {:?}", heap(), map.stats());
        assert_eq!(map.heap_bytes(), heap());
    });
}

fn drain_frees_at_once() {
    measured(|heap| {
        let mut map = filled();
        assert_eq!(map.drain().count() as u64, n());
        assert!(heap() <= EMPTY_LIMIT, "{} bytes: {:?}", heap(), map.stats());
        let mut map = filled();
        drop(map.drain());
        assert!(heap() <= EMPTY_LIMIT, "{} bytes: {:?}", heap(), map.stats());
        assert_eq!(map.heap_bytes(), heap());
    });
}

fn clear_frees_at_once() {
    measured(|heap| {
        let mut map = filled();
        // Mid-migration, with a table prepared or retiring.
        map.rotate();
        map.insert(u64::MAX, 0);
        map.clear();
        assert!(heap() <= EMPTY_LIMIT, "{} bytes: {:?}", heap(), map.stats());
        assert_eq!(map.heap_bytes(), heap());
    });
}

/// Every path that keeps 1% of the entries leaves at most four times a
/// right-sized table.
fn keeping_one_percent_holds_at_most_four_times_right_sized() {
    measured(|heap| {
        let keep = |k: u64| k.is_multiple_of(100);
        let kept = (0..n()).filter(|&k| keep(k)).count();
        let limit = 4 * right_sized(kept);
        let check = |map: &Map, path: &str| {
            assert_eq!(map.len(), kept, "{path}");
            assert!(
                heap() <= limit,
                "{path}: {} bytes for {kept} entries, limit {limit}: {:?}",
                heap(),
                map.stats()
            );
            assert_eq!(map.heap_bytes(), heap(), "{path}");
        };

        let mut map = filled();
        for k in (0..n()).filter(|&k| !keep(k)) {
            map.remove(&k);
        }
        for _ in 0..map.stats().settle_writes {
            map.remove(&u64::MAX);
        }
        check(&map, "remove");
        drop(map);

        let mut map = filled();
        for k in (0..n()).filter(|&k| !keep(k)) {
            if let Entry::Occupied(entry) = map.entry(k) {
                entry.remove();
            }
        }
        for _ in 0..map.stats().settle_writes {
            map.remove(&u64::MAX);
        }
        check(&map, "entry remove");
        drop(map);

        let mut map = filled();
        map.retain(|&k, _| keep(k));
        check(&map, "retain");
        drop(map);

        let mut map = filled();
        let removed = map.extract_if(|&k, _| !keep(k)).count();
        assert_eq!(removed + kept, n() as usize);
        check(&map, "extract_if");
    });
}

/// Removals that empty the previous generation before the migration cursor
/// reaches its end retire it then, not at the next rotation.
fn previous_emptied_by_removals_is_retired_at_once() {
    measured(|heap| {
        // A sparse table: room reserved for many more entries than it holds.
        // After a rotation, each write's migration batch moves almost
        // nothing, so removals empty `previous` long before the cursor
        // reaches its end. Each removal of an old key comes with an insert
        // of a new one, so that the map does not shrink, which would free
        // `previous` by another path.
        let few = n() / 300;
        let mut map = Map::with_capacity(n() as usize * 2);
        map.extend((0..few).map(|k| (k, k)));
        map.rotate();
        let mut emptied = false;
        for k in 0..few {
            let before = map.stats();
            map.remove(&k);
            map.insert(few + k, k);
            let after = map.stats();
            if before.previous_len > 0 && after.previous_len == 0 {
                emptied = true;
                assert!(
                    after.previous_buckets <= 1,
                    "the emptied previous generation is still held: {after:?}"
                );
                assert_eq!(map.heap_bytes(), heap());
            }
        }
        assert!(emptied, "the test needs removals to empty `previous`");
        for _ in 0..map.stats().settle_writes {
            map.remove(&u64::MAX);
        }
        let table = raw_table_bytes::<(u64, u64)>(map.stats().current_buckets);
        assert!(
            heap() <= table,
            "{} bytes held, the live table is {table}: {:?}",
            heap(),
            map.stats()
        );
    });
}

/// dhat counts every thread's allocations, so this binary runs without
/// libtest's harness, whose main thread allocates while a test runs (see
/// `map_testkit::heap`): the check runs alone on the main thread.
fn main() -> std::process::ExitCode {
    map_testkit::heap::run_trials(vec![map_testkit::heap::Trial::test(
        "every_way_of_emptying_gives_the_memory_back",
        || {
            every_way_of_emptying_gives_the_memory_back();
            Ok(())
        },
    )])
}
