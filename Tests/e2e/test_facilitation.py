"""Contract §6 in real headless Chromium, six windows (a co-chair and a member per side, the
facilitator, an observer): ground rules at the door, a member added mid-session who may not
post until they accept them, two delegations caucusing in parallel, a translation verified
by the other side, phases moved on by both co-chairs; accessibility and the four languages.
The tests run in file order and build on each other.
"""

import copy
import json
import re
import time

import pytest
import websocket
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import CAST, SPEC, create_session, open_windows, serious_findings, wait_for

RULES = ("This meeting is held under the Chatham House Rule: use what you hear, never who said it.\n\n"
         "Speak for your side, never for the other.")
ARMENIAN = "Հայաստանը պատրաստ է ստորագրել խաղաղության պայմանագիրը։"
RUSSIAN = "Армения готова подписать мирный договор."
KEYS = ("am_chair", "az_chair", "am_member", "az_member", "facilitator", "observer")
NEWCOMER = "Nare Hakobyan"
NEW_POSITION = "Armenia asks that the border commissions meet every month."


@pytest.fixture(scope="module")
def dialogue(server):
    spec = copy.deepcopy(SPEC)
    spec["title"] = "Thematic Group on Facilitation"
    spec["groundRules"] = {"version": 1, "text": RULES}
    spec["agenda"][0].update({"phase": "positions", "minutes": 30})
    return create_session(server, spec, CAST)


@pytest.fixture(scope="module")
def rooms(server, dialogue, artifacts):
    with open_windows(server, dialogue, artifacts, keys=KEYS, label="facilitation-") as opened:
        yield opened


def shown(driver, selector):
    return any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, selector))


def attribute(driver, selector, name):
    """An attribute read in one step in the page: a re-render between finding an element and
    reading it cannot leave a stale reference."""
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
        selector, name)


def page_text(driver):
    return driver.execute_script("return document.body.textContent")


def accept(driver):
    wait_for(driver, lambda d: shown(d, "#accept-rules"))
    driver.find_element(By.ID, "accept-rules").click()
    wait_for(driver, lambda d: not shown(d, "dialog#ground-rules") and not shown(d, "#rules-gate"))


def press(driver, selector):
    """Clicks an element brought to the middle of the view, clear of the sticky headers."""
    element = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def socket_to(server, session, token):
    """A bare WebSocket client (no Origin: not a browser) speaking the live protocol."""
    return websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/sessions/{session['id']}/live",
        header=[f"Authorization: Bearer {token}"], timeout=5)


def answer_to(server, session, token, command, timeout=10):
    """The `ack` or `error` the server gives `command`, sent over the live protocol."""
    ws = socket_to(server, session, token)
    try:
        ws.send(json.dumps(command))
        deadline = time.time() + timeout
        while time.time() < deadline:
            frame = json.loads(ws.recv())
            if frame.get("ref") == command["ref"] and frame["type"] in ("ack", "error"):
                return frame
        raise AssertionError(f"no answer to {command['type']} within {timeout}s")
    finally:
        ws.close()


def frames_seen_by(server, session, token):
    """Everything the server sends a participant from the start: welcome, replay, presence."""
    ws = socket_to(server, session, token)
    frames = []
    ws.settimeout(1.0)
    try:
        while True:
            frames.append(ws.recv())
    except websocket.WebSocketTimeoutException:
        pass
    finally:
        ws.close()
    return "\n".join(frames)


def add_member(server, session, name, side="am"):
    """A member added mid-session by the operator over HTTP: `{"id", "token", "joinUrl", ...}`."""
    status, person = server.api("POST", f"/api/sessions/{session['id']}/participants",
                                {"name": name, "role": "member", "side": side})
    assert status == 201, person
    assert person["joinUrl"].startswith(f"/s/{session['id']}#"), person
    return person


def newcomer(server, person, artifacts, label):
    """One live window on `person`'s join link (saved and closed on the way out)."""
    return open_windows(server, {"people": {"newcomer": person}}, artifacts, keys=("newcomer",), label=label)


def emulate(driver, width):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})


