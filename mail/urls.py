"""Server URLs of the mail settings: `scheme[s]://user:pass@host:port/…?tls=…`."""

from __future__ import annotations

from typing import Literal, cast
from urllib.parse import SplitResult, parse_qs

Tls = Literal["ssl", "starttls", "none"]


def tls_of(parts: SplitResult, secure_scheme: str) -> Tls:
    """The TLS mode a URL asks for: its `s` scheme means SSL, else `?tls=` (default STARTTLS)."""
    asked = parse_qs(parts.query).get("tls", ["starttls"])[0]
    tls = "ssl" if parts.scheme == secure_scheme else asked
    if tls not in ("ssl", "starttls", "none"):
        raise ValueError(f"tls must be ssl, starttls or none, not {tls!r}")
    return cast(Tls, tls)
