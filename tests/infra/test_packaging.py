"""`pip install .` (non-editable, as in the Docker image) ships templates, static files and translations.

Builds the wheel, installs it with no dependencies into a folder, and starts Django from a
directory outside the checkout with only that folder in front of the venv's dependencies.
"""
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.infra

PROBE = r"""
import os, sys, django
from pathlib import Path
target = Path(sys.argv[1]).resolve()
django.setup()
import apes_platform.settings
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.utils import translation
assert Path(apes_platform.settings.__file__).resolve().is_relative_to(target), apes_platform.settings.__file__
for name in ("base.html", "registration/login.html", "agenda/home.html", "reporting/comparison.html"):
    assert Path(get_template(name).origin.name).resolve().is_relative_to(target), name
assert Path(finders.find("css/app.css")).resolve().is_relative_to(target)
assert all(Path(p).resolve().is_relative_to(target) for p in settings.LOCALE_PATHS), settings.LOCALE_PATHS
with translation.override("en"):
    assert translation.gettext("Connexion") == "Log in", translation.gettext("Connexion")
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
assert (Path(settings.STATIC_ROOT) / "css" / "app.css").is_file()
print("ok")
"""


# What infra/Dockerfile copies into its build stage: the wheel must build from that alone.
BUILD_CONTEXT = ("pyproject.toml", "README.md", "platform", "tenants", "core", "reporting", "network", "locale")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_CONTEXT:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "--wheel-dir", str(out), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return next(out.glob("*.whl"))


def test_wheel_contains_templates_static_and_locale(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for top in ("platform", "tenants", "core", "reporting", "network"):
        for source in (ROOT / top).glob("**/templates/**/*.html"):
            relative = source.relative_to(ROOT)
            installed = ("apes_platform",) + relative.parts[1:] if top == "platform" else relative.parts
            assert "/".join(installed) in names, f"{relative} missing from the wheel"
    assert "apes_platform/static/css/app.css" in names
    for mo in (ROOT / "locale").glob("*/LC_MESSAGES/django.mo"):
        assert f"apes_platform/locale/{mo.relative_to(ROOT / 'locale').as_posix()}" in names


def test_installed_wheel_runs_django_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check",
         "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(target),
        "DJANGO_SETTINGS_MODULE": "apes_platform.settings",
        "SECRET_KEY": "packaging-test-only",
        "DEBUG": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "NODE_MODULES": str(ROOT / "infra" / "assets" / "node_modules"),
    }
    probe = subprocess.run([sys.executable, "-c", PROBE, str(target)], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert probe.stdout.strip().endswith("ok")


def test_dockerfile_builds_from_the_same_context_and_version():
    dockerfile = (ROOT / "infra" / "Dockerfile").read_text()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"participactives-platform=={version}" in dockerfile
    for name in BUILD_CONTEXT:
        assert re.search(rf"^COPY (\S+ )*{re.escape(name)} ", dockerfile, re.M), f"the Dockerfile does not copy {name}"
