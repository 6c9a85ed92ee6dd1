-- Collab — embedded mode schema (SQLite, one file: <DataDirectory>/collab.db).
--
-- Used by Collab's own providers on Microsoft.Data.Sqlite (SqliteGrainStorage, SqliteReminderTable);
-- Orleans' ADO.NET providers are not used in embedded mode (see docs/storage.md).
-- Idempotent: applied at every start-up. WAL journal mode is switched on by the bootstrap (it cannot be
-- set inside a transaction).

-- Grain state: one row per (service, state name, grain). The state name is the storage name the grain
-- declared ([PersistentState("site")] -> "site"), the grain id is Orleans' GrainId string
-- ("site/DEMO"). version is the ETag: every write bumps it, a write carrying another version is refused.
CREATE TABLE IF NOT EXISTS collab_grain_state
(
    service_id   TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    grain_id     TEXT    NOT NULL,
    payload      BLOB    NULL,      -- serialized state (Orleans grain-storage serializer); NULL after a clear
    version      INTEGER NOT NULL,
    modified_utc TEXT    NOT NULL,  -- ISO 8601, UTC
    CONSTRAINT uq_collab_grain_state_identity UNIQUE (service_id, state_name, grain_id)
);

-- Reminders (Orleans IReminderTable): durable "fire later" work that survives restarts.
CREATE TABLE IF NOT EXISTS collab_reminders
(
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    grain_hash    INTEGER NOT NULL,  -- GrainId.GetUniformHashCode(), 0 .. 2^32-1
    start_utc     TEXT    NOT NULL,  -- first due time, ISO 8601 round-trip format, UTC
    period_ms     INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    CONSTRAINT pk_collab_reminders PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_collab_reminders_hash ON collab_reminders (service_id, grain_hash);
