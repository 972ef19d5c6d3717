"""The only format that crosses the sandbox boundary: JSON plus .npy bytes.

A message is an 8-byte big-endian length, then a payload: a 4-byte header
length, a UTF-8 JSON header, and the .npy bytes of each array the header
refers to (their lengths are listed in the header). Arrays are written by
``np.save`` and read by ``np.load`` with ``allow_pickle=False``, so no object
is ever unpickled on either side.

This module imports only the standard library and numpy, because the
sandboxed worker loads it by path before any student code runs.
"""
from __future__ import annotations

import io
import json
import math
import re
import struct

import numpy as np

MAX_DEPTH = 8
MAX_ITEMS = 256


class WireError(Exception):
    """A message that does not follow the format (from a broken or hostile peer)."""


class Foreign:
    """A value the student returned that is not plain data: its type and a short description."""

    def __init__(self, type_name: str, description: str = "", array: np.ndarray | None = None):
        self.type_name, self.description, self.array = type_name, description, array

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def _type_name(value) -> str:
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    return kind.__qualname__ if module in ("builtins", "") else f"{module}.{kind.__qualname__}"


def encode_value(value, arrays: list[bytes], depth: int = 0, max_bytes: int | None = None):
    """``value`` as JSON-able tags; arrays are appended to ``arrays`` as .npy bytes (at most ``max_bytes`` in all)."""
    if depth > MAX_DEPTH or len(arrays) > MAX_ITEMS:
        return {"foreign": "too deeply nested", "description": ""}
    if value is None or isinstance(value, (bool, str)) or type(value) in (int, float):
        return {"py": value}
    if isinstance(value, (np.ndarray, np.generic)):
        size = int(value.nbytes) + sum(len(blob) for blob in arrays)  # nbytes counts a broadcast view in full
        if max_bytes is not None and size > max_bytes:
            return {"foreign": _type_name(value), "description": f"too large to send back: {size / 2**20:.0f} MiB, more than the {max_bytes / 2**20:.0f} MiB allowed"}
        tag = {"array": len(arrays)}
        if type(value) is not np.ndarray and not isinstance(value, np.generic):  # a numpy scalar crosses as a 0-d array
            tag["type"] = _type_name(value)
        try:
            plain = np.asarray(value).view(np.ndarray) if isinstance(value, np.ndarray) else np.asarray(value)
            buffer = io.BytesIO()
            np.save(buffer, plain, allow_pickle=False)
        except Exception as error:  # object dtype, a lying subclass...
            return {"foreign": _type_name(value), "description": f"cannot be sent as plain data: {error}"[:200]}
        arrays.append(buffer.getvalue())
        return tag
    if type(value) in (tuple, list):
        items = list(value)[: MAX_ITEMS + 1]
        return {type(value).__name__: [encode_value(item, arrays, depth + 1, max_bytes) for item in items]}
    if type(value) is dict and all(isinstance(key, str) for key in value):
        return {"dict": [[key, encode_value(item, arrays, depth + 1, max_bytes)] for key, item in list(value.items())[:MAX_ITEMS]]}
    try:
        description = repr(value)[:200]
    except BaseException:  # a hostile __repr__
        description = ""
    return {"foreign": _type_name(value), "description": description}


def decode_value(tag, arrays: list[np.ndarray], depth: int = 0):
    """The inverse of :func:`encode_value`; anything malformed raises WireError."""
    if depth > MAX_DEPTH + 1 or not isinstance(tag, dict) or len(tag) == 0:
        raise WireError("malformed value")
    if "py" in tag:
        value = tag["py"]
        if value is not None and type(value) not in (bool, int, float, str):
            raise WireError("malformed plain value")
        return value
    if "array" in tag:
        index = tag["array"]
        if type(index) is not int or not 0 <= index < len(arrays):
            raise WireError("array index out of range")
        if "type" in tag:
            return Foreign(str(tag["type"])[:200], "an ndarray subclass", arrays[index])
        return arrays[index]
    if "tuple" in tag or "list" in tag:
        items = tag.get("tuple", tag.get("list"))
        if not isinstance(items, list):
            raise WireError("malformed sequence")
        decoded = [decode_value(item, arrays, depth + 1) for item in items]
        return tuple(decoded) if "tuple" in tag else decoded
    if "dict" in tag:
        pairs = tag["dict"]
        if not isinstance(pairs, list) or not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
            raise WireError("malformed mapping")
        return {str(key): decode_value(item, arrays, depth + 1) for key, item in pairs}
    if "foreign" in tag:
        return Foreign(str(tag["foreign"])[:200], str(tag.get("description", ""))[:200])
    raise WireError("unknown value tag")


