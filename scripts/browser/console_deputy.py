#!/usr/bin/env python3
"""Phone-sized browser check of a deputy's pages in the console (the work platform, 工作平台).

Drives headless Debian Chromium (via the system chromedriver) emulating a 390x844 phone, as a
deputy with a one-time password, against a console whose intake holds an opinion of the
deputy's station: /login -> /password -> the home (待办) listing the opinion -> its triage page ->
resolve on the spot (a note) -> the page says what changed -> the ledger searched by a Chinese
word -> the form for an opinion heard at a reception, sent once with too short a text (the error
stands in view beside its field, which has the focus) and once filled in -> the draft form and
the list of the deputy's suggestions. axe-core checks every page (no serious or critical
violation); every page must fit a phone's width and show Chinese glyphs.

Usage:
    python3 scripts/browser/console_deputy.py --base-url http://127.0.0.1:PORT \
        --login LOGIN --password ONE-TIME --opinion ID --search WORD --screenshots DIR

On success prints one JSON line on stdout:
    {"recorded": "op-…", "screenshots": [...], "axe": {"page": [minor/moderate rule ids]}}
and exits 0. On failure prints a message (with a page text excerpt) to stderr, saves
DIR/failure.png when possible, and exits 1.
"""
import os
import sys
import time
from urllib.parse import quote, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from phone_journey import (JourneyError, By, main_for, click_and_wait_for_new_page,  # noqa: E402
                           wait_css)
from console_sign_in import check_page, expect_path, fill, full_page_shot, path_of, submit  # noqa: E402

NEW_PASSWORD = "Minzu-代表-2026冬"
RESOLUTION = "已联系社区，当天修好了路灯。"
HEARD = "接待时居民反映公交站台没有遮雨棚，雨天候车不便。"


def log(msg):
    print(f"console_deputy: {msg}", file=sys.stderr, flush=True)


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def journey(driver, args, saved, started):
    t, shots, base = args.timeout, args.screenshots, args.base_url.rstrip("/")
    report = {}

    log("sign in and set a password")
    driver.get(base + "/login")
    wait_css(driver, 'form[action="/login"]', t, "/login")
    fill(driver, "login", args.login)
    fill(driver, "password", args.password)
    submit(driver, "/login", t, "after signing in")
    expect_path(driver, "/password", "after the one-time password")
    fill(driver, "current", args.password)
    fill(driver, "new", NEW_PASSWORD)
    fill(driver, "repeat", NEW_PASSWORD)
    submit(driver, "/password", t, "after saving the new password")
    expect_path(driver, "/", "after the new password")

    log("the home page lists the opinion")
    link = wait_css(driver, f'a[href="/opinions/{args.opinion}"]', t, "home (待办)")
    check_page(driver, "home (待办)", report)
    full_page_shot(driver, shots, "01-deputy-home.png", saved)

    log("triage: resolve on the spot")
    click_and_wait_for_new_page(driver, link, t, "after tapping the opinion")
    expect_path(driver, f"/opinions/{args.opinion}", "the opinion's page")
    check_page(driver, "opinion", report)
    full_page_shot(driver, shots, "02-opinion.png", saved)
    summary = driver.find_element(By.XPATH, "//summary[contains(., '现场解决')]")
    summary.click()
    note = driver.find_element(By.CSS_SELECTOR, "#resolve-note")
    note.send_keys(RESOLUTION)
    check_page(driver, "opinion (resolve form open)", report)
    full_page_shot(driver, shots, "03-resolve-form.png", saved)
    submit(driver, f"/opinions/{args.opinion}/triage", t, "after resolving on the spot")
    status = wait_css(driver, "#opinion-status", t, "the opinion after triage").text
    if status != "已现场解决" or "已记为现场解决" not in body_text(driver):
        raise JourneyError(f"after resolving, the page shows {status!r} without saying what changed")
    check_page(driver, "opinion (resolved)", report)
    full_page_shot(driver, shots, "04-resolved.png", saved)

    log("the ledger, searched in Chinese")
    driver.get(base + "/ledger?q=" + quote(args.search))
    wait_css(driver, f'a[href="/opinions/{args.opinion}"]', t, "ledger search")
    check_page(driver, "ledger (search)", report)
    full_page_shot(driver, shots, "05-ledger.png", saved)

    log("record an opinion heard at a reception")
    driver.get(base + "/opinions/new")
    wait_css(driver, 'form[action="/opinions/new"]', t, "/opinions/new")
    check_page(driver, "record", report)
    full_page_shot(driver, shots, "06-record.png", saved)
    # Too short: the error stands beside the field and the field has the focus.
    driver.find_element(By.CSS_SELECTOR, '#category option[value="transport"]').click()
    fill(driver, "content", "公交")
    submit(driver, "/opinions/new", t, "after a too short opinion")
    error = wait_css(driver, "#content-error", t, "record (error)")
    focused = driver.execute_script("return document.activeElement && document.activeElement.id")
    if focused != "content":
        raise JourneyError(f"after an error the focus is on {focused!r}, not the field with the error")
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", error)
    if not 0 <= top <= driver.execute_script("return window.innerHeight"):
        raise JourneyError(f"the error beside the field is out of view ({top:.0f} px from the top)")
    check_page(driver, "record (error)", report)
    full_page_shot(driver, shots, "07-record-error.png", saved)
    fill(driver, "content", HEARD)
    submit(driver, "/opinions/new", t, "after recording")
    if not path_of(driver).startswith("/opinions/op"):
        raise JourneyError(f"recording did not lead to the opinion's page: {driver.current_url}")
    if "意见已登记" not in body_text(driver) or HEARD not in body_text(driver):
        raise JourneyError("the recorded opinion's page does not say it was recorded")
    check_page(driver, "recorded", report)
    full_page_shot(driver, shots, "08-recorded.png", saved)
    recorded = path_of(driver).rsplit("/", 1)[-1]

    log("draft a suggestion")
    driver.get(base + "/suggestions/new")
    wait_css(driver, 'form[action="/suggestions/new"]', t, "/suggestions/new")
    check_page(driver, "draft", report)
    full_page_shot(driver, shots, "09-draft.png", saved)
    driver.get(base + "/suggestions")
    wait_css(driver, 'a[href="/suggestions/new"]', t, "/suggestions")
    check_page(driver, "suggestions", report)
    full_page_shot(driver, shots, "10-suggestions.png", saved)

    log(f"ok in {time.monotonic() - started:.1f}s")
    return {"recorded": recorded, "screenshots": saved, "axe": report}


def main():
    return main_for(__doc__, [
        ("--base-url", {"required": True, "help": "the console, e.g. http://127.0.0.1:8086"}),
        ("--login", {"required": True, "help": "the deputy's login"}),
        ("--password", {"required": True, "help": "its one-time password"}),
        ("--opinion", {"required": True, "help": "the id of an opinion of the deputy's station, waiting for triage"}),
        ("--search", {"required": True, "help": "a Chinese word of that opinion"}),
    ], journey, log)


if __name__ == "__main__":
    sys.exit(main())
