"""WTForms for the quiz's steps, built from the quiz content rather than written out.

The error messages are lazy: a form class is built once per step and shared by every
language, so each message is put in the page's language only when it is shown."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from flask_babel import lazy_gettext as _l
from wtforms import Form, HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..quiz import funnel
from ..quiz.content import Question, Quiz, Step


class SingleChoiceField(RadioField):
    """A radio group that refuses a forged form with several values for it."""

    def process_formdata(self, valuelist):
        self.value_count = len(valuelist)
        super().process_formdata(valuelist)

    def choice_ids(self) -> set[str]:
        return {choice.value for choice in self.choices}

    def pre_validate(self, form):
        if getattr(self, "value_count", 0) > 1:
            raise ValidationError(_l("Choose only one answer."))
        if self.data is None or self.data == "":
            raise ValidationError(_l("Please choose an answer."))
        if self.data not in self.choice_ids():
            raise ValidationError(
                _l("That is not one of the choices: please pick one from the list."))


class StepForm(Form):
    """Base of every step's form: `step` guards against a form posted to another step.

    A plain WTForms form, not Flask-WTF's: CSRFProtect already checks every POST before the
    view runs (the template renders its token), and the use cases stay free of Flask.
    """

    step = HiddenField()

    def question_fields(self):
        return [self[name] for name in self.question_ids]

    def valid_answers(self, formdata) -> dict[str, str]:
        """Whatever single, known answers `formdata` holds for this step (going back keeps
        them even when the step as a whole is not valid)."""
        answers = {}
        for field in self.question_fields():
            values = formdata.getlist(field.name)
            if len(values) == 1 and values[0] in field.choice_ids():
                answers[field.name] = values[0]
        return answers

    def answers(self) -> dict[str, str]:
        """The validated answers, after `validate()`."""
        return {name: self[name].data for name in self.question_ids}


@cache
def form_class(quiz: Quiz, step: Step, asked: tuple[str, ...]) -> type[StepForm]:
    """The form for `step` showing the `asked` questions (a conditional one may be left out)."""
    fields = {name: _field(quiz.question(name)) for name in asked}
    return type(f"{step.id.title().replace('_', '')}Form", (StepForm,),
                {**fields, "question_ids": asked})


def _field(question: Question) -> SingleChoiceField:
    return SingleChoiceField(
        question.prompt,
        choices=[SelectChoice(choice.id, choice.label) for choice in question.choices],
        description=question.help,
    )


def build(quiz: Quiz, step: Step, answers: Mapping[str, str], formdata=None) -> StepForm:
    """The form for `step`, filled from the visitor's answers, or from `formdata` when posted."""
    asked = quiz.asked_in(step, answers)
    cls = form_class(quiz, step, asked)
    if formdata is None:
        return cls(formdata=None, data={name: answers.get(name) for name in asked})
    # A posted form is judged on what was posted alone: a missing answer is an error.
    return cls(formdata=formdata)


def building_with_choices(quiz: Quiz) -> list[SelectChoice]:
    """What "What will you build it with?" offers for `quiz`: its options by name, then the
    others (funnel.BUILDING_WITH_OTHERS) in the page's language."""
    names = {option.id: option.name for option in quiz.options}
    return [SelectChoice(b, names.get(b) or _l(funnel.BUILDING_WITH_OTHERS[b]))
            for b in funnel.building_with_answers(quiz)]


class FeedbackForm(Form):
    """"Was this helpful?" (the button pressed) and, optionally, what the visitor will build
    with. Plain WTForms, as the steps' forms: CSRFProtect checks the token first."""

    helpful = SingleChoiceField(choices=[SelectChoice("yes", _l("Yes")),
                                         SelectChoice("no", _l("No"))])
    building_with = RadioField(_l("What will you build it with?"), choices=[],
                               validate_choice=False)

    def validate_building_with(self, field):
        known = {choice.value for choice in field.choices}
        if field.data not in (None, "") and field.data not in known:
            raise ValidationError(_l("That is not one of the choices: please pick one from "
                                     "the list."))


def feedback(quiz: Quiz, formdata=None, helpful: str | None = None,
             building_with: str | None = None) -> FeedbackForm:
    """The vote form for a result of `quiz`, as posted (`formdata`) or showing an earlier
    vote."""
    form = FeedbackForm(formdata, helpful=helpful, building_with=building_with)
    form.building_with.choices = building_with_choices(quiz)
    return form
