"""Digits of every script, and numbers written with them."""

from __future__ import annotations

import re
import unicodedata

from arqam.text.morph import DECIMAL_MARK

# Arabic-Indic (U+0660..) and Extended Arabic-Indic / Persian (U+06F0..) digits -> ASCII
DIGIT_MAP: dict[str, str] = {chr(cp): str(unicodedata.decimal(chr(cp))) for block in (0x0660, 0x06F0)
                             for cp in range(block, block + 10)}
DECIMAL_SEPARATOR = unicodedata.lookup("ARABIC DECIMAL SEPARATOR")
THOUSANDS_SEPARATOR = unicodedata.lookup("ARABIC THOUSANDS SEPARATOR")
ARABIC_COMMA = unicodedata.lookup("ARABIC COMMA")

# a number in the key: ASCII digits with , thousands groups and an optional . decimal part
NUMBER_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


_DECIMAL_COMMA_RE = re.compile(r"\d+,\d{1,2}")
# two or more dot groups (1.250.000), or one group of 000 (10.000): thousands, not decimals
_DOT_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3}){2,}|\d{1,3}\.000")


# «87ر0 بالمائة» is 0.87%: Tunisian (TAP) copy writes the decimal mark as ر and keeps the digits after the mark
# first in logical order (they show on the left in right-to-left text)
_TUNISIAN_DECIMAL_RE = re.compile(rf"(\d+){DECIMAL_MARK}(\d+)")


def to_ascii_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits (and ٫ ٬) by ASCII ones."""
    return "".join(DIGIT_MAP.get(c, c) for c in text).replace(DECIMAL_SEPARATOR, ".").replace(THOUSANDS_SEPARATOR, ",")


def year_digits(text: str) -> bool:
    """Plain digits of a year of the news, 1900-2100 («2013»)."""
    return text.isdigit() and 1900 <= int(text) <= 2100


def parse_number(text: str) -> float | None:
    """Value of a number written in digits of any script, with , or ٬ groups and . or ٫ decimals.

    >>> parse_number("١٢٫٥")
    12.5
    >>> parse_number("20,000")
    20000.0
    >>> parse_number("3,1")
    3.1
    >>> parse_number("1.250.000")
    1250000.0
    """
    s = to_ascii_digits(text.strip())
    tunisian = _TUNISIAN_DECIMAL_RE.fullmatch(s)
    if tunisian:  # «5ر1 مليون»، «42ر2 دينار»: the news-agency decimal mark, fraction digits stored first
        return float(f"{tunisian.group(2)}.{tunisian.group(1)}")
    if ARABIC_COMMA in s:  # «98،08»: the Arabic comma between digits is a decimal mark
        s = s.replace(ARABIC_COMMA, ".")
    if _DECIMAL_COMMA_RE.fullmatch(s):  # «3,1 مليون»، «2,5»: a comma before one or two digits is a decimal mark
        s = s.replace(",", ".")
    elif _DOT_THOUSANDS_RE.fullmatch(s):  # «10.000»، «1.250.000»: dots between groups of three are thousands
        s = s.replace(".", "")
    m = NUMBER_RE.fullmatch(s)
    if not m:
        return None
    return float(s.replace(",", ""))
