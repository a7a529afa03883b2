"""Recognising machine mail (auto-replies, bounces, lists, loops) from rules kept as data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mail.bounces import bounce_is_permanent, bounced_message_ids
from mail.message import Parsed

__all__ = [
    "Rule",
    "bounce_is_permanent",
    "bounced_message_ids",
    "first_rule",
    "machine_reason",
    "rules",
]


@dataclass(frozen=True)
class Rule:
    """One machine-mail rule: what it checks (`kind`, `pattern`, `header`) and the reason."""

    id: str
    kind: str
    reason: str
    pattern: str = ""
    header: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class Context:
    """What a rule looks at: the message and which addresses and domains are ours."""

    parsed: Parsed
    own_addresses: frozenset[str]
    own_domains: frozenset[str]


Hits = Iterator[tuple[str, str]]


@cache
def rules() -> tuple[Rule, ...]:
    """The rules of mail/data/machine_rules.json, in the order they are tried."""
    text = resources.files("mail").joinpath("data/machine_rules.json").read_text("utf-8")
    return tuple(Rule(**entry) for entry in json.loads(text)["rules"])


def machine_reason(
    parsed: Parsed, own_addresses: Collection[str], own_domains: Collection[str]
) -> str | None:
    """The reason of the first rule that marks the message as machine mail, None for a person."""
    fired = first_rule(parsed, own_addresses, own_domains)
    return fired[1] if fired else None


def first_rule(
    parsed: Parsed, own_addresses: Collection[str], own_domains: Collection[str]
) -> tuple[str, str] | None:
    """The id and reason of the first rule that fires, None when none does."""
    context = Context(
        parsed,
        frozenset(a.lower() for a in own_addresses),
        frozenset(d.lower().lstrip("@") for d in own_domains),
    )
    for rule in rules():
        for name, value in CHECKS[rule.kind](rule, context):
            return rule.id, rule.reason.format(name=name, value=value[:120])
    return None


def _matches(rule: Rule, value: str) -> bool:
    """True when the rule's pattern (case-insensitive) is found in the value."""
    return re.search(rule.pattern, value, re.I) is not None


def _header(rule: Rule, ctx: Context) -> Hits:
    """Values of the rule's header that match its pattern."""
    for name, value in ctx.parsed.headers:
        if name.lower() == rule.header.lower() and _matches(rule, value):
            yield name, value


def _header_prefix(rule: Rule, ctx: Context) -> Hits:
    """Headers whose name starts with the rule's prefix."""
    prefix = rule.prefix.lower()
    yield from ((n, v) for n, v in ctx.parsed.headers if n.lower().startswith(prefix))


def _field(getter: Callable[[Parsed], str | None]) -> Callable[[Rule, Context], Hits]:
    """A check that matches the rule's pattern against one field of the message."""

    def check(rule: Rule, ctx: Context) -> Hits:
        value = getter(ctx.parsed)
        if value is not None and _matches(rule, value):
            yield "", value

    return check


def _content_type(parsed: Parsed) -> str:
    """The top-level Content-Type header value ("" when missing)."""
    return next(iter(parsed.header("Content-Type")), "").strip()


def id_domain(message_id: str) -> str:
    """The lower-case domain of a Message-ID, "" when it has none."""
    return message_id.strip("<> ").rpartition("@")[2].strip("[]").lower()


def _ours(domain: str, own_domains: frozenset[str]) -> bool:
    """True for one of our domains or a subdomain of one."""
    return any(domain == d or domain.endswith("." + d) for d in own_domains)


def _own_id(ctx: Context) -> bool:
    """True when the message's own Message-ID was minted by one of our domains."""
    missing = ctx.parsed.message_id_missing
    return not missing and _ours(id_domain(ctx.parsed.message_id), ctx.own_domains)


def _spoofed_own(rule: Rule, ctx: Context) -> Hits:
    """From is our own address but the Message-ID was not minted by us."""
    if ctx.parsed.sender in ctx.own_addresses and not _own_id(ctx):
        yield "From", ctx.parsed.sender


def _own_address(rule: Rule, ctx: Context) -> Hits:
    """From is our own address (and the Message-ID is ours: our mail came back)."""
    if ctx.parsed.sender in ctx.own_addresses:
        yield "From", ctx.parsed.sender


def _own_message_id(rule: Rule, ctx: Context) -> Hits:
    """The Message-ID was minted by one of our domains."""
    if _own_id(ctx):
        yield "Message-ID", ctx.parsed.message_id


CHECKS: dict[str, Callable[[Rule, Context], Hits]] = {
    "header": _header,
    "header_prefix": _header_prefix,
    "sender": _field(lambda p: p.sender),
    "envelope_sender": _field(lambda p: p.envelope_sender),
    "subject": _field(lambda p: p.subject),
    "content_type": _field(_content_type),
    "spoofed_own": _spoofed_own,
    "own_address": _own_address,
    "own_message_id": _own_message_id,
}
