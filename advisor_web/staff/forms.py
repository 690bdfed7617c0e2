"""The staff area's forms: logging in, the dashboard's and the exports' filters, and a
candidate quiz file to replay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from ..quiz.content import QuizContentError
from ..quiz.loader import parse_quiz
from ..storage.tallies import PERIODS

DEFAULT_DAYS = 30
# Longer ranges show weekly, then monthly bars, so the trend stays readable.
DAILY_UP_TO_DAYS = 62
WEEKLY_UP_TO_DAYS = 731
MAX_DAILY_DAYS = 366
MAX_RANGE_DAYS = 20 * 366
# Dates a filter may name: far enough either way for any real range, and far from the ends
# of Python's calendar (year 1 and 9999), where a day more or less no longer exists.
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=1024)])


class DayField(DateField):
    """A date as the browser's date input sends it, with a message that says the format."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("enter a date as YYYY-MM-DD, for example 2025-03-01.") from None

    def pre_validate(self, form):
        if self.data is not None and not EARLIEST_DAY <= self.data <= LATEST_DAY:
            # StopValidation: the range checks that follow would compute with this date.
            raise StopValidation(f"choose a date between {EARLIEST_DAY.isoformat()} and "
                                 f"{LATEST_DAY.isoformat()}.")


class FilterForm(FlaskForm):
    """The dashboard's and the exports' filters, read from the query string."""

    class Meta:
        csrf = False  # a GET that changes nothing

    # Which comparison: the view has refused an unknown slug (404) before the form is read.
    quiz = SelectField("Comparison", default="", validate_choice=False)
    start = DayField("From", name="from", validators=[Optional()], format="%Y-%m-%d")
    end = DayField("To", name="to", validators=[Optional()], format="%Y-%m-%d")
    version = SelectField("Quiz version", default="", validate_choice=False)
    source = SelectField("Source", default="", validate_choice=False)
    by = SelectField("Trend by", default="auto", choices=[
        SelectChoice("auto", "Automatic"), SelectChoice("day", "Day"),
        SelectChoice("week", "Week"), SelectChoice("month", "Month")])

    def validate_end(self, field):
        if self.start.errors or self.end.errors:
            return
        start, end = self.first_day(), self.last_day()
        if start > end:
            raise ValidationError("the end date must not be before the start date.")
        if (end - start).days > MAX_RANGE_DAYS:
            raise ValidationError("choose a range of at most twenty years.")

    def validate_by(self, field):
        dates_valid = not (self.start.errors or self.end.errors)
        if field.data == "day" and dates_valid and self.days() > MAX_DAILY_DAYS:
            raise ValidationError("daily bars need a range of a year or less: "
                                  "choose weeks or months.")

    def validate_version(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("there are no tallies for that quiz version.")

    def validate_source(self, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("no results came from that source.")

    def first_day(self) -> dt.date:
        return self.start.data or self.last_day() - dt.timedelta(days=DEFAULT_DAYS - 1)

    def last_day(self) -> dt.date:
        return self.end.data or dt.datetime.now(dt.UTC).date()

    def days(self) -> int:
        return (self.last_day() - self.first_day()).days + 1

    def period(self) -> str:
        if self.by.data in PERIODS:
            return self.by.data
        if self.days() <= DAILY_UP_TO_DAYS:
            return "day"
        return "week" if self.days() <= WEEKLY_UP_TO_DAYS else "month"

    def messages(self) -> list[str]:
        """The validation errors as sentences, after `validate()`."""
        return [f"{self[name].label.text}: {message}"
                for name, messages in self.errors.items() for message in messages]

    def query(self) -> dict[str, str]:
        """The filters in force as query-string parameters (for the export links)."""
        query = {"quiz": self.quiz.data} if self.quiz.data else {}
        query.update({"from": self.first_day().isoformat(), "to": self.last_day().isoformat()})
        if self.version.data:
            query["version"] = self.version.data
        if self.source.data:
            query["source"] = self.source.data
        return query


# A quiz file is about 22 KB; anything far bigger is not one (the app's limit is 16 KB).
REPLAY_UPLOAD_LIMIT = 256 * 1024


class ReplayForm(FlaskForm):
    """A candidate quiz file to replay every stored answer set under, with an optional range."""

    quiz_file = FileField("Candidate quiz file (TOML)", validators=[FileRequired()])
    start = DayField("From", name="from", validators=[Optional()], format="%Y-%m-%d")
    end = DayField("To", name="to", validators=[Optional()], format="%Y-%m-%d")

    def validate_end(self, field):
        if self.start.data and self.end.data and self.start.data > self.end.data:
            raise ValidationError("the end date must not be before the start date.")

    def candidate(self):
        """The uploaded quiz, validated; a ValidationError on the file field names the
        problem (and its id) when it is not a valid quiz."""
        upload = self.quiz_file.data
        try:
            return parse_quiz(upload.read().decode("utf-8"), upload.filename or "upload")
        except UnicodeDecodeError:
            self.quiz_file.errors.append("the file is not UTF-8 text.")
        except QuizContentError as error:
            self.quiz_file.errors.append(str(error))
        return None


def read_filters(versions: list[str], args=None, sources: list[str] = (),
                 comparisons: Iterable[tuple[str, str]] = ()) -> FilterForm:
    """The filters in `args` (the request's query string by default); `comparisons` are the
    picker's (slug, label) choices."""
    form = FilterForm(request.args if args is None else args)
    form.quiz.choices = [SelectChoice(slug, label) for slug, label in comparisons]
    if not form.quiz.data and form.quiz.choices:
        form.quiz.data = form.quiz.choices[0].value  # the default comparison comes first
    form.version.choices = [SelectChoice("", "All versions")] + [SelectChoice(v) for v in versions]
    form.source.choices = [SelectChoice("", "All sources")] + [SelectChoice(s) for s in sources]
    return form
