//! The newtype every table-backed baseline is: the wrapped map, `Deref` to
//! it, and the two workspace traits forwarding to it.

/// Defines `$name<K, V>` wrapping `$inner`, with `Default`, `Clone`,
/// `Debug`, `Deref`/`DerefMut`, `into_inner`, and `MapStrategy`/`MapIter`
/// forwarding to the wrapped map's methods of the same names. `remove` and
/// `heap_bytes` differ between baselines and are given.
macro_rules! baseline {
    (
        $(#[$doc:meta])*
        $name:ident = $($inner:ident)::+ <K, V, $hasher:ty>,
        remove: $($remove:ident)::+,
        heap_bytes: |$map:ident| $heap:expr,
    ) => {
        $(#[$doc])*
        pub struct $name<K, V>($($inner)::+<K, V, $hasher>);

        impl<K, V> $name<K, V> {
            /// An empty map with room for `capacity` entries.
            pub fn with_capacity(capacity: usize) -> Self {
                Self(<$($inner)::+<K, V, $hasher>>::with_capacity_and_hasher(
                    capacity,
                    Default::default(),
                ))
            }

            /// The wrapped map.
            pub fn into_inner(self) -> $($inner)::+<K, V, $hasher> {
                self.0
            }
        }

        impl<K, V> From<$($inner)::+<K, V, $hasher>> for $name<K, V> {
            fn from(map: $($inner)::+<K, V, $hasher>) -> Self {
                Self(map)
            }
        }

        impl<K: core::hash::Hash + Eq, V> FromIterator<(K, V)> for $name<K, V> {
            fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
                Self(entries.into_iter().collect())
            }
        }

        impl<K, V> Default for $name<K, V> {
            fn default() -> Self {
                Self(<$($inner)::+<K, V, $hasher>>::default())
            }
        }

        impl<K: Clone, V: Clone> Clone for $name<K, V> {
            fn clone(&self) -> Self {
                Self(self.0.clone())
            }
        }

        impl<K: core::fmt::Debug, V: core::fmt::Debug> core::fmt::Debug for $name<K, V> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<K, V> core::ops::Deref for $name<K, V> {
            type Target = $($inner)::+<K, V, $hasher>;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl<K, V> core::ops::DerefMut for $name<K, V> {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.0
            }
        }

        impl<K: core::hash::Hash + Eq, V> map_api::MapStrategy<K, V> for $name<K, V> {
            // The forwarders are `always`: each is one call, and a benchmark loop
            // through the trait should see the map's own inlining decision, as a
            // user calling the map directly does. With `#[inline]`, LLVM counted
            // the inlined callee against the forwarder and kept it out of line.
            #[inline(always)]
            fn insert(&mut self, key: K, value: V) -> Option<V> {
                self.0.insert(key, value)
            }

            #[inline(always)]
            fn get(&self, key: &K) -> Option<&V> {
                self.0.get(key)
            }

            #[inline(always)]
            fn get_mut(&mut self, key: &K) -> Option<&mut V> {
                self.0.get_mut(key)
            }

            #[inline(always)]
            fn remove(&mut self, key: &K) -> Option<V> {
                $($remove)::+(&mut self.0, key)
            }

            fn len(&self) -> usize {
                self.0.len()
            }

            fn clear(&mut self) {
                self.0.clear()
            }

            fn heap_bytes(&self) -> usize {
                let $map = &self.0;
                $heap
            }

            #[inline]
            fn contains_key(&self, key: &K) -> bool {
                self.0.contains_key(key)
            }
        }

        impl<K: core::hash::Hash + Eq, V> map_api::MapIter<K, V> for $name<K, V> {
            fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
                self.0.iter().for_each(|(k, v)| f(k, v));
            }

            fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
                self.0.retain(|k, v| f(k, v));
            }
        }
    };
}

pub(crate) use baseline;
