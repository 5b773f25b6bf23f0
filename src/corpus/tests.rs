//! The shapes counted on what they generate: the records are loaded as a build loads them.

use super::*;

struct Counts {
    /// Opinions per record of each kind that has them: meetings, symposiums, activities,
    /// contacts.
    opinions_per_record: [f64; 4],
    attendees: usize,
    contacts: usize,
    public_contacts: usize,
    groups: usize,
    deputies_with_fields: usize,
}

type Records<T> = std::collections::BTreeMap<String, T>;

fn total<T>(records: &Records<T>, f: fn(&T) -> usize) -> usize {
    records.values().map(f).sum()
}

fn per_record<T>(records: &Records<T>, f: fn(&T) -> usize) -> f64 {
    total(records, f) as f64 / records.len() as f64
}

fn generate_and_count(shape: Shape) -> Counts {
    let dir = tempfile::TempDir::new().unwrap();
    generate_shaped(dir.path(), Scale::M, shape, 1).unwrap();
    let loaded = crate::load(dir.path()).unwrap();
    let errors: Vec<String> = loaded.errors().map(|d| format!("{d:?}")).collect();
    assert!(errors.is_empty(), "the corpus is valid: {errors:?}");
    let m = loaded.model.unwrap();
    let opinions_per_record = [
        per_record(&m.meetings, |x| x.opinions.len()),
        per_record(&m.symposiums, |x| x.opinions.len()),
        per_record(&m.activities, |x| x.opinions.len()),
        per_record(&m.contacts, |x| x.opinions.len()),
    ];
    let attendees = total(&m.meetings, |x| x.attendees.len())
        + total(&m.symposiums, |x| x.deputies.len())
        + total(&m.activities, |x| x.deputies.len());
    let public_contacts = m
        .contacts
        .values()
        .filter(|c| c.meta.visibility == crate::model::Visibility::Public)
        .count();
    Counts {
        opinions_per_record,
        attendees,
        contacts: m.contacts.len(),
        public_contacts,
        groups: m.groups.len(),
        deputies_with_fields: m
            .deputies
            .values()
            .filter(|d| d.occupation.is_some() && !d.fields.is_empty())
            .count(),
    }
}

/// Each kind's opinions per record in `shape` over the default's lie in `range`.
fn assert_opinions_times(shape: &Counts, default: &Counts, range: std::ops::RangeInclusive<f64>) {
    for (kind, (s, d)) in shape
        .opinions_per_record
        .iter()
        .zip(default.opinions_per_record)
        .enumerate()
    {
        let times = s / d;
        assert!(
            range.contains(&times),
            "kind {kind}: opinions per record ×{times}"
        );
    }
}

#[test]
fn heavy_has_three_times_the_opinions_twice_the_attendees_and_contacts() {
    let default = generate_and_count(Shape::DEFAULT);
    let heavy = generate_and_count(Shape::HEAVY);
    assert_opinions_times(&heavy, &default, 2.9..=3.1);
    let attendees = heavy.attendees as f64 / default.attendees as f64;
    assert!((1.9..=2.1).contains(&attendees), "attendees ×{attendees}");
    assert_eq!(heavy.contacts, 2 * default.contacts);
    assert_eq!(default.deputies_with_fields, 0);
    assert_eq!(heavy.deputies_with_fields, DEPUTIES);
    assert_eq!(default.groups, 20);
    assert_eq!(default.public_contacts, default.contacts / 50);
}

#[test]
fn light_has_half_and_overrides_apply() {
    let default = generate_and_count(Shape::DEFAULT);
    let light = generate_and_count(Shape::LIGHT);
    assert_opinions_times(&light, &default, 0.45..=0.7);
    assert_eq!(light.contacts, default.contacts / 2);
    assert_eq!(light.groups, 28, "700 deputies in groups of 25");
    let mut shape = Shape::DEFAULT;
    shape.set("public_every=10").unwrap();
    shape.set("group_size = 100").unwrap();
    let custom = generate_and_count(shape);
    assert_eq!(custom.public_contacts, default.contacts / 10);
    assert_eq!(custom.groups, 7);
}

#[test]
fn bad_shapes_and_overrides_are_refused_with_the_choices() {
    let e = Shape::named("huge").unwrap_err();
    assert!(e.contains("default, heavy, light"), "{e}");
    let mut shape = Shape::DEFAULT;
    assert!(shape.set("opinions").unwrap_err().contains("key=value"));
    assert!(
        shape
            .set("opinions=lots")
            .unwrap_err()
            .contains("whole number")
    );
    assert!(
        shape
            .set("colour=red")
            .unwrap_err()
            .contains("unknown shape key")
    );
    assert!(shape.set("group_size=0").is_err());
    assert!(
        shape
            .set("full_deputies=yes")
            .unwrap_err()
            .contains("true or false")
    );
    assert_eq!(Shape::named("heavy").unwrap(), Shape::HEAVY);
}
