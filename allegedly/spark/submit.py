"""The script to give ``spark-submit``: the ``allegedly spark`` command on the cluster it sets up.

    spark-submit --master spark://head:7077 "$(python -m allegedly.spark.submit --path)" \
        /shared/in --out /shared/run --db /shared/allegedly.db

Under spark-submit the session is the one spark-submit configured (its --master, executor
Python and memory); the command's own --master is ignored. See docs/spark.md.
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--path"]:
        print(__file__)
        return
    from allegedly.cli import main as cli  # the whole CLI: its command modules import it first

    cli.main(args=["spark", *argv], prog_name="allegedly")


if __name__ == "__main__":
    main()
