//! Table-driven tests of matching: each row is (routes, request, expected).

use hyperox_router::http::{Method, Request as HttpRequest, StatusCode, header};
use hyperox_router::{Body, Request, Router, RouterService};
use tower::ServiceExt;

/// Answers with the matched pattern and its params: `/u/:id id=7`.
async fn echo(_: &mut (), req: &mut Request) -> String {
    let mut out = req.route_pattern().unwrap_or("?").to_owned();
    for (name, value) in req.params() {
        out.push_str(&format!(" {name}={value}"));
    }
    out
}

fn app(routes: &[&str]) -> RouterService<()> {
    let mut router = Router::<()>::new();
    for route in routes {
        let (method, pattern) = route.split_once(' ').unwrap_or(("GET", route));
        router
            .route(method.parse().unwrap(), pattern, echo)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    router.into_service()
}

async fn call(
    svc: &RouterService<()>,
    method: &str,
    path: &str,
) -> (StatusCode, http_headers::Map, String) {
    let req = HttpRequest::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .unwrap();
    let res = svc.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    (
        status,
        headers,
        hyperox_router::test::body_string(res).await,
    )
}

mod http_headers {
    pub(crate) type Map = hyperox_router::http::HeaderMap;
}

struct Row {
    name: &'static str,
    routes: &'static [&'static str],
    method: &'static str,
    path: &'static str,
    status: u16,
    body: &'static str,
}

const fn row(
    name: &'static str,
    routes: &'static [&'static str],
    method: &'static str,
    path: &'static str,
    status: u16,
    body: &'static str,
) -> Row {
    Row {
        name,
        routes,
        method,
        path,
        status,
        body,
    }
}

