-- The figure history of one incident: who said what, when, and what each figure was to the ones before it
-- (first_report, update, disagreement, same). Set the incident in `params` (by default the one most clusters
-- reported).
with

params as (
    select incident_id from incidents order by n_clusters desc, n_claims desc, incident_id limit 1
)

select
    m.day,
    replace(m.source, 'outlet:', '(صوت الوسيلة) ') as source,
    c.channel,
    c.outlet,
    c.event,
    c.subject,
    c.kind,
    c.value_low,
    c.value_high,
    m.role,
    m.link_rule,
    c.quote,
    c.article_id
from incident_claims as m
join params as p using (incident_id)
join claims as c using (claim_id)
order by m.day nulls last, c.published nulls last, c.article_id, c.char_start
