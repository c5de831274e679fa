//! The one API contract every strategy crate meets, checked by compiling
//! it: [`std_surface_tests!`](crate::std_surface_tests).
//!
//! The contract is std's `HashMap` surface with std's semantics, plus
//! hashbrown's `Equivalent` lookups and `TryReserveError`; see the
//! macro's documentation for the list. A method that is missing, renamed
//! or typed differently fails to compile, so the contract cannot drift
//! between crates. The generated tests also run, and check the semantics
//! that a signature cannot show: an overwrite keeps the stored key,
//! `extract_if` dropped early keeps what it has not visited, a drain dropped
//! half-way still empties the map, `get_disjoint_mut` refuses overlapping
//! keys, and serde round-trips a plain JSON object.

use core::hash::{Hash, Hasher};

/// A key that compares and hashes by `key` alone but remembers which
/// object it is (`id`), so a test can tell whether a map kept the stored
/// key or replaced it with an equal one.
#[derive(Debug, Clone)]
pub struct TaggedKey {
    /// What the key compares and hashes by.
    pub key: u32,
    /// Which of several equal keys this is.
    pub id: u32,
}

impl TaggedKey {
    /// The key `key`, tagged `id`.
    pub fn new(key: u32, id: u32) -> Self {
        Self { key, id }
    }
}

impl PartialEq for TaggedKey {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for TaggedKey {}

impl Hash for TaggedKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// A borrowed name that looks up `String` keys through
/// [`Equivalent`](map_api::Equivalent) only: `String` does not
/// `Borrow<Name>`, so a map whose lookups take `Borrow` cannot accept it.
#[derive(Debug, Clone, Copy)]
pub struct Name<'a>(pub &'a str);

impl Hash for Name<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Exactly as `String` hashes, so equivalent keys hash alike.
        self.0.hash(state);
    }
}

impl map_api::Equivalent<String> for Name<'_> {
    fn equivalent(&self, key: &String) -> bool {
        self.0 == key
    }
}

/// Asserts at compile time that `I` is an exact-size, fused, debuggable
/// iterator, and returns it.
pub fn exact_fused<I: ExactSizeIterator + core::iter::FusedIterator + core::fmt::Debug>(
    iter: I,
) -> I {
    iter
}

/// Asserts at compile time that `T` is `Send` and `Sync` when its
/// parameters are.
pub fn send_sync<T: Send + Sync>(_: &T) {}

