"""The ``storyfuse`` command: a thin layer over the library API.

Exit status (the same for every command):

  0  everything was processed
  1  partial failure: some inputs failed (each reported on stderr), the rest were processed
  2  usage error (bad option or argument)
  3  nothing was processed: every input failed, or --strict stopped at the first failure
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from storyfuse import __version__
from storyfuse.errors import DEBUG_ENV, InputError
from storyfuse.model import SCHEMA_VERSION, SECTIONS, Article, Brief
from storyfuse.options import (
    DEFAULT_BRIEF_WORDS,
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    BriefOptions,
    IngestOptions,
)

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """\b
Exit status:
  0  everything was processed
  1  some inputs failed (each reported on stderr); the rest were processed
  2  usage error
  3  nothing was processed, or --strict stopped at the first failure
"""

_SIZE_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
}


def _parse_size(_ctx: click.Context, _param: click.Parameter, value: str | int) -> int:
    if isinstance(value, int):
        return value
    text = str(value).strip().lower().replace(" ", "")
    number = text.rstrip("kmgb")
    unit = text[len(number) :]
    try:
        size = float(number) * _SIZE_UNITS[unit]
    except (ValueError, KeyError):
        raise click.BadParameter(f"'{value}' is not a size like 500KB, 64MB or 1GB") from None
    if size <= 0:
        raise click.BadParameter("must be more than 0")
    return int(size)


class _NoBar:
    """What :func:`_progress_bar` gives when no bar is shown: importing tqdm alone takes
    35 ms, a tenth of a short ``storyfuse add``'s start-up."""

    def update(self, n: int = 1) -> None:
        pass

    def clear(self) -> None:
        pass

    def set_postfix(self, **kwargs: Any) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(flag: bool | None, **kwargs: Any) -> Any:
    """A tqdm bar on stderr: shown when asked (--progress), or on a terminal once the work has
    taken more than half a second, so short runs stay quiet."""
    enabled = sys.stderr.isatty() if flag is None else flag
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    class Bar(tqdm):
        # No monitor thread: the ingest workers are forked only from a single-threaded process.
        monitor_interval = 0

    return Bar(
        file=sys.stderr,
        delay=0.5 if flag is None else 0,
        dynamic_ncols=True,
        **kwargs,
    )


