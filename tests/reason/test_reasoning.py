"""OWL 2 DL reasoning with HermiT (owlready2, Java): consistency, explanations, inferred facts,
`kg reason`, `kg build --infer` and the saved queries that read inferred facts."""
from __future__ import annotations

import json
import re
import shutil

import pyoxigraph as ox
import pytest

from kg.iris import CCKG_NS, KGR_NS, PREFIXES
from kg.project import Project
from kg.store.build import assemble
from kg.reason import (INFERRED_GRAPH, Inconsistent, JavaMissing, check_consistency, explain, infer,
                       java_executable, to_trig)
from kg.store.embedded import Store

from ..conftest import FIXTURES, copy_sources



def _java() -> bool:
    try:
        java_executable()
    except JavaMissing:
        return False
    return True


JAVA = _java()
needs_java = pytest.mark.skipif(not JAVA, reason="HermiT needs Java, which is not installed (apt-get install openjdk-17-jre-headless)")

C, K = CCKG_NS, KGR_NS
TYPE = PREFIXES["rdf"] + "type"
INT = "<http://www.w3.org/2001/XMLSchema#integer>"


def triple(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o}"


def keys(triples) -> set[str]:
    return {str(t) for t in triples}


@pytest.fixture(scope="session")
def seed_nt(seed_store) -> bytes:
    return seed_store.ntriples()


@pytest.fixture(scope="session")
def seed_inference(seed_nt):
    if not JAVA:
        pytest.skip("HermiT needs Java, which is not installed")
    return infer(seed_nt)


@pytest.fixture(scope="session")
def inferred_store(project, seed_inference) -> Store:
    """The seed graph plus the inferred graph, as `kg build --infer` stores them."""
    store = Store.memory()
    assemble(store, project, project.ontology_files() + project.data_files())
    store.load_dataset(to_trig(seed_inference, store.graphs()), "inferred")
    return store


# -- consistency and explanations ---------------------------------------------------------------

@needs_java
def test_ontology_alone_is_consistent(project):
    store = Store.memory()
    for f in project.ontology_files():
        store.load_turtle(f, "urn:x-test:onto")
    assert check_consistency(store.ntriples()) == []


@needs_java
def test_ontology_with_the_seed_data_is_consistent(seed_nt):
    assert check_consistency(seed_nt) == []


CLASHES = {
    # an individual typed with two disjoint classes, one of them through a subclass axiom
    "asserted types": (f"<{K}org-netflix> <{TYPE}> <{C}Person> .",
                       "kgr:org-netflix", ["cckg:Organisation", "cckg:Person", "owl:disjointWith",
                                           "kgr:org-netflix a cckg:Company", "cckg:Company is a subclass of cckg:Organisation"]),
    # a person made an organisation by the domain of cckg:lei
    "domain": (f'<{K}person-alain-lam-sai-wai> <{C}lei> "5493001KJTIIGC8Y1R12" .',
               "kgr:person-alain-lam-sai-wai", ["cckg:lei", "whose domain is cckg:Organisation", "owl:disjointWith"]),
    # a pledge made an emission figure by a domain: the fact classes are pairwise disjoint
    "fact classes": (f'<{K}pledge-amazon-net-zero-2040> <{C}reportingYear> "2020"^^{INT} .',
                     "kgr:pledge-amazon-net-zero-2040", ["cckg:EmissionFigure", "cckg:Pledge", "owl:AllDisjointClasses"]),
    # a person made a pledge by the range of cckg:makesPledge (a pledge is a fact, facts are not people)
    "range": (f"<{K}org-amazon> <{C}makesPledge> <{K}person-alain-lam-sai-wai> .",
              "kgr:person-alain-lam-sai-wai", ["whose range is cckg:Pledge", "cckg:Fact", "cckg:Person"]),
    # two statuses for one pledge: cckg:pledgeStatus is functional and the statuses are all different
    "functional object property": (f"<{K}pledge-amazon-net-zero-2040> <{C}pledgeStatus> <{C}Missed> .",
                                   "kgr:pledge-amazon-net-zero-2040",
                                   ["cckg:pledgeStatus", "cckg:Declared", "cckg:Missed", "owl:AllDifferent"]),
    # two target years for one pledge
    "functional datatype property": (f'<{K}pledge-amazon-net-zero-2040> <{C}targetYear> "2041"^^{INT} .',
                                     "kgr:pledge-amazon-net-zero-2040", ["cckg:targetYear", '"2040"', '"2041"']),
    # a value outside the datatype range
    "datatype range": (f'<{K}pledge-amazon-net-zero-2040> <{C}targetPercentage> "about half" .',
                       "kgr:pledge-amazon-net-zero-2040", ["cckg:targetPercentage", "xsd:decimal", "about half"]),
}


