//! Open response assessment (ORA2), the pure part: an `openassessment`
//! block's settings read from its OLX and checked, and scores computed
//! from rubric assessments exactly as ORA2 does. No I/O; the store keeps
//! submissions and assessments, the service decides who may do what.

pub mod config;
pub mod scoring;
pub mod serialize;
pub mod workflow;

#[cfg(test)]
mod tests;
