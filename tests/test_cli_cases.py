"""The case commands: submit, cases, case show, outbox, drafts, suppression export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from intents import Analyser


@pytest.fixture
def runner(analyser: Analyser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner on a fresh SQLite database under tmp_path."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("PRIVACYBOT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("PRIVACY_ADDRESS", "privacy@example.com")
    return CliRunner()


def run(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    """Run a command that prints JSON lines; fail on a non-zero exit."""
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_a_submitted_request_shows_up_in_cases_case_show_and_outbox(runner: CliRunner) -> None:
    text = "Bitte löschen Sie alle meine Daten."
    (opened,) = run(runner, "submit", "--from", "Eva Beispiel <eva@example.org>", text)
    (listed,) = run(runner, "cases", "--json")
    (shown,) = run(runner, "case", "show", str(opened["case"]), "--json")
    (queued,) = run(runner, "outbox", "--json")
    assert opened["outcome"] == "case_opened" and listed["reference"] == opened["case"]
    keys = {"reference", "status", "labels", "requester", "received_at", "due", "events"}
    assert keys <= shown.keys() and shown["requester"] == "eva@example.org"
    assert (queued["case"], queued["to"], queued["status"]) == (
        opened["case"],
        "eva@example.org",
        "queued",
    )
    assert str(queued["message_id"]).endswith("@example.com>")


def test_an_unknown_or_mistyped_reference_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["case", "show", "PD-0000-0000"])
    assert result.exit_code == 1 and "no case" in result.output


def test_submit_refuses_a_sender_that_is_not_an_address(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["submit", "--from", "nobody", "Delete my data"])
    assert result.exit_code == 2 and "not an email address" in result.output


def test_a_drafted_vendor_list_is_approved_into_the_outbox(runner: CliRunner) -> None:
    text = "Please send me the list of advertising partners that receive my data."
    run(runner, "submit", "--from", "v@example.org", text)
    (draft,) = run(runner, "drafts")
    (approved,) = run(runner, "draft", "approve", str(draft["id"]), "--by", "maria")
    kinds = [row["kind"] for row in run(runner, "outbox", "--json")]
    assert approved["status"] == "approved" and kinds == ["vendor_list", "acknowledgment"]


def test_the_suppression_list_is_exported_as_csv(runner: CliRunner) -> None:
    run(runner, "submit", "--from", "m@example.org", "Unsubscribe me from your newsletter.")
    result = runner.invoke(cli, ["suppression", "export"])
    assert result.output.splitlines()[1].startswith("m@example.org,")
