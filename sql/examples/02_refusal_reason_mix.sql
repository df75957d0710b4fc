-- Why were applications not granted? All current reports together, by reason.
select reason_group, reason, label_zh, sum(count) as applications
from v_refusal_reasons
group by reason_group, reason, label_zh, sort_order
having sum(count) > 0
order by applications desc, sort_order;
