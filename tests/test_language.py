"""Language detection: German and English reliably, other languages by name, short texts too."""

from __future__ import annotations

from typing import Any

import pytest

from intents import Analyser
from intents.language import detect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Abmelden", "de"),
        ("abbestellen", "de"),
        ("lösch meine daten", "de"),
        ("loesch meine daten", "de"),
        ("Auskunft bitte", "de"),
        ("keine Werbung mehr", "de"),
        ("Datenschutz", "de"),
        ("Hallo", "de"),
        ("unsubscribe", "en"),
        ("delete my data", "en"),
        ("stop emailing me", "en"),
        ("privacy question", "en"),
        ("remove me", "en"),
        ("thanks", "en"),
        ("do not sell", "en"),
    ],
)
def test_short_german_and_english_messages(analyser: Analyser, text: str, expected: str) -> None:
    assert detect(text, vocabularies=analyser.vocabularies).code == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, je souhaite supprimer toutes mes données personnelles.", "fr"),
        ("Hola, quiero que eliminen todos mis datos personales de su sistema.", "es"),
        ("Buongiorno, vorrei ricevere una copia dei miei dati personali.", "it"),
        ("Goedendag, ik wil graag inzage in mijn persoonsgegevens.", "nl"),
        ("Dobrý den, žádám o výmaz mých osobních údajů z vaší databáze.", "cs"),
        ("Dzień dobry, proszę o usunięcie moich danych osobowych.", "pl"),
    ],
)
def test_other_languages_are_named(text: str, expected: str) -> None:
    found = detect(text)
    assert (found.code, found.supported) == (expected, False)


def test_hint_decides_an_unknown_short_word() -> None:
    assert detect("Xyzzq", hint="de").code == "de"


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "12345 678"])
def test_no_words_is_undetermined_without_a_hint(text: str) -> None:
    assert detect(text).code == "und"


def test_detection_is_deterministic() -> None:
    text = "Ciao, grazie mille"
    assert len({detect(text).code for _ in range(10)}) == 1


def test_corpus_language_accuracy_is_at_least_98_percent(
    analyser: Analyser, corpus: list[dict[str, Any]]
) -> None:
    right = sum(1 for row in corpus if analyser.analyse(row["text"]).language.code == row["lang"])
    assert right / len(corpus) >= 0.98


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Never sell my data to brokers.", "en"),
        ("newsletter abbestellen pls", "de"),
        ("konto entfernen pls", "de"),
        ("do you price match?", "en"),
        ("is my data encrypted", "en"),
    ],
)
def test_short_mixed_messages_are_not_given_to_a_third_language(
    analyser: Analyser, text: str, expected: str
) -> None:
    assert detect(text, vocabularies=analyser.vocabularies).code == expected
