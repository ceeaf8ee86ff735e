"""Browser tests (Playwright for Python driving Debian's Chromium at /usr/bin/chromium).

Marked ``e2e`` and skipped unless selected with ``-m e2e`` (``make test-e2e``), so ``make test``
stays fast and needs no browser. Screenshots go to test-artifacts/e2e/.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ZHENWEI_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end browser test (make test-e2e)")


def pytest_collection_modifyitems(config, items):
    selected = "e2e" in (config.getoption("-m") or "")
    for item in items:
        if "e2e" in item.keywords and not selected:
            item.add_marker(pytest.mark.skip(reason="browser test: run with make test-e2e"))


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{request.node.name}-final.png"), full_page=True)
    context.close()


@pytest.fixture
def shot(page, request):
    """shot("step") saves a screenshot named after the test and the step."""

    def _shot(step: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{request.node.name}-{step}.png"), full_page=True)

    return _shot
