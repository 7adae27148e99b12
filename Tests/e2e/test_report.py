"""The joint report in three real browser windows: the Armenian co-chair, the Azerbaijani
co-chair and an Armenian member, on a session of their own whose discussion is posted
first over bare sockets.

The tests run in file order and build on each other, as a drafting session does: the
Report tab, the seed, a member's suggestion applied by a co-chair, two editors racing on
one version (the loser merges without losing a word), a bracket written and cleaned,
signatures cleared by an edit, both co-chairs signing, the final report; then the layout at
1280 and 360 px with axe-core, and the printed report as PDF pages.
"""

import base64
import json
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import create_session, open_windows, run_axe, wait_for
from reportpage import (accept_confirm, announced, click, editor, full_page_screenshot, live, section, sections, send,
                        serious, summary, type_into, version)

SUGGESTED = "This report is the outcome of two rounds of talks between Armenian and Azerbaijani experts."
AZ_EDIT = "From Armenia's perspective, the treaty must be signed before any referendum. Azerbaijan's constitution must change first."
AM_EDIT = "From Armenia's perspective, the treaty must be signed before any referendum, and soon."
MERGED = ("From Armenia's perspective, the treaty must be signed before any referendum, and soon. "
          "Azerbaijan's constitution must change first.")
BRACKETED = "Both sides [[shall // should]] open the border in stages."
CLEAN = "Both sides shall open the border in stages."


@pytest.fixture(scope="module")
def drafting(server, artifacts):
    """A session with a discussion to seed from, and its three windows on the Report tab."""
    session = create_session(server)
    token = lambda key: session["people"][key]["token"]
    post = lambda key, **fields: send(server, session["id"], token(key), {"type": "post", "item": "obstacles", **fields})
    position = post("am_chair", kind="position", text="the treaty must be signed before any referendum.")
    assert position["type"] == "ack", position
    assert post("az_chair", kind="position", text="Azerbaijan's constitution must change first.")["type"] == "ack"
    assert post("az_member", kind="comment", text="agrees that trust is fragile.", replyTo=position["seq"])["type"] == "ack"
    for fields in ({"kind": "proposal", "text": "the border opens in stages."},
                   {"kind": "recommendation", "text": "To reduce referendum-related risks:",
                    "options": ["sign the treaty first", "hold both votes together"]}):
        posted = post("am_chair", **fields)
        endorsed = send(server, session["id"], token("az_chair"), {"type": "endorse", "contribution": posted["seq"], "version": 1})
        assert endorsed["type"] == "ack", endorsed
    with open_windows(server, session, artifacts, label="report-") as windows:
        yield {"session": session, "windows": windows}


def marked(driver, element, tag):
    """The words of each <ins> or <del> in `element`, without the words for screen readers."""
    return driver.execute_script(
        """return [...arguments[0].querySelectorAll(arguments[1])].map(e => {
          const copy = e.cloneNode(true); copy.querySelectorAll('.visually-hidden').forEach(h => h.remove());
          return copy.textContent.trim(); })""", element, tag)


