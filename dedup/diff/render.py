"""Render a :class:`~dedup.diff.report.DiffReport` for people: terminal text and an HTML page.

The HTML page is one self-contained file: inline CSS and JavaScript, no external asset, and a
Content-Security-Policy that forbids loading anything. Every piece of article text goes through
:func:`html.escape`, so markup inside an article (``<script>``, ``<img onerror=...>``) shows as
text and never runs.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dedup.diff.report import DiffReport, Edit, Fact, Overlap, Span

__all__ = ["render_html", "render_text"]

# --- terminal --------------------------------------------------------------------------------

_RESET = "\x1b[0m"
_STYLES = {
    "plain": "",
    "a": "\x1b[31m",  # words only A has: red
    "b": "\x1b[32m",  # words only B has: green
    "head": "\x1b[1m",
    "dim": "\x1b[2m",
    "warn": "\x1b[1;33m",
}


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    style: str = "plain"


def _side_pieces(text: str, span: Span, edits: Sequence[Edit], side: str) -> list[_Piece]:
    """The overlap's text on one side, with the words only this side has marked."""
    pieces: list[_Piece] = []
    pos = span.start
    for e in edits:
        start, end = (e.a_start, e.a_end) if side == "a" else (e.b_start, e.b_end)
        if end <= start:
            continue
        pieces.append(_Piece(text[pos:start]))
        pieces.append(_Piece(text[start:end], side))
        pos = end
    pieces.append(_Piece(text[pos : span.end]))
    return [p for p in pieces if p.text]


def _wrap(pieces: Iterable[_Piece], width: int) -> list[list[_Piece]]:
    """Greedy word wrap of styled pieces; newlines in the text start a new line."""
    lines: list[list[_Piece]] = [[]]
    used = 0
    for piece in pieces:
        for token in re.findall(r"\n|[^\S\n]+|[^\s]+", piece.text):
            if token == "\n":
                lines.append([])
                used = 0
                continue
            if token.isspace():
                if used:
                    lines[-1].append(_Piece(" ", piece.style))
                    used += 1
                continue
            while len(token) > width:  # a word longer than a line
                if used:
                    lines.append([])
                lines[-1].append(_Piece(token[:width], piece.style))
                lines.append([])
                token, used = token[width:], 0
            if used + len(token) > width and used:
                while lines[-1] and lines[-1][-1].text == " ":
                    lines[-1].pop()
                lines.append([])
                used = 0
            lines[-1].append(_Piece(token, piece.style))
            used += len(token)
    return lines


def _line(pieces: list[_Piece], width: int, color: bool) -> str:
    visible = sum(len(p.text) for p in pieces)
    body = "".join(
        f"{_STYLES[p.style]}{p.text}{_RESET}" if color and _STYLES[p.style] else p.text
        for p in pieces
    )
    return body + " " * max(0, width - visible)


