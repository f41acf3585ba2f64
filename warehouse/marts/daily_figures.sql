-- Who reported what figure on which day: one row per (day, subject, event, speaker, kind, value) and incident,
-- counting each near-duplicate cluster once and listing every outlet and channel that carried it.
-- incident_id: the incident its claims are members of (NULL: a background total, a figure of no incident);
-- place_name: where the figure happened (the claim's place, else its incident's).
with

claims as (select * from stg_claims),
members as (select claim_id, incident_id from src_incident_claims),
incidents as (select incident_id, place_name as incident_place from src_incidents),

placed as (
    select
        c.*,
        m.incident_id,
        coalesce(c.place_name, i.incident_place) as figure_place
    from claims as c
    left join members as m using (claim_id)
    left join incidents as i using (incident_id)
),

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
        arg_min(article_id, coalesce(published, date '9999-12-31')::varchar || article_id) as first_seen_article,
        incident_id,
        figure_place as place_name
    from placed
    group by day, subject, event, speaker, kind, value_low, value_high, incident_id, figure_place
)

select * from final
order by day nulls last, subject, event nulls last, speaker nulls last, value_low nulls first, value_high nulls last,
    incident_id nulls last, place_name nulls last
