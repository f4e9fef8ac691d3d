-- Requests the backup-worker refused (issue 13): backup.failed answers "rejected: ..." for a schema it is not
-- configured for. One row per (database, schema), counted, so they are visible without becoming targets; the
-- application keeps the 1000 schemas refused most recently (whoever may write backup.requested chooses the names).
create table refused_request (
    database_name    text        not null,
    schema_name      text        not null,
    requests         bigint      not null check (requests > 0),
    first_refused_at timestamptz not null,
    last_refused_at  timestamptz not null,
    last_request_id  uuid        not null,
    last_reason      text        not null,
    primary key (database_name, schema_name)
);
create index refused_request_recent on refused_request (last_refused_at desc);
