-- Figures about civilians by day and speaker: who reported what, each syndicated story counted once.
select
    day,
    coalesce(speaker, '(outlet)') as speaker,
    event,
    kind,
    value_low,
    value_high,
    n_clusters,
    outlets,
    channels
from daily_figures
where subject = 'civilians'
order by day nulls last, speaker, event nulls last, value_low