@needs_java
@pytest.mark.parametrize("case", sorted(CLASHES))
def test_hermit_finds_the_clash_and_the_explanation_names_individual_and_axiom(seed_nt, case):
    extra, individual, words = CLASHES[case]
    clashes = check_consistency(seed_nt + extra.encode() + b"\n")
    assert clashes, "HermiT should find the graph inconsistent"
    mine = [c for c in clashes if c.individual == individual.replace("kgr:", K)]
    assert mine, [c.message for c in clashes]
    for word in words:
        assert any(word in c.message for c in mine), (word, [c.message for c in mine])


def test_explanations_do_not_need_java(seed_nt):
    """The explanation is computed in Python from the axioms; only the verdict needs HermiT."""
    clashes = explain(seed_nt + CLASHES["asserted types"][0].encode() + b"\n")
    assert [c.individual for c in clashes] == [K + "org-netflix"]


def test_an_unexplained_inconsistency_still_gets_one_line(seed_nt):
    # nothing in the seed graph clashes, so the explainer says it found no simple cause
    [clash] = explain(seed_nt)
    assert clash.individual is None and "no simple cause" in clash.message


INCONSISTENT = sorted((FIXTURES / "inconsistent").glob("*.ttl"))
EXPECT = re.compile(r"^#\s*expect:\s*owl:consistency\s+<([^>]+)>\s*$", re.M)


def test_there_are_fixtures_only_owl_catches():
    assert len(INCONSISTENT) >= 3
    for path in INCONSISTENT:
        assert EXPECT.findall(path.read_text(encoding="utf-8")), f"{path.name} declares no `# expect:` line"


@pytest.mark.parametrize("path", INCONSISTENT, ids=lambda p: p.name)
def test_owl_only_fixture_passes_shacl_and_the_quality_queries(run_kg, path, tmp_path):
    res = run_kg("validate", "--no-owl", "-f", "json", str(path), env={"KG_BUILD_DIR": str(tmp_path)})
    assert res.returncode == 0, res.stdout + res.stderr
    assert json.loads(res.stdout)["violations"] == 0


@needs_java
@pytest.mark.parametrize("path", INCONSISTENT, ids=lambda p: p.name)
def test_owl_only_fixture_is_reported_inconsistent_by_name(run_kg, path, tmp_path):
    res = run_kg("validate", "-f", "json", str(path), env={"KG_BUILD_DIR": str(tmp_path)})
    assert res.returncode == 1, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["checks"]["owl"] == "HermiT: inconsistent"
    found = {(r["source"], r["focus"]) for r in report["results"] if r["severity"] == "Violation"}
    assert found == {("owl:consistency", focus) for focus in EXPECT.findall(path.read_text(encoding="utf-8"))}
    assert all("disjoint" in r["message"] for r in report["results"])


# -- inferred facts -----------------------------------------------------------------------------

