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