def test_the_report_is_a_tab_beside_the_discussion(drafting):
    windows = drafting["windows"]
    member = windows["am_member"]
    tab_discussion = member.find_element(By.ID, "tab-discussion")
    tab_report = member.find_element(By.ID, "tab-report")
    assert member.find_element(By.ID, "tabs").get_attribute("role") == "tablist"
    assert tab_discussion.get_attribute("aria-selected") == "true"
    assert not member.find_element(By.ID, "report").is_displayed()
    # Keyboard only: the arrow keys move between the tabs and show their panels.
    tab_discussion.send_keys(Keys.ARROW_RIGHT)
    wait_for(member, lambda d: tab_report.get_attribute("aria-selected") == "true")
    assert member.switch_to.active_element == tab_report
    assert tab_report.get_attribute("tabindex") == "0" and tab_discussion.get_attribute("tabindex") == "-1"
    assert member.find_element(By.ID, "report").is_displayed()
    assert not member.find_element(By.ID, "panel-discussion").is_displayed()
    tab_report.send_keys(Keys.ARROW_LEFT)
    wait_for(member, lambda d: d.find_element(By.ID, "panel-discussion").is_displayed())
    tab_discussion.send_keys(Keys.END)
    wait_for(member, lambda d: d.find_element(By.ID, "report").is_displayed())
    # A link to something in the hidden panel (here the skip link to the agenda) shows it.
    member.execute_script("document.querySelector('.skip-links a[href=\"#agenda\"]').click()")
    wait_for(member, lambda d: d.find_element(By.ID, "panel-discussion").is_displayed())
    assert tab_discussion.get_attribute("aria-selected") == "true"
    for driver in windows.values():
        driver.find_element(By.ID, "tab-report").click()
        wait_for(driver, lambda d: d.find_element(By.ID, "report").is_displayed())
        assert "There is no report draft yet." in driver.find_element(By.ID, "report").text
    # Only the facilitator and the co-chairs seed the draft.
    assert windows["am_chair"].find_elements(By.ID, "report-seed")
    assert not member.find_elements(By.ID, "report-seed")


def test_a_cochair_seeds_the_draft_for_everyone(drafting):
    windows = drafting["windows"]
    click(windows["am_chair"], "#report-seed")
    expected = ["Introduction", "Obstacles to signing the treaty", "Regional and international dimension", "Recommendations"]
    for key, driver in windows.items():
        wait_for(driver, lambda d: [s["title"] for s in sections(d)] == expected, message=f"{key}: not seeded")
        obstacles = section(driver, "s2")
        assert "From Armenia's perspective, the treaty must be signed before any referendum." in obstacles["text"]
        assert "The Azerbaijani side agrees that trust is fragile." in obstacles["text"]
        assert "Both sides agree that the border opens in stages." in obstacles["text"]
        assert obstacles["meta"].startswith("Joint") and "Version 1" in obstacles["meta"]
        assert obstacles["keys"] == "Armenia — · Azerbaijan —"
        # The recommendations: a numbered sub-heading per item, options as list items.
        assert driver.find_elements(By.CSS_SELECTOR, "#section-s4 .section-text h4.section-subheading")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#section-s4 .section-text li")) == 2
        assert "Draft" == driver.find_element(By.CSS_SELECTOR, "#report .report-title .badge").text
        assert summary(driver).startswith("4 sections · 0 brackets")
        assert not driver.find_elements(By.ID, "report-seed")
    wait_for(windows["az_chair"], lambda d: announced(d, "Leonid Nersisyan (Armenia) seeded the report draft. Sections: 4."))


