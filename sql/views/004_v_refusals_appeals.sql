-- The mix of refusal reasons and the correction rates of review and litigation.
create or replace view v_refusal_reasons as
select
    r.report_id, r.agency, r.year,
    f.category as reason,
    c.parent as reason_group,
    c.label_zh, c.label_en, c.sort_order,
    f.count,
    f.count / nullif(sum(f.count) over (partition by r.report_id, c.parent), 0) as share_of_group,
    exists (select 1 from dq_findings d where d.report_id = r.report_id and d.severity = 'error') as has_errors
from reports r
join fact_applications f using (report_id)
join dim_application_category c on c.category = f.category
where r.is_current and f.applicant_type = 'total' and c.parent in ('denied', 'unavailable', 'not_processed', 'other');
comment on view v_refusal_reasons is 'Per current report: every non-disclosure reason (不予公开, 无法提供, 不予处理, 其他处理 rows; 总计 column) with its share of its group.';
comment on column v_refusal_reasons.report_id is 'Current report version; reports.report_id.';
comment on column v_refusal_reasons.agency is 'Issuing agency as printed.';
comment on column v_refusal_reasons.year is 'Reporting year.';
comment on column v_refusal_reasons.reason is 'Row key of the reason, e.g. denied.third_party_rights; dim_application_category.category.';
comment on column v_refusal_reasons.reason_group is 'Its group: denied (不予公开), unavailable (无法提供), not_processed (不予处理) or other (其他处理).';
comment on column v_refusal_reasons.label_zh is 'Chinese label of the reason as in the template.';
comment on column v_refusal_reasons.label_en is 'English label of the reason.';
comment on column v_refusal_reasons.sort_order is 'Position of the row in the printed template.';
comment on column v_refusal_reasons.count is 'Applications with this outcome (总计 column), as printed; null = printed empty.';
comment on column v_refusal_reasons.share_of_group is 'count / the sum of the printed counts of its group in this report; null when the group sums to 0.';
comment on column v_refusal_reasons.has_errors is 'True when the report has an error finding (dq_findings).';

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
    w.corrected / nullif(w.total - w.pending, 0) as correction_rate,
    exists (select 1 from dq_findings d where d.report_id = w.report_id and d.severity = 'error') as has_errors
from wide w
join dim_appeal_proceeding p using (proceeding);
comment on view v_appeal_correction_rates is 'Per current report and proceeding (review, direct litigation, litigation after review): counts and correction_rate = corrected / (total - pending), null when nothing was decided. A printed total that is not the sum of its outcomes (has_errors) makes the rate wrong: exclude such reports.';
comment on column v_appeal_correction_rates.report_id is 'Current report version; reports.report_id.';
comment on column v_appeal_correction_rates.agency is 'Issuing agency as printed.';
comment on column v_appeal_correction_rates.year is 'Reporting year.';
comment on column v_appeal_correction_rates.proceeding is 'administrative_review (行政复议), litigation_direct (未经复议直接起诉) or litigation_after_review (复议后起诉).';
comment on column v_appeal_correction_rates.upheld is '结果维持: cases in which the agency''s decision was upheld.';
comment on column v_appeal_correction_rates.corrected is '结果纠正: cases in which it was corrected.';
comment on column v_appeal_correction_rates.other is '其他结果: other results.';
comment on column v_appeal_correction_rates.pending is '尚未审结: cases not yet decided.';
comment on column v_appeal_correction_rates.total is '总计 as printed (not recomputed from the outcomes).';
comment on column v_appeal_correction_rates.label_zh is 'Chinese label of the proceeding.';
comment on column v_appeal_correction_rates.sort_order is 'Position of the proceeding in the printed template.';
comment on column v_appeal_correction_rates.decided is 'total - pending: cases decided this year.';
comment on column v_appeal_correction_rates.correction_rate is 'corrected / decided; null when nothing was decided.';
comment on column v_appeal_correction_rates.has_errors is 'True when the report has an error finding, e.g. a 总计 that is not upheld + corrected + other + pending.';
