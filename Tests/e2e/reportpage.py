"""What the Report tab's end-to-end tests share: a command over a bare socket, and reading
and driving the Report tab of a browser window."""

import json

import websocket
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import wait_for


def send(server, session_id, token, command):
    """One command over a bare socket (no Origin: not a browser); returns its ack or error."""
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/sessions/{session_id}/live?since=0",
        header=[f"Authorization: Bearer {token}"], timeout=10)
    try:
        ws.send(json.dumps({**command, "ref": "e2e"}))
        while True:
            frame = json.loads(ws.recv())
            if frame.get("ref") == "e2e":
                return frame
    finally:
        ws.close()


def live(driver):
    return driver.execute_script("return document.body.dataset.connection") == "live"


def sections(driver):
    """The sections as the Report tab shows them, in order."""
    return driver.execute_script(
        """return [...document.querySelectorAll('#report [data-section]')].map(s => ({
          id: s.dataset.section, version: Number(s.dataset.version),
          title: s.querySelector('h3').textContent,
          meta: s.querySelector('.section-head .meta').textContent,
          keys: s.querySelector('.signatures').textContent,
          text: s.querySelector('.section-text').innerText}))""")


def section(driver, sid):
    return next((s for s in sections(driver) if s["id"] == sid), None)


def version(driver, sid):
    return (section(driver, sid) or {}).get("version")


def summary(driver):
    return driver.find_element(By.CSS_SELECTOR, "#report .report-summary").text


def announced(driver, text):
    return text in driver.find_element(By.ID, "announcer").get_attribute("textContent")


def editor(driver, sid, mode):
    return driver.find_element(By.CSS_SELECTOR, f"#section-{sid} .editor[data-mode={mode}]")


def type_into(element, text):
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def click(driver, selector):
    element = wait_for(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, selector)), message=f"{selector} not clickable")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def accept_confirm(driver):
    WebDriverWait(driver, 5).until(EC.alert_is_present()).accept()


def full_page_screenshot(driver, path, width, mobile=False):
    """The whole page at `width` CSS px, however long it is."""
    driver.execute_script("window.scrollTo(0, 0)")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": max(height, 700), "deviceScaleFactor": 1, "mobile": mobile})
    try:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": max(height, 700), "deviceScaleFactor": 1, "mobile": mobile})
        driver.save_screenshot(str(path))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def serious(violations):
    """axe-core's serious and critical findings, in words."""
    assert not isinstance(violations, dict), violations
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in violations if v["impact"] in ("serious", "critical")]