/// Generates the std-surface tests for one strategy crate.
///
/// `std_surface_tests!(crate: shrink_map, map: ShrinkMap)` checks
/// `shrink_map::ShrinkMap<K, V>` (with its default hasher) and the crate's
/// exported types. Add `shrinks: false` for a map that by design never
/// shrinks (go-hmap), which then need not have `shrink_to_fit` and
/// `shrink_to`. The serde half of the contract is
/// [`serde_surface_tests!`](crate::serde_surface_tests).
///
/// The contract:
///
/// - construction: `new`, `with_capacity`, `with_hasher`,
///   `with_capacity_and_hasher`, `hasher`, `Default`; `len`, `is_empty`,
///   `capacity`, `reserve`, `try_reserve` (returning
///   [`map_api::TryReserveError`]), `shrink_to_fit`, `shrink_to`;
/// - lookups through [`Equivalent`](map_api::Equivalent): `get`,
///   `get_key_value`, `get_mut`, `contains_key`, `remove`, `remove_entry`,
///   and `get_disjoint_mut`, which panics with hashbrown's "duplicate keys
///   found" on overlapping keys;
/// - `insert` (an overwrite keeps the stored key), `retain`, `extract_if`,
///   `drain`, `clear`;
/// - the entry API: `Entry::{Occupied, Vacant}` with `or_insert`,
///   `or_insert_with`, `or_insert_with_key`, `or_default`, `and_modify`,
///   `key`, `insert_entry`; `OccupiedEntry::{key, get, get_mut, into_mut,
///   insert, remove, remove_entry}`; `VacantEntry::{key, into_key, insert,
///   insert_entry}`;
/// - iterators, each exact-size, fused and `Debug`, exported under these
///   names: `Iter`, `IterMut`, `Keys`, `Values` (these three `Clone`),
///   `ValuesMut`, `IntoIter`, `IntoKeys`, `IntoValues`, `Drain`; and
///   `IntoIterator` for the map, `&map` and `&mut map`;
/// - random operation sequences ([`ops`](crate::ops)) against std's map
///   through that surface, with a deterministic hasher;
/// - `Debug`, `Clone`, `PartialEq`, `Eq`, `Index`, `Extend<(K, V)>`,
///   `Extend<(&K, &V)>`, `FromIterator`, `From<[(K, V); N]>`, `Send` and
///   `Sync`, and the workspace's `MapStrategy` and `MapIter`.
#[macro_export]
macro_rules! std_surface_tests {
    (crate: $krate:ident, map: $map:ident $(,)?) => {
        $crate::std_surface_tests!(@common $krate, $map);
        $crate::std_surface_tests!(@shrinks $krate, $map);
        $crate::std_surface_tests!(@ops $krate, $map, shrink_to_fit: |map| map.shrink_to_fit(),
            shrink_to: |map, min| map.shrink_to(min));
    };
    (crate: $krate:ident, map: $map:ident, shrinks: false $(,)?) => {
        $crate::std_surface_tests!(@common $krate, $map);
        $crate::std_surface_tests!(@ops $krate, $map, shrink_to_fit: |_map| (),
            shrink_to: |_map, _min| ());
    };
    (@ops $krate:ident, $map:ident, shrink_to_fit: |$fit:ident| $shrink_fit:expr,
        shrink_to: |$to:ident, $min:ident| $shrink_to:expr) => {
        /// The kit's operation sequences on the crate's own surface (the
        /// entry API, `drain` dropped part-way, `clone`, `reserve`,
        /// `shrink_to_fit`), with a deterministic hasher.
        #[test]
        fn surface_random_operations() {
            use $crate::ops::{Counted, WeakKey};

            $crate::surface_ops_map!(
                Surface = $krate::$map,
                shrink_to_fit: |$fit| $shrink_fit,
                shrink_to: |$to, $min| $shrink_to,
                extra: |_map, _which| (),
            );

            let name = stringify!($krate::$map);
            let cases = $crate::scaled(32, 1);
            $crate::ops::check_random_sequences_on::<Surface<u64, Counted>, u64>(name, 4_096, cases);
            $crate::ops::check_random_sequences_on::<Surface<WeakKey, Counted>, WeakKey>(
                name, 1_024, cases,
            );
        }
    };
    (@shrinks $krate:ident, $map:ident) => {
        #[test]
        fn surface_shrinks() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<u64, u64> = (0..1_000).map(|k| (k, k)).collect();
            map.retain(|k, _| *k < 10);
            // std's contract: `shrink_to` never takes the capacity below
            // its limit, and leaves one already below it alone (a map that
            // shrinks by itself may have shrunk during `retain`).
            let before = map.capacity();
            map.shrink_to(100);
            assert!(map.capacity() >= before.min(100));
            map.shrink_to_fit();
            assert!(map.capacity() >= 10);
            assert_eq!(map.len(), 10);
            assert_eq!(map.get(&9), Some(&9));
        }
    };
    (@common $krate:ident, $map:ident) => {
        #[allow(unused_imports)]
        use $crate::surface::{exact_fused, send_sync, Name, TaggedKey};

        #[test]
        fn surface_construction_and_capacity() {
            type M<K, V> = $krate::$map<K, V>;
            let map: M<String, u64> = M::new();
            assert!(map.is_empty());
            assert_eq!(map.len(), 0);
            let mut map: M<String, u64> = M::with_capacity(100);
            assert!(map.capacity() >= 100);
            map.reserve(1_000);
            assert!(map.capacity() >= 1_000);
            let ok: ::core::result::Result<(), $crate::__private::TryReserveError> =
                map.try_reserve(10);
            assert!(ok.is_ok());
            assert!(map.try_reserve(usize::MAX).is_err());
            let hasher = map.hasher().clone();
            let with_hasher: M<String, u64> = M::with_hasher(hasher.clone());
            assert!(with_hasher.is_empty());
            let both: M<String, u64> = M::with_capacity_and_hasher(10, hasher);
            assert!(both.capacity() >= 10);
            let default: M<String, u64> = ::core::default::Default::default();
            assert!(default.is_empty());
            send_sync(&default);
        }

        #[test]
        fn surface_lookups_take_equivalent_and_borrow() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<String, u64> = M::new();
            assert_eq!(map.insert("a".to_string(), 1), None);
            map.insert("b".to_string(), 2);
            // Borrow<str>, through Equivalent's blanket impl.
            assert_eq!(map.get("a"), Some(&1));
            assert!(map.contains_key("b"));
            assert_eq!(map.get_key_value("a"), Some((&"a".to_string(), &1)));
            *map.get_mut("a").unwrap() += 10;
            assert_eq!(map["a"], 11);
            // Equivalent alone.
            assert_eq!(map.get(&Name("a")), Some(&11));
            assert!(map.contains_key(&Name("b")));
            assert!(!map.contains_key(&Name("c")));
            assert_eq!(map.get_key_value(&Name("b")).map(|(_, v)| *v), Some(2));
            *map.get_mut(&Name("b")).unwrap() += 1;
            assert_eq!(map[&Name("b")], 3);
            assert_eq!(map.remove(&Name("b")), Some(3));
            assert_eq!(map.remove_entry("a"), Some(("a".to_string(), 11)));
            assert_eq!(map.remove("a"), None);
            assert!(map.is_empty());
        }

        #[test]
        fn surface_overwrite_keeps_the_stored_key() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<TaggedKey, u32> = M::new();
            // Enough keys to grow the map several times around the one
            // that is overwritten.
            for key in 0..2_000 {
                map.insert(TaggedKey::new(key, 0), key);
            }
            for key in 0..2_000 {
                assert_eq!(map.insert(TaggedKey::new(key, 1), key + 1), Some(key));
            }
            for (key, value) in &map {
                assert_eq!(key.id, 0, "insert replaced the stored key {}", key.key);
                assert_eq!(*value, key.key + 1);
            }
            let probe = TaggedKey::new(7, 2);
            match map.entry(probe) {
                $krate::Entry::Occupied(mut occupied) => {
                    assert_eq!(occupied.key().id, 0);
                    assert_eq!(occupied.insert(70), 8);
                }
                $krate::Entry::Vacant(_) => panic!("key 7 is present"),
            }
            let entry = map.entry(TaggedKey::new(7, 3)).insert_entry(71);
            assert_eq!(entry.key().id, 0, "insert_entry replaced the stored key");
            assert_eq!(map.get_key_value(&TaggedKey::new(7, 9)).map(|(k, v)| (k.id, *v)), Some((0, 71)));
        }

        #[test]
        fn surface_entry_api() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<String, u64> = M::new();
            for word in ["a", "b", "a", "c", "a"] {
                *map.entry(word.to_string()).or_insert(0) += 1;
            }
            assert_eq!(map["a"], 3);
            assert_eq!(*map.entry("d".to_string()).or_insert_with(|| 4), 4);
            assert_eq!(*map.entry("ee".to_string()).or_insert_with_key(|k| k.len() as u64), 2);
            assert_eq!(*map.entry("f".to_string()).or_default(), 0);
            map.entry("a".to_string()).and_modify(|v| *v *= 10).or_insert(0);
            assert_eq!(map["a"], 30);
            assert_eq!(map.entry("zz".to_string()).key(), "zz");
            match map.entry("b".to_string()) {
                $krate::Entry::Occupied(mut occupied) => {
                    assert_eq!(occupied.key(), "b");
                    assert_eq!(*occupied.get(), 1);
                    *occupied.get_mut() += 1;
                    assert_eq!(occupied.insert(5), 2);
                    let value: &mut u64 = occupied.into_mut();
                    *value += 1;
                }
                $krate::Entry::Vacant(_) => panic!("b is present"),
            }
            assert_eq!(map["b"], 6);
            match map.entry("b".to_string()) {
                $krate::Entry::Occupied(occupied) => assert_eq!(occupied.remove(), 6),
                $krate::Entry::Vacant(_) => panic!("b is present"),
            }
            match map.entry("c".to_string()) {
                $krate::Entry::Occupied(occupied) => {
                    assert_eq!(occupied.remove_entry(), ("c".to_string(), 1))
                }
                $krate::Entry::Vacant(_) => panic!("c is present"),
            }
            match map.entry("g".to_string()) {
                $krate::Entry::Vacant(vacant) => {
                    assert_eq!(vacant.key(), "g");
                    assert_eq!(vacant.into_key(), "g");
                }
                $krate::Entry::Occupied(_) => panic!("g is absent"),
            }
            assert!(!map.contains_key("g"));
            match map.entry("g".to_string()) {
                $krate::Entry::Vacant(vacant) => *vacant.insert(7) += 1,
                $krate::Entry::Occupied(_) => panic!("g is absent"),
            }
            assert_eq!(map["g"], 8);
            match map.entry("h".to_string()) {
                $krate::Entry::Vacant(vacant) => {
                    let occupied = vacant.insert_entry(9);
                    assert_eq!((occupied.key().as_str(), *occupied.get()), ("h", 9));
                }
                $krate::Entry::Occupied(_) => panic!("h is absent"),
            }
            let occupied = map.entry("i".to_string()).insert_entry(10);
            assert_eq!(*occupied.get(), 10);
            assert_eq!(map.len(), 7);
        }

        #[test]
        fn surface_iterators() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<u64, u64> = (0..500).map(|k| (k, k * 2)).collect();
            let iter: $krate::Iter<'_, u64, u64> = exact_fused(map.iter());
            assert_eq!(iter.len(), 500);
            let again = iter.clone();
            assert_eq!(iter.map(|(k, v)| k + v).sum::<u64>(), again.map(|(k, v)| k + v).sum::<u64>());
            let keys: $krate::Keys<'_, u64, u64> = exact_fused(map.keys());
            assert_eq!(keys.clone().count(), 500);
            assert_eq!(keys.copied().sum::<u64>(), (0..500u64).sum::<u64>());
            let values: $krate::Values<'_, u64, u64> = exact_fused(map.values());
            assert_eq!(values.clone().len(), 500);
            assert_eq!(values.copied().sum::<u64>(), (0..500u64).map(|k| k * 2).sum::<u64>());
            let iter_mut: $krate::IterMut<'_, u64, u64> = exact_fused(map.iter_mut());
            for (k, v) in iter_mut {
                *v = *k + 1;
            }
            let values_mut: $krate::ValuesMut<'_, u64, u64> = exact_fused(map.values_mut());
            for v in values_mut {
                *v += 1;
            }
            for (k, v) in &mut map {
                assert_eq!(*v, *k + 2);
                *v -= 2;
            }
            for (k, v) in &map {
                assert_eq!(k, v);
            }
            let mut seen: ::std::vec::Vec<u64> = ::std::vec::Vec::new();
            let into_keys: $krate::IntoKeys<u64, u64> = exact_fused(map.clone().into_keys());
            seen.extend(into_keys);
            seen.sort_unstable();
            assert_eq!(seen, (0..500).collect::<::std::vec::Vec<_>>());
            let into_values: $krate::IntoValues<u64, u64> = exact_fused(map.clone().into_values());
            assert_eq!(into_values.sum::<u64>(), (0..500u64).sum::<u64>());
            let into_iter: $krate::IntoIter<u64, u64> = exact_fused(map.into_iter());
            assert_eq!(into_iter.len(), 500);
        }

        #[test]
        fn surface_removal_in_bulk() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<u64, ::std::string::String> =
                (0..1_000).map(|k| (k, k.to_string())).collect();
            map.retain(|k, v| {
                v.push('!');
                k % 2 == 0
            });
            assert_eq!(map.len(), 500);
            assert!(map.values().all(|v| v.ends_with('!')));
            // extract_if: what it yields leaves the map; dropped early, it
            // leaves every entry it has not yielded.
            let mut taken: ::std::vec::Vec<u64> =
                map.extract_if(|k, _| k % 4 == 0).map(|(k, _)| k).collect();
            taken.sort_unstable();
            assert_eq!(taken, (0..1_000).step_by(4).collect::<::std::vec::Vec<_>>());
            assert_eq!(map.len(), 250);
            let first = map.extract_if(|_, _| true).next();
            assert!(first.is_some());
            assert_eq!(map.len(), 249, "an extract_if dropped early kept what it had not yielded");
            {
                // Dropped at the end of the scope, unused: `drop(...)` would
                // trip clippy's drop_non_drop on maps whose iterator needs
                // no cleanup.
                let _extracted = fused(map.extract_if(|k, _| *k == u64::MAX));
            }
            assert_eq!(map.len(), 249);
            // A drain dropped half-way still empties the map.
            let mut drain: $krate::Drain<'_, u64, ::std::string::String> = exact_fused(map.drain());
            assert!(drain.next().is_some());
            drop(drain);
            assert!(map.is_empty());
            map.insert(1, "one".into());
            map.clear();
            assert!(map.is_empty());
            assert_eq!(map.get(&1), None);

            fn fused<I: Iterator + ::core::iter::FusedIterator>(iter: I) -> I {
                iter
            }
        }

        #[test]
        fn surface_get_disjoint_mut() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<String, u64> = [("a".to_string(), 1), ("b".to_string(), 2)].into();
            let [a, b, c] = map.get_disjoint_mut(["a", "b", "c"]);
            assert_eq!(c, None);
            let (a, b) = (a.unwrap(), b.unwrap());
            ::core::mem::swap(a, b);
            assert_eq!((map["a"], map["b"]), (2, 1));
            let [a] = map.get_disjoint_mut([&Name("a")]);
            assert_eq!(a.copied(), Some(2));
        }

        #[test]
        #[should_panic(expected = "duplicate keys found")]
        fn surface_get_disjoint_mut_refuses_overlapping_keys() {
            type M<K, V> = $krate::$map<K, V>;
            let mut map: M<String, u64> = [("a".to_string(), 1)].into();
            let _ = map.get_disjoint_mut(["a", "a"]);
        }

        #[test]
        fn surface_traits() {
            type M<K, V> = $krate::$map<K, V>;
            fn strategy<T: $crate::__private::MapStrategy<u64, u64> + $crate::__private::MapIter<u64, u64>>(
                map: &T,
            ) -> usize {
                let mut n = 0;
                map.for_each_entry(|_, _| n += 1);
                assert_eq!(n, map.len());
                n
            }
            let mut map: M<u64, u64> = M::from([(1, 10), (2, 20)]);
            map.extend([(3, 30), (4, 40)]);
            let source = [(5u64, 50u64)];
            map.extend(source.iter().map(|(k, v)| (k, v)));
            assert_eq!(strategy(&map), 5);
            assert_eq!(map[&5], 50);
            let copy = map.clone();
            assert_eq!(copy, map);
            let mut entries: ::std::vec::Vec<(u64, u64)> = map.iter().map(|(k, v)| (*k, *v)).collect();
            entries.reverse();
            let reordered: M<u64, u64> = entries.into_iter().collect();
            assert_eq!(reordered, map);
            map.insert(1, 11);
            assert_ne!(copy, map);
            let single: M<u64, &str> = M::from([(1, "x")]);
            assert_eq!(format!("{single:?}"), r#"{1: "x"}"#);
            fn eq<T: Eq>(_: &T) {}
            eq(&map);
            send_sync(&map);
            send_sync(&map.iter());
        }
    };
}

