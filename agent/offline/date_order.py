"""Which way a business's customers write numeric dates: "4/10" is April 10 or 10 April.

The business's timezone names its region; tzdata's `zone.tab` maps each zone to a
country. Month first where that is the custom (the United States and its
territories, Canada, the Philippines, a few Pacific states); day first everywhere
else. Without the table, zones under `America/` and `US/` are month first.
Only an ambiguous date asks: "4/25" is April 25 and "25/4" is 25 April either way.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

MONTH_FIRST_COUNTRIES = frozenset(
    {"US", "CA", "PH", "FM", "MH", "PW", "GU", "AS", "MP", "PR", "VI", "UM"}
)
_MONTH_FIRST_PREFIXES = ("America/", "US/", "Canada/")
_MONTH_FIRST_LINKS = frozenset({"Pacific/Honolulu", "Pacific/Guam", "Asia/Manila"})


def day_first(timezone: str) -> bool:
    """True when "4/10" means 4 October at a business in `timezone` (an IANA name)."""
    country = _countries().get(timezone)
    if country is not None:
        return country not in MONTH_FIRST_COUNTRIES
    if timezone in _MONTH_FIRST_LINKS:
        return False
    return not timezone.startswith(_MONTH_FIRST_PREFIXES)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Zone name -> ISO country code, from tzdata's zone.tab (empty when not installed)."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    return parse_zone_tab(text)


def parse_zone_tab(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            found[fields[2]] = fields[0]
    return found