def test_everyone_is_shown_the_rules_at_the_door_and_reads_only_until_accepting(rooms, artifacts):
    for key, driver in rooms.items():
        wait_for(driver, lambda d: shown(d, "dialog#ground-rules"), message=f"{key} is shown the rules")
        assert driver.execute_script("return document.getElementById('ground-rules').matches(':modal')"), key
    member = rooms["am_member"]
    paragraphs = member.execute_script(
        "return [...document.querySelectorAll('#ground-rules-text p')].map(p => p.textContent)")
    assert paragraphs == RULES.split("\n\n"), "the rules as written, paragraph by paragraph, as text"
    member.save_screenshot(str(artifacts / "facilitation-rules-at-the-door.png"))
    member.find_element(By.ID, "rules-later").click()
    wait_for(member, lambda d: shown(d, "#rules-gate"))
    assert not shown(member, "#compose-send"), "no composer until the rules are accepted"
    assert not shown(member, "#chat-send-caucus, #chat-send-main"), "no chat either"
    assert not shown(member, ".act-reply, #advance-obstacles"), "no control at all"
    member.save_screenshot(str(artifacts / "facilitation-read-only-until-accepted.png"))
    member.find_element(By.ID, "show-rules").click()
    accept(member)
    wait_for(member, lambda d: shown(d, "#compose-send"))
    for key in ("am_chair", "az_chair", "az_member", "facilitator", "observer"):
        accept(rooms[key])
    # The moderation log says who accepted which version (a co-chair sees the observer's too).
    wait_for(rooms["am_chair"], lambda d: page_text(d).count("accepted the ground rules") >= len(KEYS))


def test_a_new_member_must_accept_the_rules_before_posting(rooms, server, dialogue, artifacts):
    person = add_member(server, dialogue, NEWCOMER)
    with newcomer(server, person, artifacts, "facilitation-door-") as opened:
        driver = opened["newcomer"]
        assert NEWCOMER in driver.find_element(By.ID, "you").text
        wait_for(driver, lambda d: shown(d, "dialog#ground-rules"), message="the newcomer is shown the rules")
        assert driver.execute_script("return document.getElementById('ground-rules').matches(':modal')")
        assert driver.execute_script(
            "return [...document.querySelectorAll('#ground-rules-text p')].map(p => p.textContent)") == RULES.split("\n\n")
        driver.save_screenshot(str(artifacts / "facilitation-newcomer-at-the-door.png"))

        # The live protocol refuses a post before the rules are accepted, and nothing is posted.
        early = answer_to(server, dialogue, person["token"], {
            "type": "post", "ref": "before-rules", "item": "obstacles", "kind": "position", "text": NEW_POSITION})
        assert early["type"] == "error" and early["code"] == "forbidden", early
        assert "ground rules" in early["message"], early

        # The page offers no way to post, and says why.
        driver.find_element(By.ID, "rules-later").click()
        wait_for(driver, lambda d: shown(d, "#rules-gate"))
        assert "not accepted" in driver.find_element(By.ID, "rules-gate").text
        assert not shown(driver, "#compose-send") and not shown(driver, "#chat-send-main")
        assert driver.execute_script("return document.getElementById('composer').hidden") is True
        assert "Accept the ground rules to take part" in driver.find_element(By.ID, "compose").text
        driver.save_screenshot(str(artifacts / "facilitation-newcomer-gate.png"))

        driver.find_element(By.ID, "show-rules").click()
        accept(driver)
        wait_for(driver, lambda d: shown(d, "#compose-send"), message="the composer once the rules are accepted")
        Select(driver.find_element(By.ID, "compose-item")).select_by_value("obstacles")
        Select(driver.find_element(By.ID, "compose-kind")).select_by_value("position")
        driver.find_element(By.ID, "compose-text").send_keys(NEW_POSITION)
        driver.find_element(By.ID, "compose-send").click()
        for key in ("az_chair", "observer"):
            seq = card_of(rooms[key], NEW_POSITION)
            author = rooms[key].execute_script(
                "return document.getElementById('c' + arguments[0]).textContent", seq)
            assert NEWCOMER in author, f"{key} sees who posted it"
        wait_for(rooms["am_chair"], lambda d: d.execute_script(
            "return [...document.querySelectorAll('#log li')].some(li => li.textContent.includes(arguments[0])"
            " && li.textContent.includes('accepted the ground rules (version 1)'))", NEWCOMER),
            message="the moderation log shows the newcomer's acceptance")
    # Posted once: the refused attempt left nothing behind.
    assert frames_seen_by(server, dialogue, dialogue["people"]["az_member"]["token"]).count(NEW_POSITION) == 1


