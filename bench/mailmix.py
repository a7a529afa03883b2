"""A realistic mix of inbound mail for benchmarks, written for them (never the corpus).

Requests, questions, product support, replies, auto-replies, bounces and list mail in German
and English, each a complete RFC 5322 message with its own Message-ID.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

TEXTS = json.loads((Path(__file__).parent / "mailmix.json").read_text(encoding="utf-8"))
PEOPLE, REQUESTS = TEXTS["people"], TEXTS["requests"]
QUESTIONS, SUPPORT = TEXTS["questions"], TEXTS["support"]


def message(sender: str, subject: str, body: str, **headers: str) -> bytes:
    """One complete message."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "privacy@example.com", subject
    mail["Date"] = format_datetime(datetime.now(UTC))
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">"))
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(body)
    return mail.as_bytes()


def one(number: int, pick: random.Random) -> bytes:
    """Message `number` of the mix."""
    person = f"{PEOPLE[number % len(PEOPLE)]}{number}@example.org"
    name = PEOPLE[number % len(PEOPLE)].title() + " Beispiel"
    kind = pick.random()
    if kind < 0.40:
        subject, body = pick.choice(REQUESTS)
        return message(f"{name} <{person}>", subject, body.format(name=name))
    if kind < 0.60:
        return message(person, *pick.choice(QUESTIONS))
    if kind < 0.80:
        return message(person, *pick.choice(SUPPORT))
    if kind < 0.90:
        return message(
            person,
            "Automatische Antwort: Ihre Nachricht",
            "Ich bin bis Montag nicht im Büro.",
            Auto_Submitted="auto-replied",
        )
    if kind < 0.95:
        return message(
            "newsletter@example.net",
            "Our monthly news",
            "News of the month.",
            List_Id="<news.example.net>",
            List_Unsubscribe="<mailto:u@example.net>",
        )
    return message(
        "MAILER-DAEMON@example.net",
        "Undelivered Mail Returned to Sender",
        "This is the mail system. Your message could not be delivered.",
        Auto_Submitted="auto-replied",
    )


def mix(count: int, seed: int = 11) -> list[bytes]:
    """`count` messages of the mix, reproducibly."""
    pick = random.Random(seed)
    return [one(number, pick) for number in range(count)]
