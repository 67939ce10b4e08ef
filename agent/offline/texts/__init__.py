"""Every sentence the offline model writes, per language: `en`, `de`, `es`. Each
module holds one `TEXTS` table (key -> `str.format` template) and the calendar
words (`WEEKDAYS`, `MONTHS`, `DAY_FORMAT`). English is complete; a key another
language lacks falls back to it (tests check the tables stay complete)."""
