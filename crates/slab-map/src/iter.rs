//! Iterators, all in slab order: a dense walk over one vector.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use crate::core::{Core, Slot};

macro_rules! exact_size {
    ($name:ident<$($lt:lifetime,)? $($param:ident),*>) => {
        impl<$($lt,)? $($param),*> ExactSizeIterator for $name<$($lt,)? $($param),*> {}
        impl<$($lt,)? $($param),*> FusedIterator for $name<$($lt,)? $($param),*> {}
    };
}

/// Borrowed entries, from [`SlabMap::iter`](crate::SlabMap::iter).
pub struct Iter<'a, K, V> {
    slots: core::slice::Iter<'a, Slot<K, V>>,
    left: usize,
}

impl<'a, K, V> Iter<'a, K, V> {
    pub(crate) fn new(slots: &'a [Slot<K, V>], len: usize) -> Self {
        Self {
            slots: slots.iter(),
            left: len,
        }
    }
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            slots: self.slots.clone(),
            left: self.left,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        for slot in self.slots.by_ref() {
            if let Slot::Full { key, value, .. } = slot {
                self.left -= 1;
                return Some((key, value));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}
exact_size!(Iter<'a, K, V>);

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Entries with mutable values, from [`SlabMap::iter_mut`](crate::SlabMap::iter_mut).
pub struct IterMut<'a, K, V> {
    slots: core::slice::IterMut<'a, Slot<K, V>>,
    left: usize,
}

impl<'a, K, V> IterMut<'a, K, V> {
    pub(crate) fn new(slots: &'a mut [Slot<K, V>], len: usize) -> Self {
        Self {
            slots: slots.iter_mut(),
            left: len,
        }
    }
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        for slot in self.slots.by_ref() {
            if let Slot::Full { key, value, .. } = slot {
                self.left -= 1;
                return Some((&*key, value));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}
exact_size!(IterMut<'a, K, V>);

impl<K, V> fmt::Debug for IterMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut").field("left", &self.left).finish()
    }
}

/// Owned entries, from the map's `into_iter` or [`SlabMap::drain`](crate::SlabMap::drain).
/// Entries it does not yield are dropped with it.
pub struct IntoIter<K, V> {
    slots: std::vec::IntoIter<Slot<K, V>>,
    left: usize,
}

impl<K, V> IntoIter<K, V> {
    pub(crate) fn new(slots: Vec<Slot<K, V>>, len: usize) -> Self {
        Self {
            slots: slots.into_iter(),
            left: len,
        }
    }
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        for slot in self.slots.by_ref() {
            if let Slot::Full { key, value, .. } = slot {
                self.left -= 1;
                return Some((key, value));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}
exact_size!(IntoIter<K, V>);

impl<K, V> fmt::Debug for IntoIter<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("left", &self.left)
            .finish()
    }
}

/// The entries [`SlabMap::drain`](crate::SlabMap::drain) took out. The map
/// is already empty, its memory given back; the entries not yielded are
/// dropped with this iterator. It borrows the map, as std's does, though it
/// no longer needs it.
pub struct Drain<'a, K, V> {
    inner: IntoIter<K, V>,
    _map: PhantomData<&'a mut Vec<Slot<K, V>>>,
}

impl<K, V> Drain<'_, K, V> {
    pub(crate) fn new(slots: Vec<Slot<K, V>>, len: usize) -> Self {
        Self {
            inner: IntoIter::new(slots, len),
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

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}
exact_size!(Drain<'a, K, V>);

impl<K, V> fmt::Debug for Drain<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain")
            .field("left", &self.inner.left)
            .finish()
    }
}

/// The entries [`SlabMap::extract_if`](crate::SlabMap::extract_if) removes,
/// in slab order. Dropping it leaves every entry it has not reached in the
/// map, then compacts the map if its removals left the slab sparse.
pub struct ExtractIf<'a, K, V, F> {
    core: &'a mut Core<K, V>,
    /// The next slot to look at.
    next: usize,
    extract: F,
}

impl<'a, K, V, F> ExtractIf<'a, K, V, F> {
    pub(crate) fn new(core: &'a mut Core<K, V>, extract: F) -> Self {
        Self {
            core,
            next: 0,
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
        self.core.extract_next(&mut self.next, &mut self.extract)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let unvisited = self.core.slots.len().saturating_sub(self.next);
        (0, Some(unvisited.min(self.core.len())))
    }
}

/// Once past the slab's end it stays there: nothing can add slots while it
/// borrows the map.
impl<K, V, F> FusedIterator for ExtractIf<'_, K, V, F> where F: FnMut(&K, &mut V) -> bool {}

impl<K, V, F> Drop for ExtractIf<'_, K, V, F> {
    /// Compacts now that no walk depends on where entries are. Runs when
    /// unwinding from a panicking `extract` too: the map is consistent
    /// then, with the entry it was called on still in it.
    fn drop(&mut self) {
        self.core.maybe_compact();
    }
}

impl<K, V, F> fmt::Debug for ExtractIf<'_, K, V, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf")
            .field("next_slot", &self.next)
            .finish_non_exhaustive()
    }
}

map_api::key_value_iterators!(map: SlabMap, iter: Iter, iter_mut: IterMut, into_iter: IntoIter);
