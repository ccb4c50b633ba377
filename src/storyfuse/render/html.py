"""The brief as one self-contained HTML page.

Citations are links to the supporting sentence in the reference list, which is highlighted
when targeted (CSS ``:target``): no script, no external resource, and every piece of article
text escaped, because article text is hostile input.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from storyfuse.model import (
    Agreement,
    Analysis,
    Brief,
    Conflict,
    Entity,
    Evidence,
    NumberFact,
    Quote,
    TimelineEvent,
    UniqueDetail,
)
from storyfuse.render.markdown import (
    HEADINGS,
    coverage_line,
    side_notes,
    speaker_line,
    split_shown,
    supports_by_source,
    timeline_flags,
)

STYLE = """
body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.7rem;line-height:1.25;margin-bottom:.2rem}
.meta{color:#666;font-style:italic;margin-top:0}
.brief p{margin:.6rem 0}
a.cite{font:600 .75rem system-ui,sans-serif;text-decoration:none;vertical-align:super;
  padding:0 .15rem;color:#0a58ca}
a.cite:hover,a.cite:focus{text-decoration:underline}
h3.outlet{font:600 .95rem system-ui,sans-serif;margin:1rem 0 .2rem}
h2{font:600 1.05rem system-ui,sans-serif;margin-top:2.2rem;border-top:1px solid #ddd;
  padding-top:1rem}
ol.sources{padding-left:1.6rem;font-size:.95rem}
ol.sources>li{margin-bottom:.9rem}
.support{margin:.35rem 0 0;padding:.35rem .6rem;border-left:3px solid #ccc;color:#333;
  scroll-margin-top:2rem}
.support:target{border-left-color:#0a58ca;background:#eef4ff}
.support .for{font:600 .75rem system-ui,sans-serif;color:#666;display:block}
.outlet{font-weight:600}.title{font-style:italic}.date,.where{color:#666}
.where{font:.8rem ui-monospace,monospace;word-break:break-all}
ul.items{padding-left:1.2rem}ul.items>li{margin:.5rem 0}
.note{font:.8rem system-ui,sans-serif;color:#555}
details{margin:.2rem 0}summary{cursor:pointer;font:.8rem system-ui,sans-serif;color:#555}
details blockquote{margin:.3rem 0 .3rem .4rem;padding:.2rem .5rem;border-left:3px solid #ccc}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.6rem;
  margin:.4rem 0 1rem}
.side{border:1px solid #ddd;border-radius:6px;padding:.4rem .6rem;font-size:.95rem}
.side blockquote{margin:.4rem 0;padding:0}
.side.latest{border-color:#0a58ca}.side.revised{opacity:.8;border-style:dashed}
.value{font:600 1rem system-ui,sans-serif}
table{border-collapse:collapse;font-size:.9rem;width:100%}
td,th{border-bottom:1px solid #eee;padding:.25rem .4rem;text-align:left;vertical-align:top}
"""


#: Where a source sentence is shown in its article: (article id, sentence index) -> URL.
ContextLink = Callable[[str, int], str]


def render_html(brief: Brief, full: bool = False) -> str:
    """One self-contained page: inline style, no script, nothing loaded from anywhere.

    Each analysis section shows its first items; the rest are folded under "N more" unless
    ``full``."""
    title = escape(brief.title or "Brief")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(brief_body(brief, full=full))
        + "\n</body></html>\n"
    )


def brief_body(
    brief: Brief, in_context: ContextLink | None = None, full: bool = False
) -> list[str]:
    """The brief's HTML without a page around it (the server wraps it in its own page).

    With ``in_context``, every source sentence links to where it stands in its article.
    """
    title = escape(brief.title or "Brief")
    body = [f"<h1>{title}</h1>", f'<p class="meta">{escape(coverage_line(brief))}</p>']
    body.append('<section class="brief" id="summary">')
    for k, sentence in enumerate(brief.sentences, start=1):
        cites = "".join(
            f'<a class="cite" href="#s{k}-src{n}" title="Source {n}">[{n}]</a>'
            for n in sentence.citations
        )
        body.append(f'<p id="s{k}">{escape(sentence.text)}{cites}</p>')
    body.append("</section>")
    if brief.analysis is not None:
        body += analysis_html(brief.analysis, brief.sections, full)
    body.append('<h2 id="sources">Sources</h2><ol class="sources">')
    supports = supports_by_source(brief)
    for source in brief.sources:
        head = [f'<span class="outlet">{escape(source.outlet or "(unknown outlet)")}</span>']
        if source.title:
            head.append(f'<span class="title">{escape(source.title)}</span>')
        if source.published:
            head.append(f'<span class="date">{escape(source.published[:10])}</span>')
        where = source.url or source.origin
        if where:
            head.append(f'<span class="where">{escape(where)}</span>')
        body.append(f'<li id="src{source.number}">' + " — ".join(head))
        for k, support in supports.get(source.number, []):
            link = ""
            if in_context is not None:
                href = escape(in_context(support.article_id, support.index))
                link = f' <a class="context" href="{href}">in context</a>'
            body.append(
                f'<blockquote class="support" id="s{k}-src{source.number}">'
                f'<a class="for" href="#s{k}">supports sentence {k}</a>'
                f"{escape(support.text)}{link}</blockquote>"
            )
        body.append("</li>")
    body.append("</ol>")
    return body


# -- the analysis sections ----------------------------------------------------------------------


def _cites(evidence: list[Evidence]) -> str:
    numbers = sorted({e.source for e in evidence})
    return "".join(f'<a class="cite" href="#src{n}" title="Source {n}">[{n}]</a>' for n in numbers)


def _sentences(evidence: list[Evidence], label: str = "source sentences") -> str:
    """The source sentences behind an item, folded: a click shows them (no script needed)."""
    return f"<details><summary>{escape(label)}</summary>{_blockquotes(evidence)}</details>"


def _blockquotes(evidence: list[Evidence]) -> str:
    return "".join(
        f'<blockquote><a href="#src{e.source}">[{e.source}]</a> {escape(e.text)}</blockquote>'
        for e in evidence
    )


def analysis_html(analysis: Analysis, sections: list[str], full: bool = False) -> list[str]:
    out: list[str] = []
    for section in sections:
        if section in HEADINGS:
            items, rest = split_shown(analysis, section, full)
            out.append(f'<h2 id="{section}">{escape(HEADINGS[section])}</h2>')
            out.append(_HTML[section](items) or '<p class="note">Nothing found.</p>')
            if rest:
                out.append(
                    f'<details class="more"><summary>{len(rest)} more</summary>'
                    f"{_HTML[section](rest)}</details>"
                )
    return out


def _agreement(items: list[Agreement]) -> str:
    items = [
        f'<li>{escape(a.text)}{_cites(a.evidence)}<br><span class="note">{a.articles} '
        f"articles, {a.independent_sources} independent: {escape(', '.join(a.outlets))}</span>"
        f"{_sentences(a.evidence)}</li>"
        for a in items
    ]
    return f'<ul class="items">{"".join(items)}</ul>' if items else ""


def _conflicts(items: list[Conflict]) -> str:
    parts = []
    for c in items:
        sides = []
        for k, side in enumerate(c.sides):
            classes = (
                "side" + (" latest" if c.latest == k else "") + (" revised" if side.revised else "")
            )
            notes = "; ".join(side_notes(c, k))
            sides.append(
                f'<div class="{classes}"><div class="value">{escape(side.value)}</div>'
                f'<div class="note">{escape(notes)}</div>{_blockquotes(side.evidence)}</div>'
            )
        parts.append(
            f'<p><b>{escape(c.kind)}</b>: {escape(c.about)}</p><div class="sides">'
            + "".join(sides)
            + "</div>"
        )
    return "".join(parts)


def _unique(items: list[UniqueDetail]) -> str:
    """Grouped by outlet, so a reader sees what each source adds."""
    by_outlet: dict[str, list[str]] = {}
    for u in items:
        by_outlet.setdefault(u.outlet or "(unknown outlet)", []).append(
            f'<li><a class="cite" href="#src{u.source}">[{u.source}]</a> {escape(u.text)}</li>'
        )
    return "".join(
        f'<h3 class="outlet">{escape(outlet)}</h3><ul class="items">{"".join(items)}</ul>'
        for outlet, items in by_outlet.items()
    )


def _quotes(items: list[Quote]) -> str:
    items = []
    for q in items:
        who = escape(speaker_line(q))
        items.append(
            f"<li>“{escape(q.text)}” — <b>{who}</b>{_cites(q.evidence)}"
            f"{_sentences(q.evidence, 'in context')}</li>"
        )
    return f'<ul class="items">{"".join(items)}</ul>' if items else ""


def _entities(items: list[Entity]) -> str:
    rows = [
        f"<tr><td><b>{escape(e.name)}</b></td><td>{escape(e.kind)}</td>"
        f"<td>{escape(e.role or '')}</td><td>{e.articles}</td><td>{e.mentions}</td>"
        f"<td>{escape(', '.join(e.variants))}</td></tr>"
        for e in items
    ]
    if not rows:
        return ""
    head = (
        "<tr><th>name</th><th>kind</th><th>role</th><th>articles</th><th>mentions</th>"
        "<th>also written</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _numbers(items: list[NumberFact]) -> str:
    rows = [
        f"<tr><td><b>{escape(n.display)}</b></td><td>{escape(n.text)}</td>"
        f"<td>{escape(n.dimension)}</td><td>{escape(n.status)}</td>"
        f"<td>{_cites(n.evidence)}{_sentences(n.evidence)}</td></tr>"
        for n in items
    ]
    if not rows:
        return ""
    head = "<tr><th>amount</th><th>as written</th><th>kind</th><th>status</th><th>sources</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _timeline(items: list[TimelineEvent]) -> str:
    items = []
    for t in items:
        flags = timeline_flags(t)
        note = f' <span class="note">({escape(", ".join(flags))})</span>' if flags else ""
        items.append(
            f"<li><b>{escape(t.date or 'undated')}</b> ({escape(t.when)}){note}: "
            f"{escape(t.text)}{_cites(t.evidence)}</li>"
        )
    return f'<ul class="items">{"".join(items)}</ul>' if items else ""


_HTML: dict[str, Any] = {
    "agreement": _agreement,
    "conflicts": _conflicts,
    "unique": _unique,
    "quotes": _quotes,
    "entities": _entities,
    "numbers": _numbers,
    "timeline": _timeline,
}
