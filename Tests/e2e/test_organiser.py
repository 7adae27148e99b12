"""The organiser's console (`/admin`) in real headless Chromium, as a new organiser uses it:
sign in with the operator's token, create a session from the form, invite a co-chair per side
and two members from a pasted list, copy the links it shows once; the invitees then join from
those links. The tests run in file order and build on each other.
"""

import json
from contextlib import ExitStack

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import ADMIN_TOKEN, chrome, run_axe, wait_for

TITLE = "Thematic Group on Economic Connectivity"
HELD = "The enclave road reopens in spring."
ITEMS = ["Transport corridors", "Energy and water", "Next steps"]
PASTED = """Anna Petrosyan, co-chair, Armenia
Elvin Mammadov\tco-chair\tAzerbaijan
Armine Margaryan, member, Armenian
nobody, member, Georgia
Leyla Aliyeva, member, azerbaijani"""


@pytest.fixture(scope="module")
def console(server, artifacts):
    driver = chrome()
    driver.get(server.base + "/admin")
    yield driver
    with open(artifacts / "console-organiser.log", "w", encoding="utf-8") as log:
        for entry in driver.get_log("browser"):
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    driver.quit()


@pytest.fixture(scope="module")
def links():
    """The join links the console showed, by name."""
    return {}


def visible(driver, element_id):
    return driver.execute_script("const e = document.getElementById(arguments[0]); return !!e && !e.hidden", element_id)


def fill(driver, element_id, text):
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def paste(driver, element_id, text):
    """Puts `text` in a field as a paste does (tabs included: typed, a tab would move the focus)."""
    driver.execute_script(
        "const f = document.getElementById(arguments[0]); f.focus(); f.value = arguments[1];"
        "f.dispatchEvent(new Event('input', {bubbles: true}))", element_id, text)


def test_a_wrong_token_is_refused_and_the_right_one_kept_for_the_tab_only(console, artifacts):
    console.save_screenshot(str(artifacts / "organiser-sign-in.png"))
    fill(console, "token", "not-the-operators-token-0123456789")
    console.find_element(By.CSS_SELECTOR, "#sign-in-form button[type=submit]").click()
    wait_for(console, lambda d: "did not accept" in d.find_element(By.ID, "sign-in-status").text)
    assert visible(console, "sign-in") and not visible(console, "list")
    fill(console, "token", ADMIN_TOKEN)
    console.find_element(By.CSS_SELECTOR, "#sign-in-form button[type=submit]").click()
    wait_for(console, lambda d: visible(d, "list") and d.find_elements(By.CSS_SELECTOR, "#list a[href='#/new']"))
    console.save_screenshot(str(artifacts / "organiser-signed-in-list.png"))
    kept = console.execute_script("return [sessionStorage.getItem('parley:operator-token'), localStorage.getItem('parley:operator-token'), document.cookie]")
    assert kept == [ADMIN_TOKEN, None, ""], "the token lives in this tab's session storage only"


def test_the_form_says_what_the_api_would_refuse_before_sending(console, server, artifacts):
    console.find_element(By.CSS_SELECTOR, "#list a[href='#/new']").click()
    wait_for(console, lambda d: visible(d, "create") and d.find_elements(By.ID, "create-form"))
    fill(console, "sideA-name", "Armenia")
    fill(console, "sideB-name", "armenia")
    console.find_element(By.CSS_SELECTOR, "#create-form button[type=submit]").click()
    problems = console.execute_script(
        "return [...document.querySelectorAll('#create-form .problem:not([hidden])')].map(p => p.id)")
    assert problems == ["title-problem", "sideB-name-problem", "agenda-problem"]
    assert console.switch_to.active_element.get_attribute("id") == "title", "the first field to fix has the focus"
    assert console.find_element(By.ID, "title").get_attribute("aria-invalid") is not None
    console.save_screenshot(str(artifacts / "organiser-create-problems.png"))
    status, sessions = server.api("GET", "/api/sessions")
    assert status == 200 and all(s["title"] != TITLE for s in sessions), "nothing was sent"


