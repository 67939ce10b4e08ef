"""Text and JSON made storable, and JSON bodies decoded past any depth (pure functions)."""

from __future__ import annotations

import json

import pytest

from bookbot.api.json_input import cut_deep, load_json
from bookbot.api.storable import (
    CUT,
    MAX_DEPTH,
    MESSAGE_ID_LENGTH,
    Cleaned,
    storable_id,
    storable_name,
    storable_text,
    storable_tree,
)
from bookbot.store.column_limits import CUSTOMER_NAME_LENGTH, INTEGER_MAX


def depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


def test_column_limits_are_read_off_the_models() -> None:
    assert (CUSTOMER_NAME_LENGTH, MESSAGE_ID_LENGTH, INTEGER_MAX) == (200, 128, 2147483647)


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("plain", "plain"),
        ("a\x00b", "a\ufffdb"),
        ("lone \ud800 high", "lone \ufffd high"),
        ("lone \udfff low", "lone \ufffd low"),
        ("\U0001f44d emoji stays", "\U0001f44d emoji stays"),
    ],
)
def test_storable_text_replaces_what_postgresql_refuses(raw: str, stored: str) -> None:
    assert storable_text(raw) == stored
    stored.encode("utf-8")  # encodable: no lone surrogate left


def test_storable_name_is_clipped_to_the_column() -> None:
    assert storable_name(None) is None
    assert storable_name("N" * 500) == "N" * CUSTOMER_NAME_LENGTH


def test_storable_id_keeps_short_ids_and_hashes_the_rest() -> None:
    assert storable_id("wamid.ok") == "wamid.ok"
    long_id = "w" * 500
    hashed = storable_id(long_id)
    assert hashed.startswith("sha256:") and len(hashed) <= MESSAGE_ID_LENGTH
    assert storable_id(long_id) == hashed != storable_id(long_id + "x")
    assert storable_id("nul\x00id").startswith("sha256:")


def test_storable_tree_cleans_strings_keys_numbers_and_depth() -> None:
    deep: object = "bottom"
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    value = {"k\x00": ["\ud800", float("inf"), 1, None, True], "deep": deep}
    cleaned = Cleaned()
    tree = storable_tree(value, cleaned)
    assert isinstance(tree, dict)
    assert tree["k\ufffd"] == ["\ufffd", "inf", 1, None, True]
    assert depth(tree) <= MAX_DEPTH and CUT in json.dumps(tree)
    assert (cleaned.texts, cleaned.numbers, cleaned.cut) == (2, 1, 1)
    assert "nested deeper" in cleaned.describe()
    json.dumps(tree, allow_nan=False).encode("utf-8")  # strict JSON, valid UTF-8


def test_cut_deep_replaces_only_containers_below_the_limit() -> None:
    text = '{"a": [[["x"]]], "b": "[[[not a bracket", "c": {"d": {"e": 1}}}'
    assert json.loads(cut_deep(text, 2)) == {
        "a": [CUT],
        "b": "[[[not a bracket",
        "c": {"d": CUT},
    }
    assert cut_deep(text, 10) == text


def test_load_json_reads_what_json_loads_gives_up_on() -> None:
    deep = b"[" * 100_000 + b"1" + b"]" * 100_000
    raw = b'{"deep": ' + deep + b', "big": ' + b"9" * 5000 + b', "inf": 1e400, "nan": NaN}'
    value = load_json(raw)
    assert isinstance(value, dict)
    assert depth(value["deep"]) == MAX_DEPTH - 1
    assert value["big"] == "9" * 5000
    assert (value["inf"], value["nan"]) == ("1e400", "NaN")
    assert load_json(b'{"t": "bad \xff byte"}') == {"t": "bad \ufffd byte"}
    with pytest.raises(ValueError):
        load_json(b'{"entry": [')


@pytest.mark.parametrize(
    "body",
    [
        b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {}}]}]}',
        b'{"object": "x", "entry": [], "t": "nul \\u0000 here"}',
        b'{"object": "x", "entry": [], "t": "lone \\ud800 surrogate"}',
        b'{"object": "x", "entry": [], "t": "plain \\u00e9 escape"}',
        b'{"object": "x", "entry": [], "n": 1e400, "m": NaN}',
        b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}",
        b'{"a": ' + b"[" * 32 + b"]" * 32 + b"}",
        b'{"a": "' + b"[" * 40 + b'"}',
        b'\xef\xbb\xbf{"bad utf-8": "\xff\xfe"}',
    ],
)
def test_a_body_said_clean_decodes_as_storable_tree_leaves_it(body: bytes) -> None:
    """`intake.nothing_to_clean` (the walk skipped) never says so of a body the walk changes."""
    from bookbot.api.intake import nothing_to_clean

    decoded = load_json(body)
    cleaned = Cleaned()
    walked = storable_tree(decoded, cleaned)
    if nothing_to_clean(body):
        assert walked == decoded
        assert not cleaned.describe()


def test_cut_deep_with_few_brackets_keeps_the_text() -> None:
    text = '{"a": [' * 16 + "1" + "]}" * 16
    assert cut_deep(text, 32) == text
    assert load_json(cut_deep(text, 31).encode()) != json.loads(text)  # 32 deep: cut
