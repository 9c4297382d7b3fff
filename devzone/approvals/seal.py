"""The zone's approval seal as cryptography: SM2 keys, SM2-with-SM3 signatures, the private key encrypted at rest,
and the seal and signature records shaped after GB/T 38540. A plain module, free of Django.

Standards followed, and how a third party checks them:

- SM2 (GB/T 32918) on the curve of GB/T 32918.5 (OID 1.2.156.10197.1.301), SM3 (GB/T 32905) as the hash.
  A signature covers ``SM3(Z_A || M)`` where ``Z_A`` binds the signer ID (the standard default
  ``1234567812345678``, GB/T 35276) and the public key; signatures are stored as DER ``SEQUENCE {r, s}``
  (GB/T 35276). OpenSSL 3 verifies them::

      openssl pkeyutl -verify -rawin -digest sm3 -pubin -inkey seal.pem -sigfile cert.sig \\
          -in cert.pdf -pkeyopt distid:1234567812345678

- Public keys are published as SubjectPublicKeyInfo PEM (id-ecPublicKey with the SM2 curve OID).

Traps in gmssl (pure Python, the SM2 library used here) that this module works around:

- ``CryptSM2.sign()`` signs the given bytes as the hash itself, without ``Z_A``; only ``sign_with_sm3`` is SM2
  as standardised. It is the one used here.
- gmssl draws the signing nonce ``k`` from ``random.choice`` (Mersenne Twister, predictable); a predictable
  ``k`` gives the private key away. The nonce is always passed in, drawn from ``secrets``.
- ``CryptSM2.__init__`` removes a ``04`` prefix with ``str.lstrip("04")``, which also eats leading ``0``/``4``
  digits of the X coordinate; the key is set on the object after construction instead.
- gmssl's SM3 is pure Python (about 0.7 s for 100 KB); the same ``Z_A`` hash is computed with OpenSSL's SM3
  through ``hashlib`` when available (a test compares it with gmssl's own ``_sm3_z``).

The private key at rest is AES-256-GCM encrypted (``cryptography``) under a master key that is never stored in
the database or the repository: ``DEVZONE_SEAL_MASTER_KEY`` (64 hex characters or base64 of 32 bytes), or
else a key generated once into ``<var>/seal_master_key`` with owner-only permissions. The seal's serial is the
associated data, so an encrypted key cannot be moved to another seal's row.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from gmssl import sm2 as gm_sm2
from gmssl import sm3 as gm_sm3

SIGNER_ID = b"1234567812345678"  # the standard default SM2 signer ID (GB/T 35276)
OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"
OID_SM2_CURVE = "1.2.156.10197.1.301"
OID_SM3 = "1.2.156.10197.1.401"
OID_SM2_WITH_SM3 = "1.2.156.10197.1.501"

_CURVE = gm_sm2.default_ecc_table
P = int(_CURVE["p"], 16)
A = int(_CURVE["a"], 16)
B = int(_CURVE["b"], 16)
N = int(_CURVE["n"], 16)
G = _CURVE["g"]  # x||y, hex
# SubjectPublicKeyInfo DER up to the BIT STRING's content: SEQUENCE { SEQUENCE { id-ecPublicKey, sm2 },
# BIT STRING (0 unused bits) 04 || X || Y }
_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d03420004")

MASTER_KEY_ENV = "DEVZONE_SEAL_MASTER_KEY"
MASTER_KEY_FILE = "seal_master_key"
_KEY_FORMAT = "v1"


class SealError(Exception):
    """A key that cannot be used: malformed, encrypted under another master key, or a bad master key."""


# --- SM3 ------------------------------------------------------------------------------------------------


def _openssl_has_sm3() -> bool:
    try:
        hashlib.new("sm3")
    except ValueError:
        return False
    return True


_FAST_SM3 = _openssl_has_sm3()


def sm3(data: bytes) -> bytes:
    """SM3 digest of ``data`` (OpenSSL's through hashlib when available, else gmssl's)."""
    if _FAST_SM3:
        return hashlib.new("sm3", data).digest()
    return bytes.fromhex(gm_sm3.sm3_hash(list(data)))


def sm3_hex(data: bytes) -> str:
    return sm3(data).hex()


# --- SM2 keys -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    private_key: str  # d, 64 hex digits
    public_key: str  # X || Y, 128 hex digits, without the 04 prefix (as ApprovalSeal.public_key stores it)

    def __repr__(self) -> str:  # never print a private key into a log or a traceback
        return f"KeyPair(public_key={self.public_key[:16]}…)"


def _on_curve(public_key: str) -> bool:
    try:
        if len(public_key) != 128:
            return False
        x, y = int(public_key[:64], 16), int(public_key[64:], 16)
    except ValueError:
        return False
    if not (0 <= x < P and 0 <= y < P):
        return False
    return (y * y - (x * x * x + A * x + B)) % P == 0


def _check_public_key(public_key: str) -> str:
    key = (public_key or "").strip().lower()
    if not _on_curve(key):
        raise SealError("not an SM2 public key (128 hex digits of a point on the SM2 curve)")
    return key


def _check_private_key(private_key: str) -> int:
    try:
        d = int(private_key, 16)
    except (TypeError, ValueError):
        raise SealError("not an SM2 private key") from None
    if not 1 <= d <= N - 2:  # (1 + d) must be invertible mod n
        raise SealError("not an SM2 private key")
    return d


class _SM2(gm_sm2.CryptSM2):
    """gmssl's SM2 with the workarounds listed in the module docstring."""

    def __init__(self, private_key: str, public_key: str, signer_id: bytes = SIGNER_ID):
        super().__init__(private_key=private_key, public_key=public_key)
        self.public_key = public_key  # not the lstrip("04")-mangled value (see module docstring)
        self.signer_id = signer_id

    def _sm3_z(self, data: bytes) -> str:
        """SM3(Z_A || M) as hex, exactly as gmssl's own ``_sm3_z`` (compared in the tests) but with any signer
        ID and a fast SM3. Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A)."""
        entl = (len(self.signer_id) * 8).to_bytes(2, "big")
        za = sm3(
            entl
            + self.signer_id
            + bytes.fromhex(self.ecc_table["a"] + self.ecc_table["b"] + self.ecc_table["g"] + self.public_key)
        )
        return sm3(za + data).hex()