def test_an_organiser_creates_a_session_with_two_sides_three_items_and_held_terms(console, server, artifacts):
    fill(console, "title", TITLE)
    fill(console, "series", "Thematic Groups for a new Armenian–Azerbaijani Dialogue")
    fill(console, "sideA-name", "Armenia")
    fill(console, "sideA-adjective", "Armenian")
    fill(console, "sideB-name", "Azerbaijan")
    fill(console, "sideB-adjective", "Azerbaijani")
    fill(console, "agenda", "\n".join(ITEMS))
    fill(console, "heldTerms", "ceasefire, enclave")
    console.find_element(By.CSS_SELECTOR, "input[name=attribution][value=sides]").click()
    Select(console.find_element(By.ID, "floor")).select_by_value("open")
    fill(console, "reportDate", "December 2026")
    console.save_screenshot(str(artifacts / "organiser-create.png"))
    console.find_element(By.CSS_SELECTOR, "#create-form button[type=submit]").click()
    wait_for(console, lambda d: visible(d, "session") and d.find_element(By.ID, "session-h").text == TITLE)
    session_id = console.current_url.rsplit("/", 1)[1]
    status, created = server.api("GET", f"/api/sessions/{session_id}")
    assert status == 200
    assert [s["name"] for s in created["sides"]] == ["Armenia", "Azerbaijan"]
    assert [s["adjective"] for s in created["sides"]] == ["Armenian", "Azerbaijani"]
    assert [i["title"] for i in created["agenda"]] == ITEMS
    assert created["rules"]["heldTerms"] == ["ceasefire", "enclave"]
    assert created["rules"]["attribution"] == "sides"
    assert created["report"]["date"] == "December 2026"
    assert "groundRules" not in created, "no ground rules were asked for"
    console.save_screenshot(str(artifacts / "organiser-session-created.png"))


def test_a_pasted_list_is_checked_line_by_line_then_invited(console, server, links, artifacts):
    paste(console, "invite-list", PASTED)
    preview = console.find_element(By.ID, "invite-preview").text
    assert "4 people ready to invite" in preview
    assert "Line 4" in preview and "Georgia" in preview, preview
    submit = console.find_element(By.CSS_SELECTOR, "#invite-list ~ button[type=submit]")
    assert submit.text == "Invite 4 people"
    console.save_screenshot(str(artifacts / "organiser-invite-preview.png"))
    submit.click()
    wait_for(console, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".made-list input.link")) == 4)
    for item in console.find_elements(By.CSS_SELECTOR, ".made-list li"):
        name = item.find_element(By.CSS_SELECTOR, ".who").text.split(" · ")[0]
        links[name] = item.find_element(By.CSS_SELECTOR, "input.link").get_attribute("value")
    assert sorted(links) == ["Anna Petrosyan", "Armine Margaryan", "Elvin Mammadov", "Leyla Aliyeva"]
    assert all(link.startswith(server.base + "/s/") and "#" in link for link in links.values())
    # The line that was not invited stays in the box, to be corrected.
    assert console.find_element(By.ID, "invite-list").get_attribute("value") == "nobody, member, Georgia"
    rows = console.execute_script(
        "return [...document.querySelectorAll('table.participants tbody tr')].map(r => [...r.cells].slice(0, 3).map(c => c.textContent))")
    assert rows == [["Anna Petrosyan", "Co-chair", "Armenia"], ["Elvin Mammadov", "Co-chair", "Azerbaijan"],
                    ["Armine Margaryan", "Member", "Armenia"], ["Leyla Aliyeva", "Member", "Azerbaijan"]]
    console.save_screenshot(str(artifacts / "organiser-invited.png"))


