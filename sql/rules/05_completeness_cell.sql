-- rule: completeness_cell
-- severity: warning
-- concern: completeness
-- description_en: Every template cell is printed; an empty cell in an otherwise printed row is named.
-- description_zh: 模板的每个单元格都应填报；其余已填的行中的空单元格逐一提示。
-- message_en: {label} is printed empty; the template requires a number (0 when nothing happened).
-- message_zh: “{label}”为空；模板要求填数字（没有发生时填0）。
select n.report_id, n.section || '.' || n.row_key || '.' || n.col_key as location,
       null::double as expected, null::double as actual
from dq_null_cells n
where exists (select 1 from dq_cells c
              where c.report_id = n.report_id and c.section = n.section
                and c.row_key = n.row_key and c.value is not null)
