"""Notice versions: loading makes a version, answers use the active one, old versions stay."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from bot.notice.store import active_version, bundled, ensure_default, load_version, rendering


def test_default_notice_is_loaded_with_both_languages(session: Session) -> None:
    version = ensure_default(session)
    german, english = rendering(session, version, "de"), rendering(session, version, "en")
    assert len(german.sections) == len(english.sections) == 20
    assert version.label == "2020-08" and version.active


def test_loading_the_same_text_twice_gives_the_same_version(session: Session) -> None:
    first = ensure_default(session)
    again = load_version(session, bundled("2020-08.de.txt"), bundled("2020-08.en.json"))
    assert again.id == first.id


def test_new_text_becomes_active_and_the_old_version_stays(
    session: Session, tmp_path: Path
) -> None:
    old = ensure_default(session)
    text = bundled("2020-08.de.txt").read_text(encoding="utf-8").replace("August 2020", "Mai 2026")
    newer = tmp_path / "notice-2026.txt"
    newer.write_text(text.replace("Datenspeicherung\n\n", "Datenspeicherung\n\nNeu: 6 Jahre. "))
    new = load_version(session, newer)
    assert active_version(session) == new and new.label == "2026-05"
    kept = {s.section: s.text for s in rendering(session, old, "de").sections}
    assert not kept["retention"].startswith("Neu")
    assert {s.section: s.text for s in rendering(session, new, "de").sections}[
        "retention"
    ].startswith("Neu: 6 Jahre.")
