//! The README's `cargo run` commands, run as written (with free ports
//! and servers of the test's own): each serves, or, when it asks for a
//! feature this build lacks, is refused naming it.

hyperox_testkit::readme_commands_serve!("auth", features: ["redis"]);
