//! Links the process module with its own stack size (`STACK_BYTES` in
//! lib.rs), smaller than the 1 MiB every other wasm module here gets.

const STACK_BYTES: usize = include!("src/stack_bytes.in");

fn main() {
    println!("cargo::rerun-if-changed=src/stack_bytes.in");
    // Only the wasm module: the native build of this crate (tests, clippy)
    // keeps its platform's defaults.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-cdylib=-zstack-size={STACK_BYTES}");
    }
}
