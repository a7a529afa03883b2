"""The SMTP boundary: build a reply from plain values and hand it to the relay.

`build` makes headers only through `email.message.EmailMessage` (rule 20: user text never becomes a
raw header); `send` reports the relay's answer as `TemporaryFailure` or `PermanentFailure`.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import format_datetime
from urllib.parse import unquote, urlsplit

from mail.errors import PermanentFailure, TemporaryFailure
from mail.urls import Tls, tls_of

# A message id: printable ASCII without brackets or spaces, inside angle brackets (RFC 5322 3.6.4).
MESSAGE_ID = re.compile(r"<[!-;=?-~]+>")
MAX_REFERENCES = 20


@dataclass(frozen=True)
class SmtpSettings:
    """Which relay to hand mail to, and how."""

    host: str
    port: int
    user: str = ""
    password: str = field(default="", repr=False)
    tls: Tls = "starttls"
    timeout_s: float = 30.0

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """Parse `smtp[s]://user:pass@host:port?tls=starttls|ssl|none`."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("an SMTP URL looks like smtp://user:password@host:587")
        tls = tls_of(parts, "smtps")
        return cls(
            host=parts.hostname,
            port=parts.port or {"ssl": 465, "starttls": 587, "none": 25}[tls],
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            tls=tls,
        )


def send(settings: SmtpSettings, message: EmailMessage, envelope_from: str, to: str) -> None:
    """Hand one message for one recipient to the relay; raise Temporary- or PermanentFailure."""
    try:
        with _connect(settings) as relay:
            relay.send_message(message, from_addr=envelope_from, to_addrs=[to])
    except smtplib.SMTPAuthenticationError as error:
        # Our credentials, not the recipient: a permanent failure would block the address (rule 15).
        raise TemporaryFailure(_reply(error.smtp_error), error.smtp_code) from error
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        raise _failure(code, _reply(reply)) from error
    except smtplib.SMTPResponseException as error:
        raise _failure(error.smtp_code, _reply(error.smtp_error)) from error
    except (smtplib.SMTPException, OSError) as error:  # refused, reset, timed out, TLS
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    """A connected (and, when configured, secured and logged-in) SMTP session."""
    context = ssl.create_default_context()
    if settings.tls == "ssl":
        relay: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout_s, context=context
        )
    else:
        relay = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
    try:
        if settings.tls == "starttls":
            relay.starttls(context=context)
        if settings.user:
            relay.login(settings.user, settings.password)
    except BaseException:
        relay.close()
        raise
    return relay


def _failure(code: int, reply: str) -> TemporaryFailure | PermanentFailure:
    """A 5xx reply is permanent; anything else may pass on a later try."""
    kind = PermanentFailure if 500 <= code < 600 else TemporaryFailure
    return kind(reply, code)


def _reply(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def build(
    *,
    from_address: str,
    from_name: str,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    message_id: str,
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    automatic: bool,
    language: str,
    date: datetime | None = None,
) -> EmailMessage:
    """A reply as plain text plus HTML alternative, with threading and loop-prevention headers."""
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(_line(from_name), addr_spec=from_address)
    message["To"] = Address(addr_spec=to)
    message["Subject"] = _line(subject)
    message["Date"] = format_datetime(date or datetime.now(UTC))
    message["Message-ID"] = _IdList("Message-ID", _ids(message_id)[:1])
    if ids := _ids(in_reply_to or "")[:1]:
        message["In-Reply-To"] = _IdList("In-Reply-To", ids)
    if ids := _trimmed(_ids(" ".join(references))):
        message["References"] = _IdList("References", ids)
    if automatic:  # RFC 3834, and Microsoft's own switch for its auto-replies
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"
    message.set_content(text, cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    message["Content-Language"] = _line(language)  # after set_content, which clears Content-*
    return message


def _line(value: str) -> str:
    """One header line's worth of user text: control characters (CR, LF, ...) become spaces."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", value).strip()


def _ids(value: str) -> list[str]:
    """The well-formed message ids in a value; anything else is dropped."""
    found = MESSAGE_ID.findall(value)
    if not found and value and MESSAGE_ID.fullmatch(f"<{value}>"):
        found = [f"<{value}>"]
    return found


def _trimmed(ids: list[str]) -> list[str]:
    """Keep the thread's first id and the latest ones (RFC 5322 3.6.4 allows trimming)."""
    return ids if len(ids) <= MAX_REFERENCES else ids[:1] + ids[-(MAX_REFERENCES - 1) :]


class _IdList(str):
    """A header of message ids folded between ids: the email package would encode a long id as
    an RFC 2047 word, and a mangled In-Reply-To breaks the requester's threading."""

    def __new__(cls, name: str, ids: list[str]) -> _IdList:
        if not ids:
            raise ValueError(f"{name} needs a message id like <local@domain>")
        made = super().__new__(cls, " ".join(ids))
        made.name, made.ids = name, tuple(ids)
        return made

    name: str
    ids: tuple[str, ...]

    def fold(self, *, policy: Policy) -> str:
        """The header as the generator writes it, one id per line."""
        return f"{self.name}: " + f"{policy.linesep} ".join(self.ids) + policy.linesep
