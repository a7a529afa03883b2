"""The privacybot command line: the keys and line-per-input contract of design.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from intents import LABELS, Analyser


@pytest.fixture
def runner(analyser: Analyser) -> CliRunner:
    """A CLI runner; the analyser fixture makes sure the model exists."""
    return CliRunner()


def test_classify_text_prints_language_labels_scores_entities(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["classify", "Bitte löschen Sie meine Daten, max@example.de"])
    row = json.loads(result.output)
    assert result.exit_code == 0
    assert (row["language"], row["entities"]["emails"]) == ("de", ["max@example.de"])
    assert "erasure" in row["labels"] and set(row["scores"]) == set(LABELS)


def test_classify_jsonl_writes_one_line_per_input_in_order(
    runner: CliRunner, tmp_path: Path
) -> None:
    texts = ["unsubscribe", "Wie lange speichern Sie meine Daten?", "", "How do I export to PST?"]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    result = runner.invoke(cli, ["classify", "--jsonl", str(source)])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["language"] for r in rows] == ["en", "de", "und", "en"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json\n", "not JSON"), ('{"txt": "x"}\n', '"text" string'), ("[1]\n", '"text"')],
)
def test_bad_jsonl_line_is_a_usage_error_naming_it(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text(content)
    result = runner.invoke(cli, ["classify", "--jsonl", str(source)])
    assert result.exit_code == 2 and message in result.output and ":1:" in result.output


def test_classify_without_input_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["classify"])
    assert result.exit_code == 2 and "TEXT or --jsonl" in result.output


def test_eval_file_reports_per_label_and_summary(runner: CliRunner, tmp_path: Path) -> None:
    rows = [
        {"text": "Please delete all my data.", "labels": ["erasure"], "primary": "erasure"},
        {"text": "Thanks, it works now!", "labels": ["out_of_scope"], "primary": "out_of_scope"},
        {"text": "skip me", "labels": ["access"], "scored": False},
    ]
    source = tmp_path / "gold.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = json.loads(runner.invoke(cli, ["eval", str(source), "--json"]).output)
    assert report["rows"] == 2 and report["per_label"]["erasure"]["support"] == 1
    assert {"macro_f1", "exact_match", "primary_recall"} <= set(report)


def test_eval_without_file_scores_the_held_out_split(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["eval"])
    assert result.exit_code == 0 and "macro-F1" in result.output
