//! Open edX's expression language (openedx-calc).
