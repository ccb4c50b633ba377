"""The brief as Markdown: the summary with numbered citations, then the reference list.

Every citation number resolves, in the reference list, to the outlet, title and date of the
article and to the exact sentence of that article that supports each brief sentence citing it.
"""

from __future__ import annotations

from storyfuse.model import Brief, Source

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
    return (
        f"{articles} article{'s' if articles != 1 else ''} from {outlet_text}, "
        f"{independent} independent source{'s' if independent != 1 else ''}; "
        f"{brief.word_count} words"
    )


def supports_by_source(brief: Brief) -> dict[int, list[tuple[int, str]]]:
    """For each citation number: (brief sentence number, supporting sentence) pairs."""
    out: dict[int, list[tuple[int, str]]] = {}
    for k, sentence in enumerate(brief.sentences, start=1):
        for support in sentence.support:
            out.setdefault(support.source, []).append((k, support.text))
    return out


def render_markdown(brief: Brief) -> str:
    lines = [f"# {_escape(brief.title or 'Brief')}", "", f"*{coverage_line(brief)}*", ""]
    for sentence in brief.sentences:
        lines.append(f"{_escape(sentence.text)} {_cite(sentence.citations)}")
        lines.append("")
    lines += ["## Sources", ""]
    by_source = supports_by_source(brief)
    for source in brief.sources:
        lines.append(f"{source.number}. {source_line(source)}")
        for k, text in by_source.get(source.number, []):
            lines.append(f"   - for sentence {k}: “{_escape(text)}”")
    dependent = [g for g in brief.groups if len(g.article_ids) > 1]
    if dependent:
        lines += ["", "## Not independent", ""]
        lines += [f"- {line}" for line in group_lines(brief)]
    return "\n".join(lines).rstrip() + "\n"


def group_lines(brief: Brief) -> list[str]:
    """One line per group of non-independent articles: who, and why (each reason once)."""
    numbers = {s.article_id: s.number for s in brief.sources}
    out = []
    for group in brief.groups:
        if len(group.article_ids) < 2:
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