@needs_java
def test_property_chains_make_companies_depend_on_their_providers_and_the_providers_parents(seed_inference):
    got = keys(seed_inference.triples)
    depends = f"<{C}dependsOn>"
    # Netflix -> Amazon Web Services (platform) -> Amazon Web Services (operator) -> Amazon (parent)
    assert triple(f"<{K}org-netflix>", depends, f"<{K}org-amazon-web-services>") in got
    assert triple(f"<{K}org-netflix>", depends, f"<{K}org-amazon>") in got
    # Blue Soft Empower -> Microsoft Azure -> Microsoft
    assert triple(f"<{K}org-blue-soft-empower>", depends, f"<{K}org-microsoft>") in got
    assert triple(f"<{K}org-netflix>", f"<{C}usesPlatform>", f"<{K}platform-amazon-web-services>") in got
    # nobody else depends on anything: the chains start only from platform reliance facts
    subjects = {t.subject.value for t in seed_inference.triples if t.predicate.value == C + "dependsOn"}
    assert subjects == {K + "org-netflix", K + "org-blue-soft-empower"}


@needs_java
def test_defined_classes_inverses_and_sub_properties_are_inferred(seed_inference):
    got = keys(seed_inference.triples)
    a = f"<{TYPE}>"
    assert triple(f"<{K}org-amazon>", a, f"<{C}NetZeroCommittedOrganisation>") in got
    assert triple(f"<{K}org-amazon>", a, f"<{C}PledgingOrganisation>") in got
    assert triple(f"<{K}org-microsoft>", a, f"<{C}CarbonNeutralCommittedOrganisation>") in got
    assert triple(f"<{K}org-microsoft>", a, f"<{C}NetZeroCommittedOrganisation>") not in got
    assert triple(f"<{K}org-amazon-web-services>", a, f"<{C}PlatformOperator>") in got
    assert triple(f"<{K}org-netflix>", a, f"<{C}PlatformDependentOrganisation>") in got
    assert triple(f"<{K}org-amazon>", f"<{C}makesPledge>", f"<{K}pledge-amazon-net-zero-2040>") in got
    assert triple(f"<{K}org-amazon-web-services>", f"<{C}transitiveSubsidiaryOf>", f"<{K}org-amazon>") in got
    assert triple(f"<{K}org-amazon>", f"<{C}hasSubsidiary>", f"<{K}org-amazon-web-services>") in got
    # HermiT's classification: every organisation with a net-zero pledge has a pledge
    assert triple(f"<{C}NetZeroCommittedOrganisation>", f"<{PREFIXES['rdfs']}subClassOf>",
                  f"<{C}PledgingOrganisation>") in got


@needs_java
def test_inferred_triples_are_new_named_and_counted(seed_nt, seed_inference):
    asserted = {line.rstrip(" .") for line in seed_nt.decode().splitlines()}
    inferred = keys(seed_inference.triples)
    assert inferred and not inferred & asserted
    assert all(isinstance(t.subject, ox.NamedNode) for t in seed_inference.triples)
    assert sum(seed_inference.counts.values()) == len(seed_inference.triples)
    assert not any(t.object.value in (PREFIXES["owl"] + "Thing", PREFIXES["owl"] + "NamedIndividual")
                   for t in seed_inference.triples)


@needs_java
def test_subsidiary_chains_are_transitive(seed_store):
    """A grandparent added above Amazon: AWS and, through the chain, Netflix now depend on it too."""
    extra = (f"<{K}org-x-holding> <{TYPE}> <{C}Company> .\n"
             f"<{K}org-amazon> <{C}subsidiaryOf> <{K}org-x-holding> .\n").encode()
    got = keys(infer(seed_store.ntriples() + extra).triples)
    assert triple(f"<{K}org-amazon-web-services>", f"<{C}transitiveSubsidiaryOf>", f"<{K}org-x-holding>") in got
    assert triple(f"<{K}org-netflix>", f"<{C}dependsOn>", f"<{K}org-x-holding>") in got
    # the direct relation stays direct
    assert triple(f"<{K}org-amazon-web-services>", f"<{C}subsidiaryOf>", f"<{K}org-x-holding>") not in got