def test_a_member_suggests_a_change_that_survives_a_reload_and_a_cochair_applies_it(drafting, artifacts):
    windows = drafting["windows"]
    member, am_chair = windows["am_member"], windows["am_chair"]
    assert not member.find_elements(By.CSS_SELECTOR, "#section-s1 .act-edit"), "a member does not edit joint sections"
    click(member, "#section-s1 .act-suggest")
    box = member.find_element(By.ID, "editor-s1-suggest-text")
    assert member.switch_to.active_element == box, "the editor takes the keyboard focus"
    type_into(box, SUGGESTED)
    member.find_element(By.ID, "editor-s1-suggest-note").send_keys("There were two rounds, not one.")
    wait_for(member, lambda d: SUGGESTED in (d.execute_script(
        "return Object.entries(localStorage).filter(([k]) => k.startsWith('parley:report:')).map(([, v]) => v).join()") or ""))
    # A reload loses nothing: the tab, the open editor and its words come back.
    member.refresh()
    wait_for(member, live)
    wait_for(member, lambda d: d.find_elements(By.ID, "editor-s1-suggest-text"))
    assert member.find_element(By.ID, "editor-s1-suggest-text").get_attribute("value") == SUGGESTED
    assert member.find_element(By.ID, "editor-s1-suggest-note").get_attribute("value") == "There were two rounds, not one."
    editor(member, "s1", "suggest").find_element(By.CSS_SELECTOR, ".act-send").click()
    wait_for(member, lambda d: not d.find_elements(By.CSS_SELECTOR, "#section-s1 .editor"))
    for key, driver in windows.items():
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#section-s1 .suggestion"), message=f"{key}: no suggestion")
        item = driver.find_element(By.CSS_SELECTOR, "#section-s1 .suggestion").text
        assert "Armine Margaryan (Armenia)" in item and "on version 1" in item
        assert "There were two rounds, not one." in item
        assert driver.find_elements(By.CSS_SELECTOR, "#section-s1 .suggestion ins")
    assert not member.find_elements(By.CSS_SELECTOR, "#section-s1 .act-apply"), "a member does not apply"
    wait_for(am_chair, lambda d: announced(d, "Armine Margaryan (Armenia) suggested a change to “Introduction”."))
    click(am_chair, "#section-s1 .act-apply")
    for key, driver in windows.items():
        wait_for(driver, lambda d: version(d, "s1") == 2, message=f"{key}: not applied")
        assert section(driver, "s1")["text"] == SUGGESTED
        assert not driver.find_elements(By.CSS_SELECTOR, "#section-s1 .suggestion")
        history = driver.find_element(By.CSS_SELECTOR, "#section-s1 details.history")
        driver.execute_script("arguments[0].open = true", history)
        assert "from suggestion" in history.text and "Armine Margaryan (Armenia)" in history.text
        assert history.find_elements(By.CSS_SELECTOR, ".diff-text ins") and history.find_elements(By.CSS_SELECTOR, ".diff-text del")
    full_page_screenshot(member, artifacts / "report-suggestion-applied-member.png", 1280)


def test_two_editors_race_and_the_one_who_lost_merges_without_losing_a_word(drafting, artifacts):
    windows = drafting["windows"]
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    for driver in (am_chair, az_chair):
        click(driver, "#section-s2 .act-edit")
        wait_for(driver, lambda d: d.find_elements(By.ID, "editor-s2-edit-text"))
    # Both began on version 1. Azerbaijan's co-chair saves first.
    type_into(az_chair.find_element(By.ID, "editor-s2-edit-text"), AZ_EDIT)
    editor(az_chair, "s2", "edit").find_element(By.CSS_SELECTOR, ".act-send").click()
    for driver in windows.values():
        wait_for(driver, lambda d: version(d, "s2") == 2)
    assert section(am_chair, "s2")["text"] == AZ_EDIT
    # The Armenian co-chair, still on version 1, is told, and sends anyway: refused as a conflict.
    wait_for(am_chair, lambda d: "now version 2" in editor(d, "s2", "edit").find_element(By.CSS_SELECTOR, ".draft-status").text)
    type_into(am_chair.find_element(By.ID, "editor-s2-edit-text"), AM_EDIT)
    editor(am_chair, "s2", "edit").find_element(By.CSS_SELECTOR, ".act-send").click()
    wait_for(am_chair, lambda d: "is-conflict" in editor(d, "s2", "edit").get_attribute("class"), message="no conflict view")
    form = editor(am_chair, "s2", "edit")
    assert am_chair.find_element(By.ID, "editor-s2-edit-text").get_attribute("value") == AM_EDIT, "the unsent text is kept"
    assert form.find_element(By.CSS_SELECTOR, ".theirs-text").text == AZ_EDIT, "the other text beside it"
    assert "it is now at version 2, by Murad Muradov (Azerbaijan)." in form.find_element(By.CSS_SELECTOR, ".conflict").text
    assert form.find_elements(By.CSS_SELECTOR, ".merge-changes ins") and form.find_elements(By.CSS_SELECTOR, ".merge-changes del")
    assert version(am_chair, "s2") == 2, "nothing was overwritten"
    stored = am_chair.execute_script(
        "return Object.entries(localStorage).filter(([k]) => k.startsWith('parley:report:')).map(([, v]) => v).join()")
    assert AM_EDIT in stored, "the unsent text is also kept on the device"
    full_page_screenshot(am_chair, artifacts / "report-conflict-am-chair.png", 1280)
    full_page_screenshot(am_chair, artifacts / "report-conflict-am-chair-360.png", 360, mobile=True)
    assert am_chair.find_element(By.ID, "editor-s2-edit-text").get_attribute("value") == AM_EDIT
    # Merged and sent again, on version 2.
    type_into(am_chair.find_element(By.ID, "editor-s2-edit-text"), MERGED)
    send_again = form.find_element(By.CSS_SELECTOR, ".act-send")
    assert send_again.text == "Send on version 2"
    send_again.click()
    for key, driver in windows.items():
        wait_for(driver, lambda d: version(d, "s2") == 3, message=f"{key}: merge not saved")
        assert section(driver, "s2")["text"] == MERGED
    assert not am_chair.find_elements(By.CSS_SELECTOR, "#section-s2 .editor")
    # The history compares any two versions, word by word.
    history = am_chair.find_element(By.CSS_SELECTOR, "#section-s2 details.history")
    am_chair.execute_script("arguments[0].open = true", history)
    assert len(history.find_elements(By.CSS_SELECTOR, ".versions li")) == 3
    Select(am_chair.find_element(By.ID, "history-s2-from")).select_by_value("2")
    Select(am_chair.find_element(By.ID, "history-s2-to")).select_by_value("3")
    diff = am_chair.find_element(By.ID, "history-s2-diff")
    assert marked(am_chair, diff, "ins") == ["referendum, and soon."]
    assert marked(am_chair, diff, "del") == ["referendum."]


