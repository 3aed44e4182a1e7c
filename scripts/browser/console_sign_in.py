#!/usr/bin/env python3
"""Phone-sized browser check of the console's sign-in (the work platform, 工作平台).

Drives headless Debian Chromium (via the system chromedriver) emulating a 390x844 phone, as the
first admin of a fresh installation: /login with a wrong password (refused in Chinese) -> /login
with the one-time password -> made to set a new password -> made to enrol TOTP (the secret is
read off the page, the code computed here, RFC 6238) -> home page -> adds a deputy on /accounts
-> signs out -> signs in again with the new password and a fresh TOTP code -> home page.
axe-core checks /login, /password, the TOTP pages, the home and the accounts page (no serious
or critical violation); every page must fit a phone's width and show Chinese glyphs.

Usage:
    python3 scripts/browser/console_sign_in.py --base-url http://127.0.0.1:PORT \
        --login admin --password ONE-TIME --screenshots DIR

On success prints one JSON line on stdout:
    {"deputy": "...", "screenshots": [...], "axe": {"page": [minor/moderate rule ids]}}
and exits 0. On failure prints a message (with a page text excerpt) to stderr, saves
DIR/failure.png when possible, and exits 1.

Install prerequisites with scripts/browser/install.sh (Debian 12, root).
"""
import base64
import hashlib
import hmac
import os
import re
import struct
import sys
import time
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The phone, the waits and the layout checks are the citizen journey's own.
from phone_journey import (JourneyError, main_for, By, check_phone_layout,  # noqa: E402
                           click_and_wait_for_new_page, nav_status,
                           shot, wait_css)

# selenium-axe-python carries axe-core 4.x; the older axe-selenium-python carries axe-core 3.1,
# which takes autocomplete="one-time-code" for an error.
try:
    from selenium_axe_python import Axe
except ImportError:
    print("console_sign_in: selenium-axe-python is not installed; run scripts/browser/install.sh",
          file=sys.stderr)
    sys.exit(1)

NEW_PASSWORD = "Jianghan-人大-2026春"
CJK = re.compile(r"[\u4e00-\u9fff]")
DEPUTY = {"login": "gao.hanzhu", "displayName": "高涵竹", "role": "deputy", "district": "jianghan",
          "deputy": "dep-0001"}


def log(msg):
    print(f"console_sign_in: {msg}", file=sys.stderr, flush=True)


def totp(secret_text, at, step=30, digits=6):
    """RFC 6238 with HMAC-SHA1, as every authenticator app computes it; `secret_text` is the
    Base32 secret as the page shows it (in groups, without padding)."""
    secret = re.sub(r"\s+", "", secret_text).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // step)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** digits).zfill(digits)


def path_of(driver):
    return urlparse(driver.current_url).path


def expect_path(driver, path, what):
    if path_of(driver) != path:
        raise JourneyError(f"{what}: expected to be on {path}, but on {driver.current_url}")


def check_chinese_renders(driver, what):
    """Fails when Chinese glyphs are missing: two different characters drawn in the page's own
    font come out alike (both the .notdef box) when no CJK font is there."""
    same = driver.execute_script("""
        const font = getComputedStyle(document.body).font;
        function draw(ch) {
          const c = document.createElement('canvas'); c.width = 48; c.height = 48;
          const g = c.getContext('2d'); g.font = font.replace(/\\d+(\\.\\d+)?px/, '32px'); g.fillStyle = '#000';
          g.fillText(ch, 4, 36); return c.toDataURL();
        }
        return draw('登') === draw('录');""")
    if same:
        raise JourneyError(f"{what}: Chinese text renders as empty boxes (no CJK font? "
                           f"scripts/browser/install.sh installs fonts-noto-cjk)")


