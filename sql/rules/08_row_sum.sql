-- rule: row_sum
-- severity: error
-- concern: row_sum
-- description_en: Per row of table 三, 总计 (total) = the sum of the six applicant columns.
-- description_zh: 表三每一行：总计 = 六类申请人之和。
-- message_en: {label} is {actual} but the six applicant columns add up to {expected}.
-- message_zh: “{label}”填报为{actual}，但六类申请人之和为{expected}。
-- Only rows where every part and the total are printed are checked (a blank is completeness's).
select c.report_id, 'applications.' || c.row_key || '.total' as location,
       sum(c.value) filter (where c.col_key <> 'total') as expected,
       max(c.value) filter (where c.col_key = 'total') as actual
from dq_cells c
semi join dq_template t using (layout, section, row_key, col_key)
where c.section = 'applications'
group by c.report_id, c.row_key
having count(*) filter (where c.col_key <> 'total' and c.value is null) = 0
   and count(c.value) filter (where c.col_key = 'total') = 1
   and abs(expected - actual) > 1e-6
