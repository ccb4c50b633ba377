"""Datelines: the place (and agency) that opens a wire story, split from its first sentence.

"SEOUL (AP) — North Korea ...", "LITTLETON, Colo. (AP) -- The ...", "Kathmandu: North Korea's
leader ...", "(Reuters) — The New York ...". The place becomes ``Article.dateline``, the agency a
credit, and the first sentence starts where the reporting starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?"
)
_AGENCY = r"\((?P<agency>[A-Z][\w&.'’ /-]{1,40}?)\)"
_DASH = r"(?:--|[—–]|[-_](?=\s))"  # "_" and "-" only as a word of their own
_UPPER_WORD = r"[A-Z][A-Z'’.\-]+"
_TITLE_WORD = r"[A-Z][a-z'’.\-]+"
_REGION = r"(?:,\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2})"

# SEOUL, South Korea, Sept 11 (Reuters) -   /   LONDON (AP) _
_UPPER_DATELINE = re.compile(
    rf"^(?P<place>{_UPPER_WORD}(?:\s+{_UPPER_WORD}){{0,3}}{_REGION}?)"
    rf"(?:,?\s+{_MONTH})?\s*(?:{_AGENCY})?\s*(?:{_DASH}|:)\s*(?=\S)"
)
# Kathmandu:   /   Washington, Sept 11 (Reuters) -   /   Seoul —
_TITLE_DATELINE = re.compile(
    rf"^(?P<place>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}{_REGION}?)"
    rf"(?:,?\s+{_MONTH})?\s*(?:{_AGENCY})?\s*(?::|\s{_DASH})\s+(?=[A-Z\"“‘'])"
)
# (Reuters) — The ...
_AGENCY_ONLY = re.compile(rf"^{_AGENCY}\s*(?:{_DASH}|:)\s*(?=\S)")

# Words that open a paragraph with a colon but are labels, not places.
_LABELS = {
    "update",
    "updated",
    "breaking",
    "breaking news",
    "note",
    "editor",
    "editors",
    "watch",
    "read",
    "analysis",
    "opinion",
    "exclusive",
    "live",
    "photos",
    "photo",
    "video",
    "warning",
    "correction",
    "comment",
    "review",
    "explainer",
    "factbox",
    "timeline",
    "interview",
    "editorial",
    "sponsored",
    "advertisement",
    "summary",
    "background",
    "context",
    "q",
    "a",
    "question",
    "answer",
    "listen",
    "transcript",
    "quote",
    "source",
    "sources",
    "credit",
    "caption",
    "why",
    "what",
    "who",
    "how",
    "when",
    "where",
    "today",
    "yesterday",
    "tomorrow",
    "dear",
    "the",
    "this",
    "that",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "so",
}


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # the removed prefix as written
    place: str | None
    agency: str | None


def split_dateline(paragraph: str) -> tuple[Dateline, str] | None:
    """``(dateline, rest_of_paragraph)`` when the paragraph opens with a dateline."""
    for pattern in (_AGENCY_ONLY, _UPPER_DATELINE, _TITLE_DATELINE):
        match = pattern.match(paragraph)
        if not match:
            continue
        place = match.groupdict().get("place")
        rest = paragraph[match.end() :]
        if place is not None:
            place = place.strip(" ,")
            first = place.split(",")[0].strip().casefold()
            labelled = first in _LABELS or first.split()[0] in _LABELS
            if labelled and not match.groupdict().get("agency"):
                continue  # "Update:", "The answer -" (but "THE HAGUE (AP) --" is a dateline)
            if pattern is _UPPER_DATELINE and len(place) < 3 and not match.group("agency"):
                continue  # "US:" or "UK -" alone is too likely to be a sentence.
        if len(rest.split()) < 4:
            continue
        agency = match.groupdict().get("agency")
        return Dateline(text=match.group(0).strip(), place=place, agency=agency), rest
    return None
