//! Shared pieces of the benchmarks: the route sets, the apps under test
//! written for each framework, and a ratio table.

pub mod apps;
pub mod fortunes;
pub mod report;
pub mod routes;
pub mod templates;
