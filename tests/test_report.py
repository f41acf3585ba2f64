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
