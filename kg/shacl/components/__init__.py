"""The SHACL constraint components, one module per family, as the SHACL spec and pySHACL group them.

base (`Component`, the interface the engine calls, and `Row`), value_type (sh:class, sh:datatype,
sh:nodeKind), cardinality (sh:minCount, sh:maxCount), value_range (sh:min/maxInclusive/Exclusive),
string_based (sh:minLength, sh:maxLength, sh:pattern, sh:languageIn, sh:uniqueLang), property_pair
(sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals), shape_based (sh:node with the logical
sh:not, sh:and, sh:or, sh:xone, one class; sh:qualifiedValueShape), other (sh:in, sh:hasValue,
sh:closed), sparql_based (sh:sparql). sh:property is no component: kg.shacl.engine follows it.
kg.shacl.shapes builds these from a shape's parameters.

May import: the top-level modules, kg.store, kg.sparql and the modules of kg.shacl beneath the
engine (sparql_text, terms, focus, report). Used by: kg.shacl.shapes and kg.shacl.engine.
"""
