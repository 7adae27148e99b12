"""The room in three real browser windows: the Armenian co-chair, the Azerbaijani co-chair and
an Armenian member, on one live server.

The tests run in file order and build on each other, as a meeting does: a post, a reply, a
proposal adopted by both co-chairs, an endorsement racing an amendment, an endorsement
withdrawn, a held post approved from the console, a server restart in the middle, then
languages, the Chatham House exports, accessibility and the phone layout.
"""

import json
import contextlib
from contextlib import contextmanager
import threading
import time

import pytest
import websocket
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import ADMIN_TOKEN, HELD_TERM, open_windows, run_axe, wait_for
from reportpage import announced

ARMENIAN = "Հայաստանը պատրաստ է ստորագրել խաղաղության պայմանագիրը։"
AZERBAIJANI = "Azərbaycan tərəfi sülh müqaviləsinin tezliklə imzalanmasını dəstəkləyir."
PROPOSAL = "Both sides open the existing communications for civilian traffic."
HELD_TEXT = f"The {HELD_TERM} line needs monitors from both sides."
OFFLINE_TEXT = "Written while the server restarted — Հայաստան և Azərbaycan."
RACED = "Both sides exchange the lists of missing persons."
RACED_AMENDED = "Both sides exchange the lists of missing persons every month."
WITHDRAWN = "Both sides restore the railway link in stages."
WITHDRAWN_AMENDED = "Both sides restore the railway link in two stages."

# Presses a button as the page shows it now, while the page is too busy to read the frames
# arriving meanwhile: it waits (synchronously, so no frame is folded) until the server's head
# has moved past `head`, then clicks. The press names what the user saw, not what the server has.
# WebDriver answers only once the page is free again, so this is run from a thread.
PRESS_WHILE_BUSY = """
const [selector, sessionId, head] = arguments;
const button = document.querySelector(selector);
const deadline = Date.now() + 15000;
while (Date.now() < deadline) {
  const request = new XMLHttpRequest();
  request.open('GET', `/api/sessions/${sessionId}`, false);
  request.send();
  if (JSON.parse(request.responseText).head > head) break;
}
button.click();
"""


def live(driver):
    return driver.execute_script("return document.body.dataset.connection") == "live"


def card_ids(driver):
    """Every contribution shown in the room, by id, in page order (cards and chat lines)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#items [data-seq]')].map(e => Number(e.dataset.seq))")


def card_with_text(driver, text):
    """The id of the card whose own text is `text` (exactly, as written), or None."""
    return driver.execute_script(
        """const want = arguments[0];
        for (const el of document.querySelectorAll('#items [data-seq] > .body > .text, #items .chat-line > .text'))
          if (el.textContent === want) return Number(el.closest('[data-seq]').dataset.seq);
        return null;""", text)


def compose(driver, text, kind="position", reply_to=None):
    Select(driver.find_element(By.ID, "compose-kind")).select_by_value(kind)
    if reply_to is not None:
        Select(driver.find_element(By.ID, "compose-reply")).select_by_value(str(reply_to))
    box = driver.find_element(By.ID, "compose-text")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.ID, "compose-send").click()


def wait_card(driver, text, timeout=15):
    return wait_for(driver, lambda d: card_with_text(d, text), timeout, f"no card reading {text!r}")


def endorsement_text(driver, seq):
    return driver.execute_script(
        "const e = document.querySelector(`#c${arguments[0]} > .endorsements`); return e ? e.textContent : null", seq)


def is_adopted(driver, seq):
    return driver.execute_script(
        "const e = document.getElementById(`c${arguments[0]}`); return !!e && e.classList.contains('is-adopted')", seq)


def amend(driver, seq, text):
    driver.find_element(By.CSS_SELECTOR, f"#c{seq} .act-amend").click()
    box = driver.find_element(By.ID, "compose-text")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text)
    driver.find_element(By.ID, "compose-send").click()


def fetch_status(driver, url):
    """The HTTP status of `url` fetched by the page, with its session cookie."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)))", url)


def snapshot(driver, artifacts, name):
    driver.save_screenshot(str(artifacts / f"{name}.png"))


def watch_socket(server, session_id, token, since=0):
    """A bare WebSocket client (no Origin: not a browser) that reads a participant's events."""
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/sessions/{session_id}/live?since={since}",
        header=[f"Authorization: Bearer {token}"], timeout=5)
    frames = []
    ws.settimeout(1.0)
    try:
        while True:
            frames.append(json.loads(ws.recv()))
    except websocket.WebSocketTimeoutException:
        pass
    finally:
        ws.close()
    return frames


def test_join_exchanges_the_token_and_removes_it_from_the_address_bar(windows, session):
    for key, driver in windows.items():
        assert "#" not in driver.current_url, key
        assert driver.current_url.endswith(f"/s/{session['id']}")
        assert live(driver)
        # The cookie is HttpOnly: the page's scripts cannot read the token back.
        assert "parley" not in driver.execute_script("return document.cookie")
        you = driver.find_element(By.ID, "you").text
        assert session["people"][key]["name"] in you


