//! The kit is only worth something if it fails on broken maps. Each map
//! here has one deliberate bug, and the matching check must report it.

use core::hash::Hash;
use std::collections::HashMap;

use map_api::{Family, Kind, MapIter, MapStrategy};
use map_testkit::{checks, failure_of, panics};

/// Forgets to remove every 97th key it is asked to remove.
struct ForgetfulRemove<K, V> {
    inner: HashMap<K, V>,
    removals: usize,
}

impl<K: Hash + Eq, V> MapStrategy<K, V> for ForgetfulRemove<K, V> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.inner.insert(key, value)
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.inner.get(key)
    }
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.inner.get_mut(key)
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        self.removals += 1;
        if self.removals.is_multiple_of(97) {
            return None;
        }
        self.inner.remove(key)
    }
    fn len(&self) -> usize {
        self.inner.len()
    }
    fn clear(&mut self) {
        self.inner.clear()
    }
    fn heap_bytes(&self) -> usize {
        0
    }
}

/// Leaks every value on `clear` instead of dropping it.
struct LeakOnClear<K, V> {
    inner: HashMap<K, V>,
}

impl<K: Hash + Eq, V> MapStrategy<K, V> for LeakOnClear<K, V> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.inner.insert(key, value)
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.inner.get(key)
    }
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.inner.get_mut(key)
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        self.inner.remove(key)
    }
    fn len(&self) -> usize {
        self.inner.len()
    }
    fn clear(&mut self) {
        for (key, value) in self.inner.drain() {
            drop(key);
            core::mem::forget(value);
        }
    }
    fn heap_bytes(&self) -> usize {
        0
    }
}

/// Misses every fifth `get_mut`, as if the key were absent.
struct FlakyGetMut<K, V> {
    inner: HashMap<K, V>,
    calls: usize,
}

impl<K: Hash + Eq, V> MapStrategy<K, V> for FlakyGetMut<K, V> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.inner.insert(key, value)
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.inner.get(key)
    }
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.calls += 1;
        if self.calls.is_multiple_of(5) {
            return None;
        }
        self.inner.get_mut(key)
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        self.inner.remove(key)
    }
    fn len(&self) -> usize {
        self.inner.len()
    }
    fn clear(&mut self) {
        self.inner.clear()
    }
    fn heap_bytes(&self) -> usize {
        0
    }
}

macro_rules! family {
    ($name:ident => $map:ident { $($field:ident: $init:expr),* }) => {
        impl<K, V> Default for $map<K, V> {
            fn default() -> Self {
                Self { inner: HashMap::new() $(, $field: $init)* }
            }
        }

        // Iteration is not where these maps are broken.
        impl<K: Hash + Eq, V> MapIter<K, V> for $map<K, V> {
            fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
                self.inner.iter().for_each(|(k, v)| f(k, v));
            }
            fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
                self.inner.retain(|k, v| f(k, v));
            }
        }

        struct $name;
        impl Family for $name {
            const NAME: &'static str = stringify!($map);
            const ABOUT: &'static str = "deliberately broken";
            const KIND: Kind = Kind::Strategy;
            type Map<K: Hash + Eq, V> = $map<K, V>;
        }
    };
}

family!(Forgetful => ForgetfulRemove { removals: 0 });
family!(Leaky => LeakOnClear {});
family!(Flaky => FlakyGetMut { calls: 0 });

#[test]
fn differential_catches_a_lost_removal() {
    let message = failure_of(Forgetful::NAME, checks::differential::<Forgetful>)
        .expect("the differential check accepted a map that ignores removals");
    // The first removal it ignores is of a present key, while draining.
    assert!(
        message.contains("ForgetfulRemove, drain: remove(") && message.contains("right: Some("),
        "unexpected message: {message}"
    );
}

#[test]
fn drop_accounting_catches_a_leak() {
    let failure = failure_of(Leaky::NAME, checks::drops_exactly_once::<Leaky>);
    let message = failure.expect("the drop check accepted a map that leaks on clear");
    assert!(
        message.contains("dropped 0 times"),
        "unexpected message: {message}"
    );
}

#[test]
fn get_mut_check_catches_a_miss() {
    let message = failure_of(Flaky::NAME, checks::get_mut_updates_in_place::<Flaky>)
        .expect("the get_mut check accepted a map whose get_mut misses");
    // The fifth call misses: key 12, as the check updates every third key.
    assert!(
        message.contains("FlakyGetMut: get_mut(12) missed"),
        "unexpected message: {message}"
    );
}