def pack(header: dict, arrays: list[bytes]) -> bytes:
    """One framed message."""
    header = dict(header, array_sizes=[len(blob) for blob in arrays])
    encoded = json.dumps(header).encode("utf-8")
    payload = b"".join([struct.pack(">I", len(encoded)), encoded, *arrays])
    return struct.pack(">Q", len(payload)) + payload


def _check_npy_size(blob: bytes) -> None:
    """Refuse an .npy header that promises more data than the blob holds (np.load would allocate it first)."""
    stream = io.BytesIO(blob)
    readers = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
    shape, _, dtype = readers[np.lib.format.read_magic(stream)](stream, max_header_size=10000)
    if dtype.hasobject or int(np.prod(shape, dtype=object)) * dtype.itemsize > len(blob):
        raise ValueError("the header does not match the data")


# The header np.save writes for a plain array; anything else takes np.load's slower, general path.
_PLAIN_HEADER = re.compile(r"\{'descr': '([<>|][biufcSUV][0-9]+)', 'fortran_order': (False|True), 'shape': \(((?:[0-9]+, )*(?:[0-9]+,?)?)\), \} *\n")


def _load_plain(blob: bytes) -> np.ndarray | None:
    """The array of a version 1.0 .npy blob with a plain header, parsed without np.load's literal_eval; None otherwise."""
    if blob[:8] != b"\x93NUMPY\x01\x00" or len(blob) < 10:
        return None
    start = 10 + struct.unpack("<H", blob[8:10])[0]
    match = _PLAIN_HEADER.fullmatch(blob[10:start].decode("latin-1"))
    if not match:
        return None
    try:
        dtype = np.dtype(match[1])
        shape = tuple(int(size) for size in match[3].split(",") if size)
    except (TypeError, ValueError):
        return None
    count = math.prod(shape)
    if dtype.hasobject or count * dtype.itemsize != len(blob) - start:
        return None
    flat = np.frombuffer(blob, dtype, count, offset=start)
    array = flat.reshape(shape[::-1]).transpose() if match[2] == "True" else flat.reshape(shape)
    return array.copy(order="K")  # writable, like np.load's


def unpack(payload: bytes) -> tuple[dict, list[np.ndarray]]:
    """Header and arrays of a payload (without its 8-byte length)."""
    if len(payload) < 4:
        raise WireError("truncated message")
    (header_size,) = struct.unpack(">I", payload[:4])
    try:
        header = json.loads(payload[4 : 4 + header_size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise WireError(f"unreadable header: {type(error).__name__}") from None
    sizes = header.get("array_sizes") if isinstance(header, dict) else None
    if not isinstance(sizes, list) or not all(type(size) is int and size >= 0 for size in sizes):
        raise WireError("malformed header")
    arrays, offset = [], 4 + header_size
    for size in sizes:
        blob = payload[offset : offset + size]
        if len(blob) != size:
            raise WireError("truncated array")
        try:
            plain = _load_plain(blob)
            if plain is None:
                _check_npy_size(blob)
                plain = np.load(io.BytesIO(blob), allow_pickle=False)
            arrays.append(plain)
        except Exception as error:
            raise WireError(f"not a plain .npy array: {error}") from None
        offset += size
    return header, arrays


def read_blocking(stream) -> tuple[dict, list[np.ndarray]] | None:
    """Read one message from a blocking binary stream; None at end of file."""
    prefix = stream.read(8)
    if not prefix:
        return None
    if len(prefix) < 8:
        raise WireError("truncated length")
    (size,) = struct.unpack(">Q", prefix)
    payload = stream.read(size)
    if len(payload) != size:
        raise WireError("truncated message")
    return unpack(payload)
