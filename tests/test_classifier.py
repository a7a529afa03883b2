"""Intent classification: every label recognised in German and English, traps stay out of scope."""

from __future__ import annotations

import os

import pytest

from intents import LABELS, OUT_OF_SCOPE, Analyser
from intents.classifier import decide

CLEAR_CASES = [
    ("Bitte löschen Sie alle meine Daten.", "erasure"),
    ("Please erase my account and every record you have about me.", "erasure"),
    ("Ich möchte Auskunft über alle zu meiner Person gespeicherten Daten.", "access"),
    ("I want a copy of all personal data you hold about me.", "access"),
    ("Meine Anschrift in Ihrem Kundenkonto ist falsch, bitte korrigieren.", "rectification"),
    ("My surname is misspelled in your records, please correct it.", "rectification"),
    ("Bitte schränken Sie die Verarbeitung meiner Daten ein (Art. 18 DSGVO).", "restriction"),
    ("Please restrict the processing of my data until my dispute is resolved.", "restriction"),
    ("Schicken Sie mir meine Daten in einem maschinenlesbaren Format.", "portability"),
    ("Please send my data in a machine-readable format for another provider.", "portability"),
    ("Ich widerrufe meine Einwilligung zur Verarbeitung meiner Daten.", "objection"),
    ("I object to the processing of my data based on legitimate interests.", "objection"),
    ("Newsletter abbestellen", "marketing_optout"),
    ("unsubscribe", "marketing_optout"),
    ("Do not sell my personal information. I live in California.", "sale_optout"),
    ("Verkaufen Sie meine Daten nicht an Dritte.", "sale_optout"),
    ("Sie haben meine Anfrage ignoriert, ich beschwere mich bei der Behörde.", "complaint"),
    ("You ignored my request twice. I am filing a complaint with the ICO.", "complaint"),
    ("Auf welcher Rechtsgrundlage verarbeiten Sie meine Daten?", "legal_basis"),
    ("On what legal basis do you process my data?", "legal_basis"),
    ("Welche Werbepartner bekommen meine Daten?", "vendor_list"),
    ("Which advertising partners receive my data?", "vendor_list"),
    ("Wie kann ich Google Analytics auf Ihrer Website deaktivieren?", "cookies_tracking"),
    ("Which cookies does your website set?", "cookies_tracking"),
    ("Wie lange speichern Sie meine Daten?", "privacy_question"),
    ("Do you transfer my data outside the EU?", "privacy_question"),
]

PRODUCT_TRAPS = [
    "How do I delete old emails from the MailStore archive?",
    "How can I export all mailboxes to PST?",
    "Wie lösche ich archivierte E-Mails eines ausgeschiedenen Mitarbeiters aus dem Archiv?",
    "Wie exportiere ich ein Postfach aus MailStore Server als PST-Datei?",
    "Our licence key does not work after the update to version 24.",
    "Wann kommt das nächste Update für MailStore Server?",
]


@pytest.mark.parametrize(("text", "label"), CLEAR_CASES)
def test_clear_message_gets_its_label(analyser: Analyser, text: str, label: str) -> None:
    assert label in analyser.analyse(text).labels


@pytest.mark.parametrize("text", PRODUCT_TRAPS)
def test_product_support_stays_out_of_scope(analyser: Analyser, text: str) -> None:
    assert analyser.analyse(text).labels == (OUT_OF_SCOPE,)


def test_erasure_letter_can_carry_several_labels(analyser: Analyser) -> None:
    text = (
        "Sehr geehrte Damen und Herren, hiermit widerrufe ich meine Einwilligung und fordere "
        "Sie auf, alle meine personenbezogenen Daten gemäß Art. 17 DSGVO zu löschen. Außerdem "
        "widerspreche ich jeder Nutzung meiner Daten für Werbezwecke."
    )
    assert {"erasure", "objection"} <= set(analyser.analyse(text).labels)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "🙂🙃😀" * 10,
        "\x00\x01\x02\xff\ufffe binary \x9b\x1b[31m",
        "Bitte löschen Sie meine Daten. Please also delete my account. Merci!",
        "a" * 1_000_000,
        "Please delete my data. " * 50_000,
        "".join(chr(c) for c in range(0x20, 0x3000)),
    ],
    ids=["empty", "emoji", "binary", "mixed", "1MB-one-word", "1MB-text", "unicode-soup"],
)
def test_any_input_gets_a_complete_result(analyser: Analyser, text: str) -> None:
    result = analyser.analyse(text)
    assert set(result.scores) == set(LABELS)
    assert result.labels and all(0.0 <= s <= 1.0 for s in result.scores.values())


def test_scores_cover_every_label_and_out_of_scope_stands_alone(analyser: Analyser) -> None:
    result = analyser.analyse("Thanks, the update worked!")
    assert result.labels == (OUT_OF_SCOPE,)
    assert set(result.scores) == set(LABELS)


def test_rule_counts_less_when_model_is_sure_of_out_of_scope() -> None:
    model = dict.fromkeys(LABELS, 0.01) | {OUT_OF_SCOPE: 0.95}
    assert decide(model, {"erasure": 0.9}).labels == (OUT_OF_SCOPE,)
    unsure = model | {OUT_OF_SCOPE: 0.3}
    assert decide(unsure, {"erasure": 0.9}).labels == ("erasure",)


def test_model_is_trained_into_the_configured_folder(analyser: Analyser) -> None:
    root = os.environ.get("PRIVACYBOT_MODEL_DIR", "var/models")
    assert os.path.exists(os.path.join(root, f"intents-{analyser.classifier.version}"))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Bonjour, conformément à l'article 17 du RGPD, supprimez mes données.", "erasure"),
        ("Buongiorno, ai sensi dell'articolo 15 del GDPR chiedo l'accesso ai miei dati.", "access"),
        ("Dobrý den, podle článku 16 GDPR žádám o opravu mých údajů.", "rectification"),
    ],
)
def test_other_languages_are_judged_by_article_citations(
    analyser: Analyser, text: str, label: str
) -> None:
    result = analyser.analyse(text)
    assert not result.language.supported and result.labels == (label,)
