-- Every figure مصطفى بالي gave, and to which channel (change the name to follow another speaker).
select
    coalesce(statement_date, published) as day,
    article_id,
    kind,
    value_low,
    value_high,
    subject,
    event,
    channel,
    quote
from claims
where speaker = 'مصطفى بالي'
order by day nulls last, article_id, char_start
