"""OWL 2 RL with `reasonable` (`kg reason --engine rl`): the same facts about individuals as HermiT,
the classification it cannot give, the clashes it detects, and its inferred graph in the store."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.iris import CCKG_NS, KGR_NS, PREFIXES
from kg.reason import Inconsistent, infer
from kg.reason.rl import Axioms, engine_name, input_lines, materialised, missing, reasoner_input
from kg.reason.terms import read_triples

from .test_reasoning import CLASHES, TYPE, kgc, needs_java, seed_inference, seed_nt  # noqa: F401 (fixtures)

C, K = CCKG_NS, KGR_NS
SUB = PREFIXES["rdfs"] + "subClassOf"


def facts(inference) -> set[str]:
    """Class memberships and property assertions about individuals, as the kg filter keeps them."""
    return {str(t) for t in inference.triples if t.predicate.value != SUB}


def axioms(inference) -> set[tuple]:
    return {(t.subject.value, t.object.value) for t in inference.triples if t.predicate.value == SUB}


@pytest.fixture(scope="module")
def rl(seed_nt):
    return infer(seed_nt, "rl")


# A grandparent above Amazon, a second platform operator's parent chain, an untyped node typed by a range:
# mutations that exercise transitivity, the chains and domain/range typing.
MUTATIONS = {
    "grandparent": f"<{K}org-x-holding> <{TYPE}> <{C}Company> .\n<{K}org-amazon> <{C}subsidiaryOf> <{K}org-x-holding> .\n",
    "hasSubsidiary": f"<{K}org-y-parent> <{C}hasSubsidiary> <{K}org-microsoft> .\n",
    "untyped pledge maker": f"<{K}pledge-amazon-net-zero-2040> <{C}madeBy> <{K}org-z-untyped> .\n",
}


@needs_java
def test_rl_gives_hermits_facts_about_individuals_on_the_seed_graph(seed_inference, rl):
    assert rl.engine == "rl" and rl.reasoner == engine_name() and rl.reasoner.startswith("reasonable ")
    assert facts(rl) == facts(seed_inference)
    assert len(facts(rl)) == 130
    assert rl.counts["class memberships"] == seed_inference.counts["class memberships"] == 17


@needs_java
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_rl_gives_hermits_facts_on_mutated_graphs(seed_nt, name):
    nt = seed_nt + MUTATIONS[name].encode()
    hermit, rl = infer(nt), infer(nt, "rl")
    assert facts(rl) == facts(hermit)
    assert facts(rl) != facts(infer(seed_nt, "rl"))  # the mutation changed what is inferred


@needs_java
def test_rl_cannot_give_hermits_subclass_axioms_between_defined_classes(seed_inference, rl):
    """What OWL 2 RL (as reasonable implements it) does not give on our data: exactly these five axioms."""
    assert axioms(rl) == set()
    assert axioms(seed_inference) == {
        (C + "NetZeroCommittedOrganisation", C + "PledgingOrganisation"),  # not OWL 2 RL: subsumption of intersections
        (C + "CarbonNeutralCommittedOrganisation", C + "PledgingOrganisation"),
        (C + "PledgingOrganisation", C + "Organisation"),  # OWL 2 RL's scm-int, which reasonable lacks
        (C + "PlatformOperator", C + "Organisation"),
        (C + "PlatformDependentOrganisation", C + "Organisation"),
    }


def test_reasonable_alone_misses_the_property_chains_which_kg_completes(seed_nt, tmp_path):
    """reasonable 0.4.4 has no prp-spo2: without kg.reason.rl's chains, cckg:dependsOn and usesPlatform are missing."""
    import reasonable

    triples = read_triples(seed_nt)
    ax = Axioms(triples)
    r = reasonable.PyReasoner()
    path = tmp_path / "input.n3"
    path.write_bytes(reasoner_input(triples, ax))
    r.load_file(str(path))
    out = materialised(r)
    new, clashes = missing(out, ax)
    assert clashes == []
    assert {t[1].value for t in new} == {C + "dependsOn", C + "usesPlatform"}
    assert (ox.NamedNode(K + "org-netflix"), ox.NamedNode(C + "dependsOn"), ox.NamedNode(K + "org-amazon")) in new


def test_reasoner_input_filtered_as_bytes_equals_the_input_from_terms_and_other_layouts_fall_back(seed_nt, rl):
    """The byte filter of the store's N-Triples keeps exactly the triples `reasoner_input` keeps; N-Triples laid out
    otherwise (tabs) are not filtered as bytes, and reasoning over them gives the same facts."""
    triples = read_triples(seed_nt)
    ax = Axioms(triples)
    as_bytes = set(read_triples(input_lines(seed_nt, ax)))
    assert as_bytes == set(read_triples(reasoner_input(triples, ax)))
    assert len(as_bytes) < len(set(triples))  # something (labels, disjointness) was filtered out
    tabbed = seed_nt.replace(b"> <", b">\t<")
    assert tabbed != seed_nt and input_lines(tabbed, ax) is None
    assert [str(t) for t in infer(tabbed, "rl").triples] == [str(t) for t in rl.triples]


