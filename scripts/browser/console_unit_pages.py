#!/usr/bin/env python3
"""Phone-sized browser check of a handling unit's pages in the console (承办单位).

Drives headless Debian Chromium emulating a 390x844 phone, as a unit account whose password is
already its own and that has one new case: /login -> the home (待办) -> the case -> accept ->
a reply before any contact (refused beside the reply form, which is scrolled into view) -> log
a contact -> a B-class reply without its promise (refused beside the promise field) -> the
reply with its promise -> the list of replied cases. axe-core checks every page (no serious or critical violation); every
page must fit the phone's width and show Chinese glyphs.

Usage:
    python3 scripts/browser/console_unit_pages.py --base-url http://127.0.0.1:PORT \
        --login LOGIN --password PASSWORD --case CASE-ID --screenshots DIR

On success prints one JSON line on stdout: {"screenshots": [...], "axe": {"page": [rule ids]}}
and exits 0. On failure prints a message to stderr, saves DIR/failure.png, and exits 1.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from phone_journey import (JourneyError, By, main_for, click_and_wait_for_new_page,  # noqa: E402
                           nav_status, wait_css)
from console_sign_in import check_page, full_page_shot, sign_in, path_of  # noqa: E402


def log(msg):
    print(f"console_unit_pages: {msg}", file=sys.stderr, flush=True)


def form_field(driver, action, name):
    return driver.find_element(By.CSS_SELECTOR, f'form[action^="{action}"] [name="{name}"]')


def fill(driver, action, name, text):
    field = form_field(driver, action, name)
    field.clear()
    field.send_keys(text)


def set_value(driver, action, name, value):
    """A date field: typed keys depend on the locale's date format, so the value is set."""
    driver.execute_script("arguments[0].value = arguments[1];", form_field(driver, action, name), value)


def tap_submit(driver, action, t, what):
    button = driver.find_element(By.CSS_SELECTOR, f'form[action^="{action}"] button[type="submit"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    click_and_wait_for_new_page(driver, button, t, what)


def expect_status(driver, status, what):
    got = nav_status(driver)
    if got is not None and got != status:
        raise JourneyError(f"{what}: HTTP {got}, expected {status}")


def expect_in_view(driver, css, what):
    """The message must be on the phone's screen without scrolling to find it."""
    element = wait_css(driver, css, 5, what)
    top, bottom, height = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];", element)
    if top < -1 or bottom > height + 1:
        raise JourneyError(f"{what}: {css} is out of view (top {top:.0f}px, bottom {bottom:.0f}px, screen {height}px)")
    return element.text.strip()


def expect_text(driver, text, what):
    body = driver.find_element(By.TAG_NAME, "body").text
    if text not in body:
        raise JourneyError(f"{what}: the page does not say {text!r}")


