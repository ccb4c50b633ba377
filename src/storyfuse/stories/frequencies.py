"""How common a word is in its language: wordfreq's Zipf frequencies, in a table that opens in
milliseconds.

wordfreq answers in the unit the clustering weights need, but every process that asks pays
for importing it (0.18 s, most of it its dependencies' own tables) and for decoding
its table (0.15 s): a third of the start-up of a short ``storyfuse add``. The first use on a
machine therefore copies the language's table (wordfreq's ``best`` list) into the storyfuse
cache as sorted 64-bit word hashes with each word's Zipf value and the word itself, and later
processes read that in about 5 ms and never import wordfreq.

A word is looked up as written. That is wordfreq's own answer for the words its tokenizer
keeps as they are (lower-case letters: a test checks every 50th such word of the English
table). wordfreq also folds digits ("10th" is counted as "00th", with a share for the number)
and tokenizes some scripts further, which the table does not repeat: such a word is looked up
as written, and one the table lacks counts as rare (Zipf 0).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import re
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from storyfuse.language import cache_dir, file_key, remove_other_copies

__all__ = ["ZipfTable", "zipf", "zipf_table"]

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _hash(encoded: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=8).digest(), "little")


class ZipfTable:
    """Zipf frequencies (log10 of a word's frequency per billion words) by word."""

    def __init__(self, hashes: array, centi_zipf: array, offsets: array, words: bytes) -> None:
        self._hashes = hashes  # sorted
        self._zipf = centi_zipf  # Zipf x 100 (wordfreq rounds it to two decimals), signed
        self._offsets = offsets  # word i is words[offsets[i]:offsets[i + 1]]
        self._words = words

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, word: str) -> float | None:
        encoded = word.encode("utf-8")
        key = _hash(encoded)
        i = bisect_left(self._hashes, key)
        while i < len(self._hashes) and self._hashes[i] == key:
            if self._words[self._offsets[i] : self._offsets[i + 1]] == encoded:
                return self._zipf[i] / 100
            i += 1  # two words with one hash: never seen, but not assumed away
        return None

    @classmethod
    def from_frequencies(cls, frequencies: dict[str, float]) -> ZipfTable:
        rows = sorted(
            (_hash(word.encode("utf-8")), round(_zipf_of(freq) * 100), word.encode("utf-8"))
            for word, freq in frequencies.items()
        )
        offsets = array("I", [0])
        for _, _, encoded in rows:
            offsets.append(offsets[-1] + len(encoded))
        return cls(
            array("Q", [h for h, _, _ in rows]),
            array("h", [z for _, z, _ in rows]),
            offsets,
            b"".join(encoded for _, _, encoded in rows),
        )

    def save(self, path: Path) -> None:
        """Written whole or not at all (another process may be reading the same path)."""
        import numpy as np

        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            with partial.open("wb") as out:
                np.savez(
                    out,
                    hashes=np.frombuffer(self._hashes, dtype=np.uint64),
                    zipf=np.frombuffer(self._zipf, dtype=np.int16),
                    offsets=np.frombuffer(self._offsets, dtype=np.uint32),
                    words=np.frombuffer(self._words, dtype=np.uint8),
                )
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path) -> ZipfTable:
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            parts = {name: data[name] for name in ("hashes", "zipf", "offsets", "words")}
        if not len(parts["offsets"]) == len(parts["hashes"]) + 1 == len(parts["zipf"]) + 1:
            raise ValueError(f"{path}: inconsistent table")
        return cls(
            array("Q", parts["hashes"].astype(np.uint64).tobytes()),
            array("h", parts["zipf"].astype(np.int16).tobytes()),
            array("I", parts["offsets"].astype(np.uint32).tobytes()),
            parts["words"].tobytes(),
        )


def _zipf_of(freq: float) -> float:
    """wordfreq's Zipf value of a frequency it stores (three significant digits, then two
    decimals), computed as ``wordfreq.zipf_frequency`` does."""
    if freq <= 0:
        return 0.0
    digits = math.floor(-math.log10(freq))
    return round(math.log10(round(freq, digits + 3)) + 9, 2)


def _package_stamp() -> str:
    """The installed wordfreq's version, told by its code (found without importing it; its
    tables ship with it): a new version gets a new copy."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        raise ImportError("wordfreq is not installed (it is a dependency of storyfuse)")
    return file_key(Path(spec.origin))


@lru_cache(maxsize=64)
def zipf_table(language: str) -> ZipfTable:
    """The language's table; an empty one for a language wordfreq does not know."""
    if not _LANGUAGE.match(language):
        return ZipfTable(array("Q"), array("h"), array("I", [0]), b"")
    path = cache_dir() / f"wordfreq-{language}-{_package_stamp()}.npz"
    try:
        return ZipfTable.load(path)
    except (OSError, ValueError, KeyError, EOFError):
        pass  # not written yet, or damaged: build it again
    table = ZipfTable.from_frequencies(_wordfreq_table(language))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        table.save(path)
        remove_other_copies(path, f"wordfreq-{language}-*.npz")
    except OSError:
        pass  # a read-only cache: every process builds the table, slower but right
    return table


def _wordfreq_table(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    try:
        return get_frequency_dict(language, "best")
    except LookupError:
        return {}


def zipf(word: str, language: str = "en") -> float:
    """The word's Zipf frequency in the language; 0 for a word the table lacks."""
    found = zipf_table(language).get(word)
    return 0.0 if found is None else found
