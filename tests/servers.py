"""Real mail servers for tests: Dovecot (IMAP) and an aiosmtpd SMTP server, as pytest fixtures.

Registered in tests/conftest.py with `pytest_plugins = ["tests.servers"]`. Dovecot follows the
recipe in shared/recipes.md; without the binary the tests skip locally and fail in CI.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from imapclient import IMAPClient

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
ACCOUNTS = 1000  # one fresh mailbox per test that asks for one
CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{d}/mail/%u
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={d}/mail/%u
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0  # no growing delay for every login after the login-failure test
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
  }}
}}
"""


def free_port() -> int:
    """A loopback port that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_certificate(directory: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 (cert.pem, key.pem); returns the cert's path."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        + ["-keyout", str(directory / "key.pem"), "-out", str(directory / "cert.pem")],
        check=True,
        capture_output=True,
    )
    return directory / "cert.pem"


def wait_for_port(port: int, timeout_s: float = 10.0) -> None:
    """Block until something accepts connections on the loopback port."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@dataclass
class ImapAccount:
    """A user on the test Dovecot: its URL for `mail.inbox`, and a side door to deliver mail."""

    host: str
    port: int
    ssl_port: int
    user: str
    password: str

    @property
    def url(self) -> str:
        """The account as an `ImapSettings` URL (plain IMAP on loopback)."""
        return self.tls_url("none")

    def tls_url(self, tls: str) -> str:
        """The account's URL with TLS "none", "starttls" or "ssl" (on the imaps port)."""
        login = f"{self.user}:{quote(self.password)}@{self.host}"
        if tls == "ssl":
            return f"imaps://{login}:{self.ssl_port}/INBOX"
        return f"imap://{login}:{self.port}/INBOX?tls={tls}"

    def connect(self) -> IMAPClient:
        """A second, independent logged-in connection (use it as a context manager)."""
        client = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        try:
            client.login(self.user, self.password)
        except BaseException:
            client.shutdown()
            raise
        return client

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a message into the folder, as an MTA would."""
        with self.connect() as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            client.append(folder, raw)


class Dovecot(ImapAccount):
    """A throwaway Dovecot in its own directory; the default account is "privacy"."""

    def __init__(self, directory: Path) -> None:
        super().__init__("127.0.0.1", free_port(), free_port(), "privacy", "s3cret pass/word")
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None
        self._numbers = itertools.count(1)
        (directory / "mail").mkdir()
        shutil.chown(directory / "mail", "dovecot", "dovecot")
        self.certificate = make_certificate(directory)
        config = CONFIG.format(d=directory, port=self.port, ssl_port=self.ssl_port)
        (directory / "dovecot.conf").write_text(config)
        # Dovecot notices a changed passwd-file by its mtime in whole seconds: write all users now.
        users = [f"{self.user}:{{PLAIN}}{self.password}"]
        users += [f"{name}:{{PLAIN}}pw-{name}" for name in map(_user, range(1, ACCOUNTS + 1))]
        (directory / "users").write_text("\n".join(users) + "\n")

    def start(self) -> None:
        """Start the server (in the foreground of a child process) and wait for its port."""
        command = [DOVECOT, "-F", "-c", str(self.directory / "dovecot.conf")]
        # A session of its own, so that stop() reaches the mail processes too.
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_for_port(self.port)
        except OSError as error:
            log = self.directory / "dovecot.log"
            raise RuntimeError(log.read_text() if log.exists() else "no log") from error

    def stop(self) -> None:
        """Stop the server and every process it started: its clients' connections drop."""
        if self.process is None:
            return
        # A stopped master leaves logged-in imap processes serving their clients: end them too.
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def restart(self) -> None:
        """Stop and start again on the same port with the same mail."""
        self.stop()
        self.start()

    def account(self) -> ImapAccount:
        """A user not handed out before: an empty mailbox of its own."""
        name = _user(next(self._numbers))
        return ImapAccount(self.host, self.port, self.ssl_port, name, "pw-" + name)


