"""Direct quotations and their speakers, read from the sentence and, for "he said", before it.

Only text between quotation marks is a quote, taken from the article as is; scare quotes (fewer
than ``MIN_QUOTE_WORDS`` words) are not. The speaker is found by the reporting verb nearest to
the quote: after it (``"...," said Yang Moo-jin, president of ...`` / ``"...," Lankov said``)
or before it (``Andrei Lankov, a North Korea expert, told AFP that ... "..."``), where the
subject is the clause before the verb, with an apposition taken as the description. A verb
with no subject of its own ("... and warned ...") takes the subject of the reporting verb it
is coordinated with. "He"/"she" resolve to the speaker of the sentence before (or the one
person named there). A quote whose speaker cannot be read this way is left out: precision
first, a wrong speaker misleads more than a missing quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyfuse.analyse import Context
from storyfuse.analyse.entities import ROLE_NOUNS, name_key
from storyfuse.analyse.nlp import Span
from storyfuse.model import Quote

#: Fewer words than this between quotation marks is a scare quote, not a quotation.
MIN_QUOTE_WORDS = 3
#: The longest subject read as a speaker (words), before an entity is required in it.
MAX_PLAIN_SPEAKER_WORDS = 5
#: The longest subject region considered at all (words).
MAX_SUBJECT_WORDS = 14

_VERBS = (
    r"said|says|say|told|tells|tell|added|adds|warned|warns|wrote|writes|stated|states|"
    r"declared|declares|insisted|insists|argued|argues|explained|explains|noted|notes|"
    r"claimed|claims|announced|announces|asked|asks|urged|urges|hailed|hails|described|"
    r"describes|acknowledged|admitted|admits|replied|responded|reported|reports|continued|"
    r"stressed|stresses|cautioned|predicted|suggested|suggests|"
    r"pledged|vowed|promised|accused|accuses|blamed|tweeted|posted"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_QUOTE = re.compile(r"“(?P<a>[^“”]+)”|\"(?P<b>[^\"]+)\"|(?<![\w’'])‘(?P<c>[^‘’]+?)’(?![\w])")
_AFTER_VERB_FIRST = re.compile(
    rf"^\s*[,.!?]?\s*(?:{_VERBS}|according to)\s+(?P<who>[^,.;:“”\"]+?)"
    rf"(?:,\s*(?P<desc>[^.;“”\"]+?))?\s*(?:[.;]\s*)?$"
)
_AFTER_WHO_FIRST = re.compile(
    rf"^\s*[,.!?]?\s*(?P<who>[^,.;:“”\"]{{1,60}}?)\s+(?:has\s+|had\s+|have\s+)?"
    rf"(?:also\s+|earlier\s+|later\s+|then\s+)?(?:{_VERBS})\b"
)
_LEAD_NOISE = re.compile(
    r"^(?:(?:and|but|while|as|that|so|then|yet|which|however|meanwhile|moreover|furthermore|"
    r"still|instead|indeed|separately|additionally|in addition|later|earlier|also|"
    r"(?:on|last|this|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)(?:\s+(?:morning|afternoon|evening|night))?)\s*,?\s+)+",
    re.I,
)
_TRAIL_NOISE = re.compile(
    r"(?:\s*,?\s+(?:has|had|have|is|was|did|does|do|would|will|could|went on to|also|however|"
    r"earlier|later|previously|then|reportedly|repeatedly|publicly|recently|once|again|"
    r"further|separately|on \w+day|last week|this week|on [A-Z][a-z]+\.? \d{1,2}),?)+$",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+$", re.I)
_COORDINATED = re.compile(r"(?:^|\s)(?:and|but|or|,)\s*$", re.I)
_CUT_TITLE = re.compile(r"\b(?:Rev|Dr|Gen|Sen|Gov|Lt|Col|Capt|Sgt|Rep|Mr|Mrs|Ms|Prof|St)\.?$")
_NOT_A_NAME = re.compile(
    r"^\s*(?:on|in|at|by|after|before|during|since|from|for|with|last|this|however|but)\b", re.I
)
_NOT_A_DESCRIPTION = re.compile(
    r"^\s*(?:about|adding|saying|noting|referring|when|after|before|as|while|\w+ing\b)", re.I
)
_ARGUMENT = re.compile(r"\b(?:of|for|to|with|from|about|against|by)\b", re.I)
_TITLE_ONLY = re.compile(r"^(?:mr|mrs|ms|dr|sir|prof)\.?$", re.I)
_APPOSITION = re.compile(r"^(?P<name>[^,]+),\s+(?P<desc>[^,]+),?$")
_PRONOUNS = {"he", "she"}
_NOT_SPEAKERS = {"another", "one", "others", "some", "many", "both", "all", "this", "that"}


@dataclass(frozen=True, slots=True)
class _Attribution:
    speaker: str
    description: str | None
    is_person: bool


def find_quotes(context: Context) -> list[Quote]:
    merged: dict[tuple[str, tuple[str, ...]], Quote] = {}
    speakers: dict[tuple[int, int], _Attribution] = {}  # (article, index) -> last speaker
    for i, unit in enumerate(context.units):
        spans = context.spans[i] if context.spans else []
        for match in _QUOTE.finditer(unit.text):
            words = (match["a"] or match["b"] or match["c"]).strip()
            if len(words.split()) < MIN_QUOTE_WORDS:
                continue
            who = _speaker(unit.text, match.start(), match.end(), spans, words)
            if who is None:
                continue
            if who.speaker.lower() in _PRONOUNS:
                who = _antecedent(context, unit.article, unit.index, speakers)
                if who is None:
                    continue
            speakers[(unit.article, unit.index)] = who
            key = (" ".join(words.lower().split()).strip(" ,.“”\"'"), name_key(who.speaker))
            quote = merged.get(key)
            if quote is None:
                merged[key] = Quote(words, who.speaker, who.description, [context.evidence(i)])
            elif all(e.article_id != context.articles[unit.article].id for e in quote.evidence):
                quote.evidence.append(context.evidence(i))
                quote.description = quote.description or who.description
    quotes = list(merged.values())
    quotes.sort(key=lambda q: -len(q.evidence))
    return quotes


def _speaker(
    text: str, start: int, end: int, spans: list[Span], quoted: str
) -> _Attribution | None:
    after = text[end:]
    closed = quoted.rstrip()[-1:] in ",.!?"  # '"Nobody listened," she said.'
    if closed or after[:1] in (",", ".", "!", "?") or after.startswith((" said", " says")):
        m = _AFTER_VERB_FIRST.match(after)
        if m:
            desc = m["desc"]
            if desc and _NOT_A_DESCRIPTION.match(desc):
                desc = None  # '..., said Yang, adding that ...'
            return _from_region(m["who"], spans, desc)
        m = _AFTER_WHO_FIRST.match(after)
        if m:
            return _from_region(m["who"], spans, None)
    return _before(text, start, spans)


def _before(text: str, start: int, spans: list[Span]) -> _Attribution | None:
    head = text[:start]
    verbs = [m for m in _VERB.finditer(head) if not _PASSIVE.search(head[: m.start()])]
    cut = max(head.rfind("”"), head.rfind('"'), head.rfind(";"))
    last = [k for k, m in enumerate(verbs) if m.start() > cut]
    if not last and head.rstrip().endswith(":") and verbs:
        last = [len(verbs) - 1]  # 'Resident Svetlana said: "..."'
    if not last:
        return None
    for k in range(last[-1], -1, -1):
        floor = verbs[k - 1].end() if k else 0
        region = head[floor : verbs[k].start()]
        # Text before a quotation or a semicolon belongs to another clause.
        region = re.split(r"[”\";]", region)[-1]
        bare = _TRAIL_NOISE.sub("", region.strip())
        if not bare or _COORDINATED.search(" " + bare):
            continue  # "... and warned ...": the subject of the reporting verb before
        if "," in bare and not _apposition(_LEAD_NOISE.sub("", bare)):
            parts = bare.split(",")
            last_two = ",".join(parts[-2:]) if len(parts) > 2 else ""
            # "However, Rajanews.com, a news website" -> the apposition of the last two parts;
            # "In July, Putin" -> "Putin".
            named = any(s.label == "PERSON" and _whole_name(s.text, parts[-1]) for s in spans)
            listed = re.match(r"\s*(?:and|or)\s", parts[-2]) if len(parts) > 2 else None
            use_two = last_two and not named and not listed and _apposition(last_two.strip())
            bare = last_two if use_two else parts[-1]
        return _from_region(bare, spans, None)
    return None


def _from_region(region: str, spans: list[Span], description: str | None) -> _Attribution | None:
    region = _LEAD_NOISE.sub("", _TRAIL_NOISE.sub("", region.strip().rstrip(","))).strip()
    if not region or _CUT_TITLE.search(region):
        return None  # "said the Rev." + "Al Sharpton": the name went to the next sentence
    words = region.split()
    if len(words) > MAX_SUBJECT_WORDS:
        return None
    lowered = region.lower()
    if words[-1].lower() in _PRONOUNS:  # "he", "In the video he"
        return _Attribution(words[-1], description, True)
    appositive = _apposition(region)
    if appositive and description is None:
        region, description = appositive["name"].strip(), appositive["desc"].strip()
    people = [s for s in spans if s.label == "PERSON" and _whole_name(s.text, region)]
    headed = words[0].lower() in {"a", "an", "the", "another"} and words[1:2] != []
    if headed and any(_ARGUMENT.search(region.split(p.text)[0]) for p in people):
        # "A spokesperson for Prime Minister Tony Blair": the person is not the speaker.
        return _Attribution(region, description, False)
    if people:
        person = people[-1]
        rest = region.replace(person.text, "").strip(" ,")
        rest = re.sub(r"^(?:the|a|an)\s+", "", rest, flags=re.I) if rest else rest
        name = re.sub(r"(?:'s|’s)$", "", person.text)
        if rest and _TITLE_ONLY.match(rest):
            rest = ""
        if description and description.lower() in {"who", "which", "that"}:
            description = None
        return _Attribution(name, description or (rest or None), True)
    if len(words) > MAX_PLAIN_SPEAKER_WORDS or lowered in {"it", "they", "we", "i", "you"}:
        return None
    if not (words[0][:1].isupper() or words[0].lower() in {"a", "an", "the", "another"}):
        return None
    if len(words) == 1 and lowered in _NOT_SPEAKERS:
        return None  # "another", "one": a noun is missing
    return _Attribution(region, description, False)


def _whole_name(name: str, region: str) -> bool:
    """The span is a whole name in the region, not "Air" of "Air France"."""
    at = region.find(name)
    if at < 0:
        return False
    rest = region[at + len(name) :]
    return not re.match(r"\s+[A-Z]", rest)


def _apposition(region: str) -> re.Match[str] | None:
    """ "Name, a description," -- but not "In July, Putin" (no description there)."""
    match = _APPOSITION.match(region)
    if match is None:
        return None
    desc = match["desc"].strip()
    if _NOT_A_NAME.match(match["name"]) or _NOT_A_DESCRIPTION.match(desc):
        return None  # "On Sunday, The Australian ...", "Yang, adding that ..."
    first = desc.split()[0].lower() if desc else ""
    if desc[:1].islower() or first in {"a", "an", "the"} or first.strip(".,") in ROLE_NOUNS:
        return match
    if any(w.lower().strip(".,") in ROLE_NOUNS for w in desc.split()[:5]):
        return match
    return None


def _antecedent(
    context: Context, article: int, index: int, speakers: dict[tuple[int, int], _Attribution]
) -> _Attribution | None:
    """Who "he" or "she" is: the speaker of the sentence just before; else the one person
    named there; else, when that sentence names nobody, the speaker of the one before it."""
    previous = speakers.get((article, index - 1))
    if previous is not None and previous.is_person:
        return previous
    at = context.unit_at(article, index - 1)
    if at is None or not context.spans:
        return None
    people = {name_key(s.text): s.text for s in context.spans[at] if s.label == "PERSON"}
    if len(people) == 1:
        return _Attribution(next(iter(people.values())), None, True)
    earlier = speakers.get((article, index - 2))
    if not people and earlier is not None and earlier.is_person:
        return earlier
    return None