def journey(driver, args, saved, started):
    t, shots, base = args.timeout, args.screenshots, args.base_url.rstrip("/")
    report = {}
    case_path = f"/cases/{args.case}"

    log("sign in and open the to-do list")
    sign_in(driver, base, args.login, args.password, t, shots, saved, "00-login.png")
    if path_of(driver) != "/":
        raise JourneyError(f"after signing in: on {driver.current_url}, expected /")
    wait_css(driver, f'a[href="{case_path}"]', t, "the unit's home lists its case")
    expect_text(driver, "还剩", "the unit's home shows the deadline in words")
    check_page(driver, "unit home", report)
    full_page_shot(driver, shots, "01-unit-home.png", saved)

    log("open the case and accept it")
    click_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, f'a[href="{case_path}"]'), t, "after tapping the case")
    wait_css(driver, f'form[action^="{case_path}/accept"]', t, "the case page's accept form")
    check_page(driver, "case (new)", report)
    full_page_shot(driver, shots, "02-case-new.png", saved)
    tap_submit(driver, f"{case_path}/accept", t, "after accepting")
    expect_in_view(driver, "#notice", "after accepting")
    check_page(driver, "case (accepted)", report)
    full_page_shot(driver, shots, "03-case-accepted.png", saved)

    log("a reply before any contact is refused beside the reply form")
    expect_text(driver, "答复前须先与领衔代表沟通", "the reply form says a contact comes first")
    driver.find_element(By.CSS_SELECTOR, 'form[action^="' + case_path + '/reply"] input[name="result"][value="A"]').click()
    fill(driver, f"{case_path}/reply", "text", "已督促物业更换全部楼道灯并建立报修台账。")
    tap_submit(driver, f"{case_path}/reply", t, "after replying before contact")
    expect_status(driver, 409, "a reply before contact")
    message = expect_in_view(driver, "#reply-error", "a reply before contact")
    if "沟通" not in message:
        raise JourneyError(f"a reply before contact: the message does not name the contact: {message!r}")
    check_page(driver, "case (reply refused)", report)
    driver.save_screenshot(os.path.join(shots, "04-reply-refused.png"))
    saved.append(os.path.join(shots, "04-reply-refused.png"))

    log("log a contact")
    fill(driver, f"{case_path}/contact", "method", "当面")
    fill(driver, f"{case_path}/contact", "summary", "与代表一起查看楼道，商定维修安排")
    tap_submit(driver, f"{case_path}/contact", t, "after logging the contact")
    expect_in_view(driver, "#notice", "after logging the contact")
    check_page(driver, "case (contact logged)", report)

    log("a B-class reply without its promise, then with it")
    driver.find_element(By.CSS_SELECTOR, 'form[action^="' + case_path + '/reply"] input[name="result"][value="B"]').click()
    fill(driver, f"{case_path}/reply", "text", "已列入明年老旧小区改造计划，先行更换损坏灯具。")
    tap_submit(driver, f"{case_path}/reply", t, "after a B reply without promise")
    expect_status(driver, 422, "a B reply without promise")
    message = expect_in_view(driver, "#reply-promise-what-error", "a B reply without promise")
    if "承诺" not in message:
        raise JourneyError(f"a B reply without promise: unexpected message {message!r}")
    check_page(driver, "case (promise missing)", report)
    driver.save_screenshot(os.path.join(shots, "05-promise-missing.png"))
    saved.append(os.path.join(shots, "05-promise-missing.png"))
    fill(driver, f"{case_path}/reply", "promiseWhat", "完成3栋楼道照明改造")
    set_value(driver, f"{case_path}/reply", "promiseDue", "2099-06-30")
    tap_submit(driver, f"{case_path}/reply", t, "after the B reply with its promise")
    expect_in_view(driver, "#notice", "after the reply")
    expect_text(driver, "完成3栋楼道照明改造", "the replied case shows its promise")
    check_page(driver, "case (replied)", report)
    full_page_shot(driver, shots, "06-case-replied.png", saved)

    log("the replied case is listed under 已答复、已办结, not under 待办")
    driver.get(base + "/")
    expect_text(driver, "目前没有需要办理的交办", "the to-do list after the reply")
    click_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, 'a[href="/?show=done"]'), t, "after tapping 已答复、已办结")
    wait_css(driver, f'a[href="{case_path}"]', t, "the replied list")
    check_page(driver, "unit home (replied)", report)
    full_page_shot(driver, shots, "07-unit-replied.png", saved)

    log(f"ok in {time.monotonic() - started:.1f}s")
    return {"screenshots": saved, "axe": report}


def main():
    return main_for(__doc__, [
        ("--base-url", {"required": True, "help": "the console, e.g. http://127.0.0.1:8086"}),
        ("--login", {"required": True, "help": "the unit account's login"}),
        ("--password", {"required": True, "help": "its password (already its own)"}),
        ("--case", {"required": True, "help": "the id of the unit's new case"}),
    ], journey, log)


if __name__ == "__main__":
    sys.exit(main())
