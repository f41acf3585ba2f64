-- Who reported what figure on which day: one row per (day, subject, event, speaker, kind, value),
-- counting each near-duplicate cluster once and listing every outlet and channel that carried it.
with

claims as (select * from stg_claims),

final as (
    select
        day,
        subject,
        event,
        speaker,
        kind,
        value_low,
        value_high,
        count(distinct article_id) as n_articles,
        count(distinct cluster_id) as n_clusters,
        coalesce(list_sort(list(distinct outlet) filter (where outlet is not null)), []) as outlets,
        coalesce(list_sort(list(distinct channel) filter (where channel is not null)), []) as channels,
        arg_min(article_id, coalesce(published, date '9999-12-31')::varchar || article_id) as first_seen_article
    from claims
    group by all
)

select * from final
order by day nulls last, subject, event nulls last, speaker nulls last, value_low nulls first, value_high nulls last
