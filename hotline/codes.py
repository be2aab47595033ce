"""Tracking codes and PINs.

A code is 8 characters from a 32-symbol alphabet without look-alikes (no 0/O, 1/I), easy to read
aloud on the phone: 40 bits. The PIN is 8 digits: 26.6 bits. Together 66 bits of randomness.
Only an HMAC of the PIN (keyed with SECRET_KEY, salted with the code) is stored.
"""

import hashlib
import hmac
import re
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
PIN_LENGTH = 8
_CODE_RE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person types or says back: spaces, dashes and case do not matter; O→0 is not in the alphabet."""
    code = re.sub(r"[\s\-\.]", "", raw or "").upper()
    return code.replace("O", "0").replace("I", "1")


def normalise_pin(raw: str) -> str:
    return re.sub(r"[\s\-\.]", "", raw or "")


def is_code_shaped(code: str) -> bool:
    return bool(_CODE_RE.match(code))


def hash_pin(code: str, pin: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"hotline-pin:{code}:{pin}".encode(), hashlib.sha256).hexdigest()


def check_pin(code: str, pin: str, pin_hash: str) -> bool:
    return hmac.compare_digest(hash_pin(code, pin), pin_hash or "")


def display_pin(pin: str) -> str:
    return f"{pin[:4]} {pin[4:]}"