def test_two_delegations_caucus_in_parallel_and_neither_sees_the_other(rooms, server, dialogue, artifacts):
    lines = {"am": "Our caucus: we hold the line on the corridor.", "az": "Bizim kokus: sərhəd məsələsində israr edirik."}
    for side in ("am", "az"):
        driver = rooms[f"{side}_member"]
        driver.find_element(By.ID, "chat-tab-caucus").click()
        audience = driver.find_element(By.ID, "chat-audience-caucus").text
        assert {"am": "only Armenia's", "az": "only Azerbaijan's"}[side] in audience, audience
        box = driver.find_element(By.ID, "chat-text-caucus")
        box.send_keys(lines[side])
    # Both sent at the same moment.
    for side in ("am", "az"):
        rooms[f"{side}_member"].find_element(By.ID, "chat-send-caucus").click()
    for side, other in (("am", "az"), ("az", "am")):
        chair = rooms[f"{side}_chair"]
        wait_for(chair, lambda d: lines[side] in page_text(d), message=f"{side}'s co-chair hears the caucus")
        unread = chair.find_element(By.CSS_SELECTOR, "#chat-tab-caucus .unread").text
        assert unread.strip() not in ("", "0"), "an unread count on the co-chair's caucus tab"
    for key in ("am_chair", "az_chair", "am_member", "az_member"):
        driver = rooms[key]
        side = key[:2]
        other = "az" if side == "am" else "am"
        assert lines[other] not in page_text(driver), f"{key} saw the other side's caucus"
        assert lines[side] not in driver.execute_script(
            "return [...document.querySelectorAll('#items .chat-line')].map(l => l.textContent).join(' ')"), \
            "a caucus line under the items"
    # The facilitator and the observer hear neither caucus: not in the page, not on the wire.
    for key in ("facilitator", "observer"):
        driver = rooms[key]
        text = page_text(driver)
        assert lines["am"] not in text and lines["az"] not in text, f"{key} saw a caucus"
        assert not shown(driver, "#chat-tab-caucus"), f"{key} has no caucus tab"
        wire = frames_seen_by(server, dialogue, dialogue["people"][key]["token"])
        assert '"welcome"' in wire, f"{key}'s socket said nothing"
        assert "we hold the line" not in wire and "kokus" not in wire, f"the server sent {key} a caucus line"
    assert "kokus" in frames_seen_by(server, dialogue, dialogue["people"]["az_member"]["token"]), \
        "the same look at the wire finds the caucus line where it belongs"
    rooms["am_chair"].find_element(By.ID, "chat-tab-caucus").click()
    rooms["am_chair"].save_screenshot(str(artifacts / "facilitation-caucus-armenia.png"))
    rooms["az_member"].save_screenshot(str(artifacts / "facilitation-caucus-azerbaijan.png"))


def card_of(driver, text):
    return wait_for(driver, lambda d: d.execute_script(
        """for (const el of document.querySelectorAll('#items [data-seq] > .body > .text'))
             if (el.textContent === arguments[0]) return Number(el.closest('[data-seq]').dataset.seq);
           return null;""", text), message=f"no card reading {text!r}")