const ROWS: &[Row] = &[
    row("root", &["/"], "GET", "/", 200, "/"),
    row("static", &["/a/b"], "GET", "/a/b", 200, "/a/b"),
    row("static_miss", &["/a/b"], "GET", "/a/c", 404, "Not Found"),
    row(
        "new_static_segment_is_kept",
        &["/", "/action"],
        "GET",
        "/action",
        200,
        "/action",
    ),
    row(
        "static_beats_param",
        &["/users/:id", "/users/new"],
        "GET",
        "/users/new",
        200,
        "/users/new",
    ),
    row(
        "param_when_static_differs",
        &["/users/:id", "/users/new"],
        "GET",
        "/users/7",
        200,
        "/users/:id id=7",
    ),
    row(
        "param_beats_catch_all",
        &["/f/:*", "/f/:name"],
        "GET",
        "/f/a",
        200,
        "/f/:name name=a",
    ),
    row(
        "catch_all_takes_the_rest",
        &["/f/:*", "/f/:name"],
        "GET",
        "/f/a/b/c",
        200,
        "/f/:* *=a/b/c",
    ),
    row(
        "catch_all_needs_a_segment",
        &["/f/:*"],
        "GET",
        "/f",
        404,
        "Not Found",
    ),
    row(
        "catch_all_needs_a_segment_slash",
        &["/f/:*"],
        "GET",
        "/f/",
        404,
        "Not Found",
    ),
    row(
        "backtrack_static_to_param",
        &["/a/b/c", "/a/:x/d"],
        "GET",
        "/a/b/d",
        200,
        "/a/:x/d x=b",
    ),
    row(
        "backtrack_deep",
        &["/a/b/c/d", "/a/:x/c/e", "/a/:*"],
        "GET",
        "/a/b/c/f",
        200,
        "/a/:* *=b/c/f",
    ),
    row(
        "regex_match",
        &["/n/:id:[0-9]+", "/n/:slug"],
        "GET",
        "/n/12",
        200,
        "/n/:id:[0-9]+ id=12",
    ),
    row(
        "regex_fail_backtracks_to_param",
        &["/n/:id:[0-9]+", "/n/:slug"],
        "GET",
        "/n/ab",
        200,
        "/n/:slug slug=ab",
    ),
    row(
        "regex_fail_backtracks_to_catch_all",
        &["/n/:id:[0-9]+", "/n/:*"],
        "GET",
        "/n/ab/c",
        200,
        "/n/:* *=ab/c",
    ),
    row(
        "regex_anchored_whole_segment",
        &["/n/:id:[0-9]+"],
        "GET",
        "/n/12a",
        404,
        "Not Found",
    ),
    row(
        "regex_anchored_alternation",
        &["/n/:id:a|b"],
        "GET",
        "/n/ab",
        404,
        "Not Found",
    ),
    row(
        "regex_with_colon",
        &["/t/:hm:[0-9]+:[0-9]+"],
        "GET",
        "/t/12:30",
        200,
        "/t/:hm:[0-9]+:[0-9]+ hm=12:30",
    ),
    row(
        "regex_sees_decoded_value",
        &["/n/:w:é+"],
        "GET",
        "/n/%C3%A9%C3%A9",
        200,
        "/n/:w:é+ w=éé",
    ),
    row(
        "regex_param_before_plain_param",
        &["/p/:a:x", "/p/:b"],
        "GET",
        "/p/x",
        200,
        "/p/:a:x a=x",
    ),
    row(
        "trailing_slash_ignored",
        &["/admin"],
        "GET",
        "/admin/",
        200,
        "/admin",
    ),
    row(
        "pattern_trailing_slash_ignored",
        &["/admin/"],
        "GET",
        "/admin",
        200,
        "/admin/",
    ),
    row(
        "only_one_trailing_slash",
        &["/admin"],
        "GET",
        "/admin//",
        404,
        "Not Found",
    ),
    row(
        "case_sensitive",
        &["/Admin"],
        "GET",
        "/admin",
        404,
        "Not Found",
    ),
    row(
        "empty_segment_fills_param",
        &["/users/:id/edit"],
        "GET",
        "/users//edit",
        200,
        "/users/:id/edit id=",
    ),
    row(
        "empty_segment_no_static",
        &["/users/edit"],
        "GET",
        "/users//edit",
        404,
        "Not Found",
    ),
    row(
        "percent_decoded_param",
        &["/u/:name"],
        "GET",
        "/u/caf%C3%A9",
        200,
        "/u/:name name=café",
    ),
    row(
        "encoded_slash_stays_in_segment",
        &["/u/:name"],
        "GET",
        "/u/a%2Fb",
        200,
        "/u/:name name=a/b",
    ),
    row(
        "encoded_catch_all",
        &["/f/:*"],
        "GET",
        "/f/a%20b/c",
        200,
        "/f/:* *=a b/c",
    ),
    row(
        "invalid_utf8_param_is_400",
        &["/u/:name"],
        "GET",
        "/u/%FF",
        400,
        "Bad Request: the path is not valid UTF-8 once percent-decoded",
    ),
    row(
        "bad_percent_kept_literal",
        &["/u/:name"],
        "GET",
        "/u/100%",
        200,
        "/u/:name name=100%",
    ),
    row(
        "several_params",
        &["/r/:owner/:repo/issues/:n"],
        "GET",
        "/r/a/b/issues/3",
        200,
        "/r/:owner/:repo/issues/:n owner=a repo=b n=3",
    ),
    row(
        "method_tree_is_separate",
        &["POST /m/new", "GET /m/:id"],
        "GET",
        "/m/new",
        200,
        "/m/:id id=new",
    ),
    row("head_falls_back_to_get", &["/h"], "HEAD", "/h", 200, ""),
    row(
        "explicit_head_wins",
        &["GET /h", "HEAD /h"],
        "HEAD",
        "/h",
        200,
        "",
    ),
    row(
        "method_not_allowed",
        &["POST /x", "PUT /x"],
        "GET",
        "/x",
        405,
        "Method Not Allowed",
    ),
    row(
        "options_automatic",
        &["GET /x", "DELETE /x", "POST /x"],
        "OPTIONS",
        "/x",
        200,
        "",
    ),
    row(
        "options_explicit_route",
        &["GET /x", "OPTIONS /x"],
        "OPTIONS",
        "/x",
        200,
        "/x",
    ),
    row(
        "options_nothing_matches",
        &["GET /x"],
        "OPTIONS",
        "/y",
        404,
        "Not Found",
    ),
    row(
        "custom_method",
        &["PURGE /cache"],
        "PURGE",
        "/cache",
        200,
        "/cache",
    ),
];