def _error(message: str) -> None:
    click.echo(f"storyfuse: error: {message}", err=True)


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file written atomically: it appears only if the command finishes."""
    if path in (None, "-"):
        yield sys.stdout
        return
    directory = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".storyfuse-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


#: Shared by the commands that write articles or briefs.
_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Write to this file instead of stdout (replaced only when the run completes).",
)

#: Shared by the evaluation commands.
_report_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="PATH",
    help="Also write the report as PATH.md (Markdown) and PATH.json (JSON).",
)


def _write_report(output: str | None, markdown: str, json_text: str) -> None:
    if output:
        stem, suffix = os.path.splitext(output)
        stem = stem if suffix in (".md", ".json") else output
        with _output(stem + ".md") as out:
            out.write(markdown)
        with _output(stem + ".json") as out:
            out.write(json_text)


#: Shared by every command that does long work.
_progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr [default: only when stderr is a terminal].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="storyfuse")
def cli() -> None:
    """storyfuse reads many news articles about one event and fuses them into one brief in
    which every sentence cites its sources.

    Run `storyfuse COMMAND --help` for the options of a command.
    """


def _reading_options(command: Any) -> Any:
    """The options of every command that reads articles (they become an IngestOptions)."""
    options = [
        click.option(
            "--strict",
            is_flag=True,
            help="Stop at the first failed input and exit with status 3 (no output file).",
        ),
        click.option(
            "--max-size",
            default=str(DEFAULT_MAX_BYTES // 1024**2) + "MB",
            show_default=True,
            callback=_parse_size,
            metavar="SIZE",
            help="Largest single document (file, URL body, JSONL line). JSONL files stream.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=DEFAULT_TIMEOUT,
            show_default=True,
            help="Seconds to wait for a URL before giving up.",
        ),
        click.option(
            "--language",
            metavar="CODE",
            default=None,
            help="Treat every article as this language (ISO 639-1, e.g. en) instead of "
            "detecting it.",
        ),
        click.option(
            "--no-clean",
            is_flag=True,
            help="Keep the text as given: skip the boilerplate rules (HTML is still extracted).",
        ),
        click.option(
            "--no-audit-html",
            is_flag=True,
            help="Do not list the page blocks the HTML extractor dropped (faster).",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            help="Worker processes for cleaning (0: one per CPU). Pays off from a few hundred "
            "articles.",
        ),
        _progress_option,
        click.option(
            "-q", "--quiet", is_flag=True, help="No summary line on stderr (errors still show)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class _StrictStop(Exception):
    pass


@dataclass
class _Reading:
    """What the reading options asked for, and what reading found."""

    options: IngestOptions
    strict: bool
    progress: bool | None
    quiet: bool
    errors: list[InputError] = field(default_factory=list)
    inputs: int = 0
    articles: int = 0

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> _Reading:
        return cls(
            options=IngestOptions(
                max_bytes=params["max_size"],
                timeout=params["timeout"],
                language=params["language"],
                clean=not params["no_clean"],
                audit_html=not params["no_audit_html"],
                jobs=params["jobs"],
            ),
            strict=params["strict"],
            progress=params["progress"],
            quiet=params["quiet"],
        )

    def articles_of(
        self, inputs: tuple[str, ...], then: Callable[[Article], Any] | None = None
    ) -> Iterator[Any]:
        """Articles (or ``then`` of each, see ``ingest_sources``) in input order; failures are
        reported on stderr as they happen."""
        from storyfuse.ingest import expand_inputs, ingest_sources

        sources, self.errors = expand_inputs(inputs)
        self.inputs = len(sources)
        for error in self.errors:
            _error(str(error))
        if self.strict and self.errors:
            raise _StrictStop
        # One input (a big JSONL, a feed): count articles; many: count inputs done.
        per_article = len(sources) == 1
        bar = _progress_bar(
            self.progress,
            total=None if per_article else len(sources),
            unit=" articles" if per_article else " inputs",
        )
        try:
            done = lambda _source: None if per_article else bar.update()  # noqa: E731
            for item in ingest_sources(sources, self.options, on_source_done=done, then=then):
                if isinstance(item, InputError):
                    self.errors.append(item)
                    bar.clear()
                    _error(str(item))
                    if self.strict:
                        raise _StrictStop
                    continue
                self.articles += 1
                if per_article:
                    bar.update()
                bar.set_postfix(articles=self.articles, failed=len(self.errors), refresh=False)
                yield item
        finally:
            bar.close()

    def summary(self, extra: str = "") -> None:
        if not self.quiet:
            failed = f"; {len(self.errors)} failed" if self.errors else ""
            click.echo(
                f"storyfuse: {self.articles} article{'s' if self.articles != 1 else ''} from "
                f"{self.inputs} input{'s' if self.inputs != 1 else ''}{failed}{extra}",
                err=True,
            )

    def exit_status(self) -> int:
        if self.articles == 0:
            return EXIT_FAILED
        return EXIT_PARTIAL if self.errors else EXIT_OK


@contextmanager
def _strict_guard() -> Iterator[None]:
    try:
        yield
    except _StrictStop:
        _error("stopped at the first failure (--strict)")
        sys.exit(EXIT_FAILED)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|-...")
@click.option(
    "--json",
    "fmt",
    flag_value="json",
    help="Write one JSON document: {schema, articles: [...], errors: [...]}.",
)
@click.option(
    "--jsonl",
    "fmt",
    flag_value="jsonl",
    help="Write one JSON article per line (errors go to stderr only).",
)
@_output_option
@click.option(
    "--show-removed",
    is_flag=True,
    help="List every removed line under its article: where it was, which rule, what.",
)
@click.option("--show-text", is_flag=True, help="Print each article's clean text.")
@_reading_options
def ingest(
    inputs: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    show_removed: bool,
    show_text: bool,
    **params: Any,
) -> None:
    """Read articles and print them cleaned, with their metadata.

    Inputs can be any mix of .txt/.md and .html/.htm files, .json (one article or a list),
    .jsonl (one article, or one cluster {"articles": [...]}, per line), .gz of any of these,
    directories (read recursively; files with other extensions are skipped), http(s) URLs, and -
    for standard input.

    Each article is cleaned of page furniture (advertising markers, captions, share prompts,
    related-story lists, ...), its title, date, dateline and credits are moved into metadata,
    and its text is split into sentences. Every removal is recorded (see --show-removed).
    A failed input is reported on stderr with its reason and the others go on.
    """
    reading = _Reading.from_params(params)
    with _strict_guard(), _output(output) as out:
        if fmt == "json":
            out.write(f'{{"schema": "storyfuse.ingest/{SCHEMA_VERSION}", "articles": [')
        for number, article in enumerate(reading.articles_of(inputs), start=1):
            _write_article(out, article, fmt, number, show_removed, show_text)
        if fmt == "json":
            out.write('\n], "errors": ')
            out.write(json.dumps([e.to_dict() for e in reading.errors], ensure_ascii=False))
            out.write("}\n")
    reading.summary()
    sys.exit(reading.exit_status())


def _write_article(
    out: IO[str],
    article: Article,
    fmt: str | None,
    number: int,
    show_removed: bool,
    show_text: bool,
) -> None:
    from storyfuse.render.articles import format_article

    if fmt == "json":
        out.write(("\n" if number == 1 else ",\n") + article.to_json())
    elif fmt == "jsonl":
        out.write(article.to_json() + "\n")
    else:
        if number > 1:
            out.write("\n")
        out.write(format_article(article, number, show_removed=show_removed, show_text=show_text))


def _brief_options(command: Any) -> Any:
    """The options of the commands that write a brief (`brief`, `story`)."""
    for option in reversed(_BRIEF_OPTIONS):
        command = option(command)
    return command


_BRIEF_OPTIONS = [
    click.option(
        "-w",
        "--words",
        type=click.IntRange(min=10),
        default=DEFAULT_BRIEF_WORDS,
        show_default=True,
        help="Length budget of the summary in words (whole sentences, never exceeded).",
    ),
    click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(["markdown", "json", "html"]),
        default="markdown",
        show_default=True,
        help="markdown (rendered on a terminal), json (schema storyfuse.brief/2), or html (one "
        "self-contained page with clickable citations).",
    ),
    click.option(
        "-s",
        "--sections",
        default="all",
        show_default=True,
        metavar="LIST",
        callback=lambda ctx, param, value: _parse_sections(value),
        help="Comma-separated sections to include: all, or any of " + ", ".join(SECTIONS) + ".",
    ),
    click.option(
        "--all",
        "full",
        is_flag=True,
        help="List every item of each section (markdown and html show the first few, the "
        "most telling, by default; json always carries them all).",
    ),
    _output_option,
]


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|-...")
@_brief_options
@_reading_options
def brief(
    inputs: tuple[str, ...],
    words: int,
    fmt: str,
    sections: tuple[str, ...],
    full: bool,
    output: str | None,
    **params: Any,
) -> None:
    """Fuse articles about one event into a brief whose every sentence cites its sources.

    Reads the inputs as `storyfuse ingest` does (same formats, same error handling), groups
    copies and rewrites of the same wire story so they do not count as independent, picks the
    sentences that cover what most independent sources report within the word budget, and
    cites for each sentence every article that states the same thing, with the exact sentence.

    Then, across the sources: what most independent outlets agree on, where they conflict
    (the day of an event, a number, a confirmation), what only one reports, the quotes and
    their speakers, people, organisations and places, numbers with units normalised, and a
    timeline with relative dates resolved against each article's date. Choose with
    --sections, e.g. `--sections summary,conflicts,quotes`.
    """
    from storyfuse.pipeline import EmptyClusterError
    from storyfuse.pipeline import brief as make_brief

    reading = _Reading.from_params(params)
    with _strict_guard():
        articles = list(reading.articles_of(inputs))
    if not articles:
        reading.summary()
        _error("no article to brief")
        sys.exit(EXIT_FAILED)
    try:
        result = make_brief(articles, BriefOptions(words=words, sections=sections))
    except EmptyClusterError as exc:
        _error(str(exc))
        sys.exit(EXIT_FAILED)
    _write_brief(result, fmt, output, full)
    reading.summary(f"; brief of {result.word_count} words in {result.stats['seconds']:.2f} s")
    sys.exit(reading.exit_status())


def _parse_sections(value: str) -> tuple[str, ...]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    if not names or "all" in names:
        return SECTIONS
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise click.BadParameter(
            f"unknown section {', '.join(unknown)}; choose from all, {', '.join(SECTIONS)}"
        )
    return tuple(s for s in SECTIONS if s in names)


def _write_brief(result: Brief, fmt: str, output: str | None, full: bool = False) -> None:
    from storyfuse.render.html import render_html
    from storyfuse.render.json import render_json
    from storyfuse.render.markdown import render_markdown

    if fmt == "json":
        text = render_json(result)
    elif fmt == "html":
        text = render_html(result, full)
    else:
        text = render_markdown(result, full)
    if fmt == "markdown" and output in (None, "-") and sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
        return
    with _output(output) as out:
        out.write(text)


# -- stories -----------------------------------------------------------------------------------

_db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default="storyfuse.db",
    show_default=True,
    envvar="STORYFUSE_DB",
    help="The story store (SQLite; created on first add). Also $STORYFUSE_DB.",
)


@contextmanager
def _store(db: str, readonly: bool = False, create: bool = False, **kwargs: Any) -> Iterator[Any]:
    """The store at ``db``; only `storyfuse add` creates one, the others say how to."""
    from storyfuse.stories.store import Store, StoreError

    if not create and not Path(db).exists():
        _error(f"{db}: no such store (add articles with `storyfuse add --db {db} ...`)")
        sys.exit(EXIT_FAILED)
    try:
        store = Store(db, readonly=readonly, **kwargs)
    except StoreError as exc:
        _error(str(exc))
        sys.exit(EXIT_FAILED)
    try:
        yield store
    finally:
        store.close()


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|-...")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line per article.")
@click.option(
    "--embed-titles",
    is_flag=True,
    help="Also compare titles by meaning (sentence embeddings): about 2.3x slower, no better "
    "on the measured data.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Keep going: read the inputs again every --interval (feeds: only new entries are "
    "fetched); an input that fails is retried later and later (backoff). Stop with Ctrl-C.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="With --watch: seconds between readings of an input.",
)
@_reading_options
def add(
    inputs: tuple[str, ...],
    db: str,
    as_json: bool,
    embed_titles: bool,
    watch: bool,
    interval: float,
    **params: Any,
) -> None:
    """Add articles to the story store and group them into stories.

    Reads the inputs as `storyfuse ingest` does, and RSS/Atom feed URLs as the pages of their
    entries. Each article joins the story it is most similar to (its words, within a time
    window of a year around the story's dates), or starts a new one.
    An article already in the store (same URL, same feed link or same text) is skipped, and a
    feed entry already stored is not even fetched, so adding twice changes nothing. Articles
    are committed in batches; one reported as added is safe even if the run is killed. List
    the stories with `storyfuse stories`.
    """
    from dataclasses import replace

    reading = _Reading.from_params(params)
    with _store(db, create=True, embed_titles=embed_titles) as store, _strict_guard():
        # The store segments an article into sentences when its story is briefed.
        reading.options = replace(reading.options, seen=store.has_url, segment=False)
        due = {name: 0.0 for name in inputs}
        failures = dict.fromkeys(inputs, 0)
        while True:
            now = _clock()
            batch = tuple(name for name in inputs if due[name] <= now)
            if batch:
                pass_reading = replace(reading, errors=[], inputs=0, articles=0)
                _add_pass(store, pass_reading, batch, as_json, db)
                failed = {e.source for e in pass_reading.errors}
                for name in batch:
                    failures[name] = failures[name] + 1 if name in failed else 0
                    # Backoff: an input that keeps failing is read 2, 4, ... 32 times less often.
                    due[name] = _clock() + interval * 2 ** min(failures[name], 5)
                reading.errors += pass_reading.errors
                reading.inputs += pass_reading.inputs
                reading.articles += pass_reading.articles
            if not watch:
                break
            _sleep(max(0.0, min(due.values()) - _clock()))
    if reading.articles == 0 and not reading.errors:
        sys.exit(EXIT_OK)  # nothing new (e.g. every feed entry already stored)
    sys.exit(reading.exit_status())


#: The watch loop's clock and sleep (tests replace them).
_clock = time.monotonic
_sleep = time.sleep


def _add_pass(
    store: Any, reading: _Reading, inputs: tuple[str, ...], as_json: bool, db: str
) -> None:
    from storyfuse.stories.store import prepare

    added = duplicates = 0
    stories: set[int] = set()
    # Each article is made ready for the store where it is read (the worker processes).
    for result in store.add(reading.articles_of(inputs, then=prepare)):
        if result.status == "added":
            added += 1
            stories.add(result.story_id)
        else:
            duplicates += 1
        if as_json:
            click.echo(json.dumps(_asdict(result), ensure_ascii=False))
    total = store.count_articles()
    stories = {store.resolve(s) for s in stories}  # some may have been folded since
    reading.summary(
        f"; {added} added to {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}, "
        f"{duplicates} already in the store ({total} articles in {db})"
    )


def _asdict(item: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(item)


@cli.command(name="stories")
@_db_option
@click.option("--since", metavar="DATE", help="Only stories with an article on or after DATE.")
@click.option(
    "--min-sources",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only stories with at least this many independent sources.",
)
@click.option(
    "-n", "--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema storyfuse.story/1).")
@click.option(
    "--no-mark", is_flag=True, help="Do not remember this listing for the next 'new' counts."
)
def stories_command(
    db: str, since: str | None, min_sources: int, limit: int, as_json: bool, no_mark: bool
) -> None:
    """List the stories in the store, latest first.

    Each line: id, articles, independent sources and outlets, first and last article date,
    how many articles arrived since the stories were last listed, and a title. Show one with
    `storyfuse story ID`.
    """
    import datetime as dt

    if since:
        try:
            dt.date.fromisoformat(since[:10])
        except ValueError:
            raise click.BadParameter(f"'{since}' is not a date like 2024-05-31") from None
    with _store(db, readonly=no_mark) as store:
        shown = store.last_shown()
        found = store.stories(since=since, min_sources=min_sources, limit=limit, new_since=shown)
        if not no_mark:
            store.mark_shown()
    if as_json:
        payload = {"last_shown": shown, "stories": [s.to_dict() for s in found]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no stories match", err=True)
        return
    click.echo(
        f"{'id':>6} {'art':>4} {'ind':>4} {'out':>4}  {'first':10}  {'last':10} {'new':>4}  title"
    )
    for s in found:
        new = f"+{s.new_articles}" if s.new_articles else ""
        click.echo(
            f"{s.id:>6} {s.articles:>4} {s.independent or 0:>4} {s.outlets:>4}  "
            f"{s.first_seen or '?':10}  {s.last_seen or '?':10} {new:>4}  {s.title or ''}"
        )


@cli.command(name="story")
@click.argument("story_id", type=int, metavar="ID")
@_db_option
@_brief_options
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
def story_command(
    story_id: int,
    db: str,
    words: int,
    fmt: str,
    as_json: bool,
    sections: tuple[str, ...],
    full: bool,
    output: str | None,
) -> None:
    """Print the brief of story ID (every section, as `storyfuse brief` makes it).

    Sentence embeddings are kept in the store, so a story briefed again costs little. As JSON
    the brief also carries the story under "story", with "joins": for each article the score
    with which it joined, whether it started the story, and the runner-up story with its score
    (what to read when an article looks wrong in its story).
    """
    with _store(db) as store:
        try:
            story = store.story(story_id)
            result = store.brief(story.id, BriefOptions(words=words, sections=sections))
        except KeyError:
            _error(f"no story {story_id} in {db}; list them with `storyfuse stories`")
            sys.exit(EXIT_FAILED)
    if as_json or fmt == "json":
        with _output(output) as out:
            data = {**result.to_dict(), "story": story.to_dict()}
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    _write_brief(result, fmt, output, full)


@cli.command(name="recluster")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def recluster_command(db: str, as_json: bool) -> None:
    """Re-cluster the whole store in one batch (articles in date order).

    Incremental adding sees articles in arrival order; this pass sees them in date order, as
    `storyfuse cluster` does. Prints the story counts before and after and how close the two
    groupings are (B-cubed F1, 1.000 = identical). Story ids are renumbered: links to old ids
    break. Readers see the old stories until the pass commits.
    """
    from dataclasses import asdict

    with _store(db) as store:
        if store.count_articles() == 0:
            _error(f"{db}: no articles to re-cluster (add some with `storyfuse add`)")
            sys.exit(EXIT_FAILED)
        result = store.recluster()
    if as_json:
        click.echo(json.dumps(asdict(result)))
    else:
        click.echo(
            f"{result.previous_stories} stories before, {result.stories} after; agreement "
            f"(B-cubed F1) {result.agreement_f1:.3f}"
        )


@cli.command(name="cluster", epilog=EXIT_CODES_HELP)
@click.argument("input_path", metavar="INPUT")
@click.argument("output_path", metavar="OUTPUT", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: this process. spark: Apache Spark (needs the spark extra and Java 17+).",
)
@click.option(
    "--master",
    metavar="URL",
    default=None,
    help="Spark master (local[*], spark://HOST:7077, yarn...) [default: $STORYFUSE_SPARK_MASTER "
    "or local[*]].",
)
@click.option(
    "--conf",
    "confs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A Spark setting, e.g. --conf spark.executor.memory=4g (repeatable).",
)
@click.option("--embed-titles", is_flag=True, help="Also compare titles by meaning (slower).")
@_progress_option
def cluster_command(
    input_path: str,
    output_path: str,
    engine: str,
    master: str | None,
    confs: tuple[str, ...],
    embed_titles: bool,
    progress: bool | None,
) -> None:
    """Group the articles of INPUT into stories in one batch, without a store.

    INPUT is JSONL (article records or `storyfuse ingest --jsonl` output; for Spark also a
    directory or glob of them, or Parquet). Writes one JSON line per article to OUTPUT,
    {"id", "story", "date"}, in date order, stories numbered 1, 2, ... by their first article:
    the same clustering as `storyfuse add`, and the same output from both engines. Articles
    that cannot be read are reported on stderr and left out.
    """
    from storyfuse.stories.batch import cluster_file

    conf = {}
    for item in confs:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"'{item}' is not KEY=VALUE", param_hint="--conf")
        conf[key.strip()] = value.strip()
    if engine == "local" and not os.path.isfile(input_path):
        _error(f"{input_path}: no such file (the local engine reads one JSONL file)")
        sys.exit(EXIT_FAILED)
    with _output(output_path) as out:
        if engine == "spark":
            try:
                from storyfuse.stories.spark import cluster_spark
            except ImportError:
                _error("the Spark engine needs pyspark: pip install 'storyfuse[spark]'")
                sys.exit(EXIT_FAILED)
            result = cluster_spark(
                input_path, out, embed_titles=embed_titles, master=master, conf=conf
            )
        else:
            from storyfuse.embed import default_embedder

            bar = _progress_bar(progress, unit="article")
            try:
                result = cluster_file(
                    input_path,
                    out,
                    embedder=default_embedder() if embed_titles else None,
                    progress=bar.update,
                )
            finally:
                bar.close()
    for error in result.errors:
        _error(str(error))
    click.echo(
        f"storyfuse: {result.articles} articles in {result.stories} stories"
        + (f"; {len(result.errors)} failed" if result.errors else ""),
        err=True,
    )
    if not result.articles:
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_PARTIAL if result.errors else EXIT_OK)


@cli.command(name="serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="STORYFUSE_TOKEN",
    help="Token that adding articles needs (Authorization: Bearer TOKEN). Also "
    "$STORYFUSE_TOKEN; otherwise one is generated at the first start, printed, and kept in "
    "DB.token.",
)
@click.option("--private", is_flag=True, help="Reading needs the token too.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Let the server fetch URLs on loopback and private networks (off: protects them).",
)
@click.option(
    "--max-body",
    default="8MB",
    show_default=True,
    callback=_parse_size,
    help="Largest request body (413 past it).",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
    help="Access logs (one JSON line per request, on stderr) are at info.",
)
def serve_command(
    db: str,
    host: str,
    port: int,
    token: str | None,
    private: bool,
    allow_private: bool,
    max_body: int,
    log_level: str,
) -> None:
    """Serve the story store over HTTP: an API (docs at /docs) and web pages.

    Read endpoints and pages are public unless --private; adding articles needs the token.
    Stops gracefully on Ctrl-C or SIGTERM: requests in flight are answered and the batch
    being added is committed first; the process then exits by that signal.

    \b
    Examples:
      storyfuse serve --db news.db
      curl -H "Authorization: Bearer $STORYFUSE_TOKEN" -H 'Content-Type: application/json' \\
           -d '{"urls": ["https://example.com/a.html"]}' http://127.0.0.1:8000/api/articles
    """
    import logging

    try:
        import uvicorn

        from storyfuse.serve import ServeOptions, create_app
    except ImportError as exc:
        _error(f"the server needs the serve extra: pip install 'storyfuse[serve]' ({exc})")
        sys.exit(EXIT_FAILED)
    from storyfuse.stories.store import StoreError

    options = ServeOptions(
        db=db, token=token, private=private, allow_private=allow_private, max_body=max_body
    )
    try:
        app = create_app(options)
    except StoreError as exc:
        _error(str(exc))
        sys.exit(EXIT_FAILED)
    backend = app.state.backend
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("storyfuse.access", "storyfuse.serve"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(log_level.upper())
        logger.propagate = False
    if backend.token_source.startswith("generated"):
        click.echo(f"write token: {backend.token} ({backend.token_source})", err=True)
    else:
        click.echo(f"write token: from {backend.token_source}", err=True)
    click.echo(f"storyfuse: serving {db} on http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level if log_level != "info" else "warning",
        access_log=False,
        timeout_graceful_shutdown=10,
    )


@cli.group(name="eval")
def eval_group() -> None:
    """Measure storyfuse against public evaluation data, beside baselines, in one run."""


@eval_group.command(name="extraction")
@click.argument("pages", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N pages.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_report_option
@click.option(
    "--worst",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="List the N pages each system extracts worst.",
)
@_progress_option
def eval_extraction(
    pages: str,
    limit: int | None,
    as_json: bool,
    output: str | None,
    worst: int,
    progress: bool | None,
) -> None:
    """Score article extraction on HTML pages with gold text (gzipped) JSONL:
    {"id", "url", "html", "gold_text"} per line.

    Prints word-shingle precision, recall and F1 (the article-extraction-benchmark metric) and
    speed for storyfuse and for plain trafilatura, on the same pages in the same run.
    """
    from storyfuse.evaluate.extraction import evaluate_extraction

    bar = _progress_bar(progress, total=limit, unit="page")
    try:
        report = evaluate_extraction(
            pages, limit=limit, worst=worst, progress=lambda _n: bar.update()
        )
    except (OSError, ValueError, KeyError) as exc:
        bar.close()
        _error(f"{pages}: cannot evaluate: {exc}")
        sys.exit(EXIT_FAILED)
    bar.close()
    data: dict[str, Any] = report.to_dict()
    text = json.dumps(data, indent=2) + "\n" if as_json else report.to_markdown()
    if worst and not as_json:
        for system in report.systems:
            text += f"\nWorst pages for {system.name}:\n"
            text += "".join(f"  {w['overlap']:.3f}  {w['page']}\n" for w in system.worst)
    click.echo(text, nl=False)
    _write_report(output, report.to_markdown(), json.dumps(data, indent=2) + "\n")


@eval_group.command(name="summarization")
@click.argument("clusters", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--systems",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Published systems' summaries, JSONL {id, system, summary}, scored beside ours.",
)
@click.option(
    "-w",
    "--words",
    type=click.IntRange(min=10),
    default=100,
    show_default=True,
    help="Summary length: storyfuse's budget, and where every summary is cut for ROUGE.",
)
@click.option(
    "--measure",
    type=click.Choice(["recall", "f1"]),
    default="recall",
    show_default=True,
    help="ROUGE recall (DUC/TAC/MultiLing convention) or F1 (Multi-News convention).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Only the first N clusters."
)
@click.option(
    "--no-baselines", is_flag=True, help="Score storyfuse (and --systems) only, not the baselines."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_report_option
@_progress_option
def eval_summarization(
    clusters: str,
    systems: str | None,
    words: int,
    measure: str,
    limit: int | None,
    no_baselines: bool,
    as_json: bool,
    output: str | None,
    progress: bool | None,
) -> None:
    """Score storyfuse briefs against human reference summaries, beside baselines.

    CLUSTERS is JSONL, one cluster per line: {"id", "articles": [...], "references": [...]}.
    In one run and with one ROUGE implementation (rouge-score, Porter stemming, every summary
    cut to --words words, references averaged) it scores storyfuse, Lead (first sentences of
    the most recent article), round-robin Lead, a plain bigram-coverage greedy selector, sumy
    LexRank and TextRank, and every system in --systems; times storyfuse and LexRank per
    cluster; reports the run's peak memory; and re-checks every citation of every brief with an
    independent lexical test.
    """
    from storyfuse.evaluate.summarization import evaluate_summarization, report_json

    bar = _progress_bar(progress, total=limit, unit="cluster")
    try:
        report = evaluate_summarization(
            clusters,
            systems,
            words=words,
            measure=measure,
            limit=limit,
            baselines_on=not no_baselines,
            progress=lambda _n: bar.update(),
        )
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        bar.close()
        _error(f"{clusters}: cannot evaluate: {exc}")
        sys.exit(EXIT_FAILED)
    bar.close()
    click.echo(report_json(report) if as_json else report.to_markdown(), nl=False)
    _write_report(output, report.to_markdown(), report_json(report))


@eval_group.command(name="clustering")
@click.argument(
    "labelled",
    metavar="FILE.jsonl...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--embed-titles",
    is_flag=True,
    help="Also score the optional mode with title embeddings (`storyfuse add --embed-titles`).",
)
@click.option("--spark", is_flag=True, help="Also run the Spark engine (local mode), scored.")
@_report_option
@_progress_option
def eval_clustering(
    labelled: tuple[str, ...],
    as_json: bool,
    embed_titles: bool,
    spark: bool,
    output: str | None,
    progress: bool | None,
) -> None:
    """Stories found by storyfuse against labelled ones, beside a TF-IDF baseline.

    Each FILE.jsonl is a labelled stream, either one article per line with its label
    ({"id", "story_id", "title", "source", "date", "text"}, read in file order) or one cluster
    per line as the summarization files are ({"id", "articles": [...]}: each cluster one story,
    its articles arriving in date order). For each file it prints B-cubed precision, recall and
    F1 and the adjusted Rand index for storyfuse incremental (arrival order, as `storyfuse add`
    sees them), storyfuse batch (date order) and TF-IDF + agglomerative clustering, in one run;
    with --spark also the Spark engine (local mode), which must match the batch row. Given
    several files it prints one table: every system per set, their mean and the worst set. A
    file that cannot be read is reported and the others are still scored (exit 1).
    """
    from storyfuse.embed import default_embedder
    from storyfuse.evaluate.clustering import ClusteringSummary, evaluate_clustering

    embedder = default_embedder() if embed_titles else None
    bar = _progress_bar(progress, total=len(labelled), unit="set")
    reports = []
    failed = 0
    for path in labelled:
        try:
            reports.append(evaluate_clustering(path, embedder=embedder, spark=spark))
        except (OSError, ValueError, KeyError) as exc:
            failed += 1
            bar.clear()
            _error(f"{path}: cannot evaluate: {exc}")
        bar.update()
    bar.close()
    if not reports:
        sys.exit(EXIT_FAILED)
    if len(labelled) == 1:
        markdown, data = reports[0].to_markdown(), reports[0].to_dict()
    else:
        summary = ClusteringSummary(reports)
        markdown, data = summary.to_markdown(), summary.to_dict()
    text = json.dumps(data, indent=2)
    click.echo(text if as_json else markdown, nl=as_json)
    _write_report(output, markdown, text)
    if failed:
        sys.exit(EXIT_PARTIAL)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors exit 2, Ctrl-C 130, a closed pipe quietly."""
    try:
        cli.main(args=argv, prog_name="storyfuse", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        click.echo("storyfuse: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except Exception as exc:  # the last resort: a one-line report, never a traceback
        if os.environ.get(DEBUG_ENV):
            raise
        _error(
            f"internal error ({type(exc).__name__}: {exc}); rerun with {DEBUG_ENV}=1 for a "
            "traceback and please report it"
        )
        sys.exit(EXIT_FAILED)
