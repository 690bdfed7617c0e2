"""The page frame every visitor page shares, as Chromium shows it: language, title, the
skip link, the app's own stylesheet and scripts, and nothing blocked by the CSP."""


def test_the_landing_page_is_served_in_its_frame(page, live_server):
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    response = page.goto(f"{live_server.url}/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().endswith("Node.js or Python?")
    assert page.locator("header .brand").inner_text().endswith("Backend Advisor")
    assert page.locator("footer").inner_text().startswith("Based on the article")
    # The app's stylesheet applies (a system font stack, not the browser's serif default)
    # and htmx has loaded from the app itself.
    assert "serif" != page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("typeof window.htmx") == "object"
    assert blocked == []


def test_the_skip_link_moves_keyboard_focus_to_the_main_content(page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_health_page_is_served_to_the_browser(page, live_server):
    response = page.goto(f"{live_server.url}/healthz")
    assert response.status == 200
    assert page.inner_text("body") == "ok"
