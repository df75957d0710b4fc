-- Prose figures next to the table value they describe: a cell (applications.granted.total), a group of
-- rows (applications.denied = the sum of its reasons), a proactive cell, or all of table 四 (appeals).
with cells as (
    select report_id, 'applications.' || category || '.' || applicant_type as location, count as value
    from current_fact_applications
    union all
    select report_id, 'proactive.' || item || '.' || measure, value from current_fact_proactive
    union all
    select report_id, 'appeals.' || proceeding || '.' || outcome, count from current_fact_appeals
), grouped as (
    -- a group's value is the sum of its rows' 总计, when every one of them is printed
    select f.report_id, 'applications.' || c.parent as location,
           case when count(f.count) = count(*) then sum(f.count) end as value
    from current_fact_applications f join dim_application_category c using (category)
    where f.applicant_type = 'total' and c.parent is not null and c.kind = 'row'
    group by f.report_id, c.parent
    union all
    select report_id, 'appeals', case when count(count) = count(*) then sum(count) end
    from current_fact_appeals where outcome = 'total'
    group by report_id
), table_values as (
    select * from cells union all select * from grouped
)
select n.agency, n.year, n.location, n.scope, n.value as prose_value, t.value as table_value,
       n.value is not distinct from t.value as agrees, n.text, n.source_where
from current_narrative_figures n
left join table_values t on t.report_id = n.report_id and t.location = n.location
order by n.agency, n.location;
