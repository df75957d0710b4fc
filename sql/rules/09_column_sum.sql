-- rule: column_sum
-- severity: error
-- concern: column_sum
-- description_en: Per column of table 三, （七）总计 (total_handled) = the sum of the outcome rows (（一）…（六）).
-- description_zh: 表三每一列：（七）总计 = （一）至（六）各办理结果行之和。
-- message_en: {label} is {actual} but the outcome rows above it add up to {expected}.
-- message_zh: “{label}”填报为{actual}，但其上各办理结果行之和为{expected}。
-- Only columns where every outcome row and the total are printed are checked.
select c.report_id, 'applications.total_handled.' || c.col_key as location,
       sum(c.value) filter (where t.is_outcome) as expected,
       max(c.value) filter (where c.row_key = 'total_handled') as actual
from dq_cells c
join dq_template t using (layout, section, row_key, col_key)
where c.section = 'applications'
group by c.report_id, c.col_key
having count(*) filter (where t.is_outcome) > 0
   and count(*) filter (where t.is_outcome and c.value is null) = 0
   and count(c.value) filter (where c.row_key = 'total_handled') = 1
   and abs(expected - actual) > 1e-6