def test_a_post_appears_in_the_other_windows(windows, artifacts):
    am_chair, az_chair, member = windows["am_chair"], windows["az_chair"], windows["am_member"]
    compose(member, ARMENIAN, "position")
    seq = wait_card(member, ARMENIAN)
    for driver in (am_chair, az_chair):
        assert wait_card(driver, ARMENIAN) == seq
        # Announced to screen readers in the other windows, through the aria-live region.
        wait_for(driver, lambda d: ARMENIAN in d.find_element(By.ID, "announcer").get_attribute("textContent"))
    # The Armenian position sits in Armenia's column, and the status says the draft went out.
    column = member.execute_script(
        "return document.getElementById(`c${arguments[0]}`).closest('.side').querySelector('.side-name').textContent", seq)
    assert column == "Armenia"
    wait_for(member, lambda d: d.find_element(By.ID, "compose-status").text in ("Sent.", ""))

    # The Azerbaijani co-chair answers that position with a comment, from its Reply button.
    az_chair.find_element(By.CSS_SELECTOR, f"#c{seq} > .actions .act-reply").click()
    assert Select(az_chair.find_element(By.ID, "compose-kind")).first_selected_option.get_attribute("value") == "comment"
    box = az_chair.find_element(By.ID, "compose-text")
    box.send_keys(AZERBAIJANI)
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    reply = wait_card(az_chair, AZERBAIJANI)
    for driver in windows.values():
        wait_card(driver, AZERBAIJANI)
        nested = driver.execute_script(
            "return !!document.querySelector(`#c${arguments[0]} > .replies > #c${arguments[1]}`)", seq, reply)
        assert nested, "the comment is shown under the position it answers"
    snapshot(member, artifacts, "post-and-reply-member")


def test_the_author_amends_within_the_edit_window(windows):
    member = windows["am_member"]
    compose(member, "First wording of a position.", "position")
    seq = wait_card(member, "First wording of a position.")
    member.find_element(By.CSS_SELECTOR, f"#c{seq} .act-amend").click()
    assert member.find_element(By.ID, "compose-text").get_attribute("value") == "First wording of a position."
    assert f"#{seq}" in member.find_element(By.CSS_SELECTOR, "#composer .amend-line").text
    box = member.find_element(By.ID, "compose-text")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("Second wording of a position.")
    member.find_element(By.ID, "compose-send").click()
    for driver in windows.values():
        assert wait_card(driver, "Second wording of a position.") == seq
        assert "amended" in driver.find_element(By.CSS_SELECTOR, f"#c{seq} .meta").text
        assert not card_with_text(driver, "First wording of a position.")


def test_a_refusal_is_shown_in_words_next_to_the_draft(windows):
    member = windows["am_member"]
    Select(member.find_element(By.ID, "compose-kind")).select_by_value("position")
    long_text = "ա" * 4001
    member.execute_script(
        "const box = document.getElementById('compose-text'); box.value = arguments[0];"
        "box.dispatchEvent(new Event('input', {bubbles: true}))", long_text)
    member.find_element(By.ID, "compose-send").click()
    wait_for(member, lambda d: "Not posted" in d.find_element(By.ID, "compose-status").text)
    assert "too long" in member.find_element(By.ID, "compose-status").text
    assert member.find_element(By.ID, "compose-text").get_attribute("value") == long_text, "the draft is kept"
    box = member.find_element(By.ID, "compose-text")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    wait_for(member, lambda d: d.find_element(By.ID, "compose-status").text == "")


def test_items_open_and_close_for_everyone(windows):
    am_chair, az_chair, member = windows["am_chair"], windows["az_chair"], windows["am_member"]
    badge = lambda d: d.find_element(By.CSS_SELECTOR, "#item-regional .badge").text
    am_chair.find_element(By.CSS_SELECTOR, "#item-regional .item-head .act-item-state").click()
    for driver in windows.values():
        wait_for(driver, lambda d: badge(d) == "Closed")
        assert "Leonid Nersisyan (Armenia) closed “Regional and international dimension”" in \
            driver.find_element(By.CSS_SELECTOR, "#log .log-list").text
    option = member.find_element(By.CSS_SELECTOR, "#compose-item option[value=regional]")
    assert option.get_attribute("disabled") is not None
    az_chair.find_element(By.CSS_SELECTOR, "#item-regional .item-head .act-item-state").click()
    for driver in windows.values():
        wait_for(driver, lambda d: badge(d) == "Open")


def test_chat_is_a_stream_per_item(windows):
    member = windows["am_member"]
    compose(member, "Կարճ ընդմիջում? Qısa fasilə?", "chat")
    for driver in windows.values():
        seq = wait_card(driver, "Կարճ ընդմիջում? Qısa fasilə?")
        assert driver.execute_script(f"return !!document.querySelector('#item-obstacles .chat-list #c{seq}')")
        assert "Chat (1)" in driver.find_element(By.CSS_SELECTOR, "#item-obstacles details.chat > summary").get_attribute("textContent")


def test_a_proposal_endorsed_by_both_cochairs_is_adopted_in_all_windows(windows, artifacts):
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    compose(am_chair, PROPOSAL, "proposal")
    seq = wait_card(am_chair, PROPOSAL)
    for driver in windows.values():
        wait_card(driver, PROPOSAL)
        # The author's post counts as Armenia's endorsement.
        wait_for(driver, lambda d: (endorsement_text(d, seq) or "").startswith("Armenia ✓ · Azerbaijan —"))
        assert not is_adopted(driver, seq)
    az_chair.find_element(By.CSS_SELECTOR, f"#c{seq} .act-endorse").click()
    for key, driver in windows.items():
        wait_for(driver, lambda d: is_adopted(d, seq), message=f"{key}: not adopted")
        assert endorsement_text(driver, seq).startswith("Armenia ✓ · Azerbaijan ✓")
        assert "Adopted" in driver.find_element(By.CSS_SELECTOR, f"#c{seq} .tag-adopted").text
        # The moderation log keeps the keys: who endorsed which version, and the adoption.
        log = driver.find_element(By.ID, "log").text
        assert f"Murad Muradov (Azerbaijan) endorsed #{seq} (version 1) for Azerbaijan" in log, f"{key}: {log}"
        assert f"#{seq} adopted: both sides endorsed version 1" in log, f"{key}: {log}"
    snapshot(az_chair, artifacts, "adopted-az-chair")


