"""Build step of the wheel: the data folders and built files the installed product needs, inside the package.

pyproject.toml holds the project's metadata; this file only adds to `build_py`. The wheel gets copies of
`templates/` and `surveys/` (which live beside the package in the checkout), the compiled .mo catalogs and the
Vega bundle (the .po sources stay behind), so that nothing is written into the package folder at run time.
"""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA_FOLDERS = ("templates", "surveys")


def _load(name: str, path: Path):
    """A module of the package that needs only its build requirements (Babel, vl-convert), not the app's."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's folders directly
            return
        package = Path(self.build_lib) / "feedback_app"
        for folder in DATA_FOLDERS:  # fresh copies: a file removed from the checkout must not linger in build/
            shutil.rmtree(package / folder, ignore_errors=True)
            shutil.copytree(HERE / folder, package / folder, dirs_exist_ok=True)
        catalogs = _load("feedback_catalogs", HERE / "feedback_app" / "web" / "catalogs.py")
        catalogs.compile_catalogs(HERE / "feedback_app" / "translations", package / "translations")
        vendor = _load("feedback_vendor", HERE / "feedback_app" / "web" / "vendor.py")
        vendor.write_vega_bundle(package / "static" / vendor.BUNDLE)


setup(cmdclass={"build_py": BuildWithData})
