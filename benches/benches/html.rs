//! HTML rendering, side by side in one run: the template-benchmarks-rs
//! cases "big-table" (100 x 100 integers) and "teams" (4 teams, the winner
//! highlighted) rendered by hyperox-html (builder and `html!`), maud,
//! askama, sailfish, vy and by hand, all producing the same HTML (checked
//! before timing).
//!
//! Run: `cargo bench -p hyperox-benches --bench html`; the ratio table is
//! printed at the end.

use askama::Template as _;
use criterion::{Criterion, criterion_group};
use hyperox_benches::report::{print, timed};
use hyperox_benches::templates::*;
use hyperox_html::SizeHint;
use sailfish::TemplateSimple as _;

fn big_table(c: &mut Criterion) {
    let table = big_table_data(100);
    let hint = SizeHint::new();
    let mut g = c.benchmark_group("big-table");
    g.bench_function("hyperox", |b| {
        b.iter_custom(|n| timed("big-table/hyperox", n, || hyperox_big_table(&table, &hint)))
    });
    let hint_macro = SizeHint::new();
    g.bench_function("hyperox-html!", |b| {
        b.iter_custom(|n| {
            timed("big-table/hyperox-html!", n, || {
                hyperox_macro_big_table(&table, &hint_macro)
            })
        })
    });
    g.bench_function("maud", |b| {
        b.iter_custom(|n| timed("big-table/maud", n, || maud_big_table(&table)))
    });
    g.bench_function("vy", |b| {
        b.iter_custom(|n| timed("big-table/vy", n, || vy_big_table(&table)))
    });
    g.bench_function("askama", |b| {
        b.iter_custom(|n| {
            timed("big-table/askama", n, || {
                AskamaBigTable { table: &table }.render().unwrap()
            })
        })
    });
    g.bench_function("sailfish", |b| {
        b.iter_custom(|n| {
            timed("big-table/sailfish", n, || {
                SailfishBigTable { table: &table }.render_once().unwrap()
            })
        })
    });
    g.bench_function("handwritten", |b| {
        b.iter_custom(|n| timed("big-table/handwritten", n, || handwritten_big_table(&table)))
    });
    g.finish();
}

fn teams(c: &mut Criterion) {
    let (year, teams) = teams_data();
    let hint = SizeHint::new();
    let mut g = c.benchmark_group("teams");
    g.bench_function("hyperox", |b| {
        b.iter_custom(|n| timed("teams/hyperox", n, || hyperox_teams(year, &teams, &hint)))
    });
    let hint_macro = SizeHint::new();
    g.bench_function("hyperox-html!", |b| {
        b.iter_custom(|n| {
            timed("teams/hyperox-html!", n, || {
                hyperox_macro_teams(year, &teams, &hint_macro)
            })
        })
    });
    g.bench_function("maud", |b| {
        b.iter_custom(|n| timed("teams/maud", n, || maud_teams(year, &teams)))
    });
    g.bench_function("vy", |b| {
        b.iter_custom(|n| timed("teams/vy", n, || vy_teams(year, &teams)))
    });
    g.bench_function("askama", |b| {
        b.iter_custom(|n| {
            timed("teams/askama", n, || {
                AskamaTeams {
                    year,
                    teams: &teams,
                }
                .render()
                .unwrap()
            })
        })
    });
    g.bench_function("sailfish", |b| {
        b.iter_custom(|n| {
            timed("teams/sailfish", n, || {
                SailfishTeams {
                    year,
                    teams: &teams,
                }
                .render_once()
                .unwrap()
            })
        })
    });
    g.bench_function("handwritten", |b| {
        b.iter_custom(|n| timed("teams/handwritten", n, || handwritten_teams(year, &teams)))
    });
    g.finish();
}

fn literal_page(c: &mut Criterion) {
    let hint = SizeHint::new();
    let mut g = c.benchmark_group("literal-page");
    g.bench_function("hyperox", |b| {
        b.iter_custom(|n| {
            timed("literal-page/hyperox", n, || {
                literal_page_hyperox::page("Docs", "ada", &hint)
            })
        })
    });
    let hint_macro = SizeHint::new();
    g.bench_function("hyperox-html!", |b| {
        b.iter_custom(|n| {
            timed("literal-page/hyperox-html!", n, || {
                literal_page_hyperox_macro::page("Docs", "ada", &hint_macro)
            })
        })
    });
    g.bench_function("maud", |b| {
        b.iter_custom(|n| {
            timed("literal-page/maud", n, || {
                literal_page_maud::page("Docs", "ada")
            })
        })
    });
    g.finish();
}

criterion_group!(benches, big_table, teams, literal_page);

fn main() {
    // The same HTML from every engine before anything is timed.
    assert_engines_agree(100);

    benches();
    Criterion::default().configure_from_args().final_summary();

    print(
        "literal-page (1,025 elements), ns per render",
        &[
            "literal-page/hyperox",
            "literal-page/hyperox-html!",
            "literal-page/maud",
        ],
        &[
            (
                "hyperox builder / maud",
                "literal-page/hyperox",
                "literal-page/maud",
            ),
            (
                "hyperox html! / maud (target <= 1.0)",
                "literal-page/hyperox-html!",
                "literal-page/maud",
            ),
        ],
    );
    println!("  (compile times: bash benches/compile-time.sh)");
    for case in ["big-table", "teams"] {
        let keys: Vec<String> = [
            "hyperox",
            "maud",
            "askama",
            "sailfish",
            "handwritten",
            "hyperox-html!",
            "vy",
        ]
        .iter()
        .map(|e| format!("{case}/{e}"))
        .collect();
        let rows: Vec<&str> = keys.iter().map(String::as_str).collect();
        let target = if case == "big-table" {
            "(target <= 0.45)"
        } else {
            "(target <= 0.65)"
        };
        let label = format!("hyperox / maud {target}");
        print(
            &format!("{case}, ns per render"),
            &rows,
            &[
                (label.as_str(), rows[0], rows[1]),
                ("hyperox / askama", rows[0], rows[2]),
                ("hyperox / sailfish", rows[0], rows[3]),
                ("hyperox / handwritten", rows[0], rows[4]),
                ("maud / sailfish", rows[1], rows[3]),
                ("hyperox html! / maud", rows[5], rows[1]),
                ("hyperox html! / sailfish", rows[5], rows[3]),
                ("hyperox / vy", rows[0], rows[6]),
            ],
        );
    }
}
