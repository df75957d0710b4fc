-- rule: cross_year_carry
-- severity: error
-- concern: cross_year
-- description_en: Last year's carried_forward (same agency) = this year's carried_over, per column of table 三.
-- description_zh: 表三每一列：同一机关上一年度的“结转下年度继续办理” = 本年度的“上年结转”。
-- message_en: {label} is {actual} but the same agency's report for the previous year carried forward {expected}.
-- message_zh: “{label}”填报为{actual}，但同一机关上一年度报告的结转下年度数为{expected}。
select c.report_id, 'applications.carried_over.' || c.col_key as location,
       pc.value as expected, c.value as actual
from dq_cells c
join dq_reports r using (report_id)
join dq_reports p on p.agency_key = r.agency_key and p.year = r.year - 1
join dq_cells pc on pc.report_id = p.report_id and pc.section = 'applications'
 and pc.row_key = 'carried_forward' and pc.col_key = c.col_key
where c.section = 'applications' and c.row_key = 'carried_over'
  and c.value is not null and pc.value is not null and abs(c.value - pc.value) > 1e-6
