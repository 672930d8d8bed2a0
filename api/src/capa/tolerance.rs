//! compare_with_tolerance.
