//! The compile errors users meet, pinned: each file under `tests/ui`
//! must fail with the message beside it.

#[test]
fn mistakes_get_messages_that_say_what_to_write() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
