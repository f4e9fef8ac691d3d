-- The catalog's own tables (schema "catalog", created by Flyway). Hibernate only validates against them.

-- Every backup the workers reported, completed or failed, and what the catalog decided since.
create table backup (
    backup_id         uuid        primary key,
    request_id        uuid        not null unique,
    database_name     text        not null,
    schema_name       text        not null,
    tiers             text        not null,                 -- comma-separated, e.g. DAILY,WEEKLY
    status            text        not null check (status in ('COMPLETED', 'FAILED', 'EXPIRED', 'CORRUPT')),
    pinned            boolean     not null default false,
    requested_at      timestamptz not null,                 -- orders a schema's history
    started_at        timestamptz,
    finished_at       timestamptz,
    size_bytes        bigint,
    sha256            text,
    store             text,
    compression       text,
    format            text,
    server_version    text,
    tool_version      text,
    table_row_counts  jsonb,
    failure_reason    text,
    failed_attempt    integer,
    replicated_at     timestamptz,
    verified_at       timestamptz,
    updated_at        timestamptz not null
);
create index backup_history on backup (database_name, schema_name, requested_at desc);

-- Object keys in the store; a key belongs to the newest backup that wrote it (weekly/monthly keys are rewritten).
create table backup_object (
    object_key  text        primary key,
    backup_id   uuid        not null references backup (backup_id),
    tier        text        not null check (tier in ('DAILY', 'WEEKLY', 'MONTHLY', 'MANUAL', 'PRE_RESTORE')),
    status      text        not null check (status in ('ACTIVE', 'EXPIRED')),
    expired_at  timestamptz
);
create index backup_object_owner on backup_object (backup_id);

-- Event ids already handled: redeliveries and duplicates change nothing.
create table processed_event (
    event_id      uuid        primary key,
    topic         text        not null,
    processed_at  timestamptz not null
);

-- Requests the catalog issued itself (schedule, API), so results are ordered by request time.
create table backup_request (
    request_id     uuid        primary key,
    database_name  text        not null,
    schema_name    text        not null,
    tiers          text        not null,
    trigger_type   text        not null,
    requested_by   text,
    requested_at   timestamptz not null
);

-- One row per scheduled (database, schema, slot): several instances never request a slot twice.
create table schedule_slot (
    database_name  text        not null,
    schema_name    text        not null,
    slot           timestamptz not null,
    request_id     uuid        not null unique,
    created_at     timestamptz not null,
    primary key (database_name, schema_name, slot)
);

-- Events to publish, written in the transaction of the change they announce; a relay sends them (at least once).
create table outbox (
    id            bigserial   primary key,
    topic         text        not null,
    message_key   text        not null,
    event_id      uuid        not null,
    event_type    text        not null,
    payload       text        not null,
    created_at    timestamptz not null,
    published_at  timestamptz
);
create index outbox_pending on outbox (id) where published_at is null;
