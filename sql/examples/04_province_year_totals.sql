-- Applications and appeals per province and year (province from the agency name; null = not named).
select coalesce(province, '(not in name)') as province, year, reports, new_received, total_handled,
       round(granted_or_partial_rate, 3) as granted_or_partial_rate, review_total, litigation_total
from v_totals_by_province_year
order by year desc, province;
