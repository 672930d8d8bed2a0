//! Writing a structure out as an OLX course export.
