-- rule: cross_year_in_force
-- severity: warning
-- concern: cross_year
-- description_en: Documents in force (table 二) move by issued − repealed from the previous year's count.
-- description_zh: 表二现行有效件数 = 上一年度现行有效件数 + 本年制发 − 本年废止。
-- message_en: {label} is {actual} but last year's in_force + issued − repealed gives {expected}.
-- message_zh: “{label}”填报为{actual}，但上一年度现行有效件数 + 本年制发 − 本年废止为{expected}。
with s as (
    select report_id, row_key,
           max(value) filter (where col_key = 'issued') as issued,
           max(value) filter (where col_key = 'repealed') as repealed,
           max(value) filter (where col_key = 'in_force') as in_force
    from dq_cells
    where section = 'proactive' and col_key in ('issued', 'repealed', 'in_force')
    group by report_id, row_key
)
select s.report_id, 'proactive.' || s.row_key || '.in_force' as location,
       ps.in_force + s.issued - s.repealed as expected, s.in_force as actual
from s
join dq_reports r using (report_id)
join dq_reports p on p.agency_key = r.agency_key and p.year = r.year - 1
join s ps on ps.report_id = p.report_id and ps.row_key = s.row_key
where abs(ps.in_force + s.issued - s.repealed - s.in_force) > 1e-6
