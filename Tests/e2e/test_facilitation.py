"""Contract §6 in real headless Chromium, four windows (a co-chair and a member per side):
ground rules at the door, two delegations caucusing in parallel, a translation verified by
the other side, phases moved on by both co-chairs; accessibility and the four languages.
The tests run in file order and build on each other.
"""

import copy
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import CAST, SPEC, create_session, open_windows, run_axe, wait_for

RULES = ("This meeting is held under the Chatham House Rule: use what you hear, never who said it.\n\n"
         "Speak for your side, never for the other.")
ARMENIAN = "Հայաստանը պատրաստ է ստորագրել խաղաղության պայմանագիրը։"
RUSSIAN = "Армения готова подписать мирный договор."
KEYS = ("am_chair", "az_chair", "am_member", "az_member")


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


def test_a_new_member_must_accept_the_rules_before_posting(rooms, artifacts):
    member = rooms["am_member"]
    wait_for(member, lambda d: shown(d, "dialog#ground-rules"))
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
    for key in ("am_chair", "az_chair", "az_member"):
        accept(rooms[key])
    # The moderation log says who accepted which version.
    wait_for(rooms["am_chair"], lambda d: page_text(d).count("accepted the ground rules") >= 4)


def test_two_delegations_caucus_in_parallel_and_neither_sees_the_other(rooms, artifacts):
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
    for key, driver in rooms.items():
        side = key[:2]
        other = "az" if side == "am" else "am"
        assert lines[other] not in page_text(driver), f"{key} saw the other side's caucus"
        assert lines[side] not in driver.execute_script(
            "return [...document.querySelectorAll('#items .chat-line')].map(l => l.textContent).join(' ')"), \
            "a caucus line under the items"
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
    form.find_element(By.TAG_NAME, "summary").click()
    Select(translator.find_element(By.ID, f"translate-card-{seq}-lang")).select_by_value("ru")
    translator.find_element(By.ID, f"translate-card-{seq}-text").send_keys(RUSSIAN)
    form.find_element(By.CSS_SELECTOR, ".act-translate-send").click()
    translation = f"#c{seq} li.translation[data-language='ru']"
    for driver in rooms.values():
        wait_for(driver, lambda d: shown(d, translation))
        assert attribute(driver, f"{translation} .translation-status", "data-status") == "unverified"
    assert not shown(rooms["az_chair"], f"#c{seq} .act-verify"), "the translator's side does not verify"
    verifier = rooms["am_member"]
    verifier.find_element(By.CSS_SELECTOR, f"#c{seq} .act-verify[data-language='ru']").click()
    for key, driver in rooms.items():
        wait_for(driver, lambda d: attribute(d, f"{translation} .translation-status", "data-status") == "verified",
                 message=f"{key} sees it verified")
        assert driver.execute_script(
            "return document.querySelector(arguments[0]).textContent", f"{translation} .translation-text") == RUSSIAN
        assert attribute(driver, f"{translation} .translation-text", "lang") == "ru"
        assert driver.find_element(By.CSS_SELECTOR, f"#c{seq} > .body > .text").text == ARMENIAN, "the original stays"
    rooms["az_chair"].execute_script("document.getElementById('c' + arguments[0]).scrollIntoView({block: 'center'})", seq)
    rooms["az_chair"].save_screenshot(str(artifacts / "facilitation-translation-verified.png"))


def test_both_cochairs_move_the_phase_on_and_everyone_sees_it(rooms):
    badge = "#item-obstacles .badge-phase"
    for driver in rooms.values():
        assert attribute(driver, badge, "data-phase") == "positions"
        assert attribute(driver, "#item-obstacles-time", "data-state") == "left"
    assert not shown(rooms["am_member"], "#advance-obstacles"), "members do not move phases"
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
def test_the_new_views_have_no_serious_accessibility_findings(rooms, artifacts, width):
    driver = rooms["am_chair"]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    try:
        driver.find_element(By.ID, "chat-tab-caucus").click()
        driver.find_element(By.CSS_SELECTOR, "li.translation").location_once_scrolled_into_view
        violations = run_axe(driver)
        assert not isinstance(violations, dict), violations
        serious = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
                   for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], f"at {width}px"
        overflow = driver.execute_script("return document.documentElement.scrollWidth")
        assert overflow <= width, f"scrolls sideways at {width}px ({overflow}px)"
        driver.save_screenshot(str(artifacts / f"facilitation-{width}.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


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
