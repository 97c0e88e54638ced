"""Build hook: the run's notebooks and default configuration go into the package.

`notebooks/` and `config/` stay the one copy that people read and edit in the repository;
a built wheel carries them as `analysis/defaults/`, so `seuranta run` works from any folder.
A checkout (an editable install) reads the repository's folders themselves.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = {"notebooks": "*.ipynb", "config": "*.yml"}


class BuildWithDefaults(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).parent
        for folder, pattern in SHIPPED.items():
            target = Path(self.build_lib, "analysis", "defaults", folder)
            self.mkpath(str(target))
            for source in sorted((root / folder).glob(pattern)):
                self.copy_file(str(source), str(target / source.name))


setup(cmdclass={"build_py": BuildWithDefaults})
