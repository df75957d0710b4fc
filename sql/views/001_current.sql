-- current_*: the tables restricted to the current version of each report (what analysts see by default).
create or replace view current_reports as
select * from reports where is_current;
comment on view current_reports is 'reports restricted to the current parsed version of each agency-year (same columns).';

create or replace view current_fact_applications as
select f.* from fact_applications f join reports r using (report_id) where r.is_current;
comment on view current_fact_applications is 'fact_applications of current report versions only (same columns): use it rather than fact_applications, which keeps every version.';

create or replace view current_fact_proactive as
select f.* from fact_proactive f join reports r using (report_id) where r.is_current;
comment on view current_fact_proactive is 'fact_proactive of current report versions only (same columns): use it rather than fact_proactive, which keeps every version.';

create or replace view current_fact_appeals as
select f.* from fact_appeals f join reports r using (report_id) where r.is_current;
comment on view current_fact_appeals is 'fact_appeals of current report versions only (same columns): use it rather than fact_appeals, which keeps every version.';

create or replace view current_narrative_figures as
select f.* from narrative_figures f join reports r using (report_id) where r.is_current;
comment on view current_narrative_figures is 'narrative_figures of current report versions only (same columns): use it rather than narrative_figures, which keeps every version.';

create or replace view current_parse_warnings as
select f.* from parse_warnings f join reports r using (report_id) where r.is_current;
comment on view current_parse_warnings is 'parse_warnings of current report versions only (same columns): use it rather than parse_warnings, which keeps every version.';
