//! Generates the route table, the stylesheet and the embedded assets.

fn main() {
    hyperox_build::Build::new()
        .state("crate::State")
        .run_or_exit();
}
