//! Iterators over a [`SplitMap`](crate::SplitMap): each walks the tables one
//! after another (not the directory, which can point to a table many
//! times), so it sees every entry exactly once.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::slice;
use std::vec;

use hashbrown::hash_table;

use crate::SplitMap;
use crate::raw::Table;

/// Implements `ExactSizeIterator`, `FusedIterator` and a `Debug` that shows
/// how many remain, for a type whose `Iterator` keeps `size_hint` exact.
macro_rules! exact_fused_debug {
    ($name:ident<$($lt:lifetime,)? $($param:ident),*>) => {
        impl<$($lt,)? $($param),*> ExactSizeIterator for $name<$($lt,)? $($param),*> {}

        impl<$($lt,)? $($param),*> FusedIterator for $name<$($lt,)? $($param),*> {}

        impl<$($lt,)? $($param),*> fmt::Debug for $name<$($lt,)? $($param),*> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("remaining", &self.len())
                    .finish()
            }
        }
    };
}

/// Implements `Iterator` for a wrapper that maps an inner iterator's items.
macro_rules! map_iterator {
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
            fn fold<B, G>(self, init: B, mut g: G) -> B
            where
                G: FnMut(B, Self::Item) -> B,
            {
                let map = $map;
                self.inner.fold(init, move |acc, item| g(acc, map(item)))
            }
        }

        exact_fused_debug!($name<$($lt,)? $($param),*>);
    };
}

/// Implements `Iterator` for a flattening iterator over tables: `tables`
/// yields the tables still to visit, `table` turns one into its entry
/// iterator, `current` is the entry iterator in progress and `remaining`
/// counts the entries left.
macro_rules! flatten_tables {
    ($name:ident<$($lt:lifetime,)? $($param:ident),*>, $item:ty, $table:expr) => {
        impl<$($lt,)? $($param),*> Iterator for $name<$($lt,)? $($param),*> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<Self::Item> {
                loop {
                    if let Some(item) = self.current.next() {
                        self.remaining -= 1;
                        return Some(item);
                    }
                    self.current = $table(self.tables.next()?);
                }
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.remaining, Some(self.remaining))
            }

            #[inline]
            fn fold<B, G>(self, init: B, mut g: G) -> B
            where
                G: FnMut(B, Self::Item) -> B,
            {
                let acc = self.current.fold(init, &mut g);
                self.tables
                    .fold(acc, |acc, table| $table(table).fold(acc, &mut g))
            }
        }

        exact_fused_debug!($name<$($lt,)? $($param),*>);
    };
}

/// The entries of a map, borrowed; from
/// [`SplitMap::iter`](crate::SplitMap::iter).
pub struct Iter<'a, K, V> {
    tables: slice::Iter<'a, Table<(K, V)>>,
    current: hash_table::Iter<'a, (K, V)>,
    remaining: usize,
}

impl<'a, K, V> Iter<'a, K, V> {
    pub(crate) fn new(tables: &'a [Table<(K, V)>], len: usize) -> Self {
        Self {
            tables: tables.iter(),
            current: hash_table::Iter::default(),
            remaining: len,
        }
    }
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            tables: self.tables.clone(),
            current: self.current.clone(),
            remaining: self.remaining,
        }
    }
}

fn pairs<K, V>(table: &Table<(K, V)>) -> hash_table::Iter<'_, (K, V)> {
    table.raw.iter()
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((k, v)) = self.current.next() {
                self.remaining -= 1;
                return Some((k, v));
            }
            self.current = pairs(self.tables.next()?);
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }

    #[inline]
    fn fold<B, G>(self, init: B, mut g: G) -> B
    where
        G: FnMut(B, Self::Item) -> B,
    {
        let mut visit = |acc, (k, v): &'a (K, V)| g(acc, (k, v));
        let acc = self.current.fold(init, &mut visit);
        self.tables
            .fold(acc, |acc, table| table.raw.iter().fold(acc, &mut visit))
    }
}

exact_fused_debug!(Iter<'a, K, V>);

/// The entries of a map with mutable values; from
/// [`SplitMap::iter_mut`](crate::SplitMap::iter_mut).
pub struct IterMut<'a, K, V> {
    tables: slice::IterMut<'a, Table<(K, V)>>,
    current: hash_table::IterMut<'a, (K, V)>,
    remaining: usize,
}

impl<'a, K, V> IterMut<'a, K, V> {
    pub(crate) fn new(tables: &'a mut [Table<(K, V)>], len: usize) -> Self {
        Self {
            tables: tables.iter_mut(),
            current: hash_table::IterMut::default(),
            remaining: len,
        }
    }
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((k, v)) = self.current.next() {
                self.remaining -= 1;
                return Some((&*k, v));
            }
            self.current = self.tables.next()?.raw.iter_mut();
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }

    #[inline]
    fn fold<B, G>(self, init: B, mut g: G) -> B
    where
        G: FnMut(B, Self::Item) -> B,
    {
        let mut visit = |acc, (k, v): &'a mut (K, V)| g(acc, (&*k, v));
        let acc = self.current.fold(init, &mut visit);
        self.tables
            .fold(acc, |acc, table| table.raw.iter_mut().fold(acc, &mut visit))
    }
}

