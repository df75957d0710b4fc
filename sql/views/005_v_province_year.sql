-- Totals by province and year over current reports (province as told from the agency name).
create or replace view v_totals_by_province_year as
select
    a.province,
    w.year,
    count(*) as reports,
    sum(w.new_received) as new_received,
    sum(w.total_handled) as total_handled,
    sum(w.granted) as granted,
    sum(w.partially_granted) as partially_granted,
    (sum(w.granted) + sum(w.partially_granted)) / nullif(sum(w.total_handled), 0) as granted_or_partial_rate,
    sum(ap.review_total) as review_total,
    sum(ap.litigation_total) as litigation_total
from v_applications_wide w
left join dim_agency a using (agency)
left join (
    select report_id,
           sum(count) filter (where proceeding = 'administrative_review') as review_total,
           sum(count) filter (where proceeding <> 'administrative_review') as litigation_total
    from fact_appeals where outcome = 'total'
    group by report_id
) ap using (report_id)
group by a.province, w.year;
comment on view v_totals_by_province_year is 'Sums over current reports per province and year; province is null where the agency name does not name one (see dim_agency).';
