"""The surveys' admin, by subject: surveys (with their questions inline, the open and copy
actions) and questions (with their choices inline)."""

from surveys.admin import questions, surveys  # noqa: F401