def public_key_of(private_key: str) -> str:
    """The public key X || Y (hex) of ``private_key``."""
    d = _check_private_key(private_key)
    point = gm_sm2.CryptSM2(private_key=private_key, public_key="")._kg(d, G)
    return point


def generate_keypair() -> KeyPair:
    """A fresh SM2 key pair; d is drawn from ``secrets`` in [1, n-2]."""
    d = secrets.randbelow(N - 2) + 1
    private_key = f"{d:064x}"
    return KeyPair(private_key=private_key, public_key=public_key_of(private_key))


def sign_raw(private_key: str, public_key: str, data: bytes, signer_id: bytes = SIGNER_ID) -> str:
    """SM2 signature (with SM3 and Z_A) of ``data``: r || s as 128 hex digits."""
    _check_private_key(private_key)
    _check_public_key(public_key)
    signer = _SM2(private_key, public_key, signer_id)
    for _ in range(16):  # sign() returns None for the rare nonces with r = 0, r + k = n or s = 0
        k = f"{secrets.randbelow(N - 1) + 1:064x}"
        raw = signer.sign_with_sm3(data, k)
        if raw is not None:
            return raw
    raise SealError("SM2 signing failed")  # pragma: no cover  (probability about 16 * 2**-255)


def raw_to_der(raw: str) -> bytes:
    """r || s (hex) -> DER SEQUENCE { INTEGER r, INTEGER s } (GB/T 35276)."""
    return encode_dss_signature(int(raw[:64], 16), int(raw[64:128], 16))