def _user(number: int) -> str:
    if number > ACCOUNTS:
        raise RuntimeError(f"more than {ACCOUNTS} test accounts: raise ACCOUNTS")
    return f"user{number}"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """A running Dovecot for the test session (skipped locally without it, a failure in CI)."""
    if not os.path.exists(DOVECOT):
        if os.environ.get("CI"):
            pytest.fail("dovecot is not installed: .ci/run must install dovecot-imapd")
        pytest.skip("dovecot is not installed here (apt-get install dovecot-imapd)")
    directory = Path(tempfile.mkdtemp(prefix="dovecot-"))
    directory.chmod(0o755)  # the mail processes run as the dovecot user
    server = Dovecot(directory)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def imap_account(dovecot: Dovecot) -> ImapAccount:
    """A fresh user with an empty INBOX on the session's Dovecot, for one test."""
    return dovecot.account()


@dataclass(frozen=True)
class Received:
    """One message as the SMTP server took it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes


@dataclass
class RecordingHandler:
    """An aiosmtpd handler that keeps what it receives, or answers with a set failure."""

    received: list[Received] = field(default_factory=list)
    failure: tuple[str, str] | None = None  # (command, reply), e.g. ("DATA", "451 4.3.0 later")

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        """Accept the recipient unless told to refuse it."""
        if self.failure and self.failure[0] == "RCPT":
            return self.failure[1]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Record the message unless told to refuse it."""
        if self.failure and self.failure[0] == "DATA":
            return self.failure[1]
        raw = envelope.original_content or b""
        self.received.append(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), raw))
        return "250 OK"


def authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    """Accept the login "desk" with the password "relay-pw"."""
    return AuthResult(success=data == LoginPassword(b"desk", b"relay-pw"), handled=False)


class SmtpServer:
    """An SMTP server on loopback that records messages and fails or goes down on demand.

    It offers AUTH (user "desk", password "relay-pw") without requiring it, and STARTTLS or
    implicit TLS ("ssl") when given a certificate from `make_certificate`."""

    def __init__(self, tls: str = "none", certificate: Path | None = None) -> None:
        self.handler = RecordingHandler()
        self.host, self.port = "127.0.0.1", free_port()
        self.tls, self.certificate = tls, certificate
        self.context = _server_context(certificate)
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        """The server as an `SmtpSettings` URL (no login)."""
        return f"smtp://{self.host}:{self.port}?tls={self.tls}"

    def login_url(self, password: str = "relay-pw") -> str:
        """The server as an `SmtpSettings` URL with a login."""
        return f"smtp://desk:{quote(password)}@{self.host}:{self.port}?tls={self.tls}"

    @property
    def received(self) -> list[Received]:
        """Messages accepted so far."""
        return self.handler.received

    def fail(self, reply: str, at: str = "DATA") -> None:
        """Answer `reply` to the RCPT or DATA command from now on."""
        self.handler.failure = (at, reply)

    def start(self) -> None:
        """Start listening (a stopped controller's loop is closed, so each start makes one)."""
        self.controller = Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            authenticator=authenticate,
            auth_require_tls=False,
            tls_context=self.context if self.tls == "starttls" else None,
            ssl_context=self.context if self.tls == "ssl" else None,
        )
        self.controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def _server_context(certificate: Path | None) -> ssl.SSLContext | None:
    """A server-side TLS context for the certificate (and its key.pem beside it)."""
    if certificate is None:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, certificate.with_name("key.pem"))
    return context


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A fresh recording SMTP server for one test."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["starttls", "ssl"])
def smtp_tls_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SmtpServer]:
    """A recording SMTP server behind STARTTLS or implicit TLS, with a self-signed certificate."""
    server = SmtpServer(request.param, make_certificate(tmp_path))
    server.start()
    yield server
    server.stop()
