"""The chaingraph vocabulary in Python: namespaces (the closed ``CG`` among them), the ontology files and
code lists every store starts with, codes as their schemes spell them, and RDF terms as plain values.

Nothing here knows a store: :mod:`chaingraph.store` and everything above build on it.
"""
