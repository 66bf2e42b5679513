"""OWL 2 DL reasoning with owlready2 and HermiT (Java 17).

owlready2 does not read Turtle, so the graph is handed over as N-Triples. Literals whose datatype
is outside the OWL 2 datatype map (xsd:date, xsd:gYear...) are ignored by HermiT rather than
rejected; SHACL checks those values.
"""
from __future__ import annotations

import io
import shutil
import subprocess

from .errors import KgError


class JavaMissing(Exception):
    """HermiT needs a Java runtime."""


def java_executable() -> str:
    java = shutil.which("java")
    if not java:
        raise JavaMissing("Java is not installed; HermiT needs Java 11+ (Debian: apt-get install openjdk-17-jre-headless)")
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise JavaMissing(f"{java} does not run ({exc}); HermiT needs Java 11+") from exc
    return java


def check_consistency(ntriples: bytes) -> str | None:
    """None when the ontology and data are consistent, else a one-paragraph explanation."""
    import owlready2

    owlready2.JAVA_EXE = java_executable()
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/cckg/graph/merged")
    onto.load(fileobj=io.BytesIO(ntriples), format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return "the ontology and data are inconsistent (OWL 2 DL, HermiT)"
    except owlready2.OwlReadyJavaError as exc:
        lines = [ln for ln in str(exc).splitlines() if ln.strip()]
        raise KgError("HermiT failed: " + (lines[-1] if lines else "no message")) from exc
    finally:
        world.close()
    return None
