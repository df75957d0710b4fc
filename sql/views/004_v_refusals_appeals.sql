-- The mix of refusal reasons and the correction rates of review and litigation.
create or replace view v_refusal_reasons as
select
    r.report_id, r.agency, r.year,
    f.category as reason,
    c.parent as reason_group,
    c.label_zh, c.label_en, c.sort_order,
    f.count,
    f.count / nullif(sum(f.count) over (partition by r.report_id, c.parent), 0) as share_of_group
from reports r
join fact_applications f using (report_id)
join dim_application_category c on c.category = f.category
where r.is_current and f.applicant_type = 'total' and c.parent in ('denied', 'unavailable', 'not_processed', 'other');
comment on view v_refusal_reasons is 'Per current report: every non-disclosure reason (不予公开, 无法提供, 不予处理, 其他处理 rows; 总计 column) with its share of its group.';

create or replace view v_appeal_correction_rates as
with wide as (
    select
        r.report_id, r.agency, r.year, f.proceeding,
        max(f.count) filter (where f.outcome = 'upheld') as upheld,
        max(f.count) filter (where f.outcome = 'corrected') as corrected,
        max(f.count) filter (where f.outcome = 'other') as other,
        max(f.count) filter (where f.outcome = 'pending') as pending,
        max(f.count) filter (where f.outcome = 'total') as total
    from reports r
    join fact_appeals f using (report_id)
    where r.is_current
    group by r.report_id, r.agency, r.year, f.proceeding
)
select
    w.*, p.label_zh, p.sort_order,
    w.total - w.pending as decided,
    w.corrected / nullif(w.total - w.pending, 0) as correction_rate
from wide w
join dim_appeal_proceeding p using (proceeding);
comment on view v_appeal_correction_rates is 'Per current report and proceeding (review, direct litigation, litigation after review): counts and correction_rate = corrected / (total - pending), null when nothing was decided.';
