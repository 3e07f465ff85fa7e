fn main() {
    // A local variable named like the `<table>` element.
    let table = vec![vec![1, 2]];
    let page = hyperox_html::html!(table(hyperox_html::prelude::each(&table, |row| row.len())));
    let _ = page;
}
