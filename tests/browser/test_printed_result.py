"""A printed result (or "print to PDF") holds the answers and the permalink as text."""

from advisor_web.quiz import default_quiz

QUIZ = default_quiz()


def test_printed_result_shows_every_answer_and_the_permalink(quiz_page, hybrid_run):
    quiz_page.open("/quiz")
    quiz_page.finish(hybrid_run)
    page = quiz_page.page
    permalink = page.url
    page.emulate_media(media="print")

    answers = page.locator("dl.answers")
    assert answers.is_visible()
    assert page.locator("dl.answers dt").count() == len(hybrid_run)
    for prompt in page.locator("dl.answers dt").all():
        assert prompt.is_visible()
    assert page.get_by_role("button", name="Change", exact=False).first.is_hidden()
    printed_answers = page.locator("section:has(> #answers-title)").inner_text()
    for question_id, choice_id in hybrid_run.items():
        question = QUIZ.question(question_id)
        assert f"{question.prompt}\n{question.choice(choice_id).label}" in printed_answers
    assert "Change" not in printed_answers
    assert f"This result: {permalink}" in page.locator("main").inner_text()
    assert page.locator(".result-actions").is_hidden()


def test_permalink_line_shows_only_in_print(quiz_page, hybrid_run):
    quiz_page.open("/quiz")
    quiz_page.finish(hybrid_run)
    assert quiz_page.page.locator(".print-only").is_hidden()
