"""Envelope encryption, ORM-free: each subject (a person supported, or their own sign-in) has a key of its
own, kept only wrapped by the installation's master key. Values sealed with it become unreadable everywhere
(database pages, write-ahead log, replicas, backups) once that one wrapped key is destroyed.

AES-256-GCM throughout; the subject's name is the associated data, so a sealed value or a wrapped key
moved onto another subject does not open."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class Unreadable(Exception):
    """A sealed value or wrapped key that does not open with the key given."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _encrypt(key: bytes, plain: bytes, subject: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, subject.encode())


def _decrypt(key: bytes, sealed: bytes, subject: str) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], subject.encode())
    except (InvalidTag, ValueError) as error:
        raise Unreadable(f"does not open for {subject}") from error


def wrap(master: bytes, key: bytes, subject: str) -> bytes:
    return _encrypt(master, key, subject)


def unwrap(master: bytes, wrapped: bytes, subject: str) -> bytes:
    return _decrypt(master, wrapped, subject)


def seal(key: bytes, value: Any, subject: str) -> str:
    """A JSON-safe value as printable ciphertext."""
    plain = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    return base64.b64encode(_encrypt(key, plain, subject)).decode("ascii")


def open_sealed(key: bytes, text: str, subject: str) -> Any:
    return json.loads(_decrypt(key, base64.b64decode(text), subject))
