-- Data-quality findings: what the rules in pipeline/check/rules.py found, replaced on every check run.

create table if not exists dq_findings (
    report_id varchar not null,
    agency    varchar,
    year      integer,
    rule      varchar not null,
    severity  varchar not null check (severity in ('error', 'warning')),
    location  varchar,
    expected  double,
    actual    double,
    message   varchar not null,
    concern   varchar not null
);

comment on table dq_findings is 'One row per data-quality finding on a current report; replaced as a whole (in one transaction) by every check run. A publisher''s error is a finding; the printed numbers are never changed.';
comment on column dq_findings.report_id is 'The report version the finding is about (reports.report_id).';
comment on column dq_findings.agency is 'Issuing agency of that report.';
comment on column dq_findings.year is 'Reporting year of that report.';
comment on column dq_findings.rule is 'Stable rule id (row_sum, column_sum, balance, appeal_total, completeness_cell, cross_year_carry_over, …); see expectations/README.md.';
comment on column dq_findings.severity is 'error = a broken identity or an impossible value; warning = an implausibility worth a look.';
comment on column dq_findings.location is 'Contract path of the cell, row or item concerned, e.g. appeals.administrative_review.total or applications.carried_forward.';
comment on column dq_findings.expected is 'The value the rule expected (e.g. the sum of the parts); null when the rule has no single expected number.';
comment on column dq_findings.actual is 'The value the report printed; null when the cell is empty.';
comment on column dq_findings.message is 'What is wrong, in words a reader of the report can act on.';
comment on column dq_findings.concern is 'The family of rules (one Dagster asset check and one GX suite per concern).';