def test_an_endorsement_racing_an_amendment_is_refused_and_the_new_text_shown(windows, server, session, artifacts):
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    compose(am_chair, RACED, "proposal")
    seq = wait_card(am_chair, RACED)
    for driver in (am_chair, az_chair):
        wait_for(driver, lambda d: (endorsement_text(d, seq) or "").startswith("Armenia ✓ · Azerbaijan —"))
    head = server.api("GET", f"/api/sessions/{session['id']}")[1]["head"]
    # Azerbaijan's co-chair endorses version 1 as Armenia's co-chair amends it: the key reaches
    # the server after the amendment, still naming the text its holder read.
    press = threading.Thread(target=az_chair.execute_script, args=(PRESS_WHILE_BUSY, f"#c{seq} .act-endorse", session["id"], head))
    press.start()
    time.sleep(0.5)
    amend(am_chair, seq, RACED_AMENDED)
    wait_card(am_chair, RACED_AMENDED)
    press.join(20)
    assert not press.is_alive(), "the press never went out"
    notice = wait_for(az_chair, lambda d: d.find_element(By.ID, "notice").is_displayed() and d.find_element(By.ID, "notice").text,
                      message="no refusal shown")
    # In the reader's words, from what the room knows, never the server's English detail:
    # the versions once the amendment has reached this window (it usually has).
    assert f"Endorse #{seq}: refused" in notice
    assert ("you read version 1, it is now at version 2" in notice
            or "it changed before your action arrived" in notice), notice
    assert "read it again" not in notice, "the server's detail is not shown"
    assert wait_card(az_chair, RACED_AMENDED) == seq, "the card shows the new text"
    assert not card_with_text(az_chair, RACED)
    snapshot(az_chair, artifacts, "endorse-race-az-chair")
    for key, driver in windows.items():
        wait_for(driver, lambda d: card_with_text(d, RACED_AMENDED) == seq, message=f"{key}: no new text")
        assert (endorsement_text(driver, seq) or "").startswith("Armenia ✓ · Azerbaijan —"), key
        assert not is_adopted(driver, seq), key
    # The key is offered again, on the text now shown; nothing was adopted on the server either.
    assert az_chair.find_elements(By.CSS_SELECTOR, f"#c{seq} .act-endorse")
    frames = watch_socket(server, session["id"], session["people"]["az_member"]["token"])
    mine = [f["event"] for f in frames if f.get("type") == "event" and f["event"].get("contribution") == seq]
    assert not [e for e in mine if e["kind"] == "adopted" or (e["kind"] == "endorsed" and e["side"] == "az")]


def test_a_cochair_withdraws_an_endorsement_and_an_amendment_says_whose_it_cleared(windows):
    am_chair, az_chair, member = windows["am_chair"], windows["az_chair"], windows["am_member"]
    keys = lambda d: (endorsement_text(d, seq) or "").split(" not yet")[0].strip()
    compose(am_chair, WITHDRAWN, "proposal")
    seq = wait_card(am_chair, WITHDRAWN)
    wait_for(am_chair, lambda d: d.find_elements(By.CSS_SELECTOR, f"#c{seq} .act-unendorse"))
    assert not az_chair.find_elements(By.CSS_SELECTOR, f"#c{seq} .act-unendorse"), "Azerbaijan has not endorsed"
    assert not member.find_elements(By.CSS_SELECTOR, f"#c{seq} .act-unendorse")
    button = am_chair.find_element(By.CSS_SELECTOR, f"#c{seq} .act-unendorse")
    assert button.text == "Withdraw endorsement"
    button.click()
    for key, driver in windows.items():
        wait_for(driver, lambda d: keys(d) == "Armenia — · Azerbaijan —", message=f"{key}: still endorsed")
    for driver in (az_chair, member):
        wait_for(driver, lambda d: announced(d, f"Armenia withdrew its endorsement: Proposal #{seq}."))
    wait_for(am_chair, lambda d: d.find_elements(By.CSS_SELECTOR, f"#c{seq} .act-endorse"), message="no key to endorse again")
    # Azerbaijan endorses; Armenia's co-chair amends: Azerbaijan's key was for the replaced text.
    az_chair.find_element(By.CSS_SELECTOR, f"#c{seq} .act-endorse").click()
    for driver in windows.values():
        wait_for(driver, lambda d: keys(d) == "Armenia — · Azerbaijan ✓")
        assert not is_adopted(driver, seq)
    amend(am_chair, seq, WITHDRAWN_AMENDED)
    cleared = "Azerbaijan's endorsement was cleared by an amendment."
    for key, driver in windows.items():
        wait_for(driver, lambda d: card_with_text(d, WITHDRAWN_AMENDED) == seq, message=f"{key}: no amendment")
        wait_for(driver, lambda d: keys(d) == "Armenia ✓ · Azerbaijan —", message=f"{key}: keys")
        assert driver.find_element(By.CSS_SELECTOR, f"#c{seq} > .cleared").text == cleared
        wait_for(driver, lambda d: announced(d, f"Azerbaijan's endorsement was cleared by an amendment: Proposal #{seq}."))
    assert not announced(member, f"Armenia's endorsement was cleared"), "Armenia's own amendment endorses it again at once"
    az_chair.find_element(By.CSS_SELECTOR, f"#c{seq} .act-endorse").click()
    for driver in windows.values():
        wait_for(driver, lambda d: is_adopted(d, seq))
        assert not driver.find_element(By.CSS_SELECTOR, f"#c{seq} > .cleared").is_displayed()
        assert not driver.find_elements(By.CSS_SELECTOR, f"#c{seq} .act-unendorse"), "adopted text is joint"


