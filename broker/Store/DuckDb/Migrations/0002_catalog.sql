-- The catalog (DESIGN §5, §6, §7) on DuckDB: files and their immutable versions, routing, plugins, contracts, outputs.
-- Low-volume tables, so ordinary keys are fine here.
CREATE SEQUENCE source_roots_id;
CREATE SEQUENCE file_history_id;
CREATE TABLE source_roots (
    id  BIGINT PRIMARY KEY DEFAULT nextval('source_roots_id'),
    uri text NOT NULL UNIQUE
);
CREATE TABLE file_versions (
    source_hash   text   PRIMARY KEY,
    size          bigint NOT NULL,
    first_seen_us bigint NOT NULL
);
CREATE TABLE file_locations (
    root_id     bigint NOT NULL,
    path        text   NOT NULL,
    source_hash text   NOT NULL,
    seen_us     bigint NOT NULL,
    PRIMARY KEY (root_id, path)
);
CREATE TABLE file_history (
    id          BIGINT PRIMARY KEY DEFAULT nextval('file_history_id'),
    root_id     bigint NOT NULL,
    path        text   NOT NULL,
    source_hash text   NOT NULL,
    seen_us     bigint NOT NULL
);
CREATE INDEX file_history_location ON file_history (root_id, path);
CREATE TABLE routing_rules (
    path_glob text   NOT NULL,
    tag      text    NOT NULL,
    priority integer NOT NULL,
    PRIMARY KEY (path_glob, tag)
);
CREATE TABLE tag_plugins (
    tag    text NOT NULL,
    plugin text NOT NULL,
    PRIMARY KEY (tag, plugin)
);
CREATE TABLE plugins (
    name          text NOT NULL,
    version       text NOT NULL,
    artifact_hash text NOT NULL,
    runtime_kind  text NOT NULL,
    entrypoint    text NOT NULL,
    manifest_json text NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE TABLE schema_contracts (
    plugin      text    NOT NULL,
    output      text    NOT NULL,
    version     integer NOT NULL,
    schema_hash text    NOT NULL,
    schema_json text    NOT NULL,
    PRIMARY KEY (plugin, output, version)
);
CREATE TABLE output_targets (
    target_key  text PRIMARY KEY,
    sink_uri    text NOT NULL,
    table_name  text NOT NULL,
    schema_hash text NOT NULL,
    sink_mode   text NOT NULL
);
CREATE TABLE materializations (
    materialization_key text   PRIMARY KEY,
    target_key          text   NOT NULL,
    source_hash         text   NOT NULL,
    artifact_hash       text   NOT NULL,
    job_id              bigint,
    row_count           bigint NOT NULL,
    created_us          bigint NOT NULL
);
