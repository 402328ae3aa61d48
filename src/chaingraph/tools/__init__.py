"""Generators of files the package ships, run by developers, never at run time:
``python -m chaingraph.tools.vocabgen`` (the closed ``CG`` namespace) and
``python -m chaingraph.tools.codelists`` (the SKOS code lists). The tests fail while their output and the
committed files disagree.
"""
