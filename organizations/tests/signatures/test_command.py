"""manage.py verify_signature FILE [--trust CA.pem ...]: JSON, one object per signature, exit code 0."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from organizations.models import TrustAnchor
from organizations.tests.signatures import pki
from organizations.tests.signatures.conftest import sign

ROOT = Path(__file__).resolve().parents[3]


def _run(*args) -> tuple[list, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_signature", *map(str, args), stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def test_one_object_per_signature(tmp_path, authority, secretary, cell):
    document = tmp_path / "bao-cao.pdf"
    document.write_bytes(sign(sign(pki.simple_pdf(), secretary, box=(330, 140, 560, 200)), cell))
    root = tmp_path / "root.pem"
    root.write_bytes(authority.pem)

    signatures, _ = _run(document, "--trust", root, "--offline")

    assert [s["signer"] for s in signatures] == ["Nguyễn Văn A", "Chi bộ Sở Tư pháp"]
    first = signatures[0]
    assert {"signer", "signed_at", "intact", "trusted", "valid"} <= set(first)
    assert (first["title"], first["organization"]) == ("Bí thư", "Chi bộ Sở Tư pháp")
    assert first["intact"] is True and first["trusted"] is True and first["valid"] is True
    assert first["revocation"] == "unknown" and first["expired"] is False
    assert first["signed_at"].endswith("+00:00")


def test_an_untrusted_or_changed_document_still_exits_zero(tmp_path, authority, secretary):
    signed = sign(pki.simple_pdf("Bao cao so 05-BC/DUK"), secretary)
    position = signed.index(b"05-BC")
    document = tmp_path / "sua.pdf"
    document.write_bytes(signed[:position] + b"06" + signed[position + 2 :])
    other_root = tmp_path / "other.pem"
    other_root.write_bytes(pki.make_authority("Other").pem)

    [signature], _ = _run(document, "--trust", other_root, "--offline")

    assert signature["intact"] is False and signature["trusted"] is False and signature["valid"] is False


@pytest.mark.django_db
def test_without_trust_the_installed_anchors_are_used(tmp_path, authority, secretary):
    document = tmp_path / "bao-cao.pdf"
    document.write_bytes(sign(pki.simple_pdf(), secretary))
    TrustAnchor.objects.create(name="Root", certificate_pem=authority.pem.decode())

    [signature], _ = _run(document, "--offline")

    assert signature["trusted"] is True


@pytest.mark.parametrize(
    ("content", "status"),
    [(pki.simple_pdf(), "unsigned"), (b"Just a text file", "not_pdf")],
)
def test_unsigned_or_not_a_pdf_is_an_empty_list(tmp_path, authority, content, status):
    document = tmp_path / "file.pdf"
    document.write_bytes(content)
    root = tmp_path / "root.pem"
    root.write_bytes(authority.pem)

    signatures, err = _run(document, "--trust", root)

    assert signatures == []
    assert status in err


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        _run(tmp_path / "missing.pdf")


def test_the_exit_code_is_zero_for_an_unsigned_file(tmp_path, authority):
    # As an operator runs it: a separate process, reading the JSON from standard output.
    document = tmp_path / "file.pdf"
    document.write_bytes(pki.simple_pdf())
    root = tmp_path / "root.pem"
    root.write_bytes(authority.pem)

    result = subprocess.run(
        [sys.executable, "manage.py", "verify_signature", str(document), "--trust", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