def test_a_held_post_is_approved_from_the_console(windows, server, session, artifacts):
    am_chair, az_chair, member = windows["am_chair"], windows["az_chair"], windows["am_member"]
    compose(member, HELD_TEXT, "position")
    seq = wait_card(member, HELD_TEXT)
    assert member.execute_script(f"return document.getElementById('c{seq}').dataset.status") == "held"
    # Both co-chairs see it in their console; a member of the other side does not see it at all.
    for driver in (am_chair, az_chair):
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#console .held[data-seq='{seq}']"))
    other = watch_socket(server, session["id"], session["people"]["az_member"]["token"])
    assert not any(f.get("type") == "event" and f["seq"] == seq for f in other)
    snapshot(am_chair, artifacts, "held-in-console-am-chair")

    az_chair.find_element(By.CSS_SELECTOR, f"#console .held[data-seq='{seq}'] .act-approve").click()
    for driver in windows.values():
        wait_for(driver, lambda d: d.execute_script(
            f"const e = document.getElementById('c{seq}'); return e && e.dataset.status") == "visible")
    for driver in (am_chair, az_chair):
        wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f"#console .held[data-seq='{seq}']"))
    # The approval is on the public moderation log, with who did it.
    log = am_chair.find_element(By.CSS_SELECTOR, "#log .log-list").text
    assert f"Murad Muradov (Azerbaijan) approved #{seq}" in log
    other = watch_socket(server, session["id"], session["people"]["az_member"]["token"])
    assert any(f.get("type") == "event" and f["event"]["kind"] == "approved" and f["event"]["contribution"] == seq
               for f in other)


def test_the_pages_resume_after_a_server_restart_with_nothing_lost_or_doubled(windows, server, artifacts):
    member = windows["am_member"]
    before = {key: card_ids(driver) for key, driver in windows.items()}
    for key, ids in before.items():
        assert len(ids) == len(set(ids)), f"{key}: duplicates before the restart"
        assert ids, key

    server.stop()
    for driver in windows.values():
        wait_for(driver, lambda d: d.execute_script("return document.body.dataset.connection") in ("reconnecting", "offline"))
    assert "Reconnecting" in member.find_element(By.ID, "status").text
    # A post written while the server is down waits in local storage, and says so.
    compose(member, OFFLINE_TEXT, "comment")
    wait_for(member, lambda d: "Not connected" in d.find_element(By.ID, "compose-status").text)
    stored = member.execute_script(
        "return Object.keys(localStorage).filter(k => k.startsWith('parley:draft:')).map(k => localStorage.getItem(k))")
    assert any(OFFLINE_TEXT in s for s in stored)
    snapshot(member, artifacts, "restart-offline-member")

    server.start()
    for driver in windows.values():
        wait_for(driver, live, timeout=40, message="did not reconnect")
    new = wait_card(member, OFFLINE_TEXT, timeout=20)
    for key, driver in windows.items():
        wait_card(driver, OFFLINE_TEXT)
        time.sleep(0.5)  # let any late duplicate show itself
        after = card_ids(driver)
        assert len(after) == len(set(after)), f"{key}: a contribution is doubled"
        assert sorted(after) == sorted(before[key] + [new]), f"{key}: lost or extra contributions"
    wait_for(member, lambda d: not [k for k in d.execute_script("return Object.keys(localStorage)")
                                    if k.startswith("parley:draft:")], message="the acked draft is still stored")
    for key, driver in windows.items():
        snapshot(driver, artifacts, f"after-restart-{key}")


def test_armenian_and_azerbaijani_text_and_interfaces_render(windows, artifacts):
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    for driver in windows.values():
        # User text is shown exactly as written, and takes up room on the page.
        for text in (ARMENIAN, AZERBAIJANI):
            seq = card_with_text(driver, text)
            assert seq, text
            box = driver.execute_script(
                f"const r = document.querySelector('#c{seq} > .body > .text').getBoundingClientRect(); return [r.width, r.height]")
            assert box[0] > 50 and box[1] > 10
    Select(am_chair.find_element(By.ID, "lang")).select_by_value("hy")
    wait_for(am_chair, lambda d: d.find_element(By.ID, "raise-hand").text == "Բարձրացնել ձեռքը")
    assert am_chair.execute_script("return document.documentElement.lang") == "hy"
    Select(az_chair.find_element(By.ID, "lang")).select_by_value("az")
    wait_for(az_chair, lambda d: d.find_element(By.ID, "raise-hand").text == "Əl qaldır")
    # The choice is remembered, and a reload enters again with the cookie (no token in the URL).
    am_chair.refresh()
    wait_for(am_chair, live)
    wait_for(am_chair, lambda d: d.find_element(By.ID, "raise-hand").text == "Բարձրացնել ձեռքը")
    assert card_with_text(am_chair, ARMENIAN)
    # Times on a 24-hour clock, although Chromium has no Armenian locale data.
    times = am_chair.execute_script("return [...document.querySelectorAll('#items time')].map(t => t.textContent)")
    assert times and all(":" in t and "M" not in t for t in times), times
    # The replayed history is not read out again.
    assert am_chair.find_element(By.ID, "announcer").get_attribute("textContent") == ""
    snapshot(am_chair, artifacts, "armenian-interface-am-chair")
    snapshot(az_chair, artifacts, "azerbaijani-interface-az-chair")
    for driver in (am_chair, az_chair):
        Select(driver.find_element(By.ID, "lang")).select_by_value("en")
        wait_for(driver, lambda d: d.find_element(By.ID, "raise-hand").text == "Raise hand")


