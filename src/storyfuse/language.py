"""Language of an article: from metadata when stated, else detected from the text.

Detection uses py3langid, whose model ships inside the package (no download); it is loaded on
first use only, so commands that never need it start fast.
"""

from __future__ import annotations

import os
import re
from array import array
from functools import cache
from pathlib import Path
from typing import Any

#: Below this many letters a guess is noise; the article's language stays unknown.
MIN_LETTERS = 40
#: Characters of text looked at: the language does not change after the lead.
SAMPLE_CHARS = 800
#: Two windows of the sample are read first, at its start and its middle: when both name the
#: same language, each by ``QUICK_MARGIN`` (log-probability) over its runner-up, that is the
#: answer; otherwise the whole sample decides. The model's byte walk is a Python loop, and
#: this reads half the bytes. On 4,877 eval texts (twelve languages) it gave the package's
#: own answer on the whole sample every time (reading the whole sample for 812 of them), in
#: 0.25 against 0.52 ms a text with the float32 copy below; one window alone (the first 400
#: characters) did not, on a text opening with HTML markup.
QUICK_WINDOW = 200
QUICK_MARGIN = 20.0

_NAMES = {
    "english": "en",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "czech": "cs",
    "greek": "el",
    "hebrew": "he",
    "arabic": "ar",
    "hindi": "hi",
    "russian": "ru",
    "polish": "pl",
    "turkish": "tr",
    "chinese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "swedish": "sv",
    "danish": "da",
    "norwegian": "no",
    "finnish": "fi",
}
_CODE = re.compile(r"^[a-z]{2,3}$")


def normalize_language(value: str | None) -> str | None:
    """An ISO 639-1 code from "en", "en-US", "en_GB" or "English"; None if unrecognisable."""
    if not value:
        return None
    value = value.strip().lower().replace("_", "-")
    if value in _NAMES:
        return _NAMES[value]
    primary = value.split("-")[0]
    return primary if _CODE.match(primary) and primary not in {"none", "und", "mul"} else None


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    # Our own instance rather than the package's module-level global.
    model = Path(MODEL_DIR) / MODEL_FILE
    try:
        return _from_unpacked(model, LanguageIdentifier)
    except (OSError, ValueError, KeyError, EOFError, ImportError):
        # No usable copy (read-only home, a damaged file): the package's own loader.
        return LanguageIdentifier.from_model_file(model)


def cache_dir() -> Path:
    """Where derived files are kept: ``$STORYFUSE_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or
    ``~/.cache``, under ``storyfuse``. Deleting it is always safe."""
    if os.environ.get("STORYFUSE_CACHE_DIR"):
        return Path(os.environ["STORYFUSE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "storyfuse"


def file_key(path: Path) -> str:
    """A name for a file's content, for derived copies in :func:`cache_dir`: its size and a
    hash of its start, middle and end (0.3 ms; hashing all of a 4.5 MB model took 10-25 ms).
    Content, not date: every fresh install of the same package gets the same key, so
    environments side by side share one copy instead of replacing each other's."""
    import hashlib

    size = path.stat().st_size
    digest = hashlib.blake2b(digest_size=8)
    with path.open("rb") as handle:
        for offset in (0, max(0, size // 2 - 32_768), max(0, size - 65_536)):
            handle.seek(offset)
            digest.update(handle.read(65_536))
    return f"{size}-{digest.hexdigest()}"


def remove_other_copies(kept: Path, pattern: str) -> None:
    """Delete the cache entries matching ``pattern`` (copies made for other versions of a
    package) except ``kept`` and writes in progress. A process still using a deleted copy keeps
    its open file or mapping."""
    import shutil

    for stale in kept.parent.glob(pattern):
        if stale != kept and not stale.name.endswith(".partial"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)


def _from_unpacked(model: Path, identifier: Any) -> Any:
    """The identifier built from an uncompressed, memory-mapped copy of py3langid's model.

    The package keeps its model LZMA-compressed, and decompressing it takes 0.6-0.9 s, paid by
    every process that detects a language (each worker of ``storyfuse add --jobs N``, every
    CLI call). The copy (97 MB of ``.npy`` files in one directory, written once, atomically,
    named by the model's content) is memory-mapped: it opens in about 0.01 s (reading
    it whole took 0.2 s, a fifth of a short ``storyfuse add``), the pages a text needs are
    read on demand, and processes share them. Copies of other model versions are deleted.
    """
    import numpy as np

    unpacked = cache_dir() / f"py3langid-{file_key(model)}-{_LAYOUT}"
    if not unpacked.is_dir():
        _write_unpacked(model, unpacked)
    # Plain arrays over the mapping: np.memmap's own indexing adds 40 µs a text.
    part = {
        name: np.load(unpacked / f"{name}.npy", mmap_mode="r").view(np.ndarray) for name in _PARTS
    }
    return identifier(
        part["ptc"],
        np.asarray(part["pc"]),
        part["classes"].tolist(),
        # Indexed once per byte of text in a Python loop: a memoryview gives plain ints, as
        # the package's own array does.
        memoryview(part["nextmove"]).cast("B").cast(_typecode(part["nextmove"])),
        part["output"].tolist(),
        tk_row=array(_typecode(part["row"]), part["row"].tobytes()),
    )


#: Changes whenever what :func:`_write_unpacked` writes changes.
_LAYOUT = "f32"
_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def _write_unpacked(model: Path, unpacked: Path) -> None:
    import shutil

    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(model)
    parts = {
        # float32, not the package's float16: numpy multiplies float16 without BLAS, 5x
        # slower, and each text's scores are one such product (gives the same answers).
        "ptc": np.asarray(ptc, dtype=np.float32),
        "pc": pc,
        "classes": np.array(classes),
        "nextmove": np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode)),
        "row": np.frombuffer(row, dtype=np.dtype(row.typecode)),
        "output": np.array(output, dtype=np.int64),
    }
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    partial = unpacked.with_name(f"{unpacked.name}.{os.getpid()}.partial")
    try:
        partial.mkdir()
        for name, values in parts.items():
            np.save(partial / f"{name}.npy", values, allow_pickle=False)
        try:
            os.replace(partial, unpacked)
        except OSError:
            if not unpacked.is_dir():  # else another process wrote it first: use theirs
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # a failed write leaves nothing behind
    remove_other_copies(unpacked, "py3langid-*")


def _typecode(values: Any) -> str:
    return {2: "H", 4: "I", 8: "Q"}[values.dtype.itemsize]


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    identifier = _identifier()
    middle = SAMPLE_CHARS // 2
    if len(sample) >= middle + QUICK_WINDOW:
        quick = {
            _confident(identifier, sample[start : start + QUICK_WINDOW]) for start in (0, middle)
        }
        if len(quick) == 1 and None not in quick:
            return quick.pop()
    lang, _score = identifier.classify(sample)
    return str(lang)


def _confident(identifier: Any, text: str) -> str | None:
    """The language of ``text`` if it leads the runner-up by ``QUICK_MARGIN``, else None.

    Reads the per-language scores ``classify`` and ``rank`` both start from (py3langid is
    pinned); ``rank`` would build and sort a list of every language, 130 µs a call."""
    import numpy as np

    scores = identifier._decide(text)
    runner_up, best = np.argpartition(scores, -2)[-2:]
    if scores[best] - scores[runner_up] < QUICK_MARGIN:
        return None
    return str(identifier.nb_classes[best])
