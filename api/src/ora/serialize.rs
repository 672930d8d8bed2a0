//! An `openassessment` block's settings written back as OLX.
