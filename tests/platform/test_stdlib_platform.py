"""`platform/` must never shadow the standard library module `platform`."""
import subprocess
import sys
import sysconfig
from pathlib import Path

import platform

ROOT = Path(__file__).resolve().parents[2]
STDLIB = Path(sysconfig.get_paths()["stdlib"])


def test_pytest_process_uses_the_standard_library_module():
    assert Path(platform.__file__).parent == STDLIB
    assert platform.python_version().startswith("3.")


def test_manage_py_uses_the_standard_library_module():
    stdout = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "import platform, sentry_sdk, uuid, celery; print('MODULE', platform.__file__, platform.python_version())"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    _, module_file, version = next(line for line in stdout.splitlines() if line.startswith("MODULE ")).split()
    assert Path(module_file).parent == STDLIB
    assert version == platform.python_version()


def test_celery_worker_command_uses_the_standard_library_module():
    # `celery report` loads the app like the worker does and prints platform.* data.
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "apes_platform", "report"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"py:{platform.python_version()}" in result.stdout


def test_every_package_is_declared_in_pyproject():
    """Non-editable installs (Docker) only ship the packages listed in pyproject.toml."""
    import tomllib

    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"apes_platform", "apes_platform.locale"}  # locale/ ships as package data (no __init__.py)
    for top in ("tenants", "core", "reporting", "network"):
        for init in (ROOT / top).rglob("__init__.py"):
            found.add(".".join(init.parent.relative_to(ROOT).parts))
    for init in (ROOT / "platform").rglob("__init__.py"):  # platform/ is installed as apes_platform
        found.add(".".join(("apes_platform", *init.parent.relative_to(ROOT / "platform").parts)).rstrip("."))
    assert found == declared
