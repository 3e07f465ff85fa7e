//! HTML rendering, side by side in one run: the template-benchmarks-rs
//! cases "big-table" (100 x 100 integers) and "teams" (4 teams, the winner
//! highlighted), and "todo-list" (100 items beside the list's own
//! attributes, the todo app's shape) rendered by hyperox-html (builder and `html!`), maud,
//! askama, sailfish, vy and by hand, all producing the same HTML (checked
//! before timing).
//!
//! Run: `cargo bench --manifest-path benches/Cargo.toml --bench html`. criterion times
//! each engine on its own; then every case runs again with the engines
//! taking turns (see `report::Interleaved`), and the ratio tables printed
//! at the end come from the medians of that run, so that the machine's
//! slow and fast moments fall on every engine alike.

use askama::Template as _;
use criterion::Criterion;
use hyperox_benches::report::{Interleaved, print_medians};
use hyperox_benches::templates::*;
use hyperox_html::SizeHint;
use sailfish::TemplateSimple as _;
use std::rc::Rc;
use std::time::Duration;

fn big_table() -> Interleaved {
    let table = Rc::new(big_table_data(100));
    let (t1, t2, t3, t4, t5, t6, t7) = (
        table.clone(),
        table.clone(),
        table.clone(),
        table.clone(),
        table.clone(),
        table.clone(),
        table,
    );
    let (hint, hint_macro) = (SizeHint::new(), SizeHint::new());
    Interleaved::new("big-table")
        .engine("hyperox", move || hyperox_big_table(&t1, &hint))
        .engine("hyperox-html!", move || {
            hyperox_macro_big_table(&t2, &hint_macro)
        })
        .engine("maud", move || maud_big_table(&t3))
        .engine("vy", move || vy_big_table(&t4))
        .engine("askama", move || {
            AskamaBigTable { table: &t5 }.render().unwrap()
        })
        .engine("sailfish", move || {
            SailfishBigTable { table: &t6 }.render_once().unwrap()
        })
        .engine("handwritten", move || handwritten_big_table(&t7))
}

fn teams() -> Interleaved {
    let (year, teams) = teams_data();
    let teams = Rc::new(teams);
    let (t1, t2, t3, t4, t5, t6, t7) = (
        teams.clone(),
        teams.clone(),
        teams.clone(),
        teams.clone(),
        teams.clone(),
        teams.clone(),
        teams,
    );
    let (hint, hint_macro) = (SizeHint::new(), SizeHint::new());
    Interleaved::new("teams")
        .engine("hyperox", move || hyperox_teams(year, &t1, &hint))
        .engine("hyperox-html!", move || {
            hyperox_macro_teams(year, &t2, &hint_macro)
        })
        .engine("maud", move || maud_teams(year, &t3))
        .engine("vy", move || vy_teams(year, &t4))
        .engine("askama", move || {
            AskamaTeams { year, teams: &t5 }.render().unwrap()
        })
        .engine("sailfish", move || {
            SailfishTeams { year, teams: &t6 }.render_once().unwrap()
        })
        .engine("handwritten", move || handwritten_teams(year, &t7))
}

fn todo_list() -> Interleaved {
    let items = Rc::new(todo_items(100));
    let (t1, t2, t3) = (items.clone(), items.clone(), items);
    let hint = SizeHint::new();
    Interleaved::new("todo-list")
        .engine("hyperox", move || hyperox_todo_list(&t1, &hint))
        .engine("maud", move || maud_todo_list(&t2))
        .engine("handwritten", move || handwritten_todo_list(&t3))
}

fn literal_page() -> Interleaved {
    let (hint, hint_macro) = (SizeHint::new(), SizeHint::new());
    Interleaved::new("literal-page")
        .engine("hyperox", move || {
            literal_page_hyperox::page("Docs", "ada", &hint)
        })
        .engine("hyperox-html!", move || {
            literal_page_hyperox_macro::page("Docs", "ada", &hint_macro)
        })
        .engine("maud", || literal_page_maud::page("Docs", "ada"))
}

/// The cases the command line names (as criterion's filter: a part of the
/// case's name), or all when it names none.
fn selected(cases: &[Interleaved]) -> Vec<&Interleaved> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let named = |c: &&Interleaved| {
        args.iter()
            .any(|a| !a.starts_with('-') && c.case().contains(a.split('/').next().unwrap_or(a)))
    };
    let some: Vec<&Interleaved> = cases.iter().filter(named).collect();
    if some.is_empty() {
        cases.iter().collect()
    } else {
        some
    }
}

fn main() {
    // The same HTML from every engine before anything is timed.
    assert_engines_agree(100);

    let cases = [big_table(), teams(), todo_list(), literal_page()];
    let mut c = Criterion::default().configure_from_args();
    for case in &cases {
        let mut g = c.benchmark_group(case.case());
        for (name, run) in case.engines() {
            g.bench_function(name, |b| b.iter_custom(run));
        }
        g.finish();
    }
    c.final_summary();

    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(101);
    println!(
        "\nInterleaved: {rounds} rounds, each engine a batch of about 2 ms per round; medians (ROUNDS to change)"
    );
    for case in selected(&cases) {
        let m = case.run(rounds, Duration::from_millis(2));
        let target = match case.case() {
            "big-table" => "(target <= 0.45)",
            "teams" => "(target <= 0.65)",
            "todo-list" => "(target <= 2.0)",
            _ => "(target <= 1.0)",
        };
        let main = if case.case() == "literal-page" {
            format!("hyperox html! / maud {target}")
        } else {
            format!("hyperox / maud {target}")
        };
        let macro_label = if case.case() == "literal-page" {
            "hyperox builder / maud".to_owned()
        } else {
            format!("hyperox html! / maud {target}")
        };
        let (main_a, macro_a) = if case.case() == "literal-page" {
            ("hyperox-html!", "hyperox")
        } else {
            ("hyperox", "hyperox-html!")
        };
        let sailfish = if case.case() == "teams" {
            "hyperox / sailfish (target <= 1.0)"
        } else {
            "hyperox / sailfish"
        };
        print_medians(
            &format!("{}, ns per render", case.case()),
            &m,
            &[
                (main.as_str(), main_a, "maud"),
                (macro_label.as_str(), macro_a, "maud"),
                ("hyperox / askama", "hyperox", "askama"),
                (sailfish, "hyperox", "sailfish"),
                ("hyperox html! / sailfish", "hyperox-html!", "sailfish"),
                ("hyperox / vy", "hyperox", "vy"),
                ("hyperox / handwritten", "hyperox", "handwritten"),
                ("maud / sailfish", "maud", "sailfish"),
            ],
        );
        if case.case() == "literal-page" {
            println!("  (compile times: bash benches/compile-time.sh)");
        }
    }
}
