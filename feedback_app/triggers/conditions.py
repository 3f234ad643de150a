"""Who a trigger asks: conditions on the customer, combined with and/or, stored as JSON.

A condition is a leaf `{"field": "attributes.plan", "op": "eq", "value": "monthly"}` or a group
`{"all": [...]}` / `{"any": [...]}`; groups nest. An empty tree (`{}` or None) matches everyone.
Pure functions: the API, the recurring segments and the marketer pages all use these.
"""

from __future__ import annotations

import math
import re
from functools import reduce
from typing import Any

from feedback_app.common.texts import N_, Text

OPERATORS = {
    "eq": N_("equals"),
    "ne": N_("does not equal"),
    "in": N_("is one of"),
    "not_in": N_("is none of"),
    "contains": N_("contains"),
    "gt": N_("is greater than"),
    "lt": N_("is less than"),
    "exists": N_("is set"),
}
FIXED_FIELDS = {"locale": N_("Language (id/en)"), "timezone": N_("Time zone"), "persona": N_("Persona key")}
MAX_DEPTH = 4
ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")
MAX_LEAVES = 50


def validate_conditions(tree: Any) -> list[Text]:
    """Every problem in the tree, each as "where: what is wrong" (the where is the Text's `path`); an empty
    list means valid."""
    if tree in (None, {}):
        return []
    errors: list[Text] = []
    leaves = _check_node(tree, "conditions", 0, errors)
    if leaves > MAX_LEAVES:
        errors.append(
            Text(
                N_("%(path)s: at most %(max)d conditions; this has %(count)d"),
                path="conditions",
                max=MAX_LEAVES,
                count=leaves,
            )
        )
    return errors


def _check_node(node: Any, path: str, depth: int, errors: list[Text]) -> int:
    if not isinstance(node, dict):
        errors.append(
            Text(N_('%(path)s: must be an object like {"field": …, "op": …, "value": …} or {"all": [...]}'), path=path)
        )
        return 0
    groups = [key for key in ("all", "any") if key in node]
    if groups:
        if len(node) != 1:
            errors.append(
                Text(
                    N_("%(path)s: a group has exactly one key, 'all' or 'any' (found %(keys)s)"),
                    path=path,
                    keys=", ".join(sorted(node)),
                )
            )
            return 0
        if depth >= MAX_DEPTH:
            errors.append(Text(N_("%(path)s: groups nest at most %(max)d deep"), path=path, max=MAX_DEPTH))
            return 0
        children = node[groups[0]]
        if not isinstance(children, list) or not children:
            errors.append(Text(N_("%(path)s: must be a non-empty list of conditions"), path=f"{path}.{groups[0]}"))
            return 0
        return sum(
            _check_node(child, f"{path}.{groups[0]}[{i}]", depth + 1, errors) for i, child in enumerate(children)
        )
    _check_leaf(node, path, errors)
    return 1


def _check_leaf(node: dict, path: str, errors: list[Text]) -> None:
    unknown = set(node) - {"field", "op", "value"}
    if unknown:
        errors.append(
            Text(
                N_("%(path)s: unknown key(s) %(keys)s; use field, op, value (or all/any)"),
                path=path,
                keys=", ".join(sorted(unknown)),
            )
        )
    field, op = node.get("field"), node.get("op")
    if not isinstance(field, str) or not field_is_known(field):
        errors.append(
            Text(
                N_("%(path)s: '%(field)s' is not a customer field; use attributes.NAME, %(fields)s"),
                path=f"{path}.field",
                field=field,
                fields=", ".join(FIXED_FIELDS),
            )
        )
    if op not in OPERATORS:
        errors.append(
            Text(
                N_("%(path)s: '%(op)s' is not an operator; use one of %(ops)s"),
                path=f"{path}.op",
                op=op,
                ops=", ".join(OPERATORS),
            )
        )
        return
    problem = _value_problem(op, node.get("value"))
    if problem:
        errors.append(Text(problem, path=f"{path}.value", op=op, value=repr(node.get("value"))))


