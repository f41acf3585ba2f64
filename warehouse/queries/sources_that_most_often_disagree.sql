-- The sources that most often disagree with another source inside one incident (or revise their own figure
-- downward), with the incidents concerned and the source they disagree with most.
with

sides as (
    select incident_id, discrepancy_type, source_a as source, source_b as other from discrepancies
    union all
    select incident_id, discrepancy_type, source_b, source_a from discrepancies
),

counted as (
    select
        source,
        count(*) as disagreements,
        count(distinct incident_id) as incidents,
        count(*) filter (where discrepancy_type = 'revised_downward') as own_revisions_downward,
        mode(other) filter (where other <> source) as most_often_against
    from sides
    group by source
)

select
    replace(source, 'outlet:', '(صوت الوسيلة) ') as source,
    disagreements,
    incidents,
    own_revisions_downward,
    replace(most_often_against, 'outlet:', '(صوت الوسيلة) ') as most_often_against
from counted
order by disagreements desc, incidents desc, source
limit 25
