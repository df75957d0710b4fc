-- rule: appeals_without_applications
-- severity: warning
-- concern: implausible
-- description_en: Review or litigation cases while the agency received and carried over no application this year and last year (or has no report for last year).
-- description_zh: 本年度和上一年度均未收到、也未结转任何申请（或没有上一年度报告），却有行政复议或诉讼案件。
-- message_en: {label}: {actual} review/litigation cases but {detail}: implausible, check the table.
-- message_zh: “{label}”：有{actual}件复议/诉讼案件，但{detail}：不合常理，请核对表格。
select h.report_id, 'appeals' as location, 0 as expected, h.appeals_total as actual,
       case when ph.report_id is null
            then 'no application received or carried over this year (no report for last year)'
            else 'no application received or carried over this year or last year' end as detail_en,
       case when ph.report_id is null
            then '本年度没有收到或结转任何申请（无上一年度报告）'
            else '本年度和上一年度都没有收到或结转任何申请' end as detail_zh
from dq_headline h
join dq_reports r using (report_id)
left join dq_reports p on p.agency_key = r.agency_key and p.year = r.year - 1
left join dq_headline ph on ph.report_id = p.report_id
where h.appeals_total > 0 and h.new_received + h.carried_over = 0
  and (ph.report_id is null or coalesce(ph.new_received + ph.carried_over, 0) = 0)
