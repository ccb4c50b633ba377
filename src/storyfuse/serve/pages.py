"""The web pages: a story list, a story's brief, an article in context.

Everything that comes from an article (text, titles, outlets, URLs) is escaped, links are made
only from http(s) URLs, and the pages load nothing but this server's own stylesheet and
script, which the Content-Security-Policy enforces as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote, urlencode

from storyfuse import __version__
from storyfuse.model import Article, Brief, Join, Story
from storyfuse.render.html import brief_body


def article_href(article_id: str, index: int | None = None) -> str:
    return f"/articles/{quote(article_id, safe='')}" + (f"#s{index}" if index is not None else "")


def layout(title: str, body: str, *, notice: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · storyfuse</title>"
        '<link rel="stylesheet" href="/static/app.css">'
        '<script src="/static/app.js" defer></script></head>\n<body>'
        '<header class="top"><a href="/" class="home">storyfuse</a>'
        '<a href="/docs" class="api">API</a></header>'
        f"{notice}<main>{body}</main>"
        f"<footer>storyfuse {escape(__version__)}</footer></body></html>\n"
    )


def _dates(story: Story) -> str:
    first, last = story.first_seen, story.last_seen
    if not first:
        return "undated"
    return first if first == last or not last else f"{first} – {last}"


def story_list(
    stories: Sequence[Story],
    *,
    query: dict[str, str],
    page: int,
    more: bool,
    new_since: str | None,
) -> str:
    search = escape(query.get("q", ""))
    min_sources = escape(query.get("min_sources", ""))
    form = (
        '<form class="filters" method="get" action="/">'
        f'<input type="search" name="q" value="{search}" placeholder="Search titles" '
        'aria-label="Search story titles">'
        f'<input type="number" name="min_sources" min="1" value="{min_sources}" '
        'placeholder="min. sources" aria-label="Minimum independent sources">'
        '<button type="submit">Filter</button></form>'
    )
    items = []
    for s in stories:
        new = (
            f'<span class="new" title="articles added since your last visit">+{s.new_articles} '
            "new</span>"
            if new_since and s.new_articles
            else ""
        )
        independent = "?" if s.independent is None else str(s.independent)
        items.append(
            f'<li class="story"><a class="title" href="/stories/{s.id}">'
            f"{escape(s.title or f'Story {s.id}')}</a>{new}"
            f'<div class="note">{s.articles} article{"s" * (s.articles != 1)} · {s.outlets} '
            f"outlet{'s' * (s.outlets != 1)} · {independent} independent · "
            f"{escape(_dates(s))}</div></li>"
        )
    if not items:
        items.append(
            '<li class="empty">No stories match. Add articles with <code>storyfuse '
            "add</code> or <code>POST /api/articles</code>.</li>"
        )
    nav = []
    if page > 1:
        nav.append(
            f'<a rel="prev" href="/?{escape(urlencode({**query, "page": page - 1}))}">← newer</a>'
        )
    if more:
        nav.append(
            f'<a rel="next" href="/?{escape(urlencode({**query, "page": page + 1}))}">older →</a>'
        )
    since = (
        f'<p class="note">“new” counts articles added since your last visit ({escape(new_since)} '
        "UTC).</p>"
        if new_since
        else ""
    )
    body = (
        f'<h1>Stories</h1>{form}{since}<ol class="stories">{"".join(items)}</ol>'
        f'<nav class="pages">{" ".join(nav)}</nav>'
    )
    return layout("Stories", body)


def story_page(story: Story, brief: Brief, *, stale: bool = False) -> str:
    notice = (
        '<p class="notice" role="status">New articles arrived for this story; this brief is '
        "being updated. Reload in a few seconds.</p>"
        if stale
        else ""
    )
    toc = " · ".join(
        f'<a href="#{name}">{escape(name)}</a>' for name in (*brief.sections, "sources")
    )
    body = f'<nav class="toc">{toc}</nav>' + "\n".join(brief_body(brief, article_href))
    body += joins_section(story, {s.article_id: s.title for s in brief.sources})
    body += (
        f'<p class="note">As <a href="/api/stories/{story.id}">JSON</a> · '
        f'<a href="/api/stories/{story.id}?format=markdown">Markdown</a></p>'
    )
    return layout(brief.title or f"Story {story.id}", body, notice=notice)


def join_text(join: Join) -> str:
    """One article's way into its story, in words (the page and ``storyfuse story``)."""
    if join.score is None:
        return "not recorded (added before storyfuse recorded joins; `storyfuse recluster`)"
    if join.started:
        how = "started the story"
        if join.runner_up is not None:
            how += (
                f"; the closest story, {join.runner_up}, scored {join.runner_up_score:.2f}, "
                f"under the {join.threshold:.2f} needed"
            )
        return how
    how = f"joined with {join.score:.2f} (needs {join.threshold:.2f})"
    if join.runner_up is not None and join.runner_up_score is not None:
        how += f"; runner-up story {join.runner_up} at {join.runner_up_score:.2f}"
    return how