#[test]
fn random_sequences_catch_a_lost_removal_and_shrink_it() {
    let failure = failure_of(
        Forgetful::NAME,
        map_testkit::ops::random_sequences::<Forgetful>,
    )
    .expect("the property test accepted a map that ignores removals");
    // proptest reports the minimal sequence it shrank to.
    assert!(
        failure.contains("minimal failing input"),
        "unexpected message: {failure}"
    );
}

/// The bugs of [`Planted`], one per check the kit makes beyond the above.
mod bug {
    /// `insert` counts the entry before hashing its key: a panicking `Hash`
    /// leaves `len()` one too high.
    pub const COUNTS_BEFORE_HASHING: u8 = 1;
    /// A removal that leaves the map a quarter full rebuilds it by moving
    /// the entries one by one into a new table: a panicking `Hash` in the
    /// middle drops every entry (the moved ones with the new table, the
    /// rest with the old one's iterator).
    pub const LOSES_ENTRIES_IN_SHRINK: u8 = 2;
    /// `clear` drops the values before it resets its count: a panicking
    /// `Drop` leaves `len()` at the old count over an empty table.
    pub const STALE_LEN_AFTER_PANICKING_CLEAR: u8 = 3;
    /// Iteration visits the first entry twice.
    pub const VISITS_ONE_TWICE: u8 = 4;
    /// Iteration skips the last entry.
    pub const SKIPS_ONE: u8 = 5;
    /// `retain` keeps the first entry it is told to reject.
    pub const RETAIN_KEEPS_ONE: u8 = 6;
}

/// std's map with one bug, chosen by `BUG`, and its own entry count.
struct Planted<K, V, const BUG: u8> {
    inner: HashMap<K, V>,
    count: usize,
}

impl<K, V, const BUG: u8> Default for Planted<K, V, BUG> {
    fn default() -> Self {
        Self {
            inner: HashMap::new(),
            count: 0,
        }
    }
}

impl<K: Hash + Eq, V, const BUG: u8> MapStrategy<K, V> for Planted<K, V, BUG> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        if BUG == bug::COUNTS_BEFORE_HASHING {
            self.count += 1;
            let old = self.inner.insert(key, value);
            self.count -= usize::from(old.is_some());
            return old;
        }
        let old = self.inner.insert(key, value);
        self.count += usize::from(old.is_none());
        old
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.inner.get(key)
    }
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.inner.get_mut(key)
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        let removed = self.inner.remove(key);
        self.count -= usize::from(removed.is_some());
        if BUG == bug::LOSES_ENTRIES_IN_SHRINK
            && self.inner.capacity() > 64
            && self.inner.len() <= self.inner.capacity() / 4
        {
            let old = core::mem::take(&mut self.inner);
            let mut new = HashMap::with_capacity(old.len() * 2);
            self.count = 0;
            for (key, value) in old {
                new.insert(key, value);
            }
            self.count = new.len();
            self.inner = new;
        }
        removed
    }
    fn len(&self) -> usize {
        self.count
    }
    fn clear(&mut self) {
        if BUG == bug::STALE_LEN_AFTER_PANICKING_CLEAR {
            let drained: Vec<(K, V)> = self.inner.drain().collect();
            drop(drained);
            self.count = 0;
            return;
        }
        self.count = 0;
        self.inner.clear();
    }
    fn heap_bytes(&self) -> usize {
        0
    }
}

impl<K: Hash + Eq, V, const BUG: u8> MapIter<K, V> for Planted<K, V, BUG> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        let entries = self.inner.len();
        for (i, (k, v)) in self.inner.iter().enumerate() {
            if BUG == bug::SKIPS_ONE && i + 1 == entries {
                break;
            }
            f(k, v);
        }
        if BUG == bug::VISITS_ONE_TWICE
            && let Some((k, v)) = self.inner.iter().next()
        {
            f(k, v);
        }
    }
    fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        let mut spared = BUG != bug::RETAIN_KEEPS_ONE;
        let count = &mut self.count;
        self.inner.retain(|k, v| {
            let keep = f(k, v);
            if !keep && !spared {
                spared = true;
                return true;
            }
            // Counted as it goes, so that a panicking predicate or drop
            // leaves the count right (only the planted bugs are wrong).
            *count -= usize::from(!keep);
            keep
        });
    }
}

macro_rules! planted {
    ($family:ident = $bug:ident) => {
        struct $family;
        impl Family for $family {
            const NAME: &'static str = stringify!($bug);
            const ABOUT: &'static str = "deliberately broken";
            const KIND: Kind = Kind::Strategy;
            type Map<K: Hash + Eq, V> = Planted<K, V, { bug::$bug }>;
        }
    };
}