def check_axe(driver, what, report):
    """axe-core on the page as it is: serious and critical violations fail; the rest are
    reported by rule id."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    if bad:
        details = "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                            f"{[n['target'] for n in v['nodes']][:3]}" for v in bad)
        raise JourneyError(f"{what}: accessibility violations: {details}")
    report[what] = sorted(v["id"] for v in results["violations"])


def check_page(driver, what, report=None):
    check_phone_layout(driver, what)
    check_chinese_renders(driver, what)
    if report is not None:
        check_axe(driver, what, report)


def full_page_shot(driver, shots_dir, name, saved):
    """The whole page, not only what the phone's screen shows (for the long accounts page)."""
    path = os.path.join(shots_dir, name)
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    with open(path, "wb") as f:
        f.write(base64.b64decode(data["data"]))
    saved.append(path)


def line_count(driver, element):
    """How many lines the element's text takes on the screen."""
    return driver.execute_script("""
        const r = document.createRange(); r.selectNodeContents(arguments[0]);
        return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size;""", element)


def fill(driver, name, text):
    field = driver.find_element(By.CSS_SELECTOR, f'form [name="{name}"]')
    field.clear()
    field.send_keys(text)


def submit(driver, form_action, timeout, what):
    """Taps the submit button of the form posting to `form_action`, scrolled into view as a
    thumb would."""
    button = driver.find_element(By.CSS_SELECTOR, f'form[action="{form_action}"] button[type="submit"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    click_and_wait_for_new_page(driver, button, timeout, what)


def alert_text(driver):
    alerts = driver.find_elements(By.CSS_SELECTOR, ".alert")
    return alerts[0].text.strip() if alerts else ""


def sign_in(driver, base, login, password, t, shots, saved, name, report=None):
    driver.get(base + "/login")
    status = nav_status(driver)
    if status is not None and status != 200:
        raise JourneyError(f"/login: HTTP {status}, expected 200")
    wait_css(driver, 'form[action="/login"]', t, "/login")
    check_page(driver, "/login", report)
    fill(driver, "login", login)
    fill(driver, "password", password)
    shot(driver, shots, name, saved)
    submit(driver, "/login", t, "after signing in")
    if path_of(driver) == "/login":
        raise JourneyError(f"sign-in refused: {alert_text(driver)!r}")


def enter_code(driver, action, secret, at, t, what):
    fill(driver, "code", totp(secret, at))
    submit(driver, action, t, what)


def journey(driver, args, saved, started):
    t, shots, base = args.timeout, args.screenshots, args.base_url.rstrip("/")
    report = {}

    # 0. A wrong password: the same page again, with a message in Chinese that a screen reader
    # announces.
    log("a wrong password first")
    driver.get(base + "/login")
    wait_css(driver, 'form[action="/login"]', t, "/login")
    fill(driver, "login", args.login)
    fill(driver, "password", "not-the-password")
    submit(driver, "/login", t, "after a wrong password")
    expect_path(driver, "/login", "after a wrong password")
    message = wait_css(driver, '.alert[role="alert"]', t, "/login after a wrong password").text
    if not CJK.search(message):
        raise JourneyError(f"/login: the message for a wrong password is not in Chinese: {message!r}")
    check_page(driver, "/login (wrong password)", report)
    shot(driver, shots, "00-login-refused.png", saved)

    # 1. Sign in with the one-time password: the browser is sent to set a password of its own.
    log("sign in with the one-time password")
    sign_in(driver, base, args.login, args.password, t, shots, saved, "01-login.png", report)
    expect_path(driver, "/password", "after the one-time password")
    wait_css(driver, 'form[action="/password"]', t, "/password")
    check_page(driver, "/password", report)
    fill(driver, "current", args.password)
    fill(driver, "new", NEW_PASSWORD)
    fill(driver, "repeat", NEW_PASSWORD)
    shot(driver, shots, "02-password.png", saved)
    submit(driver, "/password", t, "after saving the new password")

    # 2. An admin must enrol TOTP before anything else.
    expect_path(driver, "/totp", "after the new password (an admin needs a second factor)")
    secret = wait_css(driver, "#secret", t, "/totp").text.strip()
    if not re.fullmatch(r"[A-Z2-7 ]{16,}", secret):
        raise JourneyError(f"/totp: the secret to type by hand is not Base32 text: {secret!r}")
    if not driver.find_elements(By.CSS_SELECTOR, "svg"):
        raise JourneyError("/totp: no QR code (svg) on the enrolment page")
    check_page(driver, "/totp", report)
    shot(driver, shots, "03-totp.png", saved)
    enrolled_at = time.time()
    enter_code(driver, "/totp", secret, enrolled_at, t, "after the enrolment code")
    if path_of(driver) != "/":
        raise JourneyError(f"enrolment refused: {alert_text(driver)!r}")
    check_page(driver, "home", report)
    if "两步验证已开启" not in driver.find_element(By.TAG_NAME, "body").text:
        raise JourneyError("home page after enrolment does not say 两步验证已开启")
    shot(driver, shots, "04-home.png", saved)

    # 3. Add a deputy through the accounts page, as the admin would on a phone.
    accounts = driver.find_elements(By.CSS_SELECTOR, 'a[href="/accounts"]')
    deputy = ""
    if accounts:
        log("add a deputy on /accounts")
        click_and_wait_for_new_page(driver, accounts[0], t, "after tapping 账号管理")
        wait_css(driver, 'form[action="/accounts"]', t, "/accounts")
        check_page(driver, "/accounts", report)
        full_page_shot(driver, shots, "05-accounts.png", saved)
        for name, value in DEPUTY.items():
            if name == "role":
                driver.find_element(By.CSS_SELECTOR, f'form select[name="role"] option[value="{value}"]').click()
            else:
                fill(driver, name, value)
        submit(driver, "/accounts", t, "after adding the deputy")
        body = driver.find_element(By.TAG_NAME, "body").text
        if f"已创建账号 {DEPUTY['login']}" not in body:
            raise JourneyError(f"adding the deputy failed: {alert_text(driver)!r} "
                               f"{[e.text for e in driver.find_elements(By.CSS_SELECTOR, '.field-error')]}")
        check_page(driver, "/accounts (added)")
        password = wait_css(driver, "#one-time-password", t, "/accounts (added)")
        if line_count(driver, password) != 1:
            raise JourneyError(f"the one-time password {password.text!r} is broken over lines on a phone")
        full_page_shot(driver, shots, "06-deputy-added.png", saved)
        deputy = DEPUTY["login"]
        driver.get(base + "/")

    # 4. Sign out from the home page.
    wait_css(driver, 'form[action="/logout"]', t, "home page")
    submit(driver, "/logout", t, "after signing out")
    expect_path(driver, "/login", "after signing out")
    driver.get(base + "/")
    expect_path(driver, "/login", "the home page after signing out")

    # 5. Sign in again: the new password, then a code. The enrolment's code was used once and is
    # not accepted again; the next step's code is (the server takes the step after its own).
    log("sign in again with the new password and a fresh code")
    sign_in(driver, base, args.login, NEW_PASSWORD, t, shots, saved, "07-login-again.png")
    expect_path(driver, "/login/code", "after the new password (the second factor)")
    wait_css(driver, 'form[action="/login/code"]', t, "/login/code")
    check_page(driver, "/login/code", report)
    shot(driver, shots, "08-code.png", saved)
    enter_code(driver, "/login/code", secret, max(time.time(), enrolled_at) + 30, t, "after the sign-in code")
    if path_of(driver) != "/":
        raise JourneyError(f"the sign-in code was refused: {alert_text(driver)!r}")
    check_page(driver, "home (signed in again)")
    shot(driver, shots, "09-home-again.png", saved)

    log(f"ok in {time.monotonic() - started:.1f}s")
    return {"deputy": deputy, "screenshots": saved, "axe": report}


def main():
    return main_for(__doc__, [
        ("--base-url", {"required": True, "help": "the console, e.g. http://127.0.0.1:8086"}),
        ("--login", {"default": "admin", "help": "the first admin's login (default admin)"}),
        ("--password", {"required": True, "help": "its one-time password"}),
    ], journey, log)


if __name__ == "__main__":
    sys.exit(main())
