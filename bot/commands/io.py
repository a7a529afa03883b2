"""Input and output of the command line: JSON Lines in, one JSON object per line out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click


def emit(row: dict[str, Any]) -> None:
    """Write one JSON object as a line to stdout."""
    click.echo(json.dumps(row, ensure_ascii=False))


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON Lines file; a bad line is a usage error naming its number."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise click.UsageError(f"{path}:{number}: not JSON ({error.msg})") from error
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise click.UsageError(f'{path}:{number}: needs an object with a "text" string')
            yield row


def texts_of(text: str | None, jsonl: Path | None) -> Iterator[dict[str, Any]]:
    """The inputs of a command that takes TEXT or --jsonl FILE."""
    if jsonl is not None:
        yield from read_jsonl(jsonl)
    elif text is not None:
        yield {"text": text}
    else:
        raise click.UsageError("give a TEXT or --jsonl FILE")
