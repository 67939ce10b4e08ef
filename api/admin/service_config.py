"""Checking a service configuration sent to the admin API with the core's models.

`validated_business(business, mapping)` gives the business with that service
added or replaced, validated exactly as a business YAML is (`Service`, then
`parse_business`), or raises `InvalidInput` listing each bad field and why.

Pydantic puts the errors of a model-wide rule at the model itself ("total_
sessions_required is 3 but requires_multiple_sessions is false", loc `()`);
their message starts with the field it is about, so that field is named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from bookbot.api.admin.errors import InvalidInput, Problem
from bookbot.core.config import BufferConfig, Business, Service, parse_business
from bookbot.core.errors import ConfigError
from bookbot.store.business_file import business_to_mapping, service_to_mapping

_LEADING_NAME = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)\b")
_PAIR_KEY = re.compile(r"^session_\d+_to_\d+_days$")


def _known(loc: tuple[str | int, ...], name: str) -> bool:
    """Whether `name` is a field of the model found at `loc` in a Service."""
    if loc == ():
        return name.split(".")[0] in Service.model_fields
    if loc == ("session_buffer_config",):
        return name in BufferConfig.model_fields or bool(_PAIR_KEY.match(name))
    return False


def _problem(error: Mapping[str, Any]) -> Problem:
    loc = tuple(error["loc"])
    msg = str(error["msg"]).removeprefix("Value error, ")
    kind = str(error["type"])
    if kind == "extra_forbidden":
        return Problem(loc, "unknown field", kind)
    match = _LEADING_NAME.match(msg)
    if match and _known(loc, match.group(1)):
        name = match.group(1)
        return Problem((*loc, *name.split(".")), msg, kind)
    return Problem(loc, msg, kind)


def parse_service(mapping: Mapping[str, Any]) -> Service:
    try:
        return Service.model_validate(dict(mapping))
    except ValidationError as exc:
        raise InvalidInput([_problem(e) for e in exc.errors()]) from None


def validated_business(business: Business, mapping: Mapping[str, Any]) -> Business:
    """`business` with the service in `mapping` in place of the one with its id
    (or appended), checked as a whole."""
    service = parse_service(mapping)
    data = business_to_mapping(business)
    services = [service_to_mapping(s) for s in business.services if s.id != service.id]
    position = next((i for i, s in enumerate(business.services) if s.id == service.id), None)
    services.insert(len(services) if position is None else position, service_to_mapping(service))
    data["services"] = services
    try:
        return parse_business(data, source="the admin API")
    except ConfigError as exc:
        raise InvalidInput([Problem(("services",), str(exc))]) from None


def merged(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """PATCH semantics: top-level keys replace the current ones; null removes one
    (back to its default). `session_buffer_config` is replaced as a whole."""
    out = dict(current)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out
