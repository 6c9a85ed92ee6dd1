-- Collab — Orleans 10.4.2 ADO.NET schema for PostgreSQL 15 (invariant "Npgsql").
--
-- Written for Collab: the Orleans NuGet packages ship no SQL. The providers only talk to the database
-- through the statements stored in OrleansQuery, looked up by query key, with named parameters
-- (@Name) and result columns read by name. This file creates:
--   * OrleansQuery                                  (query catalogue read by every provider at start-up)
--   * OrleansMembershipVersionTable/-Table + queries (Orleans.Clustering.AdoNet)
--   * OrleansStorage + queries                       (Orleans.Persistence.AdoNet)
--   * OrleansRemindersTable + queries                (Orleans.Reminders.AdoNet)
--
-- Idempotent: every object is created with IF NOT EXISTS / OR REPLACE and the catalogue rows are
-- upserted, so running the script again is harmless. Collab applies it at start-up inside one
-- transaction holding an advisory lock (see PostgresSchemaBootstrap), so two silos starting together
-- do not race. Requires PostgreSQL 15 or later (UNIQUE ... NULLS NOT DISTINCT).
--
-- Contract notes (checked against the 10.4.2 providers by Collab.Infrastructure.Tests):
--   * ETags are integer versions returned as strings; a write/clear that changes no row must return
--     the caller's version unchanged (or NULL for a first write) so Orleans raises
--     InconsistentStateException.
--   * "Boolean" results are a single integer column: > 0 = success.
--   * Timestamps arrive as UTC DateTime values; columns are timestamptz.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);

------------------------------------------------------------------------------------------------------
-- Clustering (membership)
------------------------------------------------------------------------------------------------------

-- One row per cluster (DeploymentId = ClusterId): the optimistic-concurrency version of the table.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Returns 1 when the version row was created, 0 when it already existed.
CREATE OR REPLACE FUNCTION collab_membership_insert_version(p_deploymentid varchar)
    RETURNS integer
    LANGUAGE plpgsql AS
$fn$
DECLARE
    affected integer;
BEGIN
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (p_deploymentid)
    ON CONFLICT (deploymentid) DO NOTHING;
    GET DIAGNOSTICS affected = ROW_COUNT;
    RETURN affected;
END
$fn$;

-- Inserts a silo row and bumps the table version, both or neither. Returns 1 on success, 0 when the
-- row already exists or the expected table version is stale.
CREATE OR REPLACE FUNCTION collab_membership_insert(
    p_deploymentid varchar, p_address varchar, p_port integer, p_generation integer,
    p_siloname varchar, p_hostname varchar, p_status integer, p_proxyport integer,
    p_starttime timestamptz, p_iamalivetime timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql AS
$fn$
DECLARE
    affected integer;
BEGIN
    BEGIN
        INSERT INTO orleansmembershiptable
            (deploymentid, address, port, generation, siloname, hostname, status, proxyport,
             starttime, iamalivetime)
        VALUES
            (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status,
             p_proxyport, p_starttime, p_iamalivetime)
        ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            RETURN 0;
        END IF;

        UPDATE orleansmembershipversiontable
        SET version = version + 1, timestamp = now()
        WHERE deploymentid = p_deploymentid AND version = p_version;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            -- Stale table version: undo the insert (the inner block is a savepoint).
            RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'collab: stale membership version';
        END IF;
        RETURN 1;
    EXCEPTION
        WHEN raise_exception THEN
            RETURN 0;
    END;
END
$fn$;

-- Updates a silo row and bumps the table version, both or neither. Returns 1 on success, 0 otherwise.
CREATE OR REPLACE FUNCTION collab_membership_update(
    p_deploymentid varchar, p_address varchar, p_port integer, p_generation integer,
    p_status integer, p_suspecttimes varchar, p_iamalivetime timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql AS
$fn$
DECLARE
    affected integer;
BEGIN
    BEGIN
        UPDATE orleansmembershipversiontable
        SET version = version + 1, timestamp = now()
        WHERE deploymentid = p_deploymentid AND version = p_version;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            RETURN 0;
        END IF;

        UPDATE orleansmembershiptable
        SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
        WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port
          AND generation = p_generation;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'collab: no such silo row';
        END IF;
        RETURN 1;
    EXCEPTION
        WHEN raise_exception THEN
            RETURN 0;
    END;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
SELECT collab_membership_insert_version(@DeploymentId) AS inserted;
$q$),
('InsertMembershipKey', $q$
SELECT collab_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
    @StartTime, @IAmAliveTime, @Version) AS inserted;
$q$),
('UpdateMembershipKey', $q$
SELECT collab_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime,
    @Version) AS updated;
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port
  AND generation = @Generation;
