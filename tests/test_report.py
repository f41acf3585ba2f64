"""The timeline report: self-contained HTML, Arabic right to left, checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tasks.timeline import build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(seed_db, tmp_path_factory):
    return build_report(seed_db, tmp_path_factory.mktemp("report") / "report.html")


def test_the_page_is_self_contained_and_right_to_left(report):
    page = report.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?https?:""", page)
    assert "vegaEmbed(" in page and "مصطفى بالي" in page


def test_filters(seed_db, tmp_path):
    page = build_report(seed_db, tmp_path / "civ.html", subject="civilians").read_text(encoding="utf-8")
    assert "مدنيون" in page and "مقاتلون ·" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs Debian's chromium)")
def test_chromium_renders_speakers_figures_and_charts(report, tmp_path):
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000", "--window-size=1300,2000"]
    shot = tmp_path / "report.png"
    subprocess.run(flags + [f"--screenshot={shot}", report.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000
    dom = subprocess.run(flags + ["--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120).stdout
    for text in ("مصطفى بالي", "المرصد السوري لحقوق الإنسان", "سكان سابقون", "عدنان عفرين", ">41<", "2,000–3,000"):
        assert text in dom, text
    assert dom.count("<svg") >= 5, "the Vega charts did not render"


PAYLOADS = [  # each marks <html data-pwned> if it runs; no quotes, so JSON escaping alone does not defuse them
    "</script><script>document.documentElement.dataset.pwned=1</script>",
    "<img src=x onerror=document.documentElement.dataset.pwned=2>",
    "\"><svg onload=document.documentElement.dataset.pwned=3>",
    "</SCRIPT ><!--<script>document.documentElement.dataset.pwned=4</script>-->",
    "\u2028\u2029'; document.documentElement.dataset.pwned=5; '",
]


@pytest.fixture(scope="module")
def hostile_report(seed_db, tmp_path_factory):
    """The seeds' warehouse with a payload in every text the report shows or embeds."""
    import shutil

    import duckdb

    work = tmp_path_factory.mktemp("hostile-report")
    db = work / "arqam.duckdb"
    shutil.copyfile(seed_db, db)
    con = duckdb.connect(str(db))
    try:
        p = PAYLOADS
        con.execute("update articles set outlet = ?, article_id = article_id || ?", [p[1], p[0]])
        con.execute("update claims set article_id = article_id || ?, speaker = coalesce(speaker, '') || ?, "
                    "channel = ?, sentence = ? || sentence, sentence_start = sentence_start - length(?)",
                    [p[0], p[2], p[3], p[4], p[4]])
        # the seeds hold no discrepancy: one made from a claim, so that the disagreements table shows payloads too
        con.execute("""insert into discrepancies by name
                       select 'inc-x' as incident_id, subject, event, claim_id as claim_id_a, claim_id as claim_id_b,
                              article_id as article_id_a, article_id as article_id_b, kind as kind_a, kind as kind_b,
                              value_low as value_low_a, value_high as value_high_a, value_low * 2 as value_low_b,
                              value_high * 2 as value_high_b, 0 as days_apart, 'different_sources' as discrepancy_type,
                              2.0 as ratio
                       from claims where value_low > 0 order by claim_id limit 1""")
        con.execute("update discrepancies set speaker_a = ?, quote_a = ?, quote_b = ?, event = ?", [p[0], p[1], p[3], p[2]])
    finally:
        con.close()
    return build_report(db, work / "report.html")


def test_the_report_escapes_what_it_embeds(hostile_report):
    page = hostile_report.read_text(encoding="utf-8")
    script = page[page.rindex("<script>") + len("<script>"):page.rindex("</script>")]
    assert "vegaEmbed(" in script and "</" not in script and "<!--" not in script and "\u2028" not in script
    for payload in PAYLOADS:
        assert payload not in page
    assert "&lt;/script&gt;&lt;script&gt;" in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs Debian's chromium)")
def test_no_payload_runs_in_chromium(hostile_report, tmp_path):
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000", "--window-size=1300,2000"]
    dom = subprocess.run(flags + ["--dump-dom", hostile_report.as_uri()], capture_output=True, text=True, timeout=120).stdout
    html_tag = re.search(r"<html[^>]*>", dom)
    assert html_tag and "data-pwned" not in html_tag.group(0), f"a payload ran: {html_tag and html_tag.group(0)}"
    assert dom.count('class="marks"') >= 5, "the charts did not render: the escaped data broke the script"
    assert "document.documentElement.dataset.pwned=1" in dom  # the payloads are there, as text


# -- the incidents part: a map on the world's shapes kept in the repo, a readable timeline per incident ----------


def test_speakers_beyond_the_most_cited_share_one_colour():
    from tasks.incident_report import OTHERS, colour_groups

    claims = [{"speaker": f"s{i}"} for i in range(12) for _ in range(12 - i)] + [{"speaker": None}]
    groups, legend = colour_groups(claims, top=8)
    assert legend[:8] == [f"s{i}" for i in range(8)] and legend[-1] == f"{OTHERS} (5)" and len(legend) == 9
    assert groups["s11"] == groups["(صوت الوسيلة)"] == legend[-1] and groups["s0"] == "s0"
    few = [{"speaker": "a"}, {"speaker": "b"}]
    assert colour_groups(few, top=8)[1] == ["a", "b"]  # nobody is grouped when all fit


def test_open_ended_figures_are_clipped_on_a_log_scale():
    from tasks.incident_report import plotted, timeline_spec

    assert plotted({"value_low": 50.0, "value_high": None}, 1000.0) == (50.0, 1000.0, True)  # at least: to the top
    assert plotted({"value_low": None, "value_high": 40.0}, 1000.0) == (4.0, 40.0, True)  # at most: a tenth up
    assert plotted({"value_low": 0.0, "value_high": 0.0}, 10.0) == (1.0, 1.0, False)  # a log axis has no 0
    day = __import__("datetime").date(2018, 4, 22)
    claims = [{"day": day, "speaker": "x", "kind": k, "value_low": lo, "value_high": hi, "sentence": "", "quote": "",
               "quote_at": 0} for k, lo, hi in (("exact", 4.0, 4.0), ("at_least", 12_000_000.0, None),
                                                  ("exact", 250_000.0, 250_000.0))]
    spec = timeline_spec(claims, lambda c: c["day"].isoformat())
    y = spec["layer"][0]["encoding"]["y"]
    # a log axis from half the smallest figure to twice the largest: 4 and 12 million on one readable chart; the
    # at-least bar is open-ended, clipped at the top (lighter), never an axis run to infinity
    assert y["scale"]["type"] == "log" and y["scale"]["domain"] == [2.0, 24_000_000.0]
    bars = {v["figure"]: v for v in spec["datasets"]["figures"]}
    assert [v["high"] for v in spec["datasets"]["figures"] if v["open"]] == [24_000_000.0]
    assert len(bars) == 3
    assert spec["layer"][0]["encoding"]["x"]["type"] == "temporal"


def test_the_world_shapes_are_in_the_repo():
    from tasks.incident_report import map_spec, world

    shapes = world()
    assert shapes["type"] == "Topology" and len(shapes["objects"]["countries"]["geometries"]) > 170
    inc = {"lat": 36.2, "lon": 37.1, "high": 40.0, "best": 35.0, "low": 20.0, "place_name": "حلب", "country_code": "SY",
           "event": "killed", "subject": "civilians", "first_day": None, "last_day": None, "n_outlets": 2}
    spec = map_spec([inc, {**inc, "lat": None, "lon": None}])
    assert len(spec["layer"][1]["data"]["values"]) == 1 and spec["projection"]["type"] == "mercator"
    assert "url" not in str(spec["layer"][0]["data"])  # the shapes are inline: no tiles, no network


@pytest.fixture(scope="module")
def dated_report(seed_db, tmp_path_factory):
    """The seeds' warehouse with its incidents dated (the seeds have no dates) and one placed, so that the page
    draws a point on the map and a timeline per incident."""
    import duckdb

    work = tmp_path_factory.mktemp("dated-report")
    db = work / "arqam.duckdb"
    shutil.copyfile(seed_db, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("update incident_claims set day = date '2018-04-07' + (hash(claim_id) % 3)::int")
        con.execute("update incidents set first_day = date '2018-04-07', last_day = date '2018-04-09'")
        con.execute("update incidents set place_name = 'دوما', country_code = 'SY', lat = 33.57, lon = 36.40 "
                    "where incident_id = (select min(incident_id) from incidents)")
    finally:
        con.close()
    return build_report(db, work / "report.html")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs Debian's chromium)")
def test_chromium_renders_the_incidents(dated_report, tmp_path):
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000", "--window-size=1300,2000"]
    dom = subprocess.run(flags + ["--dump-dom", dated_report.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert "<h2>الحوادث</h2>" in dom and 'id="incident-map"' in dom and 'id="incident0"' in dom
    start = dom.index('id="incident-map"')
    the_map = dom[start:dom.index("</svg>", start)]
    assert the_map.count("<path") > 150, "the countries were not drawn"
    assert "مقياس لوغاريتمي" in dom  # the incident timelines rendered, on their log axis
    assert "Apr 2018" in dom  # readable dates on the time axis
