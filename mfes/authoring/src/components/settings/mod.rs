//! The settings, files and team pages' pieces.
//!
//! Every settings form follows the same pattern: it is built from the view
//! its GET answered, keeps the `version` of that view as the base of the
//! next save, compares what the person typed with what was last saved to
//! know whether there are unsaved changes (and warns before the tab is
//! closed), and shows the server's errors under the field they name. A
//! `stale_version` answer means someone else changed the course: the form
//! offers to reload rather than overwrite their work.

pub mod advanced;
pub mod cutoff_bar;
pub mod details;
pub mod fields;
pub mod files;
pub mod form;
pub mod grading;
pub mod team;
pub mod time;
