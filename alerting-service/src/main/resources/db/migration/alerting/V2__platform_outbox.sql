-- The platform's outbox (backup-core JdbcOutbox, backup.platform.outbox.table = outbox) replaces alert_outbox:
-- alert.raised / alert.resolved are still written with the decision, and the platform's relay publishes them.
create table outbox (
    id           bigserial   primary key,
    topic        text        not null,
    message_key  text        not null,
    event_id     uuid        not null,
    event_type   text        not null,
    payload      text        not null,
    created_at   timestamptz not null,
    published_at timestamptz
);
create index outbox_pending on outbox (id) where published_at is null;

-- Alert events decided but not yet published move over, in their order; the published ones were only kept for
-- inspection. Key {database}.{schema} (Event.messageKey()), type {topic}.v1 (Event.type()), the same JSON as text.
insert into outbox (topic, message_key, event_id, event_type, payload, created_at)
select topic,
       (convert_from(payload, 'UTF8')::jsonb ->> 'database') || '.' || (convert_from(payload, 'UTF8')::jsonb ->> 'schema'),
       event_id,
       topic || '.v1',
       convert_from(payload, 'UTF8'),
       created_at
from alert_outbox
where published_at is null
order by seq;

drop table alert_outbox;
