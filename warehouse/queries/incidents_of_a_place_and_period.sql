-- The incidents of one place and period, the largest first. Set the place and the days in `params`: by default the
-- place (else the country) with the most incidents, and the 30 days before the newest incident.
with

params as (
    select
        (select coalesce(place_name, country_code) from incidents group by 1 order by count(*) desc, 1 nulls last
         limit 1) as place,
        (select max(last_day) from incidents) - interval 30 day as since,
        (select max(last_day) from incidents) as until
)

select
    i.first_day,
    i.last_day,
    coalesce(i.place_name, i.country_code) as place,
    i.event,
    i.subject,
    i.low,
    i.best,
    i.high,
    i.n_clusters,
    i.n_outlets,
    i.speakers,
    i.incident_id
from incidents as i, params as p
where coalesce(i.place_name, i.country_code) is not distinct from p.place
    and (i.first_day is null or p.until is null or i.first_day <= p.until)
    and (i.last_day is null or p.since is null or i.last_day >= p.since)
order by i.high desc nulls last, i.n_clusters desc, i.first_day, i.incident_id
