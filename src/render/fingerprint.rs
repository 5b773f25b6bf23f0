//! A fingerprint of anything serialisable, for telling whether a page's inputs changed
//! between two rebuilds of `serve`.
//!
//! The value is fed to a fast hasher (Fx) through serde, without formatting it as text first:
//! hashing every page's inputs on every rebuild is on the path of the incremental target, and
//! JSON's escaping and number formatting were most of its cost. Each value is preceded by a
//! tag and each string by its length, so different shapes cannot run together. The
//! fingerprint only lives within one process; it is not a stable or cryptographic hash.

use std::hash::Hasher;

use rustc_hash::FxHasher;
use serde::ser::{self, Serialize};

pub fn of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut hasher = Fingerprint(FxHasher::default());
    // Hashing cannot fail: every method below returns Ok.
    let _ = value.serialize(&mut hasher);
    hasher.0.finish()
}

struct Fingerprint(FxHasher);

#[derive(Debug)]
struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fingerprint")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

impl Fingerprint {
    fn tag(&mut self, tag: u8) {
        self.0.write_u8(tag);
    }
    fn text(&mut self, text: &str) {
        self.0.write_usize(text.len());
        self.0.write(text.as_bytes());
    }
}

type Done = Result<(), Never>;

impl ser::Serializer for &mut Fingerprint {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.tag(1);
        self.0.write_u8(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.tag(2);
        self.0.write_i64(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.tag(3);
        self.0.write_u64(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.tag(4);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tag(5);
        self.0.write_u32(u32::from(v));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.tag(6);
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.tag(7);
        self.0.write_usize(v.len());
        self.0.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(8);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(9);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(10);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.tag(11);
        self.text(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.tag(12);
        self.text(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(13);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.tag(14);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(14);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tag(15);
        self.text(variant);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(16);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(17);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tag(18);
        self.text(variant);
        Ok(self)
    }
}

/// Sequences, tuples and maps end with a tag, so `[a, b], c` and `[a], b, c` differ.
macro_rules! compound {
    ($($trait:ident :: $method:ident),+ $(,)?) => {$(
        impl ser::$trait for &mut Fingerprint {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.tag(19);
                Ok(())
            }
        }
    )+};
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Fingerprint {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(19);
        Ok(())
    }
}

macro_rules! fields {
    ($($trait:ident),+) => {$(
        impl ser::$trait for &mut Fingerprint {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
                // Fields left out by `skip_serializing_if` change the shape: name each one.
                self.text(key);
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.tag(19);
                Ok(())
            }
        }
    )+};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn equal_values_agree_and_different_ones_differ() {
        #[derive(serde::Serialize)]
        struct Page<'a> {
            title: &'a str,
            count: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'a str>,
            items: Vec<&'a str>,
        }
        let page = |title, count, note, items| {
            of(&Page {
                title,
                count,
                note,
                items,
            })
        };
        assert_eq!(
            page("甲", 1, None, vec!["a", "b"]),
            page("甲", 1, None, vec!["a", "b"])
        );
        assert_ne!(
            page("甲", 1, None, vec!["a", "b"]),
            page("乙", 1, None, vec!["a", "b"])
        );
        assert_ne!(
            page("甲", 1, None, vec!["a", "b"]),
            page("甲", 2, None, vec!["a", "b"])
        );
        assert_ne!(
            page("甲", 1, None, vec!["a", "b"]),
            page("甲", 1, Some(""), vec!["a", "b"])
        );
        // Boundaries between strings and between elements count.
        assert_ne!(
            page("甲", 1, None, vec!["ab"]),
            page("甲", 1, None, vec!["a", "b"])
        );
        assert_ne!(of(&(vec!["a", "b"], "c")), of(&(vec!["a"], "b", "c")));
        assert_ne!(of(&Some(0u8)), of(&None::<u8>));
    }
}
