-- Articles with their duplicate cluster: one row per article ever loaded.
with

articles as (select * from src_articles),
clusters as (select * from src_clusters),

final as (
    select
        a.article_id,
        a.source_path,
        a.line,
        a.outlet,
        a.url,
        a.title,
        a.published,
        a.date_source,
        a.text_raw,
        a.content_sha256,
        a.encoding,
        a.extra,
        coalesce(c.cluster_id, a.article_id) as cluster_id,
        c.duplicate_of
    from articles as a
    left join clusters as c using (article_id)
)

select * from final