def test_the_floor_queue_is_the_same_for_everyone(windows):
    member, az_chair = windows["am_member"], windows["az_chair"]
    member.find_element(By.ID, "raise-hand").click()
    wait_for(member, lambda d: d.find_elements(By.ID, "lower-hand"))
    az_chair.find_element(By.ID, "raise-hand").click()
    order = lambda d: d.execute_script(
        "return [...document.querySelectorAll('#floor .queue li')].map(li => li.dataset.participant)")
    for driver in windows.values():
        wait_for(driver, lambda d: len(order(d)) == 2)
    queues = [order(d) for d in windows.values()]
    assert queues[0] == queues[1] == queues[2]
    windows["am_chair"].find_element(By.CSS_SELECTOR, "#floor .queue li button").click()
    for driver in windows.values():
        wait_for(driver, lambda d: len(order(d)) == 1)
        assert "Armine Margaryan" in driver.find_element(By.CSS_SELECTOR, "#floor .holder").text


def test_a_cochair_adds_a_member_to_their_side_and_sees_the_link_once(windows, server, session):
    chair = windows["az_chair"]
    chair.find_element(By.ID, "add-name").send_keys("Gulkhanim Mammadova")
    Select(chair.find_element(By.ID, "add-role")).select_by_value("member")
    sides = [(o.get_attribute("value"), o.is_enabled()) for o in Select(chair.find_element(By.ID, "add-side")).options]
    assert sides == [("az", True), ("", False)], "a co-chair adds to their own side only; no side is for observers"
    Select(chair.find_element(By.ID, "add-role")).select_by_value("observer")
    assert chair.find_element(By.CSS_SELECTOR, "#add-side option[value='']").is_enabled(), "an observer's side is optional"
    Select(chair.find_element(By.ID, "add-role")).select_by_value("member")
    chair.find_element(By.CSS_SELECTOR, "#add-participant button[type=submit]").click()
    link = wait_for(chair, lambda d: d.find_elements(By.ID, "join-link") and d.find_element(By.ID, "join-link").get_attribute("value"))
    assert f"/s/{session['id']}#" in link
    token = link.split("#", 1)[1]
    status, body = server.api("POST", f"/api/sessions/{session['id']}/join", {"token": token}, token=None)
    assert status == 200, body
    for driver in windows.values():
        wait_for(driver, lambda d: "Gulkhanim Mammadova" in d.find_element(By.ID, "presence").text)


def test_observers_are_counted_for_members_and_listed_for_cochairs(windows, server, session, artifacts):
    names = ["Press Observer One", "Press Observer Two"]
    sockets = []
    try:
        for name in names:
            status, observer = server.api("POST", f"/api/sessions/{session['id']}/participants",
                                          {"name": name, "role": "observer"})
            assert status == 201, observer
            sockets.append(websocket.create_connection(
                f"ws://127.0.0.1:{server.port}/api/sessions/{session['id']}/live",
                header=[f"Authorization: Bearer {observer['token']}"], timeout=5))
        member, chair = windows["am_member"], windows["az_chair"]
        wait_for(member, lambda d: "Observers connected: 2" in d.find_element(By.ID, "presence").text)
        presence = member.find_element(By.ID, "presence").text
        assert not any(name in presence for name in names), "a member does not see who observes"
        wait_for(chair, lambda d: all(name in d.find_element(By.ID, "presence").text for name in names))
        wait_for(chair, lambda d: "Observers connected: 2" in d.find_element(By.ID, "presence").text)
        snapshot(member, artifacts, "observers-counted-member")
        snapshot(chair, artifacts, "observers-listed-cochair")
        sockets.pop().close()
        wait_for(member, lambda d: "Observers connected: 1" in d.find_element(By.ID, "presence").text)
    finally:
        for ws in sockets:
            ws.close()


def test_every_moderation_action_is_visible_with_its_reason(windows):
    am_chair = windows["am_chair"]
    seq = card_with_text(am_chair, OFFLINE_TEXT)
    am_chair.find_element(By.CSS_SELECTOR, f"#c{seq} .act-redact > summary").click()
    am_chair.find_element(By.ID, f"reason-redact-{seq}").send_keys("off the record")
    am_chair.find_element(By.CSS_SELECTOR, f"#c{seq} .act-redact button[type=submit]").click()
    for driver in windows.values():
        wait_for(driver, lambda d: d.execute_script(f"return document.getElementById('c{seq}').dataset.status") == "redacted")
        tombstone = driver.find_element(By.CSS_SELECTOR, f"#c{seq} .tombstone").text
        assert "Leonid Nersisyan" in tombstone and "off the record" in tombstone
        assert OFFLINE_TEXT not in driver.find_element(By.ID, "items").text
        log = driver.find_element(By.CSS_SELECTOR, "#log .log-list").text
        assert f"redacted #{seq}" in log and "off the record" in log


