-- Outcome groups, their shares of total_handled, and the disclosure rates analysts quote.
create or replace view v_application_outcomes as
with totals as (
    select
        r.report_id, r.agency, r.year,
        f.category, c.parent, f.count
    from reports r
    join fact_applications f using (report_id)
    join dim_application_category c on c.category = f.category
    where r.is_current and f.applicant_type = 'total'
),
grouped as (
    select
        report_id, agency, year,
        max(count) filter (where category = 'total_handled') as total_handled,
        max(count) filter (where category = 'granted') as granted,
        max(count) filter (where category = 'partially_granted') as partially_granted,
        sum(count) filter (where parent = 'denied') as denied,
        sum(count) filter (where parent = 'unavailable') as unavailable,
        sum(count) filter (where parent = 'not_processed') as not_processed,
        sum(count) filter (where parent = 'other') as other
    from totals
    group by report_id, agency, year
)
select
    *,
    granted / nullif(total_handled, 0) as granted_share,
    partially_granted / nullif(total_handled, 0) as partially_granted_share,
    denied / nullif(total_handled, 0) as denied_share,
    unavailable / nullif(total_handled, 0) as unavailable_share,
    not_processed / nullif(total_handled, 0) as not_processed_share,
    other / nullif(total_handled, 0) as other_share,
    exists (select 1 from dq_findings d where d.report_id = grouped.report_id and d.severity = 'error') as has_errors
from grouped;
comment on view v_application_outcomes is 'Per current report: outcome groups of table 三 (总计 column; groups are sums of their printed rows) and each as a share of total_handled (null when total_handled is null or 0).';
comment on column v_application_outcomes.report_id is 'Current report version; reports.report_id.';
comment on column v_application_outcomes.agency is 'Issuing agency as printed.';
comment on column v_application_outcomes.year is 'Reporting year.';
comment on column v_application_outcomes.total_handled is '（七）总计: applications handled this year, as printed.';
comment on column v_application_outcomes.granted is '（一）予以公开: granted in full.';
comment on column v_application_outcomes.partially_granted is '（二）部分公开: granted in part.';
comment on column v_application_outcomes.denied is '（三）不予公开: sum of its 8 printed reason rows.';
comment on column v_application_outcomes.unavailable is '（四）无法提供: sum of its 3 printed reason rows.';
comment on column v_application_outcomes.not_processed is '（五）不予处理: sum of its 5 printed reason rows.';
comment on column v_application_outcomes.other is '（六）其他处理: sum of its printed rows.';
comment on column v_application_outcomes.granted_share is 'granted / total_handled; null when total_handled is null or 0.';
comment on column v_application_outcomes.partially_granted_share is 'partially_granted / total_handled.';
comment on column v_application_outcomes.denied_share is 'denied / total_handled.';
comment on column v_application_outcomes.unavailable_share is 'unavailable / total_handled.';
comment on column v_application_outcomes.not_processed_share is 'not_processed / total_handled.';
comment on column v_application_outcomes.other_share is 'other / total_handled.';
comment on column v_application_outcomes.has_errors is 'True when the report has an error finding (e.g. total_handled is not the sum of the outcome rows): shares of such a report do not add up.';

create or replace view v_disclosure_rate as
select
    report_id, agency, year, total_handled, granted, partially_granted,
    granted / nullif(total_handled, 0) as granted_rate,
    (granted + partially_granted) / nullif(total_handled, 0) as granted_or_partial_rate,
    has_errors
from v_application_outcomes;
comment on view v_disclosure_rate is 'Per current report: 予以公开率 = granted / total_handled and (予以公开+部分公开) / total_handled; null when the denominator is null or 0. Filter on has_errors = false for rates over reports whose identities hold.';
comment on column v_disclosure_rate.report_id is 'Current report version; reports.report_id.';
comment on column v_disclosure_rate.agency is 'Issuing agency as printed.';
comment on column v_disclosure_rate.year is 'Reporting year.';
comment on column v_disclosure_rate.total_handled is '（七）总计: applications handled this year, as printed.';
comment on column v_disclosure_rate.granted is '（一）予以公开: granted in full.';
comment on column v_disclosure_rate.partially_granted is '（二）部分公开: granted in part.';
comment on column v_disclosure_rate.granted_rate is 'granted / total_handled (予以公开率); null when total_handled is null or 0.';
comment on column v_disclosure_rate.granted_or_partial_rate is '(granted + partially_granted) / total_handled; null when total_handled is null or 0.';
comment on column v_disclosure_rate.has_errors is 'True when the report has an error finding: its printed total may not be the true denominator.';
