-- Cells a report printed empty (null, not zero), with where they sit in the document.
select r.agency, r.year, f.category, f.applicant_type, f.source_where
from current_fact_applications f
join reports r using (report_id)
where f.count is null
order by r.agency, f.category, f.applicant_type;
