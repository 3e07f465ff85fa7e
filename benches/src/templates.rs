//! The two template-benchmarks-rs cases, "big-table" and "teams", written
//! for hyperox-html, maud, askama, sailfish and by hand, all producing the
//! same HTML.

use hyperox_html::prelude::*;
use std::fmt::Write as _;

/// A `size` x `size` table of integers.
pub fn big_table_data(size: usize) -> Vec<Vec<usize>> {
    (0..size).map(|_| (0..size).collect()).collect()
}

/// One team of the "teams" case.
#[derive(Debug, Clone)]
pub struct Team {
    /// Its name.
    pub name: String,
    /// Its score.
    pub score: u8,
}

/// The four teams of the "teams" case; the first is the champion.
pub fn teams_data() -> (u16, Vec<Team>) {
    let teams = [
        ("Jiangsu", 43),
        ("Beijing", 27),
        ("Guangzhou", 22),
        ("Shandong", 12),
    ]
    .into_iter()
    .map(|(name, score)| Team {
        name: name.to_owned(),
        score,
    })
    .collect();
    (2015, teams)
}

/// hyperox-html: big-table.
pub fn hyperox_big_table(table: &[Vec<usize>], hint: &SizeHint) -> String {
    hint.render(&hyperox_html::table(each(table, |row| {
        tr(each(row, |col| td(*col)))
    })))
}

/// hyperox-html through `html!`: big-table.
pub fn hyperox_macro_big_table(rows: &[Vec<usize>], hint: &SizeHint) -> String {
    hint.render(&hyperox_html::html!(table(each(rows, |row| tr(each(
        row,
        |col| td(*col)
    ))))))
}

/// hyperox-html through `html!`: teams.
pub fn hyperox_macro_teams(year: u16, teams: &[Team], hint: &SizeHint) -> String {
    hint.render(&hyperox_html::html!(html((
        head(title(year)),
        body((
            h1(("CSL ", year)),
            ul(each(teams.iter().enumerate(), |(i, t)| li((
                class_if(i == 0, "champion"),
                b(t.name.as_str()),
                ": ",
                t.score,
            )))),
        )),
    ))))
}

/// vy: big-table.
pub fn vy_big_table(table: &[Vec<usize>]) -> String {
    use vy::prelude::*;
    table!(table.iter().map(|row| tr!(row.iter().map(|col| td!(*col))))).into_string()
}

/// vy: teams.
pub fn vy_teams(year: u16, teams: &[Team]) -> String {
    use vy::prelude::*;
    html!(
        head!(title!(year)),
        body!(
            h1!("CSL ", year),
            ul!(teams.iter().enumerate().map(|(i, t)| li!(
                class? = (i == 0).then_some("champion"),
                b!(t.name.as_str()),
                ": ",
                t.score
            )))
        )
    )
    .into_string()
}

/// hyperox-html: teams.
pub fn hyperox_teams(year: u16, teams: &[Team], hint: &SizeHint) -> String {
    hint.render(&html((
        head(title(year)),
        body((
            h1(("CSL ", year)),
            ul(each(teams.iter().enumerate(), |(i, t)| {
                li((
                    class_if(i == 0, "champion"),
                    b(t.name.as_str()),
                    ": ",
                    t.score,
                ))
            })),
        )),
    )))
}

/// maud: big-table.
pub fn maud_big_table(table: &[Vec<usize>]) -> String {
    maud::html! {
        table {
            @for row in table {
                tr { @for col in row { td { (col) } } }
            }
        }
    }
    .into_string()
}

/// maud: teams.
pub fn maud_teams(year: u16, teams: &[Team]) -> String {
    maud::html! {
        html {
            head { title { (year) } }
            body {
                h1 { "CSL " (year) }
                ul {
                    @for (i, t) in teams.iter().enumerate() {
                        li class=[(i == 0).then_some("champion")] { b { (t.name) } ": " (t.score) }
                    }
                }
            }
        }
    }
    .into_string()
}

/// askama: big-table.
#[derive(askama::Template)]
#[template(
    source = "<table>{% for row in table %}<tr>{% for col in row %}<td>{{ col }}</td>{% endfor %}</tr>{% endfor %}</table>",
    ext = "html"
)]
pub struct AskamaBigTable<'a> {
    /// The rows.
    pub table: &'a [Vec<usize>],
}

/// askama: teams.
#[derive(askama::Template)]
#[template(
    source = "<html><head><title>{{ year }}</title></head><body><h1>CSL {{ year }}</h1><ul>{% for team in teams %}{% if loop.first %}<li class=\"champion\">{% else %}<li>{% endif %}<b>{{ team.name }}</b>: {{ team.score }}</li>{% endfor %}</ul></body></html>",
    ext = "html"
)]
pub struct AskamaTeams<'a> {
    /// The year.
    pub year: u16,
    /// The teams.
    pub teams: &'a [Team],
}

/// sailfish: big-table.
#[derive(sailfish::TemplateSimple)]
#[template(path = "big-table.stpl")]
pub struct SailfishBigTable<'a> {
    /// The rows.
    pub table: &'a [Vec<usize>],
}

/// sailfish: teams.
#[derive(sailfish::TemplateSimple)]
#[template(path = "teams.stpl")]
pub struct SailfishTeams<'a> {
    /// The year.
    pub year: u16,
    /// The teams.
    pub teams: &'a [Team],
}

