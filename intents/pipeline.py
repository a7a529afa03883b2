"""The spaCy pipeline of one language: tokenizer, lookup lemmatizer, lemma norms, text classifier.

No pretrained pipeline: `spacy.blank(lang)` plus the lookup lemmatizer from spacy-lookups-data,
and a multi-label classifier trained from intents/data/examples: a bag-of-n-grams ensemble
(intents/ensemble.py) over lemma norms, concept classes and character n-grams.
"""

from __future__ import annotations

import json
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any, cast

import spacy
from spacy.attrs import NORM, TAG
from spacy.language import Language
from spacy.ml.models.textcat import build_bow_text_classifier_v3
from spacy.pipeline import Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, chain

from intents.ensemble import HIDDEN_WIDTH, ensemble

CHAR_NGRAM_SIZES = (3, 4, 5)
MAX_REMEMBERED_FORMS = 200_000
UMLAUT_SPELLINGS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))


@lru_cache(maxsize=200_000)
def char_ngram_keys(word: str) -> tuple[int, ...]:
    """Hashes of the 3- to 5-character n-grams of a word in angle brackets (typos, compounds)."""
    if not word.isalpha():
        return ()
    padded = f"<{word}>"
    return tuple(
        get_string_id(f"~{padded[i : i + n]}")
        for n in CHAR_NGRAM_SIZES
        for i in range(len(padded) - n + 1)
    )


def _doc_features(model: Model[list[Doc], Any], doc: Doc) -> tuple[Any, Any]:
    """Keys and weights of one document: word and concept n-grams plus character n-grams."""
    ops, xp = model.ops, model.ops.xp
    parts = []
    for attr in (NORM, TAG):
        unigrams: Any = doc.to_array([attr])  # uint64 hashes, as in spaCy's extract_ngrams
        parts.append(unigrams)
        for n in range(2, model.attrs["ngram_size"] + 1):
            parts.append(ops.ngrams(n, unigrams))
    strings = doc.vocab.strings
    norms = xp.unique(parts[0]).tolist()
    chars = [key for norm in norms for key in char_ngram_keys(strings[norm])]
    parts.append(xp.asarray(chars, dtype="uint64"))
    keys, counts = xp.unique(xp.concatenate(parts).astype("uint64"), return_counts=True)
    # Sublinear, length-normalised weights: a 400-word letter and a chat line weigh alike.
    weights = 1.0 + xp.log(counts.astype("f"))
    return keys, weights / max(float(xp.sqrt((weights**2).sum())), 1e-6)


def _features_forward(model: Model[list[Doc], Any], docs: list[Doc], is_train: bool) -> Any:
    """Like spaCy's extract_ngrams, with our richer, normalised features."""
    xp = model.ops.xp
    features = [_doc_features(model, doc) for doc in docs]
    lengths = model.ops.asarray([len(keys) for keys, _ in features], dtype="int32")
    keys = xp.concatenate([k for k, _ in features]) if features else xp.zeros(0, dtype="uint64")
    vals = xp.concatenate([v for _, v in features]) if features else xp.zeros(0, dtype="f")
    return (keys, model.ops.asarray(vals, dtype="f"), lengths), lambda d_output: []


@registry.architectures("privacybot.ConceptBOW.v1")  # type: ignore[untyped-decorator]
def build_concept_bow(
    exclusive_classes: bool,
    ngram_size: int,
    no_output_layer: bool,
    length: int = 262144,
    nO: int | None = None,
    hidden_width: int = 0,
) -> Model[list[Doc], Any]:
    """spaCy's bag-of-n-grams classifier, reading lemma norms and concept classes.

    With `hidden_width` (multi-label only), the linear model is averaged with a small network.
    """
    extract: Model[list[Doc], Any] = Model(
        "extract_features", _features_forward, attrs={"ngram_size": ngram_size}
    )
    if hidden_width and not exclusive_classes:
        averaged: Model[list[Doc], Any] = chain(extract, ensemble(length, hidden_width, nO))
        averaged.attrs["multi_label"] = True
        return averaged
    model = build_bow_text_classifier_v3(exclusive_classes, ngram_size, no_output_layer, length, nO)
    for node in model.walk():
        for index, child in enumerate(node.layers):
            if child.name == "extract_ngrams":
                node.layers[index] = extract
    return model


