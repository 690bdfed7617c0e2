"""The build step pyproject.toml cannot declare: the wheel carries what the app reads at run time.

`templates/`, `static/` and `data/` stay at the repository's top level (DESIGN.md), so they are
copied into the built package as `advisor_web/_resources/<folder>` (`advisor_web.resources`
finds them there), and the interface's catalogs are compiled into `.mo` files beside their
`.po`, whether or not `make install` compiled them in the checkout. An editable install
builds nothing: the app finds the checkout's own folders.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ("templates", "static", "data")  # advisor_web.resources.RESOURCES


class BuildWithResources(build_py):
    def run(self):
        package = Path(self.build_lib) / "advisor_web"
        if not self.editable_mode:
            # A file deleted from the checkout must not linger from an earlier build in build/.
            shutil.rmtree(package, ignore_errors=True)
        super().run()
        if self.editable_mode:
            return
        for name in RESOURCES:
            for source in sorted((ROOT / name).rglob("*")):
                if source.is_file() and "__pycache__" not in source.parts:
                    target = package / "_resources" / source.relative_to(ROOT)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    self.copy_file(str(source), str(target))
        self.compile_catalogs(package / "translations")

    def compile_catalogs(self, translations: Path) -> None:
        # Babel is Flask-Babel's own dependency, declared in build-system.requires for this.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((ROOT / "advisor_web" / "translations").glob("*/LC_MESSAGES/*.po")):
            target = translations / po.relative_to(po.parents[2]).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, target.open("wb") as compiled:
                write_mo(compiled, read_po(source))


setup(cmdclass={"build_py": BuildWithResources})
