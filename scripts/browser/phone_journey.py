#!/usr/bin/env python3
"""Phone-sized browser journey through the Youyue intake citizen pages.

Drives headless Debian Chromium (via the system chromedriver) emulating a
390x844 phone through: station page -> validation error (422 re-render) ->
successful submission -> thank-you page -> receipt page.

Usage:
    python3 scripts/browser/phone_journey.py --base-url http://127.0.0.1:PORT \
        --station CODE --screenshots DIR

On success prints one JSON line on stdout:
    {"receiptCode": "...", "receiptStatus": "...", "screenshots": [...]}
and exits 0. On failure prints a message (with a page text excerpt) to
stderr, saves DIR/failure.png when possible, and exits 1.

Install prerequisites with scripts/browser/install.sh (Debian 12, root).
"""
import argparse
import json
import os
import re
import sys
import time
from urllib.parse import quote, urlparse

# Selenium Manager would try to download a driver/browser; there is no network
# for that here, and we always use the system chromedriver anyway.
os.environ["SE_OFFLINE"] = "true"

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("phone_journey: selenium is not installed; run scripts/browser/install.sh",
          file=sys.stderr)
    sys.exit(1)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# iPhone 12-15 CSS size; an Android Chrome UA so servers see a phone browser
# that matches the engine actually rendering the page.
PHONE_WIDTH, PHONE_HEIGHT, PIXEL_RATIO = 390, 844, 2
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")

SHORT_CONTENT = "短"
GOOD_CONTENT = "小区门口的路灯坏了一个多月，晚上出行很不安全，希望尽快修复。"
PLACE = "幸福小区3号楼东门"

# Contract with the intake service (see the report / README of this folder).
FORM = "form#opinion-form"
SUBMIT = "#submit-opinion"
FIELD_NAMES = ["category", "content", "place", "contact", "contactConsent", "anonymous", "csrf"]
CONTENT_ERROR = 'p.field-error[data-field="content"]'
RECEIPT_CODE = "#receipt-code"
RECEIPT_LINK = "a#receipt-link"
RECEIPT_STATUS = "#receipt-status"
TIMELINE_STEP = ".timeline-step"
CURRENT_STAGE = 'li.stage[aria-current="step"]'

CJK = re.compile(r"[\u4e00-\u9fff]")


class JourneyError(Exception):
    """A check failed; the message says which and why."""


def log(msg):
    print(f"phone_journey: {msg}", file=sys.stderr, flush=True)


def make_driver(timeout):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--lang=zh-CN", "--hide-scrollbars"):
        opts.add_argument(flag)
    opts.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT,
                          "pixelRatio": PIXEL_RATIO, "touch": True, "mobile": True},
        "userAgent": PHONE_UA,
    })
    # Servers may negotiate language; a citizen's phone asks for Chinese.
    opts.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(timeout)
    return driver


def page_excerpt(driver, limit=800):
    """Where we are and what the page says, for failure messages."""
    try:
        text = driver.execute_script("return document.body ? document.body.innerText : ''") or ""
        text = re.sub(r"\s+", " ", text).strip()
        if len(text) > limit:
            text = text[:limit] + "…"
        return f"url={driver.current_url} title={driver.title!r}\npage text: {text}"
    except WebDriverException as e:
        return f"(could not read page: {e.msg})"


def nav_status(driver):
    """HTTP status of the current document (Chromium exposes it on the
    navigation timing entry); None if unavailable. Selenium itself has no API."""
    return driver.execute_script(
        "const e = performance.getEntriesByType('navigation')[0];"
        "return e && e.responseStatus ? e.responseStatus : null;")


def wait_css(driver, css, timeout, what):
    try:
        return WebDriverWait(driver, timeout).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, css)))
    except TimeoutException:
        raise JourneyError(f"{what}: no element matching {css!r} after {timeout}s")


def click_and_wait_for_new_page(driver, element, timeout, what):
    """Click and wait until another document has replaced this one and finished loading.
    The old document is marked in script rather than watched through an element: Chromium
    sometimes answers a call on an element of a document being replaced with "Node with given
    id does not belong to the document", an error selenium's staleness check does not expect.
    While the page changes, scripts may fail to run; those tries are ignored."""
    driver.execute_script("window.youyueJourneyOldPage = true;")
    element.click()
    try:
        WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script(
                "return !window.youyueJourneyOldPage && document.readyState === 'complete';"))
    except TimeoutException:
        raise JourneyError(f"{what}: page did not change within {timeout}s")


def submit_and_wait(driver, timeout):
    """Click submit and wait until the answer's page has loaded."""
    click_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, SUBMIT), timeout,
                                f"after clicking {SUBMIT}")


