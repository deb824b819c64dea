"""Terminal and HTML rendering: content, colour, escaping, self-containment."""

from __future__ import annotations

import re

from dedup.diff import diff

A = (
    "Rockets hit a base in Syria on Monday. Officials said nobody was hurt in the attack on "
    "the base.\n\nThe militia vowed revenge."
)
B = (
    "Officials said nobody was hurt in the attack on the outpost. Rockets hit a base in Syria "
    "on Monday.\n\nA new paragraph only B has, with <script>alert(1)</script> in it."
)


def test_text_render_side_by_side_and_colour() -> None:
    report = diff(A, B)
    plain = report.to_text(color=False, width=90)
    assert "Shared passages: 2" in plain and "\x1b[" not in plain
    assert any(" | " in line for line in plain.splitlines())
    assert "Only in A: 1 passage(s)" in plain and "The militia vowed revenge." in plain
    coloured = report.to_text(color=True, width=90)
    assert "\x1b[31mbase\x1b[0m" in coloured  # A's word in red
    assert "\x1b[32moutpost\x1b[0m" in coloured  # B's word in green
    for line in plain.splitlines():
        assert len(line) <= 90


def test_html_is_self_contained_and_escaped() -> None:
    page = diff(A, B).to_html()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert page.count('class="ov"') == 2 * 2 + 1  # two overlaps per side, plus the legend
    assert 'id="a-ov-0"' in page and 'id="b-ov-0"' in page
    assert '<del class="ed"' in page and '<ins class="ed"' in page
    assert 'class="only"' in page and 'id="facts-only-a"' in page
    assert "Content-Security-Policy" in page
