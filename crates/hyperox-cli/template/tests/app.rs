//! The app in-process through hyperox's test client: pages render, the
//! counter counts, and the form rejects a bad address.

use hyperox::test::Client;

#[tokio::test]
async fn pages_render_and_the_counter_counts() {
    let client = Client::new(hyperox_starter::app().unwrap());
    let home = client.get("/").await;
    assert_eq!(home.status(), 200);
    assert!(home.text().contains("Welcome to {{name}}"));

    let res = client
        .link(&hyperox_starter::urls::partials::counter::increment())
        .htmx()
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().contains(">1</output>"), "{}", res.text());

    assert_eq!(client.get("/users/7").await.status(), 200);
    assert_eq!(client.get("/users/seven").await.status(), 404);
}

#[tokio::test]
async fn the_form_rejects_a_bad_address() {
    let client = Client::new(hyperox_starter::app().unwrap());
    client.get("/signup").await;
    let submit = hyperox_starter::urls::partials::signup::submit();
    let res = client.link(&submit).htmx().form(&[("email", "nope")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().contains("Enter an email address"));
    let res = client
        .link(&submit)
        .htmx()
        .form(&[("email", "ada@example.com")])
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().contains("Thanks, ada@example.com!"));
}
