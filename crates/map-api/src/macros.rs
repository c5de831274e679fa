//! Boilerplate every strategy crate would otherwise copy: the forwarding
//! impls of the workspace traits, the iterator adapters that project a
//! map's entry iterators onto keys or values, and the serde impls.
//!
//! The macros are `#[doc(hidden)]`: they are how the workspace's crates
//! share code, not an API for others. Each takes the name of a map type
//! `Map<K, V, S>` whose inherent methods have std's `HashMap` signatures.

/// Implements [`MapStrategy`](crate::MapStrategy) and
/// [`MapIter`](crate::MapIter) for `$map<K, V, S>` by calling its inherent
/// methods of the same names (`insert`, `get`, `get_mut`, `remove`, `len`,
/// `clear`, `heap_bytes`, `contains_key`, `iter`, `retain`), for every
/// `K: Hash + Eq` and `S: BuildHasher`.
#[doc(hidden)]
#[macro_export]
macro_rules! forward_map_strategy {
    ($map:ident) => {
        impl<K, V, S> $crate::MapStrategy<K, V> for $map<K, V, S>
        where
            K: ::core::hash::Hash + ::core::cmp::Eq,
            S: ::core::hash::BuildHasher,
        {
            // The forwarders are `always`: each is one call, and a benchmark loop
            // through the trait should see the map's own inlining decision, as a
            // user calling the map directly does. With `#[inline]`, LLVM counted
            // the inlined callee against the forwarder and kept it out of line.
            #[inline(always)]
            fn insert(&mut self, key: K, value: V) -> ::core::option::Option<V> {
                $map::insert(self, key, value)
            }

            #[inline(always)]
            fn get(&self, key: &K) -> ::core::option::Option<&V> {
                $map::get(self, key)
            }

            #[inline(always)]
            fn get_mut(&mut self, key: &K) -> ::core::option::Option<&mut V> {
                $map::get_mut(self, key)
            }

            #[inline(always)]
            fn remove(&mut self, key: &K) -> ::core::option::Option<V> {
                $map::remove(self, key)
            }

            #[inline]
            fn len(&self) -> usize {
                $map::len(self)
            }

            fn clear(&mut self) {
                $map::clear(self)
            }

            fn heap_bytes(&self) -> usize {
                $map::heap_bytes(self)
            }

            #[inline(always)]
            fn contains_key(&self, key: &K) -> bool {
                $map::contains_key(self, key)
            }
        }

        impl<K, V, S> $crate::MapIter<K, V> for $map<K, V, S>
        where
            K: ::core::hash::Hash + ::core::cmp::Eq,
            S: ::core::hash::BuildHasher,
        {
            fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
                $map::iter(self).for_each(|(k, v)| f(k, v));
            }

            fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
                $map::retain(self, f);
            }
        }
    };
}