/// Generates the serde half of the contract for one strategy crate: a
/// JSON object round-trips through the map and std's `HashMap`, a repeated
/// key keeps its last value, and a claimed length is not pre-allocated.
///
/// Put it in a test file that starts with `#![cfg(feature = "serde")]`, so
/// that it runs when the crate's `serde` feature is on:
///
/// ```text
/// // crates/my-map/tests/serde.rs
/// #![cfg(feature = "serde")]
/// map_testkit::serde_surface_tests!(my_map::MyMap);
/// ```
#[macro_export]
macro_rules! serde_surface_tests {
    ($($map:ident)::+) => {
        #[test]
        fn serde_round_trips_a_json_object() {
            $crate::surface::serde_round_trips::<$($map)::+<::std::string::String, u64>>();
        }

        #[test]
        fn serde_does_not_trust_a_claimed_length() {
            $crate::surface::serde_caps_the_claimed_length::<$($map)::+<u64, u64>>();
        }
    };
}

/// Round-trips a JSON object through `M` and std's `HashMap`, and checks
/// that a repeated key keeps its last value, as std's map does.
pub fn serde_round_trips<M>()
where
    M: map_api::MapStrategy<String, u64>
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq
        + core::fmt::Debug,
{
    use std::collections::HashMap;

    let json = r#"{"a":1,"b":2,"c":3}"#;
    let map: M = serde_json::from_str(json).unwrap();
    assert_eq!(map.len(), 3);
    assert_eq!(map.get(&"b".to_string()), Some(&2));
    let written = serde_json::to_string(&map).unwrap();
    let through_std: HashMap<String, u64> = serde_json::from_str(&written).unwrap();
    let expected: HashMap<String, u64> = serde_json::from_str(json).unwrap();
    assert_eq!(through_std, expected);
    let back: M = serde_json::from_str(&serde_json::to_string(&through_std).unwrap()).unwrap();
    assert_eq!(back, map);
    let repeated: M = serde_json::from_str(r#"{"a":1,"b":5,"a":2}"#).unwrap();
    assert_eq!(repeated.len(), 2);
    assert_eq!(
        repeated.get(&"a".to_string()),
        Some(&2),
        "a repeated key keeps its last value"
    );
    let empty: M = serde_json::from_str("{}").unwrap();
    assert!(empty.is_empty());
    assert!(serde_json::from_str::<M>("[1, 2]").is_err());
    assert!(serde_json::from_str::<M>(r#"{"a":"not a number"}"#).is_err());
}

/// Deserializes `M` from a source that claims half the address space of
/// entries and holds three: a map that trusted the claim would try to
/// allocate it, and abort.
pub fn serde_caps_the_claimed_length<M>()
where
    M: map_api::MapStrategy<u64, u64> + serde::de::DeserializeOwned,
{
    let map: M = deserialize_claiming(usize::MAX / 2, 3);
    assert_eq!(map.len(), 3);
    assert_eq!(map.get(&2), Some(&2));
    assert!(
        map.heap_bytes() <= 4 << 20,
        "deserializing pre-allocated {} bytes for 3 entries",
        map.heap_bytes()
    );
}

/// Deserializes a map from a source that claims `claimed` entries and
/// holds `actual` (`k -> k`), as a hostile document would. A map that
/// trusted the claim would try to allocate it.
pub fn deserialize_claiming<M>(claimed: usize, actual: u64) -> M
where
    M: for<'de> serde::Deserialize<'de>,
{
    struct Lying {
        next: u64,
        end: u64,
        claimed: usize,
    }
    impl Iterator for Lying {
        type Item = (u64, u64);
        fn next(&mut self) -> Option<(u64, u64)> {
            (self.next < self.end).then(|| {
                self.next += 1;
                (self.next - 1, self.next - 1)
            })
        }
        fn size_hint(&self) -> (usize, Option<usize>) {
            (self.claimed, Some(self.claimed))
        }
    }
    let source = Lying {
        next: 0,
        end: actual,
        claimed,
    };
    let deserializer = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(source);
    M::deserialize(deserializer).expect("a well-formed map")
}

/// Defines `$name<K, V>`, a newtype over a strategy crate's map with the
/// kit's deterministic hasher ([`FixedState`](crate::ops::FixedState)),
/// implementing [`OpsMap`](crate::ops::OpsMap) through the crate's own
/// surface (the entry API, `drain`, `extract_if`, `get_disjoint_mut`,
/// `clone`, `into_iter`, `reserve`), with the given expressions for
/// `shrink_to_fit`, `shrink_to` and the strategy's own calls (`extra`,
/// given a `u8` to choose among them), for property tests and fuzz
/// targets:
///
/// ```text
/// map_testkit::surface_ops_map!(
///     Ops = slab_map::SlabMap,
///     shrink_to_fit: |map| map.shrink_to_fit(),
///     shrink_to: |map, min| map.shrink_to(min),
///     extra: |map, _which| map.compact(),
/// );
/// // a fuzz target's body:
/// map_testkit::ops::fuzz_bytes_on::<Ops<u64, Counted>, Ops<WeakKey, Counted>>("slab-map", data);
/// ```
#[macro_export]
macro_rules! surface_ops_map {
    (
        $name:ident = $krate:ident :: $map:ident,
        shrink_to_fit: |$fit:ident| $shrink_fit:expr,
        shrink_to: |$to:ident, $min:ident| $shrink_to:expr,
        extra: |$extra:ident, $which:ident| $extra_call:expr $(,)?
    ) => {
        /// The crate's map with the kit's deterministic hasher.
        pub struct $name<K, V>(pub $krate::$map<K, V, $crate::ops::FixedState>);

        impl<K, V> ::core::default::Default for $name<K, V> {
            fn default() -> Self {
                $name($krate::$map::with_hasher(
                    <$crate::ops::FixedState as ::core::default::Default>::default(),
                ))
            }
        }

        impl<K: $crate::ops::OpKey> $crate::__private::MapStrategy<K, $crate::ops::Counted>
            for $name<K, $crate::ops::Counted>
        {
            fn insert(
                &mut self,
                key: K,
                value: $crate::ops::Counted,
            ) -> ::core::option::Option<$crate::ops::Counted> {
                self.0.insert(key, value)
            }
            fn get(&self, key: &K) -> ::core::option::Option<&$crate::ops::Counted> {
                self.0.get(key)
            }
            fn get_mut(&mut self, key: &K) -> ::core::option::Option<&mut $crate::ops::Counted> {
                self.0.get_mut(key)
            }
            fn remove(&mut self, key: &K) -> ::core::option::Option<$crate::ops::Counted> {
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

        impl<K: $crate::ops::OpKey> $crate::__private::MapIter<K, $crate::ops::Counted>
            for $name<K, $crate::ops::Counted>
        {
            fn for_each_entry(&self, mut f: impl FnMut(&K, &$crate::ops::Counted)) {
                self.0.iter().for_each(|(k, v)| f(k, v));
            }
            fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut $crate::ops::Counted) -> bool) {
                self.0.retain(|k, v| f(k, v));
            }
        }

        impl<K: $crate::ops::OpKey> $crate::ops::OpsMap<K, $crate::ops::Counted>
            for $name<K, $crate::ops::Counted>
        {
            fn entry_or_insert(
                &mut self,
                key: K,
                value: $crate::ops::Counted,
            ) -> &mut $crate::ops::Counted {
                self.0.entry(key).or_insert(value)
            }
            fn entry_and_modify(
                &mut self,
                key: K,
                f: impl FnOnce(&mut $crate::ops::Counted),
            ) -> bool {
                match self.0.entry(key) {
                    $krate::Entry::Occupied(mut occupied) => {
                        f(occupied.get_mut());
                        true
                    }
                    $krate::Entry::Vacant(_) => false,
                }
            }
            fn entry_remove(&mut self, key: K) -> ::core::option::Option<$crate::ops::Counted> {
                match self.0.entry(key) {
                    $krate::Entry::Occupied(occupied) => {
                        ::core::option::Option::Some(occupied.remove())
                    }
                    $krate::Entry::Vacant(_) => ::core::option::Option::None,
                }
            }
            fn drain_part(&mut self, take: usize) -> ::std::vec::Vec<(K, $crate::ops::Counted)> {
                let mut drain = self.0.drain();
                let taken = drain.by_ref().take(take).collect();
                drop(drain);
                taken
            }
            fn clone_map(&self) -> Self {
                $name(self.0.clone())
            }
            fn reserve(&mut self, additional: usize) {
                self.0.reserve(additional);
            }
            fn shrink_to_fit(&mut self) {
                let $fit = &mut self.0;
                $shrink_fit
            }
            fn shrink_to(&mut self, min_capacity: usize) {
                let ($to, $min) = (&mut self.0, min_capacity);
                $shrink_to
            }
            fn insert_entry(
                &mut self,
                key: K,
                value: $crate::ops::Counted,
            ) -> &mut $crate::ops::Counted {
                self.0.entry(key).insert_entry(value).into_mut()
            }
            fn extract_part(
                &mut self,
                pred: impl FnMut(&K, &mut $crate::ops::Counted) -> bool,
                take: usize,
            ) -> ::std::vec::Vec<(K, $crate::ops::Counted)> {
                let mut extract = self.0.extract_if(pred);
                let taken = extract.by_ref().take(take).collect();
                drop(extract);
                taken
            }
            fn update_disjoint(
                &mut self,
                keys: [&K; 2],
                mut f: impl FnMut(&mut $crate::ops::Counted),
            ) -> [bool; 2] {
                self.0
                    .get_disjoint_mut(keys)
                    .map(|value| value.map(&mut f).is_some())
            }
            fn rebuild(&mut self) {
                let old = ::core::mem::take(self);
                self.0 = old.0.into_iter().collect();
            }
            fn extra(&mut self, which: u8) {
                let ($extra, $which) = (&mut self.0, which);
                $extra_call
            }
        }
    };
}
