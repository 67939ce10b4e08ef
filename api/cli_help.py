"""Readable `--help`: `-h` as well, and option types a person reads (TEXT, PATH, ...).

Typer labels each option with its Python type (`<str>`, `<bool>`,
`<list[Path]>`). `ReadableGroup`, the class of the root `bookbot` group, gives
every option and argument of every command, before the command line is parsed,
a metavar instead: an explicit `metavar=` wins, flags get none (they take no
value), others one from their type (TEXT, INTEGER, NUMBER, PATH).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

HELP_OPTIONS = ["-h", "--help"]
CONTEXT_SETTINGS = {"help_option_names": HELP_OPTIONS}

_LABELS = {"int": "INTEGER", "float": "NUMBER", "str": "TEXT", "bool": "", "path": "PATH"}


def readable_label(param: TyperOption | TyperArgument, ctx: Any) -> str:
    """TEXT, INTEGER, NUMBER, PATH (with '...' when it takes several), or the metavar."""
    if param.metavar is not None:
        return str(param.metavar)
    if isinstance(param, TyperOption) and param.is_flag:
        return ""
    shown = param.display_type(ctx).strip("<>")  # e.g. 'list[Path]', 'int range'
    inner = shown.removeprefix("list[").removesuffix("]").split(" ")[0].lower()
    label = _LABELS.get(inner, inner.upper())
    return f"{label}..." if shown.startswith("list[") else label


class ReadableArgument(TyperArgument):
    """An argument whose type column shows its readable label."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return readable_label(self, ctx)


def make_readable(command: Any, ctx: Any) -> None:
    """Give `command`, its help option and its subcommands readable labels (in place)."""
    help_option = command.get_help_option(ctx)
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        if isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = readable_label(param, ctx)
        elif isinstance(param, TyperArgument) and not isinstance(param, ReadableArgument):
            param.__class__ = ReadableArgument  # same object, only its type column changes
    for sub in getattr(command, "commands", {}).values():
        make_readable(sub, ctx)


class ReadableGroup(TyperGroup):
    """The root group; labels the whole command tree once, before the first parse."""

    _labelled = False

    def make_context(self, info_name: str | None, args: list[str], *a: Any, **kw: Any) -> Any:
        if not self._labelled:
            from typer import _click

            make_readable(self, _click.Context(self, help_option_names=HELP_OPTIONS))
            self._labelled = True
        return super().make_context(info_name, args, *a, **kw)
