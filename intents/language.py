"""Which language a message is written in: German, English, or another one by name.

Cheap signals decide first: stop words of 18 languages (spaCy's lists, in data/language), then
short-message word lists and the intent model's lemma vocabularies, then the caller's hint.
langdetect (4-5 ms a call, non-deterministic unless seeded, weak on short texts) is asked
only when those are unsure.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

SUPPORTED = ("de", "en")
UNDETERMINED = "und"
WORD = re.compile(r"[^\W\d_]{1,40}")
MAX_WORDS = 400
LANGDETECT_CHARS = 600
SURE_RATIO = 2.0
SHORT_WORDS = 12  # up to this many words, word lists decide before langdetect
SURE_LANGDETECT = 0.95
VOCABULARY_SHARE = 0.3

Vocabulary = Callable[[str], bool]


@dataclass(frozen=True)
class Language:
    """The detected language: ISO 639-1 code (or "und"), a 0..1 confidence, how it was found."""

    code: str
    confidence: float
    method: str

    @property
    def supported(self) -> bool:
        """Whether the assistant answers in this language itself."""
        return self.code in SUPPORTED


def words_of(text: str) -> list[str]:
    """The lowercase words of a text, at most MAX_WORDS of them."""
    found: list[str] = []
    for match in WORD.finditer(text):
        found.append(match.group().lower())
        if len(found) >= MAX_WORDS:
            break
    return found


@cache
def stop_word_lists() -> Mapping[str, frozenset[str]]:
    """Every language's whole stop-word list (intents/data/language/stopwords.json)."""
    path = resources.files("intents") / "data" / "language" / "stopwords.json"
    data = json.loads(path.read_text(encoding="utf-8"))["languages"]
    return {code: frozenset(words) for code, words in data.items()}


@cache
def stop_words() -> Mapping[str, frozenset[str]]:
    """Distinctive stop words per language: spaCy's lists minus words shared by three or more."""
    lists = stop_word_lists()
    spread = Counter(word for words in lists.values() for word in words)
    return {code: frozenset(w for w in words if spread[w] <= 2) for code, words in lists.items()}


@cache
def marker_words() -> Mapping[str, frozenset[str]]:
    """Short-message words per supported language, from intents/data/language/*.txt."""
    folder = resources.files("intents") / "data" / "language"
    lists = {}
    for code in SUPPORTED:
        text = (folder / f"{code}.txt").read_text(encoding="utf-8")
        lists[code] = {w.strip() for w in text.splitlines() if w.strip() and w[0] != "#"}
    shared = lists["de"] & lists["en"]
    return {code: frozenset(words - shared) for code, words in lists.items()}


def _ranked(counts: Mapping[str, float]) -> list[tuple[str, float]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _decide(counts: Mapping[str, float], minimum: float) -> tuple[str, float] | None:
    """The leading language if it leads clearly, with its share of all hits."""
    ranked = _ranked(counts)
    if not ranked or ranked[0][1] < minimum:
        return None
    top, second = ranked[0][1], (ranked[1][1] if len(ranked) > 1 else 0.0)
    if top < SURE_RATIO * second:
        return None
    return ranked[0][0], round(top / (top + second), 3)


def by_stop_words(words: list[str]) -> tuple[str, float] | None:
    """Decide by stop-word hits when there are enough of them."""
    counts: Counter[str] = Counter()
    for code, vocabulary in stop_words().items():
        counts[code] = sum(1 for w in words if w in vocabulary)
    counts = Counter({code: n for code, n in counts.items() if n})
    return _decide(counts, minimum=max(2.0, len(words) * 0.08))


def vocabulary_evidence(words: list[str], vocabularies: Mapping[str, Vocabulary]) -> Counter[str]:
    """German and English words in a message: marker words, stop words, known word forms."""
    markers, stops = marker_words(), supported_stop_words()
    counts: Counter[str] = Counter()
    for word in words:
        known = [code for code in SUPPORTED if word in markers[code]]
        if not known:
            known = [code for code in SUPPORTED if word in stops[code]]
        if not known:
            known = [code for code, has in vocabularies.items() if has(word)]
        if len(known) == 1:
            counts[known[0]] += 1
    return counts


@cache
def supported_stop_words() -> Mapping[str, frozenset[str]]:
    """All stop words of German and English, each without those of the other."""
    de, en = stop_word_lists()["de"], stop_word_lists()["en"]
    return {"de": de - en, "en": en - de}


def by_langdetect(text: str, among: Collection[str] = ()) -> tuple[str, float] | None:
    """Ask langdetect, seeded, on the start of the text; the best of `among` if given."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        ranked = [
            (str(c.lang).split("-")[0], float(c.prob))
            for c in detect_langs(text[:LANGDETECT_CHARS])
        ]
    except LangDetectException:
        return None
    fitting = [(code, prob) for code, prob in ranked if not among or code in among]
    return (fitting[0][0], round(fitting[0][1], 3)) if fitting else None


def detect(
    text: str,
    hint: str | None = None,
    vocabularies: Mapping[str, Vocabulary] | None = None,
) -> Language:
    """The language of `text`; `hint` (e.g. the page's language) decides unsure short texts."""
    words = words_of(text)
    if not words:
        return Language(hint, 0.5, "hint") if hint else Language(UNDETERMINED, 0.0, "none")
    found = by_stop_words(words)
    if found:
        return Language(found[0], found[1], "stopwords")
    evidence = vocabulary_evidence(words, vocabularies or {})
    # German or English words must make up a good part of the message ("den" alone is no proof).
    enough = max(1.0, len(words) * VOCABULARY_SHARE)
    vocabulary = _decide(evidence, minimum=enough)
    if len(words) <= SHORT_WORDS:
        if vocabulary:
            return Language(vocabulary[0], vocabulary[1], "vocabulary")
        if hint:
            return Language(hint, 0.5, "hint")
        if sum(evidence.values()) >= enough:  # German and English words, neither leading
            found = by_langdetect(text, among=SUPPORTED)
            if found:
                return Language(found[0], found[1], "langdetect")
            return Language(_ranked(evidence)[0][0], 0.5, "vocabulary")
    found = by_langdetect(text)
    # langdetect is weak on short and mixed texts: another language must be named with
    # certainty to beat German or English evidence in the words themselves.
    if found and (found[0] in SUPPORTED or found[1] >= SURE_LANGDETECT or not vocabulary):
        return Language(found[0], found[1], "langdetect")
    if vocabulary:
        return Language(vocabulary[0], vocabulary[1], "vocabulary")
    return Language(hint, 0.5, "hint") if hint else Language(UNDETERMINED, 0.0, "none")


def lookup_vocabulary(table: Collection[str]) -> Vocabulary:
    """A vocabulary check over a lemma lookup table, tolerant of lowercase German nouns."""

    def has(word: str) -> bool:
        """Whether `word` is a known form."""
        return word in table or word.capitalize() in table

    return has
