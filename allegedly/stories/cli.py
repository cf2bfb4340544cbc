"""``allegedly stories`` and ``allegedly story ID``: stories, copy graphs, claims across outlets."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

from allegedly.cli import db_option, domain_errors, open_store
from allegedly.show import STATUS_STYLES, short
from allegedly.stories import queries


@click.command()
@db_option
@click.option("--limit", default=50, show_default=True, help="How many stories (largest first).")
@click.option("--rebuild", is_flag=True, help="Recompute every story from the stored articles.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@domain_errors
def stories(db, limit, rebuild, as_json):
    """List stories: origin, article count, independent sources."""
    conn = open_store(db, must_exist=True)
    if rebuild:
        from allegedly.store.stories import rebuild as do_rebuild

        click.echo(f"rebuilt {do_rebuild(conn)} stories", err=True)
    rows = queries.list_stories(conn, limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    # Two lines a story rather than a table: the title needs the width a table would
    # leave it. Ids are 12-character prefixes; `allegedly story` takes any unique prefix.
    console = Console()
    for r in rows:
        n, k = r["article_count"], r["independent_count"]
        origin = (r["origin_name"] or "?") + (f" (via {r['origin_via']})" if r["origin_via"] else "")
        line = Text.assemble((r["id"][:12], "bold"), f"  {n} article{'s' if n != 1 else ''} · ",
                             (f"{k} independent", "bold" if k < n else ""),
                             f" · origin {origin}")
        if r.get("event_cluster_id"):
            line.append(f" · event {r['event_cluster_id'][:12]} ({r['event_independent_count']} sources)",
                        style="cyan")
        line.truncate(console.width, overflow="ellipsis")  # one line a story, however long the origin
        console.print(line, Text("    " + short(r["title"] or "", console.width - 5), style="bright_black"),
                      sep="\n")


@click.command()
@click.argument("ref")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The story as JSON.")
@domain_errors
def story(ref, db, as_json):
    """Show one story (id, id prefix or a member article): copy graph and claims with appearances."""
    conn = open_store(db, must_exist=True)
    data = queries.story(conn, queries.resolve_story(conn, ref))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    console = Console()
    s = data["story"]
    n, k = s["article_count"], s["independent_count"]
    console.print(Text.assemble((s["title"], "bold"), f"\nstory {s['id']} · {n} article{'s' if n != 1 else ''} · "
                                f"{k} independent source{'s' if k != 1 else ''}"))
    ec = data.get("event_cluster")
    if ec:  # the level above: every family covering the same happening
        m = ec["independent_count"]
        console.print(Text(f"event cluster {ec['id']} · {ec['story_count']} report famil"
                           f"{'ies' if ec['story_count'] != 1 else 'y'} · {m} independent source{'s' if m != 1 else ''}"
                           f": {', '.join(ec['sources'])}" + _underlying(ec), style="cyan"))
    if s.get("rests_on"):
        console.print(Text(f"rests on {s['rests_on']}'s statement", style="cyan"))
    console.print(copy_tree(data))
    for claim in data["claims"]:
        console.print(claim_tree(claim))


def copy_tree(data: dict) -> Tree:
    s, members = data["story"], {m["article_id"]: m for m in data["members"]}
    children: dict[str, list[dict]] = {}
    for e in best_parents(data["edges"], s["origin_article"]):
        children.setdefault(e["source"], []).append(e)
    origin = s["origin_name"] + (f", relayed by {s['origin_via']}" if s["origin_via"] else "")
    tree = Tree(f"origin: [bold]{escape(origin or '?')}[/] ({s['origin_basis']})")

    def label(aid: str) -> str:
        m = members.get(aid, {})
        return f"{escape(m.get('outlet') or '?')} [dim]{aid} {m.get('published') or ''}[/]"

    seen: set[str] = set()

    def grow(node: Tree, aid: str) -> None:
        seen.add(aid)
        for e in children.get(aid, []):
            if e["target"] not in seen:
                grow(node.add(f"[green]{e['kind']}[/] {e['score']:.2f} ← {label(e['target'])}"), e["target"])

    grow(tree.add(label(s["origin_article"])), s["origin_article"])
    for aid in members:  # members not reached from the origin (linked by a later merge)
        if aid not in seen:
            grow(tree.add(label(aid)), aid)
    return tree


def best_parents(edges: list[dict], origin: str) -> list[dict]:
    """One upstream edge per article for the tree: the strongest, the origin's on a tie."""
    best: dict[str, dict] = {}
    for e in edges:
        cur = best.get(e["target"])
        if cur is None or (e["score"], e["source"] == origin) > (cur["score"], cur["source"] == origin):
            best[e["target"]] = e
    return list(best.values())


