"""Property-based tests (Hypothesis) of the loaders (kg/store/embedded.py, kg/store/build.py):
nearly-Turtle bytes load or name the file, and article texts are read exactly or refused."""
from __future__ import annotations


import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.store.build import read_article_text
from kg.store.embedded import Store

from ..conftest import ROOT
from ..strategies import SLOW


# loaders (kg/store.py, kg/build.py)
# ==============================================================================================

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
TURTLE_BYTES = (ROOT / "data" / "entities.ttl").read_bytes()
TTL_TOKENS = [b"@prefix ex: <http://e.example/> .", b"ex:a ex:b ex:c .", b'<http://a> <http://b> "x"@en .', b'"',
              b'"""', b"<", b">", b"_:b", b"[", b"]", b"(", b")", b";", b",", b".", b"#", b"'", b"^^", b"@base <r> .",
              b"<a b>", b"\\u0000", b"\\U0010FFFF", b"1e9999", b"true", b"@prefix : <> .", b":x :y :z .", b"\xff",
              b"\x00", b"\xc3", b"\xef\xbb\xbf", b"\n", b"\r\n", b" ", b"PREFIX ex: <http://e/>", b"<<", b">>"]


@st.composite
def broken_turtle(draw):
    """Bytes that are nearly Turtle: a slice of a real file with bytes inserted, cut or replaced."""
    i = draw(st.integers(0, len(TURTLE_BYTES)))
    data = TURTLE_BYTES[i:i + draw(st.integers(0, 1500))]
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(data)))
        piece = draw(st.one_of(st.sampled_from(TTL_TOKENS), st.binary(max_size=4)))
        data = data[:k] + piece + data[k + draw(st.integers(0, 3)):]
    return data


ANY_BYTES = st.one_of(st.binary(max_size=300), st.lists(st.sampled_from(TTL_TOKENS), max_size=20).map(b"".join),
                      st.lists(st.sampled_from(TTL_TOKENS), max_size=20).map(b" ".join), broken_turtle())


@settings(max_examples=300, **SLOW)
@given(ANY_BYTES, st.sampled_from(["data/x.ttl", "ontology/cckg.ttl", "weird name: ü.ttl"]))
def test_load_turtle_bytes_loads_or_names_the_file(data, name):
    store = Store.memory()
    try:
        store.load_turtle_bytes(data, "https://w3id.org/climate-commitments/graph/x", name)
    except KgError as exc:
        assert str(exc).startswith(name + ":"), str(exc)
        return
    store.ntriples()   # what loaded can be read back


@settings(max_examples=100, **SLOW)
@given(ANY_BYTES)
@example(b'"""\n"""')
def test_load_turtle_error_is_one_line(data):
    try:
        Store.memory().load_turtle_bytes(data, "https://w3id.org/climate-commitments/graph/x", "data/x.ttl")
    except KgError as exc:
        assert "\n" not in str(exc) and "\r" not in str(exc), str(exc)


def _named(value: str):
    try:
        return ox.NamedNode(value)
    except ValueError:
        return None


def _language_literal(value: str, tag: str):
    try:
        return ox.Literal(value, language=tag)
    except ValueError:
        return None


XSD = "http://www.w3.org/2001/XMLSchema#"
IRI_CHARS = st.characters(codec="utf-8", exclude_characters='<>"{}|^`\\ ', exclude_categories=("Cc", "Cs", "Z"))
IRIS = st.builds(lambda host, path: _named(f"http://{host}.example/{path}"), st.text("abcxyz09", min_size=1, max_size=4),
                 st.text(IRI_CHARS, max_size=12)).filter(lambda n: n is not None)
BNODES = st.text("abc012", min_size=1, max_size=3).map(lambda s: ox.BlankNode("b" + s))
LEXICAL = st.text(st.characters(codec="utf-8"), max_size=20)
LITERALS = st.one_of(
    LEXICAL.map(ox.Literal),
    st.builds(_language_literal, LEXICAL, st.from_regex(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8}){0,2}", fullmatch=True))
    .filter(lambda x: x is not None),
    st.builds(lambda v, d: ox.Literal(v, datatype=d), LEXICAL, IRIS),     # any lexical form of an unknown datatype
    # the store keeps XSD values in canonical form ("0"^^xsd:boolean is stored as "false"): write them so
    st.integers().map(lambda i: ox.Literal(str(i), datatype=ox.NamedNode(XSD + "integer"))),
    st.booleans().map(lambda b: ox.Literal(str(b).lower(), datatype=ox.NamedNode(XSD + "boolean"))),
    st.dates().map(lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode(XSD + "date"))),
)
TRIPLES = st.lists(st.builds(ox.Triple, st.one_of(IRIS, BNODES), IRIS, st.one_of(IRIS, BNODES, LITERALS)), max_size=8)


def _canonical_ntriples(triples) -> bytes:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    nt = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in dataset), format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(set((nt or b"").splitlines()))
    return b"\n".join(lines) + b"\n" if lines else b""


@settings(max_examples=200, **SLOW)
@given(TRIPLES, st.sampled_from([{}, {"ex": "http://a.example/"}, {"": "http://b.example/"}]))
def test_valid_turtle_round_trips(triples, prefixes):
    """Random triples serialised as Turtle by pyoxigraph load back as the same triples."""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
    store = Store.memory()
    store.load_turtle_bytes(data, "https://w3id.org/climate-commitments/graph/x", "x.ttl")
    assert store.ntriples() == _canonical_ntriples(triples), data


@pytest.fixture(scope="module")
def text_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("texts")


ARTICLE_BYTES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=100).map(lambda s: s.encode("utf-8")),
    st.text(max_size=50).map(lambda s: s.encode("utf-16")),
    st.text(max_size=50).map(lambda s: s.encode("latin-1", "replace")),
    st.builds(lambda t, i, b: t[:i] + b + t[i:],            # a real article with a few bytes spliced in
              st.sampled_from([t.encode("utf-8") for t in SEED_TEXTS]), st.integers(0, 4000),
              st.binary(min_size=1, max_size=3)),
)


@settings(max_examples=300, **SLOW)
@given(ARTICLE_BYTES)
@example(b"caf\xe9")              # Latin-1
@example(b"\xef\xbb\xbfTexte")    # a UTF-8 BOM is text
def test_read_article_text_returns_the_text_or_names_the_file(text_dir, data):
    path = text_dir / "article.txt"
    path.write_bytes(data)
    name = "seeds/article.txt"
    try:
        text = read_article_text(path, name)
    except KgError as exc:
        message = str(exc)
        assert message.startswith(name + ": ") and "\n" not in message, message
        if b"\x00" in data:
            assert "binary" in message
        else:
            try:
                data.decode("utf-8")
                raise AssertionError(f"valid UTF-8 refused: {message}")
            except UnicodeDecodeError as err:   # the first bad byte, where it is
                assert f"not UTF-8 (invalid byte 0x{data[err.start]:02x} at offset {err.start})" in message
        return
    assert b"\x00" not in data and text == data.decode("utf-8")
