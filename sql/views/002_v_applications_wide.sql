-- Applications per agency-year in wide form: one row per current report, the 总计 column of each row of table 三.
create or replace view v_applications_wide as
select
    r.report_id,
    r.agency,
    r.year,
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
    max(f.count) filter (where f.category = 'total_handled') as total_handled,
    max(f.count) filter (where f.category = 'carried_forward') as carried_forward
from reports r
join fact_applications f using (report_id)
where r.is_current and f.applicant_type = 'total'
group by r.report_id, r.agency, r.year;
comment on view v_applications_wide is 'One row per current report: the 总计 (total) column of every row of table 三, as printed (null = printed empty).';
