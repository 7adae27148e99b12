"""Fixtures for the browser client's end-to-end tests.

A real `parley serve` on 127.0.0.1 and a free port, a session created over HTTP with the
operator's token, and real headless Chromium windows driven by Selenium. The server can be
stopped and started again on the same port and data directory, as in a restart.
"""

import importlib.util
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("PARLEY_E2E_ARTIFACTS", ROOT / "artifacts" / "e2e"))
ADMIN_TOKEN = "e2e-operator-token-0123456789abcdef"
HELD_TERM = "ceasefire"
CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PARLEY_CHROMEDRIVER", "/usr/bin/chromedriver")
# The client served: Public/, or a copy (PARLEY_E2E_PUBLIC), e.g. a deliberately broken one
# to see that a test fails when the room misbehaves.
PUBLIC = Path(os.environ.get("PARLEY_E2E_PUBLIC", ROOT / "Public"))

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not try to download anything

# The room's agenda stays at the top of the window while the discussion scrolls beneath it.
# A person scrolls what they want to press out from under it, or into view; so does a
# click here, when the element is not wholly in view below the bar (and only then, so that
# tests which measure scrolling see only what the page itself does). WebDriver's own
# scrolling would bring it to the top edge, under the bar.
_click = WebElement.click


def _click_uncovered(self):
    self.parent.execute_script(
        "const e = arguments[0], r = e.getBoundingClientRect(), bar = document.getElementById('agenda-nav');"
        "const below = bar && !bar.contains(e) && getComputedStyle(bar).position === 'sticky'"
        "  ? bar.getBoundingClientRect().bottom : 0;"
        "if (r.top < Math.max(0, below) || r.bottom > innerHeight) e.scrollIntoView({block: 'center'});", self)
    _click(self)


WebElement.click = _click_uncovered


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ParleyServer:
    """`parley serve` as a child process; `restart()` keeps the port and the data."""

    def __init__(self, binary, data_dir, port, log_path):
        self.binary = binary
        self.data_dir = data_dir
        self.port = port
        self.log_path = log_path
        self.process = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self, timeout=30):
        env = dict(os.environ, PARLEY_ADMIN_TOKEN=ADMIN_TOKEN)
        log = open(self.log_path, "a", encoding="utf-8")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--data", str(self.data_dir), "--public", str(PUBLIC)],
            stdout=subprocess.PIPE, stderr=log, env=env, text=True)
        ready = threading.Event()

        def pump():
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                if line.startswith("listening on"):
                    ready.set()

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.time() + timeout
        while not ready.is_set():
            if self.process.poll() is not None:
                raise RuntimeError(f"parley exited with {self.process.returncode}; see {self.log_path}")
            if time.time() > deadline:
                raise RuntimeError(f"parley did not listen within {timeout}s; see {self.log_path}")
            ready.wait(0.1)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self):
        self.stop()
        self.start()

    def api(self, method, path, body=None, token=ADMIN_TOKEN):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, (json.loads(raw) if raw else None)


def parley_binary():
    """The built server. Waits a little if it is being relinked."""
    binary = Path(os.environ.get("PARLEY_BIN", ROOT / ".build" / "debug" / "parley"))
    for _ in range(120):
        if binary.exists():
            return str(binary)
        time.sleep(1)
    pytest.exit(f"no server binary at {binary}: build it with `swift build --product parley`", returncode=2)


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def server(artifacts):
    data_dir = Path(tempfile.mkdtemp(prefix="parley-e2e-"))
    server = ParleyServer(parley_binary(), data_dir, free_port(), artifacts / "server.log")
    server.start()
    yield server
    server.stop()


SPEC = {
    "title": "Thematic Group on Peace and Security",
    "series": "Thematic Groups for a new Armenian–Azerbaijani Dialogue",
    "sides": [
        {"id": "am", "name": "Armenia", "adjective": "Armenian"},
        {"id": "az", "name": "Azerbaijan", "adjective": "Azerbaijani"},
    ],
    "agenda": [
        {"id": "obstacles", "title": "Obstacles to signing the treaty"},
        {"id": "regional", "title": "Regional and international dimension"},
    ],
    "rules": {"heldTerms": [HELD_TERM], "editWindowSeconds": 300},
}

CAST = {
    "facilitator": {"name": "Facilitator", "role": "facilitator"},
    "am_chair": {"name": "Leonid Nersisyan", "role": "cochair", "side": "am"},
    "az_chair": {"name": "Murad Muradov", "role": "cochair", "side": "az"},
    "am_member": {"name": "Armine Margaryan", "role": "member", "side": "am"},
    "az_member": {"name": "Eldar Hamzali", "role": "member", "side": "az"},
    "observer": {"name": "Observer from the press", "role": "observer"},
}


def create_session(server, spec=SPEC, cast=CAST):
    """A new session with the cast as its participants: `{"id", "people"}` (with their tokens)."""
    status, created = server.api("POST", "/api/sessions", spec)
    assert status == 201, created
    people = {}
    for key, body in cast.items():
        status, participant = server.api("POST", f"/api/sessions/{created['id']}/participants", body)
        assert status == 201, participant
        people[key] = participant
    return {"id": created["id"], "people": people}


@pytest.fixture(scope="session")
def session(server):
    return create_session(server)


def chrome(width=1280, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                     "--disable-extensions", f"--window-size={width},{height}", "--lang=en-US"):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(30)
    return driver


@contextmanager
def open_windows(server, session, artifacts, keys=("am_chair", "az_chair", "am_member"), label=""):
    """One live window per participant in `keys`; on the way out a last screenshot and the
    browser console of each are saved (`final-{label}{key}.png`, `console-{label}{key}.log`)."""
    opened = {}
    try:
        for key in keys:
            driver = chrome()
            driver.get(server.base + session["people"][key]["joinUrl"])
            opened[key] = driver
        for driver in opened.values():
            wait_for(driver, lambda d: d.execute_script("return document.body.dataset.connection") == "live")
        yield opened
    finally:
        for key, driver in opened.items():
            try:
                driver.save_screenshot(str(artifacts / f"final-{label}{key}.png"))
                with open(artifacts / f"console-{label}{key}.log", "w", encoding="utf-8") as log:
                    for entry in driver.get_log("browser"):
                        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
            finally:
                driver.quit()


@pytest.fixture(scope="session")
def windows(server, session, artifacts):
    """Three windows: the Armenian co-chair, the Azerbaijani co-chair, an Armenian member."""
    with open_windows(server, session, artifacts) as opened:
        yield opened


def wait_for(driver, condition, timeout=15, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition, message)


def run_axe(driver):
    """axe-core's violations on the page as it is (axe-playwright-python ships axe-core's
    script; only that file is used, not Playwright)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    source = (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")
    driver.execute_script(source)
    return driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done({error: String(e)}));""")


def serious_findings(driver):
    """axe-core's serious and critical findings on the page as it is, one line each."""
    violations = run_axe(driver)
    assert not isinstance(violations, dict), violations
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
            for v in violations if v["impact"] in ("serious", "critical")]
