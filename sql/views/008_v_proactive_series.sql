-- Table 二 as one series from 2019: every current report's proactive cells with their template version.
create or replace view v_proactive_series as
select
    r.report_id,
    r.agency,
    coalesce(r.agency_canonical, r.agency) as agency_canonical,
    r.year,
    r.template_version,
    f.item,
    i.label_zh as item_label_zh,
    f.measure,
    m.label_zh as measure_label_zh,
    f.value,
    f.unit,
    f.raw_text,
    list_contains(m.template_versions, r.template_version) and list_contains(i.template_versions, r.template_version)
        as version_has_cell,
    exists (select 1 from dq_findings d where d.report_id = r.report_id and d.severity = 'error') as has_errors
from reports r
join fact_proactive f using (report_id)
join dim_proactive_item i using (item)
join dim_proactive_measure m using (measure)
where r.is_current;
comment on view v_proactive_series is 'Table 二 (主动公开) of every current report, long form, across both templates. A 2021 report has 本年制发件数/本年废止件数/现行有效件数 and 本年收费金额; a 2019 or 2020 report (trial template) has 本年新制作数量/本年新公开数量/对外公开总数量, 上一年项目数量/本年增/减, 其他对外管理服务事项 and 政府集中采购 instead. Both have 处理决定数量 (decisions) of 行政许可, 行政处罚 and 行政强制: the one measure that is a series from 2019.';
comment on column v_proactive_series.report_id is 'Current report version; reports.report_id.';
comment on column v_proactive_series.agency is 'Issuing agency as the title prints it.';
comment on column v_proactive_series.agency_canonical is 'The agency''s identity across years and name forms (reports.agency_canonical).';
comment on column v_proactive_series.year is 'Reporting year.';
comment on column v_proactive_series.template_version is '2021 (国办公开办函〔2021〕30号) or 2019 (trial format of 〔2019〕60号).';
comment on column v_proactive_series.item is 'Row of table 二; dim_proactive_item.item.';
comment on column v_proactive_series.item_label_zh is 'Chinese label of the row.';
comment on column v_proactive_series.measure is 'Column of table 二; dim_proactive_measure.measure.';
comment on column v_proactive_series.measure_label_zh is 'Chinese label of the column.';
comment on column v_proactive_series.value is 'Value as printed; null when printed empty, or when version_has_cell is false: that template has no such cell (not a publisher''s omission).';
comment on column v_proactive_series.unit is 'Unit printed in the cell (元, 万元, 件), if any.';
comment on column v_proactive_series.raw_text is 'The cell text exactly as printed.';
comment on column v_proactive_series.version_has_cell is 'Whether the report''s template version has this cell at all; false rows are null by design.';
comment on column v_proactive_series.has_errors is 'The report has at least one error finding (a broken identity): exclude it from rates if you need consistent totals.';
