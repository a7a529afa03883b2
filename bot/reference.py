"""Case references that staff can say on the phone and that a typo cannot turn into another case.

Form: PREFIX-XXXX-XXXC, Crockford's symbols (no I, L, O, U; here no Z either), seven random
symbols and one check symbol. Reading is forgiving the way Crockford intends: case, O for 0, I and L
for 1, spaces and missing dashes.
"""

from __future__ import annotations

import re
import secrets

# Crockford's symbols less Z: 31, a prime, so a weighted check modulo 31 catches every single
# wrong symbol and every swap of two neighbours.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
PREFIX = "PD"
RANDOM_SYMBOLS = 7
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
SHAPE = re.compile(r"^([A-Z]{2,4})-?([0-9A-Z]{4})-?([0-9A-Z]{4})$")


def check_symbol(body: str) -> str:
    """The check symbol of seven symbols: their position-weighted sum modulo 31."""
    total = sum((position + 1) * ALPHABET.index(symbol) for position, symbol in enumerate(body))
    return ALPHABET[total % 31]


def new_reference(prefix: str = PREFIX) -> str:
    """A fresh random reference, e.g. "PD-7K3M-9QX4"."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    code = body + check_symbol(body)
    return f"{prefix}-{code[:4]}-{code[4:]}"


def parse_reference(text: str) -> str | None:
    """The canonical reference a person typed, or None when it is malformed or fails its check."""
    cleaned = re.sub(r"\s+", "", text.upper())
    match = SHAPE.match(cleaned)
    if not match:
        return None
    prefix, code = match.group(1), (match.group(2) + match.group(3)).translate(MISREAD)
    if any(symbol not in ALPHABET for symbol in code):
        return None
    if check_symbol(code[:RANDOM_SYMBOLS]) != code[RANDOM_SYMBOLS]:
        return None
    return f"{prefix}-{code[:4]}-{code[4:]}"
