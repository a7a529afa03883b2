"""The texts the desk sends: every kind in both languages, escaping, literal values, strictness."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from jinja2 import UndefinedError

from bot import replies
from bot.notice.compose import vendors
from intents.labels import REQUEST_LABELS

LANGUAGES = ("de", "en")
REFERENCE = "PD-7K3M-9QX4"
TEMPLATE_SYNTAX = "{{ 7*7 }} {% if true %}yes{% endif %} {# note #}"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
COMPANY = {
    "name": "MailStore Software GmbH",
    "privacy_email": "privacy@mailstore.com",
    "phone": "+49 (0)2162 - 50299-0",
    "location": "Viersen, Germany",
}
SAMPLES: dict[str, dict[str, Any]] = {
    "acknowledgment": {
        "rights": ["erasure in words", "objection in words"],
        "received": date(2026, 11, 25),
        "due": date(2026, 12, 25),
        "verification_url": "https://privacy.example.com/verify/abc?x=1&y=2",
        "verification_expires": date(2026, 12, 2),
        "agent": True,
        "marketing_stopped": True,
        "disclaimer": "DISCLAIMER: while a contract is active ...",
        "duplicate_of": "PD-AAAA-BBBB",
        "language_note": True,
    },
    "verification_reminder": {
        "rights": ["access in words"],
        "verification_url": "https://privacy.example.com/verify/abc",
        "verification_expires": date(2026, 12, 2),
        "due": date(2026, 12, 25),
    },
    "closing_unverified": {"rights": ["access in words"], "received": date(2026, 11, 25)},
    "extension": {
        "due": date(2026, 12, 25),
        "extended_due": date(2027, 2, 25),
        "reason": "We are collecting your data from several archived systems.",
    },
    "refusal": {"rights": ["erasure in words"], "reasons": "Invoices must be kept for ten years."},
    "vendor_list": {"vendors": vendors(), "notice_date": "August 2020"},
    "answer": {"answer": "We keep data while we need it.\n\nSource: privacy notice, Retention."},
    "pointer": {"support": "our support team (contact options on www.example.com)"},
}
LITERAL_VALUES = [
    ("acknowledgment", "disclaimer"),
    ("extension", "reason"),
    ("refusal", "reasons"),
    ("answer", "answer"),
    ("pointer", "support"),
]
LITERAL_VALUES += [(kind, "requester_name") for kind in SAMPLES]
EVERY_KIND = [(kind, language) for kind in SAMPLES for language in LANGUAGES]


def context(kind: str, **changes: Any) -> dict[str, Any]:
    """A full sample context for `kind`, with `changes` applied."""
    base = {"company": COMPANY, "requester_name": "Jane Doe", "reference": REFERENCE}
    return {**base, **SAMPLES[kind], **changes}


def test_every_template_kind_has_a_sample() -> None:
    assert set(replies.kinds()) == set(SAMPLES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_exists_in_every_language(language: str) -> None:
    files = {entry.name for entry in replies.folder(language).iterdir()}
    assert {f"{kind}.txt" for kind in replies.kinds()} <= files


@pytest.mark.parametrize(("kind", "language"), EVERY_KIND)
def test_renders_with_the_reference_in_subject_and_body(kind: str, language: str) -> None:
    reply = replies.render(kind, language, context(kind))
    assert reply.subject.startswith(f"[{REFERENCE}] ")
    assert REFERENCE in reply.text
    assert "{{" not in reply.text and "{%" not in reply.text


@pytest.mark.parametrize(("kind", "language"), EVERY_KIND)
def test_without_a_reference_the_subject_has_no_brackets(kind: str, language: str) -> None:
    reply = replies.render(kind, language, context(kind, reference=None))
    assert "[" not in reply.subject and "None" not in reply.text


@pytest.mark.parametrize("kind", SAMPLES)
def test_german_text_is_german(kind: str) -> None:
    text = replies.render(kind, "de", context(kind, requester_name=None)).text
    assert text.startswith("Guten Tag,\n\n")
    assert " Sie " in text and "Mit freundlichen Grüßen" in text


@pytest.mark.parametrize("kind", SAMPLES)
def test_english_text_greets_by_name(kind: str) -> None:
    text = replies.render(kind, "en", context(kind)).text
    assert text.startswith("Dear Jane Doe,\n\n") and "Kind regards" in text


@pytest.mark.parametrize(
    ("language", "words"),
    [("de", ["25. November 2026", "25. Dezember 2026", "2. Dezember 2026"]),
     ("en", ["November 25, 2026", "December 25, 2026", "December 2, 2026"])],
)  # fmt: skip
def test_dates_are_long_dates_in_the_language(language: str, words: list[str]) -> None:
    text = replies.render("acknowledgment", language, context("acknowledgment")).text
    assert all(word in text for word in words)


@pytest.mark.parametrize(("kind", "language"), EVERY_KIND)
def test_html_escapes_the_requester_name(kind: str, language: str) -> None:
    reply = replies.render(kind, language, context(kind, requester_name=HOSTILE_NAME))
    assert HOSTILE_NAME in reply.text
    assert "<img" not in reply.html and "&lt;img src=x onerror=alert(1)&gt;" in reply.html


@pytest.mark.parametrize(("kind", "key"), LITERAL_VALUES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_template_syntax_in_values_stays_literal(kind: str, key: str, language: str) -> None:
    reply = replies.render(kind, language, context(kind, **{key: TEMPLATE_SYNTAX}))
    assert TEMPLATE_SYNTAX in reply.text and "49" not in reply.text.replace("+49", "")


@pytest.mark.parametrize(
    ("kind", "key"), [(kind, key) for kind in SAMPLES for key in context(kind)]
)
def test_a_missing_key_raises(kind: str, key: str) -> None:
    incomplete = context(kind)
    del incomplete[key]
    with pytest.raises(UndefinedError):
        replies.render(kind, "de", incomplete)


def test_the_subject_is_one_line_whatever_the_values() -> None:
    reply = replies.render("answer", "en", context("answer", reference="PD-1\r\nBcc: x@y"))
    assert "\n" not in reply.subject and "\r" not in reply.subject


@pytest.mark.parametrize("language", ["fr", "", "xx-YY"])
def test_other_languages_fall_back_to_english(language: str) -> None:
    sample = context("pointer")
    assert replies.render("pointer", language, sample) == replies.render("pointer", "en", sample)


def test_a_regional_language_uses_its_base_language() -> None:
    sample = context("pointer")
    assert replies.render("pointer", "de-AT", sample) == replies.render("pointer", "de", sample)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="no reply template"):
        replies.render("_signature", "en", context("pointer"))


def test_the_html_has_paragraphs_breaks_and_escaped_links() -> None:
    html = replies.html("One & two\nSee https://example.com/a?b=1&c=2.\n\n<b>three</b>\n")
    assert html == (
        "<p>One &amp; two<br>\n"
        'See <a href="https://example.com/a?b=1&amp;c=2">https://example.com/a?b=1&amp;c=2</a>.</p>\n'
        "<p>&lt;b&gt;three&lt;/b&gt;</p>"
    )


def test_only_http_links_become_anchors() -> None:
    html = replies.html('javascript:alert(1) "https://x.example/"onmouseover=1')
    assert html.count("<a ") == 1 and 'href="https://x.example/"' in html
    assert "javascript:alert(1)" in html and 'onmouseover=1"' not in html


def test_vendor_opt_out_addresses_become_links() -> None:
    html = replies.render("vendor_list", "en", context("vendor_list")).html
    assert '<a href="https://tools.google.com/dlpage/gaoptout?hl=de">' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_request_label_has_words_in_every_language(language: str) -> None:
    labels = [*REQUEST_LABELS, "vendor_list"]
    words = replies.rights_in_words(labels, language)
    assert len(words) == len(labels) and all(word.endswith(")") for word in words)


def test_rights_in_words_keep_the_order_of_the_labels() -> None:
    erasure, access = replies.rights_in_words(["erasure", "access"], "en")
    assert erasure.startswith("the deletion") and "(GDPR Art. 17" in erasure
    assert access.startswith("a copy of the personal data") and "(GDPR Art. 15" in access


def test_rights_in_words_fall_back_to_english() -> None:
    assert replies.rights_in_words(["access"], "fr") == replies.rights_in_words(["access"], "en")
    assert "Art. 15 DSGVO" in replies.rights_in_words(["access"], "de")[0]


def test_labels_that_name_no_right_are_left_out() -> None:
    words = replies.rights_in_words(["privacy_question", "portability", "out_of_scope"], "en")
    assert len(words) == 1 and "(GDPR Art. 20)" in words[0]


def test_an_unknown_label_is_refused() -> None:
    with pytest.raises(ValueError, match="not intent labels"):
        replies.rights_in_words(["acess"], "en")
