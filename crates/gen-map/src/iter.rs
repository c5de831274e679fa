//! Iterators: the current generation, then the previous one. A key lives
//! in exactly one generation, so every entry appears exactly once.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::iter::{Chain, FusedIterator};
use core::marker::PhantomData;

use hashbrown::hash_table;

use crate::GenMap;
use crate::generations::Table;
use crate::table_alloc::TableAlloc;

/// One walk over both generations: current, then previous.
type Both<I> = Chain<I, I>;

/// Borrowed entries, from [`GenMap::iter`].
pub struct Iter<'a, K, V> {
    inner: Both<hash_table::Iter<'a, (K, V)>>,
    left: usize,
}

impl<'a, K, V> Iter<'a, K, V> {
    pub(crate) fn new(current: &'a Table<K, V>, previous: &'a Table<K, V>) -> Self {
        Self {
            inner: current.iter().chain(previous.iter()),
            left: current.len() + previous.len(),
        }
    }
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            left: self.left,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (k, v) = self.inner.next()?;
        self.left -= 1;
        Some((k, v))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, mut f: F) -> B {
        self.inner.fold(init, |acc, (k, v)| f(acc, (k, v)))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Entries with mutable values, from [`GenMap::iter_mut`].
pub struct IterMut<'a, K, V> {
    inner: Both<hash_table::IterMut<'a, (K, V)>>,
    left: usize,
}

impl<'a, K, V> IterMut<'a, K, V> {
    pub(crate) fn new(current: &'a mut Table<K, V>, previous: &'a mut Table<K, V>) -> Self {
        let left = current.len() + previous.len();
        Self {
            inner: current.iter_mut().chain(previous.iter_mut()),
            left,
        }
    }
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (k, v) = self.inner.next()?;
        self.left -= 1;
        Some((&*k, v))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, mut f: F) -> B {
        self.inner.fold(init, |acc, (k, v)| f(acc, (&*k, v)))
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

impl<K, V> fmt::Debug for IterMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.left)
            .finish()
    }
}

/// Owned entries, from the map's `into_iter`; entries not taken are
/// dropped with it, and the tables freed.
pub struct IntoIter<K, V> {
    inner: Both<hash_table::IntoIter<(K, V), TableAlloc>>,
    left: usize,
}

impl<K, V> IntoIter<K, V> {
    pub(crate) fn new(current: Table<K, V>, previous: Table<K, V>) -> Self {
        let left = current.len() + previous.len();
        Self {
            inner: current.into_iter().chain(previous),
            left,
        }
    }
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        let entry = self.inner.next()?;
        self.left -= 1;
        Some(entry)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, f: F) -> B {
        self.inner.fold(init, f)
    }
}

impl<K, V> ExactSizeIterator for IntoIter<K, V> {}
impl<K, V> FusedIterator for IntoIter<K, V> {}

impl<K, V> fmt::Debug for IntoIter<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("remaining", &self.left)
            .finish()
    }
}

/// The entries [`GenMap::drain`] took out. The map is already empty and
/// holds no memory; the entries' tables are freed when this is dropped,
/// with the entries it did not yield.
pub struct Drain<'a, K, V> {
    inner: IntoIter<K, V>,
    /// The map stays borrowed while its entries drain, as std's does.
    _map: PhantomData<&'a mut (K, V)>,
}

impl<K, V> Drain<'_, K, V> {
    pub(crate) fn new(current: Table<K, V>, previous: Table<K, V>) -> Self {
        Self {
            inner: IntoIter::new(current, previous),
            _map: PhantomData,
        }
    }
}

impl<K, V> Iterator for Drain<'_, K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> ExactSizeIterator for Drain<'_, K, V> {}
impl<K, V> FusedIterator for Drain<'_, K, V> {}

impl<K, V> fmt::Debug for Drain<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain")
            .field("remaining", &self.inner.left)
            .finish()
    }
}

/// Which table an [`ExtractIf`] is visiting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    Current,
    Previous,
    Done,
}

/// The entries [`GenMap::extract_if`] removes: those its predicate
/// accepts, as it reaches them. Dropped early, it leaves every entry it has
/// not reached in the map.
pub struct ExtractIf<'a, K, V, F, S = ahash::RandomState> {
    map: &'a mut GenMap<K, V, S>,
    pred: F,
    walk: Walk,
    /// The next bucket of the table being visited. Removing an entry
    /// leaves every other entry in its bucket, so the indices of the
    /// entries not yet visited stay good.
    index: usize,
}

impl<'a, K, V, F, S> ExtractIf<'a, K, V, F, S> {
    pub(crate) fn new(map: &'a mut GenMap<K, V, S>, pred: F) -> Self {
        Self {
            map,
            pred,
            walk: Walk::Current,
            index: 0,
        }
    }
}

impl<K, V, F, S> Iterator for ExtractIf<'_, K, V, F, S>
where
    K: Hash + Eq,
    S: BuildHasher,
    F: FnMut(&K, &mut V) -> bool,
{
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        while self.walk != Walk::Done {
            let g = &mut self.map.generations;
            let table = match self.walk {
                Walk::Current => &mut g.current,
                _ => &mut g.previous,
            };
            while self.index < table.num_buckets() {
                let index = self.index;
                self.index += 1;
                let Some((k, v)) = table.get_bucket_mut(index) else {
                    continue;
                };
                if (self.pred)(k, v) {
                    let found = table
                        .get_bucket_entry(index)
                        .unwrap_or_else(|_| unreachable!("bucket {index} was full a moment ago"));
                    return Some(found.remove().0);
                }
            }
            self.index = 0;
            self.walk = if self.walk == Walk::Current {
                Walk::Previous
            } else {
                // Every entry visited: an O(n) walk, so it settles the map
                // at once, as `retain` does.
                let hasher = &self.map.hasher;
                self.map.generations.settle_now(&|k: &K| hasher.hash_one(k));
                Walk::Done
            };
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = match self.walk {
            Walk::Done => 0,
            _ => self.map.len(),
        };
        (0, Some(left))
    }
}

impl<K, V, F, S> FusedIterator for ExtractIf<'_, K, V, F, S>
where
    K: Hash + Eq,
    S: BuildHasher,
    F: FnMut(&K, &mut V) -> bool,
{
}

impl<K, V, F, S> Drop for ExtractIf<'_, K, V, F, S> {
    /// Dropped early, or by a panicking predicate: the entries not reached
    /// stay, and an emptied previous generation is retired. No user code
    /// runs here, so a drop during an unwind cannot panic again.
    fn drop(&mut self) {
        self.map.generations.after_panic();
    }
}

impl<K, V, F, S> fmt::Debug for ExtractIf<'_, K, V, F, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf").finish_non_exhaustive()
    }
}

map_api::key_value_iterators!(map: GenMap, iter: Iter, iter_mut: IterMut, into_iter: IntoIter);
