-- How often did reviews and courts correct the agency? corrected / (total - pending)
select agency, year, label_zh as proceeding, total, pending, corrected,
       round(correction_rate, 3) as correction_rate
from v_appeal_correction_rates
where total > 0
order by proceeding, correction_rate desc nulls last;
