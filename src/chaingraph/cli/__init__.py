"""The ``chaingraph`` command line: thin commands over the library.

Exit codes (all commands): 0 success; 1 the check found problems (``validate``: violations);
2 bad usage or unreadable input (the message names the file and line).

This module makes the app, registers the commands and runs them (:func:`main`). The commands, by job:
:mod:`~chaingraph.cli.data` (validate, import, export, template, load, dump), :mod:`~chaingraph.cli.questions`
(info, query, serve), :mod:`~chaingraph.cli.analysis` (gaps, report, render) and
:mod:`~chaingraph.cli.mapping` (map); :mod:`~chaingraph.cli.options`
holds what they share (exit codes, choices, options) and :mod:`~chaingraph.cli.console` the printing helpers.
Commands import what only they need (the gap analysis, pyshacl, the server, rendering) when they run, so that
``chaingraph --help`` starts fast. ``python -m chaingraph.cli.reference > docs/cli.md`` writes the reference.
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from chaingraph._runtime import end_process, keeping_until_exit
from chaingraph._version import __version__
from chaingraph.cli import analysis, data, mapping, questions, whatif
from chaingraph.cli.console import make_console, show_store_notes
from chaingraph.cli.options import EXIT_INPUT, EXIT_OK
from chaingraph.errors import ChainGraphError, InputError

__all__ = ["app", "main", "run"]

app = typer.Typer(
    name="chaingraph",
    help="Industry-chain (产业链) knowledge graphs: validate, inspect, query and analyse chains and regions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"chaingraph {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Industry-chain knowledge graphs for regional planners and investment-promotion analysts."""


# the commands, in the order `chaingraph --help` lists them
app.command()(data.validate)
app.command()(questions.info)
app.command()(analysis.gaps)
app.command()(questions.query)
app.command()(questions.serve)
app.command()(analysis.report)
app.command()(analysis.render)
app.command("compare")(whatif.compare_command)
app.command("diff")(whatif.diff_command)
app.command("import")(data.import_tables)
app.command("export")(data.export_tables)
app.command("template")(data.tables_template)
app.command("map")(mapping.map_command)
app.command()(data.load)
app.command()(data.dump)


#: what the validation typer uses puts before the message of a bad choice ("Value error, 'xls' is not one of …")
_VALIDATION_PREFIX = "Value error, "


def main() -> NoReturn:
    """Console-script entry point: run the app (:func:`run`) and end the process with the command's exit code
    (see above). A command that kept its large graph and analysis (:func:`chaingraph._runtime.keep_until_exit`)
    ends without freeing them one by one: its output flushed and the ``atexit`` functions run first."""
    with keeping_until_exit():
        code = run()
    end_process(code)


def run() -> int:
    """Run the app on ``sys.argv``, print chaingraph errors as messages, and return the exit code: the command
    line in this process, for a caller that goes on (a test) — :func:`main` ends the process."""
    show_store_notes()
    try:
        code = app(standalone_mode=False)  # returns the code of typer.Exit instead of raising it
    except InputError as error:
        err = make_console(stderr=True, highlight=False, soft_wrap=True)
        for problem in error.problems:
            err.print(f"error: {problem}", style="red", markup=False)
        return EXIT_INPUT
    except ChainGraphError as error:
        make_console(stderr=True, highlight=False, soft_wrap=True).print(f"error: {error}", style="red", markup=False)
        return EXIT_INPUT
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        return EXIT_INPUT
    except typer.TyperException as error:  # usage errors (unknown option, bad value): click's own message
        message = getattr(error, "message", None)
        if isinstance(message, str) and message.startswith(_VALIDATION_PREFIX):
            error.message = message[len(_VALIDATION_PREFIX):]
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            make_console(stderr=True).print(f"error: {error}", markup=False)
        return int(getattr(error, "exit_code", EXIT_INPUT))
    return code if isinstance(code, int) else EXIT_OK
