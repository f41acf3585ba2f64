-- The largest disagreements of the last 7 days before the newest day in the warehouse
-- (pairs with an unknown day are kept at the end).
with

newest as (select max(greatest(day_a, day_b)) as day from discrepancies),

recent as (
    select d.*
    from discrepancies as d, newest as n
    where greatest(d.day_a, d.day_b) >= n.day - interval 7 day
        or d.day_a is null or d.day_b is null
)

select
    subject,
    event,
    speaker_a,
    value_low_a,
    value_high_a,
    day_a,
    speaker_b,
    value_low_b,
    value_high_b,
    day_b,
    ratio,
    discrepancy_type,
    quote_a,
    quote_b
from recent
order by (day_a is null or day_b is null), ratio desc nulls last
limit 20
