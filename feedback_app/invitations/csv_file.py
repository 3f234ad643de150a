"""A CSV file of events read safely, whatever bytes it holds: its encoding decided over the whole file, its text
decoded line by line (so an undecodable byte is named by line and character), its rows numbered as a spreadsheet
numbers them (the header is row 1), and the file-level bounds checked: rows, and the size of a cell.

Any problem with the file as a whole is an ImportFileError that names the line; the import reads the whole file
through here before it stores a row, so such a file stores nothing.
"""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from feedback_app.common.texts import N_, Text, TextError

CHUNK = 64 * 1024
MAX_ROWS = 100_000  # rows after the header; a bigger export goes in several files
MAX_CELL = 4_000  # characters in one cell: the longest field (an e-mail address) is 320
REQUIRED = ("touchpoint", "customer_external_id")
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252"}
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


class ImportFileError(TextError):
    """The file as a whole cannot be read (encoding, CSV structure, no header, a required column missing, too
    many rows); nothing of it is stored."""


def rewindable(stream: BinaryIO) -> BinaryIO:
    """The stream itself when it can seek (files, uploads); else a spooled copy that can (a pipe)."""
    if stream.seekable():
        return stream
    copy = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    while chunk := stream.read(CHUNK):
        copy.write(chunk)
    copy.seek(0)
    return copy


def sniff_encoding(stream: BinaryIO) -> str:
    """A BOM decides; else UTF-8, unless the file's first non-ASCII byte does not start a UTF-8 character, which
    makes it Windows-1252 (Excel's CSV). The stream is left where it was."""
    start = stream.tell()
    head = stream.read(4)
    stream.seek(start)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    encoding = "utf-8"
    while chunk := stream.read(CHUNK):
        hit = _NON_ASCII.search(chunk)
        if hit:
            sample = chunk[hit.start() :] + stream.read(4)
            encoding = "utf-8" if _starts_utf8_character(sample) else "cp1252"
            break
    stream.seek(start)
    return encoding


def _starts_utf8_character(data: bytes) -> bool:
    lead = data[0]
    length = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    try:
        return bool(length) and len(data[:length].decode("utf-8")) == 1
    except UnicodeDecodeError:
        return False


def decoded_lines(stream: BinaryIO, encoding: str) -> Iterator[str]:
    """The file's text line by line, each with its line ending (as csv wants it); an ImportFileError names the line
    and character of a byte that is not text in `encoding`."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending, lines_done = "", 0
    while True:
        chunk = stream.read(CHUNK)
        state = decoder.getstate()
        try:
            pending += decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            decoder.setstate(state)
            before = pending + decoder.decode(chunk[: exc.start])
            raise _undecodable(before, lines_done, exc, encoding) from None
        hold = "\r" if pending.endswith("\r") and chunk else ""  # a "\n" may follow in the next chunk
        lines = _LINE_END.split(pending[: len(pending) - len(hold)])
        pending = lines.pop() + hold
        lines_done += len(lines)
        yield from lines
        if not chunk:
            break
    if pending:
        yield pending


def _undecodable(before: str, lines_done: int, exc: UnicodeDecodeError, encoding: str) -> ImportFileError:
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return ImportFileError(
        N_(
            "line %(line)d, character %(column)d: the byte 0x%(byte)s is not %(encoding)s text; save the file as "
            "UTF-8 and import it again (nothing was stored)"
        ),
        line=lines_done + len(_LINE_END.split(before)),
        column=len(before) - line_start + 1,
        byte=exc.object[exc.start : exc.start + 1].hex().upper(),
        encoding=ENCODING_NAMES.get(encoding, encoding),
    )


def read_rows(
    stream: BinaryIO, encoding: str, max_rows: int = MAX_ROWS
) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The header's columns and the numbered rows (a dict per row); the delimiter is sniffed from the header.
    An ImportFileError, raised while rows are read, names the line where the file stops being readable CSV, or
    says the file has more than `max_rows` rows."""
    lines = decoded_lines(stream, encoding)
    header = next(lines, "")
    try:
        dialect = csv.Sniffer().sniff(header, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(_chain(header, lines), dialect=dialect)
    try:
        columns = [column.strip() for column in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise _not_csv(1, exc) from None
    reader.fieldnames = columns
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportFileError(
            N_("the header row lacks the column(s) %(missing)s; found: %(found)s"),
            missing=", ".join(missing),
            found=", ".join(columns) or Text(N_("nothing")),
        )
    return columns, _numbered(reader, max_rows)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _numbered(reader: csv.DictReader, max_rows: int) -> Iterator[tuple[int, dict]]:
    number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _not_csv(reader.reader.line_num, exc) from None
        number += 1
        if number - 1 > max_rows:
            raise ImportFileError(
                N_("the file has more than %(max)d rows; split it into files of at most %(max)d (nothing was stored)"),
                max=max_rows,
            )
        yield number, row


def _not_csv(line: int, exc: csv.Error) -> ImportFileError:
    if "field larger than field limit" in str(exc):
        return ImportFileError(
            N_("line %(line)d: a cell is far longer than the %(max)d characters a cell may hold (nothing was stored)"),
            line=line,
            max=MAX_CELL,
        )
    return ImportFileError(
        N_("line %(line)d: not readable as CSV (%(problem)s); nothing was stored"), line=line, problem=str(exc)
    )


def oversized_cell(row: dict) -> tuple[str, int] | None:
    """The first column whose cell holds more than MAX_CELL characters, with its length, or None."""
    for column, value in row.items():
        if column and isinstance(value, str) and len(value) > MAX_CELL:
            return column, len(value)
    return None
