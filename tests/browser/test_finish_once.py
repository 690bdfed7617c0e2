"""A double click on the last step's button stores one result."""


def reach_last_step(quiz_page, answers):
    quiz_page.open("/quiz")
    while quiz_page.forward_button().inner_text() != "See my result":
        quiz_page.pick(answers)
        quiz_page.next()
    quiz_page.pick(answers)


def test_a_double_click_on_finish_stores_one_result(quiz_page, hybrid_run):
    reach_last_step(quiz_page, hybrid_run)
    quiz_page.next(click=lambda: quiz_page.forward_button().dblclick())
    assert "/result/" in quiz_page.page.url
    assert quiz_page.stored_results() == 1


def test_a_double_click_on_finish_without_javascript_stores_one_result(no_script_quiz, hybrid_run):
    reach_last_step(no_script_quiz, hybrid_run)
    no_script_quiz.next(click=lambda: no_script_quiz.forward_button().dblclick())
    assert "/result/" in no_script_quiz.page.url
    assert no_script_quiz.stored_results() == 1
