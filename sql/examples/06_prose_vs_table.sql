-- Prose figures next to the table cell they describe: a quick text-vs-table comparison.
select n.agency, n.year, n.location, n.scope, n.value as prose_value, f.count as table_value, n.text
from current_narrative_figures n
left join current_fact_applications f
  on f.report_id = n.report_id
 and 'applications.' || f.category || '.' || f.applicant_type = n.location
order by n.agency, n.location;
