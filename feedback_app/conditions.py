"""Who a trigger asks: conditions on the customer, combined with and/or, stored as JSON.

A condition is a leaf `{"field": "attributes.plan", "op": "eq", "value": "monthly"}` or a group
`{"all": [...]}` / `{"any": [...]}`; groups nest. An empty tree (`{}` or None) matches everyone.
Pure functions: the API, the recurring segments and the marketer pages all use these.
"""
from __future__ import annotations

from typing import Any, Optional

OPERATORS = {
    "eq": "equals", "ne": "does not equal", "in": "is one of", "not_in": "is none of",
    "contains": "contains", "gt": "is greater than", "lt": "is less than", "exists": "is set",
}
FIXED_FIELDS = {"locale": "Language (id/en)", "timezone": "Time zone", "persona": "Persona key"}
MAX_DEPTH = 4
MAX_LEAVES = 50


class ConditionError(ValueError):
    """The tree is not valid; `errors` is a list of "path: reason" strings a marketer can act on."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def validate_conditions(tree: Any) -> list[str]:
    """Every problem in the tree, each as "where: what is wrong"; an empty list means valid."""
    if tree in (None, {}):
        return []
    errors: list[str] = []
    leaves = _check_node(tree, "conditions", 0, errors)
    if leaves > MAX_LEAVES:
        errors.append(f"conditions: at most {MAX_LEAVES} conditions; this has {leaves}")
    return errors


def _check_node(node: Any, path: str, depth: int, errors: list[str]) -> int:
    if not isinstance(node, dict):
        errors.append(f"{path}: must be an object like {{\"field\": …, \"op\": …, \"value\": …}} or {{\"all\": [...]}}")
        return 0
    groups = [key for key in ("all", "any") if key in node]
    if groups:
        if len(node) != 1:
            errors.append(f"{path}: a group has exactly one key, 'all' or 'any' (found {', '.join(sorted(node))})")
            return 0
        if depth >= MAX_DEPTH:
            errors.append(f"{path}: groups nest at most {MAX_DEPTH} deep")
            return 0
        children = node[groups[0]]
        if not isinstance(children, list) or not children:
            errors.append(f"{path}.{groups[0]}: must be a non-empty list of conditions")
            return 0
        return sum(_check_node(child, f"{path}.{groups[0]}[{i}]", depth + 1, errors) for i, child in enumerate(children))
    _check_leaf(node, path, errors)
    return 1


def _check_leaf(node: dict, path: str, errors: list[str]) -> None:
    unknown = set(node) - {"field", "op", "value"}
    if unknown:
        errors.append(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; use field, op, value (or all/any)")
    field, op = node.get("field"), node.get("op")
    if not isinstance(field, str) or not field_is_known(field):
        errors.append(f"{path}.field: '{field}' is not a customer field; use attributes.NAME, "
                      + ", ".join(FIXED_FIELDS))
    if op not in OPERATORS:
        errors.append(f"{path}.op: '{op}' is not an operator; use one of {', '.join(OPERATORS)}")
        return
    value = node.get("value")
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value or not all(_scalar(item) for item in value):
            errors.append(f"{path}.value: '{op}' needs a non-empty list of values, e.g. [\"Jakarta\", \"Bandung\"]")
    elif op in ("gt", "lt"):
        if _number(value) is None:
            errors.append(f"{path}.value: '{op}' needs a number, not {value!r}")
    elif op == "exists":
        if value not in (None, True, False):
            errors.append(f"{path}.value: 'exists' takes true (is set) or false (is not set)")
    elif not _scalar(value) or value is None or value == "":
        errors.append(f"{path}.value: '{op}' needs a value (text, number or true/false)")


def field_is_known(field: str) -> bool:
    if field in FIXED_FIELDS:
        return True
    prefix, _, name = field.partition(".")
    return prefix == "attributes" and bool(name.strip())


def matches(tree: Optional[dict], customer: dict) -> bool:
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
        return (customer.get("attributes") or {}).get(field[len("attributes."):])
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


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def describe(tree: Optional[dict]) -> str:
    """A one-line reading of the tree for lists and summaries: plan = monthly and (city = Jakarta or …)."""
    if not tree:
        return "everyone"
    for key, word in (("all", " and "), ("any", " or ")):
        if key in tree:
            parts = [describe(child) for child in tree[key]]
            return word.join(f"({p})" if (" and " in p or " or " in p) else p for p in parts)
    value = tree.get("value")
    shown = ", ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
    return f"{tree['field'].removeprefix('attributes.')} {OPERATORS[tree['op']]} {shown}".strip()
