//! Router benchmarks, each side by side with its anchors in one run:
//!
//! 1. lookup on the GitHub API paths: hyperox vs matchit vs path-tree;
//! 2. namespace shapes: one route, 15/150/300/3000 routes (lookup and whole
//!    dispatch through 3 context levels x 2 middleware), vs axum.
//!
//! Run: `cargo bench -p hyperox-benches --bench router`. The ratio table
//! is printed at the end.

use criterion::{Criterion, criterion_group};
use http::Method;
use hyperox_benches::apps::{self, axum_apps};
use hyperox_benches::report::{print, timed};
use hyperox_benches::routes::{concrete, github_paths, namespaced, to_matchit};
use hyperox_router::test::poll_ready;
use std::hint::black_box;
use tower::Service;

fn lookup_github(c: &mut Criterion) {
    let patterns = github_paths();
    let paths: Vec<String> = patterns.iter().map(|p| concrete(p)).collect();

    let mut hyperox = hyperox_router::Router::<()>::new();
    async fn h(_: &mut (), _: &mut hyperox_router::Request) {}
    for p in &patterns {
        hyperox.get(p, h).unwrap();
    }
    let hyperox = hyperox.into_service();

    let mut matchit = matchit::Router::new();
    for (i, p) in patterns.iter().enumerate() {
        matchit.insert(to_matchit(p), i).unwrap();
    }

    let mut path_tree = path_tree::PathTree::new();
    for (i, p) in patterns.iter().enumerate() {
        let _ = path_tree.insert(p, i);
    }

    // Every router finds every path, and the same pattern.
    for (p, path) in patterns.iter().zip(&paths) {
        assert_eq!(hyperox.find(&Method::GET, path).unwrap().pattern(), *p);
        assert_eq!(patterns[*matchit.at(path).unwrap().value], *p);
        assert_eq!(patterns[*path_tree.find(path).unwrap().0], *p);
    }
    let mut g = c.benchmark_group("lookup-github");
    g.bench_function("hyperox", |b| {
        b.iter_custom(|iters| {
            timed_all("lookup-github/hyperox", iters, &paths, |p| {
                hyperox.find(&Method::GET, p).map(|m| m.param_count())
            })
        })
    });
    g.bench_function("matchit", |b| {
        b.iter_custom(|iters| {
            timed_all("lookup-github/matchit", iters, &paths, |p| {
                matchit.at(p).map(|m| m.params.len()).ok()
            })
        })
    });
    g.bench_function("path-tree", |b| {
        b.iter_custom(|iters| {
            timed_all("lookup-github/path-tree", iters, &paths, |p| {
                path_tree.find(p).map(|(_, path)| path.params().len())
            })
        })
    });
    g.finish();
}

/// Times `iters` passes over all `paths` and records the time per lookup.
fn timed_all<O>(
    key: &str,
    iters: u64,
    paths: &[String],
    mut f: impl FnMut(&str) -> O,
) -> std::time::Duration {
    let n = paths.len() as u64;
    let mut i = 0usize;
    timed(key, iters * n, || {
        let out = f(black_box(&paths[i]));
        i += 1;
        if i == paths.len() {
            i = 0;
        }
        out
    })
}

const SIZES: [usize; 4] = [1, 10, 20, 200];