def test_one_person_is_invited_from_the_form_and_a_second_chair_refused_before_sending(console, links, artifacts):
    assert Select(console.find_element(By.ID, "invite-side")).first_selected_option.get_attribute("value") == "armenia", \
        "the form starts on a side: a member, the default role, needs one"
    fill(console, "invite-name", "Second Chair")
    Select(console.find_element(By.ID, "invite-role")).select_by_value("cochair")
    Select(console.find_element(By.ID, "invite-side")).select_by_value("armenia")
    console.find_element(By.CSS_SELECTOR, "#invite-side ~ button, form[aria-labelledby=invite-one-h] button[type=submit]").click()
    wait_for(console, lambda d: "already has a co-chair" in d.find_element(
        By.CSS_SELECTOR, "form[aria-labelledby=invite-one-h] .draft-status").text)
    fill(console, "invite-name", "Press desk")
    Select(console.find_element(By.ID, "invite-role")).select_by_value("observer")
    Select(console.find_element(By.ID, "invite-side")).select_by_value("")
    console.find_element(By.CSS_SELECTOR, "form[aria-labelledby=invite-one-h] button[type=submit]").click()
    wait_for(console, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".made-list input.link")) == 5)
    observer = console.execute_script(
        "return [...document.querySelectorAll('table.participants tbody tr')].map(r => [...r.cells].slice(0, 3).map(c => c.textContent)).pop()")
    assert observer == ["Press desk", "Observer", ""], "an observer's side is optional"
    shown = {item.find_element(By.CSS_SELECTOR, ".who").text.split(" · ")[0]:
             item.find_element(By.CSS_SELECTOR, "input.link").get_attribute("value")
             for item in console.find_elements(By.CSS_SELECTOR, ".made-list li")}
    assert {name: shown[name] for name in links} == links, "the links shown before are still the same"
    links["Press desk"] = shown["Press desk"]
    console.save_screenshot(str(artifacts / "organiser-invited-observer.png"))


# Everyone the console invited, as the room names them ("You: {name}, {role}" and the side).
INVITEES = {
    "Anna Petrosyan": "You: Anna Petrosyan, Co-chair · Armenia",
    "Elvin Mammadov": "You: Elvin Mammadov, Co-chair · Azerbaijan",
    "Armine Margaryan": "You: Armine Margaryan, Member · Armenia",
    "Leyla Aliyeva": "You: Leyla Aliyeva, Member · Azerbaijan",
    "Press desk": "You: Press desk, Observer",
}


