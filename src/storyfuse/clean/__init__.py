"""Clean scraped article text: drop page furniture, keep metadata, record every removal.

:func:`clean_text` is the entry point. It works on lines (scraped text keeps the page's line
structure), applies the named rules of :mod:`storyfuse.clean.patterns` everywhere, then the
positional rules: metadata and title at the head, credits and navigation at the tail, the
dateline in the first paragraph. Whatever it drops or moves into metadata is returned as
:class:`~storyfuse.model.Removal` records so users can audit it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyfuse.clean import metadata as meta
from storyfuse.clean.credits import parse_credit_line, split_inline_credit
from storyfuse.clean.datelines import split_dateline
from storyfuse.clean.lines import Line, ends_sentence, fold, headline_like, split_lines, word_count
from storyfuse.clean.patterns import (
    LINE_RULES,
    is_related_heading,
    is_run_in_caption,
    is_widget_line,
    list_item_like,
    split_run_in_furniture,
)
from storyfuse.model import Credit, Removal

__all__ = ["CleanedText", "clean_text", "normalize_date"]

normalize_date = meta.normalize_date

#: Head lines scanned for metadata and a title before the story is taken to have started.
HEAD_WINDOW = 8
#: A line this long (in words) is body text: it ends the head and anchors the tail.
BODY_MIN_WORDS = 12
#: Longest first line taken as a title (words, characters).
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250
#: Items of a list of other stories' headlines have at least this many words.
HEADLINE_MIN_WORDS = 5
#: Trailing lines this short, not sentences, after the last body line are navigation.
TRAILING_NAV_MAX_WORDS = 4
#: Hard-wrapped text (mail, wire copy) has lines of about this many characters at most.
WRAP_MIN_WIDTH = 40
WRAP_MAX_WIDTH = 100
#: A paragraph this long repeated right after itself is a widget or pull-quote copy.
DUPLICATE_MIN_WORDS = 6


@dataclass(slots=True)
class CleanedText:
    paragraphs: list[str]
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    credits: list[Credit] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    #: ``key: value`` fields of a front-matter block (title, date, source, url ...).
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class _Cleaner:
    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)
        self.out = CleanedText(paragraphs=[])

    # -- bookkeeping -------------------------------------------------------------------------
    def kept(self) -> list[Line]:
        return [line for line in self.lines if line.kept]

    def remove(self, line: Line, rule: str, moved_to: str | None = None) -> None:
        line.removed_by = rule
        self.out.removed.append(Removal(rule, line.text, line.number, moved_to))

    def add_credits(self, credits: list[Credit]) -> None:
        for credit in credits:
            if credit not in self.out.credits:
                self.out.credits.append(credit)

    # -- passes ------------------------------------------------------------------------------
    def front_matter(self) -> None:
        parsed = meta.parse_front_matter([line.text for line in self.lines])
        if not parsed:
            return
        fields, used = parsed
        self.out.fields.update(fields)
        for line in self.lines[:used]:
            if line.text:
                self.remove(line, "front-matter", moved_to="fields")

    def line_rules(self) -> None:
        for line in self.kept():
            rule = _line_rule(line.text)
            run_in = split_run_in_furniture(line.text) if rule is None else None
            if run_in:
                # Widget text opening a line goes; what follows stays if it is a paragraph.
                furniture, rest = run_in
                if is_widget_line(rest):
                    rule = "run-in-furniture"
                elif is_run_in_caption(furniture, rest):
                    rule = "caption"
                else:
                    self.out.removed.append(Removal("run-in-furniture", furniture, line.number))
                    line.text = rest
                    rule = _line_rule(rest)
            if rule is not None:
                self.remove(line, rule)
            else:
                credits = parse_credit_line(line.text, anywhere=True)
                if credits:
                    self.add_credits(credits)
                    self.remove(line, "credit", moved_to="credits")

    def related_sections(self) -> None:
        """A "More from ..." heading and the list of other stories under it."""
        lines = self.lines
        for i, line in enumerate(lines):
            if not line.kept or not is_related_heading(line.text):
                continue
            consumed: list[Line] = []
            last: Line | None = None  # the last list item taken
            for nxt in lines[i + 1 :]:
                if not nxt.kept:
                    continue
                if parse_credit_line(nxt.text):
                    break
                summary = (
                    last is not None
                    and (last.bullet or nxt.indent >= 2)
                    and word_count(nxt.text) <= 80
                )
                if nxt.bullet or list_item_like(nxt.text):
                    consumed.append(nxt)
                    last = nxt
                elif summary:
                    consumed.append(nxt)  # the item's summary, set off by the list's layout
                    last = None
                else:
                    break
            is_last = all(not other.kept for other in lines[i + 1 :])
            if consumed or is_last:
                self.remove(line, "related-list")
                for item in consumed:
                    self.remove(item, "related-list")

    def headline_lists(self) -> None:
        """Bulleted lists of other stories' headlines at the end of the text."""
        kept = self.kept()
        i = 0
        while i < len(kept):
            if not kept[i].bullet:
                i += 1
                continue
            j = i
            run: list[Line] = []
            while j < len(kept) and (kept[j].bullet or (run and kept[j].indent >= 2)):
                run.append(kept[j])
                j += 1
            bullets = [line for line in run if line.bullet]
            # A list right after a sentence (or at the top) is not introduced by a heading or
            # a colon, which is how lists that belong to the story are introduced.
            introduced = i > 0 and not ends_sentence(kept[i - 1].text)
            at_tail = not any(
                word_count(line.text) >= BODY_MIN_WORDS and not line.bullet and line.indent < 2
                for line in kept[j:]
            )
            if (
                len(bullets) >= 2
                and all(_other_headline(line.text) for line in bullets)
                and not introduced
                and at_tail
            ):
                for line in run:
                    self.remove(line, "headline-list")
            i = j

    def head(self, given_title: str | None, find_title: bool) -> None:
        """Metadata, byline and title lines before the story starts."""
        seen = 0
        for line in self.lines:
            if not line.kept:
                continue
            seen += 1
            if seen > HEAD_WINDOW:
                break
            labelled = meta.split_labelled_date(line.text)
            if labelled:
                prefix, iso, rest = labelled
                self.out.published = self.out.published or iso
                if rest.strip():
                    self.out.removed.append(
                        Removal("leading-metadata", prefix.strip(), line.number, "published")
                    )
                    line.text = rest.strip()
                else:
                    self.remove(line, "leading-metadata", moved_to="published")
                    continue
            iso = meta.bare_date(line.text)
            if iso:
                self.out.published = self.out.published or iso
                self.remove(line, "leading-metadata", moved_to="published")
                continue
            if meta.is_reading_time(line.text):
                self.remove(line, "leading-metadata")
                continue
            names = meta.byline_names(line.text)
            if names:
                self.out.authors.extend(n for n in names if n not in self.out.authors)
                self.remove(line, "byline", moved_to="authors")
                continue
            if given_title and fold(line.text) == fold(given_title):
                self.remove(line, "duplicate-title")
                continue
            if find_title and not given_title and self.out.title is None and self._title_like(line):
                self.out.title = line.text
                self.remove(line, "title", moved_to="title")
                continue
            if word_count(line.text) >= BODY_MIN_WORDS or ends_sentence(line.text):
                break

    def _title_like(self, line: Line) -> bool:
        if not headline_like(line.text, max_words=TITLE_MAX_WORDS):
            return False
        if len(line.text) > TITLE_MAX_CHARS or line.bullet:
            return False
        later = [other for other in self.lines if other.kept and other.number > line.number]
        return bool(later) and any(word_count(o.text) >= BODY_MIN_WORDS for o in later)

    def tail(self) -> None:
        """Credits, copyright and navigation after the last line of the story."""
        kept = self.kept()
        body = [i for i, line in enumerate(kept) if _is_body_line(line)]
        last_body = body[-1] if body else -1
        for index in range(len(kept) - 1, -1, -1):
            line = kept[index]
            credits = parse_credit_line(line.text)
            if credits and (index > last_body or index == len(kept) - 1):
                self.add_credits(credits)
                self.remove(line, "credit", moved_to="credits")
                continue
            if (
                index > last_body >= 0
                and word_count(line.text) <= TRAILING_NAV_MAX_WORDS
                and not ends_sentence(line.text)
                and not any(ch.isdigit() for ch in line.text)  # prices, phone numbers, dates
            ):
                self.remove(line, "trailing-navigation")
                continue
            break

    def duplicates(self) -> None:
        """A paragraph repeated right after itself (widget and pull-quote copies). Repeats far
        apart are kept: interviews and recipes repeat their questions and steps."""
        previous: Line | None = None
        for line in self.kept():
            if (
                previous is not None
                and abs(len(line.text) - len(previous.text)) <= 0.1 * len(line.text)
                and word_count(line.text) >= DUPLICATE_MIN_WORDS
                and fold(line.text) == fold(previous.text)
            ):
                self.remove(line, "duplicate-paragraph")
            previous = line

    def paragraphs(self) -> list[tuple[str, int]]:
        """Kept lines grouped into paragraphs: ``(text, first_line_number)``."""
        blocks: list[list[Line]] = [[]]
        for line in self.lines:
            if line.kept:
                blocks[-1].append(line)
            elif blocks[-1]:
                blocks.append([])
        paragraphs: list[tuple[str, int]] = []
        for block in blocks:
            paragraphs.extend(_block_paragraphs(block))
        return paragraphs

    def paragraph_datelines(self, paragraphs: list[tuple[str, int]]) -> None:
        """The first paragraph's dateline in any style; a later paragraph's only in the wire
        form with an agency ("LOS ANGELES (AP) --"): news digests and pages that put a
        headline or kicker before the story open several paragraphs with one."""
        for k, (text, number) in enumerate(paragraphs):
            found = split_dateline(text)
            if not found or (k > 0 and not found[0].agency):
                continue
            dateline, rest = found
            if self.out.dateline is None:
                self.out.dateline = dateline.place
            agency = (dateline.agency or "").strip()
            if agency and not any(
                c.kind == "dateline" and c.name == agency for c in self.out.credits
            ):
                self.add_credits([Credit("dateline", agency, dateline.text)])  # once per agency
            self.out.removed.append(Removal("dateline", dateline.text, number, "dateline"))
            paragraphs[k] = (rest.strip(), number)

    def last_paragraph_credit(self, paragraphs: list[tuple[str, int]]) -> None:
        if not paragraphs:
            return
        text, number = paragraphs[-1]
        found = split_inline_credit(text)
        if not found:
            return
        rest, credits = found
        self.add_credits(credits)
        self.out.removed.append(
            Removal("credit", text[len(rest) :].strip(), number, moved_to="credits")
        )
        paragraphs[-1] = (rest, number)


