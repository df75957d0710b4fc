-- Findings per agency and rule: where to look first.
create or replace view v_findings_summary as
select agency, rule, severity, concern,
       count(*) as findings,
       count(distinct report_id) as reports,
       string_agg(distinct year::varchar, ', ' order by year::varchar) as years,
       string_agg(location, ', ' order by location) as locations
from dq_findings
group by agency, rule, severity, concern;

comment on view v_findings_summary is 'Data-quality findings counted per agency, rule and severity, with the years and contract locations concerned.';