fn namespace_shapes(c: &mut Criterion) {
    let mut g = c.benchmark_group("namespaces");

    // One route.
    let hyperox = apps::hyperox_one_route();
    let axum = axum_apps::one_route();
    g.bench_function("one-route/hyperox", |b| {
        let mut svc = hyperox.clone();
        b.iter_custom(|iters| {
            timed("one-route/hyperox", iters, || {
                let req = http::Request::get("/action")
                    .body(hyperox_router::Body::empty())
                    .unwrap();
                poll_ready(svc.call(req)).unwrap()
            })
        })
    });
    g.bench_function("one-route/axum", |b| {
        let mut svc = axum.clone();
        b.iter_custom(|iters| {
            timed("one-route/axum", iters, || {
                let req = http::Request::get("/action")
                    .body(axum::body::Body::empty())
                    .unwrap();
                poll_ready(svc.call(req)).unwrap()
            })
        })
    });

    for resources in SIZES {
        let routes = 15 * resources;
        let target = format!("/site/res{}/42", resources - 1);
        let hyperox = apps::hyperox_namespaced(resources);
        assert_eq!(hyperox.routes().len(), namespaced(resources).len());
        let key = format!("lookup-{routes}/hyperox");
        g.bench_function(&key, |b| {
            b.iter_custom(|iters| {
                timed(&key, iters, || {
                    hyperox
                        .find(&Method::GET, black_box(&target))
                        .map(|m| m.param_count())
                })
            })
        });
        let key = format!("dispatch-{routes}/hyperox");
        g.bench_function(&key, |b| {
            let mut svc = hyperox.clone();
            b.iter_custom(|iters| {
                timed(&key, iters, || {
                    let req = http::Request::get(&target)
                        .body(hyperox_router::Body::empty())
                        .unwrap();
                    let res = poll_ready(svc.call(req)).unwrap();
                    debug_assert_eq!(res.status(), 200);
                    res
                })
            })
        });
        let axum = axum_apps::namespaced(resources);
        let key = format!("dispatch-{routes}/axum");
        g.bench_function(&key, |b| {
            let mut svc = axum.clone();
            b.iter_custom(|iters| {
                timed(&key, iters, || {
                    let req = http::Request::get(&target)
                        .body(axum::body::Body::empty())
                        .unwrap();
                    let res = poll_ready(svc.call(req)).unwrap();
                    debug_assert_eq!(res.status(), 200);
                    res
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, lookup_github, namespace_shapes);

fn main() {
    // Check the apps answer alike before timing them.
    let mut hyperox = apps::hyperox_namespaced(10);
    let mut axum = axum_apps::namespaced(10);
    for path in ["/site/res9/42", "/admin/res0", "/api/res3/x"] {
        let a = poll_ready(
            hyperox.call(
                http::Request::get(path)
                    .body(hyperox_router::Body::empty())
                    .unwrap(),
            ),
        )
        .unwrap();
        let b = poll_ready(
            axum.call(
                http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            ),
        )
        .unwrap();
        assert_eq!(
            (a.status().as_u16(), b.status().as_u16()),
            (200, 200),
            "{path}"
        );
    }

    benches();
    Criterion::default().configure_from_args().final_summary();

    print(
        "lookup, GitHub API (130 paths), ns per lookup",
        &[
            "lookup-github/hyperox",
            "lookup-github/matchit",
            "lookup-github/path-tree",
        ],
        &[
            (
                "hyperox / matchit (target <= 1.0)",
                "lookup-github/hyperox",
                "lookup-github/matchit",
            ),
            (
                "hyperox / path-tree",
                "lookup-github/hyperox",
                "lookup-github/path-tree",
            ),
        ],
    );
    print(
        "namespace shapes: one route, whole dispatch",
        &["one-route/hyperox", "one-route/axum"],
        &[("hyperox / axum", "one-route/hyperox", "one-route/axum")],
    );
    let keys: Vec<String> = SIZES
        .iter()
        .flat_map(|r| {
            let n = 15 * r;
            [
                format!("lookup-{n}/hyperox"),
                format!("dispatch-{n}/hyperox"),
                format!("dispatch-{n}/axum"),
            ]
        })
        .collect();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    print(
        "namespace shapes: 3 context levels x 2 middleware, 15..3000 routes",
        &key_refs,
        &[
            (
                "lookup 3000 / lookup 15 (target <= 1.3)",
                "lookup-3000/hyperox",
                "lookup-15/hyperox",
            ),
            (
                "dispatch 3000 / dispatch 15",
                "dispatch-3000/hyperox",
                "dispatch-15/hyperox",
            ),
            (
                "dispatch 150: hyperox / axum",
                "dispatch-150/hyperox",
                "dispatch-150/axum",
            ),
            (
                "dispatch 3000: hyperox / axum",
                "dispatch-3000/hyperox",
                "dispatch-3000/axum",
            ),
        ],
    );
    println!("  (target: dispatch-150/hyperox under 1000 ns)");
}