def test_every_invitee_joins_from_the_link_it_showed(console, server, links, artifacts):
    assert sorted(links) == sorted(INVITEES), "a link for each invitee, as the console showed it"
    session_id = console.current_url.rsplit("/", 1)[1]
    with ExitStack() as stack:
        rooms = {}
        for name, link in links.items():
            assert link.startswith(f"{server.base}/s/{session_id}#"), f"{name}'s link is to this session: {link}"
            driver = chrome()
            stack.callback(driver.quit)
            driver.get(link)
            rooms[name] = driver
        for name, driver in rooms.items():
            wait_for(driver, lambda d: d.execute_script("return document.body.dataset.connection") == "live",
                     message=f"{name} is in the room")
            assert driver.current_url == f"{server.base}/s/{session_id}", "the token left the address bar"
            assert driver.find_element(By.ID, "title").text == TITLE
            assert driver.find_element(By.ID, "you").text == INVITEES[name]
            assert [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#items .item-head h2")] == ITEMS
            driver.save_screenshot(str(artifacts / f"organiser-joined-{name.split()[0].lower()}.png"))
        # All in one room: the Armenian co-chair sees the others there.
        chair = rooms["Anna Petrosyan"]
        wait_for(chair, lambda d: all(n in d.find_element(By.ID, "presence").text for n in INVITEES),
                 message="everyone present")
        # The held terms typed in the console hold a member's post for the co-chairs.
        member = rooms["Armine Margaryan"]
        Select(member.find_element(By.ID, "compose-kind")).select_by_value("position")
        member.find_element(By.ID, "compose-text").send_keys(HELD)
        member.find_element(By.ID, "compose-send").click()
        seq = wait_for(member, lambda d: d.execute_script(
            """for (const el of document.querySelectorAll('#items [data-seq] > .body > .text'))
                 if (el.textContent === arguments[0]) return el.closest('[data-seq]').dataset.seq;
               return null;""", HELD), message="the member's own post")
        assert member.execute_script(f"return document.getElementById('c{seq}').dataset.status") == "held"
        for name in ("Anna Petrosyan", "Elvin Mammadov"):
            wait_for(rooms[name], lambda d: d.find_elements(By.CSS_SELECTOR, f"#console .held[data-seq='{seq}']"),
                     message=f"{name} holds it")
        assert HELD not in rooms["Leyla Aliyeva"].execute_script("return document.body.textContent")
        chair.save_screenshot(str(artifacts / "organiser-joined-room-cochair.png"))


def test_a_revocation_asks_for_a_reason_in_place_and_takes_effect(console, server, links):
    row = next(r for r in console.find_elements(By.CSS_SELECTOR, "table.participants tbody tr") if "Press desk" in r.text)
    row.find_element(By.CSS_SELECTOR, ".revoke button").click()
    reason = row.find_element(By.CSS_SELECTOR, ".revoke input")
    assert console.switch_to.active_element == reason
    reason.send_keys("wrong person")
    row.find_element(By.CSS_SELECTOR, ".revoke button.danger").click()
    wait_for(console, lambda d: d.execute_script(
        "return [...document.querySelectorAll('table.participants tbody tr')]"
        ".some(r => r.textContent.includes('Press desk') && r.textContent.includes('Revoked'))"))
    session_id = console.current_url.rsplit("/", 1)[1]
    status, session = server.api("GET", f"/api/sessions/{session_id}")
    assert [p.get("removed") for p in session["participants"] if p["name"] == "Press desk"] == [True]


def test_the_print_sheet_has_one_invitation_per_page(console, artifacts):
    console.execute_script("window.print = () => { window.printed = true; }")
    console.find_element(By.XPATH, "//button[text()='Print the invitation sheets']").click()
    assert console.execute_script("return window.printed") is True
    cards = console.execute_script("return [...document.querySelectorAll('#sheet .invitation')].map(c => c.textContent)")
    assert len(cards) == 5 and all(TITLE in card and "/s/" in card for card in cards)
    pdf = console.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    import base64
    (artifacts / "organiser-invitations.pdf").write_bytes(base64.b64decode(pdf["data"]))
    assert base64.b64decode(pdf["data"]).count(b"/Type /Page") - base64.b64decode(pdf["data"]).count(b"/Type /Pages") >= 5


def test_the_operator_opens_the_room_reads_it_and_comes_back_signed_in(console, server, artifacts):
    session_url = console.current_url
    console.find_element(By.ID, "open-room").click()
    wait_for(console, lambda d: "/s/" in d.current_url
             and d.execute_script("return document.body.dataset.connection") == "live")
    assert console.find_element(By.ID, "you").text == "Operator"
    assert [e.text for e in console.find_elements(By.CSS_SELECTOR, "#items .item-head h2")] == ITEMS
    assert not any(e.is_displayed() for e in console.find_elements(By.TAG_NAME, "textarea")), "the operator only reads"
    cookies = {c["name"]: c["value"] for c in console.get_cookies()}
    assert ADMIN_TOKEN not in cookies.values(), "the operator's token is never a cookie"
    console.save_screenshot(str(artifacts / "organiser-room-as-operator.png"))
    console.back()
    wait_for(console, lambda d: d.current_url == session_url and visible(d, "session")
             and d.find_elements(By.ID, "open-room"))
    assert not visible(console, "sign-in"), "the token stayed with the tab"


def test_the_sessions_list_shows_the_new_one(console, artifacts):
    console.find_element(By.CSS_SELECTOR, "#session a[href='#/']").click()
    wait_for(console, lambda d: visible(d, "list") and d.find_elements(By.CSS_SELECTOR, "table.sessions"))
    titles = [a.text for a in console.find_elements(By.CSS_SELECTOR, "table.sessions tbody a")]
    assert titles[0] == TITLE, "newest first"
    console.save_screenshot(str(artifacts / "organiser-list.png"))


@pytest.mark.parametrize("width", [1280, 360])
def test_the_console_has_no_serious_accessibility_findings(console, artifacts, width):
    console.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    try:
        pages = {"list": "#/"}
        first = console.find_element(By.CSS_SELECTOR, "table.sessions tbody a").get_attribute("href")
        pages["session"] = "#/" + first.split("#/", 1)[1]
        pages["create"] = "#/new"
        for name, hash_ in pages.items():
            console.execute_script("location.hash = arguments[0]", hash_)
            wait_for(console, lambda d: visible(d, name) and d.execute_script(
                "return !document.querySelector('#' + arguments[0] + ' h2')?.textContent.includes('Loading')", name))
            overflow = console.execute_script("return document.documentElement.scrollWidth")
            assert overflow <= width, f"{name} scrolls sideways at {width}px ({overflow}px)"
            violations = run_axe(console)
            assert not isinstance(violations, dict), violations
            serious = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
                       for v in violations if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{name} at {width}px"
            console.save_screenshot(str(artifacts / f"organiser-{name}-{width}.png"))
    finally:
        console.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