@cache
def concepts() -> dict[str, str]:
    """Lemma → concept name, from intents/data/concepts.json (first concept wins)."""
    path = resources.files("intents") / "data" / "concepts.json"
    mapping: dict[str, str] = {}
    for name, lemmas in json.loads(path.read_text(encoding="utf-8")).items():
        if not name.startswith("_"):
            for lemma in lemmas:
                mapping.setdefault(lemma.lower(), f"#{name}")
    return mapping


def lemma_of(table: Any, text: str) -> str:
    """The lookup lemma of a word, trying the forms people type (lowercase, ae for ä)."""
    candidates = [text, text.lower(), text.capitalize()]
    folded = text.lower()
    for plain, umlaut in UMLAUT_SPELLINGS:
        folded = folded.replace(plain, umlaut)
    candidates += [folded, folded.capitalize()]
    for candidate in candidates:
        if candidate in table:
            return str(table[candidate])
    return text


def lemma_table(nlp: Language) -> Any:
    """The lookup lemmatizer's table of a pipeline (word form → lemma)."""
    return cast(Lemmatizer, nlp.get_pipe("lemmatizer")).lookups.get_table("lemma_lookup")


class LemmaNorm:
    """Sets each token's lemma (with fallbacks), norm (lowercase lemma) and tag (its concept).

    It does the lookup lemmatizer's work with the forms people type, so the lemmatizer itself
    need not run; it stays in the pipeline for its tables. The concept goes in the tag slot
    (unused in a blank pipeline) so spaCy's array machinery can read it as a feature; a lemma
    without a concept is its own concept.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.concepts = concepts()
        self.forms: dict[str, tuple[str, str, str]] = {}

    @cached_property
    def lemmatizer(self) -> Lemmatizer:
        """The pipeline's lemmatizer; looked up once, as get_pipe costs more than a lemma."""
        return cast(Lemmatizer, self.nlp.get_pipe("lemmatizer"))

    def form(self, text: str) -> tuple[str, str, str]:
        """(lemma, norm, concept) of a word form, remembered for the most common forms."""
        known = self.forms.get(text)
        if known is None:
            if text.isdigit():
                lemma, norm = text, "0"
            elif text.isalpha():
                lemma = lemma_of(self.lemmatizer.lookups.get_table("lemma_lookup"), text)
                norm = lemma.lower()
            else:
                lemma, norm = text, text.lower()
            known = (lemma, norm, self.concepts.get(norm, norm))
            if len(self.forms) < MAX_REMEMBERED_FORMS:
                self.forms[text] = known
        return known

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.lemma_, token.norm_, token.tag_ = self.form(token.text)
        return doc


@Language.factory("lemma_norm")
def make_lemma_norm(nlp: Language, name: str) -> LemmaNorm:
    """spaCy factory for LemmaNorm."""
    return LemmaNorm(nlp)


def textcat_config(exclusive: bool = False, ngram_size: int = 2) -> dict[str, Any]:
    """Configuration of the classifier component (multi-label unless `exclusive`)."""
    return {
        "threshold": 0.5,
        "model": {
            "@architectures": "privacybot.ConceptBOW.v1",
            "exclusive_classes": exclusive,
            "ngram_size": ngram_size,
            "no_output_layer": False,
            "hidden_width": 0 if exclusive else HIDDEN_WIDTH,
        },
    }


def blank_pipeline(lang: str, exclusive: bool = False) -> Language:
    """A fresh, untrained pipeline for `lang` ("de" or "en"); one label per text if `exclusive`."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("lemma_norm")
    component = "textcat" if exclusive else "textcat_multilabel"
    nlp.add_pipe(component, config=textcat_config(exclusive))
    return nlp


def ready(nlp: Language) -> Language:
    """A loaded pipeline prepared for analysing many messages.

    The lemmatizer need not run (lemma_norm does its work, with fallbacks). Lexemes made inside
    a memory zone are dropped after each message, so the known vocabulary (the training texts')
    is made permanent once and tokenizing stays cheap.
    """
    if "lemmatizer" in nlp.pipe_names:
        nlp.disable_pipe("lemmatizer")
    for string in list(nlp.vocab.strings):
        nlp.vocab[string]
    return nlp
