"""Interface: the `factbot` command group. Reads the shared options given before the subcommand, sets up
logging, and gathers the commands of `commands_index`, `commands_query`, `commands_check`, `commands_feeds`,
`commands_feedback` and `commands_serve`. Each command builds a `FactBot` from its options and talks only to
that facade; factbot errors become one line on stderr and exit code 1 (see `options.common`).
"""

from __future__ import annotations

import click

from factbot.interfaces.cli import (
    commands_check,
    commands_feedback,
    commands_feeds,
    commands_index,
    commands_query,
    commands_serve,
)
from factbot.interfaces.cli.options import GlobalOptions, log_to_stderr, shared_options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factbot")
@shared_options
@click.pass_context
def main(ctx: click.Context, index_dir: str | None, chroma_url: str | None, as_json: bool, verbose: bool) -> None:
    """factbot: index news articles, then ask questions and get answers that cite their sources.

    --index, --chroma-url, --json and -v go before the command or after it (after wins).
    """
    options = ctx.ensure_object(GlobalOptions)
    options.index_dir, options.chroma_url = index_dir, chroma_url
    options.as_json, options.verbose = as_json, verbose
    log_to_stderr(verbose)


for _module in (commands_index, commands_query, commands_check, commands_feeds, commands_feedback, commands_serve):
    for _command in _module.COMMANDS:
        main.add_command(_command)


if __name__ == "__main__":
    main()
