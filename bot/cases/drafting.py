"""Letters the policy drafts when a case opens (e.g. the vendor list), waiting for staff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import drafts, replies
from bot.cases import letters
from bot.desk import Desk
from bot.models import Case, Draft
from bot.notice.compose import notice_date, vendors


def vendor_list(desk: Desk, case: Case) -> dict[str, Any]:
    """The maintained vendor list and the notice version it belongs to."""
    label = desk.notice.indexes[case.language].rendering.label
    return {"vendors": vendors(), "notice_date": notice_date(label, case.language)}


BUILDERS: dict[str, Callable[[Desk, Case], dict[str, Any]]] = {"vendor_list": vendor_list}


def draft_for(desk: Desk, case: Case, kind: str) -> Draft:
    """A letter of `kind` for `case`, drafted for staff approval."""
    context = letters.context(desk, case, case.language) | BUILDERS[kind](desk, case)
    reply = replies.render(kind, case.language, context)
    return drafts.create(desk.session, kind, case.language, case.requester, reply, case)
