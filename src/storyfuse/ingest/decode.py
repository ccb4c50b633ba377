"""Bytes to text: refuse binaries with a reason, undo gzip within a size cap, find the encoding."""

from __future__ import annotations

import codecs
import re
import zlib

from storyfuse.errors import InputRejected

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\x00\x00\x00", "a binary file"),
    (b"SQLite format 3", "an SQLite database"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
]
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([\w.:-]+)""", re.I)
GZIP_MAGIC = b"\x1f\x8b"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
#: Share of control characters above which undecodable bytes are called binary.
MAX_CONTROL_SHARE = 0.10


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def describe_binary(data: bytes) -> str | None:
    """What the bytes are if they are not text ("a PNG image"), else None."""
    if _bom_encoding(data):
        return None
    head = data[:8192]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if b"\x00" in head:
        return "a binary file (it contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        return "a binary file (mostly control characters)"
    return None


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing output past ``limit`` bytes (a gzip bomb or a huge file)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InputRejected(f"corrupt gzip data ({exc})") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise InputRejected(f"decompresses to more than {format_size(limit)} (limit: --max-size)")
    if not inflater.eof:
        raise InputRejected("truncated gzip data (the file ends early)")
    return out


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Text from bytes: BOM, then a declared charset, then UTF-8, then detection.

    Raises :class:`InputRejected` for binary data.
    """
    bom = _bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace")
    what = describe_binary(data)
    if what:
        raise InputRejected(f"not text: looks like {what}")
    for encoding in (declared, "utf-8"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("cp1252", errors="replace")


def format_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"
