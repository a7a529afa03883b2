"""Answer questions from the privacy notice, in German and English, citing its sections."""

from __future__ import annotations

from sqlmodel import Session

from bot.notice.compose import Answer, compose
from bot.notice.rank import SectionIndex, Terms
from bot.notice.store import ensure_default, rendering
from bot.notice.topics import SectionClassifier
from intents import OUT_OF_SCOPE, Analyser, Analysis

# Below this score the notice is taken not to answer the question (BM25 units plus priors).
MINIMUM_SCORE = 2.0
# A question the classifier finds out of scope is answered only if the section classifier is
# at least this sure of its section.
OUT_OF_SCOPE_TOPIC = 0.55
LANGUAGES = ("de", "en")

__all__ = ["Answer", "NoticeDesk"]


def terms_in(analyser: Analyser, language: str) -> Terms:
    """The retrieval terms of a text in `language`."""

    def terms(text: str) -> list[str]:
        """Lemmas and concepts of `text`."""
        return analyser.classifier.terms(text, language)

    return terms


class NoticeDesk:
    """The active notice version, indexed per language, with the analyser that reads questions."""

    def __init__(
        self, indexes: dict[str, SectionIndex], analyser: Analyser, topics: SectionClassifier
    ) -> None:
        self.indexes = indexes
        self.analyser = analyser
        self.topics = topics

    @classmethod
    def open(cls, session: Session, analyser: Analyser) -> NoticeDesk:
        """Index the active notice version (loading the bundled one when none is stored)."""
        version = ensure_default(session)
        indexes = {
            lang: SectionIndex(rendering(session, version, lang), terms_in(analyser, lang))
            for lang in LANGUAGES
        }
        return cls(indexes, analyser, SectionClassifier.load())

    def answer(
        self, question: str, hint: str | None = None, analysis: Analysis | None = None
    ) -> Answer:
        """The answer to `question` (analysed here unless the caller already did)."""
        analysis = analysis or self.analyser.analyse(question, hint)
        language = analysis.language.code if analysis.language.supported else (hint or "en")
        index = self.indexes[language]

        terms_of = terms_in(self.analyser, language)
        terms = terms_of(question)
        labels = {label: analysis.scores[label] for label in analysis.labels}
        topics = self.topics.scores(question, language)
        ranked = index.rank(terms, labels, topics)
        minimum = MINIMUM_SCORE
        if analysis.labels == (OUT_OF_SCOPE,) and max(topics.values()) < OUT_OF_SCOPE_TOPIC:
            minimum = float("inf")  # not a privacy question, and no section fits it well
        return compose(index.rendering, ranked, analysis.labels, terms, terms_of, minimum)
