//! Several endpoint instances on one database, as behind a load balancer: each instance has
//! its own pool, state and router, and they race for the same rows. Runs on SQLite and, in the
//! PostgreSQL pass of the suite, on PostgreSQL.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use ozg_endpoint::forward::{DELIVERY_HEADER, Forwarder};
use ozg_endpoint::sources::refresh_at;
use ozg_endpoint::{Config, DepartmentConfig, SourceConfig, SourceKind, demo_upstream, seed};
use ozg_sdk::Receipt;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{TestApp, feedback_request, new_key, submission, test_app_with, test_config};

/// How many instances share the database in these tests.
const INSTANCES: usize = 3;

/// `INSTANCES` apps with `config` on one fresh, seeded database.
async fn instances(config: Config) -> Vec<Arc<TestApp>> {
    let first = test_app_with(config.clone()).await;
    let mut apps = Vec::with_capacity(INSTANCES);
    for _ in 1..INSTANCES {
        apps.push(Arc::new(first.another_instance(config.clone()).await));
    }
    apps.insert(0, Arc::new(first));
    apps
}

/// Starts `router` on a free loopback port and returns its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("loopback port");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

/// Posts `body` under `key` to `app` as a client does: with a fresh challenge each time, again
/// after a `409` (another instance holds the key), until the endpoint answers `201`.
async fn submit_until_stored(app: &TestApp, key: &str, body: &str) -> (Receipt, bool) {
    for _ in 0..500 {
        let challenge = app.challenge().await;
        let response = app
            .send(feedback_request(Some(key), body, None, Some(&challenge)))
            .await;
        match response.status {
            StatusCode::CREATED => {
                let replayed = response.header("Idempotent-Replayed") == Some("true");
                return (response.json(), replayed);
            }
            StatusCode::CONFLICT => {
                // What the SDK does after a 409, only faster than its Retry-After.
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            status => panic!("unexpected {status}: {}", response.text()),
        }
    }
    panic!("the key stayed in flight");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn duplicates_sent_to_different_instances_are_stored_once_with_one_receipt() {
    let config = Config {
        rate_limit_per_minute: 10_000,
        ..test_config()
    };
    let apps = instances(config).await;
    let key = new_key();
    let body = submission().to_string();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let app = apps[i % INSTANCES].clone();
        let (key, body) = (key.clone(), body.clone());
        tasks.spawn(async move { submit_until_stored(&app, &key, &body).await });
    }
    let mut answers = Vec::new();
    while let Some(answer) = tasks.join_next().await {
        answers.push(answer.expect("a client task"));
    }

    let first = &answers[0].0;
    for (receipt, _) in &answers {
        assert_eq!(receipt, first, "every duplicate gets the one receipt");
    }
    let stored_fresh = answers.iter().filter(|(_, replayed)| !replayed).count();
    assert_eq!(stored_fresh, 1, "exactly one answer stored the feedback");
    assert_eq!(apps[0].count("feedback").await, 1);
    assert_eq!(apps[0].count("idempotency_keys").await, 1);
    let reference: String = sqlx::query_scalar("SELECT reference FROM feedback")
        .fetch_one(&apps[2].pool)
        .await
        .expect("the one row");
    assert_eq!(reference, first.reference);
}

/// A webhook receiver that counts the acknowledged deliveries per `Ozg-Delivery` id. The first
/// `hang` requests it takes in and never answers, as a department's server that is slow while
/// the instance sending is killed.
#[derive(Clone, Default)]
struct CountingReceiver {
    deliveries: Arc<Mutex<HashMap<String, usize>>>,
    hang: Arc<AtomicUsize>,
    hanging: Arc<Mutex<Vec<String>>>,
    arrived: Arc<tokio::sync::Notify>,
}

impl CountingReceiver {
    async fn start(&self) -> String {
        let router = Router::new()
            .route("/hook", post(Self::handle))
            .with_state(self.clone());
        format!("{}/hook", serve(router).await)
    }

    async fn handle(State(receiver): State<CountingReceiver>, headers: HeaderMap) -> StatusCode {
        let id = headers
            .get(DELIVERY_HEADER)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let hang = receiver
            .hang
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if hang {
            receiver.hanging.lock().expect("lock").push(id.clone());
            receiver.arrived.notify_one();
            std::future::pending::<()>().await;
        }
        *receiver
            .deliveries
            .lock()
            .expect("lock")
            .entry(id)
            .or_default() += 1;
        StatusCode::NO_CONTENT
    }

    fn counts(&self) -> HashMap<String, usize> {
        self.deliveries.lock().expect("lock").clone()
    }
}

fn webhook_config(url: String) -> Config {
    Config {
        rate_limit_per_minute: 10_000,
        departments: vec![DepartmentConfig {
            name: seed::DEMO_DEPARTMENT.to_owned(),
            webhook_url: Some(url),
            webhook_secret: Some("ein-geheimnis-des-teams-leistungen-0123456789".to_owned()),
            email: None,
        }],
        ..test_config()
    }
}

/// The outbox ids of all forwards, sorted.
async fn outbox_ids(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT id FROM forward_outbox ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .expect("outbox")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_forward_is_delivered_by_exactly_one_of_several_instances() {
    const FORWARDS: usize = 40;
    let receiver = CountingReceiver::default();
    let apps = instances(webhook_config(receiver.start().await)).await;
    for i in 0..FORWARDS {
        let (_, replayed) =
            submit_until_stored(&apps[i % INSTANCES], &new_key(), &submission().to_string()).await;
        assert!(!replayed);
    }

    // All instances' forwarders work on the outbox at the same moment.
    let now = OffsetDateTime::now_utc();
    let mut tasks = tokio::task::JoinSet::new();
    for app in &apps {
        let app = app.clone();
        tasks.spawn(async move {
            Forwarder::new(app.state.config())
                .deliver_due_at(&app.state, now)
                .await
        });
    }
    let mut delivered = 0;
    while let Some(report) = tasks.join_next().await {
        let report = report.expect("a forwarder");
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        delivered += report.delivered.len();
    }

    assert_eq!(
        delivered, FORWARDS,
        "the reports add up to every forward once"
    );
    let counts = receiver.counts();
    let mut ids: Vec<&String> = counts.keys().collect();
    ids.sort();
    let stored = outbox_ids(&apps[0]).await;
    assert_eq!(ids, stored.iter().collect::<Vec<_>>());
    assert!(
        counts.values().all(|&count| count == 1),
        "delivered more than once: {counts:?}"
    );
    let pending: i64 =
        sqlx::query_scalar("SELECT count(*) FROM forward_outbox WHERE state <> 'delivered'")
            .fetch_one(&apps[1].pool)
            .await
            .expect("count");
    assert_eq!(pending, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forwards_of_an_instance_that_died_are_delivered_by_another_after_the_lease() {
    const FORWARDS: usize = 6;
    let receiver = CountingReceiver::default();
    receiver.hang.store(FORWARDS, Ordering::SeqCst);
    let apps = instances(webhook_config(receiver.start().await)).await;
    for i in 0..FORWARDS {
        submit_until_stored(&apps[i % INSTANCES], &new_key(), &submission().to_string()).await;
    }
    let start = OffsetDateTime::now_utc();

    // The first instance claims every forward and dies while the receiver has the requests
    // but has not answered: its task and its connections are gone, its claims stay.
    let doomed = Arc::clone(&apps[0]);
    let dying = tokio::spawn(async move {
        Forwarder::new(doomed.state.config())
            .deliver_due_at(&doomed.state, start)
            .await
    });
    while receiver.hanging.lock().expect("lock").len() < FORWARDS {
        receiver.arrived.notified().await;
    }
    dying.abort();
    assert!(dying.await.expect_err("killed").is_cancelled());
    apps[0].pool.close().await;

    // The others respect its lease (at least a minute) while it runs …
    for app in &apps[1..] {
        let report = Forwarder::new(app.state.config())
            .deliver_due_at(&app.state, start + Duration::from_secs(59))
            .await;
        assert!(report.delivered.is_empty() && report.failed.is_empty());
    }
    assert!(receiver.counts().is_empty());

    // … and deliver everything once it has run out, each forward by one of them.
    let after = start + Duration::from_secs(3600);
    let (one, two) = (
        Forwarder::new(apps[1].state.config()),
        Forwarder::new(apps[2].state.config()),
    );
    let (a, b) = tokio::join!(
        one.deliver_due_at(&apps[1].state, after),
        two.deliver_due_at(&apps[2].state, after),
    );
    assert_eq!(a.delivered.len() + b.delivered.len(), FORWARDS);
    let counts = receiver.counts();
    let mut acknowledged: Vec<&String> = counts.keys().collect();
    acknowledged.sort();
    let mut hanging = receiver.hanging.lock().expect("lock").clone();
    hanging.sort();
    assert_eq!(acknowledged, hanging.iter().collect::<Vec<_>>());
    assert!(counts.values().all(|&count| count == 1), "{counts:?}");
}

const T0: OffsetDateTime = datetime!(2026-11-26 10:00 UTC);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_fetch_a_shared_source_once_per_interval() {
    // The stand-in feed, counting the requests for it.
    let hits = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("loopback port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let counter = hits.clone();
    let router = demo_upstream::router(&base).route_layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            // The feed itself, not the images its posts name.
            if request.uri().path() == "/feeds/presse.rss" {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            next.run(request)
        },
    ));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let source = SourceConfig {
        url: Some(format!("{base}/feeds/presse.rss")),
        interval_seconds: 600,
        ..crate::sources::source("presse", SourceKind::Feed)
    };
    let config = Config {
        sources: vec![source],
        ..test_config()
    };
    let apps = instances(config).await;

    let refresh_all = |now: OffsetDateTime| {
        let apps = apps.clone();
        async move {
            let mut tasks = tokio::task::JoinSet::new();
            for app in apps {
                tasks.spawn(async move { refresh_at(&app.state, now).await });
            }
            let mut fetched = 0;
            let mut skipped = 0;
            while let Some(report) = tasks.join_next().await {
                let report = report.expect("a refresh");
                assert!(report.failed.is_empty(), "{:?}", report.failed);
                fetched += report.updated.len() + report.unchanged.len();
                skipped += report.skipped.len();
            }
            (fetched, skipped)
        }
    };

    assert_eq!(refresh_all(T0).await, (1, INSTANCES - 1));
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "one fetch for all instances"
    );
    // Within the interval nobody fetches; after it, again exactly one instance.
    assert_eq!(
        refresh_all(T0 + Duration::from_secs(599)).await,
        (0, INSTANCES)
    );
    assert_eq!(
        refresh_all(T0 + Duration::from_secs(600)).await,
        (1, INSTANCES - 1)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}