def _style(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color else text


def _side_by_side(left: list[_Piece], right: list[_Piece], width: int, color: bool) -> list[str]:
    col = max(20, (width - 3) // 2)
    la, lb = _wrap(left, col), _wrap(right, col)
    rows = max(len(la), len(lb))
    la += [[]] * (rows - len(la))
    lb += [[]] * (rows - len(lb))
    sep = _style(" | ", "dim", color)
    return [
        f"{_line(x, col, color)}{sep}{_line(y, col, color).rstrip()}"
        for x, y in zip(la, lb, strict=True)
    ]


def _fact_line(f: Fact) -> str:
    speaker = f" ({f.speaker})" if f.kind == "quote" and f.speaker else ""
    return f"{f.kind:<9} {f.text}{speaker}"


def render_text(report: DiffReport, color: bool = False, width: int = 100) -> str:
    """A plain-text summary: overlaps side by side, only-in passages, facts, conflicts.

    With ``color``, words only A has are red and words only B has green (ANSI escapes).
    """
    width = max(40, width)
    out: list[str] = []
    sim = report.similarity
    out.append(
        _style(
            f"A: {report.a.id} ({report.a.chars} chars)    "
            f"B: {report.b.id} ({report.b.chars} chars)",
            "head",
            color,
        )
    )
    out.append(
        f"jaccard {sim.jaccard:.3f}   A in B {sim.containment_a_in_b:.3f}   "
        f"B in A {sim.containment_b_in_a:.3f}   (5-word shingles)"
    )
    out.append("")
    out.append(_style(f"Shared passages: {len(report.overlaps)}", "head", color))
    for n, ov in enumerate(report.overlaps, 1):
        out.append(
            _style(
                f"[{n}] similarity {ov.similarity:.2f}, {len(ov.edits)} edit(s), "
                f"A {ov.a.start}-{ov.a.end}, B {ov.b.start}-{ov.b.end}",
                "dim",
                color,
            )
        )
        out.extend(
            _side_by_side(
                _side_pieces(report.text_a, ov.a, ov.edits, "a"),
                _side_pieces(report.text_b, ov.b, ov.edits, "b"),
                width,
                color,
            )
        )
        out.append("")
    for label, spans, style in (
        ("Only in A", report.only_in_a, "a"),
        ("Only in B", report.only_in_b, "b"),
    ):
        out.append(_style(f"{label}: {len(spans)} passage(s)", "head", color))
        for span in spans:
            lines = textwrap.wrap(span.text, width - 2) or [""]
            out.extend(
                _style(("- " if i == 0 else "  ") + line, style, color)
                for i, line in enumerate(lines)
            )
        out.append("")
    facts = report.facts
    out.append(
        _style(f"Conflicts: {len(facts.conflicts)}", "warn" if facts.conflicts else "head", color)
    )
    for c in facts.conflicts:
        out.append(f"! {c.kind}: {c.detail}")
        out.append(f"    A: {c.a.text}")
        out.append(f"    B: {c.b.text}")
    for label, group, style in (
        ("Facts only in A", facts.only_in_a, "a"),
        ("Facts only in B", facts.only_in_b, "b"),
    ):
        out.append(_style(f"{label}: {len(group)}", "head", color))
        out.extend(_style("  " + _fact_line(f), style, color) for f in group)
    out.append(f"Facts in both: {len(facts.in_both)}")
    return "\n".join(out) + "\n"


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
:root { --a: #b3261e; --b: #1b6e2e; --ink: #1d1d1f; --muted: #666; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0; padding: 1rem 1.5rem; background: #fafafa; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
h2 { font-size: 1.05rem; margin: .2rem 0 .5rem; }
.scores, .legend { color: var(--muted); margin: .2rem 0; font-size: .9rem; }
.legend span { margin-right: 1rem; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-top: .8rem; }
.article { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem;
           max-height: 75vh; overflow: auto; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.ov { background: hsl(var(--h) 75% 87%); border-radius: 3px; cursor: pointer;
      outline-offset: 1px; transition: outline-color .2s; }
.ov.active, .ov.pinned { outline: 2px solid hsl(var(--h) 60% 40%); }
.ov.pinned { box-shadow: 0 0 0 4px hsl(var(--h) 70% 75%); }
.ov sup { font-size: .65rem; color: hsl(var(--h) 50% 30%); font-weight: 600; margin-right: 2px; }
.only { background: #fff6d6; border-bottom: 2px dotted #d39e00; }
del.ed { color: var(--a); text-decoration: line-through; background: #fde2e1; }
ins.ed { color: var(--b); text-decoration: none; background: #d9f2dd; font-weight: 600; }
.gap { color: var(--muted); font-size: .75rem; vertical-align: super; cursor: help; }
#facts { margin-top: 1.2rem; }
table.facts { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 1rem; }
table.facts th, table.facts td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left;
                                 vertical-align: top; font-size: .9rem; }
table.facts th { background: #f0f0f0; }
table.facts td.kind { white-space: nowrap; color: var(--muted); }
table.facts td.sentence { color: var(--muted); }
tr.conflict td { background: #fff4e5; }
.side-a { color: var(--a); } .side-b { color: var(--b); }
@media (max-width: 800px) { .sides { grid-template-columns: 1fr; } }
"""

_JS = """
(function () {
  function partner(el) {
    var other = el.dataset.side === "a" ? "b" : "a";
    return document.getElementById(other + "-ov-" + el.dataset.ov);
  }
  function mark(el, on) {
    var p = partner(el);
    el.classList.toggle("active", on);
    if (p) { p.classList.toggle("active", on); }
  }
  function jump(el) {
    document.querySelectorAll(".ov.pinned").forEach(function (x) { x.classList.remove("pinned"); });
    var p = partner(el);
    el.classList.add("pinned");
    if (p) { p.classList.add("pinned"); }
    if (p) { p.scrollIntoView({block: "center", inline: "nearest"}); }
  }
  document.querySelectorAll(".ov").forEach(function (el) {
    el.addEventListener("mouseenter", function () { mark(el, true); });
    el.addEventListener("mouseleave", function () { mark(el, false); });
    el.addEventListener("click", function () { jump(el); });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); jump(el); }
    });
  });
})();
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _hue(n: int) -> int:
    return round(n * 137.508) % 360


def _overlap_html(text: str, ov: Overlap, n: int, side: str) -> str:
    span = ov.a if side == "a" else ov.b
    other = "b" if side == "a" else "a"
    tag = "del" if side == "a" else "ins"
    parts = [
        f'<span class="ov" id="{side}-ov-{n}" data-ov="{n}" data-side="{side}" '
        f'style="--h: {_hue(n)}" tabindex="0" '
        f'title="shared passage {n + 1}, similarity {ov.similarity:.2f}">'
        f"<sup>{n + 1}</sup>"
    ]
    pos = span.start
    for e in ov.edits:
        start, end = (e.a_start, e.a_end) if side == "a" else (e.b_start, e.b_end)
        theirs = e.b_text if side == "a" else e.a_text
        parts.append(_esc(text[pos:start]))
        if end > start:
            note = f"{other.upper()}: {theirs}" if theirs else f"only {side.upper()} has this"
            parts.append(
                f'<{tag} class="ed" data-op="{e.op}" title="{_esc(note)}">'
                f"{_esc(text[start:end])}</{tag}>"
            )
        elif theirs:
            parts.append(
                f'<span class="gap" title="{_esc(other.upper() + " adds: " + theirs)}">'
                "&#8248;</span>"
            )
        pos = max(pos, end)
    parts.append(_esc(text[pos : span.end]))
    parts.append("</span>")
    return "".join(parts)


def _article_html(text: str, overlaps: Sequence[Overlap], only: Sequence[Span], side: str) -> str:
    """The article with overlaps and only-in passages wrapped in marked-up spans."""
    marks: list[tuple[int, int, str]] = []
    for n, ov in enumerate(overlaps):
        span = ov.a if side == "a" else ov.b
        marks.append((span.start, span.end, _overlap_html(text, ov, n, side)))
    for n, sp in enumerate(only):
        marks.append(
            (
                sp.start,
                sp.end,
                f'<span class="only" id="{side}-only-{n}" '
                f'title="only in {side.upper()}">{_esc(sp.text)}</span>',
            )
        )
    marks.sort()
    out, pos = [], 0
    for start, end, markup in marks:
        if start < pos:  # never happens for a well-formed report; keep the text intact
            continue
        out.append(_esc(text[pos:start]))
        out.append(markup)
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out)


def _fact_rows(facts: Iterable[Fact], side: str) -> str:
    rows = []
    for f in facts:
        speaker = f"<br><small>said by {_esc(f.speaker)}</small>" if f.speaker else ""
        rows.append(
            f'<tr class="fact side-{side}" data-kind="{_esc(f.kind)}">'
            f'<td class="kind">{_esc(f.kind)}</td><td>{_esc(f.text)}{speaker}</td>'
            f'<td class="sentence">{_esc(f.sentence)}</td></tr>'
        )
    return "".join(rows)


def _facts_html(report: DiffReport) -> str:
    facts = report.facts
    conflict_rows = (
        "".join(
            f'<tr class="conflict" data-kind="{_esc(c.kind)}"><td class="kind">{_esc(c.kind)}</td>'
            f'<td class="side-a">{_esc(c.a.text)}</td><td class="side-b">{_esc(c.b.text)}</td>'
            f"<td>{_esc(c.detail)}</td></tr>"
            for c in facts.conflicts
        )
        or '<tr><td colspan="4">none</td></tr>'
    )
    head = "<tr><th>kind</th><th>fact</th><th>sentence</th></tr>"
    empty = '<tr><td colspan="3">none</td></tr>'
    return (
        '<section id="facts"><h2>Facts</h2>'
        '<h3>Conflicts</h3><table class="facts" id="facts-conflicts">'
        "<tr><th>kind</th><th>A</th><th>B</th><th>detail</th></tr>"
        f"{conflict_rows}</table>"
        f'<h3 class="side-a">Only in A ({len(facts.only_in_a)})</h3>'
        f'<table class="facts" id="facts-only-a">{head}'
        f"{_fact_rows(facts.only_in_a, 'a') or empty}</table>"
        f'<h3 class="side-b">Only in B ({len(facts.only_in_b)})</h3>'
        f'<table class="facts" id="facts-only-b">{head}'
        f"{_fact_rows(facts.only_in_b, 'b') or empty}</table>"
        f"<details><summary>In both ({len(facts.in_both)})</summary>"
        f'<table class="facts" id="facts-in-both">{head}'
        f"{_fact_rows(facts.in_both, 'a') or empty}</table></details>"
        "</section>"
    )


def render_html(report: DiffReport, title: str | None = None) -> str:
    """One self-contained HTML page: both articles side by side, linked overlaps, fact tables."""
    title = title or f"dedup diff: {report.a.id} vs {report.b.id}"
    sim = report.similarity
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_esc(title)}</h1>"
        f'<p class="scores">Jaccard {sim.jaccard:.3f} · A in B {sim.containment_a_in_b:.3f} · '
        f"B in A {sim.containment_b_in_a:.3f} (5-word shingles) · "
        f"{len(report.overlaps)} shared passages · {len(report.only_in_a)} only in A · "
        f"{len(report.only_in_b)} only in B · {len(report.facts.conflicts)} conflicts</p>"
        '<p class="legend"><span class="ov" style="--h: 200">shared passage</span>'
        '<span><del class="ed">only A\'s words</del></span>'
        '<span><ins class="ed">only B\'s words</ins></span>'
        '<span class="only">only in one article</span>'
        "<span>hover a shared passage to see its twin; click to scroll to it</span></p>"
        "</header>"
        '<main class="sides">'
        f'<section class="article" id="side-a"><h2 class="side-a">A: {_esc(report.a.id)}</h2>'
        f'<div class="text">{_article_html(report.text_a, report.overlaps, report.only_in_a, "a")}'
        "</div></section>"
        f'<section class="article" id="side-b"><h2 class="side-b">B: {_esc(report.b.id)}</h2>'
        f'<div class="text">{_article_html(report.text_b, report.overlaps, report.only_in_b, "b")}'
        "</div></section></main>"
        f"{_facts_html(report)}"
        f"<script>{_JS}</script></body></html>\n"
    )
