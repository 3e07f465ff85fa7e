//! The chat on a real PostgreSQL server (started by the test on a free
//! loopback port): the store, the app on it, an outage of the database,
//! and several instances sharing one database and one Redis.

mod support;

use chat::store::{RECENT, Store};
use hyperox_testkit::PostgresServer;
use support::{Browser, Server, next_message};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_keeps_rooms_and_the_last_messages_of_each() {
    let pg = PostgresServer::start("chat");
    let store = Store::postgres(&pg.url()).await.unwrap();
    assert_eq!(store.rooms().await.unwrap(), ["general", "random"]);
    assert!(store.create_room("rust").await.unwrap());
    assert!(!store.create_room("rust").await.unwrap(), "once");
    assert!(store.has_room("rust").await.unwrap());
    assert!(!store.has_room("nowhere").await.unwrap());

    let first = store.post("rust", "ada", "first").await.unwrap();
    for n in 0..RECENT {
        store.post("rust", "bob", &format!("m{n}")).await.unwrap();
    }
    store.post("general", "ada", "elsewhere").await.unwrap();
    let recent = store.recent("rust").await.unwrap();
    assert_eq!(recent.len(), RECENT);
    assert!(recent.windows(2).all(|w| w[0].id < w[1].id), "oldest first");
    assert!(recent.iter().all(|m| m.room == "rust" && m.id != first.id));
    assert_eq!(recent.last().unwrap().body, format!("m{}", RECENT - 1));
    assert!(recent[0].at >= first.at);

    // A second store on the same database (another instance) migrates
    // nothing twice and sees the same rooms.
    let again = Store::postgres(&pg.url()).await.unwrap();
    assert_eq!(again.rooms().await.unwrap(), ["general", "random", "rust"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chat_stores_and_pushes_on_postgres_and_outlives_an_outage_of_it() {
    let mut pg = PostgresServer::start("chat");
    let server = Server::start(Store::postgres(&pg.url()).await.unwrap()).await;
    let mut ada = Browser::named(server.addr, "Ada").await;
    let mut stream = ada.stream(server.addr, "general", None).await;
    let sent = ada.say(server.addr, "general", "on postgres", true).await;
    assert_eq!(sent.status, 200);
    assert!(
        next_message(&mut stream)
            .await
            .unwrap()
            .data
            .contains("on postgres")
    );

    // The database goes away: a message is refused as not stored (503),
    // never shown as sent, and the server goes on.
    pg.stop();
    let refused = ada.say(server.addr, "general", "lost?", true).await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert!(refused.headers.contains_key("retry-after"));
    // It comes back: the store connects again.
    pg.restart();
    let sent = ada.say(server.addr, "general", "back", true).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let ev = next_message(&mut stream).await.unwrap();
    assert!(ev.data.contains("back"), "{}", ev.data);
    let page = ada.get(server.addr, "/rooms/general").await;
    assert!(page.body.contains("on postgres") && page.body.contains("back"));
    assert!(!page.body.contains("lost?"));
    server.stop().await;
}

/// Several stateless instances, one database, one Redis: what is sent on
/// one reaches the pages on the others, and who is here counts them all.
#[cfg(feature = "redis")]
mod instances {
    use super::*;
    use hyperox_testkit::RedisServer;
    use hyperox_ws::{Hub, HubConfig, RedisBroker, RedisBrokerConfig};

    async fn instance(pg: &PostgresServer, redis: &RedisServer) -> Server {
        let store = Store::postgres(&pg.url()).await.unwrap();
        let broker = RedisBroker::connect(RedisBrokerConfig::new(redis.url()))
            .await
            .unwrap();
        Server::start_with(store, Hub::with_broker(HubConfig::default(), broker)).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn three_instances_share_messages_history_and_presence() {
        let pg = PostgresServer::start("chat");
        let redis = RedisServer::start();
        let a = instance(&pg, &redis).await;
        let b = instance(&pg, &redis).await;
        let c = instance(&pg, &redis).await;
        let mut ada = Browser::named(a.addr, "Ada").await;
        let bob = Browser::named(b.addr, "Bob").await;
        let cy = Browser::named(c.addr, "Cy").await;
        let mut on_b = bob.stream(b.addr, "general", None).await;
        let mut on_c = cy.stream(c.addr, "general", None).await;
        let _on_a = ada.stream(a.addr, "general", None).await;

        let sent = ada.say(a.addr, "general", "from a", true).await;
        assert_eq!(sent.status, 200);
        let on_b_ev = next_message(&mut on_b).await.unwrap();
        let on_c_ev = next_message(&mut on_c).await.unwrap();
        assert!(on_b_ev.data.contains("from a") && on_c_ev.data.contains("from a"));
        assert_eq!(on_b_ev.id, on_c_ev.id, "one numbering across instances");

        // A page on C that drops and comes back on B resumes from the
        // shared history.
        drop(on_c);
        ada.say(a.addr, "general", "while away", true).await;
        let mut back = cy.stream(b.addr, "general", on_c_ev.id.as_deref()).await;
        assert!(
            next_message(&mut back)
                .await
                .unwrap()
                .data
                .contains("while away")
        );

        // Everyone in the room, whichever instance is asked.
        let mut probe = Browser::new(c.addr).await;
        let ok = support::eventually_async(support::WAIT, || {
            let mut probe = probe.clone();
            let addr = c.addr;
            async move {
                let here = probe
                    .get(addr, "/_partials/rooms/general/members")
                    .await
                    .body;
                ["Ada", "Bob", "Cy"]
                    .iter()
                    .all(|n| here.contains(&format!(">{n}<")))
            }
        })
        .await;
        assert!(ok, "presence across instances");
        // The history is in the database: a page on C shows both.
        let page = probe.get(c.addr, "/rooms/general").await;
        assert!(page.body.contains("name-form"), "the probe has no name");
        let mut cy = cy;
        let page = cy.get(c.addr, "/rooms/general").await;
        assert!(page.body.contains("from a") && page.body.contains("while away"));
        for s in [a, b, c] {
            s.stop().await;
        }
    }
}
