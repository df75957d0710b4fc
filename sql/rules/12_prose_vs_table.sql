-- rule: prose_vs_table
-- severity: warning
-- concern: prose_vs_table
-- requires: narrative_figures
-- description_en: A figure stated in the prose agrees with the table (scope 'handled' may mean new_received + carried_over or total_handled).
-- description_zh: 正文中写明的数字与表格一致（“办理”既可指本年新收 + 上年结转，也可指办理结果总计）。
-- message_en: The prose states {actual} for {label} but the table gives {expected}: “{detail}”.
-- message_zh: 正文写“{label}”为{actual}，但表格为{expected}：“{detail}”。
-- source_where is where the sentence is, not the cell.
with n as (
    select row_number() over () as nid, n.*
    from narrative_figures n semi join dq_reports r using (report_id)
    where n.value is not null
), cand as (
    -- the table's value at the figure's location, and for 'handled' also new + carried over
    select n.nid, v.value as table_value, true as at_location
    from n join dq_values v using (report_id, location)
    union all
    select n.nid, h.new_received + h.carried_over, false
    from n join dq_headline h using (report_id)
    where n.scope = 'handled'
)
select n.report_id, n.location,
       min(c.table_value) filter (where c.at_location) as expected, n.value as actual,
       n.text as detail, n.source_where
from n join cand c using (nid)
group by n.nid, n.report_id, n.location, n.value, n.text, n.source_where
having count(*) filter (where c.at_location) > 0
   and count(c.table_value) = count(*)
   and not bool_or(abs(c.table_value - n.value) <= 1e-6)