def der_to_raw(der: bytes) -> str:
    """DER -> r || s (hex). Only canonical DER with 1 <= r, s < n is accepted; else ``SealError``."""
    try:
        r, s = decode_dss_signature(der)
    except (ValueError, TypeError):
        raise SealError("not a DER SM2 signature") from None
    if not (1 <= r < N and 1 <= s < N) or encode_dss_signature(r, s) != der:
        raise SealError("not a DER SM2 signature")
    return f"{r:064x}{s:064x}"


def sign(private_key: str, public_key: str, data: bytes, signer_id: bytes = SIGNER_ID) -> bytes:
    """SM2-with-SM3 signature of ``data`` as DER, verifiable by any standard SM2 tool."""
    return raw_to_der(sign_raw(private_key, public_key, data, signer_id))


def verify(public_key: str, data: bytes, signature_der: bytes, signer_id: bytes = SIGNER_ID) -> bool:
    """True only if ``signature_der`` is a valid SM2-with-SM3 signature of ``data`` by ``public_key``.
    Never raises on malformed input: anything that is not a valid signature is False."""
    try:
        key = _check_public_key(public_key)
        raw = der_to_raw(bytes(signature_der))
        return bool(_SM2("00", key, signer_id).verify_with_sm3(raw, data))
    except (SealError, ValueError, TypeError, IndexError):
        return False


# --- Public key encodings -----------------------------------------------------------------------------


def public_key_der(public_key: str) -> bytes:
    """SubjectPublicKeyInfo DER (id-ecPublicKey, curve 1.2.156.10197.1.301)."""
    return _SPKI_PREFIX + bytes.fromhex(_check_public_key(public_key))


