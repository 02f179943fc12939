import base64

import pytest

# RFC 4648, section 10
BASE64 = [
    (b"", ""),
    (b"f", "Zg=="),
    (b"fo", "Zm8="),
    (b"foo", "Zm9v"),
    (b"foob", "Zm9vYg=="),
    (b"fooba", "Zm9vYmE="),
    (b"foobar", "Zm9vYmFy"),
]
BASE32 = [(b"foobar", "MZXW6YTBOI======"), (b"f", "MY======")]
HEX = [(b"foobar", "666F6F626172")]


@pytest.mark.parametrize("raw,encoded", BASE64)
def test_base64(raw, encoded):
    assert base64.b64encode(raw).decode() == encoded
    assert base64.b64decode(encoded) == raw


@pytest.mark.parametrize("raw,encoded", BASE32)
def test_base32(raw, encoded):
    assert base64.b32encode(raw).decode() == encoded


@pytest.mark.parametrize("raw,encoded", HEX)
def test_hex(raw, encoded):
    assert base64.b16encode(raw).decode() == encoded
