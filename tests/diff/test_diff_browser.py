"""The HTML report in a real headless browser (Debian's chromium, driven by Playwright).

This test never skips: without chromium or the playwright package it fails and says what to
install (``apt-get install -y chromium`` and ``pip install playwright``; never
``playwright install``, which downloads a browser). ``DEDUP_CHROMIUM`` overrides the browser path.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dedup.diff import diff
from dedup.io import read_articles

DATA = Path(__file__).resolve().parent.parent / "data"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _chromium() -> str:
    path = os.environ.get("DEDUP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            f"chromium not found at {path}: install it with "
            "'apt-get update && apt-get install -y chromium' (or set DEDUP_CHROMIUM)"
        )
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the playwright package is missing: '.venv/bin/pip install playwright' "
            "(do not run 'playwright install'; the test uses the system chromium)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=ARGS)
        yield browser
        browser.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri())
    return page, errors, requests


def test_seed_report_in_browser(browser: Any, tmp_path: Path) -> None:
    (a,) = read_articles(DATA / "000_fb10003cdebe8ee7.txt")
    (b,) = read_articles(DATA / "001_ad39820f6aeb4385.txt")
    report = diff(a, b)
    html_path = tmp_path / "report.html"
    html_path.write_text(report.to_html(), encoding="utf-8")
    page, errors, requests = _open(browser, html_path)

    n = len(report.overlaps)
    assert page.locator("#side-a .ov").count() == n == page.locator("#side-b .ov").count()
    for k, ov in enumerate(report.overlaps):
        assert page.locator(f"#a-ov-{k}").inner_text().endswith(ov.a.text[-20:])
        assert page.locator(f"#b-ov-{k}").inner_text().endswith(ov.b.text[-20:])
    # same colour on both sides
    colour = page.eval_on_selector("#a-ov-3", "e => getComputedStyle(e).backgroundColor")
    assert colour == page.eval_on_selector("#b-ov-3", "e => getComputedStyle(e).backgroundColor")
    assert page.locator("del.ed", has_text="disposal").count() == 1
    assert page.locator("ins.ed", has_text="arsenal").count() == 1
    assert page.locator("#side-a .only").count() == len(report.only_in_a)
    assert page.locator("#side-b .only").count() == len(report.only_in_b)
    # fact table
    assert page.locator("#facts-conflicts tr.conflict").count() == 1
    assert "arena for settling scores" in page.locator("#facts-conflicts").inner_text()
    assert page.locator("#facts-only-a tr.fact").count() == len(report.facts.only_in_a)
    assert page.locator("#facts-only-b tr.fact").count() == len(report.facts.only_in_b)

    # clicking an overlap in A scrolls B to its twin and marks both
    last = n - 1
    page.locator(f"#a-ov-{last}").click()
    page.wait_for_timeout(200)
    assert "pinned" in (page.locator(f"#b-ov-{last}").get_attribute("class") or "")
    box = page.locator(f"#b-ov-{last}").bounding_box()
    side = page.locator("#side-b").bounding_box()
    assert box is not None and side is not None
    assert side["y"] <= box["y"] < side["y"] + side["height"]
    # hovering marks the pair too
    page.locator("#b-ov-0").hover()
    assert "active" in (page.locator("#a-ov-0").get_attribute("class") or "")

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    assert errors == []
    assert requests == [html_path.as_uri()]  # nothing else is loaded
    page.close()


def test_markup_in_articles_stays_inert(browser: Any, tmp_path: Path) -> None:
    evil = (
        "Rockets hit the base on Monday, officials said. <script>window.pwned = 1</script>"
        '<img src=x onerror="window.pwned = 2"> Nobody was hurt in the attack on the base.'
    )
    other = "Rockets hit the base on Monday, officials said. Nobody was hurt in the attack."
    html_path = tmp_path / "evil.html"
    html_path.write_text(diff(evil, other).to_html(), encoding="utf-8")
    page, _errors, requests = _open(browser, html_path)
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.pwned") == "undefined"
    text = page.locator("#side-a").inner_text()
    assert "<script>window.pwned = 1</script>" in text
    assert '<img src=x onerror="window.pwned = 2">' in text
    assert page.locator("#side-a img").count() == 0
    assert requests == [html_path.as_uri()]
    page.screenshot(path=str(tmp_path / "evil.png"))
    page.close()
