//! Reusable UI pieces; each documents its props.
pub mod compute_table;
pub mod data_table;
pub mod error_box;
pub mod shell;
pub mod spinner;
pub mod status_badge;
pub mod theme;