def test_a_bracket_is_written_warned_about_and_cleaned(drafting, artifacts):
    windows = drafting["windows"]
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    click(am_chair, "#section-s3 .act-edit")
    box = am_chair.find_element(By.ID, "editor-s3-edit-text")
    type_into(box, "Both sides [[shall open the border.")
    status = am_chair.find_element(By.ID, "editor-s3-edit-brackets")
    wait_for(am_chair, lambda d: status.text == "Character 12: this [[ is never closed.")
    editor(am_chair, "s3", "edit").find_element(By.CSS_SELECTOR, ".act-send").click()
    assert am_chair.find_element(By.ID, "editor-s3-edit-text").get_attribute("value").startswith("Both sides [[shall")
    assert version(am_chair, "s3") == 1, "an unbalanced text is not sent"
    type_into(box, BRACKETED)
    wait_for(am_chair, lambda d: status.text.startswith("1 bracket:"))
    editor(am_chair, "s3", "edit").find_element(By.CSS_SELECTOR, ".act-send").click()
    for driver in windows.values():
        wait_for(driver, lambda d: version(d, "s3") == 2)
        marks = driver.find_elements(By.CSS_SELECTOR, "#section-s3 mark.bracket")
        assert len(marks) == 1
        assert [a.text for a in marks[0].find_elements(By.CSS_SELECTOR, ".alt")] == ["shall", "should"]
        assert "1 bracket" in section(driver, "s3")["meta"]
        assert "1 bracket ·" in summary(driver)
    sign = az_chair.find_element(By.CSS_SELECTOR, "#section-s3 .act-sign")
    assert not sign.is_enabled()
    reason = az_chair.find_element(By.ID, sign.get_attribute("aria-describedby")).text
    assert reason == "A section with brackets cannot be signed (brackets: 1)."
    full_page_screenshot(az_chair, artifacts / "report-bracket-az-chair.png", 1280)
    full_page_screenshot(az_chair, artifacts / "report-bracket-az-chair-360.png", 360, mobile=True)
    click(az_chair, "#section-s3 .act-edit")
    type_into(az_chair.find_element(By.ID, "editor-s3-edit-text"), CLEAN)
    editor(az_chair, "s3", "edit").find_element(By.CSS_SELECTOR, ".act-send").click()
    for driver in windows.values():
        wait_for(driver, lambda d: version(d, "s3") == 3)
        assert not driver.find_elements(By.CSS_SELECTOR, "#section-s3 mark.bracket")
        assert "0 brackets ·" in summary(driver)
        # How close the text is to clean: the count over time, in words beside the chart.
        assert "0 now, at most 1" in driver.find_element(By.CSS_SELECTOR, "#report .bracket-chart figcaption").text
        assert driver.find_elements(By.CSS_SELECTOR, "#report .bracket-chart svg path.chart-line")


