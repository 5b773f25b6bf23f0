//! Renderers: each formats the view (or, for open data, the public records) into files.

pub mod charts;
pub mod data;
pub mod feeds;
pub mod fingerprint;
pub mod markdown;
pub mod report;
pub mod search;
pub mod site;
