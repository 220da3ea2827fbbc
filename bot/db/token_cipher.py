"""Persistence layer: Slack tokens are encrypted before they are stored and decrypted when read.

Fernet (AES-128-CBC with an HMAC-SHA256) from `cryptography`: a stolen database or
backup holds no usable token without TOKEN_ENCRYPTION_KEY, and a tampered value
fails to decrypt instead of yielding a wrong token.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken


class TokenCipher:
    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())

    def encrypt(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode()

    def decrypt(self, stored: str) -> str:
        try:
            return self._fernet.decrypt(stored.encode()).decode()
        except InvalidToken:
            raise ValueError("a stored token could not be decrypted: is TOKEN_ENCRYPTION_KEY the one it was "
                             "stored with?") from None


def is_valid_key(key: str) -> bool:
    try:
        Fernet(key.encode())
    except ValueError:
        return False
    return True
