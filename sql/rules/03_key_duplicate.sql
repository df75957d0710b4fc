-- rule: key_duplicate
-- severity: error
-- concern: keys
-- description_en: Each cell of a report (report, row, column) is stored once.
-- description_zh: 每份报告的每个单元格（报告、行、列）只存储一次。
-- message_en: {label} is stored {actual} times (expected {expected}); sums over the table would count it more than once.
-- message_zh: “{label}”存储了{actual}次（应为{expected}次），对表格求和会重复计算。
-- Grouping on one hash of the key is twice as fast as on its four columns; the few candidates it
-- yields are then counted by the key itself (a hash collision is not a duplicate).
with candidates as (
    select hash(report_id, section, row_key, col_key) as h
    from dq_cells
    group by h
    having count(*) > 1
)
select report_id, section || '.' || row_key || '.' || col_key as location,
       1 as expected, count(*) as actual
from dq_cells
where hash(report_id, section, row_key, col_key) in (select h from candidates)
group by report_id, section, row_key, col_key
having count(*) > 1
