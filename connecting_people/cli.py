"""The `cpi` console script: Django's management commands, with a short list of ours in --help."""

from __future__ import annotations

import os
import sys

import django
from django.core.management import execute_from_command_line, get_commands, load_command_class

# Commands from Django itself that a person running Connecting People needs.
DJANGO_COMMANDS = {
    "check",
    "migrate",
    "showmigrations",
    "changepassword",
    "collectstatic",
    "shell",
    "dbshell",
}


def _help() -> str:
    django.setup()
    lines = ["Usage: cpi COMMAND [options]   (cpi COMMAND --help for details)", "", "Commands:"]
    for name, app in sorted(get_commands().items()):
        if not (app.startswith("connecting_people") or name in DJANGO_COMMANDS):
            continue
        command = load_command_class(app, name)
        summary = (command.help or "").strip().splitlines()[0] if command.help else ""
        lines.append(f"  {name:<16} {summary}")
    lines += ["", "Every command honours DATABASE_URL (default: SQLite in var/cpi.sqlite3)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connecting_people.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(_help())
        return 0

    execute_from_command_line(["cpi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
