//! The shape of a generated corpus: how many opinions, attendees and contacts its records
//! have, how many of them are public, how large the deputy groups are and how full the
//! deputy records are. The counts are percentages of the default shape's, so the default
//! shape draws exactly the numbers the generator has always drawn.

use std::fmt;

/// How a generated province is shaped. Percentages are of the default shape's counts
/// (100 = as many as the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Opinions per record (meeting, symposium, activity, contact), in percent.
    pub opinions: u32,
    /// Deputies attending a meeting, a symposium or an activity, in percent.
    pub attendees: u32,
    /// Contacts over the members' links, in percent.
    pub contacts: u32,
    /// One contact in `public_every` is published (`visibility: public`); 0: none.
    pub public_every: u32,
    /// Deputies in a deputy group (the number of groups follows).
    pub group_size: u32,
    /// Deputy records with every optional field (gender, ethnicity, occupation, sector,
    /// fields, a fuller private map) instead of the required ones only.
    pub full_deputies: bool,
}

/// The named shapes `lianluo corpus --shape` takes.
pub const PRESETS: &[(&str, Shape)] = &[
    ("default", Shape::DEFAULT),
    ("heavy", Shape::HEAVY),
    ("light", Shape::LIGHT),
];

impl Shape {
    /// The shape the generator has always had.
    pub const DEFAULT: Shape = Shape {
        opinions: 100,
        attendees: 100,
        contacts: 100,
        public_every: 50,
        group_size: 35,
        full_deputies: false,
    };
    /// Three times the opinions, twice the attendees and contacts, full deputy records.
    pub const HEAVY: Shape = Shape {
        opinions: 300,
        attendees: 200,
        contacts: 200,
        public_every: 50,
        group_size: 35,
        full_deputies: true,
    };
    /// Half the opinions, attendees and contacts, smaller groups.
    pub const LIGHT: Shape = Shape {
        opinions: 50,
        attendees: 50,
        contacts: 50,
        public_every: 100,
        group_size: 25,
        full_deputies: false,
    };

    /// The preset of that name.
    pub fn named(name: &str) -> Result<Shape, String> {
        PRESETS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, s)| s)
            .ok_or_else(|| {
                let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
                format!("unknown shape `{name}`: use one of {}", names.join(", "))
            })
    }

    /// Applies one `key=value` override (the field names of [`Shape`]).
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let Some((key, value)) = assignment.split_once('=') else {
            return Err(format!(
                "`{assignment}` is not key=value (e.g. opinions=300)"
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        let number = || {
            value
                .parse::<u32>()
                .map_err(|_| format!("`{key}={value}`: the value must be a whole number"))
        };
        match key {
            "opinions" => self.opinions = number()?,
            "attendees" => self.attendees = number()?,
            "contacts" => self.contacts = number()?,
            "public_every" => self.public_every = number()?,
            "group_size" => {
                self.group_size = number()?;
                if self.group_size == 0 {
                    return Err("`group_size` must be at least 1".to_string());
                }
            }
            "full_deputies" => {
                self.full_deputies = value.parse().map_err(|_| {
                    format!("`full_deputies={value}`: the value must be true or false")
                })?;
            }
            _ => {
                return Err(format!(
                    "unknown shape key `{key}`: use opinions, attendees, contacts, \
                     public_every, group_size or full_deputies"
                ));
            }
        }
        Ok(())
    }

    /// `base` (the default shape's count) scaled by `percent`, rounded to the nearest.
    pub(super) fn scaled(base: usize, percent: u32) -> usize {
        (base * percent as usize + 50) / 100
    }
}

impl Default for Shape {
    fn default() -> Self {
        Shape::DEFAULT
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "opinions={} attendees={} contacts={} public_every={} group_size={} full_deputies={}",
            self.opinions,
            self.attendees,
            self.contacts,
            self.public_every,
            self.group_size,
            self.full_deputies
        )
    }
}
