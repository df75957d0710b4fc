-- Findings per agency and rule: where to look first.
create or replace view v_findings_summary as
select agency, rule, severity, concern,
       count(*) as findings,
       count(distinct report_id) as reports,
       string_agg(distinct year::varchar, ', ' order by year::varchar) as years,
       string_agg(location, ', ' order by location) as locations,
       string_agg(label_zh, '；' order by location) as labels_zh
from dq_findings
group by agency, rule, severity, concern;

comment on view v_findings_summary is 'Data-quality findings counted per agency, rule and severity, with the years and places concerned.';
comment on column v_findings_summary.agency is 'Issuing agency (null for files that failed to parse or name none).';
comment on column v_findings_summary.rule is 'Rule id; dq_rules.rule.';
comment on column v_findings_summary.severity is 'error or warning.';
comment on column v_findings_summary.concern is 'Family of rules (one Dagster asset check each).';
comment on column v_findings_summary.findings is 'Number of findings.';
comment on column v_findings_summary.reports is 'Number of distinct report versions concerned.';
comment on column v_findings_summary.years is 'Reporting years concerned.';
comment on column v_findings_summary.locations is 'Contract paths concerned, e.g. appeals.administrative_review.total.';
comment on column v_findings_summary.labels_zh is 'Their Chinese label paths, e.g. 表四 行政复议 · 总计.';