#[tokio::test]
async fn table() {
    let mut failures = Vec::new();
    for r in ROWS {
        let svc = app(r.routes);
        let (status, _, body) = call(&svc, r.method, r.path).await;
        if status.as_u16() != r.status || body != r.body {
            failures.push(format!(
                "{}: {} {} gave {} {:?}, expected {} {:?}",
                r.name, r.method, r.path, status, body, r.status, r.body
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[tokio::test]
async fn allow_and_options_list_methods_in_order() {
    let svc = app(&["PATCH /x", "DELETE /x", "GET /x", "PUT /x", "POST /x"]);
    let (_, headers, _) = call(&svc, "OPTIONS", "/x").await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_METHODS],
        "GET, POST, PUT, DELETE, PATCH"
    );
    let svc = app(&["DELETE /x", "POST /x"]);
    let (status, headers, _) = call(&svc, "GET", "/x").await;
    assert_eq!(status, 405);
    assert_eq!(headers[header::ALLOW], "POST, DELETE");
}

#[tokio::test]
async fn head_keeps_length_and_drops_body() {
    let svc = app(&["/h"]);
    let (status, headers, body) = call(&svc, "HEAD", "/h").await;
    assert_eq!(status, 200);
    assert_eq!(body, "");
    assert_eq!(headers[header::CONTENT_LENGTH], "2");
}

#[tokio::test]
async fn github_routes_each_match_their_own_pattern() {
    let data = include_str!("../../../benches/data/github-routes.txt");
    let routes: Vec<(Method, String)> = data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (m, p) = l.split_once(' ').unwrap();
            (m.parse().unwrap(), p.to_owned())
        })
        .collect();
    assert_eq!(routes.len(), 203);
    let mut router = Router::<()>::new();
    for (m, p) in &routes {
        router.route(m.clone(), p, echo).unwrap();
    }
    let svc = router.into_service();
    for (m, p) in &routes {
        let concrete: String = p
            .split('/')
            .map(|s| {
                if let Some(name) = s.strip_prefix(':') {
                    format!("v-{name}")
                } else {
                    s.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let (status, _, body) = call(&svc, m.as_str(), &concrete).await;
        let expect_params: String = p
            .split('/')
            .filter_map(|s| s.strip_prefix(':'))
            .map(|n| format!(" {n}=v-{n}"))
            .collect();
        if m == Method::HEAD {
            assert_eq!(status, 200, "{m} {concrete}");
            continue;
        }
        assert_eq!(
            (status.as_u16(), body),
            (200, format!("{p}{expect_params}")),
            "{m} {concrete}"
        );
    }
}

#[test]
fn bad_patterns_are_rejected_naming_the_pattern() {
    let cases = [
        ("no-slash", "must start with `/`"),
        ("/a//b", "empty segment"),
        ("/a/:", "no parameter name"),
        ("/a/::[0-9]+", "no parameter name"),
        ("/a/:*/b", "nothing may follow"),
        ("/a/:id/:id", "twice"),
        ("/a/:id:(", "regex of parameter `id` is invalid"),
    ];
    for (pattern, fragment) in cases {
        let mut router = Router::<()>::new();
        let err = router.get(pattern, echo).expect_err(pattern).to_string();
        assert!(err.contains(&format!("`{pattern}`")), "{err}");
        assert!(err.contains(fragment), "{err}");
    }
    let mut router = Router::<()>::new();
    let err = router.subrouter::<()>("/a/:id").err().unwrap().to_string();
    assert!(err.contains("`/a/:id`"), "{err}");
}

#[tokio::test]
async fn subrouter_prefixes_join() {
    let mut router = Router::<()>::new();
    router.get("/", echo).unwrap();
    let api = router.subrouter::<()>("/api/").unwrap();
    api.get("/", echo).unwrap().get("/users/:id", echo).unwrap();
    api.subrouter::<()>("/v1")
        .unwrap()
        .get("/x/:*", echo)
        .unwrap();
    let svc = router.into_service();
    for (path, want) in [
        ("/", "/"),
        ("/api", "/api"),
        ("/api/", "/api"),
        ("/api/users/3", "/api/users/:id id=3"),
        ("/api/v1/x/a/b", "/api/v1/x/:* *=a/b"),
    ] {
        let (status, _, body) = call(&svc, "GET", path).await;
        assert_eq!((status.as_u16(), body.as_str()), (200, want), "{path}");
    }
}

#[test]
fn a_route_registered_twice_is_an_error_naming_both() {
    let mut router = Router::<()>::new();
    router.get("/p/:a", echo).unwrap();
    let err = router.get("/p/:b", echo).unwrap_err().to_string();
    assert!(err.contains("GET /p/:b") && err.contains("/p/:a"), "{err}");
    let err = router.get("/p/:a/", echo).unwrap_err().to_string();
    assert!(err.contains("registered twice"), "{err}");
    // Another method, or a param with a regex, is another place.
    router.post("/p/:a", echo).unwrap();
    router.get("/p/:n:[0-9]+", echo).unwrap();
}

#[test]
#[should_panic(expected = "route `GET /api/users` is registered twice (first as `/api/users`)")]
fn a_route_registered_twice_across_subrouters_stops_the_build() {
    let mut router = Router::<()>::new();
    router.get("/api/users", echo).unwrap();
    router.group("/api").unwrap().get("/users", echo).unwrap();
    let _ = router.into_service();
}