def test_export_links_follow_the_attribution(windows, server, session, artifacts):
    """The Chatham House rule (contract §2): while the session's attribution is `sides`, only the
    facilitator (and the operator) export by name."""
    hrefs = lambda d: [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "#exports a")]
    choices = lambda d: [i.get_attribute("value") for i in d.find_elements(By.CSS_SELECTOR, "#exports input[name=attribution]")]
    member = windows["am_member"]
    links = hrefs(member)
    for view in ("report", "transcript"):
        for fmt in ("md", "html"):
            assert any(f"/api/sessions/{session['id']}/export?view={view}&format={fmt}&attribution=sides" in h for h in links)
    assert all("attribution=sides" in h for h in links)
    for driver in (member, windows["am_chair"]):
        assert choices(driver) == [], "no choice of names"
        assert "Only the facilitator may export with names." in driver.find_element(By.ID, "exports-sides-only").text
    assert fetch_status(member, links[0]) == 200
    assert fetch_status(member, links[0].replace("attribution=sides", "attribution=names")) == 403
    with open_windows(server, session, artifacts, keys=("facilitator",), label="chatham-") as opened:
        facilitator = opened["facilitator"]
        assert choices(facilitator) == ["sides", "names"]
        assert not facilitator.find_elements(By.ID, "exports-sides-only")
        assert all("attribution=sides" in h for h in hrefs(facilitator)), "sides by default, as the session's rule"
        facilitator.find_element(By.CSS_SELECTOR, "#exports input[value=names]").click()
        named = hrefs(facilitator)
        assert named and all("attribution=names" in h for h in named)
        assert fetch_status(facilitator, named[0]) == 200
        snapshot(facilitator, artifacts, "exports-facilitator")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("key", ["am_chair", "am_member"])
def test_no_serious_or_critical_accessibility_findings(windows, artifacts, key, width):
    driver = windows[key]
    with (phone(driver) if width == 360 else contextlib.nullcontext(driver)):
        # Open the disclosures, and a composer written in place, so that their contents are checked too.
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        driver.find_element(By.ID, "write-obstacles").click()
        violations = run_axe(driver)
        assert not isinstance(violations, dict), violations
        (artifacts / f"axe-{key}-{width}.json").write_text(
            json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8")
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
                   for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == []
        driver.find_element(By.ID, "compose-cancel").click()
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false)")


