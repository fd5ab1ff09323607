"""The blog in a real browser: headless Chromium driven through Selenium against `satchel-server --demo`.

Run by scripts/browser-tests.sh, which starts the server and sets SATCHEL_URL and ARTIFACTS.
"""
import base64
import json
import os
import shutil
import sys
import unittest
import struct
import time
import urllib.request
import zlib

import feedparser
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("SATCHEL_URL", "http://127.0.0.1:8080")
ARTIFACTS = os.environ.get("ARTIFACTS", "browser-artifacts")
COMMENTER_EMAIL = "browser.tester@example.org"
DEMO_PASSWORD = "satchel-demo"


def fetch(path, data=None, headers=None):
    """GET (or POST JSON) over plain HTTP; returns (status, headers, body text)."""
    request = urllib.request.Request(BASE + path, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def api(method, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), headers=headers, method=method)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def png(width, height, hue):
    """A PNG of a colour gradient, written here (no imaging library needed)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        shade = y * 255 // max(1, height - 1)
        rows += bytes(v for x in range(width) for v in (x * 255 // max(1, width - 1), shade, hue))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b"")


def signed_in_get(path, token):
    request = urllib.request.Request(BASE + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def upload(data, name, token):
    request = urllib.request.Request(BASE + "/v1/media", data=data, method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "image/png",
        "Content-Disposition": f'attachment; filename="{name}"'})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


class BlogInABrowser(unittest.TestCase):
    """One browser for the whole suite; the tests run in order and share the server's state."""

    fetched = []  # every page and feed fetched, for the email check at the end

    @classmethod
    def setUpClass(cls):
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1100,900", "--force-color-profile=srgb", "--hide-scrollbars"):
            options.add_argument(argument)
        chromium = shutil.which("chromium")
        if chromium:
            options.binary_location = chromium
        cls.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        cls.driver.set_page_load_timeout(20)
        os.makedirs(ARTIFACTS, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    # Helpers

    def open(self, path):
        self.driver.get(BASE + path)
        self.remember()

    def remember(self):
        self.fetched.append((self.driver.current_url, self.driver.page_source))

    def click_and_wait(self, element):
        """Clicks a link or button and waits until the next page has replaced this one."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        element.click()

        def replaced(driver):
            # Mid-navigation Chromium can answer any command with a transient error (its old document's
            # execution context is gone before the new one exists); only a stale reference means "replaced",
            # and the new document must have finished loading.
            try:
                page.is_enabled()
                return False
            except StaleElementReferenceException:
                pass
            except WebDriverException:
                return False
            try:
                return driver.execute_script("return document.readyState") == "complete"
            except WebDriverException:
                return False

        WebDriverWait(self.driver, 10).until(replaced)
        self.remember()

    def submit_form(self):
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "form.reply button[type=submit]"))

    def screenshot(self, name):
        """A full-page PNG through the DevTools protocol (Selenium's own shot stops at the viewport)."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
        path = os.path.join(ARTIFACTS, name)
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        self.assertGreater(os.path.getsize(path), 10_000, "a real screenshot, not an empty image")

    def field(self, name):
        return self.driver.find_element(By.ID, "field-" + name)

    def assert_no_alert(self):
        with self.assertRaises(NoAlertPresentException):
            self.driver.switch_to.alert.text

    # The reader's path through the blog, in order

    def test_1_front_page_and_a_post(self):
        self.open("/")
        self.assertIn("The Satchel Dispatch", self.driver.title)
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        summaries = self.driver.find_elements(By.CSS_SELECTOR, "main article.summary")
        self.assertGreaterEqual(len(summaries), 5)
        self.assertEqual(self.driver.find_elements(By.TAG_NAME, "script"), [], "the pages need no JavaScript")
        self.screenshot("front-page.png")

        self.click_and_wait(self.driver.find_element(By.LINK_TEXT, "Why Offline First"))
        self.assertTrue(self.driver.current_url.endswith("/posts/why-offline-first"))
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Why Offline First")
        self.assertIn("Why Offline First", self.driver.title)
        author = self.driver.find_element(By.CSS_SELECTOR, "article.post header a[rel=author]")
        self.assertEqual(author.text, "Ada Lovelace")
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, ".reading-time").text, "2 min read")
        self.assertEqual(self.driver.find_element(By.ID, "comments-heading").text, "4 comments")
        caption = self.driver.find_element(By.CSS_SELECTOR, "figure.featured figcaption").text
        self.assertTrue(caption.startswith("The harbour at dawn"))
        image_loaded = self.driver.execute_script(
            "const i = document.querySelector('figure.featured img'); return i.complete && i.naturalWidth > 0;")
        self.assertTrue(image_loaded, "the featured image is served")
        reply = self.driver.find_element(By.CSS_SELECTOR, ".comment-list > li ol > li .comment-author")
        self.assertEqual(reply.text, "Ada Lovelace", "a reply nests under the comment it answers")
        feeds = self.driver.find_elements(By.CSS_SELECTOR, "head link[rel=alternate][type='application/atom+xml']")
        self.assertIn(BASE + "/authors/ada/feed.atom", [link.get_attribute("href") for link in feeds])
        self.screenshot("post-page.png")

    def test_2_comment_form_refuses_a_missing_email_and_keeps_the_text(self):
        self.open("/posts/why-offline-first")
        self.field("body").send_keys("Typed in a real browser, kept through an error.")
        self.field("name").send_keys("Browser Tester")
        self.submit_form()
        email = self.field("email")
        self.assertEqual(email.get_attribute("aria-invalid"), "true")
        error = self.driver.find_element(By.ID, "error-email")
        self.assertEqual(error.text, "Email is required.")
        self.assertEqual(email.get_attribute("aria-describedby"), "error-email")
        same_field = self.driver.execute_script(
            "return document.getElementById('error-email').parentElement"
            " === document.getElementById('field-email').parentElement;")
        self.assertTrue(same_field, "the error sits next to its field")
        self.assertEqual(self.field("body").get_attribute("value"), "Typed in a real browser, kept through an error.")
        self.assertEqual(self.field("name").get_attribute("value"), "Browser Tester")
        self.assertIsNone(self.field("name").get_attribute("aria-invalid"))

    def test_3_comment_form_publishes(self):
        # Goes on from the refused form of the previous test, as a reader would.
        if not self.driver.current_url.startswith(BASE + "/posts/why-offline-first"):
            self.open("/posts/why-offline-first")
            self.field("body").send_keys("Typed in a real browser, kept through an error.")
            self.field("name").send_keys("Browser Tester")
        self.field("email").send_keys(COMMENTER_EMAIL)
        self.submit_form()
        self.assertIn("/posts/why-offline-first?comment=", self.driver.current_url)
        notice = self.driver.find_element(By.CSS_SELECTOR, ".notice").text
        if "comment=held" in self.driver.current_url:
            self.assertEqual(notice, "Your comment is awaiting moderation.")
        else:
            self.assertEqual(notice, "Thank you: your comment is published.")
            bodies = [element.text for element in self.driver.find_elements(By.CSS_SELECTOR, ".comment .comment-body")]
            self.assertIn("Typed in a real browser, kept through an error.", bodies)
            self.assertEqual(self.driver.find_element(By.ID, "comments-heading").text, "5 comments")

    def test_4_random_link_and_an_authors_feed_link(self):
        self.open("/")
        self.click_and_wait(self.driver.find_element(By.LINK_TEXT, "Random link"))
        self.assertIn("/posts/", self.driver.current_url)
        self.assertTrue(self.driver.find_element(By.TAG_NAME, "h1").text)
        username = self.driver.find_element(By.CSS_SELECTOR, "article.post header a[rel=author]") \
            .get_attribute("href").rsplit("/", 1)[-1]
        self.click_and_wait(self.driver.find_element(By.LINK_TEXT, "Follow"))
        self.assertEqual(self.driver.current_url, f"{BASE}/authors/{username}/feed.atom")
        status, headers, text = fetch(f"/authors/{username}/feed.atom")
        self.fetched.append((f"/authors/{username}/feed.atom", text))
        self.assertEqual(status, 200)
        feed = feedparser.parse(text)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(feed.version, "atom10")
        self.assertTrue(feed.entries)
        names = {"ada": "Ada Lovelace", "grace": "Grace Hopper"}
        self.assertTrue(all(entry.author == names[username] for entry in feed.entries))

    def test_5_a_script_in_a_post_is_text_and_the_feeds_carry_the_new_post(self):
        token = api("POST", "/v1/tokens", {"username": "grace", "password": DEMO_PASSWORD})["token"]
        post = api("POST", "/v1/posts", {
            "title": "Markup stays text", "tags": ["security"],
            "body": "Before.\n\n<script>alert(1)</script>\n\nAfter."}, token)
        self.open("/posts/" + post["slug"])
        self.assert_no_alert()
        paragraphs = [p.text for p in self.driver.find_elements(By.CSS_SELECTOR, ".post-body p")]
        self.assertIn("<script>alert(1)</script>", paragraphs)
        self.assertEqual(self.driver.find_elements(By.TAG_NAME, "script"), [])

        status, headers, site_text = fetch("/feed.atom")
        self.fetched.append(("/feed.atom", site_text))
        site = feedparser.parse(site_text)
        self.assertFalse(site.bozo, site.get("bozo_exception"))
        self.assertEqual(site.version, "atom10")
        self.assertEqual(site.entries[0].title, "Markup stays text")
        self.assertEqual(site.entries[0].id, "urn:uuid:" + post["id"].lower())
        self.assertEqual(len({entry.id for entry in site.entries}), len(site.entries))
        self.assertIn("&lt;script&gt;", site.entries[0].content[0].value)
        _, _, grace_text = fetch("/authors/grace/feed.atom")
        _, _, ada_text = fetch("/authors/ada/feed.atom")
        self.fetched += [("/authors/grace/feed.atom", grace_text), ("/authors/ada/feed.atom", ada_text)]
        self.assertEqual(feedparser.parse(grace_text).entries[0].title, "Markup stays text")
        self.assertNotIn("Markup stays text", [e.title for e in feedparser.parse(ada_text).entries])

        again, _, _ = fetch("/feed.atom", headers={"If-None-Match": headers["ETag"]})
        self.assertEqual(again, 304)
        since, _, _ = fetch("/feed.atom", headers={"If-Modified-Since": headers["Last-Modified"]})
        self.assertEqual(since, 304)

    def test_7_a_post_with_a_featured_image_and_two_figures(self):
        token = api("POST", "/v1/tokens", {"username": "grace", "password": DEMO_PASSWORD})["token"]
        items = []
        for index, (alt, hue) in enumerate([("A red dawn", 40), ("A green field", 120), ("A blue sea", 220)]):
            media = upload(png(2000, 1000, hue), f"photo-{index}.png", token)
            items.append(api("PATCH", "/v1/media/" + media["id"], {"alt": alt, "caption": alt + ", in colour"}, token))
        deadline = time.monotonic() + 60
        while True:
            states = [signed_in_get("/v1/media/" + item["id"], token) for item in items]
            if all(state["variantsStatus"] == "ready" for state in states):
                break
            self.assertLess(time.monotonic(), deadline, "variants made within a minute")
            time.sleep(0.2)
        long_text = "\n\n".join(["A paragraph that keeps the figures below the first screen. " * 8] * 6)
        body = (f"![](media:{items[0]['id']})\n\nThe morning.\n\n{long_text}\n\n"
                f"![](media:{items[1]['id']} \"The field at noon\")\n\n{long_text}\n\n![](media:{items[2]['id']})\n")
        post = api("POST", "/v1/posts", {"title": "Three colours", "tags": ["photos"], "body": body}, token)

        chosen = {}
        for width in (400, 1600):
            self.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            self.open("/posts/" + post["slug"])
            images = self.driver.find_elements(By.CSS_SELECTOR, "article.post img")
            self.assertEqual(len(images), 3)
            for image in images:
                self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
                WebDriverWait(self.driver, 10).until(
                    lambda _: self.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
            self.driver.execute_script("window.scrollTo(0, 0)")
            for image in images:
                self.assertGreater(self.driver.execute_script("return arguments[0].naturalWidth", image), 0)
                self.assertTrue(image.get_dom_attribute("alt"), "every image has alt text")
                self.assertTrue(image.get_dom_attribute("width") and image.get_dom_attribute("height"), "width and height are set")
            self.assertIsNone(images[0].get_dom_attribute("loading"), "the featured image is not lazy")
            self.assertEqual([image.get_dom_attribute("loading") for image in images[1:]], ["lazy", "lazy"])
            captions = [c.text for c in self.driver.find_elements(By.CSS_SELECTOR, "article.post figcaption")]
            self.assertEqual(captions, ["A red dawn, in colour", "The field at noon", "A blue sea, in colour"])
            shift = self.driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                let total = 0;
                new PerformanceObserver(list => {
                    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
                }).observe({type: 'layout-shift', buffered: true});
                setTimeout(() => done(total), 300);
            """)
            self.assertLess(shift, 0.01, f"no layout shift from images at {width} px")
            chosen[width] = self.driver.execute_script("return arguments[0].currentSrc", images[0])
            og = self.driver.find_element(By.CSS_SELECTOR, "meta[property='og:image']").get_attribute("content")
            self.assertTrue(og.startswith("http") and "/media/" in og)
            self.screenshot(f"post-with-images-{width}.png")
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.assertNotEqual(chosen[400], chosen[1600], f"srcset picks by viewport: {chosen}")

    def test_6_no_page_or_feed_shows_a_commenters_email(self):
        for path in ("/", "/posts/why-offline-first", "/authors/ada", "/tags/sync", "/search?q=offline",
                     "/feed.atom", "/tags/sync/feed.atom"):
            _, _, text = fetch(path)
            self.fetched.append((path, text))
        self.assertGreater(len(self.fetched), 12)
        commented = [text for _, text in self.fetched if "Typed in a real browser" in text]
        self.assertTrue(commented, "the comment was on some fetched page")
        for where, text in self.fetched:
            self.assertNotIn(COMMENTER_EMAIL, text, where)
            self.assertNotIn("charles@example.com", text, where)


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    failed = len(result.failures) + len(result.errors)
    print(f"browser: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed or not result.wasSuccessful() else 0)