@pytest.mark.parametrize("lang, words", [
    ("hy", {"tab": "Զեկույց", "badge": "Նախագիծ", "sign": "Ստորագրել՝ Armenia", "summary": "4 բաժին · 0 փակագիծ"}),
    ("az", {"tab": "Hesabat", "badge": "Layihə", "sign": "İmzala: Armenia", "summary": "4 bölmə · 0 mötərizə"}),
    ("ru", {"tab": "Отчёт", "badge": "Проект", "sign": "Подписать от имени: Armenia", "summary": "разделов: 4 · скобок: 0"}),
])
def test_the_report_tab_in_armenian_azerbaijani_and_russian(drafting, artifacts, lang, words):
    driver = drafting["windows"]["am_chair"]
    Select(driver.find_element(By.ID, "lang")).select_by_value(lang)
    try:
        wait_for(driver, lambda d: d.find_element(By.ID, "tab-report").text == words["tab"])
        assert driver.find_element(By.CSS_SELECTOR, "#report .report-title .badge").text == words["badge"]
        assert driver.find_element(By.CSS_SELECTOR, "#section-s1 .act-sign").text == words["sign"]
        assert summary(driver).startswith(words["summary"])
        assert section(driver, "s3")["text"] == CLEAN, "user text is never translated"
        full_page_screenshot(driver, artifacts / f"report-drafting-{lang}.png", 1280)
    finally:
        Select(driver.find_element(By.ID, "lang")).select_by_value("en")
        wait_for(driver, lambda d: d.find_element(By.ID, "tab-report").text == "Report")


