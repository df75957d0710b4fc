-- rule: parse_warning
-- severity: warning
-- concern: parse
-- description_en: Anything else the parser was unsure about (e.g. row_cells_mismatch): check the source.
-- description_zh: 解析时其他不确定的情况（如某行单元格数目不符）：请核对原文。
-- message_en: {label}: {detail}
-- message_zh: “{label}”：{detail}
-- row_not_found and non_integer are reported by completeness and domain, table_conflict by parse_table_conflict;
-- columns_by_header and transposed_table only say how the table was laid out (read exactly, nothing unsure).
select report_id, coalesce(location, 'report') as location,
       null::double as expected, null::double as actual, code || ': ' || message as detail
from dq_parse_warnings
where code not in ('table_conflict', 'row_not_found', 'non_integer', 'columns_by_header', 'transposed_table')
