"""Commands of the intent classifier: classify, eval, train."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

import intents
from bot.commands.io import emit, read_jsonl, texts_of
from intents.classifier import model_root
from intents.evaluation import Report, Scored, evaluate
from intents.examples import split
from intents.training import LANGUAGES, model_version, train


@click.command()
@click.argument("text", required=False)
@click.option("--jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "hint", type=click.Choice(["de", "en"]), help="Language hint.")
def classify(text: str | None, jsonl: Path | None, hint: str | None) -> None:
    """Language, intent labels with scores, and entities of TEXT (or each line of FILE)."""
    analyser = intents.default_analyser()
    for row in texts_of(text, jsonl):
        emit(analyser.analyse(row["text"], row.get("language") or hint).to_json())


def print_report(report: Report) -> None:
    """A plain table of an evaluation report."""
    click.echo(f"{'label':<18} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>7}")
    for label, s in report.per_label.items():
        if s["support"] or s["precision"]:
            click.echo(
                f"{label:<18} {s['precision']:>6.3f} {s['recall']:>6.3f} "
                f"{s['f1']:>6.3f} {int(s['support']):>7}"
            )
    click.echo(
        f"rows {report.rows}  macro-F1 {report.macro_f1:.3f}  exact {report.exact_match:.3f}"
    )
    if report.primary_recall is not None:
        click.echo(f"primary label predicted: {report.primary_recall:.3f}")
    if report.out_of_scope_to_request is not None:
        click.echo(f"out_of_scope rows given a request label: {report.out_of_scope_to_request:.3f}")


def gold_rows(
    file: Path | None, languages: set[str] | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(text, row) pairs to evaluate: FILE's scored rows, or the held-out split."""
    if file is None:
        for lang in LANGUAGES:
            for example in split(lang)[1]:
                yield example.text, {"labels": list(example.labels), "lang": lang}
        return
    for row in read_jsonl(file):
        if row.get("scored", True) and (not languages or row.get("lang") in languages):
            yield row["text"], row


@click.command("eval")
@click.argument("file", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--lang", "languages", help="Only rows whose lang is in this comma list.")
def evaluate_command(file: Path | None, as_json: bool, languages: str | None) -> None:
    """Score the classifier on FILE (JSON Lines with text and labels), or on the held-out split."""
    analyser = intents.default_analyser()
    wanted = set(languages.split(",")) if languages else None
    scored = [
        Scored(
            gold=frozenset(row["labels"]),
            predicted=frozenset(analyser.analyse(text).labels),
            primary=row.get("primary"),
        )
        for text, row in gold_rows(file, wanted)
    ]
    report = evaluate(scored)
    if as_json:
        emit(report.to_json())
    else:
        print_report(report)


@click.command("train")
def train_command() -> None:
    """Train the intent model from intents/data/examples (replaces an existing one)."""
    folder = model_root() / f"intents-{model_version()}"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    train(folder)
    click.echo(f"trained {folder} in {time.perf_counter() - started:.1f} s", err=True)
