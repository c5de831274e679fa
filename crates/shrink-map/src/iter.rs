//! Iterators over a [`ShrinkMap`](crate::ShrinkMap): thin wrappers over
//! hashbrown's table iterators that present `(K, V)` pairs as a map would,
//! the key and value projections map-api generates over them, and
//! [`ExtractIf`], which applies the shrink policy when it is dropped.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::iter::FusedIterator;

use hashbrown::{HashTable, hash_table};

use crate::governor::Governor;

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

            #[inline]
            fn fold<B, F>(self, init: B, mut f: F) -> B
            where
                F: FnMut(B, Self::Item) -> B,
            {
                let map = $map;
                self.inner.fold(init, |acc, item| f(acc, map(item)))
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

map_api::key_value_iterators!(map: ShrinkMap, iter: Iter, iter_mut: IterMut, into_iter: IntoIter);

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

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len(), Some(self.len()))
    }

    #[inline]
    fn fold<B, F>(self, init: B, f: F) -> B
    where
        F: FnMut(B, (K, V)) -> B,
    {
        match self {
            DrainSource::Releasing(inner) => inner.fold(init, f),
            DrainSource::Keeping(inner) => inner.fold(init, f),
        }
    }
}

wrap_iterator!(Drain<'a, K, V>, (K, V), |entry: (K, V)| entry);

/// The policy check an [`ExtractIf`] runs when dropped, made where the
/// bounds it needs are known, so that the iterator's `Drop` needs none.
type ApplyPolicy<K, V, S> = fn(&mut Governor, &mut HashTable<(K, V)>, &S);

fn apply_policy<K: Hash, V, S: BuildHasher>(
    governor: &mut Governor,
    table: &mut HashTable<(K, V)>,
    hasher: &S,
) {
    governor.apply(table, hasher);
}

/// The entries a predicate picks, removed as they are yielded; from
/// [`ShrinkMap::extract_if`](crate::ShrinkMap::extract_if).
///
/// It walks the table's buckets in order and removes an entry only when
/// yielding it, so dropping it early leaves every entry it has not yielded.
/// When dropped, it applies the shrink policy once for everything it
/// removed, except while the thread unwinds from a panic (in the predicate,
/// say), when the map is left valid and as large as it was.
pub struct ExtractIf<'a, K, V, F, S = ahash::RandomState> {
    table: &'a mut HashTable<(K, V)>,
    hasher: &'a S,
    governor: &'a mut Governor,
    pred: F,
    /// The next bucket to look at.
    next_bucket: usize,
    /// Entries in buckets at or past `next_bucket`: the walk stops when
    /// none is left, and never visits an entry twice.
    unvisited: usize,
    /// Whether anything was removed, so that the policy has work to do.
    removed_any: bool,
    apply: ApplyPolicy<K, V, S>,
}

impl<'a, K, V, F, S> ExtractIf<'a, K, V, F, S>
where
    K: Hash,
    S: BuildHasher,
{
    pub(crate) fn new(
        table: &'a mut HashTable<(K, V)>,
        hasher: &'a S,
        governor: &'a mut Governor,
        pred: F,
    ) -> Self {
        let unvisited = table.len();
        Self {
            table,
            hasher,
            governor,
            pred,
            next_bucket: 0,
            unvisited,
            removed_any: false,
            apply: apply_policy::<K, V, S>,
        }
    }
}

impl<K, V, F, S> Iterator for ExtractIf<'_, K, V, F, S>
where
    F: FnMut(&K, &mut V) -> bool,
{
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        // Removing an entry only marks its bucket empty or deleted: no other
        // entry moves, so the buckets past `next_bucket` hold exactly the
        // entries not yet visited.
        while self.unvisited > 0 && self.next_bucket < self.table.num_buckets() {
            let index = self.next_bucket;
            self.next_bucket += 1;
            let Ok(mut entry) = self.table.get_bucket_entry(index) else {
                continue;
            };
            self.unvisited -= 1;
            let (key, value) = entry.get_mut();
            if (self.pred)(key, value) {
                self.removed_any = true;
                return Some(entry.remove().0);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.unvisited))
    }
}

impl<K, V, F, S> FusedIterator for ExtractIf<'_, K, V, F, S> where F: FnMut(&K, &mut V) -> bool {}

impl<K, V, F, S> Drop for ExtractIf<'_, K, V, F, S> {
    fn drop(&mut self) {
        // A shrink calls the hasher; doing so while unwinding could panic a
        // second time and abort. The map is valid either way.
        if self.removed_any && !std::thread::panicking() {
            (self.apply)(self.governor, self.table, self.hasher);
        }
    }
}

impl<K, V, F, S> fmt::Debug for ExtractIf<'_, K, V, F, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf")
            .field("unvisited", &self.unvisited)
            .finish_non_exhaustive()
    }
}
