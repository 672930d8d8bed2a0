//! Reading an OLX course export into a structure.
