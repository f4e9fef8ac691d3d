-- docker-compose.yml's PostgreSQL 15, first start only (/docker-entrypoint-initdb.d, on an empty data directory).
--   aquastream       the platform's database with the manual's six schemas (empty here): what the backup-worker dumps
--                    and the restore-worker restores into. Against a real application database, point PGHOST/PGPORT/
--                    PGUSER/PGPASSWORD of both workers at it instead.
--   backup_catalog   catalog-service's own database (Flyway creates its schema "catalog")
--   backup_alerting  alerting-service's own database
CREATE DATABASE aquastream;
CREATE DATABASE backup_catalog;
CREATE DATABASE backup_alerting;

\connect aquastream
CREATE SCHEMA IF NOT EXISTS "user";
CREATE SCHEMA IF NOT EXISTS event;
CREATE SCHEMA IF NOT EXISTS crew;
CREATE SCHEMA IF NOT EXISTS payment;
CREATE SCHEMA IF NOT EXISTS notification;
CREATE SCHEMA IF NOT EXISTS media;
