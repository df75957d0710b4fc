-- rule: duplicate_report
-- severity: error
-- concern: duplicates
-- description_en: One agency and year has one current report; two with different numbers contradict each other.
-- description_zh: 同一机关同一年度只有一份现行报告；两份数字不同的报告相互矛盾。
-- message_en: {label} is {actual} here but {expected} in another current report for the same agency and year ({detail}).
-- message_zh: “{label}”在本报告中为{actual}，但同一机关同一年度的另一份现行报告中为{expected}（{detail}）。
with d as (
    select a.report_id, b.report_id as other_id
    from dq_reports a
    join dq_reports b on a.agency_key = b.agency_key and a.year = b.year and a.report_id <> b.report_id
), dc as (
    select * from dq_cells semi join d using (report_id)
)
select d.report_id, c.section || '.' || c.row_key || '.' || c.col_key as location,
       o.value as expected, c.value as actual,
       'report ' || d.other_id as detail_en, '报告 ' || d.other_id as detail_zh
from d
join dc c on c.report_id = d.report_id
join dc o on o.report_id = d.other_id and o.section = c.section
 and o.row_key = c.row_key and o.col_key = c.col_key
where c.value is distinct from o.value
