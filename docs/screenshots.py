"""Screenshots of the pages for the README: python docs/screenshots.py [--db allegedly.db]

Builds a store from examples/articles (unless --db names one), serves it on a free local
port and photographs each page with headless Chromium (Debian's /usr/bin/chromium driven by
Playwright), into docs/screenshots/. Nothing is fetched from another host.
"""
from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
SHOTS = [  # file, path, element that says the page is drawn, viewport width
    ("map.png", "/map", "#map[data-ready=true]", 1100),
    ("timeline.png", "/timeline?by=event&since=2008", "#timeline[data-ready=true]", 1100),
    ("network.png", "/network", "#network-graph[data-ready=true]", 1100),
    ("source.png", "/sources/IS%20defectors", "#source-graph[data-ready=true]", 1100),
    ("claim.png", "/claims/000_4dec16913f75ed72/2", "h1", 1100),
    ("mobile-article.png", "/articles/000_4dec16913f75ed72", "h1", 375),
]


def main() -> None:
    import uvicorn
    from click.testing import CliRunner
    from playwright.sync_api import sync_playwright

    from allegedly import cli
    from allegedly.web import create_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    args = parser.parse_args()
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "shots.db"
    if not args.db:
        result = CliRunner().invoke(cli.main, ["ingest", str(ROOT / "examples" / "articles"), "--db", str(db)])
        assert result.exit_code == 0, result.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
        for name, path, ready, width in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 760 if width > 400 else 740})
            page.route("**/*", lambda r: r.continue_() if f"127.0.0.1:{port}" in r.request.url else r.abort())
            page.goto(f"http://127.0.0.1:{port}{path}")
            page.wait_for_selector(ready)
            page.wait_for_timeout(600)
            page.screenshot(path=str(OUT / name))
            print(OUT / name)
            page.close()
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
