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
    other / nullif(total_handled, 0) as other_share
from grouped;
comment on view v_application_outcomes is 'Per current report: outcome groups of table 三 (总计 column; groups are sums of their printed rows) and each as a share of total_handled (null when total_handled is null or 0).';

create or replace view v_disclosure_rate as
select
    report_id, agency, year, total_handled, granted, partially_granted,
    granted / nullif(total_handled, 0) as granted_rate,
    (granted + partially_granted) / nullif(total_handled, 0) as granted_or_partial_rate
from v_application_outcomes;
comment on view v_disclosure_rate is 'Per current report: 予以公开率 = granted / total_handled and (予以公开+部分公开) / total_handled; null when the denominator is null or 0.';
