-- rule: appeal_total
-- severity: error
-- concern: appeal_total
-- description_en: Per row of table 四, 总计 (total) = upheld + corrected + other + pending.
-- description_zh: 表四每一类：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。
-- message_en: {label} is {actual} but its four outcomes add up to {expected}.
-- message_zh: “{label}”填报为{actual}，但四项结果之和为{expected}。
-- Only rows where every outcome and the total are printed are checked.
select c.report_id, 'appeals.' || c.row_key || '.total' as location,
       sum(c.value) filter (where c.col_key <> 'total') as expected,
       max(c.value) filter (where c.col_key = 'total') as actual
from dq_cells c
semi join dq_template t using (layout, section, row_key, col_key)
where c.section = 'appeals'
group by c.report_id, c.row_key
having count(*) filter (where c.col_key <> 'total' and c.value is null) = 0
   and count(c.value) filter (where c.col_key = 'total') = 1
   and abs(expected - actual) > 1e-6
