//! Reusable UI pieces; each documents its props.
pub mod attach_fields;
pub mod compute_manage;
pub mod compute_table;
pub mod data_table;
pub mod error_box;
pub mod form;
pub mod keys_dialog;
pub mod ops_tray;
pub mod shell;
pub mod spinner;
pub mod status_badge;
pub mod theme;
pub mod vm_size_picker;
pub mod yaml_panel;