exact_fused_debug!(IterMut<'a, K, V>);

/// The entries of a map, by value; from its `IntoIterator`. Each table is
/// freed when the iterator moves past it.
pub struct IntoIter<K, V> {
    tables: vec::IntoIter<Table<(K, V)>>,
    current: hash_table::IntoIter<(K, V)>,
    remaining: usize,
}

impl<K, V> IntoIter<K, V> {
    pub(crate) fn new(tables: Vec<Table<(K, V)>>, len: usize) -> Self {
        Self {
            tables: tables.into_iter(),
            current: hash_table::IntoIter::default(),
            remaining: len,
        }
    }
}

fn into_entries<K, V>(table: Table<(K, V)>) -> hash_table::IntoIter<(K, V)> {
    table.raw.into_iter()
}

flatten_tables!(IntoIter<K, V>, (K, V), into_entries);

/// The entries of a map, removed as they are yielded; from
/// [`SplitMap::drain`](crate::SplitMap::drain).
///
/// The map is already empty and holds no memory; the iterator owns the
/// tables and frees each as it moves past it. Entries not yet yielded are
/// dropped with the iterator.
pub struct Drain<'a, K, V> {
    inner: IntoIter<K, V>,
    map: PhantomData<&'a mut ()>,
}

impl<K, V> Drain<'_, K, V> {
    pub(crate) fn new(tables: Vec<Table<(K, V)>>, len: usize) -> Self {
        Self {
            inner: IntoIter::new(tables, len),
            map: PhantomData,
        }
    }
}

map_iterator!(Drain<'a, K, V>, (K, V), |entry: (K, V)| entry);

map_api::key_value_iterators! {
    map: SplitMap,
    iter: Iter,
    iter_mut: IterMut,
    into_iter: IntoIter,
}

/// The entries a predicate selects, removed as they are yielded; from
/// [`SplitMap::extract_if`](crate::SplitMap::extract_if).
///
/// It walks the tables by bucket index: hashbrown never moves an entry on
/// removal, so the positions not yet visited stay where they were. When
/// the iterator is dropped, the tables it left sparse merge and shrink.
pub struct ExtractIf<'a, K, V, F, S = ahash::RandomState>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    map: &'a mut SplitMap<K, V, S>,
    pred: F,
    table: usize,
    bucket: usize,
    extracted: bool,
}

impl<'a, K, V, F, S> ExtractIf<'a, K, V, F, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    pub(crate) fn new(map: &'a mut SplitMap<K, V, S>, pred: F) -> Self {
        Self {
            map,
            pred,
            table: 0,
            bucket: 0,
            extracted: false,
        }
    }
}

impl<K, V, F, S> Iterator for ExtractIf<'_, K, V, F, S>
where
    K: Eq + Hash,
    S: BuildHasher,
    F: FnMut(&K, &mut V) -> bool,
{
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        let raw = &mut self.map.raw;
        while let Some(table) = raw.tables.get_mut(self.table) {
            let buckets = crate::raw::buckets_of(&table.raw);
            while self.bucket < buckets {
                let bucket = self.bucket;
                self.bucket += 1;
                if let Some((k, v)) = table.raw.get_bucket_mut(bucket)
                    && (self.pred)(k, v)
                {
                    let Ok(entry) = table.raw.get_bucket_entry(bucket) else {
                        unreachable!("the bucket was full a moment ago");
                    };
                    let (removed, _) = entry.remove();
                    raw.len -= 1;
                    self.extracted = true;
                    return Some(removed);
                }
            }
            self.table += 1;
            self.bucket = 0;
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.map.len()))
    }
}

impl<K, V, F, S> FusedIterator for ExtractIf<'_, K, V, F, S>
where
    K: Eq + Hash,
    S: BuildHasher,
    F: FnMut(&K, &mut V) -> bool,
{
}

impl<K, V, F, S> Drop for ExtractIf<'_, K, V, F, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    fn drop(&mut self) {
        // Merging hashes keys, which may panic; never during an unwind.
        if self.extracted && !std::thread::panicking() {
            let hasher = &self.map.hasher;
            self.map
                .raw
                .rebalance(&|(k, _): &(K, V)| hasher.hash_one(k));
        }
    }
}

impl<K, V, F, S> fmt::Debug for ExtractIf<'_, K, V, F, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf")
            .field("table", &self.table)
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}
