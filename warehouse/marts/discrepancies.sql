-- Disagreements: figures on the same subject and event that do not overlap, either from two stories
-- within a window of days (getvariable 'discrepancy_window_days'), from different speakers or from the
-- same speaker on different days; or from two sources in the same article, even when its day is unknown.
with

claims as (select * from stg_claims),

claims_with_bounds as (
    select
        *,
        coalesce(value_low, 0) as lo,
        coalesce(value_high, 'infinity'::double) as hi
    from claims
    -- counts of something that happened; measures (money, percent, area, distance) differ by nature
    where subject not in ('other', 'money', 'percent', 'area_km2', 'distance_m', 'distance_km')
        and event is not null
),

-- a syndicated story counts once: its earliest copy stands for the cluster
one_per_cluster as (
    select *
    from claims_with_bounds
    where day is not null
    qualify row_number() over (
        partition by cluster_id, subject, event, speaker, kind, value_low, value_high
        order by published nulls last, article_id, char_start
    ) = 1
),

pair_columns as (
    select
        a.subject,
        a.event,
        a.claim_id as claim_id_a,
        b.claim_id as claim_id_b,
        a.article_id as article_id_a,
        b.article_id as article_id_b,
        a.speaker as speaker_a,
        b.speaker as speaker_b,
        a.day as day_a,
        b.day as day_b,
        a.kind as kind_a,
        b.kind as kind_b,
        a.value_low as value_low_a,
        a.value_high as value_high_a,
        b.value_low as value_low_b,
        b.value_high as value_high_b,
        a.quote as quote_a,
        b.quote as quote_b,
        abs(date_diff('day', a.day, b.day)) as days_apart,
        case when a.speaker is not distinct from b.speaker then 'same_speaker_changed' else 'different_speakers' end
            as discrepancy_type
    from one_per_cluster as a
    join one_per_cluster as b
        on a.subject = b.subject
        and a.event is not distinct from b.event
        and a.claim_id < b.claim_id
        and (a.hi < b.lo or b.hi < a.lo)
    where false
),

-- two stories on days within the window (a range join on the day)
dated as (
    select
        a.subject, a.event, a.claim_id, b.claim_id, a.article_id, b.article_id, a.speaker, b.speaker, a.day, b.day,
        a.kind, b.kind, a.value_low, a.value_high, b.value_low, b.value_high, a.quote, b.quote,
        abs(date_diff('day', a.day, b.day)),
        case when a.speaker is not distinct from b.speaker then 'same_speaker_changed' else 'different_speakers' end
    from one_per_cluster as a
    join one_per_cluster as b
        on a.subject = b.subject
        and a.event is not distinct from b.event
        and b.day between a.day - getvariable('discrepancy_window_days') and a.day + getvariable('discrepancy_window_days')
        and a.claim_id < b.claim_id
        and a.cluster_id <> b.cluster_id
    where (a.hi < b.lo or b.hi < a.lo)
        and (a.speaker is distinct from b.speaker or a.day <> b.day)
),

-- two sources in one article, whatever its date
same_article as (
    select
        a.subject, a.event, a.claim_id, b.claim_id, a.article_id, b.article_id, a.speaker, b.speaker, a.day, b.day,
        a.kind, b.kind, a.value_low, a.value_high, b.value_low, b.value_high, a.quote, b.quote,
        abs(date_diff('day', a.day, b.day)),
        'different_speakers'
    from claims_with_bounds as a
    join claims_with_bounds as b
        on a.article_id = b.article_id
        and a.subject = b.subject
        and a.event is not distinct from b.event
        and a.claim_id < b.claim_id
    where (a.hi < b.lo or b.hi < a.lo)
        and a.speaker is distinct from b.speaker
),

pairs as (
    select * from pair_columns
    union all select * from dated
    union all select * from same_article
),

final as (
    select
        *,
        greatest(coalesce(value_low_a, value_high_a), coalesce(value_low_b, value_high_b))
            / nullif(least(coalesce(value_high_a, value_low_a), coalesce(value_high_b, value_low_b)), 0) as ratio
    from pairs
)

select * from final
order by ratio desc nulls last, subject, claim_id_a, claim_id_b