def joins_section(story: Story, titles: dict[str, str | None]) -> str:
    """Why each article is in the story: a reader who sees a wrong one can tell why."""
    if not story.joins:
        return ""
    items = []
    for join in story.joins:
        title = titles.get(join.article_id) or join.article_id
        runner = (
            f' · <a href="/stories/{join.runner_up}">story {join.runner_up}</a>'
            if join.runner_up is not None and join.runner_up != story.id
            else ""
        )
        items.append(
            f'<li><a href="{article_href(join.article_id)}">{escape(title)}</a>: '
            f"{escape(join_text(join))}{runner}</li>"
        )
    return (
        f'<details id="joins"><summary>How the {len(story.joins)} articles joined this story'
        f'</summary><ul class="items">{"".join(items)}</ul></details>'
    )


def _link(url: str | None) -> str:
    if not url:
        return ""
    if url[:8].lower().startswith(("http://", "https://")):
        return (
            f'<a class="where" href="{escape(url)}" rel="noopener noreferrer nofollow">'
            f"{escape(url)}</a>"
        )
    return f'<span class="where">{escape(url)}</span>'


def article_page(article: Article, story_id: int | None) -> str:
    by_paragraph: dict[int, list[str]] = {}
    for s in article.sentences:
        by_paragraph.setdefault(s.paragraph, []).append(
            f'<span class="sentence" id="s{s.index}">{escape(s.text)}</span>'
        )
    paragraphs = "".join(f"<p>{' '.join(parts)}</p>" for _, parts in sorted(by_paragraph.items()))
    if not by_paragraph:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    meta = " · ".join(
        escape(x) for x in (article.outlet, (article.published or "")[:10], *article.authors) if x
    )
    back = f'<p><a href="/stories/{story_id}">← the story</a></p>' if story_id else ""
    removed = "".join(
        f"<li><b>{escape(r.rule)}</b>"
        + (f" (line {r.line})" if r.line else "")
        + (f" → kept as {escape(r.moved_to)}" if r.moved_to else "")
        + f"<blockquote>{escape(r.text)}</blockquote></li>"
        for r in article.removed
    )
    removed_html = (
        f"<details><summary>Removed in cleaning ({len(article.removed)})</summary>"
        f'<ul class="items">{removed}</ul></details>'
        if removed
        else '<p class="note">Nothing was removed in cleaning.</p>'
    )
    body = (
        f"{back}<h1>{escape(article.title or article.id)}</h1>"
        f'<p class="meta">{meta}</p>{_link(article.url or article.origin)}'
        f'<article class="text">{paragraphs}</article><h2>Cleaning</h2>{removed_html}'
        f'<p class="note"><a href="/api/articles/{quote(article.id, safe="")}">As JSON</a></p>'
    )
    return layout(article.title or article.id, body)


def error_page(status: int, message: str) -> str:
    return layout(
        f"Error {status}",
        f'<h1>Error {status}</h1><p>{escape(message)}</p><p><a href="/">All stories</a></p>',
    )
