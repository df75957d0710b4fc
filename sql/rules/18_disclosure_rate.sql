-- rule: disclosure_rate
-- severity: warning
-- concern: implausible
-- description_en: Granted + partially granted never exceed the applications on hand (new_received + carried_over).
-- description_zh: 予以公开 + 部分公开不能超过可办理的申请数（本年新收 + 上年结转）。
-- message_en: {label}: {actual} applications granted in full or part but only {expected} were on hand.
-- message_zh: “{label}”：予以公开和部分公开共{actual}件，但可办理的申请只有{expected}件。
select report_id, 'applications.granted' as location,
       new_received + carried_over as expected, granted + partially_granted as actual
from dq_headline
where granted + partially_granted > new_received + carried_over
