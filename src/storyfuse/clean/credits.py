"""Credit lines: who else stands behind the text ("(News Source: BBC)", "Additional reporting by
Reuters", a trailing "AFP", "This story first appeared in ...").

They are removed from the text and kept as :class:`~storyfuse.model.Credit` metadata, because
later stages need them to tell independent reports from rewrites of the same wire story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyfuse.model import Credit

_AGENCY_TOKEN = r"[A-Z][A-Z&]{1,6}"  # an acronym: AFP, AP, PTI, EFE, ANSA, AAP ...
_NAMES = r"(?P<names>[^()]{2,120}?)"
_END = r"\s*\)?\s*\.?\s*$"
_CAPITALISED_NAME = r"[A-Z][\w&.'’]*(?:\s+[A-Z][\w&.'’]*){0,3}"


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    #: Precise enough to trust anywhere in the text, not only after the story's last line.
    anywhere: bool = False


def _rule(kind: str, pattern: str, *, anywhere: bool = False, flags: int = re.I) -> _Rule:
    return _Rule(kind, re.compile(pattern, flags), anywhere)


# Tried in order; every pattern matches a whole line.
_RULES: list[_Rule] = [
    _rule(
        "source",
        rf"^\(?\s*(?:news\s+|content\s+)?sources?\s*[:\-–—]\s*{_NAMES}{_END}",
        anywhere=True,
    ),
    _rule(
        "additional-reporting",
        rf"^\(?\s*(?:with\s+)?(?:additional|extra|further)\s+(?:reporting|inputs?|information)"
        rf"\s+(?:by|from)\s+{_NAMES}{_END}",
        anywhere=True,
    ),
    _rule(
        "additional-reporting",
        rf"^\(?\s*(?:with\s+)?(?:agency\s+)?(?:inputs?|reporting|information)\s+from\s+"
        rf"{_NAMES}{_END}",
        anywhere=True,
    ),
    _rule(
        "syndication",
        rf"^\(?\s*(?:this|the)\s+(?:article|story|report|piece|post)\s+(?:was\s+|is\s+|"
        rf"has\s+been\s+)?(?:originally\s+|first\s+)?(?:published|appeared|posted|produced)\s+"
        rf"(?:on|in|by|at|with)\s+{_NAMES}{_END}",
        anywhere=True,
    ),
    _rule(
        "syndication",
        rf"^\(?\s*(?:originally|first)\s+(?:published|appeared|posted)\s+(?:on|in|by|at)\s+"
        rf"{_NAMES}{_END}",
        anywhere=True,
    ),
    _rule(
        "syndication",
        rf"^\(?\s*(?:republished|reprinted)\s+(?:with\s+permission\s+)?(?:from|by)\s+"
        rf"{_NAMES}{_END}",
        anywhere=True,
    ),
    # "With Post wires", "With wire services", "With AFP": only at the end of a story.
    _rule(
        "additional-reporting",
        r"^\(?\s*(?i:with)\s+(?P<names>[A-Z][\w&.'’ ]{0,40}?)(?:\s+wires?|\s+wire\s+services)?"
        r"\s*\)?\.?$",
        flags=0,
    ),
    _rule(
        "reporting",
        r"^\(?\s*(?:contributing|contributors?)\s*:\s*(?P<names>[^()]{2,120}?)\s*\)?\.?$",
    ),
    _rule(
        "reporting",
        r"^\(?\s*(?:reporting|reported|writing|written|editing|edited|compiled|produced)\s+by\s+"
        r"(?P<names>[^()]{2,200}?)\s*\)?\s*$",
    ),
    _rule(
        "copyright",
        r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*"
        r"(?P<names>[^.]{2,80}?)?\s*\.?\s*(?:all\s+rights\s+reserved\.?)?\s*$",
    ),
    _rule("copyright", r"^(?P<names>)all\s+rights\s+reserved\.?$"),
    # A trailing acronym ("AFP", "— AP", "(PTI)", "AFP/Reuters"): case-sensitive on purpose.
    _rule(
        "agency",
        rf"^[-–—]*\s*\(?\s*(?P<names>{_AGENCY_TOKEN}(?:\s*[/,&]\s*{_AGENCY_TOKEN}|\s+and\s+"
        rf"{_AGENCY_TOKEN})*)\s*\)?\s*\.?$",
        flags=0,
    ),
    # "AFP/Reuters", "Reuters/AP": a pair of agencies, at least one an acronym.
    _rule(
        "agency",
        rf"^[-–—]*\s*\(?\s*(?P<names>(?={_AGENCY_TOKEN}\b|[A-Z][a-z]+\s*/\s*{_AGENCY_TOKEN}\b)"
        rf"(?:{_AGENCY_TOKEN}|[A-Z][a-z]+)(?:\s*/\s*(?:{_AGENCY_TOKEN}|[A-Z][a-z]+)){{1,2}})"
        rf"\s*\)?\.?$",
        flags=0,
    ),
    _rule("agency", r"^[-–—]*\s*\(?(?P<names>agencies|wires|wire services)\)?\.?$"),
    # "— Reuters", "(Associated Press)", "[Wired]": a dash-led or bracketed name alone.
    _rule("agency", rf"^[-–—]+\s*(?P<names>{_CAPITALISED_NAME})\s*$", flags=0),
    _rule("agency", rf"^[(\[]\s*(?P<names>{_CAPITALISED_NAME})\s*[)\]]$", flags=0),
]

# "... the ministry said. (AFP)" or "... (Source: BBC)" at the very end of the last paragraph.
_INLINE_TRAILING = re.compile(
    rf"(?<=[.!?”\"'’])\s*(?P<credit>\(\s*(?:(?i:(?:news\s+)?source)\s*:\s*[^()]{{2,60}}|"
    rf"{_AGENCY_TOKEN}(?:\s*[/,&]\s*{_AGENCY_TOKEN})*|(?i:with\s+(?:inputs?|reporting)\s+from)"
    rf"\s+[^()]{{2,60}})\s*\))\s*$"
)


def _split_names(names: str) -> list[str]:
    # "Futurism. Read the original article." -> "Futurism"
    names = re.split(r"(?<=[a-z0-9])\.\s+(?=[A-Z])", names.strip())[0]
    parts = re.split(r"\s*(?:;|,|/|&|\band\b|\bwith\b)\s*", names.strip(" .()"), flags=re.I)
    return [p.strip(" .") for p in parts if p and p.strip(" .")]


def parse_credit_line(line: str, *, anywhere: bool = False) -> list[Credit] | None:
    """The credits a whole line states, or None if it is not a credit line.

    With ``anywhere`` only the patterns precise enough to apply in the middle of a text are
    tried; the others ("AFP", "— Reuters", "With AFP") are for the lines after the story.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 240:
        return None
    for rule in _RULES:
        if anywhere and not rule.anywhere:
            continue
        match = rule.pattern.match(stripped)
        if not match:
            continue
        names = match.group("names") or ""
        if rule.kind == "reporting":
            # "Reporting by A; Editing by B" -> names of people, minus the role words.
            names = re.sub(
                r"\b(?:reporting|writing|editing|additional)\s+by\b", ";", names, flags=re.I
            )
        if rule.kind == "copyright" and not names:
            return [Credit(kind=rule.kind, name="", text=stripped)]
        split = _split_names(names)
        if split:
            return [Credit(kind=rule.kind, name=name, text=stripped) for name in split]
    return None


def split_inline_credit(paragraph: str) -> tuple[str, list[Credit]] | None:
    """``(paragraph_without_credit, credits)`` when the paragraph ends with "(AFP)" and the like."""
    match = _INLINE_TRAILING.search(paragraph)
    if not match:
        return None
    credit_text = match.group("credit")
    credits = parse_credit_line(credit_text.strip("() ")) or parse_credit_line(credit_text)
    if not credits:
        return None
    return paragraph[: match.start()].rstrip(), credits
