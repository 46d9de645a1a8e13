//! The three labs, each a folder: `state` (the panel's signals in one
//! `Copy` struct, read into its `lab::panel` choice), `run` (what Run
//! does, through the session), and small views.

pub mod cpu;
pub mod hybrid;
pub mod io;
