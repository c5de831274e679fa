//! Iterators. All of them start at a random bucket and slot offset, as Go's
//! `range` does, and see every entry once, growth in progress or not.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use crate::GoMap;
use crate::bucket::EMPTY_ONE;
use crate::raw::{RawIter, RawMap};

map_api::key_value_iterators!(map: GoMap, iter: Iter, iter_mut: IterMut, into_iter: IntoIter);

/// An iterator over `(&K, &V)`, from [`GoMap::iter`].
pub struct Iter<'a, K, V> {
    raw: RawIter<K, V>,
    _marker: PhantomData<&'a (K, V)>,
}

impl<'a, K, V> Iter<'a, K, V> {
    pub(crate) fn new(raw: RawIter<K, V>) -> Self {
        Self {
            raw,
            _marker: PhantomData,
        }
    }
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self::new(self.raw.clone())
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (b, i) = self.raw.next()?;
        // SAFETY: the cursor yields live slots of a map borrowed for 'a.
        unsafe { Some((&*b.key(i), &*b.value(i))) }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over `(&K, &mut V)`, from [`GoMap::iter_mut`].
pub struct IterMut<'a, K, V> {
    raw: RawIter<K, V>,
    _marker: PhantomData<&'a mut (K, V)>,
}

// SAFETY: like `&'a mut V` and `&'a K`, which it hands out.
unsafe impl<K: Sync, V: Send> Send for IterMut<'_, K, V> {}
// SAFETY: shared access to the iterator gives no access to entries.
unsafe impl<K: Sync, V: Sync> Sync for IterMut<'_, K, V> {}

impl<'a, K, V> IterMut<'a, K, V> {
    pub(crate) fn new(raw: RawIter<K, V>) -> Self {
        Self {
            raw,
            _marker: PhantomData,
        }
    }
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (b, i) = self.raw.next()?;
        // SAFETY: the cursor yields each live slot of a map mutably
        // borrowed for 'a once, so the `&mut V`s never alias.
        unsafe { Some((&*b.key(i), &mut *b.value(i))) }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

impl<K, V> fmt::Debug for IterMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.raw.len())
            .finish_non_exhaustive()
    }
}

/// An owning iterator over `(K, V)`, from `GoMap::into_iter`. Entries it
/// does not reach are dropped with it.
pub struct IntoIter<K, V> {
    /// A cursor into `map`'s buckets, which stay put when the map moves.
    raw: RawIter<K, V>,
    map: RawMap<K, V>,
}

impl<K, V> IntoIter<K, V> {
    pub(crate) fn new<S>(map: GoMap<K, V, S>) -> Self {
        let map = map.raw;
        Self {
            raw: RawIter::new(&map),
            map,
        }
    }
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        let (b, i) = self.raw.next()?;
        // SAFETY: the cursor yields each live slot once; marking it empty
        // before anything else runs means the map's `Drop` will not drop
        // it again. `EMPTY_ONE` keeps every chain well formed.
        unsafe {
            let entry = self.map.take_slot(b, i);
            b.set_top(i, EMPTY_ONE);
            Some(entry)
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }
}

impl<K, V> ExactSizeIterator for IntoIter<K, V> {}
impl<K, V> FusedIterator for IntoIter<K, V> {}

impl<K, V> fmt::Debug for IntoIter<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("remaining", &self.raw.len())
            .finish_non_exhaustive()
    }
}

/// A draining iterator over `(K, V)`, from [`GoMap::drain`]. It takes the
/// entries out one by one, from a random start; when it is dropped, the
/// map is cleared as [`GoMap::clear`] clears it, keeping its bucket array,
/// and the entries not yet taken are dropped.
pub struct Drain<'a, K, V> {
    /// A cursor into `map`'s buckets, which the drain borrows.
    raw: RawIter<K, V>,
    map: &'a mut RawMap<K, V>,
}

impl<'a, K, V> Drain<'a, K, V> {
    pub(crate) fn new(map: &'a mut RawMap<K, V>) -> Self {
        Self {
            raw: RawIter::new(map),
            map,
        }
    }
}

impl<K, V> Iterator for Drain<'_, K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        let (b, i) = self.raw.next()?;
        // SAFETY: as in `IntoIter::next`: the cursor yields each live slot
        // once, and the slot is marked empty before anything else runs. A
        // drain that is leaked leaves a valid map, with those slots empty.
        unsafe {
            let entry = self.map.take_slot(b, i);
            b.set_top(i, EMPTY_ONE);
            Some(entry)
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }
}

impl<K, V> ExactSizeIterator for Drain<'_, K, V> {}
impl<K, V> FusedIterator for Drain<'_, K, V> {}

impl<K, V> Drop for Drain<'_, K, V> {
    fn drop(&mut self) {
        self.map.reset();
    }
}

impl<K, V> fmt::Debug for Drain<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain")
            .field("remaining", &self.raw.len())
            .finish_non_exhaustive()
    }
}

/// An iterator that removes and yields the entries a predicate accepts,
/// from [`GoMap::extract_if`]. It walks from a random start, as every
/// iteration of a Go map does; entries it has not reached when dropped stay
/// in the map.
pub struct ExtractIf<'a, K, V, F> {
    raw: RawIter<K, V>,
    map: &'a mut RawMap<K, V>,
    extract: F,
}

impl<'a, K, V, F> ExtractIf<'a, K, V, F> {
    pub(crate) fn new(map: &'a mut RawMap<K, V>, extract: F) -> Self {
        Self {
            raw: RawIter::new(map),
            map,
            extract,
        }
    }
}

impl<K, V, F> Iterator for ExtractIf<'_, K, V, F>
where
    F: FnMut(&K, &mut V) -> bool,
{
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        loop {
            let (b, i) = self.raw.next()?;
            // SAFETY: the cursor yields each live slot of the mutably
            // borrowed map once. Erasing a slot rewrites only the tophashes
            // of that slot and of empty slots before it in its chain, so
            // the walk, which yields live slots only, is unaffected; if
            // `extract` panics, nothing has changed.
            unsafe {
                if (self.extract)(&*b.key(i), &mut *b.value(i)) {
                    let first = self.raw.chain_head().expect("the walk is in a chain");
                    return Some(self.map.erase(first, b, i));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.raw.len()))
    }
}

impl<K, V, F> FusedIterator for ExtractIf<'_, K, V, F> where F: FnMut(&K, &mut V) -> bool {}

impl<K, V, F> fmt::Debug for ExtractIf<'_, K, V, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf")
            .field("unvisited", &self.raw.len())
            .finish_non_exhaustive()
    }
}
