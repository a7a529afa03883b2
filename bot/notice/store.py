"""Notice versions in the database: loading a text makes a version; answers use the active one."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot.models import NoticeSection, NoticeVersion
from bot.notice.parse import parse


@dataclass(frozen=True)
class Rendering:
    """The sections of one notice version in one language, in order, with their answers."""

    label: str
    language: str
    sections: tuple[NoticeSection, ...]


def bundled(name: str) -> Path:
    """A file of bot/data/notice."""
    return Path(str(resources.files("bot") / "data" / "notice" / name))


def read_translation(path: Path | None) -> dict[str, Any]:
    """An English (or other) rendering: {"language": …, "sections": [{id, title, text}]}."""
    return json.loads(path.read_text(encoding="utf-8")) if path else {"sections": []}


def read_answers(path: Path | None) -> dict[str, dict[str, str]]:
    """Short answers per section and language: {"answers": {id: {lang: text}}}."""
    if path is None or not path.exists():
        return {}
    answers: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["answers"]
    return answers


def load_version(
    session: Session,
    notice: Path,
    translation: Path | None = None,
    answers: Path | None = None,
    activate: bool = True,
) -> NoticeVersion:
    """Store a notice text (original plus rendering) as a version; same text, same version."""
    raw = notice.read_bytes()
    digest = hashlib.sha256(raw + (translation.read_bytes() if translation else b"")).hexdigest()
    existing = session.exec(select(NoticeVersion).where(NoticeVersion.sha256 == digest)).first()
    version = existing or _insert(
        session, raw.decode("utf-8"), digest, notice, translation, answers
    )
    if activate:
        for other in session.exec(select(NoticeVersion).where(col(NoticeVersion.active))):
            other.active = False
        version.active = True
    session.commit()
    return version


def _insert(
    session: Session,
    text: str,
    digest: str,
    notice: Path,
    translation: Path | None,
    answers: Path | None,
) -> NoticeVersion:
    parsed = parse(text)
    version = NoticeVersion(label=parsed.label, sha256=digest, source=notice.name)
    session.add(version)
    session.flush()
    assert version.id is not None
    short = read_answers(answers)
    rendered = read_translation(translation)
    rendering = [(parsed.language, s.id, s.title, s.text) for s in parsed.sections] + [
        (rendered.get("language", "en"), s["id"], s["title"], s["text"])
        for s in rendered["sections"]
    ]
    for position, (language, section, title, body) in enumerate(rendering):
        session.add(
            NoticeSection(
                version_id=version.id,
                section=section,
                language=language,
                position=position,
                title=title,
                text=body,
                answer=short.get(section, {}).get(language),
            )
        )
    return version


def active_version(session: Session) -> NoticeVersion | None:
    """The version answers use now."""
    return session.exec(select(NoticeVersion).where(col(NoticeVersion.active))).first()


def ensure_default(session: Session) -> NoticeVersion:
    """The active version, loading the bundled notice first when none is stored."""
    return active_version(session) or load_version(
        session,
        bundled("2020-08.de.txt"),
        bundled("2020-08.en.json"),
        bundled("2020-08.answers.json"),
    )


def rendering(session: Session, version: NoticeVersion, language: str) -> Rendering:
    """The sections of `version` in `language`, in the notice's order."""
    rows = session.exec(
        select(NoticeSection)
        .where(NoticeSection.version_id == version.id, NoticeSection.language == language)
        .order_by(col(NoticeSection.position))
    ).all()
    return Rendering(version.label, language, tuple(rows))
