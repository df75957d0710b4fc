-- Applications per agency-year in wide form: one row per current report, the 总计 column of each row of table 三.
create or replace view v_applications_wide as
select
    r.report_id,
    r.agency,
    r.year,
    r.template_version,
    max(f.count) filter (where f.category = 'new_received') as new_received,
    max(f.count) filter (where f.category = 'carried_over') as carried_over,
    max(f.count) filter (where f.category = 'granted') as granted,
    max(f.count) filter (where f.category = 'partially_granted') as partially_granted,
    max(f.count) filter (where f.category = 'denied.state_secret') as denied_state_secret,
    max(f.count) filter (where f.category = 'denied.prohibited_by_law') as denied_prohibited_by_law,
    max(f.count) filter (where f.category = 'denied.endangers_security_stability') as denied_endangers_security_stability,
    max(f.count) filter (where f.category = 'denied.third_party_rights') as denied_third_party_rights,
    max(f.count) filter (where f.category = 'denied.internal_affairs') as denied_internal_affairs,
    max(f.count) filter (where f.category = 'denied.process_information') as denied_process_information,
    max(f.count) filter (where f.category = 'denied.enforcement_case_file') as denied_enforcement_case_file,
    max(f.count) filter (where f.category = 'denied.administrative_query') as denied_administrative_query,
    max(f.count) filter (where f.category = 'unavailable.not_held') as unavailable_not_held,
    max(f.count) filter (where f.category = 'unavailable.needs_creation') as unavailable_needs_creation,
    max(f.count) filter (where f.category = 'unavailable.still_unclear') as unavailable_still_unclear,
    max(f.count) filter (where f.category = 'not_processed.petition_or_complaint') as not_processed_petition_or_complaint,
    max(f.count) filter (where f.category = 'not_processed.repeated_request') as not_processed_repeated_request,
    max(f.count) filter (where f.category = 'not_processed.publication') as not_processed_publication,
    max(f.count) filter (where f.category = 'not_processed.excessive_requests') as not_processed_excessive_requests,
    max(f.count) filter (where f.category = 'not_processed.confirmation_request') as not_processed_confirmation_request,
    max(f.count) filter (where f.category = 'other.no_correction') as other_no_correction,
    max(f.count) filter (where f.category = 'other.unpaid_fee') as other_unpaid_fee,
    max(f.count) filter (where f.category = 'other.other') as other_other,
    coalesce(max(f.count) filter (where f.category = 'other'),
             case when count(f.count) filter (where f.category like 'other.%') = 3
                  then sum(f.count) filter (where f.category like 'other.%') end) as other_handling,
    max(f.count) filter (where f.category = 'total_handled') as total_handled,
    max(f.count) filter (where f.category = 'carried_forward') as carried_forward,
    exists (select 1 from dq_findings d where d.report_id = r.report_id and d.severity = 'error') as has_errors
from reports r
join fact_applications f using (report_id)
where r.is_current and f.applicant_type = 'total'
group by r.report_id, r.agency, r.year, r.template_version;
comment on view v_applications_wide is 'One row per current report: the 总计 (total) column of every row of table 三, as printed (null = printed empty).';
comment on column v_applications_wide.report_id is 'Current report version; reports.report_id.';
comment on column v_applications_wide.agency is 'Issuing agency as printed.';
comment on column v_applications_wide.year is 'Reporting year.';
comment on column v_applications_wide.template_version is 'Template the report follows: 2021 (国办公开办函〔2021〕30号) or 2019 (the trial format of 〔2019〕60号, reports for 2019 and 2020). One series from 2019: a column the version has no cell for is null (other_no_correction, other_unpaid_fee, other_other in a 2019 report: its （六）其他处理 is one row, see other_handling).';
comment on column v_applications_wide.new_received is '表三 一、本年新收政府信息公开申请数量 (New applications received this year): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.carried_over is '表三 二、上年结转政府信息公开申请数量 (Applications carried over from last year): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.granted is '表三 （一）予以公开 (Granted): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.partially_granted is '表三 （二）部分公开（区分处理的，只计这一情形，不计其他情形） (Partially granted): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_state_secret is '表三 1.属于国家秘密 (State secret): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_prohibited_by_law is '表三 2.其他法律行政法规禁止公开 (Prohibited by other laws or regulations): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_endangers_security_stability is '表三 3.危及“三安全一稳定” (Endangers the "three securities and one stability"): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_third_party_rights is '表三 4.保护第三方合法权益 (Protects third-party rights): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_internal_affairs is '表三 5.属于三类内部事务信息 (Internal-affairs information): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_process_information is '表三 6.属于四类过程性信息 (Process information): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_enforcement_case_file is '表三 7.属于行政执法案卷 (Administrative enforcement case file): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.denied_administrative_query is '表三 8.属于行政查询事项 (Administrative query matter): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.unavailable_not_held is '表三 1.本机关不掌握相关政府信息 (Information not held by this agency): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.unavailable_needs_creation is '表三 2.没有现成信息需要另行制作 (Would need to be newly created): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.unavailable_still_unclear is '表三 3.补正后申请内容仍不明确 (Still unclear after correction): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.not_processed_petition_or_complaint is '表三 1.信访举报投诉类申请 (Petition or complaint): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.not_processed_repeated_request is '表三 2.重复申请 (Repeated request): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.not_processed_publication is '表三 3.要求提供公开出版物 (Request for a publication): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.not_processed_excessive_requests is '表三 4.无正当理由大量反复申请 (Excessive repeated requests without good reason): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.not_processed_confirmation_request is '表三 5.要求行政机关确认或重新出具已获取信息 (Request to confirm or reissue information already obtained): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.other_no_correction is '表三 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 (Applicant did not correct the application in time): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.other_unpaid_fee is '表三 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 (Applicant did not pay the fee in time): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.other_other is '表三 3.其他 (Other): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.total_handled is '表三 （七）总计 (Total handled): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.carried_forward is '表三 四、结转下年度继续办理 (Carried forward to next year): its 总计 (total) column as printed; null = printed empty.';
comment on column v_applications_wide.has_errors is 'True when the report has an error finding in dq_findings (a broken sum, an impossible value): exclude it from rates and totals that must add up.';
comment on column v_applications_wide.other_handling is '表三 （六）其他处理 as a whole (Other handling), 总计 column: the single row as printed where the report prints it as one (the 2019 template, or a 2021 report that collapses it), else the sum of its three printed sub-rows (null if any is empty). The one column that makes （六） one series from 2019 on; derived, not printed, where it is a sum.';
