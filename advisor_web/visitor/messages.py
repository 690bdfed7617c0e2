"""The messages a step's reply may carry to the visitor.

They are English message ids: the view translates them when the page is shown (`N_` only
marks them for the catalog), so a message reads in the language of the page it lands on. The
embedded mode, which may set no cookie, names them by their index in MESSAGES in its URLs.
"""

from __future__ import annotations

from ..quiz.translation import N_

EXPIRED = N_("Your answers had expired or could not be read, so the quiz starts afresh.")
NEW_VERSION = N_("The quiz has been updated since you began, so it starts afresh with the "
                 "new questions. Sorry for the trouble.")
ANSWER_THIS_FIRST = N_("Please answer this step first.")
OTHER_STEP = N_("That answer was for another step. Please answer this one.")
LOOK_AGAIN = N_("One of your earlier answers needs another look.")
ALREADY_FINISHED = N_("You had already finished this quiz, so here is the result it gave, with "
                      "the answers it was given. To try other answers, change one below.")
# Every message a reply may carry (the embedded mode names them by index in its URLs, so a
# new one goes at the end).
MESSAGES = (EXPIRED, NEW_VERSION, ANSWER_THIS_FIRST, OTHER_STEP, LOOK_AGAIN, ALREADY_FINISHED)
