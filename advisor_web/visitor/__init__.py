"""The visitor side: the landing page, the quiz's steps, the result and its what-ifs.

`views` parses requests and responds; `attempts` holds the use cases; `drafts` keeps the
answers in progress; `forms` builds each step's form from the quiz; `results` stores and
finds finished quizzes; `prerendered` renders each kind of step page once.
"""

from flask import Flask

from . import cards, prerendered, surfaces
from .consultation_form import consent_text, publisher_name
from .views import bp

__all__ = ["bp", "init_app"]


# Macros the visitor's templates call, each written once in its own template. Loaded once
# here as globals: `{% from ... import %}` in a page would build the macro's module again on
# every render (the context has globals the module lacks), a fifth of a step page's time.
SHARED_MACROS = {
    "visitor/_form_guard.html": ("form_guard",),
    "visitor/_restart.html": ("restart_form",),
    "visitor/_stars.html": ("stars",),
    "_language.html": ("language_switch",),
}


def init_app(app: Flask) -> None:
    """Serve the visitor's pages on every surface this app has (`surfaces`)."""
    surfaces.register(app, bp)
    app.add_template_global(consent_text)
    app.add_template_global(publisher_name)
    cards.init_app(app)
    prerendered.init_app(app)  # step pages rendered once per kind, filled in per visitor
    for template, names in SHARED_MACROS.items():
        module = app.jinja_env.get_template(template).module
        app.jinja_env.globals.update({name: getattr(module, name) for name in names})
