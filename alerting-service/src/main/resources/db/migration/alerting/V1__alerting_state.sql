-- alerting-service state: what the rule engine learned from events, the alerts it opened, and what it sent.
-- Everything a restart needs so that a running dead-man timer goes on and nothing already sent is sent again.

-- Consumed events, for idempotency by eventId (old rows are pruned by the service).
create table processed_event (
    event_id     uuid primary key,
    processed_at timestamptz not null
);

-- Per target (database, schema; schema '*' = the database's scheduler): since when it is watched and its last
-- completed backup. watched_since starts the dead-man timer of a target that never had a backup.
create table watched_target (
    database          text        not null,
    schema            text        not null,
    watched_since     timestamptz,
    last_completed_at timestamptz,
    last_size_bytes   bigint,
    last_requested_at timestamptz,
    primary key (database, schema)
);

-- Backup requests waiting for backup.completed / backup.failed. Either side may arrive first.
create table backup_request (
    request_id   uuid primary key,
    database     text        not null,
    schema       text        not null,
    requested_at timestamptz,
    answered_at  timestamptz
);
create index backup_request_unanswered on backup_request (requested_at) where answered_at is null;

-- Weekly/monthly objects that must reach the offsite store.
create table replication_expectation (
    object_key    text primary key,
    backup_id     uuid,
    database      text        not null,
    schema        text        not null,
    expected_at   timestamptz not null,
    replicated_at timestamptz
);
create index replication_expectation_backup on replication_expectation (backup_id);
create index replication_expectation_pending on replication_expectation (expected_at) where replicated_at is null;

-- restore.failed carries no mode: the mode of each restore command, to tell verification drills apart.
create table restore_command (
    restore_id uuid primary key,
    mode       text        not null,
    seen_at    timestamptz not null
);

-- Alerts, open (resolved_at is null) and past. At most one open alert per (rule, database, schema).
create table alert (
    alert_id         uuid primary key,
    rule             text        not null,
    database         text        not null,
    schema           text        not null,
    severity         text        not null,
    message          text        not null,
    first_seen_at    timestamptz not null,
    last_notified_at timestamptz not null,
    resolved_at      timestamptz,
    resolution       text
);
create unique index alert_one_open_per_rule_and_target on alert (rule, database, schema) where resolved_at is null;

-- alert.raised / alert.resolved written with the decision, published afterwards (transactional outbox).
create table alert_outbox (
    event_id     uuid primary key,
    seq          bigserial   not null,
    topic        text        not null,
    payload      bytea       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index alert_outbox_unpublished on alert_outbox (seq) where published_at is null;

-- Every notification per channel: PENDING until DELIVERED, or GIVEN_UP after the last retry.
create table notification (
    id            bigserial primary key,
    channel       text        not null,
    kind          text        not null,
    alert_id      uuid        not null references alert (alert_id),
    rule          text        not null,
    severity      text        not null,
    database      text        not null,
    schema        text        not null,
    message       text        not null,
    first_seen_at timestamptz not null,
    occurred_at   timestamptz not null,
    status        text        not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'GIVEN_UP')),
    attempts      int         not null default 0,
    last_error    text,
    delivered_at  timestamptz
);
create index notification_pending on notification (id) where status = 'PENDING';
