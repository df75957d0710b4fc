-- rule: key_missing
-- severity: error
-- concern: keys
-- description_en: Every current report names its agency and year, and every fact row carries its report's agency and year.
-- description_zh: 每份现行报告都有机关和年度；每行事实数据的机关、年度与其报告一致。
-- message_en: {label}: {detail}; without them the figures cannot be attributed or compared.
-- message_zh: “{label}”：{detail}；缺少这些，数据无法归属到机关和年度，也无法比较。
select report_id, 'report' as location, null::double as expected, null::double as actual,
       case when agency is null and year is null then 'the report names neither agency nor year'
            when agency is null then 'the report names no agency'
            else 'the report names no year' end as detail_en,
       case when agency is null and year is null then '报告未写明机关和年度'
            when agency is null then '报告未写明机关'
            else '报告未写明年度' end as detail_zh
from dq_reports
where agency is null or year is null

union all

-- fact rows whose agency or year is missing or differs from their report's
select f.report_id, f.section, null, count(*),
       count(*) || ' fact row(s) with an agency or year that is missing or differs from the report''s',
       count(*) || ' 行数据的机关或年度缺失、或与报告不一致'
from (
    select report_id, 'proactive' as section, agency, year from fact_proactive
    union all
    select report_id, 'applications', agency, year from fact_applications
    union all
    select report_id, 'appeals', agency, year from fact_appeals
) f
join dq_reports r using (report_id)
where f.agency is distinct from r.agency or f.year is distinct from r.year
group by f.report_id, f.section
