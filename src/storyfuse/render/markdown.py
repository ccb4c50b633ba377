"""The brief as Markdown: the summary with numbered citations, then the reference list.

Every citation number resolves, in the reference list, to the outlet, title and date of the
article and to the exact sentence of that article that supports each brief sentence citing it.
"""

from __future__ import annotations

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
    Source,
    Support,
    TimelineEvent,
    UniqueDetail,
)

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _cite(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _escape(text: str) -> str:
    """Keep article text from being read as Markdown markup."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def source_line(source: Source) -> str:
    parts = [f"**{_escape(source.outlet)}**" if source.outlet else "**(unknown outlet)**"]
    if source.title:
        parts.append(f"*{_escape(source.title)}*")
    if source.published:
        parts.append(source.published[:10])
    where = source.url or source.origin
    if where:
        parts.append(f"<{where}>" if source.url else f"`{where}`")
    return " — ".join(parts)


def coverage_line(brief: Brief) -> str:
    stats = brief.stats
    articles = stats.get("articles", len(brief.sources))
    outlets = stats.get("outlets", 0)
    independent = stats.get("independent_sources", len(brief.groups))
    outlet_text = f"{outlets} outlet{'s' if outlets != 1 else ''}" if outlets else "unknown outlets"
    line = (
        f"{articles} article{'s' if articles != 1 else ''} from {outlet_text}, "
        f"{independent} independent source{'s' if independent != 1 else ''}"
    )
    return line + (f"; {brief.word_count} words" if brief.sentences else "")


def supports_by_source(brief: Brief) -> dict[int, list[tuple[int, Support]]]:
    """For each citation number: (brief sentence number, supporting sentence) pairs."""
    out: dict[int, list[tuple[int, Support]]] = {}
    for k, sentence in enumerate(brief.sentences, start=1):
        for support in sentence.support:
            out.setdefault(support.source, []).append((k, support))
    return out


def render_markdown(brief: Brief, full: bool = False) -> str:
    """The brief as Markdown; ``full`` lists every analysis item, not only the first ones."""
    lines = [f"# {_escape(brief.title or 'Brief')}", "", f"*{coverage_line(brief)}*", ""]
    for sentence in brief.sentences:
        lines.append(f"{_escape(sentence.text)} {_cite(sentence.citations)}")
        lines.append("")
    if brief.analysis is not None:
        lines += analysis_lines(brief.analysis, brief.sections, full)
    lines += ["## Sources", ""]
    by_source = supports_by_source(brief)
    for source in brief.sources:
        lines.append(f"{source.number}. {source_line(source)}")
        for k, support in by_source.get(source.number, []):
            lines.append(f"   - for sentence {k}: “{_escape(support.text)}”")
    dependent = [g for g in brief.groups if len(g.article_ids) > 1 or g.reasons]
    if dependent:
        lines += ["", "## Not independent", ""]
        lines += [f"- {line}" for line in group_lines(brief)]
    return "\n".join(lines).rstrip() + "\n"


def group_lines(brief: Brief) -> list[str]:
    """One line per group of non-independent articles: who, and why (each reason once)."""
    numbers = {s.article_id: s.number for s in brief.sources}
    out = []
    for group in brief.groups:
        if len(group.article_ids) < 2 and not group.reasons:
            continue
        cited = sorted(numbers[a] for a in group.article_ids if a in numbers)
        others = len(group.article_ids) - len(cited)
        members = ", ".join(f"[{n}]" for n in cited)
        if others:
            members += (
                f"{' and ' if cited else ''}{others} other article{'s' if others > 1 else ''}"
            )
        why = list(dict.fromkeys(r.split(": ", 1)[-1] for r in group.reasons))
        shown = "; ".join(why[:3]) + (f"; and {len(why) - 3} more" if len(why) > 3 else "")
        out.append(f"{_escape(group.label)}: {members} ({_escape(shown)})")
    return out


# -- the analysis sections ----------------------------------------------------------------------

#: Items each section shows first, ranked (the JSON carries them all, ``full=True`` shows
#: them all): with them a 10-article brief reads in about two screens.
SHOWN = {
    "agreement": 5,
    "conflicts": 4,
    "unique": 10,
    "quotes": 5,
    "entities": 10,
    "numbers": 8,
    "timeline": 10,
}


def split_shown(
    analysis: Analysis, section: str, full: bool = False
) -> tuple[list[Any], list[Any]]:
    """A section's items: those shown first, and the rest."""
    items = list(getattr(analysis, section))
    if full:
        return items, []
    return items[: SHOWN[section]], items[SHOWN[section] :]


HEADINGS = {
    "agreement": "What the sources agree on",
    "conflicts": "Where they conflict",
    "unique": "What only one report adds",
    "quotes": "Quotes",
    "entities": "People, organisations and places",
    "numbers": "Numbers",
    "timeline": "Timeline",
}


def side_notes(conflict: Conflict, k: int) -> list[str]:
    """What a reader should know of side ``k`` of a conflict (any renderer escapes these)."""
    side = conflict.sides[k]
    notes = [
        ("also reported as superseded", side.revised),
        ("most recent", conflict.latest == k),
        (f"as of {side.published}", bool(side.published)),
    ]
    return [note for note, on in notes if on]


def speaker_line(quote: Quote) -> str:
    """ "Speaker, description" as plain text."""
    who = quote.speaker or "unattributed"
    return f"{who}, {quote.description}" if quote.description else who


def timeline_flags(event: TimelineEvent) -> list[str]:
    flags = (("expected", event.expected), ("date estimated", event.estimated))
    return [flag for flag, on in flags if on]


def _refs(evidence: list[Evidence]) -> str:
    return _cite(sorted({e.source for e in evidence}))


def _quote(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return _escape(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def analysis_lines(analysis: Analysis, sections: list[str], full: bool = False) -> list[str]:
    """The analysis sections, in the order of ``model.SECTIONS``, each under a heading."""
    out: list[str] = []
    for section in sections:
        if section not in HEADINGS:
            continue
        items, rest = split_shown(analysis, section, full)
        body = _SECTION_LINES[section](items)
        out += [f"## {HEADINGS[section]}", ""]
        out += body or ["*Nothing found.*"]
        if rest:
            out.append(f"- *and {len(rest)} more: shown with `--all`, and in the JSON*")
        out.append("")
    return out


def _agreement(items: list[Agreement]) -> list[str]:
    lines = []
    for a in items:
        outlets = ", ".join(_escape(o) for o in a.outlets)
        lines.append(
            f"- {_quote(a.text)} {_refs(a.evidence)} — {a.articles} articles, "
            f"{a.independent_sources} independent: {outlets}"
        )
    return lines


def _conflicts(items: list[Conflict]) -> list[str]:
    lines = []
    for c in items:
        lines.append(f"- **{_escape(c.kind)}** — {_escape(c.about)}")
        for k, side in enumerate(c.sides):
            notes = side_notes(c, k)
            note = f" ({'; '.join(notes)})" if notes else ""
            lines.append(f"  - **{_escape(side.value)}**{note} {_refs(side.evidence)}")
            for e in side.evidence:
                lines.append(f"    - [{e.source}] “{_quote(e.text)}”")
    return lines


def _unique(items: list[UniqueDetail]) -> list[str]:
    return [f"- [{u.source}] {_quote(u.text)}" for u in items]


def _quotes(items: list[Quote]) -> list[str]:
    lines = []
    for q in items:
        who = _escape(speaker_line(q))
        lines.append(f"- “{_quote(q.text, 300)}” — {who} {_refs(q.evidence)}")
    return lines


def _entities(items: list[Entity]) -> list[str]:
    lines = []
    for e in items:
        line = f"- **{_escape(e.name)}** ({e.kind}"
        line += f"; {_escape(e.role)})" if e.role else ")"
        line += f" — {e.articles} article{'s' if e.articles != 1 else ''}, {e.mentions} mentions"
        if e.variants:
            line += f"; also “{'”, “'.join(_escape(v) for v in e.variants[:4])}”"
        lines.append(line)
    return lines


def _numbers(items: list[NumberFact]) -> list[str]:
    lines = []
    for n in items:
        lines.append(
            f"- **{_escape(n.display)}** (“{_escape(n.text)}”, {n.dimension}; {n.status}) "
            f"{_refs(n.evidence)}"
        )
    return lines


def _timeline(items: list[TimelineEvent]) -> list[str]:
    lines = []
    for t in items:
        date = t.date or "undated"
        flags = timeline_flags(t)
        flag = f" *({', '.join(flags)})*" if flags else ""
        lines.append(
            f"- **{date}** ({_escape(t.when)}){flag}: {_quote(t.text)} {_refs(t.evidence)}"
        )
    return lines


_SECTION_LINES = {
    "agreement": _agreement,
    "conflicts": _conflicts,
    "unique": _unique,
    "quotes": _quotes,
    "entities": _entities,
    "numbers": _numbers,
    "timeline": _timeline,
}
