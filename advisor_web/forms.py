"""WTForms for the quiz's steps, built from the quiz content rather than written out."""

from __future__ import annotations

from functools import cache

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from .quiz.content import Question, Quiz, Step


class SingleChoiceField(RadioField):
    """A radio group that refuses a forged form with several values for it."""

    def process_formdata(self, valuelist):
        self.value_count = len(valuelist)
        super().process_formdata(valuelist)

    def choice_ids(self) -> set[str]:
        return {choice.value for choice in self.choices}

    def pre_validate(self, form):
        if getattr(self, "value_count", 0) > 1:
            raise ValidationError("Choose only one answer.")
        if self.data is None or self.data == "":
            raise ValidationError("Please choose an answer.")
        if self.data not in self.choice_ids():
            raise ValidationError("That is not one of the choices: please pick one from the list.")


class StepForm(FlaskForm):
    """Base of every step's form: `step` guards against a form posted to another step."""

    class Meta:
        # CSRFProtect already checks every POST before the view runs (the template renders
        # its token); a second, form-level check would only repeat that work.
        csrf = False

    step = HiddenField()

    def question_fields(self):
        return [self[name] for name in self.question_ids]


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


def build(quiz: Quiz, step: Step, answers: dict[str, str], formdata=None) -> StepForm:
    """The form for `step`, filled from the visitor's answers, or from `formdata` when posted."""
    asked = tuple(q for q in step.question_ids if quiz.is_asked(q, answers))
    cls = form_class(quiz, step, asked)
    if formdata is None:
        return cls(formdata=None, data={name: answers.get(name) for name in asked})
    # A posted form is judged on what was posted alone: a missing answer is an error.
    return cls(formdata=formdata)
