"""One version, from pyproject.toml: the command line, every PDF and every summary file show it."""

from __future__ import annotations

import io
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from mccdesk.reports.layout.page import PageMarks, render, stylesheet
from mccdesk.sync import envelope
from mccdesk.version import generator, version

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_the_one_in_pyproject() -> None:
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version() == expected
    assert generator() == f"mccdesk {expected}"


def test_the_command_line_prints_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mccdesk.cli", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == generator()


def test_every_pdf_page_names_the_version() -> None:
    story = [Paragraph("本文", stylesheet()["body"]) for _ in range(120)]  # several pages
    pdf = render(story, PageMarks(footer="テスト圏域ブランチ", title_later="続き"), "t", "a")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert generator() in page.extract_text()
    assert reader.metadata.creator == generator()


def _keys() -> tuple[Ed25519PrivateKey, X25519PrivateKey]:
    return Ed25519PrivateKey.generate(), X25519PrivateKey.generate()


def _header(signer: Ed25519PrivateKey, sealed: X25519PrivateKey) -> dict:
    return {
        "type": envelope.FILE_TYPE,
        "format": envelope.FORMAT_VERSION,
        "branch": "B01",
        "key_id": envelope.key_id(signer.public_key().public_bytes_raw()),
        "period": "FY2024-Q1",
        "revision": 0,
        "seq": 1,
        "prev_hash": "",
        "created_at": "2024-07-10T00:00:00Z",
        "policy": "2024.1",
        "sealed_to": envelope.key_id(sealed.public_key().public_bytes_raw()),
    }


def test_every_summary_file_names_the_program_in_its_signed_header() -> None:
    signer, sealed = _keys()
    data = envelope.make_file(
        _header(signer, sealed), b"{}", signer.private_bytes_raw(),
        sealed.public_key().public_bytes_raw(),
    )  # fmt: skip
    header = envelope.verify(data, {"B01": [signer.public_key().public_bytes_raw()]})
    assert header["created_by"] == generator()


def _unchecked(header: dict, signer: Ed25519PrivateKey, sealed: X25519PrivateKey) -> bytes:
    header_bytes = envelope.canonical(header)
    body_sealed = envelope.seal(
        b"{}", envelope.MAGIC + header_bytes, sealed.public_key().public_bytes_raw()
    )
    body = len(header_bytes).to_bytes(4, "big") + header_bytes + body_sealed
    signed = envelope.MAGIC + len(body).to_bytes(4, "big") + body
    return signed + signer.sign(envelope.CONTEXT + b"\x00" + signed)


def test_files_written_before_the_field_existed_still_verify() -> None:
    signer, sealed = _keys()
    data = _unchecked(_header(signer, sealed), signer, sealed)
    header = envelope.verify(data, {"B01": [signer.public_key().public_bytes_raw()]})
    assert "created_by" not in header


@pytest.mark.parametrize("bad", ["Ichiro Suzuki", "mccdesk 0.1.0 鈴木", 7, "mccdesk " + "9" * 40])
def test_the_field_cannot_carry_anything_but_a_version(bad: object) -> None:
    signer, sealed = _keys()
    data = _unchecked({**_header(signer, sealed), "created_by": bad}, signer, sealed)
    with pytest.raises(envelope.EnvelopeRejected) as err:
        envelope.verify(data, {"B01": [signer.public_key().public_bytes_raw()]})
    assert err.value.params["reason"] == "created_by"
