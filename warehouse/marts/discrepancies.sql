-- Disagreements inside one incident: two reports of the same quantity (event and subject) whose figures do not
-- overlap, either from two sources at the same time (two articles, the same statement day), or from one
-- source that revised its figure downward later. A source is the speaker, or the outlet's own voice (one voice per
-- outlet). What is compared is each article's toll: the largest precise figure it gives for the quantity (the
-- smaller ones of one article are its parts: «بينهم 8 أطفال», «27 من بين القتلى», a figure of one place of several);
-- a breakdown joined by و (10 of the forces and 3 workers) is no toll; vague amounts (عشرات، مئات) are not compared, and two figures more than twice apart are not one
-- quantity reported differently (one is nearly always another incident's figure, or a total over several).
-- A syndicated story counts once (its earliest copy stands for the cluster); a toll that grows is an update, not
-- a disagreement (the later, larger figure of a pair says so: «ارتفعت حصيلة القتلى إلى»).
with

members as (select * from src_incident_claims),
claims as (select * from stg_claims),

figures as (
    select
        m.incident_id,
        m.source,
        m.day as link_day,
        m.grows,
        m.cluster_id as member_cluster,
        c.*,
        coalesce(c.value_low, 0) as lo,
        coalesce(c.value_high, 'infinity'::double) as hi
    from members as m
    join claims as c using (claim_id)
    where c.event is not null and c.kind <> 'vague' and m.link_rule <> 'detail'
),

-- a breakdown: figures of one event and subject joined by و in one sentence («استشهاد عشرة من منسوبي القوات
-- وثلاثة من العاملين», «مقتل 5 في حلب و3 في إدلب») count parts of a toll the sentence does not state; neither
-- stands for the article's toll
breakdowns as (
    select a.claim_id as first_id, b.claim_id as second_id
    from figures as a
    join figures as b
        on a.incident_id = b.incident_id
        and a.article_id = b.article_id
        and a.sentence_start = b.sentence_start
        and a.event = b.event
        and a.subject = b.subject
        and b.char_start > a.char_end
        and b.char_start - a.char_end <= 40
        and (b.quote like 'و%' or b.quote like 'ف%'
             or rtrim(substr(a.sentence, a.char_end - a.sentence_start + 1, b.char_start - a.char_end)) like '%و')
    where not exists (  -- the two are next to each other («12 قتيلا، بينهم خمسة جنود، وأربعة»: 12 is the whole)
        select 1 from claims as c
        where c.article_id = a.article_id and c.char_start >= a.char_end and c.char_start < b.char_start
    )
),

parts as (
    select first_id as claim_id from breakdowns
    union
    select second_id from breakdowns
),

-- each article's toll of a quantity: its largest figure (the smaller ones are its parts)
tolls as (
    select *
    from figures
    where claim_id not in (select claim_id from parts)
    qualify row_number() over (
        partition by incident_id, article_id, event, subject
        order by coalesce(value_high, value_low) desc, char_start
    ) = 1
),

-- a syndicated story counts once: its earliest copy stands for the cluster
one_per_cluster as (
    select *
    from tolls
    qualify row_number() over (
        partition by incident_id, member_cluster, source, event, subject, kind, value_low, value_high
        order by published nulls last, article_id, char_start
    ) = 1
),

pairs as (
    select
        a.incident_id,
        a.subject,
        a.event,
        a.claim_id as claim_id_a,
        b.claim_id as claim_id_b,
        a.article_id as article_id_a,
        b.article_id as article_id_b,
        a.source as source_a,
        b.source as source_b,
        a.speaker as speaker_a,
        b.speaker as speaker_b,
        a.link_day as day_a,
        b.link_day as day_b,
        a.kind as kind_a,
        b.kind as kind_b,
        a.value_low as value_low_a,
        a.value_high as value_high_a,
        b.value_low as value_low_b,
        b.value_high as value_high_b,
        a.quote as quote_a,
        b.quote as quote_b,
        abs(date_diff('day', a.link_day, b.link_day)) as days_apart,
        case when a.source = b.source then 'revised_downward' else 'different_sources' end as discrepancy_type
    from one_per_cluster as a
    join one_per_cluster as b
        on a.incident_id = b.incident_id
        and a.event = b.event
        and a.subject = b.subject
        and a.claim_id < b.claim_id
        and (a.hi < b.lo or b.hi < a.lo)
        and greatest(a.lo, b.lo) <= 2 * least(coalesce(a.value_high, a.value_low), coalesce(b.value_high, b.value_low))
    where
        -- two sources at the same time (two articles, the same statement day), unless the larger figure
        -- is a toll that grew («ارتفعت الحصيلة إلى») and came no earlier than the smaller one
        (a.source <> b.source
            and a.article_id <> b.article_id and a.link_day = b.link_day
            and not (case when a.lo > b.hi then a.grows and coalesce(a.link_day >= b.link_day, true)
                          else b.grows and coalesce(b.link_day >= a.link_day, true) end))
        -- one source that later gave a smaller figure
        or (a.source = b.source and a.member_cluster <> b.member_cluster
            and ((a.link_day < b.link_day and b.hi < a.lo) or (b.link_day < a.link_day and a.hi < b.lo)))
),

final as (
    select
        *,
        greatest(coalesce(value_low_a, value_high_a), coalesce(value_low_b, value_high_b))
            / nullif(least(coalesce(value_high_a, value_low_a), coalesce(value_high_b, value_low_b)), 0) as ratio
    from pairs
)

select * from final
order by ratio desc nulls last, incident_id, claim_id_a, claim_id_b
