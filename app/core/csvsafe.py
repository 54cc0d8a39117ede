"""Spreadsheet formulas neutralised in the CSV files the server writes, and read back.

A spreadsheet opening a CSV runs a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula (``=cmd|' /C calc'!A0``). Every text cell the
server writes from a user's data (column names, class names) that starts so, and is
not a plain number, gets a leading ``'``: spreadsheets show the text, run nothing.
Reading a CSV takes that quote off again, so a file downloaded and uploaded again
gives the same table.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show it and never run it."""
    if cell.startswith(TRIGGERS) and not _is_number(cell):
        return QUOTE + cell
    if cell.startswith(QUOTE) and cell[1:].startswith(TRIGGERS):
        return QUOTE + cell  # a quote of the data's own survives the round trip
    return cell


def restore(cell: str) -> str:
    """The text :func:`neutralise` was given."""
    if cell.startswith(QUOTE) and cell[1:].startswith((*TRIGGERS, QUOTE)):
        return cell[1:]
    return cell
