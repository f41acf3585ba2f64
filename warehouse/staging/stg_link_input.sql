-- What the incident linker reads (arqam/incidents): each claim with its article's cluster, outlet and title, and the
-- day to link it on (and the first 400 characters of its text, the lead, for the story it tells): its statement day, else the article's publication day, else the day the article was crawled
-- (kept in articles.extra by feeds without a publication date), moved by the claim's statement offset.
with

claims as (select * from src_claims),
articles as (select article_id, cluster_id, outlet, title, text_raw, published, extra from stg_articles),

final as (
    select
        c.claim_id,
        c.article_id,
        c.char_start,
        c.char_end,
        c.sentence,
        c.sentence_start,
        c.kind,
        c.value_low,
        c.value_high,
        c.subject,
        c.event,
        c.speaker,
        coalesce(c.published, a.published) as published,
        c.statement_date,
        coalesce(
            c.statement_date,
            c.published + coalesce(c.statement_offset_days, 0),
            a.published + coalesce(c.statement_offset_days, 0),
            try_cast(json_extract_string(a.extra, '$.crawled') as timestamp)::date + coalesce(c.statement_offset_days, 0)
        ) as day,
        c.place_name,
        c.place_id,
        c.country_code,
        c.lat,
        c.lon,
        coalesce(c.outlet, a.outlet) as outlet,
        a.cluster_id,
        a.title,
        substr(a.text_raw, 1, 400) as lead
    from claims as c
    left join articles as a using (article_id)
)

select * from final
order by article_id, char_start
