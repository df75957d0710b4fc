-- rule: balance
-- severity: error
-- concern: balance
-- description_en: The template's 勾稽关系 per column of table 三: new_received + carried_over = total_handled + carried_forward.
-- description_zh: 表三每一列的勾稽关系：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理。
-- message_en: {label} is {actual} but new_received + carried_over − total_handled gives {expected} (勾稽关系).
-- message_zh: “{label}”填报为{actual}，但按勾稽关系（本年新收 + 上年结转 − 总计）应为{expected}。
with c as (
    select report_id, col_key,
           max(value) filter (where row_key = 'new_received') as nr,
           max(value) filter (where row_key = 'carried_over') as co,
           max(value) filter (where row_key = 'total_handled') as th,
           max(value) filter (where row_key = 'carried_forward') as cf
    from dq_cells
    where section = 'applications'
      and row_key in ('new_received', 'carried_over', 'total_handled', 'carried_forward')
    group by report_id, col_key
)
select report_id, 'applications.carried_forward.' || col_key as location,
       nr + co - th as expected, cf as actual
from c
where nr is not null and co is not null and th is not null and cf is not null
  and abs(nr + co - th - cf) > 1e-6
