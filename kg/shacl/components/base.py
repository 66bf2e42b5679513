"""The interface of a compiled constraint component (`Component`) and the results it returns (`Row`)."""
from __future__ import annotations

from dataclasses import dataclass

from ...store.embedded import Term
from ..focus import Focus


@dataclass
class Row:
    """One validation result before it becomes a Finding."""

    focus: Term
    value: Term | None = None
    path: Term | None = None
    bindings: dict | None = None  # SHACL-SPARQL: variables for {?var} in the message
    component: str = ""
    message: str | None = None  # generic message (shapes without sh:message)


class Component:
    """A constraint component instance on a shape (a kg.shacl.shapes.Shape). `iri` is the
    sh:*ConstraintComponent; `eng`, in the methods, is the running kg.shacl.engine.Engine."""

    iri = ""
    value_level = False  # judged per value node (else per focus node)

    def __init__(self, shape):
        self.shape = shape

    # value-level components
    def passes(self, eng, v: str) -> str | None:
        """A SPARQL expression true only if value `v` surely conforms (None: cannot tell)."""
        return None

    def fails(self, eng, v: str) -> str | None:
        """A SPARQL expression true only if value `v` surely does not conform."""
        return None

    def judge(self, eng, values: set, undecided: Focus) -> set:
        """The failing ones of the undecided `values` (exact; `undecided` binds them in SPARQL)."""
        raise NotImplementedError

    # focus-level components
    def evaluate(self, eng, focus: Focus) -> list[Row]:
        raise NotImplementedError

    def inline_pass(self, eng, x: str) -> str | None:
        return None

    def inline_fail(self, eng, x: str) -> str | None:
        return None

    def generic_message(self, eng, row: Row) -> str | None:
        return None
