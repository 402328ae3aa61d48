"""Bad RDF gets the same located error on every store, and messages never copy a huge value.

Before, an IRI with a space was accepted by the memory store (with warnings, then a traceback) and
refused by Oxigraph; ``"abc"^^xsd:decimal`` the other way round; ``validate`` copied a 50 MB label into
its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chaingraph.errors import InputError
from chaingraph.knowledge import KnowledgeGraph

from .test_cli import _run

CG = "@prefix cg: <https://w3id.org/chaingraph/ns#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
BAD = {
    "space.ttl": (CG + "<http://example.org/a b> a cg:Enterprise .\n", "space.ttl:3:1", "Invalid IRI code point ' '"),
    "brace.nt": ("<http://example.org/a> <http://example.org/p> <http://example.org/{x}> .\n", "brace.nt:1:",
                 "Invalid IRI code point '{'"),
    "decimal.ttl": (CG + '<http://example.org/a> cg:x "abc"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
                    "decimal.ttl:3", "'abc' is not a valid xsd:decimal"),
    "boolean.ttl": (CG + '<http://example.org/a> cg:x "tru"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n',
                    "boolean.ttl:3", "'tru' is not a valid xsd:boolean"),
    # Python's "$" allows a final newline: the memory store once took this number, Oxigraph's scan refused it
    "newline.ttl": (CG + '<http://example.org/a> cg:x "12\\n"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
                    "newline.ttl:3", "is not a valid xsd:integer"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_rdf_gets_the_same_located_error_on_every_store(name: str, tmp_path: Path) -> None:
    text, place, message = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    errors = {}
    for store in ("memory", "oxigraph"):
        with pytest.raises(InputError) as caught:
            KnowledgeGraph.open([path], store=store)
        errors[store] = str(caught.value).replace(str(tmp_path) + "/", "")
        assert place in errors[store] and message in errors[store], errors[store]
        done = _run("validate", str(path), "--store", store)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert message in done.stderr
    assert errors["memory"] == errors["oxigraph"]


def test_a_huge_value_is_named_not_copied(tmp_path: Path) -> None:
    huge = "铝" * 2_000_000
    path = tmp_path / "huge.ttl"
    path.write_text(CG + f'<http://example.org/a> a cg:Enterprise ; skos:prefLabel "{huge}"@zh ;\n'
                    f'  cg:x "{huge}x"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n', encoding="utf-8")
    done = _run("validate", str(path))
    assert done.returncode == 2
    assert len(done.stderr) < 2_000 and "(2000001 characters)" in done.stderr
    path.write_text(CG + f'<http://example.org/a> a cg:Enterprise ; skos:prefLabel "{huge}"@zh .\n',
                    encoding="utf-8")
    done = _run("validate", str(path))
    assert done.returncode == 1 and len(done.stdout) < 5_000, done.stdout[:300]
    assert "(2000000 characters)" in done.stdout