def _value_problem(op: str, value: Any) -> str | None:
    """What is wrong with a leaf's value for its operator (a message with %(path)s, %(op)s, %(value)s), or None."""
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value or not all(_scalar(item) for item in value):
            return N_('%(path)s: \'%(op)s\' needs a non-empty list of values, e.g. ["Jakarta", "Bandung"]')
    elif op in ("gt", "lt"):
        if _number(value) is None:
            return N_("%(path)s: '%(op)s' needs a number, not %(value)s")
    elif op == "exists":
        if value not in (None, True, False):
            return N_("%(path)s: 'exists' takes true (is set) or false (is not set)")
    elif not _scalar(value) or value is None or value == "":
        return N_("%(path)s: '%(op)s' needs a value (text, number or true/false)")
    return None


def customer_field(name: str) -> str:
    """A condition's field as the rules read it: a bare name (`plan`) is short for the customer attribute
    `attributes.plan`; the fixed fields (locale, timezone, persona) and `attributes.…` stay as they are."""
    name = name.strip()
    if name in FIXED_FIELDS or name.startswith("attributes.") or not ATTRIBUTE_NAME.fullmatch(name):
        return name
    return f"attributes.{name}"


def field_is_known(field: str) -> bool:
    if field in FIXED_FIELDS:
        return True
    prefix, _, name = field.partition(".")
    return prefix == "attributes" and bool(name.strip())


def matches(tree: dict | None, customer: dict) -> bool:
    """Does the customer (locale, timezone, persona, attributes) satisfy the (valid) tree?"""
    if not tree:
        return True
    if "all" in tree:
        return all(matches(child, customer) for child in tree["all"])
    if "any" in tree:
        return any(matches(child, customer) for child in tree["any"])
    return _leaf_holds(tree, _value_of(customer, tree["field"]))


def _value_of(customer: dict, field: str) -> Any:
    if field.startswith("attributes."):
        return (customer.get("attributes") or {}).get(field[len("attributes.") :])
    return customer.get(field)


def _leaf_holds(leaf: dict, actual: Any) -> bool:
    op, expected = leaf["op"], leaf.get("value")
    if op == "exists":
        present = actual is not None and actual != ""
        return present if expected is not False else not present
    if actual is None:
        return op in ("ne", "not_in")
    if op == "eq":
        return _same(actual, expected)
    if op == "ne":
        return not _same(actual, expected)
    if op == "in":
        return any(_same(actual, item) for item in expected)
    if op == "not_in":
        return not any(_same(actual, item) for item in expected)
    if op == "contains":
        return str(expected).casefold() in str(actual).casefold()
    left, right = _number(actual), _number(expected)
    if left is None or right is None:
        return False
    return left > right if op == "gt" else left < right


def _same(actual: Any, expected: Any) -> bool:
    """Equal as numbers when both are numbers, else as text ignoring case ("Monthly" == "monthly")."""
    left, right = _number(actual), _number(expected)
    if left is not None and right is not None:
        return left == right
    return str(actual).strip().casefold() == str(expected).strip().casefold()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None  # "nan", "inf" and 1e999 are no amount to compare with


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def describe(tree: dict | None) -> Text:
    """A one-line reading of the tree for lists and summaries: plan equals monthly and (city equals Jakarta or …)."""
    if not tree:
        return Text(N_("everyone"))
    for key, joiner in (("all", N_("%(left)s and %(right)s")), ("any", N_("%(left)s or %(right)s"))):
        if key in tree:
            parts = [_bracketed(child) for child in tree[key]]
            return reduce(lambda left, right: Text(joiner, left=left, right=right), parts)
    field, op, value = tree["field"].removeprefix("attributes."), tree["op"], tree.get("value")
    if op == "exists":
        return Text(N_("%(field)s is not set") if value is False else N_("%(field)s is set"), field=field)
    shown = ", ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
    return Text(N_("%(field)s %(operator)s %(value)s"), field=field, operator=Text(OPERATORS[op]), value=shown)


def _bracketed(tree: dict) -> Text:
    """A nested group of several conditions reads in brackets: plan equals monthly and (city … or city …)."""
    text = describe(tree)
    group = tree.get("all") or tree.get("any")
    return Text("(%(group)s)", group=text) if isinstance(group, list) and len(group) > 1 else text
