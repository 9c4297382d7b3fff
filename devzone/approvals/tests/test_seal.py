"""The seal's cryptography (devzone/approvals/seal.py): SM2 with SM3 as the standard has it, interoperable with
OpenSSL 3 both ways, strict DER, the private key encrypted at rest, the GB/T 38540-shaped records."""

from __future__ import annotations

import base64
import datetime as dt
import os
import shutil
import stat
import subprocess

import pytest
from gmssl import sm2 as gm_sm2
from hypothesis import given
from hypothesis import strategies as st

from devzone.approvals import seal

OPENSSL = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="the openssl binary is not installed")
KEY = seal.generate_keypair()


def _openssl(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([OPENSSL, *args], cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603


def test_it_signs_and_verifies_a_round_trip():
    data = "济北经济开发区 建设工程规划许可证".encode() * 100
    signature = seal.sign(KEY.private_key, KEY.public_key, data)
    assert signature[0] == 0x30  # DER SEQUENCE
    assert seal.verify(KEY.public_key, data, signature)
    assert not seal.verify(KEY.public_key, data + b"\x00", signature)
    assert not seal.verify(seal.generate_keypair().public_key, data, signature)


def test_it_never_reuses_a_nonce():
    """Two signatures of the same data differ (gmssl would draw k from random.choice if not given one)."""
    data = b"same data"
    assert seal.sign(KEY.private_key, KEY.public_key, data) != seal.sign(
        KEY.private_key, KEY.public_key, data
    )


@given(st.binary(max_size=300))
def test_its_z_a_hash_is_gmssls_own(message):
    """The fast SM3(Z_A || M) equals gmssl's ``_sm3_z`` (the library's definition of sign_with_sm3's input)."""
    reference = gm_sm2.CryptSM2(private_key=KEY.private_key, public_key=KEY.public_key)
    reference.public_key = KEY.public_key
    assert seal._SM2(KEY.private_key, KEY.public_key)._sm3_z(message) == reference._sm3_z(message)


def test_it_handles_a_public_key_that_gmssl_would_strip():
    """gmssl's constructor strips a leading "04" with lstrip; a key whose X starts with 04 must still work."""
    private_key = f"{11:064x}"  # a toy key whose public key happens to start with 04
    public_key = seal.public_key_of(private_key)
    assert public_key.startswith("04")
    signature = seal.sign(private_key, public_key, b"data")
    assert seal.verify(public_key, b"data", signature)


@given(st.binary(max_size=120))
def test_verify_never_raises_on_garbage(junk):
    assert seal.verify(KEY.public_key, b"data", junk) is False


def test_it_accepts_only_canonical_der():
    signature = seal.sign(KEY.private_key, KEY.public_key, b"data")
    raw = seal.der_to_raw(signature)
    assert seal.raw_to_der(raw) == signature
    # the same r and s with a needless leading zero byte in r: BER, not DER
    r, s = int(raw[:64], 16), int(raw[64:], 16)
    r_bytes = b"\x00" + r.to_bytes((r.bit_length() + 8) // 8, "big")
    s_bytes = s.to_bytes((s.bit_length() + 8) // 8, "big")
    body = b"\x02" + bytes([len(r_bytes)]) + r_bytes + b"\x02" + bytes([len(s_bytes)]) + s_bytes
    assert not seal.verify(KEY.public_key, b"data", b"\x30" + bytes([len(body)]) + body)
    with pytest.raises(seal.SealError):
        seal.der_to_raw(seal.raw_to_der("00" * 64))  # r = s = 0


def test_the_public_key_pem_is_subject_public_key_info_with_the_sm2_curve():
    pem = seal.public_key_pem(KEY.public_key)
    der = seal.public_key_der(KEY.public_key)
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\n")
    assert bytes.fromhex("06082a811ccf5501822d") in der  # OID 1.2.156.10197.1.301
    assert seal.public_key_from_pem(pem) == KEY.public_key
    with pytest.raises(seal.SealError):
        seal.public_key_from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")


@needs_openssl
def test_openssl_verifies_our_signature_and_we_verify_openssls(tmp_path):
    data = os.urandom(5000)
    (tmp_path / "data.bin").write_bytes(data)
    (tmp_path / "ours.sig").write_bytes(seal.sign(KEY.private_key, KEY.public_key, data))
    (tmp_path / "ours.pem").write_text(seal.public_key_pem(KEY.public_key))
    done = _openssl(
        "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "ours.pem",
        "-sigfile", "ours.sig", "-in", "data.bin", "-pkeyopt", "distid:1234567812345678",
        cwd=tmp_path,
    )  # fmt: skip
    assert "Signature Verified Successfully" in done.stdout, done.stderr
    # and the other way: an SM2 key and signature made by OpenSSL verify here
    assert _openssl("genpkey", "-algorithm", "SM2", "-out", "theirs.key", cwd=tmp_path).returncode == 0
    assert (
        _openssl("pkey", "-in", "theirs.key", "-pubout", "-out", "theirs.pem", cwd=tmp_path).returncode == 0
    )
    signed = _openssl(
        "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", "theirs.key", "-in", "data.bin",
        "-out", "theirs.sig", "-pkeyopt", "distid:1234567812345678",
        cwd=tmp_path,
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    their_key = seal.public_key_from_pem((tmp_path / "theirs.pem").read_text())
    assert seal.verify(their_key, data, (tmp_path / "theirs.sig").read_bytes())
    assert not seal.verify(their_key, data[:-1], (tmp_path / "theirs.sig").read_bytes())


def test_the_private_key_is_encrypted_and_bound_to_its_seal():
    master = os.urandom(32)
    token = seal.encrypt_private_key(KEY.private_key, master_key=master, context="3701000001001")
    assert KEY.private_key not in token and KEY.private_key.upper() not in token
    assert seal.decrypt_private_key(token, master_key=master, context="3701000001001") == KEY.private_key
    with pytest.raises(seal.SealError, match="moved from another seal"):
        seal.decrypt_private_key(token, master_key=master, context="3701000001002")
    with pytest.raises(seal.SealError, match="another master key"):
        seal.decrypt_private_key(token, master_key=os.urandom(32), context="3701000001001")
    version, key_id, payload = token.split("$")
    blob = bytearray(base64.urlsafe_b64decode(payload))
    blob[-1] ^= 1
    forged = f"{version}${key_id}${base64.urlsafe_b64encode(bytes(blob)).decode()}"
    with pytest.raises(seal.SealError):
        seal.decrypt_private_key(forged, master_key=master, context="3701000001001")


def test_the_master_key_file_is_made_once_for_the_owner_only(tmp_path, settings):
    settings.DEVZONE_SEAL_MASTER_KEY = ""
    first = seal.load_master_key(tmp_path)
    path = tmp_path / seal.MASTER_KEY_FILE
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert seal.load_master_key(tmp_path) == first
    path.chmod(0o644)
    with pytest.raises(seal.SealError, match="chmod 600"):
        seal.load_master_key(tmp_path)


def test_the_master_key_can_come_from_the_environment(tmp_path, settings):
    # settings.py reads DEVZONE_SEAL_MASTER_KEY from the environment
    key = os.urandom(32)
    settings.DEVZONE_SEAL_MASTER_KEY = key.hex()
    assert seal.load_master_key(tmp_path) == key
    settings.DEVZONE_SEAL_MASTER_KEY = base64.b64encode(key).decode()
    assert seal.load_master_key(tmp_path) == key
    assert not (tmp_path / seal.MASTER_KEY_FILE).exists()
    settings.DEVZONE_SEAL_MASTER_KEY = "too-short"
    with pytest.raises(seal.SealError, match="32 bytes"):
        seal.load_master_key(tmp_path)


def test_the_seal_record_follows_gbt_38540_and_is_self_signed():
    now = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)
    record = seal.seal_record(
        serial="3701000001001",
        name="济南济北经济开发区管理委员会行政审批专用章",
        keypair=KEY,
        created=now,
        valid_start=now,
        valid_end=now.replace(year=2036),
        picture_svg="<svg/>",
    )
    info = record["eSealInfo"]
    assert info["header"] == {"ID": "ES", "version": 4, "Vid": "DEVZONE"}
    assert info["esID"] == "3701000001001"
    assert info["property"]["type"] == 1 and info["property"]["createDate"] == "20261122093000Z"
    assert info["picture"]["type"] == "SVG" and info["picture"]["width"] == 42
    assert record["signAlgID"] == seal.OID_SM2_WITH_SM3 == "1.2.156.10197.1.501"
    assert seal.verify_seal_record(record, KEY.public_key)
    record["eSealInfo"]["property"]["name"] = "伪造的印章"
    assert not seal.verify_seal_record(record, KEY.public_key)

    data = b"%PDF-1.7 ..."
    signature = seal.sign(KEY.private_key, KEY.public_key, data)
    sig_record = seal.signature_record(
        seal=record,
        public_key=KEY.public_key,
        signed_at=now,
        data=data,
        signature_der=signature,
        property_info="x",
    )
    assert sig_record["toSign"]["version"] == 4
    assert sig_record["toSign"]["dataHash"] == seal.sm3_hex(data)
    assert sig_record["signatureAlgID"] == "1.2.156.10197.1.501"
    assert seal.verify(KEY.public_key, data, base64.b64decode(sig_record["signature"]))