@contextmanager
def phone(driver):
    """The window as a 360 × 740 phone, reloaded; back to the desktop on the way out."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    try:
        driver.refresh()
        wait_for(driver, live)
        yield driver
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_usable_on_a_360px_phone(windows, artifacts):
    with phone(windows["am_member"]) as driver:
        wait_card(driver, ARMENIAN)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"the page scrolls sideways ({width}px)"
        # The two sides stack, each the full width, with the same weight.
        boxes = driver.execute_script(
            "return [...document.querySelectorAll('#items .item:first-child .side')].map(s => s.getBoundingClientRect().width)")
        assert len(boxes) == 2 and abs(boxes[0] - boxes[1]) < 1
        snapshot(driver, artifacts, "phone-360-member")
        violations = run_axe(driver)
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []


def test_a_cochair_answers_a_position_from_a_phone_without_the_page_jumping(windows, artifacts):
    with phone(windows["az_chair"]) as driver:
        seq = wait_card(driver, ARMENIAN)
        # The reader has the position in view, as one does before answering it.
        driver.execute_script("document.getElementById('c' + arguments[0]).scrollIntoView({block: 'center'})", seq)
        where = "return [window.scrollY, document.getElementById('c' + arguments[0]).getBoundingClientRect().top]"
        before = driver.execute_script(where, seq)
        driver.find_element(By.CSS_SELECTOR, f"#c{seq} > .actions .act-reply").click()
        wait_for(driver, lambda d: d.execute_script(
            "return document.querySelector('#c' + arguments[0] + ' > #compose') !== null", seq))
        after = driver.execute_script(where, seq)
        moved = abs(after[0] - before[0])
        assert moved < 740, f"answering moved the page by {moved} px (it used to be thousands)"
        assert driver.switch_to.active_element.get_attribute("id") == "compose-text"
        box = driver.execute_script(
            "const r = document.getElementById('compose-text').getBoundingClientRect(); return [r.top, r.bottom, innerHeight]")
        assert 0 <= box[0] and box[1] <= box[2] + 1, f"the text field is in view: {box}"
        answered = driver.find_element(By.CSS_SELECTOR, "#compose .answered")
        assert answered.find_element(By.CSS_SELECTOR, ".text").get_attribute("textContent") == ARMENIAN, "whole"
        assert answered.get_attribute("open") is None, "folded in place: the card is right above"
        assert not driver.find_element(By.ID, "compose-item").is_displayed(), "the item is the card's"
        snapshot(driver, artifacts, "phone-360-reply-in-place")
        driver.find_element(By.ID, "compose-text").send_keys("An answer written on a phone.")
        sent_from = driver.execute_script("return window.scrollY")
        driver.find_element(By.ID, "compose-send").click()
        wait_for(driver, lambda d: d.execute_script(
            "return [...document.querySelectorAll('#c' + arguments[0] + ' > .replies .card')]"
            ".some(c => c.textContent.includes('An answer written on a phone.'))", seq))
        wait_for(driver, lambda d: d.execute_script(
            "return document.querySelector('#panel-discussion > #compose') !== null"), message="the composer went home")
        # Sending does not follow the composer home, thousands of pixels below: the reader
        # stays at the position answered, which has the focus.
        moved = abs(driver.execute_script("return window.scrollY") - sent_from)
        assert moved < 740, f"sending moved the page by {moved} px"
        assert driver.switch_to.active_element.get_attribute("id") == f"c{seq}"


def test_the_agenda_is_at_hand_and_the_discussion_filters_by_kind_and_side(windows, artifacts):
    driver = windows["am_chair"]
    links = driver.execute_script(
        "return [...document.querySelectorAll('#agenda-nav .agenda-links a')].map(a => [a.getAttribute('href'), a.querySelector('.title').textContent])")
    assert links == [["#item-obstacles", "Obstacles to signing the treaty"],
                     ["#item-regional", "Regional and international dimension"]]
    # What the filter shows, leaving out what is there only as context (what a shown reply answers).
    visible = ("return [...document.querySelectorAll('#items [data-seq]:not([data-context])')].filter(e => e.getClientRects().length)"
               ".map(e => e.dataset.kind + ':' + (e.querySelector(':scope > .meta .author, :scope > .author')?.textContent ?? ''))")
    Select(driver.find_element(By.ID, "filter-side")).select_by_value("az")
    shown = driver.execute_script(visible)
    assert shown and all("Azerbaijan" in entry for entry in shown), shown
    assert driver.execute_script("return document.querySelectorAll('#items [data-context]').length") > 0, \
        "an Azerbaijani comment keeps the Armenian position it answers, as context"
    Select(driver.find_element(By.ID, "filter-kind")).select_by_value("comment")
    shown = driver.execute_script(visible)
    assert shown and all(entry.startswith("comment:") and "Azerbaijan" in entry for entry in shown), shown
    snapshot(driver, artifacts, "filtered-az-comments")
    # The choice is kept for the next visit, and "Everything" brings everything back.
    driver.refresh()
    wait_for(driver, live)
    assert Select(driver.find_element(By.ID, "filter-kind")).first_selected_option.get_attribute("value") == "comment"
    Select(driver.find_element(By.ID, "filter-kind")).select_by_value("all")
    Select(driver.find_element(By.ID, "filter-side")).select_by_value("all")
    assert any("Armenia" in entry for entry in driver.execute_script(visible))


def test_the_agenda_stays_at_hand_while_the_discussion_scrolls(windows, artifacts):
    driver = windows["am_chair"]
    for width, name in ((1280, "desktop"), (360, "phone")):
        with (phone(driver) if width == 360 else contextlib.nullcontext(driver)):
            # The end of the discussion (on a phone the room's panels follow it, without the bar).
            driver.execute_script("document.querySelector('#items > section.item:last-child').scrollIntoView({block: 'end'})")
            assert driver.execute_script("return window.scrollY") > 500, "the page is long enough to lose the agenda"
            box = driver.execute_script(
                "const r = document.getElementById('agenda-nav').getBoundingClientRect(); return [r.top, r.bottom, innerHeight]")
            assert -1 <= box[0] <= 1 and box[1] < box[2] / 3, f"{name}: the agenda is at the top of the view ({box})"
            # A link in it brings the item's heading below it, not under it.
            driver.find_element(By.CSS_SELECTOR, "#agenda-nav a[href='#item-regional']").click()
            wait_for(driver, lambda d: d.execute_script(
                "const h = document.querySelector('#item-regional .item-head').getBoundingClientRect();"
                "const n = document.getElementById('agenda-nav').getBoundingClientRect();"
                "return h.top >= n.bottom - 1 && h.top < innerHeight / 2"), message=f"{name}: the item is below the bar")
            snapshot(driver, artifacts, f"agenda-at-hand-{name}")
            driver.execute_script("window.scrollTo(0, 0)")


def test_a_member_writes_a_new_position_in_place_under_an_item(windows, artifacts):
    driver, other = windows["am_member"], windows["az_chair"]
    driver.execute_script("document.getElementById('item-regional').scrollIntoView({block: 'start'})")
    before = driver.execute_script("return window.scrollY")
    driver.find_element(By.ID, "write-regional").click()
    wait_for(driver, lambda d: d.execute_script(
        "return document.querySelector('#item-regional > .item-compose > #compose') !== null"), message="not in place")
    assert driver.switch_to.active_element.get_attribute("id") == "compose-text"
    assert not driver.find_element(By.ID, "compose-item").is_displayed(), "the item is the one written in"
    assert driver.find_element(By.ID, "compose-kind").is_displayed(), "the kind is chosen"
    moved = abs(driver.execute_script("return window.scrollY") - before)
    assert moved < 400, f"opening the composer in place moved the page by {moved} px"
    snapshot(driver, artifacts, "write-in-place")
    text = "A position written in place, under the regional item."
    driver.find_element(By.ID, "compose-text").send_keys(text)
    driver.find_element(By.ID, "compose-send").click()
    seq = wait_card(other, text)
    assert other.execute_script("return document.getElementById('c' + arguments[0]).closest('section.item').id", seq) == "item-regional"
    wait_for(driver, lambda d: d.execute_script(
        "return document.querySelector('#panel-discussion > #compose') !== null"), message="the composer went home")
    # Closing it keeps what was written, at home.
    driver.find_element(By.ID, "write-regional").click()
    driver.find_element(By.ID, "compose-text").send_keys("Kept when closed.")
    driver.find_element(By.ID, "compose-cancel").click()
    wait_for(driver, lambda d: d.execute_script("return document.querySelector('#panel-discussion > #compose') !== null"))
    assert driver.find_element(By.ID, "compose-text").get_attribute("value") == "Kept when closed."
    driver.find_element(By.ID, "compose-text").clear()


@pytest.mark.parametrize("width", [1280, 360])
def test_live_posts_above_what_a_reader_reads_do_not_move_it(windows, artifacts, width):
    # The poster's side has the longer column, so each post makes the first item taller.
    reader, poster = windows["am_member"], windows["am_chair"]
    with (phone(reader) if width == 360 else contextlib.nullcontext(reader)):
        _live_posts_above(reader, poster, artifacts, width)


def _live_posts_above(reader, poster, artifacts, width):
    reader.execute_script("document.getElementById('item-regional').scrollIntoView({block: 'start'})")
    where = "return document.querySelector('#item-regional .item-head h2').getBoundingClientRect().top"
    before = reader.execute_script(where)
    scrolled = reader.execute_script("return window.scrollY")
    assert scrolled > 200, "the reader is below the first item"
    for n in range(3):
        Select(poster.find_element(By.ID, "compose-item")).select_by_value("obstacles")
        compose(poster, f"A late position on the first item, number {n + 1} ({width} px).")
        wait_card(reader, f"A late position on the first item, number {n + 1} ({width} px).")
    moved = abs(reader.execute_script(where) - before)
    grown = reader.execute_script("return window.scrollY") - scrolled
    assert grown > 0, "the page grew above the reader and the scroll position followed it"
    assert moved <= 2, f"three posts above the reader moved what they read by {moved} px"
    snapshot(reader, artifacts, f"reader-kept-in-place-{width}")


def test_a_link_to_a_contribution_opens_the_room_at_it(windows, server, session):
    driver = windows["am_member"]
    seq = wait_card(driver, AZERBAIJANI)
    # A fresh load (a hash change alone would be the browser's own jump, to a page already drawn).
    driver.get("about:blank")
    driver.get(f"{server.base}/s/{session['id']}#c{seq}")
    wait_for(driver, live)
    wait_for(driver, lambda d: d.switch_to.active_element.get_attribute("id") == f"c{seq}", message="the linked card has the focus")
    top = driver.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top", f"c{seq}")
    assert 0 <= top < 200, f"the linked card is at the top of the view ({top})"
    assert driver.find_element(By.ID, f"c{seq}").get_attribute("data-linked") == ""


def test_a_link_to_a_card_the_filter_hides_shows_it(windows, server, session):
    driver = windows["am_member"]
    seq = wait_card(driver, ARMENIAN)
    # Azerbaijan's recommendations only: the Armenian position is neither shown nor context.
    Select(driver.find_element(By.ID, "filter-side")).select_by_value("az")
    Select(driver.find_element(By.ID, "filter-kind")).select_by_value("recommendation")
    wait_for(driver, lambda d: d.find_element(By.ID, f"c{seq}").get_attribute("hidden") is not None)
    driver.get("about:blank")
    driver.get(f"{server.base}/s/{session['id']}#c{seq}")
    wait_for(driver, live)
    wait_for(driver, lambda d: d.switch_to.active_element.get_attribute("id") == f"c{seq}", message="the hidden card has the focus")
    assert driver.find_element(By.ID, f"c{seq}").is_displayed(), "the filter was cleared to show it"
    for select in ("filter-side", "filter-kind"):
        assert Select(driver.find_element(By.ID, select)).first_selected_option.get_attribute("value") == "all"


def test_screenshots_of_each_window(windows, artifacts):
    for key, driver in windows.items():
        driver.execute_script("window.scrollTo(0, 0)")
        snapshot(driver, artifacts, f"window-{key}")
        assert (artifacts / f"window-{key}.png").stat().st_size > 10_000


# Every control that sends a command the server refuses once the session is closed.
REFUSED_CONTROLS = ", ".join([
    ".act-reply", ".act-amend", ".act-endorse", ".act-unendorse", ".act-approve", ".act-reject", "details.moderate",
    "#raise-hand", "#lower-hand", "#yield-floor", ".person-actions button", ".person-actions form", "#close-session",
    "#add-name", "#rules-form", "#composer", ".item-head button", "#report button.primary", ".act-write",
    ".act-advance", ".chat-form", "#add-section", "form.editor", ".translate-slot button", ".act-translate-send",
    ".act-verify",
])


def offered_controls(driver):
    """The refused controls a person could still see and use, by what they read."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].filter(e => e.getClientRects().length > 0)"
        ".map(e => (e.id ? '#' + e.id : e.className) + ': ' + e.textContent.trim().slice(0, 30))", REFUSED_CONTROLS)


def test_after_closing_no_refused_control_is_offered_in_any_window(windows, artifacts):
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    assert offered_controls(am_chair), "while open, the co-chair is offered controls (the check can fail)"
    for driver in (am_chair, az_chair):
        driver.execute_script("window.confirm = () => true")
        wait_for(driver, lambda d: d.find_elements(By.ID, "close-session"))
        driver.find_element(By.ID, "close-session").click()
    for key, driver in windows.items():
        wait_for(driver, lambda d: d.execute_script("return document.getElementById('banner').hidden") is False)
        wait_for(driver, lambda d: offered_controls(d) == [], message=f"{key}: {offered_controls(driver)}")
        badges = driver.execute_script("return [...document.querySelectorAll('.item-head .badge:not(.badge-phase)')].map(b => b.textContent)")
        assert badges and set(badges) == {"Closed"}, f"{key}: every item reads closed ({badges})"
        assert "closed the session" in driver.find_element(By.ID, "log").text
        snapshot(driver, artifacts, f"closed-{key}")
