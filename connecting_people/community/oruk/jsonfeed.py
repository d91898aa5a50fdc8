"""Reading ORUK JSON as council directory APIs serve it: one fully nested service (`/services/{id}`), a
list of them, or a page of the paged list (`contents` with `total_items`, `page_number`, ...). Nested
objects become records of their own tables, each pointing at the one it was nested in.

An object given again under the same id (a place two services share, an organisation nested in each of its
services) is one record: the same again is read once, without a word; different contents under the same id
are a problem naming both places, since the feed does not say which is true."""

from __future__ import annotations

import json
from typing import Any

from .records import Bundle, Record, record_from
from .spec import BY_NAME

MAX_JSON_BYTES = 200 * 1024 * 1024
PAGE_KEYS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")
# A nested object held under a key (not a list) in the standard's JSON: (table, key, reference column).
SINGLE_NESTED = {
    "service": (("organization", "organization", "organization_id"),),
    "service_at_location": (("location", "location", "location_id"),),
    "attribute": (("taxonomy_term", "taxonomy_term", "taxonomy_term_id"),),
}


class FeedError(Exception):
    """The file is not ORUK JSON at all."""


def read_json(data: bytes, name: str) -> Bundle:
    if len(data) > MAX_JSON_BYTES:
        raise FeedError(f"{name} is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB.")
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedError(f"{name} is not JSON in UTF-8: {error}") from None
    except RecursionError:
        raise FeedError(f"{name} is nested too deeply to read.") from None
    bundle = Bundle(kind="oruk-json")
    for table in BY_NAME:
        bundle.reference_home[table] = f"{name}"
    if isinstance(loaded, dict) and isinstance(loaded.get("contents"), list):
        services = loaded["contents"]
        total_pages = loaded.get("total_pages")
        if isinstance(total_pages, int) and total_pages > 1:
            bundle.notes.append(
                f"{name} is page {loaded.get('page_number', '?')} of {total_pages}: only its services were "
                "read."
            )
        label = f"{name} contents"
    elif isinstance(loaded, dict) and "id" in loaded:
        services, label = [loaded], ""
    elif isinstance(loaded, list):
        services, label = loaded, name
    else:
        raise FeedError(f"{name} is neither a service, a list of services nor a page of services.")
    read: dict[tuple[str, str], Record] = {}
    for index, service in enumerate(services):
        _take(bundle, read, "service", service, f"{label}[{index}]" if label else name, {})
    bundle.notes += [
        (
            f"{where}: lists nested there ({count} of them) are not read; they are kept as written with "
            "their record."
        )
        for where, count in sorted(bundle.unread.items())
    ]
    return bundle


def _take(
    bundle: Bundle,
    read: dict[tuple[str, str], Record],
    table_name: str,
    raw: Any,
    where: str,
    parent: dict[str, str],
) -> str:
    """Record `raw` as a row of `table_name` (with its nested objects), returning its id ("" if unusable).

    `read` holds the records read so far by table and id: an object met again with the same contents (a
    location two services share) is read once; with other contents it is a problem of the import. Its
    nested objects are read either way, each compared with its own first reading."""
    if not isinstance(raw, dict):
        bundle.problem(f"{where}: should be an object, not {json.dumps(raw)[:40]}")
        return ""
    table = BY_NAME[table_name]
    raw = dict(raw)
    oruk_id = str(raw.get("id") or "").strip()
    label = f"{where} ({table_name} {oruk_id})" if oruk_id else where
    for column, value in parent.items():
        if raw.get(column) in (None, ""):
            raw[column] = value
    for child_table, key, column in SINGLE_NESTED.get(table_name, ()):
        nested = raw.pop(key, None)
        if nested is not None:
            child_id = _take(bundle, read, child_table, nested, f"{label}.{key}", {})
            if child_id and raw.get(column) in (None, ""):
                raw[column] = child_id
    children = [(key, child, raw.pop(key, None)) for key, child in table.children]
    for key, value in raw.items():
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            bundle.unread[f"{table_name}.{key}"] += 1
    record = record_from(table, raw, label, bundle)
    if record is not None:
        first = read.get((table_name, record.oruk_id))
        if first is None:
            read[(table_name, record.oruk_id)] = record
            bundle.records[table_name].append(record)
        elif differing := _differences(first, record):
            bundle.problem(
                f"{label}: {table_name} id {record.oruk_id!r} is given again with other contents "
                f"({', '.join(differing)}) than at {first.where}; give each object one id of its own, or "
                "the same contents each time"
            )
    for key, child, items in children:
        if items is None:
            continue
        if not isinstance(items, list):
            bundle.problem(f"{label}.{key}: should be a list")
            continue
        link = {f"{table_name}_id": oruk_id}
        if child == "attribute":
            link = {"link_id": oruk_id}
        for index, item in enumerate(items):
            _take(bundle, read, child, item, f"{label}.{key}[{index}]", link)
    return oruk_id


def _differences(first: Record, again: Record) -> list[str]:
    """The fields in which two readings of one id differ (typed values compared, so "10:00" is "10:00:00")."""
    differing = [name for name in first.values if first.values[name] != again.values.get(name)]
    differing += sorted(
        k for k in set(first.extra) | set(again.extra) if first.extra.get(k) != again.extra.get(k)
    )
    return differing