planted!(CountsBeforeHashing = COUNTS_BEFORE_HASHING);
planted!(LosesEntriesInShrink = LOSES_ENTRIES_IN_SHRINK);
planted!(StaleLenAfterPanickingClear = STALE_LEN_AFTER_PANICKING_CLEAR);
planted!(VisitsOneTwice = VISITS_ONE_TWICE);
planted!(SkipsOne = SKIPS_ONE);
planted!(RetainKeepsOne = RETAIN_KEEPS_ONE);

/// Runs `check` on the family `F`, which must fail with a message
/// containing `expected`.
fn assert_fails_with<F: Family>(check: fn(), expected: &str) {
    let message = failure_of(F::NAME, check)
        .unwrap_or_else(|| panic!("the check accepted {}, which is broken", F::NAME));
    assert!(
        message.contains(expected),
        "{}: expected a message containing {expected:?}, got: {message}",
        F::NAME
    );
}

#[test]
fn hash_panic_check_catches_a_count_made_before_hashing() {
    assert_fails_with::<CountsBeforeHashing>(
        panics::hash_and_eq_panics::<CountsBeforeHashing>,
        "len() differs from the entries it holds",
    );
}

#[test]
fn drain_check_catches_entries_lost_in_a_panicking_shrink() {
    assert_fails_with::<LosesEntriesInShrink>(
        panics::panics_while_draining::<LosesEntriesInShrink>,
        "lost or changed",
    );
}

/// The map passes every check that never plants a panic in a drain deep
/// enough for its rebuild, which is why the drain check exists.
#[test]
fn only_the_drain_check_sees_the_panicking_shrink() {
    for check in [
        checks::differential::<LosesEntriesInShrink>,
        checks::drops_exactly_once::<LosesEntriesInShrink>,
        panics::hash_and_eq_panics::<LosesEntriesInShrink>,
    ] {
        if let Some(message) = failure_of(LosesEntriesInShrink::NAME, check) {
            panic!("a check without planted panics in a drain failed: {message}");
        }
    }
}

#[test]
fn drop_panic_check_catches_a_stale_len_after_clear() {
    assert_fails_with::<StaleLenAfterPanickingClear>(
        panics::panicking_drop::<StaleLenAfterPanickingClear>,
        "STALE_LEN_AFTER_PANICKING_CLEAR: len after a panicking clear",
    );
}

#[test]
fn iteration_check_catches_an_entry_visited_twice() {
    assert_fails_with::<VisitsOneTwice>(
        checks::iteration_visits_every_entry_once::<VisitsOneTwice>,
        "VISITS_ONE_TWICE: iteration after growth",
    );
}

#[test]
fn iteration_check_catches_a_skipped_entry() {
    assert_fails_with::<SkipsOne>(
        checks::iteration_visits_every_entry_once::<SkipsOne>,
        "SKIPS_ONE: iteration after growth",
    );
}

#[test]
fn drain_check_catches_an_entry_visited_twice() {
    assert_fails_with::<VisitsOneTwice>(
        panics::panics_while_draining::<VisitsOneTwice>,
        "iteration visited entry",
    );
}

#[test]
fn retain_check_catches_a_rejected_entry_kept() {
    assert_fails_with::<RetainKeepsOne>(
        panics::drops_on_retain::<RetainKeepsOne>,
        "dropped 0 times",
    );
}

/// An [`OpsMap`](map_testkit::ops::OpsMap) over std's map with one bug in
/// the surface the operation sequences drive beyond `MapStrategy`.
mod surface_bugs {
    use map_api::{MapIter, MapStrategy};
    use map_testkit::ops::{Basic, Counted, OpsMap};

    type Inner = Basic<map_baselines::StdHashMap<u64, Counted>>;

    /// `extract_if` dropped part-way also removes, unseen, the next
    /// matching entry it visits (`LOSES_ONE = true`); or
    /// `get_disjoint_mut` misses its second key (`LOSES_ONE = false`).
    #[derive(Default)]
    pub struct Buggy<const LOSES_ONE: bool>(Inner);