def _line_rule(text: str) -> str | None:
    """The name of the first line rule that removes ``text``."""
    for rule, matches in LINE_RULES:
        if matches(text):
            return rule
    return None


def _other_headline(text: str) -> bool:
    """A list item that reads like another story's headline, not like data or ingredients."""
    return (
        list_item_like(text)
        and word_count(text) >= HEADLINE_MIN_WORDS
        and len(text) >= 25
        and (text[0].isupper() or text[0] in "\"'“‘")
    )


def _is_body_line(line: Line) -> bool:
    return word_count(line.text) >= BODY_MIN_WORDS or (
        ends_sentence(line.text) and word_count(line.text) >= 4
    )


def _block_paragraphs(block: list[Line]) -> list[tuple[str, int]]:
    """Split a block of consecutive lines into paragraphs, re-joining hard-wrapped lines.

    A block is hard-wrapped when most of its lines stop mid-sentence at a similar width (mail,
    wire copy); otherwise every line is its own paragraph (HTML extractors and most scrapes
    put one paragraph per line).
    """
    if not block:
        return []
    if len(block) == 1:
        return [(block[0].text, block[0].number)]
    width = max(len(line.text) for line in block)
    inner = block[:-1]  # a paragraph's last line may be short; the others fill the width
    open_lines = sum(1 for line in inner if not ends_sentence(line.text))
    wrapped = (
        WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH
        and open_lines * 2 >= len(inner)
        and all(len(line.text) >= 0.5 * width or ends_sentence(line.text) for line in inner)
        # Two lines could be two headings; a wrapped pair continues in lower case.
        and (len(block) > 2 or block[1].text[:1].islower())
    )
    if not wrapped:
        return [(line.text, line.number) for line in block]
    paragraphs: list[tuple[str, int]] = []
    current: list[Line] = []
    for line in block:
        if current and (line.bullet or _ends_wrapped_paragraph(current[-1], width)):
            paragraphs.append((" ".join(x.text for x in current), current[0].number))
            current = []
        current.append(line)
    if current:
        paragraphs.append((" ".join(x.text for x in current), current[0].number))
    return paragraphs


def _ends_wrapped_paragraph(line: Line, width: int) -> bool:
    return ends_sentence(line.text) and len(line.text) < 0.75 * width


def clean_text(
    text: str,
    *,
    title: str | None = None,
    find_title: bool = True,
    rules: bool = True,
) -> CleanedText:
    """Clean one article's text.

    ``title`` is the title known from metadata (a repeat of it at the top is dropped);
    without one, a heading-like first line becomes the title when ``find_title`` is set.
    ``rules=False`` only normalises whitespace and paragraphs (for text known to be clean).
    """
    cleaner = _Cleaner(text)
    if rules:
        cleaner.front_matter()
        cleaner.line_rules()
        cleaner.related_sections()
        cleaner.headline_lists()
        cleaner.head(title, find_title)
        cleaner.tail()
        cleaner.duplicates()
    paragraphs = cleaner.paragraphs()
    if rules:
        cleaner.paragraph_datelines(paragraphs)
        cleaner.last_paragraph_credit(paragraphs)
    out = cleaner.out
    out.paragraphs = [p for p, _ in paragraphs if p.strip()]
    out.removed.sort(key=lambda r: (r.line is None, r.line or 0))
    return out