def claim_tree(claim: dict) -> Tree:
    n = claim["independent_count"]
    head = Text.assemble((f"claim {claim['claim_group']}", "bold"),
                         f" · {n} independent source{'s' if n != 1 else ''}: {', '.join(claim['origins'])}\n",
                         short(claim["text"], 200))
    tree = Tree(head)
    for a in claim["appearances"]:
        line = Text.assemble((f"{a['status']:<9}", STATUS_STYLES.get(a["status"], "")),
                             f" {a['outlet'] or '?'} ", (f"← {a['origin_label']}", "bright_black"))
        if a["text"] != claim["text"]:  # a rewrite: show its own wording
            line.append(f"\n{short(a['text'], 160)}", style="italic")
        tree.add(line)
    return tree


@click.command()
@click.argument("ref", required=False)
@db_option
@click.option("--limit", default=50, show_default=True, help="How many event clusters (most families first).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (one object with REF).")
@domain_errors
def happenings(ref, db, limit, as_json):
    """List event clusters: all coverage of one happening, its report families and their
    independent sources; with REF (cluster id, prefix, story or article), one cluster in full."""
    conn = open_store(db, must_exist=True)
    if ref:
        data = queries.cluster(conn, queries.resolve_cluster(conn, ref))
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            Console().print(cluster_tree(data["cluster"], data["families"], members=True))
        return
    rows = queries.list_clusters(conn, limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    console = Console()
    for r in rows:
        console.print(cluster_tree(r, r["families"]))


def _underlying(c: dict) -> str:
    """" · 2 underlying (Facebook (statement, via …), …)" when families rest on one statement-giver."""
    u = c.get("underlying_count")
    if u is None or u == c["independent_count"]:
        return ""
    return f" · {u} underlying: {', '.join(c.get('underlying_sources') or [])}"


def cluster_tree(c: dict, families: list[dict], members: bool = False) -> Tree:
    k, f, n = c["independent_count"], c["story_count"], c["article_count"]
    dates = " – ".join(dict.fromkeys(d for d in (c["first_date"], c["last_date"]) if d))
    head = Text.assemble((c["id"][:12], "bold"), f"  {n} article{'s' if n != 1 else ''} · {f} report famil"
                         f"{'ies' if f != 1 else 'y'} · ", (f"{k} independent source{'s' if k != 1 else ''}", "bold"),
                         _underlying(c), f"  {dates}\n", (short(c["title"] or "", 100), "bright_black"))
    tree = Tree(head)
    for fam in families:
        origin = (fam["origin_name"] or "?") + (f" (via {fam['origin_via']})" if fam["origin_via"] else "")
        if fam.get("rests_on"):
            origin += f" [statement of {fam['rests_on']}]"
        node = tree.add(Text.assemble(("story ", "dim"), fam["id"][:12], f"  origin {origin} · {fam['article_count']} "
                                      f"article{'s' if fam['article_count'] != 1 else ''}  ",
                                      (short(fam["title"] or "", 60), "bright_black")))
        for m in fam.get("members", []) if members else []:
            where = m["outlet"] or (urlsplit(m["url"]).netloc.removeprefix("www.") if m.get("url") else "?")
            node.add(Text.assemble(where, (f" {m['article_id']} {m['published'] or ''}", "dim")))
    return tree


COMMANDS = [stories, story, happenings]
