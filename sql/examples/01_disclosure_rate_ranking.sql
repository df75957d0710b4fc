-- Which agencies disclosed the largest share of what they handled? (予以公开 + 部分公开) / 总计
select agency, year, total_handled, granted, partially_granted,
       round(100 * granted_or_partial_rate, 1) as granted_or_partial_pct
from v_disclosure_rate
where total_handled > 0
order by granted_or_partial_rate desc, total_handled desc;
