-- rule: completeness_row
-- severity: warning
-- concern: completeness
-- description_en: Every template row is printed; a row omitted or printed all empty is named once.
-- description_zh: 模板的每一行都应填报；整行缺失或整行留空时提示一次。
-- message_en: {label}: {detail}; the template requires a number in every cell (0 when nothing happened).
-- message_zh: “{label}”：{detail}；模板要求每个单元格都填数字（没有发生时填0）。
select n.report_id, n.section || '.' || n.row_key as location,
       null::double as expected, null::double as actual,
       case when bool_or(w.code is not null) then 'the report omits this row'
            else 'every cell of this row is printed empty' end as detail_en,
       case when bool_or(w.code is not null) then '报告缺少这一行'
            else '这一行的单元格全部为空' end as detail_zh
from dq_null_cells n
join dq_template_rows t using (layout, section, row_key)
left join (select report_id, location, code from dq_parse_warnings where code = 'row_not_found') w
  on w.report_id = n.report_id and w.location = n.section || '.' || n.row_key
group by n.report_id, n.layout, n.section, n.row_key, t.row_width
having count(distinct n.col_key) = t.row_width
