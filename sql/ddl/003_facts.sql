-- Facts: the three template tables in long format, values exactly as printed (null = printed empty or row omitted).
-- Each (report_id, row, column) appears once. That is kept by the loader (delete + insert of a report's
-- rows in one transaction) and verified by the asset check `warehouse_keys_unique`, not by a primary
-- key: DuckDB holds key indexes in memory, which at 100,000 reports (17.5 M cells) costs gigabytes.
create table if not exists fact_proactive (
    report_id    varchar not null,
    agency       varchar,
    year         integer,
    item         varchar not null,
    measure      varchar not null,
    value        double,
    raw_text     varchar,
    source_where varchar
);
comment on table fact_proactive is 'Table 二 (主动公开政府信息情况): one row per item and measure of each report version. Null means printed empty or omitted, never zero. ALL VERSIONS: a re-published report keeps its superseded rows here; for figures use current_fact_proactive (current versions only), or join reports with is_current.';
comment on column fact_proactive.report_id is 'Report version the value comes from; reports.report_id.';
comment on column fact_proactive.agency is 'Agency (copied from reports for convenience).';
comment on column fact_proactive.year is 'Reporting year (copied from reports).';
comment on column fact_proactive.item is 'Contract key of the row; dim_proactive_item.item.';
comment on column fact_proactive.measure is 'Contract key of the column; dim_proactive_measure.measure.';
comment on column fact_proactive.value is 'Value as printed: a count, or 10k yuan for administrative_fees.amount_10k_yuan; null if empty.';
comment on column fact_proactive.raw_text is 'The cell text exactly as the document printed it.';
comment on column fact_proactive.source_where is 'Where in the document the cell was found (line 57, table 2 row 3 col 4, page 2).';
alter table fact_proactive add column if not exists unit varchar;
comment on column fact_proactive.unit is 'Unit the cell printed after its number (元, 万元, 件), else null. The 2019 template''s 政府集中采购 采购总金额 has no unit of its own: value is the number as printed in this unit (raw_text shows it, e.g. 147230元).';

create table if not exists fact_applications (
    report_id      varchar not null,
    agency         varchar,
    year           integer,
    category       varchar not null,
    applicant_type varchar not null,
    count          double,
    raw_text       varchar,
    source_where   varchar
);
comment on table fact_applications is 'Table 三 (收到和处理政府信息公开申请情况): 25 rows x 7 applicant columns per report version, counts as printed. Null means printed empty or omitted, never zero. ALL VERSIONS: a re-published report keeps its superseded rows here; for figures use current_fact_applications (current versions only), or join reports with is_current.';
comment on column fact_applications.report_id is 'Report version the count comes from; reports.report_id.';
comment on column fact_applications.agency is 'Agency (copied from reports for convenience).';
comment on column fact_applications.year is 'Reporting year (copied from reports).';
comment on column fact_applications.category is 'Contract key of the row, e.g. denied.third_party_rights; dim_application_category.category.';
comment on column fact_applications.applicant_type is 'Contract key of the column, total included; dim_applicant_type.applicant_type.';
comment on column fact_applications.count is 'Number of applications as printed (a fractional print is kept and warned about); null if empty.';
comment on column fact_applications.raw_text is 'The cell text exactly as the document printed it.';
comment on column fact_applications.source_where is 'Where in the document the cell was found.';

create table if not exists fact_appeals (
    report_id    varchar not null,
    agency       varchar,
    year         integer,
    proceeding   varchar not null,
    outcome      varchar not null,
    count        double,
    raw_text     varchar,
    source_where varchar
);
comment on table fact_appeals is 'Table 四 (行政复议、行政诉讼情况): 3 proceedings x 5 outcome columns per report version, counts as printed. ALL VERSIONS: a re-published report keeps its superseded rows here; for figures use current_fact_appeals (current versions only), or join reports with is_current.';
comment on column fact_appeals.report_id is 'Report version the count comes from; reports.report_id.';
comment on column fact_appeals.agency is 'Agency (copied from reports for convenience).';
comment on column fact_appeals.year is 'Reporting year (copied from reports).';
comment on column fact_appeals.proceeding is 'Contract key of the row; dim_appeal_proceeding.proceeding.';
comment on column fact_appeals.outcome is 'Contract key of the column, total included; dim_appeal_outcome.outcome.';
comment on column fact_appeals.count is 'Number of cases as printed; null if empty.';
comment on column fact_appeals.raw_text is 'The cell text exactly as the document printed it.';
comment on column fact_appeals.source_where is 'Where in the document the cell was found.';
