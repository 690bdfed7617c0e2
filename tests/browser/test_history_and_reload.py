"""The browser's back and forward buttons, and a reload, in the middle of the quiz."""


def answer_two_steps(quiz_page, answers) -> None:
    """Open the quiz and answer its first two steps: the third is shown."""
    quiz_page.open("/quiz")
    for _ in range(2):
        quiz_page.pick(answers)
        quiz_page.next()


def answered(page, name: str) -> str | None:
    checked = page.locator(f"input[name={name}]:checked")
    return checked.get_attribute("value") if checked.count() else None


def test_back_and_forward_buttons_move_between_steps_with_answers_kept(quiz_page, hybrid_run):
    page = quiz_page.page
    answer_two_steps(quiz_page, hybrid_run)
    assert page.url.endswith("/quiz/team")

    page.go_back()
    page.locator('#step form[action="/quiz/features"]').wait_for()
    assert answered(page, "realtime") == hybrid_run["realtime"]
    page.go_back()
    page.locator('#step form[action="/quiz/project"]').wait_for()
    assert answered(page, "project_type") == hybrid_run["project_type"]

    page.go_forward()
    page.locator('#step form[action="/quiz/features"]').wait_for()
    assert quiz_page.progress() == "Step 2 of 6"
    assert answered(page, "ai_ml") == hybrid_run["ai_ml"]


def test_the_quiz_back_button_keeps_the_answers(quiz_page, hybrid_run):
    page = quiz_page.page
    quiz_page.open("/quiz")
    quiz_page.pick(hybrid_run)
    quiz_page.next()
    quiz_page.pick(hybrid_run)
    quiz_page.next(click=page.get_by_role("button", name="Back").click)
    assert page.url.endswith("/quiz/project")
    quiz_page.next()
    assert answered(page, "realtime") == hybrid_run["realtime"]  # kept, although "Back" was pressed


def test_a_reload_shows_the_same_step_with_its_answers(quiz_page, hybrid_run):
    page = quiz_page.page
    answer_two_steps(quiz_page, hybrid_run)
    page.go_back()
    page.locator('#step form[action="/quiz/features"]').wait_for()

    page.reload()

    assert page.url.endswith("/quiz/features")
    assert quiz_page.heading() == page.locator("#step-heading").inner_text()
    assert answered(page, "realtime") == hybrid_run["realtime"]
    assert answered(page, "ai_ml") == hybrid_run["ai_ml"]
    assert page.locator("html").count() == 1 and page.locator("header.site-header").count() == 1
