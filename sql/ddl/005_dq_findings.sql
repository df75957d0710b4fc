-- Data-quality rules and their findings: the rules are the files in sql/rules/ (one per rule), the
-- findings what they found on the last check run (pipeline/check/engine.py).

create table if not exists dq_rules (
    rule           varchar primary key,
    severity       varchar not null check (severity in ('error', 'warning')),
    concern        varchar not null,
    description_zh varchar not null,
    description_en varchar not null,
    message_zh     varchar not null,
    message_en     varchar not null,
    sql            varchar not null,
    source_file    varchar not null
);

comment on table dq_rules is 'The data-quality rules, one row per rule, loaded from sql/rules/*.sql on every check run: the SQL here is the very query that wrote the findings and that great-expectations ran.';
comment on column dq_rules.rule is 'Stable rule id (row_sum, appeal_total, cross_year_carry, parse_failed, …); dq_findings.rule.';
comment on column dq_rules.severity is 'error = a broken identity, an impossible value or an unparsed file; warning = an implausibility worth a look.';
comment on column dq_rules.concern is 'Family of rules: one Dagster asset check (dq_<concern>) and one GX suite per concern.';
comment on column dq_rules.description_zh is 'What the rule checks, in Chinese.';
comment on column dq_rules.description_en is 'What the rule checks, in English.';
comment on column dq_rules.message_zh is 'Template of the Chinese finding message ({label}, {expected}, {actual}, {detail}, {file}).';
comment on column dq_rules.message_en is 'Template of the English finding message.';
comment on column dq_rules.sql is 'The rule''s file: header and query. The query returns one row per violation over the staged dq_* tables (see sql/rules/README.md).';
comment on column dq_rules.source_file is 'The file the rule is defined in, e.g. sql/rules/11_appeal_total.sql.';

create table if not exists dq_findings (
    report_id      varchar not null,
    agency         varchar,
    year           integer,
    rule           varchar not null,
    severity       varchar not null check (severity in ('error', 'warning')),
    concern        varchar not null,
    location       varchar,
    label_zh       varchar,
    label_en       varchar,
    expected       double,
    actual         double,
    printed_value  varchar,
    expected_value varchar,
    message_zh     varchar not null,
    message_en     varchar not null,
    source_name    varchar,
    source_url     varchar,
    source_where   varchar
);

-- warehouses checked before these columns existed gain them in place (every check run rewrites all rows)
alter table dq_findings drop column if exists message;
alter table dq_findings add column if not exists label_zh varchar;
alter table dq_findings add column if not exists label_en varchar;
alter table dq_findings add column if not exists printed_value varchar;
alter table dq_findings add column if not exists expected_value varchar;
alter table dq_findings add column if not exists message_zh varchar;
alter table dq_findings add column if not exists message_en varchar;
alter table dq_findings add column if not exists source_name varchar;
alter table dq_findings add column if not exists source_url varchar;
alter table dq_findings add column if not exists source_where varchar;

comment on table dq_findings is 'One row per data-quality finding on a current report, or on a file that failed to parse; replaced as a whole (in one transaction) by every check run. A publisher''s error is a finding; the printed numbers are never changed.';
comment on column dq_findings.report_id is 'The report version the finding is about (reports.report_id).';
comment on column dq_findings.agency is 'Issuing agency of that report (null when the report names none, or its file failed to parse).';
comment on column dq_findings.year is 'Reporting year of that report (null when unknown).';
comment on column dq_findings.rule is 'Stable rule id (row_sum, column_sum, balance, appeal_total, completeness_cell, cross_year_carry, parse_failed, …); dq_rules.rule.';
comment on column dq_findings.severity is 'error = a broken identity, an impossible value or an unparsed file; warning = an implausibility worth a look.';
comment on column dq_findings.concern is 'The family of rules (one Dagster asset check and one GX suite per concern).';
comment on column dq_findings.location is 'Contract path of the cell, row, group or table concerned, e.g. appeals.administrative_review.total; report or file for the whole report.';
comment on column dq_findings.label_zh is 'Label path of that place in the template, e.g. 表四 行政复议 · 总计 (v_locations.label_zh).';
comment on column dq_findings.label_en is 'English label path, e.g. Table 4 Administrative review · Total.';
comment on column dq_findings.expected is 'The value the rule expected (e.g. the sum of the parts); null when the rule has no single expected number.';
comment on column dq_findings.actual is 'The value the report printed; null when the cell is empty.';
comment on column dq_findings.printed_value is 'actual as text, as a reader would write it (0, 1, 2.5); null when empty.';
comment on column dq_findings.expected_value is 'expected as text; null when the rule has no single expected number.';
comment on column dq_findings.message_zh is 'What is wrong, in Chinese, in words a reader of the report can act on.';
comment on column dq_findings.message_en is 'What is wrong, in English.';
comment on column dq_findings.source_name is 'File name of the report (reports.source_name).';
comment on column dq_findings.source_url is 'URL the report was downloaded from (reports.source_url); null for files dropped in by hand.';
comment on column dq_findings.source_where is 'Where in the file: the cell''s provenance (line 386, table 3 row 5 col 2, page 2 line 14), the sentence''s for a prose figure, the first cell''s for a row or table; null when not printed.';
