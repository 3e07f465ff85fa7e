//! Every page, partial and error page of the todo app through the W3C Nu
//! HTML checker (`common/vnu.rs`): empty and full, under each filter,
//! with the no-JS editor open and with each validation error, and each
//! partial answer as the document it lands in. 0 errors but htmx's
//! `hx-*` attributes.
//!
//! Needs Java and `npm ci` in the workspace's `browser/` (`scripts/test.sh`
//! installs both).

#[path = "common/vnu.rs"]
mod vnu;

use hyperox::http::StatusCode;
use hyperox::test::Client;
use hyperox::{Config, Env};
use todo::AppState;
use todo::db::Db;
use todo::urls::partials::todos::{by_id, index};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_and_partial_is_valid_html() {
    let db = Db::in_memory().unwrap();
    let mut app = todo::app(db.clone()).unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the validity test key, thirty-two characters".into()),
        ..Config::default()
    });
    let client: Client<AppState> = Client::new(app);
    let mut docs: Vec<(String, String)> = Vec::new();
    let page = async |name: &str, url: String, status: StatusCode| {
        let res = client.get(url.clone()).header("accept", "text/html").await;
        assert_eq!(res.status(), status, "{url}");
        (name.to_owned(), res.text().to_owned())
    };
    docs.push(page("page-empty", "/".into(), StatusCode::OK).await);
    let a = db.add("Buy milk".into()).await.unwrap();
    let b = db.add("Write <the> report & send it".into()).await.unwrap();
    db.toggle(b.id).await.unwrap();
    for filter in ["all", "active", "completed"] {
        docs.push(
            page(
                &format!("page-{filter}"),
                format!("/?filter={filter}"),
                StatusCode::OK,
            )
            .await,
        );
    }
    docs.push(
        page(
            "page-editor-open",
            format!("/?edit={}", a.id),
            StatusCode::OK,
        )
        .await,
    );
    docs.push(
        page(
            "page-editor-error",
            format!("/?edit={}&title=&error=empty", a.id),
            StatusCode::OK,
        )
        .await,
    );
    docs.push(
        page(
            "page-add-error",
            "/?title=&error=empty".into(),
            StatusCode::OK,
        )
        .await,
    );
    docs.push(page("error-404", "/no/such/page".into(), StatusCode::NOT_FOUND).await);
    let res = client
        .get(by_id::delete(a.id).url())
        .header("accept", "text/html")
        .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    docs.push(("error-405".into(), res.text().to_owned()));
    let res = client
        .post(index::clear().url())
        .header("accept", "text/html")
        .without_csrf()
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    docs.push(("error-403".into(), res.text().to_owned()));

    // The partials, as htmx asks for them.
    let partial =
        async |name: &str, link: hyperox::Link, form: &[(&str, &str)], status: StatusCode| {
            let res = client
                .link(&link)
                .htmx()
                .header("hx-current-url", "http://localhost/")
                .form(form)
                .await;
            assert_eq!(res.status(), status, "{name}: {}", res.text());
            (name.to_owned(), vnu::in_document(res.text()))
        };
    docs.push(
        partial(
            "add",
            index::add(),
            &[("title", "Call <mum>")],
            StatusCode::OK,
        )
        .await,
    );
    docs.push(
        partial(
            "add-invalid",
            index::add(),
            &[("title", " ")],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await,
    );
    docs.push(partial("list", index::list(), &[], StatusCode::OK).await);
    docs.push(partial("toggle", by_id::toggle(a.id), &[], StatusCode::OK).await);
    docs.push(partial("edit", by_id::edit(a.id), &[], StatusCode::OK).await);
    docs.push(partial("view", by_id::view(a.id), &[], StatusCode::OK).await);
    docs.push(
        partial(
            "update",
            by_id::update(a.id),
            &[("title", "Buy oat milk")],
            StatusCode::OK,
        )
        .await,
    );
    docs.push(
        partial(
            "update-invalid",
            by_id::update(a.id),
            &[("title", "")],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await,
    );
    docs.push(partial("delete", by_id::delete(a.id), &[], StatusCode::OK).await);
    docs.push(partial("clear", index::clear(), &[], StatusCode::OK).await);
    docs.push(
        partial(
            "toggle-gone",
            by_id::toggle(a.id),
            &[],
            StatusCode::NOT_FOUND,
        )
        .await,
    );
    vnu::assert_valid("todo", &docs);
}
