//! Route patterns and the route tree.

pub(crate) mod pattern;
pub(crate) mod tree;

pub use pattern::CATCH_ALL;