def test_a_translation_by_azerbaijan_verified_by_armenia_is_shown_verified_to_everyone(rooms, artifacts):
    author = rooms["am_member"]
    author.find_element(By.ID, "compose-text").send_keys(ARMENIAN)
    author.find_element(By.ID, "compose-send").click()
    translator = rooms["az_member"]
    seq = card_of(translator, ARMENIAN)
    form = translator.find_element(By.CSS_SELECTOR, f"#c{seq} details.act-translate")
    press(translator, f"#c{seq} details.act-translate > summary")
    Select(translator.find_element(By.ID, f"translate-card-{seq}-lang")).select_by_value("ru")
    translator.find_element(By.ID, f"translate-card-{seq}-text").send_keys(RUSSIAN)
    form.find_element(By.CSS_SELECTOR, ".act-translate-send").click()
    translation = f"#c{seq} li.translation[data-language='ru']"
    for driver in rooms.values():
        wait_for(driver, lambda d: shown(d, translation))
        assert attribute(driver, f"{translation} .translation-status", "data-status") == "unverified"
    assert not shown(rooms["az_chair"], f"#c{seq} .act-verify"), "the translator's side does not verify"
    for key in ("facilitator", "observer"):
        assert not shown(rooms[key], f"#c{seq} .act-verify"), f"the {key} does not verify"
    verifier = rooms["am_member"]
    press(verifier, f"#c{seq} .act-verify[data-language='ru']")
    for key, driver in rooms.items():
        wait_for(driver, lambda d: attribute(d, f"{translation} .translation-status", "data-status") == "verified",
                 message=f"{key} sees it verified")
        assert driver.execute_script(
            "return document.querySelector(arguments[0]).textContent", f"{translation} .translation-text") == RUSSIAN
        assert attribute(driver, f"{translation} .translation-text", "lang") == "ru"
        assert driver.execute_script("return document.querySelector(arguments[0]).textContent",
                                     f"{translation} .translation-status") == "Verified by Armenia", key
        assert driver.find_element(By.CSS_SELECTOR, f"#c{seq} > .body > .text").text == ARMENIAN, "the original stays"
    rooms["az_chair"].execute_script("document.getElementById('c' + arguments[0]).scrollIntoView({block: 'center'})", seq)
    rooms["az_chair"].save_screenshot(str(artifacts / "facilitation-translation-verified.png"))


def test_both_cochairs_move_the_phase_on_and_everyone_sees_it(rooms):
    badge = "#item-obstacles .badge-phase"
    for driver in rooms.values():
        assert attribute(driver, badge, "data-phase") == "positions"
        assert attribute(driver, "#item-obstacles-time", "data-state") == "left"
    assert not shown(rooms["am_member"], "#advance-obstacles"), "members do not move phases"
    assert not shown(rooms["observer"], "#advance-obstacles"), "nor do observers"
    assert rooms["facilitator"].find_element(By.ID, "advance-obstacles").text == "Move to comments"
    assert rooms["am_chair"].find_element(By.ID, "advance-obstacles").text == "Ask to move to comments"
    rooms["am_chair"].find_element(By.ID, "advance-obstacles").click()
    wait_for(rooms["az_chair"], lambda d: "Armenia" in d.find_element(By.ID, "item-obstacles-phase-note").text)
    assert attribute(rooms["az_member"], badge, "data-phase") == "positions"
    rooms["az_chair"].find_element(By.ID, "advance-obstacles").click()
    for driver in rooms.values():
        wait_for(driver, lambda d: attribute(d, badge, "data-phase") == "comments")
    kinds = [o.get_attribute("value") for o in rooms["az_member"].find_elements(By.CSS_SELECTOR, "#compose-kind option")]
    assert "comment" in kinds and "proposal" not in kinds, kinds


def test_a_side_exports_its_own_caucus_and_the_translations_never_the_other_caucus(rooms, server):
    results = {}
    for key in ("am_member", "az_chair"):
        driver = rooms[key]
        driver.find_element(By.ID, "export-private").click()
        Select(driver.find_element(By.ID, "export-language")).select_by_value("ru")
        href = driver.find_element(By.CSS_SELECTOR, ".export-links a[data-view='transcript'][data-format='md']").get_attribute("href")
        assert "channels=private" in href and "language=ru" in href, href
        report = driver.find_element(By.CSS_SELECTOR, ".export-links a[data-view='report'][data-format='md']").get_attribute("href")
        assert "channels" not in report and "language" not in report, "the report never holds them"
        results[key] = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done(String(e)))", href)
    armenian, azerbaijani = results["am_member"], results["az_chair"]
    assert "we hold the line on the corridor" in armenian and "sərhəd məsələsində" not in armenian
    assert "sərhəd məsələsində" in azerbaijani and "we hold the line on the corridor" not in azerbaijani
    for transcript in results.values():
        assert "Translation into ru (verified by Armenia)" in transcript and RUSSIAN in transcript