def check_phone_layout(driver, what):
    """Phone pages need a viewport meta (else the phone renders at ~980px and
    zooms out) and must not scroll sideways."""
    metas = driver.find_elements(By.CSS_SELECTOR, 'meta[name="viewport"]')
    if not metas:
        raise JourneyError(f"{what}: no <meta name=\"viewport\"> tag")
    content = (metas[0].get_attribute("content") or "").replace(" ", "")
    if "width=device-width" not in content:
        raise JourneyError(f"{what}: viewport meta lacks width=device-width (content={content!r})")
    # Under Chromium mobile emulation window.innerWidth grows to the content
    # width (page is zoomed out to fit), so scrollWidth <= innerWidth alone
    # never fails; the layout viewport (documentElement.clientWidth) stays at
    # device width, so compare against the smaller of the two.
    scroll_w, inner_w, client_w = driver.execute_script(
        "const d = document.documentElement;"
        "return [d.scrollWidth, window.innerWidth, d.clientWidth];")
    viewport_w = min(inner_w, client_w)
    if scroll_w > viewport_w:
        raise JourneyError(f"{what}: horizontal scroll on a phone: document scrollWidth "
                           f"{scroll_w}px > viewport {viewport_w}px "
                           f"(innerWidth {inner_w}, clientWidth {client_w})")
    # Text that spills out of its box is cut off without making the page scroll: look for any
    # element whose content is wider than the element itself, or that ends past the viewport.
    spilled = driver.execute_script("""
        const width = document.documentElement.clientWidth;
        const out = [];
        for (const e of document.body.querySelectorAll('*')) {
          const r = e.getBoundingClientRect();
          if (r.width === 0) continue;
          if (r.right > width + 1 || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto')
            out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 30));
        }
        return out.slice(0, 5);""")
    if spilled:
        raise JourneyError(f"{what}: content wider than a phone screen: {spilled}")


def warn_if_tofu(driver):
    """Warn (only) if CJK glyphs look missing: draw two different characters on
    a canvas; with no CJK font both become the same .notdef box."""
    same = driver.execute_script("""
        function draw(ch) {
          const c = document.createElement('canvas'); c.width = 40; c.height = 40;
          const g = c.getContext('2d'); g.font = '32px sans-serif'; g.fillStyle = '#000';
          g.fillText(ch, 2, 32); return c.toDataURL();
        }
        return draw('电') === draw('梯');""")
    if same:
        log("WARNING: Chinese glyphs may render as tofu (no CJK font?); "
            "run scripts/browser/install.sh (installs fonts-noto-cjk)")


def shot(driver, shots_dir, name, saved):
    path = os.path.join(shots_dir, name)
    if not driver.save_screenshot(path):
        raise JourneyError(f"could not save screenshot {path}")
    saved.append(path)


def check_form_fields(driver, what):
    """Fail early with a list of missing names rather than on a later click."""
    missing = [n for n in FIELD_NAMES
               if not driver.find_elements(By.CSS_SELECTOR, f'{FORM} [name="{n}"]')]
    if missing:
        raise JourneyError(f"{what}: form {FORM!r} lacks fields named {missing}")
    if not driver.find_elements(By.CSS_SELECTOR, f"{FORM} {SUBMIT}"):
        raise JourneyError(f"{what}: no {SUBMIT} button inside {FORM}")


def field(driver, name):
    return driver.find_element(By.CSS_SELECTOR, f'{FORM} [name="{name}"]')


def fill(driver, name, text):
    el = field(driver, name)
    el.clear()
    el.send_keys(text)


def field_errors(driver):
    return {e.get_attribute("data-field"): e.text.strip()
            for e in driver.find_elements(By.CSS_SELECTOR, "p.field-error")}


def run_journey(args, journey):
    """Starts Chromium, runs `journey(driver, args, saved, started)`, and on a failure saves
    failure.png and the page's text beside the error. Every check in this folder runs this way."""
    os.makedirs(args.screenshots, exist_ok=True)
    saved = []
    started = time.monotonic()
    try:
        driver = make_driver(args.timeout)
    except WebDriverException as e:
        raise JourneyError(f"could not start chromium/chromedriver ({CHROMIUM}, {CHROMEDRIVER}): "
                           f"{e.msg}; run scripts/browser/install.sh") from None
    try:
        return journey(driver, args, saved, started)
    except (JourneyError, WebDriverException) as e:
        msg = str(e) if isinstance(e, JourneyError) else f"browser error: {e.msg}"
        excerpt = page_excerpt(driver)
        try:
            driver.save_screenshot(os.path.join(args.screenshots, "failure.png"))
        except WebDriverException:
            pass
        raise JourneyError(f"{msg}\n{excerpt}") from None
    finally:
        driver.quit()


def main_for(doc, arguments, journey, log):
    """A check's command line: `arguments` as (flag, options) pairs beside the common
    --screenshots and --timeout; prints the journey's result as JSON, or FAILED (through the
    check's own `log`) and exits 1."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    for flag, options in arguments:
        ap.add_argument(flag, **options)
    ap.add_argument("--screenshots", required=True, help="directory for PNG screenshots")
    ap.add_argument("--timeout", type=float, default=20, help="seconds per wait (default 20)")
    args = ap.parse_args()
    try:
        result = run_journey(args, journey)
    except JourneyError as e:
        log(f"FAILED: {e}")
        return 1
    sys.stdout.reconfigure(encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def station_journey(driver, args, saved, started):
    """The citizen's journey from the station page `--station` names."""
    base = args.base_url.rstrip("/")
    return journey(driver, f"{base}/s/{quote(args.station, safe='')}", args, saved, started)