    impl<const B: bool> MapStrategy<u64, Counted> for Buggy<B> {
        fn insert(&mut self, key: u64, value: Counted) -> Option<Counted> {
            self.0.insert(key, value)
        }
        fn get(&self, key: &u64) -> Option<&Counted> {
            self.0.get(key)
        }
        fn get_mut(&mut self, key: &u64) -> Option<&mut Counted> {
            self.0.get_mut(key)
        }
        fn remove(&mut self, key: &u64) -> Option<Counted> {
            self.0.remove(key)
        }
        fn len(&self) -> usize {
            self.0.len()
        }
        fn clear(&mut self) {
            self.0.clear()
        }
        fn heap_bytes(&self) -> usize {
            0
        }
    }

    impl<const B: bool> MapIter<u64, Counted> for Buggy<B> {
        fn for_each_entry(&self, f: impl FnMut(&u64, &Counted)) {
            self.0.for_each_entry(f)
        }
        fn retain_entries(&mut self, f: impl FnMut(&u64, &mut Counted) -> bool) {
            self.0.retain_entries(f)
        }
    }

    impl<const LOSES_ONE: bool> OpsMap<u64, Counted> for Buggy<LOSES_ONE> {
        fn entry_or_insert(&mut self, key: u64, value: Counted) -> &mut Counted {
            self.0.entry_or_insert(key, value)
        }
        fn entry_and_modify(&mut self, key: u64, f: impl FnOnce(&mut Counted)) -> bool {
            self.0.entry_and_modify(key, f)
        }
        fn entry_remove(&mut self, key: u64) -> Option<Counted> {
            self.0.entry_remove(key)
        }
        fn drain_part(&mut self, take: usize) -> Vec<(u64, Counted)> {
            self.0.drain_part(take)
        }
        fn clone_map(&self) -> Self {
            Buggy(self.0.clone_map())
        }
        fn reserve(&mut self, additional: usize) {
            self.0.reserve(additional)
        }
        fn shrink_to_fit(&mut self) {
            self.0.shrink_to_fit()
        }
        fn shrink_to(&mut self, min_capacity: usize) {
            self.0.shrink_to(min_capacity)
        }
        fn insert_entry(&mut self, key: u64, value: Counted) -> &mut Counted {
            self.0.insert_entry(key, value)
        }
        fn extract_part(
            &mut self,
            mut pred: impl FnMut(&u64, &mut Counted) -> bool,
            take: usize,
        ) -> Vec<(u64, Counted)> {
            if !LOSES_ONE {
                return self.0.extract_part(pred, take);
            }
            let mut taken = self.0.extract_part(&mut pred, take + 1);
            if taken.len() > take {
                taken.pop();
            }
            taken
        }
        fn update_disjoint(&mut self, keys: [&u64; 2], f: impl FnMut(&mut Counted)) -> [bool; 2] {
            if LOSES_ONE {
                return self.0.update_disjoint(keys, f);
            }
            [self.0.get_mut(keys[0]).map(f).is_some(), false]
        }
        fn rebuild(&mut self) {
            self.0.rebuild()
        }
        fn extra(&mut self, which: u8) {
            self.0.extra(which)
        }
    }
}

fn sequences_on<M: map_testkit::ops::OpsMap<u64, map_testkit::ops::Counted> + Default>() {
    map_testkit::ops::check_random_sequences_on::<M, u64>("planted", 4_096, 64);
}

#[test]
fn random_sequences_catch_an_entry_lost_by_extract_if() {
    let failure = failure_of("extract_if", sequences_on::<surface_bugs::Buggy<true>>)
        .expect("the property test accepted an extract_if that loses entries");
    assert!(
        failure.contains("ExtractIf"),
        "unexpected message: {failure}"
    );
}

#[test]
fn random_sequences_catch_a_key_missed_by_get_disjoint_mut() {
    let failure = failure_of(
        "get_disjoint_mut",
        sequences_on::<surface_bugs::Buggy<false>>,
    )
    .expect("the property test accepted a get_disjoint_mut that misses a key");
    assert!(
        failure.contains("get_disjoint_mut found"),
        "unexpected message: {failure}"
    );
}

/// hashbrown as it is: it never gives memory back, which is what the
/// retention check exists to catch in a strategy that should.
struct KeepsItsTable;
impl Family for KeepsItsTable {
    const NAME: &'static str = "KeepsItsTable";
    const ABOUT: &'static str = "hashbrown, which never shrinks by itself";
    const KIND: Kind = Kind::Strategy;
    type Map<K: Hash + Eq, V> = map_baselines::HashbrownMap<K, V>;
}

#[test]
fn retention_check_catches_a_map_that_keeps_its_table() {
    assert_fails_with::<KeepsItsTable>(
        map_testkit::retention::drained_maps_stay_near_right_sized::<KeepsItsTable>,
        "KeepsItsTable: drained from",
    );
}
