"""Run every check of hpykit: the one command behind the README and CI.

Steps, each reported by name:

1. find the pyenv CPython 3.8-3.13 interpreters (print found and missing);
2. per interpreter, a virtual environment ``.venvs/<X.Y>`` with the test tools;
3. ``pip install .`` of this repository into each;
4. the test suite with ``-n 2``: every ABI on the default Python (the one
   running this script), ``HPYKIT_TEST_ABIS=universal`` on the others, and
   ``HPYKIT_TEST_ABIS=universal,debug`` on PyPy (``.venvs/pypy``; ``apt-get install`` of
   Debian's PyPy if missing, when root);
5. on the default Python: the generated files are fresh (``tools.gen --check``), every
   context member of the spec has a test (``tools.coverage``), ``ruff check`` and
   ``mypy --strict``.

Exits non-zero if any step fails; a test run that collects no test fails.
Usage: ``python3 scripts/test.py [--only X.Y[,X.Y...][,pypy]] [-- pytest args]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from support.pythons import PythonInstall, describe, find_pythons  # noqa: E402

sys.path.insert(0, str(REPO / "scripts"))
from venvs import make_named_venv, make_venv, venv_python  # noqa: E402
from venvs import pip_install as venv_pip_install  # noqa: E402

REPORTS = REPO / ".cache" / "test-reports"
TEST_DEPS = ["setuptools>=64", "wheel", "pytest", "pytest-xdist", "pycparser", "hypothesis"]
LINT_DEPS = ["ruff", "mypy", "types-setuptools", "tomli", "mkdocs"]
PYTEST_NO_TESTS = 5
PYPY = "pypy"  # the name of PyPy's venv (.venvs/pypy) and of its steps
PYPY_PACKAGES = ["pypy3", "pypy3-dev", "pypy3-venv", "libffi-dev"]  # libffi: the PyPy bridge
# PyPy runs the whole suite with universal binaries in universal and in debug mode, through
# the bridge (what PyPy cannot do is skipped by tests/support/pypy.py, saying why)
PYPY_ABIS = "universal,debug"


@dataclass
class Step:
    name: str
    ok: bool
    seconds: float
    note: str = ""


@dataclass
class Counts:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def add_junit(self, report: Path) -> None:
        root = ElementTree.parse(report).getroot()
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        for suite in suites:
            tests = int(suite.get("tests", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            self.passed += tests - failed - skipped
            self.failed += failed
            self.skipped += skipped


@dataclass
class Runner:
    steps: list[Step] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)

    def run(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> bool:
        print(f"\n=== {name}\n$ {' '.join(argv)}", flush=True)
        start = time.monotonic()
        code = subprocess.run(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL).returncode
        note = ""
        if code == PYTEST_NO_TESTS and "pytest" in argv:
            note = "pytest collected no tests"
        elif code != 0:
            note = f"exit code {code}"
        self.steps.append(Step(name, code == 0, time.monotonic() - start, note))
        return code == 0

    def call(self, name: str, action: Callable[[], bool]) -> bool:
        """Record a step done in this process (output is printed only on failure)."""
        print(f"\n=== {name}", flush=True)
        start = time.monotonic()
        ok = action()
        self.steps.append(Step(name, ok, time.monotonic() - start, "" if ok else "failed"))
        return ok

    def summary(self) -> bool:
        print("\n=== summary")
        for step in self.steps:
            status = "ok  " if step.ok else "FAIL"
            note = f"  ({step.note})" if step.note else ""
            print(f"{status} {step.seconds:7.1f}s  {step.name}{note}")
        ok = all(step.ok for step in self.steps)
        c = self.counts
        print(f"tests: {c.passed} passed, {c.failed} failed, {c.skipped} skipped")
        return ok


def ensure_venv(runner: Runner, python: PythonInstall) -> bool:
    return runner.call(f"venv {python.short}", lambda: make_venv(python))


def pip_install(runner: Runner, version: str, name: str, args: list[str]) -> bool:
    return runner.call(f"{name} {version}", lambda: venv_pip_install(version, args))


def find_pypy() -> str | None:
    """pypy3, installed from the distribution's packages when missing and we are root."""
    found = shutil.which("pypy3")
    if found is not None:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("pypy3 not found and not root: skipping the PyPy pass (install it with "
              f"`sudo apt-get install -y {' '.join(PYPY_PACKAGES)}`)")
        return None
    print(f"pypy3 not found: apt-get install -y {' '.join(PYPY_PACKAGES)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", *PYPY_PACKAGES]
    if subprocess.run(install, env=env, stdin=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, stdin=subprocess.DEVNULL)
        subprocess.run(install, env=env, stdin=subprocess.DEVNULL)
    return shutil.which("pypy3")


