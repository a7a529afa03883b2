"""Decoding bytes of untrusted mail: declared charset → alias → UTF-8 → cp1252 (mail-rules 11)."""

from __future__ import annotations

import codecs

# Names mail clients write that Python does not know, or knows as something narrower (WHATWG).
ALIASES = {
    "unicode-1-1-utf-7": "utf-7",
    "x-unicode-2-0-utf-7": "utf-7",
    "utf7": "utf-7",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "iso-8859-8-i": "iso-8859-8",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "x-sjis": "shift_jis",
    "windows-874": "cp874",
    "utf8": "utf-8",
}
DECODE_ERRORS = (UnicodeError, LookupError, ValueError, TypeError)


def codec_name(declared: str | None) -> str | None:
    """The Python codec for a declared charset, or None when there is no usable text codec."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower().split("*")[0]
    name = ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    # bytes-to-bytes codecs (hex, zlib, uu) are not charsets, whatever a header claims
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode(data: bytes, declared: str | None, where: str = "body") -> tuple[str, str | None]:
    """Text of `data` and a damage note when it was not cleanly in its declared charset."""
    codec = codec_name(declared)
    for candidate in dict.fromkeys(c for c in (codec, "utf-8") if c):
        try:
            text = data.decode(candidate)
        except DECODE_ERRORS:
            continue
        return text, _note(declared, codec, candidate, where)
    return data.decode("cp1252", errors="replace"), _note(declared, codec, "cp1252", where)


def _note(declared: str | None, codec: str | None, used: str, where: str) -> str | None:
    """The damage note for a decode, None when the declared (or undeclared UTF-8) charset held."""
    if used == codec or (declared is None and used == "utf-8"):
        return None
    if declared and codec is None:
        return f"charset fallback: {where} unknown charset {declared!r} decoded as {used}"
    return f"charset fallback: {where} declared {declared or 'nothing'!s} decoded as {used}"


def decode_mixed(data: bytes, where: str) -> tuple[str, str | None]:
    """UTF-8 text with stray bytes of another charset read as cp1252 (8-bit headers)."""
    pieces, damaged = [], False
    while data:
        try:
            pieces.append(data.decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            pieces.append(data[: exc.start].decode("utf-8"))
            pieces.append(data[exc.start : exc.end].decode("cp1252", errors="replace"))
            data, damaged = data[exc.end :], True
    note = f"charset fallback: {where} 8-bit bytes not UTF-8, read as cp1252" if damaged else None
    return "".join(pieces), note
