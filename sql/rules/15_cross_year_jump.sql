-- rule: cross_year_jump
-- severity: warning
-- concern: cross_year
-- description_en: A headline count rarely moves by more than 5× (or below 1/5) from one year to the next (ignored below 20).
-- description_zh: 主要数字（新收申请、办理总计、复议诉讼、行政许可、行政处罚）与上一年度相比很少变化5倍以上（低于20时不提示）。
-- message_en: {label} is {actual} against {expected} in the previous year's report: a jump worth checking.
-- message_zh: “{label}”为{actual}，上一年度报告为{expected}：变化异常，值得核实。
with v as (
    select * from dq_values semi join dq_headline_locations using (location)
)
select v.report_id, v.location, pv.value as expected, v.value as actual
from v
join dq_reports r using (report_id)
join dq_reports p on p.agency_key = r.agency_key and p.year = r.year - 1
join v pv on pv.report_id = p.report_id and pv.location = v.location
where greatest(v.value, pv.value) >= 20
  and (v.value > 5 * pv.value or v.value < pv.value / 5)
