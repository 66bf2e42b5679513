"""HermiT through owlready2 (Java): finding Java, running the reasoner, checking consistency."""
from __future__ import annotations

import io
import os
from pathlib import Path
import shutil
import subprocess
import zipfile

from ..errors import KgError
from ..iris import GRAPH_NS, INFERRED_GRAPH
from .explain import Clash, explain

JAVA_HELP = ("HermiT needs Java 11 or later, which was not found: install a Java runtime "
             "(Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) "
             "or set JAVA_HOME")


class JavaMissing(KgError):
    """HermiT needs a Java runtime."""



def java_executable() -> str:
    """The java to run HermiT with: $JAVA_HOME/bin/java, else `java` on PATH; JavaMissing otherwise."""
    home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(home) / "bin" / "java")] if home else []
    candidates.append(shutil.which("java") or "")
    for java in candidates:
        if not java or not Path(java).is_file():
            continue
        try:
            subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            raise JavaMissing(f"{java} does not run ({exc}); {JAVA_HELP}") from exc
        return java
    raise JavaMissing(JAVA_HELP)


def java_memory() -> int | None:
    """Java's heap for HermiT in MB from $KG_JAVA_MEMORY (owlready2's default, 2000, otherwise)."""
    memory = os.environ.get("KG_JAVA_MEMORY")
    if not memory:
        return None
    if not memory.isdigit() or int(memory) < 64:
        raise KgError(f"KG_JAVA_MEMORY={memory!r}: give Java's heap for HermiT in MB, e.g. 4000")
    return int(memory)


def reasoner_name() -> str:
    """'HermiT 1.3.8.1099 (owlready2 0.51)', read from the jar owlready2 ships."""
    import owlready2

    version = "?"
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    try:
        with zipfile.ZipFile(jar) as z:
            for line in z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace").splitlines():
                if line.startswith("Implementation-Version:"):
                    version = line.split(":", 1)[1].strip()
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    return f"HermiT {version} (owlready2 {owlready2.VERSION})"


def run_hermit(ntriples: bytes, properties: bool) -> bytes | None:
    """Run HermiT on ontology + data; the inferred triples as N-Triples, or None when inconsistent."""
    import owlready2
    import owlready2.reasoning

    owlready2.JAVA_EXE = java_executable()
    memory = java_memory()
    if memory:
        owlready2.reasoning.JAVA_MEMORY = memory
    world = owlready2.World()
    try:
        onto = world.get_ontology(GRAPH_NS + "asserted")
        try:
            onto.load(fileobj=io.BytesIO(ntriples), format="ntriples")
        except Exception as exc:  # owlready2's parser raises bare exceptions
            raise KgError(f"owlready2 could not read the graph: {str(exc).splitlines()[0] if str(exc) else exc}") from exc
        inferred = world.get_ontology(INFERRED_GRAPH)
        try:
            with inferred:
                owlready2.sync_reasoner_hermit(world, infer_property_values=properties, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return None
        except owlready2.OwlReadyJavaError as exc:
            lines = [ln for ln in str(exc).splitlines() if ln.strip()]
            raise KgError("HermiT failed: " + (lines[-1] if lines else "no message")) from exc
        out = io.BytesIO()
        inferred.save(out, format="ntriples")
        return out.getvalue()
    finally:
        world.close()


def check_consistency(ntriples: bytes) -> list[Clash]:
    """[] when ontology + data are consistent (HermiT); otherwise the clashes that explain why."""
    if run_hermit(ntriples, properties=False) is not None:
        return []
    return explain(ntriples)

