"""spaCy's French NER, loaded lazily and once: `import kg.extract` does not import spaCy."""
from __future__ import annotations

import re

_PIPELINES: dict[str, object] = {}
NER_CHAR_BUDGET = 60_000      # characters of an article sent to the NER at most (1 MB articles)


def load_pipelines() -> dict:
    """Load spaCy's French NER (fr_core_news_sm with only its `ner` component: it has its own
    tok2vec, so the tagger, parser and lemmatizer are left out) once; {} when unavailable."""
    if "fr" not in _PIPELINES:
        try:
            import spacy

            _PIPELINES["fr"] = spacy.load(
                "fr_core_news_sm",
                exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"])
        except Exception:  # noqa: BLE001 - no model: names come from the gazetteer and patterns only
            _PIPELINES["fr"] = None
    return _PIPELINES


_SURROGATE = re.compile("[\ud800-\udfff]")


def ner_spans(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of the named entities of each text; empty lists without the model."""
    nlp = load_pipelines().get("fr")
    if nlp is None or not texts:
        return [[] for _ in texts]
    # spaCy cannot encode a lone surrogate ('\ud800'): U+FFFD instead, one for one, so offsets hold
    texts = [_SURROGATE.sub("\ufffd", t) for t in texts]
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        out.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
    return out
