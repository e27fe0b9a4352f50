"""What every `factbot` command shares: the options `--index`, `--chroma-url`, `--json` and `-v`, the
lazily opened `FactBot`, JSON-or-text output, logging to stderr and the mapping of factbot errors to
one line on stderr with exit code 1.

The shared options are accepted both before the subcommand (`factbot --index DIR ask …`, stored on
the click context as `GlobalOptions`) and after it (`factbot ask … --index DIR`); given after, they
override the ones given before.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from factbot.errors import FactbotError

if TYPE_CHECKING:
    from factbot.bot import FactBot


@dataclass
class GlobalOptions:
    """The shared options as given before the subcommand; kept on the click context (`ctx.obj`)."""

    index_dir: str | None = None
    chroma_url: str | None = None
    as_json: bool = False
    verbose: bool = False


def shared_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add `--index`, `--chroma-url`, `--json` and `-v/--verbose` to a group or command.

    Each arrives as a keyword argument (`index_dir`, `chroma_url`, `as_json`, `verbose`); the flags
    are False and the values None when not given.
    """
    options = (
        click.option(
            "--index",
            "index_dir",
            type=click.Path(file_okay=False),
            default=None,
            help="Index directory (default: $FACTBOT_INDEX_DIR or ./index).",
        ),
        click.option("--chroma-url", default=None, help="Chroma server URL (default: $FACTBOT_CHROMA_URL)."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text."),
        click.option("-v", "--verbose", is_flag=True, help="Log factbot's debug messages too."),
    )
    for option in reversed(options):
        func = option(func)
    return func


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Make `func(session, **options)` a command body: add the shared options, merge them with the
    ones given before the subcommand into a `Session`, and turn a `FactbotError` into
    `click.ClickException` (one line `Error: …` on stderr, exit code 1)."""

    @shared_options
    @functools.wraps(func)
    def wrapper(index_dir: str | None, chroma_url: str | None, as_json: bool, verbose: bool, **kwargs: Any) -> Any:
        before = click.get_current_context().find_object(GlobalOptions) or GlobalOptions()
        if verbose and not before.verbose:
            log_to_stderr(True)
        session = Session(
            index_dir if index_dir is not None else before.index_dir,
            chroma_url if chroma_url is not None else before.chroma_url,
            as_json or before.as_json,
        )
        try:
            return func(session, **kwargs)
        except FactbotError as e:
            raise click.ClickException(str(e)) from e

    return wrapper


class Session:
    """One command's view of the options; opens the bot on first use so `--help` and argument errors
    stay fast. Set `llm` (an LLM spec) before the first use of `bot` to have the bot use it."""

    def __init__(self, index_dir: str | None, chroma_url: str | None, as_json: bool) -> None:
        self.index_dir, self.chroma_url, self.as_json = index_dir, chroma_url, as_json
        self.llm: str | None = None
        self._bot: FactBot | None = None

    @property
    def bot(self) -> FactBot:
        """The `FactBot` on `index_dir` / `chroma_url` (with `llm` if set), opened once.

        Raises:
            ConfigError, IndexStoreError: as `FactBot` does.
        """
        if self._bot is None:
            self._bot = self.open()
        return self._bot

    def open(self, *, check_model: bool = True) -> FactBot:
        """A new `FactBot` on this session's index, for the caller to close (see `FactBot`'s arguments)."""
        from factbot.bot import FactBot

        settings = {"llm": self.llm} if self.llm else None
        return FactBot(index_dir=self.index_dir, chroma_url=self.chroma_url, settings=settings, check_model=check_model)

    def emit(self, data: Any, text: str) -> None:
        """Print `data` as indented JSON with `--json`, else `text`."""
        click.echo(json.dumps(data, ensure_ascii=False, indent=2) if self.as_json else text)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (click's test runner swaps it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def log_to_stderr(verbose: bool) -> None:
    """factbot's own messages (progress of a reindex, a reopened store, warnings) on stderr, as
    `factbot: message`; INFO and up, or DEBUG with --verbose. Other libraries' loggers are left alone."""
    logger = logging.getLogger("factbot")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("factbot: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
