"""The README stays in step with the code: every command and store table is documented."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from allegedly import cli
from allegedly.store import connect

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def test_every_command_is_in_the_command_line_section():
    block = _section("The command line")
    words = set(re.findall(r"[a-z]+", block))
    missing = [name for name in cli.main.commands if name not in words]
    assert not missing, f"commands missing from README's command line section: {missing}"


def test_every_table_and_view_is_named_in_the_querying_section(tmp_path):
    conn = connect(tmp_path / "docs.db")
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'articles_fts_%' AND name NOT IN ('schema_migrations', 'story_links')")]
    block = _section("Querying the store")
    missing = [n for n in names if f"`{n}`" not in block]
    assert not missing, f"tables missing from README's querying section: {missing}"


def test_the_two_set_up_commands_are_the_makefile_targets():
    block = _section("Set-up: two commands on a fresh machine")
    commands = re.findall(r"^(make \w+)\b", block, flags=re.M)
    assert commands == ["make demo", "make test"]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text("utf-8")
    assert "make test" in ci
