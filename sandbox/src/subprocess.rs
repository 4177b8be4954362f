//! subprocess back end (being built).
