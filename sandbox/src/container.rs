//! container back end (being built).
