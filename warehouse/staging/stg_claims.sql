-- Claims with the day they belong to (statement day, else publication day) and their cluster.
with

claims as (select * from src_claims),
articles as (select article_id, cluster_id from stg_articles),

final as (
    select
        c.*,
        coalesce(c.statement_date, c.published) as day,
        a.cluster_id
    from claims as c
    left join articles as a using (article_id)
)

select * from final