def journey(driver, station_url, args, saved, started):
    t = args.timeout

    # 1. Station page.
    log(f"open {station_url}")
    driver.get(station_url)
    status = nav_status(driver)
    if status is not None and status != 200:
        raise JourneyError(f"station page: HTTP {status}, expected 200")
    wait_css(driver, FORM, t, "station page")
    check_form_fields(driver, "station page")
    if not field(driver, "csrf").get_attribute("value"):
        raise JourneyError("station page: hidden csrf input is empty")
    check_phone_layout(driver, "station page")
    warn_if_tofu(driver)
    shot(driver, args.screenshots, "station.png", saved)

    # 2. Too-short content: expect 422 re-render with a content error, input kept.
    log("submit too-short content")
    fill(driver, "content", SHORT_CONTENT)
    fill(driver, "place", PLACE)
    submit_and_wait(driver, t)
    err = wait_css(driver, CONTENT_ERROR, t, "after too-short content")
    status = nav_status(driver)
    if status is not None and status != 422:
        raise JourneyError(f"validation error page: HTTP {status}, expected 422")
    if not CJK.search(err.text):
        raise JourneyError(f"content field-error is not a Chinese message: {err.text!r}")
    check_form_fields(driver, "validation error page")
    kept_place = field(driver, "place").get_attribute("value")
    if kept_place != PLACE:
        raise JourneyError(f"validation error page did not keep place: {kept_place!r} != {PLACE!r}")
    kept_content = field(driver, "content").get_attribute("value")
    if kept_content != SHORT_CONTENT:
        raise JourneyError(f"validation error page did not keep content: {kept_content!r}")
    check_phone_layout(driver, "validation error page")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", err)
    shot(driver, args.screenshots, "error.png", saved)

    # 3. Valid submission.
    select = Select(field(driver, "category"))
    real = [o for o in select.options if (o.get_attribute("value") or "").strip() and o.is_enabled()]
    if not real:
        raise JourneyError("category select has no option with a non-empty value")
    category = real[0].get_attribute("value")
    select.select_by_value(category)
    fill(driver, "content", GOOD_CONTENT)
    fill(driver, "place", PLACE)
    log(f"submit valid opinion (category={category})")
    submit_and_wait(driver, t)
    WebDriverWait(driver, t).until(lambda d: d.find_elements(By.CSS_SELECTOR, RECEIPT_CODE)
                                   or d.find_elements(By.CSS_SELECTOR, "p.field-error"))
    if not driver.find_elements(By.CSS_SELECTOR, RECEIPT_CODE):
        raise JourneyError(f"valid submission was rejected with field errors: {field_errors(driver)}")

    # 4. Thank-you page: receipt code and link to the receipt page.
    code = driver.find_element(By.CSS_SELECTOR, RECEIPT_CODE).text.strip()
    if not code:
        raise JourneyError(f"thank-you page: {RECEIPT_CODE} is empty")
    link = wait_css(driver, RECEIPT_LINK, t, "thank-you page")
    href_path = urlparse(link.get_attribute("href") or "").path
    if href_path != f"/r/{code}":
        raise JourneyError(f"thank-you page: {RECEIPT_LINK} href path {href_path!r} != '/r/{code}'")
    check_phone_layout(driver, "thank-you page")
    shot(driver, args.screenshots, "thanks.png", saved)

    # 5. Receipt page via the link, as a citizen would tap it.
    log(f"open receipt {code}")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    click_and_wait_for_new_page(driver, link, t, f"after tapping {RECEIPT_LINK}")
    shown = wait_css(driver, RECEIPT_CODE, t, "receipt page").text.strip()
    if shown != code:
        raise JourneyError(f"receipt page shows code {shown!r}, expected {code!r}")
    status_text = wait_css(driver, RECEIPT_STATUS, t, "receipt page").text.strip()
    if not status_text:
        raise JourneyError(f"receipt page: {RECEIPT_STATUS} is empty")
    if not driver.find_elements(By.CSS_SELECTOR, TIMELINE_STEP):
        raise JourneyError(f"receipt page: no {TIMELINE_STEP} items")
    if len(driver.find_elements(By.CSS_SELECTOR, CURRENT_STAGE)) != 1:
        raise JourneyError(f"receipt page: not exactly one {CURRENT_STAGE}")
    body = driver.find_element(By.TAG_NAME, "body").text
    if GOOD_CONTENT not in body:
        raise JourneyError("receipt page does not show the submitted content")
    check_phone_layout(driver, "receipt page")
    shot(driver, args.screenshots, "receipt.png", saved)

    log(f"ok in {time.monotonic() - started:.1f}s")
    return {"receiptCode": code, "receiptStatus": status_text, "screenshots": saved}


def main():
    return main_for(__doc__, [
        ("--base-url", {"required": True, "help": "e.g. http://127.0.0.1:8080"}),
        ("--station", {"required": True, "help": "station code, as in /s/{code}"}),
    ], station_journey, log)


if __name__ == "__main__":
    sys.exit(main())
