"""Human labels for internal names: security groups, launch attributes, close adjustments.

Pages and reports show these instead of `asia_semis` or `open_weights`; table headers live in
views/columns.py.
"""

from __future__ import annotations

GROUPS = {
    "chipmaker": "Chipmakers",
    "semicap": "Semiconductor equipment",
    "hyperscaler": "Hyperscalers",
    "china_ai": "Chinese AI stocks",
    "asia_semis": "Asian semiconductors",
    "index": "Indices and ETFs",
}
ATTRIBUTES = {
    "open_weights": "Open weights",
    "country": "Country",
    "organization": "Organisation",
    "reasoning": "Reasoning model",
}
TERMS = {"const": "Constant", "open_weights": "Open weights", "reasoning": "Reasoning model", "china": "China"}


def group(name: object) -> str:
    """'asia_semis' → 'Asian semiconductors' (an unknown group keeps its name)."""
    return GROUPS.get(str(name), str(name))


def group_plural_lower(name: object) -> str:
    """The group as it reads inside a sentence: 'chipmakers', 'Asian semiconductors'."""
    label = group(name)
    return label[:1].lower() + label[1:] if label.split(" ")[0] not in ("Asian", "Chinese") else label


CLOSE_ADJUSTMENTS = {  # what a stored close is (sql/schema.sql, prices.close_adjustment), in words
    "split_adjusted_with_adj_close": "split-adjusted, with adjusted close",
    "split_adjusted_only": "split-adjusted only",
    "actual_with_adj_close": "actual, with adjusted close",
    "actual_no_dividends": "actual, dividends unknown",
    "split_dividend_adjusted": "split- and dividend-adjusted",
    "index_level": "index level",
}


def close_adjustment(code: object) -> str:
    """'split_adjusted_only' → 'split-adjusted only'; an unknown code in words ('_' as spaces)."""
    if code is None or (isinstance(code, float) and code != code):
        return ""
    return CLOSE_ADJUSTMENTS.get(str(code), str(code).replace("_", " "))


def attribute(name: object) -> str:
    """'organization' → 'Organisation': an attribute's name as the product writes it."""
    return ATTRIBUTES.get(str(name), str(name).replace("_", " ").capitalize())


def security_choice(key: object) -> str:
    """A security picker's entry: 'NVDA' as it is, 'group:chipmaker' → 'Chipmakers (group)'."""
    text = str(key)
    return f"{group(text.removeprefix('group:'))} (group)" if text.startswith("group:") else text


def attribute_value(value: object) -> str:
    """True / False of a yes-no attribute as 'yes' / 'no'; other values as they are."""
    if isinstance(value, bool) or str(value) in ("True", "False"):
        return "yes" if str(value) == "True" else "no"
    return str(value)
