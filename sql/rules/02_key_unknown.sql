-- rule: key_unknown
-- severity: error
-- concern: keys
-- description_en: Every row and column key of the fact tables is a member of its template dimension (dim_* tables).
-- description_zh: 事实表的每个行、列代码都属于模板维度表（dim_*）中的成员。
-- message_en: {location}: '{detail}' is not a row or column of the template; the figure cannot be placed.
-- message_zh: {location}：“{detail}”不是模板中的行或列，该数字无法归位。
with accepted as (
    select 'proactive' as section, 'row' as axis, item as key from dim_proactive_item
    union all select 'proactive', 'col', measure from dim_proactive_measure
    union all select 'applications', 'row', category from dim_application_category
    union all select 'applications', 'col', applicant_type from dim_applicant_type
    union all select 'appeals', 'row', proceeding from dim_appeal_proceeding
    union all select 'appeals', 'col', outcome from dim_appeal_outcome
), keys as (
    select distinct section, row_key, col_key from dq_cells
), unknown as (
    select k.*, r.key is null as bad_row
    from keys k
    left join accepted r on r.section = k.section and r.axis = 'row' and r.key = k.row_key
    left join accepted c on c.section = k.section and c.axis = 'col' and c.key = k.col_key
    where r.key is null or c.key is null
)
select c.report_id, c.section || '.' || c.row_key || '.' || c.col_key as location,
       null::double as expected, c.value as actual,
       case when u.bad_row then c.row_key else c.col_key end as detail
from dq_cells c join unknown u using (section, row_key, col_key)
