-- Disagreements: the same subject and event within a window of days (getvariable
-- 'discrepancy_window_days'), figures that do not overlap, from different speakers or from the
-- same speaker on different days. Unknown days are kept, with days_apart NULL.
with

claims as (select * from stg_claims),

-- a syndicated story counts once: its earliest copy stands for the cluster
one_per_cluster as (
    select
        *,
        coalesce(value_low, 0) as lo,
        coalesce(value_high, 'infinity'::double) as hi
    from claims
    where subject <> 'other'
    qualify row_number() over (
        partition by cluster_id, subject, event, speaker, kind, value_low, value_high
        order by published nulls last, article_id, char_start
    ) = 1
),

pairs as (
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
        and a.cluster_id <> b.cluster_id
        and (a.hi < b.lo or b.hi < a.lo)
    where coalesce(abs(date_diff('day', a.day, b.day)) <= getvariable('discrepancy_window_days'), true)
        and (a.speaker is distinct from b.speaker or a.day is distinct from b.day)
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
