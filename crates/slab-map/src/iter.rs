//! Iterators, all in slab order: a dense walk over one vector.

use core::fmt;
use core::iter::FusedIterator;

use crate::core::Slot;

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
/// is already empty; the entries are dropped with this iterator.
pub type Drain<K, V> = IntoIter<K, V>;

/// Keys, from [`SlabMap::keys`](crate::SlabMap::keys).
pub struct Keys<'a, K, V>(pub(crate) Iter<'a, K, V>);

impl<K, V> Clone for Keys<'_, K, V> {
    fn clone(&self) -> Self {
        Keys(self.0.clone())
    }
}

impl<'a, K, V> Iterator for Keys<'a, K, V> {
    type Item = &'a K;

    #[inline]
    fn next(&mut self) -> Option<&'a K> {
        self.0.next().map(|(k, _)| k)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}
exact_size!(Keys<'a, K, V>);

/// Values, from [`SlabMap::values`](crate::SlabMap::values).
pub struct Values<'a, K, V>(pub(crate) Iter<'a, K, V>);

impl<K, V> Clone for Values<'_, K, V> {
    fn clone(&self) -> Self {
        Values(self.0.clone())
    }
}

impl<'a, K, V> Iterator for Values<'a, K, V> {
    type Item = &'a V;

    #[inline]
    fn next(&mut self) -> Option<&'a V> {
        self.0.next().map(|(_, v)| v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}
exact_size!(Values<'a, K, V>);

/// Mutable values, from [`SlabMap::values_mut`](crate::SlabMap::values_mut).
pub struct ValuesMut<'a, K, V>(pub(crate) IterMut<'a, K, V>);

impl<'a, K, V> Iterator for ValuesMut<'a, K, V> {
    type Item = &'a mut V;

    #[inline]
    fn next(&mut self) -> Option<&'a mut V> {
        self.0.next().map(|(_, v)| v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}
exact_size!(ValuesMut<'a, K, V>);

impl<K: fmt::Debug, V> fmt::Debug for Keys<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl<K, V: fmt::Debug> fmt::Debug for Values<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl<K, V> fmt::Debug for ValuesMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValuesMut")
            .field("left", &self.0.left)
            .finish()
    }
}
