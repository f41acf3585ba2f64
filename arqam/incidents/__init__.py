"""Incidents: claims of one event linked across articles and outlets (pure core: no Prefect, no DuckDB).

`link_claims(rows, window)` takes claim rows (the claim columns, with the article's `cluster_id`, the `day` to
link on and, optionally, the article's `title`) and returns the rows of `incidents` and `incident_claims`
(arqam/incidents/tables.py holds their schemas and column descriptions).
"""

from __future__ import annotations

from arqam.incidents.link import link_claims
from arqam.incidents.model import Exclusion, LinkRule, Role

__all__ = ["Exclusion", "LinkRule", "Role", "link_claims"]
