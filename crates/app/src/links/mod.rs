//! The page's address as a link: each panel's configuration kept in the
//! address bar, Copy link, the notes a link leaves, and the embed widget
//! (its snippet, its resize messages, the link back to the full page).

pub mod embed;
pub mod share;
