"""Text encodings of the CSV files users give (load profiles, metered data, availability).

Chinese utility and 用电信息采集 exports are often GBK-encoded, files saved by Excel on Windows start
with a UTF-8 byte-order mark. Every CSV reader of the package decodes through :func:`read_text`, so
that a file that is read in one place is read in every place.
"""
from __future__ import annotations

from pathlib import Path

from simulator.errors import InputError, InputIssue

#: tried in this order; GB18030 is a superset of GBK and GB2312
ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: str | Path, source: str, field: str) -> str:
    """The text of a CSV file in UTF-8 (with or without byte-order mark) or GBK/GB18030.

    Raises
    ------
    InputError
        If the file cannot be read or is in neither encoding.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(InputIssue(source, field, str(path), f"a readable file ({exc.strerror})")) from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(InputIssue(source, field, str(path), "a CSV file in UTF-8 or GBK/GB18030 encoding"))
