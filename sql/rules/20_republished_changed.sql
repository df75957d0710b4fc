-- rule: republished_changed
-- severity: warning
-- concern: duplicates
-- requires: reports
-- description_en: A report re-published (or published twice) for the same agency and year keeps its numbers; a changed number after publication is worth a look (发布后有变动).
-- description_zh: 同一机关同一年度重新发布（或发布两次）的报告数字应保持不变；发布后有变动的数字值得核实。
-- message_en: {label} is {actual} in the current report but was {expected} in an earlier version for the same agency and year ({detail}).
-- message_zh: “{label}”在现行报告中为{actual}，但同一机关同一年度的早先版本中为{expected}（{detail}）。
with d as (
    select c.report_id, o.report_id as other_id, o.source_name
    from dq_reports c
    join dq_report_info o on o.agency_key = c.agency_key and o.year = c.year and o.report_id <> c.report_id
     and o.status = 'parsed' and not o.is_current
), oc as (
    -- cells of every report version, not only current ones
    select report_id, 'proactive' as section, item as row_key, measure as col_key, value::double as value
    from fact_proactive
    union all
    select report_id, 'applications', category, applicant_type, count::double from fact_applications
    union all
    select report_id, 'appeals', proceeding, outcome, count::double from fact_appeals
)
select d.report_id, c.section || '.' || c.row_key || '.' || c.col_key as location,
       o.value as expected, c.value as actual,
       'version ' || d.other_id || coalesce(', ' || d.source_name, '') as detail_en,
       '版本 ' || d.other_id || coalesce('，' || d.source_name, '') as detail_zh
from d
join dq_cells c on c.report_id = d.report_id
join oc o on o.report_id = d.other_id and o.section = c.section
 and o.row_key = c.row_key and o.col_key = c.col_key
where c.value is distinct from o.value
