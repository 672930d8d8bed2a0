//! OLX (Open Learning XML) import and export: pure transformations between
//! Open edX course exports and [`crate::store::content::Structure`].

pub mod export;
pub mod import;
pub mod sample;
