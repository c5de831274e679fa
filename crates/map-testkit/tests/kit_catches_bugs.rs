//! The kit is only worth something if it fails on broken maps. Each map
//! here has one deliberate bug, and the matching check must report it.

use core::hash::Hash;
use std::collections::HashMap;

use map_api::{Family, Kind, MapIter, MapStrategy};
use map_testkit::{checks, failure_of};

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
    let failure = failure_of(Forgetful::NAME, checks::differential::<Forgetful>);
    assert!(
        failure.is_some(),
        "the differential check accepted a map that ignores removals"
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
    let failure = failure_of(Flaky::NAME, checks::get_mut_updates_in_place::<Flaky>);
    assert!(
        failure.is_some(),
        "the get_mut check accepted a map whose get_mut misses"
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