@pytest.mark.parametrize("width", [1280, 360])
def test_the_new_views_have_no_serious_accessibility_findings(rooms, server, dialogue, artifacts, width):
    """axe-core on each new view as it is drawn: the ground-rules dialog open and the gate bar
    (a member added now, before accepting), the Chairs tab, an open Translate form, the phase
    button as the facilitator sees it."""
    chair, facilitator = rooms["am_chair"], rooms["facilitator"]
    findings = {}
    person = add_member(server, dialogue, f"Newcomer at {width}")
    with newcomer(server, person, artifacts, f"facilitation-axe-{width}-") as opened:
        door = opened["newcomer"]
        emulate(door, width)
        wait_for(door, lambda d: shown(d, "dialog#ground-rules"))
        findings["the ground-rules dialog"] = serious_findings(door)
        door.save_screenshot(str(artifacts / f"facilitation-{width}-rules-dialog.png"))
        door.find_element(By.ID, "rules-later").click()
        wait_for(door, lambda d: shown(d, "#rules-gate") and not shown(d, "dialog#ground-rules"))
        findings["the gate bar"] = serious_findings(door)
        door.save_screenshot(str(artifacts / f"facilitation-{width}-rules-gate.png"))
    try:
        for driver in (chair, facilitator):
            emulate(driver, width)
        press(chair, "#chat-tab-chairs")
        wait_for(chair, lambda d: shown(d, "#chat-panel-chairs") and shown(d, "#chat-send-chairs"))
        assert attribute(chair, "#chat-tab-chairs", "aria-selected") == "true"
        findings["the Chairs tab"] = serious_findings(chair)
        chair.save_screenshot(str(artifacts / f"facilitation-{width}-chairs.png"))
        seq = card_of(chair, ARMENIAN)
        form = chair.find_element(By.CSS_SELECTOR, f"#c{seq} details.act-translate")
        if form.get_attribute("open") is None:
            press(chair, f"#c{seq} details.act-translate > summary")
        wait_for(chair, lambda d: shown(d, f"#translate-card-{seq}-text"))
        chair.find_element(By.ID, f"translate-card-{seq}-text").location_once_scrolled_into_view
        findings["the open Translate form"] = serious_findings(chair)
        overflow = chair.execute_script("return document.documentElement.scrollWidth")
        assert overflow <= width, f"scrolls sideways at {width}px ({overflow}px)"
        chair.save_screenshot(str(artifacts / f"facilitation-{width}-translate.png"))
        press(chair, f"#c{seq} details.act-translate > summary")
        wait_for(facilitator, lambda d: shown(d, "#advance-obstacles"), message="the facilitator's phase button")
        assert facilitator.find_element(By.ID, "advance-obstacles").text == "Move to drafting"
        facilitator.find_element(By.ID, "advance-obstacles").location_once_scrolled_into_view
        findings["the phase button (facilitator)"] = serious_findings(facilitator)
        facilitator.save_screenshot(str(artifacts / f"facilitation-{width}-phase-facilitator.png"))
    finally:
        for driver in (chair, facilitator):
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert {view: found for view, found in findings.items() if found} == {}, f"at {width}px"


@pytest.mark.parametrize("language", ["hy", "az", "ru", "en"])
def test_the_new_views_speak_all_four_languages(rooms, artifacts, language):
    driver = rooms["az_member"]
    Select(driver.find_element(By.ID, "lang")).select_by_value(language)
    wait_for(driver, lambda d: d.execute_script("return document.documentElement.lang") == language)
    words = driver.execute_script(
        "return [...document.querySelectorAll('#chat-tabs [role=tab], #chat-audience-main, #item-obstacles .badge-phase,"
        " #item-obstacles-time, li.translation .translation-status')].map(e => e.textContent.trim())")
    assert words and all(words), words
    assert not any(re.fullmatch(r"[a-z]+\.[A-Za-z]+", w) for w in words), f"an untranslated key: {words}"
    driver.save_screenshot(str(artifacts / f"facilitation-{language}.png"))
    assert serious_findings(driver) == [], f"the room in {language}"