def ensure_pypy_venv(runner: Runner, pypy: str) -> bool:
    return runner.call(f"venv {PYPY}", lambda: make_named_venv(PYPY, Path(pypy)))


def pytest(runner: Runner, version: str, abis: str | None, extra: list[str]) -> None:
    env = dict(os.environ)
    env.pop("HPYKIT_TEST_ABIS", None)
    label = "all ABIs"
    if abis is not None:
        env["HPYKIT_TEST_ABIS"] = abis
        label = f"HPYKIT_TEST_ABIS={abis}"
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"pytest-{version}.xml"
    if report.exists():
        report.unlink()
    argv = [str(venv_python(version)), "-m", "pytest", "-q", "-n", "2", f"--junitxml={report}"]
    runner.run(f"pytest {version} ({label})", argv + extra, env=env)
    if report.is_file():
        runner.counts.add_junit(report)


def typed_paths() -> list[str]:
    """What mypy --strict checks: hpykit, the generator, and the typed test support."""
    paths = ["python/hpykit", "setup.py", "scripts", "bench", "tests/conftest.py", "tests/support",
             "tests/test_abitag.py", "tests/test_build_setuptools.py", "tests/test_harness.py",
             "tests/test_modes.py", "tests/test_importer.py", "tests/test_wheel.py",
             "tests/test_cli.py", "tests/test_build_systems.py"]
    if any((REPO / "tools").rglob("*.py")):
        paths.insert(1, "tools")
    return [p for p in paths if (REPO / p).exists()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma list of X.Y versions to test (default: all found)")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args()

    default = f"{sys.version_info[0]}.{sys.version_info[1]}"
    found = find_pythons()
    print(describe(found))
    pythons = {p.short: p for p in found}
    if default not in pythons:
        release = ".".join(str(n) for n in sys.version_info[:3])
        pythons[default] = PythonInstall(sys.version_info[:2], release, Path(sys.executable))
    selected = sorted(pythons, key=lambda v: (v != default, tuple(map(int, v.split(".")))))
    with_pypy = True
    if args.only:
        wanted = args.only.split(",")
        selected = [v for v in selected if v in wanted]
        with_pypy = PYPY in wanted
    pypy = find_pypy() if with_pypy else None
    print(f"default Python: {default}; testing: {', '.join(selected + [PYPY] * bool(pypy))}")

    runner = Runner()
    shutil.rmtree(REPO / "build", ignore_errors=True)  # no stale files in the wheels
    ready = []
    for version in selected:
        deps = TEST_DEPS + (LINT_DEPS if version == default else [])
        # no -U: the default Python keeps the setuptools its venv came with
        if (
            ensure_venv(runner, pythons[version])
            and pip_install(runner, version, "test tools", deps)
            and pip_install(runner, version, "hpykit", ["--no-build-isolation", "."])
        ):
            ready.append(version)
    if (
        pypy is not None
        and ensure_pypy_venv(runner, pypy)
        and pip_install(runner, PYPY, "test tools", TEST_DEPS)
        and pip_install(runner, PYPY, "hpykit", ["--no-build-isolation", "."])
    ):
        ready.append(PYPY)
    # every venv is ready before the first test run: tests may use the others
    for version in ready:
        abis = None if version == default else PYPY_ABIS if version == PYPY else "universal"
        pytest(runner, version, abis, args.pytest_args)
    if default in selected and venv_python(default).exists():
        python = str(venv_python(default))
        runner.run("generated files fresh", [python, "-m", "tools.gen", "--check"])
        runner.run("spec coverage by tests", [python, "-m", "tools.coverage", "--missing-only"])
        runner.run("ruff", [python, "-m", "ruff", "check", "."])
        runner.run("mypy", [python, "-m", "mypy", "--strict", *typed_paths()])
        runner.run("docs", [python, "-m", "mkdocs", "build", "--strict", "--quiet"])
    return 0 if runner.summary() else 1


if __name__ == "__main__":
    sys.exit(main())