/// Defines `Keys`, `Values`, `ValuesMut`, `IntoKeys` and `IntoValues` over
/// a crate's own entry iterators, with `Iterator` (forwarding `size_hint`
/// and `fold`), `ExactSizeIterator`, `FusedIterator` and `Debug`, and
/// `Clone` for `Keys` and `Values`.
///
/// The entry iterators must be exact-size and fused; `iter` must also be
/// `Clone`. Each adapter has a crate-visible `new(inner)` constructor.
#[doc(hidden)]
#[macro_export]
macro_rules! key_value_iterators {
    (
        map: $map:ident,
        iter: $iter:ident,
        iter_mut: $iter_mut:ident,
        into_iter: $into_iter:ident $(,)?
    ) => {
        $crate::__key_value_iterator! {
            #[doc = concat!("The keys of a map, borrowed; from [`", stringify!($map), "::keys`](crate::", stringify!($map), "::keys).")]
            Keys<'a, K, V> over $iter<'a, K, V>, clone, item &'a K, |(k, _)| k
        }
        $crate::__key_value_iterator! {
            #[doc = concat!("The values of a map, borrowed; from [`", stringify!($map), "::values`](crate::", stringify!($map), "::values).")]
            Values<'a, K, V> over $iter<'a, K, V>, clone, item &'a V, |(_, v)| v
        }
        $crate::__key_value_iterator! {
            #[doc = concat!("The values of a map, mutably; from [`", stringify!($map), "::values_mut`](crate::", stringify!($map), "::values_mut).")]
            ValuesMut<'a, K, V> over $iter_mut<'a, K, V>, item &'a mut V, |(_, v)| v
        }
        $crate::__key_value_iterator! {
            #[doc = concat!("The keys of a map, by value; from [`", stringify!($map), "::into_keys`](crate::", stringify!($map), "::into_keys).")]
            IntoKeys<K, V> over $into_iter<K, V>, item K, |(k, _)| k
        }
        $crate::__key_value_iterator! {
            #[doc = concat!("The values of a map, by value; from [`", stringify!($map), "::into_values`](crate::", stringify!($map), "::into_values).")]
            IntoValues<K, V> over $into_iter<K, V>, item V, |(_, v)| v
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __key_value_iterator {
    (
        #[doc = $doc:expr]
        $name:ident<$($lt:lifetime,)? K, V> over $inner:ident<$($ilt:lifetime,)? K, V>,
        $(clone,)? item $item:ty, |$pat:pat_param| $project:expr
    ) => {
        $crate::__key_value_iterator!(@define #[doc = $doc] $name<$($lt,)? K, V> over $inner<$($ilt,)? K, V>, item $item, |$pat| $project);
    };
    (@define
        #[doc = $doc:expr]
        $name:ident<$($lt:lifetime,)? K, V> over $inner:ident<$($ilt:lifetime,)? K, V>,
        item $item:ty, |$pat:pat_param| $project:expr
    ) => {
        #[doc = $doc]
        pub struct $name<$($lt,)? K, V> {
            inner: $inner<$($ilt,)? K, V>,
        }

        impl<$($lt,)? K, V> $name<$($lt,)? K, V> {
            #[allow(dead_code)]
            pub(crate) fn new(inner: $inner<$($ilt,)? K, V>) -> Self {
                Self { inner }
            }
        }

        impl<$($lt,)? K, V> ::core::iter::Iterator for $name<$($lt,)? K, V> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> ::core::option::Option<$item> {
                self.inner.next().map(|$pat| $project)
            }

            #[inline]
            fn size_hint(&self) -> (usize, ::core::option::Option<usize>) {
                self.inner.size_hint()
            }

            #[inline]
            fn fold<B, F>(self, init: B, mut f: F) -> B
            where
                F: FnMut(B, $item) -> B,
            {
                self.inner.fold(init, |acc, $pat| f(acc, $project))
            }
        }

        impl<$($lt,)? K, V> ::core::iter::ExactSizeIterator for $name<$($lt,)? K, V> {}

        impl<$($lt,)? K, V> ::core::iter::FusedIterator for $name<$($lt,)? K, V> {}

        impl<$($lt,)? K, V> ::core::fmt::Debug for $name<$($lt,)? K, V> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("remaining", &::core::iter::ExactSizeIterator::len(&self.inner))
                    .finish()
            }
        }

        $crate::__key_value_iterator!(@clone $name<$($lt,)? K, V>);
    };
    (@clone Keys<$lt:lifetime, K, V>) => { $crate::__key_value_iterator!(@impl_clone Keys<$lt, K, V>); };
    (@clone Values<$lt:lifetime, K, V>) => { $crate::__key_value_iterator!(@impl_clone Values<$lt, K, V>); };
    (@clone $($other:tt)*) => {};
    (@impl_clone $name:ident<$lt:lifetime, K, V>) => {
        impl<K, V> ::core::clone::Clone for $name<'_, K, V> {
            fn clone(&self) -> Self {
                Self {
                    inner: ::core::clone::Clone::clone(&self.inner),
                }
            }
        }
    };
}

/// Implements serde's `Serialize` (as a plain map, through `iter`) and
/// `Deserialize` (from a map; a repeated key keeps its last value) for
/// `$map<K, V, S>`, using `with_capacity_and_hasher` and `insert`.
/// Deserializing never pre-allocates more than serde's own impls would
/// for the length a document claims ([`cautious_capacity`]).
///
/// Needs map-api's `serde` feature; expand it under the calling crate's
/// own `serde` feature.
///
/// [`cautious_capacity`]: crate::__private::cautious_capacity
#[doc(hidden)]
#[macro_export]
macro_rules! serde_impls {
    ($map:ident) => {
        impl<K, V, S> $crate::__private::serde::Serialize for $map<K, V, S>
        where
            K: $crate::__private::serde::Serialize,
            V: $crate::__private::serde::Serialize,
        {
            fn serialize<Ser>(&self, serializer: Ser) -> ::core::result::Result<Ser::Ok, Ser::Error>
            where
                Ser: $crate::__private::serde::Serializer,
            {
                serializer.collect_map($map::iter(self))
            }
        }

        impl<'de, K, V, S> $crate::__private::serde::Deserialize<'de> for $map<K, V, S>
        where
            K: $crate::__private::serde::Deserialize<'de> + ::core::hash::Hash + ::core::cmp::Eq,
            V: $crate::__private::serde::Deserialize<'de>,
            S: ::core::hash::BuildHasher + ::core::default::Default,
        {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::__private::deserialize_map(
                    deserializer,
                    stringify!($map),
                    |capacity| $map::with_capacity_and_hasher(capacity, S::default()),
                    |map: &mut Self, key, value| {
                        map.insert(key, value);
                    },
                )
            }
        }
    };
}
