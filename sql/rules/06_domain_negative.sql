-- rule: domain_negative
-- severity: error
-- concern: domain
-- description_en: Counts and the fee are never negative (the 2019 template's 本年增/减 may be).
-- description_zh: 件数和收费金额不能为负数（2019年模板的“本年增/减”除外）。
-- message_en: {label} is {actual}; a count or amount cannot be negative.
-- message_zh: “{label}”为{actual}；件数或金额不能为负数。
select report_id, section || '.' || row_key || '.' || col_key as location,
       0 as expected, value as actual
from dq_cells c
join dq_template t using (layout, section, row_key, col_key)
where value < 0 and not t.is_signed
