"""The drafting rules that bind a key to what was read (docs/protocol.md, "Keys and the
people who turn them"), in three real browser windows on a seeded draft of their own: a move
clears the moved section's signatures; an edit makes a removal request lapse and outdates
older suggestions; twenty waiting suggestions are one participant's most; the editor warns
of what the server refuses before anything is sent; a removed co-chair's signatures go with
them. The tests run in file order and build on each other; the last removes a co-chair.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import create_session, open_windows, run_axe, wait_for
from reportpage import accept_confirm, announced, click, editor, full_page_screenshot, section, send, serious, type_into, version

OBSTACLES = "Obstacles to signing the treaty"
REGIONAL = "Regional and international dimension"


@pytest.fixture(scope="module")
def drafting(server, artifacts):
    """A seeded draft and its three windows on the Report tab."""
    session = create_session(server)
    token = lambda key: session["people"][key]["token"]
    command = lambda key, **fields: send(server, session["id"], token(key), fields)
    assert command("am_chair", type="post", item="obstacles", kind="position",
                   text="the treaty must be signed before any referendum.")["type"] == "ack"
    assert command("am_chair", type="seedReport")["type"] == "ack"
    with open_windows(server, session, artifacts, label="rules-") as windows:
        for driver in windows.values():
            driver.find_element(By.ID, "tab-report").click()
            wait_for(driver, lambda d: section(d, "s3") is not None)
        yield {"session": session, "windows": windows, "command": command}


def set_value(driver, element, text):
    """Types `text` at once, invisible characters included, as a paste would."""
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", element, text)


def waiting(driver, sid):
    return len(driver.find_elements(By.CSS_SELECTOR, f"#section-{sid} .suggestions > .suggestion-list > .suggestion"))


def test_a_move_clears_the_moved_sections_signatures(drafting):
    windows = drafting["windows"]
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    for driver in (am_chair, az_chair):
        click(driver, "#section-s2 .act-sign")
    for driver in windows.values():
        wait_for(driver, lambda d: section(d, "s2")["keys"] == "Armenia ✓ · Azerbaijan ✓")
    click(am_chair, "#section-s2 .act-up")
    for key, driver in windows.items():
        wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#report [data-section]").get_attribute("data-section") == "s2",
                 message=f"{key}: not moved")
        assert section(driver, "s2")["keys"] == "Armenia — · Azerbaijan —", "its place was part of what was signed"
        assert version(driver, "s2") == 1, "a move is no edit"
    wait_for(az_chair, lambda d: announced(d, f"Azerbaijan's signature on “{OBSTACLES}” was cleared by the move."))
    assert az_chair.find_element(By.CSS_SELECTOR, "#section-s2 .act-sign").is_enabled(), "to be signed again"
    click(am_chair, "#section-s2 .act-down")
    wait_for(am_chair, lambda d: d.find_element(By.CSS_SELECTOR, "#report [data-section]").get_attribute("data-section") == "s1")


def test_an_edit_lapses_a_removal_request_and_outdates_older_suggestions(drafting, artifacts):
    windows = drafting["windows"]
    am_chair, az_chair, member = windows["am_chair"], windows["az_chair"], windows["am_member"]
    suggested = drafting["command"]("am_member", type="suggest", section="s3", version=1, text="Both sides name regional guarantors.")
    assert suggested["type"] == "ack", suggested
    wait_for(am_chair, lambda d: waiting(d, "s3") == 1)
    assert am_chair.find_elements(By.CSS_SELECTOR, "#section-s3 .act-apply")
    click(am_chair, "#section-s3 .act-remove")
    accept_confirm(am_chair)
    for driver in windows.values():
        wait_for(driver, lambda d: "Removal asked: Armenia" in section(d, "s3")["meta"])
    wait_for(am_chair, lambda d: not d.find_element(By.CSS_SELECTOR, "#section-s3 .act-remove").is_enabled())
    assert az_chair.find_element(By.CSS_SELECTOR, "#section-s3 .act-remove").text == "Remove", "Azerbaijan's request would remove it"
    # Azerbaijan's co-chair edits instead: Armenia's request was for a text that no longer stands.
    click(az_chair, "#section-s3 .act-edit")
    type_into(az_chair.find_element(By.ID, "editor-s3-edit-text"), "The region's states are invited to support the treaty.")
    editor(az_chair, "s3", "edit").find_element(By.CSS_SELECTOR, ".act-send").click()
    for key, driver in windows.items():
        wait_for(driver, lambda d: version(d, "s3") == 2, message=f"{key}: not edited")
        wait_for(driver, lambda d: "Removal asked" not in section(d, "s3")["meta"], message=f"{key}: the request did not lapse")
        assert waiting(driver, "s3") == 0, f"{key}: an outdated suggestion does not wait"
        assert not driver.find_elements(By.CSS_SELECTOR, "#section-s3 .act-apply, #section-s3 .act-dismiss")
        outdated = driver.find_element(By.CSS_SELECTOR, "#section-s3 details.outdated-suggestions")
        assert outdated.get_attribute("open") is None, "outdated suggestions are shown collapsed"
        assert outdated.find_element(By.TAG_NAME, "summary").text == "Outdated suggestions (1)"
    assert am_chair.find_element(By.CSS_SELECTOR, "#section-s3 .act-remove").is_enabled()
    assert am_chair.find_element(By.CSS_SELECTOR, "#section-s3 .act-remove").text == "Ask to remove"
    assert az_chair.find_element(By.CSS_SELECTOR, "#section-s3 .act-remove").text == "Ask to remove"
    wait_for(am_chair, lambda d: announced(d, f"Armenia's request to remove “{REGIONAL}” lapsed with the edit."))
    wait_for(member, lambda d: announced(d, f"1 waiting suggestion on “{REGIONAL}” is outdated by the edit."))
    # Opened, an outdated suggestion reads as it was made, and says why it can no longer be applied.
    click(member, "#section-s3 details.outdated-suggestions > summary")
    item = member.find_element(By.CSS_SELECTOR, "#section-s3 .outdated-suggestions .suggestion").text
    assert "Armine Margaryan (Armenia)" in item and "on version 1" in item and "regional guarantors" in item
    hint = member.find_element(By.CSS_SELECTOR, "#section-s3 .outdated-suggestions .hint").text
    assert "now version 2" in hint and "can no longer be applied" in hint
    assert member.find_element(By.ID, "section-s3-suggestions-h").get_attribute("textContent") == "No suggestions waiting"
    assert serious(run_axe(member)) == []
    full_page_screenshot(member, artifacts / "report-outdated-suggestion-member.png", 1280)


def test_twenty_waiting_suggestions_are_ones_most(drafting, artifacts):
    windows = drafting["windows"]
    member = windows["am_member"]
    command = drafting["command"]
    ids = []
    for n in range(20):
        sent = command("am_member", type="suggest", section="s2", version=1, text=f"Suggestion number {n + 1}.")
        assert sent["type"] == "ack", sent
        ids.append(sent["seq"])
    refused = command("am_member", type="suggest", section="s2", version=1, text="One too many.")
    assert refused["type"] == "error" and refused["code"] == "invalid", refused
    assert "at most 20" in refused["message"]
    wait_for(member, lambda d: waiting(d, "s2") == 20)
    # The member is told before writing, and the page sends nothing the server would refuse.
    click(member, "#section-s2 .act-suggest")
    form = editor(member, "s2", "suggest")
    status = form.find_element(By.CSS_SELECTOR, ".draft-status")
    limit = "You have 20 suggestions waiting, the most there may be: send another once an editor has applied or dismissed one of them."
    wait_for(member, lambda d: status.text == limit)
    type_into(member.find_element(By.ID, "editor-s2-suggest-text"), "One too many, from the page.")
    form.find_element(By.CSS_SELECTOR, ".act-send").click()
    assert status.text == limit and status.get_attribute("data-tone") == "refusal"
    assert waiting(member, "s2") == 20 and editor(member, "s2", "suggest").is_displayed(), "not sent, the words kept"
    full_page_screenshot(member, artifacts / "report-suggestion-limit-member.png", 1280)
    assert command("am_chair", type="dismissSuggestion", suggestion=ids[0])["type"] == "ack"
    wait_for(member, lambda d: status.text == "")
    form.find_element(By.CSS_SELECTOR, ".act-send").click()
    wait_for(member, lambda d: not d.find_elements(By.CSS_SELECTOR, "#section-s2 .editor"), message="not sent once one was dismissed")
    wait_for(member, lambda d: waiting(d, "s2") == 20)
    last = member.find_elements(By.CSS_SELECTOR, "#section-s2 .suggestion-list > .suggestion")[-1].get_attribute("data-suggestion")
    for suggestion in ids[1:] + [int(last)]:
        assert command("am_chair", type="dismissSuggestion", suggestion=suggestion)["type"] == "ack"
    wait_for(member, lambda d: waiting(d, "s2") == 0)


def test_the_editor_warns_of_what_the_server_refuses_before_sending(drafting, artifacts):
    am_chair = drafting["windows"]["am_chair"]
    click(am_chair, "#section-s1 .act-edit")
    text = am_chair.find_element(By.ID, "editor-s1-edit-text")
    title = am_chair.find_element(By.ID, "editor-s1-edit-title")
    check = am_chair.find_element(By.ID, "editor-s1-edit-brackets")
    title_check = am_chair.find_element(By.ID, "editor-s1-edit-title-check")
    strip = editor(am_chair, "s1", "edit").find_element(By.CSS_SELECTOR, ".act-strip")
    assert not strip.is_displayed()
    set_value(am_chair, text, "Experts of \u202eboth\u202c sides met.")
    wait_for(am_chair, lambda d: check.text ==
             "Character 12: invisible text-direction marks (U+202E and the like) are not allowed in the report.")
    assert "refusal" in check.get_attribute("class") and strip.is_displayed()
    type_into(title, "Introduction [[draft]]")
    wait_for(am_chair, lambda d: title_check.text == "A title holds no [[ or ]]: contested words go in the text.")
    assert "editor-s1-edit-title-check" in title.get_attribute("aria-describedby")
    assert serious(run_axe(am_chair)) == []
    full_page_screenshot(am_chair, artifacts / "report-editor-warnings-am-chair.png", 1280)
    Select(am_chair.find_element(By.ID, "lang")).select_by_value("hy")
    try:
        wait_for(am_chair, lambda d: d.find_element(By.ID, "editor-s1-edit-brackets").text.startswith("Նիշ 12․"))
        full_page_screenshot(am_chair, artifacts / "report-editor-warnings-hy.png", 1280)
    finally:
        Select(am_chair.find_element(By.ID, "lang")).select_by_value("en")
        wait_for(am_chair, lambda d: d.find_element(By.ID, "tab-report").text == "Report")
    form = editor(am_chair, "s1", "edit")
    form.find_element(By.CSS_SELECTOR, ".act-send").click()
    assert am_chair.switch_to.active_element.get_attribute("id") == "editor-s1-edit-title", "to the first field to mend"
    assert version(am_chair, "s1") == 1 and form.find_element(By.CSS_SELECTOR, ".draft-status").text == "", "nothing sent"
    form.find_element(By.CSS_SELECTOR, ".act-strip").click()
    wait_for(am_chair, lambda d: d.find_element(By.ID, "editor-s1-edit-brackets").text == "No brackets.")
    assert am_chair.find_element(By.ID, "editor-s1-edit-text").get_attribute("value") == "Experts of both sides met."
    assert not form.find_element(By.CSS_SELECTOR, ".act-strip").is_displayed()
    set_value(am_chair, am_chair.find_element(By.ID, "editor-s1-edit-text"), "ա" * 24_001)
    wait_for(am_chair, lambda d: d.find_element(By.ID, "editor-s1-edit-brackets").text.startswith(
        "Too long for one section: 48002 bytes of UTF-8, at most 48000"))
    form.find_element(By.CSS_SELECTOR, ".act-cancel").click()
    accept_confirm(am_chair)
    wait_for(am_chair, lambda d: not d.find_elements(By.CSS_SELECTOR, "#section-s1 .editor"))
    # The add-section form checks its title too.
    am_chair.execute_script("document.querySelector('#report details.add-section').open = true")
    type_into(am_chair.find_element(By.ID, "add-section-title"), "[[Annex]]")
    wait_for(am_chair, lambda d: d.find_element(By.ID, "add-section-title-check").text ==
             "A title holds no [[ or ]]: contested words go in the text.")
    count = len(am_chair.find_elements(By.CSS_SELECTOR, "#report [data-section]"))
    am_chair.find_element(By.CSS_SELECTOR, "#add-section button[type=submit]").click()
    assert am_chair.switch_to.active_element.get_attribute("id") == "add-section-title"
    assert len(am_chair.find_elements(By.CSS_SELECTOR, "#report [data-section]")) == count
    type_into(am_chair.find_element(By.ID, "add-section-title"), "")
    am_chair.execute_script("document.querySelector('#report details.add-section').open = false")


def test_a_removed_cochairs_signatures_go_with_them(drafting, server):
    windows = drafting["windows"]
    am_chair = windows["am_chair"]
    click(windows["az_chair"], "#section-s1 .act-sign")
    wait_for(am_chair, lambda d: section(d, "s1")["keys"] == "Armenia — · Azerbaijan ✓")
    session = drafting["session"]
    status, _ = server.api("DELETE", f"/api/sessions/{session['id']}/participants/{session['people']['az_chair']['id']}",
                           {"reason": "left the delegation"})
    assert status == 204
    for key in ("am_chair", "am_member"):
        wait_for(windows[key], lambda d: section(d, "s1")["keys"] == "Armenia — · Azerbaijan —", message=f"{key}: still signed")
    wait_for(am_chair, lambda d: announced(d, "Azerbaijan's signature on “Introduction” was withdrawn by the operator: "
                                              "the co-chair who gave it was removed from the session."))