/// By hand with `push_str`: big-table.
pub fn handwritten_big_table(table: &[Vec<usize>]) -> String {
    let mut out = String::with_capacity(table.len() * table.len() * 12 + 32);
    out.push_str("<table>");
    let mut buf = itoa::Buffer::new();
    for row in table {
        out.push_str("<tr>");
        for col in row {
            out.push_str("<td>");
            out.push_str(buf.format(*col));
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

/// By hand with `push_str`: teams (names escaped).
pub fn handwritten_teams(year: u16, teams: &[Team]) -> String {
    let mut out = String::with_capacity(512);
    let _ = write!(
        out,
        "<html><head><title>{year}</title></head><body><h1>CSL {year}</h1><ul>"
    );
    for (i, t) in teams.iter().enumerate() {
        out.push_str(if i == 0 {
            "<li class=\"champion\">"
        } else {
            "<li>"
        });
        out.push_str("<b>");
        hyperox_html::escape_into(&mut out, &t.name);
        let _ = write!(out, "</b>: {}</li>", t.score);
    }
    out.push_str("</ul></body></html>");
    out
}

/// One row of the todo-list case.
pub struct Item {
    /// Its id.
    pub id: u32,
    /// What it says (escaped).
    pub title: String,
    /// Whether it is done.
    pub done: bool,
}

/// `n` todo items, every third done, titles needing escaping.
pub fn todo_items(n: u32) -> Vec<Item> {
    (0..n)
        .map(|id| Item {
            id,
            title: format!("Task <{id}> & more"),
            done: id % 3 == 0,
        })
        .collect()
}

/// hyperox-html: a list with attributes beside `each` (the todo app's
/// shape).
pub fn hyperox_todo_list(items: &[Item], hint: &SizeHint) -> String {
    hint.render(&ul((
        id("todo-list"),
        class("divide-y"),
        each(items.iter(), |t| {
            li((
                id(("todo-", t.id)),
                class("todo"),
                class_if(t.done, "done"),
                span((class("title"), t.title.as_str())),
            ))
        }),
    )))
}

/// maud: the todo-list case.
pub fn maud_todo_list(items: &[Item]) -> String {
    maud::html! {
        ul id="todo-list" class="divide-y" {
            @for t in items {
                li id={ "todo-" (t.id) } class={ "todo" @if t.done { " done" } } {
                    span class="title" { (t.title) }
                }
            }
        }
    }
    .into_string()
}

/// By hand: the todo-list case.
pub fn handwritten_todo_list(items: &[Item]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(r#"<ul id="todo-list" class="divide-y">"#);
    for t in items {
        let done = if t.done { " done" } else { "" };
        let _ = write!(
            out,
            r#"<li id="todo-{}" class="todo{done}"><span class="title">"#,
            t.id
        );
        hyperox_html::escape_into(&mut out, &t.title);
        out.push_str("</span></li>");
    }
    out.push_str("</ul>");
    out
}

/// Checks that every engine renders the same HTML for both cases (and the
/// literal page), with a `size` x `size` table.
///
/// # Panics
///
/// When two engines differ.
pub fn assert_engines_agree(size: usize) {
    use askama::Template as _;
    use sailfish::TemplateSimple as _;
    let table = big_table_data(size);
    let hint = SizeHint::new();
    let want = handwritten_big_table(&table);
    assert_eq!(hyperox_big_table(&table, &hint), want);
    assert_eq!(hyperox_macro_big_table(&table, &SizeHint::new()), want);
    assert_eq!(maud_big_table(&table), want);
    assert_eq!(vy_big_table(&table), want);
    assert_eq!(AskamaBigTable { table: &table }.render().unwrap(), want);
    assert_eq!(
        SailfishBigTable { table: &table }.render_once().unwrap(),
        want
    );

    let (year, teams) = teams_data();
    let want = handwritten_teams(year, &teams);
    assert!(want.contains("<li class=\"champion\"><b>Jiangsu</b>: 43</li><li><b>Beijing</b>"));
    assert_eq!(hyperox_teams(year, &teams, &hint), want);
    assert_eq!(hyperox_macro_teams(year, &teams, &SizeHint::new()), want);
    assert_eq!(maud_teams(year, &teams), want);
    assert_eq!(vy_teams(year, &teams), want);
    assert_eq!(
        AskamaTeams {
            year,
            teams: &teams
        }
        .render()
        .unwrap(),
        want
    );
    assert_eq!(
        SailfishTeams {
            year,
            teams: &teams
        }
        .render_once()
        .unwrap(),
        want
    );

    let items = todo_items(size as u32);
    let want = handwritten_todo_list(&items);
    assert_eq!(hyperox_todo_list(&items, &hint), want);
    assert_eq!(maud_todo_list(&items), want);

    let want = literal_page_maud::page("Docs <1>", "ada & co");
    assert_eq!(
        literal_page_hyperox::page("Docs <1>", "ada & co", &hint),
        want
    );
    assert_eq!(
        literal_page_hyperox_macro::page("Docs <1>", "ada & co", &SizeHint::new()),
        want
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_engine_renders_the_same_html() {
        super::assert_engines_agree(10);
    }
}
