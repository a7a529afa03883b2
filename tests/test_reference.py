"""Case references: sayable, checkable, forgiving of how people type them."""

from __future__ import annotations

import pytest

from bot.reference import ALPHABET, check_symbol, new_reference, parse_reference
from intents.entities import extract


def test_new_references_are_valid_and_distinct() -> None:
    made = {new_reference() for _ in range(500)}
    assert len(made) == 500 and all(parse_reference(r) == r for r in made)


# Every symbol at every position, so the checks below see all differences of two symbols.
BODIES = [(ALPHABET[i:] + ALPHABET[:i])[:7] for i in range(len(ALPHABET))] + ["0Y0Y0Y0", "Y0Y0Y0Y"]


def with_check(body: str) -> str:
    """A valid code for `body`."""
    return body + check_symbol(body)


@pytest.mark.parametrize("body", BODIES)
def test_every_single_wrong_symbol_is_caught(body: str) -> None:
    code = with_check(body)
    for position in range(len(code)):
        for symbol in ALPHABET.replace(code[position], ""):
            typo = code[:position] + symbol + code[position + 1 :]
            assert parse_reference(f"PD-{typo[:4]}-{typo[4:]}") is None


@pytest.mark.parametrize("body", BODIES)
def test_swapped_neighbours_are_caught(body: str) -> None:
    code = with_check(body)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert parse_reference(f"PD-{swapped[:4]}-{swapped[4:]}") is None


@pytest.mark.parametrize("form", ["lower", "no-dashes", "spaces", "o-for-zero"])
def test_forgiving_reading(form: str) -> None:
    reference = new_reference()
    typed = {
        "lower": reference.lower(),
        "no-dashes": reference.replace("-", ""),
        "spaces": reference.replace("-", " - "),
        "o-for-zero": reference.replace("0", "O"),
    }[form]
    assert parse_reference(typed) == reference


@pytest.mark.parametrize("text", ["", "PD-1234", "hello", "PD-UUUU-UUUU", "P-1234-5678"])
def test_malformed_references_are_rejected(text: str) -> None:
    assert parse_reference(text) is None


def test_entity_extraction_finds_a_reference_in_text() -> None:
    reference = new_reference()
    assert extract(f"Re: Ihr Vorgang {reference}").case_references == (reference,)
