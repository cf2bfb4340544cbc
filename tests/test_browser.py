"""The pages in a real browser: headless Chromium (Debian's) driven by Playwright (PyPI).

One server and one browser for the module, over a store built once from the bundled
articles. Every test records each request the page makes (and refuses any to another
host) and each console error; both must stay empty.
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from click.testing import CliRunner

from allegedly import cli

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")
pytest.importorskip("uvicorn", reason="the web extra (uvicorn) is not installed")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium); .ci/run installs it",
                allow_module_level=True)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
SEED_FILE = "000_4dec16913f75ed72"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from allegedly.web import create_app

    db = tmp_path_factory.mktemp("browser") / "browser.db"
    result = CliRunner().invoke(cli.main, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


class Watch:
    """What a page did: requests to other hosts (refused) and console errors."""

    def __init__(self, page, origin: str):
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        host = urlparse(origin).netloc

        def route(r):
            if urlparse(r.request.url).netloc == host or r.request.url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                self.elsewhere.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}") if host in r.url else None)

    def clean(self) -> None:
        assert self.elsewhere == [], f"requests to other hosts: {self.elsewhere}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.watch = Watch(pg, server)
    pg.base = server
    yield pg
    context.close()


def _seed_id(page) -> str:
    return page.request.get(f"{page.base}/api/articles/{SEED_FILE}").json()["id"]


def test_map_shows_the_palmyra_marker_offline(page):
    page.goto(f"{page.base}/map")
    page.wait_for_selector("#map[data-ready=true]")
    palmyra = page.locator(".leaflet-marker-icon[title^='Palmyra']")
    assert palmyra.count() >= 2  # the events there and the claims naming it
    assert palmyra.first.is_visible()
    page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length > 0")  # the outline
    palmyra.first.focus()  # markers take the keyboard
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Palmyra" in popup.inner_text()
    assert "Palmyra" in page.locator("#map-list").inner_text()
    page.goto(f"{page.base}/map?kind=events&status=alleged")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.locator(".leaflet-marker-icon.claim-pin").count() == 0
    assert page.locator(".leaflet-marker-icon.alleged").count() >= 1
    page.watch.clean()


def test_timeline_shows_the_seed_by_event_and_by_publication_date(page):
    page.goto(f"{page.base}/timeline?by=event")
    page.wait_for_selector("#timeline[data-ready=true]")
    assert page.locator("#timeline .vis-item").count() > 0
    assert "2016-05-02" in page.locator("#timeline-list").inner_text()
    page.goto(f"{page.base}/timeline?since=2016-05-01&until=2016-05-31")
    page.wait_for_selector("#timeline[data-ready=true]")
    listed = page.locator("#timeline-list").inner_text()
    assert "2016-05-03" in listed and "2009" not in listed
    assert page.locator("#timeline .vis-item").count() > 0
    page.watch.clean()


def test_network_shows_mina_to_sky_news_to_is_defectors(page):
    page.goto(f"{page.base}/network")
    page.wait_for_selector("#network-graph[data-ready=true]")
    path = page.evaluate("""() => {
        const cy = window.allegedlyGraphs['network-graph'];
        const found = cy.elements().aStar({root: cy.getElementById('MINA'), goal: cy.getElementById('IS defectors'),
                                           directed: true});
        return found.found ? found.path.nodes().map(n => n.id()) : [];
    }""")
    assert path[0] == "MINA" and path[1] == "Sky News" and path[-1] == "IS defectors"
    drawn = page.evaluate("window.allegedlyGraphs['network-graph'].nodes().length")
    assert drawn > 10
    assert page.locator("#network-graph canvas").count() > 0
    page.watch.clean()


def test_claim_page_and_source_page_open_by_keyboard(page):
    page.goto(f"{page.base}/articles/{_seed_id(page)}")

    def tab_to(selector: str, tries: int = 80) -> None:
        for _ in range(tries):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("a.claim")
    tip = page.locator("a.claim:focus .tip")
    assert tip.is_visible() and "MINA → Sky News" in tip.inner_text()  # the chain, without a mouse
    page.keyboard.press("Enter")
    page.wait_for_url("**/claims/**")
    assert page.locator("h1").inner_text().startswith("Claim 0")
    tab_to("ol.chain a[href='/sources/IS%20defectors']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sources/IS%20defectors")
    assert page.locator("h1").inner_text() == "IS defectors"
    page.wait_for_selector("#source-graph[data-ready=true]")
    page.watch.clean()


def test_pages_fit_375_px_without_sideways_scroll(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    watch = Watch(pg, server)
    seed = pg.request.get(f"{server}/api/articles/{SEED_FILE}").json()["id"]
    story = pg.request.get(f"{server}/api/stories/{SEED_FILE}").json()["story"]["id"]
    wide = {}
    for path in ("/", "/articles", f"/articles/{seed}", "/claims", f"/claims/{seed}/2", "/quotes", "/events", "/stories",
                 f"/stories/{story}", "/search?q=Palmyra", "/sources", f"/sources/{quote('IS defectors')}", "/map",
                 "/timeline", "/network", "/articles/nope"):
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide[path] = width
    assert wide == {}, f"pages wider than 375 px: {wide}"
    watch.errors = [e for e in watch.errors if "404" not in e]  # /articles/nope is a 404 on purpose
    watch.clean()
    context.close()


def test_docs_render_from_local_assets(page):
    page.goto(f"{page.base}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    page.watch.clean()
