"""Human-readable blocks for ingested articles (``storyfuse ingest`` without ``--json``)."""

from __future__ import annotations

import textwrap
from collections import Counter

from storyfuse.model import Article

WIDTH = 100
_INDENT = "    "


def _credits(article: Article) -> str:
    if not article.credits:
        return "none"
    return "; ".join(f"{c.name or c.text} ({c.kind})" for c in article.credits)


def removal_summary(article: Article) -> str:
    counts = Counter(r.rule for r in article.removed)
    if not counts:
        return "0 lines removed"
    total = sum(counts.values())
    detail = ", ".join(f"{rule} {n}" for rule, n in counts.most_common())
    return f"{total} line{'s' if total != 1 else ''} removed ({detail})"


def format_article(
    article: Article, number: int, *, show_removed: bool = False, show_text: bool = False
) -> str:
    """One block: title, where it came from, metadata, sizes, and optionally removals and text."""
    title = article.title or "(no title)"
    lines = [f"[{number}] {title}"]
    lines.append(f"{_INDENT}id: {article.id}   origin: {article.origin or '-'}")
    facts = [
        f"outlet: {article.outlet or '-'}",
        f"published: {article.published or '-'}",
        f"language: {article.language or '-'}",
    ]
    if article.dateline:
        facts.append(f"dateline: {article.dateline}")
    if article.authors:
        facts.append(f"authors: {', '.join(article.authors)}")
    lines.append(_INDENT + "   ".join(facts))
    lines.append(f"{_INDENT}credits: {_credits(article)}")
    lines.append(
        f"{_INDENT}{article.word_count} words, {len(article.paragraphs)} paragraphs, "
        f"{len(article.sentences)} sentences; {removal_summary(article)}"
    )
    if show_removed and article.removed:
        lines.append(f"{_INDENT}removed:")
        for removal in article.removed:
            where = f"line {removal.line}" if removal.line is not None else (removal.where or "-")
            moved = f" -> {removal.moved_to}" if removal.moved_to else ""
            text = textwrap.shorten(removal.text, width=70, placeholder=" …")
            lines.append(f"{_INDENT}  {where:>10}  {removal.rule}{moved}: {text}")
    if show_text:
        lines.append("")
        for paragraph in article.paragraphs:
            lines.extend(
                textwrap.wrap(paragraph, WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT)
            )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
