"""mail.parse on real-world nasty mail: every fixture in tests/emails, limits, and fuzzed input."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mail import quotes
from mail.message import Limits, Parsed, Quarantined
from mail.parse import parse

EMAILS = Path(__file__).parent / "emails"
FIXTURES = sorted(EMAILS.glob("*.eml"))


def load(name: str, received_at: datetime | None = None, limits: Limits | None = None) -> Parsed:
    """The parsed fixture, failing the test when it was quarantined."""
    result = parse((EMAILS / name).read_bytes(), received_at, limits or Limits())
    assert isinstance(result, Parsed), result
    return result


def nested(depth: int) -> bytes:
    """A message whose multiparts nest `depth` levels deep."""
    head = 'From: a@example.org\nContent-Type: multipart/mixed; boundary="n0"\n\n'
    opening = "".join(
        f'--n{i}\nContent-Type: multipart/mixed; boundary="n{i + 1}"\n\n' for i in range(depth)
    )
    inner = f"--n{depth}\nContent-Type: text/plain\n\nx\n--n{depth}--\n"
    closing = "".join(f"--n{i}--\n" for i in reversed(range(depth)))
    return (head + opening + inner + closing).encode()


def test_there_is_a_fixture_for_every_nasty_case() -> None:
    assert len(FIXTURES) >= 45


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_parses_or_is_quarantined_with_a_reason(path: Path) -> None:
    result = parse(path.read_bytes())
    assert isinstance(result, Parsed) or result.reason


@pytest.mark.parametrize(
    ("name", "sender", "subject", "message_id"),
    [
        (
            "header-raw-8bit-latin1.eml",
            "juergen.mueller@example.org",
            "Löschung meiner Daten gemäß DSGVO",
            "<raw8bit-latin1@mail.example.org>",
        ),
        (
            "header-unencoded-utf8.eml",
            "zoe.angstrom@example.org",
            "Auskunftsersuchen – Zoë Ångström",
            "<utf8-headers-1@mail.example.org>",
        ),
        (
            "charset-iso-2022-jp.eml",
            "taro.yamada@example.org",
            "個人情報の開示請求",
            "<iso2022jp-1@mail.example.org>",
        ),
        (
            "charset-koi8-r.eml",
            "igor.petrov@example.org",
            "Просьба об удалении данных",
            "<koi8r-1@mail.example.org>",
        ),
        (
            "charset-windows-1252.eml",
            "francois.dupre@example.org",
            "Demande d’accès – données personnelles",
            "<cp1252-1@mail.example.org>",
        ),
        (
            "charset-unknown.eml",
            "paul.richter@example.org",
            "Abmeldung Newsletter",
            "<unknown-charset-1@mail.example.org>",
        ),
        (
            "rfc2231-filename.eml",
            "bjoern.krueger@example.org",
            "Identitätsnachweis für meine Anfrage",
            "<rfc2231-1@mail.example.org>",
        ),
        (
            "duplicate-message-id.eml",
            "anna.schmidt@example.org",
            "Löschung meiner Daten",
            "<5f1c2e9a.3b7d@mail.example.org>",
        ),
        (
            "microsoft-message-id.eml",
            "peter.meier@example.net",
            "RE: Ihre Anfrage",
            "<[7d1f0c5e-2b3a-4c8e-9f61-0a1b2c3d4e5f]@AM6PR07MB5621.eurprd07.prod.outlook.com>",
        ),
        (
            "bounce-postfix-our-ack.eml",
            "mailer-daemon@mx1.example.com",
            "Undelivered Mail Returned to Sender",
            "<20261124091409.4Rk2Lq0xYzz9sU@mx1.example.com>",
        ),
        (
            "reply-aw-case-token-outlook-de.eml",
            "stefan.wagner@example.org",
            "AW: [PD-7K3M-9QX4] Ihre Anfrage ist eingegangen",
            "<VI1PR07MB6270C4D5E6F7A8B9C0D1E2F3A4B5@VI1PR07MB6270.eurprd07.prod.outlook.com>",
        ),
        (
            "references-50-folded-one-invalid.eml",
            "lena.fischer@example.org",
            "Re: Re: Re: Widerspruch Newsletter",
            "<thread-reply-51@mail.example.org>",
        ),
    ],
)
def test_sender_subject_and_message_id_are_decoded(
    name: str, sender: str, subject: str, message_id: str
) -> None:
    parsed = load(name)
    assert (parsed.sender, parsed.subject, parsed.message_id) == (sender, subject, message_id)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("header-raw-8bit-latin1.eml", "charset fallback: header Subject"),
        ("charset-unknown.eml", "unknown charset 'x-mystery-8'"),
        ("charset-invalid-bytes.eml", "charset fallback: text/plain declared utf-8"),
        ("cte-garbage.eml", "bad transfer encoding"),
        ("boundary-missing.eml", "bad MIME: StartBoundaryNotFoundDefect"),
    ],
)
def test_repairs_are_recorded_as_damage(name: str, damage: str) -> None:
    assert any(damage in note for note in load(name).damaged)


@pytest.mark.parametrize(
    "name",
    [
        "header-unencoded-utf8.eml",
        "charset-iso-2022-jp.eml",
        "charset-utf-7.eml",
        "charset-windows-1252.eml",
        "charset-koi8-r.eml",
        "request-access-de.eml",
    ],
)
def test_correctly_declared_charsets_record_no_damage(name: str) -> None:
    assert load(name).damaged == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("header-raw-8bit-latin1.eml", "Bitte löschen Sie alle meine Daten."),
        ("charset-iso-2022-jp.eml", "個人情報の開示をお願いします。"),
        ("charset-utf-7.eml", "Ich widerrufe meine Einwilligung zur Datenverarbeitung. Grüße"),
        ("charset-windows-1252.eml", "mes données – merci “beaucoup”."),
        ("charset-koi8-r.eml", "Пожалуйста, удалите мои персональные данные."),
        ("charset-unknown.eml", "Bitte keine Werbung mehr an mich schicken. Grüße"),
        ("charset-invalid-bytes.eml", "Ich möchte wissen, welche Daten"),
        ("tnef-winmail.eml", "Hauptstraße 5"),
        ("content-type-missing.eml", "Wie lange speichern Sie meine Daten?"),
        ("cte-garbage.eml", "Ich widerspreche der Verarbeitung"),
        ("boundary-illegal.eml", "Bitte senden Sie mir eine Auskunft"),
        ("boundary-similar.eml", "Ich beantrage eine Kopie meiner Daten"),
        ("boundary-missing.eml", "Ich bitte erneut um Auskunft"),
        ("nesting-deep-under-limit.eml", "Bitte Auskunft."),
        ("smime-signed.eml", "in einem maschinenlesbaren Format (Art. 20 DSGVO)."),
        ("links-5000.eml", "4999"),
    ],
)
def test_body_text_is_decoded(name: str, expected: str) -> None:
    assert expected in load(name).text


def test_missing_message_id_is_derived_from_the_raw_bytes() -> None:
    parsed = load("missing-message-id.eml")
    expected = f"<{parsed.raw_sha256[:32]}@missing-id.invalid>"
    assert (parsed.message_id, parsed.message_id_missing) == (expected, True)


def test_microsoft_style_ids_survive_in_reply_to_and_references() -> None:
    parsed = load("microsoft-message-id.eml")
    expected = "<[a1b2c3d4-0000-4c8e-9f61-0a1b2c3d4e5f]@AM6PR07MB5621.eurprd07.prod.outlook.com>"
    assert (parsed.in_reply_to, parsed.references) == (expected, (expected,))


def test_folded_references_keep_valid_ids_and_drop_garbage() -> None:
    references = load("references-50-folded-one-invalid.eml").references
    assert len(references) == 49
    assert "<broken-reference-without-at-sign>" not in references


def test_trailing_comma_in_cc_keeps_every_address() -> None:
    parsed = load("cc-trailing-comma.eml")
    assert (parsed.to, parsed.cc) == (
        ("privacy@example.com",),
        ("maria.becker@example.org", "legal@example.net"),
    )


def test_undisclosed_recipients_gives_no_to_address() -> None:
    assert load("undisclosed-recipients.eml").to == ()


@pytest.mark.parametrize(
    ("raw", "name", "sender"),
    [
        (b"From: =?utf-8?Q?M=C3=BCller=2C_Hans?= <H@Example.com>", "Müller, Hans", "h@example.com"),
        (b"From: J\xfcrgen <j@example.org>", "Jürgen", "j@example.org"),
        (b"From: <>", "", ""),
        (b"Subject: no sender", "", ""),
    ],
)
def test_sender_and_name_are_read_from_the_raw_header(raw: bytes, name: str, sender: str) -> None:
    parsed = parse(raw + b"\n\nbody\n")
    assert isinstance(parsed, Parsed) and (parsed.sender_name, parsed.sender) == (name, sender)


def test_sender_name_is_decoded() -> None:
    assert load("charset-koi8-r.eml").sender_name == "Игорь Петров"


def test_rfc2231_filename_is_decoded() -> None:
    (attachment,) = load("rfc2231-filename.eml").attachments
    assert (attachment.filename, attachment.content_type) == (
        "Ausweis Björn Krüger.pdf",
        "application/pdf",
    )
    assert attachment.data is not None and attachment.data.startswith(b"%PDF-1.4")


def test_attachment_data_is_dropped_over_the_limit_but_its_size_kept() -> None:
    (attachment,) = load("rfc2231-filename.eml", limits=Limits(attachment_bytes=10)).attachments
    assert attachment.data is None and attachment.size > 10


@pytest.mark.parametrize(
    ("name", "content_type", "filename"),
    [
        ("forwarded-rfc822.eml", "message/rfc822", "Ihre Bestellung.eml"),
        ("tnef-winmail.eml", "application/ms-tnef", "winmail.dat"),
        ("smime-signed.eml", "application/pkcs7-signature", "smime.p7s"),
        ("boundary-similar.eml", "text/plain", "notiz.txt"),
    ],
)
def test_non_body_parts_become_attachments(name: str, content_type: str, filename: str) -> None:
    attachments = load(name).attachments
    assert [(a.content_type, a.filename) for a in attachments] == [(content_type, filename)]


def test_forwarded_message_is_kept_whole() -> None:
    (attachment,) = load("forwarded-rfc822.eml").attachments
    assert attachment.data is not None and b"<order-99812@shop.example.net>" in attachment.data


def test_html_only_mail_is_converted_to_text_without_scripts_or_styles() -> None:
    parsed = load("html-only.eml")
    assert "Bitte keine Werbung mehr an mich." in parsed.text
    assert "kein Newsletter" in parsed.text
    assert "alert" not in parsed.text and "color" not in parsed.text


def test_html_is_sanitised_for_staff_pages() -> None:
    html = load("html-only.eml").html or ""
    assert "<p>" in html
    assert not any(bad in html for bad in ("<script", "onload", "javascript:", "<style"))


def test_plain_text_is_preferred_over_html() -> None:
    parsed = load("request-erasure-en.eml")
    assert "<br>" not in parsed.full_text and parsed.html is not None


def test_empty_body_gives_empty_text() -> None:
    parsed = load("empty-body.eml")
    assert (parsed.text, parsed.full_text, parsed.attachments) == ("", "", ())


def test_lf_and_cr_line_endings_parse_like_crlf() -> None:
    lf, cr = load("line-endings-lf.eml"), load("line-endings-cr.eml")
    assert lf.text == cr.text == "Please tell me which personal data you store about me.\nFelix"
    assert (lf.sender, cr.sender) == ("felix.berg@example.org", "felix.berg@example.org")


@pytest.mark.parametrize(
    ("name", "envelope"),
    [
        ("request-access-de.eml", "petra.zimmermann@example.org"),
        ("bounce-postfix-our-ack.eml", ""),
        ("missing-message-id.eml", None),
    ],
)
def test_envelope_sender_comes_from_return_path(name: str, envelope: str | None) -> None:
    assert load(name).envelope_sender == envelope


def test_received_at_argument_wins() -> None:
    moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert load("request-access-de.eml", received_at=moment).received_at == moment


def test_received_at_falls_back_to_the_topmost_received_header() -> None:
    expected = datetime(2026, 11, 24, 9, 14, 7, tzinfo=timezone(timedelta(hours=1)))
    assert load("request-access-de.eml").received_at == expected


def test_received_at_falls_back_to_the_date_header() -> None:
    parsed = parse(b"From: a@example.org\nDate: Tue, 24 Nov 2026 10:00:00 +0000\n\nhi\n")
    assert isinstance(parsed, Parsed)
    assert parsed.received_at == parsed.date == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_unparseable_date_gives_none() -> None:
    parsed = parse(b"From: a@example.org\nDate: Mon, 32 Foo 2020\n\nhi\n")
    assert isinstance(parsed, Parsed) and (parsed.date, parsed.received_at) == (None, None)


def test_headers_are_kept_decoded_for_the_rules() -> None:
    parsed = load("charset-koi8-r.eml")
    assert ("Subject", "Просьба об удалении данных") in parsed.headers


@pytest.mark.parametrize(
    ("name", "kept", "removed"),
    [
        ("reply-aw-case-token-outlook-de.eml", "Kundennummer: 448812", "Ursprüngliche Nachricht"),
        ("reply-outlook-von-gesendet.eml", "Bestellhistorie löschen", "Sollen wir"),
        ("reply-en-gmail-quote.eml", "Please go ahead and delete it.", "Please confirm"),
        ("reply-de-gmail-am-schrieb.eml", "Meine Kundennummer ist 99123.", "schrieb"),
        ("request-access-de.eml", "Mit freundlichen Grüßen", "Lindenstraße 12"),
        ("smime-signed.eml", "maschinenlesbaren Format", "Musterweg 1"),
        ("request-erasure-en.eml", "Kind regards", "Sent from my iPhone"),
    ],
)
def test_quoted_history_and_signatures_are_removed(name: str, kept: str, removed: str) -> None:
    parsed = load(name)
    assert kept in parsed.text and removed not in parsed.text and removed in parsed.full_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ja.\n\nOn Mon, 23 Nov 2026, Privacy <p@example.com> wrote:\n> x", "Ja."),
        ("Ja.\nAm 23.11.2026 um 10:00 schrieb Privacy Team:\n> x", "Ja."),
        ("Ja.\n-----Original Message-----\nFrom: a\nSent: b", "Ja."),
        ("Yes.\n\nFrom: Privacy Team\nSent: Monday\nTo: me\n\nold", "Yes."),
        ("Answer one\n> question one\nAnswer two\n> question two", "Answer one\nAnswer two"),
        ("Hi\n-- \nSig", "Hi"),
        ("> only a quote", "> only a quote"),
        ("From: a colleague told me to write to you", "From: a colleague told me to write to you"),
    ],
)
def test_strip_removes_quotes_and_signatures(text: str, expected: str) -> None:
    assert quotes.strip(text) == expected


def test_nesting_over_the_limit_is_quarantined() -> None:
    result = parse((EMAILS / "nesting-deep-over-limit.eml").read_bytes())
    assert isinstance(result, Quarantined) and "nesting" in result.reason


def test_nesting_beyond_the_parsers_recursion_is_quarantined() -> None:
    result = parse(nested(3000))
    assert isinstance(result, Quarantined) and "nesting" in result.reason


def test_too_many_parts_are_quarantined() -> None:
    parts = "".join("--b\nContent-Type: text/plain\n\nx\n" for _ in range(501))
    raw = f"From: a@example.org\nContent-Type: multipart/mixed; boundary=b\n\n{parts}--b--\n"
    result = parse(raw.encode())
    assert isinstance(result, Quarantined) and "more than 500 MIME parts" in result.reason


def test_oversize_message_is_quarantined_with_its_hash() -> None:
    raw = b"From: a@example.org\n\n" + b"x" * (25 * 1024 * 1024)
    result = parse(raw)
    assert isinstance(result, Quarantined) and "larger than" in result.reason
    assert len(result.raw_sha256) == 64


def test_slow_parse_is_quarantined() -> None:
    result = parse(b"From: a@example.org\n\nhello\n", limits=Limits(max_seconds=0.0))
    assert isinstance(result, Quarantined) and "longer than" in result.reason


def test_random_bytes_never_raise() -> None:
    rng = random.Random(5)
    for _ in range(300):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(3000)))
        assert isinstance(parse(raw), Parsed | Quarantined)


@pytest.mark.parametrize("path", FIXTURES[::3], ids=lambda p: p.name)
def test_truncated_and_mangled_fixtures_never_raise(path: Path) -> None:
    raw, rng = path.read_bytes()[:60_000], random.Random(path.name)
    for cut in range(0, len(raw), max(1, len(raw) // 25)):
        assert isinstance(parse(raw[:cut]), Parsed | Quarantined)
    for _ in range(20):
        mangled = bytearray(raw)
        for _ in range(20):
            mangled[rng.randrange(len(raw))] = rng.choice(b"=?<>\"';:@\r\n\t \x00\xff-*%")
        assert isinstance(parse(bytes(mangled)), Parsed | Quarantined)
