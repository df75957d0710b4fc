-- rule: domain_non_integer
-- severity: error
-- concern: domain
-- description_en: Counts are whole numbers (only the fee, in 10k yuan, is a decimal).
-- description_zh: 件数必须是整数（只有以万元计的收费金额可以有小数）。
-- message_en: {label} is {actual}; a count of applications or documents must be a whole number.
-- message_zh: “{label}”为{actual}；申请或文件的件数必须是整数。
select c.report_id, c.section || '.' || c.row_key || '.' || c.col_key as location,
       round(c.value) as expected, c.value as actual
from dq_cells c
join dq_template t using (layout, section, row_key, col_key)
where not t.is_decimal and c.value <> floor(c.value)
