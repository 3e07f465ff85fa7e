//! Generates the route table from `src/pages` and `src/partials`.

fn main() {
    hyperox_build::Build::new().run_or_exit();
}