$q$),
('MembershipReadRowKey', $q$
SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port,
       m.generation AS Generation, m.siloname AS SiloName, m.hostname AS HostName,
       m.status AS Status, m.proxyport AS ProxyPort, m.suspecttimes AS SuspectTimes,
       m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime, v.version AS Version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port,
       m.generation AS Generation, m.siloname AS SiloName, m.hostname AS HostName,
       m.status AS Status, m.proxyport AS ProxyPort, m.suspecttimes AS SuspectTimes,
       m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime, v.version AS Version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
SELECT address AS Address, proxyport AS ProxyPort, generation AS Generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$q$),
-- Dead silos (status 6) whose activity is older than the cut-off.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = 6
  AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime
  AND COALESCE(suspecttimes, '') = '';
$q$),
-- One dead silo row, only if it still holds the values the caller read (no lost update).
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = 6
  AND address = @Address AND port = @Port AND generation = @Generation
  AND iamalivetime = @IAmAliveTime AND starttime = @StartTime
  AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

------------------------------------------------------------------------------------------------------
-- Grain persistence
------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamp    NOT NULL,
    version                integer      NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage ON orleansstorage (grainidhash, graintypehash);

-- Collab addition: one row per grain state identity. Without it two racing first writes could
-- both insert, and later reads would be ambiguous.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_identity
    ON orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
    NULLS NOT DISTINCT;

-- First write (p_version NULL) inserts version 1; later writes update when the stored version is
-- p_version. Returns the new version, or the unchanged p_version (NULL for a first write) on conflict.
CREATE OR REPLACE FUNCTION collab_storage_write(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring varchar, p_grainidextensionstring varchar, p_serviceid varchar,
    p_version integer, p_payloadbinary bytea)
    RETURNS integer
    LANGUAGE plpgsql AS
$fn$
DECLARE
    affected integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        VALUES
            (p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring,
             p_grainidextensionstring, p_serviceid, p_payloadbinary, now() AT TIME ZONE 'utc', 1)
        ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS affected = ROW_COUNT;
        RETURN CASE WHEN affected > 0 THEN 1 ELSE NULL END;
    END IF;

    -- "= key" and "IS NULL", never "IS NOT DISTINCT FROM": that one cannot search an index, and the identity index
    -- was then searched on its prefix only — every row of the grain type for string-keyed grains (their n0/n1 are
    -- 0), so each update read all 2,000 MOs or 5,000 customer orders of a plant (issue #17). Two statements rather
    -- than one searching by the grain id hash first (as the read query does): the hash index is chosen only once the
    -- table has statistics, and a fresh database scanned the same rows (tested without ANALYZE).
    IF p_grainidextensionstring IS NULL THEN
        UPDATE orleansstorage
        SET payloadbinary = p_payloadbinary,
            modifiedon = now() AT TIME ZONE 'utc',
            version = version + 1
        WHERE serviceid = p_serviceid
          AND graintypestring = p_graintypestring
          AND grainidn0 = p_grainidn0
          AND grainidn1 = p_grainidn1
          AND grainidextensionstring IS NULL
          AND version = p_version;
    ELSE
        UPDATE orleansstorage
        SET payloadbinary = p_payloadbinary,
            modifiedon = now() AT TIME ZONE 'utc',
            version = version + 1
        WHERE serviceid = p_serviceid
          AND graintypestring = p_graintypestring
          AND grainidn0 = p_grainidn0
          AND grainidn1 = p_grainidn1
          AND grainidextensionstring = p_grainidextensionstring
          AND version = p_version;
    END IF;
    GET DIAGNOSTICS affected = ROW_COUNT;
    RETURN CASE WHEN affected > 0 THEN p_version + 1 ELSE p_version END;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
SELECT collab_storage_write(
    @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion;
$q$),
('ReadFromStorageKey', $q$
SELECT payloadbinary AS PayloadBinary, version AS Version
FROM orleansstorage
WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar);
$q$),
('ClearStorageKey', $q$
UPDATE orleansstorage
SET payloadbinary = NULL, modifiedon = now() AT TIME ZONE 'utc', version = version + 1
WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
$q$),
('DeleteStorageKey', $q$
DELETE FROM orleansstorage
WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
  AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

------------------------------------------------------------------------------------------------------
-- Reminders
------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    varchar(150)   NOT NULL,
    grainid      varchar(512)   NOT NULL,
    remindername varchar(150)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,
    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO orleansreminderstable
    (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = EXCLUDED.starttime,
    period = EXCLUDED.period,
    grainhash = EXCLUDED.grainhash,
    version = orleansreminderstable.version + 1
RETURNING version AS Version;
$q$),
('ReadReminderRowsKey', $q$
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId;
$q$),
('ReadReminderRowKey', $q$
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$q$),
-- Ring range (BeginHash, EndHash] when BeginHash < EndHash as signed integers...
('ReadRangeRows1Key', $q$
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
$q$),
-- ...and the wrapping range otherwise.
('ReadRangeRows2Key', $q$
SELECT grainid AS GrainId, remindername AS ReminderName, starttime AS StartTime,
       period AS Period, version AS Version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$q$),
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT COUNT(*)::integer AS deleted FROM deleted;
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
