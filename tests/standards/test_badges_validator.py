"""OB 2.0 hosted assertions verified by 1EdTech's reference verifier, openbadges-validator-core.

The verifier (PyPI ``openbadges``, 1EdTech/openbadges-validator-core) runs from a venv of its
own, ``<repo>/.ob-validator-venv`` (its 2020 pins do not import on Python 3.11, see
:data:`INSTALL`); where the environment's ``PEDCOMMUNITY_OB_VALIDATOR`` names a Python, that
one. Where neither exists the test makes the venv itself (pip, from the package index) and
skips, with the command and its error, where it cannot.

Each test writes an assertion, its BadgeClass and the issuer's Profile with ids under
``https://127.0.0.1:<port>``, serves them (and the badge image) over TLS on loopback with a
throwaway certificate the verifier trusts (``REQUESTS_CA_BUNDLE``), and runs
``openbadges.verify(assertion id, recipient_profile={"email": ...})`` in the verifier's
Python: it fetches the three documents from their ids, compacts them with the OB 2.0 JSON-LD
context, validates every class, checks hosted verification (the assertion's origin is
allowed by the issuer) and the recipient's identity hash against the e-mail. Offline: the
one document not served here, the context ``https://w3id.org/openbadges/v2``, is answered
from ``tests/data/openbadges/ob_v2p0_context.json`` (1EdTech's published bytes, equal to the
copy the verifier ships in ``openbadges_context.py``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from tests.standards.test_badges_ob2 import EMAILS, FACTS, host

from pedcommunity.adapters.badges import (
    BadgeFact,
    BadgeHost,
    Issuer,
    ob2_assertion,
    ob2_badge_class,
    ob2_issuer,
)

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".ob-validator-venv"
CONTEXT = ROOT / "tests" / "data" / "openbadges" / "ob_v2p0_context.json"
#: What .ci/run installs too. openbadges 1.1.2 pins pycryptodome 3.6.6, python-jose 3.0.1 and
#: pytz 2017.2, which fail to import on Python 3.10+ (``0xffffffffL``, ``collections.Mapping``);
#: the second step replaces just those three (pip warns about the pins, and succeeds).
INSTALL = (
    ("openbadges==1.1.2",),
    ("pycryptodome==3.20.0", "python-jose==3.3.0", "pytz==2024.1"),
)
#: Runs in the verifier's Python: argv is the assertion URL, the recipient profile (JSON) and
#: the context file; prints the verifier's report as JSON.
DRIVER = r"""
import json, sys
import requests
from requests.adapters import BaseAdapter
from requests.models import Response

url, profile, context = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
with open(context, "rb") as f:
    body = f.read()

class Context(BaseAdapter):
    def send(self, request, **kwargs):
        r = Response()
        r.status_code, r._content, r.url, r.request = 200, body, request.url, request
        r.headers["Content-Type"] = "application/ld+json"
        r.encoding = "utf-8"
        return r
    def close(self):
        pass

made = requests.Session.__init__
def session(self, *args, **kwargs):
    made(self, *args, **kwargs)
    self.mount("https://w3id.org/openbadges/v2", Context())
requests.Session.__init__ = session

from openbadges import verify
out = verify(url, recipient_profile=profile or None, use_cache=False)
print(json.dumps(out["report"]))
"""
#: A 1x1 PNG: what the host serves at the BadgeClass's image URL.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _venv_python() -> Path:
    return VENV / "bin" / "python"


def validator_python() -> str:
    """The verifier's Python: ``PEDCOMMUNITY_OB_VALIDATOR``, else the venv, made if missing.

    Skips (with the failing command and its stderr) where the venv cannot be made.
    """
    given = os.environ.get("PEDCOMMUNITY_OB_VALIDATOR")
    if given:
        return given
    with (ROOT / ".ob-validator-venv.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # one pytest-xdist worker installs, the others wait
        # The marker is written last: a venv whose install was cut off is made again.
        if not (VENV / "installed").exists():
            shutil.rmtree(VENV, ignore_errors=True)
            pip = str(VENV / "bin" / "pip")
            for step in (
                ["python3", "-m", "venv", str(VENV)],
                *([pip, "install", "-q", *r] for r in INSTALL),
            ):
                done = subprocess.run(step, capture_output=True, timeout=900, check=False)
                if done.returncode != 0:
                    shutil.rmtree(VENV, ignore_errors=True)
                    tail = done.stderr.decode(errors="replace")[-1500:]
                    pytest.skip(f"no OB 2.0 verifier: {' '.join(step)} failed: {tail}")
            (VENV / "installed").write_text("openbadges-validator-core\n", encoding="utf-8")
    return str(_venv_python())


# -- a TLS server on loopback -----------------------------------------------------------------


def _certificate(where: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = where / "cert.pem", where / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@attrs.define
class Served:
    """The loopback server: its port, its certificate, and the documents it serves by path."""

    port: int
    cert: Path
    documents: dict[str, dict[str, Any]] = attrs.field(factory=dict)

    def publish(self, *documents: dict[str, Any]) -> None:
        """Serve each document at the path of its ``id``."""
        self.documents.clear()
        for doc in documents:
            self.documents[doc["id"].split(str(self.port), 1)[1]] = doc

    def verify(self, url: str, email: str | None) -> dict[str, Any]:
        """The verifier's report on the assertion at ``url`` for a recipient with ``email``."""
        profile = json.dumps({"email": email} if email is not None else {})
        env = {**os.environ, "REQUESTS_CA_BUNDLE": str(self.cert), "NO_PROXY": "*"}
        done = subprocess.run(
            [validator_python(), "-c", DRIVER, url, profile, str(CONTEXT)],
            capture_output=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
        report: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
        return report


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    cert, key = _certificate(tmp_path_factory.mktemp("ob-tls"))
    documents: dict[str, dict[str, Any]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            doc = documents.get(self.path)
            if doc is not None:
                body, kind = json.dumps(doc).encode(), "application/ld+json"
            elif self.path.endswith(".png"):
                body, kind = PNG, "image/png"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(port=server.server_address[1], cert=cert, documents=documents)
    finally:
        server.shutdown()
        server.server_close()


def loopback_host(served: Served, issuer_host: str = "127.0.0.1") -> BadgeHost:
    """The tests' School 95, with its ids on the loopback server."""
    base = f"https://127.0.0.1:{served.port}"
    issuer = f"https://{issuer_host}:{served.port}"
    return host(
        base_url=f"{base}/badges",
        issuer=Issuer(
            id=f"{issuer}/issuer", name="Школа № 95", url=base, email="info@school95.example.org"
        ),
    )


def publish(served: Served, fact: BadgeFact, h: BadgeHost, lang: str = "ru") -> str:
    """Serve the fact's three documents; return the assertion's id."""
    assertion = ob2_assertion(fact, h, lang)
    served.publish(assertion, ob2_badge_class(fact.achievement, h, lang), ob2_issuer(h, lang))
    return str(assertion["id"])


def errors(report: dict[str, Any]) -> list[str]:
    return [m["result"] for m in report["messages"] if m["messageLevel"] == "ERROR"]


# -- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(FACTS))
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_reference_verifier_accepts_every_fact(served: Served, kind: str, lang: str) -> None:
    h = loopback_host(served)
    fact = FACTS[kind][0]
    report = served.verify(publish(served, fact, h, lang), EMAILS[fact.recipient_id])
    assert errors(report) == [] and report["valid"] is True, report
    assert report["recipientProfile"] == {"email": EMAILS[fact.recipient_id]}
    assert report["openBadgesVersion"] == "2.0"
