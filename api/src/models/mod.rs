//! Wire models. Every struct keeps unknown members, explicit `null`s and mistyped values in
//! `extra`, so parsing then serializing gives back the same JSON (see the private `wire` module).

pub mod common;
pub mod compute;
pub mod sizes;
pub(crate) mod wire;
pub mod workspace;

pub use common::*;
pub use compute::*;
pub use sizes::*;
pub use workspace::*;
