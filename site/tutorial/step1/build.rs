//! Generates the route table, the typed links and the stylesheet from
//! `src/pages`, `src/partials` and the classes in `src`.

fn main() {
    hyperox_build::Build::new()
        .state("crate::State")
        .run_or_exit();
}
