//! The value types workloads store, and a way to pick one at run time.

use serde::{Deserialize, Serialize};

/// A value type a workload can store, made from its key so that lookups
/// can be checked cheaply.
pub trait BenchValue: 'static {
    /// The type's name as reports show it.
    const NAME: &'static str;
    /// A value derived from `key`.
    fn from_key(key: u64) -> Self;
    /// A cheap digest that depends on the value, to keep reads from being
    /// optimised away.
    fn digest(&self) -> u64;
}

impl BenchValue for u64 {
    const NAME: &'static str = "u64";
    fn from_key(key: u64) -> Self {
        key
    }
    fn digest(&self) -> u64 {
        *self
    }
}

impl BenchValue for [u64; 4] {
    const NAME: &'static str = "[u64; 4]";
    fn from_key(key: u64) -> Self {
        [key, !key, key.rotate_left(17), 0]
    }
    fn digest(&self) -> u64 {
        self[0] ^ self[2]
    }
}

macro_rules! byte_array_value {
    ($($len:literal),+) => {$(
        impl BenchValue for [u8; $len] {
            const NAME: &'static str = concat!("[u8; ", $len, "]");
            fn from_key(key: u64) -> Self {
                let mut value = [0u8; $len];
                value[..8].copy_from_slice(&key.to_le_bytes());
                value
            }
            fn digest(&self) -> u64 {
                u64::from(self[0]) ^ u64::from(self[$len - 1])
            }
        }
    )+};
}

byte_array_value!(8, 64, 128, 256, 512, 4096);

/// Go's `map[int]*[128]byte`: a value that owns a heap allocation. A map's
/// `heap_bytes()` leaves the boxes out (they are the values' own memory);
/// dhat counts them, as Go's heap does.
impl BenchValue for Box<[u8; 128]> {
    const NAME: &'static str = "Box<[u8; 128]>";
    fn from_key(key: u64) -> Self {
        Box::new(<[u8; 128]>::from_key(key))
    }
    fn digest(&self) -> u64 {
        (**self).digest()
    }
}

/// The value types a run can ask for by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// `u64`.
    U64,
    /// `[u64; 4]`, the latency workload's 32-byte value.
    Words4,
    /// `[u8; 8]`.
    Bytes8,
    /// `[u8; 64]`.
    Bytes64,
    /// `[u8; 128]`, the seed experiment's value.
    Bytes128,
    /// `[u8; 256]`: larger than Go's 128-byte limit for inline values.
    Bytes256,
    /// `[u8; 512]`.
    Bytes512,
    /// `[u8; 4096]`.
    Bytes4096,
    /// `Box<[u8; 128]>`: Go's pointer-valued remedy, for the Go comparison.
    Boxed128,
}

/// Something to do with one value type, chosen at run time.
pub trait ValueVisitor {
    /// What the visit produces.
    type Output;
    /// Called with the chosen value type.
    fn visit<V: BenchValue>(self) -> Self::Output;
}

impl ValueKind {
    /// Every kind: the inline ones smallest first, then the boxed one.
    pub const ALL: [ValueKind; 9] = [
        ValueKind::U64,
        ValueKind::Words4,
        ValueKind::Bytes8,
        ValueKind::Bytes64,
        ValueKind::Bytes128,
        ValueKind::Bytes256,
        ValueKind::Bytes512,
        ValueKind::Bytes4096,
        ValueKind::Boxed128,
    ];

    /// Calls `visitor` with the Rust type this kind names.
    pub fn dispatch<Vis: ValueVisitor>(self, visitor: Vis) -> Vis::Output {
        match self {
            ValueKind::U64 => visitor.visit::<u64>(),
            ValueKind::Words4 => visitor.visit::<[u64; 4]>(),
            ValueKind::Bytes8 => visitor.visit::<[u8; 8]>(),
            ValueKind::Bytes64 => visitor.visit::<[u8; 64]>(),
            ValueKind::Bytes128 => visitor.visit::<[u8; 128]>(),
            ValueKind::Bytes256 => visitor.visit::<[u8; 256]>(),
            ValueKind::Bytes512 => visitor.visit::<[u8; 512]>(),
            ValueKind::Bytes4096 => visitor.visit::<[u8; 4096]>(),
            ValueKind::Boxed128 => visitor.visit::<Box<[u8; 128]>>(),
        }
    }

    /// The type's name as reports show it, such as `[u8; 128]`.
    pub fn type_name(self) -> &'static str {
        struct Name;
        impl ValueVisitor for Name {
            type Output = &'static str;
            fn visit<V: BenchValue>(self) -> &'static str {
                V::NAME
            }
        }
        self.dispatch(Name)
    }

    /// The value's size in bytes (a pointer's, for the boxed kind).
    pub fn size(self) -> usize {
        struct Size;
        impl ValueVisitor for Size {
            type Output = usize;
            fn visit<V: BenchValue>(self) -> usize {
                core::mem::size_of::<V>()
            }
        }
        self.dispatch(Size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sizes_agree() {
        for kind in ValueKind::ALL {
            let name = kind.type_name();
            match kind {
                ValueKind::U64 => assert_eq!((name, kind.size()), ("u64", 8)),
                ValueKind::Words4 => assert_eq!((name, kind.size()), ("[u64; 4]", 32)),
                ValueKind::Boxed128 => assert_eq!((name, kind.size()), ("Box<[u8; 128]>", 8)),
                _ => assert_eq!(name, format!("[u8; {}]", kind.size())),
            }
        }
    }

    #[test]
    fn values_carry_their_key() {
        assert_eq!(<[u8; 128]>::from_key(0x0102).digest(), 0x02);
        assert_eq!(u64::from_key(42).digest(), 42);
        assert_eq!(<Box<[u8; 128]>>::from_key(7).digest(), 7);
    }
}
