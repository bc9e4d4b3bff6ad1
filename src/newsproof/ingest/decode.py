"""Bytes → text: size limit, binary sniffing, and charset detection."""

from __future__ import annotations

from newsproof.errors import InputError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"BZh", "bzip2-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x01\x00", "an icon image"),
    (b"SQLite format 3", "an SQLite database"),
)


def check_size(size: int, max_bytes: int) -> None:
    """Refuse input larger than ``max_bytes``."""
    if size > max_bytes:
        raise InputError(
            f"input is {size:,} bytes, larger than the {max_bytes:,}-byte limit; raise it with --max-bytes",
            code="E104",
        )


def decode_bytes(data: bytes, *, max_bytes: int) -> str:
    """Decode article bytes: UTF-8 first, then the detected charset. Binary data is refused."""
    check_size(len(data), max_bytes)
    if not data.strip():
        raise InputError("empty article: the input has no text", code="E101")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"not text: the input looks like {what}", code="E102")
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 100 + 1:
        raise InputError("not text: the input contains binary data (NUL bytes)", code="E102")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot decode the input: it is neither UTF-8 nor a recognisable charset", code="E103")
    text = str(best)
    if _control_share(text) > 0.05:
        raise InputError("not text: the input decodes to mostly control characters", code="E102")
    return text


def _control_share(text: str) -> float:
    sample = text[:4096]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)
