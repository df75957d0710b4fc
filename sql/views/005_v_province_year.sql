-- Totals by province and year over current reports (province as told from the agency name).
create or replace view v_totals_by_province_year as
select
    a.province,
    w.year,
    count(*) as reports,
    count(*) filter (where w.has_errors) as reports_with_errors,
    sum(w.new_received) as new_received,
    sum(w.total_handled) as total_handled,
    sum(w.granted) as granted,
    sum(w.partially_granted) as partially_granted,
    (sum(w.granted) + sum(w.partially_granted)) / nullif(sum(w.total_handled), 0) as granted_or_partial_rate,
    (sum(w.granted) filter (where not w.has_errors) + sum(w.partially_granted) filter (where not w.has_errors))
        / nullif(sum(w.total_handled) filter (where not w.has_errors), 0) as granted_or_partial_rate_without_errors,
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
comment on column v_totals_by_province_year.province is 'Province-level unit of the agency (dim_agency.province); null where unknown.';
comment on column v_totals_by_province_year.year is 'Reporting year.';
comment on column v_totals_by_province_year.reports is 'Current reports counted.';
comment on column v_totals_by_province_year.reports_with_errors is 'Of them, reports with an error finding (has_errors).';
comment on column v_totals_by_province_year.new_received is 'Sum of 本年新收 (总计 column).';
comment on column v_totals_by_province_year.total_handled is 'Sum of （七）总计 (applications handled).';
comment on column v_totals_by_province_year.granted is 'Sum of 予以公开.';
comment on column v_totals_by_province_year.partially_granted is 'Sum of 部分公开.';
comment on column v_totals_by_province_year.granted_or_partial_rate is '(granted + partially_granted) / total_handled over all reports.';
comment on column v_totals_by_province_year.granted_or_partial_rate_without_errors is 'The same rate over the reports without error findings only.';
comment on column v_totals_by_province_year.review_total is 'Sum of 行政复议 总计 (table 四).';
comment on column v_totals_by_province_year.litigation_total is 'Sum of 行政诉讼 总计 (both kinds of litigation).';
