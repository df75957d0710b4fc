-- rule: outlier
-- severity: warning
-- concern: outliers
-- description_en: Robust z-score (median/MAD) beyond 3.5 against peers of the same year and administrative level (at least 8 peers), for applications (log), refusal share, appeals per application (log) and fees (log).
-- description_zh: 与同年度、同行政层级（至少8个）的同类机关相比，稳健z值（中位数/MAD）超过3.5：新收申请数（对数）、不予公开占比、每件申请的复议诉讼数（对数）、收费金额（对数）。
-- message_en: {label}: {detail}: value {actual} against a peer median of {expected}, an outlier worth checking.
-- message_zh: “{label}”：{detail}：数值{actual}，同类机关中位数为{expected}，明显偏离，值得核实。
with m as (
    select report_id, 'applications' as metric, 'applications.new_received.total' as location,
           ln(1 + new_received) as x from dq_headline
    union all
    select report_id, 'refusal_share', 'applications.denied', denied / nullif(total_handled, 0) from dq_headline
    union all
    select report_id, 'appeals_per_application', 'appeals',
           ln(1 + appeals_total / nullif(new_received, 0)) from dq_headline
    union all
    select report_id, 'fees', 'proactive.administrative_fees', ln(1 + fee) from dq_headline
), peers as (
    select m.*, r.year, a.level
    from m join dq_reports r using (report_id) join dq_agency_level a using (agency)
    where m.x is not null
), med as (
    select year, level, metric, median(x) as med, count(*) as n from peers group by all
), mad as (
    select p.year, p.level, p.metric, median(abs(p.x - med.med)) as mad
    from peers p join med using (year, level, metric) group by all
)
select p.report_id, p.location, round(med.med, 3) as expected, round(p.x, 3) as actual,
       p.metric || ' among ' || med.n || ' peers of level ' || p.level as detail_en,
       p.metric || '，同层级（' || p.level || '）' || med.n || '个机关' as detail_zh
from peers p join med using (year, level, metric) join mad using (year, level, metric)
where med.n >= 8 and mad.mad > 0
  and abs(0.6745 * (p.x - med.med) / mad.mad) > 3.5