@pytest.mark.parametrize("case", ["asserted types", "fact classes", "functional datatype property",
                                  "functional object property", "domain"])
def test_rl_detects_the_clashes_its_rules_cover(seed_nt, case):
    extra, individual, _ = CLASHES[case]
    with pytest.raises(Inconsistent) as err:
        infer(seed_nt + extra.encode() + b"\n", "rl")
    assert individual.replace("kgr:", K) in {c.individual for c in err.value.clashes}, err.value


def test_rl_misses_a_datatype_range_clash_which_hermit_finds(seed_nt):
    """A literal outside a datatype property's range is not a clash OWL 2 RL's rules (as reasonable runs them)
    detect: `kg validate` keeps HermiT for consistency."""
    extra = f'<{K}pledge-amazon-net-zero-2040> <{C}targetPercentage> "about half" .\n'
    assert infer(seed_nt + extra.encode(), "rl").triples


@needs_java
def test_kg_reason_engine_rl_loads_with_build_infer_and_answers_like_hermit(run_kg, tmp_path):
    from ..conftest import copy_sources

    copy = copy_sources(tmp_path)
    answers = {}
    for engine in ("hermit", "rl"):
        res = kgc(run_kg, copy, "reason", "--engine", engine)
        assert res.returncode == 0, res.stderr
        assert ("not HermiT's consistency check" in res.stdout) == (engine == "rl")
        meta = json.loads((copy.build_dir / "inferred.json").read_text())
        assert meta["engine"] == engine
        built = kgc(run_kg, copy, "build", "--infer", "--engine", engine)
        assert built.returncode == 0, built.stderr
        manifest = json.loads((copy.build_dir / "manifest.json").read_text())
        assert manifest["inferred"]["reasoner"] == meta["reasoner"]  # the build reused kg reason's graph
        assert manifest["inferred"]["engine"] == engine
        assert manifest["inferred"]["reasoner"].startswith("reasonable " if engine == "rl" else "HermiT ")
        query = kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", "--infer", "--engine", engine)
        assert query.returncode == 0 and "reasoning" not in query.stderr, query.stderr  # the build's graph, as is
        answers[engine] = query.stdout
    assert answers["rl"] == answers["hermit"] and len(answers["rl"].splitlines()) == 4
    dataset = ox.Dataset(ox.parse((copy.build_dir / "inferred.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    labels = {q.object.value for q in dataset if q.subject.value.endswith("#reasoner")
              and q.predicate.value == PREFIXES["rdfs"] + "label"}
    assert labels == {engine_name()}


def test_kg_reason_engine_rl_json_says_which_consistency_check_ran(run_kg, tmp_path):
    from ..conftest import copy_sources

    copy = copy_sources(tmp_path)
    res = kgc(run_kg, copy, "reason", "--engine", "rl", "-f", "json", env={"PATH": str(tmp_path / "no-java")})
    assert res.returncode == 0, res.stderr  # no Java needed
    meta = json.loads(res.stdout)
    assert meta["engine"] == "rl" and "not HermiT" in meta["consistency_check"]
    assert meta["by_property"]["cckg:dependsOn"] == 4 and meta["by_property"]["cckg:usesPlatform"] == 3


def test_an_infer_command_reasons_with_its_own_engine_and_never_reuses_the_others(run_kg, tmp_path):
    from ..conftest import copy_sources

    copy = copy_sources(tmp_path)
    assert kgc(run_kg, copy, "build", "--infer", "--engine", "rl").returncode == 0
    (copy.root / "data" / "entities.ttl").touch()  # a source changed: the next --infer command builds again
    query = kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", "--infer", "--engine", "rl")
    assert query.returncode == 0 and "building" in query.stderr, query.stderr
    manifest = json.loads((copy.build_dir / "manifest.json").read_text())
    assert manifest["inferred"]["engine"] == "rl"  # the engine the command named
    refused = kgc(run_kg, copy, "build", "--engine", "rl")
    assert refused.returncode == 2 and "--infer" in refused.stderr
    meta = json.loads((copy.build_dir / "inferred.json").read_text())
    assert meta["engine"] == "rl"
    hermit = kgc(run_kg, copy, "build", "--infer", "--full")  # HermiT asked for: rl's graph is not reused
    assert hermit.returncode == 0 and "reusing" not in hermit.stderr, hermit.stderr
    assert json.loads((copy.build_dir / "manifest.json").read_text())["inferred"]["reasoner"].startswith("HermiT ")
    assert kgc(run_kg, copy, "build", "--infer", "--engine", "rl").returncode == 0
    query = kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", "--infer")  # HermiT: --infer's default
    assert query.returncode == 0 and "reasoning with hermit" in query.stderr, query.stderr
    assert json.loads((copy.build_dir / "manifest.json").read_text())["inferred"]["engine"] == "hermit"
