"""Finishing the quiz in Chromium: mouse, keyboard only, and with JavaScript turned off."""



def test_visitor_finishes_the_quiz_with_the_mouse(quiz_page):
    quiz_page.open("/")
    quiz_page.page.get_by_role("link", name="Start the quiz").click()
    assert quiz_page.progress() == "Step 1 of 5"

    quiz_page.finish()

    assert quiz_page.page.locator("[data-verdict]").get_attribute("data-verdict") == "hybrid"
    assert quiz_page.page.locator("table#comparison tbody tr").count() == 8
    assert quiz_page.stored_results() == 1


def test_htmx_swaps_only_the_step_and_the_url_follows_it(quiz_page, hybrid_run):
    quiz_page.open("/quiz")
    quiz_page.page.evaluate("window.untouched = true")  # lost if the whole page reloads
    quiz_page.pick(hybrid_run)
    quiz_page.next()
    assert quiz_page.page.url.endswith("/quiz/features")
    assert quiz_page.page.evaluate("window.untouched") is True


def test_conditional_step_updates_the_progress(quiz_page, hybrid_run):
    quiz_page.open("/quiz")
    quiz_page.pick(hybrid_run)
    quiz_page.next()
    assert quiz_page.progress() == "Step 2 of 5"
    quiz_page.pick(hybrid_run)  # live features and central ML: the team-size step appears
    quiz_page.next()
    assert quiz_page.progress() == "Step 3 of 6"


def tab_to(page, name: str) -> int:
    """Press Tab until a radio of question `name` has focus; return its index in the group."""
    radios = page.locator(f"input[name={name}]")
    for _ in range(8):
        page.keyboard.press("Tab")
        index = radios.evaluate_all("inputs => inputs.indexOf(document.activeElement)")
        if index >= 0:
            return index
    raise AssertionError(f"Tab never reached the {name} choices")


def test_visitor_finishes_the_quiz_with_the_keyboard_only(quiz_page, hybrid_run):
    page = quiz_page.page
    quiz_page.open("/")
    page.get_by_role("link", name="Start the quiz").focus()
    quiz_page.next(click=lambda: page.keyboard.press("Enter"))
    for _ in range(10):
        if "/result/" in page.url:
            break
        for name in quiz_page.step_questions():
            values = page.locator(f"input[name={name}]").evaluate_all("rs => rs.map(r => r.value)")
            current = tab_to(page, name)
            for _ in range(values.index(hybrid_run[name]) - current):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            assert page.locator(f"input[name={name}][value={hybrid_run[name]}]").is_checked()
        quiz_page.next(click=lambda: page.keyboard.press("Enter"))
        if "/quiz/" in page.url:
            # After a swap, focus lands on the new step's heading.
            page.wait_for_function("() => document.activeElement.id === 'step-heading'")
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "hybrid"
    assert quiz_page.stored_results() == 1


def test_visitor_finishes_the_quiz_with_javascript_disabled(no_script_quiz):
    no_script_quiz.open("/quiz")
    no_script_quiz.finish()
    assert no_script_quiz.page.locator("[data-verdict]").count() == 1
    assert no_script_quiz.stored_results() == 1


def test_a_step_with_a_missing_answer_shows_the_error_next_to_the_question(quiz_page):
    quiz_page.open("/quiz")
    quiz_page.forward_button().click()
    error = quiz_page.page.locator("#project_type-error")
    error.wait_for()
    assert "choose" in error.inner_text().lower()
    assert quiz_page.page.url.endswith("/quiz/project")  # still the first step
