//! Iterators. All of them start at a random bucket and slot offset, as Go's
//! `range` does, and see every entry once, growth in progress or not.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use crate::GoMap;
use crate::bucket::EMPTY_ONE;
use crate::raw::{RawIter, RawMap};

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

/// An iterator over the keys, from [`GoMap::keys`].
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
        Self::new(self.inner.clone())
    }
}

impl<'a, K, V> Iterator for Keys<'a, K, V> {
    type Item = &'a K;

    #[inline]
    fn next(&mut self) -> Option<&'a K> {
        self.inner.next().map(|(k, _)| k)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> ExactSizeIterator for Keys<'_, K, V> {}
impl<K, V> FusedIterator for Keys<'_, K, V> {}

impl<K: fmt::Debug, V> fmt::Debug for Keys<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over the values, from [`GoMap::values`].
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
        Self::new(self.inner.clone())
    }
}

impl<'a, K, V> Iterator for Values<'a, K, V> {
    type Item = &'a V;

    #[inline]
    fn next(&mut self) -> Option<&'a V> {
        self.inner.next().map(|(_, v)| v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> ExactSizeIterator for Values<'_, K, V> {}
impl<K, V> FusedIterator for Values<'_, K, V> {}

impl<K, V: fmt::Debug> fmt::Debug for Values<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over mutable values, from [`GoMap::values_mut`].
pub struct ValuesMut<'a, K, V> {
    inner: IterMut<'a, K, V>,
}

impl<'a, K, V> ValuesMut<'a, K, V> {
    pub(crate) fn new(inner: IterMut<'a, K, V>) -> Self {
        Self { inner }
    }
}

impl<'a, K, V> Iterator for ValuesMut<'a, K, V> {
    type Item = &'a mut V;

    #[inline]
    fn next(&mut self) -> Option<&'a mut V> {
        self.inner.next().map(|(_, v)| v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> ExactSizeIterator for ValuesMut<'_, K, V> {}
impl<K, V> FusedIterator for ValuesMut<'_, K, V> {}

impl<K, V> fmt::Debug for ValuesMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValuesMut")
            .field("remaining", &self.inner.raw.len())
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
