//! Compile-fail tests: the messages users see for handlers that do not fit.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
