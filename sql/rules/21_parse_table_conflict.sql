-- rule: parse_table_conflict
-- severity: error
-- concern: parse
-- description_en: The parser found two tables (or copies of a table) that disagree.
-- description_zh: 解析时发现两张表（或同一表格的两份副本）互相矛盾。
-- message_en: {label}: {detail}
-- message_zh: “{label}”：{detail}
select report_id, coalesce(location, 'report') as location,
       null::double as expected, null::double as actual, message as detail
from dq_parse_warnings
where code in ('table_conflict')
