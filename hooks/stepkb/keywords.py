"""Our own JSON Schema keywords and formats, checked by the same validator as the standard ones.

- `"format": "date"`: a real calendar day written YYYY-MM-DD (`2010-02-30` is refused).
- `"format": "email"`: an address without a `mailto:` in front.
- `"x-past": true`: a date (YYYY-MM-DD) or a year that is not in the future: a founding year, the day a
  source was checked.
- `"x-ref"`: a reference to another record or file; checked after every record is read (refs.py), since
  it depends on the other files, and only noted here so that the validator accepts the keyword.

Each check is plain Python, so that the field reference and the messages can describe it in words.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def day_problem(value: str) -> str | None:
    """What is wrong with a text that should be a day of the calendar, or None if it is one."""
    m = _DAY.match(value)
    if not m:
        return f"'{value}' is not a date; expected a date written YYYY-MM-DD"
    year, month, day = (int(part) for part in m.groups())
    if not 1 <= month <= 12:
        return f"'{value}' is not a day of the calendar (there is no month {month}); expected a real date, written YYYY-MM-DD"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"'{value}' is not a day of the calendar ({MONTHS[month - 1]} {year} has {days} days); expected a real date, written YYYY-MM-DD"
    return None


def email_problem(value: str) -> str | None:
    if value.lower().startswith("mailto:"):
        return f"'{value}' starts with mailto:, which the site adds itself; expected the address alone: {value[7:]}"
    if not _EMAIL.match(value):
        return f"'{value}' is not an email address; expected an address such as office@example.org"
    return None


FORMATS = {"date": day_problem, "email": email_problem}


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, problem in FORMATS.items():
        checker.checks(name)(lambda value, problem=problem: not isinstance(value, str) or problem(value) is None)
    return checker


def today() -> date:
    return date.today()


def _x_past(validator, enabled, instance, schema):
    if not enabled:
        return
    now = today()
    if isinstance(instance, bool):
        return
    if isinstance(instance, int) and instance > now.year:
        yield ValidationError(f"{instance} is a year still to come", validator="x-past", validator_value=enabled, instance=instance, schema=schema)
    elif isinstance(instance, str) and day_problem(instance) is None and date.fromisoformat(instance) > now:
        yield ValidationError(f"{instance} is a day still to come", validator="x-past", validator_value=enabled, instance=instance, schema=schema)


def _x_ref(validator, spec, instance, schema):
    return iter(())  # checked against the other records in refs.py


RecordValidator = validators.extend(Draft202012Validator, {"x-past": _x_past, "x-ref": _x_ref})


def make_validator(schema: dict) -> Draft202012Validator:
    return RecordValidator(schema, format_checker=format_checker())
