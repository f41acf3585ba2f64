-- Articles with their duplicate cluster and publication date (metadata, else inferred from the text):
-- one row per article ever loaded.
with

articles as (select * from src_articles),
normalized as (select article_id, published_from_text from src_normalized),
clusters as (select * from src_clusters),

final as (
    select
        a.article_id,
        a.source_path,
        a.line,
        a.outlet,
        a.url,
        a.title,
        coalesce(a.published, n.published_from_text) as published,
        case
            when a.published is not null then coalesce(a.date_source, 'metadata')
            when n.published_from_text is not null then 'text'
        end as date_source,
        a.text_raw,
        a.content_sha256,
        a.encoding,
        a.extra,
        coalesce(c.cluster_id, a.article_id) as cluster_id,
        c.duplicate_of
    from articles as a
    left join normalized as n using (article_id)
    left join clusters as c using (article_id)
)

select * from final
