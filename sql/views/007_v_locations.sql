-- v_locations: every contract path (cell, row, group, table) with its label path in Chinese and English,
-- built from the template dimension tables (label_zh, label_en, ordinal, parent), so a finding on
-- appeals.administrative_review.total reads 表四 行政复议 · 总计.
create or replace view v_locations as
with tables (section, table_zh, table_en, table_sort) as (
    values ('proactive', '表二', 'Table 2', 2),
           ('applications', '表三', 'Table 3', 3),
           ('appeals', '表四', 'Table 4', 4)
), app_rows as (
    -- a row under a numbered group (（三）不予公开 1.属于国家秘密) carries the group's label too
    select c.category as row_key, c.sort_order,
           concat_ws(' ', case when p.parent is not null then coalesce(p.ordinal, '') || p.label_zh end,
                     coalesce(c.ordinal, '') || c.label_zh) as zh,
           concat_ws(' ', case when p.parent is not null then p.label_en end, c.label_en) as en
    from dim_application_category c
    left join dim_application_category p on p.category = c.parent
), row_labels as (
    select 'proactive' as section, item as row_key, sort_order, label_zh as zh, label_en as en
    from dim_proactive_item
    union all
    select 'applications', row_key, sort_order, zh, en from app_rows
    union all
    select 'appeals', proceeding, sort_order, label_zh, label_en from dim_appeal_proceeding
), col_labels as (
    select 'proactive' as section, i.item as row_key, m.measure as col_key, m.sort_order,
           m.label_zh as zh, m.label_en as en
    from (select item, unnest(measures) as measure from dim_proactive_item) i
    join dim_proactive_measure m using (measure)
    union all
    select 'applications', c.category, a.applicant_type, a.sort_order, a.label_zh, a.label_en
    from dim_application_category c cross join dim_applicant_type a
    union all
    select 'appeals', p.proceeding, o.outcome, o.sort_order, o.label_zh, o.label_en
    from dim_appeal_proceeding p cross join dim_appeal_outcome o
)
select section, null::varchar as row_key, null::varchar as col_key, section as location,
       table_zh as label_zh, table_en as label_en, table_sort * 1000000 as sort_order
from tables
union all
select r.section, r.row_key, null, r.section || '.' || r.row_key,
       t.table_zh || ' ' || r.zh, t.table_en || ' ' || r.en, t.table_sort * 1000000 + r.sort_order * 1000
from row_labels r join tables t using (section)
union all
select c.section, c.row_key, c.col_key, c.section || '.' || c.row_key || '.' || c.col_key,
       t.table_zh || ' ' || r.zh || ' · ' || c.zh, t.table_en || ' ' || r.en || ' · ' || c.en,
       t.table_sort * 1000000 + r.sort_order * 1000 + c.sort_order
from col_labels c join row_labels r using (section, row_key) join tables t using (section)
union all
-- findings about a whole report or file rather than a cell
select null, null, null, location, label_zh, label_en, sort_order
from (values ('report', '报告', 'Report', 0), ('file', '文件', 'File', 0)) as w(location, label_zh, label_en, sort_order);

comment on view v_locations is 'Every contract path (table, row, group, cell) of the template with its label path: appeals.administrative_review.total = 表四 行政复议 · 总计 / Table 4 Administrative review · Total. Built from the dim_* tables.';
comment on column v_locations.section is 'proactive (表二), applications (表三) or appeals (表四); null for report and file.';
comment on column v_locations.row_key is 'Row key within the section (item, category or proceeding); null for a whole table.';
comment on column v_locations.col_key is 'Column key (measure, applicant type or outcome); null for a row or table.';
comment on column v_locations.location is 'Contract path as in dq_findings.location and narrative_figures.location.';
comment on column v_locations.label_zh is 'Chinese label path: table, row (with its numbered group) and column, e.g. 表三 （七）总计 · 自然人.';
comment on column v_locations.label_en is 'English label path, e.g. Table 3 Total handled · Natural person.';
comment on column v_locations.sort_order is 'Order of the template: table, then row, then column.';
