-- One row per ingested document version: a distinct set of raw bytes, parsed or failed.

create table if not exists reports (
    report_id        varchar primary key,
    agency           varchar,
    year             integer,
    template_version varchar,
    source_path      varchar,
    source_name      varchar,
    source_url       varchar,
    sha256           varchar not null,
    format           varchar,
    encoding         varchar,
    bytes            bigint,
    parsed_at        timestamp not null,
    parser_version   varchar not null,
    status           varchar not null check (status in ('parsed', 'failed')),
    error_code       varchar,
    error_message    varchar,
    version_seq      bigint not null,
    is_current       boolean not null default false
);

comment on table reports is 'One row per ingested document version (distinct raw bytes). A re-published report (same agency and year, new bytes) is a new row; only the latest parsed version per agency-year has is_current = true. Failed parses are kept with their error.';
comment on column reports.report_id is 'First 16 hex digits of the sha256 of the raw bytes; the key every fact row carries.';
comment on column reports.agency is 'Issuing agency as printed in the report title (null if the parse failed or found none).';
comment on column reports.year is 'Reporting year the report covers (not the publication year).';
comment on column reports.template_version is 'National template the tables follow: 2021 (国办公开办函〔2021〕30号) or 2019.';
comment on column reports.source_path is 'Path (or URL) the bytes were read from when this version was first loaded.';
comment on column reports.source_name is 'File name of the source.';
comment on column reports.source_url is 'URL the crawler downloaded the bytes from (from the raw folder''s .manifest.jsonl); null for files dropped in by hand.';
comment on column reports.sha256 is 'Full sha256 of the raw bytes, hex.';
comment on column reports.format is 'Detected input format: text (plain text), word-text (a Word "save as text" export, one cell per line), markdown, html, docx, doc, pdf; null when the file could not be read.';
comment on column reports.encoding is 'Detected text encoding (null for binary formats).';
comment on column reports.bytes is 'Size of the raw file in bytes.';
comment on column reports.parsed_at is 'When this version was last parsed and loaded (UTC).';
comment on column reports.parser_version is 'Version of pipeline.parse that produced the rows; a new version re-parses the same bytes.';
comment on column reports.status is 'parsed = facts loaded; failed = no facts from these bytes, see error_code and error_message.';
comment on column reports.error_code is 'Stable code of the failure (empty_file, unreadable, unsupported_format, too_large, not_a_report, unsupported_template, truncated, internal_error); null when parsed.';
comment on column reports.error_message is 'Human-readable reason the parse failed; null when parsed.';
comment on column reports.version_seq is 'Load order of this version (first time these bytes were seen); the highest parsed one per agency-year is current.';
comment on column reports.is_current is 'True for the latest parsed version of each agency-year; views current_* and v_* only see these.';

-- warehouses created before source_url existed gain the column in place
alter table reports add column if not exists source_url varchar;

alter table reports add column if not exists agency_canonical varchar;
comment on column reports.agency_canonical is 'The agency''s identity across years and name forms: the fullest name the report prints for its issuing body, region included (淮安市洪泽区人民政府 where the title prints 洪泽区人民政府). Versions, current reports and the cross-year rules go by it.';
