def test_health_page_is_served_to_the_browser(page, live_server):
    response = page.goto(f"{live_server.url}/healthz")
    assert response.status == 200
    assert page.content().count("ok") >= 1
