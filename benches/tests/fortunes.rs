//! Every Fortunes stack, served on a loopback port, answers as the
//! benchmark's verifier requires (headers and body), twice (the added
//! row is not kept); and the verifier itself passes the expected
//! document in its allowed variants and refuses wrong ones.

use hyperox_benches::fortunes::{Db, STACKS, serve, verify};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn get(addr: std::net::SocketAddr) -> (u16, Vec<(String, String)>, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET /fortunes HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8(raw).expect("UTF-8");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head");
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_stack_answers_to_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::create(&dir.path().join("fortunes.db")).unwrap();
    every_stack_on(db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_stack_answers_to_the_spec_on_postgres() {
    let pg = hyperox_testkit::PostgresServer::start("fortunes");
    let db = Db::postgres(&pg.url()).await.unwrap();
    every_stack_on(db).await;
}

/// Serves each stack on `db` and checks two answers.
async fn every_stack_on(db: Db) {
    for stack in STACKS {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(serve(stack, listener, db.clone()));
        for _ in 0..2 {
            let (status, headers, body) = get(addr).await;
            if let Err(e) = verify::answer(status, &headers, &body) {
                panic!("{stack}: {e}\nheaders: {headers:?}\nbody: {body}");
            }
        }
        server.abort();
    }
}

#[test]
fn the_expected_document_passes_and_variants_of_it_too() {
    assert_eq!(verify::document(&verify::expected()), Ok(()));
    let spaced = verify::expected()
        .replace("<tr>", "\n  <tr>")
        .replace("&quot;", "&#34;");
    assert_eq!(verify::document(&spaced), Ok(()));
    let upper = verify::expected().replace("<!doctype html>", "<!DOCTYPE html>");
    assert_eq!(verify::document(&upper), Ok(()));
}

#[test]
fn unescaped_missing_or_wrong_rows_fail() {
    let raw = verify::expected().replace("&lt;script&gt;", "<script>");
    assert!(verify::document(&raw).is_err());
    let missing = verify::expected().replace("<tr><td>0</td>", "<tr><td>99</td>");
    assert!(verify::document(&missing).is_err());
    let wrong_id = verify::expected().replacen("<td>11</td>", "<td>12</td>", 1);
    assert!(verify::document(&wrong_id).is_err());
}