def public_key_pem(public_key: str) -> str:
    b64 = base64.b64encode(public_key_der(public_key)).decode("ascii")
    lines = [b64[i : i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"


def public_key_from_pem(pem: str) -> str:
    """X || Y (hex) from a SubjectPublicKeyInfo PEM of an SM2 key."""
    body = "".join(
        line.strip() for line in pem.strip().splitlines() if line.strip() and not line.startswith("-----")
    )
    try:
        der = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise SealError("not a PEM public key") from None
    if len(der) != len(_SPKI_PREFIX) + 64 or not der.startswith(_SPKI_PREFIX):
        raise SealError("not an SM2 SubjectPublicKeyInfo")
    return _check_public_key(der[len(_SPKI_PREFIX) :].hex())


def fingerprint(public_key: str) -> str:
    """SM3 of the SubjectPublicKeyInfo DER (hex): names a key in a log or on a page."""
    return sm3_hex(public_key_der(public_key))


# --- The private key at rest ----------------------------------------------------------------------------


def _decode_master_key(text: str) -> bytes:
    value = text.strip()
    if len(value) == 64:
        try:
            return bytes.fromhex(value)
        except ValueError:
            pass
    try:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        try:
            key = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            key = b""
    if len(key) != 32:
        raise SealError(f"{MASTER_KEY_ENV} must be 32 bytes, as 64 hex digits or base64")
    return key


def load_master_key(var_dir: Path) -> bytes:
    """The seal master key: from ``DEVZONE_SEAL_MASTER_KEY``, else ``<var_dir>/seal_master_key`` (created once
    with mode 0600; a file that others may read is refused)."""
    from django.conf import settings

    env = settings.DEVZONE_SEAL_MASTER_KEY  # read from the environment by the settings
    if env:
        return _decode_master_key(env)
    path = Path(var_dir) / MASTER_KEY_FILE
    if not path.exists():
        Path(var_dir).mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it in between: use theirs
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii") + "\n")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SealError(f"{path} must be readable by its owner only (chmod 600 {path})")
    return _decode_master_key(path.read_text())


def _key_id(master_key: bytes) -> str:
    """A short public name of the master key (so a wrong key is reported as such, not as corruption)."""
    return hashlib.sha256(b"devzone-seal-master-key-id\x00" + master_key).hexdigest()[:12]


def encrypt_private_key(private_key: str, *, master_key: bytes, context: str) -> str:
    """``v1$<key id>$<base64(nonce || ciphertext+tag)>``: AES-256-GCM, ``context`` (the seal serial) bound as
    associated data."""
    _check_private_key(private_key)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(master_key).encrypt(nonce, bytes.fromhex(private_key), context.encode("utf-8"))
    payload = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{_KEY_FORMAT}${_key_id(master_key)}${payload}"


def decrypt_private_key(token: str, *, master_key: bytes, context: str) -> str:
    try:
        version, key_id, payload = token.split("$")
        blob = base64.urlsafe_b64decode(payload)
    except (ValueError, binascii.Error):
        raise SealError("the stored seal key is malformed") from None
    if version != _KEY_FORMAT:
        raise SealError("the stored seal key has an unknown format")
    if key_id != _key_id(master_key):
        raise SealError(
            f"the seal key was encrypted under another master key ({key_id}); set {MASTER_KEY_ENV} to it"
        )
    try:
        plain = AESGCM(master_key).decrypt(blob[:12], blob[12:], context.encode("utf-8"))
    except InvalidTag:
        raise SealError(
            "the stored seal key does not decrypt (altered, or moved from another seal)"
        ) from None
    private_key = plain.hex()
    _check_private_key(private_key)
    return private_key


# --- GB/T 38540 shaped records ------------------------------------------------------------------------
#
# GB/T 38540-2020 (安全电子签章密码技术规范) defines, in ASN.1:
#
#   SES_Seal      ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING }
#   SES_SealInfo  ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
#                                picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }
#   SES_Header    ::= SEQUENCE { ID IA5String ("ES"), version INTEGER (4), Vid IA5String }
#   SES_ESPropertyInfo ::= SEQUENCE { type INTEGER (1 unit seal), name UTF8String, certListType INTEGER,
#                                certList SES_CertList, createDate, validStart, validEnd GeneralizedTime }
#   SES_ESPictrueInfo  ::= SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER (mm) }
#   SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID, signature BIT STRING,
#                                timeStamp [0] BIT STRING OPTIONAL }
#   TBS_Sign      ::= SEQUENCE { version INTEGER (4), eseal SES_Seal, timeInfo GeneralizedTime,
#                                dataHash BIT STRING, propertyInfo IA5String, extDatas [0] OPTIONAL }
#
# The dicts below carry the same fields under the same names (binary values base64, times as GeneralizedTime
# strings) so that an OFD writer can DER-encode them field by field. Where this platform differs, the record
# says so in "notes":
#
# - there is no certificate authority here, so "cert" holds the seal's SubjectPublicKeyInfo instead of an X.509
#   certificate (certListType 1 with one entry of kind "spki"); an OFD writer with a CA-issued certificate for
#   the same key puts it in that slot;
# - the seal is self-issued: SES_Seal.signedValue is the seal key's own signature over the canonical JSON of
#   eSealInfo (a 制章者 with its own certificate would sign the DER of SES_SealInfo);
# - SES_Signature.signature is the detached signature of the certificate PDF's bytes (what OpenSSL verifies);
#   toSign.dataHash is SM3 of the same bytes. For an OFD document the writer signs DER(TBS_Sign) per the
#   standard with the same seal key, and toSign.eseal then embeds the full SES_Seal (here: a reference to it
#   by esID and its SM3 fingerprint, so that each certificate does not repeat the seal's picture).

SES_VERSION = 4
SES_VENDOR_ID = "DEVZONE"
SEAL_KIND_UNIT = 1  # 单位印章


def generalized_time(moment: dt.datetime) -> str:
    """ASN.1 GeneralizedTime in UTC (YYYYMMDDHHMMSSZ)."""
    if moment.tzinfo is None:
        raise ValueError("aware datetime required")
    return moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")


def canonical_json(value: dict) -> bytes:
    """The bytes a record's signature covers: sorted keys, no whitespace, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def seal_record(
    *,
    serial: str,
    name: str,
    keypair: KeyPair,
    created: dt.datetime,
    valid_start: dt.datetime,
    valid_end: dt.datetime,
    picture_svg: str,
    picture_mm: int = 42,
) -> dict:
    """SES_Seal (GB/T 38540) of a seal, self-signed with the seal's key (see the notes above)."""
    spki = public_key_der(keypair.public_key)
    info = {
        "header": {"ID": "ES", "version": SES_VERSION, "Vid": SES_VENDOR_ID},
        "esID": serial,
        "property": {
            "type": SEAL_KIND_UNIT,
            "name": name,
            "certListType": 1,
            "certList": [{"kind": "spki", "data": _b64(spki)}],
            "createDate": generalized_time(created),
            "validStart": generalized_time(valid_start),
            "validEnd": generalized_time(valid_end),
        },
        "picture": {
            "type": "SVG",
            "data": _b64(picture_svg.encode("utf-8")),
            "width": picture_mm,
            "height": picture_mm,
        },
    }
    signature = sign(keypair.private_key, keypair.public_key, canonical_json(info))
    return {
        "standard": "GB/T 38540-2020",
        "structure": "SES_Seal",
        "eSealInfo": info,
        "cert": _b64(spki),
        "signAlgID": OID_SM2_WITH_SM3,
        "signedValue": _b64(signature),
        "notes": {
            "cert": "SubjectPublicKeyInfo of the seal key (no CA); an OFD writer may put an X.509 certificate here",
            "signedValue": "the seal key's SM2-with-SM3 signature over the canonical JSON of eSealInfo",
            "signerID": SIGNER_ID.decode("ascii"),
        },
    }


def seal_record_fingerprint(record: dict) -> str:
    return sm3_hex(canonical_json(record))


def verify_seal_record(record: dict, public_key: str) -> bool:
    """The record's self-signature verifies with ``public_key`` and its cert slot names the same key."""
    try:
        info = record["eSealInfo"]
        if base64.b64decode(record["cert"]) != public_key_der(public_key):
            return False
        return verify(public_key, canonical_json(info), base64.b64decode(record["signedValue"]))
    except (KeyError, TypeError, ValueError, SealError, binascii.Error):
        return False


def signature_record(
    *,
    seal: dict,
    public_key: str,
    signed_at: dt.datetime,
    data: bytes,
    signature_der: bytes,
    property_info: str,
) -> dict:
    """SES_Signature (GB/T 38540) for a signature of ``data`` (the PDF bytes) under ``seal``."""
    return {
        "standard": "GB/T 38540-2020",
        "structure": "SES_Signature",
        "toSign": {
            "version": SES_VERSION,
            "eseal": {
                "esID": seal["eSealInfo"]["esID"],
                "sm3": seal_record_fingerprint(seal),
                "ref": "ApprovalSeal.structure",
            },
            "timeInfo": generalized_time(signed_at),
            "dataHash": sm3_hex(data),
            "dataHashAlgID": OID_SM3,
            "propertyInfo": property_info,
        },
        "cert": _b64(public_key_der(public_key)),
        "signatureAlgID": OID_SM2_WITH_SM3,
        "signature": _b64(signature_der),
        "notes": {
            "signature": "detached SM2-with-SM3 signature of the PDF bytes (Z_A with the signer ID below); "
            "an OFD writer signs DER(TBS_Sign) with the same key and embeds the full SES_Seal in toSign.eseal",
            "signerID": SIGNER_ID.decode("ascii"),
        },
    }
