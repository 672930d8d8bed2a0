//! Where a learner is in an assessment.