def test_the_report_tab_has_no_serious_accessibility_findings_while_drafting(drafting, artifacts):
    member = drafting["windows"]["am_member"]
    click(member, "#section-s4 .act-suggest")
    for width, mobile in ((1280, False), (360, True)):
        member.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile})
        try:
            member.execute_script("document.querySelectorAll('#report details').forEach(d => d.open = true)")
            violations = run_axe(member)
            (artifacts / f"axe-report-drafting-{width}.json").write_text(
                json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8")
            assert serious(violations) == [], width
            if width == 360:
                assert member.execute_script("return document.documentElement.scrollWidth") <= 360
        finally:
            member.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    member.execute_script("document.querySelectorAll('#report details').forEach(d => d.open = false)")
    editor(member, "s4", "suggest").find_element(By.CSS_SELECTOR, ".act-cancel").click()
    wait_for(member, lambda d: not d.find_elements(By.CSS_SELECTOR, "#section-s4 .editor"))


def test_an_edit_clears_the_signatures_and_says_so(drafting):
    windows = drafting["windows"]
    am_chair, az_chair = windows["am_chair"], windows["az_chair"]
    click(az_chair, "#section-s1 .act-sign")
    for driver in windows.values():
        wait_for(driver, lambda d: section(d, "s1")["keys"] == "Armenia — · Azerbaijan ✓")
    sign = az_chair.find_element(By.CSS_SELECTOR, "#section-s1 .act-sign")
    assert not sign.is_enabled()
    assert az_chair.find_element(By.ID, sign.get_attribute("aria-describedby")).text == "Azerbaijan has signed this version."
    click(am_chair, "#section-s1 .act-edit")
    type_into(am_chair.find_element(By.ID, "editor-s1-edit-text"), SUGGESTED + " Both sides took part on equal terms.")
    editor(am_chair, "s1", "edit").find_element(By.CSS_SELECTOR, ".act-send").click()
    for driver in windows.values():
        wait_for(driver, lambda d: section(d, "s1")["keys"] == "Armenia — · Azerbaijan —")
    wait_for(az_chair, lambda d: announced(d, "Azerbaijan's signature on “Introduction” was cleared by an edit."))


def test_both_cochairs_sign_every_section_and_the_report_is_final_everywhere(drafting):
    windows = drafting["windows"]
    am_chair, az_chair, member = windows["am_chair"], windows["az_chair"], windows["am_member"]
    finalize = am_chair.find_element(By.ID, "report-finalize")
    assert not finalize.is_enabled()
    assert am_chair.find_element(By.ID, "report-finalize-reason").text == \
        "Every section needs both signatures first: 0 of 4 have them."
    assert not member.find_elements(By.ID, "report-finalize") and not member.find_elements(By.CSS_SELECTOR, ".act-sign")
    for sid in ("s1", "s2", "s3", "s4"):
        for driver in (am_chair, az_chair):
            click(driver, f"#section-{sid} .act-sign")
            wait_for(driver, lambda d: d.execute_script(
                "return document.querySelector(arguments[0]).disabled", f"#section-{sid} .act-sign"))
    for driver in windows.values():
        wait_for(driver, lambda d: all(s["keys"] == "Armenia ✓ · Azerbaijan ✓" for s in sections(d)))
        assert "signed by both sides: 4 of 4" in summary(driver)
    click(am_chair, "#report-finalize")
    accept_confirm(am_chair)
    for key, driver in windows.items():
        wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#report .report-title .badge").text == "Final",
                 message=f"{key}: not final")
        shown = driver.execute_script(
            "return [...document.querySelectorAll('#report button, #report input, #report textarea')].filter(e => e.checkVisibility()).length")
        assert shown == 0, f"{key}: drafting controls after final"
        assert len(driver.find_elements(By.CSS_SELECTOR, "#report .hash:not([hidden])")) == 4
        assert driver.find_element(By.CSS_SELECTOR, "#report .report-cochairs").text == \
            "Co-chairs named in the report: Leonid Nersisyan (Armenia), Murad Muradov (Azerbaijan)"
    state = lambda d: (summary(d), d.find_element(By.CSS_SELECTOR, "#report .report-final").text, sections(d))
    first = state(am_chair)
    assert [s["version"] for s in first[2]] == [3, 3, 3, 1]
    assert state(az_chair) == first and state(member) == first, "the same report in every window"
    wait_for(member, lambda d: announced(d, "Leonid Nersisyan (Armenia) finalised the report: it is now final."))
    links = [a.get_attribute("href") for a in member.find_elements(By.CSS_SELECTOR, "#exports a")]
    for fmt in ("md", "html"):
        assert any(f"view=draft&format={fmt}" in href for href in links)


def test_the_final_report_tab_at_1280_and_360_px(drafting, artifacts):
    member = drafting["windows"]["am_member"]
    member.execute_script("window.scrollTo(0, 0)")
    full_page_screenshot(member, artifacts / "report-final-1280.png", 1280)
    full_page_screenshot(member, artifacts / "report-final-360.png", 360, mobile=True)
    for width, mobile in ((1280, False), (360, True)):
        member.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile})
        try:
            member.execute_script("document.querySelectorAll('#report details').forEach(d => d.open = true)")
            violations = run_axe(member)
            (artifacts / f"axe-report-final-{width}.json").write_text(
                json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8")
            assert serious(violations) == [], width
            assert member.execute_script("return document.documentElement.scrollWidth") <= width
        finally:
            member.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_final_report_prints_to_pdf(drafting, server, artifacts):
    driver = drafting["windows"]["am_chair"]
    session_id = drafting["session"]["id"]
    driver.get(f"{server.base}/api/sessions/{session_id}/export?view=report&format=html")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Introduction" in body and "Both sides shall open the border in stages." in body
    printed = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    pdf = artifacts / "report.pdf"
    pdf.write_bytes(base64.b64decode(printed["data"]))
    for old in artifacts.glob("report-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(artifacts / "report-page")], check=True)
    pages = sorted(artifacts.glob("report-page-*.png"))
    assert pages, "no page rendered"
    driver.back()
    wait_for(driver, live)
