//! Iterators over a [`ShrinkMap`](crate::ShrinkMap): thin wrappers over
//! hashbrown's table iterators that present `(K, V)` pairs as a map would.

use core::fmt;
use core::iter::FusedIterator;

use hashbrown::hash_table;

/// Implements the `Iterator` family for a wrapper whose `next` maps the
/// inner item with `$map`, and a `Debug` that shows how many remain.
macro_rules! wrap_iterator {
    ($name:ident<$($lt:lifetime,)? $($param:ident),*>, $item:ty, $map:expr) => {
        impl<$($lt,)? $($param),*> Iterator for $name<$($lt,)? $($param),*> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<Self::Item> {
                self.inner.next().map($map)
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }
        }

        impl<$($lt,)? $($param),*> ExactSizeIterator for $name<$($lt,)? $($param),*> {}

        impl<$($lt,)? $($param),*> FusedIterator for $name<$($lt,)? $($param),*> {}

        impl<$($lt,)? $($param),*> fmt::Debug for $name<$($lt,)? $($param),*> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("remaining", &self.inner.len())
                    .finish()
            }
        }
    };
}

/// The entries of a map, borrowed; from [`ShrinkMap::iter`](crate::ShrinkMap::iter).
pub struct Iter<'a, K, V> {
    inner: hash_table::Iter<'a, (K, V)>,
}

impl<'a, K, V> Iter<'a, K, V> {
    pub(crate) fn new(inner: hash_table::Iter<'a, (K, V)>) -> Self {
        Self { inner }
    }
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

wrap_iterator!(Iter<'a, K, V>, (&'a K, &'a V), |(k, v): &'a (K, V)| (k, v));

/// The entries of a map with mutable values; from
/// [`ShrinkMap::iter_mut`](crate::ShrinkMap::iter_mut).
pub struct IterMut<'a, K, V> {
    inner: hash_table::IterMut<'a, (K, V)>,
}

impl<'a, K, V> IterMut<'a, K, V> {
    pub(crate) fn new(inner: hash_table::IterMut<'a, (K, V)>) -> Self {
        Self { inner }
    }
}

wrap_iterator!(IterMut<'a, K, V>, (&'a K, &'a mut V), |(k, v): &'a mut (
    K,
    V
)| (&*k, v));

/// The keys of a map; from [`ShrinkMap::keys`](crate::ShrinkMap::keys).
pub struct Keys<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<'a, K, V> Keys<'a, K, V> {
    pub(crate) fn new(inner: Iter<'a, K, V>) -> Self {
        Self { inner }
    }
}

impl<K, V> Clone for Keys<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

wrap_iterator!(Keys<'a, K, V>, &'a K, |(k, _): (&'a K, &'a V)| k);

/// The values of a map; from [`ShrinkMap::values`](crate::ShrinkMap::values).
pub struct Values<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<'a, K, V> Values<'a, K, V> {
    pub(crate) fn new(inner: Iter<'a, K, V>) -> Self {
        Self { inner }
    }
}

impl<K, V> Clone for Values<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

wrap_iterator!(Values<'a, K, V>, &'a V, |(_, v): (&'a K, &'a V)| v);

/// The values of a map, mutably; from
/// [`ShrinkMap::values_mut`](crate::ShrinkMap::values_mut).
pub struct ValuesMut<'a, K, V> {
    inner: IterMut<'a, K, V>,
}

impl<'a, K, V> ValuesMut<'a, K, V> {
    pub(crate) fn new(inner: IterMut<'a, K, V>) -> Self {
        Self { inner }
    }
}

wrap_iterator!(ValuesMut<'a, K, V>, &'a mut V, |(_, v): (
    &'a K,
    &'a mut V
)| v);

/// The entries of a map, by value; from its `IntoIterator`.
pub struct IntoIter<K, V> {
    inner: hash_table::IntoIter<(K, V)>,
}

impl<K, V> IntoIter<K, V> {
    pub(crate) fn new(inner: hash_table::IntoIter<(K, V)>) -> Self {
        Self { inner }
    }
}

wrap_iterator!(IntoIter<K, V>, (K, V), |entry: (K, V)| entry);

/// Where a [`Drain`] takes its entries from.
enum DrainSource<'a, K, V> {
    /// The policy gives the table back: the map already has its new, small
    /// table, and the old one is freed when this iterator is dropped.
    Releasing(hash_table::IntoIter<(K, V)>),
    /// The policy keeps the table: entries are taken out in place.
    Keeping(hash_table::Drain<'a, (K, V)>),
}

/// The entries of a map, removed as they are yielded; from
/// [`ShrinkMap::drain`](crate::ShrinkMap::drain).
///
/// Entries not yet yielded are dropped with the iterator, and the table is
/// then given back as the shrink policy says.
pub struct Drain<'a, K, V> {
    inner: DrainSource<'a, K, V>,
}

impl<'a, K, V> Drain<'a, K, V> {
    pub(crate) fn releasing(inner: hash_table::IntoIter<(K, V)>) -> Self {
        Self {
            inner: DrainSource::Releasing(inner),
        }
    }

    pub(crate) fn keeping(inner: hash_table::Drain<'a, (K, V)>) -> Self {
        Self {
            inner: DrainSource::Keeping(inner),
        }
    }
}

impl<K, V> DrainSource<'_, K, V> {
    fn len(&self) -> usize {
        match self {
            DrainSource::Releasing(inner) => inner.len(),
            DrainSource::Keeping(inner) => inner.len(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len(), Some(self.len()))
    }
}

impl<K, V> Iterator for DrainSource<'_, K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        match self {
            DrainSource::Releasing(inner) => inner.next(),
            DrainSource::Keeping(inner) => inner.next(),
        }
    }
}

wrap_iterator!(Drain<'a, K, V>, (K, V), |entry: (K, V)| entry);