@needs_java
def test_infer_raises_with_the_clashes(seed_nt):
    with pytest.raises(Inconsistent) as err:
        infer(seed_nt + CLASHES["domain"][0].encode() + b"\n")
    assert err.value.clashes[0].individual == K + "person-alain-lam-sai-wai"


@needs_java
def test_owl_rl_agrees_on_the_individuals_but_not_on_the_classification(seed_nt, seed_inference):
    """What docs/reasoning.md claims: on our data OWL 2 RL (owlrl) derives the same defined-class
    memberships and chained properties as HermiT, but not the subsumption between defined classes."""
    import owlrl
    import rdflib

    g = rdflib.Graph().parse(data=seed_nt.decode("utf-8"), format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    cckg = rdflib.Namespace(C)
    hermit = {(t.subject.value, t.predicate.value, t.object.value) for t in seed_inference.triples}
    for cls in ("PledgingOrganisation", "NetZeroCommittedOrganisation", "PlatformOperator",
                "PlatformDependentOrganisation"):
        rl = {str(s) for s in g.subjects(rdflib.RDF.type, cckg[cls]) if str(s).startswith(K)}
        assert rl and rl == {s for s, p, o in hermit if p == TYPE and o == C + cls}, cls
    for prop in ("dependsOn", "usesPlatform", "transitiveSubsidiaryOf"):
        rl = {(str(s), str(o)) for s, o in g.subject_objects(cckg[prop])}
        assert rl and rl == {(s, o) for s, p, o in hermit if p == C + prop}, prop
    subsumption = (C + "NetZeroCommittedOrganisation", PREFIXES["rdfs"] + "subClassOf", C + "PledgingOrganisation")
    assert subsumption in hermit
    assert (rdflib.URIRef(subsumption[0]), rdflib.RDFS.subClassOf, rdflib.URIRef(subsumption[2])) not in g


# -- saved queries with and without inferred facts ----------------------------------------------

@needs_java
def test_platform_dependencies_with_and_without_inferred_facts(seed_store, inferred_store):
    from ..sparql.test_saved_queries import ask

    columns = ["org", "provider", "hasPledge", "pledge", "type", "targetYear"]
    assert ask(seed_store, "platform_dependencies", columns) == []
    assert ask(inferred_store, "platform_dependencies", columns) == [
        # 002: Blue Soft Empower's data is "stockées dans des data centers Azure"
        ("kgr:org-blue-soft-empower", "kgr:org-microsoft", "true", "kgr:pledge-microsoft-carbon-neutral",
         "cckg:CarbonNeutralPledge", None),
        # 000: Netflix relies on Amazon Web Services; AWS is Amazon's, whose net-zero 2040 pledge is in 003
        ("kgr:org-netflix", "kgr:org-amazon", "true", "kgr:pledge-amazon-net-zero-2040", "cckg:NetZeroPledge", 2040),
        ("kgr:org-netflix", "kgr:org-amazon-web-services", "false", None, None, None),
    ]
    assert ask(inferred_store, "platform_dependencies", ["provider"], org="Blue Soft Empower") == [("kgr:org-microsoft",)]


@needs_java
def test_committed_organisations_with_and_without_inferred_facts(seed_store, inferred_store):
    from ..sparql.test_saved_queries import ask

    columns = ["org", "via", "pledge"]
    assert ask(seed_store, "committed_organisations", columns) == []
    assert ask(inferred_store, "committed_organisations", columns) == [
        ("kgr:org-amazon", "kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040"),
        # a subsidiary is listed through its parent's pledge
        ("kgr:org-amazon-web-services", "kgr:org-amazon", "kgr:pledge-amazon-net-zero-2040"),
        ("kgr:org-netflix", "kgr:org-netflix", "kgr:pledge-netflix-net-zero-2022"),
        ("kgr:org-xiaomi", "kgr:org-xiaomi", "kgr:pledge-xiaomi-net-zero"),
    ]
    neutral = ask(inferred_store, "committed_organisations", ["org", "pledge"],
                  kind="cckg:CarbonNeutralCommittedOrganisation")
    assert ("kgr:org-microsoft", "kgr:pledge-microsoft-carbon-neutral") in neutral
    assert ("kgr:org-xiaomi", "kgr:pledge-xiaomi-carbon-neutral-2040") in neutral
    assert not any(org == "kgr:org-amazon" for org, _ in neutral)


@needs_java
def test_queries_written_for_asserted_facts_give_the_same_rows_with_inferred_facts(seed_store, inferred_store):
    """Inferred facts add answers only to the queries that ask for them (tag `inferred`)."""
    from kg.sparql import run, saved_queries

    from ..sparql.test_saved_queries import QUERIES, SAMPLE_VALUES

    checked = 0
    for name, query in saved_queries(QUERIES).items():
        if "inferred" in query.tags:
            continue
        params = {p.name: SAMPLE_VALUES[p.name] for p in query.params if p.required}
        assert run(seed_store, query, params).rows == run(inferred_store, query, params).rows, name
        checked += 1
    assert checked >= 18


# -- the command line ---------------------------------------------------------------------------

@pytest.fixture
def copy(tmp_path) -> Project:
    return copy_sources(tmp_path)


def kgc(run_kg, project: Project, *args: str, env: dict | None = None):
    return run_kg("--root", str(project.root), *args, env={"KG_BUILD_DIR": "", **(env or {})})


@needs_java
def test_kg_reason_writes_the_inferred_graph_with_its_provenance(run_kg, copy):
    res = kgc(run_kg, copy, "reason", "--format", "json")
    assert res.returncode == 0, res.stderr
    meta = json.loads(res.stdout)
    assert meta["consistent"] and meta["reasoner"].startswith("HermiT ") and meta["inferred_triples"] > 100
    dataset = ox.Dataset(ox.parse((copy.build_dir / "inferred.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in dataset}
    assert graphs == {INFERRED_GRAPH}
    store = ox.Store()
    store.extend(dataset)
    [row] = store.query(f"""
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?when ?who (COUNT(DISTINCT ?src) AS ?sources) WHERE {{ GRAPH ?g {{
          <{INFERRED_GRAPH}> prov:generatedAtTime ?when ; prov:wasGeneratedBy ?act ; prov:wasDerivedFrom ?src .
          ?act prov:wasAssociatedWith/rdfs:label ?who }} }} GROUP BY ?when ?who""")
    assert row["who"].value == meta["reasoner"]
    assert row["when"].value == meta["ended"]
    # derived from every asserted graph: the ontology, the metadata, the facts and the article texts
    graphs = json.loads((copy.build_dir / "manifest.json").read_text())["graphs"]
    assert int(row["sources"].value) == len(graphs) == 11
    text = kgc(run_kg, copy, "reason")
    assert text.returncode == 0 and "consistent" in text.stdout and "cckg:dependsOn 4" in text.stdout


@needs_java
def test_build_infer_merges_and_queries_run_with_or_without(run_kg, copy):
    res = kgc(run_kg, copy, "build", "--infer")
    assert res.returncode == 0, res.stderr
    manifest = json.loads((copy.build_dir / "manifest.json").read_text())
    assert manifest["infer"] is True and manifest["inferred"]["inferred_triples"] > 100
    with_inferred = kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", "--infer")
    assert with_inferred.returncode == 0, with_inferred.stderr
    assert len(with_inferred.stdout.splitlines()) == 4  # header + 3 rows
    # without --infer (the default, or said), the inferred facts stay out even of a build that has them
    for flags in ((), ("--no-infer",)):
        without = kgc(run_kg, copy, "query", "platform_dependencies", "-f", "csv", *flags)
        assert without.returncode == 0 and len(without.stdout.splitlines()) == 1
        assert "--infer" in without.stderr  # says how to get the inferred facts
    # a query that needs no inference answers the same either way
    a = kgc(run_kg, copy, "query", "provider_pledges", "-f", "csv", "--infer").stdout
    b = kgc(run_kg, copy, "query", "provider_pledges", "-f", "csv").stdout
    assert a == b and len(a.splitlines()) == 3
    assert json.loads(kgc(run_kg, copy, "stats", "-f", "json", "--infer").stdout)["inferred_triples"] > 100
    assert json.loads(kgc(run_kg, copy, "stats", "-f", "json").stdout)["inferred_triples"] == 0
    # the inferred graph stays out of validation
    assert kgc(run_kg, copy, "validate", "--no-owl").returncode == 0


@needs_java
def test_query_infer_reasons_on_demand_and_plain_build_drops_inferred_facts(run_kg, copy):
    assert kgc(run_kg, copy, "build").returncode == 0
    res = kgc(run_kg, copy, "query", "committed_organisations", "-f", "csv", "--infer")
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.splitlines()) == 5
    assert json.loads((copy.build_dir / "manifest.json").read_text())["infer"] is True
    assert kgc(run_kg, copy, "build").returncode == 0
    res = kgc(run_kg, copy, "query", "committed_organisations", "-f", "csv")
    assert len(res.stdout.splitlines()) == 1


@needs_java
def test_an_inconsistent_graph_is_explained_and_the_previous_build_kept(run_kg, copy):
    assert kgc(run_kg, copy, "build", "--infer").returncode == 0
    before = (copy.build_dir / "manifest.json").read_text()
    bad = FIXTURES / "inconsistent" / "person-with-lei.ttl"
    shutil.copy(bad, copy.data_dir / "zz-bad.ttl")
    res = kgc(run_kg, copy, "build", "--infer")
    assert res.returncode == 1 and "kgr:person-gavin-belson" in res.stdout
    assert (copy.build_dir / "manifest.json").read_text() == before
    # queries without --infer still answer, from the asserted facts, and start no reasoner
    res = kgc(run_kg, copy, "query", "provider_pledges", "-f", "csv")
    assert res.returncode == 0 and len(res.stdout.splitlines()) == 3
    assert "inconsistent" not in res.stderr and "reasoning" not in res.stderr
    # with --infer, the clash is the answer (exit 1), never rows without the facts asked for
    res = kgc(run_kg, copy, "query", "provider_pledges", "-f", "csv", "--infer")
    assert res.returncode == 1 and "inconsistent" in res.stderr and "INCONSISTENT" in res.stdout
    res = kgc(run_kg, copy, "reason")
    assert res.returncode == 1
    assert "kgr:person-gavin-belson cannot be both a cckg:Organisation and a cckg:Person" in res.stdout
    assert "cckg:lei" in res.stdout and "inconsistent" in res.stderr and "Traceback" not in res.stderr


def test_without_java_kg_reason_says_so_in_one_line(run_kg, copy, tmp_path):
    env = {"PATH": str(tmp_path / "no-java-here"), "JAVA_HOME": ""}
    assert kgc(run_kg, copy, "build", env=env).returncode == 0
    res = kgc(run_kg, copy, "reason", env=env)
    assert res.returncode == 2
    [line] = res.stderr.strip().splitlines()
    assert line.startswith("kg: error:") and "Java" in line and "apt-get install openjdk" in line
    res = kgc(run_kg, copy, "build", "--infer", env=env)
    assert res.returncode == 2 and "Java" in res.stderr and "Traceback" not in res.stderr
    # validation still runs, and says the OWL check was skipped
    res = kgc(run_kg, copy, "validate", "-f", "json", env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert json.loads(res.stdout)["checks"]["owl"].startswith("skipped: HermiT needs Java")


def test_a_bad_java_heap_setting_is_one_line(run_kg, copy):
    assert kgc(run_kg, copy, "build").returncode == 0
    res = kgc(run_kg, copy, "reason", env={"KG_JAVA_MEMORY": "lots"})
    assert res.returncode == 2
    assert res.stderr.strip() == "kg: error: KG_JAVA_MEMORY='lots': give Java's heap for HermiT in MB, e.g. 4000"
