"""A wheel built from the repository runs the example from an empty folder: the notebooks and
the default configuration come with the installed package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

# What a build reads: the package, the folders setup.py ships, the build files.
BUILD_INPUTS = (
    "src",
    "notebooks",
    "config",
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
)


def sh(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with only the built wheel installed; the libraries it
    needs are those of the project's environment (offline: nothing is downloaded)."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name)
    sh(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        source,
        "--no-deps",
        "-q",
        "-w",
        base / "wheels",
    )
    [wheel] = (base / "wheels").glob("seuranta-*.whl")
    venv = base / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", venv)
    purelib = sh(
        venv / "bin/python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
    )
    # The project's libraries, after the fresh environment's own (so its seuranta wins).
    Path(purelib.stdout.strip(), "project-libraries.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    # pip comes from the project's libraries; run by the fresh environment it installs there.
    sh(venv / "bin/python", "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q", wheel)
    return venv


@pytest.mark.skipif(os.name != "posix", reason="venv layout of POSIX")
def test_the_installed_command_runs_the_example_from_an_empty_folder(installed, tmp_path):
    where = sh(installed / "bin/python", "-c", "import analysis; print(analysis.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(installed)  # the wheel's, not the checkout's
    empty = tmp_path / "anywhere"
    empty.mkdir()
    shutil.copytree(ROOT / "data/raw", tmp_path / "raw")
    env = {
        **os.environ,
        "PATH": f"{installed / 'bin'}:{os.environ['PATH']}",
        # nbconvert's templates are data files of the project's environment, where it is installed
        "JUPYTER_PATH": str(Path(sys.prefix, "share", "jupyter")),
    }
    for period in ("2024", "2025"):
        sh(
            installed / "bin/seuranta",
            "run",
            "--period",
            period,
            "--lang",
            "en",
            "--raw",
            tmp_path / "raw",
            "--db",
            tmp_path / "db/seuranta.duckdb",
            "--out",
            tmp_path / "reports",
            cwd=empty,
            env=env,
        )
    assert (tmp_path / "reports/2025/en/index.html").exists()
    assert (tmp_path / "reports/2025/notebooks/10_ingest.ipynb").exists()
    assert list(empty.iterdir()) == []  # nothing written where it was started


@pytest.mark.skipif(os.name != "posix", reason="venv layout of POSIX")
def test_the_wheel_carries_the_repositorys_notebooks_and_configuration(installed):
    """The one copy is the repository's: the package's defaults are built from it."""
    where = sh(
        installed / "bin/python",
        "-c",
        "from analysis.config import shipped; "
        "print(shipped('notebooks')); print(shipped('config'))",
    )
    notebooks, config = (Path(line) for line in where.stdout.split())
    for packaged, folder, pattern in (
        (notebooks, "notebooks", "*.ipynb"),
        (config, "config", "*.yml"),
    ):
        assert packaged.is_relative_to(installed)
        expected = {p.name: p.read_bytes() for p in (ROOT / folder).glob(pattern)}
        assert {p.name: p.read_bytes() for p in packaged.glob(pattern)} == expected
